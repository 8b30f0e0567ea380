// The scale section of `npm run bench`: the lists people page through most, on the large space and delegate of
// bench/scale-seed.ts and on the small ones, side by side in one run: each list's first page on the small space,
// its first page and a deep page (the cursor after DEEP rows, or the last rows of a shorter list) on the large one,
// one after the other. The ratio is the small space's req/s over the large space's: 1 means the size of the data does not show.
import type autocannon from 'autocannon';
import { SCALE } from './scale-seed';

/** Rows before a deep page's cursor. */
const DEEP = 4_000;

interface Measured {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface ScaleList {
  name: string;
  /** Path of the list on the large and on the small data; the caller's certificate for each. */
  large: { path: string; ssn: string; rows: number };
  small: { path: string; ssn: string; rows: number };
  /** False for a list that is one answer (no cursor). */
  paged: boolean;
}

export interface ScaleRow {
  list: string;
  largeRows: number;
  smallRows: number;
  deepAfter: number | null;
  small: Measured;
  first: Measured;
  deep: Measured | null;
  /** small req/s ÷ large req/s: how many times slower the large data answers. */
  firstRatio: number;
  deepRatio: number | null;
}

export function scaleLists(volumes: { members: number; events: number; mandators: number; myInvitations: number; small: number }): ScaleList[] {
  const { large, small, adminSsn } = SCALE;
  return [
    { name: 'GET /spaces/{id}/members', paged: true, large: { path: `/spaces/${large.spaceId}/members`, ssn: adminSsn, rows: 2 * volumes.members + 1 }, small: { path: `/spaces/${small.spaceId}/members`, ssn: adminSsn, rows: 2 * volumes.small + 1 } },
    {
      name: 'GET /spaces/{id}/invitations?status=pending',
      paged: true,
      large: { path: `/spaces/${large.spaceId}/invitations?status=pending`, ssn: adminSsn, rows: volumes.members },
      small: { path: `/spaces/${small.spaceId}/invitations?status=pending`, ssn: adminSsn, rows: volumes.small },
    },
    { name: 'GET /spaces/{id}/events', paged: true, large: { path: `/spaces/${large.spaceId}/events`, ssn: adminSsn, rows: volumes.events }, small: { path: `/spaces/${small.spaceId}/events`, ssn: adminSsn, rows: volumes.small } },
    { name: 'GET /spaces/{id}/mandators', paged: true, large: { path: `/spaces/${large.delegateId}/mandators`, ssn: adminSsn, rows: volumes.mandators }, small: { path: `/spaces/${small.delegateId}/mandators`, ssn: adminSsn, rows: volumes.small } },
    { name: 'GET /me/invitations', paged: true, large: { path: '/me/invitations', ssn: SCALE.largeInviteeSsn, rows: volumes.myInvitations }, small: { path: '/me/invitations', ssn: SCALE.smallInviteeSsn, rows: volumes.small } },
    { name: 'GET /spaces/{id}/mandates (received)', paged: false, large: { path: `/spaces/${large.delegateId}/mandates`, ssn: adminSsn, rows: volumes.mandators }, small: { path: `/spaces/${small.delegateId}/mandates`, ssn: adminSsn, rows: volumes.small } },
  ];
}

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The cursor after `rows` rows, read by paging through the API as a client would. */
async function cursorAfter(base: string, path: string, bearer: string, rows: number): Promise<string> {
  let cursor: string | null = null;
  for (let read = 0; read < rows; read += 200) {
    const limit = Math.min(200, rows - read);
    const response = await fetch(`${base}${withQuery(path, `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)}`, { headers: { authorization: `Bearer ${bearer}` } });
    const page = (await response.json()) as { nextCursor?: string | null };
    if (!response.ok || !page.nextCursor) throw new Error(`${path}: no cursor after ${read + limit} rows (${response.status} ${JSON.stringify(page).slice(0, 300)})`);
    cursor = page.nextCursor;
  }
  return cursor!;
}

export interface ScaleOptions {
  base: string;
  runs: number;
  connections: number;
  limit: number;
  token: (ssn: string, name: string) => Promise<string>;
  load: (options: autocannon.Options) => Promise<Measured>;
  log: (message: string) => void;
}

/** Each list measured `runs` times (small, large first page, large deep page one after the other); medians. */
export async function measureScaleLists(lists: ScaleList[], options: ScaleOptions): Promise<ScaleRow[]> {
  const { base, limit } = options;
  const bearers = new Map<string, string>();
  const bearer = async (ssn: string) => bearers.get(ssn) ?? bearers.set(ssn, await options.token(ssn, `Scale ${ssn.slice(-2)}`)).get(ssn)!;
  const prepared = await Promise.all(
    lists.map(async (list) => {
      const deepAfter = list.paged ? Math.min(DEEP, list.large.rows - 2 * limit) : null;
      const deepCursor = deepAfter ? await cursorAfter(base, list.large.path, await bearer(list.large.ssn), deepAfter) : null;
      return { list, deepAfter, deepCursor, large: await bearer(list.large.ssn), small: await bearer(list.small.ssn) };
    }),
  );
  const samples = prepared.map(() => ({ small: [] as Measured[], first: [] as Measured[], deep: [] as Measured[] }));
  for (let run = 1; run <= options.runs; run += 1) {
    for (const [index, { list, deepCursor, large, small }] of prepared.entries()) {
      options.log(`scale run ${run}/${options.runs}: ${list.name}…`);
      const measure = (path: string, token: string) => options.load({ url: `${base}${path}`, connections: options.connections, headers: { authorization: `Bearer ${token}` } });
      const page = list.paged ? `limit=${limit}` : '';
      const steps = [
        async () => samples[index]!.small.push(await measure(page ? withQuery(list.small.path, page) : list.small.path, small)),
        async () => samples[index]!.first.push(await measure(page ? withQuery(list.large.path, page) : list.large.path, large)),
        async () => deepCursor && samples[index]!.deep.push(await measure(withQuery(list.large.path, `${page}&cursor=${encodeURIComponent(deepCursor)}`), large)),
      ];
      // Every other run in reverse order, so that neither space always goes first (after the seed, or after another list).
      for (const step of run % 2 ? steps : steps.reverse()) await step();
    }
  }
  const medianOf = (values: Measured[]): Measured => ({ rps: median(values.map((v) => v.rps)), p99: median(values.map((v) => v.p99)), non2xx: Math.max(...values.map((v) => v.non2xx)), errors: Math.max(...values.map((v) => v.errors)) });
  return prepared.map(({ list, deepAfter }, index) => {
    const small = medianOf(samples[index]!.small);
    const first = medianOf(samples[index]!.first);
    const deep = samples[index]!.deep.length ? medianOf(samples[index]!.deep) : null;
    return {
      list: list.name,
      largeRows: list.large.rows,
      smallRows: list.small.rows,
      deepAfter,
      small,
      first,
      deep,
      firstRatio: round(small.rps / first.rps),
      deepRatio: deep ? round(small.rps / deep.rps) : null,
    };
  });
}

/** The README's scale table. */
export function scaleTable(rows: ScaleRow[], settings: { connections: number; limit: number }): string {
  const cell = (m: Measured | null) => (m ? `${m.rps} | ${m.p99}${m.non2xx || m.errors ? ` (${m.non2xx + m.errors} failed)` : ''}` : '– | –');
  return [
    `Lists at scale (c=${settings.connections}, limit=${settings.limit}; ratio = small req/s ÷ large req/s, goal ≤ 1.5):`,
    '',
    '| list | rows large / small | small: req/s | p99 ms | large first: req/s | p99 ms | ratio | large deep (after): req/s | p99 ms | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.list} | ${row.largeRows} / ${row.smallRows} | ${cell(row.small)} | ${cell(row.first)} | ${row.firstRatio} | ${row.deep ? `${cell(row.deep).replace(' | ', ` (${row.deepAfter}) | `)}` : '– | –'} | ${row.deepRatio ?? '–'} |`,
    ),
  ].join('\n');
}

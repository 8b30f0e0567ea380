// Lists that stay fast at any size, without a clock: each list's first page and a deep page, read through its
// use-case from a space far larger than a page (the bench's seed, smaller), and every statement the read ran is
// explained (EXPLAIN ANALYZE, with the plan Postgres makes for the values and the generic plan a prepared statement
// gets). No step of any plan may touch more than a few pages' worth of rows: a page reads its rows from an index in
// page order, a cursor is an index range, and the caller's rights are one probe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { schema } from '../../src/platform/db/schema';
import type { Database } from '../../src/platform/db/client';
import { newRequester, type AppDependencies } from '../../src/platform/requester';
import { listMembers } from '../../src/features/members/use-cases';
import { listInvitations, myInvitations } from '../../src/features/invitations/use-cases';
import { listEvents } from '../../src/features/timeline/use-cases';
import { listMandators } from '../../src/features/mandates/use-cases';
import { SCALE, seedScale, type ScaleVolumes } from '../../bench/scale-seed';
import { useUseCases } from '../support';

const harness = useUseCases();
const VOLUMES: ScaleVolumes = { members: 1_000, events: 3_000, mandators: 800, myInvitations: 800, spaces: 1_000, invitationsPerSpace: 2, small: 20 };
const LIMIT = 20;
/** Rows any one step of a plan may touch (rows it returned plus rows it read and threw away, over all its loops). */
const MOST_ROWS_PER_STEP = 5 * (LIMIT + 1);

let sql: postgres.Sql;
let statements: { query: string; params: unknown[] }[] = [];
let deps: AppDependencies;
beforeAll(async () => {
  sql = postgres(harness.deps.config.databaseUrl!, { max: 1, onnotice: () => undefined });
  await seedScale(sql, VOLUMES);
  // The use-cases on a database that records each statement it sends.
  const db = drizzle(postgres(harness.deps.config.databaseUrl!, { max: 2, onnotice: () => undefined }), { schema, logger: { logQuery: (query, params) => statements.push({ query, params }) } });
  deps = { ...harness.deps, db: db as unknown as Database };
});
afterAll(async () => {
  await sql?.end();
});

const literal = (value: unknown) => `'${(typeof value === 'object' && value !== null && !(value instanceof Date) ? JSON.stringify(value) : String(value instanceof Date ? value.toISOString() : value)).replace(/'/g, "''")}'`;

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The steps of a plan with the rows each touched. */
function steps(node: PlanNode): { step: string; rows: number }[] {
  const touched = (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0)) * node['Actual Loops'];
  const step = [node['Node Type'], node['Index Name'] ?? node['Relation Name']].filter(Boolean).join(' ');
  return [{ step, rows: touched }, ...(node.Plans ?? []).flatMap(steps)];
}

/** The most rows any step touched, over the reads `read` sent, in both plan modes. */
async function mostRowsPerStep(read: () => Promise<unknown>): Promise<{ rows: number; step: string; query: string }> {
  statements = [];
  await read();
  const reads = statements.filter((statement) => !/\b(insert|update|delete)\b/i.test(statement.query));
  expect(reads.length).toBeGreaterThan(0);
  let worst = { rows: 0, step: '', query: '' };
  for (const { query, params } of reads) {
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      const plan = await sql.begin(async (tx) => {
        await tx.unsafe(`set local plan_cache_mode = ${mode}`);
        await tx.unsafe(`prepare list_page as ${query}`);
        const [row] = await tx.unsafe(`explain (analyze, format json) execute list_page${params.length ? `(${params.map(literal).join(', ')})` : ''}`);
        await tx.unsafe('deallocate list_page');
        return (row!['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan;
      });
      for (const step of steps(plan)) if (step.rows > worst.rows) worst = { ...step, query: `${mode}: ${query}` };
    }
  }
  return worst;
}

/** The cursor after `rows` rows of a list, read through its use-case. */
async function cursorAfter(rows: number, page: (cursor: string | undefined) => Promise<{ nextCursor: string | null }>): Promise<string> {
  let cursor: string | undefined;
  for (let read = 0; read < rows; read += LIMIT) cursor = (await page(cursor)).nextCursor ?? undefined;
  expect(cursor).toBeDefined();
  return cursor!;
}

const as = (ssn: string) => newRequester(deps, { certificateSsn: ssn, name: 'Scale Reader', email: null, portalPersonId: null, staff: null });
const DEEP = 600;
const lists: { name: string; rows: number; page: (cursor: string | undefined) => Promise<{ nextCursor: string | null }> }[] = [
  { name: 'members', rows: 2 * VOLUMES.members, page: async (cursor) => JSON.parse(await listMembers(as(SCALE.adminSsn), SCALE.large.spaceId, { limit: LIMIT, cursor })) as { nextCursor: string | null } },
  { name: 'pending invitations', rows: VOLUMES.members, page: (cursor) => listInvitations(as(SCALE.adminSsn), SCALE.large.spaceId, { limit: LIMIT, cursor, status: 'pending' }) },
  { name: 'timeline', rows: VOLUMES.events, page: (cursor) => listEvents(as(SCALE.adminSsn), SCALE.large.spaceId, { limit: LIMIT, cursor }) },
  { name: 'mandators', rows: VOLUMES.mandators, page: (cursor) => listMandators(as(SCALE.adminSsn), SCALE.large.delegateId, { limit: LIMIT, cursor }) },
  { name: 'my invitations', rows: VOLUMES.myInvitations, page: (cursor) => myInvitations(as(SCALE.largeInviteeSsn), { limit: LIMIT, cursor }) },
];

describe('lists at scale: a page touches a few pages of rows, however many the list holds', () => {
  for (const list of lists) {
    it(`${list.name} (${list.rows} rows): first page and the page after ${DEEP} rows`, async () => {
      const first = await mostRowsPerStep(() => list.page(undefined));
      expect(first.rows, `${first.step} in ${first.query}`).toBeLessThanOrEqual(MOST_ROWS_PER_STEP);
      const cursor = await cursorAfter(DEEP, list.page);
      const deep = await mostRowsPerStep(() => list.page(cursor));
      expect(deep.rows, `${deep.step} in ${deep.query}`).toBeLessThanOrEqual(MOST_ROWS_PER_STEP);
    });
  }
});

// The figures of `npm run bench`: the medians of each part that ran (BENCH_ONLY), the targets, the JSON report and
// the table printed for the README. Statistics helpers shared with bench/run.ts.
import { cpus, totalmem } from 'node:os';
import type { WebhookLag } from './webhook-lag';
import type { ScaleRow } from './scale-lists';
import type { ScaleVolumes } from './scale-seed';

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export interface LoadResult {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export function medianOf(results: LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(results.map((r) => r[key]));
  return { rps: pick('rps'), p50: pick('p50'), p975: pick('p975'), p99: pick('p99'), errors: pick('errors'), non2xx: pick('non2xx') };
}

/** What each part measured; a part that did not run is undefined. */
export interface BenchFigures {
  only: Set<string>;
  started: number;
  settings: { runs: number; duration: number; e2eRuns: number; openInvitations: number };
  runs: Record<string, LoadResult[]>;
  accepts: { p50: number; p99: number }[];
  drains: number[];
  e2es: { p50: number; p99: number; runs: number }[];
  webhooks: WebhookLag | undefined;
  scaleLists: { volumes: ScaleVolumes; seedSeconds: number; settings: { connections: number; limit: number }; rows: ScaleRow[]; table: string } | undefined;
  open:
    | { created: number; openWorkflows: number; secondsToStart: number; startsPerSecond: number; backlogDrainSeconds: number; workerRssMiB: number; workerRssMiBAfterBacklog: number; workerPeakRssMiB: number; apiRssMiB: number; databaseMiB: number; temporalDbMiB: number }
    | undefined;
  scaleOut: { oneWorker: { rps: number }; twoWorkers: { rps: number }; speedup: number; invariants: Record<string, number> } | undefined;
  workerKill:
    | { requests: number; answers201: number; otherAnswers: number[]; p99Ms: number; maxMs: number; invitationRows: number; inviteesWithOneMail: number; inviteesWithoutMail: number; inviteesWithRedelivery: number }
    | undefined;
}

/** The JSON report and the printed table. */
export function benchReport(figures: BenchFigures) {
  const { only: ONLY, started, runs, accepts, drains, e2es, webhooks, scaleLists, open, scaleOut, workerKill } = figures;
  const { runs: RUNS, duration: DURATION, e2eRuns: E2E_RUNS, openInvitations: SCALE } = figures.settings;
  // Each part's figures, where it ran (BENCH_ONLY).
  const lists = ONLY.has('lists') ? listFigures() : undefined;
  function listFigures() {
    const m = Object.fromEntries(Object.entries(runs).map(([key, values]) => [key, medianOf(values)])) as Record<string, LoadResult>;
    const accept = { p50: median(accepts.map((a) => a.p50)), p99: median(accepts.map((a) => a.p99)), p99EachRun: accepts.map((a) => a.p99) };
    // Each run's creation rate over the raw starts of the same run: the spread shows how much the median can move.
    const ratiosEachRun = (create: LoadResult[], raw: LoadResult[]) => create.map((r, i) => round(r.rps / raw[i]!.rps, 2));
    return {
      m,
      bareHono: m.bare!,
      rawWorkflowStart: { c20: m.raw20!, c50: m.raw50! },
      minimalMembersRoute: m.minimal!,
      membersList: { ...m.members!, ratioToBare: round(m.members!.rps / m.bare!.rps, 2), ratioToMinimal: round(m.members!.rps / m.minimal!.rps, 2) },
      pendingInvitationsPage: { ...m.invitationsList!, ratioToBare: round(m.invitationsList!.rps / m.bare!.rps, 2) },
      createInvitation: {
        c20: { ...m.create20!, ratioToRawStarts: round(m.create20!.rps / m.raw20!.rps, 2), ratioEachRun: ratiosEachRun(runs.create20!, runs.raw20!) },
        c50: { ...m.create50!, ratioToRawStarts: round(m.create50!.rps / m.raw50!.rps, 2), ratioEachRun: ratiosEachRun(runs.create50!, runs.raw50!) },
      },
      accept,
      workerBacklogDrainSeconds: median(drains),
      endToEnd: { p50: median(e2es.map((e) => e.p50)), p99: median(e2es.map((e) => e.p99)), runsEach: E2E_RUNS },
    };
  }
  const targets = {
    ...(lists && {
      membersListRatio: { target: '≥ 0.8 × the minimal one-round-trip route', met: lists.membersList.ratioToMinimal >= 0.8 },
      createInvitationRatio: { target: '≥ 0.5 × raw starts at c=20', met: lists.createInvitation.c20.ratioToRawStarts >= 0.5 },
      createInvitationAnswers: { target: '0 answers other than 201 at c=20 and c=50', met: runs.create20!.every((r) => r.non2xx === 0 && r.errors === 0) && runs.create50!.every((r) => r.non2xx === 0 && r.errors === 0) },
      acceptP99: { target: '≤ 150 ms sequential', met: lists.accept.p99 <= 150 },
    }),
    ...(workerKill && { workerKill: { target: 'SIGKILL of one of two workers in a burst: every POST 201, one mail each', met: workerKill.answers201 === workerKill.requests && workerKill.inviteesWithoutMail === 0 && workerKill.invitationRows === workerKill.requests } }),
    ...(open && { workerRss: { target: `< 1 GiB with ${SCALE} open`, met: open.workerPeakRssMiB < 1024 } }),
    ...(scaleLists && { listsAtScale: {
        target: 'each paged list at scale ≤ 1.5 × slower than on the small space (GET …/mandates is one answer by contract)',
        met: scaleLists.rows.filter((r) => r.deepAfter !== null).every((r) => r.firstRatio <= 1.5 && (r.deepRatio ?? 0) <= 1.5),
      } }),
  };
  const { m: _medians, ...listReport } = lists ?? { m: undefined };
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`, memoryGiB: round(totalmem() / 2 ** 30), node: process.version },
    settings: { parts: [...ONLY], runs: RUNS, durationSeconds: DURATION, connections: 50 },
    ...listReport,
    webhooks,
    scaleLists: scaleLists && { volumes: scaleLists.volumes, seedSeconds: scaleLists.seedSeconds, settings: scaleLists.settings, rows: scaleLists.rows },
    scale: open,
    scaleOut,
    workerKill,
    targets,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };

  const row = (name: string, r: LoadResult, extra = '') => `| ${name} | ${r.rps} | ${r.p50} | ${r.p975} | ${r.p99} | ${[extra, r.non2xx ? `${r.non2xx} non-2xx (503 past the 5 s answer deadline)` : ''].filter(Boolean).join('; ')} |`;
  const m = lists?.m;
  const table = [
    `Machine: ${report.machine.cpus}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; medians of ${RUNS} runs of ${DURATION} s; parts: ${[...ONLY].join(', ')}.`,
    '',
    ...(lists && m
      ? [
          '| measure | req/s | p50 ms | p97.5 ms | p99 ms | note |',
          '| --- | --- | --- | --- | --- | --- |',
          row('bare Hono route (c=50)', m.bare!, 'baseline'),
          row('raw workflow.start (c=20)', m.raw20!, 'baseline'),
          row('raw workflow.start (c=50)', m.raw50!, 'baseline'),
          row('minimal members route: token + one postgres.js round trip (c=50)', m.minimal!, 'baseline'),
          row('GET members, 200 members (c=50)', m.members!, `${lists.membersList.ratioToMinimal} × minimal route`),
          row('GET invitations?status=pending, 10,000 pending (c=50)', m.invitationsList!, `${lists.pendingInvitationsPage.ratioToBare} × bare`),
          row('POST invitations (c=20)', m.create20!, `${lists.createInvitation.c20.ratioToRawStarts} × raw starts (runs: ${lists.createInvitation.c20.ratioEachRun.join(', ')})`),
          row('POST invitations (c=50)', m.create50!, `${lists.createInvitation.c50.ratioToRawStarts} × raw starts (runs: ${lists.createInvitation.c50.ratioEachRun.join(', ')})`),
          `| POST accept (update round trip, sequential) | | ${lists.accept.p50} | | ${lists.accept.p99} | p99 of each run: ${lists.accept.p99EachRun.join(', ')}; after the worker's backlog from the creation load drained (${lists.workerBacklogDrainSeconds} s) |`,
          `| end to end: invite → mail → accept → member (${E2E_RUNS} runs, c=5) | | ${lists.endToEnd.p50} | | ${lists.endToEnd.p99} | |`,
          '',
        ]
      : []),
    ...(webhooks
      ? [
          `Webhook delivery lag (change recorded → receiver) under POST invitations (c=20, ${webhooks.rps}/s): p50 ${webhooks.lagP50Ms} ms, p99 ${webhooks.lagP99Ms} ms, max ${webhooks.lagMaxMs} ms; ${webhooks.deliveries} deliveries of ${webhooks.distinctEvents} events for ${webhooks.invitations} 201s; last one ${webhooks.drainSeconds} s after the load. One invitation at a time (${webhooks.idle.runs} runs): p50 ${webhooks.idle.lagP50Ms} ms, p99 ${webhooks.idle.lagP99Ms} ms.`,
          '',
        ]
      : []),
    ...(scaleLists ? [`${scaleLists.table}`, '', `Seeded in ${scaleLists.seedSeconds} s: ${JSON.stringify(scaleLists.volumes)}.`, ''] : []),
    ...(open
      ? [
          `Open invitations: ${open.created} created (${open.openWorkflows} workflows open) in ${open.secondsToStart} s (${open.startsPerSecond}/s; the worker's backlog of first tasks and mails drained ${open.backlogDrainSeconds} s later); worker RSS ${open.workerRssMiB} MiB after the creations, ${open.workerRssMiBAfterBacklog} MiB after the backlog, peak ${open.workerPeakRssMiB} MiB; API RSS ${open.apiRssMiB} MiB, Postgres ${open.databaseMiB} MiB, Temporal SQLite ${open.temporalDbMiB} MiB.`,
          '',
        ]
      : []),
    ...(scaleOut ? [`Scale-out (2 API processes, c=25 each): ${scaleOut.oneWorker.rps} invitations/s with 1 worker, ${scaleOut.twoWorkers.rps}/s with 2 workers (× ${scaleOut.speedup}); invariants: ${JSON.stringify(scaleOut.invariants)}.`, ''] : []),
    ...(workerKill
      ? [
          `Worker killed (SIGKILL, one of two) after 100 of ${workerKill.requests} invitations at c=20: ${workerKill.answers201} answered 201 (others: ${JSON.stringify(workerKill.otherAnswers)}), p99 ${workerKill.p99Ms} ms, max ${workerKill.maxMs} ms; ${workerKill.invitationRows} rows; ${workerKill.inviteesWithOneMail} invitees with one mail, ${workerKill.inviteesWithoutMail} without, ${workerKill.inviteesWithRedelivery} with a redelivery (same Message-ID).`,
          '',
        ]
      : []),
    'Targets: ' + Object.entries(targets).map(([name, t]) => `${name} ${t.target}: ${t.met ? 'met' : 'NOT met'}`).join('; '),
  ].join('\n');
  return { report, table };
}

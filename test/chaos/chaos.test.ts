// The chaos run (issue 25): a seeded, bounded load against two API processes while faults strike at random — worker
// and API SIGKILLs, a paused worker, dev-server and Postgres restarts, SMTP refusing mail, a slow or resetting
// network before Postgres — then, once every part is back and the processes have settled, the invariants
// (./invariants.ts). CHAOS_SEED replays a run's choices; CHAOS_DURATION (seconds of load) makes a longer one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/platform/config';
import { connectClient } from '../../src/platform/temporal/connect';
import { startFaultCluster, until, type FaultCluster } from '../faults/support/cluster';
import { createFaults, FAULT_KINDS } from './faults';
import { checkInvariants, settled } from './invariants';
import { createLoad, newLedger, WRITE_KINDS } from './load';
import { chaosSeed, mulberry32 } from './prng';

const seed = chaosSeed();
const durationMs = Number(process.env.CHAOS_DURATION ?? 45) * 1000;
if (!(durationMs > 0)) throw new Error(`CHAOS_DURATION must be a number of seconds: ${process.env.CHAOS_DURATION}`);
/** Settling after the load: a killed worker's activity is retried after its start-to-close timeout (up to 60 s). */
const SETTLE_MS = 120_000;
/** How long callers keep retrying unanswered requests after the load (the parts come back meanwhile). */
const RETRY_AFTER_LOAD_MS = 60_000;

let c: FaultCluster;
let temporal: { client: Client; connection: { close(): Promise<void> } } | undefined;

beforeAll(async () => {
  process.stdout.write(`chaos seed ${seed} (replay: CHAOS_SEED=${seed} npm run test:chaos)\n`);
  c = await startFaultCluster({
    proxyDatabase: true,
    // Letters and mails limited per company and recipient would turn most of the load into 429s.
    env: { ACCESS_REQUEST_LIMIT: '1000', MAIL_RECIPIENT_LIMIT: '1000' },
  });
  await Promise.all([c.startSecondWorker(), c.startSecondApi()]);
  const config = loadConfig({});
  temporal = await connectClient(c.temporalAddress, config.temporal.namespace, config.payloadKeys);
}, 180_000);

afterAll(async () => {
  await temporal?.connection.close();
  if (!c) return;
  await c.stop();
  const leftovers = c.leftovers();
  if (leftovers.length > 0) throw new Error(`processes left behind:\n${leftovers.join('\n')}`);
}, 60_000);

it(`keeps every acknowledged write, one process per key, one mail per invitation (seed ${seed})`, async () => {
  const random = mulberry32(seed);
  const ledger = newLedger();
  let loadOn = true;
  let retryUntil = Number.POSITIVE_INFINITY;
  const load = createLoad({ cluster: c, random: random.fork(), ledger, concurrency: 6, running: () => loadOn, retrying: () => Date.now() < retryUntil });
  const faults = createFaults(c, random.fork());
  await load.prepare(4, 2);

  const loadRun = load.run();
  const faultRun = faults.run(() => loadOn, durationMs);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  loadOn = false;
  const loadEnded = Date.now();
  // Callers go on retrying what is unanswered while the parts come back, for a bounded time.
  retryUntil = Date.now() + RETRY_AFTER_LOAD_MS;
  await faultRun;
  await faults.heal();
  await loadRun;
  const healedIn = Date.now() - loadEnded;

  // Settled: every part answers, the outbox is drained, letters posted, answered invitations' workflows closed.
  let waitProblem: string | undefined;
  await until('every part healthy', async () => {
    const answers = await Promise.all([0, 1].map((api) => c.call('GET', '/health', { api, timeoutMs: 5_000 })));
    return answers.every((answer) => answer.status === 200) ? true : undefined;
  }, 60_000, 250);
  try {
    await until('the processes settled', async () => {
      waitProblem = await settled(c, temporal!.client, ledger);
      return waitProblem === undefined ? true : undefined;
    }, SETTLE_MS, 500);
  } catch {
    // Not settled in time: the invariants below say what is missing.
  }

  const settledIn = Date.now() - loadEnded;
  const verdict = await checkInvariants(c, temporal!.client, ledger, faults.log, faults.at);
  const retried = [...ledger.answers].filter(([key]) => / (0|5\d\d)$/.test(key)).reduce((sum, [, n]) => sum + n, 0);
  const writes = WRITE_KINDS.map((kind) => `${kind} ${ledger.acknowledged[kind]}`).join(', ');
  const injected = FAULT_KINDS.map((kind) => `${kind} ${faults.log.injected[kind]}`).join(', ');
  const totalFaults = FAULT_KINDS.reduce((sum, kind) => sum + faults.log.injected[kind], 0);
  process.stdout.write(`chaos seed ${seed}: ${durationMs / 1000} s of load, healed and answered ${(healedIn / 1000).toFixed(0)} s later, settled ${(settledIn / 1000).toFixed(0)} s later; writes acknowledged: ${writes}; ${retried} request(s) tried again (5xx or no answer); faults: ${injected}; ${verdict.checks} invariant checks, ${verdict.problems.length} problem(s)\n`);
  const report = [...verdict.problems, ...(waitProblem ? [`not settled after ${SETTLE_MS / 1000} s: ${waitProblem}`] : [])];
  const answers = [...ledger.answers].map(([key, n]) => `${key}: ${n}`).join(', ');
  expect(report, `seed ${seed}\nfaults:\n${faults.log.timeline.join('\n')}\nanswers: ${answers}`).toEqual([]);

  // The run did work: writes of each main kind and a fault of every kind.
  expect(ledger.acknowledged.invitation, 'invitations acknowledged').toBeGreaterThanOrEqual(20);
  expect(ledger.acknowledged.accept + ledger.acknowledged.cancel, 'accepts and cancels acknowledged').toBeGreaterThanOrEqual(5);
  expect(ledger.acknowledged['access-request'], 'access requests acknowledged').toBeGreaterThanOrEqual(2);
  expect(totalFaults, 'faults injected').toBeGreaterThanOrEqual(FAULT_KINDS.length);
  expect(FAULT_KINDS.filter((kind) => faults.log.injected[kind] === 0), 'fault kinds never injected').toEqual([]);
}, 600_000);

// `npm run bench`: load figures for the README. Starts a Temporal dev server (SQLite file, WAL), the worker and
// the API as separate processes against the local Postgres, a bare Hono baseline, and an SMTP sink; seeds data;
// measures with autocannon; prints a table and writes JSON under bench/results/. Not a test: it asserts nothing.
import { freePort } from '../src/platform/net';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { SMTPServer } from 'smtp-server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../src/platform/config';
import { openDatabase } from '../src/platform/db/client';
import { activationCodes, certificates, invitations, memberships, persons } from '../src/platform/db/schema';
import { eq, sql } from 'drizzle-orm';
import { startDevServer } from '../src/platform/temporal/dev-server';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys, sealedDataConverter } from '../src/platform/temporal/codec';
import { measureWebhookLag } from './webhook-lag';
import { benchReport, percentile, round, type LoadResult } from './report';
import { measureScaleLists, scaleLists as scaleListsOf, scaleTable } from './scale-lists';
import { DEFAULT_VOLUMES, seedScale } from './scale-seed';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const E2E_RUNS = Number(process.env.BENCH_E2E_RUNS ?? 500);
const SCALE = Number(process.env.BENCH_OPEN_INVITATIONS ?? 10_000);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// BENCH_ONLY=scale,open runs only those parts (comma-separated; all by default): `lists` (baselines, the lists on
// 200 rows, creation, accept, end to end), `webhooks`, `scale` (lists at scale, bench/scale-lists.ts), `open`
// (BENCH_OPEN_INVITATIONS open workflows and the worker's RSS), `scaleout`, `kill`.
const PARTS = ['lists', 'webhooks', 'scale', 'open', 'scaleout', 'kill'] as const;
const ONLY = new Set((process.env.BENCH_ONLY ?? PARTS.join(',')).split(',').map((part) => part.trim()));
for (const part of ONLY) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: unknown part "${part}" (parts: ${PARTS.join(', ')})`);
const SCALE_CONNECTIONS = Number(process.env.BENCH_SCALE_CONNECTIONS ?? 10);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** An SMTP sink that only records envelope recipients and arrival times (no parsing: cheap under load). */
async function startSink() {
  const arrivals = new Map<string, number>();
  const perRecipient = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) {
          count += 1;
          perRecipient.set(rcpt.address, (perRecipient.get(rcpt.address) ?? 0) + 1);
          if (!arrivals.has(rcpt.address)) arrivals.set(rcpt.address, Date.now());
          waiters.get(rcpt.address)?.();
        }
        callback();
      });
    },
  });
  const port = await freePort();
  // A worker killed with SIGKILL resets its pooled SMTP connections: drop them and go on, as a mail server does.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => count,
    mailsTo: (address: string) => perRecipient.get(address) ?? 0,
    waitFor: (address: string, timeoutMs = 30_000) =>
      arrivals.has(address)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no mail for ${address}`)), timeoutMs);
            waiters.set(address, () => {
              clearTimeout(timer);
              waiters.delete(address);
              resolve();
            });
          }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Logs of the bench's processes, kept in BENCH_LOG_DIR (or a temporary folder) for a look after a failure. */
const LOG_DIR = process.env.BENCH_LOG_DIR ?? mkdtempSync(path.join(tmpdir(), 'spaces-bench-logs-'));

function startProcess(name: string, script: string, env: Record<string, string>): ChildProcess {
  const output = openSync(path.join(LOG_DIR, `${name}.log`), 'a');
  return spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', output, output] });
}

function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return round(kb / 1024);
}

async function waitForHttp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ duration: DURATION, ...options });
  return { rps: round(result.requests.average), p50: result.latency.p50, p975: result.latency.p97_5, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}


/** Teardown steps, run in reverse order at the end, also when the bench fails half-way. */
const cleanups: (() => unknown)[] = [];
async function cleanUp() {
  for (const step of cleanups.reverse()) {
    try {
      await step();
    } catch {
      // keep tearing down the rest
    }
  }
}

let ssnSeq = 0;
const newSsn = () => `9${String(Date.now()).slice(-7)}${String((ssnSeq += 1)).padStart(12, '0')}`;

async function main() {
  const started = Date.now();
  const workDir = mkdtempSync(path.join(tmpdir(), 'spaces-bench-'));
  const dbName = `spaces_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${dbName}`);
  cleanups.push(() => admin.end(), () => admin.unsafe(`drop database if exists ${dbName} with (force)`), () => rmSync(workDir, { recursive: true, force: true }));
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const sink = await startSink();
  cleanups.push(() => sink.close());
  const children: ChildProcess[] = [];
  // Whatever happens, no process of the bench outlives it.
  process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
  const config = loadConfig({ NODE_ENV: 'development' });

  log('starting the Temporal dev server (SQLite file, WAL)…');
  const devServer = await startDevServer({ dbFilename: path.join(workDir, 'temporal.db'), port: await freePort(), namespace: 'default' });
  cleanups.push(() => devServer.stop());
  const apiPort = await freePort();
  const barePort = await freePort();
  // The mandators of the scale-out phase are companies of the register (letters go to its addresses).
  const registerFile = path.join(workDir, 'company-register.csv');
  writeFileSync(
    registerFile,
    ['registrationNumber,name,line1,postalCode,city,country,language', ...Array.from({ length: 10 }, (_, i) => `B${900_000 + i},Bench ${i} SA,1 rue du Banc,L-1000,Luxembourg,LU,`)].join('\n') + '\n',
  );
  const env = {
    COMPANY_REGISTER_FILE: registerFile,
    TEMPORAL_ADDRESS: devServer.address,
    DATABASE_URL: databaseUrl,
    SMTP_URL: sink.url,
    DATA_DIR: workDir,
    LOG_LEVEL: 'warn',
    TEMPORAL_TASK_QUEUE: 'professional-spaces',
  };
  // The database is migrated by the first process; start the API first.
  const api = startProcess('api', 'src/api-server.ts', { ...env, PORT: String(apiPort) });
  children.push(api);
  await waitForHttp(`http://127.0.0.1:${apiPort}/health`);
  const worker = startProcess('worker', 'worker.ts', env);
  const bare = startProcess('bare', 'bench/bare-hono.ts', { PORT: String(barePort) });
  // The members list's own baseline: the same check and page in one postgres.js round trip.
  const minimalPort = await freePort();
  const minimal = startProcess('minimal-members', 'bench/minimal-members.ts', { PORT: String(minimalPort), DATABASE_URL: databaseUrl, AUTH_SECRET: config.auth.secret ?? '' });
  children.push(worker, bare, minimal);
  cleanups.push(() => children.forEach((child) => child.kill('SIGTERM')));
  await waitForHttp(`http://127.0.0.1:${barePort}/bare`);
  const base = `http://127.0.0.1:${apiPort}`;

  const database = await openDatabase({ databaseUrl, dataDir: workDir, migrate: false });
  cleanups.push(() => database.close());
  const db = database.db;
  const secret = new TextEncoder().encode(config.auth.secret);
  const token = (ssn: string, name: string, staff?: string) => new SignJWT({ name, email: `${ssn}@bench.example.lu`, ...(staff ? { staff } : {}) }).setProtectedHeader({ alg: 'HS256' }).setSubject(ssn).setExpirationTime('4h').sign(secret);
  const call = async (method: string, url: string, bearer: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const company = { name: 'Bench SA', registrationNumber: 'B999', address: { line1: '1 rue du Banc', postalCode: 'L-1000', city: 'Luxembourg', country: 'LU' } };

  log('seeding: a space with 200 members, a space with 10,000 pending invitations…');
  const adminSsn = newSsn();
  const adminToken = await token(adminSsn, 'Bench Admin');
  const membersSpace = (await call('POST', '/spaces', adminToken, { name: 'Members', company })).body.id as string;
  const listSpace = (await call('POST', '/spaces', adminToken, { name: 'Invitations', company })).body.id as string;
  const inviteSpace = (await call('POST', '/spaces', adminToken, { name: 'Load', company })).body.id as string;
  const adminPersonId = (await call('GET', '/me', adminToken)).body.personId as string;
  const now = Date.now();
  const people = Array.from({ length: 199 }, (_, index) => ({ id: randomUUID(), ssn: newSsn(), index }));
  await db.insert(persons).values(people.map((p) => ({ id: p.id, name: `Member ${p.index}`, email: `m${p.index}@bench.example.lu`, language: 'fr' as const })));
  await db.insert(certificates).values(people.map((p) => ({ ssn: p.ssn, personId: p.id })));
  await db.insert(memberships).values(
    people.map((p) => ({
      id: randomUUID(),
      spaceId: membersSpace,
      personId: p.id,
      certificateSsn: p.ssn,
      certificateMode: 'any' as const,
      role: 'manager' as const,
      permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
      createdAt: new Date(now + p.index),
    })),
  );
  for (let offset = 0; offset < 10_000; offset += 1_000) {
    await db.insert(invitations).values(
      Array.from({ length: 1_000 }, (_, i) => ({
        id: randomUUID(),
        spaceId: listSpace,
        certificateSsn: newSsn(),
        firstName: 'Pending',
        lastName: `Invitee ${offset + i}`,
        email: `p${offset + i}@bench.example.lu`,
        role: 'manager' as const,
        permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
        certificateMode: 'invited-only' as const,
        status: 'pending' as const,
        invitedBy: adminPersonId,
        expiresAt: new Date(now + 14 * 86_400_000),
        createdAt: new Date(now + offset + i),
      })),
    );
  }
  const auth = { authorization: `Bearer ${adminToken}` };

  const connection = await Connection.connect({ address: devServer.address });
  cleanups.push(() => connection.close());
  // Sealed like the API's own client, so raw starts pay the same encryption.
  const client = new Client({ connection, namespace: 'default', dataConverter: sealedDataConverter(parsePayloadKeys(process.env.PAYLOAD_KEYS ?? DEV_PAYLOAD_KEYS)) });
  const rawStart = async (concurrency: number) => {
    // Raw workflow starts on a queue nobody polls: the server-side cost of one start.
    const deadline = Date.now() + DURATION * 1000;
    let count = 0;
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          const t = performance.now();
          await client.workflow.start('invitationWorkflow', { taskQueue: 'bench-raw-nobody-polls', workflowId: `bench-raw-${randomUUID()}`, args: [{}] });
          latencies.push(performance.now() - t);
          count += 1;
        }
      }),
    );
    return { rps: round(count / DURATION), p50: round(percentile(latencies, 50)), p975: round(percentile(latencies, 97.5)), p99: round(percentile(latencies, 99)), errors: 0, non2xx: 0 };
  };
  const invitationBody = () => {
    const ssn = newSsn();
    return JSON.stringify({ certificateSsn: ssn, firstName: 'Load', lastName: 'Test', email: `${ssn}@bench.example.lu`, role: 'manager', certificateMode: 'invited-only' });
  };
  const createInvitations = (concurrency: number, amount?: number) =>
    load({
      url: `${base}/spaces/${inviteSpace}/invitations`,
      method: 'POST',
      connections: concurrency,
      headers: { ...auth, 'content-type': 'application/json' },
      ...(amount ? { amount, duration: undefined } : {}),
      requests: [{ setupRequest: (request) => ({ ...request, body: invitationBody() }) }],
    });

  const acceptRound = async (count: number) => {
    // Invitations to accept, created ten at a time (the creation load is measured above, not here).
    const invitees: { id: string; bearer: string; email: string }[] = [];
    for (let i = 0; i < count; i += 10) {
      invitees.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, count - i) }, async () => {
            const ssn = newSsn();
            const body = { ...JSON.parse(invitationBody()), certificateSsn: ssn };
            const invitation = await call('POST', `/spaces/${inviteSpace}/invitations`, adminToken, body);
            if (invitation.status !== 201) throw new Error(`invitation for the accept round answered ${invitation.status}`);
            return { id: invitation.body.id as string, bearer: await token(ssn, 'Accepting Person'), email: body.email as string };
          }),
        )),
      );
    }
    // A person accepts after the mail arrived: wait for every invitation mail (the worker's backlog of these
    // invitations is done), then accept one after the other, the latency a person sees.
    await Promise.all(invitees.map((invitee) => sink.waitFor(invitee.email, 120_000)));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const latencies: number[] = [];
    for (const invitee of invitees) {
      const t = performance.now();
      const answer = await call('POST', `/invitations/${invitee.id}/accept`, invitee.bearer);
      if (answer.status !== 200) throw new Error(`accept answered ${answer.status}`);
      latencies.push(performance.now() - t);
    }
    return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) };
  };

  const endToEnd = async (runs: number, concurrency = 5) => {
    const latencies: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < runs) {
          next += 1;
          const ssn = newSsn();
          const email = `${ssn}@bench.example.lu`;
          const bearer = await token(ssn, 'E2E Person');
          const t = performance.now();
          const invitation = await call('POST', `/spaces/${inviteSpace}/invitations`, adminToken, { certificateSsn: ssn, firstName: 'E2E', lastName: 'Person', email, role: 'manager', certificateMode: 'invited-only' });
          await sink.waitFor(email);
          const accepted = await call('POST', `/invitations/${invitation.body.id}/accept`, bearer);
          const member = await call('GET', `/spaces/${inviteSpace}`, bearer);
          if (accepted.status !== 200 || member.status !== 200) throw new Error(`e2e failed: ${accepted.status}/${member.status}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), runs: latencies.length };
  };

  /** Waits until no mail arrived for 3 s (the worker's backlog is done); returns how long that took. */
  const drain = async (limitMs = 300_000) => {
    const drainStarted = Date.now();
    for (let last = -1, still = 0; still < 3 && Date.now() - drainStarted < limitMs; ) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      still = sink.count() === last ? still + 1 : 0;
      last = sink.count();
    }
    return round((Date.now() - drainStarted) / 1000 - 3);
  };

  const runs: Record<string, LoadResult[]> = { bare: [], minimal: [], members: [], invitationsList: [], raw20: [], raw50: [], create20: [], create50: [] };
  const accepts: { p50: number; p99: number }[] = [];
  const drains: number[] = [];
  const e2es: { p50: number; p99: number; runs: number }[] = [];
  for (let run = 1; ONLY.has('lists') && run <= RUNS; run += 1) {
    log(`run ${run}/${RUNS}: baselines…`);
    runs.bare!.push(await load({ url: `http://127.0.0.1:${barePort}/bare`, connections: 50 }));
    runs.raw20!.push(await rawStart(20));
    runs.raw50!.push(await rawStart(50));
    log(`run ${run}/${RUNS}: lists…`);
    runs.minimal!.push(await load({ url: `http://127.0.0.1:${minimalPort}/spaces/${membersSpace}/members?limit=200`, connections: 50, headers: auth }));
    runs.members!.push(await load({ url: `${base}/spaces/${membersSpace}/members?limit=200`, connections: 50, headers: auth }));
    runs.invitationsList!.push(await load({ url: `${base}/spaces/${listSpace}/invitations?status=pending&limit=50`, connections: 50, headers: auth }));
    log(`run ${run}/${RUNS}: invitation creation…`);
    runs.create20!.push(await createInvitations(20));
    runs.create50!.push(await createInvitations(50));
    // The 201s do not wait for the worker: after the creation load its backlog (first tasks, mails) drains here.
    drains.push(await drain());
    log(`run ${run}/${RUNS}: accept round trips…`);
    accepts.push(await acceptRound(200));
    log(`run ${run}/${RUNS}: end to end (${E2E_RUNS} runs)…`);
    e2es.push(await endToEnd(E2E_RUNS));
  }

  // Webhooks: deliveries of invitation.created to an endpoint, under the invitation load (c=20), after the runs above
  // so that their figures stay comparable with earlier benches.
  const webhooks = ONLY.has('webhooks')
    ? await (async () => {
        log('webhooks: delivery lag under the invitation load…');
        await drain();
        const hookSpace = (await call('POST', '/spaces', adminToken, { name: 'Webhooks', company })).body.id as string;
        return measureWebhookLag({ base, bearer: adminToken, spaceId: hookSpace, durationSeconds: DURATION, invitationBody });
      })()
    : undefined;

  // Lists at scale: seeded straight into the database, measured against the small space in the same run.
  const scaleLists = ONLY.has('scale')
    ? await (async () => {
        log('scale: seeding the large and small spaces and the background…');
        const seedStarted = Date.now();
        const seeder = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
        await seedScale(seeder, DEFAULT_VOLUMES).finally(() => seeder.end());
        const seedSeconds = round((Date.now() - seedStarted) / 1000);
        log(`scale: seeded in ${seedSeconds} s; measuring…`);
        const settings = { connections: SCALE_CONNECTIONS, limit: 50 };
        const rows = await measureScaleLists(scaleListsOf(DEFAULT_VOLUMES), { base, runs: RUNS, ...settings, token: (ssn, name) => token(ssn, name), load, log });
        return { volumes: DEFAULT_VOLUMES, seedSeconds, settings, rows, table: scaleTable(rows, settings) };
      })()
    : undefined;

  const open = ONLY.has('open') ? await openInvitations() : undefined;
  async function openInvitations() {
    log(`scale: ${SCALE} open invitation workflows…`);
    const scaleSpace = (await call('POST', '/spaces', adminToken, { name: 'Scale', company })).body.id as string;
    // The worker's peak RSS over the whole phase (creations and the backlog after them), sampled every 2 s.
    let workerPeakRssMiB = 0;
    const sampler = setInterval(() => (workerPeakRssMiB = Math.max(workerPeakRssMiB, rssMiB(worker.pid) || 0)), 2_000);
    const scaleStarted = Date.now();
    const scaleResult = await autocannon({
      url: `${base}/spaces/${scaleSpace}/invitations`,
      method: 'POST',
      connections: 50,
      amount: SCALE,
      headers: { ...auth, 'content-type': 'application/json' },
      requests: [{ setupRequest: (request) => ({ ...request, body: invitationBody() }) }],
    });
    const scaleSeconds = (Date.now() - scaleStarted) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const [{ size }] = await admin<[{ size: string }]>`select pg_database_size(${dbName})::text as size`;
    const open = await client.workflow.count(`WorkflowType = "invitationWorkflow" AND ExecutionStatus = "Running" AND SpaceId = "${scaleSpace}"`);
    const scale = {
      requested: SCALE,
      created: scaleResult['2xx'],
      openWorkflows: open.count,
      secondsToStart: round(scaleSeconds),
      startsPerSecond: round(scaleResult['2xx'] / scaleSeconds),
      workerRssMiB: rssMiB(worker.pid),
      apiRssMiB: rssMiB(api.pid),
      databaseMiB: round(Number(size) / 1024 / 1024),
      temporalDbMiB: round(statSync(path.join(workDir, 'temporal.db')).size / 1024 / 1024),
      mailsReceived: sink.count(),
    };
    log(`scale: ${scale.created} created in ${scale.secondsToStart} s; waiting for the worker's backlog…`);
    // The backlog grows with the number opened (220 s after 10,000): wait for it up to 30 minutes.
    const backlogDrainSeconds = await drain(1_800_000);
    clearInterval(sampler);
    // After the backlog: every open workflow has had its first task, the worker's cache is as full as it gets.
    return { ...scale, backlogDrainSeconds, workerRssMiBAfterBacklog: rssMiB(worker.pid), workerPeakRssMiB };
  }

  const scaleOut = ONLY.has('scaleout') ? await scaleOutPhase() : undefined;
  async function scaleOutPhase() {
    // Scale-out: two API processes behind the load, with one and then two workers; invariants checked afterwards.
    log('scale-out: 2 APIs, 1 then 2 workers…');
    const secondApiPort = await freePort();
    const secondApi = startProcess('api-2', 'src/api-server.ts', { ...env, PORT: String(secondApiPort) });
    children.push(secondApi);
    await waitForHttp(`http://127.0.0.1:${secondApiPort}/health`);
    const outSpace = (await call('POST', '/spaces', adminToken, { name: 'Scale-out', company })).body.id as string;
    const invitees: string[] = [];
    const scaledBody = () => {
      const ssn = newSsn();
      invitees.push(`${ssn}@bench.example.lu`);
      return JSON.stringify({ certificateSsn: ssn, firstName: 'Scale', lastName: 'Out', email: `${ssn}@bench.example.lu`, role: 'manager', certificateMode: 'invited-only' });
    };
    const bothApis = async () => {
      const results = await Promise.all(
        [apiPort, secondApiPort].map((port) =>
          load({
            url: `http://127.0.0.1:${port}/spaces/${outSpace}/invitations`,
            method: 'POST',
            connections: 25,
            headers: { ...auth, 'content-type': 'application/json' },
            requests: [{ setupRequest: (request) => ({ ...request, body: scaledBody() }) }],
          }),
        ),
      );
      return { rps: round(results[0]!.rps + results[1]!.rps), p50: Math.max(results[0]!.p50, results[1]!.p50), p99: Math.max(results[0]!.p99, results[1]!.p99), non2xx: results[0]!.non2xx + results[1]!.non2xx };
    };
    const oneWorker = await bothApis();
    const secondWorker = startProcess('worker-2', 'worker.ts', env);
    children.push(secondWorker);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const twoWorkers = await bothApis();
    // Mandates through both APIs: every code is generated, hashed and printed once.
    const mandateBodies = Array.from({ length: 10 }, (_, i) => ({ section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 2, i }));
    const accessRequests = await Promise.all(
      mandateBodies.map(async ({ i, ...body }) => {
        const owner = await token(newSsn(), `Mandator ${i}`);
        const registrationNumber = `B${900_000 + i}`;
        // Access requests need the company in the register (R25), as the administration keeps it.
        await call('PUT', `/staff/companies/${registrationNumber}`, await token(newSsn(), 'Register Staff', 'LBR'), { name: `${company.name} ${i}`, address: company.address });
        const space = (await call('POST', '/spaces', owner, { name: `Mandator ${i}`, company: { ...company, registrationNumber } })).body.id as string;
        const response = await fetch(`http://127.0.0.1:${i % 2 ? apiPort : secondApiPort}/spaces/${space}/access-requests`, {
          method: 'POST',
          headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return response.status;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const invitationRows = await database.db.select({ email: invitations.email }).from(invitations).where(eq(invitations.spaceId, outSpace));
    const mailCounts = invitationRows.map((row) => sink.mailsTo(row.email));
    const codeRows = await database.db.select({ hash: activationCodes.codeHash }).from(activationCodes);
    // The post outbox exists once the worker printed a first letter; a backlog may still hold them all.
    const postDir = path.join(workDir, 'outbox', 'post');
    const letterFiles = existsSync(postDir) ? readdirSync(postDir).filter((name) => name.endsWith('.pdf')) : [];
    const [duplicateMemberships] = (await database.db.execute(sql`select count(*)::int as n from (select space_id, person_id from memberships group by 1, 2 having count(*) > 1) d`)) as unknown as { n: number }[];
    const scaleOut = {
      oneWorker,
      twoWorkers,
      speedup: round(twoWorkers.rps / oneWorker.rps, 2),
      invariants: {
        invitationsCreated: invitationRows.length,
        invitationsWithExactlyOneMail: mailCounts.filter((n) => n === 1).length,
        invitationsWithMoreThanOneMail: mailCounts.filter((n) => n > 1).length,
        duplicateMemberships: Number((duplicateMemberships as { n: number } | undefined)?.n ?? 0),
        accessRequestsCreated: accessRequests.filter((status) => status === 201).length,
        activationCodes: codeRows.length,
        distinctCodeHashes: new Set(codeRows.map((row) => row.hash)).size,
        letters: letterFiles.length,
      },
    };
    return scaleOut;
  }

  // One of the two workers killed with SIGKILL in the middle of a burst of invitations (c=20).
  const workerKill = ONLY.has('kill') ? await killPhase() : undefined;
  async function killPhase() {
    if (!scaleOut) {
      // The kill needs a second worker to take over; the scale-out phase did not start one.
      children.push(startProcess('worker-2', 'worker.ts', env));
      await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  await drain();
  log('SIGKILL of one of two workers during a burst of invitations…');
  const killSpace = (await call('POST', '/spaces', adminToken, { name: 'Kill', company })).body.id as string;
  const burst = Array.from({ length: 300 }, () => newSsn());
  const burstStatuses: number[] = [];
  const burstLatencies: number[] = [];
  let burstNext = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (burstNext < burst.length) {
        const ssn = burst[burstNext++]!;
        const t = performance.now();
        const answer = await call('POST', `/spaces/${killSpace}/invitations`, adminToken, { certificateSsn: ssn, firstName: 'Kill', lastName: 'Burst', email: `${ssn}@bench.example.lu`, role: 'manager', certificateMode: 'invited-only' });
        burstStatuses.push(answer.status);
        burstLatencies.push(performance.now() - t);
        if (burstStatuses.length === 100) worker.kill('SIGKILL');
      }
    }),
  );
  const mailsDeadline = Date.now() + 90_000;
  while (Date.now() < mailsDeadline && burst.some((ssn) => sink.mailsTo(`${ssn}@bench.example.lu`) === 0)) await new Promise((resolve) => setTimeout(resolve, 500));
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const burstMails = burst.map((ssn) => sink.mailsTo(`${ssn}@bench.example.lu`));
  const burstRows = (await database.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.spaceId, killSpace))).length;
  const workerKill = {
    requests: burst.length,
    answers201: burstStatuses.filter((status) => status === 201).length,
    otherAnswers: burstStatuses.filter((status) => status !== 201),
    p99Ms: round(percentile(burstLatencies, 99)),
    maxMs: round(Math.max(...burstLatencies)),
    invitationRows: burstRows,
    inviteesWithOneMail: burstMails.filter((n) => n === 1).length,
    inviteesWithoutMail: burstMails.filter((n) => n === 0).length,
    inviteesWithRedelivery: burstMails.filter((n) => n > 1).length,
  };
  return workerKill;
  }

  const { report, table } = benchReport({
    only: ONLY,
    started,
    settings: { runs: RUNS, duration: DURATION, e2eRuns: E2E_RUNS, openInvitations: SCALE },
    runs,
    accepts,
    drains,
    e2es,
    webhooks,
    scaleLists,
    open,
    scaleOut,
    workerKill,
  });
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(ROOT, 'bench', 'results', `${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

  process.stdout.write(`${table}\n\nJSON: ${path.relative(ROOT, file)}\n`);

  for (const child of children) child.kill('SIGTERM');
  await cleanUp();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\nprocess logs: ${LOG_DIR}\n`);
  await cleanUp();
  process.exit(1);
});

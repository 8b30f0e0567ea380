// Real processes for the fault tests, per run: a PostgreSQL cluster of our own (initdb in a temp dir, so stopping it
// never disturbs the machine's server), a Temporal dev server with a state file (spawned from the resolved binary so
// it can be killed and started again on the same file and port), a worker process (`node --import tsx worker.ts`),
// an API process (`node --import tsx src/api-server.ts`) and a real SMTP server in the test process.
// Everything listens on loopback; every wait is bounded; `stop()` leaves no process and no temp dir behind.
import { freePort } from '../../../src/platform/net';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../../src/platform/config';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/platform/temporal/search-attributes';
import { resolveTemporalExecutable } from '../../../src/platform/temporal/cli';
import { startSmtpServer, type TestSmtpServer, type Identity } from '../../support';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined, at most `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await sleep(intervalMs);
  }
}

function run(command: string, args: string[], timeoutMs = 60_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

// ——— PostgreSQL: a cluster of our own ———

export interface PgCluster {
  dir: string;
  url: string;
  port: number;
  isRunning(): boolean;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: open connections are terminated, the server refuses new ones. */
  stop(): Promise<void>;
  destroy(): void;
}

async function startPgCluster(): Promise<PgCluster> {
  const versions = readdirSorted('/usr/lib/postgresql');
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql: the fault tests need initdb and pg_ctl');
  const bin = path.join('/usr/lib/postgresql', versions[versions.length - 1]!, 'bin');
  const dir = mkdtempSync(path.join(tmpdir(), 'spaces-faults-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  // initdb and pg_ctl refuse to run as root: run them as the postgres OS user, in a directory it owns.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const pgRun = (tool: string, args: string[], timeoutMs?: number) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], timeoutMs) : run(path.join(bin, tool), args, timeoutMs);
  const port = await freePort();
  await pgRun('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  let running = false;
  const cluster: PgCluster = {
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    isRunning: () => running,
    async start() {
      await pgRun('pg_ctl', ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop() {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
      running = false;
    },
    destroy() {
      if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
        try {
          const args = ['-D', dataDir, '-m', 'immediate', '-w', '-t', '10', 'stop'];
          if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
          else execFileSync(path.join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
        } catch {
          // Last resort: the postmaster's pid from its lock file.
          try {
            const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
            if (pid > 0) process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

function readdirSorted(dir: string): string[] {
  try {
    return readdirSync(dir).sort((a, b) => Number(a) - Number(b));
  } catch {
    return [];
  }
}

// ——— Child processes (Temporal dev server, worker, API) ———

export interface ChildHandle {
  name: string;
  pid: number | undefined;
  alive(): boolean;
  /** Resolves when `pattern` appears in the process's output (from its start). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  output(): string;
  /** Sends `signal` to the process group; waits for the exit, SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
// If the test process dies without afterAll, take the children with it.
process.once('exit', () => {
  for (const child of live) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function spawnChild(name: string, command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string }): ChildHandle {
  // Own process group (detached), so a signal reaches everything the command started.
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    live.delete(child);
    // An exit nobody asked for is a finding: show why.
    if (!stopping) process.stderr.write(`\n[${name}] exited unexpectedly (${code ?? signal}); last output:\n${output.slice(-4000)}\n`);
  });
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-200_000);
    appendFileSync(options.logFile, text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    pid: child.pid,
    alive,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      await until(`${name}: ${pattern}`, () => {
        if (pattern.test(output)) return true;
        if (!alive()) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${output.slice(-2000)}`);
        return undefined;
      }, timeoutMs, 50);
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!alive() || !child.pid) return;
      stopping = true;
      try {
        process.kill(-child.pid, signal);
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ——— The whole cluster ———

export interface FaultCluster {
  dir: string;
  pg: PgCluster;
  sql: postgres.Sql;
  smtp: TestSmtpServer;
  temporalAddress: string;
  apiUrl: string;
  temporal: ChildHandle;
  worker: ChildHandle;
  /** A second worker on the same task queue, once startSecondWorker() ran. */
  secondWorker?: ChildHandle;
  api: ChildHandle;
  startTemporal(): Promise<void>;
  startWorker(): Promise<void>;
  startSecondWorker(): Promise<void>;
  startApi(): Promise<void>;
  /** JSON over HTTP to the API process, with a token for `as`; `ms` is the round trip. */
  call<T = any>(method: string, url: string, options?: { as?: Identity; body?: unknown; headers?: Record<string, string>; timeoutMs?: number }): Promise<HttpResult<T>>;
  stop(): Promise<void>;
  /** After stop(): processes of this run still alive (should be none). */
  leftovers(): string[];
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  contentType: string;
  ms: number;
}

export interface ClusterOptions {
  /** Environment of the API and the worker (lifecycle durations). */
  env?: Record<string, string>;
}

const SEARCH_ATTRIBUTE_TYPES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };

export async function startFaultCluster(options: ClusterOptions = {}): Promise<FaultCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'spaces-faults-'));
  const logs = path.join(dir, 'logs');
  mkdirSync(logs);
  let pg: PgCluster | undefined;
  let sql: postgres.Sql | undefined;
  let smtp: TestSmtpServer | undefined;
  let cluster: FaultCluster | undefined;
  const quietly = async (step: () => Promise<unknown> | unknown) => {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`fault cluster cleanup: ${(error as Error).message}\n`);
    }
  };
  // Processes first (API, worker, then the dev server), then connections, Postgres and the temp dirs.
  const cleanup = async () => {
    await Promise.all([
      quietly(() => cluster?.api?.stop('SIGTERM', 5_000)),
      quietly(() => cluster?.worker?.stop('SIGTERM', 5_000)),
      quietly(() => cluster?.secondWorker?.stop('SIGTERM', 5_000)),
    ]);
    await quietly(() => cluster?.temporal?.stop('SIGTERM', 5_000));
    await quietly(() => sql?.end({ timeout: 2 }));
    await quietly(() => smtp?.close());
    await quietly(() => pg?.destroy());
    if (process.env.FAULTS_KEEP_LOGS) process.stderr.write(`fault test logs kept in ${logs}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };

  try {
    pg = await startPgCluster();
    await pg.start();
    sql = postgres(pg.url, { max: 4, connect_timeout: 5, onnotice: () => undefined });
    smtp = await startSmtpServer();

    const resolved = await resolveTemporalExecutable('dev-server');
    const temporalBinary = resolved.path ?? (resolved.executable.type === 'existing-path' ? resolved.executable.path : undefined);
    if (!temporalBinary) throw new Error(`the fault tests need a Temporal CLI binary on disk (got ${resolved.source}); set TEMPORAL_CLI_PATH`);
    const temporalPort = await freePort();
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    const temporalArgs = [
      'server',
      'start-dev',
      '--db-filename',
      path.join(dir, 'temporal.db'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporalPort),
      '--headless',
      '--namespace',
      'default',
      '--sqlite-pragma',
      'journal_mode=wal',
      '--log-level',
      'warn',
      ...SEARCH_ATTRIBUTE_KEYS.flatMap((key) => ['--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPES[key.type] ?? 'Keyword'}`]),
    ];
    const apiPort = await freePort();
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporalAddress,
      SMTP_URL: smtp.url,
      // A short send limit, so the outbox lease of a send a SIGKILL cut off runs out within the scenario (10 s).
      SMTP_SEND_TIMEOUT: '5s',
      PORT: String(apiPort),
      ...options.env,
    };

    const self: FaultCluster = {
      dir,
      pg,
      sql,
      smtp,
      temporalAddress,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      temporal: undefined as unknown as ChildHandle,
      worker: undefined as unknown as ChildHandle,
      api: undefined as unknown as ChildHandle,
      async startTemporal() {
        self.temporal = spawnChild('temporal', temporalBinary, temporalArgs, { env: { PATH: process.env.PATH, HOME: process.env.HOME }, logFile: path.join(logs, 'temporal.log') });
        await until(
          'the Temporal frontend',
          async () => {
            if (!self.temporal.alive()) throw new Error(`temporal exited: ${self.temporal.output().slice(-2000)}`);
            const connection = await Connection.connect({ address: temporalAddress, connectTimeout: '1s' });
            try {
              await connection.workflowService.getSystemInfo({});
              return true;
            } finally {
              await connection.close();
            }
          },
          60_000,
          200,
        );
      },
      async startWorker() {
        self.worker = spawnChild('worker', process.execPath, ['--import', 'tsx', 'worker.ts'], { env: baseEnv, logFile: path.join(logs, 'worker.log') });
        await self.worker.waitForOutput(/worker ready/, 90_000);
      },
      async startSecondWorker() {
        self.secondWorker = spawnChild('worker-2', process.execPath, ['--import', 'tsx', 'worker.ts'], { env: baseEnv, logFile: path.join(logs, 'worker-2.log') });
        await self.secondWorker.waitForOutput(/worker ready/, 90_000);
      },
      async startApi() {
        self.api = spawnChild('api', process.execPath, ['--import', 'tsx', 'src/api-server.ts'], { env: baseEnv, logFile: path.join(logs, 'api.log') });
        await self.api.waitForOutput(/ready: API/, 90_000);
      },
      call: async (method, url, { as, body, headers = {}, timeoutMs = 20_000 } = {}) => {
        const auth: Record<string, string> = as ? { authorization: `Bearer ${await token(as)}` } : {};
        const started = performance.now();
        const response = await fetch(`${self.apiUrl}${url}`, {
          method,
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...auth, ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        return { status: response.status, body: parsed as never, contentType: response.headers.get('content-type') ?? '', ms: performance.now() - started };
      },
      stop: cleanup,
      leftovers() {
        const markers = [dir, pg!.dir];
        const pids = [self.temporal?.pid, self.worker?.pid, self.secondWorker?.pid, self.api?.pid].filter((pid): pid is number => pid !== undefined);
        return processesMentioning(markers, pids);
      },
    };
    cluster = self;
    await self.startTemporal();
    await Promise.all([self.startWorker(), self.startApi()]);
    return self;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

// Tokens signed like test/support/stack.ts, with the configured (development) secret.
const secret = new TextEncoder().encode(loadConfig({}).auth.secret);
export async function token(identity: Identity): Promise<string> {
  const claims: Record<string, string> = { name: identity.name ?? `Person ${identity.ssn.slice(-4)}` };
  if (identity.email) claims.email = identity.email;
  if (identity.pid) claims.pid = identity.pid;
  if (identity.staff) claims.staff = identity.staff;
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(identity.ssn).setIssuedAt().setExpirationTime('1h').sign(secret);
}

/** Processes still running whose command line mentions one of `markers` (the run's temp dirs) or whose pid is in `pids`. */
export function processesMentioning(markers: string[], pids: number[] = []): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args=']).toString();
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      if (!line || line.includes('ps -eo')) return false;
      const pid = Number(line.split(/\s+/)[0]);
      return pids.includes(pid) || markers.some((marker) => line.includes(marker));
    });
}

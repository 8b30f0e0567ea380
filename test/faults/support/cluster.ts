// Real processes for the fault tests, per run: a PostgreSQL cluster of our own (initdb in a temp dir, so stopping it
// never disturbs the machine's server), a Temporal dev server with a state file (spawned from the resolved binary so
// it can be killed and started again on the same file and port), a worker process (`node --import tsx worker.ts`),
// an API process (`node --import tsx src/api-server.ts`) and a real SMTP server in the test process.
// Optionally (the chaos run) a second API process and a TCP proxy between the product's processes and Postgres.
// Everything listens on loopback; every wait is bounded; `stop()` leaves no process and no temp dir behind.
import { freePort } from '../../../src/platform/net';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../../src/platform/config';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/platform/temporal/search-attributes';
import { resolveTemporalExecutable } from '../../../src/platform/temporal/cli';
import { startSmtpServer, type TestSmtpServer, type Identity } from '../../support';
import { startTcpProxy, type TcpProxy } from './proxy';
import { spawnChild, type ChildHandle } from './children';
import { startPgCluster, type PgCluster } from './postgres-cluster';
import { until } from './until';

export { ROOT, type ChildHandle } from './children';
export { until } from './until';
export type { PgCluster } from './postgres-cluster';

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
  /** A second API process (its own port, `apiUrls[1]`), once startSecondApi() ran. */
  secondApi?: ChildHandle;
  /** Where the API processes listen: the first, then the second. */
  apiUrls: string[];
  /** With `proxyDatabase`: the proxy every API and worker process reaches Postgres through. */
  pgProxy?: TcpProxy;
  /** The directory the processes keep their state in (DATA_DIR: the post outbox). */
  dataDir: string;
  /** The processes' log files (worker.log, worker-2.log, api.log, api-2.log, temporal.log). */
  logsDir: string;
  startTemporal(): Promise<void>;
  startWorker(): Promise<void>;
  startSecondWorker(): Promise<void>;
  startApi(): Promise<void>;
  startSecondApi(): Promise<void>;
  /** JSON over HTTP to an API process (`api`: 0, the default, or 1), with a token for `as`; `ms` is the round trip. */
  call<T = any>(method: string, url: string, options?: { as?: Identity; body?: unknown; headers?: Record<string, string>; timeoutMs?: number; api?: number }): Promise<HttpResult<T>>;
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
  /** API and worker processes reach Postgres through a TCP proxy of the test (latency, resets). */
  proxyDatabase?: boolean;
}

const SEARCH_ATTRIBUTE_TYPES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' };

export async function startFaultCluster(options: ClusterOptions = {}): Promise<FaultCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'spaces-faults-'));
  const logs = path.join(dir, 'logs');
  mkdirSync(logs);
  let pg: PgCluster | undefined;
  let sql: postgres.Sql | undefined;
  let smtp: TestSmtpServer | undefined;
  let pgProxy: TcpProxy | undefined;
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
      quietly(() => cluster?.secondApi?.stop('SIGTERM', 5_000)),
      quietly(() => cluster?.worker?.stop('SIGTERM', 5_000)),
      quietly(() => cluster?.secondWorker?.stop('SIGTERM', 5_000)),
    ]);
    await quietly(() => cluster?.temporal?.stop('SIGTERM', 5_000));
    await quietly(() => sql?.end({ timeout: 2 }));
    await quietly(() => pgProxy?.close());
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
    if (options.proxyDatabase) pgProxy = await startTcpProxy({ host: '127.0.0.1', port: pg.port });

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
    const secondApiPort = await freePort();
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: pgProxy ? `postgres://postgres@127.0.0.1:${pgProxy.port}/postgres` : pg.url,
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
      apiUrls: [`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${secondApiPort}`],
      ...(pgProxy ? { pgProxy } : {}),
      dataDir: path.join(dir, 'data'),
      logsDir: logs,
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
      async startSecondApi() {
        self.secondApi = spawnChild('api-2', process.execPath, ['--import', 'tsx', 'src/api-server.ts'], { env: { ...baseEnv, PORT: String(secondApiPort) }, logFile: path.join(logs, 'api-2.log') });
        await self.secondApi.waitForOutput(/ready: API/, 90_000);
      },
      call: async (method, url, { as, body, headers = {}, timeoutMs = 20_000, api = 0 } = {}) => {
        const auth: Record<string, string> = as ? { authorization: `Bearer ${await token(as)}` } : {};
        const started = performance.now();
        const response = await fetch(`${self.apiUrls[api] ?? self.apiUrl}${url}`, {
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
        const pids = [self.temporal?.pid, self.worker?.pid, self.secondWorker?.pid, self.api?.pid, self.secondApi?.pid].filter((pid): pid is number => pid !== undefined);
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

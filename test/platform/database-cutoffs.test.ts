// Statements cut off mid-way on a real Postgres: by DB_STATEMENT_TIMEOUT, by DB_IDLE_IN_TRANSACTION_TIMEOUT, or by the
// backend being terminated under a transaction. Each reaches its caller as "database unavailable" (503 at the API),
// every statement involved settles — also one queued after the socket closed (the postgres.js patch) — and the pool
// answers the next query. Hangs are bounded: `settle` fails with what did not settle instead of stalling vitest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { executeRows, isDatabaseUnavailable, openDatabase, type DatabaseHandle, type SessionTimeouts } from '../../src/platform/db/client';
import { eventually, expectProblem, person, startStack, type TestStack } from '../support';

let stack: TestStack;
let admin: postgres.Sql;
const handles: DatabaseHandle[] = [];

beforeAll(async () => {
  // The API's own pool gets a short limit from the configuration, as a process would.
  stack = await startStack({ env: { DB_STATEMENT_TIMEOUT: '1s' } });
  admin = postgres(stack.config.databaseUrl!, { max: 2, onnotice: () => undefined });
});
afterAll(async () => {
  for (const handle of handles) await handle.close().catch(() => undefined);
  await admin?.end({ timeout: 1 });
  await stack?.stop();
});

/** A pool of one connection on the test database, with these session limits. */
async function onePool(timeouts: SessionTimeouts): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: stack.config.databaseUrl, dataDir: stack.config.dataDir, migrate: false, poolSize: 1, timeouts });
  handles.push(handle);
  return handle;
}

type Outcome<T> = { fulfilled: true; value: T } | { fulfilled: false; reason: unknown };

/** How `promise` settled; a clear failure naming `what` if it has not within `ms` (the bug this file guards against). */
async function settle<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = promise.then(
    (value): Outcome<T> => ({ fulfilled: true, value }),
    (reason: unknown): Outcome<T> => ({ fulfilled: false, reason }),
  );
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([outcome, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** The driver's code (SQLSTATE or postgres.js connection code) under Drizzle's wrapping. */
function codeOf(error: unknown): string | undefined {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function expectCutOff(outcome: Outcome<unknown>, codes: string[]) {
  expect(outcome.fulfilled, 'the statement should have been cut off').toBe(false);
  const reason = (outcome as { reason: unknown }).reason;
  expect(codes, String(reason)).toContain(codeOf(reason));
  expect(isDatabaseUnavailable(reason)).toBe(true);
}

/** The pool answers a query now (a new backend when the old one died). */
async function expectAnswers(handle: DatabaseHandle) {
  const next = await settle(executeRows<{ one: number }>(handle.db, sql`select 1 as one`), 'the next query on the pool');
  expect(next.fulfilled, String((next as { reason?: unknown }).reason)).toBe(true);
  expect((next as { value: { one: number }[] }).value).toEqual([{ one: 1 }]);
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('DB_STATEMENT_TIMEOUT', () => {
  it('cuts off a longer statement with 57014 (database unavailable), alone or in a transaction, and the pool answers next', async () => {
    const handle = await onePool({ statementTimeoutMs: 200, idleInTransactionTimeoutMs: 0 });
    expectCutOff(await settle(handle.db.execute(sql`select pg_sleep(60)`), 'a 60 s statement under a 200 ms limit'), ['57014']);
    await expectAnswers(handle);
    const transaction = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await tx.execute(sql`select pg_sleep(60)`);
    });
    expectCutOff(await settle(transaction, 'a transaction with a 60 s statement under a 200 ms limit'), ['57014']);
    await expectAnswers(handle);
  });

  it('applies to the API: a request whose statement waits on a lock past the limit answers 503 with Retry-After, not 500', async () => {
    const who = person('Lola Locked');
    expect((await stack.call('GET', '/spaces', { as: who })).status).toBe(200);
    const held = deferred();
    const release = deferred();
    // Another session holds the members table: the list's statement waits on the lock, and lock waits count.
    const locker = admin.begin(async (tx) => {
      await tx`lock table memberships in access exclusive mode`;
      held.resolve();
      await release.promise;
    });
    try {
      await held.promise;
      const answer = await settle(stack.call('GET', '/spaces', { as: who }), 'a request waiting on a lock under DB_STATEMENT_TIMEOUT=1s');
      expect(answer.fulfilled).toBe(true);
      const response = (answer as { value: Awaited<ReturnType<TestStack['call']>> }).value;
      expectProblem(response, 503, 'service_unavailable');
      expect(response.headers.get('retry-after')).toBe('5');
    } finally {
      release.resolve();
      await locker;
    }
    expect((await stack.call('GET', '/spaces', { as: who })).status).toBe(200);
  });
});

describe('a connection lost under a transaction (pool of one)', () => {
  it('pg_terminate_backend while its statement runs: the transaction rejects, and the pool answers next on a new backend', async () => {
    const handle = await onePool({ statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 0 });
    const backend = deferred<number>();
    const transaction = handle.db.transaction(async (tx) => {
      const [row] = await executeRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
      backend.resolve(row!.pid);
      await tx.execute(sql`select pg_sleep(60)`);
    });
    const pid = await backend.promise;
    const running = await eventually(
      () => admin<{ state: string }[]>`select state from pg_stat_activity where pid = ${pid} and query like '%pg_sleep%'`,
      (rows) => rows[0]?.state === 'active',
    );
    expect(running[0]?.state, 'the transaction should be in its pg_sleep').toBe('active');
    await admin`select pg_terminate_backend(${pid})`;
    expectCutOff(await settle(transaction, 'a transaction whose backend was terminated'), ['CONNECTION_CLOSED', 'ECONNRESET', '57P01']);
    await expectAnswers(handle);
    const [now] = await executeRows<{ pid: number }>(handle.db, sql`select pg_backend_pid() as pid`);
    expect(now!.pid).not.toBe(pid);
  });

  it('statements a transaction queues after its socket closed reject (CONNECTION_CLOSED) instead of hanging, and the pool answers next', async () => {
    const handle = await onePool({ statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 0 });
    const closeSeen = deferred();
    const late = deferred<{ queued: Promise<PromiseSettledResult<unknown>[]> }>();
    const transaction = handle.db.transaction(async (tx) => {
      const [row] = await executeRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
      await admin`select pg_terminate_backend(${row!.pid})`;
      // The driver rejects the transaction when it sees the socket close; then this body goes on, as a body whose
      // own await outlived the connection would. With parameters, as Drizzle's statements have (a statement to be
      // described first used to park the closed connection as busy: the pool of one never answered again).
      await closeSeen.promise;
      const queued = Promise.allSettled([tx.execute(sql`select ${1}::int`), tx.execute(sql`select ${2}::int`)]);
      late.resolve({ queued });
      await queued;
    });
    void transaction.catch(() => closeSeen.resolve());
    expectCutOff(await settle(transaction, 'a transaction whose backend was terminated'), ['CONNECTION_CLOSED', 'ECONNRESET', '57P01']);
    const queued = await settle((await late.promise).queued, 'statements queued on the transaction after its socket closed');
    expect(queued.fulfilled).toBe(true);
    const results = (queued as { value: PromiseSettledResult<unknown>[] }).value;
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of results) expect(codeOf((result as PromiseRejectedResult).reason)).toBe('CONNECTION_CLOSED');
    await expectAnswers(handle);
  });

  it('DB_IDLE_IN_TRANSACTION_TIMEOUT ends a transaction left idle: it rejects, its next statement too, and the pool answers next', async () => {
    const handle = await onePool({ statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 200 });
    const ended = deferred();
    const next = deferred<{ statement: Promise<unknown> }>();
    const transaction = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      // Idle here (a stalled process, holding its locks) until the server has ended the session.
      await ended.promise;
      const statement = tx.execute(sql`select 2`);
      next.resolve({ statement });
      await statement;
    });
    void transaction.catch(() => ended.resolve());
    expectCutOff(await settle(transaction, 'a transaction idle past a 200 ms limit'), ['CONNECTION_CLOSED', 'ECONNRESET', '25P03']);
    const { statement } = await next.promise;
    const outcome = await settle(statement, 'the next statement of the ended transaction');
    expect(outcome.fulfilled).toBe(false);
    expect(codeOf((outcome as { reason: unknown }).reason)).toBe('CONNECTION_CLOSED');
    await expectAnswers(handle);
  });
});

describe('a reserved connection whose backend died (postgres.js directly; porsager/postgres#1208)', () => {
  it('its queries reject instead of crashing the process or hanging, and once released the pool of one reconnects', async () => {
    const pool = postgres(stack.config.databaseUrl!, { max: 1, onnotice: () => undefined, backoff: () => 0.05 });
    try {
      const reserved = await pool.reserve();
      const [row] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
      // With a timeout, pg_terminate_backend returns once the backend is gone (not merely signalled).
      const [gone] = await admin<{ gone: boolean }[]>`select pg_terminate_backend(${row!.pid}, 10000) as gone`;
      expect(gone?.gone, 'the reserved backend should be gone').toBe(true);
      // The first query may still reach the closing socket; the ones after it are written to no socket at all.
      const first = await settle(reserved`select 1`, 'the first query on the reserved connection after the kill');
      expect(first.fulfilled, JSON.stringify(first)).toBe(false);
      for (const attempt of [1, 2]) {
        const outcome = await settle(reserved`select ${attempt}::int as n`, `query ${attempt} on the dead reserved connection`);
        expect(outcome.fulfilled, `query ${attempt}: ${JSON.stringify(outcome)}`).toBe(false);
        expect(codeOf((outcome as { reason: unknown }).reason), String((outcome as { reason: unknown }).reason)).toBe('CONNECTION_CLOSED');
      }
      reserved.release();
      const next = await settle(pool<{ one: number }[]>`select 1 as one`, 'the pool after releasing the dead reserved connection');
      expect(next.fulfilled, String((next as { reason?: unknown }).reason)).toBe(true);
    } finally {
      await pool.end({ timeout: 1 });
    }
  });
});

// One Drizzle database for both modes: a Postgres server (DATABASE_URL, postgres.js) or an embedded PGlite under
// DATA_DIR. Same schema, same queries, same migrations.
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { schema } from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

/** The rows of a raw statement, whichever driver ran it (postgres.js answers an array, PGlite `{ rows }`). */
export async function executeRows<Row>(db: Executor, statement: SQL): Promise<Row[]> {
  const answer = await db.execute(statement);
  return ((answer as { rows?: unknown[] }).rows ?? (answer as unknown as unknown[])) as Row[];
}

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'embedded';
  /** Where it is, without credentials (for logs). */
  location: string;
  ping(): Promise<void>;
  /** Applies pending migrations from MIGRATIONS_FOLDER. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Server-side limits of each session on a Postgres server, in milliseconds (0 = none). */
export interface SessionTimeouts {
  /** One statement, lock waits included: a query pinned on a lock or a lost connection cannot hold its caller forever. */
  statementTimeoutMs: number;
  /** A transaction idle this long (its process stalled) loses its session, and with it its locks. */
  idleInTransactionTimeoutMs: number;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export class DatabaseUnavailableError extends Error {}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * Opens the database, checks that it answers and applies pending migrations. The processes pass `timeouts` from the
 * configuration (DB_STATEMENT_TIMEOUT, DB_IDLE_IN_TRANSACTION_TIMEOUT); without them the server's defaults apply.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string; migrate?: boolean; poolSize?: number; timeouts?: SessionTimeouts }): Promise<DatabaseHandle> {
  const handle = options.databaseUrl ? await openPostgres(options.databaseUrl, options.poolSize, options.timeouts) : await openEmbedded(options.dataDir);
  try {
    await handle.ping();
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw new DatabaseUnavailableError(`Database ${handle.location} is unreachable: ${describeError(error)}`);
  }
  if (options.migrate !== false) await handle.migrate();
  return handle;
}

/** Startup parameters of every session: set before its first query. Strings, because postgres.js leaves out a 0. */
function sessionParameters(timeouts: SessionTimeouts | undefined): Record<string, string> {
  if (!timeouts) return {};
  return { statement_timeout: String(timeouts.statementTimeoutMs), idle_in_transaction_session_timeout: String(timeouts.idleInTransactionTimeoutMs) };
}

async function openPostgres(url: string, poolSize = 10, timeouts?: SessionTimeouts): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max: poolSize,
    connect_timeout: 5,
    idle_timeout: 30,
    // While the server is down, fail queued queries within half a second (→ 503) instead of the default backoff of up
    // to 20 s between reconnect attempts; it also lets workers resume soon after the server returns.
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5),
    onnotice: () => undefined,
    connection: sessionParameters(timeouts),
  });
  const db = drizzle(preparingAndRetrying(client), { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: async () => {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      // API and worker processes may start together: a session lock on a dedicated connection lets one migrate at a time.
      // No statement timeout there: waiting for another process's migration is a statement, and so is building an
      // index on a large table; a stuck migration stops the process at start instead of failing requests.
      const single = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => undefined, connection: sessionParameters({ statementTimeoutMs: 0, idleInTransactionTimeoutMs: timeouts?.idleInTransactionTimeoutMs ?? 0 }) });
      try {
        await single`select pg_advisory_lock(7233001)`;
        await migrate(drizzle(single, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const directory = path.join(dataDir, 'pgdata');
  mkdirSync(directory, { recursive: true });
  const client = await PGlite.create(directory);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'embedded',
    location: `embedded PGlite in ${directory}`,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: async () => {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.close(),
  };
}

type PostgresClient = import('postgres').Sql;

/**
 * The driver as Drizzle gets it, with two changes:
 * - Every query with parameters runs as a named prepared statement, cached per connection. Drizzle asks postgres.js
 *   for unnamed ones, so Postgres would parse and plan the same text again on every request (the members list's
 *   query costs more to plan than to run). The statements are the project's own fixed texts, so the cache stays
 *   small; a plan made stale by a migration is re-prepared by the driver.
 * - After the server restarts, each pooled connection that lived through the outage fails its next query once with
 *   57P01 (admin shutdown). Such a query never ran (and a transaction hit by it was rolled back), so it is sent once
 *   more on a fresh connection instead of surfacing as a 503.
 * Transactions get the same prepared statements (not the retry: their statements belong to one connection).
 */
function preparingAndRetrying(client: PostgresClient): PostgresClient {
  const terminated = (error: unknown) => (error as { code?: string } | null)?.code === '57P01';
  const once = <T>(run: () => Promise<T>): Promise<T> => run().catch((error: unknown) => (terminated(error) ? run() : Promise.reject(error)));
  const prepared = (sql: PostgresClient, ...[query, params, options]: Parameters<PostgresClient['unsafe']>) => sql.unsafe(query, params, { ...options, prepare: true });
  const unsafe = (...args: Parameters<PostgresClient['unsafe']>) => ({
    values: () => once(() => prepared(client, ...args).values()),
    then: <A, B>(resolve: (rows: Awaited<ReturnType<PostgresClient['unsafe']>>) => A, reject: (error: unknown) => B) => once(() => prepared(client, ...args)).then(resolve, reject),
  });
  const preparing = (transaction: PostgresClient): PostgresClient =>
    new Proxy(transaction, {
      get: (target, property, receiver) =>
        property === 'unsafe'
          ? (...args: Parameters<PostgresClient['unsafe']>) => prepared(target, ...args)
          : property === 'savepoint'
            ? (...args: unknown[]) => ((target as unknown as { savepoint: (...a: unknown[]) => Promise<unknown> }).savepoint)(...withPreparing(args))
            : Reflect.get(target, property, receiver),
    });
  // The transaction body is the last argument of begin/savepoint (an options string may come first).
  const withPreparing = (args: unknown[]) => args.map((arg) => (typeof arg === 'function' ? (transaction: PostgresClient) => (arg as (t: PostgresClient) => unknown)(preparing(transaction)) : arg));
  const begin = (...args: unknown[]) => once(() => (client.begin as (...a: unknown[]) => Promise<unknown>)(...withPreparing(args)));
  return new Proxy(client, {
    get: (target, property, receiver) => (property === 'unsafe' ? unsafe : property === 'begin' ? begin : Reflect.get(target, property, receiver)),
  });
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  // Drizzle wraps driver errors ("Failed query: …\nparams: …"); the driver's error says why.
  if (error instanceof Error && error.cause instanceof Error) return describeError(error.cause);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const text = code && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
    return text.replace(/\s*\n\s*/g, ' ');
  }
  return String(error);
}

/**
 * True for errors that mean "the database is not reachable right now" (→ 503, retry), not a bad query. A statement
 * cut off by DB_STATEMENT_TIMEOUT (57014) or a session ended by DB_IDLE_IN_TRANSACTION_TIMEOUT (25P03) counts: the
 * server was too busy or a lock was held too long, and the same request may pass shortly.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: string }).code;
    if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P02', '57P03', '57014', '25P03', '08006', '08001', '08003', '08004'].includes(code)) {
      return true;
    }
    if (current instanceof DatabaseUnavailableError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

// Limits on actions that reach people outside the service (letters to a registered address, mails to a
// recipient): each use is a row per bucket, counted and written under the bucket's advisory lock in one
// transaction, so concurrent requests on any number of API processes never get past the limit.
import { randomUUID } from 'node:crypto';
import { and, count, eq, gt, min, sql } from 'drizzle-orm';
import { DomainError, type TranslatedDetail } from '../../domain/errors';
import { DatabaseUnavailableError, type Database, type Transaction } from './client';
import { rateLimitEvents } from './schema';

/** Runs `work` in one transaction holding the advisory locks of `keys` (taken in one order: no deadlock). */
export async function underLocks<T>(db: Database, keys: string[], work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      for (const key of [...new Set(keys)].sort()) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
      return work(tx);
    });
  } catch (error) {
    // A refusal is the work's answer. The work is queries only, so anything else is the database failing under the
    // transaction — a connection cut mid-way can surface from the driver without a code (seen once in the fault
    // suite with Postgres stopped): 503 and try again, never a 500.
    if (error instanceof DomainError) throw error;
    throw new DatabaseUnavailableError('The database failed during a limited action.', { cause: error });
  }
}

/** Seconds until a window that began with `oldest` lets one more in (at least 1). */
export function secondsUntil(oldest: Date | null | undefined, windowMs: number, now = Date.now()): number {
  return Math.max(1, Math.ceil(((oldest?.getTime() ?? now) + windowMs - now) / 1000));
}

export interface Allowance {
  /** What is limited and for whom, e.g. `mail:<spaceId>:<recipient>`. */
  bucket: string;
  limit: number;
  windowMs: number;
}

/**
 * Takes one use from each allowance, or none: beyond a limit → 429 `too_many_requests` with Retry-After and the
 * refusal's text (its params get `limit` and `seconds`), and nothing is recorded.
 */
export async function takeAllowance(db: Database, allowances: Allowance[], refusal: { note: string; detailKey: string }): Promise<void> {
  await underLocks(
    db,
    allowances.map((allowance) => `rate-limit:${allowance.bucket}`),
    async (tx) => {
      for (const allowance of allowances) {
        const since = new Date(Date.now() - allowance.windowMs);
        const [used] = await tx
          .select({ count: count(), oldest: min(rateLimitEvents.at) })
          .from(rateLimitEvents)
          .where(and(eq(rateLimitEvents.bucket, allowance.bucket), gt(rateLimitEvents.at, since)));
        if ((used?.count ?? 0) >= allowance.limit) {
          const retryAfterSeconds = secondsUntil(used?.oldest, allowance.windowMs);
          const translatedDetail: TranslatedDetail = { key: refusal.detailKey, params: { limit: allowance.limit, seconds: retryAfterSeconds } };
          throw new DomainError('too_many_requests', refusal.note, { retryAfterSeconds, translatedDetail });
        }
      }
      await tx.insert(rateLimitEvents).values(allowances.map((allowance) => ({ id: randomUUID(), bucket: allowance.bucket })));
    },
  );
}

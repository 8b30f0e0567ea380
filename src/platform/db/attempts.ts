// Wrong-code counts for any attempts table (activation codes, administrator claims): the failures of each scope
// within the window, and the oldest of them (when the first one leaves the window, a guess is allowed again).
import { and, gte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

export interface Failures {
  count: number;
  oldest: Date | null;
}

/** Failures since `now - windowMs` in each scope (a condition on the table, e.g. its space or certificate), in one statement. */
export async function recentFailures<K extends string>(
  db: Executor,
  table: PgTable,
  columns: { at: AnyColumn; success: AnyColumn },
  scopes: Record<K, SQL>,
  windowMs: number,
  now = new Date(),
): Promise<Record<K, Failures>> {
  const names = Object.keys(scopes) as K[];
  const since = new Date(now.getTime() - windowMs);
  const selection: Record<string, SQL> = {};
  for (const [index, name] of names.entries()) {
    selection[`count${index}`] = sql<number>`count(*) filter (where ${scopes[name]})`.mapWith(Number);
    selection[`oldest${index}`] = sql<string | null>`min(${columns.at}) filter (where ${scopes[name]})`;
  }
  const [row] = (await db
    .select(selection)
    .from(table)
    .where(and(or(...names.map((name) => scopes[name])), sql`${columns.success} = false`, gte(columns.at, since)))) as Record<string, unknown>[];
  const out = {} as Record<K, Failures>;
  for (const [index, name] of names.entries()) {
    const oldest = row?.[`oldest${index}`] as string | Date | null | undefined;
    out[name] = { count: Number(row?.[`count${index}`] ?? 0), oldest: oldest ? new Date(oldest) : null };
  }
  return out;
}

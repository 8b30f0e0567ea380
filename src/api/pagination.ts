// Keyset pagination: the cursor is the sort key of the last item, opaque to callers.
import { and, eq, gt, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { ProblemError } from './problem';

export interface Position {
  at: string;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // fall through
  }
  throw new ProblemError('validation_failed', 'The cursor is not one this API returned.', { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}

/** Fetch limit + 1 rows; this trims to the page and computes the next cursor. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/** Rows after the position in (time, id) order; no condition on the first page. */
export function keysetAfter(atColumn: AnyColumn, idColumn: AnyColumn, position: Position | undefined): SQL | undefined {
  if (!position) return undefined;
  const at = new Date(position.at);
  return or(gt(atColumn, at), and(eq(atColumn, at), gt(idColumn, position.id)));
}

/** Rows before the position, for newest-first lists. */
export function keysetBefore(atColumn: AnyColumn, idColumn: AnyColumn, position: Position | undefined): SQL | undefined {
  if (!position) return undefined;
  const at = new Date(position.at);
  return or(lt(atColumn, at), and(eq(atColumn, at), lt(idColumn, position.id)));
}

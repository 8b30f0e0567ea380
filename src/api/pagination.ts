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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_ID = /^[A-Za-z0-9._:/-]{1,300}$/;

/**
 * The position a cursor stands for. Anything this API did not issue (a foreign id shape, a date out of range) is a
 * 422, never a query error. Ids are UUIDs unless the list is keyed by text ids (the timeline).
 */
export function decodeCursor(cursor: string | undefined, ids: 'uuid' | 'text' = 'uuid'): Position | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const time = typeof at === 'string' ? new Date(at) : undefined;
    const year = time?.getUTCFullYear() ?? NaN;
    if (time && year >= 1 && year <= 9999 && typeof id === 'string' && (ids === 'uuid' ? UUID : TEXT_ID).test(id)) return { at: time.toISOString(), id };
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

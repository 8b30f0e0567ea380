// Keyset pagination: the cursor is the sort key of the last item, `<epoch milliseconds>_<id>`. Its format is stated in
// the OpenAPI document (CURSOR_PATTERN), so that every cursor the document allows stands for a position.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { DomainError } from '../domain/errors';

export interface Position {
  at: string;
  id: string;
}

export function encodeCursor(position: Position): string {
  return `${Date.parse(position.at)}_${position.id}`;
}

// Up to 14 digits of milliseconds: any instant from 1970 to the year 5138, all of which Postgres and Date hold.
const UUID_CURSOR = '^[0-9]{1,14}_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const TEXT_CURSOR = '^[0-9]{1,14}_[A-Za-z0-9._:/-]{1,300}$';
/** The cursor formats, for the OpenAPI document and for the check below. */
export const CURSOR_PATTERN = { uuid: UUID_CURSOR, text: TEXT_CURSOR } as const;
const CURSOR = { uuid: new RegExp(UUID_CURSOR), text: new RegExp(TEXT_CURSOR) };

/**
 * The position a cursor stands for. Anything this API did not issue (a foreign id shape, a date out of range) is a
 * 422, never a query error. Ids are UUIDs unless the list is keyed by text ids (the timeline).
 */
export function decodeCursor(cursor: string | undefined, ids: 'uuid' | 'text' = 'uuid'): Position | undefined {
  if (!cursor) return undefined;
  if (cursor.length <= 400 && CURSOR[ids].test(cursor)) {
    const separator = cursor.indexOf('_');
    return { at: new Date(Number(cursor.slice(0, separator))).toISOString(), id: cursor.slice(separator + 1) };
  }
  throw new DomainError('validation_failed', 'The cursor is not one this API returned.', { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}

/** Fetch limit + 1 rows; this trims to the page and computes the next cursor. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/**
 * Rows after the position in (time, id) order; no condition on the first page. A row comparison, which a btree
 * index on (…, time, id) answers as a range: a deep page costs what the first does (an OR of the two conditions is
 * a filter the scan applies to every row before the position).
 */
export function keysetAfter(atColumn: AnyColumn, idColumn: AnyColumn, position: Position | undefined): SQL | undefined {
  if (!position) return undefined;
  return sql`(${atColumn}, ${idColumn}) > (${sql.param(new Date(position.at), atColumn)}, ${sql.param(position.id, idColumn)})`;
}

/** Rows before the position, for newest-first lists. */
export function keysetBefore(atColumn: AnyColumn, idColumn: AnyColumn, position: Position | undefined): SQL | undefined {
  if (!position) return undefined;
  return sql`(${atColumn}, ${idColumn}) < (${sql.param(new Date(position.at), atColumn)}, ${sql.param(position.id, idColumn)})`;
}

/** A page of a list that grows (API.md): its items and the cursor of the next page, null on the last. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a caller asks of such a list: `limit` (1–200) rows after `cursor`. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

// SQL helpers of every store: how a statement writes times as the API does, and reads rows back from JSON.
import { getTableColumns, sql, type AnyColumn, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
export { iso };


/** A timestamptz as the API writes times (`Date#toISOString()`: UTC, milliseconds, "Z"), for answers the database writes. */
export function isoTime(value: SQL): SQL {
  return sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}


/** A table's row from its `row_to_json` (column names as keys), through each column's driver mapping. */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  return columnsFromJson(getTableColumns(table), json) as InferSelectModel<T>;
}


/** `rowFromJson` for some columns (keyed as in a Drizzle select), e.g. a JSON object a statement built of them. */
export function columnsFromJson(columns: Record<string, AnyColumn>, json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, json[column.name] === null || json[column.name] === undefined ? null : column.mapFromDriverValue(json[column.name])]),
  );
}

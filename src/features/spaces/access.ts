// Rights at every use (R10, R11, R16, R19, trust rules): the caller's membership in a space, read from the database
// at every request, so a removed member loses access at once; a foreign space is 404. The lists of a space read the
// rights and their page in one statement (readPageAsMember and its variants), the one list-with-rights helper.
import { and, eq, sql, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { executeRows } from '../../platform/db/client';
import { memberships } from '../../platform/db/schema';
import { rowFromJson } from '../../platform/db/sql';
import type { Requester } from '../../platform/requester';
import { type PermissionName, type Permissions } from '../../domain/access';
import { forbidden, notFound } from '../../domain/errors';
import { personOf } from '../people/use-cases';
import type { Caller, PersonRow } from '../../platform/requester';

export type MembershipRow = typeof memberships.$inferSelect;

/**
 * The caller's membership in a space, or 404 (never reveal that a foreign space exists). With the
 * `invited-only` certificate mode only the invited certificate gets in (R16).
 */
export async function requireMembership(requester: Requester, spaceId: string): Promise<MembershipRow> {
  const person = await personOf(requester);
  const [membership] = await requester.deps.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.personId, person.id)))
    .limit(1);
  return admitted(membership, requester.caller);
}

/** R16: with the `invited-only` certificate mode only the invited certificate gets in; a foreign space is 404. */
function admitted(membership: MembershipRow | undefined, caller: Caller): MembershipRow {
  if (!membership) throw notFound('The space');
  if (membership.certificateMode === 'invited-only' && membership.certificateSsn !== caller.certificateSsn) throw notFound('The space');
  return membership;
}

/** Rows as Postgres's row_to_json spells them. */
interface PersonJson {
  id: string;
  portal_person_id: string | null;
  name: string;
  email: string | null;
  language: PersonRow['language'];
  created_at: string;
}
interface MembershipJson {
  id: string;
  space_id: string;
  person_id: string;
  certificate_ssn: string;
  certificate_mode: MembershipRow['certificateMode'];
  role: MembershipRow['role'];
  permissions: MembershipRow['permissions'];
  invitation_id: string | null;
  created_at: string;
}

/**
 * A page of a space's list together with the caller's person and membership, in one SQL statement: the rights
 * are read from the database at every request (a removed member loses access at once, R19), only without three
 * round trips. `page` is a query whose rows are the page; it runs only for an admitted caller. A certificate
 * never seen before takes the ordinary path (registration, R2), then the same statement. `result` is what the
 * statement returns over `page`.
 */
async function readAsMember<Result>(requester: Requester, spaceId: string, page: SQL, result: SQL, registered = false): Promise<{ membership: MembershipRow; result: Result }> {
  const { db } = requester.deps;
  const { caller } = requester;
  const [row] = await executeRows<{ person: PersonJson | null; membership: MembershipJson | null; result: Result }>(db, sql`
    with person as (
      select p.* from certificates c join persons p on p.id = c.person_id where c.ssn = ${caller.certificateSsn}
    ), membership as (
      -- The person's id as a value (one certificate, one person), so the lookup is one probe of
      -- memberships_space_person_key: as a join, a prepared statement's generic plan read every member of the space.
      select m.* from memberships m where m.space_id = ${spaceId} and m.person_id = (select id from person)
    ), page as (
      select * from (${page}) rows
       where exists (select 1 from membership where certificate_mode <> 'invited-only' or certificate_ssn = ${caller.certificateSsn})
    )
    select (select row_to_json(person) from person) as person,
           (select row_to_json(membership) from membership) as membership,
           (${result}) as result`);
  if (!row?.person) {
    if (registered) throw notFound('The space');
    await personOf(requester);
    return readAsMember<Result>(requester, spaceId, page, result, true);
  }
  const p = row.person;
  requester.person = { id: p.id, portalPersonId: p.portal_person_id, name: p.name, email: p.email, language: p.language, createdAt: new Date(p.created_at) };
  const m = row.membership;
  const membership = admitted(
    m
      ? { id: m.id, spaceId: m.space_id, personId: m.person_id, certificateSsn: m.certificate_ssn, certificateMode: m.certificate_mode, role: m.role, permissions: m.permissions, invitationId: m.invitation_id, createdAt: new Date(m.created_at) }
      : undefined,
    caller,
  );
  return { membership, result: row.result };
}

/**
 * `requireMembership` and one row of `query` (or null), read only for an admitted caller, in one round trip: for
 * routes that need the membership and a few facts about the space before they act.
 */
export async function requireMembershipWith<Row>(requester: Requester, spaceId: string, query: SQL): Promise<{ membership: MembershipRow; row: Row | null }> {
  const { membership, result } = await readAsMember<Row | null>(requester, spaceId, query, sql`select row_to_json(page) from page limit 1`);
  return { membership, row: result };
}

/** `readAsMember` with the page's rows as JSON objects, ordered by `order`. */
export async function readPageAsMember<Row>(requester: Requester, spaceId: string, page: SQL, order: SQL): Promise<{ membership: MembershipRow; rows: Row[] }> {
  const { membership, result } = await readAsMember<Row[]>(requester, spaceId, page, sql`select coalesce(json_agg(page order by ${order}), '[]'::json) from page`);
  return { membership, rows: result };
}

/**
 * `readAsMember` for the busiest lists: the database writes the whole answer, `{items, nextCursor}` as JSON text,
 * so that no row is parsed and serialised again here. `page` yields, at most `limit` + 1 rows in page order,
 * `item` (the item's JSON) and its sort key `at`, `id`; the cursor is the one `encodeCursor` writes.
 */
export async function readJsonPageAsMember(requester: Requester, spaceId: string, page: SQL, limit: number): Promise<{ membership: MembershipRow; body: string }> {
  const { membership, result } = await readAsMember<string>(
    requester,
    spaceId,
    page,
    sql`select '{"items":[' || coalesce(string_agg(item::text, ',' order by n) filter (where n <= ${limit}), '') || '],"nextCursor":'
               || case when count(*) > ${limit}
                       then to_json(max(floor(extract(epoch from at) * 1000)::bigint || '_' || id) filter (where n = ${limit}))::text
                       else 'null' end
               || '}'
          from (select item, at, id, row_number() over (order by at, id) as n from page) numbered`,
  );
  return { membership, body: result };
}

/**
 * `readPageAsMember` for a page that is a Drizzle query over one table: the rows come back typed like the
 * table's own select (JSON of the row mapped through each column's driver mapping).
 */
export async function readTablePageAsMember<T extends PgTable>(requester: Requester, spaceId: string, table: T, query: { getSQL(): SQL }, order: SQL): Promise<{ membership: MembershipRow; rows: InferSelectModel<T>[] }> {
  const { membership, rows } = await readPageAsMember<Record<string, unknown>>(requester, spaceId, query.getSQL(), order);
  return { membership, rows: rows.map((json) => rowFromJson(table, json)) };
}

export function requirePermission(membership: MembershipRow, permission: PermissionName): void {
  if (!membership.permissions[permission as keyof Permissions]) throw forbidden('permission', `This needs the ${permission} permission in this space.`, permission);
}

export function requireAdministrator(membership: MembershipRow, what: string): void {
  if (membership.role !== 'administrator') throw forbidden('administrator', `Only an administrator may ${what}.`);
}

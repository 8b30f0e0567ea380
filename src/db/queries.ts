// Reads and small writes shared by the API and the activities. Every function takes the executor it runs on,
// so callers can compose them inside one transaction.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client';
import { certificates, invitations, memberships, persons, spaceEvents, spaces } from './schema';
import type { InvitationView, MembershipView } from '../shared/temporal';
import type { SpaceEventType } from '../shared/domain';

export type InvitationRow = typeof invitations.$inferSelect;
export type SpaceRow = typeof spaces.$inferSelect;
export type PersonRow = typeof persons.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toInvitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    spaceId: row.spaceId,
    certificateSsn: row.certificateSsn,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    role: row.role,
    permissions: row.permissions,
    certificateMode: row.certificateMode,
    status: row.status,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    lastSentAt: iso(row.lastSentAt),
    createdAt: row.createdAt.toISOString(),
    answeredAt: iso(row.answeredAt),
  };
}

export async function findInvitation(db: Executor, invitationId: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, invitationId)).limit(1);
  return row;
}

export async function findSpace(db: Executor, spaceId: string): Promise<SpaceRow | undefined> {
  const [row] = await db.select().from(spaces).where(eq(spaces.id, spaceId)).limit(1);
  return row;
}

export async function findPerson(db: Executor, personId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
  return row;
}

export async function findMembershipView(db: Executor, spaceId: string, personId: string): Promise<MembershipView | undefined> {
  const [row] = await db
    .select({ membership: memberships, person: persons })
    .from(memberships)
    .innerJoin(persons, eq(persons.id, memberships.personId))
    .where(and(eq(memberships.spaceId, spaceId), eq(memberships.personId, personId)))
    .limit(1);
  return row ? toMembershipView(row.membership, row.person) : undefined;
}

export function toMembershipView(membership: typeof memberships.$inferSelect, person: PersonRow): MembershipView {
  return {
    id: membership.id,
    spaceId: membership.spaceId,
    personId: membership.personId,
    name: person.name,
    email: person.email,
    certificateSsn: membership.certificateSsn,
    certificateMode: membership.certificateMode,
    role: membership.role,
    permissions: membership.permissions,
    status: 'active',
    since: membership.createdAt.toISOString(),
  };
}

/** The person owning a certificate, if that certificate ever logged in. */
export async function findPersonIdByCertificate(db: Executor, ssn: string): Promise<string | undefined> {
  const [row] = await db.select({ personId: certificates.personId }).from(certificates).where(eq(certificates.ssn, ssn)).limit(1);
  return row?.personId;
}

/** R18 / 409 already_member: the certificate, or the person behind it, is an active member of the space. */
export async function isMemberByCertificate(db: Executor, spaceId: string, ssn: string): Promise<boolean> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.spaceId, spaceId),
        sql`(${memberships.certificateSsn} = ${ssn} or ${memberships.personId} in (select ${certificates.personId} from ${certificates} where ${certificates.ssn} = ${ssn}))`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function hasPendingInvitation(db: Executor, spaceId: string, ssn: string): Promise<boolean> {
  const rows = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.spaceId, spaceId), eq(invitations.certificateSsn, ssn), eq(invitations.status, 'pending')))
    .limit(1);
  return rows.length > 0;
}

export interface NewSpaceEvent {
  /** An idempotency key: a retried writer inserts one row. */
  id: string;
  spaceId: string;
  type: SpaceEventType;
  actor: { personId: string; name: string } | null;
  subjectId?: string;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

export async function appendSpaceEvent(db: Executor, event: NewSpaceEvent): Promise<void> {
  await db
    .insert(spaceEvents)
    .values({
      id: event.id,
      spaceId: event.spaceId,
      type: event.type,
      actorPersonId: event.actor?.personId ?? null,
      actorName: event.actor?.name ?? null,
      subjectId: event.subjectId ?? null,
      data: event.data ?? {},
      occurredAt: event.occurredAt ?? new Date(),
    })
    .onConflictDoNothing();
}

/** Locks the space row: membership changes that must keep an administrator (R10) serialise on it. */
export async function lockSpace(db: Executor, spaceId: string): Promise<void> {
  await db.execute(sql`select id from spaces where id = ${spaceId} for update`);
}

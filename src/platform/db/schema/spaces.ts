// People, spaces, memberships, invitations, the timeline and the company register (R1–R19, R47).
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CertificateMode, InvitationStatus, Permissions, Role } from '../../../domain/access';
import type { Language } from '../../../domain/language';
import type { SpaceEventType } from '../../../domain/timeline';
import { createdAt, timestampColumn } from './columns';


/** A natural person. Several certificates can belong to one person (linked by the login portal's `pid`, R16). */
export const persons = pgTable('persons', {
  id: uuid('id').primaryKey(),
  portalPersonId: text('portal_person_id').unique(),
  name: text('name').notNull(),
  email: text('email'),
  language: text('language').$type<Language>().notNull(),
  createdAt: createdAt(),
});

/** A LuxTrust certificate, identified by its 20-digit SSN (R1, R2). */
export const certificates = pgTable('certificates', {
  ssn: text('ssn').primaryKey(),
  personId: uuid('person_id')
    .notNull()
    .references(() => persons.id),
  createdAt: createdAt(),
});

export interface Address {
  line1: string;
  postalCode: string;
  city: string;
  country: string;
}

/** A professional space of a company (legal person). The company profile lives with the space. */
export const spaces = pgTable('spaces', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  companyName: text('company_name').notNull(),
  companyRegistrationNumber: text('company_registration_number').notNull(),
  companyAddress: jsonb('company_address').$type<Address>().notNull(),
  /** R44–R46: set once, never changed. */
  procedureLanguage: text('procedure_language').$type<Language>(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => persons.id),
  createdAt: createdAt(),
});

/** An active member of a space (R11). Pending invitees are invitations, not memberships (R18). */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** The certificate the person was invited (or created the space) with. */
    certificateSsn: text('certificate_ssn').notNull(),
    certificateMode: text('certificate_mode').$type<CertificateMode>().notNull(),
    role: text('role').$type<Role>().notNull(),
    permissions: jsonb('permissions').$type<Permissions>().notNull(),
    invitationId: uuid('invitation_id'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('memberships_space_person_key').on(table.spaceId, table.personId),
    index('memberships_person_idx').on(table.personId),
    // The members list reads its page in this order (listMembers).
    index('memberships_space_time_idx').on(table.spaceId, table.createdAt, table.id),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    certificateSsn: text('certificate_ssn').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    role: text('role').$type<Role>().notNull(),
    permissions: jsonb('permissions').$type<Permissions>().notNull(),
    certificateMode: text('certificate_mode').$type<CertificateMode>().notNull(),
    status: text('status').$type<InvitationStatus>().notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => persons.id),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true, mode: 'date' }),
    answeredBy: uuid('answered_by').references(() => persons.id),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    // One pending invitation per certificate and space: the race guard behind 409 already_invited.
    uniqueIndex('invitations_pending_certificate_key')
      .on(table.spaceId, table.certificateSsn)
      .where(sql`status = 'pending'`),
    index('invitations_space_status_idx').on(table.spaceId, table.status, table.createdAt, table.id),
    // GET /me/invitations reads its page in this order.
    index('invitations_certificate_idx').on(table.certificateSsn, table.status, table.createdAt, table.id),
  ],
);

/** The space timeline: who did what, when. Ids are idempotency keys so a retried activity writes one row. */
export const spaceEvents = pgTable(
  'space_events',
  {
    id: text('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    type: text('type').$type<SpaceEventType>().notNull(),
    actorPersonId: uuid('actor_person_id').references(() => persons.id),
    actorName: text('actor_name'),
    subjectId: text('subject_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('space_events_space_time_idx').on(table.spaceId, table.occurredAt, table.id)],
);


export const companyRegister = pgTable('company_register', {
  registrationNumber: text('registration_number').primaryKey(),
  name: text('name').notNull(),
  address: jsonb('address').$type<Address>().notNull(),
  language: text('language').$type<Language>(),
  updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
});

/**
 * A browser session of the pages (issue 14). Only the SHA-256 of the cookie value is stored; `caller` is the
 * identity the login established (null while an OpenID Connect login is under way, whose state is in `login`).
 */

// The processes' records: certification requests and certifications, procedures, mandates and activation codes.
import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CertificationStatus, CertificationVia } from '../../../domain/certification';
import type { Language } from '../../../domain/language';
import type { ActivationCodeKind, ActivationCodeStatus, DelegationStatus, LetterStatus, MandateScope, MandateStatus } from '../../../domain/mandates';
import type { ProcedureStatus } from '../../../domain/procedures';
import { createdAt, timestampColumn } from './columns';
import { persons, spaces, type Address } from './spaces';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** A request to certify a space for an activity field (R20, R21); the certification workflow keeps it in step. */
export const certificationRequests = pgTable(
  'certification_requests',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    activityField: text('activity_field').notNull(),
    authority: text('authority').notNull(),
    status: text('status').$type<CertificationStatus>().notNull(),
    note: text('note'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => persons.id),
    decidedBy: uuid('decided_by').references(() => persons.id),
    reason: text('reason'),
    informationRequest: text('information_request'),
    supplementDueAt: timestampColumn('supplement_due_at'),
    decidedAt: timestampColumn('decided_at'),
    createdAt: createdAt(),
    updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
  },
  (table) => [
    // One open request per field and space: the race guard behind 409 certification_pending.
    uniqueIndex('certification_requests_open_field_key')
      .on(table.spaceId, table.activityField)
      .where(sql`status in ('submitted', 'information_requested')`),
    index('certification_requests_space_idx').on(table.spaceId, table.createdAt, table.id),
    index('certification_requests_authority_idx').on(table.authority, table.status, table.createdAt, table.id),
  ],
);

/**
 * Supporting documents, in the database and never in workflow history. No foreign key to the request: the API
 * stores them before the workflow records the request (and removes them when the request is refused).
 */
export const certificationDocuments = pgTable(
  'certification_documents',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    /** Which of the activity field's required documents this is (a `requiredDocuments` code); null for an extra one. */
    kind: text('kind'),
    size: integer('size').notNull(),
    /** Order within one upload (rows of one upload share created_at). */
    position: integer('position').notNull().default(0),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => persons.id),
    createdAt: createdAt(),
  },
  (table) => [index('certification_documents_request_idx').on(table.requestId, table.createdAt, table.position)],
);

/** What a space is certified for: an activity field (by request) or a section (by activation code, R22). */
export const spaceCertifications = pgTable(
  'space_certifications',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    activityField: text('activity_field'),
    section: text('section'),
    via: text('via').$type<CertificationVia>().notNull(),
    requestId: uuid('request_id').references(() => certificationRequests.id),
    certifiedAt: timestampColumn('certified_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('space_certifications_field_key').on(table.spaceId, table.activityField).where(sql`activity_field is not null`),
    uniqueIndex('space_certifications_section_key').on(table.spaceId, table.section).where(sql`section is not null`),
  ],
);

/**
 * A procedure of a space (R12–R14, R20, R42–R45). The language is fixed at creation: the space's procedure language,
 * else the creator's, with the R43 fallback recorded in language_fallback_from.
 */
export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    type: text('type').notNull(),
    language: text('language').$type<Language>().notNull(),
    /** The language that was wanted but is not offered for this type (R43); null when none was needed. */
    languageFallbackFrom: text('language_fallback_from').$type<Language>(),
    status: text('status').$type<ProcedureStatus>().notNull(),
    data: jsonb('data').$type<Record<string, string | number | boolean>>().notNull().default({}),
    /** The mandator's space when a delegate acts on its behalf (R35). */
    onBehalfOf: uuid('on_behalf_of').references(() => spaces.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => persons.id),
    signedBy: uuid('signed_by').references(() => persons.id),
    signedAt: timestampColumn('signed_at'),
    submittedBy: uuid('submitted_by').references(() => persons.id),
    submittedAt: timestampColumn('submitted_at'),
    createdAt: createdAt(),
    updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('procedures_space_idx').on(table.spaceId, table.createdAt, table.id),
    // The mandator's view of what delegates filed on its behalf (R28, R35).
    index('procedures_on_behalf_idx').on(table.onBehalfOf, table.createdAt, table.id),
  ],
);

// ——— Mandates and activation codes (R22–R38) ———

/**
 * A mandate from the space that made the access request (the mandator) for one section. `active` means its holder
 * code was entered; at most one per section and company (R33, the partial unique index).
 */
export const mandates = pgTable(
  'mandates',
  {
    id: uuid('id').primaryKey(),
    mandatorSpaceId: uuid('mandator_space_id')
      .notNull()
      .references(() => spaces.id),
    /** The company (registration number) at the time of the request: the key of R33. */
    companyRegistrationNumber: text('company_registration_number').notNull(),
    section: text('section').notNull(),
    scope: jsonb('scope').$type<MandateScope>().notNull(),
    status: text('status').$type<MandateStatus>().notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => persons.id),
    activationDeadline: timestampColumn('activation_deadline').notNull(),
    endDate: timestampColumn('end_date'),
    /** The end of use staff set (R34): the mandator may choose an earlier one, never a later one or none. */
    administrationEndDate: timestampColumn('administration_end_date'),
    activatedAt: timestampColumn('activated_at'),
    closedAt: timestampColumn('closed_at'),
    createdAt: createdAt(),
    updatedAt: timestampColumn('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('mandates_active_holder_key').on(table.companyRegistrationNumber, table.section).where(sql`status = 'active'`),
    index('mandates_mandator_idx').on(table.mandatorSpaceId, table.createdAt, table.id),
  ],
);

/** One printed letter per code, addressed to the company's registered address. Never holds the code. */
export const letters = pgTable(
  'letters',
  {
    id: uuid('id').primaryKey(),
    mandateId: uuid('mandate_id')
      .notNull()
      .references(() => mandates.id),
    kind: text('kind').$type<ActivationCodeKind>().notNull(),
    /** 0 for the access request, then one more per change of the delegate codes. */
    batch: integer('batch').notNull(),
    recipient: jsonb('recipient').$type<{ companyName: string; address: Address }>().notNull(),
    language: text('language').$type<Language>().notNull(),
    status: text('status').$type<LetterStatus>().notNull(),
    fileName: text('file_name').notNull(),
    printedAt: timestampColumn('printed_at').notNull().defaultNow(),
    dispatchedAt: timestampColumn('dispatched_at'),
  },
  (table) => [index('letters_mandate_idx').on(table.mandateId, table.batch)],
);

/** Only a keyed hash of each code is stored (HMAC-SHA256 with ACTIVATION_CODE_SECRET). */
export const activationCodes = pgTable(
  'activation_codes',
  {
    id: uuid('id').primaryKey(),
    mandateId: uuid('mandate_id')
      .notNull()
      .references(() => mandates.id),
    kind: text('kind').$type<ActivationCodeKind>().notNull(),
    batch: integer('batch').notNull(),
    codeHash: text('code_hash').notNull(),
    status: text('status').$type<ActivationCodeStatus>().notNull(),
    usedBySpaceId: uuid('used_by_space_id').references(() => spaces.id),
    usedAt: timestampColumn('used_at'),
    letterId: uuid('letter_id')
      .notNull()
      .references(() => letters.id),
    /** Codes of a later batch (new delegate codes) have their own deadline; null = the mandate's (R34). */
    activationDeadline: timestampColumn('activation_deadline'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('activation_codes_hash_key').on(table.codeHash), index('activation_codes_mandate_idx').on(table.mandateId, table.batch)],
);

/** A delegate space acting for the mandator in the mandate's section and scope (R23, R24, R27, R28). */
export const delegations = pgTable(
  'delegations',
  {
    id: uuid('id').primaryKey(),
    mandateId: uuid('mandate_id')
      .notNull()
      .references(() => mandates.id),
    delegateSpaceId: uuid('delegate_space_id')
      .notNull()
      .references(() => spaces.id),
    activationCodeId: uuid('activation_code_id')
      .notNull()
      .unique()
      .references(() => activationCodes.id),
    status: text('status').$type<DelegationStatus>().notNull(),
    createdAt: createdAt(),
    endedAt: timestampColumn('ended_at'),
  },
  (table) => [index('delegations_delegate_idx').on(table.delegateSpaceId, table.status, table.createdAt, table.id), index('delegations_mandate_idx').on(table.mandateId)],
);

/** Code entries per space, for the brute-force limit; in the database so that it survives restarts. */
export const activationAttempts = pgTable(
  'activation_attempts',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => spaces.id),
    at: timestampColumn('at').notNull().defaultNow(),
    success: boolean('success').notNull(),
    /** The caller's certificate: the limit holds per caller too, across the spaces they create. */
    certificateSsn: text('certificate_ssn'),
  },
  (table) => [index('activation_attempts_space_idx').on(table.spaceId, table.at), index('activation_attempts_certificate_idx').on(table.certificateSsn, table.at)],
);

/**
 * The administration's company register (R25, R33): who a company is, never what a space declares. Letters go to
 * this name and address. Loaded from COMPANY_REGISTER_FILE at start, kept by staff of the LBR authority.
 */

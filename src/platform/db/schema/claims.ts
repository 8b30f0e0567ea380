// Administrator claims (R48): a person's claim to administer every space of a registered company, proved by a code
// posted to the register's address, and the wrong codes typed for it. Only the code's HMAC is stored.
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ClaimStatus } from '../../../domain/claims';
import type { Language } from '../../../domain/language';
import { timestampColumn } from './columns';
import { persons, type Address } from './spaces';

/** The letter's addressee as posted: the register's name and address at that moment. */
export interface ClaimRecipient {
  companyName: string;
  address: Address;
}

export const administratorClaims = pgTable(
  'administrator_claims',
  {
    id: uuid('id').primaryKey(),
    registrationNumber: text('registration_number').notNull(),
    claimantPersonId: uuid('claimant_person_id')
      .notNull()
      .references(() => persons.id),
    /** The certificate the claimant asked with: a new membership is for it. */
    claimantCertificateSsn: text('claimant_certificate_ssn').notNull(),
    status: text('status').$type<ClaimStatus>().notNull(),
    /** HMAC of the code (src/platform/codes.ts); null until the letter is printed. */
    codeHash: text('code_hash'),
    letterId: uuid('letter_id'),
    /** The letter as posted: the register's name and address then, and its language. */
    recipient: jsonb('recipient').$type<ClaimRecipient>(),
    letterLanguage: text('letter_language').$type<Language>(),
    expiresAt: timestampColumn('expires_at').notNull(),
    decidedBy: uuid('decided_by').references(() => persons.id),
    decidedAt: timestampColumn('decided_at'),
    /** Written in whole milliseconds by the application, so a page's cursor (epoch ms) names its last row exactly. */
    createdAt: timestampColumn('created_at').notNull(),
  },
  (table) => [
    // One open claim per person and company: the race guard behind 409 claim_open.
    uniqueIndex('administrator_claims_open_key')
      .on(table.claimantPersonId, table.registrationNumber)
      .where(sql`status = 'letter_sent'`),
    index('administrator_claims_company_idx').on(table.registrationNumber, table.status, table.createdAt, table.id),
    index('administrator_claims_claimant_idx').on(table.claimantPersonId, table.createdAt, table.id),
  ],
);

/** Codes typed for a claim: the wrong-code limit holds per claim and per certificate. */
export const claimAttempts = pgTable(
  'claim_attempts',
  {
    id: uuid('id').primaryKey(),
    claimId: uuid('claim_id').notNull(),
    certificateSsn: text('certificate_ssn').notNull(),
    success: boolean('success').notNull(),
    at: timestampColumn('at').notNull().defaultNow(),
  },
  (table) => [index('claim_attempts_claim_idx').on(table.claimId, table.at), index('claim_attempts_certificate_idx').on(table.certificateSsn, table.at)],
);


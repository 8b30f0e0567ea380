// What the machinery keeps: the mail outbox, page sessions and Idempotency-Keys.
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Language } from '../../../domain/language';
import { createdAt } from './columns';

/** Every mail goes through here first, keyed by an idempotency key, so a retried activity never sends twice. */
export const mailOutbox = pgTable('mail_outbox', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  recipient: text('recipient').notNull(),
  subject: text('subject').notNull(),
  kind: text('kind').notNull(),
  language: text('language').$type<Language>().notNull(),
  messageId: text('message_id').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  /** While an attempt's send is in flight, the row is its own until then (src/platform/mail/outbox.ts). */
  leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
});


export const pageSessions = pgTable(
  'page_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    caller: jsonb('caller').$type<{ certificateSsn: string; name: string; email: string | null; portalPersonId: string | null; staff: string | null }>(),
    csrfToken: text('csrf_token').notNull(),
    login: jsonb('login').$type<{ state: string; codeVerifier: string; nonce: string; returnTo: string }>(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('page_sessions_expires_at_idx').on(table.expiresAt)],
);

/**
 * The Idempotency-Key of a process-starting POST: its id is the id derived from caller, space and key (the same
 * id the started resource gets), the hash names the request it stood for, the answer is what the first call got.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  id: uuid('id').primaryKey(),
  requestHash: text('request_hash').notNull(),
  answer: jsonb('answer').$type<unknown>(),
  createdAt: createdAt(),
});


/** One use of a limited action (a letter to a company, a mail to a recipient), per bucket (src/platform/db/rate-limits.ts). */
export const rateLimitEvents = pgTable(
  'rate_limit_events',
  {
    id: uuid('id').primaryKey(),
    bucket: text('bucket').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('rate_limit_events_bucket_idx').on(table.bucket, table.at)],
);

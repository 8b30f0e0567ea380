// The mail outbox: a mail is recorded under its idempotency key before it is sent and marked once sent,
// so a retried activity finds it sent and does not send it again.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { mailOutbox } from '../db/schema';
import type { Mailer } from './mailer';
import { renderMail, type AnyMailKind, type MailParams } from './templates';
import type { Language } from '../../domain/language';

export interface MailRequest<K extends AnyMailKind> {
  idempotencyKey: string;
  to: string;
  kind: K;
  language: Language;
  params: MailParams[K];
}

export async function deliverMail<K extends AnyMailKind>(db: Database, mailer: Mailer, request: MailRequest<K>): Promise<'sent' | 'already-sent'> {
  const rendered = renderMail(request.kind, request.language, request.params);
  const messageId = `<${request.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@professional-spaces>`;
  // One round trip: the outbox row is claimed, or — on a retry — read back with whether it already left.
  const [entry] = await db
    .insert(mailOutbox)
    .values({ idempotencyKey: request.idempotencyKey, recipient: request.to, subject: rendered.subject, kind: request.kind, language: request.language, messageId })
    .onConflictDoUpdate({ target: mailOutbox.idempotencyKey, set: { idempotencyKey: sql`excluded.idempotency_key` } })
    .returning({ sentAt: mailOutbox.sentAt });
  if (entry?.sentAt) return 'already-sent';
  await mailer.send({ to: request.to, subject: rendered.subject, text: rendered.text, html: rendered.html, messageId });
  await db.update(mailOutbox).set({ sentAt: new Date() }).where(eq(mailOutbox.idempotencyKey, request.idempotencyKey));
  return 'sent';
}

// The mail outbox: a mail is recorded under its idempotency key before it is sent and marked once sent, so a
// retried activity finds it sent and does not send it again. The attempt that sends holds a lease on the row: an
// attempt that timed out (a local activity's 2 s) keeps running, and another attempt that finds its send in flight
// waits (a retryable failure) instead of sending the same mail a second time. A send that fails frees the row.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { mailOutbox } from '../db/schema';
import { SendTimedOut, type Mailer } from './mailer';
import { renderMail, type AnyMailKind, type MailParams } from './templates';
import type { Language } from '../../domain/language';

export interface MailRequest<K extends AnyMailKind> {
  idempotencyKey: string;
  to: string;
  kind: K;
  language: Language;
  params: MailParams[K];
}


/** Another attempt is sending this mail right now; the activity is retried and then finds it sent. */
export class MailInFlight extends Error {
  constructor(idempotencyKey: string) {
    super(`The mail ${idempotencyKey} is being sent by another attempt; it is tried again shortly.`);
    this.name = 'MailInFlight';
  }
}

export async function deliverMail<K extends AnyMailKind>(db: Database, mailer: Mailer, request: MailRequest<K>): Promise<'sent' | 'already-sent'> {
  const rendered = renderMail(request.kind, request.language, request.params);
  const messageId = `<${request.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@professional-spaces>`;
  // Twice the longest a send may last (the mailer's own limit), so a lease never ends under a send still in flight.
  const lease = sql`now() + make_interval(secs => ${Math.ceil((2 * mailer.sendLimitMs) / 1000)})`;
  const thisRow = eq(mailOutbox.idempotencyKey, request.idempotencyKey);
  // One round trip: the row is recorded and leased, or — on a retry — leased again when it is neither sent nor in
  // flight. No row back: it was sent, or another attempt holds it.
  const [claimed] = await db
    .insert(mailOutbox)
    .values({ idempotencyKey: request.idempotencyKey, recipient: request.to, subject: rendered.subject, kind: request.kind, language: request.language, messageId, leaseUntil: lease })
    .onConflictDoUpdate({
      target: mailOutbox.idempotencyKey,
      set: { leaseUntil: lease },
      setWhere: sql`${mailOutbox.sentAt} is null and (${mailOutbox.leaseUntil} is null or ${mailOutbox.leaseUntil} < now())`,
    })
    .returning({ sentAt: mailOutbox.sentAt });
  if (!claimed) {
    const [row] = await db.select({ sentAt: mailOutbox.sentAt }).from(mailOutbox).where(thisRow);
    if (row?.sentAt) return 'already-sent';
    throw new MailInFlight(request.idempotencyKey);
  }
  try {
    await mailer.send({ to: request.to, subject: rendered.subject, text: rendered.text, html: rendered.html, messageId });
  } catch (error) {
    // The server refused or the connection failed: the next attempt may send at once.
    if (!(error instanceof SendTimedOut)) await db.update(mailOutbox).set({ leaseUntil: null }).where(and(thisRow, isNull(mailOutbox.sentAt)));
    throw error;
  }
  await db.update(mailOutbox).set({ sentAt: new Date(), leaseUntil: null }).where(thisRow);
  return 'sent';
}

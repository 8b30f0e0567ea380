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
    // The server refused (an SMTP reply code): nothing left, the next attempt may send at once. Anything else — a
    // send given up on, a connection lost mid-send — may have delivered it: the lease runs out first.
    if (!(error instanceof SendTimedOut) && typeof (error as { responseCode?: unknown }).responseCode === 'number') {
      await db.update(mailOutbox).set({ leaseUntil: null }).where(and(thisRow, isNull(mailOutbox.sentAt)));
    }
    throw error;
  }
  await markSent(db, request.idempotencyKey);
  return 'sent';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long a sent mail's record is tried for: past any outage the service is expected to ride out. */
const MARK_SENT_HORIZON_MS = 120_000;

/**
 * The mail has left: record it. A database that fails now (restarting, a reset connection) is tried again, past
 * the lease if need be: no other attempt can claim the row while the database is away, and once it is back this
 * loop (every second at most) records the send before a retried activity (Temporal's backoff, seconds) comes for it
 * — before, the activity failed, the lease ran out and the retry sent a copy (the chaos run, seed 3; the fault
 * suite's 10 s Postgres stop outlasted the fault cluster's 10 s lease). SMTP and the database cannot commit
 * together: only an outage longer than MARK_SENT_HORIZON_MS, or a crash right here, still leaves a copy (same
 * Message-ID).
 */
async function markSent(db: Database, idempotencyKey: string): Promise<void> {
  const giveUpAt = Date.now() + MARK_SENT_HORIZON_MS;
  for (let wait = 100; ; wait = Math.min(2 * wait, 1_000)) {
    try {
      await db.update(mailOutbox).set({ sentAt: new Date(), leaseUntil: null }).where(eq(mailOutbox.idempotencyKey, idempotencyKey));
      return;
    } catch (error) {
      if (Date.now() + wait > giveUpAt) throw error;
      await sleep(wait);
    }
  }
}

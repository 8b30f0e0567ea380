// Mail transport: SMTP when SMTP_URL is set, else one .eml file per message under DATA_DIR/outbox/mail.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per idempotency key, so a receiver can also see duplicates for what they are. */
  messageId: string;
}

export interface Mailer {
  /** The longest one send may take; an outbox lease outlasts it. */
  readonly sendLimitMs: number;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  describe(): string;
}

/**
 * The longest one SMTP send may take by default (SMTP_SEND_TIMEOUT): connecting, the greeting and each silence on
 * the socket are bounded by parts of it (nodemailer's defaults are minutes), and a send as a whole gives up after
 * it. The outbox's lease outlasts it (src/platform/mail/outbox.ts).
 */
export const SMTP_SEND_LIMIT_MS = 30_000;
/** A send given up on: it may still complete in the background, so its outbox lease is left to run out. */
export class SendTimedOut extends Error {}

export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string; sendLimitMs?: number }): Mailer {
  const sendLimitMs = options.sendLimitMs ?? SMTP_SEND_LIMIT_MS;
  // The silence allowed on a socket is the whole send limit: a process paused for less (a long GC, SIGSTOP) must not
  // find its idle timer expired before it reads the server's reply already waiting in the buffer — the connection
  // would close on a message the server took (the chaos run, seed 3, saw such copies).
  const timeouts = { connectionTimeout: Math.round(sendLimitMs / 3), greetingTimeout: Math.round(sendLimitMs / 3), socketTimeout: sendLimitMs };
  const headers = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
  if (options.smtpUrl) {
    // Pooled: a mail reuses an open SMTP connection instead of a handshake per message (a burst of invitations is a
    // burst of mails); `?pool=false` in SMTP_URL turns it off.
    const url = new URL(options.smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    // The pool never sends a message again by itself when a connection closes mid-send (the server may have taken
    // it): whether to try again is the outbox's decision, under its lease.
    if (!url.searchParams.has('maxRequeues')) url.searchParams.set('maxRequeues', '0');
    for (const [name, ms] of Object.entries(timeouts)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
    const transport = nodemailer.createTransport(url.toString());
    return {
      sendLimitMs,
      async send(mail) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new SendTimedOut(`The SMTP send did not finish within ${sendLimitMs} ms`)), sendLimitMs);
        });
        try {
          await Promise.race([transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers }), limit]);
        } finally {
          clearTimeout(timer);
        }
      },
      close: () => transport.close(),
      describe: () => `SMTP ${new URL(options.smtpUrl!).host}`,
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    sendLimitMs,
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers });
      await mkdir(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9@.-]/g, '_').slice(0, 120)}.eml`;
      await writeFile(path.join(options.outboxDir, name), info.message as Buffer);
    },
    close: () => transport.close(),
    describe: () => `.eml files in ${options.outboxDir}`,
  };
}

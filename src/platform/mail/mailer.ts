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
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
  describe(): string;
}

export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  const headers = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
  if (options.smtpUrl) {
    // Pooled: a mail reuses an open SMTP connection instead of a handshake per message (a burst of invitations is a
    // burst of mails); `?pool=false` in SMTP_URL turns it off.
    const url = new URL(options.smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    const transport = nodemailer.createTransport(url.toString());
    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers });
      },
      close: () => transport.close(),
      describe: () => `SMTP ${new URL(options.smtpUrl!).host}`,
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
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

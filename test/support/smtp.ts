// A real SMTP server inside the test process: mail sent by the activities arrives here over TCP.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: ParsedMail['headers'];
  /** When its DATA began (Date.now()): before parsing, which may end after the sender died. */
  receivedAt: number;
}

export interface TestSmtpServer {
  url: string;
  mails: ReceivedMail[];
  /** Waits until `count` mails match (default 1) and returns them. */
  waitFor(match: (mail: ReceivedMail) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedMail[]>;
  matching(match: (mail: ReceivedMail) => boolean): ReceivedMail[];
  /** While false, every MAIL FROM is refused with a temporary 451 (the sender keeps the mail and retries). */
  setAccepting(accepting: boolean): void;
  /** Each message's DATA is answered this much later (a slow mail server); 0 = at once. */
  delayData(ms: number): void;
  /** How many MAIL FROM commands were refused so far. */
  refusals(): number;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  let accepting = true;
  let refused = 0;
  let dataDelayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (accepting) return callback();
      refused += 1;
      callback(Object.assign(new Error('Mailbox temporarily unavailable, try again later'), { responseCode: 451 }));
    },
    onData(stream, session, callback) {
      const receivedAt = Date.now();
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers,
            receivedAt,
          });
          if (dataDelayMs > 0) setTimeout(() => callback(), dataDelayMs);
          else callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that dies mid-connection (a worker killed with SIGKILL holding a pooled SMTP connection) resets its
  // socket; like any mail server, drop that connection and go on serving the others.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const matching = (match: (mail: ReceivedMail) => boolean) => mails.filter(match);
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    matching,
    setAccepting: (value) => {
      accepting = value;
    },
    refusals: () => refused,
    delayData: (ms) => {
      dataDelayMs = ms;
    },
    async waitFor(match, { count = 1, timeoutMs = 20_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = matching(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`expected ${count} matching mail(s) within ${timeoutMs} ms, got ${found.length}: ${mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

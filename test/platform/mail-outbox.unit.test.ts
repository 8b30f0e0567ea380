// The mail outbox against a database that fails right after a send (a real Postgres behind the test's TCP proxy,
// a real SMTP server): the send is recorded once the database is back, even after the attempt's lease ran out — no copy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/client';
import { createMailer, type Mailer } from '../../src/platform/mail/mailer';
import { deliverMail } from '../../src/platform/mail/outbox';
import { createTestDatabase, startSmtpServer, type TestSmtpServer } from '../support';
import { startTcpProxy, type TcpProxy } from '../faults/support/proxy';

let database: DatabaseHandle;
let proxy: TcpProxy;
let smtp: TestSmtpServer;
let mailer: Mailer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const testDatabase = await createTestDatabase();
  const url = new URL(testDatabase.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'spaces-outbox-'));
  database = await openDatabase({ databaseUrl: url.toString(), dataDir, poolSize: 2 });
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'no-reply@spaces.example.lu', outboxDir: dataDir, sendLimitMs: 5_000 });
  cleanup = async () => {
    mailer.close();
    await database.close();
    await proxy.close();
    await smtp.close();
    await testDatabase.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
});
afterAll(async () => {
  await cleanup?.();
});

it('a database gone between the send and its record: recorded when it is back, the mail sent once', async () => {
  // Found by the chaos run (seed 3): the activity failed, the lease ran out, and its retry sent a copy.
  const to = `outbox.${randomUUID().slice(0, 8)}@example.lu`;
  const idempotencyKey = `outbox-test/${randomUUID()}`;
  // The SMTP server answers the message's data late; meanwhile the database goes away, and comes back a second after.
  smtp.delayData(500);
  const delivery = deliverMail(database.db, mailer, { idempotencyKey, to, kind: 'invitation-cancelled', language: 'en', params: { spaceName: 'Finance', companyName: 'Acme SA' } });
  await smtp.waitFor((mail) => mail.to.includes(to), { timeoutMs: 10_000 });
  proxy.setRefusing(true);
  setTimeout(() => proxy.setRefusing(false), 1_000);
  try {
    expect(await delivery).toBe('sent');
  } finally {
    smtp.delayData(0);
    proxy.setRefusing(false);
  }
  // A retry of the activity finds it sent.
  expect(await deliverMail(database.db, mailer, { idempotencyKey, to, kind: 'invitation-cancelled', language: 'en', params: { spaceName: 'Finance', companyName: 'Acme SA' } })).toBe('already-sent');
  expect(smtp.matching((mail) => mail.to.includes(to))).toHaveLength(1);
});

it('a database gone for longer than the lease: the sender still records its send when it is back, and a retry finds it sent', async () => {
  // The fault suite stops Postgres for 10 s, as long as its cluster's lease: a sender that gave up at its lease's end
  // left the row to a retry, which sent a copy.
  const shortLease = createMailer({ smtpUrl: smtp.url, from: 'no-reply@spaces.example.lu', outboxDir: mkdtempSync(path.join(tmpdir(), 'spaces-outbox-')), sendLimitMs: 2_000 });
  const to = `outbox.${randomUUID().slice(0, 8)}@example.lu`;
  const idempotencyKey = `outbox-test/${randomUUID()}`;
  const request = { idempotencyKey, to, kind: 'invitation-cancelled', language: 'en', params: { spaceName: 'Finance', companyName: 'Acme SA' } } as const;
  smtp.delayData(200);
  const delivery = deliverMail(database.db, shortLease, request);
  delivery.catch(() => undefined); // awaited below; a failure is reported there, not as unhandled
  await smtp.waitFor((mail) => mail.to.includes(to), { timeoutMs: 10_000 });
  proxy.setRefusing(true);
  // Back only after the sender's 4 s lease is over.
  setTimeout(() => proxy.setRefusing(false), 5_000);
  try {
    expect(await delivery).toBe('sent');
  } finally {
    smtp.delayData(0);
    proxy.setRefusing(false);
    shortLease.close();
  }
  expect(await deliverMail(database.db, shortLease, request)).toBe('already-sent');
  expect(smtp.matching((mail) => mail.to.includes(to))).toHaveLength(1);
});

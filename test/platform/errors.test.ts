// Failures of the parts underneath: the API answers problem+json 500 without internals for a broken query, and
// 503 (not 500, not hanging) while the database or Temporal is unreachable. Faults are real: a renamed table, a
// closed connection pool, a Temporal address where nothing listens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createApp } from '../../src/app';
import { openDatabase } from '../../src/platform/db/client';
import { createMailer } from '../../src/platform/mail/mailer';
import { withoutQueryParameters } from '../../src/platform/logger';
import { createSpace, person, startStack, type TestStack } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('unexpected failures', () => {
  it('a broken query gives 500 problem+json that reveals no internals', async () => {
    const admin = person('Erin Error');
    const space = await createSpace(stack, admin);
    await stack.database.db.execute(sql`alter table space_events rename to space_events_away`);
    try {
      const response = await stack.call('GET', `/spaces/${space.id}/events`, { as: admin });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('internal_error');
      expect(JSON.stringify(response.body)).not.toMatch(/space_events|relation|select|postgres/i);
    } finally {
      await stack.database.db.execute(sql`alter table space_events_away rename to space_events`);
    }
    expect((await stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).status).toBe(200);
  });
});

describe('dependencies down', () => {
  it('answers 503 problem+json with Retry-After while the database is unreachable, and health says which part', async () => {
    const database = await openDatabase({ databaseUrl: stack.config.databaseUrl, dataDir: stack.config.dataDir, migrate: false, poolSize: 2 });
    const app = createApp({ config: stack.config, db: database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    const token = await stack.token(person('Dana Down'));
    await database.close();

    const started = Date.now();
    const response = await app.request('/spaces', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { code: string }).code).toBe('service_unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);

    const health = await app.request('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded', database: 'down', temporal: 'up' });
  });

  it('health reports Temporal down when its frontend does not answer', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({ config: stack.config, db: stack.database.db, temporal: { client: new Client({ connection }), taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    const health = await app.request('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded', database: 'up', temporal: 'down' });
  });
});

describe('mail without SMTP_URL', () => {
  it('writes each mail as an .eml file under the outbox folder', async () => {
    const outboxDir = mkdtempSync(path.join(tmpdir(), 'spaces-outbox-'));
    try {
      const mailer = createMailer({ from: 'Professional spaces <no-reply@spaces.example.lu>', outboxDir });
      await mailer.send({ to: 'ben@example.lu', subject: 'Einladung', text: 'Hallo', html: '<p>Hallo</p>', messageId: '<key-1@professional-spaces>' });
      const files = readdirSync(outboxDir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const parsed = await simpleParser(readFileSync(path.join(outboxDir, files[0]!)));
      expect(parsed.subject).toBe('Einladung');
      expect(parsed.messageId).toBe('<key-1@professional-spaces>');
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(mailer.describe()).toContain(outboxDir);
    } finally {
      rmSync(outboxDir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  it('log failed queries without their parameters (certificate numbers, e-mails)', () => {
    const error = Object.assign(new Error('Failed query: select * from certificates where ssn = $1\nparams: 12345678901234567890,1'), {
      params: ['12345678901234567890', 1],
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    });
    const logged = JSON.stringify(withoutQueryParameters(error));
    expect(logged).not.toContain('12345678901234567890');
    expect(logged).toContain('Failed query: select * from certificates where ssn = $1');
    expect(logged).toContain('ECONNREFUSED');
  });
});

// Where a members-list request spends its time, without HTTP or load: `tsx bench/profile-members.ts`.
// Seeds a space with 200 members in a fresh database and times app.request() per step of the request.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { pino } from 'pino';
import { SignJWT } from 'jose';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../src/app';
import { loadConfig } from '../src/platform/config';
import { openDatabase } from '../src/platform/db/client';
import { certificates, memberships, persons } from '../src/platform/db/schema';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `spaces_profile_${Date.now()}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
await admin.unsafe(`create database ${name}`);
const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
try {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const database = await openDatabase({ databaseUrl: url, dataDir: '/tmp' });
  const app = createApp({ config, db: database.db, temporal: { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'x' }, logger: pino({ level: 'silent' }) });
  const secret = new TextEncoder().encode(config.auth.secret);
  const token = await new SignJWT({ name: 'Admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('12345678901234567890').setExpirationTime('1h').sign(secret);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const company = { name: 'P SA', registrationNumber: 'B1', address: { line1: 'x', postalCode: 'L-1', city: 'L', country: 'LU' } };
  const space = (await (await app.request('/spaces', { method: 'POST', headers, body: JSON.stringify({ name: 'S', company }) })).json()) as { id: string };
  const people = Array.from({ length: 199 }, (_, i) => ({ id: randomUUID(), ssn: `9${String(i).padStart(19, '0')}`, i }));
  await database.db.insert(persons).values(people.map((p) => ({ id: p.id, name: `Member ${p.i}`, email: `m${p.i}@x.lu`, language: 'fr' as const })));
  await database.db.insert(certificates).values(people.map((p) => ({ ssn: p.ssn, personId: p.id })));
  await database.db.insert(memberships).values(people.map((p) => ({ id: randomUUID(), spaceId: space.id, personId: p.id, certificateSsn: p.ssn, certificateMode: 'any' as const, role: 'manager' as const, permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true } })));

  const time = async (label: string, path: string, n = 1000) => {
    for (let i = 0; i < 100; i += 1) await app.request(path, { headers });
    const started = performance.now();
    for (let i = 0; i < n; i += 1) await app.request(path, { headers });
    const perRequest = (performance.now() - started) / n;
    process.stdout.write(`${label.padEnd(40)} ${perRequest.toFixed(3)} ms/request (sequential)\n`);
  };
  await time('GET /me (auth + person)', '/me');
  await time('GET /spaces/{id} (+ membership)', `/spaces/${space.id}`);
  await time('GET /spaces/{id}/members?limit=200', `/spaces/${space.id}/members?limit=200`);
  await time('GET /spaces/{id}/members?limit=50', `/spaces/${space.id}/members?limit=50`);
  await database.close();
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

// The fast layer: use-cases called directly on a real Postgres database of their own, without Temporal and without
// HTTP, for the rules that need neither. A use-case that reaches for Temporal here fails loudly: the Temporal client
// in these dependencies refuses every use.
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/platform/config';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/client';
import { newRequester, type AppDependencies, type Requester } from '../../src/platform/requester';
import { importCompanyRegister } from '../../src/features/register/store';
import { createTestDatabase } from './postgres';
import { newSsn, type Identity } from './stack';

const noTemporal = new Proxy({} as Client, {
  get(_target, property) {
    throw new Error(`this use-case test runs without Temporal, yet the use-case asked for client.${String(property)}`);
  },
});

export interface UseCaseHarness {
  deps: AppDependencies;
  database: DatabaseHandle;
  /** The Requester of a person logging in with this identity (a new certificate unless given). */
  as(identity?: Partial<Identity>): Requester;
}

/** A database for this test file, migrated and holding the demo register, and requesters for it. */
export function useUseCases(): UseCaseHarness {
  const harness = {} as UseCaseHarness;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const testDatabase = await createTestDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'spaces-unit-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: testDatabase.url, LOG_LEVEL: 'silent' });
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, poolSize: 5, timeouts: config.database });
    await importCompanyRegister(database.db, config.companyRegisterFile);
    harness.database = database;
    harness.deps = { config, db: database.db, temporal: { client: noTemporal, taskQueue: 'none' }, logger: pino({ level: 'silent' }) };
    harness.as = (identity = {}) => {
      const ssn = identity.ssn ?? newSsn();
      return newRequester(harness.deps, { certificateSsn: ssn, name: identity.name ?? `Person ${ssn.slice(-4)}`, email: identity.email ?? null, portalPersonId: identity.pid ?? null, staff: identity.staff ?? null });
    };
    cleanup = async () => {
      await database.close();
      await testDatabase.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  });
  afterAll(async () => {
    await cleanup?.();
  });
  return harness;
}

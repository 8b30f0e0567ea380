// A real Postgres database per test file: created from the admin connection, dropped at the end.
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';

/** The local server of this machine by default; TEST_DATABASE_URL points elsewhere. */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function assertPostgresReachable(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(`Tests need a Postgres server at ${url} (set TEST_DATABASE_URL): ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `spaces_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminDatabaseUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(adminDatabaseUrl(), { max: 1, onnotice: () => undefined });
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end();
    },
  };
}

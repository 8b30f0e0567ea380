// Configuration (API.md "Configuration"): loadConfig validates the environment and names what is wrong; the
// processes fail fast with one clear line; the token script signs with the configured secret only.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJwt, jwtVerify } from 'jose';
import { ConfigError, DEFAULT_TASK_QUEUE, loadConfig } from '../../src/platform/config';
import { DEV_PAYLOAD_KEYS } from '../../src/platform/payload-keys';

const DAY = 86_400_000;
const PRODUCTION_PAYLOAD_KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;
const ROOT = path.resolve(import.meta.dirname, '../..');

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal).toEqual({ address: undefined, port: 7233, uiPort: 8233, namespace: 'default', taskQueue: DEFAULT_TASK_QUEUE, maxCachedWorkflows: 250 });
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.mail.outboxDir).toBe(path.join(path.resolve('data'), 'outbox', 'mail'));
    expect(config.mail.from).toMatch(/no-?reply/i);
    expect(config.auth.secret).toEqual(expect.any(String));
    expect(config.auth.secret!.length).toBeGreaterThanOrEqual(16);
    expect(config.auth.jwksUrl).toBeUndefined();
    expect(config.lifecycle.invitationTtlMs).toBe(14 * DAY);
    expect(config.lifecycle.invitationRemindersMs).toEqual([7 * DAY, 1 * DAY]);
    expect(config.database).toEqual({ statementTimeoutMs: 15_000, idleInTransactionTimeoutMs: 30_000 });
  });

  it('reads the variables it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/spaces-data',
      DATABASE_URL: 'postgres://app:pw@db.example:5432/spaces',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_PORT: '17233',
      TEMPORAL_UI_PORT: '18233',
      TEMPORAL_NAMESPACE: 'spaces',
      TEMPORAL_TASK_QUEUE: 'spaces-queue',
      WORKER_MAX_CACHED_WORKFLOWS: '40',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      AUTH_SECRET: 'a-secret-of-sixteen-or-more',
      INVITATION_TTL: '30d',
      INVITATION_REMINDERS: '2d, 12h',
      DB_STATEMENT_TIMEOUT: '2s',
      DB_IDLE_IN_TRANSACTION_TIMEOUT: '0s',
    });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/tmp/spaces-data');
    expect(config.mail.outboxDir).toBe('/tmp/spaces-data/outbox/mail');
    expect(config.databaseUrl).toBe('postgres://app:pw@db.example:5432/spaces');
    expect(config.temporal).toEqual({ address: 'temporal:7233', port: 17233, uiPort: 18233, namespace: 'spaces', taskQueue: 'spaces-queue', maxCachedWorkflows: 40 });
    expect(config.mail.smtpUrl).toBe('smtp://127.0.0.1:1025');
    expect(config.auth.secret).toBe('a-secret-of-sixteen-or-more');
    expect(config.lifecycle.invitationTtlMs).toBe(30 * DAY);
    expect(config.lifecycle.invitationRemindersMs).toEqual([2 * DAY, 12 * 3_600_000]);
    expect(config.database).toEqual({ statementTimeoutMs: 2_000, idleInTransactionTimeoutMs: 0 });
  });

  it('treats empty optional URLs as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', SMTP_URL: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.mail.smtpUrl).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '0'],
    ['PORT', '70000'],
    ['TEMPORAL_PORT', 'x'],
    ['TEMPORAL_UI_PORT', '-1'],
    ['INVITATION_TTL', 'soon'],
    ['INVITATION_TTL', '14'],
    ['INVITATION_REMINDERS', '7d,tomorrow'],
    ['DATABASE_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['AUTH_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
  ])('%s=%j → ConfigError naming the variable, on one line', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).not.toContain('\n');
  });

  it('traces (README "Traces"): off unless an OTLP endpoint is set; the standard variables, the traces path appended to the general one', () => {
    expect(loadConfig({}).traces).toBeUndefined();
    // docker compose passes an unset variable through empty: still off.
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).traces).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' }).traces).toEqual({ url: 'http://jaeger:4318/v1/traces', protocol: 'http/protobuf' });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'spaces-eu' }).traces,
    ).toEqual({ url: 'http://b:4318/custom', protocol: 'http/json', serviceName: 'spaces-eu' });
    expect(configError({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).message).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL="grpc": must be http\/protobuf or http\/json/);
    expect(configError({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }).message).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT=/);
  });

  it('refuses a database session limit beyond what Postgres takes', () => {
    expect(configError({ DB_STATEMENT_TIMEOUT: '30d' }).message).toContain('DB_STATEMENT_TIMEOUT="30d": must be at most 24d');
  });

  it('names every bad variable at once', () => {
    const error = configError({ PORT: 'abc', INVITATION_TTL: 'soon' });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('INVITATION_TTL');
  });

  it('NODE_ENV=production without ACTIVATION_CODE_SECRET is refused (no development code key in production)', () => {
    const error = configError({ NODE_ENV: 'production', AUTH_SECRET: 'production-secret-0123456789' });
    expect(error.message).toContain('ACTIVATION_CODE_SECRET');
  });

  it('NODE_ENV=production without PAYLOAD_KEYS is refused (no development payload key in production)', () => {
    const error = configError({ NODE_ENV: 'production', AUTH_SECRET: 'production-secret-0123456789', ACTIVATION_CODE_SECRET: 'production-code-key-0123456789' });
    expect(error.message).toContain('PAYLOAD_KEYS');
    const config = loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'production-secret-0123456789', ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: PRODUCTION_PAYLOAD_KEYS });
    expect(config.payloadKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(config.codec.trustLocalUi).toBe(false);
  });

  it.each([['nokey'], ['k1:c2hvcnQ='], [`k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}`], ['bad id:AAAA']])('PAYLOAD_KEYS=%s is refused with the variable named', (value) => {
    expect(configError({ PAYLOAD_KEYS: value }).message).toContain('PAYLOAD_KEYS');
  });

  it('PAYLOAD_KEYS empty means unset (docker compose passes it through empty): the development key', () => {
    expect(loadConfig({ PAYLOAD_KEYS: '' }).payloadKeys.map((key) => key.id)).toEqual(['dev-1']);
  });

  it('NODE_ENV=production without AUTH_SECRET or AUTH_JWKS_URL is refused (no development secret in production)', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.message).toMatch(/AUTH_SECRET/);
    expect(error.message).toMatch(/AUTH_JWKS_URL/);

    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'production-secret-0123456789', ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: PRODUCTION_PAYLOAD_KEYS }).auth.secret).toBe('production-secret-0123456789');
    const withJwks = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://login.example.lu/.well-known/jwks.json', ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: PRODUCTION_PAYLOAD_KEYS };
    // A key set alone would accept the login portal's tokens for any other client: audience and issuer are required.
    expect(configError(withJwks).message).toMatch(/AUTH_AUDIENCE and AUTH_ISSUER/);
    const jwks = loadConfig({ ...withJwks, AUTH_AUDIENCE: 'professional-spaces', AUTH_ISSUER: 'https://login.example.lu' });
    expect(jwks.auth).toEqual({ secret: undefined, jwksUrl: 'https://login.example.lu/.well-known/jwks.json', audience: 'professional-spaces', issuer: 'https://login.example.lu', maxTokenLifetimeMs: 12 * 3600_000 });
  });

  it.each([
    ['AUTH_SECRET', { AUTH_SECRET: 'dev-secret-professional-spaces-not-for-production' }],
    ['ACTIVATION_CODE_SECRET', { ACTIVATION_CODE_SECRET: 'dev-activation-code-secret-not-for-production' }],
    ['PAYLOAD_KEYS', { PAYLOAD_KEYS: `k9:${Buffer.alloc(32, 9).toString('base64')},${DEV_PAYLOAD_KEYS}` }],
  ])('NODE_ENV=production with the documented development %s is refused, naming it', (name, published) => {
    const production = { NODE_ENV: 'production', AUTH_SECRET: 'production-secret-0123456789', ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: PRODUCTION_PAYLOAD_KEYS };
    const message = configError({ ...production, ...published }).message;
    expect(message).toContain(name);
    expect(message).toContain('documented development value');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Processes

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without anything that configures the product, plus `env`. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of Object.keys(base)) {
    if (/^(PORT|DATA_DIR|DATABASE_URL|TEMPORAL_|SMTP_URL|MAIL_FROM|AUTH_|INVITATION_|PUBLIC_URL|LOGIN_PORTAL_URL|LOG_LEVEL|NODE_ENV$)/.test(name)) delete base[name];
  }
  return { ...base, NODE_ENV: 'development', ...env };
}

function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spaces-config-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function expectOneClearLine(outcome: Outcome): string {
  expect(outcome.code, outcome.stderr).toBe(1);
  const lines = outcome.stderr.split('\n').filter((line) => line.trim().length > 0);
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(outcome.stderr.split('\n').some((line) => line.startsWith('    at ')), outcome.stderr).toBe(false);
  return lines[0]!;
}

describe('npm start fails fast with one clear line', () => {
  const start = (env: Record<string, string>) => run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { LOG_LEVEL: 'silent', TEMPORAL_ADDRESS: '127.0.0.1:1', ...env });

  it.each([
    ['PORT', 'abc'],
    ['INVITATION_TTL', 'soon'],
    ['DATABASE_URL', 'not a url'],
  ])('%s=%j → exit 1 naming the variable', async (name, value) => {
    const line = expectOneClearLine(await start({ DATA_DIR: tempDir(), [name]: value }));
    expect(line).toContain(name);
  });

  it.each([
    ['AUTH_SECRET', { AUTH_SECRET: 'dev-secret-professional-spaces-not-for-production' }],
    ['ACTIVATION_CODE_SECRET', { ACTIVATION_CODE_SECRET: 'dev-activation-code-secret-not-for-production' }],
    ['PAYLOAD_KEYS', { PAYLOAD_KEYS: DEV_PAYLOAD_KEYS }],
  ])('NODE_ENV=production with the README’s %s → exit 1 naming it', async (name, published) => {
    const production = { NODE_ENV: 'production', AUTH_SECRET: 'production-secret-0123456789', ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: PRODUCTION_PAYLOAD_KEYS };
    const line = expectOneClearLine(await start({ DATA_DIR: tempDir(), ...production, ...published }));
    expect(line).toContain(name);
    expect(line).toContain('documented development value');
  });

  it('an unreachable DATABASE_URL → exit 1, "unreachable", the cause, and no password', async () => {
    const outcome = await start({ DATA_DIR: tempDir(), PORT: '39871', DATABASE_URL: 'postgres://postgres:s3cret-pw@127.0.0.1:1/nope' });
    const line = expectOneClearLine(outcome);
    expect(line).toMatch(/unreachable/i);
    expect(line).toContain('127.0.0.1:1');
    expect(line).toMatch(/ECONNREFUSED|refused/i);
    expect(outcome.stderr + outcome.stdout).not.toContain('s3cret-pw');
  });
});

describe('npm run token', () => {
  const token = (args: string[], env: Record<string, string> = {}) => run('npm', ['run', '--silent', 'token', '--', ...args], env);

  it('prints a JWT signed with the configured secret, carrying sub and name (and the optional claims)', async () => {
    const outcome = await token(['--ssn', '12345678901234567890', '--name', 'X', '--email', 'x@example.lu', '--pid', 'p-1']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const jwt = outcome.stdout.trim();
    expect(jwt.split('.')).toHaveLength(3);
    expect(decodeJwt(jwt)).toMatchObject({ sub: '12345678901234567890', name: 'X', email: 'x@example.lu', pid: 'p-1', exp: expect.any(Number) });
    // Signed with the development secret the API uses when AUTH_SECRET is unset.
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(loadConfig({}).auth.secret), { algorithms: ['HS256'] });
    expect(payload.sub).toBe('12345678901234567890');
  });

  it('uses AUTH_SECRET when it is set, also in production', async () => {
    const secret = 'a-production-secret-for-tokens';
    const outcome = await token(['--ssn', '12345678901234567890'], { NODE_ENV: 'production', AUTH_SECRET: secret, ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: PRODUCTION_PAYLOAD_KEYS });
    expect(outcome.code, outcome.stderr).toBe(0);
    const { payload } = await jwtVerify(outcome.stdout.trim(), new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(payload.sub).toBe('12345678901234567890');
  });

  it.each([[['--ssn', '123']], [['--ssn', '1234567890123456789X']], [['--name', 'No Ssn']]])('%j → non-zero exit with a message, no token', async (args) => {
    const outcome = await token(args);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/ssn/i);
    expect(outcome.stdout.trim()).toBe('');
  });

  it('issues tokens the API accepts: iat now, exp within TOKEN_MAX_LIFETIME; a longer --ttl is refused', async () => {
    const outcome = await token(['--ssn', '12345678901234567890'], { TOKEN_MAX_LIFETIME: '2h' });
    expect(outcome.code, outcome.stderr).toBe(0);
    const { iat, exp } = decodeJwt(outcome.stdout.trim());
    expect(Math.abs(iat! - Date.now() / 1000)).toBeLessThan(60);
    expect(exp! - iat!).toBe(2 * 3600);
    expect((await token(['--ssn', '12345678901234567890', '--ttl', '30m'])).code).toBe(0);
    const tooLong = await token(['--ssn', '12345678901234567890', '--ttl', '13h']);
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr).toMatch(/TOKEN_MAX_LIFETIME/);
    expect(tooLong.stdout.trim()).toBe('');
  });

  it('refuses in production without AUTH_SECRET', async () => {
    const outcome = await token(['--ssn', '12345678901234567890'], { NODE_ENV: 'production' });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/AUTH_SECRET/);
    expect(outcome.stdout.trim()).toBe('');
  });
});

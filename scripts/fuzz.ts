// `npm run test:fuzz`: schemathesis (PyPI, pinned, installed into .tools/ like the Temporal binaries) against
// GET /openapi.json of the whole product started as `npm start` would (API + worker + embedded Temporal dev
// server) on a fresh Postgres database, authenticated, all checks, the stateful phase included, bounded in time.
//
// Goal: no server error (5xx) and no response outside the documented schemas, status codes and content types.
// Exit code: schemathesis's (0 = no failure). Reports (JUnit, NDJSON) go to FUZZ_REPORT_DIR (default under the
// temporary work directory, printed at the end).
//
// Environment: FUZZ_MAX_TIME (seconds of fuzzing, default 180), FUZZ_MAX_EXAMPLES (per operation, default 40),
// FUZZ_SEED, FUZZ_WORKERS (default 1: with 2, schemathesis 4.32.5 on Python 3.11 hit
// internal "AST constructor recursion depth mismatch" runtime errors), FUZZ_PHASES (default examples,coverage,fuzzing,stateful),
// TEST_DATABASE_URL (the Postgres admin connection, as for the tests; without a reachable server the embedded
// database is used).
import { freePort } from '../src/platform/net';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMATHESIS = { pypi: 'schemathesis', version: '4.32.5' } as const;
const TOOL_DIR = path.join(ROOT, '.tools', `${SCHEMATHESIS.pypi}-${SCHEMATHESIS.version}`);
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AUTH_SECRET = `fuzz-${randomBytes(16).toString('hex')}`;

const log = (message: string) => process.stderr.write(`[fuzz] ${message}\n`);

function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

async function exists(p: string, mode = fsConstants.F_OK): Promise<boolean> {
  return fs.access(p, mode).then(
    () => true,
    () => false,
  );
}

/** The pinned schemathesis under .tools/schemathesis-<version>, installed atomically on first use. */
async function ensureSchemathesis(): Promise<string> {
  const marker = path.join(TOOL_DIR, 'schemathesis', '__init__.py');
  if (await exists(marker)) return TOOL_DIR;
  const pin = `${SCHEMATHESIS.pypi}==${SCHEMATHESIS.version}`;
  await fs.mkdir(path.dirname(TOOL_DIR), { recursive: true });
  await fs.rm(TOOL_DIR, { recursive: true, force: true });
  const tmp = await fs.mkdtemp(path.join(path.dirname(TOOL_DIR), `.${path.basename(TOOL_DIR)}.tmp-${process.pid}-`));
  try {
    log(`installing ${pin} into ${path.relative(ROOT, TOOL_DIR)} with python3 -m pip ...`);
    const result = await run('python3', ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--target', tmp, pin], {
      env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      timeoutMs: 15 * 60_000,
    });
    if (!result.ok) throw new Error(`pip install ${pin} failed (python3 -m pip is needed):\n${(result.stderr || result.stdout).slice(-2000)}`);
    await fs.chmod(tmp, 0o755);
    await fs.rename(tmp, TOOL_DIR).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(marker))) throw error; // another run won the race
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
  return TOOL_DIR;
}

/** A fresh database on the local Postgres server, or undefined (then the product uses its embedded database). */
async function createDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  const name = `spaces_fuzz_${randomBytes(6).toString('hex')}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    log(`no Postgres at ${ADMIN_URL} (${(error as Error).message}); using the embedded database`);
    await admin.end({ timeout: 1 });
    return undefined;
  }
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end();
    },
  };
}

async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${base}/health did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function token(args: string[]): Promise<string> {
  const result = await run('npm', ['run', '--silent', 'token', '--', ...args], { env: { ...process.env, AUTH_SECRET, NODE_ENV: 'development' } });
  if (!result.ok) throw new Error(`npm run token failed: ${result.stderr}`);
  return result.stdout.trim();
}

const ssn = () => `${Date.now()}${randomBytes(4).readUInt32BE(0)}`.replace(/\D/g, '').padEnd(20, '7').slice(0, 20);

/** The fuzzed caller's own data: a space, a member, an invitation, a certification request, a mandate, procedures. */
async function seed(base: string, bearer: string) {
  const call = async (method: string, url: string, body?: unknown, as = bearer) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`seed ${method} ${url} → ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const address = { line1: '12, rue Érasme', postalCode: 'L-1468', city: 'Luxembourg', country: 'LU' };
  const space = await call('POST', '/spaces', { name: 'Fuzz', company: { name: 'Fuzz SA', registrationNumber: 'B424242', address } });
  const spaceId = space.id as string;
  const memberSsn = ssn();
  const memberToken = await token(['--ssn', memberSsn, '--name', 'Mia Member', '--email', 'mia@example.lu']);
  const invitationBody = (certificateSsn: string, firstName: string) => ({ certificateSsn, firstName, lastName: 'Doe', email: `${firstName.toLowerCase()}@example.lu`, role: 'without-signature', certificateMode: 'any' });
  const memberInvitation = await call('POST', `/spaces/${spaceId}/invitations`, invitationBody(memberSsn, 'Mia'));
  const membership = await call('POST', `/invitations/${memberInvitation.id}/accept`, undefined, memberToken);
  const invitation = await call('POST', `/spaces/${spaceId}/invitations`, invitationBody(ssn(), 'Ivo'));
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n').toString('base64');
  const request = await call('POST', `/spaces/${spaceId}/certification-requests`, { activityField: 'sports-federation', documents: ['statutes', 'board-members', 'member-clubs'].map((kind) => ({ name: `${kind}.pdf`, contentType: 'application/pdf', contentBase64: pdf, kind })) });
  const mandate = await call('POST', `/spaces/${spaceId}/access-requests`, { section: 'tax', scope: { procedures: true, dataConsultation: true }, delegateCodes: 1 });
  const draft = await call('POST', `/spaces/${spaceId}/procedures`, { type: 'vat-return', data: { period: '2025-Q1' } });
  const signed = await call('POST', `/spaces/${spaceId}/procedures`, { type: 'vat-return', data: { period: '2025-Q2', turnover: 125000, vatDue: 21250 } });
  await call('POST', `/spaces/${spaceId}/procedures/${signed.id}/sign`);
  return {
    spaceId,
    invitationIds: [invitation.id as string, memberInvitation.id as string],
    memberIds: [membership.id as string],
    requestIds: [request.id as string],
    documentIds: (request.documents as { id: string }[]).map((document) => document.id),
    mandateIds: [mandate.mandateId as string],
    procedureIds: [draft.id as string, signed.id as string],
  };
}

/** Known ids most of the time (so the handlers run past the 404), random ones otherwise. */
function schemathesisConfig(ids: Awaited<ReturnType<typeof seed>>): string {
  const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
  const dictionaries: Record<string, string[]> = {
    spaces: [ids.spaceId],
    invitations: ids.invitationIds,
    members: ids.memberIds,
    requests: ids.requestIds,
    documents: ids.documentIds,
    mandates: ids.mandateIds,
    procedures: ids.procedureIds,
  };
  const bindings: Record<string, string> = {
    spaceId: 'spaces',
    invitationId: 'invitations',
    memberId: 'members',
    requestId: 'requests',
    documentId: 'documents',
    mandateId: 'mandates',
    procedureId: 'procedures',
  };
  return [
    ...Object.entries(dictionaries).flatMap(([name, values]) => [`[dictionaries.${name}]`, `values = ${list(values)}`, '']),
    '[parameters]',
    ...Object.entries(bindings).map(([param, dictionary]) => `"path.${param}" = { dictionary = "${dictionary}", probability = 0.85 }`),
    '',
    // Where a schema-valid request may still be a 422 by a rule no JSON Schema states, positive_data_acceptance
    // accepts 422 (it keeps flagging 400, 405, 413 …). Rules the document CAN state (minProperties, enums,
    // patterns) are not listed here: test/contract.test.ts reproduces those.
    ...Object.entries(SEMANTIC_422).flatMap(([name, why]) => [
      `# ${why}`,
      '[[operations]]',
      `include-name = ${JSON.stringify(name)}`,
      `checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "410", "422", "429", "5xx"]`,
      '',
    ]),
  ].join('\n');
}

// What remains of the positive-data check: schema-valid requests the server may still refuse with 422, because only
// the data (what is stored, the register, the clock, an earlier request with the same key) can decide. Everything a
// schema can state is in the document (cursor format, minProperties, enums, patterns, permissions per role, documents
// per activity field, fields per procedure type, a scope with one flag, a decision's reason); test/contract.test.ts
// holds the server and the document to it. The README's fuzzing section repeats this list.
const KEY_REUSED = 'an Idempotency-Key already used for another body (422 idempotency_key_reused): the earlier request decides';
const SEMANTIC_422: Record<string, string> = {
  'POST /spaces/{spaceId}/invitations': KEY_REUSED,
  'PATCH /spaces/{spaceId}/invitations/{invitationId}': 'without a role in the body, the permissions must fit the role the invitation holds now',
  'PATCH /spaces/{spaceId}/members/{memberId}': 'without a role in the body, the permissions must fit the role the member holds now',
  'POST /spaces/{spaceId}/certification-requests': KEY_REUSED,
  'POST /spaces/{spaceId}/certification-requests/{requestId}/documents': "the stored request's activity field decides the content types, sizes and count of a supplement",
  'POST /spaces/{spaceId}/procedures': KEY_REUSED,
  'PATCH /spaces/{spaceId}/procedures/{procedureId}': "the stored procedure's type decides which fields its data may hold",
  'POST /spaces/{spaceId}/access-requests': `an end date in the future (the clock), the company in the register (422 company_not_registered); ${KEY_REUSED}`,
  'PATCH /spaces/{spaceId}/mandates/{mandateId}': 'an end date in the future, at most 25 years ahead (the clock)',
  'PATCH /staff/mandates/{mandateId}': 'dates in the future (the clock)',
  'POST /spaces/{spaceId}/activation-codes': 'API.md: 422 invalid_code for an unknown or wrong code (410 code_expired for an expired one)',
  'POST /spaces': 'a company the register does not know needs its name and address (only the register decides whether it knows the number)',
  'POST /spaces/{spaceId}/mandates/{mandateId}/delegate-codes': KEY_REUSED,
  'POST /spaces/{spaceId}/procedures/{procedureId}/sign': "the stored procedure's data decides whether its required fields are filled (422 procedure_incomplete)",
  'POST /spaces/{spaceId}/procedures/{procedureId}/submit': "the stored procedure's data decides whether its required fields are filled (422 procedure_incomplete)",
  'POST /administrator-claims': `the company in the register (422 company_not_registered); ${KEY_REUSED}`,
  'POST /administrator-claims/{claimId}/confirm': "API.md: 422 invalid_code for a code that is not the letter's (410 claim_expired past the deadline)",
};

async function main(): Promise<number> {
  const started = Date.now();
  const toolDir = await ensureSchemathesis();
  const workDir = await fs.mkdtemp(path.join(tmpdir(), 'spaces-fuzz-'));
  const reportDir = process.env.FUZZ_REPORT_DIR ?? path.join(workDir, 'report');
  const database = await createDatabase();
  const [port, temporalPort, temporalUiPort] = [await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const apiLog = path.join(workDir, 'api.log');
  // The seeded company is in the register (access requests need it, R25); the fuzzer's own inventions are not.
  const registerFile = path.join(workDir, 'register.csv');
  await fs.writeFile(registerFile, 'registrationNumber,name,line1,postalCode,city,country,language\nB424242,Fuzz SA,"12, rue Érasme",L-1468,Luxembourg,LU,fr\n');
  const logFile = await fs.open(apiLog, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: path.join(workDir, 'data'),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(temporalUiPort),
      TEMPORAL_TASK_QUEUE: `fuzz-${randomBytes(4).toString('hex')}`,
      AUTH_SECRET,
      COMPANY_REGISTER_FILE: registerFile,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...(database ? { DATABASE_URL: database.url } : {}),
    },
    stdio: ['ignore', logFile.fd, logFile.fd],
    detached: false,
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await logFile.close().catch(() => undefined);
    await database?.drop().catch((error: Error) => log(`could not drop the database: ${error.message}`));
    await fs.rm(path.join(workDir, 'data'), { recursive: true, force: true });
  };
  try {
    await waitForHealth(base, child, 120_000);
    log(`product healthy at ${base} after ${((Date.now() - started) / 1000).toFixed(1)} s (logs: ${apiLog})`);
    const bearer = await token(['--ssn', ssn(), '--name', 'Fuzz Admin', '--email', 'fuzz.admin@example.lu']);
    const ids = await seed(base, bearer);
    const configFile = path.join(workDir, 'schemathesis.toml');
    await fs.writeFile(configFile, schemathesisConfig(ids));

    const maxTime = process.env.FUZZ_MAX_TIME ?? '180';
    const args = [
      '-m',
      'schemathesis.cli',
      '--config-file',
      configFile,
      '--no-color',
      'run',
      `${base}/openapi.json`,
      '--header',
      `Authorization: Bearer ${bearer}`,
      '--checks',
      'all',
      '--phases',
      process.env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful',
      '--max-examples',
      process.env.FUZZ_MAX_EXAMPLES ?? '40',
      '--max-time',
      maxTime,
      '--workers',
      process.env.FUZZ_WORKERS ?? '1',
      '--request-timeout',
      '20',
      '--generation-database',
      'none',
      // Text with NUL characters or invalid UTF-8 is refused by design (Postgres cannot store it): the contract
      // test covers that 422; here it would only drown the search for real defects.
      '--generation-allow-x00',
      'false',
      '--generation-codec',
      'utf-8',
      '--suppress-health-check',
      'all',
      '--report',
      'junit,ndjson',
      '--report-dir',
      reportDir,
      ...(process.env.FUZZ_SEED ? ['--seed', process.env.FUZZ_SEED] : []),
    ];
    log(`python3 ${args.map((arg) => (arg.startsWith('Authorization') ? '"Authorization: Bearer <token>"' : arg)).join(' ')}`);
    // Its working directory is the temporary one: schemathesis keeps a crash cache (.schemathesis/) there.
    const fuzz = spawn('python3', args, { cwd: workDir, env: { ...process.env, PYTHONPATH: toolDir, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise<number>((resolve) => fuzz.once('exit', (exitCode) => resolve(exitCode ?? 1)));
    const lines = (await fs.readFile(apiLog, 'utf8')).split('\n');
    const errors = lines.filter((line) => /"level":50|unexpected error/.test(line));
    if (errors.length > 0) log(`${errors.length} "unexpected error" line(s) in the API log, first: ${errors[0]!.slice(0, 2000)}`);
    // An activity that fails on what a request carried retries for ever: a request the fuzzer sent poisoned a process.
    const activityFailures = lines.filter((line) => line.includes('"sdkComponent":"worker"') && /"level":(40|50)/.test(line));
    if (activityFailures.length > 0) log(`${activityFailures.length} failed activity attempt(s) in the worker log, first: ${activityFailures[0]!.slice(0, 2000)}`);
    log(`schemathesis exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s in all; reports in ${reportDir}`);
    return code;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    log(error.stack ?? error.message);
    process.exit(1);
  },
);

// `npm run --silent token -- --ssn <20 digits> [--name N] [--email E] [--pid P] [--staff AUTHORITY] [--operator] [--ttl 1h]`
// prints a development token signed with the configured AUTH_SECRET, with iat and exp. Its lifetime (--ttl) defaults to,
// and may not exceed, TOKEN_MAX_LIFETIME (default 12h): the API refuses longer-lived tokens.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfig } from '../src/platform/config';
import { CERTIFICATE_SSN_PATTERN } from '../src/domain/access';
import { parseDuration } from '../src/domain/duration';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    ssn: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    pid: { type: 'string' },
    staff: { type: 'string' },
    operator: { type: 'boolean', default: false },
    ttl: { type: 'string' },
  },
});

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  fail((error as Error).message);
}
if (!config.auth.secret) fail('no AUTH_SECRET is configured; tokens come from the login portal (AUTH_JWKS_URL)');
if (!values.ssn || !CERTIFICATE_SSN_PATTERN.test(values.ssn)) fail('--ssn must be a 20-digit certificate SSN');
let ttlMs = config.auth.maxTokenLifetimeMs;
if (values.ttl !== undefined) {
  try {
    ttlMs = parseDuration(values.ttl);
  } catch (error) {
    fail(`--ttl: ${(error as Error).message}`);
  }
  if (ttlMs > config.auth.maxTokenLifetimeMs) fail(`--ttl ${values.ttl} exceeds TOKEN_MAX_LIFETIME (${config.auth.maxTokenLifetimeMs / 1000} s); the API would refuse the token`);
}
const claims: Record<string, string | boolean> = { name: values.name ?? `Holder ${values.ssn.slice(-4)}` };
if (values.email) claims.email = values.email;
if (values.pid) claims.pid = values.pid;
if (values.staff) claims.staff = values.staff;
// A Temporal operator: may call the codec endpoints (/codec/*) and read /metrics.
if (values.operator) claims.operator = true;
const issuedAt = Math.floor(Date.now() / 1000);
const token = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(values.ssn)
  .setIssuedAt(issuedAt)
  .setExpirationTime(issuedAt + Math.floor(ttlMs / 1000))
  .sign(new TextEncoder().encode(config.auth.secret));
process.stdout.write(`${token}\n`);

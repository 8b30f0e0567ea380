// Issue 15: hostile or oversized input never reaches a 500, the token is checked before the body, and tokens are held
// to their lifetime. Everything goes through a real Node HTTP server (the one `npm start` runs) in front of the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { pino } from 'pino';
import { createApp } from '../../src/app';
import { createHttpServer } from '../../src/platform/http/server';
import { jsonShapeProblem, MAX_JSON_DEPTH } from '../../src/platform/http/body';
import { findActivityField } from '../../src/domain/certification';
import { startStack, type TestStack, createSpace, person, requiredDocuments } from '../support';

let stack: TestStack;
let server: Server;
let base: string;

beforeAll(async () => {
  stack = await startStack();
  server = createHttpServer(stack.app.fetch);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await stack?.stop();
});

interface Answer {
  status: number;
  contentType: string;
  body: any;
}

/** One request over HTTP; the body is sent as given (a string) or as JSON. */
async function http(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; base?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${options.base ?? base}${path}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the assertion on the content type says so
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

function expectRawProblem(answer: Answer, status: number, code: string) {
  expect([answer.status, answer.body?.code], JSON.stringify(answer.body)?.slice(0, 500)).toEqual([status, code]);
  expect(answer.contentType).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: expect.any(String), title: expect.any(String), detail: expect.any(String), status });
}

const MiB = 1024 * 1024;
/** A PDF of exactly `size` bytes. */
function pdfOfSize(size: number): string {
  const head = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%');
  const tail = Buffer.from('\n%%EOF\n');
  const bytes = Buffer.alloc(size, 0x41);
  head.copy(bytes, 0);
  tail.copy(bytes, size - tail.length);
  return bytes.toString('base64');
}
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('documents: decoded and size-checked without a regular expression over the whole text', () => {
  const field = findActivityField('sports-federation')!;

  it('a 4.9 MiB PDF is accepted (201); 5 MiB + 1 byte is 422 document_too_large; 20 MB is 422, never 500', async () => {
    expect(field.maxDocumentBytes).toBe(5 * MiB);
    const admin = person('Dora Documents');
    const token = await stack.token(admin);
    const space = await createSpace(stack, admin);
    const submit = (size: number) =>
      http('POST', `/spaces/${space.id}/certification-requests`, {
        token,
        // The large one is the statutes; the field's other required documents come small (R21).
        body: { activityField: field.code, documents: [{ name: 'statutes.pdf', contentType: 'application/pdf', contentBase64: pdfOfSize(size), kind: 'statutes' }, ...requiredDocuments(field.code).filter((document) => document.kind !== 'statutes')] },
      });

    const tooLarge = await submit(5 * MiB + 1);
    expectRawProblem(tooLarge, 422, 'document_too_large');
    expect(tooLarge.body.errors).toEqual([{ path: 'documents.0.contentBase64', message: expect.stringContaining(String(5 * MiB + 1)) }]);
    expectRawProblem(await submit(20_000_000), 422, 'document_too_large');

    const accepted = await submit(Math.floor(4.9 * MiB));
    expect(accepted.status, JSON.stringify(accepted.body).slice(0, 500)).toBe(201);
    expect(accepted.body.documents[0]).toEqual(expect.objectContaining({ name: 'statutes.pdf', size: Math.floor(4.9 * MiB) }));
  }, 60_000);

  it('a body over the transport limit is 413 problem+json, before it is read', async () => {
    const admin = person('Bo Bulk');
    const token = await stack.token(admin);
    const big = JSON.stringify({ name: 'x'.repeat(2 * MiB) });
    expectRawProblem(await http('POST', '/spaces', { token, body: big }), 413, 'payload_too_large');
  });
});

describe('JSON shape: depth and entries are bounded by a linear scan before any recursive check', () => {
  it('10,000 levels of nesting: 401 without a token, 422 with one, never 500', async () => {
    const body = nested(10_000);
    expectRawProblem(await http('POST', '/spaces', { body }), 401, 'unauthorized');
    const token = await stack.token(person('Nina Nested'));
    const answer = await http('POST', '/spaces', { token, body });
    expectRawProblem(answer, 422, 'validation_failed');
    // The detail is the catalog's, in the caller's language; the field error says what is wrong.
    expect(answer.body.errors[0].message).toMatch(new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
    // Nesting inside an object, under a field a route takes as free-form data.
    const admin = person('Olaf Object');
    const space = await createSpace(stack, admin);
    const deepData = `{"type":"vat-return","data":{"period":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    expectRawProblem(await http('POST', `/spaces/${space.id}/procedures`, { token: await stack.token(admin), body: deepData }), 422, 'validation_failed');
  });

  it('3 million levels on the largest body route stay cheap (422, well under a second)', async () => {
    const admin = person('Tim Tower');
    const space = await createSpace(stack, admin);
    const token = await stack.token(admin);
    const body = nested(3_000_000);
    const started = performance.now();
    const answer = await http('POST', `/spaces/${space.id}/certification-requests`, { token, body });
    const elapsed = performance.now() - started;
    expectRawProblem(answer, 422, 'validation_failed');
    expect(elapsed).toBeLessThan(1000);
    // The scan itself stops at the first excess.
    const scanStarted = performance.now();
    expect(jsonShapeProblem(body)).toMatch(/deeper/);
    expect(performance.now() - scanStarted).toBeLessThan(50);
  });

  it('an array or object with more than 10,000 entries is 422; brackets and commas inside strings do not count', async () => {
    const token = await stack.token(person('Ada Array'));
    for (const body of [{ name: Array.from({ length: 10_001 }, () => 0) }, Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 0]))]) {
      const answer = await http('POST', '/spaces', { token, body: JSON.stringify(body) });
      expectRawProblem(answer, 422, 'validation_failed');
      expect(answer.body.errors[0].message).toMatch(/more than 10000 entries/);
    }
    // 10,000 entries are still taken as far as the shape goes (the route's schema then speaks).
    const atLimit = await http('POST', '/spaces', { token, body: JSON.stringify({ name: Array.from({ length: 10_000 }, () => 0) }) });
    expect(JSON.stringify(atLimit.body.errors)).not.toMatch(/entries/);
    expect(jsonShapeProblem(JSON.stringify({ text: `${'[{,'.repeat(20_000)}\\"` }))).toBeUndefined();
  });
});

describe('authentication first: no token, no look at the body', () => {
  it('invalid JSON, an invalid body, a huge or a deep body without a valid token → 401', async () => {
    const badToken = 'not-a-jwt';
    for (const [label, body] of [
      ['invalid JSON', '{"name":'],
      ['invalid body', { name: '' }],
      ['NUL text', { name: 'a\u0000b' }],
      ['deep', nested(10_000)],
    ] as const) {
      expectRawProblem(await http('POST', '/spaces', { body }), 401, 'unauthorized');
      expect((await http('POST', '/spaces', { body, token: badToken })).status, label).toBe(401);
    }
    // Even a body over the transport limit: the token is checked before the size.
    expectRawProblem(await http('POST', '/spaces', { body: JSON.stringify({ name: 'x'.repeat(2 * MiB) }) }), 401, 'unauthorized');
  });
});

describe('tokens are held to their lifetime', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const admin = person('Tess Token');
  const sign = (key: Parameters<SignJWT['sign']>[0], claims: JWTPayload, alg = 'HS256', kid?: string) =>
    new SignJWT({ name: admin.name, ...claims }).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).setSubject(admin.ssn).sign(key);
  const shapes: [string, () => JWTPayload][] = [
    ['no exp', () => ({ iat: now() })],
    ['iat ten years ahead', () => ({ iat: now() + 10 * 365 * 86_400, exp: now() + 10 * 365 * 86_400 + 3600 })],
    ['exp a hundred years ahead', () => ({ iat: now(), exp: now() + 100 * 365 * 86_400 })],
    ['exp a hundred years ahead, no iat', () => ({ exp: now() + 100 * 365 * 86_400 })],
    ['nbf in the future', () => ({ iat: now(), nbf: now() + 3600, exp: now() + 7200 })],
    ['13 hours of life (max 12 h)', () => ({ iat: now(), exp: now() + 13 * 3600 })],
  ];
  const fits: [string, () => JWTPayload][] = [
    ['one hour', () => ({ iat: now(), exp: now() + 3600 })],
    ['iat 30 s ahead (clock skew)', () => ({ iat: now() + 30, exp: now() + 3600 })],
    ['no iat, exp in 11 h', () => ({ exp: now() + 11 * 3600 })],
  ];

  it.each(shapes)('HS256: %s → 401', async (_label, claims) => {
    const secret = new TextEncoder().encode(stack.config.auth.secret);
    expectRawProblem(await http('GET', '/me', { token: await sign(secret, claims()) }), 401, 'unauthorized');
  });

  it.each(fits)('HS256: %s → 200', async (_label, claims) => {
    const secret = new TextEncoder().encode(stack.config.auth.secret);
    expect((await http('GET', '/me', { token: await sign(secret, claims()) })).status).toBe(200);
  });

  describe('JWKS', () => {
    let jwksServer: Server;
    let jwksApi: Server;
    let jwksApiBase: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    beforeAll(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
      // The same app and database, verifying against the key set instead of the secret.
      const app = createApp({
        config: { ...stack.config, auth: { secret: undefined, jwksUrl: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`, audience: undefined, issuer: undefined, maxTokenLifetimeMs: 12 * 3600_000 } },
        db: stack.database.db,
        temporal: { client: stack.client, taskQueue: stack.taskQueue },
        logger: pino({ level: 'silent' }),
      });
      jwksApi = createHttpServer(app.fetch);
      await new Promise<void>((resolve) => jwksApi.listen(0, '127.0.0.1', resolve));
      jwksApiBase = `http://127.0.0.1:${(jwksApi.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => jwksApi?.close(resolve));
      await new Promise((resolve) => jwksServer?.close(resolve));
    });

    it.each(shapes)('%s → 401', async (_label, claims) => {
      expectRawProblem(await http('GET', '/me', { base: jwksApiBase, token: await sign(privateKey, claims(), 'ES256', 'k1') }), 401, 'unauthorized');
    });
    it.each(fits)('%s → 200', async (_label, claims) => {
      expect((await http('GET', '/me', { base: jwksApiBase, token: await sign(privateKey, claims(), 'ES256', 'k1') })).status).toBe(200);
    });
  });
});

describe('oversized requests of any kind answer problem+json', () => {
  it('a 40 KB Accept-Language and a 20 KB cursor: 431 problem+json, not Node’s bare status line', async () => {
    const token = await stack.token(person('Hal Header'));
    expectRawProblem(await http('GET', '/me', { token, headers: { 'accept-language': `fr,${'de;q=0.5,'.repeat(4000)}en` } }), 431, 'headers_too_large');
    expectRawProblem(await http('GET', `/spaces?cursor=${'A'.repeat(20_000)}`, { token }), 431, 'headers_too_large');
  });

  it('a URL over 8 KiB: 414 problem+json; a cursor within it but too long: 422', async () => {
    const token = await stack.token(person('Uri Long'));
    expectRawProblem(await http('GET', `/spaces?limit=1&x=${'a'.repeat(9000)}`, { token }), 414, 'uri_too_long');
    expectRawProblem(await http('GET', `/spaces?cursor=${'A'.repeat(4000)}`, { token }), 422, 'validation_failed');
  });

  it('a request that is not HTTP: 400 problem+json', async () => {
    const { port } = server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'bad_request' });
  });
});

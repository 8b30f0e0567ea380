// The foundation of the HTTP API on real parts, for both databases (Postgres and embedded PGlite): health, the
// OpenAPI document and /docs, problem+json errors and authentication, the profile (R2, R16, R40, R41), spaces
// (R44–R46), pagination and the space timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { addMember, companyAddress, createSpace, person, startStack, type Identity, type TestStack, expectProblem } from '../support';

/** The routes of API.md that exist now (METHOD path, OpenAPI style). */
const EXPECTED_OPERATIONS = [
  'GET /health',
  'GET /me',
  'PATCH /me',
  'GET /me/invitations',
  'GET /spaces',
  'POST /spaces',
  'GET /spaces/{spaceId}',
  'PATCH /spaces/{spaceId}',
  'GET /spaces/{spaceId}/events',
  'GET /spaces/{spaceId}/invitations',
  'POST /spaces/{spaceId}/invitations',
  'GET /spaces/{spaceId}/invitations/{invitationId}',
  'PATCH /spaces/{spaceId}/invitations/{invitationId}',
  'DELETE /spaces/{spaceId}/invitations/{invitationId}',
  'POST /spaces/{spaceId}/invitations/{invitationId}/resend',
  'POST /invitations/{invitationId}/accept',
  'POST /invitations/{invitationId}/decline',
  'GET /spaces/{spaceId}/members',
  'PATCH /spaces/{spaceId}/members/{memberId}',
  'DELETE /spaces/{spaceId}/members/{memberId}',
  'GET /catalog/activity-fields',
  'POST /spaces/{spaceId}/certification-requests',
  'GET /spaces/{spaceId}/certification-requests',
  'POST /spaces/{spaceId}/certification-requests/{requestId}/documents',
  'GET /staff/certification-requests',
  'POST /staff/certification-requests/{requestId}/decision',
  'GET /spaces/{spaceId}/certifications',
  'GET /catalog/sections',
  'POST /spaces/{spaceId}/access-requests',
  'POST /spaces/{spaceId}/activation-codes',
  'GET /spaces/{spaceId}/mandates',
  'POST /spaces/{spaceId}/mandates/{mandateId}/revoke',
  'PATCH /spaces/{spaceId}/mandates/{mandateId}',
  'POST /spaces/{spaceId}/mandates/{mandateId}/delegate-codes',
  'PATCH /staff/mandates/{mandateId}',
  'GET /spaces/{spaceId}/mandators',
  'GET /catalog/procedures',
  'POST /spaces/{spaceId}/procedures',
  'PATCH /spaces/{spaceId}/procedures/{procedureId}',
  'POST /spaces/{spaceId}/procedures/{procedureId}/sign',
  'GET /spaces/{spaceId}/procedures/{procedureId}/pdf',
  'GET /spaces/{spaceId}/procedures',
  'POST /administrator-claims',
  'POST /administrator-claims/{claimId}/confirm',
  'GET /me/administrator-claims',
  'GET /spaces/{spaceId}/administrator-claims',
  'POST /spaces/{spaceId}/administrator-claims/{claimId}/object',
];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];


function spaceBody(overrides: Record<string, unknown> = {}) {
  return { name: 'Operations', company: { name: 'Foundation SA', registrationNumber: 'B123456', address: companyAddress }, ...overrides };
}

describe.each(['postgres', 'embedded'] as const)('on %s', (mode) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ database: mode });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs on the requested database', () => {
    expect(stack.database.kind).toBe(mode);
  });

  describe('health', () => {
    it('GET /health → 200 with database and Temporal up', async () => {
      const response = await stack.call('GET', '/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
    });
  });

  describe('OpenAPI document and /docs', () => {
    let doc: any;
    beforeAll(async () => {
      const response = await stack.call('GET', '/openapi.json');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      doc = response.body;
    });

    const operationsOf = (document: any) =>
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => HTTP_METHODS.includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
      );

    it('is OpenAPI 3.1 and lists every implemented route of API.md', () => {
      expect(doc.openapi).toMatch(/^3\.1\./);
      const listed = operationsOf(doc);
      const missing = EXPECTED_OPERATIONS.filter((operation) => !listed.includes(operation));
      expect(missing).toEqual([]);
    });

    it('declares bearer security on every operation except /health', () => {
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      const unsecured: string[] = [];
      for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        for (const [method, operation] of Object.entries(item)) {
          if (!HTTP_METHODS.includes(method) || path === '/health') continue;
          const secured = Array.isArray(operation.security) && operation.security.some((requirement: Record<string, unknown>) => 'bearerAuth' in requirement);
          if (!secured) unsecured.push(`${method.toUpperCase()} ${path}`);
        }
      }
      expect(unsecured).toEqual([]);
      expect(doc.paths['/health'].get.security ?? []).toEqual([]);
    });

    it('describes every route the app serves', () => {
      const served = new Set(
        stack.app.routes
          .filter((route) => route.method !== 'ALL')
          .map((route) => ({ method: route.method.toUpperCase(), path: route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }))
          .filter((route) => route.path !== '/openapi.json' && route.path !== '/docs' && !route.path.startsWith('/docs/'))
          .map((route) => `${route.method} ${route.path}`),
      );
      // Sanity: the walk sees real routes, so an empty difference means something.
      expect(served.size).toBeGreaterThanOrEqual(EXPECTED_OPERATIONS.length);
      const listed = operationsOf(doc);
      expect([...served].filter((operation) => !listed.includes(operation))).toEqual([]);
    });

    it('GET /docs is an HTML page that loads /openapi.json, and its assets are served with the right types', async () => {
      const page = await stack.call('GET', '/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = page.body as string;
      expect(html).toContain('id="swagger-ui"');

      const references = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((match) => match[1]!);
      expect(references).toContain('/docs/init.js');
      expect(references.some((ref) => ref.endsWith('.css'))).toBe(true);
      expect(references.some((ref) => ref.endsWith('swagger-ui-bundle.js'))).toBe(true);

      const init = await stack.call('GET', '/docs/init.js');
      expect(init.status).toBe(200);
      expect(init.headers.get('content-type')).toMatch(/javascript/);
      expect(init.body).toContain("'/openapi.json'");

      const expectedType = (ref: string) => (ref.endsWith('.css') ? /^text\/css/ : ref.endsWith('.js') ? /javascript/ : ref.endsWith('.png') ? /^image\/png/ : /./);
      for (const ref of references) {
        const response = await app(stack, ref);
        expect(response.status, ref).toBe(200);
        expect(response.headers.get('content-type'), ref).toMatch(expectedType(ref));
        expect((await response.arrayBuffer()).byteLength, ref).toBeGreaterThan(0);
      }
      const bundle = await app(stack, '/docs/assets/swagger-ui-bundle.js');
      expect(await bundle.text()).toContain('SwaggerUIBundle');

      // Unknown assets are not served (no path traversal into the package).
      expectProblem(await stack.call('GET', '/docs/assets/package.json'), 404, 'not_found');
    });
  });

  describe('errors are problem+json', () => {
    let someone: Identity;
    beforeAll(() => {
      someone = person('Paula Problem');
    });

    it('an unknown route → 404 not_found', async () => {
      const response = await stack.call('GET', '/no-such-route');
      expectProblem(response, 404, 'not_found');
      expect(response.body.instance).toBe('/no-such-route');
    });

    it.each([
      ['GET', '/me'],
      ['PATCH', '/me'],
      ['GET', '/me/invitations'],
      ['GET', '/spaces'],
      ['POST', '/spaces'],
      ['GET', `/spaces/${randomUUID()}`],
      ['GET', `/spaces/${randomUUID()}/events`],
      ['POST', `/invitations/${randomUUID()}/accept`],
      ['POST', `/invitations/${randomUUID()}/decline`],
    ])('no token on %s %s → 401 unauthorized', async (method, url) => {
      const response = await stack.call(method, url);
      expectProblem(response, 401, 'unauthorized');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('a malformed Authorization header → 401', async () => {
      expectProblem(await stack.call('GET', '/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthorized');
      expectProblem(await stack.call('GET', '/me', { as: 'not-a-jwt' }), 401, 'unauthorized');
    });

    it('a token signed with another secret → 401', async () => {
      const forged = await new SignJWT({ name: 'Mallory' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(someone.ssn)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-that-is-long-enough'));
      expectProblem(await stack.call('GET', '/me', { as: forged }), 401, 'unauthorized');
    });

    it('an expired token → 401', async () => {
      const expired = await new SignJWT({ name: 'Late' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(someone.ssn)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(stack.config.auth.secret));
      expectProblem(await stack.call('GET', '/me', { as: expired }), 401, 'unauthorized');
    });

    it.each([['123'], ['1234567890123456789X'], ['123456789012345678901']])('a token whose sub is %s (not 20 digits) → 401', async (sub) => {
      expectProblem(await stack.call('GET', '/me', { as: { ssn: sub, name: 'Bad Sub' } }), 401, 'unauthorized');
    });

    it('a malformed JSON body on POST /spaces → 422 validation_failed, not 500', async () => {
      const response = await stack.call('POST', '/spaces', { as: someone, body: '{"name": "Broken",' });
      expectProblem(response, 422, 'validation_failed');
    });

    it('a non-uuid spaceId → 422 validation_failed naming spaceId', async () => {
      const response = await stack.call('GET', '/spaces/not-a-uuid', { as: someone });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain('spaceId');
    });

    it.each([['500'], ['0'], ['abc']])('?limit=%s → 422 validation_failed', async (limit) => {
      const response = await stack.call('GET', `/spaces?limit=${limit}`, { as: someone });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain('limit');
    });

    it('?limit=200 (the maximum) is accepted', async () => {
      expect((await stack.call('GET', '/spaces?limit=200', { as: someone })).status).toBe(200);
    });
  });

  describe('GET /me and PATCH /me', () => {
    it('the first call registers me; certificateSsn is the token subject (R2)', async () => {
      const me = person('Marie Curie');
      const response = await stack.call('GET', '/me', { as: me });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ personId: expect.stringMatching(/^[0-9a-f-]{36}$/), certificateSsn: me.ssn, name: 'Marie Curie', email: me.email, language: 'fr' });
      const again = await stack.call('GET', '/me', { as: me });
      expect(again.body.personId).toBe(response.body.personId);
    });

    it.each([
      ['es-ES', 'fr'],
      ['en-GB,en;q=0.8', 'en'],
      ['de-CH;q=0.5, fr;q=0.9', 'fr'],
      ['it, de;q=0.3', 'de'],
      ['DE', 'de'],
    ])('Accept-Language %j on first login → %s (R41)', async (acceptLanguage, language) => {
      const response = await stack.call('GET', '/me', { as: person('Lang Uage'), headers: { 'accept-language': acceptLanguage } });
      expect(response.status).toBe(200);
      expect(response.body.language).toBe(language);
    });

    it('a later Accept-Language does not change the registered language; PATCH /me does (R40)', async () => {
      const me = person('Hans Meier');
      expect((await stack.call('GET', '/me', { as: me, headers: { 'accept-language': 'en' } })).body.language).toBe('en');
      expect((await stack.call('GET', '/me', { as: me, headers: { 'accept-language': 'de' } })).body.language).toBe('en');

      const patched = await stack.call('PATCH', '/me', { as: me, body: { language: 'de' } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ certificateSsn: me.ssn, language: 'de' });
      expect((await stack.call('GET', '/me', { as: me, headers: { 'accept-language': 'en' } })).body.language).toBe('de');
    });

    it.each([[{ language: 'es' }], [{}], [{ language: 'de', name: 'Other' }]])('PATCH /me %j → 422 and the language is unchanged', async (body) => {
      const me = person('Nina Strict');
      await stack.call('GET', '/me', { as: me, headers: { 'accept-language': 'en' } });
      const response = await stack.call('PATCH', '/me', { as: me, body });
      expectProblem(response, 422, 'validation_failed');
      expect((await stack.call('GET', '/me', { as: me })).body.language).toBe('en');
    });

    it('two certificates with the same pid claim are one person (R16); different pids are not', async () => {
      const pid = `pid-${randomUUID()}`;
      const first = person('Otto Twocerts', { pid });
      const second = person('Otto Twocerts', { pid });
      const stranger = person('Otto Other', { pid: `pid-${randomUUID()}` });
      const a = await stack.call('GET', '/me', { as: first });
      const b = await stack.call('GET', '/me', { as: second });
      const c = await stack.call('GET', '/me', { as: stranger });
      expect(a.body.personId).toBe(b.body.personId);
      expect(a.body.certificateSsn).toBe(first.ssn);
      expect(b.body.certificateSsn).toBe(second.ssn);
      expect(c.body.personId).not.toBe(a.body.personId);
    });
  });

  describe('spaces', () => {
    it('POST /spaces → 201; the creator is the administrator with all four permissions; the register names a registered company', async () => {
      const admin = person('Alice Founder');
      const response = await stack.call('POST', '/spaces', { as: admin, body: spaceBody() });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Operations',
        // The space typed "Foundation SA" and another address: B123456 is Acme SA at 1, rue X in the demo register.
        company: { name: 'Acme SA', registrationNumber: 'B123456', address: { line1: '1, rue X', postalCode: 'L-1234', city: 'Luxembourg', country: 'LU' }, registered: true },
        procedureLanguage: null,
        certifications: [],
        myRole: 'administrator',
        myPermissions: { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true },
      });
      expect(Date.parse(response.body.createdAt)).not.toBeNaN();

      const members = await stack.call('GET', `/spaces/${response.body.id}/members`, { as: admin });
      expect(members.body.items).toEqual([expect.objectContaining({ status: 'active', role: 'administrator', certificateSsn: admin.ssn })]);
    });

    it('GET /spaces lists my spaces only; GET /spaces/{id} of a foreign space is 404 (never 403)', async () => {
      const me = person('Bea Mine');
      const other = person('Carl Other');
      const mine = await createSpace(stack, me);
      const foreign = await createSpace(stack, other);

      const list = await stack.call('GET', '/spaces', { as: me });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ items: [expect.objectContaining({ id: mine.id, myRole: 'administrator' })], nextCursor: null });

      const one = await stack.call('GET', `/spaces/${mine.id}`, { as: me });
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: mine.id, procedureLanguage: null, certifications: [] });

      for (const url of [`/spaces/${foreign.id}`, `/spaces/${foreign.id}/events`, `/spaces/${randomUUID()}`]) {
        expectProblem(await stack.call('GET', url, { as: me }), 404, 'not_found');
      }
      expectProblem(await stack.call('PATCH', `/spaces/${foreign.id}`, { as: me, body: { procedureLanguage: 'de' } }), 404, 'not_found');
    });

    it('the procedure language is set once: 200, then 409 procedure_language_fixed (R46)', async () => {
      const admin = person('Dora Lang');
      const space = await createSpace(stack, admin);
      const first = await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'de' } });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.procedureLanguage).toBe('de');

      expectProblem(await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'en' } }), 409, 'procedure_language_fixed');
      expectProblem(await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'de' } }), 409, 'procedure_language_fixed');
      expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.procedureLanguage).toBe('de');
    });

    it('a space created with a procedure language cannot change it (409)', async () => {
      const admin = person('Emil Preset');
      const space = await createSpace(stack, admin, { procedureLanguage: 'en' });
      expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.procedureLanguage).toBe('en');
      expectProblem(await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'fr' } }), 409, 'procedure_language_fixed');
    });

    it('a member who is not an administrator gets 403 on PATCH, and the language stays unset', async () => {
      const admin = person('Fritz Admin');
      const manager = person('Gina Manager');
      const space = await createSpace(stack, admin);
      await addMember(stack, space.id, admin, manager, { role: 'manager', permissions: { inviteUsers: true, deleteUsers: true } });
      expect((await stack.call('GET', `/spaces/${space.id}`, { as: manager })).status).toBe(200);

      expectProblem(await stack.call('PATCH', `/spaces/${space.id}`, { as: manager, body: { procedureLanguage: 'de' } }), 403, 'forbidden');
      expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.procedureLanguage).toBeNull();
    });

    it('PATCH /spaces/{id} with an unsupported language → 422', async () => {
      const admin = person('Hugo Patch');
      const space = await createSpace(stack, admin);
      expectProblem(await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'es' } }), 422, 'validation_failed');
      expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.procedureLanguage).toBeNull();
    });

    it.each([
      ['a missing company', (() => {
        const { company: _company, ...rest } = spaceBody();
        return rest;
      })(), 'company'],
      ['a missing name', { company: spaceBody().company }, 'name'],
      ['country "Luxembourg"', spaceBody({ company: { ...spaceBody().company, address: { ...companyAddress, country: 'Luxembourg' } } }), 'company.address.country'],
      ['an unsupported procedure language', spaceBody({ procedureLanguage: 'es' }), 'procedureLanguage'],
    ])('POST /spaces with %s → 422 naming the field, and nothing is created', async (_label, body, field) => {
      const caller = person('Ivo Invalid');
      const response = await stack.call('POST', '/spaces', { as: caller, body });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect((await stack.call('GET', '/spaces', { as: caller })).body.items).toEqual([]);
    });

    it('POST /spaces with an unknown extra field → 422 naming it, and nothing is created', async () => {
      const caller = person('Jana Extra');
      const response = await stack.call('POST', '/spaces', { as: caller, body: spaceBody({ owner: 'me' }) });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors.some((e: { path: string; message: string }) => e.path === 'owner' || e.message.includes('owner'))).toBe(true);
      expect((await stack.call('GET', '/spaces', { as: caller })).body.items).toEqual([]);
    });
  });

  describe('pagination', () => {
    it('GET /spaces?limit=2 pages through three spaces with nextCursor; a garbage cursor is 422', async () => {
      const me = person('Kurt Pager');
      const created = [];
      for (const name of ['One', 'Two', 'Three']) created.push(await createSpace(stack, me, { name }));

      const first = await stack.call('GET', '/spaces?limit=2', { as: me });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));

      const second = await stack.call('GET', `/spaces?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { as: me });
      expect(second.status).toBe(200);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();

      // Every space exactly once across the pages (ties on createdAt are broken by id, so compare as sets).
      const seen = [...first.body.items, ...second.body.items].map((s: { id: string }) => s.id);
      expect([...seen].sort()).toEqual(created.map((s) => s.id).sort());

      // Default page size holds all three, with no next page.
      const all = await stack.call('GET', '/spaces', { as: me });
      expect(all.body.items).toHaveLength(3);
      expect(all.body.nextCursor).toBeNull();

      for (const cursor of ['garbage', Buffer.from('["not a date","x"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
        const response = await stack.call('GET', `/spaces?cursor=${cursor}`, { as: me });
        expectProblem(response, 422, 'validation_failed');
      }
    });
  });

  describe('events', () => {
    it('creating a space and setting its procedure language appear in the timeline, newest first, with actor names', async () => {
      const admin = person('Lena Timeline');
      const space = await createSpace(stack, admin, { name: 'Timeline' });
      expect((await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'de' } })).status).toBe(200);

      const events = await stack.call('GET', `/spaces/${space.id}/events`, { as: admin });
      expect(events.status).toBe(200);
      expect(events.body.nextCursor).toBeNull();
      expect(events.body.items).toEqual([
        expect.objectContaining({ type: 'space.procedure_language_set', actor: { personId: expect.any(String), name: 'Lena Timeline' }, data: { procedureLanguage: 'de' } }),
        expect.objectContaining({ type: 'space.created', actor: { personId: expect.any(String), name: 'Lena Timeline' }, data: { name: 'Timeline' } }),
      ]);
      const [newest, oldest] = events.body.items as { occurredAt: string }[];
      expect(Date.parse(newest!.occurredAt)).toBeGreaterThanOrEqual(Date.parse(oldest!.occurredAt));

      // The refused second change leaves no event.
      await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'en' } });
      expect((await stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items).toHaveLength(2);

      const paged = await stack.call('GET', `/spaces/${space.id}/events?limit=1`, { as: admin });
      expect(paged.body.items.map((e: { type: string }) => e.type)).toEqual(['space.procedure_language_set']);
      const rest = await stack.call('GET', `/spaces/${space.id}/events?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`, { as: admin });
      expect(rest.body.items.map((e: { type: string }) => e.type)).toEqual(['space.created']);
    });
  });
});

/** A raw request through the app (binary assets). */
function app(stack: TestStack, url: string): Promise<Response> {
  return Promise.resolve(stack.app.request(url));
}

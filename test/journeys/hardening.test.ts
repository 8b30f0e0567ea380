// Hardening (API.md "Trust rules"): the abuse a public portal meets, on the real stack — Postgres, the Temporal dev
// server, SMTP and Chromium — one test per finding: redirects after login, atomic wrong-code limits, letter floods,
// mail bombing and free text in subjects, security headers, resend under the grant rule, identity claims, token
// audience and issuer, overload, and staff routes refusing before they validate. (The production start with a
// documented secret is in test/platform/config.test.ts, beside the other starts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { createTokenVerifier } from '../../src/platform/http/tokens';
import { safeReturnTo } from '../../src/platform/pages/kit';
import { Admission } from '../../src/platform/temporal/process-start';
import {
  addMember,
  companyAddress,
  createSpace,
  eventually,
  invitationBody,
  invite,
  pageReader,
  person,
  personWindow,
  readLetters,
  startBrowserStack,
  type Identity,
  type TestStack,
} from '../support';

let stack: TestStack;
let browser: Browser;
let site: { url: string; close(): Promise<void> };
let stopAll: (() => Promise<void>) | undefined;
beforeAll(async () => {
  // Two starts at once in this API: the overload test then meets admission control with 200 callers.
  ({ stack, browser, site, stop: stopAll } = await startBrowserStack({ MAX_CONCURRENT_STARTS: '2' }));
});
afterAll(async () => {
  await stopAll?.();
});

const call: TestStack['call'] = (method, url, options) => stack.call(method, url, options);

describe('1. return-to after login: a path of this site, as the browser parses it', () => {
  // Each would leave the site in a browser if taken as a path by a text check alone.
  const tricky = ['//evil.example/phish', '/\\evil.example/phish', '\\\\evil.example/phish', '/.//evil.example/phish', 'https://evil.example/phish', '/%2F%2Fevil.example', 'javascript:alert(1)'];

  it.each(tricky)('%j: after "Log in" Chromium stays on this site', async (returnTo) => {
    const { context, page } = await personWindow(browser, site.url);
    try {
      const visitor = person('Rita Return');
      await page.goto(`/login?returnTo=${encodeURIComponent(returnTo)}`);
      await page.getByLabel('Certificate number', { exact: true }).fill(visitor.ssn);
      await page.getByLabel('Name', { exact: true }).fill(visitor.name!);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      expect(new URL(page.url()).origin).toBe(site.url);
    } finally {
      await context.close();
    }
  });

  it.each(['/\t/evil.example/phish', '/\n/evil.example', '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n')])('%j (control characters): 400 page, never a 500 nor a redirect', async (returnTo) => {
    const { context, page } = await personWindow(browser, site.url);
    try {
      const answer = await page.goto(`/login?returnTo=${encodeURIComponent(returnTo)}`);
      expect(answer!.status()).toBe(400);
      expect(new URL(page.url()).origin).toBe(site.url);
    } finally {
      await context.close();
    }
  });

  it('a path of this site, with its query, is kept', () => {
    expect(safeReturnTo('/spaces/x?tab=users#list')).toBe('/spaces/x?tab=users#list');
    // Whatever comes in, what goes out is read by the browser as a path of this site.
    for (const returnTo of tricky) expect(new URL(safeReturnTo(returnTo), 'https://spaces.example.lu').origin).toBe('https://spaces.example.lu');
    expect(safeReturnTo('/.//evil.example/phish')).toBe('/');
  });
});

describe('2. wrong activation codes: the limit is atomic on Postgres', () => {
  const wrong = (as: Identity, spaceId: string, index: number) => call('POST', `/spaces/${spaceId}/activation-codes`, { as, body: { code: `WRONG-${String(index).padStart(4, '0')}-XXXX` } });

  it('40 concurrent wrong codes from one certificate across 8 spaces: exactly 5 evaluated, 35 refused with Retry-After', async () => {
    const guesser = person('Gus Guesser');
    const spaces: { id: string }[] = [];
    for (let index = 0; index < 8; index += 1) spaces.push(await createSpace(stack, guesser));
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => wrong(guesser, spaces[index % 8]!.id, index)));
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(5);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(35);
    expect(refused.every((answer) => Number(answer.headers.get('retry-after')) > 0)).toBe(true);
  });

  it('40 concurrent wrong codes in one space from 8 members: exactly 5 evaluated', async () => {
    const admin = person('Ada Atomic');
    const space = await createSpace(stack, admin);
    const members = [admin];
    for (let index = 0; index < 7; index += 1) {
      const member = person(`Mia Member ${index}`);
      await addMember(stack, space.id, admin, member);
      members.push(member);
    }
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => wrong(members[index % 8]!, space.id, index)));
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(35);
  });
});

describe('3. letters to a registered address: at most ACCESS_REQUEST_LIMIT per company and section in 24 h, whoever asks', () => {
  it('the 4th access request for a company and section is 429 Retry-After, also from another space of the same number; no letter is posted for it', async () => {
    const admin = person('Lia Letters');
    const company = { name: 'Letterbox SA', registrationNumber: `L${admin.ssn.slice(-6)}`, address: companyAddress };
    const space = await createSpace(stack, admin, { company });
    const request = (as: Identity, spaceId: string, section = 'tax') =>
      call('POST', `/spaces/${spaceId}/access-requests`, { as, body: { section, scope: { procedures: true, dataConsultation: false }, delegateCodes: 1 } });
    const mandateIds: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const answer = await request(admin, space.id);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      mandateIds.push(answer.body.mandateId);
    }
    const fourth = await request(admin, space.id);
    expect([fourth.status, fourth.body.code]).toEqual([429, 'too_many_requests']);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
    expect(fourth.body.detail).toContain('24');

    // A space that merely claims the same number gets no new letters either.
    const squatter = person('Sam Squatter');
    const claimed = await createSpace(stack, squatter, { company });
    expect((await request(squatter, claimed.id)).status).toBe(429);
    // Another section is another letterbox count.
    expect((await request(admin, space.id, 'statistics')).status).toBe(201);

    const letters = await eventually(
      async () => (await Promise.all(mandateIds.map((id) => readLetters(stack.config.postOutboxDir, id)))).flat(),
      (all) => all.length === 6,
    );
    expect(letters).toHaveLength(6);
    const mandates = await stack.database.db.execute(sql`select count(*)::int as n from mandates where mandator_space_id in (${space.id}, ${claimed.id}) and section = 'tax'`);
    expect((mandates as unknown as { n: number }[])[0]!.n).toBe(3);
  });
});

describe('4. mails to one recipient: at most MAIL_RECIPIENT_LIMIT an hour, per space and per certificate; subjects carry no typed text', () => {
  it('the 6th mail to one address is refused with 429 and nothing changes: not by new invitations, an edit of the address, nor throw-away spaces', async () => {
    const attacker = person('Max Mailer');
    const space = await createSpace(stack, attacker, { name: 'Buy cheap pills http://spam.example' });
    const victim = `victim.${attacker.ssn.slice(-6)}@example.lu`;
    for (let index = 0; index < 5; index += 1) {
      const answer = await call('POST', `/spaces/${space.id}/invitations`, { as: attacker, body: invitationBody(person(`Vic Tim ${index}`), { email: victim }) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const mails = await stack.smtp.waitFor((mail) => mail.to.includes(victim), { count: 5 });
    // The subject says nothing the attacker typed.
    for (const mail of mails) expect(mail.subject).not.toMatch(/pills|spam\.example|Acme/);

    const sixth = await call('POST', `/spaces/${space.id}/invitations`, { as: attacker, body: invitationBody(person('Vic Six'), { email: victim }) });
    expect([sixth.status, sixth.body.code]).toEqual([429, 'too_many_requests']);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);

    // An invitation to another address, then edited to the victim's: refused, and the invitation keeps its address.
    const other = person('Olga Other');
    const invitation = await invite(stack, space.id, attacker, other);
    const edit = await call('PATCH', `/spaces/${space.id}/invitations/${invitation.id}`, { as: attacker, body: { email: victim } });
    expect([edit.status, edit.body.code]).toEqual([429, 'too_many_requests']);
    expect((await call('GET', `/spaces/${space.id}/invitations/${invitation.id}`, { as: attacker })).body.email).toBe(other.email);

    // A throw-away space of the same certificate gives no new mails either.
    const throwAway = await createSpace(stack, attacker);
    const fromThere = await call('POST', `/spaces/${throwAway.id}/invitations`, { as: attacker, body: invitationBody(person('Vic Seven'), { email: victim }) });
    expect(fromThere.status).toBe(429);

    // Nothing more reached the victim: one more mail to someone else arrives after all of the above.
    await stack.smtp.waitFor((mail) => mail.to.includes(other.email!));
    expect(stack.smtp.matching((mail) => mail.to.includes(victim))).toHaveLength(5);
  });
});

describe('5. security headers', () => {
  it('a page: CSP without script and frame-ancestors none, nosniff, Referrer-Policy, no framing', async () => {
    const response = await stack.app.request('/login', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|\*)/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBeTruthy();
    // Not in development: HSTS belongs to production, over https.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('an API answer and a problem: the strict subset', async () => {
    for (const response of [await call('GET', '/me', { as: person('Hal Headers') }), await call('GET', '/spaces')]) {
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('Chromium refuses to show a page inside a foreign frame', async () => {
    const { context, page } = await personWindow(browser, site.url);
    try {
      await page.setContent(`<iframe src="${site.url}/login" title="framed"></iframe>`);
      const frame = page.frames().find((each) => each !== page.mainFrame());
      await eventually(async () => frame?.url() ?? '', (url) => url !== '');
      // A blocked frame stays empty: no login form inside it.
      expect(await frame!.locator('form').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('6. resend is granting again: the no-escalation rule holds', () => {
  it('an invite-only member cannot resend an administrator’s invitation (403), but may resend a manager’s', async () => {
    const admin = person('Ann Admin');
    const space = await createSpace(stack, admin);
    const inviter = person('Ivan Inviter');
    await addMember(stack, space.id, admin, inviter, { role: 'manager', permissions: { inviteUsers: true } });
    const administratorInvitation = await invite(stack, space.id, admin, person('Boss Future'), { role: 'administrator' });
    const refused = await call('POST', `/spaces/${space.id}/invitations/${administratorInvitation.id}/resend`, { as: inviter });
    expect([refused.status, refused.body.code]).toEqual([403, 'cannot_grant']);
  });
});

describe('7. identity claims and fields', () => {
  it('an e-mail claim that lists two addresses, or a name with CR/LF, makes the token unusable (401)', async () => {
    const eve = person('Eve Fanout');
    expect((await call('GET', '/me', { as: { ...eve, email: 'eve@example.lu, victim@example.lu' } })).status).toBe(401);
    expect((await call('GET', '/me', { as: { ...eve, name: 'Eve\r\nBcc: victim@example.lu' } })).status).toBe(401);
    expect((await call('GET', '/me', { as: eve })).status).toBe(200);
  });

  it('names, addresses and e-mail fields with control characters or lists are refused (422) and nothing is stored', async () => {
    const admin = person('Nia Names');
    const registrationNumber = `N${admin.ssn.slice(-6)}`;
    const space = await createSpace(stack, admin, { company: { name: 'Names SA', registrationNumber, address: companyAddress } });
    const invitee = person('Ola Other');
    for (const body of [invitationBody(invitee, { firstName: 'Ola\r\nBcc: x@example.lu' }), invitationBody(invitee, { email: 'a@example.lu, b@example.lu' }), invitationBody(invitee, { lastName: 'Tab\there' })]) {
      const answer = await call('POST', `/spaces/${space.id}/invitations`, { as: admin, body });
      expect([answer.status, answer.body.code], JSON.stringify(answer.body)).toEqual([422, 'validation_failed']);
    }
    const spaceName = await call('POST', '/spaces', { as: admin, body: { name: 'Line\nbreak', company: { registrationNumber } } });
    expect(spaceName.status).toBe(422);
    expect((await call('GET', `/spaces/${space.id}/invitations`, { as: admin })).body.items).toEqual([]);
  });

  it('the development login refuses a list of addresses', async () => {
    const reader = await pageReader(stack, person('Lou Login'));
    const page = await reader.post('/login', { sub: person('Two Mails').ssn, name: 'Two Mails', email: 'a@example.lu, b@example.lu', returnTo: '/' });
    expect(page.status).toBe(422);
  });
});

describe('8. token audience and issuer', () => {
  const secret = 'an-audience-test-secret-0123456789';
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ name: 'Aud Test', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('12345678901234567890').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret));

  it('with AUTH_AUDIENCE and AUTH_ISSUER set, a token for another client or from another issuer is refused', async () => {
    const verify = createTokenVerifier({ secret, jwksUrl: undefined, audience: 'professional-spaces', issuer: 'https://login.example.lu', maxTokenLifetimeMs: 3600_000 });
    await expect(verify(await sign({ aud: 'professional-spaces', iss: 'https://login.example.lu' }))).resolves.toMatchObject({ sub: '12345678901234567890' });
    await expect(verify(await sign({ aud: 'another-client', iss: 'https://login.example.lu' }))).rejects.toThrow();
    await expect(verify(await sign({ aud: 'professional-spaces', iss: 'https://other.example' }))).rejects.toThrow();
    await expect(verify(await sign({}))).rejects.toThrow();
  });
});

describe('9. overload: 503 Retry-After before a process starts, never after', () => {
  it('200 concurrent invitations: each answer is 201 or 503 with Retry-After, and the processes created are exactly the 201s', async () => {
    const admin = person('Olly Overload');
    const space = await createSpace(stack, admin);
    const invitees = Array.from({ length: 200 }, (_, index) => person(`Load Invitee ${index}`));
    const answers = await Promise.all(invitees.map((invitee) => call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(invitee) })));
    const created = answers.filter((answer) => answer.status === 201);
    const unavailable = answers.filter((answer) => answer.status === 503);
    expect(created.length + unavailable.length, JSON.stringify(answers.find((answer) => answer.status !== 201 && answer.status !== 503)?.body)).toBe(200);
    expect(unavailable.every((answer) => Number(answer.headers.get('retry-after')) > 0)).toBe(true);

    // Every started process mails its invitee: once those mails are in, no other process exists for the space.
    await stack.smtp.waitFor((mail) => invitees.some((invitee) => mail.to.includes(invitee.email!)), { count: created.length, timeoutMs: 60_000 });
    const workflows = await eventually(
      async () => {
        let count = 0;
        for await (const _execution of stack.client.workflow.list({ query: `WorkflowType = "invitationWorkflow" AND SpaceId = "${space.id}"` })) count += 1;
        return count;
      },
      (count) => count >= created.length,
      30_000,
    );
    expect(workflows).toBe(created.length);
    const rows = (await stack.database.db.execute(sql`select count(*)::int as n from invitations where space_id = ${space.id}`)) as unknown as { n: number }[];
    expect(rows[0]!.n).toBe(created.length);
  });
});

describe('9b. admission control, alone', () => {
  it('beyond MAX_CONCURRENT_STARTS a caller waits its turn, then gets 503 Retry-After and its start never runs', async () => {
    const admission = new Admission(1);
    let release!: () => void;
    const first = admission.run(1_000, () => new Promise<void>((resolve) => (release = resolve)));
    let ran = false;
    await expect(
      admission.run(50, async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: 'service_unavailable', extra: { retryAfterSeconds: 2 } });
    expect(ran).toBe(false);
    // A waiter admitted when the slot frees runs.
    const second = admission.run(1_000, async () => {
      ran = true;
    });
    release();
    await Promise.all([first, second]);
    expect(ran).toBe(true);
  });
});

describe('10. staff routes refuse a caller without the staff claim before they read the body', () => {
  it('a bad body from a non-staff caller is 403, not 422', async () => {
    const outsider = person('Noel Nostaff');
    const answer = await call('POST', '/staff/certification-requests/00000000-0000-4000-8000-000000000000/decision', { as: outsider, body: { nonsense: true } });
    expect([answer.status, answer.body.code]).toEqual([403, 'forbidden']);
    const register = await call('PUT', '/staff/companies/B999999', { as: outsider, body: { name: '' } });
    expect(register.status).toBe(403);
  });
});

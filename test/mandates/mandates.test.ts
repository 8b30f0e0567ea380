// Mandates through activation codes sent by post (R22–R38), through the HTTP API on real Temporal and Postgres.
// The test learns the codes the way a company does: by reading the printed letters (PDF) from the post outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createApp } from '../../src/app';
import { activationAttempts } from '../../src/platform/db/schema';
import { activeMandateCovers } from '../../src/features/mandates/store';
import { mandateWorkflowId } from '../../src/features/mandates/contract';
import { addMember, createSpace, eventually, person, readLetters as readOutboxLetters, type Letter, startStack, type Identity, type TestStack } from '../support';

let stack: TestStack;
const mandateIds: string[] = [];
const issuedCodes: string[] = [];

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** The mandate's letters; every code read from them is remembered for the scan for codes in clear. */
async function readLetters(mandateId: string): Promise<Letter[]> {
  const letters = await readOutboxLetters(stack.config.postOutboxDir, mandateId);
  for (const { code } of letters) if (!issuedCodes.includes(code)) issuedCodes.push(code);
  return letters;
}

async function waitForLetters(mandateId: string, count: number): Promise<Letter[]> {
  const letters = await eventually(() => readLetters(mandateId), (list) => list.length >= count);
  expect(letters).toHaveLength(count);
  return letters;
}

async function requestAccess(admin: Identity, spaceId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await stack.call('POST', `/spaces/${spaceId}/access-requests`, { as: admin, body, headers });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  if (!mandateIds.includes(response.body.mandateId)) mandateIds.push(response.body.mandateId);
  return response.body as { id: string; mandateId: string; status: string };
}

/** An access request and its letters: the holder's code and the delegate codes. */
async function mandateWithCodes(admin: Identity, spaceId: string, section: string, delegateCodes: number, extra: Record<string, unknown> = {}) {
  const request = await requestAccess(admin, spaceId, { section, scope: { procedures: true, dataConsultation: false }, delegateCodes, ...extra });
  const letters = await waitForLetters(request.mandateId, 1 + delegateCodes);
  return { mandateId: request.mandateId, holder: letters.find((letter) => letter.kind === 'holder')!.code, delegates: letters.filter((letter) => letter.kind === 'delegate').map((letter) => letter.code), letters };
}

const enter = (as: Identity, spaceId: string, code: string) => stack.call('POST', `/spaces/${spaceId}/activation-codes`, { as, body: { code } });
const mandatorsOf = async (as: Identity, spaceId: string) => (await stack.call('GET', `/spaces/${spaceId}/mandators`, { as })).body.items as { spaceId: string; section: string; mandateId: string }[];
const mandatesOf = async (as: Identity, spaceId: string) => (await stack.call('GET', `/spaces/${spaceId}/mandates`, { as })).body as { given: any[]; received: any[] };

describe('sections catalog', () => {
  it('lists the sections with names in three languages and their procedure types', async () => {
    const response = await stack.call('GET', '/catalog/sections', { as: person('Cat Reader') });
    expect(response.status).toBe(200);
    expect(response.body.map((section: { code: string }) => section.code)).toEqual(['tax', 'social-security', 'statistics', 'employment', 'associations']);
    expect(response.body[0]).toMatchObject({ names: { fr: 'Données fiscales', de: 'Steuerdaten', en: 'Tax data' } });
    expect(response.body[0].procedures.length).toBeGreaterThan(0);
  });
});

describe('access request → letters → holder and delegate codes', () => {
  const mandatorAdmin = person('Mara Mandator');
  const clerk = person('Carl Clerk');
  const fiduciaryOne = person('Fiona Fiduciary');
  const fiduciaryTwo = person('Gus Fiduciary');
  let mandatorSpace: { id: string };
  let delegateOne: { id: string };
  let delegateTwo: { id: string };
  let main: Awaited<ReturnType<typeof mandateWithCodes>>;

  beforeAll(async () => {
    mandatorSpace = await createSpace(stack, mandatorAdmin, { procedureLanguage: 'de' });
    delegateOne = await createSpace(stack, fiduciaryOne);
    delegateTwo = await createSpace(stack, fiduciaryTwo);
    await addMember(stack, mandatorSpace.id, mandatorAdmin, clerk, { role: 'without-signature' });
  });

  it('posts three PDF letters in the procedure language, each with one code, sidecars without it', async () => {
    const request = await requestAccess(mandatorAdmin, mandatorSpace.id, { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 2 }, { 'idempotency-key': 'tax-1' });
    expect(request).toMatchObject({ id: request.mandateId, status: 'requested' });
    // The same Idempotency-Key starts nothing new.
    const again = await requestAccess(mandatorAdmin, mandatorSpace.id, { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 2 }, { 'idempotency-key': 'tax-1' });
    expect(again.mandateId).toBe(request.mandateId);

    const letters = await waitForLetters(request.mandateId, 3);
    expect(letters.map((letter) => letter.kind).sort()).toEqual(['delegate', 'delegate', 'holder']);
    expect(new Set(letters.map((letter) => letter.code)).size).toBe(3);
    for (const letter of letters) {
      expect(letter.language).toBe('de');
      expect(letter.text).toContain('Steuerdaten');
      expect(letter.text).toContain('12, rue Érasme');
      expect(letter.text).toContain('Registrierung der Aktivierungscodes');
      expect(letter.sidecar).not.toContain(letter.code);
      expect(letter.sidecar).not.toContain(letter.code.replace(/-/g, ''));
    }
    main = { mandateId: request.mandateId, holder: letters.find((l) => l.kind === 'holder')!.code, delegates: letters.filter((l) => l.kind === 'delegate').map((l) => l.code), letters };

    const given = await eventually(() => mandatesOf(mandatorAdmin, mandatorSpace.id), (lists) => lists.given[0]?.status === 'dispatched');
    expect(given.given[0]).toMatchObject({ id: request.mandateId, section: 'tax', status: 'dispatched', endDate: null, delegates: [] });
    expect(given.given[0].letters).toHaveLength(3);
    expect(given.given[0].letters.every((letter: { status: string }) => letter.status === 'dispatched')).toBe(true);
  });

  it('refuses a delegate code before the holder code and a holder code in a foreign space', async () => {
    const early = await enter(fiduciaryOne, delegateOne.id, main.delegates[0]!);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('mandate_not_active');
    const foreign = await enter(fiduciaryOne, delegateOne.id, main.holder);
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('invalid_code');
  });

  it('the holder code, entered by a member without signature (R37), certifies the space and makes it the mandator', async () => {
    const typed = main.holder.replace(/-/g, '').toLowerCase();
    const response = await enter(clerk, mandatorSpace.id, typed);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ kind: 'holder', mandateId: main.mandateId, section: 'tax', mandator: { spaceId: mandatorSpace.id, companyName: expect.any(String) } });
    const space = await stack.call('GET', `/spaces/${mandatorSpace.id}`, { as: mandatorAdmin });
    expect(space.body.certifications).toEqual(expect.arrayContaining([expect.objectContaining({ section: 'tax', via: 'activation-code' })]));
    const again = await enter(mandatorAdmin, mandatorSpace.id, main.holder);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('code_already_used');
  });

  it('delegate codes in two delegate spaces: both see the mandator and may act for it (R27, R28, R35)', async () => {
    const one = await enter(fiduciaryOne, delegateOne.id, main.delegates[0]!);
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toMatchObject({ kind: 'delegate', mandateId: main.mandateId, section: 'tax', mandator: { spaceId: mandatorSpace.id } });
    const two = await enter(fiduciaryTwo, delegateTwo.id, main.delegates[1]!);
    expect(two.status).toBe(200);

    for (const [who, space] of [[fiduciaryOne, delegateOne], [fiduciaryTwo, delegateTwo]] as const) {
      expect((await mandatorsOf(who, space.id)).map((item) => item.spaceId)).toEqual([mandatorSpace.id]);
      const received = (await mandatesOf(who, space.id)).received;
      expect(received).toHaveLength(1);
      // A delegate sees its own delegation only, and no letters.
      expect(received[0].delegates.map((d: { spaceId: string }) => d.spaceId)).toEqual([space.id]);
      expect(received[0].letters).toEqual([]);
      expect(await activeMandateCovers(stack.database.db, { delegateSpaceId: space.id, mandatorSpaceId: mandatorSpace.id, section: 'tax' })).toBe(true);
    }
    expect(await activeMandateCovers(stack.database.db, { delegateSpaceId: delegateOne.id, mandatorSpaceId: mandatorSpace.id, section: 'statistics' })).toBe(false);

    // R35: the delegate starts a procedure for its mandator within the mandate's section, not outside it.
    const forMandator = await stack.call('POST', `/spaces/${delegateOne.id}/procedures`, { as: fiduciaryOne, body: { type: 'vat-return', onBehalfOf: mandatorSpace.id, data: {} } });
    expect(forMandator.status, JSON.stringify(forMandator.body)).toBe(201);
    expect(forMandator.body.onBehalfOf).toBe(mandatorSpace.id);
    const outsideSection = await stack.call('POST', `/spaces/${delegateOne.id}/procedures`, { as: fiduciaryOne, body: { type: 'structural-business-survey', onBehalfOf: mandatorSpace.id, data: {} } });
    expect([outsideSection.status, outsideSection.body.code]).toEqual([403, 'mandate_required']);
    const notAMandator = await stack.call('POST', `/spaces/${delegateOne.id}/procedures`, { as: fiduciaryOne, body: { type: 'vat-return', onBehalfOf: delegateTwo.id, data: {} } });
    expect([notAMandator.status, notAMandator.body.code]).toEqual([403, 'mandate_required']);

    const given = (await mandatesOf(clerk, mandatorSpace.id)).given[0];
    expect(given.status).toBe('active');
    expect(given.delegates.map((d: { spaceId: string; status: string }) => [d.spaceId, d.status]).sort()).toEqual([[delegateOne.id, 'active'], [delegateTwo.id, 'active']].sort());

    const events = (await stack.call('GET', `/spaces/${delegateOne.id}/events`, { as: fiduciaryOne })).body.items.map((e: { type: string }) => e.type);
    expect(events).toContain('delegation.started');
    const mandatorEvents = (await stack.call('GET', `/spaces/${mandatorSpace.id}/events`, { as: mandatorAdmin })).body.items.map((e: { type: string }) => e.type);
    expect(mandatorEvents).toEqual(expect.arrayContaining(['mandate.requested', 'mandate.letters_dispatched', 'mandate.holder_activated', 'mandate.delegate_activated']));
    await stack.smtp.waitFor((mail) => mail.to.includes(mandatorAdmin.email!) && /Bevollmächtigter/.test(mail.subject));
  });

  it('one delegate space serving two mandators lists both; revoking one ends that delegation at once', async () => {
    const otherAdmin = person('Otto Other');
    const other = await createSpace(stack, otherAdmin);
    const codes = await mandateWithCodes(otherAdmin, other.id, 'statistics', 1);
    expect((await enter(otherAdmin, other.id, codes.holder)).status).toBe(200);
    expect((await enter(fiduciaryOne, delegateOne.id, codes.delegates[0]!)).status).toBe(200);
    expect((await mandatorsOf(fiduciaryOne, delegateOne.id)).map((item) => item.spaceId).sort()).toEqual([mandatorSpace.id, other.id].sort());

    // Only an administrator of the mandator's space revokes; other spaces do not see the mandate.
    expect((await stack.call('POST', `/spaces/${delegateOne.id}/mandates/${codes.mandateId}/revoke`, { as: fiduciaryOne })).status).toBe(404);
    const revoked = await stack.call('POST', `/spaces/${other.id}/mandates/${codes.mandateId}/revoke`, { as: otherAdmin });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(revoked.body.delegates[0].status).toBe('ended');
    expect(await activeMandateCovers(stack.database.db, { delegateSpaceId: delegateOne.id, mandatorSpaceId: other.id, section: 'statistics' })).toBe(false);
    const afterRevoke = await stack.call('POST', `/spaces/${delegateOne.id}/procedures`, { as: fiduciaryOne, body: { type: 'structural-business-survey', onBehalfOf: other.id, data: {} } });
    expect([afterRevoke.status, afterRevoke.body.code]).toEqual([403, 'mandate_required']);
    expect((await mandatorsOf(fiduciaryOne, delegateOne.id)).map((item) => item.spaceId)).toEqual([mandatorSpace.id]);
    const twice = await stack.call('POST', `/spaces/${other.id}/mandates/${codes.mandateId}/revoke`, { as: otherAdmin });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('mandate_not_active');
    await stack.smtp.waitFor((mail) => mail.to.includes(fiduciaryOne.email!) && mail.text.includes(other.company.name));
  });

  it('changing the delegate codes posts new letters with their own deadline; registered delegates keep their access (R32, R34)', async () => {
    const before = (await mandatesOf(mandatorAdmin, mandatorSpace.id)).given.find((mandate) => mandate.id === main.mandateId);
    const changed = await stack.call('POST', `/spaces/${mandatorSpace.id}/mandates/${main.mandateId}/delegate-codes`, { as: mandatorAdmin, body: { delegateCodes: 1 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.activationDeadline).toBe(before.activationDeadline);
    expect(changed.body.delegates.every((d: { status: string }) => d.status === 'active')).toBe(true);
    expect(await activeMandateCovers(stack.database.db, { delegateSpaceId: delegateOne.id, mandatorSpaceId: mandatorSpace.id, section: 'tax' })).toBe(true);
    expect((await mandatorsOf(fiduciaryTwo, delegateTwo.id)).map((item) => item.spaceId)).toContain(mandatorSpace.id);
    const letters = await waitForLetters(main.mandateId, 4);
    const fresh = letters.find((letter) => letter.kind === 'delegate' && !main.delegates.includes(letter.code))!;
    const third = person('Tina Third');
    const thirdSpace = await createSpace(stack, third);
    expect((await enter(third, thirdSpace.id, fresh.code)).status).toBe(200);
    expect(await activeMandateCovers(stack.database.db, { delegateSpaceId: thirdSpace.id, mandatorSpaceId: mandatorSpace.id, section: 'tax' })).toBe(true);
  });

  it('the end date ends the delegations by themselves (R34)', async () => {
    const tooFar = await stack.call('PATCH', `/spaces/${mandatorSpace.id}/mandates/${main.mandateId}`, { as: mandatorAdmin, body: { endDate: new Date(Date.now() + 26 * 366 * 86_400_000).toISOString() } });
    expect(tooFar.status).toBe(422);
    // An end of use lies after the activation deadline: the administration (ACD) brings that deadline close first.
    const early = await stack.call('PATCH', `/spaces/${mandatorSpace.id}/mandates/${main.mandateId}`, { as: mandatorAdmin, body: { endDate: new Date(Date.now() + 3_000).toISOString() } });
    expect([early.status, early.body.code]).toEqual([422, 'end_date_before_deadline']);
    const staff = { ...person('Aldo Acd'), staff: 'ACD' };
    expect((await stack.call('PATCH', `/staff/mandates/${main.mandateId}`, { as: staff, body: { activationDeadline: new Date(Date.now() + 1_500).toISOString() } })).status).toBe(200);
    const soon = new Date(Date.now() + 3_000).toISOString();
    const patched = await stack.call('PATCH', `/spaces/${mandatorSpace.id}/mandates/${main.mandateId}`, { as: mandatorAdmin, body: { endDate: soon } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.endDate).toBe(soon);
    const ended = await eventually(() => mandatesOf(mandatorAdmin, mandatorSpace.id), (lists) => lists.given[0]?.status === 'ended');
    expect(ended.given[0].status).toBe('ended');
    expect(ended.given[0].delegates.every((d: { status: string }) => d.status === 'ended')).toBe(true);
    expect(await activeMandateCovers(stack.database.db, { delegateSpaceId: delegateTwo.id, mandatorSpaceId: mandatorSpace.id, section: 'tax' })).toBe(false);
    const events = (await stack.call('GET', `/spaces/${delegateTwo.id}/events`, { as: fiduciaryTwo })).body.items.map((e: { type: string }) => e.type);
    expect(events[0]).toBe('delegation.ended');
  });
});

describe('code states and limits', () => {
  it('a code past its activation deadline (set by staff) gets 410', async () => {
    const admin = person('Edda Expiry');
    const space = await createSpace(stack, admin);
    const codes = await mandateWithCodes(admin, space.id, 'employment', 0);
    const notStaff = await stack.call('PATCH', `/staff/mandates/${codes.mandateId}`, { as: admin, body: { activationDeadline: new Date(Date.now() + 60_000).toISOString() } });
    expect(notStaff.status).toBe(403);
    const staff = { ...person('Stan Staff'), staff: 'ADEM' };
    const deadline = new Date(Date.now() + 2_000).toISOString();
    const changed = await stack.call('PATCH', `/staff/mandates/${codes.mandateId}`, { as: staff, body: { activationDeadline: deadline } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.activationDeadline).toBe(deadline);
    const expired = await eventually(() => mandatesOf(admin, space.id), (lists) => lists.given[0]?.status === 'expired');
    expect(expired.given[0].status).toBe('expired');
    const late = await enter(admin, space.id, codes.holder);
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('code_expired');
  });

  it('a second holder code for the same section and company gets 409 (R33)', async () => {
    const admin = person('Holly Holder');
    const space = await createSpace(stack, admin);
    const first = await mandateWithCodes(admin, space.id, 'associations', 0);
    const second = await mandateWithCodes(admin, space.id, 'associations', 0);
    expect((await enter(admin, space.id, first.holder)).status).toBe(200);
    const conflict = await enter(admin, space.id, second.holder);
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('holder_code_already_active');
  });

  it('the sixth wrong code within an hour gets 429 with Retry-After, also through a new app on the same database', async () => {
    const admin = person('Bruno Brute');
    const space = await createSpace(stack, admin);
    const codes = await mandateWithCodes(admin, space.id, 'social-security', 0);
    for (const attempt of ['AAAA-BBBB-CCCC', 'not a code', 'ZZZZ-ZZZZ-ZZZZ', '2345-6789-ABCD', 'WXYZ-WXYZ-WXYZ']) {
      const wrong = await enter(admin, space.id, attempt);
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('invalid_code');
    }
    const blocked = await enter(admin, space.id, codes.holder);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(3500);
    // What a restart keeps: the failures are rows, and a second app on the same database still refuses.
    const [row] = await stack.database.db.select({ n: sql<number>`count(*)::int` }).from(activationAttempts).where(eq(activationAttempts.spaceId, space.id));
    expect(row!.n).toBe(5);
    const restarted = createApp({ config: stack.config, db: stack.database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    const response = await restarted.request(`/spaces/${space.id}/activation-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(admin)}` },
      body: JSON.stringify({ code: codes.holder }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeTruthy();
  });
});

describe('no code in clear', () => {
  it('appears nowhere in the database or the workflow histories', async () => {
    expect(issuedCodes.length).toBeGreaterThanOrEqual(10);
    const tables = (await stack.database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as { table_name: string }[];
    const rows = Array.isArray(tables) ? tables : ((tables as unknown as { rows: { table_name: string }[] }).rows ?? []);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['mandates', 'activation_codes', 'letters', 'delegations', 'space_events', 'mail_outbox']));
    let dump = '';
    for (const { table_name } of rows) {
      const result = (await stack.database.db.execute(sql.raw(`select t::text as line from "${table_name}" t`))) as unknown as { line: string }[];
      const lines = Array.isArray(result) ? result : ((result as unknown as { rows: { line: string }[] }).rows ?? []);
      dump += lines.map((l) => l.line).join('\n');
    }
    // Payload bytes as text, so that a code inside any JSON payload would show.
    const toText = (_key: string, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value);
    let histories = '';
    for (const mandateId of mandateIds) {
      const history = await stack.client.workflow.getHandle(mandateWorkflowId(mandateId)).fetchHistory();
      histories += JSON.stringify(history, toText);
      const description = await stack.client.workflow.getHandle(mandateWorkflowId(mandateId)).describe();
      histories += JSON.stringify(description.raw, toText);
    }
    expect(histories).toContain(mandateIds[0]);
    expect(dump.length).toBeGreaterThan(1000);
    const mails = stack.smtp.matching(() => true).map((mail) => JSON.stringify(mail)).join('\n');
    for (const code of issuedCodes) {
      for (const form of [code, code.replace(/-/g, ''), code.toLowerCase(), code.replace(/-/g, '').toLowerCase()]) {
        expect(dump.includes(form), `database holds ${form}`).toBe(false);
        expect(histories.includes(form), `history holds ${form}`).toBe(false);
        expect(mails.includes(form), `a mail holds ${form}`).toBe(false);
      }
    }
  });
});

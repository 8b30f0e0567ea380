// Administrator recovery by post (issue 21, API.md "Administrator recovery") on the real stack: Temporal, Postgres,
// SMTP, the post outbox. The claimant learns the code the way a company does: from the printed letter (PDF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { administratorClaims } from '../../src/platform/db/schema';
import { claimWorkflowId } from '../../src/features/claims/contract';
import { COMPANY_NAME, PROCESS_STATUS, SPACE_ID } from '../../src/platform/temporal/search-attributes';
import { addMember, companyAddress, createSpace, eventually, expectProblem, person, readLetters, registerCompany, startStack, type Identity, type Letter, type TestStack } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** A company with two spaces and one administrator each, a plain member in the first; the register renamed since. */
async function companyWithTwoSpaces(tag: string) {
  const firstAdmin = person(`${tag} First Admin`);
  const secondAdmin = person(`${tag} Second Admin`);
  const member = person(`${tag} Member`);
  const first = await createSpace(stack, firstAdmin, { name: 'Finance' });
  const registrationNumber = `B${firstAdmin.ssn.slice(-6)}`;
  const second = await stack.call('POST', '/spaces', { as: secondAdmin, body: { name: 'Payroll', company: { registrationNumber } } });
  expect(second.status, JSON.stringify(second.body)).toBe(201);
  await addMember(stack, first.id, firstAdmin, member);
  // The register is what counts: its name and address now differ from what the spaces were created with.
  const register = { name: `${tag} Holding SA`, address: { line1: '7, rue du Registre', postalCode: 'L-2999', city: 'Esch-sur-Alzette', country: 'LU' }, language: 'de' };
  await registerCompany(stack, registrationNumber, register);
  return { registrationNumber, register, firstAdmin, secondAdmin, member, spaceIds: [first.id, second.body.id as string] };
}

async function claim(claimant: Identity, registrationNumber: string, headers: Record<string, string> = {}) {
  const response = await stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber }, headers });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; status: string; registrationNumber: string; expiresAt: string; companyName: string };
}

async function letterOf(claimId: string): Promise<Letter> {
  const letters = await eventually(() => readLetters(stack.config.postOutboxDir, claimId), (list) => list.length === 1);
  expect(letters).toHaveLength(1);
  return letters[0]!;
}

const confirm = (claimant: Identity, claimId: string, code: string) => stack.call('POST', `/administrator-claims/${claimId}/confirm`, { as: claimant, body: { code } });
const mailsTo = (who: Identity, subject: string) => stack.smtp.matching((mail) => mail.to.includes(who.email!) && mail.subject === subject);

describe('a claim', () => {
  it('posts a letter to the register’s name and address that names the claimant, and mails the company’s administrators at once; the code is nowhere else', async () => {
    const company = await companyWithTwoSpaces('Letter');
    const claimant = person('Clara Claimant');
    const created = await claim(claimant, company.registrationNumber);
    expect(created).toMatchObject({ status: 'letter_sent', registrationNumber: company.registrationNumber, companyName: company.register.name });
    // ADMIN_CLAIM_DEADLINE: 60 days by default, ending with its Luxembourg day.
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59.9);
    expect(days).toBeLessThan(61.1);

    const letter = await letterOf(created.id);
    const sidecar = JSON.parse(letter.sidecar);
    expect(sidecar).toMatchObject({ kind: 'administrator-claim', claimId: created.id, language: 'de', recipient: { companyName: company.register.name, address: company.register.address } });
    expect(sidecar.requestedBy.personName).toBe('Clara Claimant');
    expect(letter.text).toContain(company.register.name);
    expect(letter.text).toContain('7, rue du Registre');
    expect(letter.text).toContain('L-2999 Esch-sur-Alzette');
    expect(letter.text).not.toContain(companyAddress.line1);
    expect(letter.text).toContain('Clara Claimant');
    expect(letter.text).toContain('Bestätigungscode');

    // Both spaces' administrators hear of it at once (each in their own language), the plain member does not.
    for (const admin of [company.firstAdmin, company.secondAdmin]) {
      const [mail] = await stack.smtp.waitFor((m) => m.to.includes(admin.email!) && m.subject === 'Quelqu’un demande à devenir administrateur des espaces de votre entreprise');
      expect(mail!.text).toContain('Clara Claimant');
      expect(mail!.text).toContain(company.register.name);
      expect(mail!.text).toMatch(/\/spaces\/[0-9a-f-]{36}/);
    }
    expect(mailsTo(company.member, 'Quelqu’un demande à devenir administrateur des espaces de votre entreprise')).toHaveLength(0);

    // The code exists in clear only on the printed letter.
    const compact = letter.code.replace(/-/g, '');
    expect(letter.sidecar).not.toContain(letter.code);
    expect(letter.sidecar).not.toContain(compact);
    const rows = await stack.database.db.execute(sql`select row_to_json(c)::text as json from administrator_claims c`);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(compact);
    expect(dump).not.toContain(letter.code);
    expect(stack.smtp.mails.some((mail) => mail.text.includes(compact) || mail.text.includes(letter.code))).toBe(false);
    const history = JSON.stringify(await stack.client.workflow.getHandle(claimWorkflowId(created.id)).fetchHistory());
    expect(history).not.toContain(compact);
    const [row] = await stack.database.db.select().from(administratorClaims).where(eq(administratorClaims.id, created.id));
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the right code makes the claimant an administrator of both spaces of the company, with an event in each timeline and a mail to every member', async () => {
    const company = await companyWithTwoSpaces('Confirm');
    const claimant = person('Conrad Claimant');
    const created = await claim(claimant, company.registrationNumber);
    const letter = await letterOf(created.id);
    const confirmed = await confirm(claimant, created.id, letter.code.toLowerCase());
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ id: created.id, status: 'confirmed', spaceIds: company.spaceIds });

    const mySpaces = (await stack.call('GET', '/spaces', { as: claimant })).body.items as { id: string; myRole: string }[];
    expect(mySpaces.map((space) => space.id).sort()).toEqual([...company.spaceIds].sort());
    expect(mySpaces.every((space) => space.myRole === 'administrator')).toBe(true);
    for (const spaceId of company.spaceIds) {
      const events = (await stack.call('GET', `/spaces/${spaceId}/events`, { as: claimant })).body.items as { type: string; actor: unknown }[];
      expect(events.filter((event) => event.type === 'administrator.claim_confirmed')).toHaveLength(1);
    }
    // Management: the new administrator invites.
    const invited = await stack.call('POST', `/spaces/${company.spaceIds[1]}/invitations`, {
      as: claimant,
      body: { certificateSsn: person('New Hire').ssn, firstName: 'New', lastName: 'Hire', email: 'new.hire@example.lu', role: 'manager', certificateMode: 'invited-only' },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);

    // Every member of every space of the company hears of it, once each.
    for (const who of [company.firstAdmin, company.secondAdmin, company.member, claimant]) {
      await stack.smtp.waitFor((mail) => mail.to.includes(who.email!) && mail.subject === 'Un nouvel administrateur a rejoint votre espace professionnel');
      expect(mailsTo(who, 'Un nouvel administrateur a rejoint votre espace professionnel')).toHaveLength(1);
    }
    expect((await stack.call('GET', '/me/administrator-claims', { as: claimant })).body.items[0]).toMatchObject({ id: created.id, status: 'confirmed' });
    // Confirmed once: the code cannot be used again.
    expectProblem(await confirm(claimant, created.id, letter.code), 409, 'claim_closed');

    // Operators: a readable id, typed search attributes, a summary with ids only.
    const handle = stack.client.workflow.getHandle(claimWorkflowId(created.id));
    expect(await handle.result()).toEqual({ claimId: created.id, status: 'confirmed' });
    const described = await handle.describe();
    expect(described.type).toBe('administratorClaimWorkflow');
    expect(described.typedSearchAttributes.get(PROCESS_STATUS)).toBe('confirmed');
    expect(described.typedSearchAttributes.get(SPACE_ID)).toBe(company.spaceIds[0]);
    expect(described.typedSearchAttributes.get(COMPANY_NAME)).toBe(company.register.name);
    const summary = await described.staticSummary();
    expect(summary).toContain(created.id);
    expect(summary).not.toContain('Conrad');
    expect(summary).not.toContain(claimant.ssn);
  });

  it('an existing member is promoted, keeping their membership', async () => {
    const company = await companyWithTwoSpaces('Promote');
    const created = await claim(company.member, company.registrationNumber);
    const letter = await letterOf(created.id);
    expect((await confirm(company.member, created.id, letter.code)).status).toBe(200);
    const members = (await stack.call('GET', `/spaces/${company.spaceIds[0]}/members`, { as: company.member })).body.items as { name: string; role: string }[];
    expect(members.filter((row) => row.name === 'Promote Member')).toEqual([expect.objectContaining({ role: 'administrator' })]);
  });

  it('wrong codes get 422 invalid_code, then 429 with Retry-After; the right code is refused too while the limit holds', async () => {
    const company = await companyWithTwoSpaces('Guess');
    const claimant = person('Gus Guesser');
    const created = await claim(claimant, company.registrationNumber);
    const letter = await letterOf(created.id);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await confirm(claimant, created.id, attempt === 0 ? 'not a code' : 'ABCD-EFGH-JKMN');
      expectProblem(wrong, 422, 'invalid_code');
    }
    const limited = await confirm(claimant, created.id, letter.code);
    expectProblem(limited, 429, 'too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await stack.call('GET', `/administrator-claims/${created.id}`, { as: claimant })).body.status).toBe('letter_sent');
  });

  it('concurrent wrong codes never get past the limit: five 422, the rest 429', async () => {
    const company = await companyWithTwoSpaces('Burst');
    const claimant = person('Bea Burst');
    const created = await claim(claimant, company.registrationNumber);
    await letterOf(created.id);
    const answers = await Promise.all(Array.from({ length: 9 }, () => confirm(claimant, created.id, 'ABCD-EFGH-JKMN')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([422, 422, 422, 422, 422, 429, 429, 429, 429]);
  });

  it('an administrator objects: the claim ends objected, cannot be confirmed, and the claimant is told', async () => {
    const company = await companyWithTwoSpaces('Object');
    const claimant = person('Olga Opportunist');
    const created = await claim(claimant, company.registrationNumber);
    const letter = await letterOf(created.id);
    const open = await stack.call('GET', `/spaces/${company.spaceIds[1]}/administrator-claims`, { as: company.secondAdmin });
    expect(open.body.items.map((item: { id: string }) => item.id)).toEqual([created.id]);
    expect(open.body.items[0].claimant.name).toBe('Olga Opportunist');
    // A plain member may not list nor object; an outsider does not see the space.
    expectProblem(await stack.call('GET', `/spaces/${company.spaceIds[0]}/administrator-claims`, { as: company.member }), 403, 'forbidden');
    expectProblem(await stack.call('POST', `/spaces/${company.spaceIds[0]}/administrator-claims/${created.id}/object`, { as: company.member }), 403, 'forbidden');
    expectProblem(await stack.call('POST', `/spaces/${company.spaceIds[0]}/administrator-claims/${created.id}/object`, { as: claimant }), 404, 'not_found');

    const objected = await stack.call('POST', `/spaces/${company.spaceIds[1]}/administrator-claims/${created.id}/object`, { as: company.secondAdmin });
    expect(objected.status, JSON.stringify(objected.body)).toBe(200);
    expect(objected.body.status).toBe('objected');
    expectProblem(await confirm(claimant, created.id, letter.code), 409, 'claim_closed');
    expect((await stack.call('GET', '/spaces', { as: claimant })).body.items).toEqual([]);
    await stack.smtp.waitFor((mail) => mail.to.includes(claimant.email!) && mail.subject === 'Opposition à votre demande pour devenir administrateur');
    for (const spaceId of company.spaceIds) {
      const events = (await stack.call('GET', `/spaces/${spaceId}/events`, { as: spaceId === company.spaceIds[0] ? company.firstAdmin : company.secondAdmin })).body.items as { type: string }[];
      expect(events.map((event) => event.type)).toContain('administrator.claim_objected');
    }
    expect((await stack.call('GET', `/spaces/${company.spaceIds[1]}/administrator-claims`, { as: company.secondAdmin })).body.items).toEqual([]);
    expectProblem(await stack.call('POST', `/spaces/${company.spaceIds[1]}/administrator-claims/${created.id}/object`, { as: company.secondAdmin }), 409, 'claim_closed');
  });

  it('a second open claim of the same person and company gets 409 claim_open; an Idempotency-Key replays the first answer', async () => {
    const company = await companyWithTwoSpaces('Twice');
    const claimant = person('Tom Twice');
    const first = await claim(claimant, company.registrationNumber, { 'idempotency-key': 'claim-1' });
    const replay = await claim(claimant, company.registrationNumber, { 'idempotency-key': 'claim-1' });
    expect(replay.id).toBe(first.id);
    expectProblem(await stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber: company.registrationNumber } }), 409, 'claim_open');
    expectProblem(await stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber: company.registrationNumber }, headers: { 'idempotency-key': 'claim-2' } }), 409, 'claim_open');
    expectProblem(await stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber: 'B000001' }, headers: { 'idempotency-key': 'claim-1' } }), 422, 'idempotency_key_reused');
    const [counted] = (await stack.database.db.execute(sql`select count(*)::int as count from administrator_claims where claimant_person_id = ${(await stack.call('GET', '/me', { as: claimant })).body.personId}`)) as unknown as { count: number }[];
    expect(counted!.count).toBe(1);
    // Another person may claim the same company meanwhile (the administrators see both).
    await claim(person('Other Person'), company.registrationNumber);
  });

  it('a company the register does not know gets 422 company_not_registered; another person’s claim is 404', async () => {
    const claimant = person('Nora Nowhere');
    const refused = await stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber: 'B999999999' } });
    expectProblem(refused, 422, 'company_not_registered');
    expect(refused.body.detail).toContain('B999999999');
    expectProblem(await stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber: '  ' } }), 422, 'validation_failed');
    const company = await companyWithTwoSpaces('Foreign');
    const created = await claim(person('Fred Foreign'), company.registrationNumber);
    expectProblem(await stack.call('GET', `/administrator-claims/${created.id}`, { as: claimant }), 404, 'not_found');
    expectProblem(await confirm(claimant, created.id, 'ABCD-EFGH-JKMN'), 404, 'not_found');
    expectProblem(await stack.call('POST', '/administrator-claims', { body: { registrationNumber: company.registrationNumber } }), 401, 'unauthorized');
  });

  it('lists my claims newest first in pages (limit and cursor), each page continuing where the last ended', async () => {
    const claimant = person('Lisa Lister');
    const ids: string[] = [];
    for (const tag of ['L1', 'L2', 'L3']) {
      const admin = person(`${tag} Admin`);
      await createSpace(stack, admin);
      ids.push((await claim(claimant, `B${admin.ssn.slice(-6)}`)).id);
    }
    const first = await stack.call('GET', '/me/administrator-claims?limit=2', { as: claimant });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await stack.call('GET', `/me/administrator-claims?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { as: claimant });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0], status: 'letter_sent' })], nextCursor: null });
  });
});

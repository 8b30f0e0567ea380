// A delegate and its mandators on the real stack (R24, R28, R35, R38, R45): what the mandator sees of the
// procedures filed in its name, what the delegate may consult, and moving a mandator between the delegate
// company's spaces. Codes are learnt from the printed letters, as a company does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfLuxembourgDay, formatDate, isEndOfLuxembourgDay, t } from '../../src/platform/i18n';
import { mandateWorkflowId } from '../../src/features/mandates/contract';
import { addMember, companyAddress, createSpace, person, registerCompany, activeMandate, eventually, mandateWithCodes, startStack, type Identity, type TestStack } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const login = (as: Identity, language: string) => stack.call('GET', '/me', { as, headers: { 'accept-language': language } });
const file = (as: Identity, spaceId: string, body: Record<string, unknown>) => stack.call('POST', `/spaces/${spaceId}/procedures`, { as, body: { data: {}, ...body } });
const mandatorIds = async (as: Identity, spaceId: string) => ((await stack.call('GET', `/spaces/${spaceId}/mandators`, { as })).body.items as { spaceId: string }[]).map((item) => item.spaceId);

describe('a fiduciary with two spaces acting for one mandator', () => {
  const mandatorAdmin = person('Magda Mandantin');
  const fiduciary = person('Finn Fiduciary');
  const juniorFiduciary = person('Jules Junior');
  const stranger = person('Sven Stranger');
  let mandator: { id: string; company: { name: string } };
  let groupOne: { id: string; company: { name: string } };
  let groupTwo: { id: string };
  let otherCompany: { id: string };
  let tax: { mandateId: string };
  let statistics: { mandateId: string };

  beforeAll(async () => {
    await login(mandatorAdmin, 'de');
    await login(fiduciary, 'en');
    mandator = await createSpace(stack, mandatorAdmin);
    const fiduciaryCompany = { name: 'Fidu Partners SA', registrationNumber: `B${fiduciary.ssn.slice(-6)}`, address: companyAddress };
    groupOne = await createSpace(stack, fiduciary, { name: 'Clients A–K', company: fiduciaryCompany });
    groupTwo = await createSpace(stack, fiduciary, { name: 'Clients L–Z', company: fiduciaryCompany });
    otherCompany = await createSpace(stack, fiduciary, { name: 'Private', company: { ...fiduciaryCompany, registrationNumber: `C${fiduciary.ssn.slice(-6)}` } });
    await addMember(stack, groupTwo.id, fiduciary, juniorFiduciary, { role: 'manager' });
    await createSpace(stack, stranger);
    // Tax for procedures only; statistics for procedures and data consultation.
    tax = await activeMandate(stack, { admin: mandatorAdmin, spaceId: mandator.id }, { member: fiduciary, spaceId: groupOne.id }, { section: 'tax', delegateCodes: 1 });
  });

  it('a procedure on behalf of the mandator is in the mandator’s language and fixes it for the mandator’s space (R45)', async () => {
    const filed = await file(fiduciary, groupOne.id, { type: 'vat-return', onBehalfOf: mandator.id, data: { period: '2026-Q4' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    // The fiduciary speaks English; the mandator's space was set up by a German speaker and had no language yet.
    expect(filed.body).toMatchObject({ language: 'de', onBehalfOf: mandator.id, filedBy: null });
    expect((await stack.call('GET', `/spaces/${mandator.id}`, { as: mandatorAdmin })).body.procedureLanguage).toBe('de');
    // The delegate's own space keeps its own language: its first own procedure fixes it.
    expect((await stack.call('GET', `/spaces/${groupOne.id}`, { as: fiduciary })).body.procedureLanguage).toBeNull();
    const own = await file(fiduciary, groupOne.id, { type: 'vat-return' });
    expect([own.body.language, own.body.filedBy]).toEqual(['en', null]);
    // Everything the mandator owns shares one language, whoever files.
    const mandatorsOwn = await file(mandatorAdmin, mandator.id, { type: 'vat-return' });
    expect(mandatorsOwn.body.language).toBe('de');
  });

  it('the mandator lists what delegates filed in its name (filedBy) and reads their PDFs; it cannot change them', async () => {
    const filed = await file(fiduciary, groupOne.id, { type: 'vat-return', onBehalfOf: mandator.id, data: { period: '2027-Q1', turnover: 4321 } });
    expect(filed.status).toBe(201);
    const list = await stack.call('GET', `/spaces/${mandator.id}/procedures?limit=200`, { as: mandatorAdmin });
    expect(list.status).toBe(200);
    const item = (list.body.items as { id: string; filedBy: unknown; spaceId: string }[]).find((each) => each.id === filed.body.id);
    expect(item).toMatchObject({ spaceId: groupOne.id, filedBy: { spaceId: groupOne.id, companyName: 'Fidu Partners SA' } });
    // The delegate's own procedures are not the mandator's business.
    expect((list.body.items as { onBehalfOf: string | null }[]).every((each) => each.onBehalfOf === mandator.id || each.onBehalfOf === null)).toBe(true);
    expect((list.body.items as { spaceId: string; onBehalfOf: string | null }[]).filter((each) => each.spaceId === groupOne.id && each.onBehalfOf === null)).toEqual([]);

    expect((await stack.call('GET', `/spaces/${mandator.id}/procedures/${filed.body.id}`, { as: mandatorAdmin })).body.filedBy).toEqual({ spaceId: groupOne.id, companyName: 'Fidu Partners SA' });
    const pdf = await stack.app.request(`/spaces/${mandator.id}/procedures/${filed.body.id}/pdf`, { headers: { authorization: `Bearer ${await stack.token(mandatorAdmin)}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-language')).toBe('de');
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    // Reading, not filing: the mandator cannot edit or sign the delegate's procedure, and a stranger sees nothing.
    expect((await stack.call('PATCH', `/spaces/${mandator.id}/procedures/${filed.body.id}`, { as: mandatorAdmin, body: { data: { period: 'x' } } })).status).toBe(404);
    expect((await stack.call('POST', `/spaces/${mandator.id}/procedures/${filed.body.id}/sign`, { as: mandatorAdmin })).status).toBe(404);
    expect((await stack.call('GET', `/spaces/${mandator.id}/procedures/${filed.body.id}`, { as: stranger })).status).toBe(404);
  });

  it('data consultation needs the scope: 403 data_consultation_not_granted in the caller’s language, then the company, certifications and procedures of the section (R24, R28)', async () => {
    const refused = await stack.call('GET', `/spaces/${groupOne.id}/mandators/${mandator.id}`, { as: fiduciary });
    expect([refused.status, refused.body.code]).toEqual([403, 'data_consultation_not_granted']);
    expect([refused.body.title, refused.body.detail]).toEqual([t('en', 'problem.data_consultation_not_granted.title'), t('en', 'problem.data_consultation_not_granted.detail')]);
    // Not a mandator of this space, or a space the caller is not in: 404.
    expect((await stack.call('GET', `/spaces/${groupOne.id}/mandators/${otherCompany.id}`, { as: fiduciary })).status).toBe(404);
    expect((await stack.call('GET', `/spaces/${groupOne.id}/mandators/${mandator.id}`, { as: stranger })).status).toBe(404);

    statistics = await activeMandate(stack, { admin: mandatorAdmin, spaceId: mandator.id }, { member: fiduciary, spaceId: groupOne.id }, { section: 'statistics', scope: { procedures: true, dataConsultation: true }, delegateCodes: 1 });
    const survey = await file(mandatorAdmin, mandator.id, { type: 'structural-business-survey', data: { surveyYear: 2026 } });
    const surveyByDelegate = await file(fiduciary, groupOne.id, { type: 'structural-business-survey', onBehalfOf: mandator.id, data: { surveyYear: 2027 } });
    expect([survey.status, surveyByDelegate.status]).toEqual([201, 201]);

    const consulted = await stack.call('GET', `/spaces/${groupOne.id}/mandators/${mandator.id}`, { as: fiduciary });
    expect(consulted.status, JSON.stringify(consulted.body)).toBe(200);
    expect(consulted.body.company).toEqual({ name: mandator.company.name, registrationNumber: expect.any(String), address: companyAddress, registered: true });
    expect(consulted.body.mandates.map((m: { section: string }) => m.section).sort()).toEqual(['statistics', 'tax']);
    expect(consulted.body.certifications.map((c: { section?: string }) => c.section).sort()).toEqual(['statistics', 'tax']);
    // Only the section whose scope grants consultation: the statistics procedures, the mandator's own and the filed one.
    const ids = (consulted.body.procedures.items as { id: string; type: string }[]).map((each) => each.id).sort();
    expect(ids).toEqual([survey.body.id, surveyByDelegate.body.id].sort());
    expect(consulted.body.procedures.nextCursor).toBeNull();
  });

  it('a mandator without a procedure language gets its register language, not the delegate’s nor its founder’s (R44, R45)', async () => {
    const founder = person('Gisela Gründerin');
    await login(founder, 'de');
    const registrationNumber = `E${founder.ssn.slice(-6)}`;
    await registerCompany(stack, registrationNumber, { name: 'English Ltd', address: companyAddress, language: 'en' });
    const english = await createSpace(stack, founder, { company: { name: 'English Ltd', registrationNumber, address: companyAddress } }, { registered: false });
    await activeMandate(stack, { admin: founder, spaceId: english.id }, { member: fiduciary, spaceId: groupOne.id }, { section: 'employment', delegateCodes: 1 });
    const filed = await file(fiduciary, groupOne.id, { type: 'job-vacancy-declaration', onBehalfOf: english.id });
    expect([filed.status, filed.body.language]).toEqual([201, 'en']);
    expect((await stack.call('GET', `/spaces/${english.id}`, { as: founder })).body.procedureLanguage).toBe('en');
  });

  it('moves the mandator to the company’s other space (R38): administrators of both, same company only', async () => {
    const move = (as: Identity, toSpaceId: string, from = groupOne.id) => stack.call('POST', `/spaces/${from}/mandators/${mandator.id}/move`, { as, body: { toSpaceId } });
    const foreign = await move(fiduciary, otherCompany.id);
    expect([foreign.status, foreign.body.code, foreign.body.errors?.[0]?.path]).toEqual([422, 'validation_failed', 'toSpaceId']);
    expect((await move(fiduciary, groupOne.id)).status).toBe(422);
    // A manager of the target is not its administrator; a stranger's space is unknown.
    await addMember(stack, groupOne.id, fiduciary, juniorFiduciary, { role: 'administrator' });
    expect((await move(juniorFiduciary, groupTwo.id)).status).toBe(403);
    expect((await move(stranger, groupTwo.id)).status).toBe(404);

    const moved = await move(fiduciary, groupTwo.id);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.mandateIds.sort()).toEqual([tax.mandateId, statistics.mandateId].sort());
    expect(await mandatorIds(fiduciary, groupOne.id)).not.toContain(mandator.id);
    expect((await mandatorIds(fiduciary, groupTwo.id)).sort()).toEqual([mandator.id, mandator.id]);
    // The rights moved with it: the new space files and consults, the old one no longer.
    expect((await file(juniorFiduciary, groupTwo.id, { type: 'vat-return', onBehalfOf: mandator.id })).status).toBe(201);
    const fromOld = await file(fiduciary, groupOne.id, { type: 'vat-return', onBehalfOf: mandator.id });
    expect([fromOld.status, fromOld.body.code]).toEqual([403, 'mandate_required']);
    expect((await stack.call('GET', `/spaces/${groupTwo.id}/mandators/${mandator.id}`, { as: juniorFiduciary })).status).toBe(200);
    expect((await stack.call('GET', `/spaces/${groupOne.id}/mandators/${mandator.id}`, { as: fiduciary })).status).toBe(404);
    // The mandator sees its delegate in the new space; all three timelines say so.
    const given = (await stack.call('GET', `/spaces/${mandator.id}/mandates`, { as: mandatorAdmin })).body.given as { delegates: { spaceId: string; status: string }[] }[];
    expect(given.flatMap((mandate) => mandate.delegates.filter((d) => d.status === 'active').map((d) => d.spaceId))).toEqual([groupTwo.id, groupTwo.id]);
    for (const [as, spaceId] of [[fiduciary, groupOne.id], [fiduciary, groupTwo.id], [mandatorAdmin, mandator.id]] as const) {
      const types = ((await stack.call('GET', `/spaces/${spaceId}/events`, { as })).body.items as { type: string }[]).map((event) => event.type);
      expect(types).toContain('delegation.moved');
    }
    // Operators find the mandates from the new space, no longer from the old one (SpaceIds).
    const findable = async (spaceId: string) => {
      const ids: string[] = [];
      for await (const execution of stack.client.workflow.list({ query: `WorkflowType = "mandateWorkflow" AND SpaceIds = "${spaceId}"` })) ids.push(execution.workflowId);
      return ids.sort();
    };
    const expected = [mandateWorkflowId(tax.mandateId), mandateWorkflowId(statistics.mandateId)].sort();
    expect(await eventually(() => findable(groupTwo.id), (ids) => expected.every((id) => ids.includes(id)))).toEqual(expect.arrayContaining(expected));
    expect(await eventually(() => findable(groupOne.id), (ids) => !ids.some((id) => expected.includes(id)))).not.toEqual(expect.arrayContaining([expected[0]]));
    // Nothing left to move from the old space.
    expect((await move(fiduciary, groupTwo.id)).status).toBe(404);
  });
});

describe('dates as dates, and letters a person can trust', () => {
  const admin = person('Léa Lettre');
  const staff: Identity = { ...person('Stan Staff'), staff: 'ACD' }; // the tax section's authority

  it('endDate "2027-12-31" is the end of that Luxembourg day; the French letter prints it as a date, with salutation, closing and the country’s name', async () => {
    const space = await createSpace(stack, admin, { procedureLanguage: 'fr' });
    const invalid = await stack.call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 0, endDate: '2027-13-45' } });
    expect([invalid.status, invalid.body.code]).toEqual([422, 'validation_failed']);
    const { mandateId, letters } = await mandateWithCodes(stack, admin, space.id, { section: 'tax', delegateCodes: 1, endDate: '2027-12-31' });
    const given = await eventually(
      async () => (await stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given as { id: string; endDate: string; activationDeadline: string }[],
      (list) => list.some((mandate) => mandate.id === mandateId),
    );
    expect(given.find((mandate) => mandate.id === mandateId)!.endDate).toBe('2027-12-31T22:59:59.999Z');
    for (const letter of letters) {
      const text = letter.text.replace(/\s+/g, ' ');
      expect(text).toContain('Le mandat prend fin le 31 décembre 2027.');
      expect(text).toContain('Madame, Monsieur,');
      expect(text).toContain(t('fr', 'letter.closing'));
      expect(text).toContain(t('fr', 'letter.signatory'));
      expect(text).toContain('L-1468 Luxembourg Luxembourg');
      expect(text).not.toMatch(/\bLU\b|UTC|CET/);
      // The activation deadline, counted in days, ends with its Luxembourg day and prints as that date alone.
      const deadline = given.find((mandate) => mandate.id === mandateId)!.activationDeadline;
      expect(isEndOfLuxembourgDay(new Date(deadline))).toBe(true);
      expect(text).toContain(`Saisissez ce code au plus tard le ${formatDate('fr', deadline)}.`);
      expect(text).not.toContain('(heure de Luxembourg)');
    }

    // Changing dates takes a calendar date too: the mandator's end date, the staff's activation deadline.
    const patched = await stack.call('PATCH', `/spaces/${space.id}/mandates/${mandateId}`, { as: admin, body: { endDate: '2028-03-01' } });
    expect([patched.status, patched.body.endDate]).toEqual([200, '2028-03-01T22:59:59.999Z']);
    const deadline = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const byStaff = await stack.call('PATCH', `/staff/mandates/${mandateId}`, { as: staff, body: { activationDeadline: deadline } });
    expect(byStaff.status, JSON.stringify(byStaff.body)).toBe(200);
    expect(new Date(byStaff.body.activationDeadline).toISOString()).toBe(endOfLuxembourgDay(deadline).toISOString());
  });

  it('a German letter: date without time, “1.” of the month, salutation and closing in German', async () => {
    const german = person('Dora Datum');
    const space = await createSpace(stack, german, { procedureLanguage: 'de' });
    const { letters } = await mandateWithCodes(stack, german, space.id, { section: 'statistics', delegateCodes: 0, endDate: '2027-12-01' });
    const text = letters[0]!.text.replace(/\s+/g, ' ');
    expect(text).toContain('Das Mandat endet am 1. Dezember 2027.');
    expect(text).toContain('Sehr geehrte Damen und Herren,');
    expect(text).toContain('Mit freundlichen Grüßen');
    expect(text).toContain('L-1468 Luxembourg Luxemburg');
    // The way to the code's page as the portal names it: no menu level that does not exist.
    expect(text).toContain('„Verwaltung von …“ › „Registrierung der Aktivierungscodes“');
    expect(text).not.toContain('Berufliche Daten ›');
  });
});

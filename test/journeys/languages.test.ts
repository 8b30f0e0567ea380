// Languages (R39–R46) on real Temporal, Postgres and SMTP: the user language from the browser at first login,
// the procedure language of a space (set once, for every member), the R43 fallback, the form PDF and the mails in
// the procedure language, and API messages in the caller's language. Foundation covers the rest of /me.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { t } from '../../src/platform/i18n';
import type { Language } from '../../src/domain/language';
import { PROCEDURE_LANGUAGE_FALLBACK_ORDER, chooseProcedureLanguage } from '../../src/domain/language';
import { findProcedureType } from '../../src/domain/procedures';
import { addMember, createSpace, invite, pageReader, person, startStack, type Identity, type TestStack, completeData } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** Registers the person with a browser language (first login, R41). */
async function login(identity: Identity, acceptLanguage: string) {
  const response = await stack.call('GET', '/me', { as: identity, headers: { 'accept-language': acceptLanguage } });
  expect(response.status).toBe(200);
  return response.body as { language: Language };
}

async function newProcedure(spaceId: string, as: Identity, type = 'vat-return', data: Record<string, unknown> = {}) {
  const response = await stack.call('POST', `/spaces/${spaceId}/procedures`, { as, body: { type, data: completeData(type, data as Record<string, string | number>) } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; language: Language; languageFallback: { requested: Language; used: Language } | null };
}

async function pdfText(spaceId: string, procedureId: string, as: Identity): Promise<string> {
  const response = await stack.app.request(`/spaces/${spaceId}/procedures/${procedureId}/pdf`, { headers: { authorization: `Bearer ${await stack.token(as)}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  const { text } = await extractText(bytes, { mergePages: true });
  return text;
}

describe('user language (R39–R41)', () => {
  it('es-ES → French; en-GB,en;q=0.8 → English; a second login keeps the first; PATCH /me changes it', async () => {
    expect((await login(person('Elena Espana'), 'es-ES')).language).toBe('fr');
    const english = person('Emma English');
    expect((await login(english, 'en-GB,en;q=0.8')).language).toBe('en');
    expect((await login(english, 'de-DE')).language).toBe('en');
    expect((await stack.call('PATCH', '/me', { as: english, body: { language: 'de' } })).body.language).toBe('de');
    expect((await login(english, 'en')).language).toBe('de');
  });

  it('problem+json title and detail follow the caller’s language', async () => {
    const german = person('Greta Deutsch');
    const french = person('François Français');
    await login(german, 'de');
    await login(french, 'fr');
    const space = await createSpace(stack, german);
    await addMember(stack, space.id, german, french, { role: 'manager' });
    const procedure = await newProcedure(space.id, german);
    expect((await stack.call('POST', `/spaces/${space.id}/procedures/${procedure.id}/sign`, { as: german })).status).toBe(200);
    const inGerman = await stack.call('PATCH', `/spaces/${space.id}/procedures/${procedure.id}`, { as: german, body: { data: { period: 'Q1' } } });
    const inFrench = await stack.call('PATCH', `/spaces/${space.id}/procedures/${procedure.id}`, { as: french, body: { data: { period: 'Q1' } } });
    expect([inGerman.status, inGerman.body.code, inFrench.status, inFrench.body.code]).toEqual([409, 'procedure_not_draft', 409, 'procedure_not_draft']);
    expect(inGerman.body.title).toBe(t('de', 'problem.procedure_not_draft.title'));
    expect(inGerman.body.detail).toBe(t('de', 'problem.procedure_not_draft.detail', { status: t('de', 'procedure.status.signed') }));
    expect(inFrench.body.title).toBe(t('fr', 'problem.procedure_not_draft.title'));
    expect(inFrench.body.detail).toBe(t('fr', 'problem.procedure_not_draft.detail', { status: t('fr', 'procedure.status.signed') }));
  });
});

describe('problem details come from the catalog, in the caller’s language', () => {
  it('401, 403, 404, 409 and 422 in German: title and detail both German, with their parameters', async () => {
    const admin = person('Dieter Detail');
    const clerk = person('Klara Klein');
    await login(admin, 'de');
    const space = await createSpace(stack, admin);
    await addMember(stack, space.id, admin, clerk, { role: 'without-signature' });
    await stack.call('PATCH', '/me', { as: clerk, body: { language: 'de' } });
    const procedure = await newProcedure(space.id, clerk);

    const expectGerman = (response: { status: number; body: { title: string; detail: string; code: string } }, status: number, key: Parameters<typeof t>[1], params?: Record<string, string>) => {
      expect([response.status, response.body.detail], JSON.stringify(response.body)).toEqual([status, t('de', key, params)]);
      expect(response.body.title).toBe(t('de', `problem.${response.body.code}.title` as Parameters<typeof t>[1]));
      expect(response.body.detail).not.toBe(t('en', key, params));
    };
    // Before any profile exists, the browser's language.
    expectGerman(await stack.call('GET', '/me', { headers: { 'accept-language': 'de-DE' } }), 401, 'problem.unauthorized.detail');
    expectGerman(await stack.call('POST', `/spaces/${space.id}/procedures/${procedure.id}/sign`, { as: clerk }), 403, 'problem.forbidden.permission', { permission: t('de', 'permission.signProcedures') });
    expectGerman(await stack.call('POST', `/spaces/${space.id}/invitations`, { as: clerk, body: { certificateSsn: person('X').ssn, firstName: 'X', lastName: 'Y', email: 'x@example.lu', role: 'manager', certificateMode: 'any' } }), 403, 'problem.forbidden.permission', { permission: t('de', 'permission.inviteUsers') });
    expectGerman(await stack.call('POST', `/spaces/${space.id}/access-requests`, { as: clerk, body: { section: 'tax', scope: { procedures: true, dataConsultation: false }, delegateCodes: 0 } }), 403, 'problem.forbidden.administrator');
    expectGerman(await stack.call('GET', `/spaces/${space.id}/procedures/00000000-0000-4000-8000-000000000000`, { as: admin }), 404, 'problem.not_found.detail');
    expectGerman(await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'fr' } }), 409, 'problem.procedure_language_fixed.detail');
    expectGerman(await stack.call('POST', `/spaces/${space.id}/procedures`, { as: admin, body: { type: 'vat-return', data: { colour: 'blue' } } }), 422, 'problem.validation_failed.fields', { fields: 'data.colour' });
  });
});

describe('procedure language (R42–R46)', () => {
  it('one language per space (R45): without a profile language the first procedure fixes it for every member; a later PATCH is 409 (R46)', async () => {
    const admin = person('Erik Englishman');
    const colleague = person('Camille Collègue');
    await login(admin, 'en');
    await login(colleague, 'fr-LU');
    const space = await createSpace(stack, admin);
    await addMember(stack, space.id, admin, colleague, { role: 'without-signature' });
    expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.procedureLanguage).toBeNull();

    // The French colleague files first: the space now speaks French, for the English administrator too.
    const byColleague = await newProcedure(space.id, colleague);
    const byAdmin = await newProcedure(space.id, admin, 'job-vacancy-declaration');
    expect([byColleague.language, byAdmin.language]).toEqual(['fr', 'fr']);
    expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.procedureLanguage).toBe('fr');
    const events = (await stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items as { type: string; data: Record<string, unknown> }[];
    expect(events.find((event) => event.type === 'space.procedure_language_set')?.data).toMatchObject({ procedureLanguage: 'fr', fixedByProcedure: byColleague.id });

    const patched = await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'de' } });
    expect([patched.status, patched.body.code]).toEqual([409, 'procedure_language_fixed']);
    const all = (await stack.call('GET', `/spaces/${space.id}/procedures`, { as: colleague })).body.items as { language: string }[];
    expect(new Set(all.map((procedure) => procedure.language))).toEqual(new Set(['fr']));
  });

  it('a profile language set before any procedure applies to every member; a second PATCH is 409', async () => {
    const admin = person('Edgar Early');
    const colleague = person('Claire Collègue');
    await login(admin, 'en');
    await login(colleague, 'fr');
    const space = await createSpace(stack, admin);
    await addMember(stack, space.id, admin, colleague, { role: 'without-signature' });
    expect((await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'de' } })).status).toBe(200);
    const afterAdmin = await newProcedure(space.id, admin);
    const afterColleague = await newProcedure(space.id, colleague, 'job-vacancy-declaration');
    expect([afterAdmin.language, afterColleague.language]).toEqual(['de', 'de']);
    expect(afterAdmin.languageFallback).toBeNull();
    const second = await stack.call('PATCH', `/spaces/${space.id}`, { as: admin, body: { procedureLanguage: 'fr' } });
    expect([second.status, second.body.code]).toEqual([409, 'procedure_language_fixed']);
    expect((await newProcedure(space.id, colleague)).language).toBe('de');
  });

  it('a type offered only in French and German, created in an English space, falls back in the documented order (R43)', async () => {
    expect(PROCEDURE_LANGUAGE_FALLBACK_ORDER).toEqual(['fr', 'de', 'en']);
    const admin = person('Ellen Only');
    await login(admin, 'de');
    const space = await createSpace(stack, admin, { procedureLanguage: 'en' });
    expect(findProcedureType('withholding-tax-return')!.languages).toEqual(['fr', 'de']);

    const fallback = await newProcedure(space.id, admin, 'withholding-tax-return', { period: '2025-05' });
    expect(fallback).toMatchObject({ language: 'fr', languageFallback: { requested: 'en', used: 'fr' } });
    expect((await stack.call('GET', `/spaces/${space.id}/procedures/${fallback.id}`, { as: admin })).body.languageFallback).toEqual({ requested: 'en', used: 'fr' });
    // The PDF says so, in the language used.
    const text = await pdfText(space.id, fallback.id, admin);
    expect(text).toContain(t('fr', 'procedure.pdf.fallback', { requested: t('fr', 'procedure.language.en'), used: t('fr', 'procedure.language.fr') }).slice(0, 40));
    // A trilingual type in the same space stays English.
    expect(await newProcedure(space.id, admin)).toMatchObject({ language: 'en', languageFallback: null });
    // The order is the documented one, whatever is asked: FR and EN only, asked in German → French.
    expect(chooseProcedureLanguage(findProcedureType('structural-business-survey')!, 'de')).toEqual({ language: 'fr', fallback: { requested: 'de', used: 'fr' } });
  });

  it('the PDF of a German procedure has German labels, the French one French labels (R42)', async () => {
    const admin = person('Paula Pdf');
    const germanSpace = await createSpace(stack, admin, { procedureLanguage: 'de' });
    const frenchSpace = await createSpace(stack, admin, { procedureLanguage: 'fr' });
    const data = { period: '2025-Q2', turnover: 98765, vatDue: 16790 };
    const german = await newProcedure(germanSpace.id, admin, 'vat-return', data);
    const french = await newProcedure(frenchSpace.id, admin, 'vat-return', data);

    const labels = (language: Language) => [
      t(language, 'procedure.pdf.heading'),
      t(language, 'procedure.type.vat-return'),
      t(language, 'procedure.field.turnover'),
      t(language, 'procedure.field.vatDue'),
      t(language, 'procedure.pdf.status'),
      t(language, 'procedure.status.draft'),
      t(language, 'procedure.pdf.notSigned'),
    ];
    const germanText = await pdfText(germanSpace.id, german.id, admin);
    const frenchText = await pdfText(frenchSpace.id, french.id, admin);
    for (const label of labels('de')) expect(germanText).toContain(label);
    for (const label of labels('fr')) expect(frenchText).toContain(label);
    expect(germanText).toContain('Mehrwertsteuererklärung');
    expect(frenchText).toContain('Déclaration de TVA');
    expect(germanText).not.toContain(t('fr', 'procedure.pdf.heading'));
    expect(frenchText).not.toContain(t('de', 'procedure.pdf.heading'));
    for (const text of [germanText, frenchText]) {
      expect(text).toContain('98765');
      expect(text).toContain(germanSpace.company.name);
    }
  });

  it('procedure notifications are in the procedure language, not the creator’s (R42)', async () => {
    const admin = person('Hanna Hauptmann');
    const creator = person('Edward Englishman');
    await login(creator, 'en');
    const space = await createSpace(stack, admin, { procedureLanguage: 'de' });
    await addMember(stack, space.id, admin, creator, { role: 'without-signature' });
    const procedure = await newProcedure(space.id, creator, 'employee-declaration', { employeeCount: 12 });
    expect(procedure.language).toBe('de');
    expect((await stack.call('POST', `/spaces/${space.id}/procedures/${procedure.id}/sign`, { as: admin })).status).toBe(200);
    const [mail] = await stack.smtp.waitFor((m) => m.to.includes(creator.email!) && m.text.includes(procedure.id));
    expect(mail!.subject).toBe(t('de', 'mail.procedure-signed.subject', { procedureName: t('de', 'procedure.type.employee-declaration') }));
    expect(mail!.text).toContain(t('de', 'mail.common.noReply'));
  });
});

describe('invitation mails in the procedure language', () => {
  it('a German space invites in German, a French space in French, whatever the inviter’s language; without one, the inviter’s', async () => {
    const inviter = person('Ingrid Inviter');
    await login(inviter, 'en');
    const germanSpace = await createSpace(stack, inviter, { procedureLanguage: 'de' });
    const frenchSpace = await createSpace(stack, inviter, { procedureLanguage: 'fr' });
    const openSpace = await createSpace(stack, inviter);
    const toGerman = person('Gerd Gast');
    const toFrench = person('Fanny Invitée');
    const toOpen = person('Oscar Open');
    await invite(stack, germanSpace.id, inviter, toGerman);
    await invite(stack, frenchSpace.id, inviter, toFrench);
    await invite(stack, openSpace.id, inviter, toOpen);

    const subject = (language: Language, space: { name: string; company: { name: string } }) =>
      t(language, 'mail.invitation.subject', { spaceName: space.name, companyName: space.company.name });
    const [german] = await stack.smtp.waitFor((m) => m.to.includes(toGerman.email!));
    const [french] = await stack.smtp.waitFor((m) => m.to.includes(toFrench.email!));
    const [open] = await stack.smtp.waitFor((m) => m.to.includes(toOpen.email!));
    expect(german!.subject).toBe(subject('de', germanSpace));
    expect(german!.text).toContain(t('de', 'mail.common.noReply'));
    expect(french!.subject).toBe(subject('fr', frenchSpace));
    expect(french!.text).toContain(t('fr', 'mail.common.noReply'));
    expect(open!.subject).toBe(subject('en', openSpace));
  });
});

describe('procedure mails render in every language', () => {
  it.each(['fr', 'de', 'en'] as const)('%s: subject and body carry every param, with the do-not-reply line', async (language) => {
    const { renderMail } = await import('../../src/platform/mail/templates');
    const params = { procedureName: t(language, 'procedure.type.vat-return'), procedureId: 'c0ffee00-0000-4000-8000-000000000000', spaceName: 'Comptabilité', actorName: 'Marie Muller' };
    const signed = renderMail('procedure-signed', language, params);
    const submitted = renderMail('procedure-submitted', language, { ...params, appUrl: 'https://spaces.example.lu/' });
    for (const mail of [signed, submitted]) {
      expect(mail.subject).toContain(params.procedureName);
      expect(mail.text.startsWith(t(language, 'mail.common.noReply'))).toBe(true);
      for (const value of Object.values(params)) expect(mail.text).toContain(value);
      expect(mail.html).toContain(`lang="${language}"`);
    }
    expect(submitted.html).toContain('href="https://spaces.example.lu/"');
  });
});

describe('field messages in the reader’s language (one catalog for the API and the pages)', () => {
  it('an empty invitation from a German caller: one German message per field, no library English', async () => {
    const admin = person('Greta Felder');
    const space = await createSpace(stack, admin);
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'de' } });
    const refused = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: { certificateSsn: '', firstName: '', lastName: '', email: '', role: 'manager', certificateMode: 'any', extra: 1 } });
    expect([refused.status, refused.body.code]).toEqual([422, 'validation_failed']);
    const errors = refused.body.errors as { path: string; message: string }[];
    expect(errors.map((error) => error.path).sort()).toEqual(['certificateSsn', 'email', 'extra', 'firstName', 'lastName']);
    expect(Object.fromEntries(errors.map((error) => [error.path, error.message]))).toEqual({
      certificateSsn: t('de', 'validation.certificateSsn'),
      firstName: t('de', 'validation.required'),
      lastName: t('de', 'validation.required'),
      email: t('de', 'validation.email'),
      extra: t('de', 'validation.unknownField', { field: 'extra' }),
    });
    expect(JSON.stringify(errors)).not.toMatch(/Too small|Invalid|expected/);
  });

  it('the "Add user" page refused in German: the same messages at the fields and in the summary, by label', async () => {
    const admin = person('Gerd Formular');
    const space = await createSpace(stack, admin);
    const reader = await pageReader(stack, admin, 'de');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'de' } });
    const page = await reader.post(`/spaces/${space.id}/users`, { certificateSsn: '', firstName: '', lastName: '', email: '', role: 'manager', certificateMode: 'any' });
    expect(page.status).toBe(422);
    expect(page.html).toContain(t('de', 'validation.required'));
    expect(page.html).toContain(t('de', 'validation.email'));
    expect(page.html).not.toMatch(/Too small|Invalid input|expected string/);
    // The e-mail field is named once, not twice.
    expect(page.html.split(t('de', 'validation.email')).length - 1).toBeLessThanOrEqual(2);
  });
});

// Certification requests decided by administration staff (R20–R22), through the HTTP API on real Temporal,
// Postgres and SMTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { certificationDocuments, certificationRequests } from '../../src/platform/db/schema';
import { findActivityField, staffMailAddress } from '../../src/domain/certification';
import { LANGUAGES } from '../../src/domain/language';
import { renderMail, type CertificationMailKind, type MailParams } from '../../src/platform/mail/templates';
import { t } from '../../src/platform/i18n';
import { addMember, createSpace, person, startStack, type Identity, type TestStack } from '../support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const pdfBytes = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);
const pdf = (name: string, kind?: string) => ({ name, contentType: 'application/pdf', contentBase64: pdfBytes(name).toString('base64'), ...(kind ? { kind } : {}) });
/** One document of each kind the field requires (R21). */
const complete = (activityField: string) => findActivityField(activityField)!.requiredDocuments.map((required) => pdf(`${required.code}.pdf`, required.code));
const staffOf = (authority: string, name: string): Identity => ({ ...person(name), staff: authority });
const staffMailbox = (authority: string) => staffMailAddress(authority, stack.config.staffMailDomain);

async function submit(spaceId: string, admin: Identity, activityField: string, documents = complete(activityField)) {
  const response = await stack.call('POST', `/spaces/${spaceId}/certification-requests`, { as: admin, body: { activityField, documents, note: 'Please certify us.' } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; status: string; documents: { id: string; name: string; size: number }[] };
}

const decide = (staff: Identity, requestId: string, body: Record<string, unknown>) =>
  stack.call('POST', `/staff/certification-requests/${requestId}/decision`, { as: staff, body });

async function storedRows() {
  const { db } = stack.database;
  const [requests] = await db.select({ n: count() }).from(certificationRequests);
  const [documents] = await db.select({ n: count() }).from(certificationDocuments);
  return { requests: requests!.n, documents: documents!.n };
}

describe('catalog', () => {
  it('lists activity fields with names, authority, documents and limits; needs a token', async () => {
    const reader = person('Cora Catalog');
    const response = await stack.call('GET', '/catalog/activity-fields', { as: reader });
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThanOrEqual(4);
    const codes = response.body.map((field: { code: string }) => field.code);
    expect(codes).toEqual(expect.arrayContaining(['sports-federation', 'works-council-election']));
    const sports = response.body.find((field: { code: string }) => field.code === 'sports-federation');
    expect(sports).toMatchObject({ authority: 'MSPORTS', names: { fr: expect.any(String), de: expect.any(String), en: expect.any(String) }, acceptedContentTypes: expect.arrayContaining(['application/pdf']) });
    expect(sports.requiredDocuments.length).toBeGreaterThan(0);
    expect(sports.maxDocumentBytes).toBeGreaterThan(0);
    expect((await stack.call('GET', '/catalog/activity-fields')).status).toBe(401);
  });
});

describe('submit → request information → supplement → approve', () => {
  it('certifies the space for the field, mails the administrator at each step and records the timeline', async () => {
    const admin = person('Greta Admin');
    const sportsStaff = staffOf('MSPORTS', 'Paul Sport');
    const labourStaff = staffOf('ITM', 'Ida Labour');
    // The procedure language (German) drives the administrators' mails (R42, R44).
    const space = await createSpace(stack, admin, { procedureLanguage: 'de' });

    const request = await submit(space.id, admin, 'sports-federation', [pdf('statutes.pdf', 'statutes'), pdf('board.pdf', 'board-members'), pdf('clubs-2025.pdf', 'member-clubs')]);
    expect(request).toMatchObject({ status: 'submitted', activityField: 'sports-federation', authority: 'MSPORTS' });
    expect(request.documents.map((d) => d.name)).toEqual(['statutes.pdf', 'board.pdf', 'clubs-2025.pdf']);

    // The authority's staff are told; staff of the right authority see it, others do not.
    const [staffMail] = await stack.smtp.waitFor((m) => m.to.includes(staffMailbox('MSPORTS')) && m.text.includes(request.id));
    expect(staffMail!.text).toContain(space.company.name);
    const queue = await stack.call('GET', '/staff/certification-requests?status=submitted', { as: sportsStaff });
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((item: { id: string }) => item.id === request.id)).toMatchObject({ status: 'submitted', space: { id: space.id, companyName: space.company.name } });
    const otherQueue = await stack.call('GET', '/staff/certification-requests', { as: labourStaff });
    expect(otherQueue.body.items.some((item: { id: string }) => item.id === request.id)).toBe(false);
    const otherDecision = await decide(labourStaff, request.id, { decision: 'approve' });
    expect([otherDecision.status, otherDecision.body.code]).toEqual([404, 'not_found']);

    // The staff read a document as it was sent.
    const download = await stack.app.request(`/staff/certification-requests/${request.id}/documents/${request.documents[0]!.id}`, {
      headers: { authorization: `Bearer ${await stack.token(sportsStaff)}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdfBytes('statutes.pdf'))).toBe(true);

    // Request information: a message is required.
    const noMessage = await decide(sportsStaff, request.id, { decision: 'request-information' });
    expect([noMessage.status, noMessage.body.errors?.[0]?.path]).toEqual([422, 'reason']);
    const asked = await decide(sportsStaff, request.id, { decision: 'request-information', reason: 'Please add the list of affiliated clubs.' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body).toMatchObject({ status: 'information_requested', informationRequest: 'Please add the list of affiliated clubs.' });
    expect(Date.parse(asked.body.supplementDueAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const [askedMail] = await stack.smtp.waitFor((m) => m.to.includes(admin.email!) && m.subject.includes('Angaben angefordert'));
    expect(askedMail!.text).toContain('Please add the list of affiliated clubs.');
    expect(askedMail!.text).toContain('Sportministerium');

    // While information is requested, no second decision.
    const early = await decide(sportsStaff, request.id, { decision: 'approve' });
    expect([early.status, early.body.code]).toEqual([409, 'already_decided']);

    const supplement = await stack.call('POST', `/spaces/${space.id}/certification-requests/${request.id}/documents`, { as: admin, body: { documents: [pdf('clubs.pdf')] } });
    expect(supplement.status, JSON.stringify(supplement.body)).toBe(200);
    expect(supplement.body.status).toBe('submitted');
    expect(supplement.body.documents.map((d: { name: string; kind: string | null }) => [d.name, d.kind])).toEqual([['statutes.pdf', 'statutes'], ['board.pdf', 'board-members'], ['clubs-2025.pdf', 'member-clubs'], ['clubs.pdf', null]]);
    await stack.smtp.waitFor((m) => m.to.includes(staffMailbox('MSPORTS')) && m.text.includes(space.company.name), { count: 2 });
    const again = await stack.call('POST', `/spaces/${space.id}/certification-requests/${request.id}/documents`, { as: admin, body: { documents: [pdf('more.pdf')] } });
    expect([again.status, again.body.code]).toEqual([409, 'information_not_requested']);

    const approved = await decide(sportsStaff, request.id, { decision: 'approve', reason: 'Statuts conformes' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // The reason of an approval is kept and shown, like that of a rejection.
    expect(approved.body).toMatchObject({ status: 'approved', decidedAt: expect.any(String), reason: 'Statuts conformes' });
    expect((await stack.call('GET', `/spaces/${space.id}/certification-requests/${request.id}`, { as: admin })).body.reason).toBe('Statuts conformes');
    const twice = await decide(sportsStaff, request.id, { decision: 'reject', reason: 'Changed my mind.' });
    expect([twice.status, twice.body.code]).toEqual([409, 'already_decided']);

    const certifications = await stack.call('GET', `/spaces/${space.id}/certifications`, { as: admin });
    expect(certifications.body).toEqual([{ activityField: 'sports-federation', via: 'request', certifiedAt: expect.any(String) }]);
    const spaceView = await stack.call('GET', `/spaces/${space.id}`, { as: admin });
    expect(spaceView.body.certifications).toEqual(certifications.body);
    const [approvedMail] = await stack.smtp.waitFor((m) => m.to.includes(admin.email!) && m.subject.includes('erteilt'));
    expect(approvedMail!.text).toContain(findActivityField('sports-federation')!.names.de);
    // The authority opens the sentence with its article.
    expect(approvedMail!.text).toContain('Das Sportministerium hat den Zertifizierungsantrag genehmigt');

    // Certified: a new request for the field is refused; a withdrawal comes too late.
    const second = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'sports-federation', documents: complete('sports-federation') } });
    expect([second.status, second.body.code]).toEqual([409, 'already_certified']);
    const withdraw = await stack.call('POST', `/spaces/${space.id}/certification-requests/${request.id}/withdraw`, { as: admin });
    expect([withdraw.status, withdraw.body.code]).toEqual([409, 'already_decided']);

    const events = await stack.call('GET', `/spaces/${space.id}/events`, { as: admin });
    expect(events.body.items.map((e: { type: string }) => e.type).filter((type: string) => type.startsWith('certification.'))).toEqual([
      'certification.approved',
      'certification.supplemented',
      'certification.information_requested',
      'certification.submitted',
    ]);
    expect(events.body.items[0].actor.name).toBe('Paul Sport');

    const listed = await stack.call('GET', `/spaces/${space.id}/certification-requests`, { as: admin });
    expect(listed.body).toMatchObject({ items: [{ id: request.id, status: 'approved' }], nextCursor: null });
    const description = await stack.client.workflow.getHandle(`certification-${request.id}`).describe();
    expect(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value])).toEqual(
      expect.arrayContaining([
        ['SpaceId', space.id],
        ['Authority', 'MSPORTS'],
        ['ProcessStatus', 'approved'],
      ]),
    );
  });
});

describe('reject, pending and withdrawal', () => {
  it('a rejection leaves the field uncertified; one open request per field; an administrator withdraws', async () => {
    const admin = person('Rita Admin');
    const labourStaff = staffOf('ITM', 'Leo Labour');
    const space = await createSpace(stack, admin);

    const request = await submit(space.id, admin, 'works-council-election');
    const pending = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'works-council-election', documents: complete('works-council-election') } });
    expect([pending.status, pending.body.code]).toEqual([409, 'certification_pending']);
    // Several fields at once are fine (R21).
    const sports = await submit(space.id, admin, 'sports-federation');

    const noReason = await decide(labourStaff, request.id, { decision: 'reject' });
    expect([noReason.status, noReason.body.errors?.[0]?.path]).toEqual([422, 'reason']);
    const rejected = await decide(labourStaff, request.id, { decision: 'reject', reason: 'The election notice is missing.' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'The election notice is missing.' });
    const [mail] = await stack.smtp.waitFor((m) => m.to.includes(admin.email!) && /refusée/.test(m.subject));
    expect(mail!.text).toContain('The election notice is missing.');
    expect(mail!.text).toContain('L’Inspection du travail et des mines a rejeté');
    expect((await stack.call('GET', `/spaces/${space.id}/certifications`, { as: admin })).body).toEqual([]);
    expect((await stack.call('GET', `/spaces/${space.id}`, { as: admin })).body.certifications).toEqual([]);

    // After a rejection the company may try again; then withdraw.
    const retry = await submit(space.id, admin, 'works-council-election', [pdf('headcount.pdf', 'headcount'), pdf('notice.pdf', 'election-notice')]);
    const withdrawn = await stack.call('POST', `/spaces/${space.id}/certification-requests/${retry.id}/withdraw`, { as: admin });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const late = await decide(labourStaff, retry.id, { decision: 'approve' });
    expect([late.status, late.body.code]).toEqual([409, 'already_decided']);

    const open = await stack.call('GET', `/spaces/${space.id}/certification-requests?status=submitted`, { as: admin });
    expect(open.body.items.map((item: { id: string }) => item.id)).toEqual([sports.id]);
    const paged = await stack.call('GET', `/spaces/${space.id}/certification-requests?limit=2`, { as: admin });
    expect(paged.body.items).toHaveLength(2);
    const rest = await stack.call('GET', `/spaces/${space.id}/certification-requests?limit=2&cursor=${paged.body.nextCursor}`, { as: admin });
    expect(rest.body).toMatchObject({ items: [{ id: retry.id }], nextCursor: null });
  });
});

describe('access', () => {
  it('members get 403 on /staff/* and on submitting; outsiders get 404; other authorities get 404', async () => {
    const admin = person('Alma Admin');
    const manager = person('Max Manager');
    const outsider = person('Otto Outsider');
    const sportsStaff = staffOf('MSPORTS', 'Stan Sport');
    const space = await createSpace(stack, admin);
    await addMember(stack, space.id, admin, manager, { role: 'manager' });
    const request = await submit(space.id, admin, 'works-council-election');

    for (const [method, path] of [
      ['GET', '/staff/certification-requests'],
      ['GET', `/staff/certification-requests/${request.id}`],
      ['POST', `/staff/certification-requests/${request.id}/decision`],
    ] as const) {
      const response = await stack.call(method, path, { as: manager, body: method === 'POST' ? { decision: 'approve' } : undefined });
      expect([response.status, response.body.code], `${method} ${path}`).toEqual([403, 'forbidden']);
    }
    expect((await stack.call('GET', '/staff/certification-requests')).status).toBe(401);

    const byManager = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: manager, body: { activityField: 'sports-federation', documents: [pdf('s.pdf')] } });
    expect([byManager.status, byManager.body.code]).toEqual([403, 'forbidden']);
    expect((await stack.call('GET', `/spaces/${space.id}/certification-requests`, { as: manager })).status).toBe(200);
    expect((await stack.call('POST', `/spaces/${space.id}/certification-requests/${request.id}/withdraw`, { as: manager })).status).toBe(403);

    for (const [method, path] of [
      ['GET', `/spaces/${space.id}/certification-requests`],
      ['GET', `/spaces/${space.id}/certification-requests/${request.id}`],
      ['POST', `/spaces/${space.id}/certification-requests`],
      ['POST', `/spaces/${space.id}/certification-requests/${request.id}/withdraw`],
      ['GET', `/spaces/${space.id}/certifications`],
    ] as const) {
      const response = await stack.call(method, path, { as: outsider, body: method === 'POST' ? { activityField: 'sports-federation', documents: [pdf('s.pdf')] } : undefined });
      expect([response.status, response.body.code], `${method} ${path}`).toEqual([404, 'not_found']);
    }

    // Staff of another authority: neither seen nor decidable, not even the fact that it exists.
    expect((await stack.call('GET', `/staff/certification-requests/${request.id}`, { as: sportsStaff })).status).toBe(404);
    expect((await decide(sportsStaff, request.id, { decision: 'reject', reason: 'no' })).status).toBe(404);
    const [row] = await stack.database.db.select().from(certificationRequests).where(eq(certificationRequests.id, request.id));
    expect(row!.status).toBe('submitted');
  });
});

describe('document validation', () => {
  it('refuses missing content, invalid base64, oversize and unaccepted types with 422 and stores nothing', async () => {
    const admin = person('Vera Valid');
    const space = await createSpace(stack, admin);
    const before = await storedRows();
    const limit = findActivityField('works-council-election')!.maxDocumentBytes;
    const cases: [string, unknown, string][] = [
      ['missing content', [{ name: 'a.pdf', contentType: 'application/pdf' }], 'documents.0.contentBase64'],
      ['empty content', [{ name: 'a.pdf', contentType: 'application/pdf', contentBase64: '' }], 'documents.0.contentBase64'],
      ['invalid base64', [pdf('ok.pdf'), { name: 'b.pdf', contentType: 'application/pdf', contentBase64: 'not base64!' }], 'documents.1.contentBase64'],
      ['over the size limit', [{ name: 'big.pdf', contentType: 'application/pdf', contentBase64: Buffer.alloc(limit + 1, 1).toString('base64') }], 'documents.0.contentBase64'],
      ['type not accepted by the field', [{ name: 'photo.png', contentType: 'image/png', contentBase64: Buffer.from('png').toString('base64') }], 'documents.0.contentType'],
      ['no documents', [], 'documents'],
    ];
    for (const [label, documents, path] of cases) {
      const response = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'works-council-election', documents } });
      expect([response.status, response.body.code], label).toEqual([422, label === 'over the size limit' ? 'document_too_large' : 'validation_failed']);
      expect(response.body.errors.map((error: { path: string }) => error.path), label).toContain(path);
    }
    const unknownField = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'astrology', documents: [pdf('a.pdf')] } });
    expect([unknownField.status, unknownField.body.errors?.[0]?.path]).toEqual([422, 'activityField']);
    expect(await storedRows()).toEqual(before);

    // The same checks guard a supplement.
    const staff = staffOf('ITM', 'Sid Staff');
    const request = await submit(space.id, admin, 'works-council-election');
    expect((await decide(staff, request.id, { decision: 'request-information', reason: 'Send the notice.' })).status).toBe(200);
    const afterSubmit = await storedRows();
    const bad = await stack.call('POST', `/spaces/${space.id}/certification-requests/${request.id}/documents`, {
      as: admin,
      body: { documents: [{ name: 'notice.doc', contentType: 'application/msword', contentBase64: Buffer.from('doc').toString('base64') }] },
    });
    expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([422, 'documents.0.contentType']);
    expect(await storedRows()).toEqual(afterSubmit);
  });

  it('enforces the required documents by kind: 422 missing_documents names the missing ones in my language; an unknown kind is 422', async () => {
    const admin = person('Kurt Kind');
    await stack.call('GET', '/me', { as: admin, headers: { 'accept-language': 'de' } });
    const space = await createSpace(stack, admin);
    const before = await storedRows();
    // One of the three required documents, and an untagged one that stands for nothing.
    const partial = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'sports-federation', documents: [pdf('statutes.pdf', 'statutes'), pdf('letter.pdf')] } });
    expect([partial.status, partial.body.code]).toEqual([422, 'missing_documents']);
    expect(partial.body.missingDocuments).toEqual(['board-members', 'member-clubs']);
    const names = findActivityField('sports-federation')!.requiredDocuments.filter((required) => required.code !== 'statutes').map((required) => required.names.de);
    expect(partial.body.detail).toBe(t('de', 'problem.missing_documents.detail', { documents: names.join(', ') }));
    expect(partial.body.title).toBe(t('de', 'problem.missing_documents.title'));
    const unknownKind = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'sports-federation', documents: [...complete('sports-federation'), pdf('x.pdf', 'horoscope')] } });
    expect([unknownKind.status, unknownKind.body.code, unknownKind.body.errors?.[0]?.path]).toEqual([422, 'validation_failed', 'documents.3.kind']);
    expect(await storedRows()).toEqual(before);

    const accepted = await submit(space.id, admin, 'sports-federation');
    expect(accepted.documents.map((document) => (document as { kind?: string }).kind)).toEqual(['statutes', 'board-members', 'member-clubs']);
  });

  it('an Idempotency-Key retry answers the first request and stores nothing twice', async () => {
    const admin = person('Ida Empotent');
    const space = await createSpace(stack, admin);
    const body = { activityField: 'waste-collection', documents: complete('waste-collection') };
    const first = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body, headers: { 'idempotency-key': 'waste-1' } });
    expect(first.status).toBe(201);
    const before = await storedRows();
    const retry = await stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body, headers: { 'idempotency-key': 'waste-1' } });
    expect([retry.status, retry.body.id]).toEqual([201, first.body.id]);
    expect(await storedRows()).toEqual(before);
  });
});

describe('certification mails', () => {
  const administrator = { spaceName: 'Comptabilité', activityFieldName: 'Fédération sportive agréée', authorityName: 'Ministère des Sports' };
  const staffParams = { companyName: 'Muster & Fils S.à r.l.', spaceName: 'Comptabilité', activityFieldName: 'Fédération sportive agréée' };
  const samples: { [K in CertificationMailKind]: MailParams[K] } = {
    'certification-staff-submitted': { ...staffParams, requestId: '5d2f1c7e-0000-4000-8000-000000000001', appUrl: 'https://spaces.example.lu/' },
    'certification-staff-supplemented': { ...staffParams, requestId: '5d2f1c7e-0000-4000-8000-000000000001', appUrl: 'https://spaces.example.lu/staff/requests/5d2f1c7e-0000-4000-8000-000000000001' },
    'certification-staff-reminder': { ...staffParams, waitingSince: new Date('2025-01-15T14:30:00Z'), requestId: '5d2f1c7e-0000-4000-8000-000000000001', appUrl: 'https://spaces.example.lu/staff/requests/5d2f1c7e-0000-4000-8000-000000000001' },
    'certification-information-requested': { ...administrator, message: 'Send the list of clubs.', supplementDueAt: new Date('2025-02-14T14:30:00Z') },
    'certification-approved': administrator,
    'certification-rejected': { ...administrator, reason: 'Statutes are outdated.' },
    'certification-closed': { spaceName: 'Comptabilité', activityFieldName: 'Fédération sportive agréée', supplementDueAt: new Date('2025-02-14T14:30:00Z') },
  };
  const cases = LANGUAGES.flatMap((lang) => (Object.keys(samples) as CertificationMailKind[]).map((kind) => [kind, lang] as const));
  it.each(cases)('%s (%s) renders every param', (kind, lang) => {
    const mail = renderMail(kind, lang, samples[kind] as never);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    for (const [name, value] of Object.entries(samples[kind])) {
      if (value instanceof Date || name === 'appUrl') continue;
      expect(mail.text).toContain(String(value));
    }
  });
});

// The procedure rules called as use-cases, on Postgres, without Temporal or HTTP: one procedure language per space
// (R44–R46, with R43's fallback), and a mandate checked at every write, so its end reaches a delegate's drafts.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { activationCodes, delegations, letters, mandates, memberships } from '../../src/platform/db/schema';
import { changeMe, personOf } from '../../src/features/people/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { createProcedure, editProcedure } from '../../src/features/procedures/use-cases';
import type { Requester } from '../../src/platform/requester';
import { companyAddress, useUseCases } from '../support';

const harness = useUseCases();

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { code?: string }) => error.code);
const newSpace = (admin: Requester, registrationNumber = 'B123456') => createSpace(admin, { name: 'Unit', company: { name: 'Unit SA', registrationNumber, address: companyAddress } });

describe('procedures, as use-cases', () => {
  it('R45, R46: the first procedure fixes the space’s language; every later one uses it, whoever creates it; R43 falls back per type', async () => {
    const germanAdmin = harness.as();
    await changeMe(germanAdmin, { language: 'de' });
    const space = await newSpace(germanAdmin);
    const first = await createProcedure(germanAdmin, space.id, { type: 'vat-return', data: {} });
    expect(first.language).toBe('de');
    const englishAdmin = harness.as();
    await changeMe(englishAdmin, { language: 'en' });
    await personOf(englishAdmin);
    await harness.database.db.insert(memberships).values({
      id: randomUUID(),
      spaceId: space.id,
      personId: englishAdmin.person!.id,
      certificateSsn: englishAdmin.caller.certificateSsn,
      certificateMode: 'any',
      role: 'administrator',
      permissions: { inviteUsers: true, deleteUsers: true, editProcedures: true, signProcedures: true },
    });
    expect((await createProcedure(englishAdmin, space.id, { type: 'vat-return', data: {} })).language).toBe('de');
    // STATEC's survey exists in French and English only: German falls back to French.
    const survey = await createProcedure(englishAdmin, space.id, { type: 'structural-business-survey', data: {} });
    expect([survey.language, survey.languageFallback]).toEqual(['fr', { requested: 'de', used: 'fr' }]);
  });

  it('rights at every use: a draft filed for a mandator is editable while the mandate is active, and refused (mandate_required) once it is revoked', async () => {
    const mandatorAdmin = harness.as();
    const mandator = await newSpace(mandatorAdmin);
    const delegateAdmin = harness.as();
    const delegate = await newSpace(delegateAdmin, 'B234567');
    const mandateId = randomUUID();
    await harness.database.db.insert(mandates).values({
      id: mandateId,
      mandatorSpaceId: mandator.id,
      companyRegistrationNumber: 'B123456',
      section: 'tax',
      scope: { procedures: true, dataConsultation: false },
      status: 'active',
      requestedBy: (await personOf(mandatorAdmin)).id,
      activationDeadline: new Date(Date.now() + 86_400_000),
    });
    // A delegate code that was used, as the letters and the code entry leave one.
    const letterId = randomUUID();
    const codeId = randomUUID();
    await harness.database.db.insert(letters).values({ id: letterId, mandateId, kind: 'delegate', batch: 0, recipient: { companyName: 'Unit SA', address: companyAddress }, language: 'fr', status: 'dispatched', fileName: `${letterId}.pdf` });
    await harness.database.db.insert(activationCodes).values({ id: codeId, mandateId, kind: 'delegate', batch: 0, codeHash: codeId, status: 'used', usedBySpaceId: delegate.id, letterId });
    await harness.database.db.insert(delegations).values({ id: randomUUID(), mandateId, delegateSpaceId: delegate.id, activationCodeId: codeId, status: 'active' });
    expect(await refusal(createProcedure(delegateAdmin, delegate.id, { type: 'employee-declaration', onBehalfOf: mandator.id, data: {} }))).toBe('mandate_required');
    const draft = await createProcedure(delegateAdmin, delegate.id, { type: 'vat-return', onBehalfOf: mandator.id, data: {} });
    expect((await editProcedure(delegateAdmin, delegate.id, draft.id, { period: '2027-Q1' })).data).toEqual({ period: '2027-Q1' });
    await harness.database.db.update(mandates).set({ status: 'revoked' }).where(eq(mandates.id, mandateId));
    expect(await refusal(editProcedure(delegateAdmin, delegate.id, draft.id, { period: '2027-Q2' }))).toBe('mandate_required');
  });
});

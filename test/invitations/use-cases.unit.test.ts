// The invitee's rules called as use-cases, on Postgres, without Temporal or HTTP: only the invited certificate
// answers (R15), an answered invitation is not pending, and "my invitations" list only mine (R5).
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { invitations } from '../../src/platform/db/schema';
import { actorOf } from '../../src/features/people/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { recordInvitation } from '../../src/features/invitations/store';
import { acceptInvitation, declineInvitation, myInvitation, myInvitations } from '../../src/features/invitations/use-cases';
import type { Requester } from '../../src/platform/requester';
import { companyAddress, useUseCases } from '../support';

const harness = useUseCases();

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { code?: string }) => error.code);

/** An invitation recorded as the API records it before its workflow's first task. */
async function invitationFor(admin: Requester, invitee: Requester) {
  const space = await createSpace(admin, { name: 'Unit', company: { name: 'Unit SA', registrationNumber: 'U-UNIT-1', address: companyAddress } });
  const invitationId = randomUUID();
  const recorded = await recordInvitation(harness.database.db, {
    invitationId,
    spaceId: space.id,
    certificateSsn: invitee.caller.certificateSsn,
    firstName: 'Ina',
    lastName: 'Vitee',
    email: 'ina@example.lu',
    role: 'manager',
    permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
    certificateMode: 'invited-only',
    invitedBy: await actorOf(admin),
    timings: { ttlMs: 86_400_000, remindersBeforeExpiryMs: [], resendIntervalMs: 300_000 },
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(recorded.outcome).toBe('recorded');
  return invitationId;
}

describe('invitations, as use-cases', () => {
  it('R15: another certificate, even of a logged-in person, neither accepts nor declines (certificate_mismatch); nothing changes', async () => {
    const admin = harness.as();
    const invitee = harness.as();
    const invitationId = await invitationFor(admin, invitee);
    const someoneElse = harness.as();
    expect(await refusal(acceptInvitation(someoneElse, invitationId))).toBe('certificate_mismatch');
    expect(await refusal(declineInvitation(someoneElse, invitationId))).toBe('certificate_mismatch');
    const [row] = await harness.database.db.select().from(invitations).where(eq(invitations.id, invitationId));
    expect(row!.status).toBe('pending');
  });

  it('an answered invitation is not pending any more (invitation_not_pending), before any process is asked', async () => {
    const admin = harness.as();
    const invitee = harness.as();
    const invitationId = await invitationFor(admin, invitee);
    await harness.database.db.update(invitations).set({ status: 'declined' }).where(eq(invitations.id, invitationId));
    expect(await refusal(acceptInvitation(invitee, invitationId))).toBe('invitation_not_pending');
  });

  it('R5: my pending invitations name the space, the company and who invited; nobody else sees them', async () => {
    const admin = harness.as({ name: 'Ada Admin' });
    const invitee = harness.as();
    const invitationId = await invitationFor(admin, invitee);
    const mine = await myInvitations(invitee, { limit: 50 });
    expect(mine.items).toEqual([expect.objectContaining({ id: invitationId, spaceName: 'Unit', companyName: 'Unit SA', role: 'manager', invitedBy: { name: 'Ada Admin' } })]);
    expect(await myInvitation(harness.as(), invitationId)).toBeUndefined();
  });
});

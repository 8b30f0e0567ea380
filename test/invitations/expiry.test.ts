// Expiry and reminders of the invitation workflow: two weeks pass on the time-skipping test server.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { invitations } from '../../src/platform/db/schema';
import { invitationWorkflowId, type InvitationWorkflowInput } from '../../src/features/invitations/contract';
import { createSpace, person, useTimeSkippingStack } from '../support';

const DAY = 86_400_000;
const running = useTimeSkippingStack();

async function startInvitation(admin: ReturnType<typeof person>, invitee: ReturnType<typeof person>, ttlMs: number) {
  const space = await createSpace(running.stack, admin);
  const me = await running.stack.call('GET', '/me', { as: admin });
  const input: InvitationWorkflowInput = {
    invitationId: randomUUID(),
    spaceId: space.id,
    certificateSsn: invitee.ssn,
    firstName: 'Iris',
    lastName: 'Invitee',
    email: invitee.email!,
    role: 'manager',
    permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
    certificateMode: 'invited-only',
    invitedBy: { personId: me.body.personId, name: admin.name! },
    timings: { ttlMs, remindersBeforeExpiryMs: [7 * DAY, 1 * DAY], resendIntervalMs: 5 * 60_000 },
  };
  const handle = await running.env.client.workflow.start('invitationWorkflow', { args: [input], workflowId: invitationWorkflowId(input.invitationId), taskQueue: running.stack.taskQueue });
  return { space, input, handle };
}

describe('on the time-skipping server', () => {
  it('reminds 7 days and 1 day before, expires after 14 days and tells the inviter', async () => {
    const admin = person('Ines Inviter');
    const invitee = person('Iris Invitee');
    const { space, input, handle } = await startInvitation(admin, invitee, 14 * DAY);
    const startedAt = Date.now();

    // Awaiting the result lets the server skip the two weeks.
    const outcome = await handle.result();
    expect(outcome).toEqual({ invitationId: input.invitationId, status: 'expired' });
    expect(Date.now() - startedAt).toBeLessThan(30_000);

    const mails = running.stack.smtp.matching((m) => m.to.includes(invitee.email!));
    expect(mails).toHaveLength(3); // the invitation and two reminders
    const [row] = await running.stack.database.db.select().from(invitations).where(eq(invitations.id, input.invitationId));
    expect(row!.status).toBe('expired');
    await running.stack.smtp.waitFor((m) => m.to.includes(admin.email!));

    const events = (await running.stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items.map((e: { type: string }) => e.type);
    expect(events.filter((type: string) => type === 'invitation.reminded')).toHaveLength(2);
    expect(events[0]).toBe('invitation.expired');

    // The reminders fell 7 days and 1 day before expiry, in workflow time.
    const history = await handle.fetchHistory();
    const timerHours = (history.events ?? [])
      .filter((event) => event.timerStartedEventAttributes)
      .map((event) => Math.round(Number(event.timerStartedEventAttributes!.startToFireTimeout!.seconds) / 3600));
    // Day 7 (first reminder), day 13 (second reminder), day 14 (expiry).
    expect(timerHours).toEqual([7 * 24, 6 * 24, 24]);
  });

  it('skips reminders that would fall before the invitation was sent (short TTL)', async () => {
    const admin = person('Jon Inviter');
    const invitee = person('Jil Invitee');
    const { input, handle } = await startInvitation(admin, invitee, 3 * DAY);
    expect(await handle.result()).toEqual({ invitationId: input.invitationId, status: 'expired' });
    // Only the 1-day reminder fits into three days.
    expect(running.stack.smtp.matching((m) => m.to.includes(invitee.email!))).toHaveLength(2);
  });
});

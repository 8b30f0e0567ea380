// The invitation's activities in the SDK's MockActivityEnvironment, on Postgres and a real SMTP server, without a
// Temporal server: a retried activity writes one row and sends one mail (the outbox under the activity's key).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailer } from '../../src/platform/mail/mailer';
import { activityDependencies } from '../../src/platform/temporal/activity-dependencies';
import { createInvitationActivities } from '../../src/features/invitations/activities';
import type { InvitationWorkflowInput } from '../../src/features/invitations/contract';
import { actorOf } from '../../src/features/people/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { companyAddress, startSmtpServer, useUseCases, type TestSmtpServer } from '../support';

const harness = useUseCases();
let smtp: TestSmtpServer;
let activities: ReturnType<typeof createInvitationActivities>;
let closeMailer: () => void;
/** Mails the real mailer was asked to send. */
let sends = 0;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'no-reply@spaces.example.lu', outboxDir: harness.deps.config.mail.outboxDir });
  closeMailer = () => mailer.close();
  const counted = { ...mailer, send: (mail: Parameters<typeof mailer.send>[0]) => ((sends += 1), mailer.send(mail)) };
  activities = createInvitationActivities(activityDependencies(harness.deps.config, harness.database.db, counted));
});
afterAll(async () => {
  closeMailer?.();
  await smtp?.close();
});

async function input(): Promise<InvitationWorkflowInput & { expiresAt: string }> {
  const admin = harness.as();
  const space = await createSpace(admin, { name: 'Unit', company: { name: 'Unit SA', registrationNumber: 'B123456', address: companyAddress } });
  return {
    invitationId: randomUUID(),
    spaceId: space.id,
    certificateSsn: harness.as().caller.certificateSsn,
    firstName: 'Ina',
    lastName: 'Vitee',
    email: `ina.${randomUUID().slice(0, 8)}@example.lu`,
    role: 'manager',
    permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
    certificateMode: 'any',
    invitedBy: await actorOf(admin),
    timings: { ttlMs: 86_400_000, remindersBeforeExpiryMs: [], resendIntervalMs: 300_000 },
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
}

describe('invitation activities, in the mock activity environment', () => {
  it('recording twice records one invitation (the retry answers the row it finds)', async () => {
    const invitation = await input();
    const environment = new MockActivityEnvironment({ workflowExecution: { workflowId: `invitation-${invitation.invitationId}`, runId: randomUUID() } });
    const first = await environment.run(activities.recordInvitation, invitation);
    const again = await environment.run(activities.recordInvitation, invitation);
    expect(first).toEqual(again);
    expect((first as { outcome: string }).outcome).toBe('recorded');
  });

  it('a retried invitation mail leaves once: the second attempt finds it sent', async () => {
    const invitation = await input();
    await new MockActivityEnvironment().run(activities.recordInvitation, invitation);
    const retried = new MockActivityEnvironment({ attempt: 2, workflowExecution: { workflowId: `invitation-${invitation.invitationId}`, runId: randomUUID() }, activityId: '1' });
    const before = sends;
    await retried.run(activities.sendInvitationMail, { invitationId: invitation.invitationId, purpose: 'invitation' as const });
    await retried.run(activities.sendInvitationMail, { invitationId: invitation.invitationId, purpose: 'invitation' as const });
    expect(sends - before).toBe(1);
    const [mail] = await smtp.waitFor((each) => each.to.includes(invitation.email));
    expect(mail!.messageId).toContain(invitation.invitationId);
  });
});

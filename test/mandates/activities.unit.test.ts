// The mandate's activities in the SDK's MockActivityEnvironment, on Postgres and a real SMTP server, without a
// Temporal server: what a retried activity owes that its first attempt could not finish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createMailer } from '../../src/platform/mail/mailer';
import { activityDependencies } from '../../src/platform/temporal/activity-dependencies';
import { createMandateActivities } from '../../src/features/mandates/activities';
import type { IssuedCodeRef } from '../../src/features/mandates/contract';
import { actorOf } from '../../src/features/people/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { companyAddress, startSmtpServer, useUseCases, type TestSmtpServer } from '../support';

const harness = useUseCases();
let smtp: TestSmtpServer;
let activities: ReturnType<typeof createMandateActivities>;
let closeMailer: () => void;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const mailer = createMailer({ smtpUrl: `${smtp.url}?pool=false`, from: 'no-reply@spaces.example.lu', outboxDir: harness.deps.config.mail.outboxDir });
  closeMailer = () => mailer.close();
  activities = createMandateActivities(activityDependencies(harness.deps.config, harness.database.db, mailer));
});
afterAll(async () => {
  closeMailer?.();
  await smtp?.close();
});

/** A mandate of the demo register's company with its holder code entered, and one delegate code issued (one per section: R33). */
async function mandateWithDelegateCode(emails: { mandator: string; delegate: string }, section: 'tax' | 'social-security') {
  const mandatorAdmin = harness.as({ email: emails.mandator });
  // The demo register's company, so that letters have a registered address.
  const mandator = await createSpace(mandatorAdmin, { name: 'Mandator', company: { name: 'Unit SA', registrationNumber: 'B123456', address: companyAddress } });
  const delegateAdmin = harness.as({ email: emails.delegate });
  const delegate = await createSpace(delegateAdmin, { name: 'Delegate', company: { name: 'Fidu SA', registrationNumber: 'B654321', address: companyAddress } });
  const mandateId = randomUUID();
  const requestedBy = await actorOf(mandatorAdmin);
  await activities.recordMandate({
    mandateId,
    mandatorSpaceId: mandator.id,
    section,
    scope: { procedures: true, dataConsultation: false },
    delegateCodes: 1,
    endDate: null,
    requestedBy,
    timings: { activationDeadlineMs: 86_400_000, activationRemindersMs: [], endRemindersMs: [] },
    activationDeadline: new Date(Date.now() + 86_400_000).toISOString(),
  });
  // The expected failure of a first attempt stays out of the output.
  const logger = new DefaultLogger('ERROR');
  const environment = (activityId: string, attempt = 1) => new MockActivityEnvironment({ attempt, activityId, workflowExecution: { workflowId: `mandate-${mandateId}`, runId: 'run-1' } }, { logger });
  const [holder] = (await environment('1').run(activities.issueCodes, { mandateId, kind: 'holder' as const, count: 1, batch: 0 })) as IssuedCodeRef[];
  const [code] = (await environment('2').run(activities.issueCodes, { mandateId, kind: 'delegate' as const, count: 1, batch: 0 })) as IssuedCodeRef[];
  await environment('3').run(activities.activateCode, { mandateId, codeId: holder!.codeId, spaceId: mandator.id, actor: requestedBy });
  const delegation = { mandateId, codeId: code!.codeId, spaceId: delegate.id, actor: await actorOf(delegateAdmin) };
  return { mandateId, requestedBy, environment, delegation };
}

/** Runs `attempt` while the mail server refuses every mail: it must fail on the refusal. */
async function whileRefusing(attempt: () => Promise<unknown>) {
  smtp.setAccepting(false);
  try {
    await expect(attempt()).rejects.toThrow(/451/);
  } finally {
    smtp.setAccepting(true);
  }
}

describe('mandate activities, in the mock activity environment', () => {
  it('a delegate code activated while the mail server refused: the retry still tells the mandator', async () => {
    // Found by the chaos run (seed 1): the retry found the code used by this space, answered, and never mailed.
    const email = `mandator.${randomUUID().slice(0, 8)}@example.lu`;
    const { mandateId, environment, delegation } = await mandateWithDelegateCode({ mandator: email, delegate: `delegate.${randomUUID().slice(0, 8)}@example.lu` }, 'tax');
    await whileRefusing(() => environment('4').run(activities.activateCode, delegation));
    const answer = await environment('4', 2).run(activities.activateCode, delegation);
    expect(answer).toMatchObject({ kind: 'delegate', mandateId });
    const [mail] = await smtp.waitFor((each) => each.to.includes(email), { timeoutMs: 10_000 });
    expect(mail!.messageId).toContain(`mandate-${mandateId}`);
  });

  it('a mandate revoked while the mail server refused: the retry still tells the delegate its access ended', async () => {
    // The first attempt ended the delegation and failed on the mandator's mail; the retry found no active delegation
    // left and told no delegate.
    const delegateEmail = `delegate.${randomUUID().slice(0, 8)}@example.lu`;
    const { mandateId, requestedBy, environment, delegation } = await mandateWithDelegateCode({ mandator: `mandator.${randomUUID().slice(0, 8)}@example.lu`, delegate: delegateEmail }, 'social-security');
    await environment('4').run(activities.activateCode, delegation);
    const before = smtp.matching((each) => each.to.includes(delegateEmail)).length;
    await whileRefusing(() => environment('5').run(activities.closeMandate, { mandateId, status: 'revoked' as const, actor: requestedBy }));
    await environment('5', 2).run(activities.closeMandate, { mandateId, status: 'revoked' as const, actor: requestedBy });
    const mails = await smtp.waitFor((each) => each.to.includes(delegateEmail), { timeoutMs: 10_000, count: before + 1 });
    expect(mails.length).toBe(before + 1);
  });
});

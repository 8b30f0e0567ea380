// The claim's activities in the SDK's MockActivityEnvironment, on Postgres and a real SMTP server, without a
// Temporal server: a retried activity prints one letter with one code, sends each mail once, and a confirmation
// retried writes one membership and one timeline event per space.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { MockActivityEnvironment } from '@temporalio/testing';
import { matchesCodeHash } from '../../src/platform/codes';
import { memberships, spaceEvents } from '../../src/platform/db/schema';
import { createMailer } from '../../src/platform/mail/mailer';
import { activityDependencies } from '../../src/platform/temporal/activity-dependencies';
import { createClaimActivities } from '../../src/features/claims/activities';
import { claimWorkflowId, type ClaimWorkflowInput } from '../../src/features/claims/contract';
import { findClaim } from '../../src/features/claims/store';
import { actorOf } from '../../src/features/people/use-cases';
import { createSpace } from '../../src/features/spaces/use-cases';
import { readLetters, startSmtpServer, useUseCases, type TestSmtpServer } from '../support';

const harness = useUseCases();
let smtp: TestSmtpServer;
let activities: ReturnType<typeof createClaimActivities>;
let closeMailer: () => void;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'no-reply@spaces.example.lu', outboxDir: harness.deps.config.mail.outboxDir });
  closeMailer = () => mailer.close();
  activities = createClaimActivities(activityDependencies(harness.deps.config, harness.database.db, mailer));
});
afterAll(async () => {
  closeMailer?.();
  await smtp?.close();
});

describe('claim activities, in the mock activity environment', () => {
  it('a retried letter is printed once, with the code whose hash is stored; a retried warning and confirmation act once', async () => {
    const email = `ada.${randomUUID().slice(0, 8)}@example.lu`;
    const admin = harness.as({ name: 'Ada Admin', email });
    const space = await createSpace(admin, { name: 'Unit', company: { registrationNumber: 'B123456' } });
    const claimant = harness.as({ name: 'Cleo Claimant' });
    const input: ClaimWorkflowInput = {
      claimId: randomUUID(),
      registrationNumber: 'B123456',
      claimant: await actorOf(claimant),
      certificateSsn: claimant.caller.certificateSsn,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const execution = { workflowId: claimWorkflowId(input.claimId), runId: randomUUID() };
    const db = harness.database.db;
    expect(await new MockActivityEnvironment().run(activities.recordClaim, input)).toEqual({ outcome: 'recorded' });
    expect(await new MockActivityEnvironment().run(activities.recordClaim, input)).toEqual({ outcome: 'recorded' });

    const retried = new MockActivityEnvironment({ attempt: 2, workflowExecution: execution, activityId: '2' });
    const first = (await retried.run(activities.postClaimLetter, { claimId: input.claimId })) as { letterId: string };
    const hash = (await findClaim(db, input.claimId))!.codeHash;
    expect(await retried.run(activities.postClaimLetter, { claimId: input.claimId })).toEqual(first);
    expect((await findClaim(db, input.claimId))!.codeHash).toBe(hash);
    const outbox = harness.deps.config.postOutboxDir;
    expect((await readdir(outbox)).filter((name) => name.startsWith(first.letterId))).toEqual([`${first.letterId}.json`, `${first.letterId}.pdf`]);
    const [letter] = await readLetters(outbox, input.claimId);
    expect(matchesCodeHash(harness.deps.config.activationCodeSecret!, letter!.code, hash)).toBe(true);

    const warning = new MockActivityEnvironment({ workflowExecution: execution, activityId: '3' });
    await warning.run(activities.warnAdministrators, { claimId: input.claimId });
    await warning.run(activities.warnAdministrators, { claimId: input.claimId });
    await smtp.waitFor((mail) => mail.to.includes(email));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.matching((mail) => mail.to.includes(email))).toHaveLength(1);

    const confirming = new MockActivityEnvironment({ workflowExecution: execution, activityId: '4' });
    expect(await confirming.run(activities.confirmClaim, { claimId: input.claimId, actor: input.claimant })).toEqual({ spaceIds: [space.id] });
    expect(await confirming.run(activities.confirmClaim, { claimId: input.claimId, actor: input.claimant })).toEqual({ spaceIds: [space.id] });
    const rows = await db.select().from(memberships).where(and(eq(memberships.spaceId, space.id), eq(memberships.personId, input.claimant.personId)));
    expect(rows.map((row) => row.role)).toEqual(['administrator']);
    const events = await db.select().from(spaceEvents).where(and(eq(spaceEvents.spaceId, space.id), eq(spaceEvents.type, 'administrator.claim_confirmed')));
    expect(events).toHaveLength(1);
  });
});

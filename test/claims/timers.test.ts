// The claim's deadline on the time-skipping test server (ADMIN_CLAIM_DEADLINE, 60 days by default): an unconfirmed
// claim expires by itself, its code then gets 410 claim_expired, and the claimant is told. That server has no custom
// search attributes, so the workflow is started directly (it records its row itself); the code is entered through
// the API (a plain update).
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { claimWorkflowId, type ClaimWorkflowInput } from '../../src/features/claims/contract';
import { createSpace, expectProblem, person, readLetters, useTimeSkippingStack } from '../support';

const DAY = 86_400_000;
const running = useTimeSkippingStack();

describe('on the time-skipping server', () => {
  it('an unconfirmed claim expires after 60 days: confirming then gets 410 claim_expired, and the claimant is told', async () => {
    const { stack, env } = running;
    const admin = person('Ada Absent');
    await createSpace(stack, admin);
    const claimant = person('Karl Late');
    const me = (await stack.call('GET', '/me', { as: claimant })).body;
    const input: ClaimWorkflowInput = {
      claimId: randomUUID(),
      registrationNumber: `B${admin.ssn.slice(-6)}`,
      claimant: { personId: me.personId, name: claimant.name! },
      certificateSsn: claimant.ssn,
      expiresAt: new Date((await env.currentTimeMs()) + stack.config.lifecycle.adminClaimDeadlineMs).toISOString(),
    };
    expect(stack.config.lifecycle.adminClaimDeadlineMs).toBe(60 * DAY);
    const handle = await env.client.workflow.start('administratorClaimWorkflow', { args: [input], workflowId: claimWorkflowId(input.claimId), taskQueue: stack.taskQueue });
    const started = Date.now();
    expect(await handle.result()).toEqual({ claimId: input.claimId, status: 'expired' });
    expect(Date.now() - started).toBeLessThan(30_000);

    const [letter] = await readLetters(stack.config.postOutboxDir, input.claimId);
    expect(letter).toBeDefined();
    await stack.smtp.waitFor((mail) => mail.to.includes(admin.email!) && mail.subject === 'Quelqu’un demande à devenir administrateur des espaces de votre entreprise');
    await stack.smtp.waitFor((mail) => mail.to.includes(claimant.email!) && mail.subject === 'Votre demande pour devenir administrateur a expiré');
    expectProblem(await stack.call('POST', `/administrator-claims/${input.claimId}/confirm`, { as: claimant, body: { code: letter!.code } }), 410, 'claim_expired');
    expect((await stack.call('GET', '/me/administrator-claims', { as: claimant })).body.items).toEqual([expect.objectContaining({ id: input.claimId, status: 'expired' })]);
    expect((await stack.call('GET', '/spaces', { as: claimant })).body.items).toEqual([]);
  });
});

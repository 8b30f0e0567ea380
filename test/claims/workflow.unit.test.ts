// The claim workflow's branching on its own, samples-style: the time-skipping test server and a worker with stub
// activities that record what the workflow asked for. No database, no mail server, no post; days pass in
// milliseconds. The real-stack tests (claims, timers) show the same lifecycle end to end.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { ClaimActivities } from '../../src/features/claims/activities';
import { claimStatusQuery, claimWorkflowId, confirmClaimUpdate, objectClaimUpdate, type ClaimWorkflowInput } from '../../src/features/claims/contract';
import { domainFailureOf } from '../../src/domain/failures';
import { startTimeSkippingServer } from '../../src/platform/temporal/dev-server';
import { installQuietRuntime } from '../support';

const DAY = 86_400_000;
const actor = { personId: randomUUID(), name: 'Ada Admin' };
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `unit-claim-${randomUUID()}`;
const calls = new Map<string, string[]>();
const note = (claimId: string, what: string) => calls.set(claimId, [...(calls.get(claimId) ?? []), what]);
/** Claims whose first confirmation fails for good (the database refused it). */
const failingOnce = new Set<string>();

const stubs: ClaimActivities = {
  async recordClaim(input) {
    note(input.claimId, 'record');
    return { outcome: 'recorded' };
  },
  async postClaimLetter({ claimId }) {
    note(claimId, 'letter');
    return { letterId: randomUUID() };
  },
  async warnAdministrators({ claimId }) {
    note(claimId, 'warn');
  },
  async confirmClaim({ claimId }) {
    note(claimId, 'confirm');
    if (failingOnce.delete(claimId)) throw ApplicationFailure.nonRetryable('refused by the database', 'claim_closed');
    return { spaceIds: [] };
  },
  async objectClaim({ claimId }) {
    note(claimId, 'object');
  },
  async expireClaim({ claimId }) {
    note(claimId, 'expire');
  },
  async mailClaimOutcome({ claimId }) {
    note(claimId, 'tell');
  },
};

beforeAll(async () => {
  installQuietRuntime();
  env = await startTimeSkippingServer();
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities: stubs });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function startClaim(days = 60) {
  const input: ClaimWorkflowInput = { claimId: randomUUID(), registrationNumber: 'B123456', claimant: { personId: randomUUID(), name: 'Cleo Claimant' }, certificateSsn: '12345678901234567890', expiresAt: new Date((await env.currentTimeMs()) + days * DAY).toISOString() };
  const handle = await env.client.workflow.start('administratorClaimWorkflow', { args: [input], workflowId: claimWorkflowId(input.claimId), taskQueue });
  return { claimId: input.claimId, handle };
}

describe('claim workflow with stub activities (time-skipping)', () => {
  it('the letter, then the administrators at once; confirmed; a later objection is refused (409 claim_closed) before any handler', async () => {
    const { claimId, handle } = await startClaim();
    await env.sleep(3 * DAY);
    expect(await handle.executeUpdate(confirmClaimUpdate, { args: [{ actor: { personId: randomUUID(), name: 'Cleo Claimant' } }] })).toEqual({ spaceIds: [] });
    const late = await handle.executeUpdate(objectClaimUpdate, { args: [{ actor, spaceId: randomUUID() }] }).catch((error: unknown) => error);
    expect(domainFailureOf(late)?.type).toBe('claim_closed');
    expect(await handle.result()).toEqual({ claimId, status: 'confirmed' });
    expect(calls.get(claimId)).toEqual(['record', 'letter', 'warn', 'confirm', 'tell']);
  });

  it('past the deadline it expires by itself, and the claimant is told', async () => {
    const { claimId, handle } = await startClaim(60);
    expect(await handle.result()).toEqual({ claimId, status: 'expired' });
    expect(calls.get(claimId)).toEqual(['record', 'letter', 'warn', 'expire', 'tell']);
  });

  it('a confirmation that fails for good leaves the claim open: an objection still ends it', async () => {
    const { claimId, handle } = await startClaim();
    while (!calls.get(claimId)?.includes('warn')) await new Promise((resolve) => setTimeout(resolve, 20));
    failingOnce.add(claimId);
    const failed = await handle.executeUpdate(confirmClaimUpdate, { args: [{ actor }] }).catch((error: unknown) => error);
    expect(domainFailureOf(failed)?.type).toBe('claim_closed');
    expect((await handle.query(claimStatusQuery)).status).toBe('letter_sent');
    await handle.executeUpdate(objectClaimUpdate, { args: [{ actor, spaceId: randomUUID() }] });
    expect(await handle.result()).toEqual({ claimId, status: 'objected' });
    expect(calls.get(claimId)).toEqual(['record', 'letter', 'warn', 'confirm', 'object', 'tell']);
  });
});

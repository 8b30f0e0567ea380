// The invitation workflow's branching on its own, samples-style: the time-skipping test server and a worker with
// stub activities that only record what the workflow asked for. Days pass in milliseconds; no database, no mail
// server. The real-stack tests (invitations, invitation-expiry) show the same lifecycle end to end.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { InvitationActivities } from '../../src/features/invitations/activities';
import { domainFailure, domainFailureOf, failureDetails } from '../../src/domain/failures';
import { acceptUpdate, cancelUpdate, invitationStatusQuery, invitationWorkflowId, resendUpdate, type InvitationTimings, type InvitationView, type InvitationWorkflowInput } from '../../src/features/invitations/contract';
import { startTimeSkippingServer } from '../../src/platform/temporal/dev-server';
import { installQuietRuntime } from '../support';

const DAY = 86_400_000;
const SSN = '12345678901234567890';
const actor = { personId: randomUUID(), name: 'Ida Inviter' };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `unit-invitation-${randomUUID()}`;
/** What each invitation asked its activities to do, in order. */
const calls = new Map<string, string[]>();

/** Rows already answered behind the workflow's back (an answer whose workflow task was lost after its activity). */
const decidedRows = new Map<string, 'accepted' | 'cancelled'>();

const note = (invitationId: string, what: string) => calls.set(invitationId, [...(calls.get(invitationId) ?? []), what]);

function view(invitationId: string, expiresAt: string): InvitationView {
  return {
    id: invitationId,
    spaceId: randomUUID(),
    certificateSsn: SSN,
    firstName: 'Ina',
    lastName: 'Invitee',
    email: 'ina@example.lu',
    role: 'manager',
    permissions: { inviteUsers: false, deleteUsers: false, editProcedures: true, signProcedures: true },
    certificateMode: 'invited-only',
    status: 'pending',
    invitedBy: actor.name,
    expiresAt,
    lastSentAt: null,
    createdAt: new Date(0).toISOString(),
    answeredAt: null,
  };
}

// Stubs with the activities' signatures: the workflow is what is under test here.
const stubs: InvitationActivities = {
  async recordInvitation(input) {
    note(input.invitationId, 'record');
    return { outcome: 'recorded', invitation: view(input.invitationId, input.expiresAt) };
  },
  async sendInvitationMail({ invitationId, purpose }) {
    note(invitationId, `mail:${purpose}`);
  },
  async notifyInviter({ invitationId, outcome }) {
    note(invitationId, `notify:${outcome}`);
  },
  async acceptInvitation({ invitationId, answer }) {
    note(invitationId, 'accept');
    const decided = decidedRows.get(invitationId);
    if (decided && decided !== 'accepted') throw domainFailure('invitation_not_pending', `Invitation ${invitationId} is ${decided}`, { status: decided });
    return { id: randomUUID(), spaceId: randomUUID(), personId: answer.personId, name: answer.name, email: null, certificateSsn: answer.certificateSsn, certificateMode: 'invited-only', role: 'manager', permissions: view(invitationId, '').permissions, status: 'active', since: new Date(0).toISOString() };
  },
  async closeInvitation({ invitationId, status }) {
    note(invitationId, `close:${status}`);
    return { ...view(invitationId, ''), status: decidedRows.get(invitationId) ?? status };
  },
  async editInvitation({ invitationId }) {
    note(invitationId, 'edit');
    return view(invitationId, '');
  },
  async recordInvitationResent({ invitationId, expiresAt }) {
    note(invitationId, 'resent');
    return view(invitationId, expiresAt);
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

async function startInvitation(timings: InvitationTimings) {
  const invitationId = randomUUID();
  const input: InvitationWorkflowInput = {
    invitationId,
    spaceId: randomUUID(),
    certificateSsn: SSN,
    firstName: 'Ina',
    lastName: 'Invitee',
    email: 'ina@example.lu',
    role: 'manager',
    permissions: view(invitationId, '').permissions,
    certificateMode: 'invited-only',
    invitedBy: actor,
    timings,
  };
  const handle = await env.client.workflow.start('invitationWorkflow', { args: [input], workflowId: invitationWorkflowId(invitationId), taskQueue });
  return { invitationId, handle };
}

const elapsedDays = async (handle: Awaited<ReturnType<typeof startInvitation>>['handle']) => {
  const { startTime, closeTime } = await handle.describe();
  return (closeTime!.getTime() - startTime.getTime()) / DAY;
};

describe('invitation workflow with stub activities (time-skipping)', () => {
  it('a resend restarts the expiry and its reminders: one reminder before the new expiry, none at the old one', async () => {
    const { invitationId, handle } = await startInvitation({ ttlMs: 10 * DAY, remindersBeforeExpiryMs: [2 * DAY], resendIntervalMs: 3_600_000 });
    const first = await handle.query(invitationStatusQuery);
    await env.sleep(5 * DAY);
    const resent = await handle.executeUpdate(resendUpdate, { args: [{ actor }] });
    const second = await handle.query(invitationStatusQuery);
    expect(Date.parse(second.expiresAt!) - Date.parse(first.expiresAt!)).toBeGreaterThanOrEqual(5 * DAY);
    expect(resent.expiresAt).toBe(second.expiresAt);

    expect(await handle.result()).toEqual({ invitationId, status: 'expired' });
    // Expired ten days after the resend (day 15), not at the first expiry (day 10).
    expect(await elapsedDays(handle)).toBeGreaterThanOrEqual(15);
    expect(calls.get(invitationId)).toEqual(['record', 'mail:invitation', 'resent', 'mail:invitation', 'mail:reminder', 'close:expired', 'notify:expired']);
  });

  it('skips reminders that would fall before the invitation was sent, and sends the ones still ahead', async () => {
    const { invitationId, handle } = await startInvitation({ ttlMs: 3 * DAY, remindersBeforeExpiryMs: [7 * DAY, 1 * DAY], resendIntervalMs: 3_600_000 });
    expect(await handle.result()).toEqual({ invitationId, status: 'expired' });
    expect(await elapsedDays(handle)).toBeGreaterThanOrEqual(3);
    expect(calls.get(invitationId)).toEqual(['record', 'mail:invitation', 'mail:reminder', 'close:expired', 'notify:expired']);
  });

  it('refuses a resend within the interval and an answer from another certificate, through the shared rules', async () => {
    const { invitationId, handle } = await startInvitation({ ttlMs: 10 * DAY, remindersBeforeExpiryMs: [], resendIntervalMs: DAY });
    await handle.query(invitationStatusQuery);
    await env.sleep(3_600_000);
    const tooSoon = await handle.executeUpdate(resendUpdate, { args: [{ actor }] }).catch((error: unknown) => error);
    const tooSoonFailure = domainFailureOf(tooSoon);
    expect(tooSoonFailure?.type).toBe('resend_too_soon');
    expect(failureDetails(tooSoonFailure!).retryAfterSeconds).toBeGreaterThan(22 * 3600);

    const wrong = await handle.executeUpdate(acceptUpdate, { args: [{ personId: randomUUID(), name: 'Mallory', certificateSsn: '09876543210987654321' }] }).catch((error: unknown) => error);
    expect(domainFailureOf(wrong)?.type).toBe('certificate_mismatch');

    await handle.executeUpdate(acceptUpdate, { args: [{ personId: randomUUID(), name: 'Ina Invitee', certificateSsn: SSN }] });
    expect(await handle.result()).toEqual({ invitationId, status: 'accepted' });
    // Refused updates never reached a handler: no resend, no second acceptance.
    expect(calls.get(invitationId)).toEqual(['record', 'mail:invitation', 'accept', 'notify:accepted']);
  });

  it('a cancel that finds the row accepted (the accept task was lost) is refused, and the workflow ends accepted', async () => {
    // Found by the chaos run (seed 3): the cancel answered 204 and the invitee got a cancellation while a member.
    const { invitationId, handle } = await startInvitation({ ttlMs: 10 * DAY, remindersBeforeExpiryMs: [], resendIntervalMs: DAY });
    await handle.query(invitationStatusQuery);
    decidedRows.set(invitationId, 'accepted');
    const cancel = await handle.executeUpdate(cancelUpdate, { args: [{ actor }] }).catch((error: unknown) => error);
    expect(domainFailureOf(cancel)?.type).toBe('invitation_not_pending');
    expect(await handle.result()).toEqual({ invitationId, status: 'accepted' });
    expect(calls.get(invitationId)).toEqual(['record', 'mail:invitation', 'close:cancelled', 'notify:accepted']);
  });

  it('an accept that finds the row cancelled is refused, and the workflow ends cancelled instead of waiting forever', async () => {
    const { invitationId, handle } = await startInvitation({ ttlMs: 10 * DAY, remindersBeforeExpiryMs: [], resendIntervalMs: DAY });
    await handle.query(invitationStatusQuery);
    decidedRows.set(invitationId, 'cancelled');
    const accept = await handle.executeUpdate(acceptUpdate, { args: [{ personId: randomUUID(), name: 'Ina Invitee', certificateSsn: SSN }] }).catch((error: unknown) => error);
    expect(domainFailureOf(accept)?.type).toBe('invitation_not_pending');
    expect(await handle.result()).toEqual({ invitationId, status: 'cancelled' });
    expect(calls.get(invitationId)).toEqual(['record', 'mail:invitation', 'accept', 'mail:cancelled']);
  });
});

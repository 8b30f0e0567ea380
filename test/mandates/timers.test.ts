// Long timers of the mandate workflow on the time-skipping test server: activation reminders 14 and 3 days before
// the 60-day deadline, expiry of unused codes, and the end date with its reminders. That server has no custom
// search attributes and no update-with-start, so the workflow is started directly; codes are entered through the
// API (plain updates).
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { activeMandateCovers } from '../../src/features/mandates/store';
import { mandateWorkflowId, type MandateWorkflowInput } from '../../src/features/mandates/contract';
import { createSpace, person, readLetters, useTimeSkippingStack, type Identity } from '../support';

const DAY = 86_400_000;
const running = useTimeSkippingStack();

async function codesOf(mandateId: string): Promise<{ kind: string; code: string }[]> {
  return (await readLetters(running.stack.config.postOutboxDir, mandateId)).map(({ kind, code }) => ({ kind, code }));
}

async function start(admin: Identity, spaceId: string, endDate: string | null, delegateCodes: number) {
  const me = await running.stack.call('GET', '/me', { as: admin });
  const input: MandateWorkflowInput = {
    mandateId: randomUUID(),
    mandatorSpaceId: spaceId,
    section: 'tax',
    scope: { procedures: true, dataConsultation: true },
    delegateCodes,
    endDate,
    requestedBy: { personId: me.body.personId, name: admin.name! },
    timings: { activationDeadlineMs: 60 * DAY, activationRemindersMs: [14 * DAY, 3 * DAY], endRemindersMs: [30 * DAY, 7 * DAY] },
  };
  const handle = await running.env.client.workflow.start('mandateWorkflow', { args: [input], workflowId: mandateWorkflowId(input.mandateId), taskQueue: running.stack.taskQueue });
  return { input, handle };
}

const timerDays = async (handle: { fetchHistory(): Promise<{ events?: { timerStartedEventAttributes?: { startToFireTimeout?: { seconds?: unknown } | null } | null }[] | null }> }) =>
  ((await handle.fetchHistory()).events ?? []).filter((event) => event.timerStartedEventAttributes).map((event) => Math.round(Number(event.timerStartedEventAttributes!.startToFireTimeout!.seconds) / 3600 / 24));

describe('on the time-skipping server', () => {
  it('reminds 14 and 3 days before the activation deadline, then the unused codes expire (410)', async () => {
    const admin = person('Dora Deadline');
    const space = await createSpace(running.stack, admin, { procedureLanguage: 'fr' });
    const { input, handle } = await start(admin, space.id, null, 1);
    const started = Date.now();
    expect(await handle.result()).toEqual({ mandateId: input.mandateId, status: 'expired' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await timerDays(handle)).toEqual([46, 11, 3]);

    const reminders = running.stack.smtp.matching((mail) => mail.to.includes(admin.email!) && mail.subject.startsWith('Rappel'));
    expect(reminders).toHaveLength(2);
    const events = (await running.stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items.map((e: { type: string }) => e.type);
    expect(events.filter((type: string) => type === 'mandate.activation_reminded')).toHaveLength(2);
    expect(events[0]).toBe('mandate.expired');

    const codes = await codesOf(input.mandateId);
    expect(codes).toHaveLength(2);
    const late = await running.stack.call('POST', `/spaces/${space.id}/activation-codes`, { as: admin, body: { code: codes.find((c) => c.kind === 'holder')!.code } });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('code_expired');
    const mandates = (await running.stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body;
    expect(mandates.given[0].status).toBe('expired');
    expect(mandates.given[0].codes.every((code: { status: string }) => code.status === 'expired')).toBe(true);
  });

  it('an active mandate reminds 30 and 7 days before its end date, then its delegation ends by itself', async () => {
    const admin = person('Enno End');
    const delegateAdmin = person('Dirk Delegate');
    const space = await createSpace(running.stack, admin);
    const delegate = await createSpace(running.stack, delegateAdmin);
    // Workflow time has moved on in the previous test: the end date counts from the server's clock.
    const endDate = new Date((await running.env.currentTimeMs()) + 100 * DAY).toISOString();
    const { input, handle } = await start(admin, space.id, endDate, 1);
    const codes = await (async () => {
      for (let i = 0; i < 100; i += 1) {
        const found = await codesOf(input.mandateId);
        if (found.length === 2 && (await running.stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given[0]?.status === 'dispatched') return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('letters not posted');
    })();
    expect((await running.stack.call('POST', `/spaces/${space.id}/activation-codes`, { as: admin, body: { code: codes.find((c) => c.kind === 'holder')!.code } })).status).toBe(200);
    const delegated = await running.stack.call('POST', `/spaces/${delegate.id}/activation-codes`, { as: delegateAdmin, body: { code: codes.find((c) => c.kind === 'delegate')!.code } });
    expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
    expect(await activeMandateCovers(running.stack.database.db, { delegateSpaceId: delegate.id, mandatorSpaceId: space.id, section: 'tax' })).toBe(true);

    expect(await handle.result()).toEqual({ mandateId: input.mandateId, status: 'ended' });
    expect(await activeMandateCovers(running.stack.database.db, { delegateSpaceId: delegate.id, mandatorSpaceId: space.id, section: 'tax' })).toBe(false);
    // Two end reminders to each side; the delegate also hears that the delegation ended.
    for (const who of [admin, delegateAdmin]) {
      expect(running.stack.smtp.matching((mail) => mail.to.includes(who.email!) && /ends on|prend fin le|endet am/.test(mail.subject))).toHaveLength(2);
    }
    await running.stack.smtp.waitFor((mail) => mail.to.includes(delegateAdmin.email!) && /has ended|a pris fin|ist beendet/.test(mail.subject));
    const received = (await running.stack.call('GET', `/spaces/${delegate.id}/mandates`, { as: delegateAdmin })).body.received;
    expect(received[0]).toMatchObject({ status: 'ended', delegates: [{ spaceId: delegate.id, status: 'ended' }] });
    expect((await running.stack.call('GET', `/spaces/${delegate.id}/mandators`, { as: delegateAdmin })).body.items).toEqual([]);
  });

  it("new delegate codes do not move the mandate's deadline: without its holder code it still expires at day 60 (trust rules)", async () => {
    const admin = person('Pia Postpone');
    const space = await createSpace(running.stack, admin);
    const { input, handle } = await start(admin, space.id, null, 1);
    for (let i = 0; i < 100 && (await running.stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given[0]?.status !== 'dispatched'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await running.env.sleep(20 * DAY);
    const changed = await running.stack.call('POST', `/spaces/${space.id}/mandates/${input.mandateId}/delegate-codes`, { as: admin, body: { delegateCodes: 1 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const fresh = changed.body.codes.find((code: { kind: string; status: string }) => code.kind === 'delegate' && code.status === 'issued');
    expect(Date.parse(fresh.activationDeadline) - Date.parse(changed.body.activationDeadline)).toBeGreaterThan(15 * DAY);
    expect(await handle.result()).toEqual({ mandateId: input.mandateId, status: 'expired' });
    // Closed at the administration's deadline (day 60), not 60 days after the change (day 80).
    const described = await handle.describe();
    const closedAfterDays = (described.closeTime!.getTime() - described.startTime.getTime()) / DAY;
    expect(closedAfterDays).toBeGreaterThanOrEqual(59.9);
    expect(closedAfterDays).toBeLessThan(61);
    const codes = (await running.stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given[0].codes as { kind: string; status: string }[];
    expect(codes.map((code) => `${code.kind}:${code.status}`).sort()).toEqual(['delegate:expired', 'delegate:void', 'holder:expired']);
  });
});

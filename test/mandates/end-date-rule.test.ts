// R34's end-date cap has one home (src/domain/mandates.ts isAllowedMandateEndDate), used by the API's pre-check and
// by the mandate workflow's validator: both count calendar years (the workflow used 366-day years before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { MANDATE_MAX_YEARS, isAllowedMandateEndDate } from '../../src/domain/mandates';
import { changeEndDateUpdate, mandateWorkflowId } from '../../src/features/mandates/contract';
import { createSpace, eventually, person, startStack, type TestStack } from '../support';

const DAY = 86_400_000;
const yearsAfter = (at: number, years: number) => {
  const date = new Date(at);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
};

describe('isAllowedMandateEndDate (pure)', () => {
  const now = Date.parse('2028-02-29T12:00:00Z');
  it('allows the future up to the same instant MANDATE_MAX_YEARS calendar years on, not a millisecond more', () => {
    const limit = yearsAfter(now, MANDATE_MAX_YEARS);
    expect(isAllowedMandateEndDate(now + 1, now)).toBe(true);
    expect(isAllowedMandateEndDate(limit, now)).toBe(true);
    expect(isAllowedMandateEndDate(limit + 1, now)).toBe(false);
    // 366-day years would reach ~19 days further: not allowed.
    expect(isAllowedMandateEndDate(now + MANDATE_MAX_YEARS * 366 * DAY, now)).toBe(false);
  });
  it('refuses now, the past and what is no date', () => {
    expect(isAllowedMandateEndDate(now, now)).toBe(false);
    expect(isAllowedMandateEndDate(now - 1, now)).toBe(false);
    expect(isAllowedMandateEndDate(Number.NaN, now)).toBe(false);
  });
});

describe('the mandate workflow applies the same rule', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('its validator refuses an end date beyond the calendar limit even when the API is bypassed', async () => {
    const admin = person('Erik Enddate');
    const space = await createSpace(stack, admin);
    const request = await stack.call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'statistics', scope: { procedures: true, dataConsultation: false }, delegateCodes: 0 } });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const handle = stack.client.workflow.getHandle(mandateWorkflowId(request.body.mandateId));
    await eventually(
      async () => (await stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given[0]?.status,
      (status) => status === 'dispatched',
    );
    const me = await stack.call('GET', '/me', { as: admin });
    const actor = { personId: me.body.personId as string, name: admin.name! };
    const beyond = new Date(yearsAfter(Date.now(), MANDATE_MAX_YEARS) + 10 * DAY).toISOString();
    const refused = await handle.executeUpdate(changeEndDateUpdate, { args: [{ actor, endDate: beyond }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('validation_failed');
    const within = new Date(yearsAfter(Date.now(), MANDATE_MAX_YEARS) - DAY).toISOString();
    await expect(handle.executeUpdate(changeEndDateUpdate, { args: [{ actor, endDate: within }] })).resolves.toBeUndefined();
  });
});

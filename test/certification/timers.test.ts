// Timers of the certification workflow on the time-skipping test server: the staff reminder after the SLA and the
// closure when no supplement arrives by the deadline. That server has no custom search attributes and no
// update-with-start, so the workflow is started directly; decisions still go through the API (plain updates).
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { certificationRequests } from '../../src/platform/db/schema';
import { certificationWorkflowId, type CertificationWorkflowInput } from '../../src/features/certification/contract';
import { createSpace, person, useTimeSkippingStack, type Identity } from '../support';

const DAY = 86_400_000;
const STAFF_MAIL = 'certifications.test@administration.example.lu';
const running = useTimeSkippingStack();

async function startCertification(admin: Identity) {
  const space = await createSpace(running.stack, admin);
  const me = await running.stack.call('GET', '/me', { as: admin });
  const input: CertificationWorkflowInput = {
    requestId: randomUUID(),
    spaceId: space.id,
    activityField: 'sports-federation',
    authority: 'MSPORTS',
    note: null,
    documents: [],
    requestedBy: { personId: me.body.personId, name: admin.name! },
    staffEmail: STAFF_MAIL,
    timings: { supplementDeadlineMs: 30 * DAY, staffSlaMs: 10 * DAY },
  };
  const handle = await running.env.client.workflow.start('certificationWorkflow', { args: [input], workflowId: certificationWorkflowId(input.requestId), taskQueue: running.stack.taskQueue });
  await running.stack.smtp.waitFor((m) => m.to.includes(STAFF_MAIL) && m.text.includes(input.requestId));
  return { space, input, handle };
}

const staffMails = (companyName: string) => running.stack.smtp.matching((m) => m.to.includes(STAFF_MAIL) && m.text.includes(companyName));

describe('on the time-skipping server', () => {
  it('reminds the staff after the SLA, then closes the request when the supplement misses its deadline', async () => {
    const admin = person('Tessa Timer');
    const staff: Identity = { ...person('Sam Staff'), staff: 'MSPORTS' };
    const { space, input, handle } = await startCertification(admin);
    const startedAt = Date.now();

    // Ten days without a decision: one reminder to the staff.
    await running.env.sleep(10 * DAY + 3_600_000);
    await running.stack.smtp.waitFor((m) => m.to.includes(STAFF_MAIL) && /Rappel/.test(m.subject) && m.text.includes(space.company.name));

    const asked = await running.stack.call('POST', `/staff/certification-requests/${input.requestId}/decision`, { as: staff, body: { decision: 'request-information', reason: 'Send the statutes.' } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.status).toBe('information_requested');

    // Awaiting the result lets the server skip the thirty days.
    expect(await handle.result()).toEqual({ requestId: input.requestId, status: 'closed' });
    expect(Date.now() - startedAt).toBeLessThan(30_000);

    const [row] = await running.stack.database.db.select().from(certificationRequests).where(eq(certificationRequests.id, input.requestId));
    expect(row!.status).toBe('closed');
    await running.stack.smtp.waitFor((m) => m.to.includes(admin.email!) && /clôturée/.test(m.subject));
    expect(running.stack.smtp.matching((m) => m.to.includes(admin.email!)).map((m) => m.subject)).toHaveLength(2); // information requested, closed
    const late = await running.stack.call('POST', `/spaces/${space.id}/certification-requests/${input.requestId}/documents`, {
      as: admin,
      body: { documents: [{ name: 'statutes.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64') }] },
    });
    expect([late.status, late.body.code]).toEqual([409, 'information_not_requested']);

    const events = (await running.stack.call('GET', `/spaces/${space.id}/events`, { as: admin })).body.items.map((e: { type: string }) => e.type);
    expect(events.filter((type: string) => type.startsWith('certification.'))).toEqual([
      'certification.closed',
      'certification.information_requested',
      'certification.staff_reminded',
      'certification.submitted',
    ]);

    // In workflow time: the SLA timer (10 days) fired, the next one was cut short by the decision, then the
    // 30-day supplement deadline.
    const history = await handle.fetchHistory();
    const timerDays = (history.events ?? [])
      .filter((event) => event.timerStartedEventAttributes)
      .map((event) => Math.round(Number(event.timerStartedEventAttributes!.startToFireTimeout!.seconds) / 86_400));
    expect(timerDays).toEqual([10, 10, 30]);
  });

  it('a supplement restarts the SLA; repeated reminders while the staff stay silent; a withdrawal ends it', async () => {
    const admin = person('Uma Upload');
    const staff: Identity = { ...person('Sue Staff'), staff: 'MSPORTS' };
    const { space, input, handle } = await startCertification(admin);

    expect((await running.stack.call('POST', `/staff/certification-requests/${input.requestId}/decision`, { as: staff, body: { decision: 'request-information', reason: 'More, please.' } })).status).toBe(200);
    await running.env.sleep(20 * DAY);
    const supplement = await running.stack.call('POST', `/spaces/${space.id}/certification-requests/${input.requestId}/documents`, {
      as: admin,
      body: { documents: [{ name: 'more.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 more').toString('base64') }] },
    });
    expect(supplement.status, JSON.stringify(supplement.body)).toBe(200);
    await running.stack.smtp.waitFor((m) => m.to.includes(STAFF_MAIL) && m.text.includes(space.company.name), { count: 2 }); // submitted, supplemented

    // Twenty-one quiet days after the supplement: two reminders.
    await running.env.sleep(21 * DAY);
    await running.stack.smtp.waitFor((m) => m.to.includes(STAFF_MAIL) && /Rappel/.test(m.subject) && m.text.includes(space.company.name), { count: 2 });

    const withdrawn = await running.stack.call('POST', `/spaces/${space.id}/certification-requests/${input.requestId}/withdraw`, { as: admin });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(await handle.result()).toEqual({ requestId: input.requestId, status: 'withdrawn' });
    expect(staffMails(space.company.name).filter((m) => /Rappel/.test(m.subject))).toHaveLength(2);
  });
});

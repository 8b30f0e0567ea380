// The pure parts of webhooks: the service's own signature checked by the independent standardwebhooks library, the
// target rule, the event mapping and the configuration.
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { webhookEventOf } from '../../src/domain/webhooks';
import { loadConfig } from '../../src/platform/config';
import { newWebhookSecret, webhookHeaders } from '../../src/features/webhooks/signing';
import { isPublicAddress, targetRefusal } from '../../src/features/webhooks/target';

describe('signatures', () => {
  it('standardwebhooks verifies what the service signs, and refuses another body or secret', () => {
    const secret = newWebhookSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    const body = JSON.stringify({ id: 'e1', type: 'invitation.created', data: { status: 'pending' } });
    const headers = webhookHeaders(secret, 'e1', body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});

describe('targets', () => {
  it('production refuses internal addresses, http and credentials; elsewhere loopback http is fine', async () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd12::1', '::ffff:10.0.0.1']) expect(isPublicAddress(address), address).toBe(false);
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) expect(isPublicAddress(address), address).toBe(true);
    const production = { publicTargetsOnly: true };
    expect(await targetRefusal('http://93.184.216.34/x', production)).toMatch(/https/);
    expect(await targetRefusal('https://localhost/x', production)).toMatch(/internal address/);
    expect(await targetRefusal('https://93.184.216.34/x', production)).toBeUndefined();
    expect(await targetRefusal('https://user:pw@93.184.216.34/x', production)).toMatch(/credentials/);
    expect(await targetRefusal('http://127.0.0.1:3000/x', { publicTargetsOnly: false })).toBeUndefined();
  });
});

describe('events', () => {
  it('a timeline event becomes its API event with ids and statuses only', () => {
    expect(webhookEventOf({ type: 'invitation.created', subjectId: 'i1', data: { invitee: 'Ann Example', role: 'manager', expiresAt: 'x' } })).toEqual({ type: 'invitation.created', data: { invitationId: 'i1', status: 'pending', role: 'manager' } });
    expect(webhookEventOf({ type: 'member.removed', subjectId: 'm1', data: { member: 'Ann Example', role: 'manager' } })).toEqual({ type: 'member.removed', data: { memberId: 'm1', status: 'removed' } });
    expect(webhookEventOf({ type: 'certification.rejected', subjectId: 'r1', data: { activityField: 'sports-federation', reason: 'personal' } })).toEqual({ type: 'certification.decided', data: { requestId: 'r1', status: 'rejected', activityField: 'sports-federation' } });
    expect(webhookEventOf({ type: 'invitation.reminded', subjectId: 'i1', data: {} })).toBeUndefined();
  });

  it('WEBHOOK_RETRY_SCHEDULE defaults to API.md’s schedule and takes a list of durations', () => {
    expect(loadConfig({}).webhooks.retryScheduleMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '1s,2m' }).webhooks.retryScheduleMs).toEqual([1_000, 120_000]);
    expect(loadConfig({}).webhooks.disableAfterMs).toBe(5 * 86_400_000);
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: 'soon' })).toThrow(/WEBHOOK_RETRY_SCHEDULE/);
  });
});

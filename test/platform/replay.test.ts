// Recorded histories of EVERY workflow type (committed fixtures, sealed like production histories) must replay
// without non-determinism, so a change to a workflow that would break running processes fails here.
// `npm run fixtures:histories` records them all anew in one run (only after a deliberate, versioned change:
// guard changed command sequences with patched() and keep the old fixtures until those processes are gone).
// Kept older recordings (the recorder leaves them alone): `*-unsealed-*` from before sealed payloads,
// `mandate-v1-*` from before per-batch deadlines and SpaceIds, `invitation-v1-*` from before the first invitation
// mail ran in the first workflow task (they replay through the unpatched branches). `invitation-traced-*` (recorded too) is run by a
// traced worker (trace context in its headers, the OpenTelemetry interceptors' SDK flags); all replay with and
// without the tracing interceptors.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { certificationWorkflowId } from '../../src/features/certification/contract';
import { invitationWorkflowId } from '../../src/features/invitations/contract';
import { mandateWorkflowId } from '../../src/features/mandates/contract';
import { claimWorkflowId } from '../../src/features/claims/contract';
import { memberRemovedWorkflowId } from '../../src/features/members/contract';
import { procedureNotificationWorkflowId } from '../../src/domain/procedures';
import { webhookDeliveryWorkflowId } from '../../src/features/webhooks/contract';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys, sealedDataConverter } from '../../src/platform/temporal/codec';
import type * as workflows from '../../src/workflows';
import { startTracing } from '../../src/platform/telemetry';
import { pino } from 'pino';
import { addMember, bundleTracedWorkflows, createSpace, eventually, invite, person, readLetters, installQuietRuntime, startOtlpReceiver, startStack, startWebhookReceiver, type Identity, type TestStack } from '../support';

const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const recording = process.env.RECORD_HISTORIES === '1';

/** Fixture file prefix of each workflow type: every type the worker runs must have recorded histories. */
const PREFIXES: Record<keyof typeof workflows, string> = {
  invitationWorkflow: 'invitation-',
  certificationWorkflow: 'certification-',
  mandateWorkflow: 'mandate-',
  procedureNotificationWorkflow: 'procedure-notification-',
  memberRemovedWorkflow: 'member-removed-',
  administratorClaimWorkflow: 'administrator-claim-',
  webhookDeliveryWorkflow: 'webhook-',
};

describe.runIf(recording)('recording histories', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      env: { INVITATION_TTL: '4s', INVITATION_REMINDERS: '2s', INVITATION_RESEND_INTERVAL: '1s', CERTIFICATION_SUPPLEMENT_DEADLINE: '3s', ADMIN_CLAIM_DEADLINE: '6s', WEBHOOK_RETRY_SCHEDULE: '1s,1s' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const ok = async <T = any>(response: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
    const { status: actual, body } = await response;
    expect(actual, JSON.stringify(body)).toBe(status);
    return body;
  };
  /** Saves the history; `ended` waits for the workflow's result first, else it is saved while it runs. */
  async function save(name: string, workflowId: string, ended = true) {
    const handle = stack.client.workflow.getHandle(workflowId);
    if (ended) await handle.result();
    writeFileSync(path.join(FIXTURES, `${name}.json`), historyToJSON(await handle.fetchHistory()));
  }

  it('records invitations: accepted, declined, cancelled, edited + resent + accepted, reminded + expired', async () => {
    const admin = person('Rec Admin');
    const space = await createSpace(stack, admin);
    const accepted = person('Ada Accept');
    const a = await invite(stack, space.id, admin, accepted);
    await ok(stack.call('POST', `/invitations/${a.id}/accept`, { as: accepted }));
    await save('invitation-accepted', invitationWorkflowId(a.id));

    const declined = person('Dora Decline');
    const d = await invite(stack, space.id, admin, declined);
    await ok(stack.call('POST', `/invitations/${d.id}/decline`, { as: declined }));
    await save('invitation-declined', invitationWorkflowId(d.id));

    const cancelled = person('Cai Cancel');
    const c = await invite(stack, space.id, admin, cancelled);
    await ok(stack.call('DELETE', `/spaces/${space.id}/invitations/${c.id}`, { as: admin }), 204);
    await save('invitation-cancelled', invitationWorkflowId(c.id));

    const edited = person('Eli Edit');
    const e = await invite(stack, space.id, admin, edited);
    await ok(stack.call('PATCH', `/spaces/${space.id}/invitations/${e.id}`, { as: admin, body: { lastName: 'Edited', role: 'without-signature' } }));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await ok(stack.call('POST', `/spaces/${space.id}/invitations/${e.id}/resend`, { as: admin }));
    await ok(stack.call('POST', `/invitations/${e.id}/accept`, { as: edited }));
    await save('invitation-edited-resent-accepted', invitationWorkflowId(e.id));

    const expired = person('Exa Expire');
    const x = await invite(stack, space.id, admin, expired);
    await save('invitation-reminded-expired', invitationWorkflowId(x.id));
  }, 60_000);

  const pdf = (name: string) => ({ name, contentType: 'application/pdf', contentBase64: Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`).toString('base64') });
  const staff: Identity = { ...person('Rec Staff'), staff: 'MSPORTS' };
  const decide = (requestId: string, body: Record<string, unknown>) => ok(stack.call('POST', `/staff/certification-requests/${requestId}/decision`, { as: staff, body }));

  it('records certification requests: approved, rejected, information requested → supplement → approved, closed past the deadline, withdrawn', async () => {
    const admin = person('Rec Certifier');
    // One space per case: a space has one open request per activity field.
    const submit = async () => {
      const space = await createSpace(stack, admin);
      const request = await ok(stack.call('POST', `/spaces/${space.id}/certification-requests`, { as: admin, body: { activityField: 'sports-federation', documents: [pdf('statutes.pdf')] } }), 201);
      return { spaceId: space.id, requestId: request.id as string };
    };
    await Promise.all([
      (async () => {
        const { requestId } = await submit();
        await decide(requestId, { decision: 'approve', reason: 'Complete.' });
        await save('certification-approved', certificationWorkflowId(requestId));
      })(),
      (async () => {
        const { requestId } = await submit();
        await decide(requestId, { decision: 'reject', reason: 'The statutes are not signed.' });
        await save('certification-rejected', certificationWorkflowId(requestId));
      })(),
      (async () => {
        const { spaceId, requestId } = await submit();
        await decide(requestId, { decision: 'request-information', reason: 'Please add the list of affiliated clubs.' });
        await ok(stack.call('POST', `/spaces/${spaceId}/certification-requests/${requestId}/documents`, { as: admin, body: { documents: [pdf('clubs.pdf')] } }));
        await decide(requestId, { decision: 'approve' });
        await save('certification-information-supplemented-approved', certificationWorkflowId(requestId));
      })(),
      (async () => {
        const { requestId } = await submit();
        await decide(requestId, { decision: 'request-information', reason: 'Please add the board.' });
        await save('certification-information-requested-closed', certificationWorkflowId(requestId));
      })(),
      (async () => {
        const { spaceId, requestId } = await submit();
        await ok(stack.call('POST', `/spaces/${spaceId}/certification-requests/${requestId}/withdraw`, { as: admin }));
        await save('certification-withdrawn', certificationWorkflowId(requestId));
      })(),
    ]);
  }, 60_000);

  it('records mandates: activated (holder and delegate), revoked, expired, ended, delegate codes changed', async () => {
    const sections = (await ok(stack.call('GET', '/catalog/sections', { as: staff }))) as { code: string; authority?: string }[];
    const sectionStaff: Identity = { ...person('Rec Section Staff'), staff: sections.find((section) => section.code === 'tax')?.authority ?? 'ACD' };
    /** A mandator space with its holder code entered, and its delegate codes. */
    const mandate = async (name: string, delegateCodes: number, activate = true) => {
      const admin = person(`Rec ${name}`);
      const space = await createSpace(stack, admin);
      const request = await ok(stack.call('POST', `/spaces/${space.id}/access-requests`, { as: admin, body: { section: 'tax', scope: { procedures: true, dataConsultation: true }, delegateCodes } }), 201);
      const mandateId = request.mandateId as string;
      const letters = await eventually(() => readLetters(stack.config.postOutboxDir, mandateId), (list) => list.length >= 1 + delegateCodes);
      const holder = letters.find((letter) => letter.kind === 'holder')!.code;
      if (activate) await ok(stack.call('POST', `/spaces/${space.id}/activation-codes`, { as: admin, body: { code: holder } }));
      return { admin, spaceId: space.id, mandateId, delegates: letters.filter((letter) => letter.kind === 'delegate').map((letter) => letter.code) };
    };
    const enterAsDelegate = async (code: string) => {
      const fiduciary = person('Rec Fiduciary');
      const space = await createSpace(stack, fiduciary);
      await ok(stack.call('POST', `/spaces/${space.id}/activation-codes`, { as: fiduciary, body: { code } }));
    };
    await Promise.all([
      (async () => {
        const m = await mandate('Activated', 1);
        await enterAsDelegate(m.delegates[0]!);
        await save('mandate-activated', mandateWorkflowId(m.mandateId), false);
      })(),
      (async () => {
        const m = await mandate('Revoked', 1);
        await enterAsDelegate(m.delegates[0]!);
        await ok(stack.call('POST', `/spaces/${m.spaceId}/mandates/${m.mandateId}/revoke`, { as: m.admin }));
        await save('mandate-revoked', mandateWorkflowId(m.mandateId));
      })(),
      (async () => {
        // The administration brings the activation deadline forward; the holder code stays unused.
        const m = await mandate('Expired', 0, false);
        await ok(stack.call('PATCH', `/staff/mandates/${m.mandateId}`, { as: sectionStaff, body: { activationDeadline: new Date(Date.now() + 2_000).toISOString() } }));
        await save('mandate-deadline-changed-expired', mandateWorkflowId(m.mandateId));
      })(),
      (async () => {
        const m = await mandate('Ended', 0);
        await ok(stack.call('PATCH', `/spaces/${m.spaceId}/mandates/${m.mandateId}`, { as: m.admin, body: { endDate: new Date(Date.now() + 3_000).toISOString() } }));
        await save('mandate-ended', mandateWorkflowId(m.mandateId));
      })(),
      (async () => {
        const m = await mandate('Recoded', 1);
        await enterAsDelegate(m.delegates[0]!);
        await ok(stack.call('POST', `/spaces/${m.spaceId}/mandates/${m.mandateId}/delegate-codes`, { as: m.admin, body: { delegateCodes: 1 } }));
        await eventually(() => readLetters(stack.config.postOutboxDir, m.mandateId), (list) => list.length >= 3);
        await ok(stack.call('POST', `/spaces/${m.spaceId}/mandates/${m.mandateId}/revoke`, { as: m.admin }));
        await save('mandate-delegate-codes-changed-revoked', mandateWorkflowId(m.mandateId));
      })(),
    ]);
  }, 90_000);

  it('records a removed member\'s notice', async () => {
    const admin = person('Rec Admin');
    const space = await createSpace(stack, admin);
    const member = await addMember(stack, space.id, admin, person('Rémi Removed'));
    await ok(stack.call('DELETE', `/spaces/${space.id}/members/${member.id}`, { as: admin }), 204);
    await save('member-removed-notice', memberRemovedWorkflowId(member.id));
  });

  it('records administrator claims: confirmed, objected, expired', async () => {
    /** A company with one space, and a claim on it whose letter is posted. */
    const claimed = async (name: string) => {
      const admin = person(`Rec ${name} Admin`);
      const space = await createSpace(stack, admin);
      const claimant = person(`Rec ${name} Claimant`);
      const claim = await ok(stack.call('POST', '/administrator-claims', { as: claimant, body: { registrationNumber: `B${admin.ssn.slice(-6)}` } }), 201);
      const [letter] = await eventually(() => readLetters(stack.config.postOutboxDir, claim.id), (list) => list.length === 1);
      return { admin, spaceId: space.id, claimant, claimId: claim.id as string, code: letter!.code };
    };
    await Promise.all([
      (async () => {
        const c = await claimed('Confirmed');
        await ok(stack.call('POST', `/administrator-claims/${c.claimId}/confirm`, { as: c.claimant, body: { code: c.code } }));
        await save('administrator-claim-confirmed', claimWorkflowId(c.claimId));
      })(),
      (async () => {
        const c = await claimed('Objected');
        await ok(stack.call('POST', `/spaces/${c.spaceId}/administrator-claims/${c.claimId}/object`, { as: c.admin }));
        await save('administrator-claim-objected', claimWorkflowId(c.claimId));
      })(),
      (async () => {
        const c = await claimed('Expired');
        await save('administrator-claim-expired', claimWorkflowId(c.claimId));
      })(),
    ]);
  }, 60_000);
  it('records webhook deliveries: answered 500 then delivered; 410 (endpoint disabled)', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const admin = person('Rec Webhooks');
      const space = await createSpace(stack, admin);
      const subscribe = async (path: string, statuses: number[]) => {
        const endpoint = await ok(stack.call('POST', `/spaces/${space.id}/webhooks`, { as: admin, body: { url: receiver.url(path), events: ['invitation.created'] } }), 201);
        receiver.expect(path, endpoint.secret, statuses);
        return endpoint.id as string;
      };
      const retried = await subscribe('/retried', [500]);
      const gone = await subscribe('/gone', [410]);
      await invite(stack, space.id, admin, person('Rec Invitee'));
      const [first] = await eventually(async () => receiver.at('/retried'), (list) => list.length >= 2);
      await save('webhook-retried-delivered', webhookDeliveryWorkflowId(retried, first!.id));
      await save('webhook-gone', webhookDeliveryWorkflowId(gone, first!.id));
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('records an invitation run by a traced worker (trace context in its headers, the interceptors\' SDK flags)', async () => {
    const receiver = await startOtlpReceiver();
    const bundle = await bundleTracedWorkflows();
    const traced = await startStack({ workflowBundlePath: bundle.codePath, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' } });
    try {
      const admin = person('Rec Traced Admin');
      const space = await createSpace(traced, admin);
      const invitee = person('Rec Traced Invitee');
      const invitation = await invite(traced, space.id, admin, invitee);
      await traced.smtp.waitFor((mail) => mail.to.includes(invitee.email!));
      expect((await traced.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee })).status).toBe(200);
      const handle = traced.client.workflow.getHandle(invitationWorkflowId(invitation.id));
      await handle.result();
      writeFileSync(path.join(FIXTURES, 'invitation-traced-accepted.json'), historyToJSON(await handle.fetchHistory()));
    } finally {
      await traced.stop();
      await receiver.close();
      bundle.remove();
    }
  }, 30_000);

  it('records a procedure notification', async () => {
    const admin = person('Rec Procedure');
    const space = await createSpace(stack, admin);
    const draft = await ok(stack.call('POST', `/spaces/${space.id}/procedures`, { as: admin, body: { type: 'vat-return', data: { period: '2025-Q4', turnover: 1000, vatDue: 170 } } }), 201);
    await ok(stack.call('POST', `/spaces/${space.id}/procedures/${draft.id}/sign`, { as: admin }));
    await save('procedure-notification-signed', procedureNotificationWorkflowId(draft.id, 'signed'));
  }, 30_000);
});

/** base64 of `binary/encrypted`, the encoding of a sealed payload, as it appears in a history's JSON. */
const SEALED = Buffer.from('binary/encrypted').toString('base64');

describe('replaying recorded histories', () => {
  const fixtureFiles = () => readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));

  it('every workflow type has recorded histories, all sealed', () => {
    const files = fixtureFiles();
    for (const [type, prefix] of Object.entries(PREFIXES)) {
      expect(files.filter((file) => file.startsWith(prefix)).length, `${type} histories (${prefix}*.json)`).toBeGreaterThanOrEqual(1);
    }
    expect(files.filter((file) => file.startsWith('certification-')).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((file) => file.startsWith('mandate-')).length).toBeGreaterThanOrEqual(5);
    // Histories written before payloads were sealed (`*-unsealed-*`, kept: their processes may still run) open as
    // they are; every other one is sealed.
    const sealed = files.filter((file) => !file.includes('-unsealed-'));
    expect(sealed.filter((file) => !readFileSync(path.join(FIXTURES, file), 'utf8').includes(SEALED)), 'histories with no sealed payload').toEqual([]);
    expect(files.filter((file) => file.includes('-unsealed-') && readFileSync(path.join(FIXTURES, file), 'utf8').includes(SEALED))).toEqual([]);
  });

  it.skipIf(recording)('every committed history replays with the current workflow code (sealed payloads opened by the codec)', async () => {
    installQuietRuntime();
    const files = fixtureFiles();
    const histories = files.map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'))) }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: sealedDataConverter(parsePayloadKeys(DEV_PAYLOAD_KEYS)) }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(files.map((workflowId) => ({ workflowId, error: undefined })));
  });

  // The OpenTelemetry workflow interceptors have broken replay before (sdk-typescript #1582, #2023): every history,
  // recorded with or without them, must replay with them on, as a traced worker runs it.
  it.skipIf(recording)('every committed history replays with the tracing interceptors on, exporting nothing', async () => {
    installQuietRuntime();
    const receiver = await startOtlpReceiver();
    const bundle = await bundleTracedWorkflows();
    const tracing = (await startTracing({ url: `${receiver.endpoint}/v1/traces`, protocol: 'http/json' }, { serviceName: 'replay', logger: pino({ level: 'silent' }) }))!;
    try {
      const files = fixtureFiles();
      const histories = files.map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'))) }));
      const results = [];
      const options = { workflowBundle: { codePath: bundle.codePath }, dataConverter: sealedDataConverter(parsePayloadKeys(DEV_PAYLOAD_KEYS)), sinks: tracing.worker.sinks };
      for await (const result of Worker.runReplayHistories(options, histories)) {
        results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
      }
      expect(results).toEqual(files.map((workflowId) => ({ workflowId, error: undefined })));
      // A replay re-runs workflow code, never re-sends its spans.
      await tracing.flush();
      expect(receiver.bodies).toEqual([]);
    } finally {
      await tracing.shutdown();
      await receiver.close();
      bundle.remove();
    }
  });
});

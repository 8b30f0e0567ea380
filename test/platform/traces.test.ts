// Traces (API.md "Traces"): with an OTLP endpoint configured, one trace leads from an HTTP request through the
// workflow start or update it makes to the workflow and its activities (the invitation's first mail is a local
// activity in the first workflow task); no span carries a certificate number, a name, an e-mail, a token or a
// cookie. Unset, nothing is installed. Real parts: the app, a worker, Temporal, Postgres, SMTP, and a local OTLP
// receiver (JSON).
import { propagation, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { invitationWorkflowId } from '../../src/features/invitations/contract';
import { bundleTracedWorkflows, createSpace, eventually, invitationBody, person, startOtlpReceiver, startStack, type ReceivedSpan } from '../support';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** What no span may contain: the invitee's data, and the Authorization and Cookie values sent. */
const COOKIE = 'ps_session=trace-cookie-value-4f1c9e';
/** OTLP status codes. */
const OK = 1;
const ERROR = 2;

describe('traces', () => {
  it('unset: no tracer provider, no propagator, no client interceptor, nothing sent', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const stack = await startStack();
    cleanups.push(() => stack.stop());
    expect(stack.config.traces).toBeUndefined();
    expect(stack.tracing).toBeUndefined();

    const admin = person('Una Untraced');
    const space = await createSpace(stack, admin);
    const invitee = person('Nora Nottraced');
    const created = await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: invitationBody(invitee) });
    expect(created.status).toBe(201);
    await stack.smtp.waitFor((mail) => mail.to.includes(invitee.email!));

    // The OpenTelemetry API answers with its no-op defaults: nothing was registered.
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
    expect(stack.client.options.interceptors.workflow).toEqual([]);
    expect(receiver.bodies).toEqual([]);
  });

  it('an invitation and its acceptance: HTTP → workflow start / update → workflow → activities, in one trace each, with nothing personal', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const bundle = await bundleTracedWorkflows();
    cleanups.push(() => bundle.remove());
    const invitee = person('Ottilie Vertraulich');
    let refusedOnce = false;
    const stack = await startStack({
      workflowBundlePath: bundle.codePath,
      // The first try of the inviter's notice fails the way a mail server refuses, quoting the invitee: the error
      // reaches the activity's span, its message must not. (An ordinary activity: a failed local activity's
      // pending timeout outlives a worker stopped right after, which the SDK core reports with a panic.)
      wrapActivities: (real) => ({
        ...real,
        async notifyInviter(input) {
          if (!refusedOnce) {
            refusedOnce = true;
            throw new Error(`550 5.1.1 mailbox unavailable: notice that ${invitee.name} <${invitee.email}> (${invitee.ssn}) joined`);
          }
          return real.notifyInviter(input);
        },
      }),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'spaces-under-test' },
    });
    cleanups.push(() => stack.stop());
    expect(stack.tracing).toBeDefined();

    const admin = person('Tracy Inviter');
    const space = await createSpace(stack, admin);
    const adminToken = await stack.token(admin);
    const inviteeToken = await stack.token(invitee);
    const created = await stack.call<{ id: string }>('POST', `/spaces/${space.id}/invitations`, {
      body: invitationBody(invitee),
      headers: { authorization: `Bearer ${adminToken}`, cookie: COOKIE },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await stack.smtp.waitFor((mail) => mail.to.includes(invitee.email!));
    const accepted = await stack.call('POST', `/invitations/${created.body.id}/accept`, { headers: { authorization: `Bearer ${inviteeToken}`, cookie: COOKIE } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const workflowId = invitationWorkflowId(created.body.id);
    // The workflow's own span ends with the workflow.
    await stack.client.workflow.getHandle(workflowId).result();

    const spansOf = async () => {
      await stack.tracing!.flush();
      return receiver.spans();
    };
    const named = (spans: ReceivedSpan[], name: string, traceId?: string) => spans.filter((span) => span.name === name && (!traceId || span.traceId === traceId));
    const spans = await eventually(spansOf, (list) => list.some((span) => span.name === 'RunWorkflow:invitationWorkflow') && list.some((span) => span.name === 'RunActivity:sendInvitationMail'));

    // The invitation: the request's span, named by its route template, is the root of the start, the workflow and the mail.
    const [invitePost] = spans.filter((span) => span.attributes['http.route'] === '/spaces/:spaceId/invitations' && span.attributes['http.request.method'] === 'POST');
    expect(invitePost, JSON.stringify(spans.map((span) => span.name))).toBeDefined();
    expect(invitePost!.name).toBe('POST /spaces/:spaceId/invitations');
    expect(invitePost!.attributes['http.response.status_code']).toBe(201);
    const inviteTrace = invitePost!.traceId;
    const [start] = named(spans, 'StartWorkflow:invitationWorkflow', inviteTrace);
    expect(start?.attributes.temporalWorkflowId).toBe(workflowId);
    expect(named(spans, 'RunWorkflow:invitationWorkflow', inviteTrace)).toHaveLength(1);
    expect(named(spans, 'RunWorkflow:invitationWorkflow', inviteTrace)[0]!.attributes).toMatchObject({ workflowId, workflowType: 'invitationWorkflow' });
    const mails = named(spans, 'RunActivity:sendInvitationMail', inviteTrace);
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(mails.every((mail) => mail.attributes.temporalWorkflowId === workflowId)).toBe(true);
    expect(named(spans, 'StartActivity:sendInvitationMail', inviteTrace).length).toBeGreaterThanOrEqual(1);
    // One tree: every span of the trace but the request's has its parent in the trace.
    const inTrace = spans.filter((span) => span.traceId === inviteTrace);
    const ids = new Set(inTrace.map((span) => span.spanId));
    expect(inTrace.filter((span) => span !== invitePost && !ids.has(span.parentSpanId ?? '')).map((span) => span.name)).toEqual([]);

    // The acceptance: its request's trace holds the workflow update.
    const [acceptPost] = spans.filter((span) => span.attributes['http.route'] === '/invitations/:invitationId/accept');
    expect(acceptPost?.name).toBe('POST /invitations/:invitationId/accept');
    const [update] = named(spans, 'StartWorkflowUpdate:accept', acceptPost!.traceId);
    expect(update?.attributes.temporalWorkflowId).toBe(workflowId);
    expect(named(spans, 'HandleUpdate:accept', acceptPost!.traceId)).toHaveLength(1);
    // The inviter's notice, in the invitation's trace: the refused try (an error, the exception's type only) and the one that sent it.
    const notices = named(spans, 'RunActivity:notifyInviter', inviteTrace);
    expect(notices.map((notice) => notice.status)).toEqual([ERROR, OK]);
    expect(notices[0]!.events).toEqual([{ name: 'exception', attributes: { 'exception.type': 'Error' } }]);

    expect(new Set(spans.map((span) => span.resource['service.name']))).toEqual(new Set(['spaces-under-test']));
    // Probes are not traced.
    expect((await stack.call('GET', '/health')).status).toBe(200);
    await stack.tracing!.flush();
    expect(receiver.spans().filter((span) => span.name.includes('/health'))).toEqual([]);
    expect(new Set(receiver.paths)).toEqual(new Set(['/v1/traces']));

    // Nothing personal anywhere in what was sent (names, attributes, events, resources).
    const sent = receiver.bodies.join('\n');
    const [firstName, lastName] = invitee.name!.split(' ');
    for (const secret of [invitee.ssn, invitee.email!, firstName!, lastName!, admin.ssn, admin.email!, adminToken, inviteeToken, 'trace-cookie-value-4f1c9e']) {
      expect(sent.includes(secret), `a span carries ${secret}`).toBe(false);
    }
  });
});

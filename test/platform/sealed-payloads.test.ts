// Sealed payloads (issue 13): after a full invitation the history on the server, read through the raw gRPC API
// (no codec), carries no certificate number, e-mail or name anywhere — start input, local-activity markers,
// activity inputs and results, update arguments and results, summaries. The codec endpoint opens them for an
// operator and refuses everyone else; the embedded dev UI is wired to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import proto from '@temporalio/proto';
import { ApplicationFailure } from '@temporalio/common';
import { createApp } from '../../src/app';
import { createHttpServer } from '../../src/platform/http/server';
import { loadConfig } from '../../src/platform/config';
import { invitationWorkflowId } from '../../src/features/invitations/contract';
import { SealingCodec, parsePayloadKeys } from '../../src/platform/temporal/codec';
import { startDevServer } from '../../src/platform/temporal/dev-server';
import { createSpace, invite, person, startStack, type TestStack } from '../support';
import { pino } from 'pino';
import { SignJWT } from 'jose';

const { temporal } = proto;
type RawPayload = proto.temporal.api.common.v1.IPayload;

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function rawHistory(workflowId: string) {
  const events: proto.temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

const asJson = (payload: RawPayload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

describe('sealed histories', () => {
  const admin = person('Agathe Sealadmin');
  const invitee = person('Bartholomew Sealinvitee');
  let workflowId: string;
  let events: proto.temporal.api.history.v1.IHistoryEvent[];

  beforeAll(async () => {
    const space = await createSpace(stack, admin);
    const invitation = await invite(stack, space.id, admin, invitee);
    const accepted = await stack.call('POST', `/invitations/${invitation.id}/accept`, { as: invitee });
    expect(accepted.status).toBe(200);
    workflowId = invitationWorkflowId(invitation.id);
    await stack.client.workflow.getHandle(workflowId).result();
    events = await rawHistory(workflowId);
  });

  it('no certificate number, e-mail or name appears anywhere in the serialized history', () => {
    const serialized = Buffer.from(temporal.api.history.v1.History.encode({ events }).finish()).toString('latin1');
    const kinds = new Set(events.map((event) => temporal.api.enums.v1.EventType[event.eventType ?? 0]));
    // The history has what carries personal data in clear without sealing: the start input, the update with its
    // result, local-activity markers and activities.
    for (const kind of ['EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', 'EVENT_TYPE_MARKER_RECORDED', 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED']) {
      expect([...kinds]).toContain(kind);
    }
    const [firstName, lastName] = invitee.name!.split(' ');
    for (const secret of [invitee.ssn, invitee.email!, firstName!, lastName!, admin.ssn, admin.email!, ...admin.name!.split(' ')]) {
      expect(serialized.includes(secret), `${secret} in the history`).toBe(false);
    }
    expect(serialized.match(/binary\/encrypted/g)!.length).toBeGreaterThanOrEqual(8);
    // The summary is sealed too.
    const started = events[0]!;
    expect(Buffer.from(started.userMetadata?.summary?.metadata?.encoding ?? new Uint8Array()).toString()).toBe('binary/encrypted');
  });

  it('the codec endpoint opens them for an operator and refuses an anonymous caller (401) and a non-operator (403)', async () => {
    const startEvent = events.find((event) => event.workflowExecutionStartedEventAttributes)!;
    const body = { payloads: [...startEvent.workflowExecutionStartedEventAttributes!.input!.payloads!, startEvent.userMetadata!.summary!].map(asJson) };
    expect(body.payloads).toHaveLength(2);

    const anonymous = await stack.call('POST', '/codec/decode', { body, headers: { 'x-namespace': 'default' } });
    expect(anonymous.status).toBe(401);
    const member = await stack.call('POST', '/codec/decode', { as: admin, body });
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('operator_required');
    const staff = await stack.call('POST', '/codec/decode', { as: person('Sam Staff', { staff: 'ITM' }), body });
    expect(staff.status).toBe(403);

    const operator = person('Olga Operator', { operator: true });
    const decoded = await stack.call('POST', '/codec/decode', { as: operator, body, headers: { 'x-namespace': 'default' } });
    expect(decoded.status).toBe(200);
    const [input, summary] = decoded.body.payloads.map((payload: { metadata: Record<string, string>; data: string }) => ({
      encoding: Buffer.from(payload.metadata.encoding!, 'base64').toString(),
      value: JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')),
    }));
    expect(input.encoding).toBe('json/plain');
    expect(input.value).toMatchObject({ certificateSsn: invitee.ssn, email: invitee.email, firstName: invitee.name!.split(' ')[0] });
    expect(summary.value).toMatch(/^Invitation .* as manager$/);
    // Summaries name no person even once opened.
    expect(summary.value).not.toContain(invitee.name!.split(' ')[1]);

    // encode seals what decode opens again.
    const sealed = await stack.call('POST', '/codec/encode', { as: operator, body: { payloads: decoded.body.payloads } });
    expect(sealed.status).toBe(200);
    expect(Buffer.from(sealed.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const again = await stack.call('POST', '/codec/decode', { as: operator, body: sealed.body });
    expect(again.body.payloads).toEqual(decoded.body.payloads);

    // Proto JSON leaves out an empty list (the temporal CLI sends {}): nothing to open is an empty answer.
    const empty = await stack.call('POST', '/codec/decode', { as: operator, body: {} });
    expect([empty.status, empty.body]).toEqual([200, { payloads: [] }]);

    // Without the key that sealed them, nothing opens: a payload of another key ring is a 422, not a 500.
    const foreign = await new SealingCodec(parsePayloadKeys(`other:${Buffer.alloc(32, 7).toString('base64')}`)).encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') }]);
    const refused = await stack.call('POST', '/codec/decode', { as: operator, body: { payloads: foreign.map(asJson) } });
    expect(refused.status).toBe(422);
  });
});

describe('key rotation', () => {
  it('seals with the newest key and opens with any listed key; a relabelled key id does not open', async () => {
    const k1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    const k2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`;
    const before = new SealingCodec(parsePayloadKeys(k1));
    const after = new SealingCodec(parsePayloadKeys(`${k2},${k1}`));
    const plain = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"ssn":"12345678901234567890"}') };
    const [old] = await before.encode([plain]);
    const [fresh] = await after.encode([plain]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    expect(Buffer.from(fresh!.data!).toString('latin1')).not.toContain('12345678901234567890');
    const [opened] = await after.decode([old!]);
    expect(Buffer.from(opened!.data!).toString()).toBe('{"ssn":"12345678901234567890"}');
    await expect(before.decode([fresh!])).rejects.toThrow(/unknown key id/);
    const relabelled = { ...fresh!, metadata: { ...fresh!.metadata, 'encryption-key-id': Buffer.from('k1') } };
    await expect(after.decode([relabelled])).rejects.toThrow(/does not open/);
  });
});

describe('failures', () => {
  it('an error’s message and stack trace travel sealed, and come back whole to the client', async () => {
    const { failureConverter, payloadConverter, payloadCodecs } = stack.client.options.loadedDataConverter;
    const failure = failureConverter.errorToFailure(ApplicationFailure.nonRetryable('duplicate key (certificate_ssn)=(12345678901234567890)', 'already_member'), payloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace ?? '').toBe('');
    expect(failure.applicationFailureInfo?.type).toBe('already_member');
    const [sealed] = await payloadCodecs[0]!.encode([failure.encodedAttributes!]);
    expect(Buffer.from(temporal.api.common.v1.Payload.encode(sealed!).finish()).toString('latin1')).not.toContain('12345678901234567890');
    const [opened] = await payloadCodecs[0]!.decode([sealed!]);
    const error = failureConverter.failureToError({ ...failure, encodedAttributes: opened }, payloadConverter);
    expect(error.message).toContain('12345678901234567890');
  });
});

describe('the Temporal UI reaches the codec endpoint', () => {
  let server: ServerType;
  let base: string;
  const serveApp = async (env: Record<string, string>) => {
    const config = loadConfig({ NODE_ENV: 'test', TEMPORAL_UI_PORT: '8233', ...env });
    const app = createApp({ config, db: stack.database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    // The API's own Node server (src/platform/http/server.ts), as npm start and npm run api serve it.
    const listening = createHttpServer(app.fetch);
    return new Promise<{ server: ServerType; base: string }>((resolve) => {
      listening.listen(0, '127.0.0.1', () => resolve({ server: listening, base: `http://127.0.0.1:${(listening.address() as AddressInfo).port}` }));
    });
  };
  const close = (target: ServerType) => new Promise<void>((resolve) => target.close(() => resolve()));
  const sample = async () => ({ payloads: (await new SealingCodec(stack.config.payloadKeys).encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"Bartholomew"') }])).map(asJson) });

  beforeAll(async () => {
    ({ server, base } = await serveApp({}));
  });
  afterAll(async () => {
    if (server) await close(server);
  });

  it('answers the UI’s CORS preflight for its origin, with credentials and the X-Namespace header', async () => {
    const preflight = await fetch(`${base}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-namespace/);
    const foreign = await fetch(`${base}/codec/decode`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('in development the embedded UI on this machine decodes without a token; other origins and production need an operator', async () => {
    const body = JSON.stringify(await sample());
    const headers = { 'content-type': 'application/json', 'x-namespace': 'default' };
    const fromUi = await fetch(`${base}/codec/decode`, { method: 'POST', headers: { ...headers, origin: 'http://localhost:8233' }, body });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    const decoded = (await fromUi.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString()).toBe('"Bartholomew"');
    expect((await fetch(`${base}/codec/decode`, { method: 'POST', headers: { ...headers, origin: 'https://evil.example' }, body })).status).toBe(401);
    expect((await fetch(`${base}/codec/decode`, { method: 'POST', headers, body })).status).toBe(401);

    // Production has its own secret and key (the documented development ones are refused there).
    const productionSecret = 'a-production-secret-for-the-codec-test';
    const productionKeys = `prod-1:${Buffer.alloc(32, 7).toString('base64')}`;
    const production = await serveApp({ NODE_ENV: 'production', AUTH_SECRET: productionSecret, ACTIVATION_CODE_SECRET: 'production-code-key-0123456789', PAYLOAD_KEYS: productionKeys });
    const sealed = JSON.stringify({ payloads: (await new SealingCodec(parsePayloadKeys(productionKeys)).encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"Bartholomew"') }])).map(asJson) });
    try {
      const refused = await fetch(`${production.base}/codec/decode`, { method: 'POST', headers: { ...headers, origin: 'http://localhost:8233' }, body: sealed });
      expect(refused.status).toBe(401);
      // The CORS headers ride on the refusal too, so the UI can show why.
      expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const token = await new SignJWT({ name: 'Olga Operator', operator: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(person('Olga Operator').ssn)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(productionSecret));
      const allowed = await fetch(`${production.base}/codec/decode`, { method: 'POST', headers: { ...headers, origin: 'http://localhost:8233', authorization: `Bearer ${token}` }, body: sealed });
      expect(allowed.status).toBe(200);
    } finally {
      await close(production.server);
    }
  });

  it('the embedded dev server’s UI is configured with the codec endpoint', async () => {
    const uiPort = await new Promise<number>((resolve) => {
      const probe = serve({ fetch: () => new Response(), port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => probe.close(() => resolve(info.port)));
    });
    const devServer = await startDevServer({ namespace: 'default', uiPort, uiCodecEndpoint: 'http://localhost:3999/codec' });
    try {
      const settings = (await (await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
      expect(settings.Codec?.Endpoint).toBe('http://localhost:3999/codec');
    } finally {
      await devServer.stop();
    }
  });
});

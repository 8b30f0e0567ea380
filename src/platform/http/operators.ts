// For Temporal operators: the codec server the Temporal UI (and `temporal … --codec-endpoint`) calls to open and
// seal payloads (src/temporal/codec.ts), with the UI's protocol: POST {payloads:[{metadata:{k: base64}, data:
// base64}]} → the same shape. Only operators (a token with `operator: true`) may call it; in development the
// embedded UI, which has no login of its own, may call it from this machine (operatorOnly below).
import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { cors } from 'hono/cors';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Payload } from '@temporalio/common';
import type { Config } from '../config';
import { SealingCodec } from '../temporal/codec';
import { authenticate, type TokenVerifier } from './tokens';
import type { AppEnv } from './env';
import { DomainError } from '../../domain/errors';
import { bearer, createRouter, jsonContent, problems } from './router';

const JsonPayloadSchema = z
  .object({
    metadata: z.record(z.string(), z.string()).nullish().openapi({ description: 'Metadata values, base64' }),
    data: z.string().nullish().openapi({ description: 'The payload bytes, base64' }),
  })
  .openapi('CodecPayload');
// Proto JSON omits an empty list: the CLI sends `{}` for an event without payloads.
const PayloadsSchema = z.object({ payloads: z.array(JsonPayloadSchema).max(10_000).default([]) }).openapi('CodecPayloads');
type JsonPayload = z.infer<typeof JsonPayloadSchema>;

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});
const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
});

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
function fromThisMachine(c: Context<AppEnv>): boolean {
  try {
    return LOOPBACK.test(getConnInfo(c).remote.address ?? '');
  } catch {
    return false; // not served by the Node server (app.request in tests): not a local browser
  }
}

/**
 * Operators only: a bearer token with `operator: true` (401 without a valid token, 403 `operator_required` for
 * anyone else). Outside production (`codec.trustLocalUi`), a request from this machine whose Origin is the
 * embedded UI's is let through without a token: that UI has no login, and a development setup already trusts its
 * machine (its token secret and payload key are public). Remote callers always need the token.
 */
export function operatorOnly(verify: TokenVerifier, options: { localUiOrigins?: string[] } = {}) {
  const requireToken = authenticate(verify);
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (options.localUiOrigins && origin && options.localUiOrigins.includes(origin) && fromThisMachine(c)) return next();
    await requireToken(c, async () => {
      if (!c.get('caller')?.operator) throw new DomainError('operator_required', undefined, { translatedDetail: { key: 'problem.operator_required.detail' } });
      await next();
    });
  });
}

const codecRoute = (direction: 'encode' | 'decode') =>
  createRoute({
    method: 'post',
    path: `/codec/${direction}`,
    tags: ['Operators'],
    summary: direction === 'decode' ? 'Open sealed Temporal payloads (the Temporal UI codec-server protocol); operators only' : 'Seal Temporal payloads (the Temporal UI codec-server protocol); operators only',
    security: bearer,
    request: { body: { content: { 'application/json': { schema: PayloadsSchema } }, required: true } },
    responses: { 200: jsonContent(PayloadsSchema, direction === 'decode' ? 'The payloads in clear' : 'The payloads sealed'), ...problems(401, 403, 422) },
  });

/** CORS for the Temporal UI's origin (it sends X-Namespace, and the access token where it passes one). */
export function codecCors(config: Config) {
  return cors({
    origin: config.codec.corsOrigins,
    allowMethods: ['POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'x-namespace', 'authorization'],
    credentials: true,
    maxAge: 600,
  });
}

export function codecRoutes(config: Config) {
  const codec = new SealingCodec(config.payloadKeys);
  return createRouter()
    .openapi(codecRoute('decode'), async (c) => {
      const { payloads } = c.req.valid('json');
      try {
        return c.json({ payloads: (await codec.decode(payloads.map(fromJson))).map(toJson) }, 200);
      } catch (error) {
        throw new DomainError('validation_failed', (error as Error).message);
      }
    })
    .openapi(codecRoute('encode'), async (c) => {
      const { payloads } = c.req.valid('json');
      return c.json({ payloads: (await codec.encode(payloads.map(fromJson))).map(toJson) }, 200);
    });
}

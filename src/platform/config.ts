// The one place that reads the environment (API.md "Configuration"). Everything else receives a Config.
import { z } from 'zod';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '../domain/duration';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys } from './payload-keys';

const DEV_AUTH_SECRET = 'dev-secret-professional-spaces-not-for-production';
/** Keys the HMAC of activation codes (only hashes are stored). Documented development value; set it in production. */
const DEV_ACTIVATION_CODE_SECRET = 'dev-activation-code-secret-not-for-production';
export const DEFAULT_TASK_QUEUE = 'professional-spaces';
/** The demo company register the project ships (README); the embedded default loads it. */
const DEMO_COMPANY_REGISTER_FILE = fileURLToPath(new URL('../features/register/demo-register.csv', import.meta.url));

const port = z.coerce.number().int().min(1).max(65535);
/** A string parsed by `parse`; a parse error becomes the variable's validation message. */
const parsedString = <T>(parse: (text: string) => T) =>
  z.string().transform((value, ctx) => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
const duration = parsedString(parseDuration);
/** Comma-separated durations, e.g. reminders `7d,1d`. */
const durationList = (fallback: string) => parsedString((value) => value.split(',').map((part) => parseDuration(part.trim()))).prefault(fallback);
const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalUrl,
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('Professional spaces <no-reply@spaces.example.lu>'),
  AUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS_URL: optionalUrl,
  /** The longest a bearer token may live (exp − iat); longer ones are refused. */
  TOKEN_MAX_LIFETIME: duration.prefault('12h'),
  PUBLIC_URL: optionalUrl,
  LOGIN_PORTAL_URL: z.string().url().default('https://login.example.lu/register'),
  /** The login portal of the pages (OpenID Connect); unset outside production = the development login. */
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Workflows kept in the worker's memory between tasks; the others are replayed when they wake up. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INVITATION_TTL: duration.prefault('14d'),
  INVITATION_REMINDERS: durationList('7d,1d'),
  INVITATION_RESEND_INTERVAL: duration.prefault('5m'),
  CERTIFICATION_SUPPLEMENT_DEADLINE: duration.prefault('30d'),
  CERTIFICATION_STAFF_SLA: duration.prefault('10d'),
  ACTIVATION_DEADLINE: duration.prefault('60d'),
  ACTIVATION_REMINDERS: durationList('14d,3d'),
  MANDATE_END_REMINDERS: durationList('30d,7d'),
  /** Webhooks (API.md): the waits between a delivery's attempts, and how long an endpoint may fail before it is disabled. */
  WEBHOOK_RETRY_SCHEDULE: durationList('5s,5m,30m,2h,5h,10h,10h'),
  WEBHOOK_DISABLE_AFTER: duration.prefault('5d'),
  /** CSV upserted into the company register at start (src/register). */
  COMPANY_REGISTER_FILE: z.string().min(1).default(DEMO_COMPANY_REGISTER_FILE),
  ACTIVATION_CODE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Keys sealing Temporal payloads, newest first: `id:base64key,…` (src/temporal/codec.ts). */
  PAYLOAD_KEYS: z.preprocess((value) => (value === '' ? undefined : value), parsedString(parsePayloadKeys).optional()),
  /** Browser origins allowed to call /codec/* (the Temporal UI's); default: the embedded UI's. */
  CODEC_CORS_ORIGINS: parsedString((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)).optional(),
  /** host:port where this process's Temporal SDK (Core) serves its Prometheus metrics; unset = off. */
  TEMPORAL_METRICS_BIND: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
    .optional(),
  /** Authority staff mailboxes are <mailbox of the authority>@STAFF_MAIL_DOMAIN (src/domain/certification.ts). */
  STAFF_MAIL_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'must be a mail domain like administration.example.lu')
    .default('administration.example.lu'),
});

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  const dataDir = path.resolve(env.DATA_DIR);
  const authSecret = env.AUTH_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEV_AUTH_SECRET);
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      port: env.TEMPORAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      outboxDir: path.join(dataDir, 'outbox', 'mail'),
    },
    auth: { secret: authSecret, jwksUrl: env.AUTH_JWKS_URL, maxTokenLifetimeMs: env.TOKEN_MAX_LIFETIME },
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    loginPortalUrl: env.LOGIN_PORTAL_URL,
    oidc: env.OIDC_ISSUER ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID ?? '', clientSecret: env.OIDC_CLIENT_SECRET } : undefined,
    logLevel: env.LOG_LEVEL,
    lifecycle: {
      invitationTtlMs: env.INVITATION_TTL,
      invitationRemindersMs: env.INVITATION_REMINDERS,
      invitationResendIntervalMs: env.INVITATION_RESEND_INTERVAL,
      certificationSupplementDeadlineMs: env.CERTIFICATION_SUPPLEMENT_DEADLINE,
      certificationStaffSlaMs: env.CERTIFICATION_STAFF_SLA,
      activationDeadlineMs: env.ACTIVATION_DEADLINE,
      activationRemindersMs: env.ACTIVATION_REMINDERS,
      mandateEndRemindersMs: env.MANDATE_END_REMINDERS,
    },
    staffMailDomain: env.STAFF_MAIL_DOMAIN,
    /** Outside production `http` and loopback targets are allowed (API.md "Webhooks"). */
    webhooks: { retryScheduleMs: env.WEBHOOK_RETRY_SCHEDULE, disableAfterMs: env.WEBHOOK_DISABLE_AFTER, publicTargetsOnly: env.NODE_ENV === 'production' },
    companyRegisterFile: path.resolve(env.COMPANY_REGISTER_FILE),
    /** Letters (postal dispatch, API.md): PDF + JSON sidecar per letter. */
    postOutboxDir: path.join(dataDir, 'outbox', 'post'),
    // No development key in production: loadConfig refuses to start without ACTIVATION_CODE_SECRET there.
    activationCodeSecret: env.ACTIVATION_CODE_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEV_ACTIVATION_CODE_SECRET),
    // No development key in production either: loadConfig refuses to start without PAYLOAD_KEYS there.
    payloadKeys: env.PAYLOAD_KEYS ?? (env.NODE_ENV === 'production' ? [] : parsePayloadKeys(DEV_PAYLOAD_KEYS)),
    codec: {
      corsOrigins: env.CODEC_CORS_ORIGINS ?? [`http://localhost:${env.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`],
      /** Outside production the embedded UI (no login of its own) may decode from this machine without a token. */
      trustLocalUi: env.NODE_ENV !== 'production',
    },
    metrics: { temporalBind: env.TEMPORAL_METRICS_BIND },
  };
}

export class ConfigError extends Error {}

/** Validates the environment; the error message names each bad variable on one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])] ?? '')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const config = toConfig(parsed.data);
  if (!config.auth.secret && !config.auth.jwksUrl) {
    throw new ConfigError('Invalid configuration: AUTH_SECRET or AUTH_JWKS_URL must be set when NODE_ENV=production');
  }
  if (config.oidc && !config.oidc.clientId) {
    throw new ConfigError('Invalid configuration: OIDC_CLIENT_ID must be set with OIDC_ISSUER');
  }
  if (!config.activationCodeSecret) {
    // Activation codes are matched by their HMAC: without the production key no code could be issued or entered.
    throw new ConfigError('Invalid configuration: ACTIVATION_CODE_SECRET must be set when NODE_ENV=production');
  }
  if (config.payloadKeys.length === 0) {
    throw new ConfigError('Invalid configuration: PAYLOAD_KEYS must be set when NODE_ENV=production (id:base64key, newest first)');
  }
  return config;
}

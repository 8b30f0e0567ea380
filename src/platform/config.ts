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
/** A Postgres session limit in milliseconds: the server takes at most 2^31 − 1 (about 24 days). */
const sessionLimit = (fallback: string) => duration.refine((ms) => ms <= 2_147_483_647, 'must be at most 24d (a Postgres limit)').prefault(fallback);
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
  /** The longest one SQL statement may run (lock waits included) on the Postgres server; `0s` = no limit. */
  DB_STATEMENT_TIMEOUT: sessionLimit('15s'),
  /** The longest a transaction may sit idle (holding its locks) before the server ends its session; `0s` = no limit. */
  DB_IDLE_IN_TRANSACTION_TIMEOUT: sessionLimit('30s'),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('Professional spaces <no-reply@spaces.example.lu>'),
  /** The longest one SMTP send may take; a mail's outbox lease lasts twice that (a retry never sends it twice). */
  SMTP_SEND_TIMEOUT: duration.prefault('30s'),
  AUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS_URL: optionalUrl,
  /** The `aud` a token must carry (this service's client id at the login portal); checked when set. */
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** The `iss` a token must carry (the login portal); checked when set. */
  AUTH_ISSUER: z.string().min(1).optional(),
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
  /** Administrator recovery: a claim's code must be entered within this (API.md). */
  ADMIN_CLAIM_DEADLINE: duration.prefault('60d'),
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
  /** Access requests (letters to one registered address) per company and section in 24 h, whoever asks. */
  ACCESS_REQUEST_LIMIT: z.coerce.number().int().min(1).max(1000).default(3),
  /** Mails from one space to one recipient in an hour (invitations, their edits and resends). */
  MAIL_RECIPIENT_LIMIT: z.coerce.number().int().min(1).max(1000).default(5),
  /** Processes this API starts at once; beyond, callers wait briefly and then get 503 Retry-After before anything starts. */
  MAX_CONCURRENT_STARTS: z.coerce.number().int().min(1).max(10_000).default(32),
  /** Authority staff mailboxes are <mailbox of the authority>@STAFF_MAIL_DOMAIN (src/domain/certification.ts). */
  STAFF_MAIL_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'must be a mail domain like administration.example.lu')
    .default('administration.example.lu'),
  /** Traces (API.md "Traces"): the OTLP/HTTP collector; unset = no tracing at all. `…/v1/traces` is appended. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  /** The traces URL as it is (overrides the one derived from OTEL_EXPORTER_OTLP_ENDPOINT). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['http/protobuf', 'http/json'], { message: 'must be http/protobuf or http/json (OTLP over HTTP; gRPC is not supported)' }).default('http/protobuf')),
  /** The service name the spans carry; default: the process's (professional-spaces, …-api, …-worker). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
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
    database: { statementTimeoutMs: env.DB_STATEMENT_TIMEOUT, idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT },
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
      sendTimeoutMs: env.SMTP_SEND_TIMEOUT,
      outboxDir: path.join(dataDir, 'outbox', 'mail'),
    },
    auth: { secret: authSecret, jwksUrl: env.AUTH_JWKS_URL, audience: env.AUTH_AUDIENCE, issuer: env.AUTH_ISSUER, maxTokenLifetimeMs: env.TOKEN_MAX_LIFETIME },
    limits: { accessRequestsPerDay: env.ACCESS_REQUEST_LIMIT, mailsPerRecipientHour: env.MAIL_RECIPIENT_LIMIT, concurrentStarts: env.MAX_CONCURRENT_STARTS },
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
      adminClaimDeadlineMs: env.ADMIN_CLAIM_DEADLINE,
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
    traces: tracesSettings(env),
  };
}

/** Where and how spans are exported, or undefined when no OTLP endpoint is set (then nothing is traced). */
export interface TracesSettings {
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  serviceName?: string;
}

function tracesSettings(env: z.infer<typeof envSchema>): TracesSettings | undefined {
  // As the OTel specification says: the signal's own variable is used as it is; the general one gets /v1/traces.
  const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return undefined;
  return { url, protocol: env.OTEL_EXPORTER_OTLP_PROTOCOL, ...(env.OTEL_SERVICE_NAME ? { serviceName: env.OTEL_SERVICE_NAME } : {}) };
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
  if (config.nodeEnv === 'production') refuseDevelopmentSecrets(config);
  return config;
}

/**
 * The development secrets and key are published in the README: in production anyone could mint tokens or open
 * sealed payloads with them. One line names the variable.
 */
function refuseDevelopmentSecrets(config: Config): void {
  const devKeys = parsePayloadKeys(DEV_PAYLOAD_KEYS);
  const published: [string, boolean][] = [
    ['AUTH_SECRET', config.auth.secret === DEV_AUTH_SECRET],
    ['ACTIVATION_CODE_SECRET', config.activationCodeSecret === DEV_ACTIVATION_CODE_SECRET],
    ['PAYLOAD_KEYS', config.payloadKeys.some((key) => devKeys.some((dev) => dev.key.equals(key.key)))],
  ];
  const found = published.find(([, isPublished]) => isPublished);
  if (found) throw new ConfigError(`Invalid configuration: ${found[0]} is the documented development value; set a secret of your own when NODE_ENV=production`);
  if (config.auth.jwksUrl && (!config.auth.audience || !config.auth.issuer)) {
    throw new ConfigError('Invalid configuration: AUTH_AUDIENCE and AUTH_ISSUER must be set with AUTH_JWKS_URL when NODE_ENV=production');
  }
}

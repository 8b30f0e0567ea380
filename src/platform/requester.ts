// Who asks, and what answering them needs: the first argument of every use-case. The HTTP layer builds one per
// request from a verified bearer token, the pages from the session; the use-cases never see either.
import type { Logger } from 'pino';
import type { MiddlewareHandler } from 'hono';
import type { Client } from '@temporalio/client';
import type { Config } from './config';
import type { Database } from './db/client';
import type { persons } from './db/schema';
import { forbidden } from '../domain/errors';

/** The verified token or login (API.md "Authentication"). */
export interface Caller {
  certificateSsn: string;
  name: string;
  email: string | null;
  portalPersonId: string | null;
  /** Authority code for administration staff. */
  staff: string | null;
  /** A Temporal operator (`operator: true`): the codec endpoints and /metrics. */
  operator?: boolean;
}

export interface AppDependencies {
  config: Config;
  db: Database;
  temporal: { client: Client; taskQueue: string };
  logger: Logger;
  /** Traces, when configured: the span of each request (src/platform/telemetry). */
  httpTracing?: MiddlewareHandler;
  /** Health probes; default to real checks of db and Temporal. */
  checks?: { database(): Promise<void>; temporal(): Promise<void> };
}

export type PersonRow = typeof persons.$inferSelect;

/** How long a caller waits for a process to answer before getting 503; the process itself goes on. */
export const ANSWER_DEADLINE_MS = 5_000;

export interface Requester {
  readonly deps: AppDependencies;
  readonly caller: Caller;
  /** The browser's Accept-Language: a first contact's language (R41), and every answer's before the person is known. */
  readonly acceptLanguage: string | undefined;
  /** When the caller gets its answer at the latest (epoch ms): arrival + ANSWER_DEADLINE_MS. */
  readonly answerBy: number;
  readonly log: Logger;
  /** The request's Idempotency-Key, for the use-cases that start a process. */
  readonly idempotencyKey?: string;
  /** The caller's person once read (src/features/people): each request reads it at most once. */
  person?: PersonRow;
}

export function newRequester(
  deps: AppDependencies,
  caller: Caller,
  options: { acceptLanguage?: string; answerBy?: number; log?: Logger; idempotencyKey?: string } = {},
): Requester {
  return {
    deps,
    caller,
    acceptLanguage: options.acceptLanguage,
    answerBy: options.answerBy ?? Date.now() + ANSWER_DEADLINE_MS,
    log: options.log ?? deps.logger,
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
  };
}

/** The authority of an administration staff caller (the `staff` claim); 403 for anyone else. */
export function staffAuthority(requester: Requester): string {
  const authority = requester.caller.staff;
  if (!authority) throw forbidden('staff', 'This needs an administration staff token (the `staff` claim).');
  return authority;
}

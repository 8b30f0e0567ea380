// What a request carries through the middleware chain.
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { PersonRow } from '../db/queries';

/** The verified token (API.md "Authentication"). */
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
  /** Health probes; default to real checks of db and Temporal. */
  checks?: { database(): Promise<void>; temporal(): Promise<void> };
}

export interface AppEnv {
  Variables: {
    deps: AppDependencies;
    log: Logger;
    requestId: string;
    /** When the caller gets its answer at the latest (epoch ms): arrival + ANSWER_DEADLINE_MS. */
    answerBy: number;
    caller?: Caller;
    person?: PersonRow;
  };
}

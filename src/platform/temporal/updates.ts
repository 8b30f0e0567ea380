// Turns what Temporal answers into the HTTP contract: a validator's refusal (a domainFailure, src/shared/failures)
// becomes the problem of the same code in the one error-code table.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { domainFailureOf, failureDetails } from '../../domain/failures';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { DomainError } from '../../domain/errors';

/** How long a caller waits for a process to answer before getting 503; the process itself goes on. */
export const ANSWER_DEADLINE_MS = 5_000;

/**
 * Bounds every call to Temporal inside `run`, so a stuck activity or an unreachable server never hangs a request.
 * The deadline counts from the request's arrival: time spent on reads before the call (a database that is going
 * away answers slowly) is not added on top.
 */
export function withinAnswerDeadline<T>(c: Context<AppEnv>, run: () => Promise<T>): Promise<T> {
  const answerBy = c.get('answerBy') ?? Date.now() + ANSWER_DEADLINE_MS;
  return c.get('deps').temporal.client.withDeadline(answerBy, run);
}

/**
 * Runs a workflow update and maps refusals. `whenClosed` decides what a closed or unknown workflow means for
 * this resource (usually "not pending any more").
 */
export async function sendUpdate<T>(c: Context<AppEnv>, run: () => Promise<T>, whenClosed: () => DomainError): Promise<T> {
  try {
    return await withinAnswerDeadline(c, run);
  } catch (error) {
    const failure = domainFailureOf(error);
    if (failure) {
      const { retryAfterSeconds } = failureDetails(failure);
      throw new DomainError(failure.type, failure.message, retryAfterSeconds !== undefined ? { retryAfterSeconds } : {});
    }
    if (error instanceof WorkflowNotFoundError) throw whenClosed();
    // Updates admitted just before the workflow completed are rejected by the server without reaching a validator.
    if (error instanceof WorkflowUpdateFailedError && /completed|closed|wasn't processed by worker/i.test(`${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`)) throw whenClosed();
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw new DomainError('service_unavailable', 'The process did not answer in time; try again.', { retryAfterSeconds: 5 });
    throw error;
  }
}

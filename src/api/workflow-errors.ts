// Turns what Temporal answers into the HTTP contract: a validator's refusal becomes its problem code.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isDomainErrorCode } from '../shared/errors';
import { ProblemError } from './problem';

export function domainFailureOf(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof ApplicationFailure && isDomainErrorCode(current.type)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs a workflow update and maps refusals. `whenClosed` decides what a closed or unknown workflow means for
 * this resource (usually "not pending any more").
 */
export async function sendUpdate<T>(run: () => Promise<T>, whenClosed: () => ProblemError): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = domainFailureOf(error);
    if (failure && isDomainErrorCode(failure.type)) {
      const retryAfter = (failure.details?.[0] as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      throw new ProblemError(failure.type, failure.message, retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {});
    }
    if (error instanceof WorkflowNotFoundError) throw whenClosed();
    if (error instanceof WorkflowUpdateFailedError && /completed|closed/i.test(String((error.cause as Error | undefined)?.message))) throw whenClosed();
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw new ProblemError('service_unavailable', 'The process did not answer in time; try again.');
    throw error;
  }
}

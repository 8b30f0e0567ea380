// How a use-case talks to a running process: every call bounded by the requester's answer deadline, and what
// Temporal answers turned into the rules' own errors — a validator's refusal (a domainFailure,
// src/domain/failures.ts) becomes the DomainError of the same code in the one error-code table.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { domainFailureOf, failureDetails } from '../../domain/failures';
import { DomainError } from '../../domain/errors';
import type { Requester } from '../requester';

/**
 * Bounds every call to Temporal inside `run`, so a stuck activity or an unreachable server never hangs a request.
 * The deadline counts from the request's arrival: time spent on reads before the call (a database that is going
 * away answers slowly) is not added on top.
 */
export function withinAnswerDeadline<T>(requester: Requester, run: () => Promise<T>): Promise<T> {
  return requester.deps.temporal.client.withDeadline(requester.answerBy, run);
}

/**
 * Sends `update` to the process `workflowId` and answers its result, or the rule's refusal. `whenClosed` decides
 * what a closed or unknown process means for this resource (usually "not pending any more"). `updateId` makes a
 * retried request re-attach to the same update instead of sending a second one.
 */
export async function updateProcess<Ret, Args extends [unknown, ...unknown[]]>(
  requester: Requester,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  options: { args: Args; updateId?: string },
  whenClosed: () => DomainError,
): Promise<Ret> {
  const handle = requester.deps.temporal.client.workflow.getHandle(workflowId);
  try {
    return await withinAnswerDeadline(requester, () => handle.executeUpdate(update, options));
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

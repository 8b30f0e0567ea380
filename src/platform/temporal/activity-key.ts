// Idempotency keys of activities: the same on every retry of one invocation, distinct between invocations.
import { Context } from '@temporalio/activity';

/** Stable across retries of one activity invocation, distinct between invocations. */
export function activityKey(): string {
  const { workflowExecution, activityId } = Context.current().info;
  if (!workflowExecution) throw new Error('activities of this project run inside workflows');
  return `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
}

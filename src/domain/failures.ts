// Typed domain failures: what a workflow validator or an activity raises when a rule refuses, with a `type` from
// the one error-code table, and how the API finds it again in what Temporal answers. Pure enough for workflow
// code (ApplicationFailure is the SDK's plain error class).
import { ApplicationFailure } from '@temporalio/common';
import { isDomainErrorCode, type DomainErrorCode } from './errors';
import type { Refusal } from './access';

/** Details some failures carry, e.g. resend_too_soon's wait. */
export interface FailureDetails {
  retryAfterSeconds?: number;
  /** invitation_not_pending from the database: the state the invitation is in. */
  status?: string;
}

/** A non-retryable failure whose type is a code of the error-code table (the API maps it to its HTTP status). */
export function domainFailure(code: DomainErrorCode, message: string, details?: FailureDetails): ApplicationFailure {
  return details === undefined ? ApplicationFailure.nonRetryable(message, code) : ApplicationFailure.nonRetryable(message, code, details);
}

/** Throws a rule's refusal as a domain failure; does nothing when the rule allows. */
export function refuseWith(refusal: Refusal | undefined): void {
  if (refusal) throw domainFailure(refusal.code, refusal.message);
}

/** The domain failure somewhere in an error's cause chain (an update or workflow failure wraps it), if any. */
export function domainFailureOf(error: unknown): (ApplicationFailure & { type: DomainErrorCode }) | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof ApplicationFailure && isDomainErrorCode(current.type)) return current as ApplicationFailure & { type: DomainErrorCode };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The details a domain failure was raised with. */
export function failureDetails(failure: ApplicationFailure): FailureDetails {
  return (failure.details?.[0] as FailureDetails | undefined) ?? {};
}

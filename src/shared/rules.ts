// Rules that both the API's pre-checks and the workflow validators apply, each in its one home. Pure: workflow code
// imports this module, so no I/O, no Node built-ins and no clock (callers pass `now`: Date.now() in a handler,
// the workflow's deterministic Date.now() in a validator). A refusal names its code from the error-code table;
// the API throws it as a ProblemError, a workflow as a domainFailure.
import type { Role } from './domain';
import type { DomainErrorCode } from './errors';

export interface Refusal {
  code: DomainErrorCode;
  message: string;
}

/**
 * R10: a space keeps at least one administrator. `next` is the member's role after the change, or null when the
 * member leaves; `otherAdministrators` counts the space's administrators besides this member (read under the lock).
 */
export function lastAdministratorRefusal(current: Role, next: Role | null, otherAdministrators: number): Refusal | undefined {
  if (current !== 'administrator' || next === 'administrator' || otherAdministrators > 0) return undefined;
  return { code: 'last_administrator', message: 'The space must keep at least one administrator (R10).' };
}

/** R15: only the certificate an invitation names may answer it (accept or decline). */
export function certificateMismatchRefusal(invitedSsn: string, answeringSsn: string): Refusal | undefined {
  if (invitedSsn === answeringSsn) return undefined;
  return { code: 'certificate_mismatch', message: 'Log in with the certificate named in the invitation to answer it.' };
}

// Administrator recovery by post (R48, API.md "Administrator recovery"): a claim's statuses and the one rule that
// refuses a confirmation or an objection. Pure: the claim workflow's validators and the use-cases apply it.
export const CLAIM_STATUSES = ['letter_sent', 'confirmed', 'objected', 'expired'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
/** The one open status: the letter is on its way or arrived, the code not yet entered. */
export const OPEN_CLAIM_STATUS = 'letter_sent' satisfies ClaimStatus;

export interface ClaimRefusal {
  code: 'claim_expired' | 'claim_closed';
  message: string;
}

/**
 * Whether a claim may still be confirmed or objected to: an open claim before its deadline may; past the deadline
 * (or expired) → 410 claim_expired; confirmed or objected → 409 claim_closed. `status` may be a step in between
 * (a confirmation under way): it is closed to anything else.
 */
export function claimRefusal(status: string, expiresAtMs: number, nowMs: number): ClaimRefusal | undefined {
  if (status === 'expired' || (status === OPEN_CLAIM_STATUS && nowMs >= expiresAtMs)) return { code: 'claim_expired', message: 'The claim has expired: its code was not entered in time.' };
  if (status !== OPEN_CLAIM_STATUS) return { code: 'claim_closed', message: `The claim is ${status}, no longer open.` };
  return undefined;
}

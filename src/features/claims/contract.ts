// The administrator claim as the API, the pages and the workflow share it (R48). Pure: the workflow bundle imports it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/access';
import type { ClaimStatus } from '../../domain/claims';

export const claimWorkflowId = (claimId: string) => `administrator-claim-${claimId}`;

/** No code here, ever: it exists in clear only inside the activity that prints the letter. */
export interface ClaimWorkflowInput {
  claimId: string;
  registrationNumber: string;
  claimant: Actor;
  /** The certificate the claimant asked with: a new membership is for it. */
  certificateSsn: string;
  /** Fixed by the API, so the row and the workflow's timer agree. */
  expiresAt: string;
}

export type ClaimRecording = { outcome: 'recorded' } | { outcome: 'refused'; code: 'claim_open' | 'company_not_registered' };

/** The claimant typed the right code (the use-case compared it with the stored hash); the workflow makes it count. */
export const confirmClaimUpdate = defineUpdate<{ spaceIds: string[] }, [{ actor: Actor }]>('confirm-claim');
/** An administrator of one of the company's spaces objects. */
export const objectClaimUpdate = defineUpdate<void, [{ actor: Actor; spaceId: string }]>('object-claim');
export const claimStatusQuery = defineQuery<{ status: ClaimStatus | 'recording' | 'confirming' | 'objecting' | 'refused'; expiresAt: string }>('claim-status');

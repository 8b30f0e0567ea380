// Administrator claims (R48): the requests and views as the API checks and documents them and the pages parse their
// forms with; one declaration each, types inferred from them.
import { z } from '@hono/zod-openapi';
import { CLAIM_STATUSES } from '../../domain/claims';
import { nonBlankText } from '../../platform/schemas';

export const ClaimRequestSchema = z
  .object({ registrationNumber: nonBlankText(50).openapi({ example: 'B123456', description: 'The company, as the company register knows it' }) })
  .strict()
  .openapi('AdministratorClaimRequest');
export const ClaimConfirmationSchema = z
  .object({ code: z.string().min(1).max(64).openapi({ example: 'ABCD-EFGH-JKMN', description: 'The code of the letter; case- and dash-insensitive' }) })
  .strict()
  .openapi('AdministratorClaimConfirmation');

export const ClaimStatusSchema = z.enum(CLAIM_STATUSES).openapi('AdministratorClaimStatus');
export const ClaimSchema = z
  .object({
    id: z.string().uuid(),
    status: ClaimStatusSchema,
    registrationNumber: z.string(),
    companyName: z.string().openapi({ description: 'As the company register names it' }),
    claimant: z.object({ personId: z.string().uuid(), name: z.string() }),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime().openapi({ description: 'The code must be entered before this (ADMIN_CLAIM_DEADLINE)' }),
    decidedAt: z.string().datetime().nullable(),
    spaceIds: z.array(z.string().uuid()).openapi({ description: 'The company’s spaces: confirmed, the claimant administers each' }),
  })
  .openapi('AdministratorClaim');

export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;
export type ClaimView = z.infer<typeof ClaimSchema>;

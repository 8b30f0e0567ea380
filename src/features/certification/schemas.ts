// Schemas of certification requests, shared by the space side and the staff side.
import { z } from '@hono/zod-openapi';
import { CERTIFICATION_DECISIONS, CERTIFICATION_STATUSES } from '../../domain/certification';
import { ACTIVITY_FIELDS } from '../../domain/certification';
import { activityFieldDocumentsRule, CertificationDocumentSchema, DocumentsInputSchema } from './documents';
import { nonBlankText } from '../../platform/schemas';

export const CertificationStatusSchema = z.enum(CERTIFICATION_STATUSES).openapi('CertificationStatus');

export const CertificationRequestSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    activityField: z.string(),
    authority: z.string(),
    status: CertificationStatusSchema,
    note: z.string().nullable(),
    documents: z.array(CertificationDocumentSchema),
    requestedBy: z.string().uuid(),
    reason: z.string().nullable().openapi({ description: 'The reason the staff gave with their decision (approval or rejection)' }),
    informationRequest: z.string().nullable().openapi({ description: 'What the staff asked for (request for information)' }),
    supplementDueAt: z.string().datetime().nullable().openapi({ description: 'Without a supplement by then, the request closes' }),
    decidedAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('CertificationRequest');

export const StaffCertificationRequestSchema = CertificationRequestSchema.extend({
  space: z.object({ id: z.string().uuid(), name: z.string(), companyName: z.string(), companyRegistrationNumber: z.string() }),
}).openapi('StaffCertificationRequest');

export const DecisionSchema = z
  .object({
    decision: z.enum(CERTIFICATION_DECISIONS),
    reason: nonBlankText(4000).optional().openapi({ description: 'Required to reject (the reason) and to request information (the message); kept with an approval too' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.decision !== 'approve' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: body.decision === 'reject' ? 'a rejection needs a reason' : 'say which information is needed' });
    }
  })
  // The rule above, stated for the document: an approval, or a decision with its reason.
  .openapi('CertificationDecision', { anyOf: [{ properties: { decision: { enum: ['approve'] } } }, { required: ['reason'] }] });

export type CertificationRequestView = z.infer<typeof CertificationRequestSchema>;
export type StaffCertificationRequestView = z.infer<typeof StaffCertificationRequestSchema>;

export const CreateCertificationRequestSchema = z
  .object({
    activityField: z.enum(ACTIVITY_FIELDS.map((field) => field.code) as [string, ...string[]]).openapi({ description: 'A code from GET /catalog/activity-fields', example: ACTIVITY_FIELDS[0]!.code }),
    documents: DocumentsInputSchema,
    note: nonBlankText(4000).optional(),
  })
  .strict()
  .openapi('CreateCertificationRequest', activityFieldDocumentsRule());

export const SupplementSchema = z.object({ documents: DocumentsInputSchema }).strict().openapi('CertificationSupplement');

export type CreateCertificationRequest = z.infer<typeof CreateCertificationRequestSchema>;
export type CertificationDecisionRequest = z.infer<typeof DecisionSchema>;

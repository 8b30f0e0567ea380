// Schemas of certification requests, shared by the space side and the staff side.
import { z } from '@hono/zod-openapi';
import { CERTIFICATION_DECISIONS, CERTIFICATION_STATUSES, CERTIFICATION_VIAS } from '../../domain/certification';
import { CertificationDocumentSchema } from './documents';
import { nonBlankText } from '../../platform/http/schemas';

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

export const SpaceCertificationSchema = z
  .object({
    activityField: z.string().optional(),
    section: z.string().optional(),
    via: z.enum(CERTIFICATION_VIAS),
    certifiedAt: z.string().datetime(),
  })
  .openapi('SpaceCertification');

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

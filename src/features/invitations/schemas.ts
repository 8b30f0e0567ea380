// The invitation's requests and views (R1–R9, R12, R16, R17), as the API checks and documents them and the pages
// parse their forms with: one declaration each, the types inferred from them.
import { z } from '@hono/zod-openapi';
import { INVITATION_STATUSES } from '../../domain/access';
import {
  CertificateModeSchema,
  CertificateSsnSchema,
  EmailSchema,
  PermissionsInputSchema,
  PermissionsSchema,
  PersonNameSchema,
  RoleSchema,
  rolePermissionsRule,
} from '../../platform/schemas';

export const InvitationStatusSchema = z.enum(INVITATION_STATUSES).openapi('InvitationStatus');

export const CreateInvitationSchema = z
  .object({
    certificateSsn: CertificateSsnSchema,
    firstName: PersonNameSchema,
    lastName: PersonNameSchema,
    email: EmailSchema,
    role: RoleSchema,
    permissions: PermissionsInputSchema.optional(),
    certificateMode: CertificateModeSchema,
  })
  .strict()
  .openapi('CreateInvitation', rolePermissionsRule(false));
export type CreateInvitation = z.infer<typeof CreateInvitationSchema>;

export const EditInvitationSchema = z
  .object({
    firstName: PersonNameSchema.optional(),
    lastName: PersonNameSchema.optional(),
    email: EmailSchema.optional(),
    role: RoleSchema.optional(),
    permissions: PermissionsInputSchema.optional(),
    certificateMode: CertificateModeSchema.optional(),
  })
  .strict()
  .refine((edit) => Object.keys(edit).length > 0, 'name at least one field to change')
  .openapi('EditInvitation', { minProperties: 1, ...rolePermissionsRule(true) });
export type EditInvitation = z.infer<typeof EditInvitationSchema>;

export const InvitationSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    certificateSsn: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    role: RoleSchema,
    permissions: PermissionsSchema,
    certificateMode: CertificateModeSchema,
    status: InvitationStatusSchema,
    invitedBy: z.string().uuid(),
    expiresAt: z.string().datetime(),
    lastSentAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    answeredAt: z.string().datetime().nullable(),
  })
  .openapi('Invitation');

export type InvitationView = z.infer<typeof InvitationSchema>;

export const MyInvitationSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    spaceName: z.string(),
    companyName: z.string(),
    role: RoleSchema,
    permissions: PermissionsSchema,
    expiresAt: z.string().datetime(),
    invitedBy: z.object({ name: z.string() }).openapi({ description: 'Who invited me: the administrator accountable for the invitation (R11)' }),
  })
  .openapi('MyInvitation');
export type MyInvitation = z.infer<typeof MyInvitationSchema>;

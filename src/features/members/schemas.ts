// The member list's item (R18) and the change of a member (R12): one declaration each, types inferred from them.
import { z } from '@hono/zod-openapi';
import { MEMBER_STATUSES } from '../../domain/access';
import { CertificateModeSchema, PermissionsInputSchema, PermissionsSchema, RoleSchema, rolePermissionsRule } from '../../platform/schemas';

export const MemberSchema = z
  .object({
    id: z.string().uuid().openapi({ description: 'Membership id for active members, invitation id for pending invitees' }),
    status: z.enum(MEMBER_STATUSES),
    name: z.string(),
    email: z.string().nullable(),
    certificateSsn: z.string(),
    certificateMode: CertificateModeSchema,
    role: RoleSchema,
    permissions: PermissionsSchema,
    since: z.string().datetime(),
    invitationId: z.string().uuid().nullable(),
    expiresAt: z.string().datetime().nullable().openapi({ description: 'For pending invitees: when the invitation expires' }),
  })
  .openapi('Member');
export type MemberView = z.infer<typeof MemberSchema>;

export const MemberChangeSchema = z
  .object({ role: RoleSchema.optional(), permissions: PermissionsInputSchema.optional(), certificateMode: CertificateModeSchema.optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.permissions !== undefined || body.certificateMode !== undefined, 'name a role, permissions or a certificate mode')
  .openapi({ minProperties: 1, ...rolePermissionsRule(true) });
export type MemberChange = z.infer<typeof MemberChangeSchema>;

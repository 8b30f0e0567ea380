// Request and response schemas shared by several resources. They validate requests and generate /openapi.json.
import { z } from '@hono/zod-openapi';
import { CERTIFICATE_MODES, CERTIFICATE_SSN_PATTERN, INVITATION_STATUSES, LANGUAGES, PERMISSION_NAMES, permissionsForRole, ROLES } from '../shared/domain';

export const LanguageSchema = z.enum(LANGUAGES).openapi('Language', { description: 'fr, de or en (R39)' });
export const RoleSchema = z.enum(ROLES).openapi('Role');
export const CertificateSsnSchema = z
  .string()
  .regex(CERTIFICATE_SSN_PATTERN, 'must be exactly 20 digits')
  .openapi({ example: '12345678901234567890', description: 'LuxTrust certificate SSN, 20 digits (R8)' });
export const CertificateModeSchema = z.enum(CERTIFICATE_MODES).openapi('CertificateMode', { description: 'R16: later access with any certificate of the person, or only the invited one' });
export const InvitationStatusSchema = z.enum(INVITATION_STATUSES).openapi('InvitationStatus');

export const PermissionsSchema = z
  .object({ inviteUsers: z.boolean(), deleteUsers: z.boolean(), editProcedures: z.boolean(), signProcedures: z.boolean() })
  .openapi('Permissions');
export const PermissionsInputSchema = PermissionsSchema.partial().strict().openapi('PermissionsInput');

/**
 * permissionsForRole (its one home) stated for the OpenAPI document of a body with `role` and `permissions`: per
 * role, the values each flag may take, read off the rule itself. With `roleOptional`, a body without a role is left
 * to the server (it keeps the role held now, which only the data knows).
 */
export function rolePermissionsRule(roleOptional: boolean) {
  const branches = ROLES.map((role) => ({
    properties: {
      role: { enum: [role] },
      permissions: { properties: Object.fromEntries(PERMISSION_NAMES.map((name) => [name, { enum: [true, false].filter((value) => permissionsForRole(role, { [name]: value }).ok) }])) },
    },
  }));
  return { anyOf: roleOptional ? [{ not: { required: ['role'] } }, ...branches] : branches };
}

/**
 * For the OpenAPI document: text that is not blank once trimmed (the server trims, then needs one character). A
 * generated client or a fuzzer then knows that "   " is refused.
 */
export const NON_BLANK_PATTERN = '[^\\s\\ufeff]';
/** Trimmed text of 1..max characters, its non-blank rule stated in the document. */
export const nonBlankText = (max: number) => z.string().trim().min(1).max(max).openapi({ pattern: NON_BLANK_PATTERN });
const text = nonBlankText;
export const PersonNameSchema = text(100);
/** zod's own e-mail rule, stated as the pattern it checks (format: email alone allows more than zod does). */
export const EmailSchema = z.string().trim().max(254).email().openapi({ pattern: z.regexes.email.source });

export const AddressSchema = z
  .object({ line1: text(200), postalCode: text(20), city: text(100), country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. LU') })
  .strict()
  .openapi('Address');

export const MembershipSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    personId: z.string().uuid(),
    name: z.string(),
    email: z.string().nullable(),
    certificateSsn: z.string(),
    certificateMode: CertificateModeSchema,
    role: RoleSchema,
    permissions: PermissionsSchema,
    status: z.literal('active'),
    since: z.string().datetime(),
  })
  .openapi('Membership');

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

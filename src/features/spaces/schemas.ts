// The views of a space and of its memberships, as the API answers them and the pages render them: one declaration
// each, the zod schema that documents and checks the answer, and the type inferred from it.
import { z } from '@hono/zod-openapi';
import { LANGUAGES } from '../../domain/language';
import { AddressSchema, CertificateModeSchema, LanguageSchema, singleLineText, PermissionsSchema, RoleSchema } from '../../platform/schemas';

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

export type MembershipView = z.infer<typeof MembershipSchema>;

export const CompanySchema = z
  .object({ name: singleLineText(200).optional(), registrationNumber: singleLineText(50), address: AddressSchema.optional() })
  .strict()
  .openapi('Company', {
    description: 'For a number the company register knows, the register names the company and gives its address (name and address may be omitted); for any other, both are required.',
  });

// A response shape of its own: extending the strict request schema would describe an allOf no answer satisfies.
export const CompanyViewSchema = z
  .object({
    name: z.string(),
    registrationNumber: z.string(),
    address: AddressSchema,
    registered: z.boolean().openapi({ description: 'Whether the company register knows this registration number; letters go to the register’s address' }),
  })
  .openapi('CompanyView');

export const CertificationSchema = z
  .object({ activityField: z.string().optional(), section: z.string().optional(), via: z.enum(['request', 'activation-code']), certifiedAt: z.string().datetime() })
  .openapi('Certification');

export const SpaceSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    company: CompanyViewSchema,
    // Inline rather than the named Language schema: a nullable reference would not admit null in OpenAPI 3.1.
    procedureLanguage: z.enum(LANGUAGES).nullable(),
    certifications: z.array(CertificationSchema),
    myRole: RoleSchema,
    myPermissions: PermissionsSchema,
    createdAt: z.string().datetime(),
  })
  .openapi('Space');

export const CreateSpaceSchema = z
  .object({ name: singleLineText(200), company: CompanySchema, procedureLanguage: LanguageSchema.optional() })
  .strict()
  .openapi('CreateSpace');

export type SpaceView = z.infer<typeof SpaceSchema>;
export type CreateSpace = z.infer<typeof CreateSpaceSchema>;
export type CertificationView = z.infer<typeof CertificationSchema>;

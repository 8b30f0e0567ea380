// My profile (R2, R40): one declaration, its type inferred.
import { z } from '@hono/zod-openapi';
import { EmailSchema, LanguageSchema } from '../../platform/schemas';

export const MeSchema = z
  .object({ personId: z.string().uuid(), certificateSsn: z.string(), name: z.string(), email: z.string().nullable(), language: LanguageSchema })
  .openapi('Me');
export type Me = z.infer<typeof MeSchema>;

export const ProfileChangeSchema = z
  .object({ language: LanguageSchema.optional(), email: EmailSchema.optional() })
  .strict()
  .refine((change) => change.language !== undefined || change.email !== undefined, 'name a language or an e-mail address')
  .openapi('ProfileChange', { minProperties: 1 });
export type ProfileChange = z.infer<typeof ProfileChangeSchema>;

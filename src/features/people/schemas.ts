// My profile (R2, R40): one declaration, its type inferred.
import { z } from '@hono/zod-openapi';
import { LanguageSchema } from '../../platform/schemas';

export const MeSchema = z
  .object({ personId: z.string().uuid(), certificateSsn: z.string(), name: z.string(), email: z.string().nullable(), language: LanguageSchema })
  .openapi('Me');
export type Me = z.infer<typeof MeSchema>;

export const ProfileChangeSchema = z.object({ language: LanguageSchema }).strict();

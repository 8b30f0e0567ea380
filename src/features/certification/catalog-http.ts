// Small catalogs (plain arrays): the activity fields a space can be certified for (R20, R21).
import { createRoute, z } from '@hono/zod-openapi';
import { ACTIVITY_FIELDS } from '../../domain/certification';
import { bearer, createRouter, problems } from '../../platform/http/router';

const NamesSchema = z.object({ fr: z.string(), de: z.string(), en: z.string() }).openapi('Names');

const ActivityFieldSchema = z
  .object({
    code: z.string(),
    names: NamesSchema,
    authority: z.string().openapi({ description: 'Code of the deciding authority (the `staff` claim of its staff tokens)' }),
    requiredDocuments: z.array(z.object({ code: z.string(), names: NamesSchema })),
    acceptedContentTypes: z.array(z.string()),
    maxDocumentBytes: z.number().int().openapi({ description: 'Per document, decoded' }),
    maxDocuments: z.number().int().openapi({ description: 'Per submission or supplement' }),
  })
  .openapi('ActivityField');

const listActivityFields = createRoute({
  method: 'get',
  path: '/catalog/activity-fields',
  tags: ['Certification'],
  summary: 'Activity fields a space can be certified for, with the deciding authority and the documents it needs',
  security: bearer,
  responses: { 200: { description: 'The catalog', content: { 'application/json': { schema: z.array(ActivityFieldSchema) } } }, ...problems(401) },
});

export const catalogRoutes = createRouter().openapi(listActivityFields, (c) =>
  c.json(
    ACTIVITY_FIELDS.map((field) => ({
      code: field.code,
      names: field.names,
      authority: field.authority,
      requiredDocuments: field.requiredDocuments,
      acceptedContentTypes: field.acceptedContentTypes,
      maxDocumentBytes: field.maxDocumentBytes,
      maxDocuments: field.maxDocuments,
    })),
    200,
  ),
);

// A procedure's requests and views (R12–R14, R20, R35, R42–R45): one declaration each, types inferred from them.
import { z } from '@hono/zod-openapi';
import { PROCEDURE_STATUSES, PROCEDURE_TYPES } from '../../domain/procedures';
import { LanguageSchema } from '../../platform/schemas';

export const ProcedureStatusSchema = z.enum(PROCEDURE_STATUSES).openapi('ProcedureStatus');
export const FieldValueSchema = z.union([z.string().trim().max(2000), z.number().finite(), z.boolean()]);
export const DataSchema = z
  .record(z.string().min(1).max(100), FieldValueSchema)
  .openapi('ProcedureData', { description: "Form fields of the procedure type (GET /catalog/procedures lists each type's `fields`)" });
/** JSON merge patch (RFC 7386) of the form data: null removes a field. */
export const DataPatchSchema = z.record(z.string().min(1).max(100), FieldValueSchema.nullable()).openapi('ProcedureDataPatch');

export const ProcedureTypeSchema = z
  .object({
    code: z.string(),
    section: z.string().openapi({ description: 'A section code (GET /catalog/sections)' }),
    languages: z.array(LanguageSchema).openapi({ description: 'The languages this type is offered in (R43)' }),
    requiresCertification: z.string().optional().openapi({ description: 'Activity field the space must be certified for (R20; GET /catalog/activity-fields)' }),
    names: z.object({ fr: z.string(), de: z.string(), en: z.string() }),
    fields: z.array(z.string()),
    requiredFields: z.array(z.string()).openapi({ description: 'The fields a procedure of this type must carry before it is signed or submitted (422 `procedure_incomplete` otherwise)' }),
  })
  .openapi('ProcedureType');

export const ProcedureSchema = z
  .object({
    id: z.string().uuid(),
    spaceId: z.string().uuid(),
    type: z.string(),
    section: z.string(),
    status: ProcedureStatusSchema,
    language: LanguageSchema,
    languageFallback: z
      .object({ requested: LanguageSchema, used: LanguageSchema })
      .nullable()
      .openapi({ description: 'Set when the type is not offered in the wanted language and another was used (R43)' }),
    data: DataSchema,
    onBehalfOf: z.string().uuid().nullable(),
    filedBy: z
      .object({ spaceId: z.string().uuid(), companyName: z.string() })
      .nullable()
      .openapi({ description: 'Seen by the mandator: the delegate space that filed this procedure on its behalf (R28, R35); null in the filing space’s own view.' }),
    createdBy: z.string().uuid(),
    signedBy: z.string().uuid().nullable(),
    signedAt: z.string().datetime().nullable(),
    submittedBy: z.string().uuid().nullable(),
    submittedAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('Procedure');

/** A procedure type's code (GET /catalog/procedures). */
export const ProcedureTypeCodeSchema = z.enum(PROCEDURE_TYPES.map((type) => type.code) as [string, ...string[]]).openapi('ProcedureTypeCode');

export const CreateProcedureSchema = z
  .object({
    type: z.enum(PROCEDURE_TYPES.map((type) => type.code) as [string, ...string[]]).openapi({ description: 'A code from GET /catalog/procedures', example: 'vat-return' }),
    onBehalfOf: z.string().uuid().optional().openapi({ description: "A mandator's spaceId (GET /spaces/{spaceId}/mandators, R35)" }),
    data: DataSchema.default({}),
  })
  .strict()
  // checkFields stated for the document: per type, only that type's own fields in `data`.
  .openapi('CreateProcedure', {
    anyOf: PROCEDURE_TYPES.map((type) => ({
      properties: { type: { enum: [type.code] }, data: { properties: Object.fromEntries(type.fields.map((field) => [field, {}])), additionalProperties: false } },
    })),
  });

export const PatchProcedureSchema = z.object({ data: DataPatchSchema }).strict().openapi('PatchProcedure');

export type ProcedureView = z.infer<typeof ProcedureSchema>;
export type CreateProcedure = z.infer<typeof CreateProcedureSchema>;
export type FieldValue = z.infer<typeof FieldValueSchema>;

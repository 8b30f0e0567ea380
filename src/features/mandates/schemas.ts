// Mandates and activation codes (R22–R38): the requests and views as the API checks and documents them and the
// pages parse their forms with; one declaration each, types inferred from them.
import { z } from '@hono/zod-openapi';
import {
  ACTIVATION_CODE_KINDS,
  ACTIVATION_CODE_STATUSES,
  DELEGATION_STATUSES,
  LETTER_STATUSES,
  MANDATE_MAX_YEARS,
  MANDATE_STATUSES,
  MAX_DELEGATE_CODES,
} from '../../domain/mandates';
import { SECTION_CODES } from '../../domain/sections';
import { DayOrDateTimeSchema } from '../../platform/schemas';

export const SectionCodeSchema = z.enum(SECTION_CODES).openapi('SectionCode');
export const SectionSchema = z
  .object({
    code: SectionCodeSchema,
    names: z.object({ fr: z.string(), de: z.string(), en: z.string() }),
    authority: z.string().openapi({ description: 'The administering authority: its staff (the `staff` claim) set deadlines of this section’s mandates' }),
    procedures: z.array(z.string()).openapi({ description: 'Procedure type codes the section covers' }),
  })
  .openapi('Section');
export const ScopeSchema = z
  .object({
    procedures: z.boolean().openapi({
      description:
        "The delegate may start, edit, sign and submit procedures on the mandator's behalf (R35) — every procedure type of the mandate's section, as GET /catalog/sections lists them; a mandate covers one section, so a narrower set of procedures means a mandate for another section.",
    }),
    dataConsultation: z.boolean().openapi({
      description: "The delegate may consult the mandator's company, certifications and procedures of the section: GET /spaces/{spaceId}/mandators/{mandatorSpaceId} (R24, R28).",
    }),
  })
  .strict()
  .refine((scope) => scope.procedures || scope.dataConsultation, 'choose procedures, dataConsultation or both')
  // The rule above, stated for the document: at least one flag is true.
  .openapi('MandateScope', { description: 'R24: procedures, data consultation or both', anyOf: [{ properties: { procedures: { enum: [true] } } }, { properties: { dataConsultation: { enum: [true] } } }] });
export const EndDateSchema = DayOrDateTimeSchema(`End date of use (R34), at most ${MANDATE_MAX_YEARS} years ahead`);

export const AccessRequestSchema = z
  .object({ section: SectionCodeSchema, scope: ScopeSchema, delegateCodes: z.number().int().min(0).max(MAX_DELEGATE_CODES), endDate: EndDateSchema.optional() })
  .strict()
  .openapi('AccessRequest');
export const AccessRequestAnswerSchema = z
  .object({ id: z.string().uuid().openapi({ description: 'The access request; it is the mandate it creates' }), mandateId: z.string().uuid(), status: z.enum(MANDATE_STATUSES) })
  .openapi('AccessRequestAnswer');
export const ActivationSchema = z.object({ code: z.string().min(1).max(64).openapi({ example: 'ABCD-EFGH-JKMN', description: 'Case- and dash-insensitive' }) }).strict().openapi('ActivationCodeEntry');
export const ActivationAnswerSchema = z
  .object({ kind: z.enum(ACTIVATION_CODE_KINDS), mandateId: z.string().uuid(), section: z.string(), mandator: z.object({ spaceId: z.string().uuid(), companyName: z.string() }) })
  .openapi('ActivationResult');
export const PartySchema = z.object({ spaceId: z.string().uuid(), companyName: z.string(), registrationNumber: z.string() });
export const MandateSchema = z
  .object({
    id: z.string().uuid(),
    section: z.string(),
    scope: z.object({ procedures: z.boolean(), dataConsultation: z.boolean() }),
    status: z.enum(MANDATE_STATUSES),
    activationDeadline: z.string().datetime(),
    endDate: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
    mandator: PartySchema,
    delegates: z.array(PartySchema.extend({ status: z.enum(DELEGATION_STATUSES), since: z.string().datetime(), endedAt: z.string().datetime().nullable() })),
    letters: z.array(z.object({ id: z.string().uuid(), kind: z.enum(ACTIVATION_CODE_KINDS), status: z.enum(LETTER_STATUSES), language: z.string(), printedAt: z.string().datetime(), dispatchedAt: z.string().datetime().nullable() })),
    codes: z.array(
      z.object({
        kind: z.enum(ACTIVATION_CODE_KINDS),
        status: z.enum(ACTIVATION_CODE_STATUSES),
        usedAt: z.string().datetime().nullable(),
        activationDeadline: z.string().datetime().openapi({ description: "The mandate's, or the own deadline of delegate codes issued later" }),
      }),
    ),
  })
  .openapi('Mandate');

export const MandateEndDateSchema = z.object({ endDate: EndDateSchema.nullable() }).strict().openapi('MandateEndDate');
export const DelegateCodesChangeSchema = z.object({ delegateCodes: z.number().int().min(1).max(MAX_DELEGATE_CODES) }).strict().openapi('DelegateCodesChange');
export const StaffMandateChangeSchema = z
  .object({ activationDeadline: DayOrDateTimeSchema('Activation deadline of the unused codes (R34)').optional(), endDate: EndDateSchema.nullable().optional() })
  .strict()
  .refine((value) => value.activationDeadline !== undefined || value.endDate !== undefined, 'name activationDeadline, endDate or both')
  .openapi('StaffMandateChange', { minProperties: 1 });

export const MandatorSchema = PartySchema.extend({
  mandateId: z.string().uuid(),
  section: z.string(),
  scope: z.object({ procedures: z.boolean(), dataConsultation: z.boolean() }),
  since: z.string().datetime(),
  endDate: z.string().datetime().nullable(),
}).openapi('Mandator', { description: 'A company this space acts for (R27, R28); spaceId is what onBehalfOf takes (R35)' });

export type MandatorView = z.infer<typeof MandatorSchema>;
export type AccessRequest = z.infer<typeof AccessRequestSchema>;
export type AccessRequestAnswer = z.infer<typeof AccessRequestAnswerSchema>;
export type ActivationAnswer = z.infer<typeof ActivationAnswerSchema>;
export type MandateView = z.infer<typeof MandateSchema>;
export type MandateParty = z.infer<typeof PartySchema>;
export type StaffMandateChange = z.infer<typeof StaffMandateChangeSchema>;


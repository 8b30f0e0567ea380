// What a delegate sees of its mandators (R27, R28, R35, R38): one declaration each, types inferred from them.
import { z } from '@hono/zod-openapi';
import { pageOf } from '../../platform/http/router';
import { AddressSchema } from '../../platform/schemas';
import { ProcedureSchema } from '../procedures/schemas';
import { CertificationSchema } from '../spaces/schemas';

const ScopeSchema = z.object({ procedures: z.boolean(), dataConsultation: z.boolean() });

export const MandatorDataSchema = z
  .object({
    spaceId: z.string().uuid(),
    company: z
      .object({ name: z.string(), registrationNumber: z.string(), address: AddressSchema, registered: z.boolean() })
      .openapi({ description: 'Who the mandator is: as the company register holds it (registered: true), else as its space declares it' }),
    mandates: z.array(z.object({ mandateId: z.string().uuid(), section: z.string(), scope: ScopeSchema, endDate: z.string().datetime().nullable() })).openapi({
      description: 'The active mandates this space holds from the mandator; procedures are shown for the sections whose scope grants data consultation',
    }),
    certifications: z.array(CertificationSchema),
    procedures: pageOf(ProcedureSchema, 'MandatorProcedurePage'),
  })
  .openapi('MandatorData');

export const MandatorMoveSchema = z.object({ toSpaceId: z.string().uuid() }).strict().openapi('MandatorMove');
export const MandatorMovedSchema = z.object({ toSpaceId: z.string().uuid(), mandateIds: z.array(z.string().uuid()) }).openapi('MandatorMoved');

export type MandatorData = z.infer<typeof MandatorDataSchema>;
export type MandatorMoved = z.infer<typeof MandatorMovedSchema>;

// A timeline entry as the API answers it and the history page shows it.
import { z } from '@hono/zod-openapi';
import { SPACE_EVENT_TYPES } from '../../domain/timeline';

export const SpaceEventSchema = z
  .object({
    id: z.string(),
    type: z.enum(SPACE_EVENT_TYPES),
    actor: z.object({ personId: z.string().uuid().nullable(), name: z.string() }).nullable().openapi({ description: 'null when the system acted (reminders, expiry)' }),
    subjectId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.string().datetime(),
  })
  .openapi('SpaceEvent');
export type SpaceEventView = z.infer<typeof SpaceEventSchema>;

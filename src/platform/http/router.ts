// One way to make a router: OpenAPI-described routes whose request validation failures become 422 problems.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { AppEnv } from './env';
import { CURSOR_PATTERN } from '../pagination';
import { validationError } from '../schemas';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues);
    },
  });
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    missingDocuments: z.array(z.string()).optional().openapi({ description: 'missing_documents: the `requiredDocuments` codes not sent' }),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Error responses for the OpenAPI description of a route. */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Malformed request',
    401: 'Missing or invalid token',
    403: 'Lacking a permission',
    404: 'Unknown or foreign resource',
    409: 'Conflicts with the current state',
    410: 'Gone',
    413: 'Request body too large',
    422: 'Validation failed',
    429: 'Too many requests',
    503: 'A dependency is unavailable',
  };
  return Object.fromEntries(statuses.map((status) => [status, { description: descriptions[status] ?? 'Error', content: problemContent }]));
}

export const UuidParam = (name: string) => z.string().uuid().openapi({ param: { name, in: 'path' } });

const pageQuery = (ids: 'uuid' | 'text') =>
  z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Page size (default 50, max 200)' }),
    cursor: z
      .string()
      .max(400)
      .regex(new RegExp(CURSOR_PATTERN[ids]), 'validation.cursor')
      .optional()
      .openapi({ description: 'nextCursor of the previous page: `<epoch milliseconds>_<id of the last item>`', example: '1767225600000_3fa85f64-5717-4562-b3fc-2c963f66afa6' }),
  });
export const PageQuery = pageQuery('uuid');
/** For lists keyed by text ids (the timeline). */
export const TextPageQuery = pageQuery('text');

export function pageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

export const bearer = [{ bearerAuth: [] as string[] }];

/** A JSON response for the OpenAPI description of a route. */
export const jsonContent = (schema: z.ZodTypeAny, description: string) => ({ description, content: { 'application/json': { schema } } });

/** API.md: POST routes that start a process accept an Idempotency-Key. */
export const idempotencyHeader = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().openapi({ description: 'On every POST that starts a process (delegate codes included): a retry with the same key and the same body returns the first answer and starts nothing new; the same key with another body → 422 idempotency_key_reused' }),
});

/**
 * A 200 whose JSON the database wrote (`readJsonPageAsMember`), typed as the JSON response `T` it is. The tests
 * built from /openapi.json check it against the route's schema like any other answer.
 */
export function jsonText<T>(c: Context, body: string): TypedResponse<T, 200, 'json'> {
  return c.body(body, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<T, 200, 'json'>;
}

// JSON request bodies: bounded in bytes, then in shape (depth, entries per array or object) by one linear scan of
// the raw text BEFORE anything parses or walks them recursively, then refused when Postgres could not store a text.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env';
import { DomainError } from '../../domain/errors';
import { unstorableTextPath } from './text';

/** Deeper than any body this API takes (a procedure's data included), far below what a recursive walk survives. */
export const MAX_JSON_DEPTH = 32;
/** Entries per array or object: more than any legitimate list (documents, payloads), few enough to stay cheap. */
export const MAX_JSON_ENTRIES = 10_000;

const invalid = (message: string) => new DomainError('validation_failed', `The body ${message}.`, { errors: [{ path: '(body)', message }] });

/**
 * Why the text is not a JSON value this API takes (too deep, too many entries), or undefined. One pass over the
 * characters, no recursion and no regular expression: its cost is linear and it stops at the first excess. Syntax is
 * left to JSON.parse; only brackets outside strings count.
 */
export function jsonShapeProblem(text: string, limits = { depth: MAX_JSON_DEPTH, entries: MAX_JSON_ENTRIES }): string | undefined {
  // entries[d] counts the commas seen at depth d + 1 (entries = commas + 1).
  const entries: number[] = [];
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index += 1;
      else if (char === 0x22 /* " */) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (entries.length >= limits.depth) return `is nested deeper than ${limits.depth} levels`;
      entries.push(0);
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) entries.pop();
    else if (char === 0x2c /* , */ && entries.length > 0) {
      const top = entries.length - 1;
      entries[top] = entries[top]! + 1;
      if (entries[top]! >= limits.entries) return `has an array or object with more than ${limits.entries} entries`;
    }
  }
  return undefined;
}

/**
 * For POST, PUT and PATCH with a JSON content type: refuses (422) a body that is not JSON, is shaped beyond the
 * limits, or carries text Postgres cannot store (NUL, unpaired surrogates), naming its path. The body was bounded
 * in bytes before (413), and the caller authenticated before that (401).
 */
export const jsonBodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && (c.req.header('content-type') ?? '').includes('json')) {
    const text = await c.req.text();
    const shape = jsonShapeProblem(text);
    if (shape) throw invalid(shape);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DomainError('validation_failed', 'The body is not valid JSON.', { errors: [{ path: '(body)', message: 'invalid JSON' }] });
    }
    const where = unstorableTextPath(body);
    if (where !== undefined) {
      throw new DomainError('validation_failed', `${where}: text with a NUL character or an unpaired surrogate cannot be stored`, { errors: [{ path: where, message: 'contains a NUL character or an unpaired surrogate' }] });
    }
  }
  await next();
});

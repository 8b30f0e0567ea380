// Ids derived from what identifies a request, so a retry with the same Idempotency-Key lands on the same
// resource (and the same workflow id).
import { createHash } from 'node:crypto';

/** A version-8 (custom) UUID from the SHA-256 of the parts. */
export function derivedUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

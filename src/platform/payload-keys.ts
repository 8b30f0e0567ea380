// The keys that seal Temporal payloads (PAYLOAD_KEYS): how configuration reads them; the codec uses them.

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/**
 * The development key (documented in the README; never for production, where PAYLOAD_KEYS is required). Any
 * process of a development setup (npm start, npm run api/worker, tests, bench) opens what the others sealed.
 */
export const DEV_PAYLOAD_KEYS = 'dev-1:2LIOv1pA4qB7KuxGFVdp8ksGrSDeKKdjQ3UvnUTN54g=';

/** `id:base64key,…`, newest first; each key 32 bytes (AES-256), ids unique. */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('expected id:base64key[,id:base64key…]');
  const keys = entries.map((entry) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    if (separator <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error('each key is id:base64key with an id of letters, digits, ".", "_" or "-"');
    const encoded = entry.slice(separator + 1);
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length !== 32) throw new Error(`key ${id} must be 32 bytes in base64 (e.g. openssl rand -base64 32)`);
    return { id, key };
  });
  const ids = keys.map((key) => key.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new Error(`key id ${repeated} is listed twice`);
  return keys;
}

// Sealed payloads: every Temporal payload (workflow inputs and results, activity and local-activity arguments and
// results, update arguments and results, queries, memos, summaries) leaves the process encrypted with
// AES-256-GCM, so histories on the server carry no personal data in clear. Keys rotate: each sealed payload names
// the id of its key in its metadata; the newest key (first of PAYLOAD_KEYS) seals, any listed key opens.
// Search attributes are not payloads of this kind: the server indexes them in clear (see search-attributes.ts).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { PayloadKey } from '../payload-keys';

export { DEV_PAYLOAD_KEYS, parsePayloadKeys, type PayloadKey } from '../payload-keys';

const { temporal } = proto;
const SEALED_ENCODING = 'binary/encrypted';
const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const text = (value: Uint8Array | null | undefined) => (value ? Buffer.from(value).toString('utf8') : undefined);

export class SealingCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('SealingCodec needs at least one key');
    this.current = keys[0]!;
    this.keys = new Map(keys.map((key) => [key.id, key.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (text(payload.metadata?.[METADATA_ENCODING_KEY]) === SEALED_ENCODING ? payload : this.seal(payload)));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    // Unsealed payloads (written before sealing, or by a tool without the codec) pass through unchanged.
    return payloads.map((payload) => (text(payload.metadata?.[METADATA_ENCODING_KEY]) === SEALED_ENCODING ? this.open(payload) : payload));
  }

  private seal(payload: Payload): Payload {
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // The key id is authenticated too: a payload relabelled with another key id does not open.
    cipher.setAAD(Buffer.from(this.current.id));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(SEALED_ENCODING), [KEY_ID_METADATA]: Buffer.from(this.current.id) },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (!key || keyId === undefined) throw new ValueError(`Sealed payload with unknown key id ${JSON.stringify(keyId ?? null)}: add that key to PAYLOAD_KEYS`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('Sealed payload too short');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError(`Sealed payload does not open with key ${keyId}`);
    }
    return temporal.api.common.v1.Payload.decode(plain) as Payload;
  }
}

/** Seals failure messages and stack traces too (they are clear-text fields of a failure otherwise). */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/** The data converter of every client, worker and replayer of the project (and of the workflow bundle). */
export function sealedDataConverter(keys: PayloadKey[]): DataConverter {
  return { payloadCodecs: [new SealingCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

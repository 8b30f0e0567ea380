// Codes by post (activation codes R22, R25; administrator claims): generated with a CSPRNG, stored only as
// HMAC-SHA256 under ACTIVATION_CODE_SECRET. The clear code exists only in the memory of the activity that prints its
// letter, and in the request that enters it.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { ACTIVATION_CODE_ALPHABET, ACTIVATION_CODE_LENGTH, normalizeActivationCode } from '../domain/mandates';

/** A fresh code, normalised (no dashes). randomInt is unbiased, so every symbol is equally likely. */
export function generateActivationCode(): string {
  let code = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i += 1) code += ACTIVATION_CODE_ALPHABET[randomInt(ACTIVATION_CODE_ALPHABET.length)];
  return code;
}

export function requireCodeSecret(secret: string | undefined): string {
  if (!secret) throw new Error('ACTIVATION_CODE_SECRET is not configured: activation codes cannot be issued or checked');
  return secret;
}

/** The stored form of a normalised code. */
export function hashActivationCode(secret: string, normalized: string): string {
  return createHmac('sha256', secret).update(normalized).digest('hex');
}

/** Hash of what someone typed, or undefined when it cannot be a code at all. */
export function hashEnteredCode(secret: string, input: string): string | undefined {
  const normalized = normalizeActivationCode(input);
  return normalized ? hashActivationCode(secret, normalized) : undefined;
}

/** Whether what someone typed is the code of this stored hash, compared in constant time. */
export function matchesCodeHash(secret: string, input: string, storedHash: string | null): boolean {
  const entered = hashEnteredCode(secret, input);
  if (!entered || !storedHash || entered.length !== storedHash.length) return false;
  return timingSafeEqual(Buffer.from(entered, 'hex'), Buffer.from(storedHash, 'hex'));
}

// The activation-code limit called as a use-case, on Postgres, without Temporal or HTTP (anti-automation): five
// wrong codes within the hour per space and per certificate, then 429 with Retry-After — a new space gives no new
// guesses.
import { describe, expect, it } from 'vitest';
import { createSpace } from '../../src/features/spaces/use-cases';
import { enterActivationCode } from '../../src/features/mandates/use-cases';
import type { Requester } from '../../src/platform/requester';
import { companyAddress, useUseCases } from '../support';

const harness = useUseCases();

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { code?: string; extra?: { retryAfterSeconds?: number } }) => ({ code: error.code, retryAfter: error.extra?.retryAfterSeconds }));
const newSpace = (admin: Requester) => createSpace(admin, { name: 'Unit', company: { name: 'Unit SA', registrationNumber: 'B123456', address: companyAddress } });

describe('activation codes, as use-cases', () => {
  it('five wrong codes from one certificate, then 429 with a wait — in that space and in a new one of the same person', async () => {
    const admin = harness.as();
    const space = await newSpace(admin);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await failure(enterActivationCode(admin, space.id, 'ABCD-EFGH-JKMN'))).toEqual({ code: 'invalid_code', retryAfter: undefined });
    }
    const limited = await failure(enterActivationCode(admin, space.id, 'ABCD-EFGH-JKMN'));
    expect(limited?.code).toBe('too_many_attempts');
    expect(limited?.retryAfter).toBeGreaterThan(3500);
    const another = await newSpace(admin);
    expect((await failure(enterActivationCode(admin, another.id, 'ABCD-EFGH-JKMN')))?.code).toBe('too_many_attempts');
  });

  it('a malformed code is as wrong as an unknown one, and counts', async () => {
    const admin = harness.as();
    const space = await newSpace(admin);
    expect((await failure(enterActivationCode(admin, space.id, 'not a code')))?.code).toBe('invalid_code');
  });
});

// The claim's pure rules (src/domain/claims.ts) and the wrong-code limit it shares with activation codes
// (src/domain/mandates.ts), in milliseconds.
import { describe, expect, it } from 'vitest';
import { claimRefusal } from '../../src/domain/claims';
import { DomainError } from '../../src/domain/errors';
import { ACTIVATION_FAILURE_LIMIT, ACTIVATION_FAILURE_WINDOW_MS, requireAttemptsLeft } from '../../src/domain/mandates';
import { matchesCodeHash, hashActivationCode } from '../../src/platform/codes';

const NOW = Date.UTC(2027, 0, 15, 12);

describe('claimRefusal', () => {
  it('an open claim before its deadline may be confirmed or objected to', () => {
    expect(claimRefusal('letter_sent', NOW + 1, NOW)).toBeUndefined();
  });
  it('past the deadline, or expired, it is 410 claim_expired', () => {
    expect(claimRefusal('letter_sent', NOW, NOW)?.code).toBe('claim_expired');
    expect(claimRefusal('expired', NOW + 1000, NOW)?.code).toBe('claim_expired');
  });
  it('confirmed, objected or a decision under way: 409 claim_closed, whatever the deadline', () => {
    for (const status of ['confirmed', 'objected', 'confirming', 'objecting']) {
      expect(claimRefusal(status, NOW + 1000, NOW)?.code, status).toBe('claim_closed');
      expect(claimRefusal(status, NOW - 1000, NOW)?.code, status).toBe('claim_closed');
    }
  });
});

describe('the wrong-code limit of every code by post', () => {
  it('lets guesses through below the limit, in every scope', () => {
    expect(() => requireAttemptsLeft([{ what: 'a', count: ACTIVATION_FAILURE_LIMIT - 1, oldest: new Date(NOW) }, { what: 'b', count: 0, oldest: null }], NOW)).not.toThrow();
  });
  it('refuses with 429 once one scope is full, until its oldest failure leaves the window', () => {
    const oldest = new Date(NOW - 10 * 60_000);
    let refusal: unknown;
    try {
      requireAttemptsLeft([{ what: 'for this claim', count: 0, oldest: null }, { what: 'with this certificate', count: ACTIVATION_FAILURE_LIMIT, oldest }], NOW);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('too_many_attempts');
    expect((refusal as DomainError).status).toBe(429);
    expect((refusal as DomainError).extra.retryAfterSeconds).toBe((ACTIVATION_FAILURE_WINDOW_MS - 10 * 60_000) / 1000);
  });
});

describe('matchesCodeHash', () => {
  const secret = 'a-test-secret-of-enough-length';
  const stored = hashActivationCode(secret, 'ABCDEFGHJKMN');
  it('accepts the code however it is typed (case, dashes), and nothing else', () => {
    expect(matchesCodeHash(secret, 'abcd-efgh-jkmn', stored)).toBe(true);
    expect(matchesCodeHash(secret, 'ABCD-EFGH-JKMP', stored)).toBe(false);
    expect(matchesCodeHash(secret, 'not a code', stored)).toBe(false);
    expect(matchesCodeHash(secret, 'ABCD-EFGH-JKMN', null)).toBe(false);
    expect(matchesCodeHash('another-secret-of-enough-length', 'ABCD-EFGH-JKMN', stored)).toBe(false);
  });
});

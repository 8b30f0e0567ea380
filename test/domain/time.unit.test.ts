// Luxembourg days without Intl (src/domain/time.ts), which workflows use, agree with the i18n module's Intl-based
// Europe/Luxembourg on every day of several years, summer time and its changes included.
import { describe, expect, it } from 'vitest';
import { endOfLuxembourgDayMs } from '../../src/domain/time';
import { endOfLuxembourgDay, isEndOfLuxembourgDay } from '../../src/platform/i18n';

const TIME_ZONE_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Luxembourg', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('the end of a Luxembourg day', () => {
  it('is the Intl end of that day, for instants every 7 hours over 2025–2030', () => {
    for (let at = Date.UTC(2025, 0, 1); at < Date.UTC(2031, 0, 1); at += 7 * 3_600_000) {
      const expected = endOfLuxembourgDay(TIME_ZONE_DAY.format(new Date(at))).getTime();
      expect([new Date(at).toISOString(), endOfLuxembourgDayMs(at)]).toEqual([new Date(at).toISOString(), expected]);
    }
  });

  it('prints as a date: a deadline counted in days ends with its day', () => {
    expect(isEndOfLuxembourgDay(new Date(endOfLuxembourgDayMs(Date.UTC(2027, 1, 2, 2, 0))))).toBe(true);
    expect(new Date(endOfLuxembourgDayMs(Date.UTC(2027, 1, 2, 2, 0))).toISOString()).toBe('2027-02-02T22:59:59.999Z');
    expect(new Date(endOfLuxembourgDayMs(Date.UTC(2027, 6, 1, 23, 30))).toISOString()).toBe('2027-07-02T21:59:59.999Z');
  });
});

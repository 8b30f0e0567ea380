// Luxembourg time without Intl, for code that must be deterministic (workflows) and for the rules that count
// deadlines in days: Europe/Luxembourg is UTC+1, and UTC+2 from the last Sunday of March to the last Sunday of
// October, both at 01:00 UTC (the EU rule). Pure.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** 01:00 UTC on the last Sunday of `month` (0-based) of `year`: when the EU changes its clocks. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS + HOUR_MS;
}

/** Luxembourg's offset from UTC at an instant, in milliseconds (one hour in winter, two in summer). */
export function luxembourgOffsetMs(atMs: number): number {
  const year = new Date(atMs).getUTCFullYear();
  return atMs >= lastSundayAtOneUtc(year, 2) && atMs < lastSundayAtOneUtc(year, 9) ? 2 * HOUR_MS : HOUR_MS;
}

/**
 * The last millisecond of the Luxembourg day in which `atMs` falls: a deadline counted in days ends with its day, as
 * letters print it, so a code entered later that day still counts.
 */
export function endOfLuxembourgDayMs(atMs: number): number {
  const local = new Date(atMs + luxembourgOffsetMs(atMs));
  const endWallClock = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 23, 59, 59, 999);
  // The clocks change at 01:00 UTC, never near midnight: the offset of the guess is the day's end's.
  return endWallClock - luxembourgOffsetMs(endWallClock);
}

/**
 * A deadline `periodMs` after `fromMs`: counted in days (a period of a day or more), it ends with its Luxembourg day;
 * a shorter one (minutes in a test setup) at the very instant.
 */
export function deadlineAfter(fromMs: number, periodMs: number): number {
  return periodMs >= DAY_MS ? endOfLuxembourgDayMs(fromMs + periodMs) : fromMs + periodMs;
}

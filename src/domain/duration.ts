// Lifecycle durations are written like `14d`, `10m`, `5s`, `250ms` (API.md). Pure: used by workflows too.
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 30d, 12h, 10m, 5s or 500ms`);
  return Math.round(Number(match[1]) * UNITS[match[2]!]!);
}

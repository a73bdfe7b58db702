/**
 * Durations as written on the command line: a sequence of <number><unit> with units ms, s, m, h
 * (`500ms`, `5s`, `2m`, `1h30m`), as Go's time.ParseDuration and kubectl's `--timeout` accept them.
 * A bare number is rejected: `--wait 10` is ambiguous.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '') throw new Error('empty duration');
  if (input === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (!match || match.index !== start) {
      throw new Error(`invalid duration "${text}" (expected e.g. 500ms, 5s, 2m, 1h30m)`);
    }
    total += Number(match[1]) * UNIT_MS[match[2]];
  }
  return Math.round(total);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}

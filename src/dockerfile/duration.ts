/**
 * Go's time.ParseDuration, the one parser of durations (HEALTHCHECK's flags, and the
 * image config's health check), in nanoseconds.
 */

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration, in nanoseconds (`'1m30s'` → 90e9). Throws on bad input. */
export function parseGoDuration(s: string): number {
  const invalid = (): Error => new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) throw invalid();
    const unit = DURATION_UNITS[m[3] as string];
    if (unit === undefined)
      throw new Error(
        `time: unknown unit ${JSON.stringify(m[3])} in duration ${JSON.stringify(s)}`,
      );
    const whole = m[1] ? Number(m[1]) : 0;
    const frac = m[2] ? Number(`0.${m[2]}`) : 0;
    total += whole * unit + Math.round(frac * unit);
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

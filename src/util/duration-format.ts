/**
 * A duration for people. `compact` (log lines): `320ms`, `1.5s`, `120s`; `report`
 * (the run summary's table): `320 ms`, `1.50 s`.
 */
export function formatMs(ms: number, style: 'compact' | 'report' = 'compact'): string {
  if (style === 'report') return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return s < 100 ? `${Math.round(s * 10) / 10}s` : `${Math.round(s)}s`;
}

/**
 * `HEALTHCHECK NONE` or `HEALTHCHECK CMD`; durations in nanoseconds, absent (or 0) when
 * not given (the image's own value is inherited).
 */
export interface HealthcheckOptions {
  /** `['NONE']`, `['CMD', ...args]` or `['CMD-SHELL', command]`. */
  test: string[];
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
}

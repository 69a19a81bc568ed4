/**
 * Pure retry decisions for registry requests: which failures are worth another
 * try, how long to wait (exponential backoff with full jitter, or the server's
 * Retry-After, never less than a floor that doubles with each retry), and when the
 * time budget says to give up. No I/O here.
 */
import { formatMs } from '../../util/duration-format.js';

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
/** The shortest wait before the first retry; it doubles with each retry, up to the cap. */
export const RETRY_FLOOR_MS = 100;

/** HTTP statuses that are transient: the same request may succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Network error codes that mean "the connection broke", not "this will never work". */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  // Our own codes (see http.ts).
  'IDLE_TIMEOUT',
  'TRUNCATED_BODY',
]);

const RETRYABLE_MESSAGES = [
  /socket hang up/i,
  /other side closed/i,
  /\baborted\b/i,
  /premature close/i,
  /timed? ?out/i,
  /terminated/i,
];

/** True when a thrown network error is worth retrying. */
export function isRetryableError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; retryable?: unknown };
  if (e.retryable === true) return true;
  if (e.retryable === false) return false;
  if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) return true;
  if (
    typeof e.message === 'string' &&
    RETRYABLE_MESSAGES.some((re) => re.test(e.message as string))
  )
    return true;
  return e.cause !== undefined && e.cause !== err ? isRetryableError(e.cause) : false;
}

/**
 * Parses a Retry-After header value into milliseconds from `now`.
 * Accepts delta-seconds ("120") and HTTP-dates ("Wed, 21 Oct 2015 07:28:00 GMT").
 * Returns undefined when absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) {
    const seconds = Number(v);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // Only accept something that looks like an HTTP-date, not any string Date.parse likes.
  if (!/^[A-Za-z]{3},? /.test(v) && !/\bGMT\b/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Full-jitter exponential backoff: a uniformly random delay in
 * [0, min(cap, base * 2^attempt)]. `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = BACKOFF_BASE_MS,
  capMs = BACKOFF_CAP_MS,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * exp);
}

/**
 * The least wait before retry number `attempt` (from 0), whatever the server says: a
 * `Retry-After: 0` or a date in the past must not turn retries into a busy loop.
 */
export function retryFloor(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, RETRY_FLOOR_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
}

export interface RetryInput {
  /** Number of retries already made for this request (0 before the first retry). */
  attempt: number;
  /** Milliseconds since the first try of this request. */
  elapsedMs: number;
  /** Total time allowed for the request including waits. */
  budgetMs: number;
  /** The HTTP status received, if any. */
  status?: number;
  /** The thrown error, if no response arrived. */
  error?: unknown;
  /** Retry-After header value, if any. */
  retryAfter?: string | null;
  /** Clock for HTTP-date Retry-After values. */
  now?: number;
  random?: () => number;
}

export type RetryDecision =
  { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

/** Decides whether to try again and after how long. */
export function planRetry(input: RetryInput): RetryDecision {
  const { attempt, elapsedMs, budgetMs } = input;
  let reason: string;
  if (input.status !== undefined) {
    if (!isRetryableStatus(input.status))
      return { retry: false, reason: `HTTP ${input.status} is not transient` };
    reason = `HTTP ${input.status}`;
  } else if (input.error !== undefined) {
    if (!isRetryableError(input.error)) return { retry: false, reason: 'not a transient error' };
    reason = describeNetworkError(input.error);
  } else {
    return { retry: false, reason: 'nothing failed' };
  }

  const fromServer = parseRetryAfter(input.retryAfter, input.now ?? Date.now());
  const jitter = backoffDelay(attempt, input.random);
  // The server's Retry-After wins over our own backoff, above the floor.
  const delayMs = Math.max(retryFloor(attempt), fromServer !== undefined ? fromServer : jitter);
  const remaining = budgetMs - elapsedMs;
  if (delayMs >= remaining) {
    return {
      retry: false,
      reason: `${reason}; waiting ${formatMs(delayMs)} more would exceed the retry time budget of ${formatMs(budgetMs)}`,
    };
  }
  return { retry: true, delayMs, reason };
}

/** Short plain description of a network error, e.g. "connection reset (ECONNRESET)". */
export function describeNetworkError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const words: Record<string, string> = {
    ECONNRESET: 'connection reset by the server',
    EPIPE: 'connection closed while sending',
    ETIMEDOUT: 'connection timed out',
    ECONNABORTED: 'connection aborted',
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'temporary DNS failure',
    IDLE_TIMEOUT: 'no data received or sent in time',
    TRUNCATED_BODY: 'response body cut short',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  if (typeof e.message === 'string' && e.message !== '') return e.message;
  if (e.cause !== undefined) return describeNetworkError(e.cause);
  return code ?? 'network error';
}

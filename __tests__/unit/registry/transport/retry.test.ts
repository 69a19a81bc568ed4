import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffDelay,
  describeNetworkError,
  isRetryableError,
  isRetryableStatus,
  parseRetryAfter,
  planRetry,
  RETRY_FLOOR_MS,
  retryFloor,
} from '../../../../src/registry/transport/retry.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each<[string | undefined | null, number | undefined]>([
    ['1', 1000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Wed, 01 May 2024 12:00:30 GMT', 30_000],
    ['Wednesday, 01-May-24 12:00:05 GMT', 5000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0], // in the past
    ['', undefined],
    [undefined, undefined],
    [null, undefined],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['2024-05-01', undefined],
    ['Wed, 99 Foo 2024 GMT', undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('backoffDelay (full jitter)', () => {
  it.each([
    [0, 0, 0],
    [0, 0.999999, BACKOFF_BASE_MS - 1],
    [1, 1, 2 * BACKOFF_BASE_MS],
    [3, 0.5, 4 * BACKOFF_BASE_MS],
    [6, 1, BACKOFF_CAP_MS], // 500 * 64 = 32 s, capped at 30 s
    [50, 1, BACKOFF_CAP_MS],
    [-3, 1, BACKOFF_BASE_MS],
  ])('attempt %i with random %f → %i ms', (attempt, r, expected) => {
    expect(backoffDelay(attempt, () => r)).toBe(expected);
  });

  it('stays within [0, min(cap, base·2^attempt)] for random draws', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(attempt);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('clamps a misbehaving random source', () => {
    expect(backoffDelay(2, () => 7)).toBe(4 * BACKOFF_BASE_MS);
    expect(backoffDelay(2, () => -1)).toBe(0);
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [405, false],
    [413, false],
    [501, false],
  ])('%i → %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

function err(props: Record<string, unknown>): Error {
  return Object.assign(new Error(String(props.message ?? 'x')), props);
}

describe('isRetryableError', () => {
  it.each<[string, unknown, boolean]>([
    ['ECONNRESET', err({ code: 'ECONNRESET' }), true],
    ['EPIPE', err({ code: 'EPIPE' }), true],
    ['ETIMEDOUT', err({ code: 'ETIMEDOUT' }), true],
    ['socket hang up', err({ message: 'socket hang up' }), true],
    [
      'undici socket error in cause',
      err({ message: 'fetch failed', cause: err({ code: 'UND_ERR_SOCKET' }) }),
      true,
    ],
    ['idle timeout', err({ code: 'IDLE_TIMEOUT' }), true],
    ['truncated body', err({ code: 'TRUNCATED_BODY' }), true],
    ['explicit retryable flag', err({ retryable: true, code: 'WHATEVER' }), true],
    ['explicit non-retryable flag wins', err({ retryable: false, code: 'ECONNRESET' }), false],
    ['ECONNREFUSED', err({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), false],
    ['ENOTFOUND', err({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }), false],
    ['certificate', err({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }), false],
    ['plain string', 'boom', false],
    ['null', null, false],
  ])('%s → %s', (_name, e, expected) => {
    expect(isRetryableError(e)).toBe(expected);
  });
});

describe('planRetry', () => {
  const base = { attempt: 0, elapsedMs: 0, budgetMs: 300_000, now: NOW, random: () => 0.5 };

  it.each<[string, Parameters<typeof planRetry>[0], boolean, number | undefined]>([
    ['503 backs off', { ...base, status: 503 }, true, 250],
    ['429 honours Retry-After seconds', { ...base, status: 429, retryAfter: '1' }, true, 1000],
    [
      '503 honours Retry-After date',
      { ...base, status: 503, retryAfter: 'Wed, 01 May 2024 12:00:07 GMT' },
      true,
      7000,
    ],
    [
      'garbage Retry-After falls back to backoff',
      { ...base, status: 429, retryAfter: 'later' },
      true,
      250,
    ],
    ['third retry grows', { ...base, attempt: 3, status: 502 }, true, 2000],
    ['404 is final', { ...base, status: 404 }, false, undefined],
    ['401 is final', { ...base, status: 401 }, false, undefined],
    ['403 is final', { ...base, status: 403 }, false, undefined],
    ['400 is final', { ...base, status: 400 }, false, undefined],
    ['connection reset retries', { ...base, error: err({ code: 'ECONNRESET' }) }, true, 250],
    [
      'connection refused is final',
      { ...base, error: err({ code: 'ECONNREFUSED' }) },
      false,
      undefined,
    ],
    [
      'Retry-After beyond the budget gives up',
      { ...base, elapsedMs: 299_500, status: 429, retryAfter: '1' },
      false,
      undefined,
    ],
    [
      'backoff beyond the budget gives up',
      { ...base, elapsedMs: 299_900, attempt: 4, status: 503 },
      false,
      undefined,
    ],
    ['nothing failed', { ...base }, false, undefined],
  ])('%s', (_name, input, retry, delay) => {
    const d = planRetry(input);
    expect(d.retry).toBe(retry);
    if (d.retry) expect(d.delayMs).toBe(delay);
    expect(d.reason).not.toBe('');
  });

  it('says why it gave up on the budget', () => {
    const d = planRetry({ ...base, elapsedMs: 299_500, status: 429, retryAfter: '60' });
    expect(d).toMatchObject({ retry: false });
    expect(d.reason).toMatch(/HTTP 429.*budget of 300s/);
  });
});

describe('a floor under every wait', () => {
  const base = { elapsedMs: 0, budgetMs: 300_000, now: NOW };

  it('grows from RETRY_FLOOR_MS and stops at the cap', () => {
    expect(retryFloor(0)).toBe(RETRY_FLOOR_MS);
    expect(retryFloor(3)).toBe(8 * RETRY_FLOOR_MS);
    expect(retryFloor(40)).toBe(BACKOFF_CAP_MS);
    expect(RETRY_FLOOR_MS).toBeGreaterThanOrEqual(50);
  });

  it.each([
    ['Retry-After: 0', '0'],
    ['Retry-After in the past', 'Wed, 01 May 2024 11:00:00 GMT'],
    ['no Retry-After and a zero random draw', undefined],
  ])('%s waits at least the floor', (_name, retryAfter) => {
    for (const attempt of [0, 1, 4, 9]) {
      const d = planRetry({ ...base, attempt, status: 429, retryAfter, random: () => 0 });
      expect(d).toMatchObject({ retry: true, delayMs: retryFloor(attempt) });
    }
  });

  it('makes a handful of requests, not thousands, in 6 s of Retry-After: 0', () => {
    let elapsedMs = 0;
    let attempt = 0;
    while (attempt < 10_000) {
      const d = planRetry({ attempt, elapsedMs, budgetMs: 6000, status: 429, retryAfter: '0' });
      if (!d.retry) break;
      elapsedMs += d.delayMs;
      attempt++;
    }
    expect(attempt).toBeGreaterThanOrEqual(3);
    expect(attempt).toBeLessThanOrEqual(8);
  });

  it('still honours a longer Retry-After', () => {
    const d = planRetry({ ...base, attempt: 0, status: 429, retryAfter: '7' });
    expect(d).toMatchObject({ retry: true, delayMs: 7000 });
  });
});

describe('describeNetworkError', () => {
  it.each<[unknown, RegExp]>([
    [err({ code: 'ECONNRESET' }), /connection reset.*ECONNRESET/],
    [err({ code: 'ECONNREFUSED' }), /refused/],
    [err({ code: 'IDLE_TIMEOUT' }), /in time/],
    [err({ message: 'socket hang up' }), /socket hang up/],
    [err({ message: '', cause: err({ code: 'EPIPE' }) }), /closed while sending/],
    ['text', /text/],
  ])('%#', (e, re) => {
    expect(describeNetworkError(e)).toMatch(re);
  });
});

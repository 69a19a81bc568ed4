import { describe, expect, it } from 'vitest';
import { withRetries, type RetryPolicy } from '../../src/retry.js';

/** A policy on a fake clock: sleeping advances it, nothing waits. */
function fakePolicy(budgetMs: number): RetryPolicy & { slept: number[] } {
  let clock = 0;
  const slept: number[] = [];
  return {
    budgetMs,
    baseDelayMs: 1000,
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    slept,
  };
}

describe('withRetries', () => {
  it.each<[string, string[], number, string, number]>([
    ['returns at once on success', ['ok'], 60_000, 'ok', 1],
    ['retries transient failures until success', ['busy', 'busy', 'ok'], 60_000, 'ok', 3],
    ['stops at a permanent failure', ['busy', 'denied', 'ok'], 60_000, 'denied', 2],
    ['gives up when the budget is spent', Array(50).fill('busy') as string[], 10_000, 'busy', -1],
  ])('%s', async (_name, results, budget, expected, calls) => {
    const policy = fakePolicy(budget);
    let call = 0;
    const retried: number[] = [];
    const result = await withRetries(
      async () => results[call++]!,
      (r) => r === 'busy',
      (_r, delay) => retried.push(delay),
      policy,
    );
    expect(result).toBe(expected);
    if (calls > 0) expect(call).toBe(calls);
    else expect(call).toBeLessThan(results.length);
    expect(policy.slept).toEqual(retried);
    expect(policy.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(budget);
  });
});

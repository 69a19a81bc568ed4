import { backoffDelay } from './registry/retry.js';

/** Retries an operation whose result says it failed for a passing reason, within a time budget. */
export interface RetryPolicy {
  /** Total time for all attempts and waits. */
  budgetMs: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export function retryPolicy(budgetMs: number): RetryPolicy {
  return {
    budgetMs,
    baseDelayMs: 1000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
}

/**
 * Runs operation until its result is not transient, backing off exponentially with
 * jitter; gives up (returning the last result) when the next wait would overrun the budget.
 */
export async function withRetries<T>(
  operation: () => Promise<T>,
  isTransient: (result: T) => boolean,
  onRetry: (result: T, delayMs: number) => void,
  policy: RetryPolicy,
): Promise<T> {
  const start = policy.now();
  for (let attempt = 0; ; attempt++) {
    const result = await operation();
    if (!isTransient(result)) return result;
    const delay = Math.max(100, backoffDelay(attempt, Math.random, policy.baseDelayMs));
    if (policy.now() - start + delay > policy.budgetMs) return result;
    onRetry(result, delay);
    await policy.sleep(delay);
  }
}

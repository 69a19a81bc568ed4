import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { postStepRuns, stepOutcome, type JobOutcome } from '../../fixtures/post-if.js';
import { ROOT } from '../../integration/harness.js';

describe('postStepRuns', () => {
  it.each<[string | undefined, JobOutcome, boolean]>([
    [undefined, 'success', true],
    ['always()', 'failure', true],
    ['success()', 'success', true],
    ['success()', 'failure', false],
    ['failure()', 'failure', true],
    ['failure()', 'cancelled', false],
    ['failure() || cancelled()', 'success', false],
    ['failure() || cancelled()', 'failure', true],
    ['failure() || cancelled()', 'cancelled', true],
    ['${{ failure() || cancelled() }}', 'cancelled', true],
    ['always() && failure()', 'success', false],
  ])('%s after %s: %s', (condition, outcome, expected) => {
    expect(postStepRuns(condition, outcome)).toBe(expected);
  });

  it('refuses what it cannot evaluate rather than guessing', () => {
    expect(() => postStepRuns("github.event_name == 'push'", 'success')).toThrow(/cannot evaluate/);
  });

  it('counts a step killed by a signal as failed', () => {
    expect(stepOutcome(0)).toBe('success');
    expect(stepOutcome(1)).toBe('failure');
    expect(stepOutcome(null)).toBe('failure');
  });
});

describe("action.yml's post step", () => {
  const runs = (
    parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: Record<string, string> }
  ).runs;

  it('is the same bundle as main', () => {
    expect(runs.post).toBe(runs.main);
  });

  // main removes what it made; the post step is for a main that was killed or cancelled.
  it.each<[JobOutcome, boolean]>([
    ['success', false],
    ['failure', true],
    ['cancelled', true],
  ])('after a main step that ended in %s: runs %s', (outcome, expected) => {
    expect(postStepRuns(runs['post-if'], outcome)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { ActionError, PartialPushError, pushFailure } from '../../../src/core/errors.js';

describe('pushFailure', () => {
  const all = ['r:1.2.3', 'r:1.2', 'r:latest'];
  const cause = new ActionError('push', 'The registry answered 503.');

  it('lists what was updated and what was not when some tags were pushed', () => {
    const error = pushFailure(cause, ['r:1.2.3'], all);
    expect(error).toBeInstanceOf(PartialPushError);
    const partial = error as PartialPushError;
    expect(partial.pushed).toEqual(['r:1.2.3']);
    expect(partial.notPushed).toEqual(['r:1.2', 'r:latest']);
    expect(partial.message).toBe(
      'The registry answered 503. Updated: r:1.2.3. Not updated: r:1.2, r:latest.',
    );
    expect(partial.hint).toMatch(/again/);
  });

  it.each<[string, unknown, string[]]>([
    ['nothing pushed yet', cause, []],
    ['not an action error', new Error('bug'), ['r:1.2.3']],
  ])('leaves the error alone when %s', (_name, error, pushed) => {
    expect(pushFailure(error, pushed, all)).toBe(error);
  });
});

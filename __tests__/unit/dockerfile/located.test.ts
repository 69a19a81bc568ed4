import { describe, expect, it } from 'vitest';

import { ActionError, wordHint } from '../../../src/core/errors.js';
import { parseDockerfile } from '../../../src/dockerfile/dockerfile.js';
import { LocatedError, locate, placeText } from '../../../src/dockerfile/located.js';
import { ContextError } from '../../../src/fs/context-error.js';

describe('LocatedError', () => {
  it('says the place, what was done and what went wrong, and points the annotation there', () => {
    const err = new LocatedError({ file: 'Dockerfile', line: 3, what: 'COPY' }, 'no such file');
    expect(err.message).toBe('Dockerfile:3: COPY: no such file');
    expect(err).toMatchObject({ stage: 'build', file: 'Dockerfile', line: 3, what: 'COPY' });
    expect(err.detail).toBe('no such file');
    expect(err.annotation).toEqual({ file: 'Dockerfile', line: 3 });
    expect(new LocatedError({ file: 'Dockerfile' }, 'no stage b').message).toBe(
      'Dockerfile: no stage b',
    );
    expect(placeText({ file: 'a/Dockerfile', line: 12 })).toBe('a/Dockerfile:12');
  });
});

describe('locate', () => {
  const place = { file: 'Dockerfile', line: 3, what: 'ADD' };

  it('gives an error without a place this one, with its hint and as its cause', () => {
    const cause = new ContextError('app.tgz: unexpected EOF', 'Make the archive again.');
    const err = locate(cause, place);
    expect(err.message).toBe('Dockerfile:3: ADD: app.tgz: unexpected EOF');
    expect(err.hint).toBe('Make the archive again.');
    expect(err.cause).toBe(cause);
    const refused = new ActionError('push', 'denied', (w) => `Check ${w.setting('image')}.`);
    const located = locate(refused, place);
    expect(located.stage).toBe('build');
    expect(wordHint(located.hint)).toBe('Check "image".');
    expect(locate('a string', place).message).toBe('Dockerfile:3: ADD: a string');
  });

  it('keeps the place an error has: located twice, it says it once', () => {
    const once = locate(new Error('bad'), place);
    const twice = locate(once, { file: 'Dockerfile', line: 9, what: 'COPY' });
    expect(twice).toBe(once);
    expect(twice.message).toBe('Dockerfile:3: ADD: bad');
  });
});

describe('the parser', () => {
  it("places what it rejects in a base image's ONBUILD trigger at the FROM line", () => {
    const parse = () =>
      parseDockerfile(
        'ARG A\n\nFROM registry.example/base\n',
        'Dockerfile',
        {},
        {
          baseImageTriggers: () => ['COPY <<EOF /a'],
        },
      );
    expect(parse).toThrow(LocatedError);
    expect(parse).toThrow(/^Dockerfile:3: unterminated heredoc$/);
  });
});

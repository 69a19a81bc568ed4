import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/cli/args.js';

describe('command line flags of the build matrix and the Docker Hub description', () => {
  it('set the inputs of the same names', () => {
    const request = parseCommandLine([
      '--platform-tags',
      '--merge',
      'linux/amd64',
      '--merge=linux/arm64',
      '--readme',
      'README.md',
      '--short-description',
      'Greets.',
    ]);
    expect(request.inputs).toMatchObject({
      'platform-tags': 'true',
      merge: 'linux/amd64,linux/arm64',
      readme: 'README.md',
      'short-description': 'Greets.',
    });
  });

  it('--merge with --output is a usage error naming both flags', () => {
    for (const args of [
      ['--merge', 'linux/amd64', '--output', 'image.tar'],
      ['--output=image.tar', '--merge=linux/amd64,linux/arm64'],
    ]) {
      let error: unknown;
      try {
        parseCommandLine(args);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/^--merge and --output .*builds nothing/);
    }
  });

  it('leave them unset when not given', () => {
    const { inputs } = parseCommandLine([]);
    expect(Object.keys(inputs)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';

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

describe('command line flags of the tag variant', () => {
  it('set tag-prefix, tag-suffix and sha-length', () => {
    const request = parseCommandLine([
      '--tag-prefix',
      'debug',
      '--tag-suffix=alpine',
      '--sha-length',
      '12',
    ]);
    expect(request.inputs).toEqual({
      'tag-prefix': 'debug',
      'tag-suffix': 'alpine',
      'sha-length': '12',
    });
    expect(request.tagsChosen).toBe(false);
  });
});

describe('the annotation flag', () => {
  it('sets the annotations input, one line per flag', () => {
    const request = parseCommandLine(['--annotation', 'a.b=1', '--annotation=c.d=x=y']);
    expect(request.inputs).toEqual({ annotations: 'a.b=1\nc.d=x=y' });
  });
});

describe('the attestations flag', () => {
  it('turns attestations off with --no-attestations or --attestations=false', () => {
    expect(parseCommandLine(['--no-attestations']).inputs.attestations).toBe('false');
    expect(parseCommandLine(['--attestations=false']).inputs.attestations).toBe('false');
    expect(parseCommandLine(['--attestations', 'false']).inputs.attestations).toBe('false');
    expect(parseCommandLine(['--attestations']).inputs.attestations).toBe('true');
    expect(parseCommandLine([]).inputs.attestations).toBeUndefined();
  });
});

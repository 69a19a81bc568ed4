import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';

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

  it('leave them unset when not given', () => {
    const { inputs } = parseCommandLine([]);
    expect(Object.keys(inputs)).toEqual([]);
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS } from '../../../src/request/defaults.js';
import { parseInputs } from '../../../src/request/inputs.js';

const yml = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
};

describe('input defaults', () => {
  it('are action.yml’s defaults, input for input', () => {
    const fromYml = Object.fromEntries(
      Object.entries(yml.inputs).map(([name, spec]) => [name, spec.default ?? '']),
    );
    expect(INPUT_DEFAULTS).toEqual(fromYml);
  });

  it('are what an unset input means', () => {
    const unset = parseInputs(() => '', '/ws');
    const explicit = parseInputs((name) => INPUT_DEFAULTS[name], '/ws');
    expect(unset).toEqual(explicit);
    expect(unset).toMatchObject({ registry: 'docker.io', push: 'auto', retryTimeoutMs: 300_000 });
  });
});

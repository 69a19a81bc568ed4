import { describe, expect, it } from 'vitest';
import { labelInstruction } from '../../src/docker/builder.js';
import { parseDockerfile } from '../../src/native/dockerfile.js';

/** The LABEL pairs Docker's own rules read back from our instruction. */
function readBack(labels: Array<[string, string]>): string[] {
  const text = `FROM scratch\nENV HOME=/root\n${labelInstruction(labels)}\n`;
  const stage = parseDockerfile(text, 'Dockerfile', {}).stages[0]!;
  return stage.instructions.find((i) => i.keyword === 'LABEL')!.args;
}

describe('labelInstruction', () => {
  it.each<[string, Array<[string, string]>]>([
    ['plain', [['org.opencontainers.image.version', '1.2.3']]],
    ['spaces and equals', [['k', 'a b = c']]],
    ['a variable is not expanded', [['k', '$HOME ${HOME} $(id)']]],
    ['quotes and backslashes', [['k', `it's "quoted" \\ back\\slash\\`]]],
    ['backticks and semicolons', [['k', '`id`; rm -rf /']]],
    ['odd key', [['inject.key$(id);`id`\'"', 'v']]],
    [
      'several',
      [
        ['a', '1'],
        ['b', ''],
        ['c', '3'],
      ],
    ],
  ])('%s', (_name, labels) => {
    expect(readBack(labels)).toEqual(labels.flat());
  });
});

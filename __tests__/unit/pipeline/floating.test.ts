import { describe, expect, it } from 'vitest';
import { holdFloatingTags } from '../../../src/pipeline/floating.js';
import { parseSemver } from '../../../src/request/tags.js';

const release = (v: string) => parseSemver(v);
const all = (v: string) => {
  const s = parseSemver(v)!;
  return [
    `${s.major}.${s.minor}.${s.patch}`,
    `${s.major}.${s.minor}`,
    `${s.major}`,
    'sha-abc1234',
    'latest',
  ];
};

describe('holdFloatingTags', () => {
  it.each<[string, string, string[], string[], Array<[string, string]>]>([
    ['first release moves everything', '1.2.3', [], all('1.2.3'), []],
    [
      'a newer release holds everything it covers',
      '1.2.3',
      ['1.2.4', '1.2', '1', 'latest'],
      ['1.2.3', 'sha-abc1234'],
      [
        ['1.2', '1.2.4'],
        ['1', '1.2.4'],
        ['latest', '1.2.4'],
      ],
    ],
    [
      'a hotfix on an old line moves only its own minor',
      '1.2.4',
      ['1.2.3', '1.3.0', '2.0.0'],
      ['1.2.4', '1.2', 'sha-abc1234'],
      [
        ['1', '1.3.0'],
        ['latest', '2.0.0'],
      ],
    ],
    [
      'older and prerelease versions do not hold',
      '2.0.0',
      ['1.9.9', '2.1.0-rc.1', 'v1.0.0', 'latest', '2', '2.0'],
      all('2.0.0'),
      [],
    ],
    [
      'a v-prefixed newer tag holds',
      '1.0.0',
      ['v1.0.1'],
      ['1.0.0', 'sha-abc1234'],
      [
        ['1.0', 'v1.0.1'],
        ['1', 'v1.0.1'],
        ['latest', 'v1.0.1'],
      ],
    ],
    [
      'branch-like and odd tags are ignored',
      '1.0.0',
      ['main', 'sha-1234567', '1.x', 'pr-3'],
      all('1.0.0'),
      [],
    ],
    [
      'the same version re-released moves',
      '1.2.3',
      ['1.2.3', '1.2', '1', 'latest'],
      all('1.2.3'),
      [],
    ],
  ])('%s', (_name, version, existing, tags, held) => {
    const decision = holdFloatingTags(release(version), all(version), existing);
    expect(decision.tags).toEqual(tags);
    expect(decision.held.map((h) => [h.tag, h.newer])).toEqual(held);
  });

  it('leaves a prerelease or a non-release alone', () => {
    const tags = ['2.0.0-rc.1', 'sha-abc1234'];
    expect(holdFloatingTags(release('2.0.0-rc.1'), tags, ['3.0.0'])).toEqual({ tags, held: [] });
    expect(holdFloatingTags(undefined, ['latest'], ['3.0.0'])).toEqual({
      tags: ['latest'],
      held: [],
    });
  });
});

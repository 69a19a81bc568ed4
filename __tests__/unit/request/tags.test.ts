import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContext, type GitContext } from '../../../src/request/context.js';
import { isValidTag } from '../../../src/registry/reference.js';
import {
  compareSemver,
  computeTags,
  parseSemver,
  type TagOptions,
} from '../../../src/request/tags.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SHA_TAG = 'sha-0123456';

function payload(fixture: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/events/${fixture}`, import.meta.url), 'utf8'),
  ) as unknown;
}

function ctxFrom(fixture: string, event: string, ref: string, sha = SHA): GitContext {
  return parseContext(
    {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref,
      GITHUB_SHA: sha,
      GITHUB_REPOSITORY: 'alice/hello',
    },
    payload(fixture),
  );
}

const AUTO: TagOptions = { extraTags: [], latest: 'auto' };

describe('computeTags: the tag table (latest: auto)', () => {
  it.each<[string, string, string, string, string[], string]>([
    // label, fixture, event, ref, tags, version
    [
      'push to the default branch',
      'push-main.json',
      'push',
      'refs/heads/main',
      [SHA_TAG, 'latest'],
      'main',
    ],
    [
      'push to another branch',
      'push-branch.json',
      'push',
      'refs/heads/feature/Foo_bar',
      ['feature-Foo_bar', SHA_TAG],
      'feature-Foo_bar',
    ],
    [
      'release tag v1.2.3',
      'tag-release.json',
      'push',
      'refs/tags/v1.2.3',
      ['1.2.3', '1.2', '1', SHA_TAG, 'latest'],
      '1.2.3',
    ],
    [
      'release tag without v',
      'tag-release.json',
      'push',
      'refs/tags/1.2.3',
      ['1.2.3', '1.2', '1', SHA_TAG, 'latest'],
      '1.2.3',
    ],
    [
      'prerelease tag',
      'tag-prerelease.json',
      'push',
      'refs/tags/v2.0.0-rc.1',
      ['2.0.0-rc.1', SHA_TAG],
      '2.0.0-rc.1',
    ],
    [
      '0.x release: no bare 0',
      'tag-release.json',
      'push',
      'refs/tags/v0.3.1',
      ['0.3.1', '0.3', SHA_TAG, 'latest'],
      '0.3.1',
    ],
    [
      'build metadata dropped',
      'tag-release.json',
      'push',
      'refs/tags/v1.2.3+b5',
      ['1.2.3', '1.2', '1', SHA_TAG, 'latest'],
      '1.2.3',
    ],
    [
      'prerelease with build metadata',
      'tag-prerelease.json',
      'push',
      'refs/tags/v2.0.0-rc.1+build.7',
      ['2.0.0-rc.1', SHA_TAG],
      '2.0.0-rc.1',
    ],
    ['other tag', 'tag-other.json', 'push', 'refs/tags/foo', ['foo', SHA_TAG], 'foo'],
    [
      'other tag with a slash',
      'tag-other.json',
      'push',
      'refs/tags/nightly/2024-06-02',
      ['nightly-2024-06-02', SHA_TAG],
      'nightly-2024-06-02',
    ],
    ['not-quite-semver tag', 'tag-other.json', 'push', 'refs/tags/v1.2', ['v1.2', SHA_TAG], 'v1.2'],
    ['pull_request', 'pull-request.json', 'pull_request', 'refs/pull/42/merge', ['pr-42'], 'pr-42'],
    [
      'pull_request from a fork',
      'pull-request-fork.json',
      'pull_request',
      'refs/pull/7/merge',
      ['pr-7'],
      'pr-7',
    ],
    [
      'pull_request_target (base branch ref)',
      'pull-request-fork.json',
      'pull_request_target',
      'refs/heads/main',
      ['pr-7'],
      'pr-7',
    ],
    [
      'workflow_dispatch on a branch',
      'workflow-dispatch.json',
      'workflow_dispatch',
      'refs/heads/release/1.x',
      ['release-1.x', SHA_TAG],
      'release-1.x',
    ],
    [
      'workflow_dispatch on the default branch',
      'workflow-dispatch.json',
      'workflow_dispatch',
      'refs/heads/main',
      [SHA_TAG, 'latest'],
      'main',
    ],
    [
      'schedule on the default branch',
      'push-main.json',
      'schedule',
      'refs/heads/main',
      [SHA_TAG, 'latest'],
      'main',
    ],
    [
      'workflow_dispatch on a release tag',
      'workflow-dispatch.json',
      'workflow_dispatch',
      'refs/tags/v3.4.5',
      ['3.4.5', '3.4', '3', SHA_TAG, 'latest'],
      '3.4.5',
    ],
  ])('%s', (_label, fixture, event, ref, tags, version) => {
    const plan = computeTags(ctxFrom(fixture, event, ref), AUTO);
    expect(plan.tags).toEqual(tags);
    expect(plan.version).toBe(version);
    for (const t of plan.tags) expect(isValidTag(t)).toBe(true);
  });

  it('exposes the parsed semver of a release tag', () => {
    const plan = computeTags(ctxFrom('tag-release.json', 'push', 'refs/tags/v1.2.3+b5'), AUTO);
    expect(plan.semver).toEqual({
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: '',
      build: 'b5',
      raw: 'v1.2.3+b5',
    });
    expect(
      computeTags(ctxFrom('push-main.json', 'push', 'refs/heads/main'), AUTO).semver,
    ).toBeUndefined();
  });
});

describe('computeTags: default branch detection', () => {
  const noDefault = (ref: string): GitContext =>
    parseContext({ GITHUB_REF: ref, GITHUB_SHA: SHA }, {});
  it.each<[string, GitContext, string[]]>([
    [
      'payload says develop; develop is default',
      { ...noDefault('refs/heads/develop'), defaultBranch: 'develop' },
      [SHA_TAG, 'latest'],
    ],
    [
      'payload says develop; main is not',
      { ...noDefault('refs/heads/main'), defaultBranch: 'develop' },
      ['main', SHA_TAG],
    ],
    ['no payload: main counts as default', noDefault('refs/heads/main'), [SHA_TAG, 'latest']],
    ['no payload: master counts as default', noDefault('refs/heads/master'), [SHA_TAG, 'latest']],
    ['no payload: trunk does not', noDefault('refs/heads/trunk'), ['trunk', SHA_TAG]],
  ])('%s', (_label, ctx, tags) => {
    expect(computeTags(ctx, AUTO).tags).toEqual(tags);
  });
});

describe('computeTags: branch name sanitizing', () => {
  it.each<[string, string]>([
    ['feature/Foo_bar', 'feature-Foo_bar'],
    ['dependabot/npm_and_yarn/x', 'dependabot-npm_and_yarn-x'],
    ['dependabot/npm_and_yarn/@types/node-20.1.0', 'dependabot-npm_and_yarn-types-node-20.1.0'],
    ['-leading-dash', 'leading-dash'],
    ['..dots', 'dots'],
    ['fix/ünïcode', 'fix-n-code'],
    ['a//b', 'a-b'],
    ['x'.repeat(200), 'x'.repeat(128)],
    ['feat/' + 'y'.repeat(200), ('feat-' + 'y'.repeat(200)).slice(0, 128)],
  ])('%s -> %s', (branch, expected) => {
    const plan = computeTags(ctxFrom('push-branch.json', 'push', `refs/heads/${branch}`), AUTO);
    expect(plan.tags).toEqual([expected, SHA_TAG]);
    expect(plan.version).toBe(expected);
    expect(isValidTag(expected)).toBe(true);
  });

  it('a branch name that sanitizes to nothing gets only the sha tag', () => {
    const plan = computeTags(ctxFrom('push-branch.json', 'push', 'refs/heads/---'), AUTO);
    expect(plan.tags).toEqual([SHA_TAG]);
    expect(plan.version).toBe(SHA_TAG);
  });
});

describe('computeTags: latest and extra tags', () => {
  const main = ctxFrom('push-main.json', 'push', 'refs/heads/main');
  const branch = ctxFrom('push-branch.json', 'push', 'refs/heads/feature/x');
  const release = ctxFrom('tag-release.json', 'push', 'refs/tags/v1.2.3');
  const pre = ctxFrom('tag-prerelease.json', 'push', 'refs/tags/v2.0.0-rc.1');
  const other = ctxFrom('tag-other.json', 'push', 'refs/tags/foo');
  const pr = ctxFrom('pull-request.json', 'pull_request', 'refs/pull/42/merge');

  it.each<[string, GitContext, TagOptions, string[]]>([
    ['main, false', main, { extraTags: [], latest: 'false' }, [SHA_TAG]],
    ['main, true', main, { extraTags: [], latest: 'true' }, [SHA_TAG, 'latest']],
    ['branch, true', branch, { extraTags: [], latest: 'true' }, ['feature-x', SHA_TAG, 'latest']],
    ['release, false', release, { extraTags: [], latest: 'false' }, ['1.2.3', '1.2', '1', SHA_TAG]],
    ['prerelease, true', pre, { extraTags: [], latest: 'true' }, ['2.0.0-rc.1', SHA_TAG, 'latest']],
    ['other tag, auto: no latest', other, AUTO, ['foo', SHA_TAG]],
    ['pull request, true', pr, { extraTags: [], latest: 'true' }, ['pr-42', 'latest']],
    [
      'extra tags appended',
      main,
      { extraTags: ['stable', 'edge'], latest: 'auto' },
      [SHA_TAG, 'latest', 'stable', 'edge'],
    ],
    [
      'extra tags deduplicated',
      release,
      { extraTags: ['1', 'latest', 'x'], latest: 'auto' },
      ['1.2.3', '1.2', '1', SHA_TAG, 'latest', 'x'],
    ],
    [
      'explicit extra latest survives false',
      branch,
      { extraTags: ['latest'], latest: 'false' },
      ['feature-x', SHA_TAG, 'latest'],
    ],
    [
      'branch named latest with false',
      ctxFrom('push-branch.json', 'push', 'refs/heads/latest'),
      { extraTags: [], latest: 'false' },
      [SHA_TAG],
    ],
  ])('%s', (_label, ctx, opts, tags) => {
    expect(computeTags(ctx, opts).tags).toEqual(tags);
  });

  it('omits the sha tag when the sha is unknown or not hex', () => {
    expect(
      computeTags(ctxFrom('push-branch.json', 'push', 'refs/heads/dev', ''), AUTO).tags,
    ).toEqual(['dev']);
    expect(
      computeTags(ctxFrom('push-branch.json', 'push', 'refs/heads/dev', '$(id)'), AUTO).tags,
    ).toEqual(['dev']);
  });

  it('uppercase sha is lowercased in the tag', () => {
    const ctx = ctxFrom('push-branch.json', 'push', 'refs/heads/dev', SHA.toUpperCase());
    expect(computeTags(ctx, AUTO).tags).toEqual(['dev', SHA_TAG]);
  });

  it('an unknown ref gets the sha tag and the sha as version', () => {
    const plan = computeTags(parseContext({ GITHUB_SHA: SHA }, {}), AUTO);
    expect(plan).toEqual({ tags: [SHA_TAG], version: SHA_TAG, semver: undefined });
  });
});

describe('parseSemver', () => {
  it.each<[string, [number, number, number, string, string]]>([
    ['1.2.3', [1, 2, 3, '', '']],
    ['v1.2.3', [1, 2, 3, '', '']],
    ['0.0.0', [0, 0, 0, '', '']],
    ['10.20.30', [10, 20, 30, '', '']],
    ['1.2.3-rc.1+b5', [1, 2, 3, 'rc.1', 'b5']],
    ['1.0.0-alpha', [1, 0, 0, 'alpha', '']],
    ['1.0.0-0.3.7', [1, 0, 0, '0.3.7', '']],
    ['1.0.0-x.7.z.92', [1, 0, 0, 'x.7.z.92', '']],
    ['1.0.0-x-y-z.--', [1, 0, 0, 'x-y-z.--', '']],
    ['1.0.0+20130313144700', [1, 0, 0, '', '20130313144700']],
    ['1.0.0-beta+exp.sha.5114f85', [1, 0, 0, 'beta', 'exp.sha.5114f85']],
    ['1.0.0+0.build.1-rc.10000aaa-kk-0.1', [1, 0, 0, '', '0.build.1-rc.10000aaa-kk-0.1']],
    ['1.0.0-0A.is.legal', [1, 0, 0, '0A.is.legal', '']],
  ])('%s', (s, [major, minor, patch, prerelease, build]) => {
    expect(parseSemver(s)).toEqual({ major, minor, patch, prerelease, build, raw: s });
  });

  it.each([
    '',
    '1',
    '1.2',
    'v1.2',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-',
    '1.2.3-01',
    '1.2.3-rc..1',
    '1.2.3+',
    '1.2.3+b..5',
    '1.2.3-rc.1+b_5',
    'V1.2.3',
    'vv1.2.3',
    ' 1.2.3',
    '1.2.3 ',
    '1.2.3\n',
    '-1.2.3',
    'a.b.c',
    '1.2.3-$(id)',
    '99999999999999999999.0.0',
  ])('rejects %j', (s) => {
    expect(parseSemver(s)).toBeUndefined();
  });
});

describe('compareSemver', () => {
  // Ascending precedence, from semver.org section 11 and a few more.
  const ordered = [
    '0.9.9',
    '1.0.0-0',
    '1.0.0-1',
    '1.0.0-2',
    '1.0.0-10',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.10.0',
    '2.0.0-rc.1',
    '2.0.0',
    '10.0.0',
  ];
  const parsed = (s: string) => {
    const v = parseSemver(s);
    if (v === undefined) throw new Error(`fixture ${s} does not parse`);
    return v;
  };

  it.each(ordered.slice(1).map((b, i) => [ordered[i] as string, b]))('%s < %s', (a, b) => {
    expect(compareSemver(parsed(a), parsed(b))).toBe(-1);
    expect(compareSemver(parsed(b), parsed(a))).toBe(1);
  });

  it('sorts a shuffled list into precedence order', () => {
    const shuffled = [...ordered].reverse();
    shuffled.push(shuffled.shift() as string);
    const sorted = shuffled
      .map(parsed)
      .sort(compareSemver)
      .map((v) => v.raw);
    expect(sorted).toEqual(ordered);
  });

  it.each([
    ['1.2.3', 'v1.2.3'],
    ['1.2.3+a', '1.2.3+b'],
    ['1.0.0-rc.1+x', 'v1.0.0-rc.1'],
  ])('%s == %s (v prefix and build metadata ignored)', (a, b) => {
    expect(compareSemver(parsed(a), parsed(b))).toBe(0);
  });
});

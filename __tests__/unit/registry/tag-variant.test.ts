import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContext, type GitContext } from '../../../src/request/context.js';
import { parseInputs } from '../../../src/request/inputs.js';
import type { InputName } from '../../../src/request/defaults.js';
import { platformTag } from '../../../src/image/merge-index.js';
import { holdFloatingTags } from '../../../src/pipeline/floating.js';
import { computeTags, parseSemver } from '../../../src/request/tags.js';
import { isValidTag } from '../../../src/registry/reference.js';
import type { TagVariant } from '../../../src/registry/tag-variant.js';

const SHA = 'fedcba9876543210fedcba9876543210fedcba98';

function ctxFrom(fixture: string, event: string, ref: string): GitContext {
  const payload = JSON.parse(
    readFileSync(new URL(`../../fixtures/events/${fixture}`, import.meta.url), 'utf8'),
  ) as unknown;
  return parseContext(
    {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref,
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'alice/hello',
    },
    payload,
  );
}

/** The variant the inputs make of these values (everything else unset). */
function variantOf(values: Partial<Record<InputName, string>>): TagVariant {
  return parseInputs((name) => values[name] ?? '', '/ws').tagVariant;
}

const ALPINE = variantOf({ 'tag-suffix': 'alpine' });
const DEBUG = variantOf({ 'tag-prefix': 'debug' });
const LONG = variantOf({ 'sha-length': '12' });

describe('tag variants over the event fixtures', () => {
  it.each<[string, string, string, string, TagVariant, string[]]>([
    [
      'release, suffix alpine',
      'tag-release.json',
      'push',
      'refs/tags/v1.2.3',
      ALPINE,
      ['1.2.3-alpine', '1.2-alpine', '1-alpine', 'sha-fedcba9-alpine', 'latest-alpine'],
    ],
    [
      'release, prefix debug',
      'tag-release.json',
      'push',
      'refs/tags/v1.2.3',
      DEBUG,
      ['debug-1.2.3', 'debug-1.2', 'debug-1', 'debug-sha-fedcba9', 'debug-latest'],
    ],
    [
      'release, sha length 12',
      'tag-release.json',
      'push',
      'refs/tags/v1.2.3',
      LONG,
      ['1.2.3', '1.2', '1', 'sha-fedcba987654', 'latest'],
    ],
    [
      'default branch, suffix and a 40-digit sha',
      'push-main.json',
      'push',
      'refs/heads/main',
      variantOf({ 'tag-suffix': '-slim', 'sha-length': '40' }),
      [`sha-${SHA}-slim`, 'latest-slim'],
    ],
    [
      'other branch, prefix with its own separator',
      'push-branch.json',
      'push',
      'refs/heads/feature/x',
      variantOf({ 'tag-prefix': 'v.' }),
      ['v.feature-x', 'v.sha-fedcba9'],
    ],
    [
      'prerelease, both',
      'tag-prerelease.json',
      'push',
      'refs/tags/v2.0.0-rc.1',
      variantOf({ 'tag-prefix': 'a', 'tag-suffix': 'b' }),
      ['a-2.0.0-rc.1-b', 'a-sha-fedcba9-b'],
    ],
    [
      'pull request',
      'pull-request.json',
      'pull_request',
      'refs/pull/42/merge',
      ALPINE,
      ['pr-42-alpine'],
    ],
  ])('%s', (_label, fixture, event, ref, variant, tags) => {
    const plan = computeTags(ctxFrom(fixture, event, ref), {
      extraTags: [],
      latest: 'auto',
      variant,
    });
    expect(plan.tags).toEqual(tags);
    for (const tag of plan.tags) expect(isValidTag(tag)).toBe(true);
  });

  it('extra tags get the variant too; the version output does not', () => {
    const plan = computeTags(ctxFrom('tag-release.json', 'push', 'refs/tags/v1.2.3'), {
      extraTags: ['stable'],
      latest: 'false',
      variant: ALPINE,
    });
    expect(plan.tags).toEqual([
      '1.2.3-alpine',
      '1.2-alpine',
      '1-alpine',
      'sha-fedcba9-alpine',
      'stable-alpine',
    ]);
    expect(plan.version).toBe('1.2.3');
  });

  it('a long branch name is cut so that the suffix still fits 128 characters', () => {
    const ctx = ctxFrom('push-branch.json', 'push', `refs/heads/${'y'.repeat(200)}`);
    const [branch] = computeTags(ctx, { extraTags: [], latest: 'auto', variant: ALPINE }).tags;
    expect(branch).toBe(`${'y'.repeat(121)}-alpine`);
  });

  it('platform tags carry the sha length and the variant', () => {
    const amd64 = { os: 'linux', architecture: 'amd64' };
    expect(platformTag(SHA, amd64, ALPINE)).toBe('sha-fedcba9-linux-amd64-alpine');
    expect(platformTag(SHA, amd64, LONG)).toBe('sha-fedcba987654-linux-amd64');
    expect(platformTag(SHA, amd64)).toBe('sha-fedcba9-linux-amd64');
  });
});

describe('tag variant inputs', () => {
  it('default to no prefix, no suffix, 7 digits', () => {
    expect(variantOf({})).toEqual({ prefix: '', suffix: '', shaLength: 7 });
  });

  it('keep a separator that is given', () => {
    expect(variantOf({ 'tag-prefix': 'debug_', 'tag-suffix': '.arm' })).toEqual({
      prefix: 'debug_',
      suffix: '.arm',
      shaLength: 7,
    });
  });

  it.each<[Partial<Record<InputName, string>>, InputName, RegExp]>([
    [{ 'tag-prefix': '-x' }, 'tag-prefix', /start with a letter, digit or "_"/],
    [{ 'tag-suffix': 'al pine' }, 'tag-suffix', /only letters, digits/],
    [{ 'tag-suffix': 'a/b' }, 'tag-suffix', /only letters, digits/],
    [{ 'sha-length': '6' }, 'sha-length', /7 to 40/],
    [{ 'sha-length': '41' }, 'sha-length', /7 to 40/],
    [{ 'sha-length': 'ten' }, 'sha-length', /7 to 40/],
    [{ 'tag-suffix': 'x'.repeat(60) }, 'tag-suffix', /48 characters/],
    [{ tags: 'y'.repeat(125), 'tag-suffix': 'alpine' }, 'tags', /128/],
  ])('refuse %j', (values, input, message) => {
    expect(() => variantOf(values)).toThrow(message);
    expect(() => variantOf(values)).toThrow(expect.objectContaining({ input }));
  });
});

describe('floating tags per variant', () => {
  const release = parseSemver('1.2.3');
  const alpineTags = [
    '1.2.3-alpine',
    '1.2-alpine',
    '1-alpine',
    'sha-fedcba9-alpine',
    'latest-alpine',
  ];
  const plainTags = ['1.2.3', '1.2', '1', 'sha-fedcba9', 'latest'];

  it('a newer release of the same variant holds its floating tags', () => {
    const decision = holdFloatingTags(release, alpineTags, ['1.3.0-alpine', '1.3.0'], ALPINE);
    expect(decision.tags).toEqual(['1.2.3-alpine', '1.2-alpine', 'sha-fedcba9-alpine']);
    expect(decision.held.map((h) => [h.tag, h.newer])).toEqual([
      ['1-alpine', '1.3.0-alpine'],
      ['latest-alpine', '1.3.0-alpine'],
    ]);
  });

  it('another variant does not hold: plain 1 is judged on plain versions only', () => {
    const decision = holdFloatingTags(release, plainTags, ['1.3.0-alpine', 'debug-2.0.0']);
    expect(decision).toEqual({ tags: plainTags, held: [] });
  });

  it('plain versions do not hold a variant', () => {
    const decision = holdFloatingTags(
      release,
      alpineTags,
      ['1.3.0', '2.0.0', '1.4.0-debug'],
      ALPINE,
    );
    expect(decision).toEqual({ tags: alpineTags, held: [] });
  });

  it('a prefixed variant is judged on its own versions', () => {
    const tags = ['debug-1.2.3', 'debug-1.2', 'debug-1', 'debug-latest'];
    const decision = holdFloatingTags(release, tags, ['debug-1.2.9', '9.0.0'], DEBUG);
    expect(decision.tags).toEqual(['debug-1.2.3']);
    expect(decision.held.map((h) => h.newer)).toEqual([
      'debug-1.2.9',
      'debug-1.2.9',
      'debug-1.2.9',
    ]);
  });
});

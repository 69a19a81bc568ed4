import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContext } from '../../../src/request/context.js';
import { parseInputs } from '../../../src/request/inputs.js';
import { localContext } from '../../../src/cli/git.js';
import { makePlan, sourceDateEpoch } from '../../../src/request/plan.js';

const WS = path.resolve('/home/runner/work/hello/hello');
const SHA = '0123456789abcdef0123456789abcdef01234567';

function context(
  event: string,
  ref: string,
  payload: Record<string, unknown> = {},
  /** null: no GITHUB_SERVER_URL at all. */
  serverUrl: string | null = 'https://github.com',
) {
  return parseContext(
    {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref,
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'octo-org/Hello',
      GITHUB_WORKSPACE: WS,
      GITHUB_SERVER_URL: serverUrl ?? undefined,
    },
    { repository: { default_branch: 'main' }, ...payload },
  );
}

function inputs(raw: Record<string, string> = {}) {
  const values: Record<string, string> = { username: 'alice', password: 'pw', ...raw };
  return parseInputs((name) => values[name] ?? '', WS);
}

const clock = { now: new Date('2026-11-28T12:00:00Z'), sourceDateEpoch: undefined };

describe('makePlan', () => {
  it.each<
    [string, ReturnType<typeof context>, Record<string, string>, boolean, RegExp | undefined]
  >([
    ['push to main pushes', context('push', 'refs/heads/main'), {}, true, undefined],
    [
      'pull request does not push',
      context('pull_request', 'refs/pull/4/merge', { pull_request: { number: 4 } }),
      {},
      false,
      /pull request #4/,
    ],
    [
      'push: true on a pull request pushes',
      context('pull_request', 'refs/pull/4/merge', { pull_request: { number: 4 } }),
      { push: 'true' },
      true,
      undefined,
    ],
    [
      'push: false never pushes',
      context('push', 'refs/heads/main'),
      { push: 'false' },
      false,
      /push input is false/,
    ],
  ])('%s', (_name, ctx, raw, push, reason) => {
    const plan = makePlan(ctx, inputs(raw), clock);
    expect(plan.push).toBe(push);
    if (reason) expect(plan.noPushReason).toMatch(reason);
    else expect(plan.noPushReason).toBeUndefined();
  });

  it('names the images input and its line when the first image of images is bad', () => {
    const bad = (raw: Record<string, string>) => {
      try {
        makePlan(context('push', 'refs/heads/main'), inputs(raw), clock);
      } catch (error) {
        return error as { input?: string; detail?: string };
      }
      throw new Error('no error');
    };
    const first = bad({ images: 'bad//ref\nghcr.io/alice/hello' });
    expect(first.input).toBe('images');
    expect(first.detail).toMatch(/^line 1: "bad\/\/ref" has an empty path component/);
    expect(bad({ image: 'bad//ref' }).input).toBe('image');
  });

  it('names the image after the user and the repository, with full references', () => {
    const plan = makePlan(context('push', 'refs/heads/main'), inputs(), clock);
    expect(plan.image.name).toBe('docker.io/alice/hello');
    expect(plan.refs).toEqual([
      'docker.io/alice/hello:sha-0123456',
      'docker.io/alice/hello:latest',
    ]);
  });

  it('sets the OCI labels from the context, and lets user labels override them', () => {
    const ctx = context('push', 'refs/tags/v1.2.3', {
      head_commit: { timestamp: '2026-11-20T10:00:00Z' },
    });
    const plan = makePlan(
      ctx,
      inputs({ labels: 'org.opencontainers.image.title=Hi\nteam=core' }),
      clock,
    );
    expect(Object.fromEntries(plan.labels)).toEqual({
      'org.opencontainers.image.created': '2026-11-20T10:00:00.000Z',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/octo-org/Hello',
      'org.opencontainers.image.title': 'Hi',
      'org.opencontainers.image.url': 'https://github.com/octo-org/Hello',
      'org.opencontainers.image.version': '1.2.3',
      team: 'core',
    });
  });
});

describe('OCI labels without a server', () => {
  it('leaves out source and url where the repository has no web address', () => {
    const plan = makePlan(context('push', 'refs/heads/main', {}, null), inputs(), clock);
    const labels = Object.fromEntries(plan.labels);
    expect(labels).not.toHaveProperty('org.opencontainers.image.source');
    expect(labels).not.toHaveProperty('org.opencontainers.image.url');
    expect(labels['org.opencontainers.image.revision']).toBe(SHA);
    expect(labels['org.opencontainers.image.title']).toBe('Hello');
  });
});

describe('OCI labels outside a git repository', () => {
  it('sets no empty label, so that the Dockerfile keeps its own revision and version', () => {
    const ctx = localContext(
      {
        workspace: WS,
        inGit: false,
        sha: '',
        ref: '',
        repository: 'local/hello',
        serverUrl: undefined,
        defaultBranch: undefined,
        commitTime: undefined,
      },
      '/tmp',
    );
    const plan = makePlan(ctx, inputs({ labels: 'empty=' }), clock);
    expect(Object.fromEntries(plan.labels)).toEqual({
      'org.opencontainers.image.created': '2026-11-28T12:00:00.000Z',
      'org.opencontainers.image.title': 'hello',
      // What the labels input says is kept, empty or not.
      empty: '',
    });
  });
});

describe('sourceDateEpoch', () => {
  const withCommit = context('push', 'refs/heads/main', {
    head_commit: { timestamp: '2026-11-20T10:00:00Z' },
  });
  const withoutCommit = context('push', 'refs/heads/main');
  const commitSeconds = Date.parse('2026-11-20T10:00:00Z') / 1000;
  it.each<[string, ReturnType<typeof context>, string | undefined, number]>([
    ['SOURCE_DATE_EPOCH wins', withCommit, '1700000000', 1700000000],
    ['else the commit time', withCommit, undefined, commitSeconds],
    ['a malformed SOURCE_DATE_EPOCH is ignored', withCommit, '12abc', commitSeconds],
    ['else now', withoutCommit, undefined, Date.parse('2026-11-28T12:00:00Z') / 1000],
  ])('%s', (_name, ctx, env, expected) => {
    expect(sourceDateEpoch(ctx, { now: clock.now, sourceDateEpoch: env })).toBe(expected);
  });
});

describe('makePlan with platform-tags', () => {
  it('tags each platform with its platform tag only: no sha, branch, latest or extra tag', () => {
    const plan = makePlan(
      context('push', 'refs/tags/v1.2.3'),
      inputs({ 'platform-tags': 'true', platforms: 'linux/amd64,linux/arm/v7', tags: 'extra' }),
      clock,
    );
    expect(plan.tags).toEqual(['sha-0123456-linux-amd64', 'sha-0123456-linux-arm-v7']);
    expect(plan.refs).toEqual([
      'docker.io/alice/hello:sha-0123456-linux-amd64',
      'docker.io/alice/hello:sha-0123456-linux-arm-v7',
    ]);
    expect(plan.platformTags).toBe(true);
    expect(plan.version).toBe('1.2.3');
  });

  it("without platforms: the runner's own", () => {
    const plan = makePlan(
      context('push', 'refs/heads/main'),
      inputs({ 'platform-tags': 'true' }),
      clock,
    );
    expect(plan.platforms).toHaveLength(1);
    expect(plan.tags).toEqual([`sha-0123456-${plan.platforms[0]!.replaceAll('/', '-')}`]);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseContext,
  readContext,
  toGitContext,
  type GitContext,
} from '../../../src/request/context.js';

const fixturesDir = new URL('../../fixtures/events/', import.meta.url);

function fixturePath(name: string): string {
  return new URL(name, fixturesDir).pathname;
}

function baseEnv(
  over: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    GITHUB_REPOSITORY: 'alice/hello',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: '/home/runner/work/hello/hello',
    RUNNER_TEMP: '/home/runner/work/_temp',
    ...over,
  };
}

describe('toGitContext with recorded payloads, as @actions/github reads them', () => {
  it.each<{
    fixture: string;
    event: string;
    ref: string;
    sha: string;
    expected: Partial<GitContext>;
  }>([
    {
      fixture: 'push-main.json',
      event: 'push',
      ref: 'refs/heads/main',
      sha: '0123456789abcdef0123456789abcdef01234567',
      expected: {
        defaultBranch: 'main',
        pullRequest: undefined,
        commitTime: new Date('2024-05-06T05:08:09Z'),
      },
    },
    {
      fixture: 'push-branch.json',
      event: 'push',
      ref: 'refs/heads/feature/Foo_bar',
      sha: '89abcdef0123456789abcdef0123456789abcdef',
      expected: {
        defaultBranch: 'main',
        pullRequest: undefined,
        commitTime: new Date('2024-05-07T10:00:00Z'),
      },
    },
    {
      fixture: 'tag-release.json',
      event: 'push',
      ref: 'refs/tags/v1.2.3',
      sha: 'fedcba9876543210fedcba9876543210fedcba98',
      expected: { defaultBranch: 'main', commitTime: new Date('2024-06-01T12:00:00Z') },
    },
    {
      fixture: 'tag-prerelease.json',
      event: 'push',
      ref: 'refs/tags/v2.0.0-rc.1',
      sha: 'aaaabbbbccccddddeeeeffff0000111122223333',
      expected: { defaultBranch: 'main', commitTime: new Date('2024-07-15T08:30:00Z') },
    },
    {
      fixture: 'tag-other.json',
      event: 'push',
      ref: 'refs/tags/nightly/2024-06-02',
      sha: '1111222233334444555566667777888899990000',
      expected: { defaultBranch: 'main', commitTime: new Date('2024-06-02T00:00:00Z') },
    },
    {
      fixture: 'pull-request.json',
      event: 'pull_request',
      ref: 'refs/pull/42/merge',
      sha: 'cafebabecafebabecafebabecafebabecafebabe',
      expected: {
        defaultBranch: 'main',
        pullRequest: { number: 42, fork: false },
        commitTime: undefined,
      },
    },
    {
      fixture: 'pull-request-fork.json',
      event: 'pull_request',
      ref: 'refs/pull/7/merge',
      sha: 'cafebabecafebabecafebabecafebabecafebabe',
      expected: { pullRequest: { number: 7, fork: true }, commitTime: undefined },
    },
    {
      // pull_request_target runs on the base branch: the number comes from the payload.
      fixture: 'pull-request-fork.json',
      event: 'pull_request_target',
      ref: 'refs/heads/main',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      expected: { pullRequest: { number: 7, fork: true } },
    },
    {
      fixture: 'workflow-dispatch.json',
      event: 'workflow_dispatch',
      ref: 'refs/heads/release/1.x',
      sha: '0123456789abcdef0123456789abcdef01234567',
      expected: { defaultBranch: 'main', pullRequest: undefined, commitTime: undefined },
    },
  ])('$fixture as $event on $ref', ({ fixture, event, ref, sha, expected }) => {
    const ctx = toGitContext(
      {
        eventName: event,
        sha,
        ref,
        payload: JSON.parse(readFileSync(fixturePath(fixture), 'utf8')) as unknown,
        repository: 'alice/hello',
        serverUrl: 'https://github.com/',
      },
      { workspace: '/home/runner/work/hello/hello', temp: '/home/runner/work/_temp' },
    );
    expect(ctx).toMatchObject({
      eventName: event,
      ref,
      sha,
      repository: 'alice/hello',
      serverUrl: 'https://github.com',
      workspace: '/home/runner/work/hello/hello',
      runnerTemp: '/home/runner/work/_temp',
      ...expected,
    });
    if ('commitTime' in expected) expect(ctx.commitTime).toEqual(expected.commitTime);
    if ('pullRequest' in expected) expect(ctx.pullRequest).toEqual(expected.pullRequest);
  });
});

describe('readContext with an unreadable payload file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'context-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the payload as empty where @actions/github cannot parse it', async () => {
    const invalid = path.join(dir, 'invalid.json');
    writeFileSync(invalid, '{"repository": {"default_branch": ');
    const saved = process.env.GITHUB_EVENT_PATH;
    process.env.GITHUB_EVENT_PATH = invalid;
    try {
      const ctx = await readContext(
        baseEnv({ GITHUB_EVENT_PATH: invalid, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc' }),
        () => import('@actions/github'),
      );
      expect(ctx.defaultBranch).toBeUndefined();
      expect(ctx.pullRequest).toBeUndefined();
      expect(ctx.ref).toBe('refs/heads/main');
      expect(ctx.workspace).toBe('/home/runner/work/hello/hello');
    } finally {
      if (saved === undefined) delete process.env.GITHUB_EVENT_PATH;
      else process.env.GITHUB_EVENT_PATH = saved;
    }
  });
});

describe('parseContext', () => {
  it('applies defaults for an empty environment', () => {
    const ctx = parseContext({}, undefined);
    expect(ctx).toEqual({
      eventName: '',
      sha: '',
      ref: '',
      repository: '',
      serverUrl: undefined,
      defaultBranch: undefined,
      repositoryInfo: {},
      pullRequest: undefined,
      commitTime: undefined,
      workspace: process.cwd(),
      runnerTemp: os.tmpdir(),
    });
  });

  it.each<{
    name: string;
    env: Record<string, string>;
    payload: unknown;
    expected: Partial<GitContext>;
  }>([
    {
      name: 'GHES server URL loses its trailing slash',
      env: { GITHUB_SERVER_URL: 'https://ghe.example.com/' },
      payload: {},
      expected: { serverUrl: 'https://ghe.example.com' },
    },
    {
      name: 'repository falls back to payload full_name',
      env: {},
      payload: { repository: { full_name: 'bob/tool' } },
      expected: { repository: 'bob/tool' },
    },
    {
      name: 'empty default_branch is unknown',
      env: {},
      payload: { repository: { default_branch: '' } },
      expected: { defaultBranch: undefined },
    },
    {
      name: 'non-object payload is ignored',
      env: {},
      payload: [1, 2, 3],
      expected: { defaultBranch: undefined, pullRequest: undefined },
    },
    {
      name: 'PR number from payload.number when pull_request.number is absent',
      env: { GITHUB_REF: 'refs/pull/9/merge' },
      payload: { number: 11, pull_request: {} },
      expected: { pullRequest: { number: 11, fork: false } },
    },
    {
      name: 'PR number from the ref when the payload has no pull request',
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/13/merge' },
      payload: {},
      expected: { pullRequest: { number: 13, fork: false } },
    },
    {
      name: 'deleted fork (head.repo null) counts as a fork',
      env: { GITHUB_REF: 'refs/pull/3/merge' },
      payload: {
        pull_request: { number: 3, head: { repo: null }, base: { repo: { full_name: 'a/b' } } },
      },
      expected: { pullRequest: { number: 3, fork: true } },
    },
    {
      name: 'head.repo.fork decides when full names are missing',
      env: {},
      payload: { pull_request: { number: 4, head: { repo: { fork: true } }, base: {} } },
      expected: { pullRequest: { number: 4, fork: true } },
    },
    {
      name: 'same repository in a forked base repo is not a fork',
      env: {},
      payload: {
        pull_request: {
          number: 5,
          head: { repo: { full_name: 'bob/hello', fork: true } },
          base: { repo: { full_name: 'bob/hello', fork: true } },
        },
      },
      expected: { pullRequest: { number: 5, fork: false } },
    },
    {
      name: 'a pull_request object without any number is no PR',
      env: { GITHUB_REF: 'refs/heads/main' },
      payload: { pull_request: { number: 'x' } },
      expected: { pullRequest: undefined },
    },
    {
      name: 'invalid head_commit timestamp is undefined',
      env: {},
      payload: { head_commit: { timestamp: 'yesterday' } },
      expected: { commitTime: undefined },
    },
    {
      name: 'blank environment values count as unset',
      env: { GITHUB_WORKSPACE: '  ', RUNNER_TEMP: '', GITHUB_SERVER_URL: '' },
      payload: {},
      expected: {
        workspace: process.cwd(),
        runnerTemp: os.tmpdir(),
        serverUrl: undefined,
      },
    },
  ])('$name', ({ env, payload, expected }) => {
    const ctx = parseContext(env, payload);
    for (const [key, value] of Object.entries(expected)) {
      expect(ctx[key as keyof GitContext]).toEqual(value);
    }
  });
});

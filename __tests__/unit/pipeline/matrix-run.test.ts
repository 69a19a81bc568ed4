/**
 * The build matrix in process: a merge run with a fake registry (what it reads, what it
 * pushes, what it reports), and a platform-tags run with the fake builder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runnerIo } from '../../../src/action/reporter.js';
import { platformTag } from '../../../src/image/merge-index.js';
import { ActionError } from '../../../src/core/errors.js';
import { run } from '../../../src/pipeline/run.js';
import { fakeBuilder, fakeStages } from '../../fixtures/fake-builder.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { digest, FakeRepo, OCI_INDEX } from '../../fixtures/fake-repo.js';
import { RUN_SHA, runRequest } from '../../fixtures/run-request.js';
import { runnerCommands } from '../../fixtures/runner-commands.js';

const WS = mkdtempSync(path.join(os.tmpdir(), 'matrix-run-'));
afterAll(() => rmSync(WS, { recursive: true, force: true }));

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };
const MERGE = { merge: 'linux/amd64,linux/arm64' };

/** A repository where the matrix jobs pushed these platforms under their platform tags. */
function matrixPushed(...platforms: Array<typeof amd64>): FakeRepo {
  const repo = new FakeRepo();
  for (const p of platforms) repo.tag(platformTag(RUN_SHA, p), repo.image(p));
  return repo;
}

/** A merge run of `repo` on `on`, with these existing tags for the floating rule. */
async function mergeRun(repo: FakeRepo, on: 'main' | 'release' | 'pr' = 'main', existing = ['x']) {
  const io = recordingIo();
  const builder = fakeBuilder();
  const outcome = await run(runRequest(WS, on, MERGE), io, fakeStages(builder, existing, repo));
  return { io, outcome, builder, puts: repo.calls.filter((c) => c.startsWith('put:')) };
}

describe('a merge run', () => {
  it('builds nothing and pushes one index of the platform tags under the normal tags', async () => {
    const repo = matrixPushed(amd64, arm64);
    const { io, outcome, builder } = await mergeRun(repo);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(builder.calls).toEqual([]);
    expect(repo.calls).toEqual(['login:alice/hello', 'put:sha-fedcba9', 'put:latest']);
    expect(repo.closed).toBe(true);
    const index = repo.manifests.get('latest')!;
    expect(index.mediaType).toBe(OCI_INDEX);
    const manifests = (
      JSON.parse(index.body.toString()) as { manifests: Array<{ digest: string }> }
    ).manifests;
    const amdDigest = repo.manifests.get(platformTag(RUN_SHA, amd64))!.digest;
    const armDigest = repo.manifests.get(platformTag(RUN_SHA, arm64))!.digest;
    expect(manifests.map((m) => m.digest)).toEqual([amdDigest, armDigest]);
    expect(io.outputs).toMatchObject({
      digest: digest(index.body),
      pushed: 'true',
      version: 'main',
      'platform-digests': `linux/amd64 ${amdDigest}\nlinux/arm64 ${armDigest}`,
      'pushed-tags': 'docker.io/alice/hello:sha-fedcba9\ndocker.io/alice/hello:latest',
    });
    const summary = io.summaries.join('');
    expect(summary).toContain(`| linux/arm64 | \`${armDigest}\` (`);
    expect(summary).toMatch(/linux\/amd64 \| `sha256:[0-9a-f]{64}` \(\d+ B compressed\)/);
  });

  it('run again: the same index digest', async () => {
    const repo = matrixPushed(amd64, arm64);
    const first = (await mergeRun(repo)).io;
    const again = (await mergeRun(repo)).io;
    expect(again.outputs.digest).toBe(first.outputs.digest);
    expect(again.outputs.digest).toMatch(/^sha256:/);
  });

  it('a missing platform: nothing tagged, the missing tag named', async () => {
    const repo = matrixPushed(amd64);
    const { io, outcome } = await mergeRun(repo);
    expect(outcome).toMatchObject({ ok: false, failed: 'push' });
    expect(io.texts('error')[0]).toContain('sha-fedcba9-linux-arm64');
    expect(repo.calls.filter((c) => c.startsWith('put:'))).toEqual([]);
    expect(io.outputs.pushed).toBe('false');
  });

  it('a platform tag holding the wrong architecture: nothing tagged', async () => {
    const repo = matrixPushed(amd64);
    repo.tag(platformTag(RUN_SHA, arm64), repo.image(amd64, 7));
    const { io, outcome } = await mergeRun(repo);
    expect(outcome.ok).toBe(false);
    expect(io.texts('error')[0]).toMatch(/should hold linux\/arm64 but holds linux\/amd64/);
    expect(repo.calls.filter((c) => c.startsWith('put:'))).toEqual([]);
  });

  it('a platform twice (a tag holding an index of both): refused', async () => {
    const repo = matrixPushed(amd64);
    const amd = repo.manifests.get(platformTag(RUN_SHA, amd64))!;
    const both = repo.index([
      { m: amd, platform: amd64 },
      { m: repo.image(arm64), platform: arm64 },
    ]);
    repo.tag(platformTag(RUN_SHA, arm64), both, OCI_INDEX);
    const { io, outcome } = await mergeRun(repo);
    expect(outcome.ok).toBe(false);
    expect(io.texts('error')[0]).toContain('linux/amd64 is in the merge twice');
  });

  it('on a release: semver tags on the index, floating tags never backwards', async () => {
    const repo = matrixPushed(amd64, arm64);
    const { io, outcome } = await mergeRun(repo, 'release', ['2.0.0', '1.2.0']);
    expect(outcome.ok).toBe(true);
    expect(repo.calls.filter((c) => c.startsWith('put:'))).toEqual([
      'put:1.2.3',
      'put:1.2',
      'put:1',
      'put:sha-fedcba9',
    ]);
    expect(io.outputs.version).toBe('1.2.3');
    expect(io.texts('notice').join('\n')).toMatch(/Tag "latest" left on 2\.0\.0/);
  });

  it('on a pull request: nothing read, nothing pushed', async () => {
    const repo = matrixPushed(amd64, arm64);
    const { io, outcome } = await mergeRun(repo, 'pr');
    expect(outcome.ok).toBe(true);
    expect(repo.calls).toEqual([]);
    expect(io.outputs.pushed).toBe('false');
  });

  it('a push that fails after a tag: the tags updated are named', async () => {
    const repo = matrixPushed(amd64, arm64);
    repo.failPut = (tag) =>
      tag === 'latest' ? new ActionError('push', 'The registry said 500.') : undefined;
    const { io, outcome } = await mergeRun(repo);
    expect(outcome.ok).toBe(false);
    expect(io.outputs['pushed-tags']).toBe('docker.io/alice/hello:sha-fedcba9');
  });
});

/** Platforms a hostile registry puts in a platform tag's index (and in the image's config). */
const HOSTILE_PLATFORMS: Array<[string, { os: string; architecture: string; variant?: string }]> = [
  [
    'a variant that breaks the table, with HTML and a link',
    {
      os: 'linux',
      architecture: 'arm64',
      variant: 'v9\n| forged | row |\n<img src=x onerror=alert(1)> [click](https://evil.example)',
    },
  ],
  [
    'a variant that forges an output line',
    { ...arm64, variant: `v9 ${'sha256:' + 'e'.repeat(64)}\nlinux/s390x` },
  ],
  ['a variant led by NEXT LINE: a warning', { ...arm64, variant: 'v9\n\u0085::warning::forged' }],
  [
    'a variant led by NEXT LINE: state for the post step',
    { ...arm64, variant: 'v9\r\u0085::save-state name=partialFiles::["/some/dir"]' },
  ],
  ['an os with markup', { os: 'linux|<b>x</b>', architecture: 'arm64' }],
  ['an architecture with a pipe', { os: 'linux', architecture: 'arm64 | x' }],
];

describe('a merge run with a hostile platform in a platform tag', () => {
  /** arm64's tag holds an index of the real arm64 image and one of the hostile platform. */
  function hostileRepo(hostile: { os: string; architecture: string; variant?: string }) {
    const repo = matrixPushed(amd64);
    const both = repo.index([
      { m: repo.image(arm64), platform: arm64 },
      { m: repo.image(hostile, 9), platform: hostile },
    ]);
    repo.tag(platformTag(RUN_SHA, arm64), both, OCI_INDEX);
    return repo;
  }

  it.each(HOSTILE_PLATFORMS)('%s: refused, naming the tag; nothing tagged', async (_n, hostile) => {
    const { io, outcome, puts } = await mergeRun(hostileRepo(hostile));
    expect(outcome).toMatchObject({ ok: false, failed: 'push' });
    const error = io.texts('error').join('\n');
    expect(error).toContain('sha-fedcba9-linux-arm64');
    expect(error).toMatch(/not a platform/);
    expect(puts).toEqual([]);
    // No output line that is not one platform and its digest.
    for (const line of io.outputs['platform-digests']!.split('\n').filter(Boolean)) {
      expect(line).toMatch(/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9]+)? sha256:[0-9a-f]{64}$/);
    }
    const summary = io.summaries.join('');
    expect(summary).not.toMatch(/<img|<b>|\[click\]|^\| forged/m);
    // Every table row has its two cells: no pipe of the platform's split one.
    for (const row of summary.split('\n').filter((l) => l.startsWith('|'))) {
      expect(row.match(/\|/g), row).toHaveLength(3);
    }
  });

  it('a platform tag whose image config names a hostile platform: refused, naming the tag', async () => {
    const repo = matrixPushed(amd64);
    const hostile = { os: 'linux', architecture: 'arm64\n| forged | row |' };
    repo.tag(platformTag(RUN_SHA, arm64), repo.image(hostile));
    const { io, outcome, puts } = await mergeRun(repo);
    expect(outcome).toMatchObject({ ok: false, failed: 'push' });
    expect(io.texts('error').join()).toMatch(
      /image config of alice\/hello:sha-fedcba9-linux-arm64 names the platform .*not a platform/,
    );
    expect(puts).toEqual([]);
    expect(io.summaries.join('')).not.toMatch(/^\| forged/m);
  });

  it('an index entry whose digest is not one: refused, naming the tag', async () => {
    const repo = matrixPushed(amd64);
    const index = repo.index([{ m: repo.image(arm64), platform: arm64 }]);
    const json = JSON.parse(index.body.toString()) as { manifests: Array<{ digest: string }> };
    json.manifests[0]!.digest = 'sha256:abc\nlinux/s390x sha256:def';
    const body = Buffer.from(JSON.stringify(json));
    repo.tag(platformTag(RUN_SHA, arm64), { body, digest: digest(body) }, OCI_INDEX);
    const { io, outcome, puts } = await mergeRun(repo);
    expect(outcome).toMatchObject({ ok: false, failed: 'push' });
    expect(io.texts('error').join()).toMatch(
      /sha-fedcba9-linux-arm64 names linux\/arm64 by .*not a digest/,
    );
    expect(puts).toEqual([]);
  });

  it.each(HOSTILE_PLATFORMS)("%s: no live command in the runner's log", async (_n, hostile) => {
    const log: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      log.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    try {
      const repo = hostileRepo(hostile);
      await run(runRequest(WS, 'main', MERGE), runnerIo(), fakeStages(fakeBuilder(), ['x'], repo));
    } finally {
      spy.mockRestore();
    }
    const commands = runnerCommands(log.join(''));
    expect(commands.filter((c) => /^::(warning|save-state)/.test(c))).toEqual([]);
    // The hostile text only as the data of the action's own error annotation.
    const foreign = commands.filter((c) => /forged|some\/dir|<b>|\| x/.test(c));
    expect(foreign.filter((c) => !/^::error( [^:]*)?::/.test(c))).toEqual([]);
  });
});

describe('a platform-tags run', () => {
  it('pushes under the platform tag only, without listing tags for the floating rule', async () => {
    const builder = fakeBuilder();
    const stages = fakeStages(builder, ['2.0.0']);
    const io = recordingIo();
    const raw = { 'platform-tags': 'true', platforms: 'linux/arm64' };
    const outcome = await run(runRequest(WS, 'release', raw), io, stages);
    expect(outcome.ok).toBe(true);
    expect(builder.calls).toContain('push:sha-fedcba9-linux-arm64');
    expect(stages.listed).toBe(0);
    expect(io.outputs.tags).toBe('docker.io/alice/hello:sha-fedcba9-linux-arm64');
  });

  it('on a pull request: nothing pushed', async () => {
    const builder = fakeBuilder();
    const io = recordingIo();
    await run(runRequest(WS, 'pr', { 'platform-tags': 'true' }), io, fakeStages(builder));
    expect(builder.calls).toEqual(['build', 'dispose']);
    expect(io.outputs.pushed).toBe('false');
  });
});

/**
 * The build matrix through the bundle, with the real engine and registry: one job per
 * platform pushes under its platform tag (platform-tags: true), then a merge job in an
 * empty workspace pushes one index of them under the normal tags, copying no blob.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEngineImages } from '../fixtures/engine-cleanup.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { readAttestations } from '../fixtures/attestation-reader.js';
import {
  getBlob,
  getManifest,
  imageManifest,
  listTags,
  manifestDigest,
  REGISTRY,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import {
  errorLines,
  events,
  NO_ENGINE,
  randomSha,
  runAction,
  type GitEvent,
  type RunResult,
} from './harness.js';
import { missingTools } from './optional-tools.js';

const noCrossCompiler = missingTools('aarch64-linux-gnu-gcc') !== undefined;
const noArm64Run = noCrossCompiler || missingTools('qemu-aarch64-static') !== undefined;

const runs: RunResult[] = [];
const EMPTY = mkdtempSync(join(tmpdir(), 'oneimage-empty-'));
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  await requireServices();
});
afterAll(async () => {
  runs.forEach((r) => r.dispose());
  rmSync(EMPTY, { recursive: true, force: true });
  await proxy?.close();
});

const alice = { username: 'alice', password: USERS.alice! };

async function step(
  event: GitEvent,
  inputs: Record<string, string>,
  o: { env?: Record<string, string>; workspaceFrom?: string } = {},
): Promise<RunResult> {
  const result = await runAction({ event, inputs: { ...alice, ...inputs }, ...o });
  runs.push(result);
  return result;
}

/** One matrix job: the seed compiled for its platform, pushed under its platform tag. */
function matrixJob(repo: string, event: GitEvent, platform: string, builder: string) {
  return step(
    event,
    {
      registry: REGISTRY,
      image: repo,
      'build-command': 'make',
      builder,
      platforms: platform,
      'platform-tags': 'true',
    },
    builder === 'native' ? { env: NO_ENGINE } : {},
  );
}

/** The merge job: an empty workspace, nothing built. */
function mergeJob(repo: string, event: GitEvent, platforms: string, registry = REGISTRY) {
  return step(
    event,
    { registry, image: repo, merge: platforms, 'retry-timeout': '0.2' },
    { workspaceFrom: EMPTY, env: NO_ENGINE },
  );
}

describe.skipIf(noCrossCompiler)('a build matrix of linux/amd64 and linux/arm64', () => {
  const repo = uniqueRepo('alice', 'matrix');
  const sha = randomSha();
  const short = sha.slice(0, 7);
  const digests: Record<string, string> = {};
  /** Each platform's image manifest (the platform tag names an index of it and its attestations). */
  const images: Record<string, string> = {};

  beforeAll(async () => {
    const event = events.push('main', sha);
    // The amd64 job on the engine (the runner's own platform: no buildx needed), the
    // arm64 job with the native builder, as two runners of a matrix would.
    const [amd, arm] = await Promise.all([
      matrixJob(repo, event, 'linux/amd64', 'docker'),
      matrixJob(repo, event, 'linux/arm64', 'native'),
    ]);
    for (const [name, r] of [
      ['amd64', amd],
      ['arm64', arm],
    ] as const) {
      expect(r.main.code, r.main.log).toBe(0);
      digests[name] = r.outputs.digest!;
      images[name] = r.outputs['platform-digests']!.split(' ')[1]!;
    }
    removeEngineImages(REGISTRY, [repo]);
  }, 600_000);

  it('each job pushes its image under its platform tag only', async () => {
    expect((await listTags(repo)).sort()).toEqual([
      `sha-${short}-linux-amd64`,
      `sha-${short}-linux-arm64`,
    ]);
    expect(await manifestDigest(repo, `sha-${short}-linux-amd64`)).toBe(digests.amd64);
    expect(await manifestDigest(repo, `sha-${short}-linux-arm64`)).toBe(digests.arm64);
    const arm = await getManifest(repo, `sha-${short}-linux-arm64`);
    expect(arm.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(arm.manifest.manifests!.map((m) => [m.digest, m.platform!.os])).toEqual([
      [images.arm64, 'linux'],
      [expect.stringMatching(/^sha256:/), 'unknown'],
    ]);
  });

  it('the merge job pushes an index of the two under sha and latest, the same when run again', async () => {
    const event = events.push('main', sha);
    const merged = await mergeJob(repo, event, 'linux/amd64,linux/arm64');
    expect(merged.main.code, merged.main.log).toBe(0);
    const index = await getManifest(repo, 'latest');
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.digest).toBe(merged.outputs.digest);
    expect(await manifestDigest(repo, `sha-${short}`)).toBe(index.digest);
    const imageEntries = index.manifest.manifests!.filter((m) => m.platform!.os !== 'unknown');
    expect(imageEntries.map((m) => m.digest)).toEqual([images.amd64, images.arm64]);
    expect(merged.outputs['platform-digests']).toBe(
      `linux/amd64 ${images.amd64}\nlinux/arm64 ${images.arm64}`,
    );
    expect(merged.summary).toContain(`| linux/arm64 | \`${images.arm64}\` (`);
    expect(merged.main.log).not.toMatch(/Blobs: [1-9]/);

    const again = await mergeJob(repo, event, 'linux/amd64,linux/arm64');
    expect(again.main.code, again.main.log).toBe(0);
    expect(again.outputs.digest).toBe(index.digest);
  });

  it('the merged index keeps the attestations of both platforms: four statements', async () => {
    const index = await getManifest(repo, `sha-${short}`);
    const read = await readAttestations(index.raw, {
      manifest: async (d) => (await getManifest(repo, d)).raw,
      blob: (d) => getBlob(repo, d),
    });
    expect(read.map((a) => a.attests)).toEqual([images.amd64, images.arm64]);
    const statements = read.flatMap((a) => a.statements);
    expect(statements.map((s) => s.predicateType)).toEqual([
      'https://spdx.dev/Document',
      'https://slsa.dev/provenance/v1',
      'https://spdx.dev/Document',
      'https://slsa.dev/provenance/v1',
    ]);
    for (const [i, a] of read.entries()) {
      for (const s of a.statements) {
        expect(s.subjects[0]!.digest.sha256).toBe([images.amd64, images.arm64][i]!.slice(7));
      }
    }
    // Built by the engine and by the native builder: each provenance says which.
    const builders = read.map(
      (a) =>
        (a.statements[1]!.predicate.buildDefinition as { internalParameters: { builder: string } })
          .internalParameters.builder,
    );
    expect(builders).toEqual(['docker', 'native']);
  });

  it.skipIf(noArm64Run)('the engine runs the arm64 image of the index', () => {
    const ref = `${REGISTRY}/${repo}:sha-${short}`;
    try {
      const greeting = execFileSync(
        'docker',
        ['run', '--rm', '--pull', 'always', '--network', 'none', '--platform', 'linux/arm64', ref],
        { encoding: 'utf8' },
      );
      expect(greeting.trim()).toBe('hello from docker container');
    } finally {
      execFileSync('docker', ['rmi', '--force', ref], { stdio: 'ignore' });
    }
  });

  it('a platform no job pushed: the merge fails naming its tag, nothing tagged', async () => {
    const merged = await mergeJob(repo, events.tag('v7.0.0', sha), 'linux/amd64,linux/arm/v7');
    expect(merged.main.code).toBe(1);
    const errors = errorLines(merged.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`sha-${short}-linux-arm-v7`);
    expect(await listTags(repo)).not.toContain('7.0.0');
  });

  it('a release: semver tags on the index, latest left on a newer release', async () => {
    const newer = await mergeJob(repo, events.tag('v2.0.0', sha), 'linux/amd64,linux/arm64');
    expect(newer.main.code, newer.main.log).toBe(0);
    const older = await mergeJob(repo, events.tag('v1.4.0', sha), 'linux/amd64,linux/arm64');
    expect(older.main.code, older.main.log).toBe(0);
    expect(older.outputs['pushed-tags']!.split('\n').map((r) => r.split(':').at(-1))).toEqual([
      '1.4.0',
      '1.4',
      '1',
      `sha-${short}`,
    ]);
    expect(older.main.log).toMatch(/Tag "latest" left on 2\.0\.0/);
    expect(await manifestDigest(repo, '1.4.0')).toBe(older.outputs.digest);
  });

  it('a pull request: nothing read, nothing pushed', async () => {
    const before = (await listTags(repo)).sort();
    const pr = await mergeJob(repo, events.pullRequest(5, false, sha), 'linux/amd64,linux/arm64');
    expect(pr.main.code, pr.main.log).toBe(0);
    expect(pr.outputs.pushed).toBe('false');
    expect((await listTags(repo)).sort()).toEqual(before);
  });

  it('one job of several platforms: each manifest under its own platform tag, no index', async () => {
    const own = uniqueRepo('alice', 'matrix-two');
    const result = await matrixJob(own, events.push('main'), 'linux/amd64,linux/arm64', 'native');
    expect(result.main.code, result.main.log).toBe(0);
    const short2 = result.outputs.tags!.split('\n')[0]!.split(':sha-')[1]!.slice(0, 7);
    const tags = [`sha-${short2}-linux-amd64`, `sha-${short2}-linux-arm64`];
    expect((await listTags(own)).sort()).toEqual(tags);
    expect(result.outputs.digest).toBe('');
    const lines = result.outputs['platform-digests']!.split('\n');
    for (const [i, tag] of tags.entries()) {
      const m = await imageManifest(own, tag);
      expect(m.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(lines[i]).toBe(`${['linux/amd64', 'linux/arm64'][i]} ${m.digest}`);
    }
  });

  describe('through a proxy that fails', () => {
    beforeAll(async () => {
      proxy = await startFaultProxy({ routeTokens: true });
    });

    it('503s on the index push, then success: every tag names the index', async () => {
      proxy!.reset();
      proxy!.arm({ kind: 'manifest-put', count: 2, fault: faults.status(503) });
      const event = events.tag('v3.0.0', sha);
      const merged = await mergeJob(repo, event, 'linux/amd64,linux/arm64', proxy!.host);
      expect(merged.main.code, merged.main.log).toBe(0);
      expect(proxy!.injected.length).toBe(2);
      for (const tag of ['3.0.0', '3.0', '3', 'latest']) {
        expect(await manifestDigest(repo, tag)).toBe(merged.outputs.digest);
      }
    });

    it('a registry that never answers the reads: the merge fails, nothing tagged', async () => {
      proxy!.reset();
      proxy!.arm({ kind: 'manifest-get', count: Infinity, fault: faults.status(503) });
      const merged = await mergeJob(
        repo,
        events.tag('v9.0.0', sha),
        'linux/amd64,linux/arm64',
        proxy!.host,
      );
      expect(merged.main.code).toBe(1);
      expect(errorLines(merged.main.log)).toHaveLength(1);
      expect(await listTags(repo)).not.toContain('9.0.0');
    });
  });
});

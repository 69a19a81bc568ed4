/**
 * Concurrent runs: several runs of the action push to the same repository at once,
 * each with its own tags (`sha-<7>` and an extra tag) and all with `latest`. Every run
 * must succeed and the registry must end consistent: every tag names a complete,
 * pullable image (manifest and every blob it names are served, with the right digest
 * and size), each run's own tags name that run's image, and `latest` names one of them.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import {
  getBlob,
  getManifest,
  listTags,
  REGISTRY,
  uniqueRepo,
  USERS,
  type Descriptor,
} from '../fixtures/registry.js';
import {
  errorLines,
  events,
  runAction,
  type GitEvent,
  type RunResult,
  NO_ENGINE,
} from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };

const engine = engineCleanup();

interface Run {
  event: GitEvent;
  extra: string;
  result: RunResult;
}

/** `count` runs at once against `repo`, each a push to main with its own sha and extra tag. */
async function concurrentRuns(builder: string, repo: string, count: number): Promise<Run[]> {
  const started = Array.from({ length: count }, async (_, i): Promise<Run> => {
    const event = events.push('main');
    const extra = `load-${builder}-${i}`;
    const result = await runAction({
      event,
      env: builder === 'native' ? NO_ENGINE : {},
      inputs: {
        registry: REGISTRY,
        image: repo,
        username: alice.username,
        password: alice.password,
        'build-command': 'make',
        builder,
        tags: extra,
      },
    });
    engine.runs.push(result);
    return { event, extra, result };
  });
  return Promise.all(started);
}

/** The manifest and every blob it names (config and layers) are served, complete. */
async function expectComplete(repo: string, tag: string): Promise<string> {
  const { manifest, digest } = await getManifest(repo, tag);
  const children: Descriptor[] = manifest.manifests ?? [];
  const images = children.length > 0 ? children.map((c) => c.digest) : [digest];
  for (const image of images) {
    const { manifest: m } = image === digest ? { manifest } : await getManifest(repo, image);
    expect(m.config, `${tag}: config`).toBeDefined();
    const blobs = [m.config!, ...(m.layers ?? [])];
    expect(m.layers?.length ?? 0, `${tag}: layers`).toBeGreaterThan(0);
    for (const blob of blobs) {
      // getBlob checks the bytes against the digest.
      const data = await getBlob(repo, blob.digest);
      expect(data.length, `${tag}: ${blob.digest}`).toBe(blob.size);
    }
  }
  return digest;
}

/** The registry first (whatever the runs said), then every run's own outcome. */
async function expectConsistent(repo: string, all: Run[]): Promise<void> {
  const expected = [
    'latest',
    ...all.flatMap(({ event, extra }) => [`sha-${event.sha.slice(0, 7)}`, extra]),
  ];
  const tags = await listTags(repo);
  expect([...tags].sort()).toEqual([...expected].sort());

  const named = new Map<string, string>();
  for (const tag of tags) named.set(tag, await expectComplete(repo, tag));
  for (const { event, extra } of all) {
    // A run's own tags name one image, whether or not the run reported it.
    const own = named.get(`sha-${event.sha.slice(0, 7)}`);
    expect(own, event.sha).toMatch(/^sha256:/);
    expect(named.get(extra), extra).toBe(own);
  }
  expect(named.get('latest')).toMatch(/^sha256:/);

  for (const { result } of all) {
    expect(result.main.code, result.main.log).toBe(0);
    expect(errorLines(result.main.log)).toEqual([]);
    expect(result.post).toBeUndefined();
  }
  for (const { event, result } of all) {
    expect(result.outputs.digest, event.sha).toBe(named.get(`sha-${event.sha.slice(0, 7)}`));
  }
  expect(all.map(({ result }) => result.outputs.digest)).toContain(named.get('latest'));
}

/** `docker pull` of a tag succeeds (the engine checks every blob it downloads). */
function expectPullable(repo: string, tag: string): void {
  const ref = `${REGISTRY}/${repo}:${tag}`;
  execFileSync('docker', ['pull', '--quiet', ref], { stdio: 'pipe' });
  execFileSync('docker', ['rmi', '--force', ref], { stdio: 'pipe' });
}

describe('concurrent runs on one repository', () => {
  it('ten native runs at once leave every tag naming a complete image', async () => {
    const repo = uniqueRepo('alice', 'load-native');
    const all = await concurrentRuns('native', repo, 10);
    await expectConsistent(repo, all);
    expectPullable(repo, 'latest');
  });

  it('four docker runs at once leave every tag naming a complete image', async () => {
    const repo = uniqueRepo('alice', 'load-docker');
    engine.repos.push(repo);
    const all = await concurrentRuns('docker', repo, 4);
    await expectConsistent(repo, all);
    expectPullable(repo, 'latest');
  });
});

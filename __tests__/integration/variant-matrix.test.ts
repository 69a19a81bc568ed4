/**
 * A build matrix in a tag variant against the local registry (distribution 2.x): each job
 * pushes its platform tag in the variant, the merge pushes the release's variant tags,
 * and delete-platform-tags leaves the platform tags with a warning (distribution deletes
 * only by digest, which would take the images the index names); the index still pulls.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTags, REGISTRY, requireServices, uniqueRepo, USERS } from '../fixtures/registry.js';
import { skopeoInspect, skopeoPullAll } from '../fixtures/skopeo.js';
import { events, NO_ENGINE, runAction, type GitEvent, type RunResult } from './harness.js';

const runs: RunResult[] = [];
const root = mkdtempSync(join(tmpdir(), 'variant-matrix-'));
const WORKSPACE = join(root, 'ws');
const EMPTY = join(root, 'empty');
const PULLED = join(root, 'pulled');

beforeAll(async () => {
  await requireServices();
  for (const dir of [WORKSPACE, EMPTY]) mkdirSync(dir);
});
afterAll(() => {
  runs.forEach((r) => r.dispose());
  rmSync(root, { recursive: true, force: true });
});

async function step(event: GitEvent, inputs: Record<string, string>, workspaceFrom: string) {
  const result = await runAction({
    event,
    workspaceFrom,
    env: NO_ENGINE,
    inputs: {
      registry: REGISTRY,
      username: 'alice',
      password: USERS.alice!,
      'tag-suffix': 'alpine',
      ...inputs,
    },
  });
  runs.push(result);
  expect(result.main.code, result.main.log).toBe(0);
  return result;
}

describe('a build matrix in the alpine variant, merged with delete-platform-tags', () => {
  it('variant tags on the index; platform tags left with a warning; the index pulls', async () => {
    writeFileSync(join(WORKSPACE, 'Dockerfile'), 'FROM scratch\nCOPY greeting /\n');
    writeFileSync(join(WORKSPACE, 'greeting'), 'hello\n');
    const repo = uniqueRepo('alice', 'variant-matrix');
    const event = events.tag('v1.2.3');
    const short = event.sha.slice(0, 7);
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      await step(
        event,
        { image: repo, builder: 'native', platforms: platform, 'platform-tags': 'true' },
        WORKSPACE,
      );
    }
    const platformTags = [`sha-${short}-linux-amd64-alpine`, `sha-${short}-linux-arm64-alpine`];
    expect((await listTags(repo)).sort()).toEqual(platformTags);

    const merge = await step(
      event,
      { image: repo, merge: 'linux/amd64,linux/arm64', 'delete-platform-tags': 'true' },
      EMPTY,
    );
    const warnings = merge.main.log.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('does not delete a tag alone (HTTP 400 DIGEST_INVALID)');
    expect((await listTags(repo)).sort()).toEqual(
      [
        '1-alpine',
        '1.2-alpine',
        '1.2.3-alpine',
        'latest-alpine',
        `sha-${short}-alpine`,
        ...platformTags,
      ].sort(),
    );
    const index = skopeoInspect(`${repo}:latest-alpine`);
    // Two images, then their two attestation manifests (platform unknown/unknown).
    const entries = index.manifests as Array<{ platform?: { os?: string } }>;
    expect(entries).toHaveLength(4);
    expect(entries.filter((m) => m.platform?.os !== 'unknown')).toHaveLength(2);
    skopeoPullAll(`${repo}:1-alpine`, PULLED);
  });
});

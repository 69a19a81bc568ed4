/**
 * A merge through the bundle, against the real registry, where a platform tag's index
 * names a platform that is not one (a variant with a line end, NEXT LINE and a command,
 * and a table row): the merge fails naming the tag, and the text reaches neither the
 * log as a command, nor the summary as markup, nor the platform-digests output.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { getManifest, REGISTRY, registryFetch, uniqueRepo, USERS } from '../fixtures/registry.js';
import { runnerCommands } from '../fixtures/runner-commands.js';
import { events, NO_ENGINE, randomSha, runAction, type RunResult } from './harness.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const HOSTILE_VARIANT =
  'v8\n\u0085::warning::forged\r\u0085::save-state name=x::y\n| forged | row |';

const runs: RunResult[] = [];
const EMPTY = mkdtempSync(join(tmpdir(), 'oneimage-empty-'));
afterAll(() => {
  runs.forEach((r) => r.dispose());
  rmSync(EMPTY, { recursive: true, force: true });
});

const alice = { username: 'alice', password: USERS.alice! };
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function putBlob(repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await registryFetch(repo, 'blobs/uploads/', { method: 'POST' }, 'pull,push');
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, 'http://127.0.0.1:5000');
  location.searchParams.set('digest', digest);
  const path = `${location.pathname.replace(`/v2/${repo}/`, '')}${location.search}`;
  const put = await registryFetch(
    repo,
    path,
    { method: 'PUT', body: new Uint8Array(data) },
    'pull,push',
  );
  expect(put.status, await put.text()).toBe(201);
  return digest;
}

async function putManifest(repo: string, ref: string, body: Buffer, type: string) {
  const res = await registryFetch(
    repo,
    `manifests/${ref}`,
    { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': type } },
    'pull,push',
  );
  expect(res.status, await res.text()).toBe(201);
  return { digest: sha256(body), size: body.length };
}

/** An image of `platform` over the layers of `layersOf` (a manifest already in `repo`). */
async function imageOf(repo: string, platform: Record<string, string>, layersOf: string) {
  const base = (await getManifest(repo, layersOf)).manifest;
  const config = Buffer.from(
    JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [] }, config: {} }),
  );
  const configDigest = await putBlob(repo, config);
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: base.layers,
    }),
  );
  return putManifest(repo, sha256(body), body, OCI_MANIFEST);
}

it('a platform tag whose index names a hostile platform: refused, nothing forged', async () => {
  const repo = uniqueRepo('alice', 'merge-hostile');
  const sha = randomSha();
  const short = sha.slice(0, 7);
  const event = events.push('main', sha);
  const amd = await runAction({
    event,
    env: NO_ENGINE,
    inputs: {
      ...alice,
      registry: REGISTRY,
      image: repo,
      'build-command': 'make',
      builder: 'native',
      platforms: 'linux/amd64',
      'platform-tags': 'true',
    },
  });
  runs.push(amd);
  expect(amd.main.code, amd.main.log).toBe(0);
  const amdTag = `sha-${short}-linux-amd64`;
  const arm64 = { os: 'linux', architecture: 'arm64' };
  const hostile = { ...arm64, variant: HOSTILE_VARIANT };
  const entries = [
    { platform: arm64, ...(await imageOf(repo, arm64, amdTag)) },
    { platform: hostile, ...(await imageOf(repo, hostile, amdTag)) },
  ];
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: entries.map((e) => ({ mediaType: OCI_MANIFEST, ...e })),
    }),
  );
  await putManifest(repo, `sha-${short}-linux-arm64`, index, OCI_INDEX);

  const merged = await runAction({
    event,
    workspaceFrom: EMPTY,
    env: NO_ENGINE,
    inputs: { ...alice, registry: REGISTRY, image: repo, merge: 'linux/amd64,linux/arm64' },
  });
  runs.push(merged);
  const log = merged.main.log;
  expect(merged.main.code, log).toBe(1);
  expect(log).toMatch(/sha-[0-9a-f]{7}-linux-arm64 names the platform .* not a platform/);
  const foreign = runnerCommands(log)
    .filter((c) => /forged|save-state/.test(c))
    .filter((c) => !/^::(error|debug)( [^:]*)?::/.test(c));
  expect(foreign, log).toEqual([]);
  expect(merged.outputs['platform-digests']).toBe('');
  expect(merged.summary).not.toMatch(/^\| forged/m);
  for (const row of merged.summary.split('\n').filter((l) => l.startsWith('|'))) {
    expect(row.match(/\|/g), row).toHaveLength(3);
  }
});

/**
 * The docker builder downloads each base image layer at most once per run, counted at a
 * proxy in front of the local registry: an image built by the engine (which pulls the
 * base through the proxy: the one download each layer may cost) and pushed with its
 * attestations, whose SBOM reads the base layers from docker save's stream (the engine
 * has them), not from the registry again. With the engine's BuildKit (Debian's 20.10
 * client, DOCKER_BUILDKIT=1), two platforms whose base images share a layer (no RUN: no
 * emulator needed for arm64); with the legacy builder one, as Engine 20.10's legacy
 * builder builds a second platform on the base image it pulled for the first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { DockerBuilder } from '../../src/builders/docker/builder.js';
import { RegistryClient } from '../../src/registry/client.js';
import { makePlan, type Plan } from '../../src/request/plan.js';
import { readAttestations, readSpdx23 } from '../fixtures/attestation-reader.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { BASE_ARCHES, pushPlatformBase, type PlatformBase } from '../fixtures/platform-base.js';
import {
  REGISTRY,
  USERS,
  deleteManifest,
  getBlob,
  getManifest,
  requireServices,
  uniqueRepo,
} from '../fixtures/registry.js';
import { runRequest } from '../fixtures/run-request.js';
import { engineBuilder } from './engine-builder.js';
import { removeEngineImages } from '../fixtures/engine-cleanup.js';
import { builderSetup } from './harness.js';

const ALICE = { username: 'alice', password: USERS.alice! };

let proxy: FaultProxy;
let pusher: RegistryClient;
const bases: Array<{ repo: string; pushed: string[] }> = [];
/** The engine's images to remove: registry and repository. */
const engineRepos: Array<[string, string]> = [];
const dirs: string[] = [];
const builders: DockerBuilder[] = [];

beforeAll(async () => {
  await requireServices();
  pusher = new RegistryClient({ registry: REGISTRY, credentials: ALICE });
  proxy = await startFaultProxy();
});
afterEach(() => {
  for (const b of builders.splice(0)) b.dispose();
  vi.unstubAllEnvs();
});
afterAll(async () => {
  for (const [registry, repo] of engineRepos) removeEngineImages(registry, [repo]);
  for (const { repo, pushed } of bases) {
    for (const digest of pushed) await deleteManifest(repo, digest).catch(() => undefined);
  }
  pusher.close();
  await proxy.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'engine-base-once-'));
  dirs.push(d);
  return d;
}

/** Blob GETs at the proxy per digest given (those asked for at least once). */
function blobGets(digests: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const digest of digests) {
    const n = proxy.requests.filter(
      (r) => r.kind === 'blob-get' && r.method === 'GET' && r.path.endsWith(digest),
    ).length;
    if (n > 0) out[digest] = n;
  }
  return out;
}

/** The SBOM's files of the platform's image, by the layer each is in: path → layer digest. */
async function sbomFiles(repo: string, tag: string, arch: string): Promise<Map<string, string>> {
  const index = await getManifest(repo, tag);
  const image = index.manifest.manifests!.find((m) => m.platform?.architecture === arch)!;
  const read = await readAttestations(index.raw, {
    manifest: async (d) => (await getManifest(repo, d)).raw,
    blob: (d) => getBlob(repo, d),
  });
  const attestation = read.find((a) => a.attests === image.digest)!;
  const doc = readSpdx23(attestation.statements[0]!.predicate);
  return new Map(doc.files.map((f) => [f.fileName, f.comment?.replace(/^layerID: /, '') ?? '']));
}

interface Run {
  base: PlatformBase;
  plan: Plan;
  builder: DockerBuilder;
}

/**
 * A base of its own (layers no engine has yet: the engine pulls each once, through the
 * proxy), and a docker builder for an image on it of these platforms, pushed to `registry`.
 */
async function prepare(name: string, arches: readonly string[], registry: string): Promise<Run> {
  for (const [key, value] of Object.entries(builderSetup(name).env)) vi.stubEnv(key, value);
  const baseRepo = uniqueRepo('alice', `engine-once-base-${name}`);
  const base = await pushPlatformBase(pusher, baseRepo, '1', baseRepo);
  bases.push({ repo: baseRepo, pushed: base.pushed });
  const repo = uniqueRepo('alice', `engine-once-${name}`);
  engineRepos.push([proxy.host, baseRepo], [registry, repo]);
  const ws = tempDir();
  writeFileSync(path.join(ws, 'Dockerfile'), `FROM ${proxy.host}/${baseRepo}:1\nCOPY a.txt /\n`);
  writeFileSync(path.join(ws, 'a.txt'), 'a\n');
  const request = runRequest(ws, 'main', {
    registry,
    image: repo,
    ...ALICE,
    builder: 'docker',
    platforms: arches.map((arch) => `linux/${arch}`).join(','),
  });
  const plan = makePlan(request.context, request.inputs, request.clock);
  expect(plan.push).toBe(true);
  expect(plan.attest).toBeDefined();
  const builder = engineBuilder(tempDir(), registry);
  builders.push(builder);
  return { base, plan, builder };
}

/** Builds every platform of the plan, then `write`s (an archive), then pushes. */
async function buildAndPush({ plan, builder }: Run, write?: () => Promise<void>): Promise<void> {
  proxy.reset();
  const login = builder.login(ALICE, plan);
  for (const platform of plan.platforms) await builder.build(plan, platform);
  await write?.();
  await login;
  await builder.push(plan);
}

/** The GETs of the base layers: `times` each for those of these platforms, none of the others. */
function expectLayerGets(base: PlatformBase, arches: readonly string[], times: number): void {
  const layers = [base.shared, ...arches.map((arch) => base.own[arch]!)];
  expect(blobGets([base.shared, ...Object.values(base.own)]), proxy.describe()).toEqual(
    Object.fromEntries(layers.map((digest) => [digest, times])),
  );
}

describe.each([
  { name: 'docker', arches: ['amd64'] },
  { name: 'docker-buildkit', arches: BASE_ARCHES },
])('builder $name', ({ name, arches }) => {
  it(`downloads each base layer once for ${arches.join(' and ')}, pushed with attestations`, async () => {
    // Pushed where the base is: its layers are mounted, not downloaded.
    const run = await prepare(name, arches, proxy.host);
    await buildAndPush(run);
    // The engine's pull, and nothing more: the SBOM read the layers from docker save.
    expectLayerGets(run.base, arches, 1);
    // The SBOM still names the base image's files, in the base image's layers.
    for (const arch of arches) {
      const files = await sbomFiles(run.plan.image.path, run.plan.tags[0]!, arch);
      expect(files.get('/opt/shared.txt')).toBe(run.base.shared);
      expect(files.get(`/opt/${arch}.txt`)).toBe(run.base.own[arch]);
      expect(files.get('/etc/passwd')).toBe(run.base.shared);
      expect(files.has('/a.txt')).toBe(true);
    }
  }, 300_000);
});

describe('builder docker-buildkit', () => {
  it('downloads each base layer once for the archive and a push to another registry', async () => {
    // The registry's bytes of the base layers go into the archive and to the other
    // registry: downloaded once besides the engine's pull, for both and both platforms.
    const run = await prepare('docker-buildkit', BASE_ARCHES, REGISTRY);
    const archive = path.join(tempDir(), 'image.tar');
    await buildAndPush(run, () => run.builder.exportArchive(run.plan, archive));
    expectLayerGets(run.base, BASE_ARCHES, 2);
  }, 300_000);
});

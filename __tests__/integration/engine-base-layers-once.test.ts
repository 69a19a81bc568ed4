/**
 * The docker builder downloads each base image layer at most once per run, counted at a
 * proxy in front of the local registry: two platforms whose base images share a layer,
 * built by the engine (which pulls the base through the proxy: the one download each
 * layer may cost) and pushed with their attestations. The SBOM reads the base layers
 * from docker save's stream (the engine has them), not from the registry again. For the
 * legacy builder and for the engine's BuildKit (Debian's 20.10 client, DOCKER_BUILDKIT=1);
 * the Dockerfile has no RUN, so no emulator is needed for arm64.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { DockerBuilder } from '../../src/builders/docker/builder.js';
import { silentIo } from '../../src/core/io.js';
import { DEFAULT_LAYER_COMPRESSION } from '../../src/layers/compression.js';
import { RegistryClient } from '../../src/registry/client.js';
import { makePlan } from '../../src/request/plan.js';
import { readAttestations, readSpdx23 } from '../fixtures/attestation-reader.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { BASE_ARCHES, pushPlatformBase } from '../fixtures/platform-base.js';
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
import { builderSetup, removeEngineImages } from './harness.js';

const ALICE = { username: 'alice', password: USERS.alice! };

let proxy: FaultProxy;
let pusher: RegistryClient;
const bases: Array<{ repo: string; pushed: string[] }> = [];
const engineRepos: string[] = [];
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
  removeEngineImages(proxy.host, engineRepos);
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

describe.each(['docker', 'docker-buildkit'])('builder %s', (name) => {
  it('downloads each base layer once for two platforms pushed with attestations', async () => {
    for (const [key, value] of Object.entries(builderSetup(name).env)) vi.stubEnv(key, value);
    // A base of its own, with layers no engine has yet: the engine pulls each once.
    const baseRepo = uniqueRepo('alice', `engine-once-base-${name}`);
    const base = await pushPlatformBase(pusher, baseRepo, '1', baseRepo);
    bases.push({ repo: baseRepo, pushed: base.pushed });
    const repo = uniqueRepo('alice', `engine-once-${name}`);
    engineRepos.push(baseRepo, repo);
    const ws = tempDir();
    writeFileSync(path.join(ws, 'Dockerfile'), `FROM ${proxy.host}/${baseRepo}:1\nCOPY a.txt /\n`);
    writeFileSync(path.join(ws, 'a.txt'), 'a\n');
    const request = runRequest(ws, 'main', {
      // Pushed where the base is: its layers are mounted, not downloaded.
      registry: proxy.host,
      image: repo,
      ...ALICE,
      builder: 'docker',
      platforms: BASE_ARCHES.map((arch) => `linux/${arch}`).join(','),
    });
    const plan = makePlan(request.context, request.inputs, request.clock);
    expect(plan.push).toBe(true);
    expect(plan.attest).toBeDefined();
    const b = new DockerBuilder(
      tempDir(),
      proxy.host,
      () => undefined,
      120_000,
      DEFAULT_LAYER_COMPRESSION,
      undefined,
      silentIo,
      process.env,
    );
    builders.push(b);
    proxy.reset();
    const login = b.login(ALICE, plan);
    for (const platform of plan.platforms) await b.build(plan, platform);
    await login;
    await b.push(plan);

    const layers = [base.shared, ...Object.values(base.own)];
    expect(blobGets(layers), proxy.describe()).toEqual(
      Object.fromEntries(layers.map((digest) => [digest, 1])),
    );
    // The SBOM still names the base image's files, in the base image's layers.
    for (const arch of BASE_ARCHES) {
      const files = await sbomFiles(repo, plan.tags[0]!, arch);
      expect(files.get('/opt/shared.txt')).toBe(base.shared);
      expect(files.get(`/opt/${arch}.txt`)).toBe(base.own[arch]);
      expect(files.get('/etc/passwd')).toBe(base.shared);
      expect(files.has('/a.txt')).toBe(true);
    }
  }, 300_000);
});

/**
 * The native builder's cache of base image layers (RUNNER_TEMP), against the local
 * registry behind a counting proxy: COPY --from=<image> downloads the image's layers
 * once; a second build on the same runner asks the registry for none of them, unless
 * what the cache holds under a layer's name is not that layer. A base image the build
 * cannot read is the build failing at the line that names it, not the push.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildNative, type NativeBuildOptions } from '../../src/builders/native/build.js';
import { resolveBaseImage } from '../../src/image/base-image.js';
import { hostPlatform } from '../../src/image/platform.js';
import { cachedLayerPath } from '../../src/image/base-layers-cache.js';
import { RegistryClient } from '../../src/registry/client.js';
import { ActionError } from '../../src/core/errors.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import {
  REGISTRY,
  deleteManifest,
  dockerSession,
  getManifest,
  requireServices,
  runDocker,
  uniqueRepo,
  type DockerSession,
} from '../fixtures/registry.js';
import { tempDirs } from '../fixtures/temp-dirs.js';

let session: DockerSession | undefined;
let proxy: FaultProxy | undefined;
let client: RegistryClient | undefined;
let repo = '';
let ref = '';
const tempDir = tempDirs('layer-cache-test', 'after all');

beforeAll(async () => {
  await requireServices();
  session = await dockerSession('alice');
  repo = uniqueRepo('alice', 'layer-cache-base');
  ref = `${REGISTRY}/${repo}:1`;
  const dir = tempDir();
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY a.txt /\nCOPY big.bin /opt/\n');
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  writeFileSync(path.join(dir, 'big.bin'), randomBytes(8 * 1024 * 1024));
  const env = session.env;
  for (const args of [
    ['build', '-q', '-t', ref, dir],
    ['push', '-q', ref],
    ['rmi', ref],
  ]) {
    const r = await runDocker(args, { env });
    if (r.code !== 0) throw new Error(`docker ${args[0]}: ${r.stderr}`);
  }
  proxy = await startFaultProxy();
  client = new RegistryClient({ registry: proxy.host });
});

afterAll(async () => {
  if (repo !== '') {
    const digest = (await getManifest(repo, '1').catch(() => undefined))?.digest;
    if (digest !== undefined) await deleteManifest(repo, digest).catch(() => undefined);
  }
  client?.close();
  await proxy?.close();
  await session?.cleanup();
});

function options(cacheDir: string): NativeBuildOptions {
  const ctx = tempDir();
  mkdirSync(ctx, { recursive: true });
  writeFileSync(path.join(ctx, 'Dockerfile'), `FROM scratch\nCOPY --from=${ref} /opt/ /opt/\n`);
  return {
    contextDir: ctx,
    dockerfile: path.join(ctx, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: hostPlatform(),
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
    layerCacheDir: cacheDir,
    pullBase: (image, platform) => resolveBaseImage(image, platform, () => client!),
  };
}

it('downloads the layers of a copied image once per runner', async () => {
  const cache = tempDir();
  const layers = (await resolveBaseImage(ref, hostPlatform(), () => client!)).layers;
  const layerGets = () =>
    proxy!.requests.filter(
      (r) => r.kind === 'blob-get' && layers.some((l) => r.path.endsWith(l.digest)),
    ).length;

  proxy!.reset();
  const first = await buildNative(options(cache));
  expect(layerGets()).toBe(layers.length);
  expect(readdirSync(cache).sort()).toEqual(
    layers.map((l) => path.basename(cachedLayerPath(cache, l.digest))).sort(),
  );

  proxy!.reset();
  const second = await buildNative(options(cache));
  expect(layerGets(), proxy!.describe()).toBe(0);
  expect(second.manifestDigest).toBe(first.manifestDigest);
});

it('downloads again an entry replaced by a same-size file, planted, or made a link', async () => {
  const cache = tempDir();
  const layers = (await resolveBaseImage(ref, hostPlatform(), () => client!)).layers;
  expect(layers.length).toBeGreaterThanOrEqual(2);
  const layerGets = () =>
    proxy!.requests.filter(
      (r) => r.kind === 'blob-get' && layers.some((l) => r.path.endsWith(l.digest)),
    ).length;
  const entries = layers.map((l) => cachedLayerPath(cache, l.digest));
  const sha256 = (file: string) =>
    `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

  // Planted before the first build: a file of the right size under each layer's name.
  for (const [i, entry] of entries.entries()) writeFileSync(entry, randomBytes(layers[i]!.size));
  proxy!.reset();
  const first = await buildNative(options(cache));
  expect(layerGets(), proxy!.describe()).toBe(layers.length);
  expect(entries.map(sha256)).toEqual(layers.map((l) => l.digest));

  // Then: the first replaced by a same-size file, the second made a link to a host file.
  const host = path.join(tempDir(), 'host-file');
  const hostBytes = randomBytes(layers[1]!.size);
  writeFileSync(host, hostBytes);
  writeFileSync(entries[0]!, randomBytes(layers[0]!.size));
  rmSync(entries[1]!);
  symlinkSync(host, entries[1]!);
  proxy!.reset();
  const second = await buildNative(options(cache));
  expect(layerGets(), proxy!.describe()).toBe(2);
  expect(second.manifestDigest).toBe(first.manifestDigest);
  expect(lstatSync(entries[1]!).isFile()).toBe(true);
  expect(entries.map(sha256)).toEqual(layers.map((l) => l.digest));
  expect(readFileSync(host).equals(hostBytes)).toBe(true);
});

describe('a base image the build cannot read', () => {
  async function failure(dockerfile: string, using = client!): Promise<ActionError> {
    const o = options(tempDir());
    writeFileSync(o.dockerfile, dockerfile);
    const err = await buildNative({
      ...o,
      pullBase: (image, platform) => resolveBaseImage(image, platform, () => using),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
  }

  it('is the build failing at the FROM line when the registry refuses the credentials', async () => {
    // The registry client serves the push; the build reads the base image through it.
    const refused = new RegistryClient({
      registry: proxy!.host,
      credentials: { username: 'alice', password: 'not-the-password' },
    });
    try {
      const err = await failure(`FROM scratch\nFROM ${ref}\n`, refused);
      expect(err.stage).toBe('build');
      expect(err.message).toMatch(
        new RegExp(`Dockerfile:2: FROM ${ref}: The registry rejected the credentials`),
      );
      expect(err.annotation?.line).toBe(2);
    } finally {
      refused.close();
    }
  });

  it('is the build failing at the COPY line when a layer download is cut', async () => {
    proxy!.reset();
    // The first blob read is the config; the layers come after it.
    proxy!.arm({ kind: 'blob-get', nth: 2, count: Infinity, fault: faults.cutResponse(1000) });
    const err = await failure(`FROM scratch\n\nCOPY --from=${ref} /opt/ /opt/\n`);
    proxy!.reset();
    expect(err.stage).toBe('build');
    expect(err.message).toMatch(/Dockerfile:3: COPY: layer|Dockerfile:3: COPY: .*[Bb]lob/);
    expect(err.annotation?.line).toBe(3);
  });
});

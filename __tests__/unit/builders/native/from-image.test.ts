/**
 * COPY --from an image and ONBUILD triggers of a base image, with an image made here
 * (no registry): its layers have whiteouts and a hard link, and their downloads are
 * counted to show that the layer cache serves a second build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';

import { buildNative, type NativeBuildOptions } from '../../../../src/builders/native/build.js';
import type { BaseImage } from '../../../../src/image/built-image.js';
import { buildLayer, type LayerEntry } from '../../../../src/layers/tar-layer.js';
import { cachedLayerPath } from '../../../../src/image/base-layers-cache.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('from-image-test');

const file = (p: string, content: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path: p,
  type: 'file',
  mode: 0o644,
  content: Buffer.from(content),
  ...extra,
});
const dir = (p: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path: p,
  type: 'dir',
  mode: 0o755,
  ...extra,
});

/** A two-layer image: the second removes, replaces and hides what the first has. */
async function image(onBuild?: string[]): Promise<{ base: BaseImage; downloads: number[] }> {
  const tmp = tempDir();
  const lower = await buildLayer(
    [
      dir('d'),
      file('d/old.txt', 'old'),
      dir('d/sub'),
      file('d/sub/deep.txt', 'deep'),
      file('gone.txt', 'gone'),
      dir('was-dir'),
      file('was-dir/x', 'x'),
      file('etc/passwd', 'root:x:0:0::/root:/bin/sh\n'),
    ],
    { epoch: 0, tmpDir: tmp },
  );
  const upper = await buildLayer(
    [
      file('.wh.gone.txt', ''),
      dir('d'),
      file('d/.wh..wh..opq', ''),
      file('d/new.txt', 'new', { uid: 1000, gid: 1001, mode: 0o600, linkId: 7 }),
      file('d/same.txt', 'new', { uid: 1000, gid: 1001, mode: 0o600, linkId: 7 }),
      { path: 'd/link', type: 'symlink', mode: 0o777, linkname: '/d/new.txt' },
      file('was-dir', 'now a file'),
    ],
    { epoch: 0, tmpDir: tmp },
  );
  const downloads: number[] = [];
  const layers = [lower, upper];
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/bin', 'BASE_ENV=base'], ...(onBuild ? { OnBuild: onBuild } : {}) },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
  };
  const base: BaseImage = {
    config: Buffer.from(JSON.stringify(config)),
    layers: layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    registryRepo: 'registry.example/base',
    openLayer: async (i) => {
      downloads.push(i);
      return Readable.from(readFileSync(layers[i]!.path));
    },
  };
  return { base, downloads };
}

function options(
  files: Record<string, string>,
  base: BaseImage,
  cache: string,
): NativeBuildOptions {
  const ctx = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ctx, rel)), { recursive: true });
    writeFileSync(path.join(ctx, rel), content);
  }
  return {
    contextDir: ctx,
    dockerfile: path.join(ctx, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: { os: 'linux', architecture: 'amd64' },
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
    layerCacheDir: cache,
    pullBase: async () => base,
  };
}

/** The entries of a layer: `path type mode uid:gid [-> link] [content]`. */
async function entries(blobPath: string): Promise<string[]> {
  const extract = tarStream.extract();
  const out: string[] = [];
  extract.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
    stream.on('end', () => {
      let s = `${h.name} ${h.type} ${((h.mode ?? 0) & 0o7777).toString(8)} ${h.uid}:${h.gid}`;
      if (h.linkname) s += ` -> ${h.linkname}`;
      if (chunks.length > 0) s += ` ${Buffer.concat(chunks).toString()}`;
      out.push(s);
      next();
    });
  });
  const done = new Promise((resolve, reject) => {
    extract.on('finish', () => resolve(undefined));
    extract.on('error', reject);
  });
  extract.end(zlib.gunzipSync(readFileSync(blobPath)));
  await done;
  return out;
}

describe('COPY --from=<image>', () => {
  const DOCKERFILE = 'FROM scratch\nCOPY --from=registry.example/base:1 / /copied/\n';

  it('applies the layers with their whiteouts, keeping owners, modes, links', async () => {
    const { base } = await image();
    const img = await buildNative(options({ Dockerfile: DOCKERFILE }, base, tempDir()));
    expect(img.layers).toHaveLength(1);
    expect(await entries(img.layers[0]!.path!)).toEqual([
      'copied/ directory 755 0:0',
      'copied/d/ directory 755 0:0',
      'copied/d/link symlink 777 0:0 -> /d/new.txt',
      'copied/d/new.txt file 600 1000:1001 new',
      'copied/d/same.txt link 600 1000:1001 -> copied/d/new.txt',
      'copied/etc/ directory 755 0:0',
      'copied/etc/passwd file 644 0:0 root:x:0:0::/root:/bin/sh\n',
      'copied/was-dir file 644 0:0 now a file',
    ]);
  });

  it('downloads each layer once: a second build reads the cache', async () => {
    const { base, downloads } = await image();
    const cache = tempDir();
    const first = await buildNative(options({ Dockerfile: DOCKERFILE }, base, cache));
    expect(downloads).toEqual([0, 1]);
    expect(readdirSync(cache).sort()).toEqual(
      base.layers.map((l) => path.basename(cachedLayerPath(cache, l.digest))).sort(),
    );
    const second = await buildNative(options({ Dockerfile: DOCKERFILE }, base, cache));
    expect(downloads).toEqual([0, 1]);
    expect(second.manifestDigest).toBe(first.manifestDigest);
  });

  it('keeps no layer of a base image it only builds on, and those of a stage it copies from', async () => {
    const { base } = await image();
    const df = 'FROM registry.example/base:1\nCOPY a.txt /a.txt\n';
    const only = tempDir();
    await buildNative(options({ Dockerfile: df, 'a.txt': 'a' }, base, only));
    expect(readdirSync(only)).toEqual([]);
    const stage = 'FROM registry.example/base:1 AS b\nFROM scratch\nCOPY --from=b /d/new.txt /\n';
    const cache = tempDir();
    await buildNative(options({ Dockerfile: stage }, base, cache));
    expect(readdirSync(cache)).toHaveLength(2);
  });
});

describe('ONBUILD triggers of a base image', () => {
  it('run first, expanded in the stage, and are not kept in the new image', async () => {
    const { base } = await image([
      'COPY a.txt /onbuild/',
      'ENV FROM_TRIGGER=${BASE_ENV}-x',
      'LABEL trigger=yes',
    ]);
    const df = 'FROM registry.example/base:1\nENV AFTER=$FROM_TRIGGER\nONBUILD COPY a.txt /next/\n';
    const img = await buildNative(options({ Dockerfile: df, 'a.txt': 'a' }, base, tempDir()));
    const config = JSON.parse(img.config.toString()) as {
      config: { Env: string[]; Labels: Record<string, string>; OnBuild?: string[] };
      history: Array<{ created_by: string }>;
    };
    expect(config.config.Env).toEqual([
      'PATH=/usr/bin',
      'BASE_ENV=base',
      'FROM_TRIGGER=base-x',
      'AFTER=base-x',
    ]);
    expect(config.config.Labels).toEqual({ trigger: 'yes' });
    expect(config.config.OnBuild).toEqual(['COPY a.txt /next/']);
    expect(await entries(img.layers[2]!.path!)).toEqual([
      'onbuild/ directory 755 0:0',
      'onbuild/a.txt file 644 0:0 a',
    ]);
  });

  it('refuses a RUN trigger, naming the FROM line and the trigger', async () => {
    const { base } = await image(['RUN make']);
    const df = 'FROM scratch\nFROM registry.example/base:1\nCOPY a.txt /\n';
    await expect(
      buildNative(options({ Dockerfile: df, 'a.txt': 'a' }, base, tempDir())),
    ).rejects.toThrow(/Dockerfile:2: RUN: .*ONBUILD trigger `RUN make`/);
  });
});

describe('the layer cache', () => {
  const DOCKERFILE = 'FROM scratch\nCOPY --from=registry.example/one:1 /secret.txt /\n';
  const TRUE = 'the true bytes\n';
  const FORGED = 'forged by a step';

  /** An uncompressed tar of /secret.txt: a forged copy of the same size is easy to make. */
  async function tarOf(content: string): Promise<Buffer> {
    const pack = tarStream.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
    const ended = new Promise<void>((resolve) => pack.on('end', () => resolve()));
    pack.entry({ name: 'secret.txt', mode: 0o644, mtime: new Date(0) }, content);
    pack.finalize();
    await ended;
    return Buffer.concat(chunks);
  }

  async function oneLayerImage(): Promise<{ base: BaseImage; layer: Buffer; downloads: number[] }> {
    const layer = await tarOf(TRUE);
    const digest = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
    const downloads: number[] = [];
    const config = {
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [digest] },
    };
    const base: BaseImage = {
      config: Buffer.from(JSON.stringify(config)),
      layers: [{ digest, size: layer.length, mediaType: 'application/vnd.oci.image.layer.v1.tar' }],
      registryRepo: 'registry.example/one',
      openLayer: async (i) => {
        downloads.push(i);
        return Readable.from([layer]);
      },
    };
    return { base, layer, downloads };
  }

  /** Builds, and gives what the image's /secret.txt holds. */
  async function copied(base: BaseImage, cache: string): Promise<string> {
    const img = await buildNative(options({ Dockerfile: DOCKERFILE }, base, cache));
    const listed = await entries(img.layers[0]!.path!);
    expect(listed).toHaveLength(1);
    return listed[0]!.replace(/^secret\.txt file 644 0:0 /, '');
  }

  it('reads an entry replaced by one of the same size again from the registry', async () => {
    const { base, layer, downloads } = await oneLayerImage();
    const cache = tempDir();
    expect(await copied(base, cache)).toBe(TRUE);
    const entry = cachedLayerPath(cache, base.layers[0]!.digest);
    const forged = await tarOf(FORGED);
    expect(forged.length).toBe(layer.length);
    writeFileSync(entry, forged);
    expect(await copied(base, cache)).toBe(TRUE);
    expect(downloads).toEqual([0, 0]);
    expect(readFileSync(entry)).toEqual(layer);
    // Verified, the entry serves the next build without a download.
    expect(await copied(base, cache)).toBe(TRUE);
    expect(downloads).toEqual([0, 0]);
  });

  it('does not take an entry planted before the first build', async () => {
    const { base, layer, downloads } = await oneLayerImage();
    const cache = tempDir();
    const entry = cachedLayerPath(cache, base.layers[0]!.digest);
    writeFileSync(entry, await tarOf(FORGED));
    expect(await copied(base, cache)).toBe(TRUE);
    expect(downloads).toEqual([0]);
    expect(readFileSync(entry)).toEqual(layer);
  });

  it('does not follow an entry that is a symbolic link, and leaves its target alone', async () => {
    const { base, layer, downloads } = await oneLayerImage();
    const cache = tempDir();
    const host = path.join(tempDir(), 'host-file');
    const forged = await tarOf(FORGED);
    writeFileSync(host, forged);
    const entry = cachedLayerPath(cache, base.layers[0]!.digest);
    symlinkSync(host, entry);
    expect(await copied(base, cache)).toBe(TRUE);
    expect(downloads).toEqual([0]);
    expect(lstatSync(entry).isFile()).toBe(true);
    expect(readFileSync(entry)).toEqual(layer);
    expect(readFileSync(host)).toEqual(forged);
  });

  it('replaces an entry that is a named pipe or a directory without waiting on it', async () => {
    for (const plant of ['fifo', 'dir'] as const) {
      const { base, layer, downloads } = await oneLayerImage();
      const cache = tempDir();
      const entry = cachedLayerPath(cache, base.layers[0]!.digest);
      if (plant === 'fifo') {
        expect(spawnSync('mkfifo', [entry]).status).toBe(0);
      } else {
        mkdirSync(path.join(entry, 'inside'), { recursive: true });
      }
      expect(await copied(base, cache)).toBe(TRUE);
      expect(downloads).toEqual([0]);
      expect(readFileSync(entry)).toEqual(layer);
    }
  });
});

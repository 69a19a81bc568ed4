/**
 * Archives cut part-way (an ADD of a gzip, bzip2 or xz tar, the gzip layer of a copied
 * image): one error naming the Dockerfile line and the file, as BuildKit's "unexpected
 * EOF", and no promise left to reject unhandled.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildNative, type NativeBuildOptions } from '../../../../src/builders/native/build.js';
import type { BaseImage } from '../../../../src/image/built-image.js';
import { ActionError } from '../../../../src/core/errors.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const tempDir = tempDirs('truncated-test');

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** A tar of one file of random bytes (incompressible), made by the system's tar. */
function tarOfRandomFile(): Buffer {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'big.bin'), randomBytes(300_000));
  const r = spawnSync('tar', ['-cf', '-', '-C', dir, 'src']);
  if (r.status !== 0) throw new Error(`tar: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Compressed by the system's tool; bzip2 in 100 kB blocks, so that its head is whole. */
function compress(tool: string, data: Buffer): Buffer {
  const args = tool === 'bzip2' ? ['-1', '-c'] : ['-c'];
  const r = spawnSync(tool, args, { input: data, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${tool}: ${r.stderr.toString()}`);
  return r.stdout;
}

function options(dir: string): NativeBuildOptions {
  return {
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: { os: 'linux', architecture: 'amd64' },
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
  };
}

/** Lets late rejections (a decompressor's, a pipeline's) surface before checking. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
}

describe('ADD of an archive cut part-way', () => {
  const tar = tarOfRandomFile();
  for (const [tool, name] of [
    ['gzip', 'app.tar.gz'],
    ['bzip2', 'app.tar.bz2'],
    ['xz', 'app.tar.xz'],
  ] as const) {
    it(`gives one error naming the line and the file (${tool})`, async () => {
      const whole = compress(tool, tar);
      const dir = tempDir();
      // Cut after the first member's header: BuildKit takes it for an archive (it reads
      // that header) and fails when the data ends.
      writeFileSync(path.join(dir, name), whole.subarray(0, Math.floor((whole.length * 2) / 3)));
      writeFileSync(path.join(dir, 'Dockerfile'), `FROM scratch\n\nADD ${name} /opt/\n`);
      const err = await buildNative(options(dir)).catch((e: unknown) => e);
      await settle();
      expect(unhandled).toEqual([]);
      expect(err).toBeInstanceOf(ActionError);
      expect((err as ActionError).stage).toBe('build');
      expect((err as ActionError).message).toMatch(
        new RegExp(`Dockerfile:3: ADD: ${name.replace(/\./g, '\\.')}: .*unexpected EOF`),
      );
      expect((err as ActionError).annotation?.line).toBe(3);
    });
  }
});

describe('an image layer cut part-way', () => {
  /** A registry image of one gzip layer, cut at two thirds (the digest is of the cut bytes). */
  function cutImage(): BaseImage {
    const whole = zlib.gzipSync(tarOfRandomFile());
    const cut = whole.subarray(0, Math.floor((whole.length * 2) / 3));
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [sha256(Buffer.from('the tar'))] },
      }),
    );
    return {
      config,
      layers: [{ digest: sha256(cut), size: cut.length, mediaType: LAYER_GZIP }],
      registryRepo: 'registry.example/team/cut',
      openLayer: async () => Readable.from([cut]),
    };
  }

  for (const [what, dockerfile, line] of [
    ['COPY --from=<image>', 'FROM scratch\n\nCOPY --from=registry.example/team/cut /src/ /x/\n', 3],
    ['FROM <image>', 'FROM registry.example/team/cut\nCOPY Dockerfile /\n', 1],
  ] as const) {
    it(`gives one error naming the line and the layer (${what})`, async () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
      const image = cutImage();
      const err = await buildNative({ ...options(dir), pullBase: async () => image }).catch(
        (e: unknown) => e,
      );
      await settle();
      expect(unhandled).toEqual([]);
      expect(err).toBeInstanceOf(ActionError);
      expect((err as ActionError).stage).toBe('build');
      expect((err as ActionError).message).toMatch(
        new RegExp(
          `Dockerfile:${line}: ${what.split(' ')[0]}.*layer 1 \\(${image.layers[0]!.digest.slice(7, 19)}\\) of registry\\.example/team/cut: .*unexpected EOF`,
        ),
      );
      expect((err as ActionError).annotation?.line).toBe(line);
    });
  }
});

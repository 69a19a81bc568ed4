/**
 * The run's layer cache: readers of one layer at the same time share one download, a
 * download that fails is tried again by the next reader, and a layer read for the run
 * alone is not kept between builds unless a reader asks for it to be.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { afterEach, expect, it } from 'vitest';

import { LayerCache } from '../../../src/image/base-layers-cache.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'layer-cache-unit-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const bytes = randomBytes(200_000);
const layer = {
  digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  size: bytes.length,
};

/** A download that counts its calls, and fails while `failing` is set. */
function downloads() {
  const d = {
    calls: 0,
    failing: false,
    fn: async (): Promise<NodeJS.ReadableStream> => {
      d.calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (d.failing) throw new Error('cut');
      return Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);
    },
  };
  return d;
}

async function read(
  cache: LayerCache,
  download: () => Promise<NodeJS.ReadableStream>,
  keep = true,
) {
  const chunks: Buffer[] = [];
  for await (const c of await cache.stream(layer, download, keep)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

it('shares one download between readers that ask at the same time', async () => {
  const cache = new LayerCache(tempDir(), tempDir());
  const d = downloads();
  const all = await Promise.all([read(cache, d.fn), read(cache, d.fn, false), read(cache, d.fn)]);
  for (const b of all) expect(b.equals(bytes)).toBe(true);
  expect(d.calls).toBe(1);
  expect((await read(cache, d.fn)).equals(bytes)).toBe(true);
  expect(d.calls).toBe(1);
});

it('tries a failed download again for the next reader', async () => {
  const cache = new LayerCache(tempDir());
  const d = downloads();
  d.failing = true;
  await expect(Promise.all([read(cache, d.fn), read(cache, d.fn)])).rejects.toThrow('cut');
  expect(d.calls).toBe(1);
  d.failing = false;
  expect((await read(cache, d.fn)).equals(bytes)).toBe(true);
  expect(d.calls).toBe(2);
});

it('keeps a layer read for the run alone out of the cache, until a reader keeps it', async () => {
  const kept = tempDir();
  const run = tempDir();
  const cache = new LayerCache(kept, run);
  const d = downloads();
  await read(cache, d.fn, false);
  expect(readdirSync(kept)).toEqual([]);
  expect(readdirSync(run)).toHaveLength(1);
  await read(cache, d.fn, true);
  expect(readdirSync(kept)).toEqual([layer.digest.replace(':', '-')]);
  expect(d.calls).toBe(1);
  // A later run finds it kept.
  const later = downloads();
  expect((await read(new LayerCache(kept, tempDir()), later.fn, false)).equals(bytes)).toBe(true);
  expect(later.calls).toBe(0);
});

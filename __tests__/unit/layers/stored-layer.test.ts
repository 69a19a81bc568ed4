/** A layer blob taken as it comes compressed: written as it is, decompressed on the way. */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { LiveLayer } from '../../../src/layers/live-layer.js';
import { storeCompressedLayer } from '../../../src/layers/stored-layer.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';

const tempDir = tempDirs('stored-layer-test');
const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** `data` in pieces of `size` bytes, as a pipe gives them. */
async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('storeCompressedLayer', () => {
  it('writes the blob as it is, with the diff_id of what it decompresses to', async () => {
    const tar = randomBytes(300_000);
    const blob = gzipSync(tar);
    const seen: Buffer[] = [];
    const live = new LiveLayer();
    const dir = tempDir();
    const layer = await storeCompressedLayer(
      pieces(blob, 4096),
      'gzip',
      { tmpDir: dir, observe: async (piece) => void seen.push(piece) },
      live,
    );
    expect(layer.digest).toBe(sha256(blob));
    expect(layer.diffId).toBe(sha256(tar));
    expect(layer.size).toBe(blob.length);
    expect(layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
    expect(readFileSync(layer.path).equals(blob)).toBe(true);
    expect(Buffer.concat(seen).equals(tar)).toBe(true);
    expect(await live.result).toEqual(layer);
    expect(readdirSync(dir)).toEqual([`sha256-${layer.digest.slice(7)}.tar.gz`]);
  });

  it('fails on a blob that does not decompress, and leaves nothing behind', async () => {
    const blob = gzipSync(randomBytes(100_000));
    const cut = blob.subarray(0, blob.length - 20);
    const live = new LiveLayer();
    const dir = tempDir();
    await expect(
      storeCompressedLayer(pieces(cut, 4096), 'gzip', { tmpDir: dir }, live),
    ).rejects.toThrow();
    await expect(live.result).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

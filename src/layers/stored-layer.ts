/**
 * A layer that comes compressed already (`docker save` of the containerd image store
 * keeps each layer as it was built or pulled): its blob is written as it is, so that
 * its digest stays the one the engine gave it and nothing is compressed again, and it
 * is decompressed on the way for its diff_id and for whoever reads its tar (the SBOM).
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';

import { following, moveIntoPlace, writeAll } from './blob-file.js';
import { COMPRESSIONS, type LayerCompression } from './compression.js';
import { decompress } from './decompress.js';
import type { LayerBlob } from './entry.js';
import type { LiveLayer } from './live-layer.js';

/** The compressions a layer blob taken as it is may have. */
export type StoredCompression = LayerCompression['kind'];

/** Whether a compression the first bytes say is one a layer blob may have. */
export function isStoredCompression(format: string | undefined): format is StoredCompression {
  return format !== undefined && Object.hasOwn(COMPRESSIONS, format);
}

export interface StoredLayerOptions {
  /** Directory the blob is written to (created if missing). */
  tmpDir: string;
  /** Sees the uncompressed tar, piece by piece (the pieces are not reused). */
  observe?: (tar: Buffer) => Promise<void>;
}

/** Writes `blob` (compressed with `format`) as a layer; `live` follows the file. */
export function storeCompressedLayer(
  blob: AsyncIterable<Buffer>,
  format: StoredCompression,
  options: StoredLayerOptions,
  live?: LiveLayer,
): Promise<LayerBlob> {
  return following(live, () => writeStored(blob, format, options, live));
}

async function writeStored(
  blob: AsyncIterable<Buffer>,
  format: StoredCompression,
  options: StoredLayerOptions,
  live: LiveLayer | undefined,
): Promise<LayerBlob> {
  await mkdir(options.tmpDir, { recursive: true });
  const partial = path.join(options.tmpDir, `layer-${randomUUID()}.partial`);
  const blobHash = createHash('sha256');
  const raw = new PassThrough();
  const tar = readTar(raw, options.observe);
  // Awaited below, or after the copy failed: never left to reject unhandled.
  tar.diffId.catch(() => undefined);
  let size = 0;
  const handle = await open(partial, 'wx');
  live?.begin(partial);
  try {
    for await (const chunk of blob) {
      blobHash.update(chunk);
      size += chunk.length;
      await writeAll(handle, [chunk]);
      live?.wrote(chunk.length);
      // Once the tar has ended, what follows only goes to the file (and the digest).
      if (!tar.ended() && !raw.write(chunk)) {
        await Promise.race([once(raw, 'drain'), tar.diffId]);
      }
    }
    raw.end();
    const diffId = await tar.diffId;
    await handle.close();
    const hex = blobHash.digest('hex');
    const final = path.join(options.tmpDir, `sha256-${hex}${COMPRESSIONS[format].extension}`);
    await moveIntoPlace(partial, final);
    return {
      digest: `sha256:${hex}`,
      diffId,
      size,
      path: final,
      mediaType: COMPRESSIONS[format].mediaType,
    };
  } catch (error) {
    raw.destroy();
    await tar.diffId.catch(() => undefined);
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
  }
}

/** The tar that `raw` decompresses to: its diff_id, each piece shown to `observe`. */
function readTar(
  raw: PassThrough,
  observe: ((tar: Buffer) => Promise<void>) | undefined,
): { diffId: Promise<string>; ended: () => boolean } {
  let ended = false;
  const diffId = (async () => {
    try {
      const hash = createHash('sha256');
      const d = await decompress(raw);
      d.finished.catch(() => undefined);
      for await (const chunk of d.output as AsyncIterable<Buffer>) {
        hash.update(chunk);
        if (observe) await observe(chunk);
      }
      await d.finished;
      return `sha256:${hash.digest('hex')}`;
    } finally {
      ended = true;
    }
  })();
  return { diffId, ended: () => ended };
}

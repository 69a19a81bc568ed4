/**
 * Writes one image layer: a tar of the given entries, compressed (gzip or zstd), to a
 * file, reproducibly. The same entries and compression settings give the same bytes
 * whatever the order they are passed in, the files' timestamps on disk, the host, the
 * user running the build or the number of CPUs:
 *
 * - entries are sorted by path segment (a directory's subtree is contiguous, parents
 *   come before children: the order of Go's filepath.Walk that Docker's layers use);
 * - every timestamp is the given epoch; uid/gid are the given ones; no uname/gname,
 *   no atime/ctime, no device numbers;
 * - headers are USTAR like Go's archive/tar writes them (mode with the file type bits,
 *   zero-padded octal fields); a PAX header is added only for what USTAR cannot hold
 *   (long or non-ASCII names and link targets, uid/gid/size too large);
 * - the gzip header carries no timestamp and no file name, and its XFL and OS bytes
 *   are fixed to what Go's compress/gzip writes (OS 255, "unknown"), so a runner on
 *   Linux, macOS or Windows writes the same header.
 *
 * Compression runs on several cores, without making the output depend on how many:
 * the tar is cut into segments of a fixed size (SEGMENT_SIZE), compressed on libuv's
 * thread pool a few at a time and written in order. How a segment is compressed depends
 * only on its bytes (and, for gzip, on the 32 KiB before it), never on the machine:
 *
 * - gzip: a single gzip member, as pigz writes it. Each segment is raw deflate with
 *   the end of the previous segment as its dictionary, ended by a sync flush (the last
 *   one by the final block), so the pieces join into one deflate stream with the ratio
 *   of a single-threaded one; the CRC-32 and length of the whole tar close the member.
 *   A tar shorter than a segment comes out exactly as a single zlib gzip call writes it.
 * - zstd: one frame per segment (a zstd stream may hold several frames), each with its
 *   content size and checksum.
 *
 * A segment that does not compress (already compressed files, random data: a sample
 * of it saves less than 1/32 at deflate level 1) is stored as it is, in stored deflate
 * blocks or raw zstd blocks: many times faster, a few bytes per 64 KiB larger.
 *
 * File contents are read from disk straight into the segments and the archive is
 * hashed on the way: one pass gives the diffID (sha256 of the tar), the digest (sha256
 * of the blob) and the size. Memory stays flat: a few segments per layer at a time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { compareNames, fsPath } from '../util/raw-names.js';
import {
  DEFAULT_LAYER_COMPRESSION,
  DEFLATE_WINDOW,
  LAYER_MEDIA_TYPE,
  layerCodec,
  type LayerCompression,
} from './compression.js';
import { following, moveIntoPlace, writeAll } from './blob-file.js';
import { SEGMENT_SIZE, SegmentWriter } from './segment-writer.js';
import { withHardLinks } from './hard-links.js';
import type { LiveLayer } from './live-layer.js';
import { BLOCK, MAX_OCTAL_11, encodeEntryHeader, padding } from './tar-header.js';
import type { EntryObserver, LayerBlob, LayerEntry } from './entry.js';

export type { EntryBytes, EntryObserver, LayerBlob, LayerEntry, LayerEntryType } from './entry.js';

export interface LayerOptions {
  /** Timestamp of every entry, in seconds since 1970 (SOURCE_DATE_EPOCH). */
  epoch: number;
  /** Directory the compressed blob is written to (created if missing). */
  tmpDir: string;
  /** Default DEFAULT_LAYER_COMPRESSION (gzip level 6). */
  compression?: LayerCompression;
  /**
   * Segments of this layer in flight at a time (default: the CPU count + 2, so every
   * core has one while the oldest is being written). It bounds the memory used (about
   * 1.5 × SEGMENT_SIZE each) and never changes the output.
   */
  concurrency?: number;
  /**
   * Size of the pieces compressed independently (default SEGMENT_SIZE). Every layer
   * keeps the default, so the same tar gives the same blob whoever made it (the native
   * builder or the engine); smaller pieces let a test cross their edges with little
   * data. Smaller pieces cost more: each is a compressor set up anew (256 KiB pieces
   * made the engine's layers take a third more time than 1 MiB ones).
   */
  segmentSize?: number;
  /** Sees the entries and the files' bytes as they are written (the SBOM's reader). */
  observe?: EntryObserver;
}

/** diff_id of a layer with no entries: 1024 zero bytes, as Docker and BuildKit write it. */
export const EMPTY_LAYER_DIFF_ID =
  'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

/**
 * The empty layer exactly as BuildKit (Go's compress/gzip) compresses it, digest
 * sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1: most registries
 * already hold this blob, and a build with an empty layer (WORKDIR of an existing
 * directory, COPY of an unmatched wildcard) gets the same digest as under BuildKit.
 */
export const EMPTY_LAYER_GZIP = Buffer.from(
  '1f8b08000000000000ff621805a360148c5800080000ffff2eafb5ef00040000',
  'hex',
);

/**
 * Orders image paths like a depth-first walk with names sorted by bytes: compares the
 * paths segment by segment, so `a` < `a/b` < `a-b` (a directory's subtree is contiguous).
 */
export function compareLayerPaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  const n = Math.min(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const c = compareNames(as[i]!, bs[i]!);
    if (c !== 0) return c;
  }
  return as.length - bs.length;
}

/** Checks that an entry path is in the canonical form: relative, clean, no trailing slash. */
export function checkLayerPath(p: string): void {
  if (
    p === '' ||
    p.startsWith('/') ||
    p.endsWith('/') ||
    p.includes('\0') ||
    p.split('/').some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(
      `Invalid layer entry path ${JSON.stringify(p)}: expected a clean relative path`,
    );
  }
}

/**
 * Builds the layer: writes `<tmpDir>/sha256-<hex>.tar.gz` (`.tar.zst` for zstd) and
 * returns its digests. Independent of any other call: several layers can be
 * compressed concurrently.
 */
export async function buildLayer(
  entries: readonly LayerEntry[],
  options: LayerOptions,
  live?: LiveLayer,
): Promise<LayerBlob> {
  return following(live, () => writeLayer(entries, options, live));
}

async function writeLayer(
  entries: readonly LayerEntry[],
  options: LayerOptions,
  live?: LiveLayer,
): Promise<LayerBlob> {
  const epoch = options.epoch;
  if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_OCTAL_11) {
    throw new Error(`Invalid layer timestamp ${epoch}: expected whole seconds since 1970`);
  }
  const sorted = sortEntries(entries);
  const compression = options.compression ?? DEFAULT_LAYER_COMPRESSION;
  if (sorted.length === 0 && compression.kind === 'gzip') {
    await mkdir(options.tmpDir, { recursive: true });
    return writeEmptyLayer(options.tmpDir);
  }
  return writeLayerBlob(options, live, async (segments) => {
    for (const chunk of tarChunks(sorted, epoch, options.observe)) {
      // Ready buffers, or a file whose header and contents are read now.
      if (Buffer.isBuffer(chunk)) await segments.push(chunk);
      else await appendFile(chunk, segments, options.observe);
    }
  });
}

/**
 * Compresses a tar that is already made (a layer another tool wrote) the way buildLayer
 * compresses its own: the same segments, hashes and file naming, in one pass over
 * `tar`, never held in memory whole. `live` follows the file as it is written (for an
 * upload while it is).
 */
export async function compressTar(
  tar: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: Omit<LayerOptions, 'epoch'>,
  live?: LiveLayer,
): Promise<LayerBlob> {
  return following(live, () =>
    writeLayerBlob(options, live, async (segments) => {
      for await (const chunk of tar) {
        // A view, not a copy: push copies it into the segment anyway.
        const view = Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        await segments.push(view);
      }
    }),
  );
}

/**
 * Writes `<tmpDir>/sha256-<hex><ext>` from the tar bytes `feed` pushes into the segments;
 * tells `live` how far the file got.
 */
async function writeLayerBlob(
  options: Omit<LayerOptions, 'epoch'>,
  live: LiveLayer | undefined,
  feed: (segments: SegmentWriter) => Promise<void>,
): Promise<LayerBlob> {
  const codec = layerCodec(options.compression ?? DEFAULT_LAYER_COMPRESSION);
  const concurrency = options.concurrency ?? os.availableParallelism() + 2;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new Error(`Invalid layer concurrency ${concurrency}: expected a whole number >= 1`);
  }
  await mkdir(options.tmpDir, { recursive: true });
  const partial = path.join(options.tmpDir, `layer-${randomUUID()}.partial`);
  const diffHash = createHash('sha256');
  const blobHash = createHash('sha256');
  let size = 0;

  const handle = await open(partial, 'wx');
  live?.begin(partial);
  try {
    const write = async (data: readonly Buffer[]): Promise<void> => {
      for (const chunk of data) {
        blobHash.update(chunk);
        size += chunk.length;
      }
      await writeAll(handle, data);
      live?.wrote(data.reduce((n, chunk) => n + chunk.length, 0));
    };
    const segmentSize = options.segmentSize ?? SEGMENT_SIZE;
    if (!isPowerOfTwo(segmentSize) || segmentSize < DEFLATE_WINDOW * 2) {
      throw new Error(
        `Invalid segment size ${segmentSize}: expected a power of two of 64 KiB or more`,
      );
    }
    const segments = new SegmentWriter(codec, concurrency, diffHash, write, segmentSize);
    await write([codec.header]);
    await feed(segments);
    await segments.end();
    await handle.close();
    const hex = blobHash.digest('hex');
    const final = path.join(options.tmpDir, `sha256-${hex}${codec.extension}`);
    await moveIntoPlace(partial, final);
    return {
      digest: `sha256:${hex}`,
      diffId: `sha256:${diffHash.digest('hex')}`,
      size,
      path: final,
      mediaType: codec.mediaType,
    };
  } finally {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
  }
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

async function writeEmptyLayer(tmpDir: string): Promise<LayerBlob> {
  const hex = createHash('sha256').update(EMPTY_LAYER_GZIP).digest('hex');
  const final = path.join(tmpDir, `sha256-${hex}.tar.gz`);
  const partial = path.join(tmpDir, `layer-${randomUUID()}.partial`);
  try {
    await writeFile(partial, EMPTY_LAYER_GZIP, { flag: 'wx' });
    await moveIntoPlace(partial, final);
  } finally {
    await rm(partial, { force: true });
  }
  return {
    digest: `sha256:${hex}`,
    diffId: EMPTY_LAYER_DIFF_ID,
    size: EMPTY_LAYER_GZIP.length,
    path: final,
    mediaType: LAYER_MEDIA_TYPE,
  };
}

function sortEntries(entries: readonly LayerEntry[]): LayerEntry[] {
  for (const e of entries) {
    checkLayerPath(e.path);
    if ((e.type === 'symlink' || e.type === 'link') && !e.linkname) {
      throw new Error(`Symlink ${e.path} has no target`);
    }
    if (e.type === 'file' && e.source === undefined && e.content === undefined && e.size) {
      throw new Error(`File ${e.path} has a size but no source or content`);
    }
  }
  const sorted = [...entries].sort((a, b) => compareLayerPaths(a.path, b.path));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) {
      throw new Error(`Layer entry ${sorted[i]!.path} is listed twice`);
    }
  }
  return withHardLinks(sorted);
}

/**
 * The archive as a sequence of buffers, with the files to stream in between. Each file
 * is opened and measured before its header is produced (the header holds the size).
 */
function* tarChunks(
  entries: readonly LayerEntry[],
  epoch: number,
  observe: EntryObserver | undefined,
): Generator<Buffer | PendingFile, void, undefined> {
  for (const entry of entries) {
    if (entry.type === 'file' && entry.source !== undefined && entry.content === undefined) {
      yield new PendingFile(entry, epoch);
      continue;
    }
    const content = entry.type === 'file' ? (entry.content ?? Buffer.alloc(0)) : undefined;
    const seen = observe?.entry(entry, content?.length ?? 0);
    if (content !== undefined && content.length > 0) seen?.update(content);
    seen?.end();
    yield encodeEntryHeader(entry, content?.length ?? 0, epoch);
    if (content !== undefined && content.length > 0) {
      yield content;
      const pad = padding(content.length);
      if (pad > 0) yield Buffer.alloc(pad);
    }
  }
  yield Buffer.alloc(2 * BLOCK);
}

/** A file whose header and contents are produced when the stream reaches it. */
class PendingFile {
  constructor(
    readonly entry: LayerEntry,
    readonly epoch: number,
  ) {}
}

/**
 * Header, contents and padding of one file. The contents are read straight into the
 * segments, never held whole in memory.
 */
async function appendFile(
  pending: PendingFile,
  segments: SegmentWriter,
  observe: EntryObserver | undefined,
): Promise<void> {
  const { entry, epoch } = pending;
  const source = entry.source!;
  const handle = await open(fsPath(source), 'r');
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error(`${source} is not a regular file`);
    const size = st.size;
    if (entry.size !== undefined && entry.size !== size) {
      throw new Error(`${source} changed during the build (size ${entry.size}, now ${size})`);
    }
    await segments.push(encodeEntryHeader(entry, size, epoch));
    const seen = observe?.entry(entry, size);
    const read = await segments.read(handle, size, seen);
    if (read !== size) {
      throw new Error(`${source} changed during the build (size ${size}, read ${read})`);
    }
    seen?.end();
    const pad = padding(size);
    if (pad > 0) await segments.push(Buffer.alloc(pad));
  } finally {
    await handle.close();
  }
}

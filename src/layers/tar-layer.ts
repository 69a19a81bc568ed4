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
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { mkdir, open, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { ActionError } from '../pipeline/errors.js';
import { compareNames, fsPath } from '../util/raw-names.js';
import { withHardLinks } from './hard-links.js';
import { BLOCK, MAX_OCTAL_11, encodeEntryHeader, padding } from './tar-header.js';

export { encodeEntryHeader } from './tar-header.js';

/** `link`: a hard link to the file `linkname`, earlier in the same layer (see hard-links.ts). */
export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'link';

export interface LayerEntry {
  /** Path in the image, no leading slash, e.g. `usr/local/bin/app`. */
  path: string;
  type: LayerEntryType;
  /** Permission bits, setuid/setgid/sticky included (masked with 0o7777). */
  mode: number;
  uid?: number;
  gid?: number;
  /** For files: the size in bytes; checked against the source when it is read. */
  size?: number;
  /** For symlinks: the target, as written; for hard links: the path of the file. */
  linkname?: string;
  /** For files: the inode they share with the other files of this id (hard links). */
  linkId?: number;
  /** For files: absolute path of the file to stream the contents from. */
  source?: string;
  /** For files: the contents, when they are not on disk (small generated files). */
  content?: Buffer;
}

/**
 * How layers are compressed: gzip (level 0-9, what every registry and engine reads) or
 * zstd (level 1-22; smaller and much faster to compress and decompress, read by
 * containerd 1.5+, Docker 23+, Podman; needs Node.js 22.15 or later to write).
 */
export type LayerCompression = { kind: 'gzip'; level: number } | { kind: 'zstd'; level: number };

/**
 * gzip level 6, the default of Docker, BuildKit (Go's compress/gzip) and zlib: layers
 * any engine reads, of the usual size. Compression uses every core, so the level costs
 * less time than it did single-threaded; zstd is the faster and smaller choice where
 * the engines that pull the image read it.
 */
export const DEFAULT_LAYER_COMPRESSION: LayerCompression = { kind: 'gzip', level: 6 };

/** The levels `gzip` and `zstd` stand for without one: zlib's and zstd's own defaults. */
export const DEFAULT_GZIP_LEVEL = 6;
export const DEFAULT_ZSTD_LEVEL = 3;

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
   * Size of the pieces compressed independently (default SEGMENT_SIZE). The native
   * builder's digests depend on it and keep the default; a layer another tool made (an
   * engine image being pushed) may use smaller pieces, so that compression starts while
   * the layer still arrives and a small layer uses every core.
   */
  segmentSize?: number;
}

/** Pieces for layers whose bytes need not be reproducible (see LayerOptions.segmentSize). */
export const STREAMING_SEGMENT_SIZE = 256 * 1024;

export interface LayerBlob {
  /** sha256 of the compressed blob: the layer's digest in the manifest. */
  digest: string;
  /** sha256 of the uncompressed tar: the diff_id in the image config. */
  diffId: string;
  /** Size of the compressed blob in bytes. */
  size: number;
  /** Where the compressed blob is; it can be re-opened as often as needed. */
  path: string;
  /** The layer's media type in an OCI manifest (gzip or zstd). */
  mediaType: string;
}

export const LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const LAYER_MEDIA_TYPE_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

/**
 * Size of the pieces of the tar compressed independently. Fixed: the output depends
 * on it, so it must not depend on the machine. A power of two: each zstd frame then
 * ends where the output buffers of Node's zstd decoder do, which it needs to go on to
 * the next frame (it takes the end of a frame that leaves room in its buffer for the
 * end of the stream).
 */
export const SEGMENT_SIZE = 1024 * 1024;
/** The first buffer of a layer's first segment; it grows as the layer does. */
const FIRST_BUFFER = 16 * 1024;

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
  return writeLayerBlob(options, async (segments) => {
    for (const chunk of tarChunks(sorted, epoch)) {
      // Ready buffers, or a file whose header and contents are read now.
      if (Buffer.isBuffer(chunk)) await segments.push(chunk);
      else await appendFile(chunk, segments);
    }
  });
}

/**
 * Compresses a tar that is already made (a layer another tool wrote) the way buildLayer
 * compresses its own: the same segments, hashes and file naming, in one pass over
 * `tar`, never held in memory whole.
 */
export async function compressTar(
  tar: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: Omit<LayerOptions, 'epoch'>,
): Promise<LayerBlob> {
  return writeLayerBlob(options, async (segments) => {
    for await (const chunk of tar) {
      // A view, not a copy: push copies it into the segment anyway.
      const view = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      await segments.push(view);
    }
  });
}

/** Writes `<tmpDir>/sha256-<hex><ext>` from the tar bytes `feed` pushes into the segments. */
async function writeLayerBlob(
  options: Omit<LayerOptions, 'epoch'>,
  feed: (segments: SegmentWriter) => Promise<void>,
): Promise<LayerBlob> {
  const compression = options.compression ?? DEFAULT_LAYER_COMPRESSION;
  checkLayerCompression(compression);
  const concurrency = options.concurrency ?? os.availableParallelism() + 2;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new Error(`Invalid layer concurrency ${concurrency}: expected a whole number >= 1`);
  }
  await mkdir(options.tmpDir, { recursive: true });
  const codec =
    compression.kind === 'gzip' ? gzipCodec(compression.level) : zstdCodec(compression.level);
  const partial = path.join(options.tmpDir, `layer-${randomUUID()}.partial`);
  const diffHash = createHash('sha256');
  const blobHash = createHash('sha256');
  let size = 0;

  const handle = await open(partial, 'wx');
  try {
    const write = async (data: readonly Buffer[]): Promise<void> => {
      for (const chunk of data) {
        blobHash.update(chunk);
        size += chunk.length;
      }
      await writeAll(handle, data);
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

async function writeAll(handle: FileHandle, data: readonly Buffer[]): Promise<void> {
  const total = data.reduce((n, chunk) => n + chunk.length, 0);
  if (total === 0) return;
  const { bytesWritten } = await handle.writev(data as Buffer[]);
  if (bytesWritten === total) return;
  // A short write (rare on a regular file): the rest, in order.
  const rest = Buffer.concat(data as Buffer[]).subarray(bytesWritten);
  for (let offset = 0; offset < rest.length;) {
    const written = await handle.write(rest, offset, rest.length - offset);
    offset += written.bytesWritten;
  }
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

async function moveIntoPlace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    // Another call wrote the same blob (same digest, same bytes) and it may be open
    // for upload, which some systems refuse to replace: keep the one already there.
    const existing = await stat(to).catch(() => undefined);
    if (existing === undefined) throw err;
  }
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
): Generator<Buffer | PendingFile, void, undefined> {
  for (const entry of entries) {
    if (entry.type === 'file' && entry.source !== undefined && entry.content === undefined) {
      yield new PendingFile(entry, epoch);
      continue;
    }
    const content = entry.type === 'file' ? (entry.content ?? Buffer.alloc(0)) : undefined;
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
async function appendFile(pending: PendingFile, segments: SegmentWriter): Promise<void> {
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
    const read = await segments.read(handle, size);
    if (read !== size) {
      throw new Error(`${source} changed during the build (size ${size}, read ${read})`);
    }
    const pad = padding(size);
    if (pad > 0) await segments.push(Buffer.alloc(pad));
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------
// Compression

/** What a layer is compressed with: how to frame the stream and compress a segment. */
interface Codec {
  mediaType: string;
  /** File name extension of the blob. */
  extension: string;
  /** Bytes written before the first segment. */
  header: Buffer;
  /** Whether a segment is compressed with the end of the one before it as dictionary. */
  chained: boolean;
  /**
   * Compresses one segment (on the thread pool, unless it is stored). `dictionary` is
   * the end of the segment before it (DEFLATE_WINDOW bytes; none for the first, or when
   * not chained), `last` says the segment ends the tar (it may be empty). The result
   * depends on these bytes and the settings only; it may refer to the segment's memory.
   */
  compress(segment: Buffer, dictionary: Buffer | undefined, last: boolean): Promise<Buffer[]>;
  /** Sees every segment, in order, as it is cut (for gzip's CRC). */
  update(segment: Buffer): void;
  /** Bytes written after the last segment. */
  trailer(): Buffer;
}

/**
 * Size of the buffers compressed data is written to. Fixed: zlib cuts its stored
 * blocks to the space left in them, so the output depends on it. Large enough that a
 * segment of text takes one pass on the thread pool, small enough that the buffers
 * are freed promptly (large short-lived buffers make the process grow before V8
 * collects them).
 */
const OUTPUT_CHUNK = 256 * 1024;
/** deflate's window: how much of the previous segment a segment may refer to. */
const DEFLATE_WINDOW = 32 * 1024;

/** Runs one input through a fresh compressor, all of it in one write, and collects the output. */
function compressWith(engine: NodeJS.ReadWriteStream, input: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    engine.on('data', (chunk: Buffer) => out.push(chunk));
    engine.on('error', reject);
    engine.on('end', () => resolve(out));
    engine.end(input);
  });
}

/**
 * The gzip header: no flags (so no name, comment or extra field), no mtime, and the
 * XFL and OS bytes Go's compress/gzip writes: XFL 2 for level 9, 4 for level 1, else 0;
 * OS 255 ("unknown") whatever system zlib was built for.
 */
export function gzipHeader(level: number): Buffer {
  const xfl = level === 9 ? 2 : level === 1 ? 4 : 0;
  return Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, xfl, 0xff]);
}

function gzipCodec(level: number): Codec {
  let crc = 0;
  let length = 0;
  return {
    mediaType: LAYER_MEDIA_TYPE,
    extension: '.tar.gz',
    header: gzipHeader(level),
    chained: true,
    async compress(segment, dictionary, last) {
      if (level === 0 || (await incompressible(segment))) return deflateStored(segment, last);
      const engine = zlib.createDeflateRaw({
        level,
        chunkSize: OUTPUT_CHUNK,
        finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
        ...(dictionary !== undefined ? { dictionary } : {}),
      });
      return compressWith(engine, segment);
    },
    update(segment) {
      crc = crc32(segment, crc);
      length += segment.length;
    },
    trailer() {
      const out = Buffer.alloc(8);
      out.writeUInt32LE(crc >>> 0, 0);
      out.writeUInt32LE(length % 2 ** 32, 4);
      return out;
    },
  };
}

interface ZstdZlib {
  createZstdCompress?: (options: {
    chunkSize?: number;
    pledgedSrcSize?: number;
    params?: Record<number, number | boolean>;
  }) => NodeJS.ReadWriteStream;
}

/** zlib's zstd compressor, where this Node.js has it (22.15, 23.8 and later). */
function zstdApi(): ZstdZlib['createZstdCompress'] {
  return (zlib as unknown as ZstdZlib).createZstdCompress;
}

/** Whether this Node.js can write zstd layers. */
export function zstdAvailable(): boolean {
  return zstdApi() !== undefined;
}

function zstdParam(name: string): number {
  const value = (zlib.constants as unknown as Record<string, number | undefined>)[name];
  if (value === undefined) throw new Error(`zlib has no ${name}`);
  return value;
}

function zstdCodec(level: number): Codec {
  const create = zstdApi()!;
  const LEVEL = zstdParam('ZSTD_c_compressionLevel');
  const CONTENT_SIZE = zstdParam('ZSTD_c_contentSizeFlag');
  const CHECKSUM = zstdParam('ZSTD_c_checksumFlag');
  return {
    mediaType: LAYER_MEDIA_TYPE_ZSTD,
    extension: '.tar.zst',
    header: Buffer.alloc(0),
    chained: false,
    async compress(segment) {
      // Frames are independent: an empty last segment needs none.
      if (segment.length === 0) return [];
      if (await incompressible(segment)) return zstdRawFrame(segment);
      // The segment in one write, its size given up front: the frame header holds the
      // content size and zstd picks its parameters from it, the same on every run.
      const engine = create({
        chunkSize: OUTPUT_CHUNK,
        pledgedSrcSize: segment.length,
        params: { [LEVEL]: level, [CONTENT_SIZE]: 1, [CHECKSUM]: 1 },
      });
      return compressWith(engine, segment);
    },
    update() {},
    trailer() {
      return Buffer.alloc(0);
    },
  };
}

/** Largest stored deflate block (its length is a 16-bit field). */
const MAX_STORED_BLOCK = 65535;

/**
 * A segment as stored deflate blocks, written here rather than by zlib: no copy of the
 * data (the blocks' bodies are views of the segment), nothing for the thread pool.
 * Each block: a header byte (BFINAL on the last block of the tar, type 00, padding to
 * the byte: a segment always starts on a byte boundary), LEN and its complement NLEN.
 */
export function deflateStored(segment: Buffer, last: boolean): Buffer[] {
  const blocks = Math.max(1, Math.ceil(segment.length / MAX_STORED_BLOCK));
  const headers = Buffer.alloc(blocks * 5);
  const out: Buffer[] = [];
  for (let i = 0; i < blocks; i++) {
    const start = i * MAX_STORED_BLOCK;
    const length = Math.min(MAX_STORED_BLOCK, segment.length - start);
    const header = headers.subarray(i * 5, i * 5 + 5);
    header[0] = last && i === blocks - 1 ? 1 : 0;
    header.writeUInt16LE(length, 1);
    header.writeUInt16LE(~length & 0xffff, 3);
    out.push(header, segment.subarray(start, start + length));
  }
  return out;
}

/** Largest zstd block (128 KiB). */
const MAX_ZSTD_BLOCK = 128 * 1024;

/**
 * A segment as a zstd frame of raw blocks, written here (as deflateStored). Frame
 * header: magic, a descriptor saying single segment (the window is the content),
 * content size present, no checksum, no dictionary; then the content size on 1, 2
 * (minus 256) or 4 bytes. Each block: a 3-byte header (last-block bit, type 0 = raw,
 * size) and the bytes.
 */
export function zstdRawFrame(segment: Buffer): Buffer[] {
  const size = segment.length;
  const fcsFlag = size < 256 ? 0 : size < 65536 + 256 ? 1 : 2;
  const fcsBytes = [1, 2, 4][fcsFlag]!;
  const frameHeader = Buffer.alloc(5 + fcsBytes);
  frameHeader.writeUInt32LE(0xfd2fb528, 0);
  frameHeader[4] = (fcsFlag << 6) | 0x20;
  if (fcsFlag === 0) frameHeader[5] = size;
  else if (fcsFlag === 1) frameHeader.writeUInt16LE(size - 256, 5);
  else frameHeader.writeUInt32LE(size, 5);
  const out: Buffer[] = [frameHeader];
  const blocks = Math.max(1, Math.ceil(size / MAX_ZSTD_BLOCK));
  const headers = Buffer.alloc(blocks * 3);
  for (let i = 0; i < blocks; i++) {
    const start = i * MAX_ZSTD_BLOCK;
    const length = Math.min(MAX_ZSTD_BLOCK, size - start);
    const header = headers.subarray(i * 3, i * 3 + 3);
    header.writeUIntLE((length << 3) | (i === blocks - 1 ? 1 : 0), 0, 3);
    out.push(header, segment.subarray(start, start + length));
  }
  return out;
}

const SAMPLE_SLICES = 4;
const SAMPLE_SLICE = 8 * 1024;

/**
 * Whether a segment looks incompressible: a sample of it (four 8 KiB slices spread
 * evenly, or all of it when small) saves less than 1/32 at deflate level 1. Depends on
 * the bytes only; costs a few percent of compressing the segment.
 */
async function incompressible(segment: Buffer): Promise<boolean> {
  let sample = segment;
  if (segment.length > SAMPLE_SLICES * SAMPLE_SLICE) {
    const step = Math.floor((segment.length - SAMPLE_SLICE) / (SAMPLE_SLICES - 1));
    const slices: Buffer[] = [];
    for (let i = 0; i < SAMPLE_SLICES; i++) {
      slices.push(segment.subarray(i * step, i * step + SAMPLE_SLICE));
    }
    sample = Buffer.concat(slices);
  }
  if (sample.length === 0) return false;
  // A fixed output buffer size too: zlib's block cuts, hence the size, depend on it.
  const out = await compressWith(zlib.createDeflateRaw({ level: 1, chunkSize: 64 * 1024 }), sample);
  const size = out.reduce((n, chunk) => n + chunk.length, 0);
  return size * 32 > sample.length * 31;
}

/**
 * Cuts the tar into segments, compresses up to `concurrency` of them at a time and
 * writes the results in order. Segment buffers are reused once written: the memory
 * held is about `concurrency` segments, whatever the size of the layer.
 */
class SegmentWriter {
  private readonly free: Buffer[] = [];
  private current: Buffer;
  private filled = 0;
  /** The end of the last segment cut: the next one's deflate dictionary. */
  private dictionary: Buffer | undefined;
  private readonly inFlight: Array<{ segment: Buffer; job: Promise<Buffer[]> }> = [];

  constructor(
    private readonly codec: Codec,
    private readonly concurrency: number,
    /** Sees the tar, segment by segment: the diff_id. */
    private readonly tarHash: Hash,
    private readonly write: (data: readonly Buffer[]) => Promise<void>,
    private readonly segmentSize: number = SEGMENT_SIZE,
  ) {
    // Small at first: a layer of a few bytes must not cost a whole segment of memory
    // (thousands of those make the garbage collector's work grow with the square).
    this.current = Buffer.allocUnsafe(Math.min(segmentSize, FIRST_BUFFER));
  }

  /** Room left in the current segment's buffer, grown up to the segment size first. */
  private room(): number {
    if (this.filled === this.current.length && this.current.length < this.segmentSize) {
      const grown = Buffer.allocUnsafe(Math.min(this.segmentSize, this.current.length * 4));
      this.current.copy(grown, 0, 0, this.filled);
      this.current = grown;
    }
    return this.current.length - this.filled;
  }

  /**
   * Appends up to `size` bytes of a file, read into the segments directly (no copy, no
   * buffer per read); returns how many there were.
   */
  async read(handle: FileHandle, size: number): Promise<number> {
    let position = 0;
    while (position < size) {
      const n = Math.min(size - position, this.room());
      const { bytesRead } = await handle.read(this.current, this.filled, n, position);
      if (bytesRead === 0) break;
      this.filled += bytesRead;
      position += bytesRead;
      if (this.filled === this.segmentSize) await this.cut();
    }
    return position;
  }

  async push(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const n = Math.min(chunk.length - offset, this.room());
      chunk.copy(this.current, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === this.segmentSize) await this.cut();
    }
  }

  /** Sends the full current segment to be compressed and starts the next one. */
  private async cut(): Promise<void> {
    await this.dispatch(this.current, false);
    this.current = this.free.pop() ?? Buffer.allocUnsafe(this.segmentSize);
    this.filled = 0;
  }

  /** Compresses what is left, waits for every segment and writes the trailer. */
  async end(): Promise<void> {
    await this.dispatch(this.current.subarray(0, this.filled), true);
    while (this.inFlight.length > 0) await this.writeNext();
    await this.write([this.codec.trailer()]);
  }

  private async dispatch(segment: Buffer, last: boolean): Promise<void> {
    while (this.inFlight.length >= this.concurrency) await this.writeNext();
    this.tarHash.update(segment);
    this.codec.update(segment);
    const job = this.codec.compress(segment, this.dictionary, last);
    // Awaited in order by writeNext; this keeps a failure from being reported as
    // unhandled while earlier segments are written.
    job.catch(() => undefined);
    this.inFlight.push({ segment, job });
    if (this.codec.chained) {
      // A copy: the segment's buffer is reused as soon as it is written.
      this.dictionary = Buffer.from(segment.subarray(segment.length - DEFLATE_WINDOW));
    }
  }

  private async writeNext(): Promise<void> {
    const { segment, job } = this.inFlight.shift()!;
    const out = await job;
    await this.write(out);
    // Stored output refers to the segment: it is reused only once written.
    if (segment.length === this.segmentSize) this.free.push(segment);
  }
}

/** Refuses a compression setting this build cannot write. */
export function checkLayerCompression(c: LayerCompression): void {
  const kind = (c as { kind: unknown }).kind;
  const [min, max] = kind === 'gzip' ? [0, 9] : kind === 'zstd' ? [1, 22] : [NaN, NaN];
  if (Number.isNaN(min)) {
    throw new ActionError(
      'build',
      `Unknown layer compression ${JSON.stringify(kind)}`,
      'Use gzip or zstd.',
    );
  }
  if (!Number.isInteger(c.level) || c.level < min || c.level > max) {
    throw new ActionError('build', `Invalid ${kind} level ${c.level}: expected ${min} to ${max}`);
  }
  if (kind === 'zstd' && !zstdAvailable()) {
    throw new ActionError(
      'build',
      `zstd layer compression needs Node.js 22.15 or later; this is Node.js ${process.version}`,
      'Use gzip compression, or run on a newer Node.js (the action itself runs on node24).',
    );
  }
}

/**
 * Reads a compression setting as written by hand: `gzip`, `gzip:<0-9>`, `zstd`,
 * `zstd:<1-22>` (case and surrounding spaces ignored); empty gives the default.
 * Throws an Error saying what is accepted.
 */
export function parseLayerCompression(text: string): LayerCompression {
  const s = text.trim().toLowerCase();
  if (s === '') return { ...DEFAULT_LAYER_COMPRESSION };
  const m = /^(gzip|zstd)(?::([0-9]{1,2}))?$/.exec(s);
  const kind = m?.[1] as 'gzip' | 'zstd' | undefined;
  if (m === null || kind === undefined) {
    throw new Error(
      `Unknown compression ${JSON.stringify(text)}: expected gzip, gzip:<0-9>, zstd or zstd:<1-22>`,
    );
  }
  const level =
    m[2] !== undefined ? Number(m[2]) : kind === 'gzip' ? DEFAULT_GZIP_LEVEL : DEFAULT_ZSTD_LEVEL;
  const [min, max] = kind === 'gzip' ? [0, 9] : [1, 22];
  if (level < min || level > max) {
    throw new Error(`Invalid ${kind} level in ${JSON.stringify(text)}: expected ${min} to ${max}`);
  }
  return { kind, level };
}

/** CRC-32 of gzip; zlib's (fast) where this Node.js has it (20.15, 22.2 and later). */
function crc32(data: Buffer, value: number): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data, value);
  let crc = ~value;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/**
 * How a layer is compressed, one segment of its tar at a time (see tar-layer.ts for
 * why): gzip as a single member whose segments are chained deflate streams, zstd as one
 * frame per segment; an incompressible segment stored as it is. What a segment becomes
 * depends on its bytes and the settings only.
 */
import zlib from 'node:zlib';

import { ActionError } from '../core/errors.js';
import { MEDIA_TYPES } from '../registry/media-types.js';

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

export const LAYER_MEDIA_TYPE = MEDIA_TYPES.layerGzip;
export const LAYER_MEDIA_TYPE_ZSTD = MEDIA_TYPES.layerZstd;

/**
 * What each compression is: the level `gzip` and `zstd` stand for without one (zlib's
 * and zstd's own defaults, BuildKit's too), and its blobs' media type and file extension.
 */
export const COMPRESSIONS: Readonly<
  Record<LayerCompression['kind'], { defaultLevel: number; mediaType: string; extension: string }>
> = {
  gzip: { defaultLevel: 6, mediaType: LAYER_MEDIA_TYPE, extension: '.tar.gz' },
  zstd: { defaultLevel: 3, mediaType: LAYER_MEDIA_TYPE_ZSTD, extension: '.tar.zst' },
};

/** What a layer is compressed with: how to frame the stream and compress a segment. */
export interface Codec {
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
export const DEFLATE_WINDOW = 32 * 1024;

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
    mediaType: COMPRESSIONS.gzip.mediaType,
    extension: COMPRESSIONS.gzip.extension,
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
    mediaType: COMPRESSIONS.zstd.mediaType,
    extension: COMPRESSIONS.zstd.extension,
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

/** The codec of a compression setting (checked first). */
export function layerCodec(compression: LayerCompression): Codec {
  checkLayerCompression(compression);
  return compression.kind === 'gzip' ? gzipCodec(compression.level) : zstdCodec(compression.level);
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
  const level = m[2] !== undefined ? Number(m[2]) : COMPRESSIONS[kind].defaultLevel;
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

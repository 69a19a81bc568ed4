/**
 * Writes one image layer: a tar of the given entries, gzip-compressed, to a file,
 * reproducibly. The same entries give the same bytes whatever the order they are
 * passed in, the files' timestamps on disk, the host or the user running the build:
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
 * File contents are streamed from disk and the archive is hashed on the way: one pass
 * gives the diffID (sha256 of the tar), the digest (sha256 of the gzip) and the size.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export type LayerEntryType = 'file' | 'dir' | 'symlink';

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
  /** For symlinks: the target, as written. */
  linkname?: string;
  /** For files: absolute path of the file to stream the contents from. */
  source?: string;
  /** For files: the contents, when they are not on disk (small generated files). */
  content?: Buffer;
}

export interface LayerOptions {
  /** Timestamp of every entry, in seconds since 1970 (SOURCE_DATE_EPOCH). */
  epoch: number;
  /** Directory the compressed blob is written to (created if missing). */
  tmpDir: string;
  /** zlib level, 0-9; default 6. */
  gzipLevel?: number;
}

export interface LayerBlob {
  /** sha256 of the compressed blob: the layer's digest in the manifest. */
  digest: string;
  /** sha256 of the uncompressed tar: the diff_id in the image config. */
  diffId: string;
  /** Size of the compressed blob in bytes. */
  size: number;
  /** Where the compressed blob is; it can be re-opened as often as needed. */
  path: string;
}

export const LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

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

const BLOCK = 512;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** Largest value a 7-digit octal field (mode, uid, gid) holds. */
const MAX_OCTAL_7 = 0o7777777;
/** Largest value an 11-digit octal field (size, mtime) holds. */
const MAX_OCTAL_11 = 0o77777777777;

/**
 * Orders image paths like a depth-first walk with names sorted by bytes: compares the
 * paths segment by segment, so `a` < `a/b` < `a-b` (a directory's subtree is contiguous).
 */
export function compareLayerPaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  const n = Math.min(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const c = Buffer.compare(Buffer.from(as[i]!, 'utf8'), Buffer.from(bs[i]!, 'utf8'));
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
 * Builds the layer: writes `<tmpDir>/sha256-<hex>.tar.gz` and returns its digests.
 * Independent of any other call: several layers can be compressed concurrently.
 */
export async function buildLayer(
  entries: readonly LayerEntry[],
  options: LayerOptions,
): Promise<LayerBlob> {
  const epoch = options.epoch;
  if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_OCTAL_11) {
    throw new Error(`Invalid layer timestamp ${epoch}: expected whole seconds since 1970`);
  }
  const level = options.gzipLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new Error(`Invalid gzip level ${level}: expected 0 to 9`);
  }
  const sorted = sortEntries(entries);

  await mkdir(options.tmpDir, { recursive: true });
  if (sorted.length === 0) return writeEmptyLayer(options.tmpDir);
  const partial = path.join(options.tmpDir, `layer-${randomUUID()}.partial`);
  const diffHash = createHash('sha256');
  const blobHash = createHash('sha256');
  let size = 0;

  async function* tar(): AsyncGenerator<Buffer> {
    for (const chunk of tarChunks(sorted, epoch)) {
      // Ready buffers, or a file whose header and contents are read now.
      if (Buffer.isBuffer(chunk)) {
        diffHash.update(chunk);
        yield chunk;
      } else {
        for await (const data of streamFile(chunk)) {
          diffHash.update(data);
          yield data;
        }
      }
    }
  }

  async function* fixGzipHeader(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let head: Buffer | undefined = Buffer.alloc(0);
    for await (const chunk of source) {
      let out = chunk as Buffer;
      if (head !== undefined) {
        head = Buffer.concat([head, out]);
        if (head.length < GZIP_HEADER_LENGTH) continue;
        out = patchGzipHeader(head, level);
        head = undefined;
      }
      blobHash.update(out);
      size += out.length;
      yield out;
    }
    if (head !== undefined) throw new Error('gzip produced no header');
  }

  try {
    await pipeline(
      tar,
      zlib.createGzip({ level }),
      fixGzipHeader,
      createWriteStream(partial, { flags: 'wx' }),
    );
    const hex = blobHash.digest('hex');
    const final = path.join(options.tmpDir, `sha256-${hex}.tar.gz`);
    await moveIntoPlace(partial, final);
    return {
      digest: `sha256:${hex}`,
      diffId: `sha256:${diffHash.digest('hex')}`,
      size,
      path: final,
    };
  } finally {
    await rm(partial, { force: true });
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
    if (e.type === 'symlink' && (e.linkname === undefined || e.linkname === '')) {
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
  return sorted;
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

/** Header, contents (streamed, never held whole in memory) and padding of one file. */
async function* streamFile(pending: PendingFile): AsyncGenerator<Buffer> {
  const { entry, epoch } = pending;
  const source = entry.source!;
  const handle = await open(source, 'r');
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new Error(`${source} is not a regular file`);
    const size = st.size;
    if (entry.size !== undefined && entry.size !== size) {
      throw new Error(`${source} changed during the build (size ${entry.size}, now ${size})`);
    }
    yield encodeEntryHeader(entry, size, epoch);
    let read = 0;
    if (size > 0) {
      const stream = handle.createReadStream({ start: 0, end: size - 1, autoClose: false });
      for await (const data of stream) {
        const buf = data as Buffer;
        read += buf.length;
        yield buf;
      }
    }
    if (read !== size) {
      throw new Error(`${source} changed during the build (size ${size}, read ${read})`);
    }
    const pad = padding(size);
    if (pad > 0) yield Buffer.alloc(pad);
  } finally {
    await handle.close();
  }
}

function padding(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

const GZIP_HEADER_LENGTH = 10;

/**
 * zlib writes `1f 8b 08 00 00000000 <xfl> <os>`: no flags (so no name, comment or extra
 * field) and a zero mtime, as Node's createGzip never sets them. The OS byte is the one
 * zlib was built for (3 on Unix, 10 on Windows, 19 on macOS): it is set to 255 like Go's
 * compress/gzip, and XFL to Go's value for the level (2 for 9, 4 for 1, else 0).
 * Anything else in the header is refused rather than written into a digest.
 */
export function patchGzipHeader(head: Buffer, level: number): Buffer {
  const expected = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00];
  for (let i = 0; i < expected.length; i++) {
    if (head[i] !== expected[i]) {
      throw new Error(
        `Unexpected gzip header ${head.subarray(0, GZIP_HEADER_LENGTH).toString('hex')}`,
      );
    }
  }
  const out = Buffer.from(head);
  out[8] = level === 9 ? 2 : level === 1 ? 4 : 0;
  out[9] = 0xff;
  return out;
}

/** The header block(s) of one entry: a PAX extended header first when USTAR can't hold it. */
export function encodeEntryHeader(entry: LayerEntry, size: number, epoch: number): Buffer {
  const typeBits = entry.type === 'dir' ? S_IFDIR : entry.type === 'symlink' ? S_IFLNK : S_IFREG;
  const typeflag = entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0';
  const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const linkname = entry.type === 'symlink' ? (entry.linkname ?? '') : '';
  const uid = entry.uid ?? 0;
  const gid = entry.gid ?? 0;
  const mode = entry.mode & 0o7777;
  for (const [what, v] of [
    ['uid', uid],
    ['gid', gid],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new Error(`Invalid ${what} ${v} for ${entry.path}`);
  }
  if (entry.type !== 'file') size = 0;

  const pax: Record<string, string> = {};
  const split = splitUstarPath(name);
  if (split === undefined) pax['path'] = name;
  if (!fitsUstarString(linkname, 100)) pax['linkpath'] = linkname;
  if (uid > MAX_OCTAL_7) pax['uid'] = String(uid);
  if (gid > MAX_OCTAL_7) pax['gid'] = String(gid);
  if (size > MAX_OCTAL_11) pax['size'] = String(size);

  const header = ustarBlock({
    prefix: split?.prefix ?? '',
    name: split?.name ?? asciiFallback(name, 100),
    mode: typeBits | mode,
    uid: uid > MAX_OCTAL_7 ? 0 : uid,
    gid: gid > MAX_OCTAL_7 ? 0 : gid,
    size: size > MAX_OCTAL_11 ? 0 : size,
    mtime: epoch,
    typeflag,
    linkname: 'linkpath' in pax ? asciiFallback(linkname, 100) : linkname,
  });
  if (Object.keys(pax).length === 0) return header;

  const records = Buffer.from(
    Object.keys(pax)
      .sort()
      .map((k) => paxRecord(k, pax[k]!))
      .join(''),
    'utf8',
  );
  const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
  const paxHeader = ustarBlock({
    prefix: '',
    name: asciiFallback(`PaxHeaders.0/${base}`, 100),
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: epoch,
    typeflag: 'x',
    linkname: '',
  });
  const pad = padding(records.length);
  return Buffer.concat([paxHeader, records, Buffer.alloc(pad), header]);
}

/** One PAX record: `<length> <key>=<value>\n`, the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body, 'utf8');
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length !== String(bodyLength).length)
    length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c > 0x7f) return false;
  }
  return true;
}

function fitsUstarString(s: string, max: number): boolean {
  return isAscii(s) && s.length <= max;
}

/** A stand-in for a name that only the PAX record holds: ASCII, truncated. */
function asciiFallback(s: string, max: number): string {
  let out = '';
  for (const ch of s) out += isAscii(ch) ? ch : '_';
  return out.slice(0, max);
}

/** Go's splitUSTARPath: the name in `name`, or split at a slash into `prefix` + `name`. */
function splitUstarPath(p: string): { prefix: string; name: string } | undefined {
  if (!isAscii(p)) return undefined;
  if (p.length <= 100) return { prefix: '', name: p };
  let length = p.length;
  if (length > 156) length = 156;
  else if (p[length - 1] === '/') length--;
  const i = p.lastIndexOf('/', length - 1);
  const nlen = p.length - i - 1;
  if (i <= 0 || nlen > 100 || nlen === 0 || i > 155) return undefined;
  return { prefix: p.slice(0, i), name: p.slice(i + 1) };
}

interface UstarFields {
  prefix: string;
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

function ustarBlock(f: UstarFields): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(f.name, 0, 100, 'latin1');
  octal(b, 100, 8, f.mode);
  octal(b, 108, 8, f.uid);
  octal(b, 116, 8, f.gid);
  octal(b, 124, 12, f.size);
  octal(b, 136, 12, f.mtime);
  b.fill(0x20, 148, 156); // checksum computed with the field as spaces
  b.write(f.typeflag, 156, 1, 'latin1');
  b.write(f.linkname, 157, 100, 'latin1');
  b.write('ustar\0', 257, 6, 'latin1');
  b.write('00', 263, 2, 'latin1');
  // uname (265) and gname (297) stay empty.
  octal(b, 329, 8, 0);
  octal(b, 337, 8, 0);
  b.write(f.prefix, 345, 155, 'latin1');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i]!;
  // Like Go: six octal digits, NUL, and the space already there.
  b.write(sum.toString(8).padStart(6, '0'), 148, 6, 'latin1');
  b[154] = 0;
  return b;
}

/** A zero-padded octal field ending with NUL, as Go's archive/tar formats them. */
function octal(b: Buffer, offset: number, length: number, value: number): void {
  const s = value.toString(8).padStart(length - 1, '0');
  if (s.length > length - 1) throw new Error(`Value ${value} does not fit a tar header field`);
  b.write(s, offset, length - 1, 'latin1');
  b[offset + length - 1] = 0;
}

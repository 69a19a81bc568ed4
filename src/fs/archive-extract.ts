/**
 * ADD of a local tar archive (plain or gzip): recognising one, and extracting it into
 * the image tree as Docker does.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import * as tarStream from 'tar-stream';
import {
  ContextError,
  feedTar,
  mkdirAll,
  parentOf,
  segments,
  type FsNode,
  type ImageTree,
} from './context-files.js';

export type ArchiveKind = 'tar' | 'gzip';

const MAGIC = {
  gzip: [0x1f, 0x8b],
  bzip2: [0x42, 0x5a, 0x68],
  xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
  zstd: [0x28, 0xb5, 0x2f, 0xfd],
};

function startsWith(buf: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => buf[i] === b);
}

/** A valid tar header block: checksum right (ustar or old format). */
function isTarHeader(block: Buffer): boolean {
  if (block.length < 512) return false;
  if (block.subarray(0, 512).every((b) => b === 0)) return false;
  const field = block
    .subarray(148, 156)
    .toString('latin1')
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === parseInt(field, 8);
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const h = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await h.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}

/** What ADD does with a local file: extract it (tar, gzip tar) or copy it (undefined). */
export async function archiveKind(file: string): Promise<ArchiveKind | undefined> {
  const head = await readHead(file, 512);
  if (startsWith(head, MAGIC.gzip)) {
    const first = await gunzipHead(file, 512);
    return first !== undefined && isTarHeader(first) ? 'gzip' : undefined;
  }
  for (const kind of ['bzip2', 'xz', 'zstd'] as const) {
    if (startsWith(head, MAGIC[kind])) {
      throw new ContextError(
        `${path.basename(file)} is a ${kind} archive, which ADD would extract but the native builder cannot decompress`,
        'Use a plain or gzip-compressed tar, COPY the file instead, or use the docker builder.',
      );
    }
  }
  return isTarHeader(head) ? 'tar' : undefined;
}

async function gunzipHead(file: string, n: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  const gunzip = zlib.createGunzip();
  const input = createReadStream(file);
  try {
    input.pipe(gunzip);
    for await (const chunk of gunzip) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= n) break;
    }
  } catch {
    return undefined;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/**
 * Extracts a tar into the tree under `destDir`: files are written to a directory of
 * their own under tmpDir (the layer streams them from there). Entry names are cleaned;
 * one that would land outside destDir is refused, as Docker refuses it, and so is one
 * that would be written through a symbolic link the archive itself made (`d -> /x`
 * then `d/file`), which BuildKit refuses too. Symbolic links the image already had
 * (such as `/lib -> usr/lib`) are followed, inside the image.
 */
export async function extractArchive(
  file: string,
  kind: ArchiveKind,
  destDir: string,
  tree: ImageTree,
  changed: Set<string>,
  tmpDir: string,
  written: string,
): Promise<void> {
  const outDir = path.join(tmpDir, `add-${randomUUID()}`);
  await mkdir(outDir, { recursive: true });
  const extract = tarStream.extract();
  const input = createReadStream(file);
  let decompressed: NodeJS.ReadableStream = input;
  let gunzipped: Promise<void> = Promise.resolve();
  if (kind === 'gzip') {
    const gunzip = zlib.createGunzip();
    gunzipped = pipeline(input, gunzip);
    // Its failure also ends the extraction below; this keeps it from going unhandled.
    gunzipped.catch(() => undefined);
    decompressed = gunzip;
  }
  const feed = feedTar(decompressed, extract).then(() => gunzipped);
  const run: Extraction = {
    destDir,
    tree,
    changed,
    outDir,
    written,
    extracted: new Map(),
    links: new Set(),
    count: 0,
  };
  try {
    for await (const entry of extract) {
      const to = memberPath(run, entry.header.name);
      if (to === undefined) entry.resume();
      else await placeMember(run, entry, to);
    }
    await feed;
  } catch (err) {
    input.destroy();
    await feed.catch(() => undefined);
    if (err instanceof ContextError) throw err;
    throw new ContextError(`${written}: cannot read the archive: ${(err as Error).message}`);
  }
}

/** A member as the extractor yields it: its header and a stream of its contents. */
type ArchiveMember = tarStream.Extract extends AsyncIterable<infer T> ? T : never;

/** One extraction's state. */
interface Extraction {
  destDir: string;
  tree: ImageTree;
  changed: Set<string>;
  outDir: string;
  /** The archive as the Dockerfile names it, for messages. */
  written: string;
  /** Files extracted so far, by image path (hard links copy them). */
  extracted: Map<string, FsNode>;
  /** Image paths of the symbolic links this archive made. */
  links: Set<string>;
  count: number;
}

/**
 * Where a member lands in the image, or undefined for the root. Refuses a name that
 * leaves the destination and a member under a symbolic link of this archive.
 */
function memberPath(run: Extraction, name: string): string | undefined {
  const { destDir, written } = run;
  if (name.split('/').includes('..') && !isWithin(name)) {
    throw new ContextError(
      `${written}: the archive entry ${JSON.stringify(name)} points outside the destination`,
    );
  }
  const rel = segments(name.startsWith('/') ? name : `/${name}`);
  if (rel.length === 0) return undefined;
  const base = destDir === '/' ? '' : destDir;
  for (let i = 1; i < rel.length; i++) {
    const via = `${base}/${rel.slice(0, i).join('/')}`;
    const node = run.tree.get(via);
    if (node?.type === 'symlink' && run.links.has(via)) {
      throw new ContextError(
        `${written}: the archive entry ${JSON.stringify(name)} would be written through the symbolic link ${JSON.stringify(rel.slice(0, i).join('/'))} (to ${JSON.stringify(node.linkname ?? '')}) that the archive made earlier`,
        'Remove the link from the archive, or put the files where it points.',
      );
    }
  }
  const to = `${base}/${rel.join('/')}`;
  // Links the image already had are followed inside the image, as Docker's chroot does.
  const parent = run.tree.resolve(parentOf(to), true).path;
  return `${parent === '/' ? '' : parent}/${rel[rel.length - 1]!}`;
}

function refuseReplace(run: Extraction, name: string, what: string): never {
  throw new ContextError(`${run.written}: the archive entry ${name} would replace ${what}`);
}

/** Puts one archive member into the tree (its contents into a file of its own). */
async function placeMember(run: Extraction, entry: ArchiveMember, to: string): Promise<void> {
  const { tree, changed } = run;
  const h = entry.header;
  const name = h.name;
  const owner = { uid: h.uid ?? 0, gid: h.gid ?? 0 };
  const mode = (h.mode ?? 0o644) & 0o7777;
  mkdirAll(tree, parentOf(to), { uid: 0, gid: 0 }, changed);
  const existing = tree.get(to);
  if (h.type !== 'file' && h.type !== 'contiguous-file') entry.resume();
  switch (h.type) {
    case 'directory':
      if (existing !== undefined && existing.type !== 'dir') {
        refuseReplace(run, name, 'a file with a directory');
      }
      tree.set(to, { type: 'dir', mode, ...owner });
      break;
    case 'file':
    case 'contiguous-file': {
      if (existing?.type === 'dir') {
        entry.resume();
        refuseReplace(run, name, 'a directory with a file');
      }
      const out = path.join(run.outDir, String(++run.count));
      await pipeline(entry, createWriteStream(out, { flags: 'wx' }));
      const node: FsNode = { type: 'file', mode, ...owner, size: h.size ?? 0, source: out };
      tree.set(to, node);
      run.extracted.set(to, node);
      break;
    }
    case 'symlink':
      if (existing?.type === 'dir') refuseReplace(run, name, 'a directory with a symlink');
      tree.set(to, { type: 'symlink', mode: 0o777, ...owner, linkname: h.linkname ?? '' });
      run.links.add(to);
      break;
    case 'link': {
      // A hard link becomes a copy of the file it links to (same contents and metadata).
      const linkRel = segments(`/${h.linkname ?? ''}`);
      const base = run.destDir === '/' ? '' : run.destDir;
      const linked = run.extracted.get(`${base}/${linkRel.join('/')}`);
      if (linked === undefined) {
        throw new ContextError(
          `${run.written}: the hard link ${name} points to ${h.linkname}, which is not earlier in the archive`,
        );
      }
      if (existing?.type === 'dir') refuseReplace(run, name, 'a directory with a file');
      tree.set(to, { ...linked });
      break;
    }
    default:
      throw new ContextError(
        `${run.written}: the archive entry ${name} is a ${h.type ?? 'special file'}, which the native builder cannot add`,
      );
  }
  if (h.type !== 'symlink') run.links.delete(to);
  changed.add(to);
}

/** An archive entry name with `..` that still stays inside the extraction root. */
function isWithin(name: string): boolean {
  let depth = 0;
  for (const s of name.split('/')) {
    if (s === '' || s === '.') continue;
    depth += s === '..' ? -1 : 1;
    if (depth < 0) return false;
  }
  return true;
}

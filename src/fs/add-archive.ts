/**
 * ADD of a local archive, as BuildKit does it: a tar, plain or compressed with gzip,
 * bzip2 or xz (recognised by its content, not its name, and only when what it holds
 * starts with a valid tar header) is extracted into the destination directory, keeping
 * the owners (PAX records and GNU base-256 included), modes, symlinks and hard links
 * it records. Member names are cleaned and clamped inside the destination (`../x` and
 * `/x` land in it), as containerd's extraction does. Decompressed by the one
 * decompressor (layers/decompress.ts), which image layers are read through too.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type * as tarStream from 'tar-stream';

import { newLinkId } from '../layers/hard-links.js';
import { fsPath } from '../util/raw-names.js';
import { feedTar } from '../layers/feed-tar.js';
import { extractTar, memberName } from '../layers/tar-extract.js';
import { MissingDecompressor, decompress, sniff } from '../layers/decompress.js';
import { ContextError } from './context-error.js';
import type { Env } from '../util/child-env.js';
import { cleanImagePath, parentOf, segments } from './image-path.js';
import { mkdirAll, type FsNode, type ImageTree, type Owner } from './image-tree.js';

export type ArchiveKind = 'tar' | 'gzip' | 'bzip2' | 'xz';

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
  const h = await open(fsPath(file), 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await h.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}

/** What ADD does with a local file: extract it (a tar, maybe compressed) or copy it (undefined). */
export async function archiveKind(file: string, env: Env = {}): Promise<ArchiveKind | undefined> {
  const head = await readHead(file, 512);
  const format = sniff(head);
  if (format === 'zstd') {
    throw new ContextError(
      `${path.basename(file)} is a zstd archive, which ADD would extract but the native builder cannot decompress`,
      'Use a plain, gzip, bzip2 or xz tar, COPY the file instead, or use the docker builder.',
    );
  }
  if (format === undefined) return isTarHeader(head) ? 'tar' : undefined;
  const first = await decompressedHead(file, 512, env);
  return first !== undefined && isTarHeader(first) ? format : undefined;
}

/** The first `n` bytes of the decompressed contents, undefined when they cannot be read. */
async function decompressedHead(file: string, n: number, env: Env): Promise<Buffer | undefined> {
  const d = await decompress(createReadStream(fsPath(file)), env).catch((err: unknown) => {
    if (err instanceof MissingDecompressor) throw unreadable(path.basename(file), 'archive', err);
    return undefined;
  });
  if (d === undefined) return undefined;
  d.finished.catch(() => undefined);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of d.output) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= n) break;
    }
    if (total < n) await d.finished;
  } catch {
    return undefined;
  } finally {
    d.stop();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/** Where one extraction writes. */
export interface Extraction {
  /** The archive: its path, or an open file (read from its start, left open); compressed or not. */
  file: string | FileHandle;
  /** The destination directory in the image (exists). */
  destDir: string;
  tree: ImageTree;
  changed: Set<string>;
  /** A directory the build owns: extracted file contents go there. */
  tmpDir: string;
  /** The source as the Dockerfile wrote it, for messages. */
  written: string;
  /**
   * An image layer rather than an ADD archive (see base-layers.ts): OCI whiteouts apply,
   * an entry replaces what the layers below have at its path, special files are skipped.
   */
  layer?: { whiteout: (name: string, x: Extraction) => boolean };
  /** The step's environment, which bzip2 or xz inherits (none given: an empty one). */
  env?: Env;
}

/** Extracts the archive into the tree: files are written under tmpDir for the layer. */
export async function extractArchive(x: Extraction): Promise<void> {
  const outDir = path.join(x.tmpDir, `add-${randomUUID()}`);
  await mkdir(outDir, { recursive: true });
  const extract = extractTar();
  const input =
    typeof x.file === 'string'
      ? createReadStream(fsPath(x.file))
      : x.file.createReadStream({ start: 0, autoClose: false });
  const what = x.layer === undefined ? 'archive' : 'layer';
  const d = await decompress(input, x.env ?? {}).catch((err: unknown) => {
    throw unreadable(x.written, what, err);
  });
  // Its failure also ends the extraction below; this keeps it from going unhandled.
  d.finished.catch(() => undefined);
  const feed = feedTar(d.output, extract).then(() => d.finished);
  // Awaited below, or after the loop fails: never left to reject unhandled meanwhile.
  feed.catch(() => undefined);
  const state: ExtractState = { ...x, outDir, count: 0, groups: new Map(), links: new Set() };
  try {
    for await (const entry of extract) await extractEntry(state, entry);
    await feed;
  } catch (err) {
    d.stop();
    await feed.catch(() => undefined);
    throw unreadable(x.written, what, err);
  }
}

/** How zlib, tar-stream, bzip2, xz and zstd say that their input ended part-way. */
const CUT_SHORT = /unexpected end of (file|data|input)|ends unexpectedly|premature end/i;

/**
 * Why an archive or an image layer could not be read, for a message that names it
 * (`what`). One that ends part-way is said as BuildKit says it: unexpected EOF.
 */
export function unreadable(what: string, kind: 'archive' | 'layer', err: unknown): ContextError {
  if (err instanceof ContextError) return err;
  if (err instanceof MissingDecompressor) return missingProgram(what, kind, err);
  const message = err instanceof Error ? err.message : String(err);
  if (CUT_SHORT.test(message) || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
    return new ContextError(
      `${what}: unexpected EOF: the ${kind} ends part-way`,
      kind === 'archive'
        ? 'The file is cut short or damaged: make it again (check the step that writes or downloads it).'
        : 'The layer is stored cut short or damaged in its registry: push the image again, or use another tag or digest.',
    );
  }
  return new ContextError(`${what}: cannot read the ${kind}: ${message}`);
}

function missingProgram(what: string, kind: 'archive' | 'layer', err: MissingDecompressor) {
  const { format, program } = err;
  if (kind === 'archive') {
    return new ContextError(
      `ADD of a ${format} archive needs the ${program} program, which is not installed`,
      `Install ${program} on the runner, or use a gzip-compressed tar.`,
    );
  }
  return new ContextError(
    `${what}: reading a ${format}-compressed layer needs the ${program} program, which is not installed`,
    `Install ${program} on the runner${format === 'zstd' ? ', or run on Node.js 22.15 or later' : ''}.`,
  );
}

interface ExtractState extends Extraction {
  outDir: string;
  count: number;
  /** Hard-link groups: link id → the image paths sharing it. */
  groups: Map<number, string[]>;
  /** Image paths of the symbolic links this archive made. */
  links: Set<string>;
}

/** The image path of a member name: cleaned, and clamped inside the destination. */
function memberPath(destDir: string, name: string): string {
  return cleanImagePath(`${destDir}/${cleanImagePath(name)}`);
}

/**
 * Where a member lands: its path, refused when it goes through a symbolic link this
 * archive made (`d -> /x` then `d/file`), as BuildKit refuses it; links the image
 * already had (`/lib -> usr/lib`) are followed, inside the image.
 */
function placedPath(x: ExtractState, name: string, to: string): string {
  const base = x.destDir === '/' ? '' : x.destDir;
  const rel = segments(to.slice(base.length));
  for (let i = 1; i < rel.length; i++) {
    const via = `${base}/${rel.slice(0, i).join('/')}`;
    const node = x.tree.get(via);
    if (node?.type === 'symlink' && x.links.has(via)) {
      throw new ContextError(
        `${x.written}: the archive entry ${JSON.stringify(name)} would be written through the symbolic link ${JSON.stringify(rel.slice(0, i).join('/'))} (to ${JSON.stringify(node.linkname ?? '')}) that the archive made earlier`,
        'Remove the link from the archive, or put the files where it points.',
      );
    }
  }
  const parent = x.tree.resolve(parentOf(to), true).path;
  return `${parent === '/' ? '' : parent}/${rel[rel.length - 1]!}`;
}

/** The owner a header records: PAX uid/gid records first (tar-stream leaves them there). */
export function headerOwner(h: tarStream.Header): Owner {
  const pax = (h.pax ?? {}) as Record<string, string | undefined>;
  const id = (record: string | undefined, field: number | undefined): number =>
    record !== undefined && /^[0-9]+$/.test(record) ? Number(record) : (field ?? 0);
  return { uid: id(pax['uid'], h.uid), gid: id(pax['gid'], h.gid) };
}

/** One member of the archive: its header, and its contents as a stream. */
type Member = tarStream.Extract extends AsyncIterable<infer M> ? M : never;

async function extractEntry(x: ExtractState, entry: Member): Promise<void> {
  const h = entry.header;
  const name = memberName(h, 'path', h.name);
  const linkname = memberName(h, 'linkpath', h.linkname ?? '');
  const clamped = memberPath(x.destDir, name);
  if (clamped === x.destDir) {
    entry.resume();
    return;
  }
  if (x.layer?.whiteout(clamped, x)) {
    entry.resume();
    return;
  }
  const to = placedPath(x, name, clamped);
  const owner = headerOwner(h);
  const mode = (h.mode ?? 0o644) & 0o7777;
  mkdirAll(x.tree, path.posix.dirname(to), { uid: 0, gid: 0 }, x.changed);
  if (x.layer !== undefined) replaceInLayer(x, to, h.type);
  const existing = x.tree.get(to);
  const refuse = (what: string): never => {
    throw new ContextError(`${x.written}: the archive entry ${name} would replace ${what}`);
  };
  if (h.type !== 'file' && h.type !== 'contiguous-file') entry.resume();
  switch (h.type) {
    case 'directory':
      if (existing !== undefined && existing.type !== 'dir') refuse('a file with a directory');
      x.tree.set(to, { type: 'dir', mode, uid: owner.uid, gid: owner.gid });
      break;
    case 'file':
    case 'contiguous-file': {
      if (existing?.type === 'dir') {
        entry.resume();
        refuse('a directory with a file');
      }
      const out = path.join(x.outDir, String(++x.count));
      await pipeline(entry, createWriteStream(out, { flags: 'wx' }));
      const size = h.size ?? 0;
      x.tree.set(to, { type: 'file', mode, ...owner, size, source: out });
      break;
    }
    case 'symlink':
      if (existing?.type === 'dir') refuse('a directory with a symlink');
      x.tree.set(to, { type: 'symlink', mode: 0o777, ...owner, linkname });
      x.links.add(to);
      break;
    case 'link':
      if (existing?.type === 'dir') refuse('a directory with a file');
      if (hardLink(x, to, memberPath(x.destDir, linkname), { mode, ...owner }, name)) {
        x.links.add(to);
        x.changed.add(to);
        return;
      }
      break;
    default:
      if (x.layer !== undefined) return; // a device or FIFO of an image: not copied
      throw new ContextError(
        `${x.written}: the archive entry ${name} is a ${h.type ?? 'special file'}, which the native builder cannot add`,
      );
  }
  if (h.type !== 'symlink') x.links.delete(to);
  x.changed.add(to);
}

/** In a layer, an entry replaces what the layers below have there unless both are directories. */
function replaceInLayer(x: ExtractState, to: string, type: tarStream.Header['type']): void {
  const existing = x.tree.get(to);
  if (existing === undefined || (existing.type === 'dir' && type === 'directory')) return;
  if (!x.changed.has(to)) x.tree.remove(to);
}

/**
 * A hard link: the same inode as the file or symbolic link it names (already in the
 * image; link(2) does not follow a symbolic link, so BuildKit's extraction makes a second
 * name of the link itself). The inode takes the link header's owner, and a file its mode,
 * as the extraction's chown and chmod of the link do (a symbolic link keeps 0777). True
 * when the new name is a symbolic link.
 */
function hardLink(
  x: ExtractState,
  to: string,
  target: string,
  meta: Owner & { mode: number },
  name: string,
): boolean {
  const linked = x.tree.get(target);
  if (linked?.type !== 'file' && linked?.type !== 'symlink') {
    throw new ContextError(
      `${x.written}: the hard link ${name} points to ${target}, which is not a file earlier in the archive`,
    );
  }
  if (to === target) return linked.type === 'symlink';
  const id = linked.linkId ?? newLinkId();
  if (!x.groups.has(id)) x.groups.set(id, [target]);
  const group = x.groups.get(id)!;
  const node: FsNode = { ...linked, linkId: id };
  x.tree.set(to, node);
  group.push(to);
  for (const p of group) {
    const n = x.tree.get(p);
    if (n?.type !== linked.type || (n.linkId ?? id) !== id) continue;
    const mode = n.type === 'symlink' ? n.mode : meta.mode;
    x.tree.set(p, { ...n, linkId: id, mode, uid: meta.uid, gid: meta.gid });
    x.changed.add(p);
  }
  return linked.type === 'symlink';
}

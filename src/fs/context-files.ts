/**
 * COPY and ADD with Docker's semantics (BuildKit's dockerfile2llb and fsutil copy),
 * applied to an in-memory image filesystem:
 *
 * - sources are relative to the build context (a leading `/` is its root) or to the
 *   root of another stage (`--from`); `*`, `?` and `[...]` match per path segment
 *   like Go's filepath.Match; a wildcard that matches nothing copies nothing;
 * - a directory source copies its contents, not the directory itself; a symlink
 *   named as a source (or matched by a wildcard) is followed, symlinks inside a copied
 *   directory are copied as symlinks;
 * - the destination is relative to WORKDIR; a trailing `/` (or `.` alone) makes it a
 *   directory, as does an existing directory; several sources need a trailing `/`;
 * - missing parent directories are created 0755, owned by the --chown user (root by
 *   default), and every copied entry gets the --chown owner (root for files from the
 *   context, the source owner for files from a stage) and the --chmod mode (the
 *   source permission bits otherwise, setuid/setgid/sticky included);
 * - files excluded by .dockerignore do not exist for COPY; a source that leads out of
 *   the context (`../x`, a symlink to an absolute path or above the context root) is
 *   refused before anything is read;
 * - ADD extracts a local tar archive (see add-archive.ts) into the destination
 *   directory, keeping the owners and modes of the archive.
 */
import { once } from 'node:events';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import * as tarStream from 'tar-stream';

import { newLinkId } from '../layers/hard-links.js';
import { compareNames, fsPath, nameFromBytes } from '../util/raw-names.js';
import {
  MEMBER_NAMES_AS_BYTES,
  archiveKind,
  extractArchive,
  headerOwner,
  memberName,
} from './add-archive.js';
import type { LayerEntry } from '../layers/tar-layer.js';

/** A COPY/ADD problem the user can fix; the caller adds the Dockerfile location. */
export class ContextError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ContextError';
  }
}

/** The .dockerignore matcher (see dockerignore.ts). */
export interface IgnoreMatcher {
  ignores(relPath: string, isDir: boolean): boolean;
  mayIncludeUnder(relDir: string): boolean;
}

export type NodeType = 'file' | 'dir' | 'symlink';

/** One entry of an image filesystem. */
export interface FsNode {
  type: NodeType;
  /** Permission bits (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Files: size in bytes. */
  size?: number;
  /** Files: absolute path of the file on disk that holds the contents. */
  source?: string;
  /** Files: the contents, for small generated files. */
  content?: Buffer;
  /** Symlinks: the target. */
  linkname?: string;
  /**
   * A directory this build created only as a parent, in a stage whose base filesystem
   * is unknown (a registry image): it may already exist there with other metadata, so
   * it is not written to layers (the runtime creates a missing parent 0755 root).
   */
  implicit?: boolean;
  /** Files: the contents are in a base image layer, which the build did not download. */
  inBase?: boolean;
  /** Files: the inode shared with the other files of this id (hard links, see hard-links.ts). */
  linkId?: number;
}

export interface Owner {
  uid: number;
  gid: number;
}

const ROOT_DIR: FsNode = { type: 'dir', mode: 0o755, uid: 0, gid: 0 };
const MAX_SYMLINKS = 255;

/** Splits an image path into clean segments, resolving `.` and `..` lexically (clamped at /). */
export function segments(p: string): string[] {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

/** `/a/b` form of an image path. */
export function cleanImagePath(p: string): string {
  return `/${segments(p).join('/')}`;
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function joinImage(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/**
 * The filesystem of a stage as far as the build knows it: everything for a stage that
 * starts from scratch (`complete`), only what the build added for one that starts
 * from a registry image. Paths are absolute and clean (`/usr/bin`).
 */
export class ImageTree {
  private readonly nodes = new Map<string, FsNode>();
  private readonly kids = new Map<string, Set<string>>();

  constructor(readonly complete: boolean) {}

  clone(): ImageTree {
    const t = new ImageTree(this.complete);
    for (const [p, n] of this.nodes) t.nodes.set(p, { ...n });
    for (const [p, k] of this.kids) t.kids.set(p, new Set(k));
    return t;
  }

  get(p: string): FsNode | undefined {
    const c = cleanImagePath(p);
    return c === '/' ? ROOT_DIR : this.nodes.get(c);
  }

  /** Sets a node; the parent must exist (or be unknown in an incomplete tree). */
  set(p: string, node: FsNode): void {
    const c = cleanImagePath(p);
    if (c === '/') throw new Error('The root of an image cannot be replaced');
    const old = this.nodes.get(c);
    if (old?.type === 'dir' && node.type !== 'dir') this.removeChildren(c);
    this.nodes.set(c, node);
    const parent = parentOf(c);
    let set = this.kids.get(parent);
    if (!set) this.kids.set(parent, (set = new Set()));
    set.add(baseOf(c));
  }

  /** Removes a path and everything under it (a whiteout). */
  remove(p: string): void {
    const c = cleanImagePath(p);
    if (c === '/') return this.clearChildren('/');
    this.removeChildren(c);
    this.nodes.delete(c);
    this.kids.get(parentOf(c))?.delete(baseOf(c));
  }

  /** Removes everything under a directory (an opaque whiteout). */
  clearChildren(dir: string): void {
    this.removeChildren(cleanImagePath(dir));
  }

  private removeChildren(dir: string): void {
    for (const name of this.kids.get(dir) ?? []) {
      const child = joinImage(dir, name);
      this.removeChildren(child);
      this.nodes.delete(child);
    }
    this.kids.delete(dir);
  }

  /** Names in a directory, in byte order. */
  children(dir: string): string[] {
    return [...(this.kids.get(cleanImagePath(dir)) ?? [])].sort(byteOrder);
  }

  /** Every path, sorted (for tests and debugging). */
  paths(): string[] {
    return [...this.nodes.keys()].sort(byteOrder);
  }

  /**
   * Follows symlinks in the path like BuildKit's RootPath: inside the image root (an
   * absolute target starts at the root, `..` stops at it). The last component is
   * followed only if `followLast`. Returns the real path and its node, if known.
   */
  resolve(p: string, followLast: boolean): { path: string; node: FsNode | undefined } {
    const queue = segments(p);
    const done: string[] = [];
    let links = 0;
    while (queue.length > 0) {
      const seg = queue.shift()!;
      if (seg === '..') {
        done.pop();
        continue;
      }
      const cand = `/${[...done, seg].join('/')}`;
      const node = this.nodes.get(cand);
      if (node?.type === 'symlink' && (queue.length > 0 || followLast)) {
        if (++links > MAX_SYMLINKS)
          throw new ContextError(`Too many levels of symlinks at ${cand}`);
        const target = node.linkname ?? '';
        if (target.startsWith('/')) done.length = 0;
        queue.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
        continue;
      }
      done.push(seg);
    }
    const real = `/${done.join('/')}`;
    return { path: real, node: this.get(real) };
  }
}

function byteOrder(a: string, b: string): number {
  return compareNames(a, b);
}

/**
 * The layer entries for the paths a COPY/ADD/WORKDIR changed: those paths and all their
 * parent directories (with their current metadata, as a filesystem diff records a
 * directory whose content changed), except parents of unknown metadata.
 */
export function layerEntriesFor(tree: ImageTree, changed: Iterable<string>): LayerEntry[] {
  const wanted = new Set<string>();
  for (const p of changed) {
    let c = cleanImagePath(p);
    while (c !== '/' && !wanted.has(c)) {
      wanted.add(c);
      c = parentOf(c);
    }
  }
  const entries: LayerEntry[] = [];
  for (const p of wanted) {
    const n = tree.get(p);
    if (n === undefined || n.implicit) continue;
    const e: LayerEntry = { path: p.slice(1), type: n.type, mode: n.mode, uid: n.uid, gid: n.gid };
    if (n.type === 'file') {
      if (n.source !== undefined) e.source = n.source;
      if (n.content !== undefined) e.content = n.content;
      if (n.size !== undefined) e.size = n.size;
      if (n.linkId !== undefined) e.linkId = n.linkId;
    }
    if (n.type === 'symlink') e.linkname = n.linkname;
    entries.push(e);
  }
  return entries;
}

// ---------------------------------------------------------------------------
// Sources: the build context on disk, or another stage's tree

/** A source entry as COPY sees it. */
interface SourceNode {
  type: NodeType;
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  source?: string;
  content?: Buffer;
  linkname?: string;
  /** Files: what identifies its inode among the source's files, when it has other names. */
  inode?: string;
}

/** Where COPY reads from. Paths are relative, clean, '' for the root. */
export interface SourceFs {
  /** How errors name it: "the build context", "stage build". */
  readonly label: string;
  /** True for the build context: `..` and escaping symlinks are errors, owners become root. */
  readonly isContext: boolean;
  lstat(rel: string): Promise<SourceNode | undefined>;
  /** Visible entries of a directory, in byte order. */
  readdir(rel: string): Promise<string[]>;
}

/** The build context directory, seen through .dockerignore. */
export class ContextFs implements SourceFs {
  readonly label = 'the build context';
  readonly isContext = true;

  /** Ignored directories walked into for an exception: whether they keep anything. */
  private readonly keeps = new Map<string, Promise<boolean>>();

  constructor(
    readonly root: string,
    private readonly matcher?: IgnoreMatcher,
  ) {}

  /**
   * An ignored directory that an exception could match inside exists only when something
   * in it is kept (fsutil sends the directory with the first entry kept in it).
   */
  private ignoredAndEmpty(rel: string): Promise<boolean> {
    if (!this.matcher?.ignores(rel, true)) return Promise.resolve(false);
    let keeps = this.keeps.get(rel);
    if (keeps === undefined) {
      keeps = this.readdir(rel).then((names) => names.length > 0);
      this.keeps.set(rel, keeps);
    }
    return keeps.then((k) => !k);
  }

  /** Hidden by .dockerignore: the path itself, or a parent that nothing below is kept from. */
  private hidden(rel: string, isDir: boolean): boolean {
    if (!this.matcher || rel === '') return false;
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (this.matcher.ignores(dir, true) && !this.matcher.mayIncludeUnder(dir)) return true;
    }
    if (!this.matcher.ignores(rel, isDir)) return false;
    return !(isDir && this.matcher.mayIncludeUnder(rel));
  }

  async lstat(rel: string): Promise<SourceNode | undefined> {
    const abs = rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
    let st;
    try {
      st = await lstat(fsPath(abs));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
    const type: NodeType | undefined = st.isDirectory()
      ? 'dir'
      : st.isFile()
        ? 'file'
        : st.isSymbolicLink()
          ? 'symlink'
          : undefined;
    if (this.hidden(rel, type === 'dir')) return undefined;
    if (type === 'dir' && rel !== '' && (await this.ignoredAndEmpty(rel))) return undefined;
    if (type === undefined) {
      throw new ContextError(
        `${rel} in the build context is not a regular file, directory or symlink`,
        'Sockets, pipes and device files cannot be copied into an image; exclude them in .dockerignore.',
      );
    }
    let mode = st.mode & 0o7777;
    // Docker's Windows client sends everything as 0755 (0555 when read-only): Windows
    // has no Unix modes to keep.
    if (process.platform === 'win32' && type !== 'symlink') mode = (mode & 0o755) | 0o111;
    const node: SourceNode = { type, mode, uid: 0, gid: 0 };
    if (type === 'file') {
      node.size = st.size;
      node.source = abs;
      if (st.nlink > 1) node.inode = `${st.dev}:${st.ino}`;
    } else if (type === 'symlink') {
      node.linkname = nameFromBytes(await readlink(fsPath(abs), { encoding: 'buffer' }));
      node.mode = 0o777;
    }
    return node;
  }

  async readdir(rel: string): Promise<string[]> {
    const abs = rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
    // Names as bytes: those that are not valid UTF-8 are kept (see raw-names.ts).
    const dirents = await readdir(fsPath(abs), { withFileTypes: true, encoding: 'buffer' });
    const out: string[] = [];
    for (const d of dirents) {
      const name = nameFromBytes(d.name);
      const child = rel === '' ? name : `${rel}/${name}`;
      if (this.hidden(child, d.isDirectory())) continue;
      if (d.isDirectory() && (await this.ignoredAndEmpty(child))) continue;
      out.push(name);
    }
    return out.sort(byteOrder);
  }
}

/** Another stage's filesystem, for COPY --from. */
export class StageFs implements SourceFs {
  readonly isContext = false;

  constructor(
    readonly label: string,
    private readonly tree: ImageTree,
  ) {}

  async lstat(rel: string): Promise<SourceNode | undefined> {
    const n = this.tree.get(`/${rel}`);
    if (n === undefined) {
      if (!this.tree.complete) throw this.unknown(rel);
      return undefined;
    }
    if (n.inBase && n.type === 'file' && n.content === undefined) {
      throw new ContextError(
        `/${rel} in ${this.label} is a file of its base image, whose layers the native builder does not download`,
        'COPY --from can copy what the Dockerfile added to a stage, not files of a registry base image; use the docker builder for that.',
      );
    }
    const node: SourceNode = { ...n };
    if (n.linkId !== undefined) node.inode = String(n.linkId);
    return node;
  }

  async readdir(rel: string): Promise<string[]> {
    if (!this.tree.complete) throw this.unknown(rel);
    return this.tree.children(`/${rel}`);
  }

  private unknown(rel: string): ContextError {
    return new ContextError(
      `/${rel} in ${this.label} may come from its base image, whose files the native builder does not download`,
      'COPY --from a stage that starts from a registry image can only copy files that the Dockerfile itself added to it; copy from a stage FROM scratch, or use the docker builder.',
    );
  }
}

// ---------------------------------------------------------------------------
// Wildcards (Go's filepath.Match, one path segment at a time)

/** Whether a path has unescaped `*`, `?` or `[` (fsutil containsWildcards). */
export function containsWildcards(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** A filepath.Match pattern for one segment, as a RegExp; throws on a bad pattern. */
export function segmentPattern(pattern: string): RegExp {
  const chars = Array.from(pattern);
  const bad = (): ContextError =>
    new ContextError(`Invalid wildcard pattern ${JSON.stringify(pattern)}`);
  const lit = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  let re = '^';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) throw bad();
      re += lit(chars[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let negate = false;
      if (chars[i] === '^') {
        negate = true;
        i++;
      }
      const ranges: string[] = [];
      let n = 0;
      const esc = (): string => {
        const ch = chars[i];
        if (ch === undefined || ch === '-' || ch === ']') throw bad();
        if (ch === '\\') {
          i++;
          if (chars[i] === undefined) throw bad();
        }
        return chars[i++]!;
      };
      for (;;) {
        if (i >= chars.length) throw bad();
        if (chars[i] === ']' && n > 0) {
          i++;
          break;
        }
        const lo = esc();
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          hi = esc();
        }
        n++;
        // A reversed range matches nothing in Go; a JS class would be a syntax error.
        if (lo.codePointAt(0)! <= hi.codePointAt(0)!) ranges.push(`${lit(lo)}-${lit(hi)}`);
      }
      if (ranges.length === 0) re += negate ? '[^/]' : '(?!)';
      else re += `[${negate ? '^/' : ''}${ranges.join('')}]`;
    } else {
      re += lit(c);
      i++;
    }
  }
  return new RegExp(`${re}$`, 'u');
}

/** Removes the backslash escapes of a pattern segment that has no wildcard. */
function unescapeSegment(s: string): string {
  return s.replace(/\\(.)/gu, '$1');
}

// ---------------------------------------------------------------------------
// Resolving sources

interface ResolvedSource {
  /** The source as written, for messages. */
  written: string;
  /** Real relative path in the source fs (symlinks followed). */
  rel: string;
  /** Name used when the source lands in a directory: the last segment as matched. */
  name: string;
  node: SourceNode;
}

function describe(fs: SourceFs, rel: string): string {
  return fs.isContext ? JSON.stringify(rel === '' ? '.' : rel) : JSON.stringify(`/${rel}`);
}

/**
 * Walks a relative path, following symlinks in every component (and in the last one
 * if `followLast`). In the build context a path that leaves it is an error; in a stage
 * it stops at the root, as in the image.
 */
async function resolveIn(
  fs: SourceFs,
  rel: string,
  followLast: boolean,
  written: string,
): Promise<{ rel: string; node: SourceNode | undefined }> {
  const queue = rel.split('/').filter((s) => s !== '' && s !== '.');
  const done: string[] = [];
  let links = 0;
  let via: string | undefined;
  const escape = (): ContextError =>
    new ContextError(
      via === undefined
        ? `source ${JSON.stringify(written)} is outside the build context`
        : `source ${JSON.stringify(written)} leads outside the build context through the symlink ${via}`,
      'Sources are read from the build context only; move the file into the context (or change the context input).',
    );
  while (queue.length > 0) {
    const seg = queue.shift()!;
    if (seg === '..') {
      if (done.length === 0) {
        if (fs.isContext) throw escape();
        continue;
      }
      done.pop();
      continue;
    }
    const cand = [...done, seg].join('/');
    const node = await fs.lstat(cand);
    if (node === undefined) {
      return { rel: [...done, seg, ...queue].join('/'), node: undefined };
    }
    if (node.type === 'symlink' && (queue.length > 0 || followLast)) {
      if (++links > MAX_SYMLINKS) {
        throw new ContextError(`Too many levels of symlinks in source ${JSON.stringify(written)}`);
      }
      const target = node.linkname ?? '';
      via = `${cand} -> ${target}`;
      if (target.startsWith('/')) {
        if (fs.isContext) throw escape();
        done.length = 0;
      }
      queue.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
      continue;
    }
    if (node.type !== 'dir' && queue.length > 0) {
      // A file in the middle of the path: nothing below it.
      return { rel: [...done, seg, ...queue].join('/'), node: undefined };
    }
    done.push(seg);
  }
  const real = done.join('/');
  const node = real === '' ? await rootNode(fs) : await fs.lstat(real);
  return { rel: real, node };
}

async function rootNode(fs: SourceFs): Promise<SourceNode> {
  return (await fs.lstat('')) ?? { ...ROOT_DIR };
}

/** Normalizes a source as written: relative to the root, `..` kept for resolveIn to judge. */
function sourceSegments(src: string, fs: SourceFs): string[] {
  const out: string[] = [];
  for (const s of src.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0 || out[out.length - 1] === '..') {
        if (fs.isContext) {
          throw new ContextError(
            `source ${JSON.stringify(src)} is outside the build context`,
            'Sources are read from the build context only; move the file into the context (or change the context input).',
          );
        }
        continue;
      }
      out.pop();
    } else out.push(s);
  }
  return out;
}

/** Expands one source (wildcards, symlinks) to what it names; [] for an unmatched wildcard. */
async function resolveSource(fs: SourceFs, src: string): Promise<ResolvedSource[]> {
  const segs = sourceSegments(src, fs);
  const first = segs.findIndex(containsWildcards);
  if (first < 0) {
    const rel = segs.map(unescapeSegment).join('/');
    const { rel: real, node } = await resolveIn(fs, rel, true, src);
    if (node === undefined) {
      throw new ContextError(
        `source ${describe(fs, rel)} not found in ${fs.label}`,
        fs.isContext
          ? 'Check the path (it is relative to the build context) and that .dockerignore does not exclude it.'
          : undefined,
      );
    }
    const name = segs.length > 0 ? unescapeSegment(segs[segs.length - 1]!) : '';
    return [{ written: src, rel: real, name, node }];
  }
  // A stage whose files are all known (built from scratch) is walked like the context;
  // one on a registry base refuses in readdir, whose files are unknown.
  const baseRel = segs.slice(0, first).map(unescapeSegment).join('/');
  const base = await resolveIn(fs, baseRel, true, src);
  if (base.node === undefined || base.node.type !== 'dir') return [];
  const patterns = segs.slice(first).map(segmentPattern);
  const matches: ResolvedSource[] = [];
  const walk = async (dirRel: string, depth: number): Promise<void> => {
    const names = await fs.readdir(dirRel);
    for (const name of names) {
      if (!patterns[depth]!.test(name)) continue;
      const childRel = dirRel === '' ? name : `${dirRel}/${name}`;
      if (depth === patterns.length - 1) {
        // A match is followed if it is a symlink, like a source named directly.
        const { rel, node } = await resolveIn(fs, childRel, true, src);
        if (node !== undefined) matches.push({ written: src, rel, name, node });
      } else {
        const n = await fs.lstat(childRel);
        if (n?.type === 'dir') await walk(childRel, depth + 1);
      }
    }
  };
  await walk(base.rel, 0);
  return matches;
}

// ---------------------------------------------------------------------------
// Users

/**
 * A --chown or USER value as uid/gid, as BuildKit resolves it: numbers, `root`, or names
 * looked up in the stage's /etc/passwd and /etc/group (given as text when the stage has
 * them). An empty user is root (`:1000` is 0:1000); a user alone takes the user's
 * primary group (its own id when numeric); an empty group after the colon is 0.
 */
export function resolveOwner(spec: string, files: { passwd?: string; group?: string } = {}): Owner {
  const [user, group] = spec.split(':', 2) as [string, string | undefined];
  let uid: number;
  let gid: number;
  if (/^[0-9]+$/.test(user)) {
    uid = Number(user);
    gid = uid;
  } else if (user === '' || (user === 'root' && files.passwd === undefined)) {
    uid = 0;
    gid = 0;
  } else {
    const entry = lookup(files.passwd, user, 'passwd', spec);
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (group !== undefined) {
    if (/^[0-9]+$/.test(group)) gid = Number(group);
    else if (group === '' || (group === 'root' && files.group === undefined)) gid = 0;
    else gid = Number(lookup(files.group, group, 'group', spec)[2]);
  }
  if (
    !Number.isSafeInteger(uid) ||
    !Number.isSafeInteger(gid) ||
    uid > 0xffffffff ||
    gid > 0xffffffff
  ) {
    throw new ContextError(`Invalid user ${JSON.stringify(spec)}: ids out of range`);
  }
  return { uid, gid };
}

/** Whether resolving a --chown or USER value needs the stage's /etc/passwd or /etc/group. */
export function ownerNeedsLookup(spec: string): boolean {
  return spec.split(':', 2).some((part) => !/^([0-9]*|root)$/.test(part));
}

function lookup(
  text: string | undefined,
  name: string,
  kind: 'passwd' | 'group',
  spec: string,
): string[] {
  if (text === undefined) {
    throw new ContextError(
      `Cannot resolve the ${kind === 'passwd' ? 'user' : 'group'} name ${JSON.stringify(name)} of ${JSON.stringify(spec)}: the stage has no /etc/${kind} the native builder can read`,
      'Use numeric ids (for example --chown=1000:1000), or add /etc/passwd and /etc/group to the stage before this instruction.',
    );
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= (kind === 'passwd' ? 4 : 3) && /^[0-9]+$/.test(f[2] ?? '')) {
      if (kind === 'passwd' && !/^[0-9]+$/.test(f[3] ?? '')) continue;
      return f;
    }
  }
  throw new ContextError(
    `Cannot resolve ${JSON.stringify(spec)}: no ${kind === 'passwd' ? 'user' : 'group'} ${JSON.stringify(name)} in the stage's /etc/${kind}`,
  );
}

/** --chmod: octal only (the symbolic form of recent BuildKit is not supported). */
export function parseChmod(spec: string): number {
  if (!/^[0-7]{1,4}$/.test(spec)) {
    throw new ContextError(
      `Invalid --chmod=${spec}: expected an octal mode between 0 and 7777`,
      /^[ugoa]*[+=-]/.test(spec)
        ? 'The native builder supports octal modes only (for example --chmod=755).'
        : undefined,
    );
  }
  return parseInt(spec, 8);
}

// ---------------------------------------------------------------------------
// Applying COPY / ADD

export interface CopyRequest {
  instruction: 'COPY' | 'ADD';
  /** Sources as written (expanded). */
  sources: readonly string[];
  /** Destination as written (expanded). */
  dest: string;
  /** The stage's working directory (absolute). */
  workdir: string;
  /** Where the sources are read. */
  from: SourceFs;
  /** The stage's filesystem; updated in place. */
  target: ImageTree;
  /** --chown, resolved. */
  chown?: Owner;
  /** --chmod, parsed. */
  chmod?: number;
  /** For ADD: where archives are extracted (a directory the build owns). */
  tmpDir?: string;
}

/**
 * Applies COPY/ADD to the target tree and returns the image paths it created or changed
 * (for layerEntriesFor). Throws ContextError for what Docker refuses.
 */
export async function applyCopy(req: CopyRequest): Promise<string[]> {
  const { target, from } = req;
  if (req.sources.length === 0)
    throw new ContextError(`${req.instruction} requires a source and a destination`);
  // BuildKit cleans the destination and keeps only a trailing `/` (or `.` alone) as a
  // directory: `/d/.` names the file /d.
  const destIsDirSyntax = req.dest === '' || req.dest === '.' || req.dest.endsWith('/');
  const destAbs = cleanImagePath(
    req.dest.startsWith('/') ? req.dest : `${req.workdir}/${req.dest}`,
  );

  const resolved: ResolvedSource[] = [];
  for (const src of req.sources) resolved.push(...(await resolveSource(from, src)));
  const wildcard = req.sources.some((s) => containsWildcards(s));
  if ((req.sources.length > 1 || (wildcard && resolved.length > 1)) && !destIsDirSyntax) {
    throw new ContextError(
      `When using ${req.instruction} with more than one source file, the destination must be a directory and end with a /`,
      `Write the destination as ${JSON.stringify(`${req.dest}/`)}.`,
    );
  }

  const changed = new Set<string>();
  /** The hard-link groups of this copy: source inode → link id in the target. */
  const links = new Map<string, number>();
  const owner = (n: { uid: number; gid: number }): Owner =>
    req.chown ?? (from.isContext ? { uid: 0, gid: 0 } : { uid: n.uid, gid: n.gid });
  const parentOwner: Owner = req.chown ?? { uid: 0, gid: 0 };

  // fsutil Copy: the destination (if it ends with /) or its parent is created first.
  if (resolved.length === 0) return [];
  let dest = target.resolve(destAbs, true).path;
  if (destIsDirSyntax) mkdirAll(target, dest, parentOwner, changed);
  else mkdirAll(target, target.resolve(parentOf(destAbs), true).path, parentOwner, changed);

  for (const src of resolved) {
    dest = target.resolve(destAbs, true).path;
    const destNode = target.get(dest);
    const archive =
      req.instruction === 'ADD' && from.isContext && src.node.type === 'file'
        ? await archiveKind(src.node.source!)
        : undefined;
    if (archive !== undefined) {
      if (destNode !== undefined && destNode.type !== 'dir') {
        throw new ContextError(
          `Cannot extract ${src.written} to ${destAbs}: it is not a directory`,
        );
      }
      mkdirAll(target, dest, parentOwner, changed);
      if (req.tmpDir === undefined)
        throw new Error('ADD of an archive needs a temporary directory');
      await extractArchive({
        file: src.node.source!,
        kind: archive,
        destDir: dest,
        tree: target,
        changed,
        tmpDir: req.tmpDir,
        written: src.written,
      });
      continue;
    }
    if (src.node.type === 'dir') {
      if (destNode === undefined) mkdirAll(target, dest, parentOwner, changed);
      else if (destNode.type !== 'dir') {
        throw new ContextError(
          `Cannot copy the directory ${src.written} to ${destAbs}: it is not a directory`,
        );
      }
      await copyTree(from, src.rel, target, dest, { chmod: req.chmod, owner, changed, links });
      continue;
    }
    // A file (or, from a stage, a symlink that could not be followed further).
    let to = dest;
    if (destNode?.type === 'dir') to = joinImage(dest, src.name);
    mkdirAll(target, parentOf(to), parentOwner, changed);
    placeNonDir(target, to, src.node, { chmod: req.chmod, owner, changed, links });
  }
  return [...changed];
}

/**
 * MkdirAll in the tree: missing directories 0755 owned by `owner`, symlinks followed;
 * adds what it creates to `changed`. In a partial tree they are marked implicit.
 */
export function mkdirAll(tree: ImageTree, dir: string, owner: Owner, changed: Set<string>): void {
  const parts = segments(dir);
  let cur = '/';
  for (const seg of parts) {
    const next = tree.resolve(joinImage(cur, seg), true);
    if (next.node !== undefined) {
      if (next.node.type !== 'dir') {
        throw new ContextError(`Cannot create ${dir}: ${next.path} is not a directory`);
      }
      cur = next.path;
      continue;
    }
    const node: FsNode = { type: 'dir', mode: 0o755, uid: owner.uid, gid: owner.gid };
    if (!tree.complete) node.implicit = true;
    tree.set(next.path, node);
    changed.add(next.path);
    cur = next.path;
  }
}

/** How one COPY/ADD places what it copies. */
interface Placement {
  chmod: number | undefined;
  owner: (n: SourceNode) => Owner;
  changed: Set<string>;
  links: Map<string, number>;
}

function placeNonDir(tree: ImageTree, to: string, n: SourceNode, how: Placement): void {
  const { chmod, changed } = how;
  const owner = how.owner(n);
  const existing = tree.get(to);
  if (existing?.type === 'dir') {
    throw new ContextError(`Cannot replace the directory ${to} with a file`);
  }
  const node: FsNode = {
    type: n.type,
    mode: n.type === 'symlink' ? 0o777 : (chmod ?? n.mode) & 0o7777,
    uid: owner.uid,
    gid: owner.gid,
  };
  if (n.type === 'file') {
    node.size = n.size ?? n.content?.length ?? 0;
    if (n.source !== undefined) node.source = n.source;
    if (n.content !== undefined) node.content = n.content;
    if (n.inode !== undefined) {
      let id = how.links.get(n.inode);
      if (id === undefined) how.links.set(n.inode, (id = newLinkId()));
      node.linkId = id;
    }
  } else node.linkname = n.linkname;
  tree.set(to, node);
  changed.add(to);
}

/** Copies the contents of a source directory into an existing directory of the tree. */
async function copyTree(
  from: SourceFs,
  srcRel: string,
  tree: ImageTree,
  destDir: string,
  how: Placement,
): Promise<void> {
  const { chmod, owner, changed } = how;
  for (const name of await from.readdir(srcRel)) {
    const childRel = srcRel === '' ? name : `${srcRel}/${name}`;
    const n = await from.lstat(childRel);
    if (n === undefined) continue;
    const to = joinImage(destDir, name);
    if (n.type === 'dir') {
      const existing = tree.get(to);
      if (existing !== undefined && existing.type !== 'dir') {
        throw new ContextError(
          `Cannot copy the directory ${childRel} over ${to}, which is not a directory`,
        );
      }
      // An existing directory takes the metadata of the copied one (fsutil copyDirectory).
      const o = owner(n);
      tree.set(to, { type: 'dir', mode: (chmod ?? n.mode) & 0o7777, uid: o.uid, gid: o.gid });
      changed.add(to);
      await copyTree(from, childRel, tree, to, how);
    } else {
      placeNonDir(tree, to, n, how);
    }
  }
}

// ---------------------------------------------------------------------------
// Base image layers

/** Small files of a base image worth keeping: user and group names for --chown and USER. */
const KEEP_CONTENT = new Set(['etc/passwd', 'etc/group']);
const KEEP_MAX = 4 * 1024 * 1024;

/**
 * Reads one layer of a base image (a tar, gzip-compressed or not, as stored in the
 * registry) into the tree: paths, types, modes, owners and symlink targets, with
 * whiteouts applied, so that COPY and WORKDIR see the base filesystem as Docker does.
 * File contents are not kept (except /etc/passwd and /etc/group).
 */
export async function indexLayer(
  tree: ImageTree,
  blob: NodeJS.ReadableStream,
  mediaType: string,
): Promise<void> {
  const extract = tarStream.extract(MEMBER_NAMES_AS_BYTES);
  let decompressed: NodeJS.ReadableStream = blob;
  let done: Promise<void> = Promise.resolve();
  if (/gzip/.test(mediaType)) {
    const gunzip = zlib.createGunzip();
    done = pipeline(blob, gunzip);
    decompressed = gunzip;
  } else if (/zstd/.test(mediaType)) {
    const z = zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream };
    if (z.createZstdDecompress === undefined) {
      throw new ContextError(
        'The base image has zstd-compressed layers, which this Node.js cannot read',
      );
    }
    const unzstd = z.createZstdDecompress();
    done = pipeline(blob, unzstd);
    decompressed = unzstd;
  }
  done.catch(() => undefined); // also surfaces through the extraction
  const feed = feedTar(decompressed, extract);
  const whiteouts: string[] = [];
  const opaque: string[] = [];
  const added: Array<[string, FsNode]> = [];
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = segments(`/${memberName(h, 'path', h.name)}`);
      const name = rel[rel.length - 1];
      if (name === undefined) {
        entry.resume();
        continue;
      }
      const dir = `/${rel.slice(0, -1).join('/')}`;
      if (name === '.wh..wh..opq') {
        opaque.push(dir);
        entry.resume();
        continue;
      }
      if (name.startsWith('.wh.')) {
        if (!name.startsWith('.wh..wh.')) whiteouts.push(joinImage(dir, name.slice(4)));
        entry.resume();
        continue;
      }
      const node: FsNode = {
        type: h.type === 'directory' ? 'dir' : h.type === 'symlink' ? 'symlink' : 'file',
        mode: h.type === 'symlink' ? 0o777 : (h.mode ?? 0) & 0o7777,
        ...headerOwner(h),
      };
      if (node.type === 'symlink') node.linkname = memberName(h, 'linkpath', h.linkname ?? '');
      if (node.type === 'file') {
        node.inBase = true;
        node.size = h.size ?? 0;
        const relPath = rel.join('/');
        if (KEEP_CONTENT.has(relPath) && (h.size ?? 0) <= KEEP_MAX && h.type === 'file') {
          const chunks: Buffer[] = [];
          for await (const chunk of entry) chunks.push(chunk as Buffer);
          node.content = Buffer.concat(chunks);
        } else entry.resume();
      } else entry.resume();
      added.push([`/${rel.join('/')}`, node]);
    }
    await feed;
    await done;
  } catch (err) {
    await feed.catch(() => undefined);
    if (err instanceof ContextError) throw err;
    throw new ContextError(`Cannot read a base image layer: ${(err as Error).message}`);
  }
  // Whiteouts hide what the layers below have; then the layer's own entries apply.
  for (const d of opaque) tree.clearChildren(d);
  for (const w of whiteouts) tree.remove(w);
  for (const [p, node] of added) {
    const existing = tree.get(p);
    if (existing?.type === 'dir' && node.type === 'dir') {
      tree.set(p, node); // keeps the children
      continue;
    }
    if (existing !== undefined) tree.remove(p);
    tree.set(p, node);
  }
}

/** Streams a tar into tar-stream's extractor, with backpressure. */
export async function feedTar(
  source: NodeJS.ReadableStream,
  extract: tarStream.Extract,
): Promise<void> {
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (!extract.write(chunk)) await once(extract, 'drain');
    }
    (extract as unknown as NodeJS.WritableStream).end();
  } catch (err) {
    extract.destroy(err as Error);
    throw err;
  }
}

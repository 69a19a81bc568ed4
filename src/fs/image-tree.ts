/**
 * The filesystem of a stage as the native build keeps it in memory: paths, types,
 * modes, owners and symlink targets, file contents by reference to a file on disk.
 */
import type { LayerEntry } from '../layers/tar-layer.js';
import { compareNames } from '../util/raw-names.js';
import { ContextError } from './context-error.js';
import {
  baseOf,
  cleanImagePath,
  joinImage,
  linkTargetNames,
  parentOf,
  segments,
} from './image-path.js';

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
  /** Files and symlinks: the inode shared with the other entries of this id (hard links, see hard-links.ts). */
  linkId?: number;
}

export interface Owner {
  uid: number;
  gid: number;
}

export const ROOT_DIR: FsNode = { type: 'dir', mode: 0o755, uid: 0, gid: 0 };
export const MAX_SYMLINKS = 255;

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
    return [...(this.kids.get(cleanImagePath(dir)) ?? [])].sort(compareNames);
  }

  /** Every path, sorted (for tests and debugging). */
  paths(): string[] {
    return [...this.nodes.keys()].sort(compareNames);
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
        queue.unshift(...linkTargetNames(target));
        continue;
      }
      done.push(seg);
    }
    const real = `/${done.join('/')}`;
    return { path: real, node: this.get(real) };
  }
}

/**
 * MkdirAll in the tree: missing directories 0755 owned by `owner`, symlinks followed;
 * adds what it creates to `changed`. In a partial tree they are marked implicit.
 */
export function mkdirAll(
  tree: ImageTree,
  dir: string,
  owner: Owner,
  changed: Set<string>,
  mode = 0o755,
): void {
  const parts = segments(dir);
  let cur = '/';
  for (const seg of parts) {
    const next = tree.resolve(joinImage(cur, seg), true);
    if (next.node !== undefined) {
      if (next.node.type !== 'dir') {
        throw new ContextError(
          `Cannot create ${dir}: ${next.path} is not a directory`,
          `${next.path} is a file in the stage (copied there before, or from the base image): use a path that is not below it.`,
        );
      }
      cur = next.path;
      continue;
    }
    const node: FsNode = { type: 'dir', mode, uid: owner.uid, gid: owner.gid };
    if (!tree.complete) node.implicit = true;
    tree.set(next.path, node);
    changed.add(next.path);
    cur = next.path;
  }
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
    if (n.type === 'symlink') {
      e.linkname = n.linkname;
      if (n.linkId !== undefined) e.linkId = n.linkId;
    }
    entries.push(e);
  }
  return entries;
}

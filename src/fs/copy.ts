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
 *   directory, as does an existing directory; several sources (or matches) are copied
 *   each in turn onto the destination;
 * - missing parent directories are created 0755 (or with an octal --chmod's permission
 *   bits), owned by the --chown user (root by default), and every copied entry gets the
 *   --chown owner (root for files from the context, the source owner for files from a
 *   stage) and the --chmod mode (see chmod.ts; the source permission bits otherwise,
 *   setuid/setgid/sticky included);
 * - files excluded by .dockerignore do not exist for COPY; a symlink to an absolute path
 *   is resolved with the context as the root; a source's `..` stops at the context's
 *   root (`../x` is its x, as in BuildKit), a symlink that climbs above it is refused
 *   before anything is read;
 * - ADD extracts a local tar archive (see add-archive.ts) into the destination
 *   directory, keeping the owners and modes of the archive.
 */
import { newLinkId } from '../layers/hard-links.js';
import { archiveKind, extractArchive } from './add-archive.js';
import type { Env } from '../util/child-env.js';
import { applyChmod, createdDirMode, type Chmod } from './chmod.js';
import { ContextError } from './context-error.js';
import { cleanImagePath, joinImage, parentOf } from './image-path.js';
import { mkdirAll, type FsNode, type ImageTree, type Owner } from './image-tree.js';
import { resolveSource, type ResolvedSource, type SourceFs, type SourceNode } from './sources.js';

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
  chmod?: Chmod;
  /** For ADD: where archives are extracted (a directory the build owns). */
  tmpDir?: string;
  /** For ADD: the step's environment, which a decompressor (bzip2, xz) inherits. */
  env?: Env;
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

  // Several sources (or matches) onto a destination without a trailing slash: BuildKit
  // copies each in turn there (files replace one another, directories merge, a file
  // goes into a directory an earlier source made); only the legacy builder refused.
  const resolved: ResolvedSource[] = [];
  for (const src of req.sources) resolved.push(...(await resolveSource(from, src)));

  const changed = new Set<string>();
  const owner = (n: { uid: number; gid: number }): Owner =>
    req.chown ?? (from.isContext ? { uid: 0, gid: 0 } : { uid: n.uid, gid: n.gid });
  const parentOwner: Owner = req.chown ?? { uid: 0, gid: 0 };

  for (const src of resolved) {
    // The hard-link groups of this source: source inode → link id in the target. fsutil
    // copies each source (each match of a wildcard) on its own, so names of one file
    // stay hard links only within one directory source.
    const links = new Map<string, number>();
    const archive =
      req.instruction === 'ADD' && from.isContext && src.node.type === 'file'
        ? await archiveKind(src.node.source!, req.env)
        : undefined;
    // fsutil Copy: the destination (if it ends with /) or its parent is created first,
    // with an octal --chmod's permission bits (an archive's unpack: 0755).
    const dirMode = archive === undefined ? createdDirMode(req.chmod) : 0o755;
    const destParent = destIsDirSyntax ? destAbs : parentOf(destAbs);
    mkdirAll(target, target.resolve(destParent, true).path, parentOwner, changed, dirMode);
    const dest = target.resolve(destAbs, true).path;
    const destNode = target.get(dest);
    if (archive !== undefined) {
      if (destNode !== undefined && destNode.type !== 'dir') {
        throw new ContextError(
          `Cannot extract ${src.written} to ${destAbs}: it is not a directory`,
          `${destAbs} is a file in the stage (copied there before, or from the base image): extract the archive to another path.`,
        );
      }
      mkdirAll(target, dest, parentOwner, changed);
      if (req.tmpDir === undefined)
        throw new Error('ADD of an archive needs a temporary directory');
      await extractArchive({
        file: src.node.source!,
        destDir: dest,
        tree: target,
        changed,
        tmpDir: req.tmpDir,
        written: src.written,
        env: req.env,
      });
      continue;
    }
    if (src.node.type === 'dir') {
      if (destNode === undefined) mkdirAll(target, dest, parentOwner, changed, dirMode);
      else if (destNode.type !== 'dir') {
        throw new ContextError(
          `Cannot copy the directory ${src.written} to ${destAbs}: it is not a directory`,
          `${destAbs} is a file in the stage (copied there before, or from the base image): copy the directory to another path.`,
        );
      }
      await copyTree(from, src.rel, target, dest, { chmod: req.chmod, owner, changed, links });
      continue;
    }
    // A file (or, from a stage, a symlink that could not be followed further).
    let to = dest;
    if (destNode?.type === 'dir') to = joinImage(dest, src.name);
    mkdirAll(target, parentOf(to), parentOwner, changed, dirMode);
    placeNonDir(target, to, src.node, { chmod: req.chmod, owner, changed, links });
  }
  return [...changed];
}

/** How one COPY/ADD places what it copies. */
interface Placement {
  chmod: Chmod | undefined;
  owner: (n: SourceNode) => Owner;
  changed: Set<string>;
  links: Map<string, number>;
}

/** A copied file's or directory's mode: its own, or what --chmod makes of it. */
function modeOf(chmod: Chmod | undefined, mode: number, isDir: boolean): number {
  return chmod === undefined ? mode & 0o7777 : applyChmod(chmod, mode, isDir);
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
    mode: n.type === 'symlink' ? 0o777 : modeOf(chmod, n.mode, false),
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
          `${to} is a file in the stage (copied there before, or from the base image): copy the directory to another path.`,
        );
      }
      // An existing directory takes the metadata of the copied one (fsutil copyDirectory).
      const o = owner(n);
      tree.set(to, { type: 'dir', mode: modeOf(chmod, n.mode, true), uid: o.uid, gid: o.gid });
      changed.add(to);
      await copyTree(from, childRel, tree, to, how);
    } else {
      placeNonDir(tree, to, n, how);
    }
  }
}

/**
 * Where COPY and ADD read: the build context on disk (seen through .dockerignore) or
 * another stage's tree; and how a source as written is resolved in one (wildcards,
 * symlinks, the context's bounds).
 */
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';

import { compareNames, fsPath, nameFromBytes } from '../util/raw-names.js';
import { ContextError } from './context-error.js';
import type { IgnoreMatcher } from './dockerignore.js';
import { containsWildcards, segmentPattern, unescapeSegment } from './glob.js';
import { linkTargetNames } from './image-path.js';
import {
  MAX_SYMLINKS,
  ROOT_DIR,
  type FsNode,
  type ImageTree,
  type NodeType,
} from './image-tree.js';

/** A source entry as COPY sees it. */
export type SourceNode = Pick<
  FsNode,
  'type' | 'mode' | 'uid' | 'gid' | 'size' | 'source' | 'content' | 'linkname'
> & {
  /** Files: what identifies its inode among the source's files, when it has other names. */
  inode?: string;
};

/** Where COPY reads from. Paths are relative, clean, '' for the root. */
export interface SourceFs {
  /** How errors name it: "the build context", "stage build". */
  readonly label: string;
  /** True for the build context: symlinks that climb out are errors, owners become root. */
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
    /** The host's path rules (Windows ones on Windows). */
    private readonly host: Pick<path.PlatformPath, 'join' | 'basename'> = path,
  ) {}

  /**
   * Where a relative path of the context is on the host; undefined when a name in it is
   * not one name to the host (on Windows a backslash separates, so a link's `..\x` or
   * a drive would lead out): no entry of the context has it.
   */
  private hostPath(rel: string): string | undefined {
    if (rel === '') return this.root;
    const names = rel.split('/');
    const plain = (n: string): boolean =>
      n !== '' && n !== '.' && n !== '..' && this.host.basename(n) === n;
    return names.every(plain) ? this.host.join(this.root, ...names) : undefined;
  }

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
    const abs = this.hostPath(rel);
    if (abs === undefined) return undefined;
    let st;
    try {
      // The root itself is followed: a context given as a symbolic link is the directory
      // it names (docker build resolves the context's path so); links below are entries.
      st = await (rel === '' ? stat : lstat)(fsPath(abs));
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
    const abs = this.hostPath(rel);
    if (abs === undefined) return [];
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
    return out.sort(compareNames);
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

export interface ResolvedSource {
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
 * if `followLast`). An absolute symlink target is resolved from the root of the source:
 * the context's directory for the build context, so that nothing outside it is read. In
 * the build context a symlink's `..` that climbs above its root is an error (a source's
 * own `..` stopped there in sourceSegments); in a stage it stops at the root, as in the
 * image.
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
      // An absolute target starts again at the root: the context's own in the context
      // (BuildKit's copy resolves links with the context as the root).
      if (target.startsWith('/')) done.length = 0;
      queue.unshift(...linkTargetNames(target));
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

/**
 * Normalizes a source as written: relative to the root, where a `..` stops (BuildKit
 * joins the source to `/`: `../../libs/x` is the context's `libs/x`, as in a stage).
 */
function sourceSegments(src: string): string[] {
  const out: string[] = [];
  for (const s of src.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

/** Expands one source (wildcards, symlinks) to what it names; [] for an unmatched wildcard. */
export async function resolveSource(fs: SourceFs, src: string): Promise<ResolvedSource[]> {
  const segs = sourceSegments(src);
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
        // A match is followed if it is a symlink, like a source named directly; one to
        // what is not there (or is hidden by .dockerignore) fails, as in BuildKit.
        const { rel, node } = await resolveIn(fs, childRel, true, src);
        if (node === undefined) throw danglingMatch(fs, src, childRel, rel);
        matches.push({ written: src, rel, name, node });
      } else {
        const n = await fs.lstat(childRel);
        if (n?.type === 'dir') await walk(childRel, depth + 1);
      }
    }
  };
  await walk(base.rel, 0);
  return matches;
}

/** A wildcard's match that is a symbolic link to what the source has not (BuildKit: not found). */
function danglingMatch(fs: SourceFs, src: string, match: string, target: string): ContextError {
  return new ContextError(
    `source ${describe(fs, target)} not found in ${fs.label} (the wildcard ${JSON.stringify(src)} matches ${describe(fs, match)}, a symbolic link to it)`,
    fs.isContext
      ? 'Check that the file the link points to is in the build context and that .dockerignore does not exclude it.'
      : undefined,
  );
}

/**
 * Where a path really leads, and whether that stays inside a root (the workspace).
 *
 * Symbolic links are followed in every component, the last one included, also when
 * they dangle: a link to a file that does not exist yet still says where a write
 * would land. Components that do not exist are taken as written. Nothing is created
 * or changed; the only file system calls are lstat and readlink.
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isInside } from '../util/inside.js';

/** Linux's limit on symbolic links followed in one lookup. */
const MAX_LINKS = 40;

export interface RealLocation {
  /** Absolute path with every symbolic link that exists resolved. */
  real: string;
  /** The last symbolic link followed, when there was one (absolute). */
  via: string | undefined;
  /** A file met where the path goes on below it (`file/x`), when there was one. */
  notDirectory?: string;
  /** lstat of the real path, when something is there. */
  stats: Stats | undefined;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Follows the symbolic links of an absolute (or cwd-relative) path. */
export function realLocation(p: string): RealLocation {
  const queue = path
    .resolve(p)
    .split(path.sep)
    .filter((s) => s !== '');
  let done = path.parse(path.resolve(p)).root;
  let via: string | undefined;
  let links = 0;
  while (queue.length > 0) {
    const segment = queue.shift()!;
    if (segment === '.') continue;
    if (segment === '..') {
      done = path.dirname(done);
      continue;
    }
    const candidate = path.join(done, segment);
    const stats = lstatOrUndefined(candidate);
    if (stats === undefined) {
      // Nothing there: the rest is taken as written.
      const real = path.resolve(candidate, ...queue);
      return { real, via, stats: undefined };
    }
    if (!stats.isSymbolicLink()) {
      if (queue.length > 0 && !stats.isDirectory()) {
        return {
          real: path.resolve(candidate, ...queue),
          via,
          stats: undefined,
          notDirectory: candidate,
        };
      }
      done = candidate;
      continue;
    }
    if (++links > MAX_LINKS) {
      throw new Error(`too many levels of symbolic links at ${JSON.stringify(candidate)}`);
    }
    via = candidate;
    const target = readlinkSync(candidate);
    if (path.isAbsolute(target)) done = path.parse(target).root;
    queue.unshift(...target.split(/[\\/]+/).filter((s) => s !== ''));
  }
  return { real: done, via, stats: lstatOrUndefined(done) };
}

export { isInside };

export interface Confinement extends RealLocation {
  /** The root's own real path. */
  root: string;
  inside: boolean;
}

/** Where `p` really leads and whether that is inside the real location of `root`. */
export function confine(root: string, p: string): Confinement {
  const realRoot = realLocation(root).real;
  const location = realLocation(p);
  return { ...location, root: realRoot, inside: isInside(realRoot, location.real) };
}

/**
 * Hard links in a layer, as Docker's layers hold them: the files (or symbolic links) of
 * one layer that share a `linkId` (one inode) are written once, at the first of their
 * paths in layer order, and every later path is a hard-link entry (typeflag 1) naming
 * that first path, with the file type bits of what it names. A file whose other names
 * are not in the layer is a plain file.
 */
import type { LayerEntry } from './entry.js';

/** `sorted` in layer order, with the later members of each hard-link group as links. */
export function withHardLinks(sorted: readonly LayerEntry[]): LayerEntry[] {
  const first = new Map<number, string>();
  return sorted.map((e) => {
    if ((e.type !== 'file' && e.type !== 'symlink') || e.linkId === undefined) return e;
    const target = first.get(e.linkId);
    if (target === undefined) {
      first.set(e.linkId, e.path);
      return e;
    }
    const link: LayerEntry = { path: e.path, type: 'link', mode: e.mode, linkname: target };
    if (e.type === 'symlink') link.linkType = 'symlink';
    if (e.uid !== undefined) link.uid = e.uid;
    if (e.gid !== undefined) link.gid = e.gid;
    return link;
  });
}

let lastLinkId = 0;

/** A new inode identity for a group of hard links. */
export function newLinkId(): number {
  return ++lastLinkId;
}

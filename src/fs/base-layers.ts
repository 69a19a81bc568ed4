/**
 * A registry image's filesystem, read from its layers (tars, compressed as the registry
 * stores them) with the OCI whiteouts: `.wh.<name>` removes `<name>` of the layers below,
 * `.wh..wh..opq` empties its directory of what the layers below put there. Two ways:
 * indexLayer keeps the metadata only (a stage FROM the image), applyLayer writes the
 * files too (a build that copies out of the image), through the ADD archive extraction.
 */
import type { FileHandle } from 'node:fs/promises';
import type * as tarStream from 'tar-stream';

import { feedTar } from '../layers/feed-tar.js';
import { extractTar, memberName } from '../layers/tar-extract.js';
import { extractArchive, headerOwner, unreadable, type Extraction } from './add-archive.js';
import { decompress } from '../layers/decompress.js';
import { joinImage, parentOf, segments } from './image-path.js';
import type { FsNode, ImageTree } from './image-tree.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

interface Whiteout {
  /** `opaque`: path's children below go; `remove`: path goes; `meta`: nothing to do. */
  kind: 'opaque' | 'remove' | 'meta';
  path: string;
}

/**
 * What the entry named `name` in directory `dir` is as a whiteout: the opaque marker of
 * dir, the removal of a path, another `.wh..wh.` name of the layer format (nothing to
 * do), or undefined for an ordinary entry.
 */
function whiteoutOf(dir: string, name: string): Whiteout | undefined {
  if (!name.startsWith(WHITEOUT)) return undefined;
  if (name === OPAQUE) return { kind: 'opaque', path: dir };
  if (name.startsWith(`${WHITEOUT}${WHITEOUT}`)) return { kind: 'meta', path: dir };
  return { kind: 'remove', path: joinImage(dir, name.slice(WHITEOUT.length)) };
}

/** Small files of a base image worth keeping: user and group names for --chown and USER. */
const KEEP_CONTENT = new Set(['etc/passwd', 'etc/group']);
const KEEP_MAX = 4 * 1024 * 1024;

/**
 * Reads one layer of a base image (a tar, compressed or not, as stored in the
 * registry) into the tree: paths, types, modes, owners and symlink targets, with
 * whiteouts applied, so that COPY and WORKDIR see the base filesystem as Docker does.
 * File contents are not kept (except /etc/passwd and /etc/group).
 */
export async function indexLayer(
  tree: ImageTree,
  blob: NodeJS.ReadableStream,
  name = 'a base image layer',
): Promise<void> {
  const extract = extractTar();
  const { output, finished: done } = await decompress(blob).catch((err: unknown) => {
    throw unreadable(name, 'layer', err);
  });
  // Both surface through the extraction, or are awaited below: never unhandled meanwhile.
  done.catch(() => undefined);
  const feed = feedTar(output, extract);
  feed.catch(() => undefined);
  let changes: LayerChanges;
  try {
    changes = await readChanges(extract);
    await feed;
    await done;
  } catch (err) {
    await feed.catch(() => undefined);
    throw unreadable(name, 'layer', err);
  }
  applyChanges(tree, changes);
}

/** What one layer changes: paths it whites out, directories it makes opaque, entries it adds. */
interface LayerChanges {
  whiteouts: string[];
  opaque: string[];
  added: Array<[string, FsNode]>;
}

async function readChanges(extract: tarStream.Extract): Promise<LayerChanges> {
  const changes: LayerChanges = { whiteouts: [], opaque: [], added: [] };
  for await (const entry of extract) {
    const h = entry.header;
    const rel = segments(`/${memberName(h, 'path', h.name)}`);
    const name = rel[rel.length - 1];
    if (name === undefined) {
      entry.resume();
      continue;
    }
    const wh = whiteoutOf(`/${rel.slice(0, -1).join('/')}`, name);
    if (wh !== undefined) {
      if (wh.kind === 'opaque') changes.opaque.push(wh.path);
      if (wh.kind === 'remove') changes.whiteouts.push(wh.path);
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
    changes.added.push([`/${rel.join('/')}`, node]);
  }
  return changes;
}

/** Whiteouts hide what the layers below have; then the layer's own entries apply. */
function applyChanges(tree: ImageTree, { opaque, whiteouts, added }: LayerChanges): void {
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

/**
 * Applies the layer stored (compressed as in the registry) in `file` (open, read from
 * its start) to the tree with its files, written under tmpDir. `name` is how messages
 * name the layer.
 */
export async function applyLayer(
  tree: ImageTree,
  file: FileHandle,
  tmpDir: string,
  name: string,
): Promise<void> {
  await extractArchive({
    file,
    destDir: '/',
    tree,
    changed: new Set(),
    tmpDir,
    written: name,
    layer: { whiteout },
  });
}

/** Applies a whiteout entry at `p` while a layer is extracted; false for another entry. */
function whiteout(p: string, x: Extraction): boolean {
  const wh = whiteoutOf(parentOf(p), p.slice(p.lastIndexOf('/') + 1));
  if (wh === undefined) return false;
  if (wh.kind === 'opaque') opaque(x.tree, wh.path, x.changed);
  if (wh.kind === 'remove') x.tree.remove(wh.path);
  return true;
}

/** Empties a directory of what the layers below have, keeping what this layer put there. */
function opaque(tree: ImageTree, dir: string, mine: Set<string>): void {
  for (const name of tree.children(dir)) {
    const p = joinImage(dir, name);
    if (!mine.has(p)) tree.remove(p);
    else if (tree.get(p)?.type === 'dir') opaque(tree, p, mine);
  }
}

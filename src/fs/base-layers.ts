/** A registry base image's filesystem, read from its layers without keeping file contents. */
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import * as tarStream from 'tar-stream';

import { feedTar } from '../layers/feed-tar.js';
import { MEMBER_NAMES_AS_BYTES, headerOwner, memberName } from './add-archive.js';
import { ContextError } from './context-error.js';
import { joinImage, segments } from './image-path.js';
import type { FsNode, ImageTree } from './image-tree.js';

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
  const { tar, done } = decompressed(blob, mediaType);
  done.catch(() => undefined); // also surfaces through the extraction
  const feed = feedTar(tar, extract);
  let changes: LayerChanges;
  try {
    changes = await readChanges(extract);
    await feed;
    await done;
  } catch (err) {
    await feed.catch(() => undefined);
    if (err instanceof ContextError) throw err;
    throw new ContextError(`Cannot read a base image layer: ${(err as Error).message}`);
  }
  applyChanges(tree, changes);
}

/** The layer's tar, uncompressed as its media type says; `done` when the blob is read. */
function decompressed(
  blob: NodeJS.ReadableStream,
  mediaType: string,
): { tar: NodeJS.ReadableStream; done: Promise<void> } {
  if (/gzip/.test(mediaType)) {
    const gunzip = zlib.createGunzip();
    return { tar: gunzip, done: pipeline(blob, gunzip) };
  }
  if (/zstd/.test(mediaType)) {
    const z = zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream };
    if (z.createZstdDecompress === undefined) {
      throw new ContextError(
        'The base image has zstd-compressed layers, which this Node.js cannot read',
      );
    }
    const unzstd = z.createZstdDecompress();
    return { tar: unzstd, done: pipeline(blob, unzstd) };
  }
  return { tar: blob, done: Promise.resolve() };
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
    const dir = `/${rel.slice(0, -1).join('/')}`;
    if (name === '.wh..wh..opq') {
      changes.opaque.push(dir);
      entry.resume();
      continue;
    }
    if (name.startsWith('.wh.')) {
      if (!name.startsWith('.wh..wh.')) changes.whiteouts.push(joinImage(dir, name.slice(4)));
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

/**
 * An image layer applied to an image tree with its file contents, as an engine unpacks
 * it: read like an ADD archive (add-archive.ts: owners from PAX records, hard links,
 * names as bytes) with the OCI whiteouts on top — `.wh.<name>` removes `<name>` of the
 * layers below, `.wh..wh..opq` empties its directory of what the layers below put there.
 */
import { extractArchive, type Extraction, type LayerKind } from './add-archive.js';
import { ContextError, parentOf, type ImageTree } from './context-files.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** The compression of a layer, from its media type (OCI or Docker). */
export function layerKind(mediaType: string): LayerKind {
  if (/zstd/.test(mediaType)) return 'zstd';
  if (/gzip/.test(mediaType)) return 'gzip';
  if (/tar/.test(mediaType)) return 'tar';
  throw new ContextError(`An image layer has the unknown media type ${mediaType}`);
}

/**
 * Applies the layer stored (compressed as in the registry) at `file` to the tree: its
 * files are written under tmpDir. `name` is how messages name the layer.
 */
export async function applyLayer(
  tree: ImageTree,
  file: string,
  mediaType: string,
  tmpDir: string,
  name: string,
): Promise<void> {
  await extractArchive({
    file,
    kind: layerKind(mediaType),
    destDir: '/',
    tree,
    changed: new Set(),
    tmpDir,
    written: name,
    layer: { whiteout },
  });
}

/** Applies a whiteout entry; false for an entry that is not one. */
function whiteout(p: string, x: Extraction): boolean {
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (!base.startsWith(WHITEOUT)) return false;
  const dir = parentOf(p);
  if (base === OPAQUE) opaque(x.tree, dir, x.changed);
  else if (!base.startsWith(`${WHITEOUT}${WHITEOUT}`)) {
    x.tree.remove(`${dir === '/' ? '' : dir}/${base.slice(WHITEOUT.length)}`);
  }
  return true;
}

/** Empties a directory of what the layers below have, keeping what this layer put there. */
function opaque(tree: ImageTree, dir: string, mine: Set<string>): void {
  for (const name of tree.children(dir)) {
    const p = `${dir === '/' ? '' : dir}/${name}`;
    if (!mine.has(p)) tree.remove(p);
    else if (tree.get(p)?.type === 'dir') opaque(tree, p, mine);
  }
}

/**
 * The first difference between two images of one platform: the first layer that
 * differs and, in it, the first file (by path) added, removed or changed, with both
 * hashes; else the config (a field, named by its path, with both values).
 */
import { readImageFiles, type ImageFile, type LayerSource } from '../attestations/image-files.js';

export interface ComparedImage {
  manifestDigest: string;
  config: Buffer;
  layers: LayerSource[];
}

export type Difference =
  | { kind: 'config'; field: string; built: string; published: string }
  | { kind: 'layers'; built: number; published: number }
  | {
      kind: 'file';
      layer: number;
      path: string;
      change: 'added' | 'removed' | 'changed';
      built?: string;
      published?: string;
    }
  | { kind: 'layer'; layer: number; built: string; published: string };

/** Undefined when the manifests are the same. */
export async function firstDifference(
  built: ComparedImage,
  published: ComparedImage,
): Promise<Difference | undefined> {
  if (built.manifestDigest === published.manifestDigest) return undefined;
  // The files first: another commit's image differs in its revision label too, but what
  // it holds is the difference that matters. Equal layers: the config says the rest.
  const at = built.layers.findIndex((l, i) => l.digest !== published.layers[i]?.digest);
  if (at < 0) {
    const field = firstField(
      JSON.parse(built.config.toString('utf8')) as unknown,
      JSON.parse(published.config.toString('utf8')) as unknown,
      '',
    );
    if (field) return { kind: 'config', ...field };
    if (built.layers.length !== published.layers.length) {
      return { kind: 'layers', built: built.layers.length, published: published.layers.length };
    }
    return undefined;
  }
  const mine = (await readImageFiles([built.layers[at]!])).files;
  const theirs =
    at < published.layers.length ? (await readImageFiles([published.layers[at]!])).files : [];
  const file = firstFile(mine, theirs);
  if (file) return { kind: 'file', layer: at + 1, ...file };
  return {
    kind: 'layer',
    layer: at + 1,
    built: built.layers[at]!.digest,
    published: published.layers[at]?.digest ?? 'none',
  };
}

/** The first path (sorted) whose value differs: `config.Labels.team`, `created`. */
function firstField(
  a: unknown,
  b: unknown,
  path: string,
): { field: string; built: string; published: string } | undefined {
  const bothObjects =
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    !Array.isArray(a) &&
    !Array.isArray(b);
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const found = firstField(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (found) return found;
    }
    return undefined;
  }
  const [x, y] = [JSON.stringify(a) ?? 'absent', JSON.stringify(b) ?? 'absent'];
  return x === y ? undefined : { field: path || '(the config)', built: x, published: y };
}

function firstFile(
  mine: readonly ImageFile[],
  theirs: readonly ImageFile[],
):
  | { path: string; change: 'added' | 'removed' | 'changed'; built?: string; published?: string }
  | undefined {
  const a = new Map(mine.map((f) => [f.path, f.sha256]));
  const b = new Map(theirs.map((f) => [f.path, f.sha256]));
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) =>
    Buffer.compare(Buffer.from(x), Buffer.from(y)),
  );
  for (const path of paths) {
    const [x, y] = [a.get(path), b.get(path)];
    if (x === y) continue;
    if (y === undefined) return { path, change: 'added', built: x };
    if (x === undefined) return { path, change: 'removed', published: y };
    return { path, change: 'changed', built: x, published: y };
  }
  return undefined;
}

/** The difference in words: what the error says. */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case 'config':
      return `the config field ${d.field} is ${d.built} in the build and ${d.published} in the published image`;
    case 'layers':
      return `the build has ${d.built} layers, the published image ${d.published}`;
    case 'file':
      return d.change === 'changed'
        ? `layer ${d.layer}: ${d.path} changed (sha256 ${d.built} in the build, ${d.published} in the published image)`
        : d.change === 'added'
          ? `layer ${d.layer}: ${d.path} is in the build (sha256 ${d.built}) but not in the published image`
          : `layer ${d.layer}: ${d.path} is in the published image (sha256 ${d.published}) but not in the build`;
    case 'layer':
      return `layer ${d.layer} differs (${d.built} in the build, ${d.published} in the published image) in metadata only: modes, owners, times or links`;
  }
}

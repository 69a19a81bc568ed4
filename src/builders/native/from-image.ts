/**
 * What the native builder reads of registry images beyond their config: the images a
 * build needs files of, with their contents.
 *
 * A stage FROM a registry image keeps the image's layers by reference (they are mounted
 * or streamed across when the image is pushed, never recompressed). Only when the build
 * copies files out of an image — `COPY --from=<image>`, or `COPY --from=<stage>` of a
 * stage that starts from a registry image — are that image's layers downloaded (once per
 * digest and run, verified again each time they are read from the layer cache) and applied
 * in order, whiteouts included, to an image tree that COPY reads like another stage's.
 */
import { applyLayer } from '../../fs/base-layers.js';
import { ContextError } from '../../fs/context-error.js';
import { ImageTree } from '../../fs/image-tree.js';
import type { ParsedDockerfile } from '../../dockerfile/dockerfile.js';
import type { LayerCache } from '../../image/base-layers-cache.js';
import type { BaseImage } from '../../image/built-image.js';

/**
 * The stages whose registry base image's files the build copies: each stage a COPY
 * --from names, followed down its FROM chain to the stage that starts from an image.
 */
export function stagesWithBaseFiles(df: ParsedDockerfile, needed: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const index of needed) {
    for (const ins of df.stages[index]!.instructions) {
      let i = ins.keyword === 'COPY' ? ins.fromStage : undefined;
      while (i !== undefined && df.stages[i]!.baseStage !== undefined) i = df.stages[i]!.baseStage;
      if (i !== undefined) out.add(i);
    }
  }
  return out;
}

/** Where base layers are downloaded and their files written. */
export interface LayerPlaces {
  /** A directory the build owns and removes: the layers' files are written there. */
  tmpDir: string;
  /** The run's base layers: each downloaded once, kept between builds. */
  layerCache: LayerCache;
}

/** The image's filesystem with its files: its layers downloaded (or cached) and applied. */
export async function imageFiles(base: BaseImage, places: LayerPlaces): Promise<ImageTree> {
  const open = base.openLayer;
  if (open === undefined) {
    throw new ContextError(
      `The native builder was given no way to download the layers of ${base.registryRepo}`,
    );
  }
  const tree = new ImageTree(true);
  for (const [i, layer] of base.layers.entries()) {
    const file = await places.layerCache.open(layer, () => open(i));
    try {
      await applyLayer(tree, file, places.tmpDir, layerName(base, i));
    } finally {
      await file.close();
    }
  }
  return tree;
}

/** How messages name a layer of a registry image. */
export function layerName(base: BaseImage, index: number): string {
  return `layer ${index + 1} (${base.layers[index]!.digest.slice(7, 19)}) of ${base.registryRepo}`;
}

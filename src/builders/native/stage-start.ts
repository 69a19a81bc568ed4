/**
 * Where a stage of a native build starts: an earlier stage (a copy of its state),
 * scratch, or a registry image, whose config and layer descriptors are read (and,
 * when the registry can stream them, the metadata of its filesystem; its files only
 * when the build copies out of it, from-image.ts). The registry images COPY --from
 * names are read here too.
 */
import type { ImageRef, Stage as DockerfileStage } from '../../dockerfile/dockerfile.js';
import { indexLayer } from '../../fs/base-layers.js';
import { ContextError } from '../../fs/context-error.js';
import { ImageTree } from '../../fs/image-tree.js';
import { baseImageLayers, type BaseImage } from '../../image/built-image.js';
import { parseImageConfig, scratchConfig, type ImageConfig } from '../../image/config.js';
import { MEDIA_TYPES } from '../../image/image.js';
import { formatPlatform, normalizePlatform, type Platform } from '../../image/platform.js';
import { StageFs, type SourceFs } from '../../fs/sources.js';
import type { LayerCache } from '../../image/base-layers-cache.js';
import type { NativeBuildOptions, StartedBuildOptions } from './options.js';
import { imageFiles, layerName } from './from-image.js';
import type { StageLayer } from './layer-jobs.js';
import { NeedsEngineError } from './needs-engine.js';

/** A stage after its instructions: what later stages start from or copy. */
export interface BuiltStage {
  tree: ImageTree;
  image: ImageConfig;
  layers: StageLayer[];
  label: string;
}

export interface PulledBase {
  base: BaseImage;
  imageConfig: ImageConfig;
  /** The base filesystem's metadata, read once (when the base can stream its layers). */
  tree?: Promise<ImageTree>;
  /** The base filesystem with its files, when the build copies from it (from-image.ts). */
  files?: Promise<ImageTree>;
}

export function baseKey(ref: string, platform: Platform): string {
  return `${ref}|${formatPlatform(platform)}`;
}

/** The platform of a stage: its FROM --platform (normalised as BuildKit does), or the build's. */
export function stagePlatform(stagePlatformStr: string | undefined, fallback: Platform): Platform {
  return stagePlatformStr ? normalizePlatform(stagePlatformStr, fallback) : fallback;
}

/**
 * The registry image a stage starts from or copies from, added to `out` (once per
 * image and platform). Its errors have no place: the caller locates them at `r.line`.
 */
export async function pullBase(
  r: ImageRef,
  o: NativeBuildOptions,
  file: string,
  out: Map<string, PulledBase>,
): Promise<void> {
  const platform = stagePlatform(r.platform, o.platform);
  const key = baseKey(r.ref, platform);
  if (out.has(key)) return;
  if (o.pullBase === undefined) {
    throw new Error('the native builder was given no registry access to read the base image');
  }
  const base = await o.pullBase(r.ref, platform);
  const imageConfig = parseImageConfig(base.config);
  if (imageConfig.rootfs.diff_ids.length !== base.layers.length) {
    throw new ContextError(
      `the image config lists ${imageConfig.rootfs.diff_ids.length} layers but the manifest ${base.layers.length}`,
      'The base image is inconsistent; pick another tag or digest.',
    );
  }
  if (base.layers.some((l) => l.mediaType === MEDIA_TYPES.dockerForeignLayer)) {
    const reason = 'the image has foreign (non-distributable) layers';
    const instruction = r.what.split(' ')[0]!;
    throw new NeedsEngineError(
      { file, line: r.line, instruction, reason },
      'Use the docker builder.',
    );
  }
  out.set(key, { base, imageConfig });
}

export async function initialState(
  stage: DockerfileStage,
  stages: ReadonlyMap<number, BuiltStage>,
  bases: Map<string, PulledBase>,
  o: StartedBuildOptions,
  baseFiles: boolean,
): Promise<Omit<BuiltStage, 'label'>> {
  if (stage.baseStage !== undefined) {
    const parent = stages.get(stage.baseStage);
    if (parent === undefined) throw new Error('the stage is not built before this one');
    const image = structuredClone(parent.image);
    return { tree: parent.tree.clone(), image, layers: [...parent.layers] };
  }
  if (stage.base.toLowerCase() === 'scratch') {
    return { tree: new ImageTree(true), image: scratchConfig(o.platform), layers: [] };
  }
  const pulled = bases.get(baseKey(stage.base, stagePlatform(stage.platform, o.platform)))!;
  const layers = baseImageLayers(pulled.base, pulled.imageConfig.rootfs.diff_ids);
  let tree = new ImageTree(false);
  if (pulled.base.openLayer !== undefined) {
    // With its files when a later stage copies from it, else its metadata only.
    if (baseFiles) pulled.files ??= imageFiles(pulled.base, o);
    else pulled.tree ??= readBaseTree(pulled.base, o.layerCache);
    tree = (await (baseFiles ? pulled.files : pulled.tree)!).clone();
  }
  const image = structuredClone(pulled.imageConfig);
  // Its ONBUILD triggers run in this stage (see parseDockerfile); BuildKit clears them.
  delete image.config.OnBuild;
  return { tree, image, layers };
}

/** COPY --from=<image>: the image's files, read once per build. */
export async function imageSource(
  ref: string,
  bases: Map<string, PulledBase>,
  o: StartedBuildOptions,
): Promise<SourceFs> {
  const pulled = bases.get(baseKey(ref, o.platform));
  if (pulled === undefined) throw new Error(`Internal error: the image ${ref} was not resolved`);
  pulled.files ??= imageFiles(pulled.base, o);
  return new StageFs(`image ${ref}`, await pulled.files);
}

/**
 * The metadata of a base image's filesystem, from its layers in order. Each layer comes
 * through the run's layer cache (for the run alone: a base only built on is not kept
 * between builds), all of them downloading while the first ones are read.
 */
export async function readBaseTree(base: BaseImage, cache: LayerCache): Promise<ImageTree> {
  const open = base.openLayer!;
  const files = base.layers.map((layer, i) => cache.open(layer, () => open(i), false));
  // Read in order, but any may fail first: its failure is met below, never left unhandled.
  for (const file of files) file.catch(() => undefined);
  try {
    const tree = new ImageTree(true);
    for (const [i, file] of files.entries()) {
      const stream = (await file).createReadStream({ start: 0, autoClose: false });
      await indexLayer(tree, stream, layerName(base, i));
    }
    return tree;
  } finally {
    await Promise.allSettled(files.map(async (f) => (await f).close()));
  }
}

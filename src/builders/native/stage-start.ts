/**
 * Where a stage of a native build starts: an earlier stage (a copy of its state),
 * scratch, or a registry image, whose config and layer descriptors are read (and,
 * when the registry can stream them, the metadata of its filesystem; its files only
 * when the build copies out of it, from-image.ts). The registry images COPY --from
 * names are read here too.
 */
import { ActionError } from '../../core/errors.js';
import type { ParsedDockerfile, Stage as DockerfileStage } from '../../dockerfile/dockerfile.js';
import { indexLayer } from '../../fs/base-layers.js';
import { ContextError } from '../../fs/context-error.js';
import { ImageTree } from '../../fs/image-tree.js';
import { baseImageLayers, type BaseImage } from '../../image/built-image.js';
import { parseImageConfig, scratchConfig, type ImageConfig } from '../../image/config.js';
import { MEDIA_TYPES } from '../../image/image.js';
import { formatPlatform, normalizePlatform, type Platform } from '../../image/platform.js';
import { shareStageMaps } from '../../image/stage-image.js';
import { StageFs, type SourceFs } from '../../fs/sources.js';
import type { LayerCache } from '../../image/base-layers-cache.js';
import type { NativeBuildOptions, StartedBuildOptions } from './options.js';
import { imageFiles, imageRefs, layerName } from './from-image.js';
import { located } from './located.js';
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

/** The registry images the needed stages start from or copy from, added to `out`. */
export async function pullBases(
  df: ParsedDockerfile,
  needed: number[],
  o: NativeBuildOptions,
  file: string,
  out = new Map<string, PulledBase>(),
): Promise<Map<string, PulledBase>> {
  for (const { ref, platform: platformStr, line, what } of imageRefs(df, needed)) {
    const platform = stagePlatform(platformStr, o.platform);
    const key = baseKey(ref, platform);
    if (out.has(key)) continue;
    const where = { file, line };
    if (o.pullBase === undefined) {
      throw new ActionError(
        'build',
        `${file}:${line}: ${what}: the native builder was given no registry access to read the base image`,
        undefined,
        where,
      );
    }
    const base = await o.pullBase(ref, platform).catch((err: unknown) => {
      throw located(err, file, line, what);
    });
    let imageConfig: ImageConfig;
    try {
      imageConfig = parseImageConfig(base.config);
    } catch (err) {
      throw new ActionError(
        'build',
        `${file}:${line}: ${what}: ${(err as Error).message}`,
        undefined,
        where,
      );
    }
    if (imageConfig.rootfs.diff_ids.length !== base.layers.length) {
      throw new ActionError(
        'build',
        `${file}:${line}: ${what}: the image config lists ${imageConfig.rootfs.diff_ids.length} layers but the manifest ${base.layers.length}`,
        'The base image is inconsistent; pick another tag or digest.',
        where,
      );
    }
    if (base.layers.some((l) => l.mediaType === MEDIA_TYPES.dockerForeignLayer)) {
      const reason = 'the image has foreign (non-distributable) layers';
      const instruction = what.split(' ')[0]!;
      throw new NeedsEngineError({ file, line, instruction, reason }, 'Use the docker builder.');
    }
    out.set(key, { base, imageConfig });
  }
  return out;
}

export async function initialState(
  stage: DockerfileStage,
  stages: ReadonlyMap<number, BuiltStage>,
  bases: Map<string, PulledBase>,
  o: StartedBuildOptions,
  file: string,
  baseFiles: boolean,
): Promise<Omit<BuiltStage, 'label'>> {
  if (stage.baseStage !== undefined) {
    const parent = stages.get(stage.baseStage);
    if (parent === undefined) {
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: the stage is not built before this one`,
        undefined,
        { file, line: stage.line },
      );
    }
    const image = structuredClone(parent.image);
    shareStageMaps(parent.image.config, image.config);
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
    try {
      tree = (await (baseFiles ? pulled.files : pulled.tree)!).clone();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: ${message}`,
        err instanceof ContextError ? err.hint : undefined,
        { file, line: stage.line },
      );
    }
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
async function readBaseTree(base: BaseImage, cache: LayerCache): Promise<ImageTree> {
  const open = base.openLayer!;
  const files = base.layers.map((layer, i) => cache.open(layer, () => open(i), false));
  try {
    const tree = new ImageTree(true);
    for (const [i, layer] of base.layers.entries()) {
      const file = await files[i]!;
      await indexLayer(
        tree,
        file.createReadStream({ start: 0, autoClose: false }),
        layer.mediaType,
        layerName(base, i),
      );
    }
    return tree;
  } finally {
    await Promise.allSettled(files.map(async (f) => (await f).close()));
  }
}

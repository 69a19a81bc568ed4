/**
 * Where a stage of a native build starts: an earlier stage (a copy of its state),
 * scratch, or a registry image, whose config and layer descriptors are read (and,
 * when the registry can stream them, the metadata of its filesystem; never its files).
 */
import { ActionError } from '../../pipeline/errors.js';
import type { ParsedDockerfile, Stage as DockerfileStage } from '../../dockerfile/dockerfile.js';
import { indexLayer } from '../../fs/base-layers.js';
import { ContextError } from '../../fs/context-error.js';
import { ImageTree } from '../../fs/image-tree.js';
import { baseImageLayers, type BaseImage } from '../../image/built-image.js';
import { parseImageConfig, scratchConfig, type ImageConfig } from '../../image/config.js';
import { MEDIA_TYPES } from '../../image/image.js';
import { formatPlatform, parsePlatform, type Platform } from '../../image/platform.js';
import type { NativeBuildOptions } from './build.js';
import type { StageLayer } from './layer-jobs.js';

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
}

export function baseKey(ref: string, platform: Platform): string {
  return `${ref}|${formatPlatform(platform)}`;
}

export function stagePlatform(stagePlatformStr: string | undefined, fallback: Platform): Platform {
  return stagePlatformStr ? parsePlatform(stagePlatformStr, fallback) : fallback;
}

export async function pullBases(
  df: ParsedDockerfile,
  needed: number[],
  o: NativeBuildOptions,
  file: string,
): Promise<Map<string, PulledBase>> {
  const out = new Map<string, PulledBase>();
  for (const index of needed) {
    const stage = df.stages[index]!;
    if (stage.baseStage !== undefined || stage.base.toLowerCase() === 'scratch') continue;
    const platform = stagePlatform(stage.platform, o.platform);
    const key = baseKey(stage.base, platform);
    if (out.has(key)) continue;
    const where = { file, line: stage.line };
    if (o.pullBase === undefined) {
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: the native builder was given no registry access to read the base image`,
        undefined,
        where,
      );
    }
    const base = await o.pullBase(stage.base, platform);
    let imageConfig: ImageConfig;
    try {
      imageConfig = parseImageConfig(base.config);
    } catch (err) {
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: ${(err as Error).message}`,
        undefined,
        where,
      );
    }
    if (imageConfig.rootfs.diff_ids.length !== base.layers.length) {
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: the image config lists ${imageConfig.rootfs.diff_ids.length} layers but the manifest ${base.layers.length}`,
        'The base image is inconsistent; pick another tag or digest.',
        where,
      );
    }
    if (base.layers.some((l) => l.mediaType === MEDIA_TYPES.dockerForeignLayer)) {
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: the image has foreign (non-distributable) layers`,
        'Use the docker builder for this base image.',
        where,
      );
    }
    if (imageConfig.config.OnBuild && imageConfig.config.OnBuild.length > 0) {
      throw new ActionError(
        'build',
        `${file}:${stage.line}: FROM ${stage.base}: the base image has ONBUILD triggers, which Docker would run here`,
        'Use the docker builder for this base image.',
        where,
      );
    }
    out.set(key, { base, imageConfig });
  }
  return out;
}

export async function initialState(
  stage: DockerfileStage,
  stages: ReadonlyMap<number, BuiltStage>,
  bases: Map<string, PulledBase>,
  o: NativeBuildOptions,
  file: string,
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
    return {
      tree: parent.tree.clone(),
      image: structuredClone(parent.image),
      layers: [...parent.layers],
    };
  }
  if (stage.base.toLowerCase() === 'scratch') {
    return { tree: new ImageTree(true), image: scratchConfig(o.platform), layers: [] };
  }
  const pulled = bases.get(baseKey(stage.base, stagePlatform(stage.platform, o.platform)))!;
  const layers = baseImageLayers(pulled.base, pulled.imageConfig.rootfs.diff_ids);
  let tree = new ImageTree(false);
  if (pulled.base.openLayer !== undefined) {
    pulled.tree ??= readBaseTree(pulled.base);
    try {
      tree = (await pulled.tree).clone();
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
  return { tree, image: structuredClone(pulled.imageConfig), layers };
}

/** The metadata of a base image's filesystem, from its layers in order. */
async function readBaseTree(base: BaseImage): Promise<ImageTree> {
  const tree = new ImageTree(true);
  for (let i = 0; i < base.layers.length; i++) {
    const blob = await base.openLayer!(i);
    await indexLayer(tree, blob, base.layers[i]!.mediaType);
  }
  return tree;
}

/**
 * The native builder: builds a Dockerfile without RUN in-process, reproducibly.
 *
 * Each stage the target needs is carried out in order on an in-memory filesystem
 * (ImageTree) and an image config (StageImage): COPY/ADD and WORKDIR make one layer
 * each, like BuildKit; the other instructions change the config and add a history
 * entry (instructions.ts). A stage FROM a registry image keeps the base image's layers
 * by reference (they are not downloaded: `from` tells the pusher where to mount them
 * from); of its filesystem only the metadata is read, when the registry can stream
 * the layers (stage-start.ts), unless the build copies files out of it (from-image.ts).
 *
 * Same commit, same options, same output: timestamps are the epoch, layers are
 * written deterministically (tar-layer.ts), and JSON is serialized with a fixed layout.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ActionError } from '../../core/errors.js';
import {
  locate,
  DockerfileReader,
  neededStages,
  parseDockerfile,
  type DockerfileText,
  unsupportedInNative,
  type ParsedDockerfile,
  type Place,
  type Stage as DockerfileStage,
} from '../../dockerfile/dockerfile.js';
import { createMatcher, parseDockerignore, type IgnoreMatcher } from '../../fs/dockerignore.js';
import { ContextFs } from '../../fs/sources.js';
import { LayerCache } from '../../image/base-layers-cache.js';
import { assembleImage, type BuiltImage } from '../../image/built-image.js';
import { epochToCreated, serializeConfig } from '../../image/config.js';
import { StageImage } from '../../image/stage-image.js';
import { formatPlatform } from '../../image/platform.js';
import { checkLayerCompression } from '../../layers/compression.js';
import { dispatch, type StageScope } from './instructions.js';
import { LayerJobs, finishedLayers } from './layer-jobs.js';
import { stagesWithBaseFiles } from './from-image.js';
import { imageRefs } from '../../dockerfile/dockerfile.js';
import { NeedsEngineError } from './needs-engine.js';
import type { NativeBuildOptions, StartedBuildOptions } from './options.js';
import {
  baseKey,
  imageSource,
  initialState,
  pullBase,
  stagePlatform,
  type BuiltStage,
  type PulledBase,
} from './stage-start.js';

export type { NativeBuildOptions };

/** One build under way: what every stage of it shares. */
interface Build {
  o: StartedBuildOptions;
  /** The Dockerfile as messages name it. */
  file: string;
  df: ParsedDockerfile;
  bases: Map<string, PulledBase>;
  buildContext: ContextFs;
  created: string;
  jobs: LayerJobs;
  /** The target and the stages it is FROM: only they write layers; the others are copied from. */
  lineage: Set<number>;
  /** The stages that start from a registry image whose files the build copies. */
  withBaseFiles: Set<number>;
  stages: Map<number, BuiltStage>;
}

export async function buildNative(options: NativeBuildOptions): Promise<BuiltImage> {
  // Before any work: zstd on a Node.js without it is refused here, not at the first layer.
  if (options.compression !== undefined) checkLayerCompression(options.compression);
  const o = { ...options, layerCache: options.layerCache ?? ownLayerCache(options) };
  const file = displayPath(o.dockerfile);
  const { df, needed, bases } = await parseStages(readDockerfile(o, file), file, o);
  refuseUnsupported(df, o.target);
  const build: Build = {
    o,
    file,
    df,
    bases,
    buildContext: new ContextFs(path.resolve(o.contextDir), await readIgnore(o)),
    created: epochToCreated(o.epoch),
    jobs: new LayerJobs(
      o.concurrency ?? Math.max(1, Math.min(4, os.availableParallelism())),
      { epoch: o.epoch, tmpDir: o.tmpDir, compression: o.compression },
      o.onLayer,
      o.followFiles,
    ),
    lineage: lineageOf(df, targetIndexOf(needed)),
    withBaseFiles: stagesWithBaseFiles(df, needed),
    stages: new Map(),
  };
  try {
    for (const index of needed) build.stages.set(index, await buildStage(index, build));
    return await finishImage(build.stages.get(targetIndexOf(needed))!, build);
  } finally {
    // Layers of stages the target does not use, or of a failed build: let them finish
    // before the caller removes the temporary directory.
    await build.jobs.settle();
  }
}

/** A layer cache for this build alone: kept in layerCacheDir, or in tmpDir with the rest. */
function ownLayerCache(o: NativeBuildOptions): LayerCache {
  const tmp = path.join(o.tmpDir, 'base-layers');
  return o.layerCacheDir === undefined ? new LayerCache(tmp) : new LayerCache(o.layerCacheDir, tmp);
}

function readDockerfile(o: NativeBuildOptions, file: string): DockerfileText {
  try {
    return (o.dockerfiles ?? new DockerfileReader()).read(o.dockerfile);
  } catch (err) {
    throw new ActionError(
      'build',
      `Cannot read the Dockerfile ${file}: ${(err as Error).message}`,
      'Check the dockerfile input (it is relative to the workspace).',
    );
  }
}

/** The Dockerfile's stages, the ones the target needs, and their registry base images. */
async function parseStages(
  text: DockerfileText,
  file: string,
  o: NativeBuildOptions,
): Promise<{ df: ParsedDockerfile; needed: number[]; bases: Map<string, PulledBase> }> {
  const platform = formatPlatform(o.platform);
  // First pass: stages and their base images.
  let df = parseDockerfile(text, file, o.buildArgs, { target: o.target, platform });
  let needed = neededStages(df, o.target);
  const bases = await pullBases(df, needed, o, file);
  if (bases.size > 0) {
    // Second pass: variables may come from the base images' environment, as in Docker,
    // and the base images' ONBUILD triggers run first in the stages FROM them.
    const config = (image: string, stagePlatformText: string | undefined) =>
      bases.get(baseKey(image, stagePlatform(stagePlatformText, o.platform)))?.imageConfig.config;
    df = parseDockerfile(text, file, o.buildArgs, {
      target: o.target,
      platform,
      baseImageEnv: (image, stagePlatformText) => config(image, stagePlatformText)?.Env,
      baseImageTriggers: (image, stagePlatformText) => config(image, stagePlatformText)?.OnBuild,
    });
    // Triggers may copy from images of their own.
    needed = neededStages(df, o.target);
    await pullBases(df, needed, o, file, bases);
  }
  return { df, needed, bases };
}

/** The registry images the needed stages start from or copy from, added to `out`. */
async function pullBases(
  df: ParsedDockerfile,
  needed: number[],
  o: NativeBuildOptions,
  file: string,
  out = new Map<string, PulledBase>(),
): Promise<Map<string, PulledBase>> {
  for (const r of imageRefs(df, needed)) {
    await at({ file, line: r.line, what: r.what }, () => pullBase(r, o, file, out));
  }
  return out;
}

/**
 * One step of the build, at its place in the Dockerfile: what fails in it is located
 * there, once (BuildKit's dispatch loop does the same).
 */
async function at<T>(place: Place, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw locate(err, place);
  }
}

function refuseUnsupported(df: ParsedDockerfile, target: string | undefined): void {
  const unsupported = unsupportedInNative(df, target);
  if (unsupported !== undefined) throw new NeedsEngineError(unsupported);
}

/** The target and the stages it is FROM, one after the other. */
function lineageOf(df: ParsedDockerfile, target: number): Set<number> {
  const lineage = new Set<number>();
  for (let i: number | undefined = target; i !== undefined;) {
    lineage.add(i);
    i = df.stages[i]!.baseStage;
  }
  return lineage;
}

/** Carries out one stage's instructions on the state it starts from. */
async function buildStage(index: number, b: Build): Promise<BuiltStage> {
  const stage: DockerfileStage = b.df.stages[index]!;
  const baseFiles = b.withBaseFiles.has(index);
  const from = { file: b.file, line: stage.line, what: `FROM ${stage.base}` };
  const start = await at(from, () => initialState(stage, b.stages, b.bases, b.o, baseFiles));
  const img = new StageImage(start.image, b.o.platform, b.created);
  const state: BuiltStage = {
    tree: start.tree,
    image: img.image,
    layers: start.layers,
    label: stage.name !== undefined ? `stage ${stage.name}` : `stage ${stage.index}`,
  };
  const writesLayers = b.lineage.has(index);
  const scope: StageScope = {
    img,
    state,
    stages: b.stages,
    buildContext: b.buildContext,
    tmpDir: b.o.tmpDir,
    env: b.o.env,
    stageBase: stage.base,
    imageFs: (ref) => imageSource(ref, b.bases, b.o),
    addLayer: (ins, entries, createdBy) => {
      const placeholder = b.jobs.placeholder();
      if (writesLayers) state.layers.push(b.jobs.start(placeholder, entries, ins));
      img.addLayer(placeholder, createdBy);
    },
  };
  for (const ins of stage.instructions) {
    await at({ file: b.file, line: ins.line, what: ins.keyword }, () => dispatch(ins, scope));
    await b.jobs.throttle();
  }
  return state;
}

/** The target stage as the image: the build's labels added, its layers written. */
async function finishImage(target: BuiltStage, b: Build): Promise<BuiltImage> {
  const finished = new StageImage(target.image, b.o.platform, b.created);
  finished.setLabels(b.o.labels);
  const image = finished.finish();
  const layers = await finishedLayers(target.layers, image.rootfs.diff_ids, b.file);
  if (image.rootfs.diff_ids.length !== layers.length) {
    throw new Error(
      `Internal error: ${image.rootfs.diff_ids.length} diff_ids for ${layers.length} layers`,
    );
  }
  return assembleImage(serializeConfig(image), layers, { ...b.o.platform }, b.o.annotations);
}

/**
 * The stage built: the named target, else the last stage. Every stage it needs comes
 * before it (FROM and COPY --from only refer to earlier stages), so it is the last
 * of the needed ones.
 */
function targetIndexOf(needed: number[]): number {
  return needed[needed.length - 1]!;
}

/** The Dockerfile path as messages and annotations show it: relative to the workspace. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
    ? rel.split(path.sep).join('/')
    : file;
}

async function readIgnore(o: NativeBuildOptions): Promise<IgnoreMatcher | undefined> {
  // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile first.
  const candidates = [`${o.dockerfile}.dockerignore`, path.join(o.contextDir, '.dockerignore')];
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    return createMatcher(parseDockerignore(text));
  }
  return undefined;
}

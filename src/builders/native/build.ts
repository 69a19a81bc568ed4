/**
 * The native builder: builds a Dockerfile without RUN in-process, reproducibly.
 *
 * Each stage the target needs is carried out in order on an in-memory filesystem
 * (ImageTree) and an image config (StageImage): COPY/ADD and WORKDIR make one layer
 * each, like BuildKit; the other instructions change the config and add a history
 * entry. A stage FROM a registry image keeps the base image's layers by reference
 * (they are not downloaded: `from` tells the pusher where to mount them from); its
 * filesystem is unknown, so only what the Dockerfile adds is known about it.
 *
 * Same commit, same options, same output: timestamps are the epoch, layers are
 * written deterministically (tar-layer.ts), and JSON is serialized with a fixed layout.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ActionError } from '../../pipeline/errors.js';
import {
  ContextError,
  ContextFs,
  ImageTree,
  StageFs,
  applyCopy,
  indexLayer,
  layerEntriesFor,
  cleanImagePath,
  mkdirAll,
  ownerNeedsLookup,
  parseChmod,
  resolveOwner,
  type IgnoreMatcher,
  type Owner,
  type SourceFs,
} from '../../fs/context-files.js';
import { heredocSources, linkedLayer, overlay } from './copy-sources.js';
import {
  neededStages,
  parseDockerfile,
  unsupportedInNative,
  type CopyInstruction,
  type AddInstruction,
  type Instruction,
  type KeyValue,
  type ParsedDockerfile,
  type WorkdirInstruction,
  type Stage,
} from '../../dockerfile/dockerfile.js';
import { createMatcher, parseDockerignore } from '../../fs/dockerignore.js';
import {
  MEDIA_TYPES,
  StageImage,
  epochToCreated,
  ociLayerMediaType,
  parseImageConfig,
  scratchConfig,
  serializeConfig,
  serializeManifest,
  sha256Digest,
  type ImageConfig,
  type Platform,
} from '../../image/image.js';
import {
  buildLayer,
  checkLayerCompression,
  type LayerBlob,
  type LayerCompression,
} from '../../layers/tar-layer.js';

export type { Platform } from '../../image/image.js';

/** A base image as the registry describes it: config and layer descriptors, no layer data. */
export interface BaseImage {
  /** The image config blob (JSON), as stored in the registry. */
  config: Buffer;
  /** The manifest's layers, in order. */
  layers: Array<{ digest: string; size: number; mediaType: string }>;
  /** Repository the layers are in (`library/alpine`), to mount or download them from. */
  registryRepo: string;
  /**
   * Streams a layer blob (index in `layers`), as stored. When given, the build reads
   * the base filesystem's metadata (paths, modes, owners, symlinks; not the contents)
   * so that the parent directories in its layers carry the base image's metadata, as
   * in a Docker build. Without it, the base filesystem is unknown: parent directories
   * are left out of the layers, and an engine that unpacks layers on overlayfs (Docker's
   * overlay2 driver) then shows them as 0755 root (a base /tmp would lose its 1777).
   */
  openLayer?: (index: number) => Promise<NodeJS.ReadableStream>;
}

export interface NativeBuildOptions {
  contextDir: string;
  /** Path of the Dockerfile. */
  dockerfile: string;
  buildArgs: Record<string, string>;
  /** Labels added to the image last (the action's labels), without history. */
  labels: Record<string, string>;
  target?: string;
  platform: Platform;
  /** Every timestamp, in seconds since 1970 (SOURCE_DATE_EPOCH). */
  epoch: number;
  /** How the layers this build makes are compressed (default gzip level 6). */
  compression?: LayerCompression;
  /** Where layers and extracted ADD archives are written; the caller removes it. */
  tmpDir: string;
  /** Resolves a FROM image for a platform; needed only when a stage uses one. */
  pullBase?: (ref: string, platform: Platform) => Promise<BaseImage>;
  /** Layers compressed at the same time (default: the CPU count, at most 4). */
  concurrency?: number;
}

export interface BuiltLayer {
  digest: string;
  size: number;
  diffId: string;
  mediaType: string;
  /** The compressed blob on disk (layers this build made). */
  path?: string;
  /** A base image layer this build did not download: where it lives. */
  from?: { registryRepo: string };
}

export interface BuiltImage {
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  layers: BuiltLayer[];
  platform: Platform;
}

/** The state of a stage after its instructions: what later stages start from or copy. */
interface StageState {
  tree: ImageTree;
  image: ImageConfig;
  layers: Array<BuiltLayer | PendingLayer>;
  label: string;
}

/** A layer being compressed: its slot in diff_ids is filled in when it is done. */
interface PendingLayer {
  placeholder: string;
  job: Promise<LayerBlob>;
  /** The instruction that made it, for messages. */
  line: number;
  keyword: string;
}

function isPending(l: BuiltLayer | PendingLayer): l is PendingLayer {
  return 'job' in l;
}

export function platformString(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

function parsePlatform(s: string, fallback: Platform): Platform {
  const [os_, architecture, variant] = s.toLowerCase().split('/');
  if (!os_ || !architecture) return fallback;
  return variant ? { os: os_, architecture, variant } : { os: os_, architecture };
}

/** The Dockerfile path as messages and annotations show it: relative to the workspace. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
    ? rel.split(path.sep).join('/')
    : file;
}

/** Runs jobs with at most `limit` at a time. */
/** Layers that may wait to be written while the next instructions are dispatched. */
const MAX_QUEUED = 64;

function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * A registry image's layers as built layers: as its registry holds them (digest, size,
 * OCI media type), with their diff_ids from its config, to be mounted or streamed across.
 */
export function baseImageLayers(base: BaseImage, diffIds: readonly string[]): BuiltLayer[] {
  return base.layers.map((l, i) => ({
    digest: l.digest,
    size: l.size,
    diffId: diffIds[i]!,
    mediaType: ociLayerMediaType(l.mediaType),
    from: { registryRepo: base.registryRepo },
  }));
}

/** The image of a config and its layers: the OCI manifest over them, and the digests. */
export function assembleImage(
  config: Buffer,
  layers: BuiltLayer[],
  platform: Platform,
): BuiltImage {
  const configDigest = sha256Digest(config);
  const manifest = serializeManifest(
    { mediaType: MEDIA_TYPES.config, digest: configDigest, size: config.length },
    layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  );
  return {
    config,
    configDigest,
    manifest,
    manifestDigest: sha256Digest(manifest),
    layers,
    platform,
  };
}

export async function buildNative(o: NativeBuildOptions): Promise<BuiltImage> {
  // Before any work: zstd on a Node.js without it is refused here, not at the first layer.
  if (o.compression !== undefined) checkLayerCompression(o.compression);
  const file = displayPath(o.dockerfile);
  const platformStr = platformString(o.platform);
  let text: string;
  try {
    text = await readFile(o.dockerfile, 'utf8');
  } catch (err) {
    throw new ActionError(
      'build',
      `Cannot read the Dockerfile ${file}: ${(err as Error).message}`,
      'Check the dockerfile input (it is relative to the workspace).',
    );
  }

  // First pass: stages and their base images.
  let df = parseDockerfile(text, file, o.buildArgs, { target: o.target, platform: platformStr });
  const needed = neededStages(df, o.target);
  const bases = await pullBases(df, needed, o, file);
  if (bases.size > 0) {
    // Second pass: variables may come from the base images' environment, as in Docker.
    df = parseDockerfile(text, file, o.buildArgs, {
      target: o.target,
      platform: platformStr,
      baseImageEnv: (image, platform) =>
        bases.get(baseKey(image, stagePlatform(platform, o.platform)))?.imageConfig.config.Env,
    });
  }
  const unsupported = unsupportedInNative(df, o.target);
  if (unsupported !== undefined) {
    throw new ActionError(
      'build',
      `${unsupported.file}:${unsupported.line}: ${unsupported.instruction}: ${unsupported.reason}`,
      'The native builder only carries out RUN-less Dockerfiles; use the docker builder for this one.',
      { file: unsupported.file, line: unsupported.line },
    );
  }

  const matcher = await readIgnore(o);
  const context = new ContextFs(path.resolve(o.contextDir), matcher);
  const created = epochToCreated(o.epoch);
  const run = limiter(o.concurrency ?? Math.max(1, Math.min(4, os.availableParallelism())));
  let pendingCount = 0;
  // Only the target and the stages it is FROM make layers; the others are copied from.
  const lineage = new Set<number>();
  for (let i: number | undefined = targetIndexOf(needed); i !== undefined;) {
    lineage.add(i);
    i = df.stages[i]!.baseStage;
  }
  const states = new Map<number, StageState>();
  const allJobs: Array<Promise<LayerBlob>> = [];

  try {
    for (const index of needed) {
      const stage = df.stages[index]!;
      const start = await initialState(stage, states, bases, o, file);
      const img = new StageImage(start.image, o.platform, created);
      const state: StageState = {
        tree: start.tree,
        image: img.image,
        layers: start.layers,
        label: stage.name !== undefined ? `stage ${stage.name}` : `stage ${stage.index}`,
      };
      const addLayer = (
        ins: Instruction,
        entries: ReturnType<typeof layerEntriesFor>,
        createdBy: string,
      ): void => {
        const placeholder = `pending:${pendingCount++}`;
        if (!lineage.has(index)) {
          img.addLayer(placeholder, createdBy);
          return;
        }
        const job = run(() =>
          buildLayer(entries, { epoch: o.epoch, tmpDir: o.tmpDir, compression: o.compression }),
        );
        // Awaited below; this keeps a failure from being reported as unhandled meanwhile.
        job.catch(() => undefined);
        allJobs.push(job);
        state.layers.push({ placeholder, job, line: ins.line, keyword: ins.keyword });
        img.addLayer(placeholder, createdBy);
      };
      for (const ins of stage.instructions) {
        try {
          await dispatch(ins, { img, state, states, context, o, addLayer, stageBase: stage.base });
        } catch (err) {
          throw located(file, ins, err);
        }
        // At most MAX_QUEUED layers wait to be written: memory does not grow with them.
        await allJobs[allJobs.length - MAX_QUEUED]?.catch(() => undefined);
      }
      states.set(index, state);
    }

    const target = states.get(targetIndexOf(needed))!;
    const finished = new StageImage(target.image, o.platform, created);
    finished.setLabels(o.labels);
    const image = finished.finish();

    const layers = await finishedLayers(target.layers, image.rootfs.diff_ids, file);
    if (image.rootfs.diff_ids.length !== layers.length) {
      throw new Error(
        `Internal error: ${image.rootfs.diff_ids.length} diff_ids for ${layers.length} layers`,
      );
    }
    return assembleImage(serializeConfig(image), layers, { ...o.platform });
  } finally {
    // Layers of stages the target does not use, or of a failed build: let them finish
    // before the caller removes the temporary directory.
    await Promise.allSettled(allJobs);
  }
}

/**
 * The layers in order, once their jobs are done; each placeholder in `diffIds` is
 * replaced by its layer's diff_id. Placeholders are found through a map: an indexOf
 * per layer would cost n² for n COPY and ADD instructions.
 */
async function finishedLayers(
  stageLayers: ReadonlyArray<BuiltLayer | PendingLayer>,
  diffIds: string[],
  file: string,
): Promise<BuiltLayer[]> {
  const layers: BuiltLayer[] = [];
  const position = new Map(diffIds.map((id, i) => [id, i]));
  for (const l of stageLayers) {
    if (!isPending(l)) {
      layers.push(l);
      continue;
    }
    let blob: LayerBlob;
    try {
      blob = await l.job;
    } catch (err) {
      throw new ActionError(
        'build',
        `${file}:${l.line}: ${l.keyword}: writing the layer failed: ${(err as Error).message}`,
        'A file of the build context may have changed or become unreadable during the build.',
        { file, line: l.line },
      );
    }
    const i = position.get(l.placeholder);
    if (i !== undefined) diffIds[i] = blob.diffId;
    layers.push({
      digest: blob.digest,
      size: blob.size,
      diffId: blob.diffId,
      mediaType: blob.mediaType,
      path: blob.path,
    });
  }
  return layers;
}

/**
 * The stage built: the named target, else the last stage. Every stage it needs comes
 * before it (FROM and COPY --from only refer to earlier stages), so it is the last
 * of the needed ones.
 */
function targetIndexOf(needed: number[]): number {
  return needed[needed.length - 1]!;
}

function located(file: string, ins: Instruction, err: unknown): unknown {
  if (err instanceof ActionError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof ContextError ? err.hint : undefined;
  return new ActionError('build', `${file}:${ins.line}: ${ins.keyword}: ${message}`, hint, {
    file,
    line: ins.line,
  });
}

// ---------------------------------------------------------------------------
// Base images

interface PulledBase {
  base: BaseImage;
  imageConfig: ImageConfig;
  /** The base filesystem's metadata, read once (when the base can stream its layers). */
  tree?: Promise<ImageTree>;
}

function baseKey(ref: string, platform: Platform): string {
  return `${ref}|${platformString(platform)}`;
}

function stagePlatform(stagePlatformStr: string | undefined, fallback: Platform): Platform {
  return stagePlatformStr ? parsePlatform(stagePlatformStr, fallback) : fallback;
}

async function pullBases(
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

async function initialState(
  stage: Stage,
  states: Map<number, StageState>,
  bases: Map<string, PulledBase>,
  o: NativeBuildOptions,
  file: string,
): Promise<{ tree: ImageTree; image: ImageConfig; layers: Array<BuiltLayer | PendingLayer> }> {
  if (stage.baseStage !== undefined) {
    const parent = states.get(stage.baseStage);
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

// ---------------------------------------------------------------------------
// Instructions

interface DispatchContext {
  img: StageImage;
  state: StageState;
  states: Map<number, StageState>;
  context: ContextFs;
  o: NativeBuildOptions;
  addLayer: (
    ins: Instruction,
    entries: ReturnType<typeof layerEntriesFor>,
    createdBy: string,
  ) => void;
  /** The stage's FROM, for messages. */
  stageBase: string;
}

async function dispatch(ins: Instruction, c: DispatchContext): Promise<void> {
  const { img } = c;
  const pairs = (list: KeyValue[]): Array<[string, string]> => list.map((p) => [p.key, p.value]);
  switch (ins.keyword) {
    case 'ENV':
      return img.env(pairs(ins.env));
    case 'LABEL':
      return img.label(pairs(ins.labels));
    case 'ARG':
      return img.arg(ins.args.map((a) => [a.name, a.value] as const));
    case 'EXPOSE':
      return img.expose(ins.ports);
    case 'CMD':
      return img.cmd(ins.command, ins.prependShell);
    case 'ENTRYPOINT':
      return img.entrypoint(ins.command, ins.prependShell);
    case 'SHELL':
      return img.shell(ins.shell);
    case 'USER':
      return img.user(ins.user);
    case 'VOLUME':
      return img.volume(ins.paths);
    case 'STOPSIGNAL':
      return img.stopSignal(ins.signal);
    case 'MAINTAINER':
      return img.maintainer(ins.maintainer);
    case 'ONBUILD':
      return img.onbuild(ins.expression);
    case 'HEALTHCHECK':
      return img.healthcheck(ins);
    case 'WORKDIR':
      return workdir(ins, c);
    case 'COPY':
    case 'ADD':
      return copy(ins, c);
    default:
      throw new ContextError(`${ins.keyword} is not supported by the native builder`);
  }
}

/** WORKDIR: BuildKit makes the directory (mkdir -p, owned by USER) in a layer, unless it is `/`. */
async function workdir(ins: WorkdirInstruction, c: DispatchContext): Promise<void> {
  const { img, state } = c;
  const wd = img.setWorkdir(ins.path);
  if (cleanImagePath(wd) === '/') {
    img.workdirHistory(wd, false);
    return;
  }
  const tree = state.tree;
  const changed = new Set<string>();
  const user = img.config.User;
  let owner: Owner = { uid: 0, gid: 0 };
  if (user) {
    const resolved = await tryOwner(user, tree);
    if (resolved !== undefined) owner = resolved;
    else if (tree.complete) owner = resolveOwner(user, await userFiles(tree)); // throws the reason
  }
  mkdirAll(tree, wd, owner, changed);
  if (!tree.complete && owner.uid !== 0) {
    // The base filesystem is unknown: the directory is written for the USER to own it
    // (Docker creates it so), its parents are left to the base image.
    const leaf = tree.resolve(wd, true);
    if (leaf.node?.type === 'dir' && leaf.node.implicit) {
      tree.set(leaf.path, { type: 'dir', mode: 0o755, uid: owner.uid, gid: owner.gid });
      changed.add(leaf.path);
    }
  }
  c.addLayer(ins, layerEntriesFor(tree, changed), `WORKDIR ${wd}`);
}

/** /etc/passwd and /etc/group of the stage, when the build knows them. */
async function userFiles(tree: ImageTree): Promise<{ passwd?: string; group?: string }> {
  const out: { passwd?: string; group?: string } = {};
  for (const name of ['passwd', 'group'] as const) {
    const { node } = tree.resolve(`/etc/${name}`, true);
    if (node?.type !== 'file') continue;
    if (node.content !== undefined) out[name] = node.content.toString('utf8');
    else if (node.source !== undefined) {
      if ((node.size ?? 0) > 16 * 1024 * 1024) continue;
      out[name] = await readFile(node.source, 'utf8');
    }
  }
  return out;
}

/** The owner for a user spec, or undefined when it names users the build cannot look up. */
async function tryOwner(spec: string, tree: ImageTree): Promise<Owner | undefined> {
  try {
    return resolveOwner(spec, await userFiles(tree));
  } catch (err) {
    if (err instanceof ContextError) return undefined;
    throw err;
  }
}

/** `--chown`, resolved in the stage (names need the stage's /etc/passwd and /etc/group). */
async function copyOwner(spec: string | undefined, c: DispatchContext): Promise<Owner | undefined> {
  if (spec === undefined || spec === '') return undefined;
  const lookup = ownerNeedsLookup(spec);
  if (lookup && !c.state.tree.complete) {
    throw new ContextError(
      `--chown=${spec} names a user or group, which the native builder cannot look up in the base image ${c.stageBase} (its layers are not read)`,
      'Use numeric ids (for example --chown=1000:1000), or the docker builder.',
    );
  }
  return resolveOwner(spec, lookup ? await userFiles(c.state.tree) : {});
}

function copySource(ins: CopyInstruction | AddInstruction, c: DispatchContext): SourceFs {
  if (ins.keyword !== 'COPY' || ins.from === undefined || ins.from === '') return c.context;
  const source = ins.fromStage !== undefined ? c.states.get(ins.fromStage) : undefined;
  if (source === undefined) {
    throw new ContextError(
      `--from=${ins.from} does not name an earlier build stage`,
      'The native builder copies from build stages only; use the docker builder to copy from an image.',
    );
  }
  return new StageFs(source.label, source.tree);
}

/**
 * COPY/ADD: the sources, then the heredoc sources, in one layer. With `--link` (and no
 * --chmod) the layer is made on an empty filesystem (its parent directories are its own, 0755 and owned by
 * --chown or root) and then laid over the stage, as BuildKit's merge does.
 */
async function copy(ins: CopyInstruction | AddInstruction, c: DispatchContext): Promise<void> {
  const { state, o } = c;
  const { sources, heredocs, dest } = ins;
  const count = sources.length + heredocs.length;
  if (count > 1 && !(dest === '' || dest === '.' || dest.endsWith('/'))) {
    throw new ContextError(
      `When using ${ins.keyword} with more than one source file, the destination must be a directory and end with a /`,
      `Write the destination as ${JSON.stringify(`${dest}/`)}.`,
    );
  }
  const linked = linkedLayer(ins);
  const chown = await copyOwner(ins.chown, c);
  const chmod = ins.chmod !== undefined && ins.chmod !== '' ? parseChmod(ins.chmod) : undefined;
  const target = linked ? new ImageTree(true) : state.tree;
  const request = { dest, workdir: c.img.workdir, target, chown, chmod, tmpDir: o.tmpDir };
  const changed: string[] = [];
  if (sources.length > 0) {
    const from = copySource(ins, c);
    changed.push(...(await applyCopy({ ...request, instruction: ins.keyword, sources, from })));
  }
  if (heredocs.length > 0) {
    const docs = await heredocSources(heredocs, o.tmpDir);
    // Copied as COPY copies: ADD does not unpack a heredoc.
    const req = { ...request, instruction: 'COPY' as const, sources: docs.names, from: docs.from };
    changed.push(...(await applyCopy(req)));
  }
  if (linked) overlay(state.tree, target);

  // BuildKit's history text: the flags it records, the sources and destination as expanded.
  const words: string[] = [ins.keyword];
  if (ins.chown) words.push(`--chown=${ins.chown}`);
  if (ins.chmod) words.push(`--chmod=${ins.chmod}`);
  words.push(...sources, ...heredocs.map((h) => `<<${h.name}`), dest, '# buildkit');
  c.addLayer(ins, layerEntriesFor(target, changed), words.join(' '));
}

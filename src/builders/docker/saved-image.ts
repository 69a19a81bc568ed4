/**
 * An image the Docker engine built, taken over from `docker save` into the form the
 * native builder makes (an OCI manifest, the config, compressed layers on disk), so that
 * one publisher pushes both: blobs the registry has are skipped, layers are compressed
 * on every core, and the OCI labels go into the config instead of costing the legacy
 * builder a LABEL step (a container of its own).
 *
 * Both layouts of `docker save` are read: the classic one (`<id>/layer.tar`,
 * `<config>.json`, `manifest.json` last) and the OCI one of Docker 25+ (`blobs/sha256/…`,
 * with `<id>/layer.tar` as symlinks). The archive is read once, as docker writes it;
 * large entries (layers) are compressed on the way, small ones kept until
 * `manifest.json` says what they are. Each layer compressed here is announced as it
 * starts (onLayer), so that it is uploaded while it is compressed, docker save still
 * streaming. The files of every layer are read on the way for the SBOM (those of the
 * base layers when asked: `follow`), which then need not read them again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assembleImage, type BuiltImage, type BuiltLayer } from '../../image/built-image.js';
import { feedTar } from '../../layers/feed-tar.js';
import { extractTar, memberName } from '../../layers/tar-extract.js';
import { imageFromIndex, type SavedManifestEntry } from './saved-index.js';
import { goJson, jsonMap } from '../../image/go-format.js';
import type { Platform } from '../../image/platform.js';
import type { LayerContents } from '../../image/attestations/image-files.js';
import { LayerFollower } from '../../image/attestations/layer-follower.js';
import type { LayerCompression } from '../../layers/compression.js';
import { LiveLayer } from '../../layers/live-layer.js';
import { COMPRESSIONS, DEFAULT_LAYER_COMPRESSION } from '../../layers/compression.js';
import { decompress, sniff, sniffStream } from '../../layers/decompress.js';
import {
  isStoredCompression,
  storeCompressedLayer,
  type StoredCompression,
} from '../../layers/stored-layer.js';
import { compressTar, type LayerBlob } from '../../layers/tar-layer.js';

/**
 * Entries at least this large are compressed as they arrive (layers: an image config is
 * far smaller), as are the classic layout's `layer.tar`; the rest is kept until
 * manifest.json says what it is.
 */
export const STREAM_THRESHOLD = 1024 * 1024;

/**
 * A layer the image's config lists that `docker save` did not write: the containerd
 * image store leaves out a base image's layers the engine never downloaded.
 */
export class MissingSavedLayer extends Error {
  constructor(
    /** Its position in the image (0 for the first). */
    readonly index: number,
    readonly path: string,
  ) {
    super(`docker save: the layer ${path} is missing`);
    this.name = 'MissingSavedLayer';
  }
}

export interface ImportOptions {
  /** Where the compressed layers are written. */
  tmpDir: string;
  compression: LayerCompression;
  /** Labels set in the config, over those the image has. */
  labels: ReadonlyArray<[string, string]>;
  /** OCI annotations of the image manifest (the action's). */
  annotations?: ReadonlyArray<[string, string]>;
  /**
   * Layers of the base image as its registry holds them, by diff_id: used as they are,
   * not compressed again (in the OCI layout of Docker 25+ not even read, unless followed).
   */
  reuse?: ReadonlyMap<string, BuiltLayer>;
  /**
   * The files of the base layers read from the archive too (for the SBOM, which then
   * need not download them from the base image's registry); those of the layers
   * compressed here always are.
   */
  follow?: boolean;
  /** Told of each layer compressed here as it starts, to follow it while it is written. */
  onLayer?: (live: LiveLayer) => void;
  /** The platform built (the engine's own when undefined): which image index.json names. */
  platform?: Platform;
}

/** The single image described by manifest.json. */
export function parseSavedManifest(text: string): SavedManifestEntry {
  const parsed = JSON.parse(text) as unknown;
  const entries = Array.isArray(parsed) ? parsed : [];
  if (entries.length !== 1) {
    throw new Error(`docker save: expected one image in manifest.json, found ${entries.length}`);
  }
  const entry = entries[0] as { Config?: unknown; Layers?: unknown };
  if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers)) {
    throw new Error('docker save: manifest.json has no Config or Layers');
  }
  const layers = entry.Layers as unknown[];
  if (!layers.every((l): l is string => typeof l === 'string')) {
    throw new Error('docker save: manifest.json lists a layer that is not a path');
  }
  return { config: entry.Config, layers };
}

/**
 * The image the archive holds: manifest.json's one entry, or else the one image for
 * `platform` that index.json names (the containerd image store writes manifest.json
 * for the engine's own platform only).
 */
function savedImage(kept: ReadonlyMap<string, Buffer>, platform?: Platform): SavedManifestEntry {
  const text = kept.get('manifest.json')?.toString('utf8');
  if (text !== undefined && (!kept.has('index.json') || entryCount(text) === 1)) {
    return parseSavedManifest(text);
  }
  return imageFromIndex(kept, platform);
}

/** How many images manifest.json lists (0 when it is not a list). */
function entryCount(text: string): number {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}

/** A path of the archive, following its symlinks (Docker 25+ links layer.tar to blobs/). */
export function resolveArchivePath(path: string, links: ReadonlyMap<string, string>): string {
  let current = posix.normalize(path);
  for (let hops = 0; hops < 16; hops++) {
    const target = links.get(current);
    if (target === undefined) return current;
    current = posix.normalize(posix.join(posix.dirname(current), target));
  }
  throw new Error(`docker save: too many symlinks from ${path}`);
}

/**
 * The engine's config with `labels` set in config.Labels. Everything else is kept as
 * the engine wrote it; the labels are written as Go writes a map (keys in byte order).
 */
export function relabelConfig(raw: Buffer, labels: ReadonlyArray<[string, string]>): Buffer {
  if (labels.length === 0) return raw;
  const config = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const container = (config.config ?? {}) as Record<string, unknown>;
  const existing = (container.Labels ?? {}) as Record<string, string>;
  container.Labels = jsonMap({ ...existing, ...Object.fromEntries(labels) });
  config.config = container;
  return Buffer.from(goJson(config), 'utf8');
}

/** The platform a config names. */
export function configPlatform(raw: Buffer): Platform {
  const { architecture, os, variant } = JSON.parse(raw.toString('utf8')) as {
    architecture?: string;
    os?: string;
    variant?: string;
  };
  return {
    architecture: architecture || 'amd64',
    os: os || 'linux',
    ...(variant ? { variant } : {}),
  };
}

/** An engine image taken over, and what became of its layers (diff_ids). */
export interface ImportedImage {
  image: BuiltImage;
  /** Layers compressed here. */
  compressed: string[];
  /** Layers taken as the base image's registry has them. */
  reused: string[];
}

/** What one pass over `docker save`'s stream leaves: files by their path in the archive. */
interface SavedFiles {
  /** Small files (manifest, config), whole. */
  kept: Map<string, Buffer>;
  /** Layers kept aside uncompressed whose diff_id is a base layer's. */
  spooled: Map<string, SpooledLayer>;
  /** Layers compressed as they arrived. */
  compressed: Map<string, LayerBlob>;
  /** Layers kept aside, then found not to be base layers: compressed while the rest arrives. */
  compressing: Map<string, Promise<LayerBlob>>;
  /** The files of each layer compressed here, read on the way (for the SBOM). */
  contents: Map<string, Promise<LayerContents | undefined>>;
  /** Symbolic links of the archive (the OCI layout links layers to blobs). */
  links: Map<string, string>;
}

/** Reads `docker save` of one image from `archive` into a BuiltImage. */
export async function importSavedImage(
  archive: Readable,
  options: ImportOptions,
): Promise<ImportedImage> {
  const reuse = options.reuse ?? new Map<string, BuiltLayer>();
  // The native builder's pieces: the same tar gives the same blob.
  const layerOptions = { tmpDir: options.tmpDir, compression: options.compression };
  const files: SavedFiles = {
    kept: new Map(),
    spooled: new Map(),
    compressed: new Map(),
    compressing: new Map(),
    contents: new Map(),
    links: new Map(),
  };
  try {
    const reading = { ...layerOptions, onLayer: options.onLayer, follow: options.follow };
    await readSaved(archive, files, reuse, reading);
    return await assemble(files, options, reuse, layerOptions);
  } finally {
    // Nothing is left writing into tmpDir when this returns, whatever happened.
    await Promise.allSettled(files.compressing.values());
  }
}

/** The image from what the archive held. */
async function assemble(
  files: SavedFiles,
  options: ImportOptions,
  reuse: ReadonlyMap<string, BuiltLayer>,
  layerOptions: LayerCompressOptions,
): Promise<ImportedImage> {
  const saved = savedImage(files.kept, options.platform);
  const engineConfig = files.kept.get(resolveArchivePath(saved.config, files.links));
  if (!engineConfig) throw new Error(`docker save: the config ${saved.config} is missing`);
  const diffIds = (
    JSON.parse(engineConfig.toString('utf8')) as { rootfs?: { diff_ids?: string[] } }
  ).rootfs?.diff_ids;
  const layers = await Promise.all(
    saved.layers.map((layerPath, i) =>
      savedLayer(files, layerPath, i, diffIds?.[i], reuse, layerOptions),
    ),
  );
  const image = assembleImage(
    relabelConfig(engineConfig, options.labels),
    layers,
    configPlatform(engineConfig),
    options.annotations,
  );
  const taken = (layer: BuiltLayer): boolean => layer.from !== undefined;
  return {
    image,
    compressed: layers.filter((l) => !taken(l)).map((l) => l.diffId),
    reused: layers.filter(taken).map((l) => l.diffId),
  };
}

type LayerCompressOptions = Parameters<typeof compressTar>[1];

/** What compresses a layer here: the options, and who follows it as it is written. */
interface Compressing extends LayerCompressOptions {
  onLayer?: (live: LiveLayer) => void;
}

/** How the archive is read: what compresses its layers, and whether base layers are followed. */
interface Reading extends Compressing {
  follow?: boolean;
}

/**
 * Compresses the layer at `path`, announced to onLayer as it starts; its files are read
 * on the way into files.contents (unless they were as it was kept aside), so that the
 * SBOM need not decompress it again.
 */
function compressLayer(
  tar: AsyncIterable<Buffer>,
  path: string,
  files: SavedFiles,
  { onLayer, ...options }: Compressing,
): Promise<LayerBlob> {
  const live = onLayer ? new LiveLayer() : undefined;
  if (live) onLayer!(live);
  return compressTar(withFilesRead(tar, path, files), options, live);
}

/** `tar`, its files read on the way into files.contents unless they are there already. */
function withFilesRead(
  tar: AsyncIterable<Buffer>,
  path: string,
  files: SavedFiles,
): AsyncIterable<Buffer> {
  if (files.contents.has(path)) return tar;
  const read = readAlong(tar);
  files.contents.set(path, read.contents);
  return read.tar;
}

/**
 * A base layer's tar read to its end for its files alone (the registry's blob is pushed),
 * checked against its name: the files the SBOM lists are the pushed layer's.
 */
async function followBase(blob: AsyncIterable<Buffer>, path: string, files: SavedFiles) {
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of blob) {
      hash.update(chunk);
      yield chunk;
    }
  }
  // Compressed when the containerd image store keeps it as its registry has it.
  const tar = await decompress(hashed());
  tar.finished.catch(() => undefined);
  for await (const chunk of withFilesRead(tar.output as AsyncIterable<Buffer>, path, files)) {
    void chunk;
  }
  await tar.finished;
  checkBlobName(path, `sha256:${hash.digest('hex')}`);
}

/** `tar` as it is, its bytes also followed by a LayerFollower (the SBOM's contents). */
function readAlong(tar: AsyncIterable<Buffer>): {
  tar: AsyncIterable<Buffer>;
  contents: Promise<LayerContents | undefined>;
} {
  const follower = new LayerFollower();
  async function* both(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of tar) {
        await follower.write(chunk);
        yield chunk;
      }
      follower.end();
    } finally {
      follower.abort();
    }
  }
  return { tar: both(), contents: follower.contents };
}

/**
 * One pass over the stream: base layers skipped, other layers compressed as they
 * arrive, or (classic layout, where a layer's diff_id shows only once it is read) kept
 * aside and, unless a base layer's, compressed while the rest arrives.
 */
async function readSaved(
  archive: Readable,
  files: SavedFiles,
  reuse: ReadonlyMap<string, BuiltLayer>,
  { follow, ...layerOptions }: Reading,
): Promise<void> {
  const extract = extractTar();
  const fed = feedTar(archive, extract);
  fed.catch(() => undefined);
  const baseDigests = new Set([...reuse.values()].map((layer) => layer.digest));
  for await (const entry of extract) {
    const { type, size } = entry.header;
    const path = posix.normalize(memberName(entry.header, 'path', entry.header.name));
    const linkname = memberName(entry.header, 'linkpath', entry.header.linkname ?? '');
    const blobName = blobHex(path);
    if (blobName && (reuse.has(`sha256:${blobName}`) || baseDigests.has(`sha256:${blobName}`))) {
      // A base layer, named by its diff_id (Docker 25+), or by its digest as its registry
      // has it (the containerd image store): the registry's copy serves (its files are
      // read for the SBOM when followed).
      if (follow) await followBase(entry as AsyncIterable<Buffer>, path, files);
      else entry.resume();
    } else if (type === 'symlink' && linkname) {
      files.links.set(path, linkname);
      entry.resume();
    } else if (type !== 'file' && type !== 'contiguous-file') {
      entry.resume();
    } else if (path.endsWith('/layer.tar') || (size ?? 0) >= STREAM_THRESHOLD) {
      const { format, source } = await sniffStream(entry as AsyncIterable<Buffer>);
      const tar = source as AsyncIterable<Buffer>;
      if (isStoredCompression(format)) {
        files.compressed.set(path, await takeCompressed(source, format, path, files, layerOptions));
        continue;
      }
      if (blobName || !baseLeft(files, reuse)) {
        files.compressed.set(path, await compressLayer(tar, path, files, layerOptions));
        continue;
      }
      // Which layer this is shows only once it is read (classic layout): kept aside
      // uncompressed, so that a base layer costs no compression at all.
      // Followed, its files are read as it is kept aside: a base layer's for the SBOM,
      // another's not again as it is compressed.
      const raw = await spool(follow ? withFilesRead(tar, path, files) : tar, layerOptions.tmpDir);
      if (reuse.has(raw.diffId)) files.spooled.set(path, raw);
      else {
        const job = compressSpooled(raw, path, files, layerOptions);
        // Awaited once manifest.json is read; this keeps a failure from being unhandled.
        job.catch(() => undefined);
        files.compressing.set(path, job);
      }
    } else {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.kept.set(path, Buffer.concat(chunks));
    }
  }
  await fed;
}

/** Whether a base layer may still come (one not yet seen in the archive). */
function baseLeft(files: SavedFiles, reuse: ReadonlyMap<string, BuiltLayer>): boolean {
  const seen = new Set([...files.spooled.values()].map((raw) => raw.diffId));
  return [...reuse.keys()].some((diffId) => !seen.has(diffId));
}

/** Layer i of the image: the base image's (checked), or compressed here and checked. */
async function savedLayer(
  files: SavedFiles,
  layerPath: string,
  i: number,
  expected: string | undefined,
  reuse: ReadonlyMap<string, BuiltLayer>,
  layerOptions: LayerCompressOptions,
): Promise<BuiltLayer> {
  const path = resolveArchivePath(layerPath, files.links);
  const base = expected === undefined ? undefined : reuse.get(expected);
  const raw = files.spooled.get(path);
  const compressing = files.compressing.get(path);
  if (base) {
    // Where the layout did not name it (classic), it was read: checked, and dropped.
    const read = raw?.diffId ?? (compressing ? (await compressing).diffId : undefined);
    if (read !== undefined && read !== base.diffId) {
      throw new Error(`docker save: layer ${i + 1} is ${read}, but the config says ${base.diffId}`);
    }
    if (raw) await rm(raw.file, { force: true });
    const contents = files.contents.get(path);
    return contents ? { ...base, contents } : base;
  }
  const small = files.kept.get(path);
  const blob =
    files.compressed.get(path) ??
    (compressing ? await compressing : undefined) ??
    (raw ? await compressSpooled(raw, path, files, layerOptions) : undefined) ??
    (small ? await smallLayer(small, path, files, layerOptions) : undefined);
  if (!blob) throw new MissingSavedLayer(i, layerPath);
  if (expected !== blob.diffId) {
    throw new Error(
      `docker save: layer ${i + 1} is ${blob.diffId}, but the config says ${expected}`,
    );
  }
  const { digest, size, diffId, mediaType } = blob;
  const contents = files.contents.get(path);
  return { digest, size, diffId, mediaType, path: blob.path, ...(contents ? { contents } : {}) };
}

/** A layer small enough to have been kept whole: compressed here, or as it comes. */
function smallLayer(
  small: Buffer,
  path: string,
  files: SavedFiles,
  options: Compressing,
): Promise<LayerBlob> {
  const format = sniff(small);
  return isStoredCompression(format)
    ? takeCompressed(Readable.from([small]), format, path, files, options)
    : compressTar([small], options);
}

/**
 * A layer that comes compressed (the containerd image store keeps layers as they were
 * built or pulled): taken as it is, its digest checked against its name, when it has the
 * compression asked for at its default level (what BuildKit and the engine write); else
 * decompressed and compressed as asked. Its files are read on the way, as for the others.
 */
async function takeCompressed(
  blob: Readable,
  format: StoredCompression,
  path: string,
  files: SavedFiles,
  { onLayer, ...options }: Compressing,
): Promise<LayerBlob> {
  const asked = options.compression ?? DEFAULT_LAYER_COMPRESSION;
  if (asked.kind !== format || asked.level !== COMPRESSIONS[format].defaultLevel) {
    const tar = await decompress(blob);
    tar.finished.catch(() => undefined);
    const layer = await compressLayer(tar.output as AsyncIterable<Buffer>, path, files, {
      onLayer,
      ...options,
    });
    await tar.finished;
    return layer;
  }
  const live = onLayer ? new LiveLayer() : undefined;
  if (live) onLayer!(live);
  const follower = new LayerFollower();
  files.contents.set(path, follower.contents);
  try {
    const observe = (tar: Buffer) => follower.write(tar);
    const layer = await storeCompressedLayer(
      blob,
      format,
      { tmpDir: options.tmpDir, observe },
      live,
    );
    follower.end();
    checkBlobName(path, layer.digest);
    return layer;
  } finally {
    follower.abort();
  }
}

/** Refuses a blob whose bytes are not what its archive path (`blobs/sha256/<hex>`) names. */
function checkBlobName(path: string, digest: string): void {
  const name = blobHex(path);
  if (name !== undefined && digest !== `sha256:${name}`) {
    throw new Error(`docker save: the blob ${path} holds ${digest}`);
  }
}

/** The hex digest an archive path names (`blobs/sha256/<hex>`), if it names one. */
function blobHex(path: string): string | undefined {
  return /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path)?.[1];
}

/** A layer tar written aside uncompressed, with its diff_id. */
interface SpooledLayer {
  file: string;
  diffId: string;
}

async function spool(tar: AsyncIterable<Buffer>, dir: string): Promise<SpooledLayer> {
  const file = join(dir, `layer-${randomUUID()}.tar`);
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(tar, hashing, createWriteStream(file, { flags: 'wx' }));
  return { file, diffId: `sha256:${hash.digest('hex')}` };
}

async function compressSpooled(
  raw: SpooledLayer,
  path: string,
  files: SavedFiles,
  options: Compressing,
): Promise<LayerBlob> {
  try {
    return await compressLayer(createReadStream(raw.file), path, files, options);
  } finally {
    await rm(raw.file, { force: true });
  }
}

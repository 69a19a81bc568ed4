/**
 * Writes built images to one tar that is both an OCI image layout (oci-layout,
 * index.json, blobs/sha256/...) and a `docker load` archive (manifest.json with
 * Config/RepoTags/Layers pointing at the same blobs), as BuildKit's docker exporter
 * does. Blobs are streamed (layers are never held in memory) and written once even
 * when several images share them. The tar itself is deterministic too: fixed order,
 * fixed timestamps, root owner.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

import type { BuiltImage, BuiltLayer } from './built-image.js';
import { hostPlatform } from './platform.js';
import { goJson, jsonMap } from './go-format.js';
import { MEDIA_TYPES, serializeIndex, sha256Digest, type Descriptor } from './image.js';
import { encodeEntryHeader, padding } from '../layers/tar-header.js';
import { forget, remember, type LeftoverLog } from '../core/leftovers.js';

export interface ArchiveOptions {
  /**
   * Streams a base image layer that the build did not download (`layer.from` set).
   * Without it, such an image cannot be archived.
   */
  fetchLayer?: (layer: BuiltLayer) => Promise<NodeJS.ReadableStream>;
  /** Timestamp of the tar entries (seconds); default 0. */
  epoch?: number;
  /** Where the file being written is recorded for the post step (the run's Io). */
  leftovers?: LeftoverLog;
}

interface Blob {
  digest: string;
  size: number;
  open: () => Promise<NodeJS.ReadableStream | Buffer>;
}

/** `name:tag` parts of a reference; undefined tag for a digest reference. */
export function splitReference(ref: string): { name: string; tag?: string } {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  if (colon > slash) {
    return at >= 0
      ? { name: base.slice(0, colon) }
      : { name: base.slice(0, colon), tag: base.slice(colon + 1) };
  }
  return at >= 0 ? { name: base } : { name: base, tag: 'latest' };
}

/** docker.io/library/x:tag form (containerd's image name). */
function fullName(name: string): string {
  const first = name.split('/')[0]!;
  const hasHost =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasHost) return name;
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}

/** What `docker load` shows: the short form for Docker Hub names. */
function familiarName(name: string): string {
  const full = fullName(name);
  if (full.startsWith('docker.io/library/')) return full.slice('docker.io/library/'.length);
  if (full.startsWith('docker.io/')) return full.slice('docker.io/'.length);
  return full;
}

/** The platform `docker load` would pick: the host's, else the first image. */
function hostImage(images: readonly BuiltImage[]): BuiltImage {
  const host = hostPlatform();
  return (
    images.find(
      (i) => i.platform.os === host.os && i.platform.architecture === host.architecture,
    ) ?? images[0]!
  );
}

/**
 * Writes `outPath` (replaced atomically when complete). `refs` are the names the image
 * gets (`user/app:1.2`); a multi-platform build is stored under an image index, and
 * manifest.json names the host's platform (what `docker load` can load).
 */
export async function writeImageArchive(
  images: readonly BuiltImage[],
  outPath: string,
  refs: readonly string[],
  options: ArchiveOptions = {},
): Promise<void> {
  if (images.length === 0) throw new Error('writeImageArchive: no image to write');
  const blobs = imageBlobs(images, options);
  const top = topDescriptor(images, blobs);
  const named = refs.map(splitReference);
  const files: Array<[string, Buffer]> = [
    ['index.json', layoutIndex(top, named)],
    ['manifest.json', loadManifest(hostImage(images), named)],
    ['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}')],
  ];
  const sortedBlobs = [...blobs.values()].sort((a, b) => (a.digest < b.digest ? -1 : 1));
  const tar = archiveTar(sortedBlobs, files, options.epoch ?? 0);
  await writeReplacing(outPath, tar, options.leftovers);
}

/** The blobs of the images (configs, manifests, layers), each digest once. */
function imageBlobs(images: readonly BuiltImage[], options: ArchiveOptions): Map<string, Blob> {
  const blobs = new Map<string, Blob>();
  const addBlob = (b: Blob): void => {
    if (!blobs.has(b.digest)) blobs.set(b.digest, b);
  };
  for (const img of images) {
    addBlob({ digest: img.configDigest, size: img.config.length, open: async () => img.config });
    addBlob({
      digest: img.manifestDigest,
      size: img.manifest.length,
      open: async () => img.manifest,
    });
    for (const layer of img.layers) addBlob(layerBlob(layer, options));
  }
  return blobs;
}

function layerBlob(layer: BuiltLayer, options: ArchiveOptions): Blob {
  if (layer.path !== undefined) {
    const p = layer.path;
    return { digest: layer.digest, size: layer.size, open: async () => createReadStream(p) };
  }
  if (layer.from !== undefined) {
    if (options.fetchLayer === undefined) {
      throw new Error(
        `The image uses the base image layer ${layer.digest} of ${layer.from.registryRepo}, which was not downloaded; an archive needs it (no way to fetch it was given)`,
      );
    }
    const fetch = options.fetchLayer;
    return { digest: layer.digest, size: layer.size, open: () => fetch(layer) };
  }
  throw new Error(`Layer ${layer.digest} has neither a file nor a source`);
}

/** What the archive's names point at: the manifest, or an index (added to the blobs) of several. */
function topDescriptor(images: readonly BuiltImage[], blobs: Map<string, Blob>): Descriptor {
  if (images.length === 1) {
    const img = images[0]!;
    return {
      mediaType: MEDIA_TYPES.manifest,
      digest: img.manifestDigest,
      size: img.manifest.length,
    };
  }
  const index = serializeIndex(
    images.map((img) => ({
      mediaType: MEDIA_TYPES.manifest,
      digest: img.manifestDigest,
      size: img.manifest.length,
      platform: img.platform,
    })),
  );
  const digest = sha256Digest(index);
  if (!blobs.has(digest))
    blobs.set(digest, { digest, size: index.length, open: async () => index });
  return { mediaType: MEDIA_TYPES.index, digest, size: index.length };
}

/** The OCI layout's index.json: the top descriptor once per name (once unnamed without). */
function layoutIndex(
  top: Descriptor,
  named: ReadonlyArray<{ name: string; tag?: string }>,
): Buffer {
  const annotationsFor = (r: { name: string; tag?: string }): Record<string, string> => {
    const a: Record<string, string> = {
      'io.containerd.image.name': fullName(r.name) + (r.tag ? `:${r.tag}` : ''),
    };
    if (r.tag) a['org.opencontainers.image.ref.name'] = r.tag;
    return a;
  };
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: (named.length > 0 ? named : [undefined]).map((r) => ({
        mediaType: top.mediaType,
        digest: top.digest,
        size: top.size,
        annotations: r === undefined ? undefined : jsonMap(annotationsFor(r)),
      })),
    }),
  );
}

function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/** `docker load`'s manifest.json: one image, its tagged names. */
function loadManifest(
  loadable: BuiltImage,
  named: ReadonlyArray<{ name: string; tag?: string }>,
): Buffer {
  return Buffer.from(
    goJson([
      {
        Config: blobPath(loadable.configDigest),
        RepoTags: named
          .filter((r) => r.tag !== undefined)
          .map((r) => `${familiarName(r.name)}:${r.tag}`),
        Layers: loadable.layers.map((l) => blobPath(l.digest)),
      },
    ]),
  );
}

/** The tar: the blob directories, the blobs in digest order, then the layout files. */
async function* archiveTar(
  blobs: readonly Blob[],
  files: ReadonlyArray<readonly [string, Buffer]>,
  epoch: number,
): AsyncGenerator<Buffer> {
  yield encodeEntryHeader({ path: 'blobs', type: 'dir', mode: 0o755 }, 0, epoch);
  yield encodeEntryHeader({ path: 'blobs/sha256', type: 'dir', mode: 0o755 }, 0, epoch);
  for (const b of blobs) yield* blobEntry(blobPath(b.digest), b, epoch);
  for (const [name, data] of files) {
    yield* blobEntry(name, { digest: '', size: data.length, open: async () => data }, epoch);
  }
  yield Buffer.alloc(1024);
}

/** Writes the file next to the target, made afresh (never through a link left at its name), then renames it. */
async function writeReplacing(
  outPath: string,
  data: AsyncGenerator<Buffer>,
  leftovers: LeftoverLog | undefined,
): Promise<void> {
  const partial = `${outPath}.partial`;
  await rm(partial, { force: true });
  if (leftovers) remember(leftovers, 'partialFiles', partial);
  try {
    await pipeline(data, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, outPath);
  } finally {
    await rm(partial, { force: true });
    if (leftovers) forget(leftovers, 'partialFiles', partial);
  }
}

async function* blobEntry(name: string, blob: Blob, epoch: number): AsyncGenerator<Buffer> {
  yield encodeEntryHeader({ path: name, type: 'file', mode: 0o644 }, blob.size, epoch);
  const data = await blob.open();
  let written = 0;
  if (Buffer.isBuffer(data)) {
    written = data.length;
    yield data;
  } else {
    const hash = createHash('sha256');
    for await (const chunk of data as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      written += buf.length;
      if (written > blob.size) break;
      hash.update(buf);
      yield buf;
    }
    if ('destroy' in data && typeof data.destroy === 'function') (data.destroy as () => void)();
    if (written === blob.size && blob.digest !== '') {
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== blob.digest) throw new Error(`Blob ${blob.digest} has the digest ${got}`);
    }
  }
  if (written !== blob.size) {
    throw new Error(`Blob ${blob.digest || name} has ${written} bytes, expected ${blob.size}`);
  }
  const pad = padding(blob.size);
  if (pad > 0) yield Buffer.alloc(pad);
}

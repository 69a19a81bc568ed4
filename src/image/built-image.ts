/**
 * A built image as the builders hand it on: its config, manifest and layers (made by
 * the build, or kept by reference to the base image's registry), and the base images
 * a build starts from.
 */
import type { LayerContents } from './attestations/image-files.js';
import { MEDIA_TYPES, ociLayerMediaType, serializeManifest, sha256Digest } from './image.js';
import type { Platform } from './platform.js';

/** A base image as the registry describes it: config and layer descriptors, no layer data. */
export interface BaseImage {
  /** The image config blob (JSON), as stored in the registry. */
  config: Buffer;
  /** The manifest's layers, in order. */
  layers: Array<{ digest: string; size: number; mediaType: string }>;
  /** Repository the layers are in (`library/alpine`), to mount or download them from. */
  registryRepo: string;
  /** Digest of the platform's image manifest, when read from a registry. */
  manifestDigest?: string;
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

export interface BuiltLayer {
  digest: string;
  size: number;
  diffId: string;
  mediaType: string;
  /** The compressed blob on disk (layers this build made). */
  path?: string;
  /** A base image layer this build did not download: where it lives. */
  from?: { registryRepo: string };
  /** Its files, read while the layer was made (for the SBOM): the blob is not read again. */
  contents?: Promise<LayerContents | undefined>;
}

export interface BuiltImage {
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  layers: BuiltLayer[];
  platform: Platform;
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

/**
 * The image of a config and its layers: the OCI manifest over them (with the plan's
 * annotations), and the digests.
 */
export function assembleImage(
  config: Buffer,
  layers: BuiltLayer[],
  platform: Platform,
  annotations: ReadonlyArray<[string, string]> = [],
): BuiltImage {
  const configDigest = sha256Digest(config);
  const manifest = serializeManifest(
    { mediaType: MEDIA_TYPES.config, digest: configDigest, size: config.length },
    layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    Object.fromEntries(annotations),
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

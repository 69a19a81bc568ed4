/**
 * Manifests and indexes: the OCI media types, descriptors, digests, and the manifest
 * and index JSON in the layout BuildKit writes (see go-format.ts).
 */
import { createHash } from 'node:crypto';
import { MEDIA_TYPES } from '../registry/media-types.js';

import { goJson, jsonMap } from './go-format.js';
import type { Platform } from './platform.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export { MEDIA_TYPES };

export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function descriptorJson(d: Descriptor): Record<string, unknown> {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    annotations:
      d.annotations && Object.keys(d.annotations).length > 0 ? jsonMap(d.annotations) : undefined,
    platform: d.platform
      ? {
          architecture: d.platform.architecture,
          os: d.platform.os,
          variant: d.platform.variant || undefined,
        }
      : undefined,
  };
}

/** The OCI image manifest: config + layers, and annotations where there are any. */
export function serializeManifest(
  config: Descriptor,
  layers: readonly Descriptor[],
  annotations?: Record<string, string>,
): Buffer {
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.manifest,
      config: descriptorJson(config),
      layers: layers.map(descriptorJson),
      annotations:
        annotations && Object.keys(annotations).length > 0 ? jsonMap(annotations) : undefined,
    }),
    'utf8',
  );
}

/** The OCI image index of a multi-platform image (manifests carry their platform). */
export function serializeIndex(
  manifests: readonly Descriptor[],
  annotations?: Record<string, string>,
): Buffer {
  return Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: manifests.map(descriptorJson),
      annotations:
        annotations && Object.keys(annotations).length > 0 ? jsonMap(annotations) : undefined,
    }),
    'utf8',
  );
}

/**
 * The OCI media type for a base image layer: Docker's gzip layers are the same bytes
 * under another name (BuildKit converts them when it writes an OCI manifest).
 */
export function ociLayerMediaType(mediaType: string): string {
  switch (mediaType) {
    case MEDIA_TYPES.dockerLayerGzip:
      return MEDIA_TYPES.layerGzip;
    case 'application/vnd.docker.image.rootfs.diff.tar':
      return MEDIA_TYPES.layerTar;
    case 'application/vnd.docker.image.rootfs.diff.tar.zstd':
      return MEDIA_TYPES.layerZstd;
    default:
      return mediaType;
  }
}

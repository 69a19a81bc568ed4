/**
 * The image of `docker save`'s OCI layout found through index.json, for when its
 * manifest.json does not name exactly one: the containerd image store writes
 * manifest.json for the engine's own platform only, so an image built for another
 * platform is named by index.json alone (an index, then the image manifests and the
 * attestation manifests BuildKit adds).
 */
import {
  formatPlatform,
  parsePlatform,
  samePlatform,
  type Platform,
} from '../../image/platform.js';
import { MEDIA_TYPES } from '../../registry/media-types.js';

/** One image of the archive: the paths of its config and of its layers. */
export interface SavedManifestEntry {
  config: string;
  layers: string[];
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

const INDEXES: readonly string[] = [MEDIA_TYPES.index, MEDIA_TYPES.dockerManifestList];
const MANIFESTS: readonly string[] = [MEDIA_TYPES.manifest, MEDIA_TYPES.dockerManifest];
/** How deep indexes may nest (index.json, the image's index, ...). */
const MAX_DEPTH = 4;

/**
 * The one image manifest of the layout for `platform` (any, when undefined), as the
 * paths of its config and layers; `kept` holds the archive's small files by path.
 */
export function imageFromIndex(
  kept: ReadonlyMap<string, Buffer>,
  platform: Platform | undefined,
): SavedManifestEntry {
  const index = kept.get('index.json');
  if (!index) throw new Error('docker save: the archive has no manifest.json and no index.json');
  const found = imageDescriptors(readJson(index, 'index.json'), kept, 0, new Set()).filter(
    (d) => platform === undefined || d.platform === undefined || matches(d, platform),
  );
  // One image however often it is named (once per name of the image, in index.json).
  const images = [...new Map(found.map((d) => [d.digest, d])).values()];
  if (images.length !== 1) {
    throw new Error(
      `docker save: expected one image${platform ? ` for ${formatPlatform(platform)}` : ''} in index.json, found ${images.length}`,
    );
  }
  const path = blobPath(images[0]!.digest);
  const manifest = readJson(kept.get(path), path) as {
    config?: Descriptor;
    layers?: Descriptor[];
  };
  if (!manifest.config || !Array.isArray(manifest.layers)) {
    throw new Error(`docker save: the manifest ${path} has no config or layers`);
  }
  return {
    config: blobPath(manifest.config.digest),
    layers: manifest.layers.map((layer) => blobPath(layer.digest)),
  };
}

/**
 * The image manifests an index names, through nested indexes; attestations left out.
 * Each nested index is read once (`read`): one named again adds nothing.
 */
function imageDescriptors(
  index: unknown,
  kept: ReadonlyMap<string, Buffer>,
  depth: number,
  read: Set<string>,
): Descriptor[] {
  if (depth > MAX_DEPTH) throw new Error('docker save: index.json nests too deep');
  const manifests = (index as { manifests?: unknown }).manifests;
  if (!Array.isArray(manifests)) return [];
  return (manifests as Descriptor[]).flatMap((d) => {
    if (INDEXES.includes(d.mediaType ?? '')) {
      const path = blobPath(d.digest);
      if (read.has(path)) return [];
      read.add(path);
      return imageDescriptors(readJson(kept.get(path), path), kept, depth + 1, read);
    }
    const attestation =
      d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
      (d.platform?.os === 'unknown' && d.platform?.architecture === 'unknown');
    return MANIFESTS.includes(d.mediaType ?? '') && !attestation ? [d] : [];
  });
}

function matches(d: Descriptor, platform: Platform): boolean {
  const { os, architecture, variant } = d.platform ?? {};
  if (!os || !architecture) return false;
  return samePlatform(
    parsePlatform(`${os}/${architecture}${variant ? `/${variant}` : ''}`),
    platform,
  );
}

/** The archive path of a blob, from its digest (anything else is refused). */
function blobPath(digest: string | undefined): string {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(digest ?? '')?.[1];
  if (hex === undefined) {
    throw new Error(`docker save: index.json names a blob by ${JSON.stringify(digest)}`);
  }
  return `blobs/sha256/${hex}`;
}

function readJson(data: Buffer | undefined, path: string): unknown {
  if (!data) throw new Error(`docker save: ${path} is missing`);
  try {
    return JSON.parse(data.toString('utf8')) as unknown;
  } catch {
    throw new Error(`docker save: ${path} is not JSON`);
  }
}

import { readLimited } from '../util/read-limited.js';
import { ActionError } from '../core/errors.js';
import { MEDIA_TYPES } from '../registry/media-types.js';
import { parseReference } from '../registry/reference.js';
import type { RegistryClient } from '../registry/client.js';
import type { BaseImage } from './built-image.js';
import { formatPlatform, samePlatform, type Platform } from './platform.js';

interface ManifestDescriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

interface ManifestJson {
  mediaType?: string;
  manifests?: ManifestDescriptor[];
  config?: ManifestDescriptor;
  layers?: ManifestDescriptor[];
}

/** A registry client for the registry a base image lives in. */
export type ClientFor = (registry: string) => RegistryClient;

/**
 * Resolves a FROM image to its config and layer descriptors for one platform,
 * following an image index (manifest list). Layer data is not downloaded; only
 * streamed on demand through openLayer.
 */
export async function resolveBaseImage(
  ref: string,
  platform: Platform,
  clientFor: ClientFor,
): Promise<BaseImage> {
  let parsed;
  try {
    parsed = parseReference(ref);
  } catch (error) {
    // It names the reference; the builder says where the Dockerfile names it.
    throw new ActionError('build', (error as Error).message);
  }
  const client = clientFor(parsed.registry);
  const repo = parsed.path;
  const reference = parsed.digest ?? parsed.tag ?? 'latest';
  let manifest = await client.getManifest(repo, reference);
  let json = JSON.parse(manifest.body.toString('utf8')) as ManifestJson;
  if (json.manifests) {
    const chosen = pickPlatform(json.manifests, platform);
    if (!chosen) {
      const offered = json.manifests
        .map((m) => (m.platform ? formatPlatform(platformOf(m.platform)) : '?'))
        .join(', ');
      throw new ActionError(
        'build',
        `The base image ${ref} has no ${formatPlatform(platform)} variant (it offers ${offered}).`,
        'Pick another base image or another platform.',
      );
    }
    manifest = await client.getManifest(repo, chosen.digest);
    json = JSON.parse(manifest.body.toString('utf8')) as ManifestJson;
  }
  if (!json.config || !json.layers) {
    throw new ActionError('build', `The base image ${ref} has an unknown manifest format.`);
  }
  const config = await readLimited(await client.getBlob(repo, json.config.digest));
  const layers = json.layers.map((l) => ({
    digest: l.digest,
    size: l.size,
    mediaType: l.mediaType ?? MEDIA_TYPES.layerGzip,
  }));
  return {
    config,
    layers,
    registryRepo: `${parsed.registry}/${repo}`,
    manifestDigest: manifest.digest,
    openLayer: (index) => client.getBlob(repo, layers[index]!.digest),
  };
}

function platformOf(p: NonNullable<ManifestDescriptor['platform']>): Platform {
  const base = { os: p.os ?? '', architecture: p.architecture ?? '' };
  return p.variant ? { ...base, variant: p.variant } : base;
}

/** Docker's platform match: os and architecture equal; variant equal when both give one. */
export function pickPlatform(
  manifests: ManifestDescriptor[],
  want: Platform,
): ManifestDescriptor | undefined {
  const candidates = manifests.filter(
    (m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture,
  );
  return (
    candidates.find((m) => samePlatform(platformOf(m.platform!), want)) ??
    (want.variant ? undefined : candidates[0])
  );
}

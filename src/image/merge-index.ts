/**
 * The merge of a build matrix: each job pushed its platform's image under a platform
 * tag of the commit (`sha-1a2b3c4-linux-arm64`); the merge reads those tags back,
 * checks that each really holds its platform, and makes one OCI image index of them.
 * No blob is copied: the index only names manifests the repository already has.
 */
import { readLimited } from '../util/read-limited.js';
import { ActionError } from '../pipeline/errors.js';
import { MEDIA_TYPES, serializeIndex, type Descriptor } from './image.js';
import { attestationsOf } from './attestations/merge.js';
import { formatPlatform, platformTagSuffix, samePlatform, type Platform } from './platform.js';

/** What the merge reads from the registry (the registry client). */
export interface ManifestReader {
  headManifest(repo: string, reference: string): Promise<{ digest: string } | undefined>;
  getManifest(
    repo: string,
    reference: string,
  ): Promise<{ body: Buffer; mediaType: string; digest: string }>;
  getBlob(repo: string, digest: string): Promise<NodeJS.ReadableStream>;
}

/** One platform's image in the index. */
export interface MergedPlatform {
  platform: Platform;
  digest: string;
  mediaType: string;
  /** Bytes of the manifest itself (the index descriptor's size). */
  manifestSize: number;
  /** Config and layers, compressed: what a pull of this platform downloads. */
  imageSize: number;
  /** The platform tag it was read from. */
  tag: string;
}

export interface MergedIndex {
  index: Buffer;
  platforms: MergedPlatform[];
  /** The attestation manifests of the platforms' images, as their tags list them. */
  attestations: Descriptor[];
}

interface ManifestJson {
  mediaType?: string;
  config?: { digest?: string; size?: number };
  layers?: Array<{ size?: number }>;
  manifests?: Array<{
    mediaType?: string;
    digest?: string;
    size?: number;
    platform?: Platform;
    annotations?: Record<string, string>;
  }>;
}

const INDEX_TYPES = new Set<string>([
  MEDIA_TYPES.index,
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** `sha-1a2b3c4-linux-arm-v7`: where a matrix job puts its platform's image. */
export function platformTag(sha: string, platform: Platform): string {
  return `sha-${sha.slice(0, 7)}-${platformTagSuffix(platform)}`;
}

/** Reads every platform tag of the commit and makes the index; fails naming what is wrong. */
export async function mergePlatformTags(
  reader: ManifestReader,
  repo: string,
  sha: string,
  platforms: readonly Platform[],
): Promise<MergedIndex> {
  const tags = platforms.map((p) => platformTag(sha, p));
  const found = await Promise.all(tags.map((tag) => reader.headManifest(repo, tag)));
  const missing = platforms.filter((_, i) => found[i] === undefined);
  if (missing.length > 0) throw missingPlatforms(repo, missing, tags, found);
  const merged: MergedPlatform[] = [];
  const attestations: Descriptor[] = [];
  for (const [i, wanted] of platforms.entries()) {
    const read = await readPlatformTag(reader, repo, tags[i]!, wanted);
    merged.push(...read.images);
    attestations.push(...read.attestations);
  }
  refuseDuplicates(merged);
  // BuildKit's order: every image, then the attestation manifests.
  const index = serializeIndex([
    ...merged.map((m) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.manifestSize,
      platform: m.platform,
    })),
    ...attestations,
  ]);
  return { index, platforms: merged, attestations };
}

/** The image (or, where the tag holds an index, the images) behind one platform tag. */
async function readPlatformTag(
  reader: ManifestReader,
  repo: string,
  tag: string,
  wanted: Platform,
): Promise<{ images: MergedPlatform[]; attestations: Descriptor[] }> {
  const top = await reader.getManifest(repo, tag);
  const json = parseJson(top.body, `the manifest ${tag}`) as ManifestJson;
  if (!INDEX_TYPES.has(top.mediaType) && !json.manifests) {
    return { images: [await readImage(reader, repo, tag, wanted, top)], attestations: [] };
  }
  const images: MergedPlatform[] = [];
  for (const entry of json.manifests ?? []) {
    // Attestations (unknown/unknown) describe images; they are not images to run.
    if (!entry.digest || !entry.platform || entry.platform.os === 'unknown') continue;
    const manifest = await reader.getManifest(repo, entry.digest);
    images.push(await readImage(reader, repo, tag, entry.platform, manifest));
  }
  if (!images.some((m) => samePlatform(m.platform, wanted))) {
    throw wrongPlatform(
      repo,
      tag,
      wanted,
      images.map((m) => formatPlatform(m.platform)).join(', ') || 'no image',
    );
  }
  return { images, attestations: attestationsOf(json.manifests ?? [], images) };
}

/** One image manifest, its platform read from its config and checked. */
async function readImage(
  reader: ManifestReader,
  repo: string,
  tag: string,
  wanted: Platform,
  manifest: { body: Buffer; mediaType: string; digest: string },
): Promise<MergedPlatform> {
  const json = parseJson(manifest.body, `the manifest ${tag}`) as ManifestJson;
  const configDigest = json.config?.digest;
  if (!configDigest) throw notAnImage(repo, tag);
  const config = parseJson(
    await readLimited(await reader.getBlob(repo, configDigest)),
    `the config of ${tag}`,
  ) as Partial<Platform>;
  const platform: Platform = {
    os: String(config.os ?? ''),
    architecture: String(config.architecture ?? ''),
    ...(config.variant ? { variant: String(config.variant) } : {}),
  };
  if (!samePlatform(platform, wanted))
    throw wrongPlatform(repo, tag, wanted, formatPlatform(platform));
  const layers = (json.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0);
  return {
    platform,
    digest: manifest.digest,
    mediaType: manifest.mediaType || json.mediaType || MEDIA_TYPES.manifest,
    manifestSize: manifest.body.length,
    imageSize: (json.config?.size ?? 0) + layers,
    tag,
  };
}

function refuseDuplicates(merged: readonly MergedPlatform[]): void {
  for (const [i, m] of merged.entries()) {
    const twice = merged.findIndex((o, j) => j > i && samePlatform(o.platform, m.platform));
    if (twice >= 0) {
      throw new ActionError(
        'push',
        `The platform ${formatPlatform(m.platform)} is in the merge twice: in ${m.tag} and in ${merged[twice]!.tag}.`,
        'List each platform once in "merge", and let each matrix job build its own platforms.',
      );
    }
  }
}

function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ActionError(
      'push',
      `The registry's copy of ${what} is not JSON.`,
      'Push that platform again.',
    );
  }
}

function missingPlatforms(
  repo: string,
  missing: readonly Platform[],
  tags: readonly string[],
  found: ReadonlyArray<unknown>,
): ActionError {
  const names = missing.map(formatPlatform).join(', ');
  const looked = tags.filter((_, i) => found[i] === undefined).join(', ');
  return new ActionError(
    'push',
    `${repo} has no image for ${names} of this commit: the tag${missing.length === 1 ? '' : 's'} ${looked} ${missing.length === 1 ? 'is' : 'are'} missing. Nothing was tagged.`,
    'Check that the matrix job of each platform succeeded with platform-tags: true, then run the merge again.',
  );
}

function wrongPlatform(repo: string, tag: string, wanted: Platform, holds: string): ActionError {
  return new ActionError(
    'push',
    `${repo}:${tag} should hold ${formatPlatform(wanted)} but holds ${holds}. Nothing was tagged.`,
    'Build that platform again with platform-tags: true on a runner of that platform (or with platforms set to it).',
  );
}

function notAnImage(repo: string, tag: string): ActionError {
  return new ActionError(
    'push',
    `${repo}:${tag} is not an image manifest.`,
    'Push that platform again with platform-tags: true.',
  );
}

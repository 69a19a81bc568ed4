/**
 * The merge of a build matrix: each job pushed its platform's image under a platform
 * tag of the commit (`sha-1a2b3c4-linux-arm64`); the merge reads those tags back,
 * checks that each really holds its platform, and makes one OCI image index of them.
 * No blob is copied: the index only names manifests the repository already has.
 */
import { readLimited } from '../util/read-limited.js';
import { isDigest } from '../registry/transport/credential-scope.js';
import { ActionError, showValue } from '../core/errors.js';
import { MEDIA_TYPES, serializeIndex, type Descriptor } from './image.js';
import { attestationsOf } from './attestations/merge.js';
import { formatPlatform, platformTagSuffix, samePlatform, type Platform } from './platform.js';
import { affixTag, PLAIN_VARIANT, type TagVariant } from '../registry/tag-variant.js';

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
    digest?: unknown;
    size?: number;
    platform?: unknown;
    annotations?: Record<string, string>;
  }>;
}

const INDEX_TYPES = new Set<string>([
  MEDIA_TYPES.index,
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** `sha-1a2b3c4-linux-arm-v7` (in the tag variant): where a matrix job puts its platform's image. */
export function platformTag(
  sha: string,
  platform: Platform,
  variant: TagVariant = PLAIN_VARIANT,
): string {
  return affixTag(`sha-${sha.slice(0, variant.shaLength)}-${platformTagSuffix(platform)}`, variant);
}

/** Reads every platform tag of the commit and makes the index; fails naming what is wrong. */
export async function mergePlatformTags(
  reader: ManifestReader,
  repo: string,
  sha: string,
  platforms: readonly Platform[],
  variant: TagVariant = PLAIN_VARIANT,
  annotations: ReadonlyArray<[string, string]> = [],
): Promise<MergedIndex> {
  const tags = platforms.map((p) => platformTag(sha, p, variant));
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
  const index = serializeIndex(
    [
      ...merged.map((m) => ({
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.manifestSize,
        platform: m.platform,
      })),
      ...attestations,
    ],
    Object.fromEntries(annotations),
  );
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
  const json = (parseJson(top.body, `the manifest ${tag}`) ?? {}) as ManifestJson;
  if (!INDEX_TYPES.has(top.mediaType) && !json.manifests) {
    return { images: [await readImage(reader, repo, tag, wanted, top)], attestations: [] };
  }
  // The registry's text: a list of objects only is read, anything else passed over.
  const entries = (Array.isArray(json.manifests) ? json.manifests : []).filter(
    (entry) => typeof entry === 'object' && entry !== null,
  );
  const images: MergedPlatform[] = [];
  for (const entry of entries) {
    if (!entry.platform) continue;
    const platform = registryPlatform(entry.platform, repo, tag, 'index');
    // Attestations (unknown/unknown) describe images; they are not images to run.
    if (platform.os === 'unknown') continue;
    if (typeof entry.digest !== 'string' || !isDigest(entry.digest)) {
      throw new ActionError(
        'push',
        `The index of ${repo}:${tag} names ${platform.os}/${platform.architecture} by ${showValue(String(entry.digest))}, which is not a digest. Nothing was tagged.`,
        'Push that platform again with platform-tags: true.',
      );
    }
    const manifest = await reader.getManifest(repo, entry.digest);
    images.push(await readImage(reader, repo, tag, platform, manifest));
  }
  if (!images.some((m) => samePlatform(m.platform, wanted))) {
    throw wrongPlatform(
      repo,
      tag,
      wanted,
      images.map((m) => formatPlatform(m.platform)).join(', ') || 'no image',
    );
  }
  return { images, attestations: attestationsOf(entries, images) };
}

/** One image manifest, its platform read from its config and checked. */
async function readImage(
  reader: ManifestReader,
  repo: string,
  tag: string,
  wanted: Platform,
  manifest: { body: Buffer; mediaType: string; digest: string },
): Promise<MergedPlatform> {
  const json = (parseJson(manifest.body, `the manifest ${tag}`) ?? {}) as ManifestJson;
  const configDigest = json.config?.digest;
  if (typeof configDigest !== 'string' || !isDigest(configDigest)) throw notAnImage(repo, tag);
  const config = parseJson(
    await readLimited(await reader.getBlob(repo, configDigest)),
    `the config of ${tag}`,
  ) as Record<string, unknown>;
  const platform = registryPlatform(config, repo, tag, 'image config');
  if (!samePlatform(platform, wanted))
    throw wrongPlatform(repo, tag, wanted, formatPlatform(platform));
  // Sizes as the registry wrote them: only numbers are counted (a text would reach the outputs).
  const size = (v: unknown): number =>
    Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : 0;
  const layers = (Array.isArray(json.layers) ? json.layers : []).reduce(
    (n: number, l: unknown) => n + size((l as { size?: unknown } | null)?.size),
    0,
  );
  return {
    platform,
    digest: manifest.digest,
    mediaType: manifest.mediaType || json.mediaType || MEDIA_TYPES.manifest,
    manifestSize: manifest.body.length,
    imageSize: size(json.config?.size) + layers,
    tag,
  };
}

/** OS and architecture: `linux`, `amd64`, `ppc64le`, `mips64_r6`. */
const NAME = /^[a-z0-9_]{1,32}$/;
/** A variant: `v7`, `v8`, or a short lowercase word. */
const VARIANT = /^(v[0-9]{1,4}|[a-z][a-z0-9]{0,15})$/;

/**
 * A platform as a registry wrote it (an index entry's, or an image config's), checked
 * against the grammar before any of it is used: it is shown in the log and the job
 * summary and written into an output, so nothing but a platform may pass.
 */
function registryPlatform(
  raw: unknown,
  repo: string,
  tag: string,
  where: 'index' | 'image config',
): Platform {
  const { os, architecture, variant } = (raw ?? {}) as Record<string, unknown>;
  const ok =
    typeof os === 'string' &&
    NAME.test(os) &&
    typeof architecture === 'string' &&
    NAME.test(architecture) &&
    (variant === undefined ||
      variant === '' ||
      (typeof variant === 'string' && VARIANT.test(variant)));
  if (!ok) {
    const shown = [os, architecture, variant]
      .filter((v) => v !== undefined && v !== '')
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      .join('/');
    throw new ActionError(
      'push',
      `The ${where} of ${repo}:${tag} names the platform ${showValue(shown, 100)}, which is not a platform (os and architecture are lowercase letters, digits and _; a variant is v and a number, or a short lowercase word). Nothing was tagged.`,
      'Push that platform again with platform-tags: true, from this action or docker buildx.',
    );
  }
  return variant ? { os, architecture, variant } : { os, architecture };
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

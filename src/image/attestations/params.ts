/**
 * What the attestations of a push say about it, decided once per run (the plan): the
 * source, the inputs that shape the image, and the name its subjects carry. Nothing in
 * it may change between two runs of one commit: no time but the commit's, no run id,
 * no path of the checkout (paths are relative to the workspace).
 */
import { parseReference, type ImageName } from '../../registry/reference.js';
import { formatPlatform, type Platform } from '../platform.js';

/** The version of this action, which names the builder in the provenance. */
export const ACTION_VERSION = '1.0.0';
/** The builder's identity: this action at its version. */
export const BUILDER_ID = `https://github.com/one-step-image/one-step-image@v${ACTION_VERSION}`;
/** The build type: what the external parameters mean (README, "Attestations"). */
export const BUILD_TYPE = 'https://github.com/one-step-image/one-step-image/attestations/build/v1';
export const PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1';
export const SBOM_TYPE = 'https://spdx.dev/Document';

export interface AttestParams {
  /**
   * The image's name where it is not pushed anywhere in particular: the repository's
   * name (the OCI title label), so that one commit pushed to two registries or
   * repositories gives one digest there too.
   */
  title: string;
  /** The tag the subjects name: the commit's (`sha-1a2b3c4`), the same for every run of it. */
  subjectTag: string;
  /** owner/name. */
  repository: string;
  serverUrl: string | undefined;
  ref: string;
  commit: string;
  buildCommand: string;
  /** Relative to the workspace ('.' for the workspace itself). */
  workingDirectory: string;
  context: string;
  dockerfile: string;
  target: string;
  buildArgs: Array<[string, string]>;
  /** Labels the user set (the OCI labels come from the source and the commit). */
  labels: Array<[string, string]>;
  /** The platforms input ([]: the runner's own). */
  platforms: string[];
  /** The builder input: auto, native or docker. */
  builderInput: string;
  /** Seconds since the epoch: the commit time (or SOURCE_DATE_EPOCH). */
  epoch: number;
}

/** A base image the build started from or copied out of, as resolved for one platform. */
export interface BaseRecord {
  ref: string;
  /** Digest of the platform's image manifest. */
  digest: string;
  platform: Platform;
}

/**
 * The subject's name: the image as a location-independent package URL (purl type `oci`:
 * the name, the manifest digest as the version, the platform and the commit's tag).
 */
export function subjectName(p: AttestParams, digest: string, platform: Platform): string {
  const name = encodeURIComponent(p.title.toLowerCase());
  return `pkg:oci/${name}@${encodeURIComponent(digest)}?platform=${encodeURIComponent(formatPlatform(platform))}&tag=${encodeURIComponent(p.subjectTag)}`;
}

/** A name that looks like it holds a secret: its value stays out of the attestations. */
export function secretLooking(name: string): boolean {
  return /(SECRET|TOKEN|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|AUTH|_KEY$|^KEY$)/i.test(
    name,
  );
}

/** BuildKit's subject name: the image as a package URL (`pkg:docker/alice/hello@tag?platform=`). */
export function dockerPurl(
  image: ImageName,
  version: string,
  qualifiers: Array<[string, string]>,
): string {
  const familiar =
    image.registry === 'docker.io' ? image.path.replace(/^library\//, '') : image.name;
  const parts = familiar.split('/').map(encodeURIComponent);
  const query = qualifiers
    .slice()
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `pkg:docker/${parts.join('/')}@${encodeURIComponent(version)}${query ? `?${query}` : ''}`;
}

/** A base image as a package URL, as BuildKit writes one: its tag, its digest, its platform. */
export function basePurl(b: BaseRecord): string {
  try {
    const parsed = parseReference(b.ref);
    const image = {
      registry: parsed.registry,
      path: parsed.path,
      name: `${parsed.registry}/${parsed.path}`,
    };
    return dockerPurl(image, parsed.tag ?? 'latest', [
      ['digest', b.digest],
      ['platform', formatPlatform(b.platform)],
    ]);
  } catch {
    return b.ref; // what the registry client read is always parseable
  }
}

/** The attestation manifests a merge keeps: those of the images it takes, as listed. */
import type { Descriptor } from '../image.js';
import { isDigest } from '../../registry/transport/credential-scope.js';
import { ATTESTATION_MANIFEST, REFERENCE_DIGEST, REFERENCE_TYPE } from './manifest.js';

/** An entry as a registry's index gives it: nothing in it is trusted yet. */
interface IndexEntry {
  mediaType?: string;
  digest?: unknown;
  size?: number;
  platform?: unknown;
  annotations?: Record<string, string>;
}

/** The manifest types an attestation manifest is written in, OCI's first. */
const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);

/** BuildKit's platform of an attestation manifest, written as such whatever the entry says. */
const UNKNOWN = { architecture: 'unknown', os: 'unknown' };

/** The entries of an index that attest one of `images`, their descriptors kept as they are. */
export function attestationsOf(
  entries: readonly IndexEntry[],
  images: ReadonlyArray<{ digest: string }>,
): Descriptor[] {
  const kept = new Set(images.map((i) => i.digest));
  const out: Descriptor[] = [];
  for (const e of entries) {
    const a = e.annotations ?? {};
    if (a[REFERENCE_TYPE] !== ATTESTATION_MANIFEST) continue;
    if (typeof e.digest !== 'string' || !isDigest(e.digest)) continue;
    if (!Number.isSafeInteger(e.size) || !kept.has(a[REFERENCE_DIGEST] ?? '')) continue;
    out.push({
      mediaType: MANIFEST_TYPES.has(e.mediaType ?? '')
        ? e.mediaType!
        : MANIFEST_TYPES.values().next().value!,
      digest: e.digest,
      size: e.size!,
      annotations: {
        [REFERENCE_TYPE]: ATTESTATION_MANIFEST,
        [REFERENCE_DIGEST]: a[REFERENCE_DIGEST]!,
      },
      platform: UNKNOWN,
    });
  }
  return out;
}

/** The attestation manifests a merge keeps: those of the images it takes, as listed. */
import type { Descriptor } from '../image.js';
import type { Platform } from '../platform.js';
import { ATTESTATION_MANIFEST, REFERENCE_DIGEST, REFERENCE_TYPE } from './manifest.js';

interface IndexEntry {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

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
    if (!e.digest || e.size === undefined || !kept.has(a[REFERENCE_DIGEST] ?? '')) continue;
    out.push({
      mediaType: e.mediaType ?? 'application/vnd.oci.image.manifest.v1+json',
      digest: e.digest,
      size: e.size,
      annotations: a,
      platform: e.platform,
    });
  }
  return out;
}

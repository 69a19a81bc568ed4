/**
 * The attestations of one platform's image: an SPDX SBOM and a SLSA provenance, as
 * in-toto statements about the image manifest, in one attestation manifest.
 */
import type { BuiltImage, BuiltLayer } from '../built-image.js';
import { readImageFiles } from './image-files.js';
import { attestationManifest, serializeStatement, type AttestationManifest } from './manifest.js';
import {
  PROVENANCE_TYPE,
  subjectName,
  SBOM_TYPE,
  type AttestParams,
  type BaseRecord,
} from './params.js';
import { provenancePredicate } from './provenance.js';
import { sbomDocument } from './sbom.js';

export async function attestImage(
  params: AttestParams,
  image: BuiltImage,
  builder: string,
  allBases: readonly BaseRecord[],
  open: (layer: BuiltLayer) => Promise<NodeJS.ReadableStream>,
): Promise<AttestationManifest> {
  const bases = uniqueBases(allBases);
  const contents = await readImageFiles(
    image.layers.map((l) => ({
      digest: l.digest,
      mediaType: l.mediaType,
      open: () => open(l),
      contents: l.contents,
    })),
  );
  const subject = {
    name: subjectName(params, image.manifestDigest, image.platform),
    digest: image.manifestDigest,
  };
  const sbom = serializeStatement(SBOM_TYPE, subject, sbomDocument(params, image, contents, bases));
  const provenance = serializeStatement(
    PROVENANCE_TYPE,
    subject,
    provenancePredicate(params, builder, image.platform, bases),
  );
  // BuildKit's order: the SBOM, then the provenance.
  return attestationManifest({ digest: image.manifestDigest }, [
    { predicateType: SBOM_TYPE, data: sbom },
    { predicateType: PROVENANCE_TYPE, data: provenance },
  ]);
}

/** Each base once (a stage built twice on one image), sorted: the order of the build is not kept. */
function uniqueBases(bases: readonly BaseRecord[]): BaseRecord[] {
  const seen = new Map<string, BaseRecord>();
  for (const b of bases) seen.set(`${b.ref}@${b.digest}`, b);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b);
}

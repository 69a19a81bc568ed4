/**
 * The SPDX 2.3 JSON document (https://spdx.github.io/spdx-spec/v2.3/) of one platform's
 * image: the image as the described package, its base images and the packages its
 * package managers record, and every regular file with its checksums and, in the file
 * comment, the layer that holds it (`layerID: sha256:...`, as BuildKit writes it).
 * Deterministic: sorted, namespace from the image digest, created at the commit time.
 */
import { formatPlatform, type Platform } from '../platform.js';
import type { ImageContents } from './image-files.js';
import { recordedPackages } from './packages.js';
import {
  ACTION_VERSION,
  basePurl,
  subjectName,
  type AttestParams,
  type BaseRecord,
} from './params.js';

const IMAGE_ID = 'SPDXRef-Package-image';

export function sbomDocument(
  p: AttestParams,
  image: { manifestDigest: string; platform: Platform },
  contents: ImageContents,
  bases: readonly BaseRecord[],
): unknown {
  const platform = formatPlatform(image.platform);
  const subject = subjectName(p, image.manifestDigest, image.platform);
  const recorded = recordedPackages(contents.records);
  const packages = [
    {
      ...pkg(IMAGE_ID, p.title, p.subjectTag, subject),
      primaryPackagePurpose: 'CONTAINER',
    },
    ...bases.map((b, i) => ({
      ...pkg(`SPDXRef-Package-base-${i + 1}`, b.ref, b.digest, basePurl(b)),
      primaryPackagePurpose: 'CONTAINER',
    })),
    ...recorded.map((r, i) => ({
      ...pkg(`SPDXRef-Package-${r.type}-${i + 1}`, r.name, r.version, r.purl),
      comment: `recorded in ${r.source}`,
    })),
  ];
  const files = contents.files.map((f, i) => ({
    fileName: f.path,
    SPDXID: `SPDXRef-File-${i + 1}`,
    checksums: [
      { algorithm: 'SHA1', checksumValue: f.sha1 },
      { algorithm: 'SHA256', checksumValue: f.sha256 },
    ],
    comment: `layerID: ${f.layer}`,
  }));
  const relationships = [
    rel('SPDXRef-DOCUMENT', 'DESCRIBES', IMAGE_ID),
    ...bases.map((_, i) => rel(IMAGE_ID, 'DESCENDANT_OF', `SPDXRef-Package-base-${i + 1}`)),
    ...recorded.map((r, i) => rel(IMAGE_ID, 'CONTAINS', `SPDXRef-Package-${r.type}-${i + 1}`)),
    ...files.map((f) => rel(IMAGE_ID, 'CONTAINS', f.SPDXID)),
  ];
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${p.title}:${p.subjectTag} ${platform}`,
    documentNamespace: `https://github.com/one-step-image/one-step-image/spdx/${p.repository || p.title}/${image.manifestDigest.replace(':', '-')}`,
    creationInfo: {
      created: new Date(p.epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: one-step-image-${ACTION_VERSION}`],
    },
    packages,
    files,
    relationships,
  };
}

function pkg(id: string, name: string, version: string, purl: string) {
  return {
    name,
    SPDXID: id,
    versionInfo: version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    externalRefs: [
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
    ],
  };
}

function rel(from: string, type: string, to: string) {
  return { spdxElementId: from, relationshipType: type, relatedSpdxElement: to };
}

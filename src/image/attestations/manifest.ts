/**
 * In-toto statements and the attestation manifest that carries them, in the layout
 * BuildKit writes (exporter/containerimage/writer.go, commitAttestationsManifest): an
 * OCI image manifest whose config is an image config of platform unknown/unknown with
 * the statements' digests as its diff_ids, whose layers are the statements
 * (`application/vnd.in-toto+json`, annotation `in-toto.io/predicate-type`), and whose
 * index entry has platform unknown/unknown and the annotations
 * `vnd.docker.reference.type: attestation-manifest` and `vnd.docker.reference.digest`.
 */
import { goJson, jsonMap } from '../go-format.js';
import { MEDIA_TYPES, serializeManifest, sha256Digest, type Descriptor } from '../image.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const STATEMENT_MEDIA_TYPE = 'application/vnd.in-toto+json';
export const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type';
export const REFERENCE_TYPE = 'vnd.docker.reference.type';
export const REFERENCE_DIGEST = 'vnd.docker.reference.digest';
export const ATTESTATION_MANIFEST = 'attestation-manifest';
/** BuildKit's platform for what is not an image to run. */
export const UNKNOWN_PLATFORM = { os: 'unknown', architecture: 'unknown' };

/** What a statement is about: one image manifest, by a name and its digest. */
export interface Subject {
  name: string;
  digest: string;
}

/** A blob of the attestation manifest: its bytes and digest. */
export interface AttestationBlob {
  digest: string;
  data: Buffer;
}

/** An attestation manifest, its blobs, and its entry in the image index. */
export interface AttestationManifest {
  manifest: Buffer;
  manifestDigest: string;
  config: AttestationBlob;
  statements: AttestationBlob[];
  descriptor: Descriptor;
}

/**
 * An in-toto statement v1 as Go's encoding/json writes in-toto-golang's Statement:
 * `_type`, `predicateType`, `subject` (name, digest by algorithm), `predicate`.
 */
export function serializeStatement(
  predicateType: string,
  subject: Subject,
  predicate: unknown,
): Buffer {
  const [algorithm, hex] = subject.digest.split(':');
  return Buffer.from(
    goJson({
      _type: STATEMENT_TYPE,
      predicateType,
      subject: [{ name: subject.name, digest: jsonMap({ [algorithm!]: hex }) }],
      predicate,
    }),
    'utf8',
  );
}

/** The attestation manifest over statements about the image manifest `target`. */
export function attestationManifest(
  target: { digest: string },
  statements: ReadonlyArray<{ predicateType: string; data: Buffer }>,
): AttestationManifest {
  const blobs = statements.map((s) => ({ digest: sha256Digest(s.data), data: s.data }));
  const configData = Buffer.from(
    goJson({
      architecture: UNKNOWN_PLATFORM.architecture,
      os: UNKNOWN_PLATFORM.os,
      config: {},
      rootfs: { type: 'layers', diff_ids: blobs.map((b) => b.digest) },
    }),
    'utf8',
  );
  const config = { digest: sha256Digest(configData), data: configData };
  const manifest = serializeManifest(
    { mediaType: MEDIA_TYPES.config, digest: config.digest, size: configData.length },
    statements.map((s, i) => ({
      mediaType: STATEMENT_MEDIA_TYPE,
      digest: blobs[i]!.digest,
      size: s.data.length,
      annotations: { [PREDICATE_ANNOTATION]: s.predicateType },
    })),
  );
  const manifestDigest = sha256Digest(manifest);
  return {
    manifest,
    manifestDigest,
    config,
    statements: blobs,
    descriptor: {
      mediaType: MEDIA_TYPES.manifest,
      digest: manifestDigest,
      size: manifest.length,
      annotations: { [REFERENCE_DIGEST]: target.digest, [REFERENCE_TYPE]: ATTESTATION_MANIFEST },
      platform: UNKNOWN_PLATFORM,
    },
  };
}

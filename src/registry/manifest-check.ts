/**
 * What a registry says after a manifest push is not taken on trust: the tag (or the
 * digest) is read back with one HEAD and compared with the digest computed from the
 * manifest's bytes. This module judges what was read back; the client does the I/O.
 */
import type { Stage } from '../core/errors.js';
import type { Logger } from './types.js';
import { RegistryError } from './errors.js';
import { shownDigest } from './transport/credential-scope.js';
import { retryFloor } from './transport/retry.js';

/** Manifest PUTs in a row that the registry acknowledges without storing, before failing. */
export const MANIFEST_PUT_ROUNDS = 3;

export type StoredManifest =
  /** The reference names the digest pushed. */
  | { state: 'stored' }
  /** The registry does not serve the reference at all: push again. */
  | { state: 'missing' }
  /** The reference names another manifest. */
  | { state: 'other'; found: string };

/** Compares what the registry serves under the reference with the digest pushed. */
export function judgeStored(pushed: string, served: string | undefined): StoredManifest {
  if (served === undefined) return { state: 'missing' };
  return served === pushed ? { state: 'stored' } : { state: 'other', found: served };
}

/** "alice/app:v1", or "alice/app@sha256:…" for a digest reference. */
export function manifestRef(repo: string, reference: string): string {
  return reference.includes(':') ? `${repo}@${reference}` : `${repo}:${reference}`;
}

/** The error when the registry acknowledged a manifest it does not serve as pushed. */
export function notStoredError(
  stage: Stage,
  o: { repo: string; reference: string; pushed: string; status: number; verdict: StoredManifest },
): RegistryError {
  const ref = manifestRef(o.repo, o.reference);
  const said = `The registry answered HTTP ${o.status} to the push of ${ref}`;
  if (o.verdict.state === 'other') {
    return new RegistryError(
      stage,
      `${said}, but ${ref} names ${o.verdict.found}, not the pushed manifest ${o.pushed}.`,
      'The registry (or a proxy in front of it) changed the manifest; push again, and report it if it persists.',
      o.status,
    );
  }
  return new RegistryError(
    stage,
    `${said} ${MANIFEST_PUT_ROUNDS} times, but did not store it: it does not serve ${ref}.`,
    'The registry (or a proxy in front of it) is dropping manifests; try again later, and report it if it persists.',
    o.status,
  );
}

export interface VerifiedPush {
  repo: string;
  reference: string;
  /** The digest computed from the manifest's bytes. */
  digest: string;
  stage: Stage;
  log: Logger;
  sleep: (ms: number) => Promise<void>;
  /** One PUT (with its own retries): its status and Docker-Content-Digest. */
  put: () => Promise<{ status: number; reported?: string }>;
  /** The digest the registry serves under the reference now (one HEAD), if any. */
  served: () => Promise<string | undefined>;
  /** Whether the registry serves the pushed manifest by its digest (one HEAD). */
  storedByDigest: () => Promise<boolean>;
}

/**
 * A tag that names another manifest than the one just pushed, while the registry does
 * store the pushed one: another push moved the tag since (a concurrent run), as it may.
 */
async function movedSince(o: VerifiedPush, found: string): Promise<boolean> {
  if (o.reference.includes(':') || !(await o.storedByDigest())) return false;
  o.log.info(
    `${manifestRef(o.repo, o.reference)} was pushed as ${o.digest} and names ${shownDigest(found)} now: another push moved it since`,
  );
  return true;
}

/**
 * Pushes a manifest and reads the reference back: returns the digest once the registry
 * serves it, pushes again one it acknowledged without storing, and fails when the
 * reference names another manifest or stays missing.
 */
export async function pushVerified(o: VerifiedPush): Promise<string> {
  const ref = manifestRef(o.repo, o.reference);
  for (let round = 1; ; round++) {
    const { status, reported } = await o.put();
    const verdict = judgeStored(o.digest, await o.served());
    if (verdict.state === 'stored') {
      if (reported && reported !== o.digest)
        o.log.info(
          `The registry reported ${shownDigest(reported)} for ${ref}, but serves it as pushed`,
        );
      o.log.debug(`Manifest ${ref} pushed (${o.digest})`);
      return o.digest;
    }
    if (verdict.state === 'other' && (await movedSince(o, verdict.found))) return o.digest;
    if (verdict.state === 'other' || round >= MANIFEST_PUT_ROUNDS)
      throw notStoredError(o.stage, { ...o, pushed: o.digest, status, verdict });
    o.log.info(
      `The registry answered HTTP ${status} to the push of ${ref} but does not serve it; pushing it again`,
    );
    await o.sleep(retryFloor(round - 1));
  }
}

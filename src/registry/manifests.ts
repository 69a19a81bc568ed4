/**
 * Manifest endpoints: read (GET, verified against the digest asked for), check (HEAD)
 * and push (PUT, then read back until the registry serves what was pushed).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RegistryError } from './errors.js';
import { pushVerified } from './manifest-check.js';
import { MANIFEST_ACCEPT } from './media-types.js';
import { repositoryScope } from './transport/auth.js';
import * as scope from './transport/credential-scope.js';
import { header } from './transport/http.js';
import { readOf, type Transport } from './transport/transport.js';
import type { FetchedManifest } from './types.js';

/**
 * Pushes a manifest under a tag or its digest, then reads the reference back (one
 * HEAD) and returns the digest only once the registry serves it: an acknowledged
 * manifest that was not stored is pushed again, one stored as something else fails.
 */
export async function putManifest(
  t: Transport,
  repo: string,
  reference: string,
  body: Buffer,
  mediaType: string,
  sleep: (ms: number) => Promise<void>,
): Promise<string> {
  const what = `pushing the manifest ${reference} to ${repo}`;
  const digest = sha256(body);
  return pushVerified({
    repo,
    reference,
    digest,
    stage: t.stage,
    log: t.log,
    sleep,
    put: async () => {
      const res = await t.send({
        method: 'PUT',
        url: t.url(`/v2/${repo}/manifests/${reference}`),
        scopes: [repositoryScope(repo, ['pull', 'push'])],
        what,
        repo,
        access: 'push',
        headers: { 'content-type': mediaType },
        body,
      });
      if (res.status < 200 || res.status >= 300)
        throw t.failures.failure({ what, repo, access: 'push' }, res);
      return { status: res.status, reported: header(res.headers, 'docker-content-digest') };
    },
    served: async () => (await headManifest(t, repo, reference))?.digest,
    storedByDigest: async () => (await headManifest(t, repo, digest))?.digest === digest,
  });
}

export async function getManifest(
  t: Transport,
  repo: string,
  reference: string,
  accept: string[] = MANIFEST_ACCEPT,
): Promise<FetchedManifest> {
  const what = `reading the manifest ${reference} of ${repo}`;
  const res = await t.send({
    method: 'GET',
    url: t.url(`/v2/${repo}/manifests/${reference}`),
    ...readOf(repo, what),
    headers: { accept: accept.join(', ') },
  });
  if (res.status !== 200) throw t.failures.failure({ what, repo, access: 'pull' }, res);
  const body = res.body;
  const byDigest = reference.includes(':');
  const digest = byDigest ? digestOf(reference, body) : sha256(body);
  if (byDigest) {
    const actual = digest;
    if (actual !== reference) {
      throw new RegistryError(
        t.stage,
        `The manifest the registry returned for ${repo}@${reference} hashes to ${actual}: its content does not match the digest asked for.`,
        'The registry (or a proxy in front of it) served wrong content; try again, and report it if it persists.',
        res.status,
      );
    }
  }
  const mediaType = contentType(res.headers) ?? mediaTypeInBody(body) ?? '';
  return { body, mediaType, digest };
}

export async function headManifest(
  t: Transport,
  repo: string,
  reference: string,
): Promise<{ digest: string; mediaType: string } | undefined> {
  const what = `checking the manifest ${reference} of ${repo}`;
  const res = await t.send({
    method: 'HEAD',
    url: t.url(`/v2/${repo}/manifests/${reference}`),
    ...readOf(repo, what),
    headers: { accept: MANIFEST_ACCEPT.join(', ') },
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw t.failures.failure({ what, repo, access: 'pull' }, res);
  const digest = header(res.headers, 'docker-content-digest');
  const mediaType = contentType(res.headers);
  if (digest && scope.isDigest(digest) && mediaType) return { digest, mediaType };
  // Some registries leave these out of HEAD answers: read the manifest instead.
  const m = await getManifest(t, repo, reference);
  return { digest: m.digest, mediaType: m.mediaType };
}

function contentType(h: IncomingHttpHeaders): string | undefined {
  const v = header(h, 'content-type');
  if (!v) return undefined;
  const t = v.split(';')[0]!.trim();
  return t === '' ? undefined : t;
}

function mediaTypeInBody(body: Buffer): string | undefined {
  try {
    const m = (JSON.parse(body.toString('utf8')) as { mediaType?: unknown }).mediaType;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function digestOf(reference: string, body: Buffer): string {
  const algorithm = reference.slice(0, reference.indexOf(':'));
  if (algorithm !== 'sha256' && algorithm !== 'sha512') return sha256(body);
  return `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
}

/**
 * Blob endpoints: whether a repository has a blob (HEAD), a blob's content verified
 * against its digest as it streams (GET), and cross-repository mounts.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { ActionError, type Stage } from '../core/errors.js';
import { RegistryError, type Access } from './errors.js';
import { repositoryScope } from './transport/auth.js';
import * as scope from './transport/credential-scope.js';
import { header, type HttpResponse } from './transport/http.js';
import { readOf, type Transport } from './transport/transport.js';
import type { BlobSource } from './types.js';

export function checkDigest(digest: string): void {
  if (!scope.isDigest(digest)) {
    throw new ActionError('push', `"${digest}" is not a valid blob digest.`);
  }
}

/** "sha256:0123456789ab", for messages. */
export function shortDigest(digest: string): string {
  const i = digest.indexOf(':');
  return i < 0 ? digest : digest.slice(0, i + 13);
}

export async function blobExists(
  t: Transport,
  repo: string,
  digest: string,
  access: Access,
): Promise<boolean> {
  checkDigest(digest);
  const what = `checking blob ${shortDigest(digest)} in ${repo}`;
  const res = await t.send({
    method: 'HEAD',
    url: t.url(`/v2/${repo}/blobs/${digest}`),
    // A push token also serves the later upload; ask for it right away.
    scopes: [repositoryScope(repo, access === 'push' ? ['pull', 'push'] : ['pull'])],
    what,
    repo,
    access,
  });
  if (res.status === 200 || (res.status >= 300 && res.status < 400)) return true;
  if (res.status === 404) return false;
  throw t.failures.failure({ what, repo, access }, res);
}

/**
 * Whether an answer to a PATCH says the registry took its bytes: 202 as the spec says,
 * or 201 as Amazon ECR answers (aws/containers-roadmap#2831); the session stays open
 * for the closing PUT either way, as docker push treats any 2xx.
 */
export function patchTaken(status: number): boolean {
  return status === 202 || status === 201;
}

/** Where the registry says an upload goes on (its Location header). */
export function uploadLocation(t: Transport, res: HttpResponse, requestUrl: URL): URL {
  const loc = header(res.headers, 'location');
  if (!loc) {
    throw new RegistryError(
      t.stage,
      `${t.registry} opened an upload without saying where to send it (no Location header).`,
      undefined,
      res.status,
    );
  }
  return new URL(loc, requestUrl);
}

/**
 * Answers to a mount that leave the blob to be uploaded: no access to the source (401,
 * 403), a source the registry holds invalid or does not have (400, as Harbor answers
 * for a one-part name, goharbor/harbor#22078; 404), mounts it does not make (405, 501).
 */
const MOUNT_REFUSALS = new Set([400, 401, 403, 404, 405, 501]);

/** Cross-repository mount: 'mounted', or the upload location to go on with. */
export async function mountBlob(
  t: Transport,
  repo: string,
  blob: BlobSource,
  from: string,
): Promise<'mounted' | URL | undefined> {
  const url = t.url(`/v2/${repo}/blobs/uploads/`);
  url.searchParams.set('mount', blob.digest);
  url.searchParams.set('from', from);
  const what = `mounting blob ${shortDigest(blob.digest)} from ${from} into ${repo}`;
  const res = await t.send({
    method: 'POST',
    url,
    scopes: [repositoryScope(repo, ['pull', 'push']), repositoryScope(from, ['pull'])],
    what,
    repo,
    access: 'push',
    allowDenied: true,
  });
  if (res.status === 201) {
    t.stats.blobsMounted++;
    t.log.debug(`Blob ${shortDigest(blob.digest)} mounted from ${from} into ${repo}`);
    return 'mounted';
  }
  if (res.status === 202) {
    t.log.debug(`Blob ${shortDigest(blob.digest)} could not be mounted from ${from}: uploading`);
    return uploadLocation(t, res, url);
  }
  if (MOUNT_REFUSALS.has(res.status)) {
    // Often: no read access to the source, or a source the registry will not mount
    // from. The upload below will tell whether pushing to the target itself is allowed.
    t.log.debug(`Mounting from ${from} refused (HTTP ${res.status}): uploading instead`);
    return undefined;
  }
  throw t.failures.failure({ what, repo, access: 'push' }, res);
}

/**
 * The blob's content as a stream, verified against its digest: the stream
 * fails if the bytes do not hash to `digest`. Follows redirects (Docker Hub
 * serves blobs from a CDN), without our credentials when the host changes.
 */
export async function getBlob(
  t: Transport,
  repo: string,
  digest: string,
): Promise<NodeJS.ReadableStream> {
  checkDigest(digest);
  const what = `downloading blob ${shortDigest(digest)} of ${repo}`;
  const res = await t.send({
    method: 'GET',
    url: t.url(`/v2/${repo}/blobs/${digest}`),
    ...readOf(repo, what),
    stream: true,
  });
  if (res.status !== 200 || !res.stream)
    throw t.failures.failure({ what, repo, access: 'pull' }, res);
  const verify = verifying(t.stage, repo, digest, Number(header(res.headers, 'content-length')));
  res.stream.on('error', (err: Error) => verify.destroy(t.failures.streamError(what, err)));
  res.stream.pipe(verify);
  return verify;
}

/** A pass-through that fails at the end unless the bytes have the size and digest expected. */
function verifying(stage: Stage, repo: string, digest: string, expectedSize: number): Transform {
  const [algorithm, expectedHex] = digest.split(':') as [string, string];
  const hash = createHash(algorithm);
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      const hex = hash.digest('hex');
      if (Number.isFinite(expectedSize) && size !== expectedSize) {
        cb(
          new RegistryError(
            stage,
            `Blob ${shortDigest(digest)} of ${repo} was cut short: got ${size} of ${expectedSize} bytes.`,
            undefined,
            200,
          ),
        );
      } else if (hex !== expectedHex) {
        cb(
          new RegistryError(
            stage,
            `Blob ${shortDigest(digest)} of ${repo} does not match its digest (got ${algorithm}:${hex}).`,
            undefined,
            200,
          ),
        );
      } else cb();
    },
  });
}

/**
 * Uploading a blob the repository lacks, as named steps under one retry: start (open a
 * session, or send a small blob whole), send (one streamed PATCH or chunks), finish
 * (the closing PUT ?digest=), and after a failure resume (ask the session how much it
 * holds, never guess) or restart in a new session.
 *
 * With the pure parts of resuming: what a registry's Range header says is stored, the
 * part of a blob still to send, and whether the blob on disk still is what its digest
 * says.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { ActionError } from '../core/errors.js';
import { formatBytes } from '../util/bytes.js';
import { blobExists, patchTaken, shortDigest, uploadLocation } from './blobs.js';
import { cap, errorCodes, hintForStatus, RegistryError, type Operation } from './errors.js';
import { repositoryScope } from './transport/auth.js';
import * as scope from './transport/credential-scope.js';
import { header, type HttpResponse } from './transport/http.js';
import { isRetryableError, isRetryableStatus } from './transport/retry.js';
import type { RetryRun, Transport } from './transport/transport.js';
import type { BlobSource } from './types.js';

/** Blobs up to this size are sent in one request (POST ?digest=, or POST then PUT). */
export const MONOLITHIC_MAX_BYTES = 1024 * 1024;
const FALLBACK_CHUNK = 16 * 1024 * 1024;
/** Immediate restarts of an upload whose session the registry lost (404/416). */
const MAX_SESSION_RESTARTS = 3;

/** The registry refused the uploaded content (DIGEST_INVALID, SIZE_INVALID). */
export class ContentRejected extends Error {
  constructor(readonly failure: RegistryError) {
    super(failure.message);
  }
}

/**
 * How many bytes an upload session holds, from its Range header ("0-1023": 1024), or
 * undefined when that is not known for sure: no header, a malformed one, one that does
 * not start at 0, or "0-0", which the CNCF registry answers both for an empty session
 * and for one holding a single byte.
 */
export function storedBytes(range: string | undefined): number | undefined {
  if (!range) return undefined;
  const m = /^(?:bytes=)?(\d+)-(\d+)$/.exec(range.trim());
  if (!m || m[1] !== '0') return undefined;
  const end = Number(m[2]);
  return end === 0 || !Number.isSafeInteger(end) ? undefined : end + 1;
}

/** The digest of what the blob's source gives now (opens it once more). */
export async function sourceDigest(blob: BlobSource): Promise<string> {
  const algorithm = blob.digest.startsWith('sha512:') ? 'sha512' : 'sha256';
  const hash = createHash(algorithm);
  const src = blob.open();
  if (Buffer.isBuffer(src)) hash.update(src);
  else for await (const chunk of src) hash.update(chunk as Buffer);
  return `${algorithm}:${hash.digest('hex')}`;
}

/**
 * After the registry refused what an upload session held: throws `failure` (the blob
 * changed while it was being uploaded) only when the source no longer hashes to the
 * blob's digest, or cannot be read; returns when the blob is unchanged, to be uploaded
 * again in a new session.
 */
export async function assertUnchanged(blob: BlobSource, failure: RegistryError): Promise<void> {
  let now: string;
  try {
    now = await sourceDigest(blob);
  } catch {
    throw failure;
  }
  if (now !== blob.digest) throw failure;
}

/** Bytes [start, start+length) of a blob, as a stream; opens the source anew. */
export function sliceSource(
  blob: BlobSource,
  start: number,
  length: number,
): NodeJS.ReadableStream | Buffer {
  const src = blob.open();
  if (Buffer.isBuffer(src)) return src.subarray(start, start + length);
  if (start === 0 && length === blob.size) return src;
  let pos = 0;
  const end = start + length;
  const slicer = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const from = pos;
      pos += chunk.length;
      if (pos <= start || from >= end) {
        if (from >= end) {
          // Everything wanted has passed: stop reading the source.
          (src as { destroy?: () => void }).destroy?.();
          this.push(null);
        }
        cb();
        return;
      }
      cb(null, chunk.subarray(Math.max(0, start - from), Math.min(chunk.length, end - from)));
      if (pos >= end) {
        (src as { destroy?: () => void }).destroy?.();
        this.push(null);
      }
    },
  });
  src.on('error', (err: Error) => slicer.destroy(err));
  src.pipe(slicer);
  return slicer;
}

class RestartUpload extends Error {}
class SessionLost extends Error {}
class TransientStatus extends Error {
  constructor(readonly response: HttpResponse) {
    super(`HTTP ${response.status}`);
  }
}

function isNetworkError(err: unknown): boolean {
  return typeof (err as { code?: unknown } | null)?.code === 'string';
}

/** One blob's upload: where its session is and how far it got. */
interface Upload {
  repo: string;
  blob: BlobSource;
  scopes: string[];
  what: string;
  op: Operation;
  /** The session's Location, once one is open. */
  location?: URL;
  /** Bytes the session holds. */
  offset: number;
  restarts: number;
  /** The retry budget counts from the first failure since the last progress. */
  run: RetryRun;
}

/** Uploads to one registry; remembers what it learnt about it (chunk size, monolithic POST). */
export class BlobUploader {
  /** Whether POST ?digest= with a body completes an upload here (unknown until tried). */
  private monolithicPost: boolean | undefined;

  constructor(
    private readonly t: Transport,
    /** PATCH chunk size (0: one streamed PATCH for the whole blob). */
    private chunkSize: number,
  ) {}

  /**
   * Uploads a blob the repository lacks. Small blobs go in one request; larger
   * ones as a streamed PATCH (or chunks) then a closing PUT. After a broken
   * connection or a transient error, asks the registry how far the upload got
   * and goes on from there, or starts a fresh session. With `resume`, the session
   * `initial` was cut off (a streamed upload): asks it first how much it holds.
   */
  async upload(repo: string, blob: BlobSource, initial?: URL, resume = false): Promise<void> {
    const what = `uploading blob ${shortDigest(blob.digest)} (${formatBytes(blob.size)}) to ${repo}`;
    const u: Upload = {
      repo,
      blob,
      scopes: [repositoryScope(repo, ['pull', 'push'])],
      what,
      op: { what, repo, access: 'push' },
      location: initial,
      offset: 0,
      restarts: 0,
      run: { attempt: 0 },
    };
    await this.t.auth.discover();
    if (resume && (await this.resume(u))) return;
    for (;;) {
      try {
        await this.attempt(u);
        return;
      } catch (err) {
        if (await this.restartAfter(u, err)) continue;
        await this.retryAfter(u, err);
        if (await this.resume(u)) return;
      }
    }
  }

  /** Start (unless a session is open), send, finish. */
  private async attempt(u: Upload): Promise<void> {
    if (u.location === undefined) {
      u.offset = 0;
      if (await this.start(u)) return;
    }
    if (u.blob.size <= MONOLITHIC_MAX_BYTES && u.offset === 0) {
      await this.finish(u, true);
      return;
    }
    while (u.offset < u.blob.size) await this.sendChunk(u);
    await this.finish(u, false);
  }

  /** Opens a session; true when a small blob was stored whole by the POST itself. */
  private async start(u: Upload): Promise<boolean> {
    const url = this.t.url(`/v2/${u.repo}/blobs/uploads/`);
    const small = u.blob.size <= MONOLITHIC_MAX_BYTES;
    if (!small || this.monolithicPost === false) {
      const res = await this.t.send({ method: 'POST', url, ...this.target(u) });
      if (res.status !== 202) throw this.t.failures.failure(u.op, res);
      u.location = uploadLocation(this.t, res, url);
      return false;
    }
    url.searchParams.set('digest', u.blob.digest);
    const res = await this.t.send({
      method: 'POST',
      url,
      ...this.target(u),
      headers: { 'content-type': 'application/octet-stream' },
      body: () => u.blob.open(),
      contentLength: u.blob.size,
      retry: false,
    });
    if (res.status === 201) {
      this.monolithicPost = true;
      this.checkStoredDigest(res, u);
      return true;
    }
    if (res.status !== 202) throw this.uploadFailure(u, res);
    // The registry opened a session and ignored the body: send it with the PUT.
    this.monolithicPost = false;
    u.location = uploadLocation(this.t, res, url);
    return false;
  }

  /** One PATCH: the rest of the blob, or the next chunk. */
  private async sendChunk(u: Upload): Promise<void> {
    const from = u.offset;
    const rest = u.blob.size - from;
    const length = this.chunkSize > 0 ? Math.min(this.chunkSize, rest) : rest;
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (this.chunkSize > 0 || from > 0) headers['content-range'] = `${from}-${from + length - 1}`;
    const res = await this.t.send({
      method: 'PATCH',
      url: u.location!,
      ...this.target(u),
      headers,
      body: () => sliceSource(u.blob, from, length),
      contentLength: length,
      retry: false,
    });
    if (!patchTaken(res.status)) {
      if (res.status === 413 && this.chunkSize === 0 && length > FALLBACK_CHUNK) {
        this.chunkSize = FALLBACK_CHUNK;
        this.t.log.warning(
          `${this.t.registry} refused a ${formatBytes(length)} request (HTTP 413); uploading in ${formatBytes(FALLBACK_CHUNK)} chunks`,
        );
        throw new RestartUpload();
      }
      throw this.uploadFailure(u, res);
    }
    u.location = uploadLocation(this.t, res, u.location!);
    // A Range that did not move with an accepted PATCH is stale, not a chunk refused
    // (Amazon ECR's stays where the first PATCH left it): go by what was sent. Where the
    // registry did lose the bytes, the next chunk or the closing PUT finds out.
    const confirmed = storedBytes(header(res.headers, 'range'));
    u.offset = confirmed !== undefined && confirmed > from ? confirmed : from + length;
    if (u.offset !== from + length) {
      this.t.log.debug(`Registry confirmed ${u.offset} bytes where ${from + length} were sent`);
    }
    u.run.attempt = 0;
    u.run.since = undefined;
  }

  /** The closing PUT ?digest= (with the whole body for small blobs). */
  private async finish(u: Upload, withBody: boolean): Promise<void> {
    const url = new URL(u.location!);
    url.searchParams.set('digest', u.blob.digest);
    const res = await this.t.send({
      method: 'PUT',
      url,
      ...this.target(u),
      headers: withBody ? { 'content-type': 'application/octet-stream' } : {},
      body: withBody ? () => u.blob.open() : undefined,
      contentLength: withBody ? u.blob.size : undefined,
      retry: false,
    });
    if (res.status !== 201 && res.status !== 204 && res.status !== 200)
      throw this.uploadFailure(u, res);
    this.checkStoredDigest(res, u);
  }

  /** After a lost session or refused content: true to start again in a new session. */
  private async restartAfter(u: Upload, err: unknown): Promise<boolean> {
    if (err instanceof ContentRejected) {
      await assertUnchanged(u.blob, err.failure);
      this.t.log.debug(`${err.message} The blob is unchanged: uploading it again`);
    }
    if (!(
      err instanceof RestartUpload ||
      err instanceof SessionLost ||
      err instanceof ContentRejected
    ))
      return false;
    if (++u.restarts > MAX_SESSION_RESTARTS) {
      throw new RegistryError(
        this.t.stage,
        this.t.failures.redact(
          `${cap(u.what)} failed: the registry kept losing the upload session.`,
        ),
        hintForStatus(500, []),
        undefined,
      );
    }
    this.t.log.debug(`${cap(u.what)}: starting a new upload session`);
    u.location = undefined;
    return true;
  }

  /** Waits before the next try when the failure is transient and time is left; throws otherwise. */
  private async retryAfter(u: Upload, err: unknown): Promise<void> {
    if (err instanceof ActionError) throw err;
    const response = err instanceof TransientStatus ? err.response : undefined;
    const d = this.t.decideRetry(u.run, { response, error: err });
    if (!d.retry) {
      const { failures } = this.t;
      if (response) throw failures.failure(u.op, response, d.reason);
      if (isNetworkError(err))
        throw failures.networkFailure(u.op, err, isRetryableError(err) ? d.reason : undefined);
      throw err;
    }
    await this.t.waitToRetry(u.run, u.what, response, d);
  }

  /**
   * After a retried failure: goes on where the session says it stands, or with a new
   * session; true when the blob turns out to be stored already.
   */
  private async resume(u: Upload): Promise<boolean> {
    if (u.location === undefined) return false;
    const status = await this.status(u, u.location);
    if (status === undefined) {
      // The session is gone; perhaps because the closing PUT did succeed.
      if (await blobExists(this.t, u.repo, u.blob.digest, 'push')) return true;
      u.location = undefined;
    } else if (status.offset === undefined || status.offset > u.blob.size) {
      // Resuming needs to know exactly what the session holds; never guess.
      this.t.log.debug(
        `${cap(u.what)}: the upload session does not say how much it holds (Range: ${status.range ?? 'none'}); starting a new one`,
      );
      u.location = undefined;
    } else {
      u.location = status.location;
      u.offset = status.offset;
      if (u.offset > 0) this.t.log.debug(`${cap(u.what)}: resuming at byte ${u.offset}`);
    }
    return false;
  }

  /** Where an interrupted upload stands, or undefined when the session is gone. */
  private async status(
    u: Upload,
    location: URL,
  ): Promise<{ location: URL; offset: number | undefined; range?: string } | undefined> {
    try {
      const res = await this.t.send({
        method: 'GET',
        url: location,
        ...this.target(u),
        allowDenied: true,
      });
      if (res.status !== 204 && res.status !== 202) return undefined;
      const range = header(res.headers, 'range');
      return { location: uploadLocation(this.t, res, location), offset: storedBytes(range), range };
    } catch (err) {
      if (err instanceof ActionError && err.stage === 'login') throw err;
      return undefined;
    }
  }

  private target(u: Upload): { scopes: string[]; what: string; repo: string; access: 'push' } {
    return { scopes: u.scopes, what: u.what, repo: u.repo, access: 'push' };
  }

  private checkStoredDigest(res: HttpResponse, u: Upload): void {
    const stored = header(res.headers, 'docker-content-digest');
    const { blob, repo } = u;
    if (stored && stored !== blob.digest) {
      throw new RegistryError(
        this.t.stage,
        `The registry stored blob ${shortDigest(blob.digest)} of ${repo} under ${scope.shownDigest(stored)}.`,
        'The blob changed while it was uploaded, or a proxy altered it.',
        res.status,
      );
    }
    this.t.log.debug(
      `Blob ${shortDigest(blob.digest)} (${formatBytes(blob.size)}) uploaded to ${repo}`,
    );
  }

  /** Upload-step answers: transient ones are retried by the caller, lost sessions restarted. */
  private uploadFailure(u: Upload, res: HttpResponse): Error {
    const codes = errorCodes(res.body);
    if (isRetryableStatus(res.status)) return new TransientStatus(res);
    if (
      res.status === 416 ||
      codes.includes('BLOB_UPLOAD_UNKNOWN') ||
      codes.includes('BLOB_UPLOAD_INVALID') ||
      codes.includes('RANGE_INVALID')
    )
      return new SessionLost();
    if (res.status === 404 && codes.length === 0) return new SessionLost();
    if (codes.includes('DIGEST_INVALID') || codes.includes('SIZE_INVALID')) {
      const { failures } = this.t;
      return new ContentRejected(
        new RegistryError(
          this.t.stage,
          failures.redact(`${cap(u.op.what)} failed: ${failures.describe(res)}.`),
          'The blob changed while it was being uploaded; build again.',
          res.status,
          codes,
        ),
      );
    }
    return this.t.failures.failure(u.op, res);
  }
}

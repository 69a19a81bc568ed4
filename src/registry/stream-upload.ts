/**
 * Uploading a blob while it is being written, as `docker push` sends its layers: a
 * session opened (POST), the bytes in one chunked PATCH as they come, the closing PUT
 * ?digest= once the last one is there and the digest known.
 *
 * Whatever goes wrong is left to the file-based upload (upload.ts), which takes the
 * finished blob from disk: after a cut it goes on from what the session says it holds,
 * else in a new session; after a 429 or 503 it waits first, as the registry asks. A registry that refuses a streamed upload (416, or a PATCH
 * without a length refused) or asks for chunks of a fixed size (OCI-Chunk-Min-Length)
 * is asked no more in this run: its blobs are uploaded once written.
 */
import { formatBytes } from '../util/bytes.js';
import { patchTaken, shortDigest, uploadLocation } from './blobs.js';
import { repositoryScope } from './transport/auth.js';
import { header, type HttpResponse } from './transport/http.js';
import { isRetryableStatus } from './transport/retry.js';
import type { RetryRun, Transport } from './transport/transport.js';
import type { BlobSource, GrowingBlob } from './types.js';
import { storedBytes } from './upload.js';

/** How a streamed upload ended: stored, or the finished blob for the file-based upload. */
export type StreamOutcome =
  | { stored: true; blob: BlobSource }
  /** `location`: the session to go on with (ask it how much it holds); none: start anew. */
  | { stored: false; blob: BlobSource; location?: URL };

/**
 * Answers to a chunked PATCH that say the registry does not take one: a range it will
 * not take (416), a length it wants (411), a request it does not know (400, 405, 501),
 * one too large for it (413).
 */
const REFUSALS = new Set([400, 405, 411, 413, 416, 501]);

/** Streamed uploads to one registry, and whether it takes them (learned once). */
export class StreamedUploads {
  private refusedBecause: string | undefined;

  constructor(private readonly t: Transport) {}

  /** Whether blobs may be streamed here (not refused yet in this run). */
  get available(): boolean {
    return this.refusedBecause === undefined;
  }

  /**
   * Streams `growing` into `repo`. Rejects only when the blob itself could not be
   * written (the build's failure); any upload failure ends in an outcome to go on from.
   */
  async send(repo: string, growing: GrowingBlob): Promise<StreamOutcome> {
    let location: URL | undefined;
    try {
      location = await this.open(repo);
      if (location === undefined) return { stored: false, blob: await growing.finished };
      const sent = await this.patch(repo, location, growing);
      if (sent === undefined) return { stored: false, blob: await growing.finished };
      location = sent.location;
      const blob = await growing.finished;
      if (sent.held !== undefined && sent.held !== blob.size) {
        this.t.log.debug(`Registry holds ${sent.held} of ${blob.size} bytes streamed: resuming`);
        return { stored: false, blob, location };
      }
      if (await this.close(repo, location, blob)) return { stored: true, blob };
      return { stored: false, blob, location };
    } catch (err) {
      // The blob's own failure is the one to report; else the file-based upload goes on.
      const blob = await growing.finished;
      this.t.log.debug(
        `Streamed upload of ${shortDigest(blob.digest)} to ${repo} broke off (${this.t.failures.redact(String((err as Error).message))}): going on from the file`,
      );
      return { stored: false, blob, location };
    }
  }

  /** Opens a session; undefined when the registry asks for chunks of a fixed size. */
  private async open(repo: string): Promise<URL | undefined> {
    await this.t.auth.discover();
    const url = this.t.url(`/v2/${repo}/blobs/uploads/`);
    const res = await this.t.send({ method: 'POST', url, ...this.target(repo) });
    if (res.status !== 202) throw new Error(`HTTP ${res.status} opening an upload`);
    const minimum = header(res.headers, 'oci-chunk-min-length');
    if (minimum !== undefined) {
      this.refuse(`asks for chunks of at least ${formatBytes(Number(minimum) || 0)}`);
      return undefined;
    }
    return uploadLocation(this.t, res, url);
  }

  /** The bytes as they come, in one chunked PATCH; undefined when the registry refused it. */
  private async patch(
    repo: string,
    location: URL,
    growing: GrowingBlob,
  ): Promise<{ location: URL; held: number | undefined } | undefined> {
    const res = await this.t.send({
      method: 'PATCH',
      url: location,
      ...this.target(repo),
      headers: { 'content-type': 'application/octet-stream' },
      body: () => growing.open(),
      contentLength: 'chunked',
      retry: false,
    });
    if (patchTaken(res.status)) {
      return {
        location: uploadLocation(this.t, res, location),
        held: storedBytes(header(res.headers, 'range')),
      };
    }
    if (REFUSALS.has(res.status)) {
      this.refuse(`answered HTTP ${res.status} to a streamed upload`);
      return undefined;
    }
    await this.waitIfAsked(repo, res);
    throw new Error(`HTTP ${res.status} streaming a blob`);
  }

  /** The closing PUT ?digest=; true when the registry stored the blob under its digest. */
  private async close(repo: string, location: URL, blob: BlobSource): Promise<boolean> {
    const url = new URL(location);
    url.searchParams.set('digest', blob.digest);
    const res: HttpResponse = await this.t.send({
      method: 'PUT',
      url,
      ...this.target(repo),
      retry: false,
    });
    if (res.status !== 201 && res.status !== 204 && res.status !== 200) {
      await this.waitIfAsked(repo, res);
      return false;
    }
    const stored = header(res.headers, 'docker-content-digest');
    // Stored as something else: the file-based upload finds out and says so.
    if (stored && stored !== blob.digest) return false;
    this.t.log.debug(
      `Blob ${shortDigest(blob.digest)} (${formatBytes(blob.size)}) streamed to ${repo}`,
    );
    return true;
  }

  /**
   * After a transient answer (429, 503, ...): waits as the registry asks (Retry-After,
   * else the backoff) before the file-based upload goes on, unless the time budget says
   * not to; that upload then meets the failure again and reports it.
   */
  private async waitIfAsked(repo: string, res: HttpResponse): Promise<void> {
    if (!isRetryableStatus(res.status)) return;
    const run: RetryRun = { attempt: 0 };
    const d = this.t.decideRetry(run, { response: res });
    if (d.retry) await this.t.waitToRetry(run, this.target(repo).what, res, d);
  }

  private refuse(why: string): void {
    if (this.refusedBecause !== undefined) return;
    this.refusedBecause = why;
    this.t.log.info(
      `${this.t.registry} ${why}: layers are uploaded to it once written, not while they are`,
    );
  }

  private target(repo: string): {
    scopes: string[];
    what: string;
    repo: string;
    access: 'push';
  } {
    return {
      scopes: [repositoryScope(repo, ['pull', 'push'])],
      what: `streaming a blob to ${repo}`,
      repo,
      access: 'push',
    };
  }
}

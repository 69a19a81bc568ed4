/**
 * A registry client that pushes and reads images over the OCI distribution API
 * (Docker Registry HTTP API v2) without any Docker engine: token and Basic
 * authentication, blob existence checks, cross-repository mounts, streamed and
 * restartable uploads, manifests and tags, with retries on transient failures.
 *
 * This is the facade the other layers use. The work is done by the endpoint modules
 * (blobs.ts, upload.ts, manifests.ts, tags.ts) over one Transport (transport/), which
 * authenticates, retries and follows redirects for every request.
 *
 * The password only ever goes into an Authorization header: it is never logged,
 * never put in an error message, never written anywhere.
 */
import { ActionError, type Stage } from '../core/errors.js';
import { blobExists, getBlob, mountBlob, shortDigest } from './blobs.js';
import { hintForStatus, RegistryError } from './errors.js';
import { apiRepository, registryBaseUrl } from './host.js';
import { getManifest, headManifest, putManifest } from './manifests.js';
import { listTags } from './tags.js';
import { jwtGrantedActions, repositoryScope } from './transport/auth.js';
import * as scope from './transport/credential-scope.js';
import { Transport, type RateLimitNotice } from './transport/transport.js';
import { StreamedUploads } from './stream-upload.js';
import type {
  BlobSource,
  Credentials,
  FetchedManifest,
  GrowingBlob,
  Logger,
  PushStats,
} from './types.js';
import { BlobUploader } from './upload.js';

import { deleteTag, type TagDeletion } from './tag-delete.js';
export type { BlobSource, Credentials, FetchedManifest, GrowingBlob, Logger, PushStats };
export { MONOLITHIC_MAX_BYTES } from './upload.js';

export interface RegistryClientOptions {
  /** Registry as the user wrote it: "docker.io", "ghcr.io", "127.0.0.1:5000", ... */
  registry: string;
  credentials?: Credentials;
  logger?: Logger;
  /** Time budget for one request including its retries and waits. Default 300 s. */
  totalTimeoutMs?: number;
  /** A request fails when nothing is sent or received for this long. Default 120 s. */
  requestTimeoutMs?: number;
  userAgent?: string;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock in milliseconds, injectable for tests together with `sleep`. */
  now?: () => number;
  /** Stage reported in errors other than login failures. Default "push". */
  stage?: Stage;
  /**
   * Upload large blobs in PATCH chunks of this many bytes (0: one streamed PATCH
   * for the whole blob, the default). A 413 answer switches to 16 MiB chunks.
   */
  uploadChunkSize?: number;
  /** Shared by the run's clients of one registry: its rate limit is one warning in the run. */
  rateLimit?: RateLimitNotice;
}

const silentLogger: Logger = { info() {}, debug() {}, warning() {} };
const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export class RegistryClient {
  readonly stats: PushStats = {
    blobsUploaded: 0,
    blobsSkipped: 0,
    blobsMounted: 0,
    bytesUploaded: 0,
    requests: 0,
    retries: 0,
  };

  private readonly registry: string;
  private readonly credentials?: Credentials;
  private readonly log: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly t: Transport;
  private readonly uploader: BlobUploader;
  private readonly streamed: StreamedUploads;

  constructor(o: RegistryClientOptions) {
    this.registry = o.registry
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '');
    let base: URL;
    try {
      base = new URL(registryBaseUrl(o.registry));
    } catch {
      throw new ActionError('inputs', `The registry "${o.registry}" is not a valid host name.`);
    }
    this.credentials = o.credentials?.username ? o.credentials : undefined;
    const log = o.logger ?? silentLogger;
    const redactor = new scope.Redactor(this.credentials, log.setSecret?.bind(log));
    this.log = scope.redactingLogger(log, redactor);
    this.sleep = o.sleep ?? defaultSleep;
    const totalTimeoutMs = o.totalTimeoutMs ?? 300_000;
    this.t = new Transport({
      base,
      registry: this.registry,
      credentials: this.credentials,
      log: this.log,
      redactor,
      totalTimeoutMs,
      // A request that hangs must not outlast the whole retry budget either.
      requestTimeoutMs: Math.min(o.requestTimeoutMs ?? 120_000, totalTimeoutMs),
      userAgent: o.userAgent ?? 'one-step-image',
      sleep: this.sleep,
      now: o.now ?? Date.now,
      stage: o.stage ?? 'push',
      stats: this.stats,
      rateLimit: o.rateLimit,
    });
    this.uploader = new BlobUploader(this.t, o.uploadChunkSize ?? 0);
    this.streamed = new StreamedUploads(this.t);
  }

  /** Frees kept-alive connections. */
  close(): void {
    this.t.close();
  }

  /**
   * Fails fast, before any upload, when the credentials are wrong or the account
   * may not push to `repo`: gets a push token (token registries) or checks the
   * credentials on /v2/ (Basic registries).
   */
  async checkPushAccess(name: string): Promise<void> {
    const repo = this.repoPath(name);
    const { auth, failures } = this.t;
    await auth.discover();
    if (auth.scheme === 'none') return;
    if (auth.scheme === 'basic') return this.checkBasicLogin(repo);
    // Anonymous token registries may still allow pushes; look at what the token grants.
    const granted = await this.grantedActions(repo);
    if (granted === null) return;
    if (granted !== undefined && !granted.includes('push') && !granted.includes('*')) {
      throw this.credentials
        ? failures.pushDenied(repo, undefined)
        : failures.credentialsNeeded(repo);
    }
    this.log.debug(
      granted === undefined
        ? `Got a push token for ${repo} (opaque token: access checked on first upload)`
        : `Push access to ${repo} confirmed (${granted.join(',')})`,
    );
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    return blobExists(this.t, this.repoPath(repo), digest, 'pull');
  }

  async pushBlob(
    name: string,
    blob: BlobSource,
    o: { mountFrom?: string } = {},
  ): Promise<'exists' | 'mounted' | 'uploaded'> {
    const repo = this.repoPath(name);
    // blobExists checks the digest's form first.
    if (await blobExists(this.t, repo, blob.digest, 'push')) {
      this.stats.blobsSkipped++;
      this.log.debug(`Blob ${shortDigest(blob.digest)} already in ${repo}`);
      return 'exists';
    }
    let location: URL | undefined;
    const from = o.mountFrom ? this.repoPath(o.mountFrom) : undefined;
    if (from && from !== repo) {
      const mount = await mountBlob(this.t, repo, blob, from);
      if (mount === 'mounted') return 'mounted';
      location = mount;
    }
    await this.uploader.upload(repo, blob, location);
    this.stats.blobsUploaded++;
    this.stats.bytesUploaded += blob.size;
    return 'uploaded';
  }

  /**
   * Uploads a blob while it is being written (its digest is not known before its last
   * byte, so nothing is checked or mounted first), as one streamed upload; after a cut
   * goes on from the finished blob on disk where the registry says the session stands,
   * and a registry that refuses streamed uploads gets the blob once written, as
   * pushBlob sends it. Rejects with the blob's own failure when it could not be written.
   */
  async pushGrowingBlob(
    name: string,
    growing: GrowingBlob,
  ): Promise<'exists' | 'mounted' | 'uploaded'> {
    const repo = this.repoPath(name);
    if (!this.streamed.available) return this.pushBlob(name, await growing.finished);
    const outcome = await this.streamed.send(repo, growing);
    const { blob } = outcome;
    if (!outcome.stored) {
      if (outcome.location === undefined) return this.pushBlob(name, blob);
      await this.uploader.upload(repo, blob, outcome.location, true);
    }
    this.stats.blobsUploaded++;
    this.stats.bytesUploaded += blob.size;
    return 'uploaded';
  }

  /**
   * Pushes a manifest under a tag or its digest, then reads the reference back (one
   * HEAD) and returns the digest only once the registry serves it: an acknowledged
   * manifest that was not stored is pushed again, one stored as something else fails.
   */
  async putManifest(
    name: string,
    reference: string,
    body: Buffer,
    mediaType: string,
  ): Promise<string> {
    return putManifest(this.t, this.repoPath(name), reference, body, mediaType, this.sleep);
  }

  async getManifest(name: string, reference: string, accept?: string[]): Promise<FetchedManifest> {
    return getManifest(this.t, this.repoPath(name), reference, accept);
  }

  async headManifest(
    name: string,
    reference: string,
  ): Promise<{ digest: string; mediaType: string } | undefined> {
    return headManifest(this.t, this.repoPath(name), reference);
  }

  /**
   * The blob's content as a stream, verified against its digest: the stream
   * fails if the bytes do not hash to `digest`. Follows redirects (Docker Hub
   * serves blobs from a CDN), without our credentials when the host changes.
   */
  async getBlob(name: string, digest: string): Promise<NodeJS.ReadableStream> {
    return getBlob(this.t, this.repoPath(name), digest);
  }

  /** Untags `tag` where the registry allows it (never deletes a manifest by digest). */
  async deleteTag(name: string, tag: string): Promise<TagDeletion> {
    return deleteTag(this.t, this.repoPath(name), tag);
  }

  /** All tags of a repository, following Link pagination; [] when it does not exist. */
  async listTags(name: string): Promise<string[]> {
    return listTags(this.t, this.repoPath(name));
  }

  /** Basic registries: the credentials checked on /v2/. */
  private async checkBasicLogin(repo: string): Promise<void> {
    const { failures } = this.t;
    if (!this.credentials) throw failures.credentialsNeeded(repo);
    const what = 'checking the credentials';
    const res = await this.t.send({
      method: 'GET',
      url: this.t.url('/v2/'),
      scopes: [],
      what,
      access: 'push',
      repo,
      allowDenied: true,
    });
    if (res.status === 401 || res.status === 403) throw failures.loginRejected(res);
    if (res.status >= 400) throw failures.failure({ what, repo, access: 'pull' }, res);
  }

  /** What a push token grants on `repo` (undefined: opaque token; null: no token at all). */
  private async grantedActions(repo: string): Promise<string[] | undefined | null> {
    const auth = await this.t.auth.authorization([repositoryScope(repo, ['pull', 'push'])]);
    if (auth.token === undefined) return null;
    return jwtGrantedActions(auth.token, 'repository', repo);
  }

  /** Repository path for the API ("alpine" on Docker Hub is "library/alpine"). */
  private repoPath(name: string): string {
    const repo = apiRepository(this.registry, name);
    if (
      !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(
        repo,
      )
    ) {
      throw new RegistryError(
        'inputs',
        `"${name}" is not a valid repository name.`,
        hintForStatus(400, ['NAME_INVALID']),
        undefined,
        ['NAME_INVALID'],
      );
    }
    return repo;
  }
}

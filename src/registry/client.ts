/**
 * A registry client that pushes and reads images over the OCI distribution API
 * (Docker Registry HTTP API v2) without any Docker engine: token and Basic
 * authentication, blob existence checks, cross-repository mounts, streamed and
 * restartable uploads, manifests and tags, with retries on transient failures.
 *
 * The password only ever goes into an Authorization header: it is never logged,
 * never put in an error message, never written anywhere.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import { formatBytes } from '../util/bytes.js';
import { ActionError, type Stage } from '../pipeline/errors.js';
import {
  basicAuthorization,
  findChallenge,
  jwtGrantedActions,
  normalizeScopes,
  parseChallenges,
  parseTokenResponse,
  repositoryScope,
  splitScopeParam,
  TokenCache,
  tokenRefreshAt,
  tokenUrl,
  type Challenge,
} from './transport/auth.js';
import { describeRegistryFailure, errorCodes, hintForStatus, RegistryError } from './errors.js';
import { apiRepository, isDockerHub, registryBaseUrl } from './host.js';
import {
  createAgents,
  sendRequest,
  type Agents,
  type BodySource,
  type HttpResponse,
} from './transport/http.js';
import { formatMs } from '../util/duration-format.js';
import { describeNetworkError, isRetryableError, planRetry } from './transport/retry.js';
import * as scope from './transport/credential-scope.js';
import { pushVerified } from './manifest-check.js';
import { MANIFEST_ACCEPT } from './media-types.js';
import type { BlobSource, Credentials, FetchedManifest, Logger, PushStats } from './types.js';
import { assertUnchanged, ContentRejected, sliceSource, storedBytes } from './upload.js';

export type { BlobSource, Credentials, FetchedManifest, Logger, PushStats };

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
}

/** Blobs up to this size are sent in one request (POST ?digest=, or POST then PUT). */
export const MONOLITHIC_MAX_BYTES = 1024 * 1024;
const FALLBACK_CHUNK = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Immediate restarts of an upload whose session the registry lost (404/416). */
const MAX_SESSION_RESTARTS = 3;

const silentLogger: Logger = { info() {}, debug() {}, warning() {} };
const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

type Access = 'pull' | 'push';

interface Exchange {
  method: string;
  url: URL;
  /** Token scopes this request needs. */
  scopes: string[];
  /** What we were doing, for messages: "checking blob sha256:… in alice/app". */
  what: string;
  repo?: string;
  access: Access;
  headers?: Record<string, string>;
  body?: BodySource;
  contentLength?: number;
  stream?: boolean;
  maxBodyBytes?: number;
  /** Retry transient failures here (false when the caller knows better, e.g. uploads). */
  retry?: boolean;
  /** Hand 401/403 (after one re-authentication) back instead of throwing. */
  allowDenied?: boolean;
  /** Send no registry credentials (token service, redirect to another host). */
  anonymous?: boolean;
  /** Extra Authorization for anonymous requests (the token service's Basic). */
  authorization?: string;
  followRedirects?: boolean;
}

interface AuthChoice {
  header?: string;
  token?: string;
}

export class RegistryClient {
  readonly stats: PushStats = {
    blobsUploaded: 0,
    blobsSkipped: 0,
    blobsMounted: 0,
    bytesUploaded: 0,
    requests: 0,
    retries: 0,
  };

  private readonly base: URL;
  private readonly registry: string;
  private readonly credentials?: Credentials;
  private readonly log: Logger;
  private readonly totalTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly userAgent: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly stage: Stage;
  private chunkSize: number;
  private readonly agents: Agents;
  private readonly now: () => number;
  private readonly tokens: TokenCache;
  /** How the registry wants us to authenticate; learnt from its first 401. */
  private scheme: 'unknown' | 'none' | 'bearer' | 'basic' = 'unknown';
  private bearer?: Challenge;
  /** Whether POST ?digest= with a body completes an upload here (unknown until tried). */
  private monolithicPost: boolean | undefined;
  private lastRateLimit = '';
  private readonly redactor: scope.Redactor;

  constructor(o: RegistryClientOptions) {
    this.registry = o.registry
      .trim()
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '');
    try {
      this.base = new URL(registryBaseUrl(o.registry));
    } catch {
      throw new ActionError('inputs', `The registry "${o.registry}" is not a valid host name.`);
    }
    this.credentials = o.credentials?.username ? o.credentials : undefined;
    const log = o.logger ?? silentLogger;
    this.redactor = new scope.Redactor(this.credentials, log.setSecret?.bind(log));
    this.log = scope.redactingLogger(log, this.redactor);
    this.totalTimeoutMs = o.totalTimeoutMs ?? 300_000;
    // A request that hangs must not outlast the whole retry budget either.
    this.requestTimeoutMs = Math.min(o.requestTimeoutMs ?? 120_000, this.totalTimeoutMs);
    this.userAgent = o.userAgent ?? 'one-step-image';
    this.sleep = o.sleep ?? defaultSleep;
    this.now = o.now ?? Date.now;
    this.tokens = new TokenCache(this.now);
    this.stage = o.stage ?? 'push';
    this.chunkSize = o.uploadChunkSize ?? 0;
    this.agents = createAgents();
  }

  /** Frees kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  // ---------------------------------------------------------------- public API

  /**
   * Fails fast, before any upload, when the credentials are wrong or the account
   * may not push to `repo`: gets a push token (token registries) or checks the
   * credentials on /v2/ (Basic registries).
   */
  async checkPushAccess(name: string): Promise<void> {
    const repo = this.repoPath(name);
    await this.discoverScheme();
    const scopes = [repositoryScope(repo, ['pull', 'push'])];
    if (this.scheme === 'none') return;
    if (!this.credentials) {
      if (this.scheme === 'basic') throw this.credentialsNeeded(repo);
      // Anonymous token registries may still allow pushes; look at what the token grants.
    }
    if (this.scheme === 'basic') {
      const res = await this.exchange({
        method: 'GET',
        url: this.url('/v2/'),
        scopes: [],
        what: 'checking the credentials',
        access: 'push',
        repo,
        allowDenied: true,
      });
      if (res.status === 401 || res.status === 403) throw this.loginRejected(res);
      if (res.status >= 400)
        throw this.failure(this.opFor('GET', 'checking the credentials', repo), res);
      return;
    }
    const auth = await this.authorization(scopes);
    if (auth.token === undefined) return;
    const granted = jwtGrantedActions(auth.token, 'repository', repo);
    if (granted !== undefined && !granted.includes('push') && !granted.includes('*')) {
      throw this.credentials ? this.pushDenied(repo, undefined) : this.credentialsNeeded(repo);
    }
    this.log.debug(
      granted === undefined
        ? `Got a push token for ${repo} (opaque token: access checked on first upload)`
        : `Push access to ${repo} confirmed (${granted.join(',')})`,
    );
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    return this.blobExists(this.repoPath(repo), digest, 'pull');
  }

  async pushBlob(
    name: string,
    blob: BlobSource,
    o: { mountFrom?: string } = {},
  ): Promise<'exists' | 'mounted' | 'uploaded'> {
    const repo = this.repoPath(name);
    checkDigest(blob.digest);
    if (await this.blobExists(repo, blob.digest, 'push')) {
      this.stats.blobsSkipped++;
      this.log.debug(`Blob ${short(blob.digest)} already in ${repo}`);
      return 'exists';
    }
    let location: URL | undefined;
    const from = o.mountFrom ? this.repoPath(o.mountFrom) : undefined;
    if (from && from !== repo) {
      const mount = await this.tryMount(repo, blob, from);
      if (mount === 'mounted') return 'mounted';
      location = mount;
    }
    await this.upload(repo, blob, location);
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
    const repo = this.repoPath(name);
    const digest = sha256(body);
    const what = `pushing the manifest ${reference} to ${repo}`;
    return pushVerified({
      repo,
      reference,
      digest,
      stage: this.stage,
      log: this.log,
      sleep: this.sleep,
      put: async () => {
        const res = await this.exchange({
          method: 'PUT',
          url: this.url(`/v2/${repo}/manifests/${reference}`),
          scopes: [repositoryScope(repo, ['pull', 'push'])],
          what,
          repo,
          access: 'push',
          headers: { 'content-type': mediaType },
          body,
        });
        if (res.status < 200 || res.status >= 300)
          throw this.failure(this.opFor('PUT', what, repo, 'push'), res);
        return { status: res.status, reported: header(res.headers, 'docker-content-digest') };
      },
      served: async () => (await this.headManifest(repo, reference))?.digest,
    });
  }

  async getManifest(
    name: string,
    reference: string,
    accept: string[] = MANIFEST_ACCEPT,
  ): Promise<FetchedManifest> {
    const repo = this.repoPath(name);
    const what = `reading the manifest ${reference} of ${repo}`;
    const res = await this.exchange({
      method: 'GET',
      url: this.url(`/v2/${repo}/manifests/${reference}`),
      scopes: [repositoryScope(repo, ['pull'])],
      what,
      repo,
      access: 'pull',
      headers: { accept: accept.join(', ') },
      followRedirects: true,
    });
    if (res.status !== 200) throw this.failure(this.opFor('GET', what, repo), res);
    const body = res.body;
    const computed = sha256(body);
    let digest = computed;
    if (reference.includes(':')) {
      const actual = digestOf(reference, body);
      if (actual !== reference) {
        throw new RegistryError(
          this.stage,
          `The manifest the registry returned for ${repo}@${reference} hashes to ${actual}: its content does not match the digest asked for.`,
          'The registry (or a proxy in front of it) served wrong content; try again, and report it if it persists.',
          res.status,
        );
      }
      digest = reference;
    }
    const mediaType = contentType(res.headers) ?? mediaTypeInBody(body) ?? '';
    return { body, mediaType, digest };
  }

  async headManifest(
    name: string,
    reference: string,
  ): Promise<{ digest: string; mediaType: string } | undefined> {
    const repo = this.repoPath(name);
    const what = `checking the manifest ${reference} of ${repo}`;
    const res = await this.exchange({
      method: 'HEAD',
      url: this.url(`/v2/${repo}/manifests/${reference}`),
      scopes: [repositoryScope(repo, ['pull'])],
      what,
      repo,
      access: 'pull',
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      followRedirects: true,
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw this.failure(this.opFor('HEAD', what, repo), res);
    const digest = header(res.headers, 'docker-content-digest');
    const mediaType = contentType(res.headers);
    if (digest && scope.isDigest(digest) && mediaType) return { digest, mediaType };
    // Some registries leave these out of HEAD answers: read the manifest instead.
    const m = await this.getManifest(repo, reference);
    return { digest: m.digest, mediaType: m.mediaType };
  }

  /**
   * The blob's content as a stream, verified against its digest: the stream
   * fails if the bytes do not hash to `digest`. Follows redirects (Docker Hub
   * serves blobs from a CDN), without our credentials when the host changes.
   */
  async getBlob(name: string, digest: string): Promise<NodeJS.ReadableStream> {
    const repo = this.repoPath(name);
    checkDigest(digest);
    const what = `downloading blob ${short(digest)} of ${repo}`;
    const res = await this.exchange({
      method: 'GET',
      url: this.url(`/v2/${repo}/blobs/${digest}`),
      scopes: [repositoryScope(repo, ['pull'])],
      what,
      repo,
      access: 'pull',
      stream: true,
      followRedirects: true,
    });
    if (res.status !== 200 || !res.stream) throw this.failure(this.opFor('GET', what, repo), res);
    const [algorithm, expectedHex] = digest.split(':') as [string, string];
    const hash = createHash(algorithm);
    const expectedSize = Number(header(res.headers, 'content-length'));
    let size = 0;
    const stage = this.stage;
    const verify = new Transform({
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
              `Blob ${short(digest)} of ${repo} was cut short: got ${size} of ${expectedSize} bytes.`,
              undefined,
              200,
            ),
          );
        } else if (hex !== expectedHex) {
          cb(
            new RegistryError(
              stage,
              `Blob ${short(digest)} of ${repo} does not match its digest (got ${algorithm}:${hex}).`,
              undefined,
              200,
            ),
          );
        } else cb();
      },
    });
    res.stream.on('error', (err: Error) => verify.destroy(this.streamError(what, err)));
    res.stream.pipe(verify);
    return verify;
  }

  /** All tags of a repository, following Link pagination; [] when it does not exist. */
  async listTags(name: string): Promise<string[]> {
    const repo = this.repoPath(name);
    const what = `listing the tags of ${repo}`;
    const tags: string[] = [];
    let url: URL | undefined = this.url(`/v2/${repo}/tags/list`);
    const seen = new Set<string>();
    while (url !== undefined) {
      if (seen.has(url.href) || seen.size > 1000) break;
      seen.add(url.href);
      const res: HttpResponse = await this.exchange({
        method: 'GET',
        url,
        scopes: [repositoryScope(repo, ['pull'])],
        what,
        repo,
        access: 'pull',
        headers: { accept: 'application/json' },
        followRedirects: true,
      });
      if (res.status === 404) {
        // NAME_UNKNOWN (no such repository) and plain 404 both mean "no tags".
        return tags;
      }
      if (res.status !== 200) throw this.failure(this.opFor('GET', what, repo), res);
      let page: { tags?: unknown };
      try {
        page = JSON.parse(res.body.toString('utf8')) as { tags?: unknown };
      } catch {
        throw new RegistryError(
          this.stage,
          `The registry's tag list for ${repo} is not valid JSON.`,
          undefined,
          res.status,
        );
      }
      if (Array.isArray(page.tags))
        for (const t of page.tags) if (typeof t === 'string') tags.push(t);
      const next = nextLink(header(res.headers, 'link'));
      url = next ? new URL(next, url) : undefined;
    }
    return tags;
  }

  // ---------------------------------------------------------------- blobs

  private async blobExists(repo: string, digest: string, access: Access): Promise<boolean> {
    checkDigest(digest);
    const what = `checking blob ${short(digest)} in ${repo}`;
    const res = await this.exchange({
      method: 'HEAD',
      url: this.url(`/v2/${repo}/blobs/${digest}`),
      // A push token also serves the later upload; ask for it right away.
      scopes: [repositoryScope(repo, access === 'push' ? ['pull', 'push'] : ['pull'])],
      what,
      repo,
      access,
    });
    if (res.status === 200 || (res.status >= 300 && res.status < 400)) return true;
    if (res.status === 404) return false;
    throw this.failure(this.opFor('HEAD', what, repo, access), res);
  }

  /** Cross-repository mount: 'mounted', or the upload location to go on with. */
  private async tryMount(
    repo: string,
    blob: BlobSource,
    from: string,
  ): Promise<'mounted' | URL | undefined> {
    const url = this.url(`/v2/${repo}/blobs/uploads/`);
    url.searchParams.set('mount', blob.digest);
    url.searchParams.set('from', from);
    const what = `mounting blob ${short(blob.digest)} from ${from} into ${repo}`;
    const res = await this.exchange({
      method: 'POST',
      url,
      scopes: [repositoryScope(repo, ['pull', 'push']), repositoryScope(from, ['pull'])],
      what,
      repo,
      access: 'push',
      allowDenied: true,
    });
    if (res.status === 201) {
      this.stats.blobsMounted++;
      this.log.debug(`Blob ${short(blob.digest)} mounted from ${from} into ${repo}`);
      return 'mounted';
    }
    if (res.status === 202) {
      this.log.debug(`Blob ${short(blob.digest)} could not be mounted from ${from}: uploading`);
      return this.location(res, url);
    }
    if (res.status === 401 || res.status === 403) {
      // Often: no read access to the source. The upload below will tell whether
      // pushing to the target itself is allowed.
      this.log.debug(`Mounting from ${from} refused (HTTP ${res.status}): uploading instead`);
      return undefined;
    }
    throw this.failure(this.opFor('POST', what, repo, 'push'), res);
  }

  /**
   * Uploads a blob the repository lacks. Small blobs go in one request; larger
   * ones as a streamed PATCH (or chunks) then a closing PUT. After a broken
   * connection or a transient error, asks the registry how far the upload got
   * and goes on from there, or starts a fresh session.
   */
  private async upload(repo: string, blob: BlobSource, initial?: URL): Promise<void> {
    const scopes = [repositoryScope(repo, ['pull', 'push'])];
    const what = `uploading blob ${short(blob.digest)} (${formatBytes(blob.size)}) to ${repo}`;
    const op = this.opFor('PATCH', what, repo, 'push');
    // The retry budget counts from the first failure since the last progress,
    // so a long but healthy upload does not eat the time allowed for retries.
    let failingSince: number | undefined;
    let attempt = 0;
    let restarts = 0;
    const retries = { warned: false };
    let location = initial;
    let offset = 0;
    await this.discoverScheme();

    for (;;) {
      try {
        if (location === undefined) {
          offset = 0;
          const small = blob.size <= MONOLITHIC_MAX_BYTES;
          if (small && this.monolithicPost !== false) {
            const url = this.url(`/v2/${repo}/blobs/uploads/`);
            url.searchParams.set('digest', blob.digest);
            const res = await this.exchange({
              method: 'POST',
              url,
              scopes,
              what,
              repo,
              access: 'push',
              headers: { 'content-type': 'application/octet-stream' },
              body: () => blob.open(),
              contentLength: blob.size,
              retry: false,
            });
            if (res.status === 201) {
              this.monolithicPost = true;
              this.checkStoredDigest(res, blob, repo);
              return;
            }
            if (res.status !== 202) throw this.uploadFailure(op, res);
            // The registry opened a session and ignored the body: send it with the PUT.
            this.monolithicPost = false;
            location = this.location(res, url);
          } else {
            const url = this.url(`/v2/${repo}/blobs/uploads/`);
            const res = await this.exchange({
              method: 'POST',
              url,
              scopes,
              what,
              repo,
              access: 'push',
            });
            if (res.status !== 202) throw this.failure(op, res);
            location = this.location(res, url);
          }
        }

        if (blob.size <= MONOLITHIC_MAX_BYTES && offset === 0) {
          await this.finishUpload(location, blob, repo, scopes, what, true);
          return;
        }
        while (offset < blob.size) {
          const length =
            this.chunkSize > 0 ? Math.min(this.chunkSize, blob.size - offset) : blob.size - offset;
          const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
          if (this.chunkSize > 0 || offset > 0)
            headers['content-range'] = `${offset}-${offset + length - 1}`;
          const from = offset;
          const res = await this.exchange({
            method: 'PATCH',
            url: location,
            scopes,
            what,
            repo,
            access: 'push',
            headers,
            body: () => sliceSource(blob, from, length),
            contentLength: length,
            retry: false,
          });
          if (res.status !== 202) {
            if (res.status === 413 && this.chunkSize === 0 && length > FALLBACK_CHUNK) {
              this.chunkSize = FALLBACK_CHUNK;
              this.log.warning(
                `${this.registry} refused a ${formatBytes(length)} request (HTTP 413); uploading in ${formatBytes(FALLBACK_CHUNK)} chunks`,
              );
              throw new RestartUpload();
            }
            throw this.uploadFailure(op, res);
          }
          location = this.location(res, location);
          const confirmed = storedBytes(header(res.headers, 'range'));
          offset = confirmed !== undefined && confirmed >= from ? confirmed : from + length;
          if (offset !== from + length) {
            this.log.debug(`Registry confirmed ${offset} bytes where ${from + length} were sent`);
          }
          attempt = 0;
          failingSince = undefined;
        }
        await this.finishUpload(location, blob, repo, scopes, what, false);
        return;
      } catch (err) {
        if (err instanceof ContentRejected) {
          await assertUnchanged(blob, err.failure);
          this.log.debug(`${err.message} The blob is unchanged: uploading it again`);
        }
        if (
          err instanceof RestartUpload ||
          err instanceof SessionLost ||
          err instanceof ContentRejected
        ) {
          if (++restarts > MAX_SESSION_RESTARTS) {
            throw new RegistryError(
              this.stage,
              this.redact(`${cap(what)} failed: the registry kept losing the upload session.`),
              hintForStatus(500, []),
              undefined,
            );
          }
          this.log.debug(`${cap(what)}: starting a new upload session`);
          location = undefined;
          continue;
        }
        if (err instanceof ActionError) throw err;
        const status = err instanceof TransientStatus ? err.response.status : undefined;
        failingSince ??= this.now();
        const decision = planRetry({
          attempt,
          elapsedMs: this.now() - failingSince,
          budgetMs: this.totalTimeoutMs,
          status,
          error: status === undefined ? err : undefined,
          retryAfter:
            err instanceof TransientStatus
              ? header(err.response.headers, 'retry-after')
              : undefined,
        });
        if (!decision.retry) {
          if (err instanceof TransientStatus) throw this.failure(op, err.response, decision.reason);
          if (isNetworkError(err))
            throw this.networkFailure(op, err, isRetryableError(err) ? decision.reason : undefined);
          throw err;
        }
        attempt++;
        this.stats.retries++;
        this.logRetry(
          what,
          err instanceof TransientStatus ? err.response : undefined,
          this.redact(decision.reason),
          decision.delayMs,
          attempt,
          retries,
        );
        await this.sleep(decision.delayMs);
        if (location !== undefined) {
          const status = await this.uploadStatus(location, scopes, what, repo);
          if (status === undefined) {
            // The session is gone; perhaps because the closing PUT did succeed.
            if (await this.blobExists(repo, blob.digest, 'push')) return;
            location = undefined;
          } else if (status.offset === undefined || status.offset > blob.size) {
            // Resuming needs to know exactly what the session holds; never guess.
            this.log.debug(
              `${cap(what)}: the upload session does not say how much it holds (Range: ${status.range ?? 'none'}); starting a new one`,
            );
            location = undefined;
          } else {
            location = status.location;
            offset = status.offset;
            if (offset > 0) this.log.debug(`${cap(what)}: resuming at byte ${offset}`);
          }
        }
      }
    }
  }

  /** The closing PUT ?digest= (with the whole body for small blobs). */
  private async finishUpload(
    location: URL,
    blob: BlobSource,
    repo: string,
    scopes: string[],
    what: string,
    withBody: boolean,
  ): Promise<void> {
    const url = new URL(location);
    url.searchParams.set('digest', blob.digest);
    const res = await this.exchange({
      method: 'PUT',
      url,
      scopes,
      what,
      repo,
      access: 'push',
      headers: withBody ? { 'content-type': 'application/octet-stream' } : {},
      body: withBody ? () => blob.open() : undefined,
      contentLength: withBody ? blob.size : undefined,
      retry: false,
    });
    if (res.status !== 201 && res.status !== 204 && res.status !== 200)
      throw this.uploadFailure(this.opFor('PUT', what, repo, 'push'), res);
    this.checkStoredDigest(res, blob, repo);
  }

  /** Where an interrupted upload stands, or undefined when the session is gone. */
  private async uploadStatus(
    location: URL,
    scopes: string[],
    what: string,
    repo: string,
  ): Promise<{ location: URL; offset: number | undefined; range?: string } | undefined> {
    try {
      const res = await this.exchange({
        method: 'GET',
        url: location,
        scopes,
        what,
        repo,
        access: 'push',
        allowDenied: true,
      });
      if (res.status !== 204 && res.status !== 202) return undefined;
      const range = header(res.headers, 'range');
      return { location: this.location(res, location), offset: storedBytes(range), range };
    } catch (err) {
      if (err instanceof ActionError && err.stage === 'login') throw err;
      return undefined;
    }
  }

  private checkStoredDigest(res: HttpResponse, blob: BlobSource, repo: string): void {
    const stored = header(res.headers, 'docker-content-digest');
    if (stored && stored !== blob.digest) {
      throw new RegistryError(
        this.stage,
        `The registry stored blob ${short(blob.digest)} of ${repo} under ${scope.shownDigest(stored)}.`,
        'The blob changed while it was uploaded, or a proxy altered it.',
        res.status,
      );
    }
    this.log.debug(`Blob ${short(blob.digest)} (${formatBytes(blob.size)}) uploaded to ${repo}`);
  }

  /** Upload-step answers: transient ones are retried by the caller, lost sessions restarted. */
  private uploadFailure(op: Exchange, res: HttpResponse): Error {
    const codes = errorCodes(res.body);
    if (isTransient(res.status)) return new TransientStatus(res);
    if (
      res.status === 416 ||
      codes.includes('BLOB_UPLOAD_UNKNOWN') ||
      codes.includes('BLOB_UPLOAD_INVALID') ||
      codes.includes('RANGE_INVALID')
    )
      return new SessionLost();
    if (res.status === 404 && codes.length === 0) return new SessionLost();
    if (codes.includes('DIGEST_INVALID') || codes.includes('SIZE_INVALID')) {
      return new ContentRejected(
        new RegistryError(
          this.stage,
          this.redact(`${cap(op.what)} failed: ${this.describe(res)}.`),
          'The blob changed while it was being uploaded; build again.',
          res.status,
          codes,
        ),
      );
    }
    return this.failure(op, res);
  }

  // ---------------------------------------------------------------- requests

  /**
   * Sends a request with authentication, one re-authentication on 401,
   * redirects (GET/HEAD) and retries of transient failures within the budget.
   * Returns any other answer for the caller to judge.
   */
  private async exchange(x: Exchange): Promise<HttpResponse> {
    const started = this.now();
    let attempt = 0;
    let reauthenticated = false;
    let scopes = x.scopes;
    let url = x.url;
    let redirects = 0;
    const retries = { warned: false };

    for (;;) {
      // Credentials go to the registry itself only, never to a host it points at.
      const anonymous = x.anonymous === true || !scope.isRegistryOrigin(url, this.base);
      const auth: AuthChoice = anonymous ? {} : await this.authorization(scopes);
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        ...(x.headers ?? {}),
      };
      const authorization = auth.header ?? (anonymous ? x.authorization : undefined);
      if (authorization) headers.authorization = authorization;

      let res: HttpResponse;
      this.stats.requests++;
      try {
        res = await sendRequest(
          {
            method: x.method,
            url,
            headers,
            body: x.body,
            contentLength: x.contentLength,
            idleTimeoutMs: this.requestTimeoutMs,
            // The operation's deadline: what is left of the budget, retries included.
            timeLimitMs: Math.max(1, started + this.totalTimeoutMs - this.now()),
            stream: x.stream,
            maxBodyBytes: x.maxBodyBytes,
          },
          this.agents,
        );
      } catch (err) {
        this.log.debug(
          `${x.method} ${displayUrl(url)} failed: ${this.redact(describeNetworkError(err))}`,
        );
        if (x.retry === false) throw err;
        const d = planRetry({
          attempt,
          elapsedMs: this.now() - started,
          budgetMs: this.totalTimeoutMs,
          error: err,
        });
        if (!d.retry)
          throw this.networkFailure(x, err, isRetryableError(err) ? d.reason : undefined);
        attempt++;
        this.stats.retries++;
        this.logRetry(x.what, undefined, this.redact(d.reason), d.delayMs, attempt, retries);
        await this.sleep(d.delayMs);
        continue;
      }
      this.log.debug(`${x.method} ${displayUrl(url)} → ${res.status}`);
      this.noteRateLimit(res);

      if (res.status === 401 && anonymous && !x.anonymous)
        throw scope.foreignChallengeRefusal(url, res, this.registry, x.what);
      if (res.status === 401 && !anonymous) {
        const challenges = parseChallenges(res.headers['www-authenticate']);
        const learnt = this.learn(challenges);
        const wanted = splitScopeParam(findChallenge(challenges, 'bearer')?.params.scope);
        if (auth.token) this.tokens.invalidate(auth.token);
        const canAuth = this.scheme === 'bearer' || (this.scheme === 'basic' && !!this.credentials);
        // First contact (no credentials sent yet) or one fresh try with a new token.
        if (canAuth && ((auth.header === undefined && learnt) || !reauthenticated)) {
          if (auth.header !== undefined) reauthenticated = true;
          scopes = normalizeScopes([...scopes, ...wanted.filter((s) => !scopes.includes(s))]);
          drain(res);
          continue;
        }
        if (x.allowDenied) return res;
        throw this.accessFailure(x, res);
      }
      if (res.status === 401 || res.status === 403) {
        if (x.allowDenied) return res;
        throw this.accessFailure(x, res);
      }

      if (
        x.followRedirects &&
        (x.method === 'GET' || x.method === 'HEAD') &&
        [301, 302, 303, 307, 308].includes(res.status)
      ) {
        const loc = header(res.headers, 'location');
        if (loc && redirects < MAX_REDIRECTS) {
          redirects++;
          drain(res);
          url = new URL(loc, url);
          continue;
        }
      }

      if (isTransient(res.status) && x.retry !== false) {
        const d = planRetry({
          attempt,
          elapsedMs: this.now() - started,
          budgetMs: this.totalTimeoutMs,
          status: res.status,
          retryAfter: header(res.headers, 'retry-after'),
        });
        if (!d.retry) {
          if (res.stream) res.stream.destroy();
          throw this.failure(x, res, d.reason);
        }
        attempt++;
        this.stats.retries++;
        drain(res);
        this.logRetry(x.what, res, d.reason, d.delayMs, attempt, retries);
        await this.sleep(d.delayMs);
        continue;
      }
      return res;
    }
  }

  /** Learns the auth scheme from a 401; true when something new was learnt. */
  private learn(challenges: Challenge[]): boolean {
    const bearer = findChallenge(challenges, 'bearer');
    if (bearer?.params.realm) {
      const changed = this.scheme !== 'bearer' || this.bearer?.params.realm !== bearer.params.realm;
      this.scheme = 'bearer';
      this.bearer = bearer;
      return changed;
    }
    if (findChallenge(challenges, 'basic')) {
      const changed = this.scheme !== 'basic';
      this.scheme = 'basic';
      return changed;
    }
    return false;
  }

  /** Finds out once how the registry authenticates (GET /v2/). */
  private async discoverScheme(): Promise<void> {
    if (this.scheme !== 'unknown') return;
    const res = await this.exchange({
      method: 'GET',
      url: this.url('/v2/'),
      scopes: [],
      what: `contacting ${this.registry}`,
      access: 'pull',
      anonymous: true,
      allowDenied: true,
    });
    if (res.status === 401) {
      this.learn(parseChallenges(res.headers['www-authenticate']));
    } else if (res.status >= 200 && res.status < 300) {
      this.scheme = 'none';
    } else if (res.status === 404) {
      throw new RegistryError(
        this.stage,
        `${this.registry} does not offer the registry API (GET /v2/ answered 404).`,
        'Check the registry host name.',
        404,
      );
    }
  }

  private async authorization(scopes: string[]): Promise<AuthChoice> {
    if (this.scheme === 'basic') {
      return this.credentials
        ? { header: basicAuthorization(this.credentials.username, this.credentials.password) }
        : {};
    }
    if (this.scheme !== 'bearer' || !this.bearer) return {};
    const token = await this.tokens.getOrFetch(scopes, () => this.fetchToken(scopes));
    return { header: `Bearer ${token}`, token };
  }

  private async fetchToken(scopes: string[]): Promise<{ token: string; refreshAt: number }> {
    const challenge = this.bearer!;
    let url: URL;
    try {
      url = tokenUrl(challenge, normalizeScopes(scopes), this.credentials?.username);
    } catch {
      throw new RegistryError(
        'login',
        `${this.registry} asked for a token from an invalid address "${challenge.params.realm ?? ''}".`,
        undefined,
        401,
      );
    }
    const refusal = scope.realmRefusal(url, this.base, this.registry);
    if (refusal) throw refusal;
    const what = `getting an access token from ${url.host}`;
    const res = await this.exchange({
      method: 'GET',
      url,
      scopes: [],
      what,
      access: 'pull',
      anonymous: true,
      authorization: this.credentials
        ? basicAuthorization(this.credentials.username, this.credentials.password)
        : undefined,
      allowDenied: true,
    });
    if (res.status === 401 || res.status === 403) throw this.loginRejected(res);
    if (res.status !== 200) {
      throw new RegistryError(
        'login',
        this.redact(`Getting an access token from ${url.host} failed: ${this.describe(res)}.`),
        hintForStatus(res.status, errorCodes(res.body)),
        res.status,
        errorCodes(res.body),
      );
    }
    let parsed;
    try {
      parsed = parseTokenResponse(res.body);
    } catch (err) {
      throw new RegistryError(
        'login',
        `The token service ${url.host} gave an unusable answer: ${(err as Error).message}.`,
        undefined,
        res.status,
      );
    }
    this.redactor.addToken(parsed.token);
    const refreshAt = tokenRefreshAt(this.now(), parsed.expiresInS);
    this.log.debug(
      `Token for ${scopes.length ? scopes.join(' ') : 'the registry'} from ${url.host} (valid ${parsed.expiresInS}s)`,
    );
    return { token: parsed.token, refreshAt };
  }

  // ---------------------------------------------------------------- errors

  private opFor(method: string, what: string, repo?: string, access: Access = 'pull'): Exchange {
    return { method, url: this.base, scopes: [], what, repo, access };
  }

  private failure(x: Exchange, res: HttpResponse, gaveUp?: string): RegistryError {
    const codes = errorCodes(res.body);
    if (res.status === 401 || res.status === 403 || codes.includes('DENIED'))
      return this.accessFailure(x, res);
    let msg = `${cap(x.what)} failed: ${this.describe(res)}`;
    if (gaveUp) msg += ` (gave up: ${gaveUp})`;
    return new RegistryError(
      this.stage,
      this.redact(`${msg}.`),
      hintForStatus(res.status, codes),
      res.status,
      codes,
    );
  }

  private accessFailure(x: Exchange, res: HttpResponse): RegistryError {
    const codes = errorCodes(res.body);
    const repo = x.repo;
    if (this.scheme === 'basic' && res.status === 401 && this.credentials)
      return this.loginRejected(res);
    if (x.access === 'push' && repo) {
      return this.credentials ? this.pushDenied(repo, res) : this.credentialsNeeded(repo, res);
    }
    const who = this.credentials ? `the account "${this.credentials.username}"` : 'anonymous users';
    const target = repo ? `repository "${repo}"` : this.registry;
    return new RegistryError(
      this.stage,
      this.redact(
        `Access denied to ${target} on ${this.registry} while ${x.what}: it does not exist, or ${who} may not read it (${this.describe(res)}).`,
      ),
      this.credentials
        ? 'Check the image name and that the account has read access.'
        : 'Set the username and password inputs if the repository is private.',
      res.status,
      codes,
    );
  }

  private pushDenied(repo: string, res: HttpResponse | undefined): RegistryError {
    const user = this.credentials?.username ?? '';
    const ns = repo.includes('/') ? repo.slice(0, repo.indexOf('/')) : repo;
    const detail = res ? ` (${this.describe(res)})` : '';
    const hub = isDockerHub(this.registry);
    return new RegistryError(
      'push',
      this.redact(
        `Access denied to repository "${repo}" on ${this.registry}: the account "${user}" can push only to repositories it owns ("${user}/…") or that an organization gave it write access to${detail}.`,
      ),
      ns.toLowerCase() === user.toLowerCase()
        ? `The account owns "${ns}/…" but the credentials lack push rights: ${hub ? 'use a Docker Hub access token with Read & Write scope' : 'use a token with write (push) scope'}.`
        : `Name the image "${user}/<name>", or ask an owner of "${ns}" for write access${hub ? '; an access token needs Read & Write scope' : ''}.`,
      res?.status,
      res ? errorCodes(res.body) : [],
    );
  }

  private credentialsNeeded(repo: string, res?: HttpResponse): RegistryError {
    return new RegistryError(
      'login',
      `Pushing to "${repo}" on ${this.registry} needs credentials, and none were given.`,
      'Set the username and password inputs (for Docker Hub: your Docker ID and an access token with Read & Write scope).',
      res?.status ?? 401,
      res ? errorCodes(res.body) : [],
    );
  }

  private loginRejected(res: HttpResponse): RegistryError {
    const codes = errorCodes(res.body);
    if (!this.credentials) {
      return new RegistryError(
        'login',
        `${this.registry} refused anonymous access (${this.describe(res)}).`,
        'Set the username and password inputs.',
        res.status,
        codes,
      );
    }
    const hub = isDockerHub(this.registry);
    return new RegistryError(
      'login',
      this.redact(
        `The registry rejected the credentials for user "${this.credentials.username}" on ${this.registry}.`,
      ),
      hub
        ? 'Use your Docker ID (not your e-mail address) as username and a Docker Hub access token with Read & Write scope as password (Account settings → Personal access tokens).'
        : 'Check the username and the password; if the registry uses access tokens, use one with Read & Write (push) scope.',
      res.status,
      codes,
    );
  }

  private networkFailure(x: Exchange, err: unknown, gaveUp?: string): ActionError {
    if (err instanceof ActionError) return err;
    const code = (err as { code?: string } | null)?.code ?? '';
    if (code.startsWith('SOURCE_') || code === 'BODY_TOO_LARGE') {
      const msg = `${cap(x.what)} failed: ${(err as Error).message}.`;
      return new RegistryError(this.stage, this.redact(msg), undefined, undefined);
    }
    let hint: string | undefined;
    if (code === 'ECONNREFUSED')
      hint = `Is the registry running, and is "${this.registry}" the right address?`;
    else if (code === 'ENOTFOUND') hint = `Check the registry host name "${this.registry}".`;
    else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
      hint = `The registry's TLS certificate is not trusted by this machine.`;
    else if (gaveUp || code === 'DEADLINE')
      hint = 'The network or the registry is having trouble; try again later.';
    const reason = this.redact(describeNetworkError(err));
    const more = gaveUp ? ` (gave up: ${this.redact(gaveUp)})` : '';
    return new RegistryError(
      this.stage,
      `${cap(x.what)} failed: could not talk to ${this.registry}: ${reason}${more}.`,
      hint,
      undefined,
    );
  }

  private streamError(what: string, err: Error): Error {
    if (err instanceof ActionError) return err;
    return new RegistryError(
      this.stage,
      `${cap(what)} failed: ${this.redact(describeNetworkError(err))}.`,
      undefined,
      undefined,
    );
  }

  private redact(text: string): string {
    return this.redactor.redact(text);
  }

  private describe(res: HttpResponse): string {
    return describeRegistryFailure(res.status, this.redact(res.body.toString('utf8')));
  }

  // ---------------------------------------------------------------- small helpers

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

  private url(path: string): URL {
    return new URL(path, this.base);
  }

  private location(res: HttpResponse, requestUrl: URL): URL {
    const loc = header(res.headers, 'location');
    if (!loc) {
      throw new RegistryError(
        this.stage,
        `${this.registry} opened an upload without saying where to send it (no Location header).`,
        undefined,
        res.status,
      );
    }
    return new URL(loc, requestUrl);
  }

  /**
   * One line per retry, with the registry's plain-text reason; the first 429 of an
   * operation is a warning, the lines after it are not.
   */
  private logRetry(
    what: string,
    res: HttpResponse | undefined,
    reason: string,
    delayMs: number,
    attempt: number,
    op: { warned: boolean },
  ): void {
    const rateLimited = res?.status === 429;
    const words = rateLimited ? `rate limited (HTTP 429${plainBody(res)})` : reason;
    const line = `${cap(what)}: ${words}; retrying in ${formatMs(delayMs)} (attempt ${attempt + 1})`;
    if (rateLimited && !op.warned) this.log.warning(line);
    else this.log.info(line);
    if (rateLimited) op.warned = true;
  }

  private noteRateLimit(res: HttpResponse): void {
    const limit = header(res.headers, 'ratelimit-limit');
    const remaining = header(res.headers, 'ratelimit-remaining');
    if (limit === undefined && remaining === undefined) return;
    const source = header(res.headers, 'docker-ratelimit-source');
    const lim = parseRateLimit(limit);
    const rem = parseRateLimit(remaining);
    const window = lim?.window ?? rem?.window;
    const text =
      rem !== undefined && lim !== undefined
        ? `${rem.count} of ${lim.count} requests left${window ? ` per ${formatMs(window * 1000)}` : ''}`
        : `limit ${limit ?? '?'}, remaining ${remaining ?? '?'}`;
    const line = `Registry rate limit: ${text}${source ? ` (counted for ${source})` : ''}`;
    if (line === this.lastRateLimit) return;
    this.lastRateLimit = line;
    if (res.status === 429)
      this.log.warning(`${line}; the registry answered 429 Too Many Requests`);
    else if (rem !== undefined && lim !== undefined && rem.count <= Math.max(1, lim.count / 10))
      this.log.info(line);
    else this.log.debug(line);
  }
}

// -------------------------------------------------------------------- internals

class RestartUpload extends Error {}
class SessionLost extends Error {}
class TransientStatus extends Error {
  constructor(readonly response: HttpResponse) {
    super(`HTTP ${response.status}`);
  }
}

function isTransient(status: number): boolean {
  return [408, 429, 500, 502, 503, 504].includes(status);
}

function isNetworkError(err: unknown): boolean {
  return typeof (err as { code?: unknown } | null)?.code === 'string';
}

function drain(res: HttpResponse): void {
  res.stream?.resume();
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
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

function checkDigest(digest: string): void {
  if (!scope.isDigest(digest)) {
    throw new ActionError('push', `"${digest}" is not a valid blob digest.`);
  }
}

function short(digest: string): string {
  const i = digest.indexOf(':');
  return i < 0 ? digest : digest.slice(0, i + 13);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function displayUrl(u: URL): string {
  return `${u.origin}${u.pathname}`;
}

function plainBody(res: HttpResponse): string {
  if (res.body.length === 0 || res.body.length > 300) return '';
  const t = res.body.toString('utf8').replace(/\s+/g, ' ').trim();
  return t === '' || t.startsWith('{') ? '' : `: ${t}`;
}

/** The rel="next" target of a Link header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

/** "100;w=21600" → { count: 100, window: 21600 }. */
export function parseRateLimit(
  v: string | undefined,
): { count: number; window?: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v);
  if (!m) return undefined;
  return { count: Number(m[1]), window: m[2] ? Number(m[2]) : undefined };
}

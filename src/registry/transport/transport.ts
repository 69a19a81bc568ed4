/**
 * The request loop every registry request goes through: authentication (with one
 * re-authentication on 401), redirects of reads, and retries of transient failures
 * within the time budget, all decided by planRetry. Returns any other answer for the
 * endpoint modules to judge.
 */
import type { Stage } from '../../core/errors.js';
import { formatMs } from '../../util/duration-format.js';
import { cap, Failures } from '../errors.js';
import type { Credentials, Logger, PushStats } from '../types.js';
import {
  findChallenge,
  normalizeScopes,
  parseChallenges,
  repositoryScope,
  splitScopeParam,
} from './auth.js';
import * as scope from './credential-scope.js';
import { Handshake, type AuthChoice } from './handshake.js';
import type { Request } from './request.js';
import {
  createAgents,
  drain,
  header,
  sendRequest,
  type Agents,
  type HttpResponse,
} from './http.js';
import {
  describeNetworkError,
  isRetryableError,
  isRetryableStatus,
  planRetry,
  type RetryDecision,
} from './retry.js';

export type { Request };

const MAX_REDIRECTS = 5;

/** What every read of `repo` asks: a pull token, and redirects followed. */
export function readOf(
  repo: string,
  what: string,
): Pick<Request, 'scopes' | 'what' | 'repo' | 'access' | 'followRedirects'> {
  return {
    scopes: [repositoryScope(repo, ['pull'])],
    what,
    repo,
    access: 'pull',
    followRedirects: true,
  };
}

/** The retries of one request, or of one upload since its last progress. */
export interface RetryRun {
  attempt: number;
  /** When the first failure of this run happened (or the request began). */
  since?: number;
}

export interface TransportOptions {
  base: URL;
  /** Registry as the user wrote it, for messages. */
  registry: string;
  credentials?: Credentials;
  /** A logger that already redacts. */
  log: Logger;
  redactor: scope.Redactor;
  totalTimeoutMs: number;
  requestTimeoutMs: number;
  userAgent: string;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  stage: Stage;
  stats: PushStats;
  /**
   * Whether a 429 from this registry was already reported as a warning in this run:
   * shared by the run's clients of one registry (else this transport's own).
   */
  rateLimit?: RateLimitNotice;
}

/** Whether a registry's rate limit was said as a warning in the run. */
export interface RateLimitNotice {
  warned: boolean;
}

/** Where one request stands in its loop. */
interface Progress {
  url: URL;
  scopes: string[];
  redirects: number;
  reauthenticated: boolean;
}

export class Transport {
  readonly base: URL;
  readonly registry: string;
  readonly stage: Stage;
  readonly log: Logger;
  readonly stats: PushStats;
  readonly failures: Failures;
  readonly auth: Handshake;
  readonly now: () => number;
  private readonly agents: Agents;
  private lastRateLimit = '';
  private readonly rateLimit: RateLimitNotice;

  constructor(private readonly o: TransportOptions) {
    this.base = o.base;
    this.registry = o.registry;
    this.stage = o.stage;
    this.log = o.log;
    this.stats = o.stats;
    this.now = o.now;
    this.rateLimit = o.rateLimit ?? { warned: false };
    this.failures = new Failures({
      registry: o.registry,
      stage: o.stage,
      credentials: o.credentials,
      redactor: o.redactor,
      usesBasic: () => this.auth.scheme === 'basic',
    });
    this.auth = new Handshake({
      ...o,
      failures: this.failures,
      send: (x) => this.send(x),
    });
    this.agents = createAgents();
  }

  url(path: string): URL {
    return new URL(path, this.base);
  }

  /** Frees kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /**
   * Sends a request with authentication, one re-authentication on 401,
   * redirects (GET/HEAD) and retries of transient failures within the budget.
   * Returns any other answer for the caller to judge.
   */
  async send(x: Request): Promise<HttpResponse> {
    const run: RetryRun = { attempt: 0, since: this.now() };
    const p: Progress = { url: x.url, scopes: x.scopes, redirects: 0, reauthenticated: false };
    // Sent while the registry's authentication is being found out, it would only be refused.
    if (x.anonymous !== true) await this.auth.settled();
    for (;;) {
      // Credentials go to the registry itself only, never to a host it points at.
      const anonymous = x.anonymous === true || !scope.isRegistryOrigin(p.url, this.base);
      const auth: AuthChoice = anonymous ? {} : await this.auth.authorization(p.scopes);
      let res: HttpResponse;
      try {
        res = await this.sendOnce(x, p.url, run.since!, this.headers(x, auth, anonymous));
      } catch (err) {
        if (x.retry === false) throw err;
        const d = this.decideRetry(run, { error: err });
        if (!d.retry)
          throw this.failures.networkFailure(x, err, isRetryableError(err) ? d.reason : undefined);
        await this.waitToRetry(run, x.what, undefined, d);
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        if (this.authenticateAgain(x, res, auth, anonymous, p)) {
          drain(res);
          continue;
        }
        if (x.allowDenied) return res;
        throw this.failures.accessFailure(x, res);
      }
      const next = this.redirectTarget(x, res, p);
      if (next) {
        drain(res);
        p.url = next;
        continue;
      }
      if (isRetryableStatus(res.status) && x.retry !== false) {
        const d = this.decideRetry(run, { response: res });
        if (!d.retry) {
          if (res.stream) res.stream.destroy();
          throw this.failures.failure(x, res, d.reason);
        }
        drain(res);
        await this.waitToRetry(run, x.what, res, d);
        continue;
      }
      return res;
    }
  }

  /** The one retry decision, for this run of failures. */
  decideRetry(run: RetryRun, failure: { response?: HttpResponse; error?: unknown }): RetryDecision {
    run.since ??= this.now();
    const res = failure.response;
    return planRetry({
      attempt: run.attempt,
      elapsedMs: this.now() - run.since,
      budgetMs: this.o.totalTimeoutMs,
      status: res?.status,
      error: res === undefined ? failure.error : undefined,
      retryAfter: res === undefined ? undefined : header(res.headers, 'retry-after'),
    });
  }

  /** Counts, reports and waits out a retry that `decideRetry` allowed. */
  async waitToRetry(
    run: RetryRun,
    what: string,
    res: HttpResponse | undefined,
    d: { delayMs: number; reason: string },
  ): Promise<void> {
    run.attempt++;
    this.stats.retries++;
    this.logRetry(what, res, this.failures.redact(d.reason), d.delayMs, run.attempt);
    await this.o.sleep(d.delayMs);
  }

  private headers(x: Request, auth: AuthChoice, anonymous: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.o.userAgent,
      ...(x.headers ?? {}),
    };
    const authorization = auth.header ?? (anonymous ? x.authorization : undefined);
    if (authorization) headers.authorization = authorization;
    return headers;
  }

  /** One try of the request, logged; rejects on network failure. */
  private async sendOnce(
    x: Request,
    url: URL,
    started: number,
    headers: Record<string, string>,
  ): Promise<HttpResponse> {
    this.stats.requests++;
    let res: HttpResponse;
    try {
      res = await sendRequest(
        {
          method: x.method,
          url,
          headers,
          body: x.body,
          contentLength: x.contentLength,
          idleTimeoutMs: this.o.requestTimeoutMs,
          // The operation's deadline: what is left of the budget, retries included.
          timeLimitMs: Math.max(1, started + this.o.totalTimeoutMs - this.now()),
          stream: x.stream,
        },
        this.agents,
      );
    } catch (err) {
      this.log.debug(
        `${x.method} ${displayUrl(url)} failed: ${this.failures.redact(describeNetworkError(err))}`,
      );
      throw err;
    }
    this.log.debug(`${x.method} ${displayUrl(url)} → ${res.status}`);
    this.noteRateLimit(res);
    return res;
  }

  /**
   * After a 401 or 403: true when the request should go again with (new) credentials,
   * first contact (no credentials sent yet) or one fresh try with a new token.
   */
  private authenticateAgain(
    x: Request,
    res: HttpResponse,
    auth: AuthChoice,
    anonymous: boolean,
    p: Progress,
  ): boolean {
    if (res.status !== 401) return false;
    if (anonymous && !x.anonymous)
      throw scope.foreignChallengeRefusal(p.url, res, this.registry, x.what);
    if (anonymous) return false;
    const challenges = parseChallenges(res.headers['www-authenticate']);
    const learnt = this.auth.learn(challenges);
    const wanted = splitScopeParam(findChallenge(challenges, 'bearer')?.params.scope);
    if (auth.token) this.auth.invalidate(auth.token);
    if (!this.auth.canAuthenticate()) return false;
    if (!((auth.header === undefined && learnt) || !p.reauthenticated)) return false;
    if (auth.header !== undefined) p.reauthenticated = true;
    p.scopes = normalizeScopes([...p.scopes, ...wanted.filter((s) => !p.scopes.includes(s))]);
    return true;
  }

  /** Where a redirected read goes next, if it is to be followed. */
  private redirectTarget(x: Request, res: HttpResponse, p: Progress): URL | undefined {
    if (!x.followRedirects || (x.method !== 'GET' && x.method !== 'HEAD')) return undefined;
    if (![301, 302, 303, 307, 308].includes(res.status)) return undefined;
    const loc = header(res.headers, 'location');
    if (!loc || p.redirects >= MAX_REDIRECTS) return undefined;
    p.redirects++;
    return new URL(loc, p.url);
  }

  /**
   * One line per retry, with the registry's plain-text reason; the first 429 from this
   * registry in the run is a warning, the lines after it are not (a push's requests go
   * side by side, and a limit meets them all).
   */
  private logRetry(
    what: string,
    res: HttpResponse | undefined,
    reason: string,
    delayMs: number,
    attempt: number,
  ): void {
    const rateLimited = res?.status === 429;
    const words = rateLimited ? `rate limited (HTTP 429${plainBody(res)})` : reason;
    const line = `${cap(what)}: ${words}; retrying in ${formatMs(delayMs)} (attempt ${attempt + 1})`;
    if (rateLimited && !this.rateLimit.warned) this.log.warning(line);
    else this.log.info(line);
    if (rateLimited) this.rateLimit.warned = true;
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

function displayUrl(u: URL): string {
  return `${u.origin}${u.pathname}`;
}

function plainBody(res: HttpResponse): string {
  if (res.body.length === 0 || res.body.length > 300) return '';
  const t = res.body.toString('utf8').replace(/\s+/g, ' ').trim();
  return t === '' || t.startsWith('{') ? '' : `: ${t}`;
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

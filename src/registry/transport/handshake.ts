/**
 * How the client authenticates to one registry: the scheme it learns from the first
 * 401 (none, Basic or Bearer), the Authorization for each request, and the bearer
 * tokens it gets from the challenge's realm and keeps per scope set.
 */
import type { Stage } from '../../core/errors.js';
import { errorCodes, hintForStatus, RegistryError, type Failures } from '../errors.js';
import type { Credentials } from '../types.js';
import {
  basicAuthorization,
  findChallenge,
  normalizeScopes,
  parseChallenges,
  parseTokenResponse,
  TokenCache,
  tokenRefreshAt,
  tokenUrl,
  type Challenge,
} from './auth.js';
import * as scope from './credential-scope.js';
import type { HttpResponse } from './http.js';
import type { Request } from './request.js';

export type AuthScheme = 'unknown' | 'none' | 'bearer' | 'basic';

export interface AuthChoice {
  header?: string;
  token?: string;
}

export interface HandshakeContext {
  base: URL;
  /** Registry as the user wrote it, for messages. */
  registry: string;
  stage: Stage;
  credentials?: Credentials;
  now: () => number;
  log: { debug(m: string): void };
  redactor: scope.Redactor;
  failures: Failures;
  /** Sends a request through the transport (the token service's requests go anonymous). */
  send(x: Request): Promise<HttpResponse>;
}

export class Handshake {
  /** How the registry wants us to authenticate; learnt from its first 401. */
  scheme: AuthScheme = 'unknown';
  private bearer?: Challenge;
  private readonly tokens: TokenCache;
  /** The discovery under way, shared by whoever asks meanwhile. */
  private discovering?: Promise<void>;

  constructor(private readonly c: HandshakeContext) {
    this.tokens = new TokenCache(c.now);
  }

  /** True when a 401 can be answered with (new) credentials or a new token. */
  canAuthenticate(): boolean {
    return this.scheme === 'bearer' || (this.scheme === 'basic' && !!this.c.credentials);
  }

  /** Forgets a token the registry just refused. */
  invalidate(token: string): void {
    this.tokens.invalidate(token);
  }

  /**
   * Finds out once how the registry authenticates (GET /v2/). Callers at the same time
   * share one request.
   */
  discover(): Promise<void> {
    if (this.scheme !== 'unknown') return Promise.resolve();
    this.discovering ??= this.ping().finally(() => (this.discovering = undefined));
    return this.discovering;
  }

  /** Once a discovery under way (if any) is over, whatever its outcome. */
  async settled(): Promise<void> {
    await this.discovering?.catch(() => undefined);
  }

  private async ping(): Promise<void> {
    const res = await this.c.send({
      method: 'GET',
      url: new URL('/v2/', this.c.base),
      scopes: [],
      what: `contacting ${this.c.registry}`,
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
        this.c.stage,
        `${this.c.registry} does not offer the registry API (GET /v2/ answered 404).`,
        'Check the registry host name.',
        404,
      );
    }
  }

  /** The Authorization for a request to the registry that needs `scopes`. */
  async authorization(scopes: string[]): Promise<AuthChoice> {
    if (this.scheme === 'basic') {
      return this.c.credentials ? { header: this.basic(this.c.credentials) } : {};
    }
    if (this.scheme !== 'bearer' || !this.bearer) return {};
    const token = await this.tokens.getOrFetch(scopes, () => this.fetchToken(scopes));
    return { header: `Bearer ${token}`, token };
  }

  /** Learns the auth scheme from a 401; true when something new was learnt. */
  learn(challenges: Challenge[]): boolean {
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

  private basic(credentials: Credentials): string {
    return basicAuthorization(credentials.username, credentials.password);
  }

  private async fetchToken(scopes: string[]): Promise<{ token: string; refreshAt: number }> {
    const url = this.tokenServiceUrl(scopes);
    const { credentials } = this.c;
    const res = await this.c.send({
      method: 'GET',
      url,
      scopes: [],
      what: `getting an access token from ${url.host}`,
      access: 'pull',
      anonymous: true,
      authorization: credentials ? this.basic(credentials) : undefined,
      allowDenied: true,
    });
    const parsed = this.readToken(url, res);
    this.c.redactor.addToken(parsed.token);
    const refreshAt = tokenRefreshAt(this.c.now(), parsed.expiresInS);
    this.c.log.debug(
      `Token for ${scopes.length ? scopes.join(' ') : 'the registry'} from ${url.host} (valid ${parsed.expiresInS}s)`,
    );
    return { token: parsed.token, refreshAt };
  }

  /** The challenge's realm with the scopes asked for; refused when it may not get the password. */
  private tokenServiceUrl(scopes: string[]): URL {
    const challenge = this.bearer!;
    let url: URL;
    try {
      url = tokenUrl(challenge, normalizeScopes(scopes), this.c.credentials?.username);
    } catch {
      throw new RegistryError(
        'login',
        `${this.c.registry} asked for a token from an invalid address "${challenge.params.realm ?? ''}".`,
        undefined,
        401,
      );
    }
    const refusal = scope.realmRefusal(url, this.c.base, this.c.registry);
    if (refusal) throw refusal;
    return url;
  }

  /** The token service's answer, or the error it means. */
  private readToken(url: URL, res: HttpResponse): ReturnType<typeof parseTokenResponse> {
    const { failures } = this.c;
    if (res.status === 401 || res.status === 403) throw failures.loginRejected(res);
    if (res.status !== 200) {
      throw new RegistryError(
        'login',
        failures.redact(
          `Getting an access token from ${url.host} failed: ${failures.describe(res)}.`,
        ),
        hintForStatus(res.status, errorCodes(res.body)),
        res.status,
        errorCodes(res.body),
      );
    }
    try {
      return parseTokenResponse(res.body);
    } catch (err) {
      throw new RegistryError(
        'login',
        `The token service ${url.host} gave an unusable answer: ${(err as Error).message}.`,
        undefined,
        res.status,
      );
    }
  }
}

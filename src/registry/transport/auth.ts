/**
 * Registry authentication pieces with no I/O: WWW-Authenticate challenge
 * parsing, scope strings, token responses, and a per-scope-set token cache.
 * The handshake that uses them (the HTTP exchange with the token service) lives in
 * handshake.ts.
 */

export interface Challenge {
  /** Lower-cased scheme: "bearer", "basic", ... */
  scheme: string;
  /** Parameters with lower-cased names: realm, service, scope, error, ... */
  params: Record<string, string>;
}

/**
 * Parses a WWW-Authenticate header (RFC 7235), which may hold several
 * challenges separated by commas, with quoted parameter values that contain
 * commas themselves (`scope="repository:a/b:pull,push"`).
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  const out: Challenge[] = [];
  let i = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const readBare = (): string => {
    const start = i;
    while (i < n && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t') i++;
    return text.slice(start, i);
  };
  const readQuoted = (): string => {
    // Assumes text[i] === '"'.
    i++;
    let v = '';
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < n) i++;
      v += text[i];
      i++;
    }
    i++; // closing quote
    return v;
  };

  let current: Challenge | undefined;
  while (i < n) {
    skipWs();
    if (text[i] === ',') {
      i++;
      continue;
    }
    const start = i;
    const tok = readToken();
    if (tok === '') {
      i++; // skip a stray character
      continue;
    }
    skipWs();
    if (text[i] === '=' && current !== undefined) {
      // Could be a parameter, or a token68 ending in '=' (rare). Treat as parameter
      // unless what follows is end/comma/'=' (token68 padding).
      const save = i;
      i++;
      skipWs();
      if (i >= n || text[i] === ',' || text[i] === '=') {
        // token68 like "abc==": keep it as the challenge's token68.
        i = save;
        while (i < n && text[i] === '=') i++;
        current.params.token68 = text.slice(start, i);
        continue;
      }
      const value = text[i] === '"' ? readQuoted() : readBare();
      current.params[tok.toLowerCase()] = value;
      continue;
    }
    // A new challenge starts with a scheme token.
    current = { scheme: tok.toLowerCase(), params: {} };
    out.push(current);
  }
  return out;
}

/** The first challenge of a given scheme, if any. */
export function findChallenge(challenges: Challenge[], scheme: string): Challenge | undefined {
  return challenges.find((c) => c.scheme === scheme.toLowerCase());
}

export interface Scope {
  type: string;
  name: string;
  actions: string[];
}

/** Parses "repository:alice/app:pull,push" into its parts; undefined if malformed. */
export function parseScope(scope: string): Scope | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const type = scope.slice(0, first);
  const name = scope.slice(first + 1, last);
  const actions = scope
    .slice(last + 1)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (name === '' || actions.length === 0) return undefined;
  return { type, name, actions };
}

export function formatScope(s: Scope): string {
  return `${s.type}:${s.name}:${s.actions.join(',')}`;
}

export function repositoryScope(repo: string, actions: readonly string[]): string {
  return `repository:${repo}:${actions.join(',')}`;
}

/** Splits a challenge's scope parameter (space separated) into scopes. */
export function splitScopeParam(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(/\s+/).filter((s) => s !== '');
}

/**
 * Merges scopes on the same resource ("repository:a:pull" + "repository:a:push"
 * → "repository:a:pull,push"), sorted, so the same need gives the same key.
 */
export function normalizeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, { type: string; name: string; actions: Set<string> }>();
  const unparsed = new Set<string>();
  for (const s of scopes) {
    const p = parseScope(s);
    if (!p) {
      unparsed.add(s);
      continue;
    }
    const key = `${p.type}:${p.name}`;
    const entry = byResource.get(key) ?? { type: p.type, name: p.name, actions: new Set() };
    for (const a of p.actions) entry.actions.add(a);
    byResource.set(key, entry);
  }
  const out = [...byResource.values()].map((e) =>
    formatScope({ type: e.type, name: e.name, actions: [...e.actions].sort() }),
  );
  return [...out, ...unparsed].sort();
}

/** True when every action of every `wanted` scope is granted by some scope in `have`. */
export function scopesCover(have: readonly string[], wanted: readonly string[]): boolean {
  const granted = have.map(parseScope).filter((s): s is Scope => s !== undefined);
  return wanted.every((w) => {
    const ws = parseScope(w);
    if (!ws) return have.includes(w);
    return ws.actions.every((a) =>
      granted.some(
        (g) =>
          g.type === ws.type &&
          g.name === ws.name &&
          (g.actions.includes(a) || g.actions.includes('*')),
      ),
    );
  });
}

/** URL of the token request: realm plus service and one scope parameter per scope. */
export function tokenUrl(challenge: Challenge, scopes: readonly string[], account?: string): URL {
  const realm = challenge.params.realm;
  if (!realm) throw new Error('the Bearer challenge has no realm');
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  for (const s of scopes) url.searchParams.append('scope', s);
  if (account) url.searchParams.set('account', account);
  return url;
}

/** Default token lifetime when the service does not say (Docker token spec). */
export const DEFAULT_TOKEN_LIFETIME_S = 60;

export interface TokenResponse {
  token: string;
  /** Lifetime in seconds as sent, or the default. */
  expiresInS: number;
}

/** Reads a token service answer; accepts both `token` and OAuth2 `access_token`. */
export function parseTokenResponse(body: Buffer | string): TokenResponse {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    throw new Error('the token service did not answer with JSON');
  }
  const j = (json ?? {}) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
  const token =
    typeof j.token === 'string' && j.token !== ''
      ? j.token
      : typeof j.access_token === 'string' && j.access_token !== ''
        ? j.access_token
        : undefined;
  if (token === undefined) throw new Error('the token service answer holds no token');
  const exp = typeof j.expires_in === 'number' ? j.expires_in : Number(j.expires_in);
  return {
    token,
    expiresInS: Number.isFinite(exp) && exp > 0 ? exp : DEFAULT_TOKEN_LIFETIME_S,
  };
}

/**
 * When a token received at `receivedAt` should be treated as expired: a little
 * before its real end so that a request does not start with a dying token
 * (20% of the lifetime, at most 10 seconds).
 */
export function tokenRefreshAt(receivedAt: number, expiresInS: number): number {
  const lifetime = expiresInS * 1000;
  return receivedAt + lifetime - Math.min(10_000, lifetime * 0.2);
}

/**
 * The actions a JWT grants on a resource, from its `access` claim (Docker
 * token format). Undefined when the token is opaque or has no such claim;
 * the signature is not checked (that is the registry's job).
 */
export function jwtGrantedActions(token: string, type: string, name: string): string[] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const access = (payload as { access?: unknown } | null)?.access;
  if (!Array.isArray(access)) return undefined;
  const actions = new Set<string>();
  for (const a of access) {
    const e = a as { type?: unknown; name?: unknown; actions?: unknown };
    if (e?.type === type && e.name === name && Array.isArray(e.actions)) {
      for (const x of e.actions) if (typeof x === 'string') actions.add(x);
    }
  }
  return [...actions];
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

interface CachedToken {
  scopes: string[];
  token: string;
  refreshAt: number;
}

/**
 * Bearer tokens cached per scope set. A lookup is served by any live token
 * whose scopes cover the wanted ones (a pull,push token also serves a pull).
 * Concurrent lookups of the same scope set share one fetch.
 */
export class TokenCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(scopes: readonly string[]): string {
    return normalizeScopes(scopes).join(' ');
  }

  /** A live token covering `scopes`, if cached. */
  get(scopes: readonly string[]): string | undefined {
    const t = this.now();
    const key = TokenCache.key(scopes);
    const exact = this.entries.get(key);
    if (exact && exact.refreshAt > t) return exact.token;
    const wanted = normalizeScopes(scopes);
    for (const [k, e] of this.entries) {
      if (e.refreshAt <= t) {
        this.entries.delete(k);
        continue;
      }
      if (scopesCover(e.scopes, wanted)) return e.token;
    }
    return undefined;
  }

  set(scopes: readonly string[], token: string, refreshAt: number): void {
    this.entries.set(TokenCache.key(scopes), { scopes: normalizeScopes(scopes), token, refreshAt });
  }

  /** Forgets `token` (the one a registry just refused), wherever it is cached. */
  invalidate(token: string): void {
    for (const [k, e] of this.entries) if (e.token === token) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Cached token, or one fetched once for all concurrent callers of the same scope set. */
  async getOrFetch(
    scopes: readonly string[],
    fetch: () => Promise<{ token: string; refreshAt: number }>,
  ): Promise<string> {
    const hit = this.get(scopes);
    if (hit !== undefined) return hit;
    const key = TokenCache.key(scopes);
    const running = this.inflight.get(key);
    if (running) return running;
    const p = (async () => {
      try {
        const { token, refreshAt } = await fetch();
        this.set(scopes, token, refreshAt);
        return token;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, p);
    return p;
  }
}

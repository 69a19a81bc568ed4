export const id = 221;
export const ids = [221];
export const modules = {

/***/ 7221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RegistryClients: () => (/* binding */ RegistryClients)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/registry/errors.ts + 2 modules
var registry_errors = __webpack_require__(7959);
;// CONCATENATED MODULE: ./src/registry/transport/auth.ts
/**
 * Registry authentication pieces with no I/O: WWW-Authenticate challenge
 * parsing, scope strings, token responses, and a per-scope-set token cache.
 * The handshake that uses them (the HTTP exchange with the token service) lives in
 * handshake.ts.
 */
/**
 * Parses a WWW-Authenticate header (RFC 7235), which may hold several
 * challenges separated by commas, with quoted parameter values that contain
 * commas themselves (`scope="repository:a/b:pull,push"`).
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const text = Array.isArray(header) ? header.join(', ') : header;
    const out = [];
    let i = 0;
    const n = text.length;
    const skipWs = () => {
        while (i < n && (text[i] === ' ' || text[i] === '\t'))
            i++;
    };
    const readToken = () => {
        const start = i;
        while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i]))
            i++;
        return text.slice(start, i);
    };
    const readBare = () => {
        const start = i;
        while (i < n && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t')
            i++;
        return text.slice(start, i);
    };
    const readQuoted = () => {
        // Assumes text[i] === '"'.
        i++;
        let v = '';
        while (i < n && text[i] !== '"') {
            if (text[i] === '\\' && i + 1 < n)
                i++;
            v += text[i];
            i++;
        }
        i++; // closing quote
        return v;
    };
    let current;
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
                while (i < n && text[i] === '=')
                    i++;
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
function findChallenge(challenges, scheme) {
    return challenges.find((c) => c.scheme === scheme.toLowerCase());
}
/** Parses "repository:alice/app:pull,push" into its parts; undefined if malformed. */
function parseScope(scope) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first)
        return undefined;
    const type = scope.slice(0, first);
    const name = scope.slice(first + 1, last);
    const actions = scope
        .slice(last + 1)
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
    if (name === '' || actions.length === 0)
        return undefined;
    return { type, name, actions };
}
function formatScope(s) {
    return `${s.type}:${s.name}:${s.actions.join(',')}`;
}
function repositoryScope(repo, actions) {
    return `repository:${repo}:${actions.join(',')}`;
}
/** Splits a challenge's scope parameter (space separated) into scopes. */
function splitScopeParam(scope) {
    return scope === undefined ? [] : scope.split(/\s+/).filter((s) => s !== '');
}
/**
 * Merges scopes on the same resource ("repository:a:pull" + "repository:a:push"
 * → "repository:a:pull,push"), sorted, so the same need gives the same key.
 */
function normalizeScopes(scopes) {
    const byResource = new Map();
    const unparsed = new Set();
    for (const s of scopes) {
        const p = parseScope(s);
        if (!p) {
            unparsed.add(s);
            continue;
        }
        const key = `${p.type}:${p.name}`;
        const entry = byResource.get(key) ?? { type: p.type, name: p.name, actions: new Set() };
        for (const a of p.actions)
            entry.actions.add(a);
        byResource.set(key, entry);
    }
    const out = [...byResource.values()].map((e) => formatScope({ type: e.type, name: e.name, actions: [...e.actions].sort() }));
    return [...out, ...unparsed].sort();
}
/** True when every action of every `wanted` scope is granted by some scope in `have`. */
function scopesCover(have, wanted) {
    const granted = have.map(parseScope).filter((s) => s !== undefined);
    return wanted.every((w) => {
        const ws = parseScope(w);
        if (!ws)
            return have.includes(w);
        return ws.actions.every((a) => granted.some((g) => g.type === ws.type &&
            g.name === ws.name &&
            (g.actions.includes(a) || g.actions.includes('*'))));
    });
}
/** URL of the token request: realm plus service and one scope parameter per scope. */
function tokenUrl(challenge, scopes, account) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new Error('the Bearer challenge has no realm');
    const url = new URL(realm);
    if (challenge.params.service)
        url.searchParams.set('service', challenge.params.service);
    for (const s of scopes)
        url.searchParams.append('scope', s);
    if (account)
        url.searchParams.set('account', account);
    return url;
}
/** Default token lifetime when the service does not say (Docker token spec). */
const DEFAULT_TOKEN_LIFETIME_S = 60;
/** Reads a token service answer; accepts both `token` and OAuth2 `access_token`. */
function parseTokenResponse(body) {
    let json;
    try {
        json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
    }
    catch {
        throw new Error('the token service did not answer with JSON');
    }
    const j = (json ?? {});
    const token = typeof j.token === 'string' && j.token !== ''
        ? j.token
        : typeof j.access_token === 'string' && j.access_token !== ''
            ? j.access_token
            : undefined;
    if (token === undefined)
        throw new Error('the token service answer holds no token');
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
function tokenRefreshAt(receivedAt, expiresInS) {
    const lifetime = expiresInS * 1000;
    return receivedAt + lifetime - Math.min(10_000, lifetime * 0.2);
}
/**
 * The actions a JWT grants on a resource, from its `access` claim (Docker
 * token format). Undefined when the token is opaque or has no such claim;
 * the signature is not checked (that is the registry's job).
 */
function jwtGrantedActions(token, type, name) {
    const parts = token.split('.');
    if (parts.length !== 3)
        return undefined;
    let payload;
    try {
        payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    const access = payload?.access;
    if (!Array.isArray(access))
        return undefined;
    const actions = new Set();
    for (const a of access) {
        const e = a;
        if (e?.type === type && e.name === name && Array.isArray(e.actions)) {
            for (const x of e.actions)
                if (typeof x === 'string')
                    actions.add(x);
        }
    }
    return [...actions];
}
function basicAuthorization(username, password) {
    return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
/**
 * Bearer tokens cached per scope set. A lookup is served by any live token
 * whose scopes cover the wanted ones (a pull,push token also serves a pull).
 * Concurrent lookups of the same scope set share one fetch.
 */
class TokenCache {
    now;
    entries = new Map();
    inflight = new Map();
    constructor(now = Date.now) {
        this.now = now;
    }
    static key(scopes) {
        return normalizeScopes(scopes).join(' ');
    }
    /** A live token covering `scopes`, if cached. */
    get(scopes) {
        const t = this.now();
        const key = TokenCache.key(scopes);
        const exact = this.entries.get(key);
        if (exact && exact.refreshAt > t)
            return exact.token;
        const wanted = normalizeScopes(scopes);
        for (const [k, e] of this.entries) {
            if (e.refreshAt <= t) {
                this.entries.delete(k);
                continue;
            }
            if (scopesCover(e.scopes, wanted))
                return e.token;
        }
        return undefined;
    }
    set(scopes, token, refreshAt) {
        this.entries.set(TokenCache.key(scopes), { scopes: normalizeScopes(scopes), token, refreshAt });
    }
    /** Forgets `token` (the one a registry just refused), wherever it is cached. */
    invalidate(token) {
        for (const [k, e] of this.entries)
            if (e.token === token)
                this.entries.delete(k);
    }
    clear() {
        this.entries.clear();
    }
    /** Cached token, or one fetched once for all concurrent callers of the same scope set. */
    async getOrFetch(scopes, fetch) {
        const hit = this.get(scopes);
        if (hit !== undefined)
            return hit;
        const key = TokenCache.key(scopes);
        const running = this.inflight.get(key);
        if (running)
            return running;
        const p = (async () => {
            try {
                const { token, refreshAt } = await fetch();
                this.set(scopes, token, refreshAt);
                return token;
            }
            finally {
                this.inflight.delete(key);
            }
        })();
        this.inflight.set(key, p);
        return p;
    }
}

// EXTERNAL MODULE: ./src/registry/transport/credential-scope.ts
var credential_scope = __webpack_require__(1321);
// EXTERNAL MODULE: ./src/registry/transport/http.ts + 1 modules
var http = __webpack_require__(6653);
// EXTERNAL MODULE: ./src/util/duration-format.ts
var duration_format = __webpack_require__(6524);
;// CONCATENATED MODULE: ./src/registry/transport/handshake.ts



class Handshake {
    c;
    /** How the registry wants us to authenticate; learnt from its first 401. */
    scheme = 'unknown';
    bearer;
    tokens;
    /** The discovery under way, shared by whoever asks meanwhile. */
    discovering;
    constructor(c) {
        this.c = c;
        this.tokens = new TokenCache(c.now);
    }
    /** True when a 401 can be answered with (new) credentials or a new token. */
    canAuthenticate() {
        return this.scheme === 'bearer' || (this.scheme === 'basic' && !!this.c.credentials);
    }
    /** Forgets a token the registry just refused. */
    invalidate(token) {
        this.tokens.invalidate(token);
    }
    /**
     * Finds out once how the registry authenticates (GET /v2/). Callers at the same time
     * share one request.
     */
    discover() {
        if (this.scheme !== 'unknown')
            return Promise.resolve();
        this.discovering ??= this.ping().finally(() => (this.discovering = undefined));
        return this.discovering;
    }
    /** Once a discovery under way (if any) is over, whatever its outcome. */
    async settled() {
        await this.discovering?.catch(() => undefined);
    }
    async ping() {
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
        }
        else if (res.status >= 200 && res.status < 300) {
            this.scheme = 'none';
        }
        else if (res.status === 404) {
            throw new registry_errors/* RegistryError */.gl(this.c.stage, `${this.c.registry} does not offer the registry API (GET /v2/ answered 404).`, 'Check the registry host name.', 404);
        }
    }
    /** The Authorization for a request to the registry that needs `scopes`. */
    async authorization(scopes) {
        if (this.scheme === 'basic') {
            return this.c.credentials ? { header: this.basic(this.c.credentials) } : {};
        }
        if (this.scheme !== 'bearer' || !this.bearer)
            return {};
        const token = await this.tokens.getOrFetch(scopes, () => this.fetchToken(scopes));
        return { header: `Bearer ${token}`, token };
    }
    /** Learns the auth scheme from a 401; true when something new was learnt. */
    learn(challenges) {
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
    basic(credentials) {
        return basicAuthorization(credentials.username, credentials.password);
    }
    async fetchToken(scopes) {
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
        this.c.log.debug(`Token for ${scopes.length ? scopes.join(' ') : 'the registry'} from ${url.host} (valid ${parsed.expiresInS}s)`);
        return { token: parsed.token, refreshAt };
    }
    /** The challenge's realm with the scopes asked for; refused when it may not get the password. */
    tokenServiceUrl(scopes) {
        const challenge = this.bearer;
        let url;
        try {
            url = tokenUrl(challenge, normalizeScopes(scopes), this.c.credentials?.username);
        }
        catch {
            throw new registry_errors/* RegistryError */.gl('login', `${this.c.registry} asked for a token from an invalid address "${challenge.params.realm ?? ''}".`, undefined, 401);
        }
        const refusal = credential_scope/* realmRefusal */.y2(url, this.c.base, this.c.registry);
        if (refusal)
            throw refusal;
        return url;
    }
    /** The token service's answer, or the error it means. */
    readToken(url, res) {
        const { failures } = this.c;
        if (res.status === 401 || res.status === 403)
            throw failures.loginRejected(res);
        if (res.status !== 200) {
            throw new registry_errors/* RegistryError */.gl('login', failures.redact(`Getting an access token from ${url.host} failed: ${failures.describe(res)}.`), (0,registry_errors/* hintForStatus */.jF)(res.status, (0,registry_errors/* errorCodes */.fv)(res.body)), res.status, (0,registry_errors/* errorCodes */.fv)(res.body));
        }
        try {
            return parseTokenResponse(res.body);
        }
        catch (err) {
            throw new registry_errors/* RegistryError */.gl('login', `The token service ${url.host} gave an unusable answer: ${err.message}.`, undefined, res.status);
        }
    }
}

// EXTERNAL MODULE: ./src/registry/transport/retry.ts
var retry = __webpack_require__(7779);
;// CONCATENATED MODULE: ./src/registry/transport/transport.ts







const MAX_REDIRECTS = 5;
/** What every read of `repo` asks: a pull token, and redirects followed. */
function readOf(repo, what) {
    return {
        scopes: [repositoryScope(repo, ['pull'])],
        what,
        repo,
        access: 'pull',
        followRedirects: true,
    };
}
class Transport {
    o;
    base;
    registry;
    stage;
    log;
    stats;
    failures;
    auth;
    now;
    agents;
    lastRateLimit = '';
    rateLimit;
    constructor(o) {
        this.o = o;
        this.base = o.base;
        this.registry = o.registry;
        this.stage = o.stage;
        this.log = o.log;
        this.stats = o.stats;
        this.now = o.now;
        this.rateLimit = o.rateLimit ?? { warned: false };
        this.failures = new registry_errors/* Failures */.oo({
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
        this.agents = (0,http/* createAgents */.jQ)();
    }
    url(path) {
        return new URL(path, this.base);
    }
    /** Frees kept-alive connections. */
    close() {
        this.agents.http.destroy();
        this.agents.https.destroy();
    }
    /**
     * Sends a request with authentication, one re-authentication on 401,
     * redirects (GET/HEAD) and retries of transient failures within the budget.
     * Returns any other answer for the caller to judge.
     */
    async send(x) {
        const run = { attempt: 0, since: this.now() };
        const p = { url: x.url, scopes: x.scopes, redirects: 0, reauthenticated: false };
        // Sent while the registry's authentication is being found out, it would only be refused.
        if (x.anonymous !== true)
            await this.auth.settled();
        for (;;) {
            // Credentials go to the registry itself only, never to a host it points at.
            const anonymous = x.anonymous === true || !credential_scope/* isRegistryOrigin */.wR(p.url, this.base);
            const auth = anonymous ? {} : await this.auth.authorization(p.scopes);
            let res;
            try {
                res = await this.sendOnce(x, p.url, run.since, this.headers(x, auth, anonymous));
            }
            catch (err) {
                if (x.retry === false)
                    throw err;
                const d = this.decideRetry(run, { error: err });
                if (!d.retry)
                    throw this.failures.networkFailure(x, err, (0,retry/* isRetryableError */.$d)(err) ? d.reason : undefined);
                await this.waitToRetry(run, x.what, undefined, d);
                continue;
            }
            if (res.status === 401 || res.status === 403) {
                if (this.authenticateAgain(x, res, auth, anonymous, p)) {
                    (0,http/* drain */.Ze)(res);
                    continue;
                }
                if (x.allowDenied)
                    return res;
                throw this.failures.accessFailure(x, res);
            }
            const next = this.redirectTarget(x, res, p);
            if (next) {
                (0,http/* drain */.Ze)(res);
                p.url = next;
                continue;
            }
            if ((0,retry/* isRetryableStatus */.PS)(res.status) && x.retry !== false) {
                const d = this.decideRetry(run, { response: res });
                if (!d.retry) {
                    if (res.stream)
                        res.stream.destroy();
                    throw this.failures.failure(x, res, d.reason);
                }
                (0,http/* drain */.Ze)(res);
                await this.waitToRetry(run, x.what, res, d);
                continue;
            }
            return res;
        }
    }
    /** The one retry decision, for this run of failures. */
    decideRetry(run, failure) {
        run.since ??= this.now();
        const res = failure.response;
        return (0,retry/* planRetry */.M$)({
            attempt: run.attempt,
            elapsedMs: this.now() - run.since,
            budgetMs: this.o.totalTimeoutMs,
            status: res?.status,
            error: res === undefined ? failure.error : undefined,
            retryAfter: res === undefined ? undefined : (0,http/* header */.wx)(res.headers, 'retry-after'),
        });
    }
    /** Counts, reports and waits out a retry that `decideRetry` allowed. */
    async waitToRetry(run, what, res, d) {
        run.attempt++;
        this.stats.retries++;
        this.logRetry(what, res, this.failures.redact(d.reason), d.delayMs, run.attempt);
        await this.o.sleep(d.delayMs);
    }
    headers(x, auth, anonymous) {
        const headers = {
            'user-agent': this.o.userAgent,
            ...(x.headers ?? {}),
        };
        const authorization = auth.header ?? (anonymous ? x.authorization : undefined);
        if (authorization)
            headers.authorization = authorization;
        return headers;
    }
    /** One try of the request, logged; rejects on network failure. */
    async sendOnce(x, url, started, headers) {
        this.stats.requests++;
        let res;
        try {
            res = await (0,http/* sendRequest */.w$)({
                method: x.method,
                url,
                headers,
                body: x.body,
                contentLength: x.contentLength,
                idleTimeoutMs: this.o.requestTimeoutMs,
                // The operation's deadline: what is left of the budget, retries included.
                timeLimitMs: Math.max(1, started + this.o.totalTimeoutMs - this.now()),
                stream: x.stream,
            }, this.agents);
        }
        catch (err) {
            this.log.debug(`${x.method} ${displayUrl(url)} failed: ${this.failures.redact((0,retry/* describeNetworkError */.gl)(err))}`);
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
    authenticateAgain(x, res, auth, anonymous, p) {
        if (res.status !== 401)
            return false;
        if (anonymous && !x.anonymous)
            throw credential_scope/* foreignChallengeRefusal */.sX(p.url, res, this.registry, x.what);
        if (anonymous)
            return false;
        const challenges = parseChallenges(res.headers['www-authenticate']);
        const learnt = this.auth.learn(challenges);
        const wanted = splitScopeParam(findChallenge(challenges, 'bearer')?.params.scope);
        if (auth.token)
            this.auth.invalidate(auth.token);
        if (!this.auth.canAuthenticate())
            return false;
        if (!((auth.header === undefined && learnt) || !p.reauthenticated))
            return false;
        if (auth.header !== undefined)
            p.reauthenticated = true;
        p.scopes = normalizeScopes([...p.scopes, ...wanted.filter((s) => !p.scopes.includes(s))]);
        return true;
    }
    /** Where a redirected read goes next, if it is to be followed. */
    redirectTarget(x, res, p) {
        if (!x.followRedirects || (x.method !== 'GET' && x.method !== 'HEAD'))
            return undefined;
        if (![301, 302, 303, 307, 308].includes(res.status))
            return undefined;
        const loc = (0,http/* header */.wx)(res.headers, 'location');
        if (!loc || p.redirects >= MAX_REDIRECTS)
            return undefined;
        p.redirects++;
        return new URL(loc, p.url);
    }
    /**
     * One line per retry, with the registry's plain-text reason; the first 429 from this
     * registry in the run is a warning, the lines after it are not (a push's requests go
     * side by side, and a limit meets them all).
     */
    logRetry(what, res, reason, delayMs, attempt) {
        const rateLimited = res?.status === 429;
        const words = rateLimited ? `rate limited (HTTP 429${plainBody(res)})` : reason;
        const line = `${(0,registry_errors/* cap */.Np)(what)}: ${words}; retrying in ${(0,duration_format/* formatMs */._)(delayMs)} (attempt ${attempt + 1})`;
        if (rateLimited && !this.rateLimit.warned)
            this.log.warning(line);
        else
            this.log.info(line);
        if (rateLimited)
            this.rateLimit.warned = true;
    }
    noteRateLimit(res) {
        const limit = (0,http/* header */.wx)(res.headers, 'ratelimit-limit');
        const remaining = (0,http/* header */.wx)(res.headers, 'ratelimit-remaining');
        if (limit === undefined && remaining === undefined)
            return;
        const source = (0,http/* header */.wx)(res.headers, 'docker-ratelimit-source');
        const lim = parseRateLimit(limit);
        const rem = parseRateLimit(remaining);
        const window = lim?.window ?? rem?.window;
        const text = rem !== undefined && lim !== undefined
            ? `${rem.count} of ${lim.count} requests left${window ? ` per ${(0,duration_format/* formatMs */._)(window * 1000)}` : ''}`
            : `limit ${limit ?? '?'}, remaining ${remaining ?? '?'}`;
        const line = `Registry rate limit: ${text}${source ? ` (counted for ${source})` : ''}`;
        if (line === this.lastRateLimit)
            return;
        this.lastRateLimit = line;
        if (res.status === 429)
            this.log.warning(`${line}; the registry answered 429 Too Many Requests`);
        else if (rem !== undefined && lim !== undefined && rem.count <= Math.max(1, lim.count / 10))
            this.log.info(line);
        else
            this.log.debug(line);
    }
}
function displayUrl(u) {
    return `${u.origin}${u.pathname}`;
}
function plainBody(res) {
    if (res.body.length === 0 || res.body.length > 300)
        return '';
    const t = res.body.toString('utf8').replace(/\s+/g, ' ').trim();
    return t === '' || t.startsWith('{') ? '' : `: ${t}`;
}
/** "100;w=21600" → { count: 100, window: 21600 }. */
function parseRateLimit(v) {
    if (v === undefined)
        return undefined;
    const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v);
    if (!m)
        return undefined;
    return { count: Number(m[1]), window: m[2] ? Number(m[2]) : undefined };
}

;// CONCATENATED MODULE: ./src/registry/blobs.ts
/**
 * Blob endpoints: whether a repository has a blob (HEAD), a blob's content verified
 * against its digest as it streams (GET), and cross-repository mounts.
 */








function checkDigest(digest) {
    if (!credential_scope/* isDigest */.Bc(digest)) {
        throw new errors/* ActionError */.lZ('push', `"${digest}" is not a valid blob digest.`);
    }
}
/** "sha256:0123456789ab", for messages. */
function shortDigest(digest) {
    const i = digest.indexOf(':');
    return i < 0 ? digest : digest.slice(0, i + 13);
}
async function blobExists(t, repo, digest, access) {
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
    if (res.status === 200 || (res.status >= 300 && res.status < 400))
        return true;
    if (res.status === 404)
        return false;
    throw t.failures.failure({ what, repo, access }, res);
}
/**
 * Whether an answer to a PATCH says the registry took its bytes: 202 as the spec says,
 * or 201 as Amazon ECR answers (aws/containers-roadmap#2831); the session stays open
 * for the closing PUT either way, as docker push treats any 2xx.
 */
function patchTaken(status) {
    return status === 202 || status === 201;
}
/** Where the registry says an upload goes on (its Location header). */
function uploadLocation(t, res, requestUrl) {
    const loc = (0,http/* header */.wx)(res.headers, 'location');
    if (!loc) {
        throw new registry_errors/* RegistryError */.gl(t.stage, `${t.registry} opened an upload without saying where to send it (no Location header).`, undefined, res.status);
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
async function mountBlob(t, repo, blob, from) {
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
async function getBlob(t, repo, digest) {
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
    const verify = verifying(t.stage, repo, digest, Number((0,http/* header */.wx)(res.headers, 'content-length')));
    res.stream.on('error', (err) => verify.destroy(t.failures.streamError(what, err)));
    res.stream.pipe(verify);
    return verify;
}
/** A pass-through that fails at the end unless the bytes have the size and digest expected. */
function verifying(stage, repo, digest, expectedSize) {
    const [algorithm, expectedHex] = digest.split(':');
    const hash = (0,external_node_crypto_.createHash)(algorithm);
    let size = 0;
    return new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            hash.update(chunk);
            size += chunk.length;
            cb(null, chunk);
        },
        flush(cb) {
            const hex = hash.digest('hex');
            if (Number.isFinite(expectedSize) && size !== expectedSize) {
                cb(new registry_errors/* RegistryError */.gl(stage, `Blob ${shortDigest(digest)} of ${repo} was cut short: got ${size} of ${expectedSize} bytes.`, undefined, 200));
            }
            else if (hex !== expectedHex) {
                cb(new registry_errors/* RegistryError */.gl(stage, `Blob ${shortDigest(digest)} of ${repo} does not match its digest (got ${algorithm}:${hex}).`, undefined, 200));
            }
            else
                cb();
        },
    });
}

// EXTERNAL MODULE: ./src/registry/host.ts
var host = __webpack_require__(637);
;// CONCATENATED MODULE: ./src/registry/manifest-check.ts



/** Manifest PUTs in a row that the registry acknowledges without storing, before failing. */
const MANIFEST_PUT_ROUNDS = 3;
/** Compares what the registry serves under the reference with the digest pushed. */
function judgeStored(pushed, served) {
    if (served === undefined)
        return { state: 'missing' };
    return served === pushed ? { state: 'stored' } : { state: 'other', found: served };
}
/** "alice/app:v1", or "alice/app@sha256:…" for a digest reference. */
function manifestRef(repo, reference) {
    return reference.includes(':') ? `${repo}@${reference}` : `${repo}:${reference}`;
}
/** The error when the registry acknowledged a manifest it does not serve as pushed. */
function notStoredError(stage, o) {
    const ref = manifestRef(o.repo, o.reference);
    const said = `The registry answered HTTP ${o.status} to the push of ${ref}`;
    if (o.verdict.state === 'other') {
        return new registry_errors/* RegistryError */.gl(stage, `${said}, but ${ref} names ${o.verdict.found}, not the pushed manifest ${o.pushed}.`, 'The registry (or a proxy in front of it) changed the manifest; push again, and report it if it persists.', o.status);
    }
    return new registry_errors/* RegistryError */.gl(stage, `${said} ${MANIFEST_PUT_ROUNDS} times, but did not store it: it does not serve ${ref}.`, 'The registry (or a proxy in front of it) is dropping manifests; try again later, and report it if it persists.', o.status);
}
/**
 * A tag that names another manifest than the one just pushed, while the registry does
 * store the pushed one: another push moved the tag since (a concurrent run), as it may.
 */
async function movedSince(o, found) {
    if (o.reference.includes(':') || !(await o.storedByDigest()))
        return false;
    o.log.info(`${manifestRef(o.repo, o.reference)} was pushed as ${o.digest} and names ${(0,credential_scope/* shownDigest */.uL)(found)} now: another push moved it since`);
    return true;
}
/**
 * Pushes a manifest and reads the reference back: returns the digest once the registry
 * serves it, pushes again one it acknowledged without storing, and fails when the
 * reference names another manifest or stays missing.
 */
async function pushVerified(o) {
    const ref = manifestRef(o.repo, o.reference);
    for (let round = 1;; round++) {
        const { status, reported } = await o.put();
        const verdict = judgeStored(o.digest, await o.served());
        if (verdict.state === 'stored') {
            if (reported && reported !== o.digest)
                o.log.info(`The registry reported ${(0,credential_scope/* shownDigest */.uL)(reported)} for ${ref}, but serves it as pushed`);
            o.log.debug(`Manifest ${ref} pushed (${o.digest})`);
            return o.digest;
        }
        if (verdict.state === 'other' && (await movedSince(o, verdict.found)))
            return o.digest;
        if (verdict.state === 'other' || round >= MANIFEST_PUT_ROUNDS)
            throw notStoredError(o.stage, { ...o, pushed: o.digest, status, verdict });
        o.log.info(`The registry answered HTTP ${status} to the push of ${ref} but does not serve it; pushing it again`);
        await o.sleep((0,retry/* retryFloor */.fH)(round - 1));
    }
}

// EXTERNAL MODULE: ./src/registry/media-types.ts
var media_types = __webpack_require__(9867);
;// CONCATENATED MODULE: ./src/registry/manifests.ts
/**
 * Manifest endpoints: read (GET, verified against the digest asked for), check (HEAD)
 * and push (PUT, then read back until the registry serves what was pushed).
 */








/**
 * Pushes a manifest under a tag or its digest, then reads the reference back (one
 * HEAD) and returns the digest only once the registry serves it: an acknowledged
 * manifest that was not stored is pushed again, one stored as something else fails.
 */
async function putManifest(t, repo, reference, body, mediaType, sleep) {
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
            return { status: res.status, reported: (0,http/* header */.wx)(res.headers, 'docker-content-digest') };
        },
        served: async () => (await headManifest(t, repo, reference))?.digest,
        storedByDigest: async () => (await headManifest(t, repo, digest))?.digest === digest,
    });
}
async function getManifest(t, repo, reference, accept = media_types/* MANIFEST_ACCEPT */.d) {
    const what = `reading the manifest ${reference} of ${repo}`;
    const res = await t.send({
        method: 'GET',
        url: t.url(`/v2/${repo}/manifests/${reference}`),
        ...readOf(repo, what),
        headers: { accept: accept.join(', ') },
    });
    if (res.status !== 200)
        throw t.failures.failure({ what, repo, access: 'pull' }, res);
    const body = res.body;
    const byDigest = reference.includes(':');
    const digest = byDigest ? digestOf(reference, body) : sha256(body);
    if (byDigest) {
        const actual = digest;
        if (actual !== reference) {
            throw new registry_errors/* RegistryError */.gl(t.stage, `The manifest the registry returned for ${repo}@${reference} hashes to ${actual}: its content does not match the digest asked for.`, 'The registry (or a proxy in front of it) served wrong content; try again, and report it if it persists.', res.status);
        }
    }
    const mediaType = contentType(res.headers) ?? mediaTypeInBody(body) ?? '';
    return { body, mediaType, digest };
}
async function headManifest(t, repo, reference) {
    const what = `checking the manifest ${reference} of ${repo}`;
    const res = await t.send({
        method: 'HEAD',
        url: t.url(`/v2/${repo}/manifests/${reference}`),
        ...readOf(repo, what),
        headers: { accept: media_types/* MANIFEST_ACCEPT */.d.join(', ') },
    });
    if (res.status === 404)
        return undefined;
    if (res.status !== 200)
        throw t.failures.failure({ what, repo, access: 'pull' }, res);
    const digest = (0,http/* header */.wx)(res.headers, 'docker-content-digest');
    const mediaType = contentType(res.headers);
    if (digest && credential_scope/* isDigest */.Bc(digest) && mediaType)
        return { digest, mediaType };
    // Some registries leave these out of HEAD answers: read the manifest instead.
    const m = await getManifest(t, repo, reference);
    return { digest: m.digest, mediaType: m.mediaType };
}
function contentType(h) {
    const v = (0,http/* header */.wx)(h, 'content-type');
    if (!v)
        return undefined;
    const t = v.split(';')[0].trim();
    return t === '' ? undefined : t;
}
function mediaTypeInBody(body) {
    try {
        const m = JSON.parse(body.toString('utf8')).mediaType;
        return typeof m === 'string' ? m : undefined;
    }
    catch {
        return undefined;
    }
}
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
function digestOf(reference, body) {
    const algorithm = reference.slice(0, reference.indexOf(':'));
    if (algorithm !== 'sha256' && algorithm !== 'sha512')
        return sha256(body);
    return `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(body).digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/registry/tags.ts
/** The tag list endpoint, following Link pagination. */



/** All tags of a repository, following Link pagination; [] when it does not exist. */
async function listTags(t, repo) {
    const tags = [];
    let url = t.url(`/v2/${repo}/tags/list`);
    const seen = new Set();
    while (url !== undefined) {
        if (seen.has(url.href) || seen.size > 1000)
            break;
        seen.add(url.href);
        const page = await readPage(t, repo, url);
        // NAME_UNKNOWN (no such repository) and plain 404 both mean "no tags".
        if (page === undefined)
            return tags;
        for (const tag of page.tags)
            tags.push(tag);
        url = page.next;
    }
    return tags;
}
/** One page of the list, and where the next one is; undefined for a 404. */
async function readPage(t, repo, url) {
    const what = `listing the tags of ${repo}`;
    const res = await t.send({
        method: 'GET',
        url,
        ...readOf(repo, what),
        headers: { accept: 'application/json' },
    });
    if (res.status === 404)
        return undefined;
    if (res.status !== 200)
        throw t.failures.failure({ what, repo, access: 'pull' }, res);
    let page;
    try {
        page = JSON.parse(res.body.toString('utf8'));
    }
    catch {
        throw new registry_errors/* RegistryError */.gl(t.stage, `The registry's tag list for ${repo} is not valid JSON.`, undefined, res.status);
    }
    const tags = [];
    if (Array.isArray(page.tags))
        for (const tag of page.tags)
            if (typeof tag === 'string')
                tags.push(tag);
    const next = nextLink((0,http/* header */.wx)(res.headers, 'link'));
    return { tags, next: next ? new URL(next, url) : undefined };
}
/** The rel="next" target of a Link header, if any. */
function nextLink(link) {
    if (!link)
        return undefined;
    for (const part of link.split(/,(?=\s*<)/)) {
        const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
        if (m && /\brel\s*=\s*"?next"?/i.test(m[2]))
            return m[1];
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/util/bytes.ts
var bytes = __webpack_require__(1671);
;// CONCATENATED MODULE: ./src/registry/upload.ts
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










/** Blobs up to this size are sent in one request (POST ?digest=, or POST then PUT). */
const MONOLITHIC_MAX_BYTES = 1024 * 1024;
const FALLBACK_CHUNK = 16 * 1024 * 1024;
/** Immediate restarts of an upload whose session the registry lost (404/416). */
const MAX_SESSION_RESTARTS = 3;
/** The registry refused the uploaded content (DIGEST_INVALID, SIZE_INVALID). */
class ContentRejected extends Error {
    failure;
    constructor(failure) {
        super(failure.message);
        this.failure = failure;
    }
}
/**
 * How many bytes an upload session holds, from its Range header ("0-1023": 1024), or
 * undefined when that is not known for sure: no header, a malformed one, one that does
 * not start at 0, or "0-0", which the CNCF registry answers both for an empty session
 * and for one holding a single byte.
 */
function storedBytes(range) {
    if (!range)
        return undefined;
    const m = /^(?:bytes=)?(\d+)-(\d+)$/.exec(range.trim());
    if (!m || m[1] !== '0')
        return undefined;
    const end = Number(m[2]);
    return end === 0 || !Number.isSafeInteger(end) ? undefined : end + 1;
}
/** The digest of what the blob's source gives now (opens it once more). */
async function sourceDigest(blob) {
    const algorithm = blob.digest.startsWith('sha512:') ? 'sha512' : 'sha256';
    const hash = (0,external_node_crypto_.createHash)(algorithm);
    const src = blob.open();
    if (Buffer.isBuffer(src))
        hash.update(src);
    else
        for await (const chunk of src)
            hash.update(chunk);
    return `${algorithm}:${hash.digest('hex')}`;
}
/**
 * After the registry refused what an upload session held: throws `failure` (the blob
 * changed while it was being uploaded) only when the source no longer hashes to the
 * blob's digest, or cannot be read; returns when the blob is unchanged, to be uploaded
 * again in a new session.
 */
async function assertUnchanged(blob, failure) {
    let now;
    try {
        now = await sourceDigest(blob);
    }
    catch {
        throw failure;
    }
    if (now !== blob.digest)
        throw failure;
}
/** Bytes [start, start+length) of a blob, as a stream; opens the source anew. */
function sliceSource(blob, start, length) {
    const src = blob.open();
    if (Buffer.isBuffer(src))
        return src.subarray(start, start + length);
    if (start === 0 && length === blob.size)
        return src;
    let pos = 0;
    const end = start + length;
    const slicer = new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            const from = pos;
            pos += chunk.length;
            if (pos <= start || from >= end) {
                if (from >= end) {
                    // Everything wanted has passed: stop reading the source.
                    src.destroy?.();
                    this.push(null);
                }
                cb();
                return;
            }
            cb(null, chunk.subarray(Math.max(0, start - from), Math.min(chunk.length, end - from)));
            if (pos >= end) {
                src.destroy?.();
                this.push(null);
            }
        },
    });
    src.on('error', (err) => slicer.destroy(err));
    src.pipe(slicer);
    return slicer;
}
class RestartUpload extends Error {
}
class SessionLost extends Error {
}
class TransientStatus extends Error {
    response;
    constructor(response) {
        super(`HTTP ${response.status}`);
        this.response = response;
    }
}
function isNetworkError(err) {
    return typeof err?.code === 'string';
}
/** Uploads to one registry; remembers what it learnt about it (chunk size, monolithic POST). */
class BlobUploader {
    t;
    chunkSize;
    /** Whether POST ?digest= with a body completes an upload here (unknown until tried). */
    monolithicPost;
    constructor(t, 
    /** PATCH chunk size (0: one streamed PATCH for the whole blob). */
    chunkSize) {
        this.t = t;
        this.chunkSize = chunkSize;
    }
    /**
     * Uploads a blob the repository lacks. Small blobs go in one request; larger
     * ones as a streamed PATCH (or chunks) then a closing PUT. After a broken
     * connection or a transient error, asks the registry how far the upload got
     * and goes on from there, or starts a fresh session. With `resume`, the session
     * `initial` was cut off (a streamed upload): asks it first how much it holds.
     */
    async upload(repo, blob, initial, resume = false) {
        const what = `uploading blob ${shortDigest(blob.digest)} (${(0,bytes/* formatBytes */.z)(blob.size)}) to ${repo}`;
        const u = {
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
        if (resume && (await this.resume(u)))
            return;
        for (;;) {
            try {
                await this.attempt(u);
                return;
            }
            catch (err) {
                if (await this.restartAfter(u, err))
                    continue;
                await this.retryAfter(u, err);
                if (await this.resume(u))
                    return;
            }
        }
    }
    /** Start (unless a session is open), send, finish. */
    async attempt(u) {
        if (u.location === undefined) {
            u.offset = 0;
            if (await this.start(u))
                return;
        }
        if (u.blob.size <= MONOLITHIC_MAX_BYTES && u.offset === 0) {
            await this.finish(u, true);
            return;
        }
        while (u.offset < u.blob.size)
            await this.sendChunk(u);
        await this.finish(u, false);
    }
    /** Opens a session; true when a small blob was stored whole by the POST itself. */
    async start(u) {
        const url = this.t.url(`/v2/${u.repo}/blobs/uploads/`);
        const small = u.blob.size <= MONOLITHIC_MAX_BYTES;
        if (!small || this.monolithicPost === false) {
            const res = await this.t.send({ method: 'POST', url, ...this.target(u) });
            if (res.status !== 202)
                throw this.t.failures.failure(u.op, res);
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
        if (res.status !== 202)
            throw this.uploadFailure(u, res);
        // The registry opened a session and ignored the body: send it with the PUT.
        this.monolithicPost = false;
        u.location = uploadLocation(this.t, res, url);
        return false;
    }
    /** One PATCH: the rest of the blob, or the next chunk. */
    async sendChunk(u) {
        const from = u.offset;
        const rest = u.blob.size - from;
        const length = this.chunkSize > 0 ? Math.min(this.chunkSize, rest) : rest;
        const headers = { 'content-type': 'application/octet-stream' };
        if (this.chunkSize > 0 || from > 0)
            headers['content-range'] = `${from}-${from + length - 1}`;
        const res = await this.t.send({
            method: 'PATCH',
            url: u.location,
            ...this.target(u),
            headers,
            body: () => sliceSource(u.blob, from, length),
            contentLength: length,
            retry: false,
        });
        if (!patchTaken(res.status)) {
            if (res.status === 413 && this.chunkSize === 0 && length > FALLBACK_CHUNK) {
                this.chunkSize = FALLBACK_CHUNK;
                this.t.log.warning(`${this.t.registry} refused a ${(0,bytes/* formatBytes */.z)(length)} request (HTTP 413); uploading in ${(0,bytes/* formatBytes */.z)(FALLBACK_CHUNK)} chunks`);
                throw new RestartUpload();
            }
            throw this.uploadFailure(u, res);
        }
        u.location = uploadLocation(this.t, res, u.location);
        // A Range that did not move with an accepted PATCH is stale, not a chunk refused
        // (Amazon ECR's stays where the first PATCH left it): go by what was sent. Where the
        // registry did lose the bytes, the next chunk or the closing PUT finds out.
        const confirmed = storedBytes((0,http/* header */.wx)(res.headers, 'range'));
        u.offset = confirmed !== undefined && confirmed > from ? confirmed : from + length;
        if (u.offset !== from + length) {
            this.t.log.debug(`Registry confirmed ${u.offset} bytes where ${from + length} were sent`);
        }
        u.run.attempt = 0;
        u.run.since = undefined;
    }
    /** The closing PUT ?digest= (with the whole body for small blobs). */
    async finish(u, withBody) {
        const url = new URL(u.location);
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
    async restartAfter(u, err) {
        if (err instanceof ContentRejected) {
            await assertUnchanged(u.blob, err.failure);
            this.t.log.debug(`${err.message} The blob is unchanged: uploading it again`);
        }
        if (!(err instanceof RestartUpload ||
            err instanceof SessionLost ||
            err instanceof ContentRejected))
            return false;
        if (++u.restarts > MAX_SESSION_RESTARTS) {
            throw new registry_errors/* RegistryError */.gl(this.t.stage, this.t.failures.redact(`${(0,registry_errors/* cap */.Np)(u.what)} failed: the registry kept losing the upload session.`), (0,registry_errors/* hintForStatus */.jF)(500, []), undefined);
        }
        this.t.log.debug(`${(0,registry_errors/* cap */.Np)(u.what)}: starting a new upload session`);
        u.location = undefined;
        return true;
    }
    /** Waits before the next try when the failure is transient and time is left; throws otherwise. */
    async retryAfter(u, err) {
        if (err instanceof errors/* ActionError */.lZ)
            throw err;
        const response = err instanceof TransientStatus ? err.response : undefined;
        const d = this.t.decideRetry(u.run, { response, error: err });
        if (!d.retry) {
            const { failures } = this.t;
            if (response)
                throw failures.failure(u.op, response, d.reason);
            if (isNetworkError(err))
                throw failures.networkFailure(u.op, err, (0,retry/* isRetryableError */.$d)(err) ? d.reason : undefined);
            throw err;
        }
        await this.t.waitToRetry(u.run, u.what, response, d);
    }
    /**
     * After a retried failure: goes on where the session says it stands, or with a new
     * session; true when the blob turns out to be stored already.
     */
    async resume(u) {
        if (u.location === undefined)
            return false;
        const status = await this.status(u, u.location);
        if (status === undefined) {
            // The session is gone; perhaps because the closing PUT did succeed.
            if (await blobExists(this.t, u.repo, u.blob.digest, 'push'))
                return true;
            u.location = undefined;
        }
        else if (status.offset === undefined || status.offset > u.blob.size) {
            // Resuming needs to know exactly what the session holds; never guess.
            this.t.log.debug(`${(0,registry_errors/* cap */.Np)(u.what)}: the upload session does not say how much it holds (Range: ${status.range ?? 'none'}); starting a new one`);
            u.location = undefined;
        }
        else {
            u.location = status.location;
            u.offset = status.offset;
            if (u.offset > 0)
                this.t.log.debug(`${(0,registry_errors/* cap */.Np)(u.what)}: resuming at byte ${u.offset}`);
        }
        return false;
    }
    /** Where an interrupted upload stands, or undefined when the session is gone. */
    async status(u, location) {
        try {
            const res = await this.t.send({
                method: 'GET',
                url: location,
                ...this.target(u),
                allowDenied: true,
            });
            if (res.status !== 204 && res.status !== 202)
                return undefined;
            const range = (0,http/* header */.wx)(res.headers, 'range');
            return { location: uploadLocation(this.t, res, location), offset: storedBytes(range), range };
        }
        catch (err) {
            if (err instanceof errors/* ActionError */.lZ && err.stage === 'login')
                throw err;
            return undefined;
        }
    }
    target(u) {
        return { scopes: u.scopes, what: u.what, repo: u.repo, access: 'push' };
    }
    checkStoredDigest(res, u) {
        const stored = (0,http/* header */.wx)(res.headers, 'docker-content-digest');
        const { blob, repo } = u;
        if (stored && stored !== blob.digest) {
            throw new registry_errors/* RegistryError */.gl(this.t.stage, `The registry stored blob ${shortDigest(blob.digest)} of ${repo} under ${credential_scope/* shownDigest */.uL(stored)}.`, 'The blob changed while it was uploaded, or a proxy altered it.', res.status);
        }
        this.t.log.debug(`Blob ${shortDigest(blob.digest)} (${(0,bytes/* formatBytes */.z)(blob.size)}) uploaded to ${repo}`);
    }
    /** Upload-step answers: transient ones are retried by the caller, lost sessions restarted. */
    uploadFailure(u, res) {
        const codes = (0,registry_errors/* errorCodes */.fv)(res.body);
        if ((0,retry/* isRetryableStatus */.PS)(res.status))
            return new TransientStatus(res);
        if (res.status === 416 ||
            codes.includes('BLOB_UPLOAD_UNKNOWN') ||
            codes.includes('BLOB_UPLOAD_INVALID') ||
            codes.includes('RANGE_INVALID'))
            return new SessionLost();
        if (res.status === 404 && codes.length === 0)
            return new SessionLost();
        if (codes.includes('DIGEST_INVALID') || codes.includes('SIZE_INVALID')) {
            const { failures } = this.t;
            return new ContentRejected(new registry_errors/* RegistryError */.gl(this.t.stage, failures.redact(`${(0,registry_errors/* cap */.Np)(u.op.what)} failed: ${failures.describe(res)}.`), 'The blob changed while it was being uploaded; build again.', res.status, codes));
        }
        return this.t.failures.failure(u.op, res);
    }
}

;// CONCATENATED MODULE: ./src/registry/stream-upload.ts
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






/**
 * Answers to a chunked PATCH that say the registry does not take one: a range it will
 * not take (416), a length it wants (411), a request it does not know (400, 405, 501),
 * one too large for it (413).
 */
const REFUSALS = new Set([400, 405, 411, 413, 416, 501]);
/** Streamed uploads to one registry, and whether it takes them (learned once). */
class StreamedUploads {
    t;
    refusedBecause;
    constructor(t) {
        this.t = t;
    }
    /** Whether blobs may be streamed here (not refused yet in this run). */
    get available() {
        return this.refusedBecause === undefined;
    }
    /**
     * Streams `growing` into `repo`. Rejects only when the blob itself could not be
     * written (the build's failure); any upload failure ends in an outcome to go on from.
     */
    async send(repo, growing) {
        let location;
        try {
            location = await this.open(repo);
            if (location === undefined)
                return { stored: false, blob: await growing.finished };
            const sent = await this.patch(repo, location, growing);
            if (sent === undefined)
                return { stored: false, blob: await growing.finished };
            location = sent.location;
            const blob = await growing.finished;
            if (sent.held !== undefined && sent.held !== blob.size) {
                this.t.log.debug(`Registry holds ${sent.held} of ${blob.size} bytes streamed: resuming`);
                return { stored: false, blob, location };
            }
            if (await this.close(repo, location, blob))
                return { stored: true, blob };
            return { stored: false, blob, location };
        }
        catch (err) {
            // The blob's own failure is the one to report; else the file-based upload goes on.
            const blob = await growing.finished;
            this.t.log.debug(`Streamed upload of ${shortDigest(blob.digest)} to ${repo} broke off (${this.t.failures.redact(String(err.message))}): going on from the file`);
            return { stored: false, blob, location };
        }
    }
    /** Opens a session; undefined when the registry asks for chunks of a fixed size. */
    async open(repo) {
        await this.t.auth.discover();
        const url = this.t.url(`/v2/${repo}/blobs/uploads/`);
        const res = await this.t.send({ method: 'POST', url, ...this.target(repo) });
        if (res.status !== 202)
            throw new Error(`HTTP ${res.status} opening an upload`);
        const minimum = (0,http/* header */.wx)(res.headers, 'oci-chunk-min-length');
        if (minimum !== undefined) {
            this.refuse(`asks for chunks of at least ${(0,bytes/* formatBytes */.z)(Number(minimum) || 0)}`);
            return undefined;
        }
        return uploadLocation(this.t, res, url);
    }
    /** The bytes as they come, in one chunked PATCH; undefined when the registry refused it. */
    async patch(repo, location, growing) {
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
                held: storedBytes((0,http/* header */.wx)(res.headers, 'range')),
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
    async close(repo, location, blob) {
        const url = new URL(location);
        url.searchParams.set('digest', blob.digest);
        const res = await this.t.send({
            method: 'PUT',
            url,
            ...this.target(repo),
            retry: false,
        });
        if (res.status !== 201 && res.status !== 204 && res.status !== 200) {
            await this.waitIfAsked(repo, res);
            return false;
        }
        const stored = (0,http/* header */.wx)(res.headers, 'docker-content-digest');
        // Stored as something else: the file-based upload finds out and says so.
        if (stored && stored !== blob.digest)
            return false;
        this.t.log.debug(`Blob ${shortDigest(blob.digest)} (${(0,bytes/* formatBytes */.z)(blob.size)}) streamed to ${repo}`);
        return true;
    }
    /**
     * After a transient answer (429, 503, ...): waits as the registry asks (Retry-After,
     * else the backoff) before the file-based upload goes on, unless the time budget says
     * not to; that upload then meets the failure again and reports it.
     */
    async waitIfAsked(repo, res) {
        if (!(0,retry/* isRetryableStatus */.PS)(res.status))
            return;
        const run = { attempt: 0 };
        const d = this.t.decideRetry(run, { response: res });
        if (d.retry)
            await this.t.waitToRetry(run, this.target(repo).what, res, d);
    }
    refuse(why) {
        if (this.refusedBecause !== undefined)
            return;
        this.refusedBecause = why;
        this.t.log.info(`${this.t.registry} ${why}: layers are uploaded to it once written, not while they are`);
    }
    target(repo) {
        return {
            scopes: [repositoryScope(repo, ['pull', 'push'])],
            what: `streaming a blob to ${repo}`,
            repo,
            access: 'push',
        };
    }
}

// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
;// CONCATENATED MODULE: ./src/registry/tag-delete.ts
/**
 * Removing a tag, never a manifest: the OCI distribution spec's
 * `DELETE /v2/<name>/manifests/<tag>` untags where a registry supports it. A digest is
 * never sent: deleting a manifest by digest would remove what an index or another tag
 * still names (distribution 2.x deletes only that way, and answers a tag with 400).
 */


async function deleteTag(t, repo, tag) {
    if (!(0,reference/* isValidTag */.r_)(tag))
        throw new Error(`not a tag: ${JSON.stringify(tag)}`);
    const res = await t.send({
        method: 'DELETE',
        url: t.url(`/v2/${repo}/manifests/${tag}`),
        scopes: [repositoryScope(repo, ['pull', 'push', 'delete'])],
        what: `deleting the tag ${tag} of ${repo}`,
        repo,
        access: 'push',
        allowDenied: true,
    });
    const body = res.body.toString('utf8');
    if (res.status >= 200 && res.status < 300)
        return { outcome: 'deleted' };
    if (res.status === 404 && /MANIFEST_UNKNOWN|NOT_FOUND/.test(body))
        return { outcome: 'absent' };
    return { outcome: 'refused', status: res.status, code: errorCode(body) };
}
/** The first error code of a registry's JSON answer, when it is one (A-Z and _ only). */
function errorCode(body) {
    try {
        const code = JSON.parse(body).errors?.[0]?.code;
        return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/registry/client.ts
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













const silentLogger = { info() { }, debug() { }, warning() { } };
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
class RegistryClient {
    stats = {
        blobsUploaded: 0,
        blobsSkipped: 0,
        blobsMounted: 0,
        bytesUploaded: 0,
        requests: 0,
        retries: 0,
    };
    registry;
    credentials;
    log;
    sleep;
    t;
    uploader;
    streamed;
    constructor(o) {
        this.registry = o.registry
            .trim()
            .replace(/^https?:\/\//i, '')
            .replace(/\/+$/, '');
        let base;
        try {
            base = new URL((0,host/* registryBaseUrl */.mO)(o.registry));
        }
        catch {
            throw new errors/* ActionError */.lZ('inputs', `The registry "${o.registry}" is not a valid host name.`);
        }
        this.credentials = o.credentials?.username ? o.credentials : undefined;
        const log = o.logger ?? silentLogger;
        const redactor = new credential_scope/* Redactor */.pO(this.credentials, log.setSecret?.bind(log));
        this.log = credential_scope/* redactingLogger */.S(log, redactor);
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
    close() {
        this.t.close();
    }
    /**
     * Fails fast, before any upload, when the credentials are wrong or the account
     * may not push to `repo`: gets a push token (token registries) or checks the
     * credentials on /v2/ (Basic registries).
     */
    async checkPushAccess(name) {
        const repo = this.repoPath(name);
        const { auth, failures } = this.t;
        await auth.discover();
        if (auth.scheme === 'none')
            return;
        if (auth.scheme === 'basic')
            return this.checkBasicLogin(repo);
        // Anonymous token registries may still allow pushes; look at what the token grants.
        const granted = await this.grantedActions(repo);
        if (granted === null)
            return;
        if (granted !== undefined && !granted.includes('push') && !granted.includes('*')) {
            throw this.credentials
                ? failures.pushDenied(repo, undefined)
                : failures.credentialsNeeded(repo);
        }
        this.log.debug(granted === undefined
            ? `Got a push token for ${repo} (opaque token: access checked on first upload)`
            : `Push access to ${repo} confirmed (${granted.join(',')})`);
    }
    async hasBlob(repo, digest) {
        return blobExists(this.t, this.repoPath(repo), digest, 'pull');
    }
    async pushBlob(name, blob, o = {}) {
        const repo = this.repoPath(name);
        // blobExists checks the digest's form first.
        if (await blobExists(this.t, repo, blob.digest, 'push')) {
            this.stats.blobsSkipped++;
            this.log.debug(`Blob ${shortDigest(blob.digest)} already in ${repo}`);
            return 'exists';
        }
        let location;
        const from = o.mountFrom ? this.repoPath(o.mountFrom) : undefined;
        if (from && from !== repo) {
            const mount = await mountBlob(this.t, repo, blob, from);
            if (mount === 'mounted')
                return 'mounted';
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
    async pushGrowingBlob(name, growing) {
        const repo = this.repoPath(name);
        if (!this.streamed.available)
            return this.pushBlob(name, await growing.finished);
        const outcome = await this.streamed.send(repo, growing);
        const { blob } = outcome;
        if (!outcome.stored) {
            if (outcome.location === undefined)
                return this.pushBlob(name, blob);
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
    async putManifest(name, reference, body, mediaType) {
        return putManifest(this.t, this.repoPath(name), reference, body, mediaType, this.sleep);
    }
    async getManifest(name, reference, accept) {
        return getManifest(this.t, this.repoPath(name), reference, accept);
    }
    async headManifest(name, reference) {
        return headManifest(this.t, this.repoPath(name), reference);
    }
    /**
     * The blob's content as a stream, verified against its digest: the stream
     * fails if the bytes do not hash to `digest`. Follows redirects (Docker Hub
     * serves blobs from a CDN), without our credentials when the host changes.
     */
    async getBlob(name, digest) {
        return getBlob(this.t, this.repoPath(name), digest);
    }
    /** Untags `tag` where the registry allows it (never deletes a manifest by digest). */
    async deleteTag(name, tag) {
        return deleteTag(this.t, this.repoPath(name), tag);
    }
    /** All tags of a repository, following Link pagination; [] when it does not exist. */
    async listTags(name) {
        return listTags(this.t, this.repoPath(name));
    }
    /** Basic registries: the credentials checked on /v2/. */
    async checkBasicLogin(repo) {
        const { failures } = this.t;
        if (!this.credentials)
            throw failures.credentialsNeeded(repo);
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
        if (res.status === 401 || res.status === 403)
            throw failures.loginRejected(res);
        if (res.status >= 400)
            throw failures.failure({ what, repo, access: 'pull' }, res);
    }
    /** What a push token grants on `repo` (undefined: opaque token; null: no token at all). */
    async grantedActions(repo) {
        const auth = await this.t.auth.authorization([repositoryScope(repo, ['pull', 'push'])]);
        if (auth.token === undefined)
            return null;
        return jwtGrantedActions(auth.token, 'repository', repo);
    }
    /** Repository path for the API ("alpine" on Docker Hub is "library/alpine"). */
    repoPath(name) {
        const repo = (0,host/* apiRepository */.pl)(this.registry, name);
        if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo)) {
            throw new registry_errors/* RegistryError */.gl('inputs', `"${name}" is not a valid repository name.`, (0,registry_errors/* hintForStatus */.jF)(400, ['NAME_INVALID']), undefined, ['NAME_INVALID']);
        }
        return repo;
    }
}

;// CONCATENATED MODULE: ./src/registry/clients.ts


class RegistryClients {
    o;
    clients = new Map();
    /** Per registry host: whether its rate limit was said as a warning (one in the run). */
    rateLimits = new Map();
    constructor(o) {
        this.o = o;
    }
    /** The run's client for `registry` with these credentials (none: anonymous). */
    get(registry, credentials, stage = 'push') {
        const user = credentials?.username ? credentials : undefined;
        // In memory only, never shown: the password tells two accounts' clients apart.
        const host = hostOf(registry);
        const key = JSON.stringify([host, stage, user?.username, user?.password]);
        let client = this.clients.get(key);
        if (client === undefined) {
            const make = this.o.make ?? ((options) => new RegistryClient(options));
            const rateLimit = this.rateLimits.get(host) ?? { warned: false };
            this.rateLimits.set(host, rateLimit);
            client = make({
                registry,
                credentials: user,
                stage,
                logger: this.o.logger,
                totalTimeoutMs: this.o.totalTimeoutMs,
                rateLimit,
            });
            this.clients.set(key, client);
        }
        return client;
    }
    /** Frees every client's kept-alive connections. */
    close() {
        for (const client of this.clients.values())
            client.close();
        this.clients.clear();
    }
}
/** The host a registry name stands for (Docker Hub's names are one); as written if none. */
function hostOf(registry) {
    try {
        return (0,reference/* normalizeRegistry */.l5)(registry.replace(/^https?:\/\//i, '').replace(/\/+$/, ''));
    }
    catch {
        return registry;
    }
}


/***/ }),

/***/ 6653:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Mz: () => (/* binding */ HttpTransportError),
  jQ: () => (/* binding */ createAgents),
  Ze: () => (/* binding */ drain),
  wx: () => (/* binding */ header),
  w$: () => (/* binding */ sendRequest)
});

// UNUSED EXPORTS: FREE_SOCKET_MS

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/util/bytes.ts
var bytes = __webpack_require__(1671);
;// CONCATENATED MODULE: ./src/registry/transport/limits.ts
/**
 * Limits on what the registry may send back: JSON answers (tokens, errors, manifests,
 * tag lists) are read into memory only up to a size, as containerd reads at most 4 MiB
 * of a manifest. A larger answer is an error that says so, never a process that grows
 * without end. No I/O here.
 */
/** The largest JSON answer read into memory. */
const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;
/** Whether a Content-Length header already announces more than `limit` bytes. */
function announcedTooLarge(contentLength, limit) {
    if (contentLength === undefined || !/^\s*\d+\s*$/.test(contentLength))
        return false;
    return Number(contentLength) > limit;
}
/** Collects a body's chunks until they pass `limit` bytes; then `add` says stop. */
class BodyCollector {
    limit;
    chunks = [];
    size = 0;
    constructor(limit) {
        this.limit = limit;
    }
    /** False once the body is larger than the limit (the chunk is not kept). */
    add(chunk) {
        this.size += chunk.length;
        if (this.size > this.limit)
            return false;
        this.chunks.push(chunk);
        return true;
    }
    body() {
        return Buffer.concat(this.chunks);
    }
}

;// CONCATENATED MODULE: ./src/registry/transport/http.ts
/**
 * One HTTP exchange over node:http/https, with what the registry client needs
 * and fetch does not give simply: a streamed request body with an exact
 * Content-Length, an idle timeout that any progress (bytes sent or received)
 * pushes back, detection of truncated bodies, and no automatic redirects.
 * No retries here: see retry.ts and transport.ts.
 */





class HttpTransportError extends Error {
    code;
    retryable;
    constructor(message, code, retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.name = 'HttpTransportError';
    }
}
/** The first value of a response header. */
function header(h, name) {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
}
/** Reads an answer that is not wanted to its end, so that its connection can be reused. */
function drain(res) {
    res.stream?.resume();
}
/**
 * How long a connection may wait unused in the pool before it is closed here: less than
 * the 5 s after which Node.js servers (and many proxies) close an idle one. Else a
 * request may go out on a connection the server is closing (EPIPE, ECONNRESET): a
 * layer streamed after a long build-command would break off and go again once written.
 */
const FREE_SOCKET_MS = 4000;
function createAgents() {
    const options = { keepAlive: true, maxSockets: 16, timeout: FREE_SOCKET_MS };
    return { http: new (external_node_http_default()).Agent(options), https: new (external_node_https_default()).Agent(options) };
}
/** Sends one request; rejects on network failure, resolves with any HTTP status. */
function sendRequest(req, agents) {
    return new Promise((resolve, reject) => {
        new Exchange(req, resolve, reject).start(agents);
    });
}
/**
 * One request in flight, in named steps: start (headers, timers, body), the answer
 * (handed over as a stream, or collected within its size limit), and the body sent
 * from its source with an exact length.
 */
class Exchange {
    req;
    resolve;
    reject;
    settled = false;
    gotResponse = false;
    sourceDone = false;
    streamed = false;
    source;
    response;
    request;
    idleTimer;
    deadline;
    constructor(req, resolve, reject) {
        this.req = req;
        this.resolve = resolve;
        this.reject = reject;
    }
    /** Opens the request, arms the timers and sends the body. */
    start(agents) {
        const { req } = this;
        const body = typeof req.body === 'function' ? undefined : req.body;
        const open = typeof req.body === 'function' ? req.body : undefined;
        const headers = { ...req.headers };
        if (body !== undefined)
            headers['content-length'] = String(body.length);
        else if (open !== undefined) {
            if (req.contentLength === undefined) {
                this.reject(new HttpTransportError('a streamed body needs a length', 'NO_LENGTH', false));
                return;
            }
            // Without a Content-Length, node sends the body chunked.
            if (req.contentLength !== 'chunked')
                headers['content-length'] = String(req.contentLength);
        }
        else if (['POST', 'PUT', 'PATCH'].includes(req.method)) {
            headers['content-length'] = '0';
        }
        this.streamed = open !== undefined;
        const isHttps = req.url.protocol === 'https:';
        this.request = (isHttps ? (external_node_https_default()) : (external_node_http_default())).request(req.url, {
            method: req.method,
            headers,
            agent: isHttps ? agents.https : agents.http,
        });
        this.armTimers();
        this.request.on('error', (err) => {
            // A server may answer (e.g. 401 or 413) and close before taking the whole
            // body; the answer is what counts then, not the broken pipe.
            if (this.gotResponse)
                return;
            this.fail(err);
        });
        this.request.on('response', (res) => this.onResponse(res));
        if (body !== undefined)
            this.request.end(body);
        else if (open === undefined)
            this.request.end();
        else
            this.sendSource(open);
    }
    fail(err) {
        clearTimeout(this.idleTimer);
        clearTimeout(this.deadline);
        this.destroySource();
        if (!this.settled) {
            this.settled = true;
            this.reject(err);
        }
    }
    destroySource() {
        const s = this.source;
        if (s && typeof s.destroy === 'function')
            s.destroy();
        this.source = undefined;
    }
    /** The idle timeout, and the time allowed for the whole answer (if any). */
    armTimers() {
        const { req } = this;
        this.idleTimer = setTimeout(() => {
            const err = new HttpTransportError(`no data sent or received for ${Math.round(req.idleTimeoutMs / 1000)}s`, 'IDLE_TIMEOUT', true);
            this.request.destroy(err);
            this.response?.destroy(err);
            this.fail(err);
        }, req.idleTimeoutMs);
        this.idleTimer.unref?.();
        const limit = req.timeLimitMs;
        if (limit === undefined)
            return;
        this.deadline = setTimeout(() => {
            const err = new HttpTransportError(`no complete answer within ${Math.round(limit / 100) / 10}s, the time allowed`, 'DEADLINE', false);
            this.fail(err);
            this.request.destroy(err);
            this.response?.destroy(err);
        }, limit);
        this.deadline.unref?.();
    }
    touch() {
        this.idleTimer?.refresh();
    }
    /** Progress on the request body: the time allowed for the answer starts again. */
    sending() {
        this.touch();
        if (this.deadline !== undefined && !this.gotResponse)
            this.deadline.refresh();
    }
    onResponse(res) {
        this.gotResponse = true;
        this.response = res;
        this.touch();
        // The server answered before taking the whole body (an early 401, 413, or a
        // registry that ignores a POST body): stop sending, and do not let this
        // half-written connection be reused once the answer has been read.
        if (this.streamed && !this.sourceDone) {
            this.destroySource();
            res.once('end', () => this.request.destroy());
        }
        const status = res.statusCode ?? 0;
        if (this.req.stream && status >= 200 && status < 300)
            this.streamAnswer(res, status);
        else
            this.collectAnswer(res, status);
    }
    /** Hands the answer's body over as a stream. */
    streamAnswer(res, status) {
        this.settled = true;
        // A streamed blob is verified as it goes and fed by the idle timer; its length
        // is not bounded by the time allowed for an answer.
        clearTimeout(this.deadline);
        // Truncation shows up as an 'error' on the stream (node checks
        // Content-Length); callers verify size and digest on top. The pass-through
        // keeps the idle timer fed without switching the response to flowing mode.
        const touch = () => this.touch();
        const out = new external_node_stream_.Transform({
            transform(chunk, _enc, cb) {
                touch();
                cb(null, chunk);
            },
        });
        (0,external_node_stream_.pipeline)(res, out, () => clearTimeout(this.idleTimer));
        this.resolve({ status, headers: res.headers, body: Buffer.alloc(0), stream: out });
    }
    /** Reads the answer's body into memory, within its size limit. */
    collectAnswer(res, status) {
        const collected = new BodyCollector(this.req.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
        const tooLarge = () => {
            const err = new HttpTransportError(`the answer (HTTP ${status}) is larger than ${(0,bytes/* formatBytes */.z)(collected.limit)}, more than is ever read`, 'BODY_TOO_LARGE', false);
            this.fail(err);
            res.destroy(err);
            this.request.destroy(err);
        };
        const bodiless = this.req.method === 'HEAD' || status === 204 || status === 304;
        if (!bodiless && announcedTooLarge(res.headers['content-length'], collected.limit)) {
            tooLarge();
            return;
        }
        res.on('data', (chunk) => {
            this.touch();
            if (!collected.add(chunk))
                tooLarge();
        });
        res.on('error', (err) => this.fail(asTruncation(err)));
        res.on('aborted', () => this.fail(truncated(collected.size, Number(res.headers['content-length']))));
        res.on('end', () => {
            clearTimeout(this.idleTimer);
            clearTimeout(this.deadline);
            if (this.settled)
                return;
            const expected = Number(res.headers['content-length']);
            if (!bodiless && Number.isFinite(expected) && collected.size < expected) {
                this.fail(truncated(collected.size, expected));
                return;
            }
            this.settled = true;
            this.resolve({ status, headers: res.headers, body: collected.body() });
        });
    }
    /** Opens the body's source and sends exactly `contentLength` bytes of it (any, when chunked). */
    sendSource(open) {
        const length = this.req.contentLength;
        const expected = length === 'chunked' ? Infinity : length;
        let opened;
        try {
            opened = open();
        }
        catch (err) {
            this.request.destroy();
            this.fail(sourceError(err));
            return;
        }
        if (Buffer.isBuffer(opened)) {
            if (length !== 'chunked' && opened.length !== expected) {
                this.request.destroy();
                this.fail(lengthMismatch(opened.length, expected));
                return;
            }
            this.sourceDone = true;
            this.request.end(opened);
            return;
        }
        this.pipeSource(opened, expected);
    }
    /** Writes a streamed source with backpressure, checking its length. */
    pipeSource(readable, expected) {
        const r = this.request;
        this.source = readable;
        let sent = 0;
        readable.on('data', (chunk) => {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            sent += buf.length;
            this.sending();
            if (sent > expected) {
                r.destroy();
                this.fail(lengthMismatch(sent, expected));
                return;
            }
            if (!r.write(buf)) {
                readable.pause();
                r.once('drain', () => readable.resume());
            }
        });
        readable.on('end', () => {
            this.sourceDone = true;
            if (Number.isFinite(expected) && sent !== expected) {
                r.destroy();
                this.fail(lengthMismatch(sent, expected));
                return;
            }
            r.end();
        });
        readable.on('error', (err) => {
            if (this.sourceDone || this.gotResponse)
                return;
            r.destroy();
            this.fail(sourceError(err));
        });
    }
}
function truncated(received, expected) {
    const of = Number.isFinite(expected) ? ` of ${expected}` : '';
    return new HttpTransportError(`the connection closed after ${received}${of} bytes of the response`, 'TRUNCATED_BODY', true);
}
function asTruncation(err) {
    const code = err.code;
    if (code === 'ECONNRESET' || /aborted/i.test(err.message)) {
        return new HttpTransportError('the connection closed in the middle of the response', 'TRUNCATED_BODY', true);
    }
    return err;
}
function lengthMismatch(got, expected) {
    return new HttpTransportError(`the blob source produced ${got > expected ? 'more than ' : ''}${got} bytes where ${expected} were expected`, 'SOURCE_LENGTH', false);
}
function sourceError(err) {
    const msg = err instanceof Error ? err.message : String(err);
    return new HttpTransportError(`reading the blob failed: ${msg}`, 'SOURCE_ERROR', false);
}


/***/ })

};

export const id = 688;
export const ids = [688];
export const modules = {

/***/ 1688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bP: () => (/* binding */ RegistryClient)
});

// UNUSED EXPORTS: MEDIA_TYPES, MONOLITHIC_MAX_BYTES, nextLink, parseRateLimit

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/util/bytes.ts
var bytes = __webpack_require__(1671);
// EXTERNAL MODULE: ./src/pipeline/errors.ts
var errors = __webpack_require__(1539);
;// CONCATENATED MODULE: ./src/registry/transport/auth.ts
/**
 * Registry authentication pieces with no I/O: WWW-Authenticate challenge
 * parsing, scope strings, token responses, and a per-scope-set token cache.
 * The HTTP exchange with the token service lives in the client.
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

;// CONCATENATED MODULE: ./src/registry/errors.ts
/**
 * Registry error bodies turned into plain words. Registries answer failures with
 * `{"errors":[{"code":"...","message":"...","detail":...}]}` (OCI distribution
 * spec); proxies in front of them sometimes answer with plain text or HTML.
 */

/** What each registry error code means, for someone pushing an image. */
const ERROR_CODE_WORDS = {
    UNAUTHORIZED: 'authentication is required, or the credentials were not accepted',
    DENIED: 'access to the requested resource was denied',
    NAME_UNKNOWN: 'the repository does not exist on the registry',
    NAME_INVALID: 'the repository name is not valid',
    MANIFEST_INVALID: 'the registry rejected the image manifest as invalid',
    MANIFEST_UNKNOWN: 'the manifest (tag or digest) does not exist',
    MANIFEST_UNVERIFIED: 'the registry could not verify the manifest',
    MANIFEST_BLOB_UNKNOWN: 'the manifest refers to a blob (layer or config) the repository does not have',
    BLOB_UNKNOWN: 'the blob (layer or config) is not in the repository',
    BLOB_UPLOAD_UNKNOWN: 'the upload session is unknown or expired',
    BLOB_UPLOAD_INVALID: 'the upload session is in an invalid state',
    DIGEST_INVALID: 'the uploaded content does not match its digest',
    SIZE_INVALID: 'the uploaded content does not have the declared size',
    RANGE_INVALID: 'the uploaded chunk does not continue where the previous one ended',
    TAG_INVALID: 'the tag is not valid',
    TOOMANYREQUESTS: "the registry's rate limit was reached (too many requests)",
    UNSUPPORTED: 'the registry does not support this operation',
    PAGINATION_NUMBER_INVALID: 'the page size asked for is not valid',
};
const STATUS_WORDS = {
    400: 'the registry rejected the request as invalid',
    401: 'authentication is required, or the credentials were not accepted',
    403: 'access was denied',
    404: 'not found',
    405: 'the registry does not allow this operation',
    408: 'the registry timed out waiting for the request',
    409: 'the request conflicts with the current state of the repository',
    413: 'the request is too large for the registry (or a proxy in front of it)',
    416: 'the uploaded range was not accepted',
    429: "the registry's rate limit was reached (too many requests)",
    500: 'the registry had an internal error',
    502: 'the registry (or a proxy in front of it) is unavailable: bad gateway',
    503: 'the registry is temporarily unavailable',
    504: 'the registry (or a proxy in front of it) timed out',
};
/** Parses the JSON error list; returns [] for anything else. Never throws. */
function parseRegistryErrors(body) {
    if (body === undefined)
        return [];
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (!text.trimStart().startsWith('{'))
        return [];
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return [];
    }
    const list = json?.errors;
    if (!Array.isArray(list)) {
        // Some token services answer {"details": "..."} or {"error": "..."}.
        const j = json;
        const msg = [j?.details, j?.error, j?.message].find((m) => typeof m === 'string');
        return typeof msg === 'string' ? [{ code: 'UNKNOWN', message: msg }] : [];
    }
    const out = [];
    for (const item of list) {
        if (typeof item !== 'object' || item === null)
            continue;
        const e = item;
        out.push({
            code: typeof e.code === 'string' ? e.code.toUpperCase() : 'UNKNOWN',
            message: typeof e.message === 'string' ? e.message : undefined,
            detail: e.detail,
        });
    }
    return out;
}
/** A short, single-line excerpt of a non-JSON body (plain text or HTML), or ''. */
function bodyExcerpt(body, max = 200) {
    if (body === undefined)
        return '';
    const text = (typeof body === 'string' ? body : body.toString('utf8'))
        .replace(/<script[\s\S]*?<\/script>/gi, ' ')
        .replace(/<style[\s\S]*?<\/style>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return text.length > max ? `${text.slice(0, max)}…` : text;
}
/**
 * The reason for a failed registry response in plain words, e.g.
 * "the registry rejected the image manifest as invalid (MANIFEST_INVALID: manifest invalid)".
 */
function describeRegistryFailure(status, body) {
    const entries = parseRegistryErrors(body);
    if (entries.length > 0) {
        return entries
            .map((e) => {
            const words = ERROR_CODE_WORDS[e.code];
            const regMsg = e.message && e.message.trim() !== '' ? e.message.trim() : undefined;
            if (words)
                return regMsg ? `${words} (${e.code}: ${regMsg})` : `${words} (${e.code})`;
            if (regMsg)
                return e.code === 'UNKNOWN' ? regMsg : `${regMsg} (${e.code})`;
            return `${STATUS_WORDS[status] ?? 'request failed'} (${e.code})`;
        })
            .join('; ');
    }
    const base = STATUS_WORDS[status] ?? `the registry answered HTTP ${status}`;
    const excerpt = bodyExcerpt(body);
    // Plain-text answers such as "Too Many Requests (HAP429)." add useful detail.
    return excerpt !== '' ? `${base} (HTTP ${status}: ${excerpt})` : `${base} (HTTP ${status})`;
}
/** Error codes present in a body (upper case). */
function errorCodes(body) {
    return parseRegistryErrors(body).map((e) => e.code);
}
/** An ActionError that also carries what the registry said, for callers that branch on it. */
class RegistryError extends errors/* ActionError */.lZ {
    status;
    codes;
    constructor(stage, message, hint, status, codes = []) {
        super(stage, message, hint);
        this.status = status;
        this.codes = codes;
        this.name = 'RegistryError';
    }
}
/** A generic hint for a status, or undefined. */
function hintForStatus(status, codes) {
    if (codes.includes('NAME_INVALID'))
        return 'Repository names are lower case letters, digits and separators (".", "_", "__", "-", "/"), like "alice/hello".';
    if (codes.includes('TAG_INVALID'))
        return 'Tags are up to 128 letters, digits, "_", "." and "-", and must not start with "." or "-".';
    if (status === 429 || codes.includes('TOOMANYREQUESTS'))
        return 'Wait for the rate limit window to pass, or log in: authenticated users get a higher limit on Docker Hub.';
    if (status === 413)
        return 'A proxy in front of the registry limits request sizes; raise its limit (for example nginx client_max_body_size).';
    if (status !== undefined && status >= 500)
        return 'The registry seems to be having trouble; try again later.';
    return undefined;
}

;// CONCATENATED MODULE: ./src/registry/host.ts
/**
 * Where a registry lives: the base URL the client talks to for a registry name
 * as the user wrote it ("docker.io", "ghcr.io", "127.0.0.1:5000", ...).
 */
/** Names that all mean Docker Hub; its API is served by registry-1.docker.io. */
const DOCKER_HUB_NAMES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
]);
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
function isDockerHub(registry) {
    return DOCKER_HUB_NAMES.has(splitHostPort(stripScheme(registry).host).hostname.toLowerCase());
}
/** True for 127.0.0.0/8, localhost (and *.localhost), and ::1. */
function isLoopbackHost(hostname) {
    let h = hostname.toLowerCase();
    if (h.startsWith('[') && h.endsWith(']'))
        h = h.slice(1, -1);
    if (h === 'localhost' || h.endsWith('.localhost'))
        return true;
    if (h === '::1' || h === '0:0:0:0:0:0:0:1')
        return true;
    if (h.startsWith('::ffff:'))
        h = h.slice('::ffff:'.length);
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
    if (!m)
        return false;
    const octets = m.slice(1).map(Number);
    return octets.every((o) => o <= 255) && octets[0] === 127;
}
/** Splits "host:port", "[v6]:port", "host" into parts; the port is undefined when absent. */
function splitHostPort(hostPort) {
    if (hostPort.startsWith('[')) {
        const end = hostPort.indexOf(']');
        if (end < 0)
            return { hostname: hostPort };
        const rest = hostPort.slice(end + 1);
        const port = rest.startsWith(':') ? Number(rest.slice(1)) : undefined;
        return { hostname: hostPort.slice(0, end + 1), port: validPort(port) };
    }
    const colons = hostPort.split(':').length - 1;
    if (colons === 1) {
        const i = hostPort.indexOf(':');
        return { hostname: hostPort.slice(0, i), port: validPort(Number(hostPort.slice(i + 1))) };
    }
    // No port, or a bare IPv6 address without brackets.
    return { hostname: hostPort };
}
function validPort(p) {
    return p !== undefined && Number.isInteger(p) && p > 0 && p < 65536 ? p : undefined;
}
function stripScheme(registry) {
    let r = registry.trim();
    let scheme;
    const m = /^(https?):\/\//i.exec(r);
    if (m) {
        scheme = m[1].toLowerCase();
        r = r.slice(m[0].length);
    }
    // Drop any path ("docker.io/v1/", "host:5000/") and trailing slashes.
    const slash = r.indexOf('/');
    if (slash >= 0)
        r = r.slice(0, slash);
    return { scheme, host: r };
}
/**
 * Base URL (no trailing slash) for the registry's API.
 *
 * - Docker Hub names go to https://registry-1.docker.io.
 * - Loopback registries (127.0.0.0/8, localhost, [::1], with or without port) use plain HTTP.
 * - Everything else uses HTTPS.
 * - An explicit "http://" or "https://" prefix is honoured as written.
 */
function registryBaseUrl(registry) {
    const { scheme, host } = stripScheme(registry);
    if (host === '')
        throw new Error('empty registry name');
    const { hostname } = splitHostPort(host);
    if (DOCKER_HUB_NAMES.has(hostname.toLowerCase()))
        return `https://${DOCKER_HUB_API_HOST}`;
    const bare = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : host;
    const chosen = scheme ?? (isLoopbackHost(hostname) ? 'http' : 'https');
    return `${chosen}://${bare.toLowerCase()}`;
}
/**
 * Repository path as the registry API wants it. On Docker Hub official images
 * live under "library/", so "alpine" means "library/alpine".
 */
function apiRepository(registry, repo) {
    const r = repo.replace(/^\/+|\/+$/g, '');
    if (isDockerHub(registry) && !r.includes('/'))
        return `library/${r}`;
    return r;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
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
 * No retries here: see retry.ts and client.ts.
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
function createAgents() {
    return {
        http: new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 16 }),
        https: new (external_node_https_default()).Agent({ keepAlive: true, maxSockets: 16 }),
    };
}
/** Sends one request; rejects on network failure, resolves with any HTTP status. */
function sendRequest(req, agents) {
    return new Promise((resolve, reject) => {
        const isHttps = req.url.protocol === 'https:';
        const mod = isHttps ? (external_node_https_default()) : (external_node_http_default());
        const headers = { ...req.headers };
        let bodyBuf;
        let openStream;
        if (Buffer.isBuffer(req.body)) {
            bodyBuf = req.body;
        }
        else if (typeof req.body === 'function') {
            openStream = req.body;
        }
        if (bodyBuf !== undefined)
            headers['content-length'] = String(bodyBuf.length);
        else if (openStream !== undefined) {
            if (req.contentLength === undefined) {
                reject(new HttpTransportError('a streamed body needs a length', 'NO_LENGTH', false));
                return;
            }
            headers['content-length'] = String(req.contentLength);
        }
        else if (['POST', 'PUT', 'PATCH'].includes(req.method)) {
            headers['content-length'] = '0';
        }
        let settled = false;
        let gotResponse = false;
        let sourceDone = false;
        let source;
        let response;
        const fail = (err) => {
            clearTimeout(timer);
            clearTimeout(deadline);
            destroySource();
            if (!settled) {
                settled = true;
                reject(err);
            }
        };
        const destroySource = () => {
            const s = source;
            if (s && typeof s.destroy === 'function')
                s.destroy();
            source = undefined;
        };
        const r = mod.request(req.url, {
            method: req.method,
            headers,
            agent: isHttps ? agents.https : agents.http,
        });
        const timer = setTimeout(() => {
            const err = new HttpTransportError(`no data sent or received for ${Math.round(req.idleTimeoutMs / 1000)}s`, 'IDLE_TIMEOUT', true);
            r.destroy(err);
            response?.destroy(err);
            fail(err);
        }, req.idleTimeoutMs);
        timer.unref?.();
        const touch = () => {
            timer.refresh();
        };
        const limit = req.timeLimitMs;
        const deadline = setTimeout(() => {
            const err = new HttpTransportError(`no complete answer within ${Math.round((limit ?? 0) / 100) / 10}s, the time allowed`, 'DEADLINE', false);
            fail(err);
            r.destroy(err);
            response?.destroy(err);
        }, limit ?? 2 ** 31 - 1);
        deadline.unref?.();
        if (limit === undefined)
            clearTimeout(deadline);
        /** Progress on the request body: the time allowed for the answer starts again. */
        const sending = () => {
            touch();
            if (limit !== undefined && !gotResponse)
                deadline.refresh();
        };
        r.on('error', (err) => {
            // A server may answer (e.g. 401 or 413) and close before taking the whole
            // body; the answer is what counts then, not the broken pipe.
            if (gotResponse)
                return;
            fail(err);
        });
        r.on('response', (res) => {
            gotResponse = true;
            response = res;
            touch();
            // The server answered before taking the whole body (an early 401, 413, or a
            // registry that ignores a POST body): stop sending, and do not let this
            // half-written connection be reused once the answer has been read.
            const unfinished = openStream !== undefined && !sourceDone;
            if (unfinished) {
                destroySource();
                res.once('end', () => r.destroy());
            }
            const status = res.statusCode ?? 0;
            if (req.stream && status >= 200 && status < 300) {
                settled = true;
                // A streamed blob is verified as it goes and fed by the idle timer; its length
                // is not bounded by the time allowed for an answer.
                clearTimeout(deadline);
                // Truncation shows up as an 'error' on the stream (node checks
                // Content-Length); callers verify size and digest on top. The pass-through
                // keeps the idle timer fed without switching the response to flowing mode.
                const out = new external_node_stream_.Transform({
                    transform(chunk, _enc, cb) {
                        touch();
                        cb(null, chunk);
                    },
                });
                (0,external_node_stream_.pipeline)(res, out, () => clearTimeout(timer));
                resolve({ status, headers: res.headers, body: Buffer.alloc(0), stream: out });
                return;
            }
            const collected = new BodyCollector(req.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
            const tooLarge = () => {
                const err = new HttpTransportError(`the answer (HTTP ${status}) is larger than ${(0,bytes/* formatBytes */.z)(collected.limit)}, more than is ever read`, 'BODY_TOO_LARGE', false);
                fail(err);
                res.destroy(err);
                r.destroy(err);
            };
            const bodiless = req.method === 'HEAD' || status === 204 || status === 304;
            if (!bodiless && announcedTooLarge(res.headers['content-length'], collected.limit)) {
                tooLarge();
                return;
            }
            res.on('data', (chunk) => {
                touch();
                if (!collected.add(chunk))
                    tooLarge();
            });
            res.on('error', (err) => fail(asTruncation(err)));
            res.on('aborted', () => fail(truncated(collected.size, Number(res.headers['content-length']))));
            res.on('end', () => {
                clearTimeout(timer);
                clearTimeout(deadline);
                if (settled)
                    return;
                const expected = Number(res.headers['content-length']);
                if (!bodiless && Number.isFinite(expected) && collected.size < expected) {
                    fail(truncated(collected.size, expected));
                    return;
                }
                settled = true;
                resolve({ status, headers: res.headers, body: collected.body() });
            });
        });
        if (bodyBuf !== undefined) {
            r.end(bodyBuf);
            return;
        }
        if (openStream === undefined) {
            r.end();
            return;
        }
        let opened;
        try {
            opened = openStream();
        }
        catch (err) {
            r.destroy();
            fail(sourceError(err));
            return;
        }
        if (Buffer.isBuffer(opened)) {
            if (opened.length !== req.contentLength) {
                r.destroy();
                fail(lengthMismatch(opened.length, req.contentLength));
                return;
            }
            sourceDone = true;
            r.end(opened);
            return;
        }
        source = opened;
        const expected = req.contentLength;
        let sent = 0;
        const readable = opened;
        readable.on('data', (chunk) => {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            sent += buf.length;
            sending();
            if (sent > expected) {
                r.destroy();
                fail(lengthMismatch(sent, expected));
                return;
            }
            if (!r.write(buf)) {
                readable.pause();
                r.once('drain', () => readable.resume());
            }
        });
        readable.on('end', () => {
            sourceDone = true;
            if (sent !== expected) {
                r.destroy();
                fail(lengthMismatch(sent, expected));
                return;
            }
            r.end();
        });
        readable.on('error', (err) => {
            if (sourceDone || gotResponse)
                return;
            r.destroy();
            fail(sourceError(err));
        });
    });
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

;// CONCATENATED MODULE: ./src/registry/transport/retry.ts
/**
 * Pure retry decisions for registry requests: which failures are worth another
 * try, how long to wait (exponential backoff with full jitter, or the server's
 * Retry-After, never less than a floor that doubles with each retry), and when the
 * time budget says to give up. No I/O here.
 */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** The shortest wait before the first retry; it doubles with each retry, up to the cap. */
const RETRY_FLOOR_MS = 100;
/** HTTP statuses that are transient: the same request may succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
function isRetryableStatus(status) {
    return RETRYABLE_STATUSES.has(status);
}
/** Network error codes that mean "the connection broke", not "this will never work". */
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EAI_AGAIN',
    'ENETRESET',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    // Our own codes (see http.ts).
    'IDLE_TIMEOUT',
    'TRUNCATED_BODY',
]);
const RETRYABLE_MESSAGES = [
    /socket hang up/i,
    /other side closed/i,
    /\baborted\b/i,
    /premature close/i,
    /timed? ?out/i,
    /terminated/i,
];
/** True when a thrown network error is worth retrying. */
function isRetryableError(err) {
    if (typeof err !== 'object' || err === null)
        return false;
    const e = err;
    if (e.retryable === true)
        return true;
    if (e.retryable === false)
        return false;
    if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code))
        return true;
    if (typeof e.message === 'string' &&
        RETRYABLE_MESSAGES.some((re) => re.test(e.message)))
        return true;
    return e.cause !== undefined && e.cause !== err ? isRetryableError(e.cause) : false;
}
/**
 * Parses a Retry-After header value into milliseconds from `now`.
 * Accepts delta-seconds ("120") and HTTP-dates ("Wed, 21 Oct 2015 07:28:00 GMT").
 * Returns undefined when absent or unparseable; a date in the past gives 0.
 */
function parseRetryAfter(value, now) {
    if (value === undefined || value === null)
        return undefined;
    const v = value.trim();
    if (v === '')
        return undefined;
    if (/^\d+$/.test(v)) {
        const seconds = Number(v);
        return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
    }
    // Only accept something that looks like an HTTP-date, not any string Date.parse likes.
    if (!/^[A-Za-z]{3},? /.test(v) && !/\bGMT\b/i.test(v))
        return undefined;
    const at = Date.parse(v);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now);
}
/**
 * Full-jitter exponential backoff: a uniformly random delay in
 * [0, min(cap, base * 2^attempt)]. `attempt` counts from 0 for the first retry.
 */
function backoffDelay(attempt, random = Math.random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS) {
    const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
    const r = Math.min(Math.max(random(), 0), 1);
    return Math.floor(r * exp);
}
/**
 * The least wait before retry number `attempt` (from 0), whatever the server says: a
 * `Retry-After: 0` or a date in the past must not turn retries into a busy loop.
 */
function retryFloor(attempt) {
    return Math.min(BACKOFF_CAP_MS, RETRY_FLOOR_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
}
/** Decides whether to try again and after how long. */
function planRetry(input) {
    const { attempt, elapsedMs, budgetMs } = input;
    let reason;
    if (input.status !== undefined) {
        if (!isRetryableStatus(input.status))
            return { retry: false, reason: `HTTP ${input.status} is not transient` };
        reason = `HTTP ${input.status}`;
    }
    else if (input.error !== undefined) {
        if (!isRetryableError(input.error))
            return { retry: false, reason: 'not a transient error' };
        reason = describeNetworkError(input.error);
    }
    else {
        return { retry: false, reason: 'nothing failed' };
    }
    const fromServer = parseRetryAfter(input.retryAfter, input.now ?? Date.now());
    const jitter = backoffDelay(attempt, input.random);
    // The server's Retry-After wins over our own backoff, above the floor.
    const delayMs = Math.max(retryFloor(attempt), fromServer !== undefined ? fromServer : jitter);
    const remaining = budgetMs - elapsedMs;
    if (delayMs >= remaining) {
        return {
            retry: false,
            reason: `${reason}; waiting ${formatMs(delayMs)} more would exceed the retry time budget of ${formatMs(budgetMs)}`,
        };
    }
    return { retry: true, delayMs, reason };
}
/** Short plain description of a network error, e.g. "connection reset (ECONNRESET)". */
function describeNetworkError(err) {
    if (typeof err !== 'object' || err === null)
        return String(err);
    const e = err;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const words = {
        ECONNRESET: 'connection reset by the server',
        EPIPE: 'connection closed while sending',
        ETIMEDOUT: 'connection timed out',
        ECONNABORTED: 'connection aborted',
        ECONNREFUSED: 'connection refused',
        ENOTFOUND: 'host name not found',
        EAI_AGAIN: 'temporary DNS failure',
        IDLE_TIMEOUT: 'no data received or sent in time',
        TRUNCATED_BODY: 'response body cut short',
    };
    if (code && words[code])
        return `${words[code]} (${code})`;
    if (typeof e.message === 'string' && e.message !== '')
        return e.message;
    if (e.cause !== undefined)
        return describeNetworkError(e.cause);
    return code ?? 'network error';
}
function formatMs(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const s = ms / 1000;
    return s < 100 ? `${Math.round(s * 10) / 10}s` : `${Math.round(s)}s`;
}

// EXTERNAL MODULE: ./src/util/secrets.ts
var secrets = __webpack_require__(4537);
;// CONCATENATED MODULE: ./src/registry/transport/credential-scope.ts
/**
 * Where the registry's credentials may go, and keeping them out of what is printed.
 *
 * The password (as Basic authentication) and the tokens go only to the registry's own
 * origin, and the password also to the token realm that the registry's own challenge
 * names, never over plain HTTP when the registry itself uses HTTPS. A request to any
 * other host (an upload Location, a Link to the next page of tags, a redirect to object
 * storage) goes without Authorization, and a challenge from such a host is refused.
 *
 * Everything a registry sends back may echo what it received: error bodies, headers,
 * URLs. The Redactor removes the password in all its forms and every token received
 * before any of it is cut short, logged or put into an error.
 */


/** True when `url` is the registry itself: the only place its credentials go. */
function isRegistryOrigin(url, registryBase) {
    return url.origin === registryBase.origin;
}
/**
 * The error for a token realm the password must not go to, or undefined when it may:
 * plain HTTP (or anything but http/https) for a registry reached over HTTPS.
 */
function realmRefusal(realm, registryBase, registry) {
    const plain = realm.protocol === 'http:';
    if (realm.protocol === 'https:' || (plain && registryBase.protocol === 'http:'))
        return undefined;
    const shown = `${realm.origin}${realm.pathname}`;
    return new RegistryError('login', plain
        ? `${registry} asked for a token from ${shown}, over plain HTTP while the registry itself uses HTTPS: the credentials would travel in clear, so they were not sent.`
        : `${registry} asked for a token from ${shown}, which is not an HTTP(S) address.`, "Fix the token realm in the registry's configuration (it must be an https:// address).", 401);
}
/** The error for a 401 from a host other than the registry: its challenge is refused. */
function foreignChallengeRefusal(url, res, registry, what) {
    res.stream?.resume();
    const challenge = res.headers['www-authenticate'];
    const text = Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? '');
    const scheme = /^\s*([A-Za-z]+)/.exec(text)?.[1];
    const realm = /realm\s*=\s*"?([^",\s]+)/i.exec(text)?.[1];
    const asked = scheme ? ` (${scheme}${realm ? ` realm ${realm}` : ''})` : '';
    return new RegistryError('login', `${url.host} asked for credentials${asked} while ${what}, but it is not ${registry}: the registry's credentials go only to the registry and the token service it names, so none were sent.`, `${registry} sent the request to ${url.host} (upload Location, redirect or pagination link); check the registry's public address in its configuration.`, 401);
}
/** A well-formed content digest (the only algorithms registries use). */
function isDigest(value) {
    return /^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/.test(value);
}
/** A digest as the registry reported it, for a message: only when it is well formed. */
function shownDigest(value) {
    return isDigest(value) ? value : 'a malformed digest';
}
/**
 * Removes secrets from text: the password in every form it travels in, and each token
 * received (which `onSecret` also hands to the runner to mask).
 */
class Redactor {
    onSecret;
    secrets;
    constructor(credentials, onSecret) {
        this.onSecret = onSecret;
        this.secrets = credentials ? (0,secrets/* secretForms */.eo)(credentials.username, credentials.password) : [];
        this.sort();
    }
    /** A token the client received: redacted from now on and masked by the runner. */
    addToken(token) {
        if (token.length < 3 || this.secrets.includes(token))
            return;
        this.secrets.push(token);
        this.sort();
        this.onSecret?.(token);
    }
    redact(text) {
        let out = text;
        for (const s of this.secrets)
            out = out.split(s).join('***');
        return out;
    }
    sort() {
        // Longest first, so that "user:password" goes whole before "password".
        this.secrets = this.secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
    }
}
/** A logger whose every line goes through the redactor first. */
function redactingLogger(log, redactor) {
    return {
        info: (m) => log.info(redactor.redact(m)),
        debug: (m) => log.debug(redactor.redact(m)),
        warning: (m) => log.warning(redactor.redact(m)),
    };
}

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
        return new RegistryError(stage, `${said}, but ${ref} names ${o.verdict.found}, not the pushed manifest ${o.pushed}.`, 'The registry (or a proxy in front of it) changed the manifest; push again, and report it if it persists.', o.status);
    }
    return new RegistryError(stage, `${said} ${MANIFEST_PUT_ROUNDS} times, but did not store it: it does not serve ${ref}.`, 'The registry (or a proxy in front of it) is dropping manifests; try again later, and report it if it persists.', o.status);
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
                o.log.info(`The registry reported ${shownDigest(reported)} for ${ref}, but serves it as pushed`);
            o.log.debug(`Manifest ${ref} pushed (${o.digest})`);
            return o.digest;
        }
        if (verdict.state === 'other' || round >= MANIFEST_PUT_ROUNDS)
            throw notStoredError(o.stage, { ...o, pushed: o.digest, status, verdict });
        o.log.info(`The registry answered HTTP ${status} to the push of ${ref} but does not serve it; pushing it again`);
        await o.sleep(retryFloor(round - 1));
    }
}

;// CONCATENATED MODULE: ./src/registry/upload.ts
/**
 * The pure parts of resuming a blob upload: what a registry's Range header says is
 * stored (never a guess), the part of a blob still to send, and whether the blob on
 * disk still is what its digest says.
 */


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

;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * A registry client that pushes and reads images over the OCI distribution API
 * (Docker Registry HTTP API v2) without any Docker engine: token and Basic
 * authentication, blob existence checks, cross-repository mounts, streamed and
 * restartable uploads, manifests and tags, with retries on transient failures.
 *
 * The password only ever goes into an Authorization header: it is never logged,
 * never put in an error message, never written anywhere.
 */












const MEDIA_TYPES = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
};
const DEFAULT_ACCEPT = [
    MEDIA_TYPES.ociManifest,
    MEDIA_TYPES.ociIndex,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.dockerManifestList,
];
/** Blobs up to this size are sent in one request (POST ?digest=, or POST then PUT). */
const MONOLITHIC_MAX_BYTES = 1024 * 1024;
const FALLBACK_CHUNK = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Immediate restarts of an upload whose session the registry lost (404/416). */
const MAX_SESSION_RESTARTS = 3;
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
    base;
    registry;
    credentials;
    log;
    totalTimeoutMs;
    requestTimeoutMs;
    userAgent;
    sleep;
    stage;
    chunkSize;
    agents;
    now;
    tokens;
    /** How the registry wants us to authenticate; learnt from its first 401. */
    scheme = 'unknown';
    bearer;
    /** Whether POST ?digest= with a body completes an upload here (unknown until tried). */
    monolithicPost;
    lastRateLimit = '';
    redactor;
    constructor(o) {
        this.registry = o.registry
            .trim()
            .replace(/^https?:\/\//i, '')
            .replace(/\/+$/, '');
        try {
            this.base = new URL(registryBaseUrl(o.registry));
        }
        catch {
            throw new errors/* ActionError */.lZ('inputs', `The registry "${o.registry}" is not a valid host name.`);
        }
        this.credentials = o.credentials?.username ? o.credentials : undefined;
        const log = o.logger ?? silentLogger;
        this.redactor = new Redactor(this.credentials, log.setSecret?.bind(log));
        this.log = redactingLogger(log, this.redactor);
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
    close() {
        this.agents.http.destroy();
        this.agents.https.destroy();
    }
    // ---------------------------------------------------------------- public API
    /**
     * Fails fast, before any upload, when the credentials are wrong or the account
     * may not push to `repo`: gets a push token (token registries) or checks the
     * credentials on /v2/ (Basic registries).
     */
    async checkPushAccess(name) {
        const repo = this.repoPath(name);
        await this.discoverScheme();
        const scopes = [repositoryScope(repo, ['pull', 'push'])];
        if (this.scheme === 'none')
            return;
        if (!this.credentials) {
            if (this.scheme === 'basic')
                throw this.credentialsNeeded(repo);
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
            if (res.status === 401 || res.status === 403)
                throw this.loginRejected(res);
            if (res.status >= 400)
                throw this.failure(this.opFor('GET', 'checking the credentials', repo), res);
            return;
        }
        const auth = await this.authorization(scopes);
        if (auth.token === undefined)
            return;
        const granted = jwtGrantedActions(auth.token, 'repository', repo);
        if (granted !== undefined && !granted.includes('push') && !granted.includes('*')) {
            throw this.credentials ? this.pushDenied(repo, undefined) : this.credentialsNeeded(repo);
        }
        this.log.debug(granted === undefined
            ? `Got a push token for ${repo} (opaque token: access checked on first upload)`
            : `Push access to ${repo} confirmed (${granted.join(',')})`);
    }
    async hasBlob(repo, digest) {
        return this.blobExists(this.repoPath(repo), digest, 'pull');
    }
    async pushBlob(name, blob, o = {}) {
        const repo = this.repoPath(name);
        checkDigest(blob.digest);
        if (await this.blobExists(repo, blob.digest, 'push')) {
            this.stats.blobsSkipped++;
            this.log.debug(`Blob ${client_short(blob.digest)} already in ${repo}`);
            return 'exists';
        }
        let location;
        const from = o.mountFrom ? this.repoPath(o.mountFrom) : undefined;
        if (from && from !== repo) {
            const mount = await this.tryMount(repo, blob, from);
            if (mount === 'mounted')
                return 'mounted';
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
    async putManifest(name, reference, body, mediaType) {
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
    async getManifest(name, reference, accept = DEFAULT_ACCEPT) {
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
        if (res.status !== 200)
            throw this.failure(this.opFor('GET', what, repo), res);
        const body = res.body;
        const computed = sha256(body);
        let digest = computed;
        if (reference.includes(':')) {
            const actual = digestOf(reference, body);
            if (actual !== reference) {
                throw new RegistryError(this.stage, `The manifest the registry returned for ${repo}@${reference} hashes to ${actual}: its content does not match the digest asked for.`, 'The registry (or a proxy in front of it) served wrong content; try again, and report it if it persists.', res.status);
            }
            digest = reference;
        }
        const mediaType = contentType(res.headers) ?? mediaTypeInBody(body) ?? '';
        return { body, mediaType, digest };
    }
    async headManifest(name, reference) {
        const repo = this.repoPath(name);
        const what = `checking the manifest ${reference} of ${repo}`;
        const res = await this.exchange({
            method: 'HEAD',
            url: this.url(`/v2/${repo}/manifests/${reference}`),
            scopes: [repositoryScope(repo, ['pull'])],
            what,
            repo,
            access: 'pull',
            headers: { accept: DEFAULT_ACCEPT.join(', ') },
            followRedirects: true,
        });
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw this.failure(this.opFor('HEAD', what, repo), res);
        const digest = header(res.headers, 'docker-content-digest');
        const mediaType = contentType(res.headers);
        if (digest && isDigest(digest) && mediaType)
            return { digest, mediaType };
        // Some registries leave these out of HEAD answers: read the manifest instead.
        const m = await this.getManifest(repo, reference);
        return { digest: m.digest, mediaType: m.mediaType };
    }
    /**
     * The blob's content as a stream, verified against its digest: the stream
     * fails if the bytes do not hash to `digest`. Follows redirects (Docker Hub
     * serves blobs from a CDN), without our credentials when the host changes.
     */
    async getBlob(name, digest) {
        const repo = this.repoPath(name);
        checkDigest(digest);
        const what = `downloading blob ${client_short(digest)} of ${repo}`;
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
        if (res.status !== 200 || !res.stream)
            throw this.failure(this.opFor('GET', what, repo), res);
        const [algorithm, expectedHex] = digest.split(':');
        const hash = (0,external_node_crypto_.createHash)(algorithm);
        const expectedSize = Number(header(res.headers, 'content-length'));
        let size = 0;
        const stage = this.stage;
        const verify = new external_node_stream_.Transform({
            transform(chunk, _enc, cb) {
                hash.update(chunk);
                size += chunk.length;
                cb(null, chunk);
            },
            flush(cb) {
                const hex = hash.digest('hex');
                if (Number.isFinite(expectedSize) && size !== expectedSize) {
                    cb(new RegistryError(stage, `Blob ${client_short(digest)} of ${repo} was cut short: got ${size} of ${expectedSize} bytes.`, undefined, 200));
                }
                else if (hex !== expectedHex) {
                    cb(new RegistryError(stage, `Blob ${client_short(digest)} of ${repo} does not match its digest (got ${algorithm}:${hex}).`, undefined, 200));
                }
                else
                    cb();
            },
        });
        res.stream.on('error', (err) => verify.destroy(this.streamError(what, err)));
        res.stream.pipe(verify);
        return verify;
    }
    /** All tags of a repository, following Link pagination; [] when it does not exist. */
    async listTags(name) {
        const repo = this.repoPath(name);
        const what = `listing the tags of ${repo}`;
        const tags = [];
        let url = this.url(`/v2/${repo}/tags/list`);
        const seen = new Set();
        while (url !== undefined) {
            if (seen.has(url.href) || seen.size > 1000)
                break;
            seen.add(url.href);
            const res = await this.exchange({
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
            if (res.status !== 200)
                throw this.failure(this.opFor('GET', what, repo), res);
            let page;
            try {
                page = JSON.parse(res.body.toString('utf8'));
            }
            catch {
                throw new RegistryError(this.stage, `The registry's tag list for ${repo} is not valid JSON.`, undefined, res.status);
            }
            if (Array.isArray(page.tags))
                for (const t of page.tags)
                    if (typeof t === 'string')
                        tags.push(t);
            const next = nextLink(header(res.headers, 'link'));
            url = next ? new URL(next, url) : undefined;
        }
        return tags;
    }
    // ---------------------------------------------------------------- blobs
    async blobExists(repo, digest, access) {
        checkDigest(digest);
        const what = `checking blob ${client_short(digest)} in ${repo}`;
        const res = await this.exchange({
            method: 'HEAD',
            url: this.url(`/v2/${repo}/blobs/${digest}`),
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
        throw this.failure(this.opFor('HEAD', what, repo, access), res);
    }
    /** Cross-repository mount: 'mounted', or the upload location to go on with. */
    async tryMount(repo, blob, from) {
        const url = this.url(`/v2/${repo}/blobs/uploads/`);
        url.searchParams.set('mount', blob.digest);
        url.searchParams.set('from', from);
        const what = `mounting blob ${client_short(blob.digest)} from ${from} into ${repo}`;
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
            this.log.debug(`Blob ${client_short(blob.digest)} mounted from ${from} into ${repo}`);
            return 'mounted';
        }
        if (res.status === 202) {
            this.log.debug(`Blob ${client_short(blob.digest)} could not be mounted from ${from}: uploading`);
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
    async upload(repo, blob, initial) {
        const scopes = [repositoryScope(repo, ['pull', 'push'])];
        const what = `uploading blob ${client_short(blob.digest)} (${(0,bytes/* formatBytes */.z)(blob.size)}) to ${repo}`;
        const op = this.opFor('PATCH', what, repo, 'push');
        // The retry budget counts from the first failure since the last progress,
        // so a long but healthy upload does not eat the time allowed for retries.
        let failingSince;
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
                        if (res.status !== 202)
                            throw this.uploadFailure(op, res);
                        // The registry opened a session and ignored the body: send it with the PUT.
                        this.monolithicPost = false;
                        location = this.location(res, url);
                    }
                    else {
                        const url = this.url(`/v2/${repo}/blobs/uploads/`);
                        const res = await this.exchange({
                            method: 'POST',
                            url,
                            scopes,
                            what,
                            repo,
                            access: 'push',
                        });
                        if (res.status !== 202)
                            throw this.failure(op, res);
                        location = this.location(res, url);
                    }
                }
                if (blob.size <= MONOLITHIC_MAX_BYTES && offset === 0) {
                    await this.finishUpload(location, blob, repo, scopes, what, true);
                    return;
                }
                while (offset < blob.size) {
                    const length = this.chunkSize > 0 ? Math.min(this.chunkSize, blob.size - offset) : blob.size - offset;
                    const headers = { 'content-type': 'application/octet-stream' };
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
                            this.log.warning(`${this.registry} refused a ${(0,bytes/* formatBytes */.z)(length)} request (HTTP 413); uploading in ${(0,bytes/* formatBytes */.z)(FALLBACK_CHUNK)} chunks`);
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
            }
            catch (err) {
                if (err instanceof ContentRejected) {
                    await assertUnchanged(blob, err.failure);
                    this.log.debug(`${err.message} The blob is unchanged: uploading it again`);
                }
                if (err instanceof RestartUpload ||
                    err instanceof SessionLost ||
                    err instanceof ContentRejected) {
                    if (++restarts > MAX_SESSION_RESTARTS) {
                        throw new RegistryError(this.stage, this.redact(`${cap(what)} failed: the registry kept losing the upload session.`), hintForStatus(500, []), undefined);
                    }
                    this.log.debug(`${cap(what)}: starting a new upload session`);
                    location = undefined;
                    continue;
                }
                if (err instanceof errors/* ActionError */.lZ)
                    throw err;
                const status = err instanceof TransientStatus ? err.response.status : undefined;
                failingSince ??= this.now();
                const decision = planRetry({
                    attempt,
                    elapsedMs: this.now() - failingSince,
                    budgetMs: this.totalTimeoutMs,
                    status,
                    error: status === undefined ? err : undefined,
                    retryAfter: err instanceof TransientStatus
                        ? header(err.response.headers, 'retry-after')
                        : undefined,
                });
                if (!decision.retry) {
                    if (err instanceof TransientStatus)
                        throw this.failure(op, err.response, decision.reason);
                    if (isNetworkError(err))
                        throw this.networkFailure(op, err, isRetryableError(err) ? decision.reason : undefined);
                    throw err;
                }
                attempt++;
                this.stats.retries++;
                this.logRetry(what, err instanceof TransientStatus ? err.response : undefined, this.redact(decision.reason), decision.delayMs, attempt, retries);
                await this.sleep(decision.delayMs);
                if (location !== undefined) {
                    const status = await this.uploadStatus(location, scopes, what, repo);
                    if (status === undefined) {
                        // The session is gone; perhaps because the closing PUT did succeed.
                        if (await this.blobExists(repo, blob.digest, 'push'))
                            return;
                        location = undefined;
                    }
                    else if (status.offset === undefined || status.offset > blob.size) {
                        // Resuming needs to know exactly what the session holds; never guess.
                        this.log.debug(`${cap(what)}: the upload session does not say how much it holds (Range: ${status.range ?? 'none'}); starting a new one`);
                        location = undefined;
                    }
                    else {
                        location = status.location;
                        offset = status.offset;
                        if (offset > 0)
                            this.log.debug(`${cap(what)}: resuming at byte ${offset}`);
                    }
                }
            }
        }
    }
    /** The closing PUT ?digest= (with the whole body for small blobs). */
    async finishUpload(location, blob, repo, scopes, what, withBody) {
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
    async uploadStatus(location, scopes, what, repo) {
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
            if (res.status !== 204 && res.status !== 202)
                return undefined;
            const range = header(res.headers, 'range');
            return { location: this.location(res, location), offset: storedBytes(range), range };
        }
        catch (err) {
            if (err instanceof errors/* ActionError */.lZ && err.stage === 'login')
                throw err;
            return undefined;
        }
    }
    checkStoredDigest(res, blob, repo) {
        const stored = header(res.headers, 'docker-content-digest');
        if (stored && stored !== blob.digest) {
            throw new RegistryError(this.stage, `The registry stored blob ${client_short(blob.digest)} of ${repo} under ${shownDigest(stored)}.`, 'The blob changed while it was uploaded, or a proxy altered it.', res.status);
        }
        this.log.debug(`Blob ${client_short(blob.digest)} (${(0,bytes/* formatBytes */.z)(blob.size)}) uploaded to ${repo}`);
    }
    /** Upload-step answers: transient ones are retried by the caller, lost sessions restarted. */
    uploadFailure(op, res) {
        const codes = errorCodes(res.body);
        if (isTransient(res.status))
            return new TransientStatus(res);
        if (res.status === 416 ||
            codes.includes('BLOB_UPLOAD_UNKNOWN') ||
            codes.includes('BLOB_UPLOAD_INVALID') ||
            codes.includes('RANGE_INVALID'))
            return new SessionLost();
        if (res.status === 404 && codes.length === 0)
            return new SessionLost();
        if (codes.includes('DIGEST_INVALID') || codes.includes('SIZE_INVALID')) {
            return new ContentRejected(new RegistryError(this.stage, this.redact(`${cap(op.what)} failed: ${this.describe(res)}.`), 'The blob changed while it was being uploaded; build again.', res.status, codes));
        }
        return this.failure(op, res);
    }
    // ---------------------------------------------------------------- requests
    /**
     * Sends a request with authentication, one re-authentication on 401,
     * redirects (GET/HEAD) and retries of transient failures within the budget.
     * Returns any other answer for the caller to judge.
     */
    async exchange(x) {
        const started = this.now();
        let attempt = 0;
        let reauthenticated = false;
        let scopes = x.scopes;
        let url = x.url;
        let redirects = 0;
        const retries = { warned: false };
        for (;;) {
            // Credentials go to the registry itself only, never to a host it points at.
            const anonymous = x.anonymous === true || !isRegistryOrigin(url, this.base);
            const auth = anonymous ? {} : await this.authorization(scopes);
            const headers = {
                'user-agent': this.userAgent,
                ...(x.headers ?? {}),
            };
            const authorization = auth.header ?? (anonymous ? x.authorization : undefined);
            if (authorization)
                headers.authorization = authorization;
            let res;
            this.stats.requests++;
            try {
                res = await sendRequest({
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
                }, this.agents);
            }
            catch (err) {
                this.log.debug(`${x.method} ${displayUrl(url)} failed: ${this.redact(describeNetworkError(err))}`);
                if (x.retry === false)
                    throw err;
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
                throw foreignChallengeRefusal(url, res, this.registry, x.what);
            if (res.status === 401 && !anonymous) {
                const challenges = parseChallenges(res.headers['www-authenticate']);
                const learnt = this.learn(challenges);
                const wanted = splitScopeParam(findChallenge(challenges, 'bearer')?.params.scope);
                if (auth.token)
                    this.tokens.invalidate(auth.token);
                const canAuth = this.scheme === 'bearer' || (this.scheme === 'basic' && !!this.credentials);
                // First contact (no credentials sent yet) or one fresh try with a new token.
                if (canAuth && ((auth.header === undefined && learnt) || !reauthenticated)) {
                    if (auth.header !== undefined)
                        reauthenticated = true;
                    scopes = normalizeScopes([...scopes, ...wanted.filter((s) => !scopes.includes(s))]);
                    drain(res);
                    continue;
                }
                if (x.allowDenied)
                    return res;
                throw this.accessFailure(x, res);
            }
            if (res.status === 401 || res.status === 403) {
                if (x.allowDenied)
                    return res;
                throw this.accessFailure(x, res);
            }
            if (x.followRedirects &&
                (x.method === 'GET' || x.method === 'HEAD') &&
                [301, 302, 303, 307, 308].includes(res.status)) {
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
                    if (res.stream)
                        res.stream.destroy();
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
    /** Finds out once how the registry authenticates (GET /v2/). */
    async discoverScheme() {
        if (this.scheme !== 'unknown')
            return;
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
        }
        else if (res.status >= 200 && res.status < 300) {
            this.scheme = 'none';
        }
        else if (res.status === 404) {
            throw new RegistryError(this.stage, `${this.registry} does not offer the registry API (GET /v2/ answered 404).`, 'Check the registry host name.', 404);
        }
    }
    async authorization(scopes) {
        if (this.scheme === 'basic') {
            return this.credentials
                ? { header: basicAuthorization(this.credentials.username, this.credentials.password) }
                : {};
        }
        if (this.scheme !== 'bearer' || !this.bearer)
            return {};
        const token = await this.tokens.getOrFetch(scopes, () => this.fetchToken(scopes));
        return { header: `Bearer ${token}`, token };
    }
    async fetchToken(scopes) {
        const challenge = this.bearer;
        let url;
        try {
            url = tokenUrl(challenge, normalizeScopes(scopes), this.credentials?.username);
        }
        catch {
            throw new RegistryError('login', `${this.registry} asked for a token from an invalid address "${challenge.params.realm ?? ''}".`, undefined, 401);
        }
        const refusal = realmRefusal(url, this.base, this.registry);
        if (refusal)
            throw refusal;
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
        if (res.status === 401 || res.status === 403)
            throw this.loginRejected(res);
        if (res.status !== 200) {
            throw new RegistryError('login', this.redact(`Getting an access token from ${url.host} failed: ${this.describe(res)}.`), hintForStatus(res.status, errorCodes(res.body)), res.status, errorCodes(res.body));
        }
        let parsed;
        try {
            parsed = parseTokenResponse(res.body);
        }
        catch (err) {
            throw new RegistryError('login', `The token service ${url.host} gave an unusable answer: ${err.message}.`, undefined, res.status);
        }
        this.redactor.addToken(parsed.token);
        const refreshAt = tokenRefreshAt(this.now(), parsed.expiresInS);
        this.log.debug(`Token for ${scopes.length ? scopes.join(' ') : 'the registry'} from ${url.host} (valid ${parsed.expiresInS}s)`);
        return { token: parsed.token, refreshAt };
    }
    // ---------------------------------------------------------------- errors
    opFor(method, what, repo, access = 'pull') {
        return { method, url: this.base, scopes: [], what, repo, access };
    }
    failure(x, res, gaveUp) {
        const codes = errorCodes(res.body);
        if (res.status === 401 || res.status === 403 || codes.includes('DENIED'))
            return this.accessFailure(x, res);
        let msg = `${cap(x.what)} failed: ${this.describe(res)}`;
        if (gaveUp)
            msg += ` (gave up: ${gaveUp})`;
        return new RegistryError(this.stage, this.redact(`${msg}.`), hintForStatus(res.status, codes), res.status, codes);
    }
    accessFailure(x, res) {
        const codes = errorCodes(res.body);
        const repo = x.repo;
        if (this.scheme === 'basic' && res.status === 401 && this.credentials)
            return this.loginRejected(res);
        if (x.access === 'push' && repo) {
            return this.credentials ? this.pushDenied(repo, res) : this.credentialsNeeded(repo, res);
        }
        const who = this.credentials ? `the account "${this.credentials.username}"` : 'anonymous users';
        const target = repo ? `repository "${repo}"` : this.registry;
        return new RegistryError(this.stage, this.redact(`Access denied to ${target} on ${this.registry} while ${x.what}: it does not exist, or ${who} may not read it (${this.describe(res)}).`), this.credentials
            ? 'Check the image name and that the account has read access.'
            : 'Set the username and password inputs if the repository is private.', res.status, codes);
    }
    pushDenied(repo, res) {
        const user = this.credentials?.username ?? '';
        const ns = repo.includes('/') ? repo.slice(0, repo.indexOf('/')) : repo;
        const detail = res ? ` (${this.describe(res)})` : '';
        const hub = isDockerHub(this.registry);
        return new RegistryError('push', this.redact(`Access denied to repository "${repo}" on ${this.registry}: the account "${user}" can push only to repositories it owns ("${user}/…") or that an organization gave it write access to${detail}.`), ns.toLowerCase() === user.toLowerCase()
            ? `The account owns "${ns}/…" but the credentials lack push rights: ${hub ? 'use a Docker Hub access token with Read & Write scope' : 'use a token with write (push) scope'}.`
            : `Name the image "${user}/<name>", or ask an owner of "${ns}" for write access${hub ? '; an access token needs Read & Write scope' : ''}.`, res?.status, res ? errorCodes(res.body) : []);
    }
    credentialsNeeded(repo, res) {
        return new RegistryError('login', `Pushing to "${repo}" on ${this.registry} needs credentials, and none were given.`, 'Set the username and password inputs (for Docker Hub: your Docker ID and an access token with Read & Write scope).', res?.status ?? 401, res ? errorCodes(res.body) : []);
    }
    loginRejected(res) {
        const codes = errorCodes(res.body);
        if (!this.credentials) {
            return new RegistryError('login', `${this.registry} refused anonymous access (${this.describe(res)}).`, 'Set the username and password inputs.', res.status, codes);
        }
        const hub = isDockerHub(this.registry);
        return new RegistryError('login', this.redact(`The registry rejected the credentials for user "${this.credentials.username}" on ${this.registry}.`), hub
            ? 'Use your Docker ID (not your e-mail address) as username and a Docker Hub access token with Read & Write scope as password (Account settings → Personal access tokens).'
            : 'Check the username and the password; if the registry uses access tokens, use one with Read & Write (push) scope.', res.status, codes);
    }
    networkFailure(x, err, gaveUp) {
        if (err instanceof errors/* ActionError */.lZ)
            return err;
        const code = err?.code ?? '';
        if (code.startsWith('SOURCE_') || code === 'BODY_TOO_LARGE') {
            const msg = `${cap(x.what)} failed: ${err.message}.`;
            return new RegistryError(this.stage, this.redact(msg), undefined, undefined);
        }
        let hint;
        if (code === 'ECONNREFUSED')
            hint = `Is the registry running, and is "${this.registry}" the right address?`;
        else if (code === 'ENOTFOUND')
            hint = `Check the registry host name "${this.registry}".`;
        else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
            hint = `The registry's TLS certificate is not trusted by this machine.`;
        else if (gaveUp || code === 'DEADLINE')
            hint = 'The network or the registry is having trouble; try again later.';
        const reason = this.redact(describeNetworkError(err));
        const more = gaveUp ? ` (gave up: ${this.redact(gaveUp)})` : '';
        return new RegistryError(this.stage, `${cap(x.what)} failed: could not talk to ${this.registry}: ${reason}${more}.`, hint, undefined);
    }
    streamError(what, err) {
        if (err instanceof errors/* ActionError */.lZ)
            return err;
        return new RegistryError(this.stage, `${cap(what)} failed: ${this.redact(describeNetworkError(err))}.`, undefined, undefined);
    }
    redact(text) {
        return this.redactor.redact(text);
    }
    describe(res) {
        return describeRegistryFailure(res.status, this.redact(res.body.toString('utf8')));
    }
    // ---------------------------------------------------------------- small helpers
    /** Repository path for the API ("alpine" on Docker Hub is "library/alpine"). */
    repoPath(name) {
        const repo = apiRepository(this.registry, name);
        if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo)) {
            throw new RegistryError('inputs', `"${name}" is not a valid repository name.`, hintForStatus(400, ['NAME_INVALID']), undefined, ['NAME_INVALID']);
        }
        return repo;
    }
    url(path) {
        return new URL(path, this.base);
    }
    location(res, requestUrl) {
        const loc = header(res.headers, 'location');
        if (!loc) {
            throw new RegistryError(this.stage, `${this.registry} opened an upload without saying where to send it (no Location header).`, undefined, res.status);
        }
        return new URL(loc, requestUrl);
    }
    /**
     * One line per retry, with the registry's plain-text reason; the first 429 of an
     * operation is a warning, the lines after it are not.
     */
    logRetry(what, res, reason, delayMs, attempt, op) {
        const rateLimited = res?.status === 429;
        const words = rateLimited ? `rate limited (HTTP 429${plainBody(res)})` : reason;
        const line = `${cap(what)}: ${words}; retrying in ${formatMs(delayMs)} (attempt ${attempt + 1})`;
        if (rateLimited && !op.warned)
            this.log.warning(line);
        else
            this.log.info(line);
        if (rateLimited)
            op.warned = true;
    }
    noteRateLimit(res) {
        const limit = header(res.headers, 'ratelimit-limit');
        const remaining = header(res.headers, 'ratelimit-remaining');
        if (limit === undefined && remaining === undefined)
            return;
        const source = header(res.headers, 'docker-ratelimit-source');
        const lim = parseRateLimit(limit);
        const rem = parseRateLimit(remaining);
        const window = lim?.window ?? rem?.window;
        const text = rem !== undefined && lim !== undefined
            ? `${rem.count} of ${lim.count} requests left${window ? ` per ${formatMs(window * 1000)}` : ''}`
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
// -------------------------------------------------------------------- internals
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
function isTransient(status) {
    return [408, 429, 500, 502, 503, 504].includes(status);
}
function isNetworkError(err) {
    return typeof err?.code === 'string';
}
function drain(res) {
    res.stream?.resume();
}
function header(h, name) {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
}
function contentType(h) {
    const v = header(h, 'content-type');
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
function checkDigest(digest) {
    if (!isDigest(digest)) {
        throw new errors/* ActionError */.lZ('push', `"${digest}" is not a valid blob digest.`);
    }
}
function client_short(digest) {
    const i = digest.indexOf(':');
    return i < 0 ? digest : digest.slice(0, i + 13);
}
function cap(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
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
/** "100;w=21600" → { count: 100, window: 21600 }. */
function parseRateLimit(v) {
    if (v === undefined)
        return undefined;
    const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v);
    if (!m)
        return undefined;
    return { count: Number(m[1]), window: m[2] ? Number(m[2]) : undefined };
}


/***/ })

};

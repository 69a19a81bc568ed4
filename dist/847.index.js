export const id = 847;
export const ids = [847];
export const modules = {

/***/ 2847:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cp: () => (/* binding */ inSession),
/* harmony export */   O0: () => (/* binding */ HubDescriptionError),
/* harmony export */   cv: () => (/* binding */ exchange),
/* harmony export */   iD: () => (/* binding */ login),
/* harmony export */   setHubDescription: () => (/* binding */ setHubDescription)
/* harmony export */ });
/* harmony import */ var _util_duration_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6524);
/* harmony import */ var _hub_limits_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2757);
/* harmony import */ var _transport_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9034);
/**
 * Docker Hub's repository description (the "overview" page and the one-line summary),
 * set through Docker Hub's web API with the same credentials as the push: a JWT from
 * `POST /v2/users/login`, then `PATCH /v2/repositories/<namespace>/<name>/`. This is no
 * registry protocol, so no library speaks it; two requests are written here. Both
 * together have one deadline, answers included: an API that trickles cannot hold a run.
 */




/** Runs `work` in a session of the API, within its deadline; its connections closed after. */
async function inSession(o, work) {
    const allowedMs = o.deadlineMs ?? _hub_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .HUB_DEADLINE_MAX_MS */ .TB;
    const session = { o, agents: (0,_transport_http_js__WEBPACK_IMPORTED_MODULE_0__/* .createAgents */ .jQ)(), allowedMs, endsAt: Date.now() + allowedMs };
    try {
        return await work(session);
    }
    finally {
        session.agents.http.destroy();
        session.agents.https.destroy();
    }
}
/** Why the description was not set, in words that say what to do. */
class HubDescriptionError extends Error {
    name = 'HubDescriptionError';
}
/** Logs in to Docker Hub's API and sets the repository's description. */
async function setHubDescription(description, o) {
    const tooLong = (0,_hub_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .fullDescriptionProblem */ .HH)(Buffer.byteLength(description.full ?? ''));
    if (tooLong)
        throw new HubDescriptionError(tooLong);
    await inSession(o, async (session) => {
        const token = await login(session);
        o.setSecret(token);
        const body = {};
        if (description.full !== undefined)
            body.full_description = description.full;
        if (description.short !== undefined)
            body.description = description.short;
        const path = repositoryPath(description.repository);
        const res = await exchange(session, 'PATCH', path, body, {
            Authorization: `Bearer ${token}`,
        });
        if (res.status >= 200 && res.status < 300)
            return;
        throw new HubDescriptionError(patchFailure(res.status, description.repository));
    });
}
/** Docker Hub's API session token (a JWT) for the push credentials. */
async function login(session) {
    const { o } = session;
    const res = await exchange(session, 'POST', '/v2/users/login', {
        username: o.username,
        password: o.password,
    });
    if (res.status === 401 || res.status === 403) {
        throw new HubDescriptionError(`Docker Hub's API refused the login (HTTP ${res.status}): check DOCKERHUB_USERNAME and DOCKERHUB_TOKEN; changing a description needs a personal access token with the "Read, Write, Delete" permission.`);
    }
    let token;
    try {
        token = JSON.parse(res.body.toString('utf8')).token;
    }
    catch {
        token = undefined;
    }
    if (res.status !== 200 || typeof token !== 'string' || token === '') {
        throw new HubDescriptionError(`Docker Hub's API login answered HTTP ${res.status} without a token; try again later.`);
    }
    return token;
}
function patchFailure(status, repository) {
    if (status === 401 || status === 403) {
        return `Docker Hub did not let this token change the description of ${repository} (HTTP ${status}): it needs a personal access token with the "Read, Write, Delete" permission, from an account that administers the repository.`;
    }
    if (status === 404)
        return `Docker Hub has no repository ${repository} (HTTP 404).`;
    return `Docker Hub answered HTTP ${status} when setting the description of ${repository}; try again later.`;
}
function repositoryPath(repository) {
    const [namespace, name, ...rest] = repository.split('/');
    if (!namespace || !name || rest.length > 0) {
        throw new HubDescriptionError(`"${repository}" is not a Docker Hub repository (namespace/name).`);
    }
    return `/v2/repositories/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/`;
}
/**
 * One JSON request to the API, within what is left of the session's time; never follows
 * a redirect, reads at most 64 KiB back.
 */
function exchange(session, method, path, json, headers = {}) {
    const left = session.endsAt - Date.now();
    if (left <= 0)
        return Promise.reject(deadlineError(session));
    const body = Buffer.from(json === undefined ? '' : JSON.stringify(json));
    return (0,_transport_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendRequest */ .w$)({
        method,
        url: new URL(path, session.o.api ?? _hub_limits_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HUB_API */ .sg),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
        body,
        contentLength: body.length,
        idleTimeoutMs: 30_000,
        timeLimitMs: left,
        maxBodyBytes: 64 * 1024,
    }, session.agents).catch((err) => {
        if (err instanceof _transport_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpTransportError */ .Mz && err.code === 'DEADLINE')
            throw deadlineError(session);
        throw new HubDescriptionError(`Docker Hub's API could not be reached (${err instanceof Error ? err.message : String(err)}).`);
    });
}
function deadlineError({ allowedMs }) {
    return new HubDescriptionError(`Docker Hub's API did not finish within ${(0,_util_duration_format_js__WEBPACK_IMPORTED_MODULE_2__/* .formatMs */ ._)(allowedMs)}, the time the description update is allowed.`);
}


/***/ }),

/***/ 9034:
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

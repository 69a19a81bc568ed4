/**
 * One HTTP exchange over node:http/https, with what the registry client needs
 * and fetch does not give simply: a streamed request body with an exact
 * Content-Length, an idle timeout that any progress (bytes sent or received)
 * pushes back, detection of truncated bodies, and no automatic redirects.
 * No retries here: see retry.ts and transport.ts.
 */
import http from 'node:http';
import https from 'node:https';
import { pipeline, Transform, type Readable } from 'node:stream';
import { formatBytes } from '../../util/bytes.js';
import { announcedTooLarge, BodyCollector, MAX_JSON_BODY_BYTES } from './limits.js';

export type BodySource = Buffer | (() => NodeJS.ReadableStream | Buffer);

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** A buffer, or a function opening a stream of exactly `contentLength` bytes. */
  body?: BodySource;
  /**
   * Required with a streamed body: its length, or 'chunked' for a body whose length is
   * not known until it ends (sent with Transfer-Encoding: chunked).
   */
  contentLength?: number | 'chunked';
  /** Abort when nothing is sent or received for this long. */
  idleTimeoutMs: number;
  /**
   * Abort when the whole answer has not arrived this long after the request began or
   * after the last byte of its body went out: a registry that trickles its answer, or
   * never ends it, cannot hold the request past the time allowed. Default: none.
   */
  timeLimitMs?: number;
  /** Resolve as soon as the headers arrive and hand the body over as a stream. */
  stream?: boolean;
  /** Largest body read into memory (a larger one fails). Default 4 MiB. */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The whole body (empty in stream mode). */
  body: Buffer;
  /** The body stream, in stream mode. */
  stream?: Readable;
}

export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** The first value of a response header. */
export function header(h: http.IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads an answer that is not wanted to its end, so that its connection can be reused. */
export function drain(res: HttpResponse): void {
  res.stream?.resume();
}

/**
 * How long a connection may wait unused in the pool before it is closed here: less than
 * the 5 s after which Node.js servers (and many proxies) close an idle one. Else a
 * request may go out on a connection the server is closing (EPIPE, ECONNRESET): a
 * layer streamed after a long build-command would break off and go again once written.
 */
export const FREE_SOCKET_MS = 4000;

export function createAgents(): Agents {
  const options = { keepAlive: true, maxSockets: 16, timeout: FREE_SOCKET_MS };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/** Sends one request; rejects on network failure, resolves with any HTTP status. */
export function sendRequest(req: HttpRequest, agents: Agents): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    new Exchange(req, resolve, reject).start(agents);
  });
}

/**
 * One request in flight, in named steps: start (headers, timers, body), the answer
 * (handed over as a stream, or collected within its size limit), and the body sent
 * from its source with an exact length.
 */
class Exchange {
  private settled = false;
  private gotResponse = false;
  private sourceDone = false;
  private streamed = false;
  private source: NodeJS.ReadableStream | undefined;
  private response: http.IncomingMessage | undefined;
  private request!: http.ClientRequest;
  private idleTimer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    private readonly req: HttpRequest,
    private readonly resolve: (res: HttpResponse) => void,
    private readonly reject: (err: Error) => void,
  ) {}

  /** Opens the request, arms the timers and sends the body. */
  start(agents: Agents): void {
    const { req } = this;
    const body = typeof req.body === 'function' ? undefined : req.body;
    const open = typeof req.body === 'function' ? req.body : undefined;
    const headers: Record<string, string> = { ...req.headers };
    if (body !== undefined) headers['content-length'] = String(body.length);
    else if (open !== undefined) {
      if (req.contentLength === undefined) {
        this.reject(new HttpTransportError('a streamed body needs a length', 'NO_LENGTH', false));
        return;
      }
      // Without a Content-Length, node sends the body chunked.
      if (req.contentLength !== 'chunked') headers['content-length'] = String(req.contentLength);
    } else if (['POST', 'PUT', 'PATCH'].includes(req.method)) {
      headers['content-length'] = '0';
    }
    this.streamed = open !== undefined;
    const isHttps = req.url.protocol === 'https:';
    this.request = (isHttps ? https : http).request(req.url, {
      method: req.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
    });
    this.armTimers();
    this.request.on('error', (err) => {
      // A server may answer (e.g. 401 or 413) and close before taking the whole
      // body; the answer is what counts then, not the broken pipe.
      if (this.gotResponse) return;
      this.fail(err);
    });
    this.request.on('response', (res) => this.onResponse(res));
    if (body !== undefined) this.request.end(body);
    else if (open === undefined) this.request.end();
    else this.sendSource(open);
  }

  private fail(err: Error): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.deadline);
    this.destroySource();
    if (!this.settled) {
      this.settled = true;
      this.reject(err);
    }
  }

  private destroySource(): void {
    const s = this.source as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    if (s && typeof s.destroy === 'function') s.destroy();
    this.source = undefined;
  }

  /** The idle timeout, and the time allowed for the whole answer (if any). */
  private armTimers(): void {
    const { req } = this;
    this.idleTimer = setTimeout(() => {
      const err = new HttpTransportError(
        `no data sent or received for ${Math.round(req.idleTimeoutMs / 1000)}s`,
        'IDLE_TIMEOUT',
        true,
      );
      this.request.destroy(err);
      this.response?.destroy(err);
      this.fail(err);
    }, req.idleTimeoutMs);
    this.idleTimer.unref?.();
    const limit = req.timeLimitMs;
    if (limit === undefined) return;
    this.deadline = setTimeout(() => {
      const err = new HttpTransportError(
        `no complete answer within ${Math.round(limit / 100) / 10}s, the time allowed`,
        'DEADLINE',
        false,
      );
      this.fail(err);
      this.request.destroy(err);
      this.response?.destroy(err);
    }, limit);
    this.deadline.unref?.();
  }

  private touch(): void {
    this.idleTimer?.refresh();
  }

  /** Progress on the request body: the time allowed for the answer starts again. */
  private sending(): void {
    this.touch();
    if (this.deadline !== undefined && !this.gotResponse) this.deadline.refresh();
  }

  private onResponse(res: http.IncomingMessage): void {
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
    if (this.req.stream && status >= 200 && status < 300) this.streamAnswer(res, status);
    else this.collectAnswer(res, status);
  }

  /** Hands the answer's body over as a stream. */
  private streamAnswer(res: http.IncomingMessage, status: number): void {
    this.settled = true;
    // A streamed blob is verified as it goes and fed by the idle timer; its length
    // is not bounded by the time allowed for an answer.
    clearTimeout(this.deadline);
    // Truncation shows up as an 'error' on the stream (node checks
    // Content-Length); callers verify size and digest on top. The pass-through
    // keeps the idle timer fed without switching the response to flowing mode.
    const touch = (): void => this.touch();
    const out = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        touch();
        cb(null, chunk);
      },
    });
    pipeline(res, out, () => clearTimeout(this.idleTimer));
    this.resolve({ status, headers: res.headers, body: Buffer.alloc(0), stream: out });
  }

  /** Reads the answer's body into memory, within its size limit. */
  private collectAnswer(res: http.IncomingMessage, status: number): void {
    const collected = new BodyCollector(this.req.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
    const tooLarge = (): void => {
      const err = new HttpTransportError(
        `the answer (HTTP ${status}) is larger than ${formatBytes(collected.limit)}, more than is ever read`,
        'BODY_TOO_LARGE',
        false,
      );
      this.fail(err);
      res.destroy(err);
      this.request.destroy(err);
    };
    const bodiless = this.req.method === 'HEAD' || status === 204 || status === 304;
    if (!bodiless && announcedTooLarge(res.headers['content-length'], collected.limit)) {
      tooLarge();
      return;
    }
    res.on('data', (chunk: Buffer) => {
      this.touch();
      if (!collected.add(chunk)) tooLarge();
    });
    res.on('error', (err) => this.fail(asTruncation(err)));
    res.on('aborted', () =>
      this.fail(truncated(collected.size, Number(res.headers['content-length']))),
    );
    res.on('end', () => {
      clearTimeout(this.idleTimer);
      clearTimeout(this.deadline);
      if (this.settled) return;
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
  private sendSource(open: () => NodeJS.ReadableStream | Buffer): void {
    const length = this.req.contentLength!;
    const expected = length === 'chunked' ? Infinity : length;
    let opened: NodeJS.ReadableStream | Buffer;
    try {
      opened = open();
    } catch (err) {
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
  private pipeSource(readable: NodeJS.ReadableStream, expected: number): void {
    const r = this.request;
    this.source = readable;
    let sent = 0;
    readable.on('data', (chunk: Buffer | string) => {
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
    readable.on('error', (err: unknown) => {
      if (this.sourceDone || this.gotResponse) return;
      r.destroy();
      this.fail(sourceError(err));
    });
  }
}

function truncated(received: number, expected: number): HttpTransportError {
  const of = Number.isFinite(expected) ? ` of ${expected}` : '';
  return new HttpTransportError(
    `the connection closed after ${received}${of} bytes of the response`,
    'TRUNCATED_BODY',
    true,
  );
}

function asTruncation(err: Error): Error {
  const code = (err as { code?: string }).code;
  if (code === 'ECONNRESET' || /aborted/i.test(err.message)) {
    return new HttpTransportError(
      'the connection closed in the middle of the response',
      'TRUNCATED_BODY',
      true,
    );
  }
  return err;
}

function lengthMismatch(got: number, expected: number): HttpTransportError {
  return new HttpTransportError(
    `the blob source produced ${got > expected ? 'more than ' : ''}${got} bytes where ${expected} were expected`,
    'SOURCE_LENGTH',
    false,
  );
}

function sourceError(err: unknown): HttpTransportError {
  const msg = err instanceof Error ? err.message : String(err);
  return new HttpTransportError(`reading the blob failed: ${msg}`, 'SOURCE_ERROR', false);
}

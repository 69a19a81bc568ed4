/**
 * One HTTP exchange over node:http/https, with what the registry client needs
 * and fetch does not give simply: a streamed request body with an exact
 * Content-Length, an idle timeout that any progress (bytes sent or received)
 * pushes back, detection of truncated bodies, and no automatic redirects.
 * No retries here: see retry.ts and client.ts.
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
  /** Required with a streamed body. */
  contentLength?: number;
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

export function createAgents(): Agents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };
}

/** Sends one request; rejects on network failure, resolves with any HTTP status. */
export function sendRequest(req: HttpRequest, agents: Agents): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const isHttps = req.url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const headers: Record<string, string> = { ...req.headers };
    let bodyBuf: Buffer | undefined;
    let openStream: (() => NodeJS.ReadableStream | Buffer) | undefined;
    if (Buffer.isBuffer(req.body)) {
      bodyBuf = req.body;
    } else if (typeof req.body === 'function') {
      openStream = req.body;
    }
    if (bodyBuf !== undefined) headers['content-length'] = String(bodyBuf.length);
    else if (openStream !== undefined) {
      if (req.contentLength === undefined) {
        reject(new HttpTransportError('a streamed body needs a length', 'NO_LENGTH', false));
        return;
      }
      headers['content-length'] = String(req.contentLength);
    } else if (['POST', 'PUT', 'PATCH'].includes(req.method)) {
      headers['content-length'] = '0';
    }

    let settled = false;
    let gotResponse = false;
    let sourceDone = false;
    let source: NodeJS.ReadableStream | undefined;
    let response: http.IncomingMessage | undefined;

    const fail = (err: Error): void => {
      clearTimeout(timer);
      clearTimeout(deadline);
      destroySource();
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    const destroySource = (): void => {
      const s = source as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
      if (s && typeof s.destroy === 'function') s.destroy();
      source = undefined;
    };

    const r = mod.request(req.url, {
      method: req.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
    });

    const timer = setTimeout(() => {
      const err = new HttpTransportError(
        `no data sent or received for ${Math.round(req.idleTimeoutMs / 1000)}s`,
        'IDLE_TIMEOUT',
        true,
      );
      r.destroy(err);
      response?.destroy(err);
      fail(err);
    }, req.idleTimeoutMs);
    timer.unref?.();
    const touch = (): void => {
      timer.refresh();
    };
    const limit = req.timeLimitMs;
    const deadline = setTimeout(
      () => {
        const err = new HttpTransportError(
          `no complete answer within ${Math.round((limit ?? 0) / 100) / 10}s, the time allowed`,
          'DEADLINE',
          false,
        );
        fail(err);
        r.destroy(err);
        response?.destroy(err);
      },
      limit ?? 2 ** 31 - 1,
    );
    deadline.unref?.();
    if (limit === undefined) clearTimeout(deadline);
    /** Progress on the request body: the time allowed for the answer starts again. */
    const sending = (): void => {
      touch();
      if (limit !== undefined && !gotResponse) deadline.refresh();
    };

    r.on('error', (err) => {
      // A server may answer (e.g. 401 or 413) and close before taking the whole
      // body; the answer is what counts then, not the broken pipe.
      if (gotResponse) return;
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
        const out = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            touch();
            cb(null, chunk);
          },
        });
        pipeline(res, out, () => clearTimeout(timer));
        resolve({ status, headers: res.headers, body: Buffer.alloc(0), stream: out });
        return;
      }
      const collected = new BodyCollector(req.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
      const tooLarge = (): void => {
        const err = new HttpTransportError(
          `the answer (HTTP ${status}) is larger than ${formatBytes(collected.limit)}, more than is ever read`,
          'BODY_TOO_LARGE',
          false,
        );
        fail(err);
        res.destroy(err);
        r.destroy(err);
      };
      const bodiless = req.method === 'HEAD' || status === 204 || status === 304;
      if (!bodiless && announcedTooLarge(res.headers['content-length'], collected.limit)) {
        tooLarge();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        touch();
        if (!collected.add(chunk)) tooLarge();
      });
      res.on('error', (err) => fail(asTruncation(err)));
      res.on('aborted', () =>
        fail(truncated(collected.size, Number(res.headers['content-length']))),
      );
      res.on('end', () => {
        clearTimeout(timer);
        clearTimeout(deadline);
        if (settled) return;
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
    let opened: NodeJS.ReadableStream | Buffer;
    try {
      opened = openStream();
    } catch (err) {
      r.destroy();
      fail(sourceError(err));
      return;
    }
    if (Buffer.isBuffer(opened)) {
      if (opened.length !== req.contentLength) {
        r.destroy();
        fail(lengthMismatch(opened.length, req.contentLength!));
        return;
      }
      sourceDone = true;
      r.end(opened);
      return;
    }
    source = opened;
    const expected = req.contentLength!;
    let sent = 0;
    const readable = opened as NodeJS.ReadableStream;
    readable.on('data', (chunk: Buffer | string) => {
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
    readable.on('error', (err: unknown) => {
      if (sourceDone || gotResponse) return;
      r.destroy();
      fail(sourceError(err));
    });
  });
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

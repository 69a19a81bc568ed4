/**
 * Limits on what the registry may send back: JSON answers (tokens, errors, manifests,
 * tag lists) are read into memory only up to a size, as containerd reads at most 4 MiB
 * of a manifest. A larger answer is an error that says so, never a process that grows
 * without end. No I/O here.
 */

/** The largest JSON answer read into memory. */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

/** Whether a Content-Length header already announces more than `limit` bytes. */
export function announcedTooLarge(contentLength: string | undefined, limit: number): boolean {
  if (contentLength === undefined || !/^\s*\d+\s*$/.test(contentLength)) return false;
  return Number(contentLength) > limit;
}

/** Collects a body's chunks until they pass `limit` bytes; then `add` says stop. */
export class BodyCollector {
  private readonly chunks: Buffer[] = [];
  size = 0;

  constructor(readonly limit: number) {}

  /** False once the body is larger than the limit (the chunk is not kept). */
  add(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.limit) return false;
    this.chunks.push(chunk);
    return true;
  }

  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

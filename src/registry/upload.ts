/**
 * The pure parts of resuming a blob upload: what a registry's Range header says is
 * stored (never a guess), the part of a blob still to send, and whether the blob on
 * disk still is what its digest says.
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { BlobSource } from './types.js';
import type { RegistryError } from './errors.js';

/** The registry refused the uploaded content (DIGEST_INVALID, SIZE_INVALID). */
export class ContentRejected extends Error {
  constructor(readonly failure: RegistryError) {
    super(failure.message);
  }
}

/**
 * How many bytes an upload session holds, from its Range header ("0-1023": 1024), or
 * undefined when that is not known for sure: no header, a malformed one, one that does
 * not start at 0, or "0-0", which the CNCF registry answers both for an empty session
 * and for one holding a single byte.
 */
export function storedBytes(range: string | undefined): number | undefined {
  if (!range) return undefined;
  const m = /^(?:bytes=)?(\d+)-(\d+)$/.exec(range.trim());
  if (!m || m[1] !== '0') return undefined;
  const end = Number(m[2]);
  return end === 0 || !Number.isSafeInteger(end) ? undefined : end + 1;
}

/** The digest of what the blob's source gives now (opens it once more). */
export async function sourceDigest(blob: BlobSource): Promise<string> {
  const algorithm = blob.digest.startsWith('sha512:') ? 'sha512' : 'sha256';
  const hash = createHash(algorithm);
  const src = blob.open();
  if (Buffer.isBuffer(src)) hash.update(src);
  else for await (const chunk of src) hash.update(chunk as Buffer);
  return `${algorithm}:${hash.digest('hex')}`;
}

/**
 * After the registry refused what an upload session held: throws `failure` (the blob
 * changed while it was being uploaded) only when the source no longer hashes to the
 * blob's digest, or cannot be read; returns when the blob is unchanged, to be uploaded
 * again in a new session.
 */
export async function assertUnchanged(blob: BlobSource, failure: RegistryError): Promise<void> {
  let now: string;
  try {
    now = await sourceDigest(blob);
  } catch {
    throw failure;
  }
  if (now !== blob.digest) throw failure;
}

/** Bytes [start, start+length) of a blob, as a stream; opens the source anew. */
export function sliceSource(
  blob: BlobSource,
  start: number,
  length: number,
): NodeJS.ReadableStream | Buffer {
  const src = blob.open();
  if (Buffer.isBuffer(src)) return src.subarray(start, start + length);
  if (start === 0 && length === blob.size) return src;
  let pos = 0;
  const end = start + length;
  const slicer = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const from = pos;
      pos += chunk.length;
      if (pos <= start || from >= end) {
        if (from >= end) {
          // Everything wanted has passed: stop reading the source.
          (src as { destroy?: () => void }).destroy?.();
          this.push(null);
        }
        cb();
        return;
      }
      cb(null, chunk.subarray(Math.max(0, start - from), Math.min(chunk.length, end - from)));
      if (pos >= end) {
        (src as { destroy?: () => void }).destroy?.();
        this.push(null);
      }
    },
  });
  src.on('error', (err: Error) => slicer.destroy(err));
  src.pipe(slicer);
  return slicer;
}

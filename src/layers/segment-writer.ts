import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

import { DEFLATE_WINDOW, type Codec } from './compression.js';
import type { EntryBytes } from './entry.js';

/**
 * Size of the pieces of the tar compressed independently. Fixed: the output depends
 * on it, so it must not depend on the machine. A power of two: each zstd frame then
 * ends where the output buffers of Node's zstd decoder do, which it needs to go on to
 * the next frame (it takes the end of a frame that leaves room in its buffer for the
 * end of the stream).
 */
export const SEGMENT_SIZE = 1024 * 1024;
/** The first buffer of a layer's first segment; it grows as the layer does. */
const FIRST_BUFFER = 16 * 1024;

/**
 * Cuts the tar into segments, compresses up to `concurrency` of them at a time and
 * writes the results in order. Segment buffers are reused once written: the memory
 * held is about `concurrency` segments, whatever the size of the layer.
 */
export class SegmentWriter {
  private readonly free: Buffer[] = [];
  private current: Buffer;
  private filled = 0;
  /** The end of the last segment cut: the next one's deflate dictionary. */
  private dictionary: Buffer | undefined;
  private readonly inFlight: Array<{ segment: Buffer; job: Promise<Buffer[]> }> = [];

  constructor(
    private readonly codec: Codec,
    private readonly concurrency: number,
    /** Sees the tar, segment by segment: the diff_id. */
    private readonly tarHash: Hash,
    private readonly write: (data: readonly Buffer[]) => Promise<void>,
    private readonly segmentSize: number = SEGMENT_SIZE,
  ) {
    // Small at first: a layer of a few bytes must not cost a whole segment of memory
    // (thousands of those make the garbage collector's work grow with the square).
    this.current = Buffer.allocUnsafe(Math.min(segmentSize, FIRST_BUFFER));
  }

  /** Room left in the current segment's buffer, grown up to the segment size first. */
  private room(): number {
    if (this.filled === this.current.length && this.current.length < this.segmentSize) {
      const grown = Buffer.allocUnsafe(Math.min(this.segmentSize, this.current.length * 4));
      this.current.copy(grown, 0, 0, this.filled);
      this.current = grown;
    }
    return this.current.length - this.filled;
  }

  /**
   * Appends up to `size` bytes of a file, read into the segments directly (no copy, no
   * buffer per read), each read also shown to `seen`; returns how many there were.
   */
  async read(handle: FileHandle, size: number, seen?: EntryBytes): Promise<number> {
    let position = 0;
    while (position < size) {
      const n = Math.min(size - position, this.room());
      const { bytesRead } = await handle.read(this.current, this.filled, n, position);
      if (bytesRead === 0) break;
      seen?.update(this.current.subarray(this.filled, this.filled + bytesRead));
      this.filled += bytesRead;
      position += bytesRead;
      if (this.filled === this.segmentSize) await this.cut();
    }
    return position;
  }

  async push(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const n = Math.min(chunk.length - offset, this.room());
      chunk.copy(this.current, this.filled, offset, offset + n);
      this.filled += n;
      offset += n;
      if (this.filled === this.segmentSize) await this.cut();
    }
  }

  /** Sends the full current segment to be compressed and starts the next one. */
  private async cut(): Promise<void> {
    await this.dispatch(this.current, false);
    this.current = this.free.pop() ?? Buffer.allocUnsafe(this.segmentSize);
    this.filled = 0;
  }

  /** Compresses what is left, waits for every segment and writes the trailer. */
  async end(): Promise<void> {
    await this.dispatch(this.current.subarray(0, this.filled), true);
    while (this.inFlight.length > 0) await this.writeNext();
    await this.write([this.codec.trailer()]);
  }

  private async dispatch(segment: Buffer, last: boolean): Promise<void> {
    while (this.inFlight.length >= this.concurrency) await this.writeNext();
    this.tarHash.update(segment);
    this.codec.update(segment);
    const job = this.codec.compress(segment, this.dictionary, last);
    // Awaited in order by writeNext; this keeps a failure from being reported as
    // unhandled while earlier segments are written.
    job.catch(() => undefined);
    this.inFlight.push({ segment, job });
    if (this.codec.chained) {
      // A copy: the segment's buffer is reused as soon as it is written.
      this.dictionary = Buffer.from(segment.subarray(segment.length - DEFLATE_WINDOW));
    }
  }

  private async writeNext(): Promise<void> {
    const { segment, job } = this.inFlight.shift()!;
    const out = await job;
    await this.write(out);
    // Stored output refers to the segment: it is reused only once written.
    if (segment.length === this.segmentSize) this.free.push(segment);
  }
}

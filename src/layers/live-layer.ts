/**
 * A layer while it is being written: how far its compressed file has got, its bytes read
 * back from that file as they are written (for an upload that goes on while the layer is
 * compressed), and the finished layer. Reading from the file, not from memory, keeps the
 * memory flat whichever of compression and upload is the faster, and leaves the bytes on
 * disk for an upload that has to start again.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

import type { BlobSource, GrowingBlob } from '../registry/types.js';
import type { LayerBlob } from './entry.js';

/** Bytes read from the file at a time. */
const READ_SIZE = 256 * 1024;

export class LiveLayer {
  /** The file being written: the partial file, then the blob once in place. */
  private path: string | undefined;
  private written = 0;
  private done = false;
  private failure: Error | undefined;
  private waiting: Array<() => void> = [];
  /** The finished layer, or why it could not be written. */
  readonly result: Promise<LayerBlob>;
  private settle!: { resolve: (blob: LayerBlob) => void; reject: (err: Error) => void };

  constructor() {
    this.result = new Promise<LayerBlob>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Awaited by whoever uploads the layer, or never (no push).
    this.result.catch(() => undefined);
  }

  /** The writer opened its file. */
  begin(path: string): void {
    this.path = path;
  }

  /** The writer put `bytes` more bytes in the file. */
  wrote(bytes: number): void {
    this.written += bytes;
    this.wake();
  }

  /** The layer is written. */
  end(blob: LayerBlob): void {
    this.path = blob.path;
    this.written = blob.size;
    this.done = true;
    this.settle.resolve(blob);
    this.wake();
  }

  fail(err: Error): void {
    this.failure = err;
    this.done = true;
    this.settle.reject(err);
    this.wake();
  }

  /** True once `bytes` bytes are written; false when the layer ends (or fails) short of them. */
  async reached(bytes: number): Promise<boolean> {
    while (this.written < bytes && !this.done) await this.change();
    return this.written >= bytes && this.failure === undefined;
  }

  /** The layer as a blob whose bytes can be read while they are written. */
  growing(): GrowingBlob {
    const finished = this.result.then((blob): BlobSource => ({
      digest: blob.digest,
      size: blob.size,
      open: () => createReadStream(blob.path),
    }));
    // A failed layer is reported by the build; its upload may never look.
    finished.catch(() => undefined);
    return { open: () => new TailReader(this), finished };
  }

  /** Where the bytes stand: the file, how many are in it, whether that is all. */
  state(): { path: string | undefined; written: number; done: boolean; failure?: Error } {
    return { path: this.path, written: this.written, done: this.done, failure: this.failure };
  }

  /** Resolves at the next write, end or failure. */
  change(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** The layer's file from its first byte, read as it grows, ending with the layer. */
class TailReader extends Readable {
  private handle: FileHandle | undefined;
  private position = 0;
  private reading = false;

  constructor(private readonly layer: LiveLayer) {
    super({ highWaterMark: READ_SIZE });
  }

  override _read(): void {
    if (this.reading) return;
    this.reading = true;
    this.next().then(
      (chunk) => {
        this.reading = false;
        if (!this.destroyed) this.push(chunk);
      },
      (err: Error) => this.destroy(err),
    );
  }

  /** The next bytes written, waiting for them if need be; null at the end. */
  private async next(): Promise<Buffer | null> {
    for (;;) {
      const { written, done, failure } = this.layer.state();
      if (failure !== undefined) throw failure;
      if (this.position < written) break;
      if (done) return null;
      await this.layer.change();
      if (this.destroyed) return null;
    }
    const handle = await this.opened();
    const wanted = Math.min(READ_SIZE, this.layer.state().written - this.position);
    const buffer = Buffer.allocUnsafe(wanted);
    const { bytesRead } = await handle.read(buffer, 0, wanted, this.position);
    if (bytesRead === 0) throw new Error('the layer file ended before the bytes written to it');
    this.position += bytesRead;
    return bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead);
  }

  /** The file, opened once: the partial file, or the blob if it was moved into place since. */
  private async opened(): Promise<FileHandle> {
    if (this.handle !== undefined) return this.handle;
    const first = this.layer.state().path;
    try {
      if (first === undefined) throw Object.assign(new Error('no file yet'), { code: 'ENOENT' });
      this.handle = await open(first, 'r');
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
      // Moved into place (or removed, when the layer failed) between two looks.
      const blob = await this.layer.result;
      this.handle = await open(blob.path, 'r');
    }
    if (this.destroyed) {
      await this.close();
      throw new Error('closed');
    }
    return this.handle;
  }

  private async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.close().then(
      () => callback(err),
      () => callback(err),
    );
  }
}

/**
 * The files of a layer read while its tar is being written (by the native builder) or
 * read (from `docker save`), so that the SBOM need not decompress the layer again once
 * it is pushed. Should the reader stop (a tar it cannot read, a hard link into a lower
 * layer), the bytes go on alone and the contents are undefined or say so: the SBOM
 * then reads the layer from its blob.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { readLayerTar, type LayerContents } from './image-files.js';

export class LayerFollower {
  private readonly copy = new PassThrough({ highWaterMark: 1024 * 1024 });
  private stopped = false;
  readonly contents: Promise<LayerContents | undefined>;

  constructor() {
    this.contents = readLayerTar(this.copy, '', new Map()).then(
      (read) => read,
      () => undefined,
    );
    void this.contents.then(() => {
      this.stopped = true;
      this.copy.destroy();
    });
  }

  /**
   * The next bytes of the tar, read later: the caller must not change them (a writer
   * that reuses its buffer passes a copy).
   */
  async write(chunk: Buffer): Promise<void> {
    if (this.stopped || chunk.length === 0) return;
    if (!this.copy.write(chunk)) {
      await Promise.race([once(this.copy, 'drain').catch(() => undefined), this.contents]);
    }
  }

  /** The tar has ended. */
  end(): void {
    if (!this.stopped) this.copy.end();
  }

  /** The tar was not written to its end: no contents (safe after end()). */
  abort(): void {
    if (!this.copy.writableEnded) this.copy.destroy();
  }
}

/**
 * The files of a layer read while its tar is being written (by the native builder) or
 * read (from `docker save`), so that the SBOM need not decompress the layer again once
 * it is pushed. Should the reader stop (a tar it cannot read, a hard link into a lower
 * layer), the bytes go on alone and the contents are undefined or say so: the SBOM
 * then reads the layer from its blob.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { EntryBytes, EntryObserver, LayerEntry } from '../../layers/entry.js';
import { LayerReader, readLayerTar, type LayerContents } from './image-files.js';

/** A tar from elsewhere (docker save), its bytes parsed again as they pass. */
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

/** The tar types of the entries the native builder writes. */
const TAR_TYPES = { file: 'file', dir: 'directory', symlink: 'symlink', link: 'link' } as const;

/**
 * A layer the native builder writes, told entry by entry: its files hashed as they are
 * read into the tar, which is neither copied nor parsed again.
 */
export class EntryFollower implements EntryObserver {
  private readonly reader = new LayerReader('', new Map());
  private settle!: (contents: LayerContents | undefined) => void;
  readonly contents = new Promise<LayerContents | undefined>((resolve) => {
    this.settle = resolve;
  });

  entry(entry: LayerEntry, size: number): EntryBytes | undefined {
    return this.reader.entry(`/${entry.path}`, TAR_TYPES[entry.type], entry.linkname ?? '', size);
  }

  /** The layer was written to its end. */
  end(): void {
    this.settle(this.reader.contents());
  }

  /** The layer was not written: no contents (the SBOM reads the blob, if there is one). */
  abort(): void {
    this.settle(undefined);
  }
}

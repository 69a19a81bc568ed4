/** One entry of a layer as the tar writer takes it: the model below tar-layer and its helpers. */
/** `link`: a hard link to the file (or symlink) `linkname`, earlier in the same layer (see hard-links.ts). */
export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'link';

export interface LayerEntry {
  /** Path in the image, no leading slash, e.g. `usr/local/bin/app`. */
  path: string;
  type: LayerEntryType;
  /** Permission bits, setuid/setgid/sticky included (masked with 0o7777). */
  mode: number;
  uid?: number;
  gid?: number;
  /** For files: the size in bytes; checked against the source when it is read. */
  size?: number;
  /** For symlinks: the target, as written; for hard links: the path of the file. */
  linkname?: string;
  /** For hard links: what they name, a file (the default) or a symbolic link. */
  linkType?: 'symlink';
  /** For files and symlinks: the inode they share with the other entries of this id (hard links). */
  linkId?: number;
  /** For files: absolute path of the file to stream the contents from. */
  source?: string;
  /** For files: the contents, when they are not on disk (small generated files). */
  content?: Buffer;
}

/**
 * Sees a layer's entries as its tar is written, and each regular file's bytes as they
 * are read (the SBOM's reader of its files). Called in order, synchronously.
 */
export interface EntryObserver {
  /** `entry` is written with `size` bytes; returns what sees them, if anything does. */
  entry(entry: LayerEntry, size: number): EntryBytes | undefined;
}

/** Sees a file's bytes in order; a chunk's buffer is reused once update returns. */
export interface EntryBytes {
  update(chunk: Buffer): void;
  end(): void;
}

/** A layer written: its blob on disk and what a manifest and a config say of it. */
export interface LayerBlob {
  /** sha256 of the compressed blob: the layer's digest in the manifest. */
  digest: string;
  /** sha256 of the uncompressed tar: the diff_id in the image config. */
  diffId: string;
  /** Size of the compressed blob in bytes. */
  size: number;
  /** Where the compressed blob is; it can be re-opened as often as needed. */
  path: string;
  /** The layer's media type in an OCI manifest (gzip or zstd). */
  mediaType: string;
}

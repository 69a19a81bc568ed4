/** What the registry layer shares with the layers above it. */

export interface Credentials {
  username: string;
  password: string;
}

export interface Logger {
  info(m: string): void;
  debug(m: string): void;
  warning(m: string): void;
  /** Masks a token received in every later log line (the runner's add-mask). */
  setSecret?(secret: string): void;
}

export interface BlobSource {
  digest: string;
  size: number;
  /** May be called again on retry; large blobs must stream, not sit in memory. */
  open(): NodeJS.ReadableStream | Buffer;
}

/** A manifest as the registry sent it: its bytes, media type and digest. */
export interface FetchedManifest {
  body: Buffer;
  mediaType: string;
  digest: string;
}

export interface PushStats {
  blobsUploaded: number;
  blobsSkipped: number;
  blobsMounted: number;
  bytesUploaded: number;
  requests: number;
  retries: number;
}

/**
 * A blob still being written, whose digest is known only once its last byte is: its
 * bytes as they come, and the finished blob (to read again, from the start, as often as
 * needed) or the failure of writing it.
 */
export interface GrowingBlob {
  /** The bytes from the first, as they are written, ending after the last one. */
  open(): NodeJS.ReadableStream;
  /** The blob once written whole. */
  finished: Promise<BlobSource>;
}

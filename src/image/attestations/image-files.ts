/**
 * Every regular file of an image, read from its layers in order with the OCI whiteouts
 * applied: its path, the SHA-256 (and SHA-1, which SPDX asks for) of its bytes, and the
 * layer it comes from; and the package managers' records the image holds.
 */
import { createHash } from 'node:crypto';
import { segments } from '../../fs/image-path.js';
import { decompress } from '../../layers/decompress.js';
import { feedTar } from '../../layers/feed-tar.js';
import { extractTar, memberName } from '../../layers/tar-extract.js';
import { nameAsText } from '../../util/raw-names.js';

export interface ImageFile {
  /** Absolute path in the image. */
  path: string;
  sha256: string;
  sha1: string;
  size: number;
  /** Digest of the layer (as pushed) that holds the file. */
  layer: string;
}

export interface ImageContents {
  /** Sorted by path (byte order). */
  files: ImageFile[];
  /** Contents of the package managers' records, by absolute path. */
  records: Map<string, Buffer>;
}

/** A layer to read: its digest, media type and a way to stream its blob. */
export interface LayerSource {
  digest: string;
  mediaType: string;
  open: () => Promise<NodeJS.ReadableStream>;
  /** What the layer holds, read from its tar while it was at hand: the blob is not read again. */
  contents?: Promise<LayerContents | undefined>;
}

/** The files of one layer, read from its uncompressed tar (readLayerTar). */
export interface LayerContents {
  changes: LayerChanges;
  /** A hard link names a file of the layers below: the layer must be read with them. */
  needsBelow: boolean;
}

/** Files whose contents name packages: dpkg, apk, and the distribution for the purls. */
export function isRecord(path: string): boolean {
  return (
    path === '/var/lib/dpkg/status' ||
    /^\/var\/lib\/dpkg\/status\.d\/[^/]+$/.test(path) ||
    path === '/lib/apk/db/installed' ||
    path === '/etc/os-release' ||
    path === '/usr/lib/os-release'
  );
}
const RECORD_MAX = 32 * 1024 * 1024;

export interface LayerChanges {
  removed: string[];
  opaque: string[];
  /** Paths this layer puts there, with the file when it is a regular file (or a hard link). */
  added: Array<[string, ImageFile | 'dir' | 'other' | undefined, Buffer | undefined]>;
}

export async function readImageFiles(layers: readonly LayerSource[]): Promise<ImageContents> {
  const files = new Map<string, ImageFile>();
  const records = new Map<string, Buffer>();
  for (const layer of layers) {
    const read = await layer.contents?.catch(() => undefined);
    const changes =
      read && !read.needsBelow
        ? ofLayer(read.changes, layer.digest)
        : await readLayer(layer, files);
    for (const dir of changes.opaque) dropUnder(files, records, dir);
    for (const path of changes.removed) {
      files.delete(path);
      records.delete(path);
      dropUnder(files, records, path);
    }
    for (const [path, file, record] of changes.added) {
      files.delete(path);
      records.delete(path);
      if (file === 'dir' || file === undefined) continue;
      if (file === 'other') {
        dropUnder(files, records, path);
        continue;
      }
      files.set(path, file);
      if (record) records.set(path, record);
    }
  }
  const sorted = [...files.values()].sort((a, b) =>
    Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)),
  );
  return { files: sorted, records };
}

/** Removes what lies under `dir` (not dir itself). */
function dropUnder(files: Map<string, ImageFile>, records: Map<string, Buffer>, dir: string): void {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  for (const key of [...files.keys()]) {
    if (key.startsWith(prefix)) {
      files.delete(key);
      records.delete(key);
    }
  }
}

/** The changes read before the layer's digest was known, its files named by it. */
function ofLayer(changes: LayerChanges, digest: string): LayerChanges {
  return {
    ...changes,
    added: changes.added.map(([path, file, record]) => [
      path,
      typeof file === 'object' ? { ...file, layer: digest } : file,
      record,
    ]),
  };
}

async function readLayer(
  layer: LayerSource,
  below: ReadonlyMap<string, ImageFile>,
): Promise<LayerChanges> {
  const unreadable = (error: unknown): Error =>
    new Error(`Cannot read the layer ${layer.digest}: ${(error as Error).message}`);
  const { output, finished: done } = await decompress(await layer.open()).catch(
    (error: unknown) => {
      throw unreadable(error);
    },
  );
  done.catch(() => undefined);
  try {
    const { changes } = await readLayerTar(output, layer.digest, below);
    await done;
    return changes;
  } catch (error) {
    throw unreadable(error);
  }
}

/**
 * The files of a layer, from its uncompressed tar; `digest` names the layer in them
 * (empty while it is not known), `below` holds the files of the layers under it.
 */
export async function readLayerTar(
  tar: NodeJS.ReadableStream,
  digest: string,
  below: ReadonlyMap<string, ImageFile>,
): Promise<LayerContents> {
  const extract = extractTar();
  const feed = feedTar(tar, extract);
  const reader = new LayerReader(digest, below);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const file = reader.entry(
        `/${memberName(h, 'path', h.name)}`,
        h.type === 'contiguous-file' ? 'file' : (h.type ?? 'file'),
        memberName(h, 'linkpath', h.linkname ?? ''),
        h.size ?? 0,
      );
      if (file === undefined) {
        entry.resume();
        continue;
      }
      for await (const chunk of entry as AsyncIterable<Buffer>) file.update(chunk);
      file.end();
    }
    await feed;
  } catch (error) {
    await feed.catch(() => undefined);
    throw error;
  }
  return reader.contents();
}

/** What reads a regular file's bytes, in order; a chunk may be reused once update returns. */
export interface FileReading {
  update(chunk: Buffer): void;
  end(): void;
}

/**
 * The changes of one layer, entry by entry, as a tar lists them (read from a tar, or
 * told by the writer of one): whiteouts, hard links, and every regular file hashed.
 */
export class LayerReader {
  private readonly changes: LayerChanges = { removed: [], opaque: [], added: [] };
  /** What this layer put at each path so far: a file, or something else a link may name. */
  private readonly mine = new Map<string, ImageFile | 'other'>();
  private needsBelow = false;

  constructor(
    private readonly digest: string,
    private readonly below: ReadonlyMap<string, ImageFile>,
  ) {}

  /**
   * An entry at `name` (absolute, not yet cleaned) of tar type `type`; `linkpath` is a
   * hard link's target. Returns what reads a regular file's bytes, else undefined.
   */
  entry(name: string, type: string, linkpath: string, size: number): FileReading | undefined {
    // The same text whichever way the name came: escaped bytes (a USTAR name, a name the
    // builder holds) read as U+FFFD, as a PAX record's do.
    const rel = segments(nameAsText(name));
    const base = rel[rel.length - 1];
    if (base === undefined) return undefined;
    const path = `/${rel.join('/')}`;
    if (base.startsWith('.wh.')) {
      const dir = `/${rel.slice(0, -1).join('/')}`;
      if (base === '.wh..wh..opq') this.changes.opaque.push(dir);
      else if (!base.startsWith('.wh..wh.')) {
        this.changes.removed.push(`${dir === '/' ? '' : dir}/${base.slice(4)}`);
      }
      return undefined;
    }
    if (type === 'link') {
      const target = `/${segments(`/${nameAsText(linkpath)}`).join('/')}`;
      const own = this.mine.get(target);
      if (own === undefined) this.needsBelow = true;
      if (own === 'other') {
        // A second name of a symbolic link (or another entry that is not a file).
        this.mine.set(path, own);
        this.changes.added.push([path, own, undefined]);
        return undefined;
      }
      const of = own ?? this.below.get(target);
      const file = of ? { ...of, path, layer: this.digest } : undefined;
      if (file) this.mine.set(path, file);
      this.changes.added.push([path, file, undefined]);
      return undefined;
    }
    if (type !== 'file') {
      if (type !== 'directory') this.mine.set(path, 'other');
      this.changes.added.push([path, type === 'directory' ? 'dir' : 'other', undefined]);
      return undefined;
    }
    return this.hashFile(path, size);
  }

  private hashFile(path: string, size: number): FileReading {
    const sha256 = createHash('sha256');
    const sha1 = createHash('sha1');
    const keep = isRecord(path) && size <= RECORD_MAX ? ([] as Buffer[]) : undefined;
    return {
      update(chunk) {
        sha256.update(chunk);
        sha1.update(chunk);
        // A copy: the chunk may be reused.
        keep?.push(Buffer.from(chunk));
      },
      end: () => {
        const file = {
          path,
          sha256: sha256.digest('hex'),
          sha1: sha1.digest('hex'),
          size,
          layer: this.digest,
        };
        this.mine.set(path, file);
        this.changes.added.push([path, file, keep ? Buffer.concat(keep) : undefined]);
      },
    };
  }

  contents(): LayerContents {
    return { changes: this.changes, needsBelow: this.needsBelow };
  }
}

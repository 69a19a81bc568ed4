/**
 * Base image layers on disk, one file per digest, as the registry stores them
 * (compressed), so that a later build on the same runner (the cache lives in
 * RUNNER_TEMP) reads them again without a download.
 *
 * The cache is not trusted: anything that runs as the same user (the build-command, an
 * earlier step) can write there. Every read opens the entry without following a
 * symbolic link (and without waiting on a named pipe), checks that it is a regular file
 * of the layer's size, and hashes it: the build reads from that same open file, so a
 * file swapped in after the check is not read. An entry that fails is removed and the
 * layer downloaded again, through a verified stream (the registry client's getBlob fails
 * unless the bytes hash to the digest), written to a temporary name and renamed into place.
 *
 * Within a run, one LayerCache is shared by every reader of base layers, so that each is
 * downloaded at most once however many stages, platforms or checks read it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** The cache's directory under the runner's temporary directory. */
export function layerCacheDir(runnerTemp: string): string {
  return path.join(runnerTemp, 'one-step-image-layers');
}

/**
 * The cache of one run: kept in the runner's temporary directory, with the layers read
 * for this run alone in `workDir` (the builder's, removed with it). Whichever builder
 * builds, the run's base layers go through the one it makes.
 */
export function runLayerCache(runnerTemp: string, workDir: string): LayerCache {
  return new LayerCache(layerCacheDir(runnerTemp), path.join(workDir, 'base-layers'));
}

const DIGEST = /^([a-z0-9]+):([a-f0-9]{32,128})$/;

/** The file of a digest in the cache (`sha256:ab…` → `sha256-ab…`). */
export function cachedLayerPath(cacheDir: string, digest: string): string {
  if (!DIGEST.test(digest)) {
    throw new Error(`Not a layer digest: ${JSON.stringify(digest)}`);
  }
  return path.join(cacheDir, digest.replace(':', '-'));
}

/** A layer as the registry lists it: the name of its cache entry, and what it must be. */
export interface CachedLayer {
  digest: string;
  /** In bytes; negative when unknown. */
  size: number;
}

/**
 * The cache as one run sees it: every reader of a base layer in the run (the stages'
 * filesystems, COPY --from, every platform, the attestations, verify) goes through
 * one instance, so that each layer is downloaded at most once per run. One promise per
 * layer says where a good copy was found or downloaded in this run; all who ask meanwhile
 * wait on it. A download that fails is forgotten: the next reader tries again.
 *
 * A layer read only for the metadata of a filesystem a stage builds on is kept for the
 * run alone (in `runDir`, which the run removes), not in the cache between builds;
 * one whose files a build copies is kept in `dir`.
 */
export class LayerCache {
  private readonly ready = new Map<string, Promise<string>>();

  constructor(
    readonly dir: string,
    private readonly runDir?: string,
  ) {}

  /**
   * The layer from the cache, open for reading and verified (regular file, size, digest);
   * downloaded with `download` (a verified stream) first when the run has no good copy.
   * `keep`: kept between builds. The caller reads the handle (from offset 0) and closes it.
   */
  async open(
    layer: CachedLayer,
    download: () => Promise<NodeJS.ReadableStream>,
    keep = true,
  ): Promise<FileHandle> {
    const kept = cachedLayerPath(this.dir, layer.digest);
    for (let tries = 0; ; tries++) {
      let ready = this.ready.get(layer.digest);
      if (ready === undefined) {
        ready = this.fill(kept, layer, download, keep);
        this.ready.set(layer.digest, ready);
        ready.catch(() => this.ready.delete(layer.digest));
      }
      let file = await ready;
      if (keep && file !== kept) file = await this.promote(layer.digest, file, kept);
      const found = await openVerified(file, layer.digest, layer.size);
      if (found !== undefined) return found;
      // Changed since it was found good (or never was what the manifest says): once more.
      if (this.ready.get(layer.digest) === ready) this.ready.delete(layer.digest);
      if (tries > 0) {
        throw new Error(
          `The layer ${layer.digest} just downloaded into the cache (${path.dirname(file)}) is not a file of ${layer.size} bytes with that digest: the manifest gives a wrong size, or something changed the file`,
        );
      }
    }
  }

  /** The layer's bytes (compressed, as the registry stores them) from the cache. */
  async stream(
    layer: CachedLayer,
    download: () => Promise<NodeJS.ReadableStream>,
    keep = true,
  ): Promise<NodeJS.ReadableStream> {
    const handle = await this.open(layer, download, keep);
    return handle.createReadStream({ start: 0 });
  }

  /** Where a good copy is: the one kept between builds, else one downloaded now. */
  private async fill(
    kept: string,
    layer: CachedLayer,
    download: () => Promise<NodeJS.ReadableStream>,
    keep: boolean,
  ): Promise<string> {
    const cached = await openVerified(kept, layer.digest, layer.size);
    if (cached !== undefined) {
      await cached.close();
      return kept;
    }
    const dir = keep || this.runDir === undefined ? this.dir : this.runDir;
    const file = cachedLayerPath(dir, layer.digest);
    await fetchInto(dir, file, download);
    return file;
  }

  /** A layer downloaded for this run alone, moved into the cache kept between builds. */
  private async promote(digest: string, file: string, kept: string): Promise<string> {
    try {
      await cacheDirectory(this.dir);
      await rm(kept, { recursive: true, force: true });
      await rename(file, kept);
    } catch {
      return file; // another file system, or moved meanwhile: read where it is
    }
    this.ready.set(digest, Promise.resolve(kept));
    return kept;
  }
}

/**
 * The entry open, when it is a regular file (not followed if a link) of the size given
 * (when known) whose bytes hash to the digest; undefined otherwise.
 */
async function openVerified(
  file: string,
  digest: string,
  size: number,
): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a named pipe planted under the name is opened at once, then refused.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: a symbolic link; EISDIR, ENXIO: other things than a file.
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') {
      return undefined;
    }
    throw err;
  }
  try {
    const found = await handle.stat();
    if (found.isFile() && (size < 0 || found.size === size) && (await hashes(handle, digest))) {
      return handle;
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return undefined;
}

/** Whether the open file's bytes hash to the digest (one pass, from offset 0). */
async function hashes(handle: FileHandle, digest: string): Promise<boolean> {
  const [, algorithm, hex] = DIGEST.exec(digest)!;
  const hash = createHash(algorithm!);
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  for (let at = 0; ;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    at += bytesRead;
  }
  return hash.digest('hex') === hex;
}

/** Downloads the layer under a temporary name, then puts it in place of what was there. */
async function fetchInto(
  cacheDir: string,
  file: string,
  download: () => Promise<NodeJS.ReadableStream>,
): Promise<void> {
  await cacheDirectory(cacheDir);
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    // `wx`: created new (O_EXCL), so never through a link planted under the name.
    const out = await open(partial, 'wx');
    await pipeline(await download(), out.createWriteStream());
    // A link, a pipe or a directory under the name: removed (not followed), then replaced.
    await rm(file, { recursive: true, force: true });
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** The cache's directory, made when missing; something else under its name is removed first. */
async function cacheDirectory(cacheDir: string): Promise<void> {
  const found = await lstat(cacheDir).catch(() => undefined);
  if (found !== undefined && !found.isDirectory()) await rm(cacheDir, { force: true });
  await mkdir(cacheDir, { recursive: true });
}

/**
 * Base image layers on disk, one file per digest, as the registry stores them
 * (compressed). A layer is downloaded through a verified stream (the registry client's
 * getBlob fails unless the bytes hash to the digest), written to a temporary name and
 * renamed once complete: a file under its digest's name is always whole and verified,
 * so a later build on the same runner (the cache lives in RUNNER_TEMP) reads it again
 * without a download.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** The cache's directory under the runner's temporary directory. */
export function layerCacheDir(runnerTemp: string): string {
  return path.join(runnerTemp, 'one-step-image-layers');
}

/** The file of a digest in the cache (`sha256:ab…` → `sha256-ab…`). */
export function cachedLayerPath(cacheDir: string, digest: string): string {
  if (!/^[a-z0-9]+:[a-f0-9]{32,128}$/.test(digest)) {
    throw new Error(`Not a layer digest: ${JSON.stringify(digest)}`);
  }
  return path.join(cacheDir, digest.replace(':', '-'));
}

/** In-flight downloads, so that two stages needing one layer download it once. */
const inFlight = new Map<string, Promise<string>>();

/**
 * The path of the layer `digest` in the cache, downloaded with `open` (a verified
 * stream) when it is not there yet.
 */
export function cachedLayer(
  cacheDir: string,
  digest: string,
  size: number,
  open: () => Promise<NodeJS.ReadableStream>,
): Promise<string> {
  const file = cachedLayerPath(cacheDir, digest);
  let job = inFlight.get(file);
  if (job === undefined) {
    job = fetchOnce(file, size, open).finally(() => inFlight.delete(file));
    inFlight.set(file, job);
  }
  return job;
}

async function fetchOnce(
  file: string,
  size: number,
  open: () => Promise<NodeJS.ReadableStream>,
): Promise<string> {
  const found = await stat(file).catch(() => undefined);
  if (found?.isFile() && (size < 0 || found.size === size)) return file;
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.partial`;
  try {
    await pipeline(await open(), createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return file;
}

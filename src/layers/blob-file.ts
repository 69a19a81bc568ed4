/**
 * A layer blob's file: written under a temporary name, moved into place under its
 * digest once complete, and a LiveLayer told how it went.
 */
import { rename, stat, type FileHandle } from 'node:fs/promises';

import type { LayerBlob } from './entry.js';
import type { LiveLayer } from './live-layer.js';

/** Runs `write`, telling `live` (if any) how it ended: the blob, or why it failed. */
export async function following(
  live: LiveLayer | undefined,
  write: () => Promise<LayerBlob>,
): Promise<LayerBlob> {
  if (live === undefined) return write();
  try {
    const blob = await write();
    live.end(blob);
    return blob;
  } catch (err) {
    live.fail(err as Error);
    throw err;
  }
}

/** Writes every byte of `data`, in order. */
export async function writeAll(handle: FileHandle, data: readonly Buffer[]): Promise<void> {
  const total = data.reduce((n, chunk) => n + chunk.length, 0);
  if (total === 0) return;
  const { bytesWritten } = await handle.writev(data as Buffer[]);
  if (bytesWritten === total) return;
  // A short write (rare on a regular file): the rest, in order.
  const rest = Buffer.concat(data as Buffer[]).subarray(bytesWritten);
  for (let offset = 0; offset < rest.length;) {
    const written = await handle.write(rest, offset, rest.length - offset);
    offset += written.bytesWritten;
  }
}

/** Moves a finished blob file to its name. */
export async function moveIntoPlace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    // Another call wrote the same blob (same digest, same bytes) and it may be open
    // for upload, which some systems refuse to replace: keep the one already there.
    const existing = await stat(to).catch(() => undefined);
    if (existing === undefined) throw err;
  }
}

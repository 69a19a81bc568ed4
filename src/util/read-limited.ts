/** An image config is JSON of a few KiB; a blob served as one is read up to this much. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** A small blob's stream, whole; fails once it passes `max` bytes instead of growing. */
export async function readLimited(
  stream: NodeJS.ReadableStream,
  max = MAX_CONFIG_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.from(chunk as Buffer);
    size += bytes.length;
    if (size > max) throw new Error(`an image config over ${max} bytes`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

import { once } from 'node:events';
import type * as tarStream from 'tar-stream';

/** Streams a tar into tar-stream's extractor, with backpressure. */
export async function feedTar(
  source: NodeJS.ReadableStream,
  extract: tarStream.Extract,
): Promise<void> {
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (!extract.write(chunk)) await once(extract, 'drain');
    }
    (extract as unknown as NodeJS.WritableStream).end();
  } catch (err) {
    extract.destroy(err as Error);
    throw err;
  }
}

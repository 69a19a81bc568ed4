/**
 * A base image's layers download at once while the first is read: one that fails while
 * an earlier one is still coming fails the read, and is never an unhandled rejection
 * (which ends a Node.js process).
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBaseTree } from '../../../../src/builders/native/stage-start.js';
import { LayerCache } from '../../../../src/image/base-layers-cache.js';
import type { BaseImage } from '../../../../src/image/built-image.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('stage-start-test');
const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

describe('reading a base image’s filesystem', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('unhandledRejection', record);
  });

  it('fails with a later layer’s failure, none left unhandled', async () => {
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const cut = new Error('connection reset by the server');
    const base: BaseImage = {
      config: Buffer.from('{}'),
      layers: [
        { digest: `sha256:${'1'.repeat(64)}`, size: 3, mediaType: LAYER },
        { digest: `sha256:${'2'.repeat(64)}`, size: 3, mediaType: LAYER },
      ],
      registryRepo: 'registry.example/team/base',
      // The first layer comes only after the second has failed.
      openLayer: async (i) => {
        if (i === 1) {
          setTimeout(release, 20);
          throw cut;
        }
        await first;
        return Readable.from([Buffer.from('abc')]);
      },
    };
    const read = readBaseTree(base, new LayerCache(tempDir(), tempDir()));
    await expect(read).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});

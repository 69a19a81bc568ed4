/** The files an SBOM lists, read from a layer's tar. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImageFiles } from '../../../../src/image/attestations/image-files.js';
import { paxHeader, TAR_END, ustarBlock, ustarFile } from '../../../fixtures/tar-blocks.js';

const hex = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest('hex');

describe('readImageFiles', () => {
  it('names a file whose name is not UTF-8 as a PAX record would read: U+FFFD for the byte', async () => {
    const data = Buffer.from('bytes\n');
    const tar = Buffer.concat([
      ustarFile('caf\xe9.txt', data),
      ustarBlock('also-caf\xe9.txt', '1', 0, 'caf\xe9.txt'),
      // The same name in a PAX record, as Docker writes it: read as bytes, shown the same.
      paxHeader({ path: 'pax-caf\xe9.txt' }),
      ustarFile('pax-caf.txt', data),
      TAR_END,
    ]);
    const { files } = await readImageFiles([
      {
        digest: 'sha256:aa',
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        open: async () => Readable.from([gzipSync(tar)]),
      },
    ]);
    const file = {
      sha256: hex('sha256', data),
      sha1: hex('sha1', data),
      size: 6,
      layer: 'sha256:aa',
    };
    expect(files).toEqual([
      { path: '/also-caf\ufffd.txt', ...file },
      { path: '/caf\ufffd.txt', ...file },
      { path: '/pax-caf\ufffd.txt', ...file },
    ]);
  });
});

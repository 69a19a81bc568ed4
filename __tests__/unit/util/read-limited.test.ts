import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLimited } from '../../../src/util/read-limited.js';

describe('a small blob read whole', () => {
  it('is read whole up to the limit', async () => {
    const body = await readLimited(
      Readable.from([Buffer.from('{"os":'), Buffer.from('"linux"}')]),
      14,
    );
    expect(body.toString()).toBe('{"os":"linux"}');
  });

  it('fails once it passes the limit instead of growing without end', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(1024, 0x20);
      })(),
    );
    await expect(readLimited(endless, 10 * 1024)).rejects.toThrow(/over 10240 bytes/);
  });
});

/**
 * The one decompressor: each format is recognised by its first bytes (not a name or a
 * media type) and read back whole; anything else passes as it is.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';

import { indexLayer } from '../../../src/fs/base-layers.js';
import { ImageTree } from '../../../src/fs/image-tree.js';
import {
  MissingDecompressor,
  decompress,
  sniff,
  type Compression,
} from '../../../src/layers/decompress.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';

const tempDir = tempDirs('decompress-test');

/** Compressed by the system's program (gzip, zstd, bzip2, xz). */
function compressed(program: Compression, data: Buffer): Buffer {
  const r = spawnSync(program, ['-c'], { input: data, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${program}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** The bytes in pieces, as a network stream gives them: the magic split over three. */
function pieces(data: Buffer): Readable {
  const out = [data.subarray(0, 1), data.subarray(1, 2), data.subarray(2, 3)];
  for (let i = 3; i < data.length; i += 4096) out.push(data.subarray(i, i + 4096));
  return Readable.from(out.filter((p) => p.length > 0));
}

async function readAll(input: NodeJS.ReadableStream) {
  const d = await decompress(input);
  const chunks: Buffer[] = [];
  for await (const chunk of d.output) chunks.push(chunk as Buffer);
  await d.finished;
  // Compared as hex: a deep comparison of large buffers takes seconds.
  return { format: d.format, data: Buffer.concat(chunks).toString('hex') };
}

const data = Buffer.concat([randomBytes(70_000), Buffer.alloc(70_000, 'a')]);

describe('decompress', () => {
  for (const format of ['gzip', 'zstd', 'bzip2', 'xz'] as const) {
    it(`reads ${format} by its first bytes, whole`, async () => {
      const packed = compressed(format, data);
      expect(sniff(packed)).toBe(format);
      expect(await readAll(pieces(packed))).toEqual({ format, data: data.toString('hex') });
      expect(await readAll(Readable.from([packed]))).toEqual({
        format,
        data: data.toString('hex'),
      });
    });

    it(`says ${format} data cut part-way is cut, at the end`, async () => {
      const packed = compressed(format, data);
      await expect(
        readAll(Readable.from([packed.subarray(0, packed.length - 20)])),
      ).rejects.toThrow(
        /unexpected end|premature end|ends unexpectedly|compressed data is corrupt/i,
      );
    });
  }

  it('passes anything else as it is: a plain tar, unknown bytes, a short or empty input', async () => {
    for (const bytes of [
      Buffer.concat([Buffer.from('ustar-ish'), data]),
      Buffer.from([0x1f]),
      Buffer.from([0x28, 0xb5, 0x2f]),
      Buffer.alloc(0),
    ]) {
      expect(sniff(bytes)).toBeUndefined();
      expect(await readAll(pieces(bytes))).toEqual({
        format: undefined,
        data: bytes.toString('hex'),
      });
    }
  });

  it('stops reading its input when told to', async () => {
    let destroyed = false;
    const input = new Readable({
      read() {
        this.push(zlib.gzipSync(data));
      },
      destroy(err, cb) {
        destroyed = true;
        cb(err);
      },
    });
    const d = await decompress(input);
    d.finished.catch(() => undefined);
    d.stop();
    await new Promise((r) => setImmediate(r));
    expect(destroyed).toBe(true);
  });
});

describe('decompress without the program a format needs', () => {
  it('refuses at once, saying which program (looked up on the PATH it is given)', async () => {
    const packed = compressed('xz', data);
    const env = { PATH: tempDir() };
    const err = await decompress(Readable.from([packed]), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingDecompressor);
    expect(err).toMatchObject({ format: 'xz', program: 'xz' });
  });
});

describe('base image layers', () => {
  it('are read as their bytes say, whatever the media type claimed (zstd here)', async () => {
    const pack = tarStream.pack();
    pack.entry({ name: 'etc/', type: 'directory', mtime: new Date(0) });
    pack.entry({ name: 'etc/hostname', mtime: new Date(0) }, 'box\n');
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack as unknown as Readable) chunks.push(c as Buffer);
    const tree = new ImageTree(true);
    await indexLayer(tree, Readable.from([compressed('zstd', Buffer.concat(chunks))]));
    expect(tree.get('/etc/hostname')).toMatchObject({ type: 'file', size: 4 });
  });
});

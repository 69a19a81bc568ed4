import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';
import { describe, expect, it, vi } from 'vitest';

import { ActionError } from '../../../src/core/errors.js';
import { missingTools } from '../../integration/optional-tools.js';
import { nameFromBytes } from '../../../src/util/raw-names.js';
import {
  DEFAULT_LAYER_COMPRESSION,
  LAYER_MEDIA_TYPE,
  LAYER_MEDIA_TYPE_ZSTD,
  checkLayerCompression,
  deflateStored,
  gzipHeader,
  parseLayerCompression,
  zstdAvailable,
  zstdRawFrame,
  type LayerCompression,
} from '../../../src/layers/compression.js';
import { LiveLayer } from '../../../src/layers/live-layer.js';
import { SEGMENT_SIZE } from '../../../src/layers/segment-writer.js';
import { encodeEntryHeader } from '../../../src/layers/tar-header.js';
import {
  EMPTY_LAYER_DIFF_ID,
  compressTar,
  buildLayer,
  compareLayerPaths,
  type LayerEntry,
} from '../../../src/layers/tar-layer.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';

const EPOCH = 1_700_000_000;

const tempDir = tempDirs('tar-layer-test');

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Writes the same small tree of files under a new directory, with the given mtime. */
function writeTree(mtime: Date): { dir: string; entries: LayerEntry[] } {
  const dir = tempDir();
  const files: Record<string, string> = {
    hello: 'hello world\n',
    'run.sh': '#!/bin/sh\necho hi\n',
    big: 'x'.repeat(300_000),
  };
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    utimesSync(p, mtime, mtime);
  }
  const entries: LayerEntry[] = [
    { path: 'app', type: 'dir', mode: 0o755, uid: 0, gid: 0 },
    {
      path: 'app/hello',
      type: 'file',
      mode: 0o644,
      uid: 0,
      gid: 0,
      source: path.join(dir, 'hello'),
    },
    {
      path: 'app/run.sh',
      type: 'file',
      mode: 0o755,
      uid: 1000,
      gid: 1000,
      source: path.join(dir, 'run.sh'),
    },
    { path: 'app/big', type: 'file', mode: 0o600, uid: 0, gid: 0, source: path.join(dir, 'big') },
    { path: 'app/link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: 'hello' },
    { path: 'app-x', type: 'dir', mode: 0o700, uid: 0, gid: 0 },
  ];
  return { dir, entries };
}

interface ReadEntry {
  name: string;
  type: string | null | undefined;
  mode: number | undefined;
  uid: number | undefined;
  gid: number | undefined;
  size: number | undefined;
  mtime: number | undefined;
  linkname: string | null | undefined;
  uname: string | undefined;
  gname: string | undefined;
  data: Buffer;
}

async function readTar(tar: Buffer): Promise<ReadEntry[]> {
  const extract = tarStream.extract();
  const out: ReadEntry[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        out.push({
          name: h.name,
          type: h.type,
          mode: h.mode,
          uid: h.uid,
          gid: h.gid,
          size: h.size,
          mtime: h.mtime ? h.mtime.getTime() / 1000 : undefined,
          linkname: h.linkname,
          uname: h.uname,
          gname: h.gname,
          data: Buffer.concat(chunks),
        });
        next();
      });
    });
    extract.on('finish', () => resolve(undefined));
    extract.on('error', reject);
  });
  extract.end(tar);
  await done;
  return out;
}

describe('buildLayer', () => {
  it('gives the same digests for the same tree written at different times in different places', async () => {
    const a = writeTree(new Date('2001-01-01T00:00:00Z'));
    const b = writeTree(new Date('2024-06-30T12:34:56Z'));
    // Order of the entries given does not matter.
    const shuffled = [...b.entries].reverse();
    const la = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir() });
    const lb = await buildLayer(shuffled, { epoch: EPOCH, tmpDir: tempDir() });
    expect(lb.digest).toBe(la.digest);
    expect(lb.diffId).toBe(la.diffId);
    expect(lb.size).toBe(la.size);
    expect(readFileSync(lb.path).equals(readFileSync(la.path))).toBe(true);
  });

  it('changes the digests when the epoch, a mode or an owner changes', async () => {
    const a = writeTree(new Date());
    const base = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir() });
    const otherEpoch = await buildLayer(a.entries, { epoch: EPOCH + 1, tmpDir: tempDir() });
    const otherMode = await buildLayer(
      a.entries.map((e) => (e.path === 'app/hello' ? { ...e, mode: 0o600 } : e)),
      { epoch: EPOCH, tmpDir: tempDir() },
    );
    const otherOwner = await buildLayer(
      a.entries.map((e) => (e.path === 'app/hello' ? { ...e, uid: 1 } : e)),
      { epoch: EPOCH, tmpDir: tempDir() },
    );
    const digests = new Set([base, otherEpoch, otherMode, otherOwner].map((l) => l.diffId));
    expect(digests.size).toBe(4);
  });

  it('streams from disk or takes contents from memory with the same result', async () => {
    const a = writeTree(new Date());
    const fromDisk = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir() });
    const inMemory = await buildLayer(
      a.entries.map((e) =>
        e.source === undefined ? e : { ...e, source: undefined, content: readFileSync(e.source) },
      ),
      { epoch: EPOCH, tmpDir: tempDir() },
    );
    expect(inMemory.digest).toBe(fromDisk.digest);
  });

  it('returns the sha256 of the tar, of the blob, and the blob size', async () => {
    const a = writeTree(new Date());
    const layer = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir() });
    const blob = readFileSync(layer.path);
    expect(layer.size).toBe(blob.length);
    expect(layer.digest).toBe(sha256(blob));
    expect(layer.diffId).toBe(sha256(zlib.gunzipSync(blob)));
    expect(path.basename(layer.path)).toBe(`sha256-${layer.digest.slice(7)}.tar.gz`);
  });

  it('orders entries by path segment, parents first, directories with a slash', async () => {
    const a = writeTree(new Date());
    const layer = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir() });
    const entries = await readTar(zlib.gunzipSync(readFileSync(layer.path)));
    expect(entries.map((e) => e.name)).toEqual([
      'app/',
      'app/big',
      'app/hello',
      'app/link',
      'app/run.sh',
      'app-x/',
    ]);
  });

  it('writes the header fields as given, with the epoch and no user names', async () => {
    const a = writeTree(new Date());
    const layer = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir() });
    const entries = await readTar(zlib.gunzipSync(readFileSync(layer.path)));
    const byName = new Map(entries.map((e) => [e.name, e]));
    for (const e of entries) {
      expect(e.mtime).toBe(EPOCH);
      expect(e.uname).toBe('');
      expect(e.gname).toBe('');
    }
    expect(byName.get('app/')).toMatchObject({ type: 'directory', mode: 0o40755, uid: 0 });
    expect(byName.get('app/run.sh')).toMatchObject({
      type: 'file',
      mode: 0o100755,
      uid: 1000,
      gid: 1000,
      size: 18,
    });
    expect(byName.get('app/run.sh')!.data.toString()).toBe('#!/bin/sh\necho hi\n');
    expect(byName.get('app/big')!.data.length).toBe(300_000);
    expect(byName.get('app/link')).toMatchObject({
      type: 'symlink',
      mode: 0o120777,
      linkname: 'hello',
      size: 0,
    });
  });

  it('writes the files of one inode once, the later paths as hard links to the first', async () => {
    const content = Buffer.from('shared\n');
    const file = { type: 'file' as const, mode: 0o640, uid: 7, gid: 8, content, linkId: 41 };
    const entries: LayerEntry[] = [
      { ...file, path: 'z/later' },
      { ...file, path: 'b/first' },
      { ...file, path: 'c' },
      { type: 'file', path: 'alone', mode: 0o644, content, linkId: 42 },
    ];
    const layer = await buildLayer(entries, { epoch: EPOCH, tmpDir: tempDir() });
    const byName = new Map(
      (await readTar(zlib.gunzipSync(readFileSync(layer.path)))).map((e) => [e.name, e]),
    );
    expect(byName.get('b/first')).toMatchObject({ type: 'file', size: 7, mode: 0o100640 });
    for (const name of ['c', 'z/later']) {
      expect(byName.get(name)).toMatchObject({
        type: 'link',
        linkname: 'b/first',
        size: 0,
        mode: 0o100640,
        uid: 7,
        gid: 8,
      });
    }
    expect(byName.get('alone')).toMatchObject({ type: 'file', size: 7 });
  });

  it('writes the symbolic links of one inode once, the later paths as hard links with the symlink type bits', async () => {
    const link = { type: 'symlink' as const, mode: 0o777, uid: 3, linkname: 'target', linkId: 43 };
    const entries: LayerEntry[] = [
      { ...link, path: 'd/sym' },
      { ...link, path: 'd/hard-to-sym' },
    ];
    const layer = await buildLayer(entries, { epoch: EPOCH, tmpDir: tempDir() });
    const byName = new Map(
      (await readTar(zlib.gunzipSync(readFileSync(layer.path)))).map((e) => [e.name, e]),
    );
    expect(byName.get('d/hard-to-sym')).toMatchObject({
      type: 'symlink',
      linkname: 'target',
      mode: 0o120777,
      uid: 3,
    });
    expect(byName.get('d/sym')).toMatchObject({
      type: 'link',
      linkname: 'd/hard-to-sym',
      mode: 0o120777,
      uid: 3,
      size: 0,
    });
  });

  it('encodes headers like Go: ustar magic, zero-padded octal, checksum', () => {
    const h = encodeEntryHeader(
      { path: 'usr/bin/app', type: 'file', mode: 0o755, uid: 0, gid: 0 },
      5,
      EPOCH,
    );
    expect(h.length).toBe(512);
    expect(h.subarray(0, 11).toString('latin1')).toBe('usr/bin/app');
    expect(h.subarray(100, 108).toString('latin1')).toBe('0100755\0');
    expect(h.subarray(108, 116).toString('latin1')).toBe('0000000\0');
    expect(h.subarray(124, 136).toString('latin1')).toBe('00000000005\0');
    expect(h.subarray(136, 148).toString('latin1')).toBe(`${EPOCH.toString(8)}\0`);
    expect(h.subarray(156, 157).toString('latin1')).toBe('0');
    expect(h.subarray(257, 265).toString('latin1')).toBe('ustar\u000000');
    expect(h.subarray(265, 329).every((b) => b === 0)).toBe(true); // uname, gname
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    expect(h.subarray(148, 156).toString('latin1')).toBe(`${sum.toString(8).padStart(6, '0')}\0 `);
  });

  it('writes a name that is not UTF-8 as Go does: its bytes in PAX, ASCII in the headers', () => {
    const name = nameFromBytes(
      Buffer.from([0x6e, 0x2f, 0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]),
    );
    const h = encodeEntryHeader({ path: name, type: 'file', mode: 0o644 }, 0, EPOCH);
    expect(h.length).toBe(3 * 512);
    const field = (b: Buffer, at: number) =>
      b
        .subarray(at, at + 100)
        .toString('latin1')
        .replace(/\0+$/, '');
    // What the engine's layer holds for n/caf\xe9.txt, byte for byte.
    expect(field(h, 0)).toBe('n/PaxHeaders.0/caf.txt');
    expect(h.subarray(512, 531)).toEqual(Buffer.from('19 path=n/caf\xe9.txt\n', 'latin1'));
    expect(field(h, 1024)).toBe('n/caf.txt');
    const dir = encodeEntryHeader(
      { path: `${'d'.repeat(120)}`, type: 'dir', mode: 0o755 },
      0,
      EPOCH,
    );
    expect(field(dir, 0)).toBe(`${'d'.repeat(120)}/PaxHeaders.0`.slice(0, 100));
  });

  it('adds a PAX header only when USTAR cannot hold the entry', async () => {
    const short = encodeEntryHeader({ path: 'a/b', type: 'file', mode: 0o644 }, 0, EPOCH);
    expect(short.length).toBe(512);
    // Long but splittable at a slash: USTAR prefix, no PAX.
    const splittable = `${'d'.repeat(90)}/${'f'.repeat(90)}`;
    const split = encodeEntryHeader({ path: splittable, type: 'file', mode: 0o644 }, 0, EPOCH);
    expect(split.length).toBe(512);
    expect(split.subarray(345, 435).toString('latin1')).toBe('d'.repeat(90));

    const long = `${'x'.repeat(120)}/${'y'.repeat(120)}`;
    const layer = await buildLayer(
      [
        { path: long.split('/')[0]!, type: 'dir', mode: 0o755 },
        { path: long, type: 'file', mode: 0o644, content: Buffer.from('z') },
        { path: 'ünïcode', type: 'file', mode: 0o644, content: Buffer.from('u') },
        { path: 'big-ids', type: 'file', mode: 0o644, uid: 3_000_000, gid: 7 },
      ],
      { epoch: EPOCH, tmpDir: tempDir() },
    );
    const tar = zlib.gunzipSync(readFileSync(layer.path));
    const entries = await readTar(tar);
    expect(entries.map((e) => e.name)).toEqual(['big-ids', 'x'.repeat(120) + '/', long, 'ünïcode']);
    // tar-stream does not apply PAX uid records: look for the record itself.
    expect(entries[0]).toMatchObject({ gid: 7 });
    expect(tar.includes(Buffer.from('15 uid=3000000\n'))).toBe(true);
    // Exactly four PAX headers (typeflag 'x'): big uid, the 121-byte directory name (no
    // slash to split it at), the long file name, the non-ASCII name.
    let pax = 0;
    for (let off = 0; off + 512 <= tar.length; off += 512) {
      const block = tar.subarray(off, off + 512);
      if (block[156] === 0x78 && block.subarray(257, 262).toString('latin1') === 'ustar') pax++;
    }
    expect(pax).toBe(4);
  });

  it('writes a gzip header without timestamp or name, with fixed XFL and OS bytes', async () => {
    const a = writeTree(new Date());
    for (const [level, xfl] of [
      [0, 0],
      [1, 4],
      [6, 0],
      [9, 2],
    ] as const) {
      const layer = await buildLayer(a.entries, {
        epoch: EPOCH,
        tmpDir: tempDir(),
        compression: { kind: 'gzip', level },
      });
      const head = readFileSync(layer.path).subarray(0, 10);
      expect(head.toString('hex')).toBe(`1f8b0800000000000${xfl}ff`);
      expect(gzipHeader(level).toString('hex')).toBe(`1f8b0800000000000${xfl}ff`);
      expect(layer.mediaType).toBe(LAYER_MEDIA_TYPE);
    }
  });

  it('writes a tar shorter than a segment exactly as one zlib gzip call does', async () => {
    // The bytes of the single-stream writer this one replaced: small layers keep their digests.
    const a = writeTree(new Date());
    for (const level of [1, 6, 9]) {
      const layer = await buildLayer(a.entries, {
        epoch: EPOCH,
        tmpDir: tempDir(),
        compression: { kind: 'gzip', level },
      });
      const blob = readFileSync(layer.path);
      const tar = zlib.gunzipSync(blob);
      expect(tar.length).toBeLessThan(SEGMENT_SIZE);
      const expected = Buffer.concat([
        gzipHeader(level),
        zlib.gzipSync(tar, { level }).subarray(10),
      ]);
      expect(blob.equals(expected)).toBe(true);
    }
  });

  it('writes the empty layer as BuildKit does', async () => {
    const layer = await buildLayer([], { epoch: EPOCH, tmpDir: tempDir() });
    expect(layer.diffId).toBe(EMPTY_LAYER_DIFF_ID);
    expect(layer.digest).toBe(
      'sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1',
    );
    expect(zlib.gunzipSync(readFileSync(layer.path)).equals(Buffer.alloc(1024))).toBe(true);
  });

  it('fails when a file does not have the size it was listed with', async () => {
    const a = writeTree(new Date());
    const entries = a.entries.map((e) => (e.path === 'app/hello' ? { ...e, size: 3 } : e));
    await expect(buildLayer(entries, { epoch: EPOCH, tmpDir: tempDir() })).rejects.toThrow(
      /changed during the build/,
    );
  });

  it('refuses duplicate and unclean paths', async () => {
    const tmp = tempDir();
    await expect(
      buildLayer(
        [
          { path: 'a', type: 'dir', mode: 0o755 },
          { path: 'a', type: 'dir', mode: 0o755 },
        ],
        { epoch: EPOCH, tmpDir: tmp },
      ),
    ).rejects.toThrow(/listed twice/);
    for (const bad of ['/abs', 'a/../b', 'a//b', 'dir/', './a', '']) {
      await expect(
        buildLayer([{ path: bad, type: 'dir', mode: 0o755 }], { epoch: EPOCH, tmpDir: tmp }),
      ).rejects.toThrow(/Invalid layer entry path/);
    }
  });
});

describe('compareLayerPaths', () => {
  it('keeps a directory subtree together and parents first', () => {
    const paths = ['a-b', 'a/b/c', 'a', 'a/b', 'B', 'a.txt', 'a/b-c', 'b'];
    expect([...paths].sort(compareLayerPaths)).toEqual([
      'B',
      'a',
      'a/b',
      'a/b/c',
      'a/b-c',
      'a-b',
      'a.txt',
      'b',
    ]);
  });
});

// ---------------------------------------------------------------------------
// Segmented compression

const ZSTD = zstdAvailable();
const NO_ZSTD = ZSTD
  ? undefined
  : `skipped: this Node.js (${process.version}) has no zstd in zlib (22.15 and later have)`;
/** Why the zstd cases that compare with the zstd tool cannot run, if they cannot. */
const NO_ZSTD_TOOL = NO_ZSTD ?? missingTools('zstd');

/** Log-like lines: compresses four- to fivefold, like text does. */
function textBytes(bytes: number, seed: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${seed}:${i} ${['GET', 'PUT', 'POST'][i % 3]} /api/v${i % 7}/items/${(i * 7919) % 10007} status=${[200, 404, 500][(i * 31) % 3]}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''), 'latin1').subarray(0, bytes);
}

interface MixedTree {
  entries: LayerEntry[];
  files: Map<string, Buffer>;
}

/**
 * A tree whose tar spans several segments: text across segment boundaries, random bytes
 * filling whole segments, zeros, a file in memory.
 */
function mixedTree(): MixedTree {
  const dir = tempDir();
  const files = new Map<string, Buffer>([
    ['a/text', textBytes(1_500_000, 1)],
    ['a/random', randomBytes(2 * SEGMENT_SIZE + 300_000)],
    ['a/zeros', Buffer.alloc(300_000)],
    ['b/text', textBytes(700_001, 2)],
  ]);
  const entries: LayerEntry[] = [
    { path: 'a', type: 'dir', mode: 0o755 },
    { path: 'b', type: 'dir', mode: 0o755 },
    { path: 'b/small', type: 'file', mode: 0o644, content: Buffer.from('hi\n') },
  ];
  for (const [name, data] of files) {
    const p = path.join(dir, name.replace('/', '-'));
    writeFileSync(p, data);
    entries.push({ path: name, type: 'file', mode: 0o644, source: p, size: data.length });
  }
  files.set('b/small', Buffer.from('hi\n'));
  return { entries, files };
}

interface ZstdDecoder {
  zstdDecompressSync: (
    b: Buffer,
    o: { info: true },
  ) => { buffer: Buffer; engine: { bytesWritten: number } };
  createZstdDecompress: () => NodeJS.ReadWriteStream;
}

/**
 * Decodes every member or frame. Node's zstd decoder stops at the end of a frame unless
 * its output buffer is full right then, so frames are decoded one at a time here.
 */
function decode(kind: LayerCompression['kind'], blob: Buffer): Buffer {
  if (kind === 'gzip') return zlib.gunzipSync(blob);
  const z = zlib as unknown as ZstdDecoder;
  const out: Buffer[] = [];
  for (let offset = 0; offset < blob.length;) {
    const { buffer, engine } = z.zstdDecompressSync(blob.subarray(offset), { info: true });
    expect(engine.bytesWritten).toBeGreaterThan(0);
    out.push(buffer);
    offset += engine.bytesWritten;
  }
  return Buffer.concat(out);
}

/** Decodes as a stream, the way base image layers are read (fs/base-layers.ts). */
async function decodeStream(kind: LayerCompression['kind'], blob: Buffer): Promise<Buffer> {
  const z = zlib as unknown as ZstdDecoder;
  const decoder = kind === 'gzip' ? zlib.createGunzip() : z.createZstdDecompress();
  const out: Buffer[] = [];
  decoder.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  for (let i = 0; i < blob.length; i += 100_000) decoder.write(blob.subarray(i, i + 100_000));
  decoder.end();
  await done;
  return Buffer.concat(out);
}

/** Decodes with the command-line tool (gzip -dc, zstd -dc); the zstd cases skip without it. */
function decodeWithTool(kind: LayerCompression['kind'], blob: Buffer): Buffer {
  const r = spawnSync(kind, ['-dc'], { input: blob, maxBuffer: 256 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

const COMPRESSIONS: Array<{ name: string; compression: LayerCompression; skip?: string }> = [
  { name: 'gzip level 6 (default)', compression: DEFAULT_LAYER_COMPRESSION },
  { name: 'gzip level 1', compression: { kind: 'gzip', level: 1 } },
  { name: 'gzip level 9', compression: { kind: 'gzip', level: 9 } },
  { name: 'gzip level 0 (stored)', compression: { kind: 'gzip', level: 0 } },
  { name: 'zstd level 3', compression: { kind: 'zstd', level: 3 }, skip: NO_ZSTD_TOOL },
  { name: 'zstd level 12', compression: { kind: 'zstd', level: 12 }, skip: NO_ZSTD_TOOL },
];

describe('buildLayer: segmented compression', () => {
  for (const { name, compression, skip } of COMPRESSIONS) {
    it.skipIf(skip !== undefined)(
      `${name}: same bytes with 1, 2 or 8 segments in flight, decoding to the tar${skip ? ` (${skip})` : ''}`,
      async () => {
        const tree = mixedTree();
        const layers = [];
        for (const concurrency of [1, 2, 8]) {
          layers.push(
            await buildLayer(tree.entries, {
              epoch: EPOCH,
              tmpDir: tempDir(),
              compression,
              concurrency,
            }),
          );
        }
        const blob = readFileSync(layers[0]!.path);
        for (const layer of layers) {
          expect(layer.digest).toBe(layers[0]!.digest);
          expect(readFileSync(layer.path).equals(blob)).toBe(true);
        }
        const layer = layers[0]!;
        expect(layer.digest).toBe(sha256(blob));
        expect(layer.size).toBe(blob.length);
        expect(layer.mediaType).toBe(
          compression.kind === 'gzip' ? LAYER_MEDIA_TYPE : LAYER_MEDIA_TYPE_ZSTD,
        );
        expect(layer.path.endsWith(compression.kind === 'gzip' ? '.tar.gz' : '.tar.zst')).toBe(
          true,
        );

        const tar = decode(compression.kind, blob);
        expect(tar.length).toBeGreaterThan(4 * SEGMENT_SIZE);
        expect(sha256(tar)).toBe(layer.diffId);
        expect(decodeWithTool(compression.kind, blob).equals(tar)).toBe(true);
        // Node's own stream decoders read it whole too (for zstd: frames of SEGMENT_SIZE
        // end where its output buffers do).
        expect((await decodeStream(compression.kind, blob)).equals(tar)).toBe(true);
        const read = await readTar(tar);
        expect(read.map((e) => e.name)).toEqual([
          'a/',
          'a/random',
          'a/text',
          'a/zeros',
          'b/',
          'b/small',
          'b/text',
        ]);
        for (const e of read) {
          if (e.type === 'file') expect(e.data.equals(tree.files.get(e.name)!), e.name).toBe(true);
        }

        // The tar does not depend on the compression: the same diff_id as gzip level 0.
        const stored = await buildLayer(tree.entries, {
          epoch: EPOCH,
          tmpDir: tempDir(),
          compression: { kind: 'gzip', level: 0 },
        });
        expect(stored.diffId).toBe(layer.diffId);
      },
    );
  }

  const STORED: Array<{ compression: LayerCompression; overhead: number; skip?: string }> = [
    // 5 bytes per stored deflate block of at most 65535 bytes.
    { compression: { kind: 'gzip', level: 6 }, overhead: 5 / 65535 },
    { compression: { kind: 'gzip', level: 9 }, overhead: 5 / 65535 },
    // 3 bytes per raw zstd block of 128 KiB, and a frame header per segment.
    {
      compression: { kind: 'zstd', level: 3 },
      overhead: 3 / 131072 + 9 / SEGMENT_SIZE,
      skip: NO_ZSTD,
    },
    {
      compression: { kind: 'zstd', level: 19 },
      overhead: 3 / 131072 + 9 / SEGMENT_SIZE,
      skip: NO_ZSTD,
    },
  ];
  for (const { compression, overhead, skip } of STORED) {
    it.skipIf(skip !== undefined)(
      `${compression.kind} level ${compression.level}: stores segments that do not compress, compresses the others${skip ? ` (${skip})` : ''}`,
      async () => {
        const random = randomBytes(3 * SEGMENT_SIZE);
        const text = textBytes(2 * SEGMENT_SIZE, 3);
        const layer = await buildLayer(
          [
            { path: 'random', type: 'file', mode: 0o644, content: random },
            { path: 'text', type: 'file', mode: 0o644, content: text },
          ],
          { epoch: EPOCH, tmpDir: tempDir(), compression },
        );
        const blob = readFileSync(layer.path);
        const tar = decode(compression.kind, blob);
        expect(sha256(tar)).toBe(layer.diffId);
        // The random bytes are in the blob as they are, in full segments' worth...
        const inner = random.subarray(SEGMENT_SIZE, SEGMENT_SIZE + 60_000);
        expect(blob.includes(inner)).toBe(true);
        // ...with only the block headers added, while the text shrinks.
        expect(blob.length).toBeGreaterThan(random.length);
        expect(blob.length).toBeLessThan(random.length * (1 + overhead) + text.length / 3);
      },
    );
  }

  it('writes stored deflate blocks and raw zstd frames that decoders read', () => {
    const sizes = [0, 1, 255, 256, 65535, 65536, 65791, 65792, 200_000, SEGMENT_SIZE];
    for (const size of sizes) {
      const data = randomBytes(size);
      // A stored segment in the middle of a stream, then the end: one deflate stream.
      const deflate = Buffer.concat([...deflateStored(data, false), ...deflateStored(data, true)]);
      expect(zlib.inflateRawSync(deflate).equals(Buffer.concat([data, data])), `${size}`).toBe(
        true,
      );
      const blocks = Math.max(1, Math.ceil(size / 65535));
      expect(deflate.length).toBe(2 * (size + 5 * blocks));
      if (size === 0 || !ZSTD) continue;
      const frames = Buffer.concat([...zstdRawFrame(data), ...zstdRawFrame(data)]);
      expect(decode('zstd', frames).equals(Buffer.concat([data, data])), `${size}`).toBe(true);
      const fromTool = decodeWithTool('zstd', frames);
      if (fromTool !== undefined) expect(fromTool.equals(Buffer.concat([data, data]))).toBe(true);
    }
  });

  it('ends the stream properly when the tar is a whole number of segments', async () => {
    // 512-byte header + contents + 1024-byte end of archive = exactly 2 segments.
    const content = textBytes(2 * SEGMENT_SIZE - 1536, 4);
    const cases: LayerCompression[] = [
      { kind: 'gzip', level: 6 },
      { kind: 'gzip', level: 0 },
      ...(ZSTD ? [{ kind: 'zstd', level: 3 } as const] : []),
    ];
    for (const compression of cases) {
      const layer = await buildLayer([{ path: 'f', type: 'file', mode: 0o644, content }], {
        epoch: EPOCH,
        tmpDir: tempDir(),
        compression,
      });
      const blob = readFileSync(layer.path);
      const tar = decode(compression.kind, blob);
      expect(tar.length).toBe(2 * SEGMENT_SIZE);
      expect(sha256(tar)).toBe(layer.diffId);
      const fromTool = decodeWithTool(compression.kind, blob);
      if (fromTool !== undefined) expect(fromTool.equals(tar)).toBe(true);
    }
  });

  it.skipIf(!ZSTD)(
    `zstd: frames with the content size and a checksum, no timestamps; the empty layer${ZSTD ? '' : ` (${NO_ZSTD})`}`,
    async () => {
      const a = writeTree(new Date('2001-01-01T00:00:00Z'));
      const b = writeTree(new Date('2024-06-30T12:34:56Z'));
      const compression: LayerCompression = { kind: 'zstd', level: 3 };
      const la = await buildLayer(a.entries, { epoch: EPOCH, tmpDir: tempDir(), compression });
      const lb = await buildLayer(b.entries, { epoch: EPOCH, tmpDir: tempDir(), compression });
      expect(lb.digest).toBe(la.digest);
      const blob = readFileSync(la.path);
      expect(blob.readUInt32LE(0)).toBe(0xfd2fb528);
      const descriptor = blob[4]!;
      expect(descriptor & 0x04).toBe(0x04); // checksum
      expect(descriptor >> 6 !== 0 || (descriptor & 0x20) !== 0).toBe(true); // content size
      expect(descriptor & 0x03).toBe(0); // no dictionary
      expect(sha256(decode('zstd', blob))).toBe(la.diffId);

      const empty = await buildLayer([], { epoch: EPOCH, tmpDir: tempDir(), compression });
      expect(empty.diffId).toBe(EMPTY_LAYER_DIFF_ID);
      expect(empty.mediaType).toBe(LAYER_MEDIA_TYPE_ZSTD);
      expect(decode('zstd', readFileSync(empty.path)).equals(Buffer.alloc(1024))).toBe(true);
    },
  );

  it(`zstd ${ZSTD ? 'is written' : 'is refused with a clear error'} on this Node.js (${process.version})`, async () => {
    const a = writeTree(new Date());
    const build = buildLayer(a.entries, {
      epoch: EPOCH,
      tmpDir: tempDir(),
      compression: { kind: 'zstd', level: 3 },
    });
    if (ZSTD) {
      await expect(build).resolves.toMatchObject({ mediaType: LAYER_MEDIA_TYPE_ZSTD });
    } else {
      const err = await build.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActionError);
      expect((err as ActionError).stage).toBe('build');
      expect((err as ActionError).message).toMatch(/zstd .*Node\.js 22\.15 or later/);
    }
  });

  it('refuses compression settings it cannot write', () => {
    const bad: Array<[LayerCompression, RegExp]> = [
      [{ kind: 'gzip', level: 10 }, /Invalid gzip level 10: expected 0 to 9/],
      [{ kind: 'gzip', level: -1 }, /Invalid gzip level -1/],
      [{ kind: 'gzip', level: 1.5 }, /Invalid gzip level 1.5/],
      [{ kind: 'zstd', level: 0 }, /Invalid zstd level 0: expected 1 to 22/],
      [{ kind: 'zstd', level: 23 }, /Invalid zstd level 23/],
      [{ kind: 'brotli', level: 1 } as unknown as LayerCompression, /Unknown layer compression/],
    ];
    for (const [compression, message] of bad) {
      let err: unknown;
      try {
        checkLayerCompression(compression);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(compression)).toBeInstanceOf(ActionError);
      expect((err as ActionError).stage).toBe('build');
      expect((err as ActionError).message).toMatch(message);
    }
    expect(() => checkLayerCompression({ kind: 'gzip', level: 0 })).not.toThrow();
    expect(() => checkLayerCompression({ kind: 'gzip', level: 9 })).not.toThrow();
  });

  it('reads compression settings as written in an input', () => {
    const good: Array<[string, LayerCompression]> = [
      ['', { kind: 'gzip', level: 6 }],
      ['gzip', { kind: 'gzip', level: 6 }],
      [' GZIP:1 ', { kind: 'gzip', level: 1 }],
      ['gzip:0', { kind: 'gzip', level: 0 }],
      ['gzip:9', { kind: 'gzip', level: 9 }],
      ['zstd', { kind: 'zstd', level: 3 }],
      ['zstd:19', { kind: 'zstd', level: 19 }],
      ['zstd:22', { kind: 'zstd', level: 22 }],
    ];
    for (const [text, expected] of good)
      expect(parseLayerCompression(text), text).toEqual(expected);
    const bad: Array<[string, RegExp]> = [
      ['gzip:10', /Invalid gzip level .*0 to 9/],
      ['zstd:0', /Invalid zstd level .*1 to 22/],
      ['zstd:23', /Invalid zstd level/],
      ['brotli', /Unknown compression "brotli": expected gzip, gzip:<0-9>, zstd or zstd:<1-22>/],
      ['gzip:', /Unknown compression/],
      ['gzip:-1', /Unknown compression/],
      ['zstd:3:1', /Unknown compression/],
    ];
    for (const [text, message] of bad)
      expect(() => parseLayerCompression(text), text).toThrow(message);
  });
});

describe('compressTar: a tar another tool made', () => {
  for (const { name, compression, skip } of COMPRESSIONS) {
    it.skipIf(skip !== undefined)(
      `${name}: the same tar in pieces of 64 KiB to 1 MiB decodes to itself, with its diff_id`,
      async () => {
        const tree = mixedTree();
        const made = await buildLayer(tree.entries, { epoch: EPOCH, tmpDir: tempDir() });
        const tar = decode('gzip', readFileSync(made.path));
        // Arriving in uneven chunks, as from a pipe.
        const chunks = [tar.subarray(0, 1000), tar.subarray(1000, 300_000), tar.subarray(300_000)];
        const digests = new Set<string>();
        for (const segmentSize of [64 * 1024, 256 * 1024, SEGMENT_SIZE]) {
          const blob = await compressTar(chunks, { tmpDir: tempDir(), compression, segmentSize });
          const bytes = readFileSync(blob.path);
          expect(blob.diffId).toBe(made.diffId);
          expect(blob.digest).toBe(sha256(bytes));
          expect(decode(compression.kind, bytes).equals(tar)).toBe(true);
          expect((await decodeStream(compression.kind, bytes)).equals(tar)).toBe(true);
          digests.add(blob.digest);
        }
        // The pieces shape the bytes: only the default keeps native digests as they are.
        expect(digests.size).toBe(3);
        if (compression.kind === 'gzip' && compression.level === DEFAULT_LAYER_COMPRESSION.level) {
          const same = await compressTar([tar], { tmpDir: tempDir(), compression });
          expect(same.digest).toBe(made.digest);
        }
      },
    );
  }

  it.each([0, 1000, 32 * 1024, 3 * 64 * 1024])('refuses a segment size of %i', async (size) => {
    await expect(
      compressTar([Buffer.alloc(10)], { tmpDir: tempDir(), segmentSize: size }),
    ).rejects.toThrow(/Invalid segment size/);
  });
});

describe('memory of small layers', () => {
  it('allocates no whole segment for a layer of a few bytes, and the same bytes as before', async () => {
    const entries: LayerEntry[] = [
      { path: 'f', type: 'file', mode: 0o644, content: Buffer.from('x') },
    ];
    const sizes: number[] = [];
    const real = Buffer.allocUnsafe;
    const spy = vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
      sizes.push(size);
      return real(size);
    });
    let small;
    try {
      small = await buildLayer(entries, { epoch: EPOCH, tmpDir: tempDir() });
    } finally {
      spy.mockRestore();
    }
    expect(sizes.filter((size) => size >= SEGMENT_SIZE)).toEqual([]);
    // A layer larger than a segment still comes out as one cut in whole segments.
    const big = randomBytes(SEGMENT_SIZE + 12345);
    const large = await buildLayer([{ path: 'big', type: 'file', mode: 0o644, content: big }], {
      epoch: EPOCH,
      tmpDir: tempDir(),
    });
    const tar = zlib.gunzipSync(readFileSync(large.path!));
    expect(tar.subarray(512, 512 + big.length).equals(big)).toBe(true);
    expect(zlib.gunzipSync(readFileSync(small.path!)).subarray(512, 513).toString()).toBe('x');
  });
});

describe('buildLayer: a live layer, read while it is written', () => {
  async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it('gives the bytes of the finished blob, read from its first as they come', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'data');
    // Text and random bytes: several segments, compressed and stored.
    writeFileSync(
      file,
      Buffer.concat([Buffer.alloc(3 * SEGMENT_SIZE, 'log line\n'), randomBytes(SEGMENT_SIZE * 2)]),
    );
    const live = new LiveLayer();
    const growing = live.growing();
    // Opened before a byte is written.
    const read = collect(growing.open());
    const early = live.reached(64 * 1024);
    const blob = await buildLayer(
      [{ path: 'data', type: 'file', mode: 0o644, source: file }],
      { epoch: EPOCH, tmpDir: tempDir() },
      live,
    );
    const bytes = await read;
    expect(await early).toBe(true);
    expect(bytes.length).toBe(blob.size);
    expect(sha256(bytes)).toBe(blob.digest);
    expect(bytes.equals(readFileSync(blob.path))).toBe(true);
    // Read again once finished: the same bytes, from the blob in place.
    expect(sha256(await collect(growing.open()))).toBe(blob.digest);
    const finished = await growing.finished;
    expect(finished).toMatchObject({ digest: blob.digest, size: blob.size });
    expect(sha256(await collect(finished.open() as NodeJS.ReadableStream))).toBe(blob.digest);
  });

  it('says a layer ended short of a size, and passes its failure to the readers', async () => {
    const small = new LiveLayer();
    const reached = small.reached(1024 * 1024);
    await buildLayer(
      [{ path: 'a', type: 'file', mode: 0o644, content: Buffer.from('a') }],
      {
        epoch: EPOCH,
        tmpDir: tempDir(),
      },
      small,
    );
    expect(await reached).toBe(false);

    const failing = new LiveLayer();
    const read = collect(failing.growing().open()).then(
      () => 'read whole',
      (err: Error) => err.message,
    );
    const entry: LayerEntry = {
      path: 'gone',
      type: 'file',
      mode: 0o644,
      source: path.join(tempDir(), 'missing'),
    };
    await expect(buildLayer([entry], { epoch: EPOCH, tmpDir: tempDir() }, failing)).rejects.toThrow(
      /ENOENT/,
    );
    expect(await read).toMatch(/ENOENT/);
    await expect(failing.result).rejects.toThrow(/ENOENT/);
  });
});

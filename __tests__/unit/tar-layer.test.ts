import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';

import {
  EMPTY_LAYER_DIFF_ID,
  buildLayer,
  compareLayerPaths,
  encodeEntryHeader,
  patchGzipHeader,
  type LayerEntry,
} from '../../src/native/tar-layer.js';

const EPOCH = 1_700_000_000;
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'tar-layer-test-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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
      [1, 4],
      [6, 0],
      [9, 2],
    ] as const) {
      const layer = await buildLayer(a.entries, {
        epoch: EPOCH,
        tmpDir: tempDir(),
        gzipLevel: level,
      });
      const head = readFileSync(layer.path).subarray(0, 10);
      expect(head.toString('hex')).toBe(`1f8b0800000000000${xfl}ff`);
    }
  });

  it('refuses a gzip header with anything else in it', () => {
    const withName = Buffer.from('1f8b0808000000000003', 'hex');
    expect(() => patchGzipHeader(withName, 6)).toThrow(/Unexpected gzip header/);
    const withMtime = Buffer.from('1f8b0800010000000003', 'hex');
    expect(() => patchGzipHeader(withMtime, 6)).toThrow(/Unexpected gzip header/);
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

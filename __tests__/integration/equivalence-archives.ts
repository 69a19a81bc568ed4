// What the equivalence cases make at run time that git cannot hold: tar archives in
// several formats (tar-stream's USTAR with PAX records, GNU tar's own formats, bzip2,
// xz), hard links, and file names that are not valid UTF-8.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';

import { paxHeader, TAR_END, ustarBlock, ustarFile } from '../fixtures/tar-blocks.js';

export interface TarInput {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
  content?: string;
  /** Extra PAX records (uid and gid above what USTAR holds). */
  pax?: Record<string, string>;
}

export async function makeTar(items: TarInput[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const item of items) {
    const type = item.type ?? 'file';
    const header = {
      name: item.name,
      type,
      mode: item.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
      uid: item.uid ?? 0,
      gid: item.gid ?? 0,
      mtime: new Date(1_600_000_000_000),
      ...(item.linkname !== undefined ? { linkname: item.linkname } : {}),
      ...(item.pax !== undefined ? { pax: item.pax } : {}),
    };
    if (type === 'file') pack.entry(header, item.content ?? '');
    else pack.entry(header);
  }
  pack.finalize();
  return done;
}

/** Runs a tool of the system (GNU tar, bzip2, xz) and returns its output. */
function run(command: string, args: string[], input?: Buffer): Buffer {
  const r = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** GNU tar of what `make` writes into a temporary directory, in the given format. */
function gnuTar(format: string, extra: string[], make: (dir: string) => void): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'equivalence-gnutar-'));
  try {
    make(dir);
    const fixed = ['--numeric-owner', '--mtime=@1600000000', '--sort=name'];
    return run('tar', [`--format=${format}`, ...fixed, ...extra, '-cf', '-', '-C', dir, '.']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The hardlinks case: hard links in the context and in archives of every kind. */
export async function prepareHardlinks(dir: string): Promise<void> {
  writeFileSync(path.join(dir, 'h1'), 'hard\n');
  mkdirSync(path.join(dir, 'sub'));
  linkSync(path.join(dir, 'h1'), path.join(dir, 'h2'));
  linkSync(path.join(dir, 'h1'), path.join(dir, 'sub/h3'));
  const tar = await makeTar([
    { name: 'x/', type: 'directory' },
    { name: 'x/a', mode: 0o640, uid: 7, gid: 8, content: 'linked\n' },
    { name: 'x/b', type: 'link', linkname: 'x/a' },
    { name: 'c', type: 'link', linkname: 'x/a' },
  ]);
  writeFileSync(path.join(dir, 'links.tar'), tar);
  writeFileSync(path.join(dir, 'links.tar.gz'), zlib.gzipSync(tar));
  writeFileSync(path.join(dir, 'links.tgz'), zlib.gzipSync(tar));
  writeFileSync(
    path.join(dir, 'gnu.tar'),
    gnuTar('gnu', ['--owner=0', '--group=0'], (d) => {
      writeFileSync(path.join(d, 'one'), 'gnu\n');
      mkdirSync(path.join(d, 'deep'));
      linkSync(path.join(d, 'one'), path.join(d, 'deep/two'));
    }),
  );
  writeFileSync(path.join(dir, 'links.bin'), zlib.gzipSync(tar));
  const symlinks = await makeTar([
    { name: 'd/target.txt', content: 'target\n' },
    { name: 'd/sym', type: 'symlink', linkname: 'target.txt' },
    { name: 'd/hard-to-sym', type: 'link', linkname: 'd/sym', uid: 5, gid: 6 },
    { name: 'other/hard2', type: 'link', linkname: 'd/sym', uid: 7, gid: 8 },
  ]);
  writeFileSync(path.join(dir, 'symlinks.tar'), symlinks);
}

/** The owners case: owners beyond USTAR's octal fields, in PAX records and in base-256. */
export async function prepareOwners(dir: string): Promise<void> {
  const big = { uid: '3000000', gid: '4294967294' };
  const tar = await makeTar([
    { name: 'd/', type: 'directory', pax: { uid: big.gid, gid: big.uid } },
    { name: 'd/big.txt', content: 'big\n', pax: big },
    { name: 'small.txt', uid: 262143, gid: 1, content: 'small\n' },
    { name: 'ln', type: 'symlink', linkname: 'small.txt', pax: big },
  ]);
  writeFileSync(path.join(dir, 'pax-owners.tar'), tar);
  writeFileSync(
    path.join(dir, 'gnu-owners.tar'),
    gnuTar('gnu', [`--owner=${big.uid}`, `--group=${big.gid}`], (d) => {
      writeFileSync(path.join(d, 'gnu.txt'), 'gnu\n');
    }),
  );
}

/** A path under `dir` whose last part is the given bytes. */
export function rawPath(dir: string, ...parts: Array<string | readonly number[]>): Buffer {
  const bytes = parts.map((p) => Buffer.from(typeof p === 'string' ? p : [...p]));
  return Buffer.concat([Buffer.from(`${dir}/`), ...bytes]);
}

/** The raw-names case: names that are not valid UTF-8 (Latin-1 and stray bytes). */
export function prepareRawNames(dir: string): void {
  writeFileSync(rawPath(dir, 'caf', [0xe9], '.txt'), 'latin1\n');
  writeFileSync(rawPath(dir, 'bad', [0xff, 0xfe], 'name.txt'), 'stray\n');
  mkdirSync(rawPath(dir, 'd', [0xe9], 'j', [0xe0]));
  writeFileSync(rawPath(dir, 'd', [0xe9], 'j', [0xe0], '/in', [0x80], '.txt'), 'inside\n');
  symlinkSync(
    Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]),
    rawPath(dir, 'ln', [0xff]),
  );
  // Ignored by .dockerignore's *.log: the match works on the bytes too.
  writeFileSync(rawPath(dir, 'x', [0xff], '.log'), 'ignored\n');
  const tar = gnuTar('gnu', ['--owner=0', '--group=0'], (d) => {
    writeFileSync(rawPath(d, 'caf', [0xe9], '.txt'), 'latin1\n');
    writeFileSync(rawPath(d, 'l'.repeat(120), [0xe9]), 'long\n');
    symlinkSync(Buffer.from([0x63, 0x61, 0x66, 0xe9]), rawPath(d, 'ln', [0xff]));
  });
  writeFileSync(path.join(dir, 'raw.tar'), tar);
  // The same in PAX records, as Go's archive/tar (Docker, BuildKit) writes them.
  const pax = Buffer.concat([
    paxHeader({ path: 'caf\xe9.txt' }),
    ustarFile('caf.txt', Buffer.from('latin1\n')),
    paxHeader({ path: 'd\xe9j\xe0/' }),
    ustarBlock('dj/', '5', 0),
    paxHeader({ path: 'ln\xff', linkpath: 'd\xe9j\xe0' }),
    ustarBlock('ln', '2', 0, 'dj'),
    TAR_END,
  ]);
  writeFileSync(path.join(dir, 'pax.tar'), pax);
}

/** The archive-formats case: bzip2 and xz tars, members that point out of the destination. */
export async function prepareArchiveFormats(dir: string): Promise<void> {
  const app = await makeTar([
    { name: 'app/', type: 'directory', mode: 0o750, uid: 1, gid: 2 },
    { name: 'app/bin', mode: 0o755, content: '#!/bin/sh\n' },
    { name: 'app/link', type: 'symlink', linkname: 'bin' },
  ]);
  writeFileSync(path.join(dir, 'app.tar.bz2'), run('bzip2', ['-c'], app));
  writeFileSync(path.join(dir, 'app.tar.xz'), run('xz', ['-c'], app));
  const escape = await makeTar([
    { name: 'ok.txt', content: 'ok\n' },
    { name: '../up.txt', content: 'up\n' },
    { name: '../../../up3.txt', content: 'up3\n' },
    { name: 'a/../../side.txt', content: 'side\n' },
    { name: '/abs/file.txt', content: 'abs\n' },
    { name: '../dir/', type: 'directory', mode: 0o700 },
    { name: '../dir/in.txt', content: 'in\n' },
  ]);
  writeFileSync(path.join(dir, 'escape.tar'), escape);
}

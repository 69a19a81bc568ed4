/**
 * With attestations on, the native builder reads each layer's files as it writes the
 * layer, so that the SBOM does not decompress the pushed layers again; what it reads is
 * what reading the blob gives.
 */
import { createHash } from 'node:crypto';
import { createReadStream, linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNative } from '../../../../src/builders/native/build.js';
import { readImageFiles } from '../../../../src/image/attestations/image-files.js';
import { TAR_END, ustarBlock, ustarFile } from '../../../fixtures/tar-blocks.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('follow-files-test');

function context(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'app/lib'), { recursive: true });
  writeFileSync(path.join(dir, 'app/run.sh'), '#!/bin/sh\necho hi\n');
  // Larger than a compression segment, so that the tar is seen in several pieces.
  writeFileSync(path.join(dir, 'app/lib/data.bin'), Buffer.alloc(3 * 1024 * 1024 + 5, 7));
  symlinkSync('run.sh', path.join(dir, 'app/start'));
  writeFileSync(path.join(dir, 'notes.txt'), 'second layer\n');
  // Hard links, a name of more than 100 bytes, a name that is not UTF-8, a record.
  linkSync(path.join(dir, 'app/run.sh'), path.join(dir, 'app/run-again.sh'));
  const deep = path.join(dir, 'odd', 'd'.repeat(60), 'e'.repeat(60));
  mkdirSync(deep, { recursive: true });
  writeFileSync(path.join(deep, 'long.txt'), 'long\n');
  writeFileSync(Buffer.from(path.join(dir, 'odd/caf\xe9.txt'), 'latin1'), 'latin-1\n');
  mkdirSync(path.join(dir, 'odd/etc'));
  writeFileSync(path.join(dir, 'odd/etc/os-release'), 'ID=example\nVERSION_ID=1\n');
  writeFileSync(path.join(dir, 'archive.tar'), archive());
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM scratch\nCOPY app/ /app/\nCOPY notes.txt /\nCOPY odd/ /\nADD archive.tar /x/\n',
  );
  return dir;
}

/** A tar of a file, its hard link, a whiteout and a directory: what ADD unpacks. */
function archive(): Buffer {
  return Buffer.concat([
    ustarBlock('dir/', '5', 0),
    ustarFile('dir/file.txt', Buffer.from('packed\n')),
    ustarBlock('dir/same.txt', '1', 0, 'dir/file.txt'),
    ustarFile('dir/.wh.gone', Buffer.alloc(0)),
    // Not UTF-8, and in USTAR: the build keeps its bytes.
    ustarFile('dir/na\xefve.txt', Buffer.from('raw name\n')),
    TAR_END,
  ]);
}

async function build(followFiles: boolean, dir = context()) {
  return buildNative({
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: { os: 'linux', architecture: 'amd64' },
    epoch: 0,
    tmpDir: tempDir(),
    followFiles,
  });
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The image's files read from its blobs, and as followed (the blobs then never read). */
async function bothWays(image: Awaited<ReturnType<typeof build>>) {
  const sources = image.layers.map((l) => ({
    digest: l.digest,
    mediaType: l.mediaType,
    open: async () => createReadStream(l.path!),
  }));
  const fromBlobs = await readImageFiles(sources);
  const followed = await readImageFiles(
    image.layers.map((l, i) => ({
      ...sources[i]!,
      open: () => Promise.reject(new Error('the blob was read again')),
      contents: l.contents,
    })),
  );
  return { fromBlobs, followed };
}

describe('the native builder following its layers’ files', () => {
  it('reads every layer’s files as it writes it, the same as reading the blobs', async () => {
    const image = await build(true);
    expect(image.layers).toHaveLength(4);
    for (const layer of image.layers) expect(layer.contents).toBeDefined();
    const { fromBlobs, followed } = await bothWays(image);
    expect(followed).toEqual(fromBlobs);
    const data = followed.files.find((f) => f.path === '/app/lib/data.bin');
    expect(data?.sha256).toBe(sha256(Buffer.alloc(3 * 1024 * 1024 + 5, 7)));
    expect(followed.files.map((f) => f.path)).toEqual([
      '/app/lib/data.bin',
      '/app/run-again.sh',
      '/app/run.sh',
      // Not UTF-8: U+FFFD in the SBOM, as a PAX record reads.
      '/caf\ufffd.txt',
      `/${'d'.repeat(60)}/${'e'.repeat(60)}/long.txt`,
      '/etc/os-release',
      '/notes.txt',
      '/x/dir/file.txt',
      '/x/dir/na\ufffdve.txt',
      '/x/dir/same.txt',
    ]);
    expect(followed.records.get('/etc/os-release')?.toString()).toBe('ID=example\nVERSION_ID=1\n');
  });

  it('follows a hard link to a symbolic link of the same layer: no file, blob not read again', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'old.txt'), 'a file of the layer below\n');
    // A symbolic link over a file of the layer below, and a second name of that link.
    const tar = Buffer.concat([
      ustarBlock('dir/', '5', 0),
      ustarFile('dir/file.txt', Buffer.from('packed\n')),
      ustarBlock('dir/ln', '2', 0, 'file.txt'),
      ustarBlock('dir/ln2', '1', 0, 'dir/ln'),
      TAR_END,
    ]);
    writeFileSync(path.join(dir, 'archive.tar'), tar);
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY old.txt /x/dir/ln\nADD archive.tar /x/\n',
    );
    const { fromBlobs, followed } = await bothWays(await build(true, dir));
    expect(followed).toEqual(fromBlobs);
    expect(followed.files.map((f) => f.path)).toEqual(['/x/dir/file.txt']);
  });

  it('reads nothing along without attestations', async () => {
    const image = await build(false);
    for (const layer of image.layers) expect(layer.contents).toBeUndefined();
  });
});

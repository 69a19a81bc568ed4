/**
 * Names that are not UTF-8 in PAX records, as Go's archive/tar (so Docker and BuildKit)
 * writes every name that is not ASCII: an ADD of such an archive and the layers of a
 * registry image keep the bytes, as BuildKit does (`x/caf\xe9.txt` stays those bytes).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { buildNative, type NativeBuildOptions } from '../../../../src/builders/native/build.js';
import type { BaseImage, BuiltImage } from '../../../../src/image/built-image.js';
import { paxHeader, TAR_END, ustarBlock, ustarFile } from '../../../fixtures/tar-blocks.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';
import { parseTar, showBytes } from '../../../integration/layer-tar.js';

const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const tempDir = tempDirs('pax-names-test');

/**
 * A file, a symbolic link to it and a directory named in PAX records only (the USTAR
 * names are ASCII stand-ins, as Go writes them), and a link to that directory.
 */
const PAX_TAR = Buffer.concat([
  ustarBlock('d/', '5', 0),
  paxHeader({ path: 'd/caf\xe9.txt' }),
  ustarFile('d/caf.txt', Buffer.from('latin1\n')),
  paxHeader({ path: 'd/ln-caf\xe9', linkpath: 'caf\xe9.txt' }),
  ustarBlock('d/ln-caf', '2', 0, 'caf.txt'),
  paxHeader({ path: 'caf\xe9/' }),
  ustarBlock('caf/', '5', 0),
  paxHeader({ linkpath: 'caf\xe9' }),
  ustarBlock('link', '2', 0, 'caf'),
  TAR_END,
]);

function options(dockerfile: string, files: Record<string, Buffer> = {}): NativeBuildOptions {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  return {
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: { os: 'linux', architecture: 'amd64' },
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
  };
}

/** A registry image whose one layer is PAX_TAR. */
function paxImage(): BaseImage {
  const layer = zlib.gzipSync(PAX_TAR);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [sha256(PAX_TAR)] },
    }),
  );
  return {
    config,
    layers: [{ digest: sha256(layer), size: layer.length, mediaType: LAYER_GZIP }],
    registryRepo: 'registry.example/team/pax',
    openLayer: async () => Readable.from([layer]),
  };
}

/** The entries of the last layer the build wrote: name bytes (`\xNN`) and link target. */
function lastLayer(image: BuiltImage): string[] {
  const layer = image.layers[image.layers.length - 1]!;
  const tar = zlib.gunzipSync(readFileSync(layer.path!));
  return parseTar(tar).map(
    (e) =>
      `${e.type} ${showBytes(e.name)}${e.linkname.length ? ` -> ${showBytes(e.linkname)}` : ''}`,
  );
}

describe('names in PAX records that are not UTF-8', () => {
  it('ADD of an archive keeps their bytes', async () => {
    const image = await buildNative(
      options('FROM scratch\nADD pax.tar /x/\n', { 'pax.tar': PAX_TAR }),
    );
    expect(lastLayer(image)).toEqual([
      'directory x/',
      'directory x/caf\\xe9/',
      'directory x/d/',
      'file x/d/caf\\xe9.txt',
      'symlink x/d/ln-caf\\xe9 -> caf\\xe9.txt',
      'symlink x/link -> caf\\xe9',
    ]);
  });

  it('COPY --from a registry image keeps their bytes', async () => {
    const image = await buildNative({
      ...options('FROM scratch\nCOPY --from=registry.example/team/pax /d/ /out/\n'),
      pullBase: async () => paxImage(),
    });
    expect(lastLayer(image)).toEqual([
      'directory out/',
      'file out/caf\\xe9.txt',
      'symlink out/ln-caf\\xe9 -> caf\\xe9.txt',
    ]);
  });

  it('a stage FROM a registry image sees them: a COPY through its link', async () => {
    const image = await buildNative({
      ...options('FROM registry.example/team/pax\nCOPY a.txt /link/\n', {
        'a.txt': Buffer.from('a\n'),
      }),
      pullBase: async () => paxImage(),
    });
    expect(lastLayer(image)).toEqual(['directory caf\\xe9/', 'file caf\\xe9/a.txt']);
  });
});

/**
 * A native build's failure names its Dockerfile line once: in the error, and in what
 * the command line shows of it (never `Dockerfile:3: ... Dockerfile:3:`), whether it
 * comes from deep in a COPY, an ADD, an ARG expansion or the parser.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { terminalIo } from '../../../../src/cli/terminal.js';
import { ActionError } from '../../../../src/core/errors.js';
import { buildNative, type NativeBuildOptions } from '../../../../src/builders/native/build.js';
import type { BaseImage } from '../../../../src/image/built-image.js';
import { reportFailure } from '../../../../src/pipeline/report.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('located-errors-test');

const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** A registry image of one (empty) layer, with this environment. */
function image(env: string[], openLayer?: BaseImage['openLayer']): BaseImage {
  const config = {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: env },
    rootfs: { type: 'layers', diff_ids: [`sha256:${'1'.repeat(64)}`] },
  };
  return {
    config: Buffer.from(JSON.stringify(config)),
    layers: [{ digest: `sha256:${'2'.repeat(64)}`, size: 10, mediaType: LAYER_GZIP }],
    registryRepo: 'registry.example/team/base',
    ...(openLayer ? { openLayer } : {}),
  };
}

/** The build's failure, and the line the command line shows for it. */
async function failure(
  dockerfile: string,
  files: Record<string, Buffer | string> = {},
  extra: Partial<NativeBuildOptions> = {},
): Promise<{ err: ActionError; shown: string }> {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  const err = await buildNative({
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: { os: 'linux', architecture: 'amd64' },
    epoch: 0,
    tmpDir: tempDir(),
    ...extra,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionError);
  let shown = '';
  const io = terminalIo({
    write: (t) => void (shown += t),
    color: false,
    debug: false,
    inActions: false,
  });
  reportFailure(err, io);
  return { err: err as ActionError, shown };
}

/** How many times `text` holds `needle`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function expectLocatedOnce(
  { err, shown }: { err: ActionError; shown: string },
  line: number,
  rest: RegExp,
): void {
  expect(err.stage).toBe('build');
  expect(err.annotation?.line).toBe(line);
  expect(err.message).toMatch(new RegExp(`Dockerfile:${line}: ${rest.source}`));
  expect(count(err.message, 'Dockerfile:')).toBe(1);
  expect(shown).toMatch(new RegExp(`^Error: Image build failed: .*Dockerfile:${line}: `));
  expect(count(shown, 'Dockerfile:')).toBe(1);
}

describe('a native build failure names its Dockerfile line once', () => {
  it('from deep in a COPY (the layer of the image it copies from cannot be read)', async () => {
    // The registry client of a build says the build failed, with no place of its own.
    const refused = new ActionError('build', 'registry.example refused the blob.');
    const base = image([], () => Promise.reject(refused));
    const f = await failure(
      'FROM scratch\n\nCOPY --from=registry.example/team/base /etc/ /x/\n',
      {},
      { pullBase: async () => base },
    );
    expectLocatedOnce(f, 3, /COPY: registry\.example refused the blob\./);
  });

  it('from the image a COPY --from names (no variant for the platform)', async () => {
    const none = new ActionError(
      'build',
      'The base image registry.example/team/base has no linux/amd64 variant (it offers linux/arm64).',
    );
    const f = await failure(
      'FROM scratch\nCOPY --from=registry.example/team/base /a /b\n',
      {},
      { pullBase: () => Promise.reject(none) },
    );
    expectLocatedOnce(f, 2, /COPY --from=registry\.example\/team\/base: The base image /);
  });

  it('from an ADD (an archive cut part-way)', async () => {
    // Its one member says 100000 bytes; the archive ends after 512.
    const cut = zlib.gzipSync(Buffer.concat([tarHeader('big.bin', 100_000), Buffer.alloc(512)]));
    const f = await failure('FROM scratch\n\nADD app.tgz /opt/\n', { 'app.tgz': cut });
    expectLocatedOnce(f, 3, /ADD: app\.tgz: unexpected EOF/);
  });

  it('from an ARG expansion (with the base image environment, read by the build)', async () => {
    const base = image(['PATH=/bin']);
    const f = await failure(
      'FROM registry.example/team/base\n\nARG NEEDED=${HOME:?}\n',
      {},
      { pullBase: async () => base },
    );
    expectLocatedOnce(f, 3, /failed to process "\$\{HOME:\?\}": HOME: is not allowed to be unset/);
  });

  it('from the parser (a heredoc never closed)', async () => {
    const f = await failure('FROM scratch\nCOPY <<EOF /a\nhello\n');
    expectLocatedOnce(f, 2, /unterminated heredoc/);
  });
});

/** A ustar header of one regular file of `size` bytes (its data not included). */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h[156] = 0x30;
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';

import { ActionError } from '../../../../src/core/errors.js';
import { parseDockerfile, unsupportedInNative } from '../../../../src/dockerfile/dockerfile.js';
import { writeImageArchive } from '../../../../src/image/archive.js';
import { buildNative, type NativeBuildOptions } from '../../../../src/builders/native/build.js';
import type { BaseImage } from '../../../../src/image/built-image.js';
import {
  LAYER_MEDIA_TYPE,
  LAYER_MEDIA_TYPE_ZSTD,
  zstdAvailable,
  type LayerCompression,
} from '../../../../src/layers/compression.js';
import { buildLayer } from '../../../../src/layers/tar-layer.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('native-build-test');

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function context(files: Record<string, string>, mtime = new Date()): string {
  const dir = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    utimesSync(p, mtime, mtime);
  }
  return dir;
}

function options(dir: string, extra: Partial<NativeBuildOptions> = {}): NativeBuildOptions {
  return {
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: { os: 'linux', architecture: 'amd64' },
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
    ...extra,
  };
}

const MULTI_STAGE = [
  'FROM scratch AS build',
  'COPY src/ /out/',
  'FROM scratch',
  'ENV APP=demo',
  'WORKDIR /app',
  'COPY --from=build /out/hello .',
  'COPY README.md ./docs/',
  'CMD ["/app/hello"]',
  '',
].join('\n');

const FILES = {
  Dockerfile: MULTI_STAGE,
  'src/hello': '#!/bin/sh\necho hello\n',
  'src/extra': 'x',
  'README.md': '# demo\n',
};

/** A layer's entries: `name type mode uid:gid`, and the contents of its files by name. */
async function readLayer(
  blobPath: string,
): Promise<{ names: string[]; files: Map<string, string> }> {
  const extract = tarStream.extract();
  const names: string[] = [];
  const files = new Map<string, string>();
  extract.on('entry', (h, stream, next) => {
    names.push(`${h.name} ${h.type} ${(h.mode ?? 0).toString(8)} ${h.uid}:${h.gid}`);
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    stream.on('end', () => {
      if (h.type === 'file') files.set(h.name, Buffer.concat(chunks).toString());
      next();
    });
  });
  const done = new Promise((resolve, reject) => {
    extract.on('finish', () => resolve(undefined));
    extract.on('error', reject);
  });
  extract.end(zlib.gunzipSync(readFileSync(blobPath)));
  await done;
  return { names, files };
}

async function layerNames(blobPath: string): Promise<string[]> {
  return (await readLayer(blobPath)).names;
}

async function build(files: Record<string, string>, extra: Partial<NativeBuildOptions> = {}) {
  const img = await buildNative(options(context(files), extra));
  const config = JSON.parse(img.config.toString());
  const history = config.history.map((h: { created_by: string }) => h.created_by) as string[];
  return { img, config, history };
}

describe('buildNative', () => {
  it('builds a multi-stage Dockerfile reproducibly', async () => {
    const a = await buildNative(options(context(FILES, new Date('2001-01-01'))));
    const b = await buildNative(options(context(FILES, new Date('2030-01-01'))));
    expect(b.manifestDigest).toBe(a.manifestDigest);
    expect(b.config.equals(a.config)).toBe(true);
    expect(a.configDigest).toBe(sha256(a.config));
    expect(a.manifestDigest).toBe(sha256(a.manifest));

    const config = JSON.parse(a.config.toString());
    expect(config.config).toEqual({
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP=demo'],
      Cmd: ['/app/hello'],
      WorkingDir: '/app',
      ArgsEscaped: true,
    });
    expect(config.history.map((h: { created_by: string }) => h.created_by)).toEqual([
      'ENV APP=demo',
      'WORKDIR /app',
      'COPY /out/hello . # buildkit',
      'COPY README.md ./docs/ # buildkit',
      'CMD ["/app/hello"]',
    ]);
    expect(config.rootfs.diff_ids).toEqual(a.layers.map((l) => l.diffId));
    expect(a.layers).toHaveLength(3);

    const manifest = JSON.parse(a.manifest.toString());
    expect(manifest.config.digest).toBe(a.configDigest);
    expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual(
      a.layers.map((l) => l.digest),
    );

    expect(await layerNames(a.layers[0]!.path!)).toEqual(['app/ directory 40755 0:0']);
    expect(await layerNames(a.layers[1]!.path!)).toEqual([
      'app/ directory 40755 0:0',
      'app/hello file 100644 0:0',
    ]);
    expect(await layerNames(a.layers[2]!.path!)).toEqual([
      'app/ directory 40755 0:0',
      'app/docs/ directory 40755 0:0',
      'app/docs/README.md file 100644 0:0',
    ]);
  });

  it('builds a context given as a symbolic link as the directory it names', async () => {
    const files = {
      Dockerfile: 'FROM scratch\nCOPY . /ctx/\nCOPY *.md /docs/\n',
      'README.md': '# demo\n',
      'src/hello': 'hello\n',
    };
    const dir = context(files, new Date('2001-01-01'));
    const linked = path.join(tempDir(), 'context-link');
    symlinkSync(dir, linked);
    const direct = await buildNative(options(dir));
    const viaLink = await buildNative(options(dir, { contextDir: linked }));
    const { names } = await readLayer(viaLink.layers[0]!.path!);
    expect(names.filter((n) => n.startsWith('ctx/src/'))).toEqual([
      'ctx/src/ directory 40755 0:0',
      'ctx/src/hello file 100644 0:0',
    ]);
    expect(viaLink.layers.map((l) => l.diffId)).toEqual(direct.layers.map((l) => l.diffId));
    expect(viaLink.manifestDigest).toBe(direct.manifestDigest);
  });

  it('adds the build labels last and honours --target', async () => {
    const img = await buildNative(
      options(context(FILES), {
        target: 'build',
        labels: { 'org.opencontainers.image.revision': 'abc' },
      }),
    );
    const config = JSON.parse(img.config.toString());
    expect(config.config.Labels).toEqual({ 'org.opencontainers.image.revision': 'abc' });
    expect(config.history.map((h: { created_by: string }) => h.created_by)).toEqual([
      'COPY src/ /out/ # buildkit',
    ]);
  });

  it('compresses the layers it makes as asked, and the manifest says how', async () => {
    const cases: Array<{ compression: LayerCompression; mediaType: string }> = [
      { compression: { kind: 'gzip', level: 1 }, mediaType: LAYER_MEDIA_TYPE },
      // Without zstd in this Node.js, the refusal is tested below.
      ...(zstdAvailable()
        ? [{ compression: { kind: 'zstd', level: 3 } as const, mediaType: LAYER_MEDIA_TYPE_ZSTD }]
        : []),
    ];
    const byDefault = await buildNative(options(context(FILES)));
    expect(byDefault.layers.map((l) => l.mediaType)).toEqual(Array(3).fill(LAYER_MEDIA_TYPE));
    for (const { compression, mediaType } of cases) {
      const img = await buildNative(options(context(FILES), { compression }));
      expect(img.layers.map((l) => l.mediaType)).toEqual(Array(3).fill(mediaType));
      const manifest = JSON.parse(img.manifest.toString());
      expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual(
        Array(3).fill(mediaType),
      );
      // The same tars, compressed otherwise: the same diff_ids, other digests.
      expect(img.layers.map((l) => l.diffId)).toEqual(byDefault.layers.map((l) => l.diffId));
      expect(img.layers[2]!.digest).not.toBe(byDefault.layers[2]!.digest);
      for (const l of img.layers) expect(sha256(readFileSync(l.path!))).toBe(l.digest);
    }
  });

  it('refuses a compression it cannot write before doing any work', async () => {
    const bad: Array<[LayerCompression, RegExp]> = [
      [{ kind: 'gzip', level: 12 }, /Invalid gzip level 12/],
      ...(zstdAvailable()
        ? []
        : [
            [{ kind: 'zstd', level: 3 }, /zstd .*Node\.js 22\.15 or later/] as [
              LayerCompression,
              RegExp,
            ],
          ]),
    ];
    for (const [compression, message] of bad) {
      // No Dockerfile at all: the setting is checked first.
      const err = await buildNative(options(tempDir(), { compression })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActionError);
      expect((err as ActionError).stage).toBe('build');
      expect((err as ActionError).message).toMatch(message);
    }
  });

  it('reports a COPY failure at its Dockerfile line', async () => {
    const dir = context({ Dockerfile: 'FROM scratch\n\nCOPY missing /x\n' });
    const err = await buildNative(options(dir)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as ActionError).message).toMatch(/Dockerfile:3: COPY: source "missing" not found/);
    expect((err as ActionError).annotation?.line).toBe(3);
  });

  it('keeps the labels, ports and volumes of a stage to the stage, as current BuildKit', async () => {
    const { config } = await build({
      Dockerfile: [
        'FROM scratch AS base',
        'LABEL base=1',
        'EXPOSE 80',
        'FROM base AS builder',
        'LABEL builder=1',
        'EXPOSE 53/udp',
        'VOLUME /builder',
        'COPY a.txt /',
        'FROM base AS release',
        'COPY --from=builder /a.txt /',
        'LABEL release=1',
        '',
      ].join('\n'),
      'a.txt': 'a\n',
    });
    // BuildKit before v0.30 (Docker 20.10's among them) shared these maps with the stage
    // a stage starts FROM: the builder's label and port showed in the release image too.
    expect(config.config.Labels).toEqual({ base: '1', release: '1' });
    expect(config.config.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(config.config.Volumes).toBeUndefined();
  });

  it('refuses a Dockerfile with RUN', async () => {
    const dir = context({ Dockerfile: 'FROM scratch\nRUN echo hi\n' });
    await expect(buildNative(options(dir))).rejects.toThrow(/Dockerfile:2: RUN/);
  });

  // Issue 12 item 10: the modern syntax GitHub's BuildKit accepts, built natively. Docker
  // 20.10's BuildKit here cannot build it, so the expectations follow BuildKit's source:
  // frontend/dockerfile/instructions/parse.go (parseSourcesAndDest, parseHealthcheck) and
  // dockerfile2llb/convert.go (dispatchCopy: a heredoc is llb.Mkfile(name, 0644, data) on
  // scratch, copied with --chown/--chmod; --link copies onto scratch and merges the result).
  describe('COPY heredocs, COPY --link and HEALTHCHECK --start-interval', () => {
    it('writes heredoc files 0644 with their owner, expanding only unquoted names', async () => {
      const dockerfile = [
        'FROM scratch',
        'ENV NAME=world',
        "COPY --chown=1:2 <<EOF <<-'RAW' /etc/",
        'hello $NAME',
        'EOF',
        '\tkeep $NAME',
        '\tRAW',
        'COPY <<EOF /app/greeting',
        'hi',
        'EOF',
        '',
      ].join('\n');
      const { img, history } = await build({ Dockerfile: dockerfile });
      const first = await readLayer(img.layers[0]!.path!);
      expect(first.names).toEqual([
        'etc/ directory 40755 1:2',
        'etc/EOF file 100644 1:2',
        'etc/RAW file 100644 1:2',
      ]);
      expect(Object.fromEntries(first.files)).toEqual({
        'etc/EOF': 'hello world\n',
        'etc/RAW': 'keep $NAME\n',
      });
      const second = await readLayer(img.layers[1]!.path!);
      expect(second.names).toEqual(['app/ directory 40755 0:0', 'app/greeting file 100644 0:0']);
      expect(second.files.get('app/greeting')).toBe('hi\n');
      expect(history).toEqual([
        'ENV NAME=world',
        'COPY --chown=1:2 <<EOF <<RAW /etc/ # buildkit',
        'COPY <<EOF /app/greeting # buildkit',
      ]);
    });

    it('copies heredocs after the sources, in turn onto a destination without a trailing slash', async () => {
      const files = {
        'a.txt': 'a',
        Dockerfile: 'FROM scratch\nCOPY --chmod=0755 a.txt <<S /bin/\necho\nS\n',
      };
      const { img } = await build(files);
      expect(await layerNames(img.layers[0]!.path!)).toEqual([
        'bin/ directory 40755 0:0',
        'bin/S file 100755 0:0',
        'bin/a.txt file 100755 0:0',
      ]);
      // BuildKit copies a.txt to the file /bin, then the heredoc over it.
      const onto = { 'a.txt': 'a', Dockerfile: 'FROM scratch\nCOPY a.txt <<S /bin\nx\nS\n' };
      const { img: single } = await build(onto);
      const layer = await readLayer(single.layers[0]!.path!);
      expect(layer.names).toEqual(['bin file 100644 0:0']);
      expect(layer.files.get('bin')).toBe('x\n');
    });

    it('makes a --link layer on its own: parents are its own, then laid over the stage', async () => {
      const dockerfile = [
        'FROM scratch',
        'USER 1000',
        'WORKDIR /app',
        'COPY --link a.txt /app/sub/',
        'COPY b.txt /app/',
        '',
      ].join('\n');
      const { img, history } = await build({ Dockerfile: dockerfile, 'a.txt': 'a', 'b.txt': 'b' });
      expect(await layerNames(img.layers[0]!.path!)).toEqual(['app/ directory 40755 1000:1000']);
      // Without --link the parent /app would be written as the stage has it (1000:1000).
      expect(await layerNames(img.layers[1]!.path!)).toEqual([
        'app/ directory 40755 0:0',
        'app/sub/ directory 40755 0:0',
        'app/sub/a.txt file 100644 0:0',
      ]);
      // The merged stage has /app as the upper (--link) layer left it.
      expect(await layerNames(img.layers[2]!.path!)).toEqual([
        'app/ directory 40755 0:0',
        'app/b.txt file 100644 0:0',
      ]);
      expect(history.slice(-2)).toEqual([
        'COPY a.txt /app/sub/ # buildkit',
        'COPY b.txt /app/ # buildkit',
      ]);
    });

    // BuildKit's documentation of --link: the destination "will always be a path containing
    // only directories", a symbolic link of the stage below is not followed.
    it('replaces a symbolic link of the stage with the --link layer directory', async () => {
      const dir = context({
        Dockerfile: 'FROM scratch\nCOPY tree/ /\nCOPY --link a.txt /app/\nCOPY b.txt /app/\n',
        'tree/srv/keep.txt': 'k',
        'a.txt': 'a',
        'b.txt': 'b',
      });
      symlinkSync('srv', path.join(dir, 'tree/app'));
      const img = await buildNative(options(dir));
      expect(await layerNames(img.layers[1]!.path!)).toEqual([
        'app/ directory 40755 0:0',
        'app/a.txt file 100644 0:0',
      ]);
      expect(await layerNames(img.layers[2]!.path!)).toEqual([
        'app/ directory 40755 0:0',
        'app/b.txt file 100644 0:0',
      ]);
    });

    it('copies with a symbolic --chmod from a variable, as current BuildKit does', async () => {
      const files = {
        Dockerfile: 'FROM scratch\nARG MODE=u+x,g-r\nCOPY --chmod=$MODE a.txt /bin/\n',
        'a.txt': 'a',
      };
      const { img, history } = await build(files);
      expect(await layerNames(img.layers[0]!.path!)).toEqual([
        'bin/ directory 40755 0:0',
        'bin/a.txt file 100704 0:0',
      ]);
      expect(history).toEqual(['ARG MODE=u+x,g-r', 'COPY --chmod=u+x,g-r a.txt /bin/ # buildkit']);
    });

    it('copies --link --chmod onto the stage, as BuildKit does, and refuses --link with a --chown name', async () => {
      const files = {
        Dockerfile: 'FROM scratch\nUSER 7\nWORKDIR /app\nCOPY --link --chmod=0600 a.txt /app/\n',
        'a.txt': 'a',
      };
      const { img } = await build(files);
      expect(await layerNames(img.layers[1]!.path!)).toEqual([
        'app/ directory 40755 7:7',
        'app/a.txt file 100600 0:0',
      ]);
      const named = { Dockerfile: 'FROM scratch\nCOPY --link --chown=app a.txt /\n', 'a.txt': 'a' };
      await expect(build(named)).rejects.toThrow(/Dockerfile:2: COPY: --link with --chown=app/);
      const numeric = {
        Dockerfile: 'FROM scratch\nCOPY --link --chown=root:5 a.txt /\n',
        'a.txt': 'a',
      };
      const ok = await build(numeric);
      expect(await layerNames(ok.img.layers[0]!.path!)).toEqual(['a.txt file 100644 0:5']);
    });

    it('gives HEALTHCHECK --start-interval to Healthcheck.StartInterval', async () => {
      const dockerfile =
        'FROM scratch\nHEALTHCHECK --interval=30s --start-period=1m --start-interval=2s CMD ["/hc"]\n';
      const { config, history } = await build({ Dockerfile: dockerfile });
      expect(config.config.Healthcheck).toEqual({
        Test: ['CMD', '/hc'],
        Interval: 30e9,
        StartPeriod: 60e9,
        StartInterval: 2e9,
      });
      expect(history).toEqual([
        'HEALTHCHECK {Test:[CMD /hc] Interval:30s Timeout:0s StartPeriod:1m0s StartInterval:2s Retries:0}',
      ]);
    });
  });

  describe('FROM a registry image', () => {
    async function baseImage(withLayers: boolean): Promise<BaseImage> {
      const baseTmp = tempDir();
      const layer = await buildLayer(
        [
          { path: 'tmp', type: 'dir', mode: 0o1777 },
          { path: 'home', type: 'dir', mode: 0o755 },
          { path: 'home/node', type: 'dir', mode: 0o750, uid: 1000, gid: 1000 },
          { path: 'etc', type: 'dir', mode: 0o755 },
          {
            path: 'etc/passwd',
            type: 'file',
            mode: 0o644,
            content: Buffer.from(
              'root:x:0:0::/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n',
            ),
          },
        ],
        { epoch: 0, tmpDir: baseTmp },
      );
      const config = Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          config: { Env: ['PATH=/usr/bin', 'NODE_VERSION=20'], Cmd: ['node'] },
          rootfs: { type: 'layers', diff_ids: [layer.diffId] },
          history: [{ created_by: 'base' }],
        }),
      );
      return {
        config,
        layers: [
          {
            digest: layer.digest,
            size: layer.size,
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          },
        ],
        registryRepo: 'library/node',
        openLayer: withLayers ? async () => Readable.from(readFileSync(layer.path)) : undefined,
      };
    }

    const DOCKERFILE = [
      'FROM node:20',
      'ENV PATH=$PATH:/app/bin V=$NODE_VERSION',
      'COPY app.js /tmp/app/',
      'USER node',
      'WORKDIR /home/node/work',
      '',
    ].join('\n');

    it('references the base layers and expands variables from the base environment', async () => {
      const base = await baseImage(false);
      const requested: string[] = [];
      const img = await buildNative(
        options(context({ Dockerfile: DOCKERFILE, 'app.js': 'x' }), {
          pullBase: async (ref) => {
            requested.push(ref);
            return base;
          },
        }),
      );
      expect(requested).toEqual(['node:20']);
      expect(img.layers[0]).toMatchObject({
        digest: base.layers[0]!.digest,
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        from: { registryRepo: 'library/node' },
      });
      expect(img.layers[0]!.path).toBeUndefined();
      const config = JSON.parse(img.config.toString());
      expect(config.config.Env).toEqual(['PATH=/usr/bin:/app/bin', 'NODE_VERSION=20', 'V=20']);
      expect(config.history[0]).toEqual({ created_by: 'base' });
      // Without the base filesystem, parents are left to the base image.
      expect(await layerNames(img.layers[1]!.path!)).toEqual(['tmp/app/app.js file 100644 0:0']);
    });

    it('looks the base image up for FROM --platform normalised as BuildKit reads it', async () => {
      const base = await baseImage(false);
      const requested: string[] = [];
      const dockerfile = 'FROM --platform=linux/aarch64 node:20\nENV V=$NODE_VERSION\n';
      const img = await buildNative(
        options(context({ Dockerfile: dockerfile }), {
          pullBase: async (ref, platform) => {
            requested.push(`${ref} ${JSON.stringify(platform)}`);
            return base;
          },
        }),
      );
      expect([...new Set(requested)]).toEqual(['node:20 {"os":"linux","architecture":"arm64"}']);
      expect(JSON.parse(img.config.toString()).config.Env).toContain('V=20');
    });

    it('writes parents with the base metadata when it can read the base layers', async () => {
      const base = await baseImage(true);
      const img = await buildNative(
        options(context({ Dockerfile: DOCKERFILE, 'app.js': 'x' }), { pullBase: async () => base }),
      );
      expect(await layerNames(img.layers[1]!.path!)).toEqual([
        'tmp/ directory 41777 0:0',
        'tmp/app/ directory 40755 0:0',
        'tmp/app/app.js file 100644 0:0',
      ]);
      // USER node is looked up in the base /etc/passwd for the WORKDIR owner.
      expect(await layerNames(img.layers[2]!.path!)).toEqual([
        'home/ directory 40755 0:0',
        'home/node/ directory 40750 1000:1000',
        'home/node/work/ directory 40755 1000:1000',
      ]);
    });

    // Issue 12 item 6: what the base image's environment resolves is not refused up front.
    it('is chosen for variables only the base environment resolves, and resolves them', async () => {
      const dockerfile = [
        'FROM node:20',
        'ENV PATH=$PATH:/extra',
        'COPY app.js ${NOT_IN_BASE:-/dflt}/v$NODE_VERSION/',
        '',
      ].join('\n');
      const parsed = parseDockerfile(dockerfile, 'Dockerfile', {});
      expect(parsed.stages[0]?.baseEnvKnown).toBe(false);
      expect(unsupportedInNative(parsed)).toBeUndefined();
      const base = await baseImage(false);
      const { img, config } = await build(
        { Dockerfile: dockerfile, 'app.js': 'x' },
        { pullBase: async () => base },
      );
      expect(config.config.Env).toEqual(['PATH=/usr/bin:/extra', 'NODE_VERSION=20']);
      expect(await layerNames(img.layers[1]!.path!)).toEqual(['dflt/v20/app.js file 100644 0:0']);
    });

    it('writes an archive that needs the base layers fetched', async () => {
      const base = await baseImage(false);
      const img = await buildNative(
        options(context({ Dockerfile: DOCKERFILE, 'app.js': 'x' }), { pullBase: async () => base }),
      );
      const out = path.join(tempDir(), 'image.tar');
      await expect(writeImageArchive([img], out, ['app:1'])).rejects.toThrow(/was not downloaded/);
      const withLayers = await baseImage(true);
      await writeImageArchive([img], out, ['example.com/team/app:1'], {
        fetchLayer: async () => withLayers.openLayer!(0),
      });
      const files = new Map<string, Buffer>();
      const extract = tarStream.extract();
      extract.on('entry', (h, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: unknown) => {
          chunks.push(c as Buffer);
        });
        stream.on('end', () => {
          files.set(h.name, Buffer.concat(chunks));
          next();
        });
      });
      const done = new Promise((resolve) => extract.on('finish', () => resolve(undefined)));
      extract.end(readFileSync(out));
      await done;
      expect(JSON.parse(files.get('oci-layout')!.toString())).toEqual({
        imageLayoutVersion: '1.0.0',
      });
      const index = JSON.parse(files.get('index.json')!.toString());
      expect(index.manifests).toEqual([
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: img.manifestDigest,
          size: img.manifest.length,
          annotations: {
            'io.containerd.image.name': 'example.com/team/app:1',
            'org.opencontainers.image.ref.name': '1',
          },
        },
      ]);
      const dockerManifest = JSON.parse(files.get('manifest.json')!.toString());
      expect(dockerManifest).toEqual([
        {
          Config: `blobs/sha256/${img.configDigest.slice(7)}`,
          RepoTags: ['example.com/team/app:1'],
          Layers: img.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`),
        },
      ]);
      for (const [name, data] of files) {
        if (name.startsWith('blobs/sha256/') && data.length > 0) {
          expect(sha256(data)).toBe(`sha256:${name.slice('blobs/sha256/'.length)}`);
        }
      }
      expect(files.has(`blobs/sha256/${img.layers[0]!.digest.slice(7)}`)).toBe(true);
    });
  });
});

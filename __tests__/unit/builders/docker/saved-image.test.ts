import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compressTar } from '../../../../src/layers/tar-layer.js';
import { SEGMENT_SIZE } from '../../../../src/layers/segment-writer.js';
import type { LiveLayer } from '../../../../src/layers/live-layer.js';
import { readImageFiles } from '../../../../src/image/attestations/image-files.js';

// The real compressor, counted: a base layer must never reach it.
vi.mock('../../../../src/layers/tar-layer.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src/layers/tar-layer.js')>();
  return { ...real, compressTar: vi.fn(real.compressTar) };
});
import {
  configPlatform,
  importSavedImage,
  MissingSavedLayer,
  parseSavedManifest,
  relabelConfig,
  resolveArchivePath,
  STREAM_THRESHOLD,
} from '../../../../src/builders/docker/saved-image.js';
import { saveError } from '../../../../src/builders/docker/save-errors.js';
import { wordHint } from '../../../../src/core/errors.js';

const sha256 = (data: Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('parseSavedManifest', () => {
  it('reads the one image of manifest.json', () => {
    const text = JSON.stringify([
      { Config: 'abc.json', RepoTags: null, Layers: ['l1/layer.tar', 'l2/layer.tar'] },
    ]);
    expect(parseSavedManifest(text)).toEqual({
      config: 'abc.json',
      layers: ['l1/layer.tar', 'l2/layer.tar'],
    });
  });

  it.each([
    ['no image', '[]', /found 0/],
    [
      'two images',
      JSON.stringify([
        { Config: 'a', Layers: [] },
        { Config: 'b', Layers: [] },
      ]),
      /found 2/,
    ],
    ['no Config', JSON.stringify([{ Layers: [] }]), /no Config or Layers/],
    ['a layer that is not a path', JSON.stringify([{ Config: 'a', Layers: [1] }]), /not a path/],
  ])('refuses %s', (_name, text, error) => {
    expect(() => parseSavedManifest(text)).toThrow(error);
  });
});

describe('resolveArchivePath', () => {
  const links = new Map([
    ['abc/layer.tar', '../blobs/sha256/111'],
    ['loop/a', 'b'],
    ['loop/b', 'a'],
  ]);
  it.each([
    ['a plain path', 'blobs/sha256/222', 'blobs/sha256/222'],
    ['a symlink, relative to its directory', 'abc/layer.tar', 'blobs/sha256/111'],
    ['a path with ./', './abc/layer.tar', 'blobs/sha256/111'],
  ])('follows %s', (_name, path, expected) => {
    expect(resolveArchivePath(path, links)).toBe(expected);
  });
  it('stops on a symlink loop', () => {
    expect(() => resolveArchivePath('loop/a', links)).toThrow(/too many symlinks/);
  });
});

describe('relabelConfig', () => {
  const engine = Buffer.from(
    '{"architecture":"amd64","config":{"Cmd":["/hello"],"Labels":{"z.keep":"1"}},"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}',
  );

  it('sets the labels over those the image has, keys in byte order, the rest untouched', () => {
    const out = JSON.parse(
      relabelConfig(engine, [
        ['org.opencontainers.image.revision', 'abc'],
        ['z.keep', '2'],
      ]).toString(),
    ) as { config: { Labels: Record<string, string>; Cmd: string[] }; rootfs: unknown };
    expect(Object.entries(out.config.Labels)).toEqual([
      ['org.opencontainers.image.revision', 'abc'],
      ['z.keep', '2'],
    ]);
    expect(out.config.Cmd).toEqual(['/hello']);
    expect(out.rootfs).toEqual({ type: 'layers', diff_ids: ['sha256:aa'] });
  });

  it('keeps values as data: quotes, $, <, newlines', () => {
    const value = 'a "b" $(c) <d>\n`e`';
    const out = relabelConfig(Buffer.from('{"config":{"Labels":null}}'), [['k', value]]);
    expect(
      (JSON.parse(out.toString()) as { config: { Labels: { k: string } } }).config.Labels.k,
    ).toBe(value);
    expect(out.toString()).toContain('\\u003cd\\u003e');
  });

  it('returns the engine’s bytes when there is nothing to set', () => {
    expect(relabelConfig(engine, [])).toBe(engine);
  });
});

describe('configPlatform', () => {
  it.each([
    [
      '{"architecture":"arm64","os":"linux","variant":"v8"}',
      { architecture: 'arm64', os: 'linux', variant: 'v8' },
    ],
    ['{"architecture":"amd64","os":"linux"}', { architecture: 'amd64', os: 'linux' }],
  ])('%s', (json, expected) => {
    expect(configPlatform(Buffer.from(json))).toEqual(expected);
  });
});

/** A layer tar of one file of `size` bytes. */
function layerTar(name: string, size: number): Promise<Buffer> {
  const content = Buffer.alloc(size);
  for (let i = 0; i < size; i++) content[i] = (i * 7 + (i >> 9)) & 0xff;
  return layerTarOf(name, content);
}

/** A layer tar of one file holding `content`. */
function layerTarOf(name: string, content: Buffer): Promise<Buffer> {
  const pack = tarStream.pack();
  pack.entry({ name, size: content.length, mtime: new Date(0) }, content);
  pack.finalize();
  return collect(pack as unknown as Readable);
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type Entry = { name: string; data?: Buffer; linkname?: string };

/**
 * The archive of `entries`, its bytes from the entry `holdAt` on (and the end) given
 * only once `gate` settles; `ended` is called once they are.
 */
function heldArchive(
  entries: Entry[],
  holdAt: string,
  gate: Promise<unknown>,
  ended: () => void,
): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    const whole = await collect(archive(entries));
    // Plain USTAR entries: a 512-byte header, the data padded to 512.
    let offset = 0;
    for (const e of entries) {
      if (e.name === holdAt) break;
      offset += 512 + Math.ceil((e.data?.length ?? 0) / 512) * 512;
    }
    yield whole.subarray(0, offset);
    await gate;
    yield whole.subarray(offset);
    ended();
  }
  return Readable.from(bytes());
}

function archive(entries: Entry[]): Readable {
  const pack = tarStream.pack();
  for (const e of entries) {
    if (e.linkname) pack.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else pack.entry({ name: e.name, size: e.data!.length }, e.data!);
  }
  pack.finalize();
  return pack as unknown as Readable;
}

describe('importSavedImage', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const options = (labels: Array<[string, string]> = [['org.example', 'yes']]) => {
    const tmpDir = mkdtempSync(join(tmpdir(), 'saved-image-test-'));
    dirs.push(tmpDir);
    return { tmpDir, compression: { kind: 'gzip', level: 6 } as const, labels };
  };

  // Above the streaming threshold, and several segments.
  const BIG = Math.max(STREAM_THRESHOLD, 2 * SEGMENT_SIZE) + 12345;
  async function layers(): Promise<Buffer[]> {
    // One small layer and one big.
    return [await layerTar('a.txt', 3000), await layerTar('big.bin', BIG)];
  }

  function engineConfig(diffs: Buffer[]): Buffer {
    return Buffer.from(
      JSON.stringify({
        architecture: 'arm64',
        os: 'linux',
        config: { Cmd: ['/hello'] },
        rootfs: { type: 'layers', diff_ids: diffs.map(sha256) },
      }),
    );
  }

  async function check(entries: Entry[], tars: Buffer[]): Promise<void> {
    const { image, compressed, reused } = await importSavedImage(archive(entries), options());
    expect(image.layers.map((l) => l.diffId)).toEqual(tars.map(sha256));
    expect(compressed).toEqual(tars.map(sha256));
    expect(reused).toEqual([]);
    for (const [i, layer] of image.layers.entries()) {
      const blob = readFileSync(layer.path!);
      expect(sha256(blob)).toBe(layer.digest);
      expect(blob.length).toBe(layer.size);
      expect(gunzipSync(blob).equals(tars[i]!)).toBe(true);
      // Compressed as the native builder compresses the same tar: the same blob.
      const native = await compressTar([tars[i]!], { tmpDir: options().tmpDir });
      expect(layer.digest).toBe(native.digest);
    }
    const config = JSON.parse(image.config.toString()) as { config: { Labels: object } };
    expect(config.config.Labels).toEqual({ 'org.example': 'yes' });
    expect(image.configDigest).toBe(sha256(image.config));
    const manifest = JSON.parse(image.manifest.toString()) as {
      config: { digest: string };
      layers: Array<{ digest: string }>;
    };
    expect(manifest.config.digest).toBe(image.configDigest);
    expect(manifest.layers.map((l) => l.digest)).toEqual(image.layers.map((l) => l.digest));
    expect(image.manifestDigest).toBe(sha256(image.manifest));
    expect(image.platform).toEqual({ architecture: 'arm64', os: 'linux' });
  }

  it('reads the classic layout (layer.tar directories, manifest.json last)', async () => {
    const tars = await layers();
    const config = engineConfig(tars);
    await check(
      [
        { name: 'c0ffee.json', data: config },
        { name: 'l1/VERSION', data: Buffer.from('1.0') },
        { name: 'l1/layer.tar', data: tars[0] },
        { name: 'l2/layer.tar', data: tars[1] },
        {
          name: 'manifest.json',
          data: Buffer.from(
            JSON.stringify([{ Config: 'c0ffee.json', Layers: ['l1/layer.tar', 'l2/layer.tar'] }]),
          ),
        },
      ],
      tars,
    );
  });

  it('reads the OCI layout of Docker 25+ (blobs, symlinked layer.tar)', async () => {
    const tars = await layers();
    const config = engineConfig(tars);
    const hex = (b: Buffer) => sha256(b).slice('sha256:'.length);
    await check(
      [
        { name: 'blobs/sha256/' + hex(tars[0]!), data: tars[0] },
        { name: 'blobs/sha256/' + hex(tars[1]!), data: tars[1] },
        { name: 'blobs/sha256/' + hex(config), data: config },
        { name: 'l1/layer.tar', linkname: '../blobs/sha256/' + hex(tars[0]!) },
        { name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
        {
          name: 'manifest.json',
          data: Buffer.from(
            JSON.stringify([
              {
                Config: 'blobs/sha256/' + hex(config),
                Layers: ['l1/layer.tar', 'blobs/sha256/' + hex(tars[1]!)],
              },
            ]),
          ),
        },
      ],
      tars,
    );
  });

  it('refuses a layer that is not what the config says', async () => {
    const tars = await layers();
    const config = engineConfig([tars[1]!, tars[0]!]);
    await expect(importSavedImage(archive(classicLayout(tars, config)), options())).rejects.toThrow(
      /layer 1 is sha256:.*but the config says/,
    );
  });

  /**
   * docker save of an image of two layers, the first a base layer (its bytes `first` in
   * the OCI layout, which names it by its diff_id), in the OCI layout and in the classic.
   */
  function bothLayouts(tars: Buffer[], config: Buffer, first = tars[0]!): Entry[][] {
    const hex = (b: Buffer) => sha256(b).slice('sha256:'.length);
    const manifestOf = (layerPaths: string[], configPath: string) =>
      Buffer.from(JSON.stringify([{ Config: configPath, Layers: layerPaths }]));
    const oci: Entry[] = [
      { name: 'blobs/sha256/' + hex(tars[0]!), data: first },
      { name: 'blobs/sha256/' + hex(tars[1]!), data: tars[1] },
      { name: 'blobs/sha256/' + hex(config), data: config },
      {
        name: 'manifest.json',
        data: manifestOf(
          ['blobs/sha256/' + hex(tars[0]!), 'blobs/sha256/' + hex(tars[1]!)],
          'blobs/sha256/' + hex(config),
        ),
      },
    ];
    return [oci, classicLayout(tars, config)];
  }

  /** docker save of an image of two layers in the classic layout (manifest.json last). */
  function classicLayout(tars: Buffer[], config: Buffer): Entry[] {
    const manifest = [{ Config: 'c.json', Layers: ['l1/layer.tar', 'l2/layer.tar'] }];
    return [
      { name: 'c.json', data: config },
      { name: 'l1/layer.tar', data: tars[0] },
      { name: 'l2/layer.tar', data: tars[1] },
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
    ];
  }

  /** The first of the layers as its base image's registry has it. */
  const baseLayerOf = (tar: Buffer) => ({
    digest: 'sha256:' + 'b'.repeat(64),
    size: 123,
    diffId: sha256(tar),
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    from: { registryRepo: 'registry.test/library/base' },
  });

  it('takes base layers as the registry has them, in either layout, compressing only the others', async () => {
    const tars = await layers();
    const config = engineConfig(tars);
    const baseLayer = baseLayerOf(tars[0]!);
    // The base layer's bytes are not even read: an empty entry under its name serves.
    for (const entries of bothLayouts(tars, config, Buffer.alloc(0))) {
      const opts = { ...options(), reuse: new Map([[baseLayer.diffId, baseLayer]]) };
      vi.mocked(compressTar).mockClear();
      const { image, compressed, reused } = await importSavedImage(archive(entries), opts);
      // The base layer is taken as the registry has it and never compressed here.
      expect(vi.mocked(compressTar)).toHaveBeenCalledTimes(1);
      expect(reused).toEqual([baseLayer.diffId]);
      expect(compressed).toEqual([sha256(tars[1]!)]);
      expect(image.layers[0]).toEqual(baseLayer);
      expect(image.layers[1]!.diffId).toBe(sha256(tars[1]!));
      expect(image.layers[1]!.path).toBeDefined();
      // Nothing of the base layer is left on disk.
      expect(readdirSync(opts.tmpDir)).toEqual([image.layers[1]!.path!.split('/').pop()]);
      const manifest = JSON.parse(image.manifest.toString()) as {
        layers: Array<{ digest: string }>;
      };
      expect(manifest.layers[0]!.digest).toBe(baseLayer.digest);
    }
  });

  it('with follow, reads the files of the base layers too, in either layout: the SBOM downloads none', async () => {
    const tars = await layers();
    const config = engineConfig(tars);
    const baseLayer = baseLayerOf(tars[0]!);
    for (const entries of bothLayouts(tars, config)) {
      const opts = { ...options(), reuse: new Map([[baseLayer.diffId, baseLayer]]) };
      vi.mocked(compressTar).mockClear();
      const { image, reused } = await importSavedImage(archive(entries), {
        ...opts,
        follow: true,
      });
      // Still the registry's layer, never compressed here; its files read on the way.
      expect(vi.mocked(compressTar)).toHaveBeenCalledTimes(1);
      expect(reused).toEqual([baseLayer.diffId]);
      expect(image.layers[0]).toMatchObject(baseLayer);
      expect(image.layers[0]!.path).toBeUndefined();
      expect(readdirSync(opts.tmpDir)).toEqual([image.layers[1]!.path!.split('/').pop()]);
      const opened: string[] = [];
      const files = await readImageFiles(
        image.layers.map((l) => ({
          digest: l.digest,
          mediaType: l.mediaType,
          open: () => {
            opened.push(l.digest);
            return Promise.reject(new Error('read again'));
          },
          contents: l.contents,
        })),
      );
      expect(opened).toEqual([]);
      expect(files.files.map((f) => [f.path, f.layer, f.size])).toEqual([
        ['/a.txt', baseLayer.digest, 3000],
        ['/big.bin', image.layers[1]!.digest, BIG],
      ]);
    }
  });

  describe('announces each layer it compresses, and writes it, while docker save still streams', () => {
    const classic = classicLayout;
    const oci = (tars: Buffer[], config: Buffer): Entry[] => bothLayouts(tars, config)[0]!;
    it.each([
      // Every layer.tar is compressed here; in the OCI layout the small blob waits.
      ['the classic layout', classic, false, [0, 1]],
      ['the OCI layout', oci, false, [1]],
      // The base layer is kept aside and dropped; the other is compressed once read.
      ['the classic layout with a base layer', classic, true, [1]],
    ] as const)('%s', async (_name, layout, withBase, announced) => {
      const tars = await layers();
      const entries = layout(tars, engineConfig(tars));
      const lives: LiveLayer[] = [];
      const events: string[] = [];
      let allAnnounced!: () => void;
      const announcedAll = new Promise<void>((resolve) => (allAnnounced = resolve));
      const onLayer = (live: LiveLayer) => {
        lives.push(live);
        events.push('layer');
        if (lives.length === announced.length) allAnnounced();
      };
      // manifest.json and the archive's end are held back until each layer is written
      // (or, where it never will be, a while: the order below then fails).
      const written = Promise.race([
        announcedAll.then(() => Promise.all(lives.map((l) => l.result))),
        new Promise((resolve) => setTimeout(resolve, 5000)),
      ]);
      let doneAtEnd: boolean[] = [];
      const source = heldArchive(entries, 'manifest.json', written, () => {
        events.push('end');
        doneAtEnd = lives.map((l) => l.state().done);
      });
      const reuse = withBase ? new Map([[sha256(tars[0]!), baseLayerOf(tars[0]!)]]) : undefined;
      const { image } = await importSavedImage(source, { ...options(), reuse, onLayer });
      expect(events).toEqual([...announced.map(() => 'layer'), 'end']);
      expect(doneAtEnd).toEqual(announced.map(() => true));
      // The layers announced are the image's own, as pushed.
      const blobs = await Promise.all(lives.map((l) => l.result));
      expect(blobs.map((b) => b.digest).sort()).toEqual(
        announced.map((i) => image.layers[i]!.digest).sort(),
      );
    });
  });

  it('reads the files of each layer it compresses on the way, as its blob holds them', async () => {
    const tars = await layers();
    const config = engineConfig(tars);
    const { image } = await importSavedImage(archive(classicLayout(tars, config)), options());
    const opened: string[] = [];
    const sources = image.layers.map((l) => ({
      digest: l.digest,
      mediaType: l.mediaType,
      open: () => {
        opened.push(l.digest);
        return Promise.resolve(createReadStream(l.path!));
      },
      contents: l.contents,
    }));
    const along = await readImageFiles(sources);
    // The SBOM reads no layer again...
    expect(opened).toEqual([]);
    expect(along.files.map((f) => [f.path, f.layer, f.size])).toEqual([
      ['/a.txt', image.layers[0]!.digest, 3000],
      ['/big.bin', image.layers[1]!.digest, BIG],
    ]);
    // ...and finds what reading the blobs finds.
    const fromBlobs = await readImageFiles(sources.map((s) => ({ ...s, contents: undefined })));
    expect(opened).toHaveLength(2);
    expect(along).toEqual(fromBlobs);
  });

  it('leaves to the SBOM a layer whose hard link names a file below it, and one it cannot read', async () => {
    const pack = tarStream.pack();
    pack.entry({ name: 'linked', type: 'link', linkname: 'below.txt', mtime: new Date(0) });
    pack.finalize();
    const linked = await collect(pack as unknown as Readable);
    // Not a tar at all: compressed all the same (the engine's bytes are what they are).
    const garbage = Buffer.alloc(STREAM_THRESHOLD * 2, 0x5a);
    const tars = [linked, garbage];
    const { image } = await importSavedImage(
      archive(classicLayout(tars, engineConfig(tars))),
      options(),
    );
    expect(image.layers.map((l) => l.diffId)).toEqual(tars.map(sha256));
    expect(gunzipSync(readFileSync(image.layers[1]!.path!)).equals(garbage)).toBe(true);
    const [first, second] = await Promise.all(image.layers.map((l) => l.contents));
    expect(first?.needsBelow).toBe(true);
    expect(second).toBeUndefined();
  });

  describe('the containerd image store’s layout: layers compressed as built or pulled', () => {
    // A small layer, one above the streaming threshold once compressed, and their blobs.
    async function stored() {
      const random = randomBytes(STREAM_THRESHOLD + 4096);
      const tars = [await layerTar('a.txt', 3000), await layerTarOf('noise.bin', random)];
      const blobs = tars.map((tar) => gzipSync(tar));
      expect(blobs[1]!.length).toBeGreaterThan(STREAM_THRESHOLD);
      const config = engineConfig(tars);
      const hex = (b: Buffer) => sha256(b).slice('sha256:'.length);
      const entries: Entry[] = [
        ...blobs.map((blob) => ({ name: 'blobs/sha256/' + hex(blob), data: blob })),
        { name: 'blobs/sha256/' + hex(config), data: config },
        { name: 'index.json', data: Buffer.from('{"schemaVersion":2,"manifests":[]}') },
        {
          name: 'manifest.json',
          data: Buffer.from(
            JSON.stringify([
              {
                Config: 'blobs/sha256/' + hex(config),
                Layers: blobs.map((blob) => 'blobs/sha256/' + hex(blob)),
              },
            ]),
          ),
        },
        { name: 'oci-layout', data: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
      ];
      return { tars, blobs, entries, config };
    }

    /**
     * The same image for arm64 as the store saves it for another platform than the
     * engine's: no manifest.json; index.json names an index of the image's manifest and
     * BuildKit's attestation manifest.
     */
    async function foreign(): Promise<{ tars: Buffer[]; blobs: Buffer[]; entries: Entry[] }> {
      const { tars, blobs, entries, config } = await stored();
      const hex = (b: Buffer) => sha256(b).slice('sha256:'.length);
      const descriptor = (mediaType: string, data: Buffer, more: object = {}) => ({
        mediaType,
        digest: sha256(data),
        size: data.length,
        ...more,
      });
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: descriptor('application/vnd.oci.image.config.v1+json', config),
          layers: blobs.map((b) => descriptor('application/vnd.oci.image.layer.v1.tar+gzip', b)),
        }),
      );
      const statement = Buffer.from('{"_type":"https://in-toto.io/Statement/v0.1"}');
      const attestation = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: descriptor('application/vnd.oci.image.config.v1+json', config),
          layers: [descriptor('application/vnd.in-toto+json', statement)],
        }),
      );
      const index = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            descriptor('application/vnd.oci.image.manifest.v1+json', manifest, {
              platform: { architecture: 'arm64', os: 'linux' },
            }),
            descriptor('application/vnd.oci.image.manifest.v1+json', attestation, {
              platform: { architecture: 'unknown', os: 'unknown' },
              annotations: {
                'vnd.docker.reference.digest': sha256(manifest),
                'vnd.docker.reference.type': 'attestation-manifest',
              },
            }),
          ],
        }),
      );
      const top = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          manifests: [descriptor('application/vnd.oci.image.index.v1+json', index)],
        }),
      );
      return {
        tars,
        blobs,
        entries: [
          ...entries.filter((e) => e.name !== 'manifest.json' && e.name !== 'index.json'),
          ...[manifest, attestation, statement, index].map((data) => ({
            name: 'blobs/sha256/' + hex(data),
            data,
          })),
          { name: 'index.json', data: top },
        ],
      };
    }

    it('finds an image of another platform through index.json, attestations left out', async () => {
      const { tars, blobs, entries } = await foreign();
      for (const platform of [{ os: 'linux', architecture: 'arm64' }, undefined]) {
        const { image } = await importSavedImage(archive(entries), {
          ...options(),
          ...(platform ? { platform } : {}),
        });
        expect(image.layers.map((l) => l.digest)).toEqual(blobs.map(sha256));
        expect(image.layers.map((l) => l.diffId)).toEqual(tars.map(sha256));
        expect(image.platform).toEqual({ architecture: 'arm64', os: 'linux' });
      }
      await expect(
        importSavedImage(archive(entries), {
          ...options(),
          platform: { os: 'linux', architecture: 'amd64' },
        }),
      ).rejects.toThrow('expected one image for linux/amd64 in index.json, found 0');
    });

    it('takes each layer as it is (its digest the engine’s), its files read on the way', async () => {
      const { tars, blobs, entries } = await stored();
      vi.mocked(compressTar).mockClear();
      const { image, compressed } = await importSavedImage(archive(entries), options());
      expect(vi.mocked(compressTar)).not.toHaveBeenCalled();
      expect(compressed).toEqual(tars.map(sha256));
      for (const [i, layer] of image.layers.entries()) {
        expect(layer.digest).toBe(sha256(blobs[i]!));
        expect(layer.diffId).toBe(sha256(tars[i]!));
        expect(layer.size).toBe(blobs[i]!.length);
        expect(layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
        expect(readFileSync(layer.path!).equals(blobs[i]!)).toBe(true);
      }
      const sources = image.layers.map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        open: () => Promise.resolve(createReadStream(l.path!)),
      }));
      const along = await readImageFiles(
        image.layers.map((l, i) => ({
          ...sources[i]!,
          open: () => Promise.reject(new Error('read again')),
          contents: l.contents,
        })),
      );
      expect(along).toEqual(await readImageFiles(sources));
      expect(along.files.map((f) => f.path)).toEqual(['/a.txt', '/noise.bin']);
    });

    it('compresses them again when another compression is asked for', async () => {
      const { tars, blobs, entries } = await stored();
      const { image } = await importSavedImage(archive(entries), {
        ...options(),
        compression: { kind: 'gzip', level: 9 },
      });
      for (const [i, layer] of image.layers.entries()) {
        expect(layer.diffId).toBe(sha256(tars[i]!));
        expect(layer.digest).not.toBe(sha256(blobs[i]!));
        expect(gunzipSync(readFileSync(layer.path!)).equals(tars[i]!)).toBe(true);
      }
    });

    it('skips a base layer named by the digest its registry has', async () => {
      const { tars, blobs, entries } = await stored();
      const baseLayer = {
        digest: sha256(blobs[1]!),
        size: blobs[1]!.length,
        diffId: sha256(tars[1]!),
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        from: { registryRepo: 'registry.test/library/base' },
      };
      const opts = { ...options(), reuse: new Map([[baseLayer.diffId, baseLayer]]) };
      const { image, reused } = await importSavedImage(archive(entries), opts);
      expect(reused).toEqual([baseLayer.diffId]);
      expect(image.layers[1]).toEqual(baseLayer);
      expect(readdirSync(opts.tmpDir)).toEqual([image.layers[0]!.path!.split('/').pop()]);
      // Followed, its files are read from the compressed blob on the way.
      const followed = await importSavedImage(archive(entries), { ...opts, follow: true });
      const contents = await followed.image.layers[1]!.contents;
      expect(contents?.changes.added.map(([path]) => path)).toEqual(['/noise.bin']);
    });

    it('with follow, refuses a base layer’s blob that is not what its name says', async () => {
      const { tars, blobs, entries } = await stored();
      const baseLayer = {
        digest: sha256(blobs[1]!),
        size: blobs[1]!.length,
        diffId: sha256(tars[1]!),
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        from: { registryRepo: 'registry.test/library/base' },
      };
      // Its files would be the SBOM's, and the pushed layer (the registry's) has others.
      const other = gzipSync(await layerTar('other.bin', 5000));
      const swapped = entries.map((e) => (e.data === blobs[1] ? { ...e, data: other } : e));
      const opts = { ...options(), reuse: new Map([[baseLayer.diffId, baseLayer]]), follow: true };
      await expect(importSavedImage(archive(swapped), opts)).rejects.toThrow(
        `blobs/sha256/${baseLayer.digest.slice('sha256:'.length)} holds ${sha256(other)}`,
      );
    });

    it('a base layer left out while its registry could not be read: says which credentials to give', async () => {
      const { blobs, entries } = await stored();
      // The store wrote no blob for the base layer (the engine never downloaded it), and
      // without the registry's answer nothing says which layer that is.
      const leftOut = entries.filter((e) => e.data !== blobs[0]);
      const failed = await importSavedImage(archive(leftOut), options()).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(MissingSavedLayer);
      const base = { ref: 'registry.test/team/base:1', registry: 'registry.test', why: 'HTTP 401' };
      // docker may be stopped before it exits by itself: the cause is still the layer.
      const error = saveError({ code: 137, stdout: '', stderr: '', error: failed }, base);
      expect(error.message).toContain('docker save left out layer 1 of the image');
      expect(error.message).toContain(
        'registry.test/team/base:1 could not be read from its registry: HTTP 401',
      );
      expect(wordHint(error.hint)).toContain(
        'a line registry.test=<username>:<token> in "registry-auth"',
      );
      expect(wordHint(error.hint)).toContain('docker pull registry.test/team/base:1');
      // Without a failed lookup, the general advice for docker save.
      const general = saveError({ code: 0, stdout: '', stderr: '', error: failed }, undefined);
      expect(general.message).toMatch(
        /^Reading the built image from docker save failed: docker save: the layer blobs\/sha256\/[0-9a-f]{64} is missing$/,
      );
    });

    it('refuses a blob that is not what its name says', async () => {
      const { blobs, entries } = await stored();
      const swapped = entries.map((e) =>
        e.data === blobs[1] ? { ...e, data: gzipSync(Buffer.alloc(STREAM_THRESHOLD * 2)) } : e,
      );
      await expect(importSavedImage(archive(swapped), options())).rejects.toThrow(
        /blobs\/sha256\/[0-9a-f]{64} holds sha256:/,
      );
    });
  });

  it('refuses an archive without manifest.json', async () => {
    await expect(
      importSavedImage(archive([{ name: 'x.json', data: Buffer.from('{}') }]), options()),
    ).rejects.toThrow(/no manifest.json/);
  });
});

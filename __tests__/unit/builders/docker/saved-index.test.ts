/**
 * Which image of docker save's OCI layout index.json names: the image for the platform,
 * BuildKit's attestation manifests left out, however the indexes repeat or nest.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { imageFromIndex } from '../../../../src/builders/docker/saved-index.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const hexOf = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const json = (value: object) => Buffer.from(JSON.stringify(value));

/** The archive's small files: `blobs` under their digests, and index.json. */
function layout(top: object, blobs: Buffer[]): Map<string, Buffer> {
  const kept = new Map(blobs.map((b) => [`blobs/sha256/${hexOf(b)}`, b]));
  kept.set('index.json', json(top));
  return kept;
}

const descriptor = (mediaType: string, data: Buffer, more: object = {}) => ({
  mediaType,
  digest: `sha256:${hexOf(data)}`,
  size: data.length,
  ...more,
});

const config = json({ architecture: 'arm64', os: 'linux', rootfs: { diff_ids: [] } });
const layer = Buffer.from('a layer');
const manifest = json({
  schemaVersion: 2,
  config: descriptor('application/vnd.oci.image.config.v1+json', config),
  layers: [descriptor('application/vnd.oci.image.layer.v1.tar+gzip', layer)],
});
const arm64 = { platform: { os: 'linux', architecture: 'arm64' } };
const index = json({ schemaVersion: 2, manifests: [descriptor(MANIFEST, manifest, arm64)] });
const expected = {
  config: `blobs/sha256/${hexOf(config)}`,
  layers: [`blobs/sha256/${hexOf(layer)}`],
};

describe('imageFromIndex', () => {
  it('takes an image that index.json names once per name (an image with two tags) as one', () => {
    const names = ['registry.test/app:1', 'registry.test/app:latest'];
    const top = {
      schemaVersion: 2,
      manifests: names.map((name) =>
        descriptor(INDEX, index, {
          annotations: {
            'io.containerd.image.name': name,
            'org.opencontainers.image.ref.name': name.split(':')[1],
          },
        }),
      ),
    };
    const kept = layout(top, [index, manifest]);
    expect(imageFromIndex(kept, { os: 'linux', architecture: 'arm64' })).toEqual(expected);
    expect(imageFromIndex(kept, undefined)).toEqual(expected);
  });

  it('reads an index that its parent names many times once', () => {
    const wide = json({ schemaVersion: 2, manifests: Array(64).fill(descriptor(INDEX, index)) });
    const wider = json({ schemaVersion: 2, manifests: Array(64).fill(descriptor(INDEX, wide)) });
    const top = { schemaVersion: 2, manifests: Array(64).fill(descriptor(INDEX, wider)) };
    const kept = layout(top, [wider, wide, index, manifest]);
    expect(imageFromIndex(kept, { os: 'linux', architecture: 'arm64' })).toEqual(expected);
  });

  it('still refuses two different images for the platform', () => {
    const other = json({ schemaVersion: 2, config: descriptor('x', config), layers: [] });
    const two = json({
      schemaVersion: 2,
      manifests: [descriptor(MANIFEST, manifest, arm64), descriptor(MANIFEST, other, arm64)],
    });
    const kept = layout({ schemaVersion: 2, manifests: [descriptor(INDEX, two)] }, [two, other]);
    expect(() => imageFromIndex(kept, undefined)).toThrow(
      'expected one image in index.json, found 2',
    );
  });

  it('refuses an index that names itself, and a blob outside blobs/sha256', () => {
    const loop = new Map([['index.json', json({ schemaVersion: 2, manifests: [] })]]);
    const self = { mediaType: INDEX, digest: `sha256:${'0'.repeat(64)}` };
    const looping = json({ schemaVersion: 2, manifests: [self] });
    loop.set(`blobs/sha256/${'0'.repeat(64)}`, looping);
    loop.set('index.json', json({ schemaVersion: 2, manifests: [self] }));
    expect(() => imageFromIndex(loop, undefined)).toThrow(/found 0|nests too deep/);
    const outside = layout(
      { schemaVersion: 2, manifests: [{ mediaType: MANIFEST, digest: 'sha256:../../etc/passwd' }] },
      [],
    );
    expect(() => imageFromIndex(outside, undefined)).toThrow(/names a blob by/);
  });
});

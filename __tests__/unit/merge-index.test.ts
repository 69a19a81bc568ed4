import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  mergePlatformTags,
  platformTag,
  type ManifestReader,
} from '../../src/image/merge-index.js';
import type { Platform } from '../../src/image/platform.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** An in-memory repository: manifests by tag and digest, blobs by digest. */
class FakeRepo implements ManifestReader {
  manifests = new Map<string, { body: Buffer; mediaType: string; digest: string }>();
  blobs = new Map<string, Buffer>();

  image(platform: Platform, layerSize = 100): { body: Buffer; digest: string } {
    const config = Buffer.from(JSON.stringify({ ...platform, rootfs: { type: 'layers' } }));
    this.blobs.set(digest(config), config);
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { digest: digest(config), size: config.length },
        layers: [{ digest: 'sha256:' + 'a'.repeat(64), size: layerSize }],
      }),
    );
    const m = { body, mediaType: OCI_MANIFEST, digest: digest(body) };
    this.manifests.set(m.digest, m);
    return m;
  }

  tag(tag: string, m: { body: Buffer; digest: string }, mediaType = OCI_MANIFEST): void {
    this.manifests.set(tag, { ...m, mediaType });
  }

  async headManifest(_repo: string, ref: string) {
    const m = this.manifests.get(ref);
    return m && { digest: m.digest };
  }
  async getManifest(_repo: string, ref: string) {
    const m = this.manifests.get(ref);
    if (!m) throw new Error(`no ${ref}`);
    return m;
  }
  async getBlob(_repo: string, d: string) {
    return Readable.from([this.blobs.get(d)!]);
  }
}

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };
const armv7 = { os: 'linux', architecture: 'arm', variant: 'v7' };

describe('platform tags', () => {
  it('name the commit and the platform', () => {
    expect(platformTag(SHA, amd64)).toBe('sha-1a2b3c4-linux-amd64');
    expect(platformTag(SHA, armv7)).toBe('sha-1a2b3c4-linux-arm-v7');
  });
});

describe('merging the platform tags of a commit', () => {
  it('makes an index of each platform’s manifest, in the order asked, copying nothing', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64, 100);
    const b = repo.image(arm64, 200);
    repo.tag(platformTag(SHA, amd64), a);
    repo.tag(platformTag(SHA, arm64), b);
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [arm64, amd64]);
    const index = JSON.parse(merged.index.toString()) as {
      mediaType: string;
      manifests: Array<{ digest: string; size: number; platform: Platform }>;
    };
    expect(index.mediaType).toBe(OCI_INDEX);
    expect(index.manifests.map((m) => [m.digest, m.size, m.platform])).toEqual([
      [b.digest, b.body.length, arm64],
      [a.digest, a.body.length, amd64],
    ]);
    expect(merged.platforms.map((p) => p.imageSize)).toEqual([
      200 + repo.blobs.get(JSON.parse(b.body.toString()).config.digest)!.length,
      100 + repo.blobs.get(JSON.parse(a.body.toString()).config.digest)!.length,
    ]);
  });

  it('names every missing platform and the tags it looked for', async () => {
    const repo = new FakeRepo();
    repo.tag(platformTag(SHA, amd64), repo.image(amd64));
    const err = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64, armv7]).then(
      () => new Error('merged'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toContain('linux/arm64, linux/arm/v7');
    expect(err.message).toContain('sha-1a2b3c4-linux-arm64, sha-1a2b3c4-linux-arm-v7');
    expect(err.message).not.toContain('sha-1a2b3c4-linux-amd64');
  });

  it('refuses a platform tag that holds another architecture', async () => {
    const repo = new FakeRepo();
    repo.tag(platformTag(SHA, amd64), repo.image(amd64));
    repo.tag(platformTag(SHA, arm64), repo.image(amd64));
    const err = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64]).then(
      () => new Error('merged'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(
      /sha-1a2b3c4-linux-arm64 should hold linux\/arm64 but holds linux\/amd64/,
    );
  });

  it('takes in the manifests of a platform tag that is itself an index, skipping attestations', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64);
    const v7 = repo.image(armv7);
    const b = repo.image(arm64);
    const inner = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          { mediaType: OCI_MANIFEST, digest: b.digest, size: b.body.length, platform: arm64 },
          { mediaType: OCI_MANIFEST, digest: v7.digest, size: v7.body.length, platform: armv7 },
          {
            mediaType: OCI_MANIFEST,
            digest: a.digest,
            size: 1,
            platform: { os: 'unknown', architecture: 'unknown' },
          },
        ],
      }),
    );
    repo.tag(platformTag(SHA, amd64), a);
    repo.tag(platformTag(SHA, arm64), { body: inner, digest: digest(inner) }, OCI_INDEX);
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64]);
    expect(merged.platforms.map((p) => p.digest)).toEqual([a.digest, b.digest, v7.digest]);
  });

  it('refuses the same platform twice', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64);
    const b = repo.image(arm64);
    const inner = Buffer.from(
      JSON.stringify({
        mediaType: OCI_INDEX,
        manifests: [
          { mediaType: OCI_MANIFEST, digest: b.digest, size: b.body.length, platform: arm64 },
          { mediaType: OCI_MANIFEST, digest: a.digest, size: a.body.length, platform: amd64 },
        ],
      }),
    );
    repo.tag(platformTag(SHA, amd64), a);
    repo.tag(platformTag(SHA, arm64), { body: inner, digest: digest(inner) }, OCI_INDEX);
    const err = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64]).then(
      () => new Error('merged'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/linux\/amd64 is in the merge twice/);
  });
});

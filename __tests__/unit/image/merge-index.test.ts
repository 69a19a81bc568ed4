import { describe, expect, it } from 'vitest';
import { mergePlatformTags, platformTag } from '../../../src/image/merge-index.js';
import type { Platform } from '../../../src/image/platform.js';
import { FakeRepo, OCI_INDEX } from '../../fixtures/fake-repo.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

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
    const inner = repo.index([
      { m: b, platform: arm64 },
      { m: v7, platform: armv7 },
      { m: a, platform: { os: 'unknown', architecture: 'unknown' }, size: 1 },
    ]);
    repo.tag(platformTag(SHA, amd64), a);
    repo.tag(platformTag(SHA, arm64), inner, OCI_INDEX);
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64]);
    expect(merged.platforms.map((p) => p.digest)).toEqual([a.digest, b.digest, v7.digest]);
  });

  it('refuses the same platform twice', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64);
    const b = repo.image(arm64);
    const inner = repo.index([
      { m: b, platform: arm64 },
      { m: a, platform: amd64 },
    ]);
    repo.tag(platformTag(SHA, amd64), a);
    repo.tag(platformTag(SHA, arm64), inner, OCI_INDEX);
    const err = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64]).then(
      () => new Error('merged'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/linux\/amd64 is in the merge twice/);
  });
});

describe('merging platform tags that carry attestations', () => {
  const unknown = { os: 'unknown', architecture: 'unknown' };
  const attests = (digest: string) => ({
    'vnd.docker.reference.digest': digest,
    'vnd.docker.reference.type': 'attestation-manifest',
  });

  it('keeps the attestation manifest of every platform, after the images', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64);
    const b = repo.image(arm64);
    const attA = repo.image(unknown, 7);
    const attB = repo.image(unknown, 8);
    repo.tag(
      platformTag(SHA, amd64),
      repo.index([
        { m: a, platform: amd64 },
        { m: attA, platform: unknown, annotations: attests(a.digest) },
      ]),
      OCI_INDEX,
    );
    repo.tag(
      platformTag(SHA, arm64),
      repo.index([
        { m: b, platform: arm64 },
        { m: attB, platform: unknown, annotations: attests(b.digest) },
      ]),
      OCI_INDEX,
    );
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64, arm64]);
    const index = JSON.parse(merged.index.toString()) as {
      manifests: Array<{ digest: string; platform: Platform; annotations?: object }>;
    };
    expect(index.manifests.map((m) => [m.digest, m.platform, m.annotations])).toEqual([
      [a.digest, amd64, undefined],
      [b.digest, arm64, undefined],
      [attA.digest, unknown, attests(a.digest)],
      [attB.digest, unknown, attests(b.digest)],
    ]);
    expect(merged.platforms.map((p) => p.digest)).toEqual([a.digest, b.digest]);
  });

  it('leaves out an attestation of an image it does not take', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64);
    const stray = repo.image(unknown, 9);
    repo.tag(
      platformTag(SHA, amd64),
      repo.index([
        { m: a, platform: amd64 },
        { m: stray, platform: unknown, annotations: attests(`sha256:${'c'.repeat(64)}`) },
      ]),
      OCI_INDEX,
    );
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64]);
    expect(merged.attestations).toEqual([]);
  });
});

describe('merging a platform tag whose index is malformed', () => {
  const indexOf = (repo: FakeRepo, manifests: unknown) => {
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
    return { body, digest: `sha256:${'d'.repeat(64)}` };
  };

  it('passes over an entry that is not an object (null), taking the images beside it', async () => {
    const repo = new FakeRepo();
    const a = repo.image(amd64);
    const entry = { digest: a.digest, size: a.body.length, platform: amd64 };
    repo.tag(platformTag(SHA, amd64), indexOf(repo, [null, entry, 7]), OCI_INDEX);
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64]);
    expect(merged.platforms.map((p) => p.digest)).toEqual([a.digest]);
    expect(merged.attestations).toEqual([]);
  });

  it.each([[{ a: 1 }], [42], ['the index itself is null']])(
    'refuses an index whose manifests is %j, in words, not with a TypeError',
    async (manifests) => {
      const repo = new FakeRepo();
      const index =
        manifests === 'the index itself is null'
          ? { body: Buffer.from('null'), digest: `sha256:${'e'.repeat(64)}` }
          : indexOf(repo, manifests);
      repo.tag(platformTag(SHA, amd64), index, OCI_INDEX);
      const err = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64]).then(
        () => new Error('merged'),
        (e: unknown) => e as Error,
      );
      expect(err).not.toBeInstanceOf(TypeError);
      expect(err.message).toMatch(/should hold linux\/amd64/);
    },
  );
});

describe('merging a platform image whose manifest is malformed', () => {
  /** An image manifest of linux/amd64 (its config is a real one), written as given. */
  const manifestOf = (repo: FakeRepo, change: (m: Record<string, unknown>) => unknown) => {
    const real = JSON.parse(repo.image(amd64).body.toString()) as Record<string, unknown>;
    const body = Buffer.from(JSON.stringify(change(real)));
    return { body, digest: `sha256:${'f'.repeat(64)}` };
  };

  it('counts only sizes that are numbers: a size in text never reaches the outputs', async () => {
    const repo = new FakeRepo();
    const m = manifestOf(repo, (real) => ({
      ...real,
      config: { ...(real.config as object), size: '<img src=x>' },
      layers: [{ size: 5 }, { size: '::warning::hi' }, null],
    }));
    repo.tag(platformTag(SHA, amd64), m);
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64]);
    expect(merged.platforms[0]!.imageSize).toBe(5);
  });

  it('counts no layers where the layers are not a list', async () => {
    const repo = new FakeRepo();
    const m = manifestOf(repo, (real) => ({
      ...real,
      config: { ...(real.config as object), size: 3 },
      layers: 5,
    }));
    repo.tag(platformTag(SHA, amd64), m);
    const merged = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64]);
    expect(merged.platforms[0]!.imageSize).toBe(3);
  });

  it.each([['null'], ['{"config":{"digest":7}}'], ['{"config":{"digest":"x"}}']])(
    'refuses the manifest %s in words, not with a TypeError',
    async (text) => {
      const repo = new FakeRepo();
      repo.tag(platformTag(SHA, amd64), {
        body: Buffer.from(text),
        digest: `sha256:${'f'.repeat(64)}`,
      });
      const err = await mergePlatformTags(repo, 'alice/hello', SHA, [amd64]).then(
        () => new Error('merged'),
        (e: unknown) => e as Error,
      );
      expect(err).not.toBeInstanceOf(TypeError);
      expect(err.message).toMatch(/sha-1a2b3c4-linux-amd64/);
    },
  );
});

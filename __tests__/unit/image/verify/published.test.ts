import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../../src/core/errors.js';
import type { RegistryClient } from '../../../../src/registry/client.js';
import { readPublished } from '../../../../src/image/verify/published.js';

const digest = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A registry holding these manifests (by tag or digest) and blobs, as verify reads them. */
function registry(manifests: Record<string, string>, blobs: Record<string, string> = {}) {
  const get = (ref: string) => {
    const text = manifests[ref];
    if (text === undefined) throw new Error(`no ${ref}`);
    const body = Buffer.from(text);
    return { body, digest: ref.startsWith('sha256:') ? ref : digest(body), mediaType: '' };
  };
  return {
    getManifest: async (_repo: string, ref: string) => get(ref),
    getBlob: async (_repo: string, d: string) => {
      if (blobs[d] === undefined) throw new Error(`no blob ${d}`);
      return Readable.from([Buffer.from(blobs[d])]);
    },
  } as unknown as RegistryClient;
}

async function failure(client: RegistryClient): Promise<unknown> {
  return readPublished(client, 'alice/hello', 'latest').then(
    () => new Error('read'),
    (e: unknown) => e,
  );
}

describe('reading a published image that its registry wrote wrong', () => {
  it.each([
    ['text that is not JSON', '<html>::warning::'],
    ['null', 'null'],
    ['a manifest without a config', '{"schemaVersion":2,"layers":[]}'],
    ['a config digest that is no digest', '{"schemaVersion":2,"config":{"digest":7}}'],
    ['an index whose manifests is no list', '{"schemaVersion":2,"manifests":7}'],
  ])('refuses %s in words (a verify failure), not with a crash', async (_what, text) => {
    const error = await failure(registry({ latest: text }));
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).stage).toBe('verify');
  });

  it('refuses a provenance statement that is not JSON in words', async () => {
    const config = '{"os":"linux","architecture":"amd64"}';
    const image = JSON.stringify({ config: { digest: digest(Buffer.from(config)) }, layers: [] });
    const imageDigest = digest(Buffer.from(image));
    const statement = 'not json';
    const att = JSON.stringify({
      layers: [
        {
          digest: digest(Buffer.from(statement)),
          annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v1' },
        },
      ],
    });
    const attDigest = digest(Buffer.from(att));
    const index = JSON.stringify({
      manifests: [
        { digest: imageDigest, platform: { os: 'linux', architecture: 'amd64' } },
        {
          digest: attDigest,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: {
            'vnd.docker.reference.type': 'attestation-manifest',
            'vnd.docker.reference.digest': imageDigest,
          },
        },
      ],
    });
    const client = registry(
      { latest: index, [imageDigest]: image, [attDigest]: att },
      { [digest(Buffer.from(config))]: config, [digest(Buffer.from(statement))]: statement },
    );
    const error = await failure(client);
    expect(error).toBeInstanceOf(ActionError);
  });
});

describe('reading a published image whose layers are not a list', () => {
  it('reads no layers, and no provenance from an attestation without a list of layers', async () => {
    const config = '{"os":"linux","architecture":"amd64"}';
    const image = JSON.stringify({ config: { digest: digest(Buffer.from(config)) }, layers: 5 });
    const imageDigest = digest(Buffer.from(image));
    const att = JSON.stringify({ layers: { a: 1 } });
    const attDigest = digest(Buffer.from(att));
    const index = JSON.stringify({
      manifests: [
        { digest: imageDigest, platform: { os: 'linux', architecture: 'amd64' } },
        {
          digest: attDigest,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: {
            'vnd.docker.reference.type': 'attestation-manifest',
            'vnd.docker.reference.digest': imageDigest,
          },
        },
      ],
    });
    const client = registry(
      { latest: index, [imageDigest]: image, [attDigest]: att },
      { [digest(Buffer.from(config))]: config },
    );
    const published = await readPublished(client, 'alice/hello', 'latest');
    expect(published.platforms.map((p) => [p.manifestDigest, p.layers])).toEqual([
      [imageDigest, []],
    ]);
    expect(published.recorded).toBeUndefined();
  });
});

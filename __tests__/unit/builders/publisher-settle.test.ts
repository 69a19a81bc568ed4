/**
 * A push that fails reports its failure only once nothing of it is still sending: the
 * other blobs of the image, the attestations' blobs, the layers uploaded while written.
 * Driven in process with a client that answers each blob as the test says.
 */
import { describe, expect, it } from 'vitest';

import { ImagePublisher } from '../../../src/builders/publisher.js';
import { ActionError, PartialPushError } from '../../../src/core/errors.js';
import { silentIo } from '../../../src/core/io.js';
import { assembleImage, type BuiltLayer } from '../../../src/image/built-image.js';
import { sha256Digest } from '../../../src/image/image.js';
import type { LiveLayer } from '../../../src/layers/live-layer.js';
import type { RegistryClient } from '../../../src/registry/client.js';
import { RegistryClients } from '../../../src/registry/clients.js';
import type { Plan } from '../../../src/request/plan.js';
import { PLAIN_VARIANT } from '../../../src/registry/tag-variant.js';

const FAILING = Buffer.from('failing layer');
const SLOW = Buffer.from('slow layer');

function layer(data: Buffer): BuiltLayer {
  const digest = sha256Digest(data);
  return {
    digest,
    diffId: digest,
    size: data.length,
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    path: `/nonexistent/${digest.slice(7)}`,
  };
}

/** Ends `ms` later, on a timer: after everything a rejection sets off in microtasks. */
const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client whose blob pushes fail at once for FAILING and take a while for SLOW; `ended`
 * gets each blob pushed (by digest), and each manifest put (by reference).
 */
function fakeClient(ended: string[]): RegistryClient {
  const stats = { blobsUploaded: 0, blobsSkipped: 0, blobsMounted: 0, bytesUploaded: 0 };
  const fake = {
    stats: { ...stats, requests: 0, retries: 0 },
    checkPushAccess: () => Promise.resolve(),
    headManifest: () => Promise.resolve(undefined),
    putManifest(_repo: string, reference: string) {
      ended.push(reference);
      return Promise.resolve(reference);
    },
    async pushBlob(_repo: string, blob: { digest: string }) {
      if (blob.digest === sha256Digest(FAILING))
        throw new ActionError('push', 'the registry refused it');
      await later(blob.digest === sha256Digest(SLOW) ? 50 : 0);
      ended.push(blob.digest);
      return 'uploaded';
    },
    async pushGrowingBlob() {
      await later(50);
      ended.push('streamed');
      return 'uploaded';
    },
  };
  return fake as unknown as RegistryClient;
}

function publisher(ended: string[]): ImagePublisher {
  const client = fakeClient(ended);
  return new ImagePublisher({
    registry: 'registry.test',
    retryTimeoutMs: 1000,
    builder: 'native',
    credentialsFor: undefined,
    io: silentIo,
    clients: new RegistryClients({ totalTimeoutMs: 1000, make: () => client }),
  });
}

function plan(attest?: unknown): Plan {
  return {
    image: { path: 'alice/hello' },
    tags: ['latest'],
    refs: ['registry.test/alice/hello:latest'],
    variant: PLAIN_VARIANT,
    platforms: ['linux/amd64'],
    attest,
  } as unknown as Plan;
}

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };

describe('a push that fails', () => {
  it('fails only once the other blobs of the image have ended', async () => {
    const ended: string[] = [];
    const p = publisher(ended);
    p.images.push(assembleImage(Buffer.from('{}'), [layer(FAILING), layer(SLOW)], amd64));
    const seen = await p.push(plan()).then(
      () => ({ failure: 'none', ended: [] as string[] }),
      (error: Error) => ({ failure: error.message, ended: [...ended] }),
    );
    expect(seen.failure).toBe('the registry refused it');
    expect(seen.ended).toContain(sha256Digest(SLOW));
  });

  it('fails only once the layers uploaded while written have ended', async () => {
    const ended: string[] = [];
    const p = publisher(ended);
    const slow = layer(SLOW);
    const push = plan({});
    await p.login({ username: 'alice', password: 'pw' }, push);
    const live = {
      reached: () => Promise.resolve(true),
      growing: () => ({}),
      result: Promise.resolve({ digest: slow.digest }),
    };
    p.layerStarted(live as unknown as LiveLayer);
    // Its attestations cannot be made (the layer's file is not there): the push fails
    // before the image's blobs are sent, while the layer is still being streamed.
    p.images.push(assembleImage(Buffer.from('{}'), [slow], amd64));
    const seen = await p.push(push).then(
      () => ({ failure: 'none', ended: [] as string[] }),
      (error: Error) => ({ failure: error.message, ended: [...ended] }),
    );
    expect(seen.failure).toMatch(/^The attestations of linux\/amd64 could not be made/);
    expect(seen.ended).toEqual(['streamed']);
  });
});

describe('a matrix job of two platforms, each under its own tag', () => {
  const matrix = {
    image: { path: 'alice/hello' },
    tags: ['1.0-linux-amd64', '1.0-linux-arm64'],
    refs: [
      'registry.test/alice/hello:1.0-linux-amd64',
      'registry.test/alice/hello:1.0-linux-arm64',
    ],
    variant: PLAIN_VARIANT,
    platforms: ['linux/amd64', 'linux/arm64'],
    platformTags: true,
  } as unknown as Plan;

  it("whose second platform's blobs fail: says the first one's tag was updated", async () => {
    const ended: string[] = [];
    const p = publisher(ended);
    p.images.push(
      assembleImage(Buffer.from('{"a":1}'), [layer(SLOW)], amd64),
      assembleImage(Buffer.from('{"a":2}'), [layer(FAILING)], arm64),
    );
    const error = await p.push(matrix).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ended).toContain('1.0-linux-amd64');
    expect(error).toBeInstanceOf(PartialPushError);
    expect((error as PartialPushError).pushed).toEqual([matrix.refs[0]]);
    expect((error as PartialPushError).notPushed).toEqual([matrix.refs[1]]);
  });
});

describe('an image that has one layer twice', () => {
  it('sends that layer once', async () => {
    const ended: string[] = [];
    const p = publisher(ended);
    const empty = layer(Buffer.from('empty layer'));
    p.images.push(assembleImage(Buffer.from('{}'), [empty, layer(SLOW), empty], amd64));
    await p.push(plan());
    expect(ended.filter((d) => d === empty.digest)).toHaveLength(1);
  });
});

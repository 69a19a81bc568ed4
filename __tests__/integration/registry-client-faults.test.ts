// The registry client against the real registry fixture (.ci/services) through the fault
// proxy (fixtures/fault-proxy.ts): uploads cut before their body or before the answer,
// manifests acknowledged but not stored, Retry-After: 0, answers trickled or endless.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import {
  RegistryClient,
  type BlobSource,
  type RegistryClientOptions,
} from '../../src/registry/client.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import {
  REGISTRY,
  USERS,
  getBlob,
  manifestDigest,
  requireServices,
  uniqueRepo,
} from '../fixtures/registry.js';

const ALICE = { username: 'alice', password: USERS.alice! };
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MiB = 1024 * 1024;

let p: FaultProxy;
const clients: RegistryClient[] = [];

beforeAll(async () => {
  await requireServices();
  p = await startFaultProxy({ routeTokens: true });
});
afterEach(() => p.reset());
afterAll(async () => {
  for (const c of clients) c.close();
  await p.close();
});

interface Logged {
  lines: string[];
  warnings(): string[];
}

function client(o: Partial<RegistryClientOptions> = {}): RegistryClient & { logged: Logged } {
  const lines: string[] = [];
  const c = new RegistryClient({
    registry: p.host,
    credentials: ALICE,
    logger: {
      info: (m) => lines.push(`info: ${m}`),
      debug: (m) => lines.push(`debug: ${m}`),
      warning: (m) => lines.push(`warning: ${m}`),
    },
    ...o,
  });
  clients.push(c);
  const logged = { lines, warnings: () => lines.filter((l) => l.startsWith('warning:')) };
  return Object.assign(c, { logged });
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A blob read from a stream on each open(), as from a file; `bytes` may differ from `data`. */
function streamBlob(data: Buffer, bytes = data): BlobSource & { opens: number } {
  const blob = {
    digest: sha256(data),
    size: data.length,
    opens: 0,
    open: () => {
      blob.opens++;
      return Readable.from(
        (function* () {
          for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
        })(),
      );
    },
  };
  return blob;
}

async function caught(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
  }
  throw new Error('expected a failure');
}

/** A config blob and a manifest naming it, pushed straight to the registry (no faults). */
async function manifestReady(repo: string): Promise<Buffer> {
  const direct = new RegistryClient({ registry: REGISTRY, credentials: ALICE });
  clients.push(direct);
  const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', n: repo }));
  await direct.pushBlob(repo, { digest: sha256(config), size: config.length, open: () => config });
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: [],
    }),
  );
}

describe('uploads interrupted at the edges', () => {
  it.each([
    ['a small blob, whose closing PUT carries it', 4096, 'PUT'],
    ['a large blob, streamed in a PATCH', 3 * MiB, 'PATCH'],
  ])('never resumes by guessing: %s cut before its first byte', async (_name, size, method) => {
    const repo = uniqueRepo('alice', 'rcf-cut-first');
    const c = client();
    const armed = p.arm({ kind: 'blob-upload', methods: [method], fault: faults.cutBeforeBody() });
    const blob = streamBlob(randomBytes(size));
    const why = () => `${c.logged.lines.join('\n')}\n${p.describe()}`;
    expect(await c.pushBlob(repo, blob).catch((e: Error) => e.message), why()).toBe('uploaded');
    expect(armed.fired).toBe(1);
    // The session was asked where it stood, and the registry holds the blob whole.
    expect(p.counts['upload-status'], why()).toBeGreaterThanOrEqual(1);
    expect(sha256(await getBlob(repo, blob.digest))).toBe(blob.digest);
    expect(c.logged.lines.join('\n')).not.toMatch(/changed/);
  });

  it('finishes when the answer to the closing PUT is lost', async () => {
    const repo = uniqueRepo('alice', 'rcf-cut-answer');
    const c = client();
    const armed = p.arm({ kind: 'blob-upload', methods: ['PUT'], fault: faults.cutAnswer() });
    const blob = streamBlob(randomBytes(2 * MiB));
    expect(await c.pushBlob(repo, blob)).toBe('uploaded');
    expect(armed.fired).toBe(1);
    expect(sha256(await getBlob(repo, blob.digest))).toBe(blob.digest);
  });

  it('uploads again, in a new session, a blob the registry refused though it is unchanged', async () => {
    const repo = uniqueRepo('alice', 'rcf-refused');
    const c = client();
    const data = randomBytes(2 * MiB);
    const garbled = Buffer.from(data);
    garbled[4096] = garbled[4096]! ^ 0xff;
    // The first read goes wrong on the way (the registry gets other bytes), later ones not.
    const good = streamBlob(data);
    const blob = {
      ...good,
      open: () => (good.opens++ === 0 ? streamBlob(garbled).open() : good.open()),
    };
    expect(await c.pushBlob(repo, blob)).toBe('uploaded');
    expect(sha256(await getBlob(repo, blob.digest))).toBe(blob.digest);
    expect(c.logged.lines.join('\n')).toMatch(/DIGEST_INVALID.*unchanged/);
  });

  it('says a blob changed only when its bytes no longer match its digest', async () => {
    const repo = uniqueRepo('alice', 'rcf-changed');
    const c = client();
    const data = randomBytes(64 * 1024);
    const changed = Buffer.from(data);
    changed[100] = changed[100]! ^ 0xff;
    const err = await caught(c.pushBlob(repo, streamBlob(data, changed)));
    expect(err.hint ?? '').toMatch(/changed/);
    expect(err.message).toMatch(/DIGEST_INVALID|digest/i);
  });
});

describe('manifests checked after the push', () => {
  it('pushes again a manifest the registry acknowledged without storing', async () => {
    const repo = uniqueRepo('alice', 'rcf-unstored');
    const manifest = await manifestReady(repo);
    const c = client();
    await c.checkPushAccess(repo); // the fault must meet an authenticated PUT
    const armed = p.arm({ kind: 'manifest-put', fault: faults.acceptUnstored() });
    const digest = await c.putManifest(repo, 'v1', manifest, OCI_MANIFEST);
    expect(armed.fired).toBe(1);
    expect(digest).toBe(sha256(manifest));
    expect(await manifestDigest(repo, 'v1')).toBe(digest);
  });

  it('fails when the registry keeps acknowledging without storing', async () => {
    const repo = uniqueRepo('alice', 'rcf-unstored-always');
    const manifest = await manifestReady(repo);
    const c = client();
    await c.checkPushAccess(repo);
    p.arm({ kind: 'manifest-put', count: Infinity, fault: faults.acceptUnstored() });
    const err = await caught(c.putManifest(repo, 'v1', manifest, OCI_MANIFEST));
    expect(err.message).toContain(`${repo}:v1`);
    expect(err.message).toMatch(/not stored|does not (have|serve)/);
    expect(await manifestDigest(repo, 'v1')).toBeUndefined();
  });

  it('counts a tag by what the registry serves, not by a wrong Docker-Content-Digest', async () => {
    const repo = uniqueRepo('alice', 'rcf-wrong-header');
    const manifest = await manifestReady(repo);
    const wrong = sha256(Buffer.from('something else'));
    const c = client();
    await c.checkPushAccess(repo);
    p.arm({ kind: 'manifest-put', fault: faults.setHeader('Docker-Content-Digest', wrong) });
    expect(await c.putManifest(repo, 'v1', manifest, OCI_MANIFEST)).toBe(sha256(manifest));
    expect(await manifestDigest(repo, 'v1')).toBe(sha256(manifest));

    // When the tag itself names something else, it is an error naming both digests.
    p.arm({ kind: 'manifest-put', fault: faults.setHeader('Docker-Content-Digest', wrong) });
    p.arm({
      kind: 'manifest-get',
      count: Infinity,
      fault: faults.setHeader('Docker-Content-Digest', wrong),
    });
    const err = await caught(c.putManifest(repo, 'v2', manifest, OCI_MANIFEST));
    expect(err.message).toContain(wrong);
    expect(err.message).toContain(sha256(manifest));
  });
});

describe('waits and answers bounded by the retry time budget', () => {
  it.each([
    ['Retry-After: 0', faults.tooManyRequests('json', 0), 1],
    [
      'a Retry-After date in the past',
      faults.tooManyRequests('hap429', 'Wed, 21 Oct 2015 07:28:00 GMT'),
      1,
    ],
    ['503 with Retry-After: 0', faults.status(503, 0), 0],
  ])('%s: a few requests with growing waits, one warning', async (_name, fault, warnings) => {
    const repo = uniqueRepo('alice', 'rcf-retry-after');
    const manifest = await manifestReady(repo);
    const c = client({ totalTimeoutMs: 3000 });
    p.arm({ kind: 'manifest-put', count: Infinity, fault });
    const started = Date.now();
    await caught(c.putManifest(repo, 'v1', manifest, OCI_MANIFEST));
    const puts = p.counts['manifest-put'];
    expect(puts, p.describe()).toBeGreaterThanOrEqual(3);
    expect(puts, p.describe()).toBeLessThanOrEqual(10);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(c.logged.warnings(), c.logged.lines.join('\n')).toHaveLength(warnings);
  });

  const slow: [
    string,
    () => void,
    (c: RegistryClient, repo: string) => Promise<unknown>,
    RegExp,
  ][] = [
    [
      'a token answer trickled at 1 byte/s',
      () => p.arm({ kind: 'token', fault: faults.trickle(1) }),
      (c, repo) => c.checkPushAccess(repo),
      /time allowed/,
    ],
    [
      'a token answer that never ends',
      () => p.arm({ kind: 'token', fault: faults.endlessBody() }),
      (c, repo) => c.checkPushAccess(repo),
      /larger than 4\.0 MiB/,
    ],
    [
      'a ping answer trickled at 1 byte/s',
      () => p.arm({ kind: 'v2-ping', fault: faults.trickle(1) }),
      (c, repo) => c.checkPushAccess(repo),
      /time allowed/,
    ],
    [
      'a manifest PUT answer trickled at 1 byte/s',
      () => p.arm({ kind: 'manifest-put', fault: faults.trickle(1) }),
      async (c, repo) => c.putManifest(repo, 'v1', await manifestReady(repo), OCI_MANIFEST),
      /time allowed/,
    ],
    [
      'an upload POST error whose body never ends',
      () => p.arm({ kind: 'blob-upload', methods: ['POST'], fault: faults.endlessBody(500) }),
      (c, repo) => c.pushBlob(repo, streamBlob(randomBytes(2 * MiB))),
      /larger than 4\.0 MiB/,
    ],
    [
      'an upload POST error trickled at 1 byte/s',
      () => p.arm({ kind: 'blob-upload', methods: ['POST'], fault: faults.trickle(1, 500) }),
      (c, repo) => c.pushBlob(repo, streamBlob(randomBytes(2 * MiB))),
      /time allowed/,
    ],
  ];

  it.each(slow)('%s ends within the budget', async (_name, arm, run, says) => {
    const repo = uniqueRepo('alice', 'rcf-slow');
    const c = client({ totalTimeoutMs: 3000 });
    const rssBefore = process.memoryUsage().rss;
    arm();
    const started = Date.now();
    const err = await caught(run(c, repo));
    const ms = Date.now() - started;
    expect(err.message, p.describe()).toMatch(says);
    expect(ms, p.describe()).toBeLessThan(8000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MiB);
  });
});

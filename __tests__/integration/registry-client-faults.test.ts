// The registry client against the real registry fixture (.ci/services) through the fault
// proxy (fixtures/fault-proxy.ts): uploads cut before their body or before the answer,
// manifests acknowledged but not stored, Retry-After: 0, answers trickled or endless.
// Streamed uploads (a blob sent while it is written, its digest known only at the end):
// one POST, a chunked PATCH begun before the last byte exists, the closing PUT; cuts at
// byte 0, half way and before the answer go on from the finished blob where the registry
// says the session stands; a registry that refuses streaming (416, OCI-Chunk-Min-Length)
// is asked once and gets the rest as finished blobs.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import {
  RegistryClient,
  type BlobSource,
  type GrowingBlob,
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
const PIECE = 256 * 1024;

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

const patchSeen = () => p.requests.some((r) => r.method === 'PATCH');

/**
 * A blob written piece by piece: its last piece is written only once the proxy has seen
 * a PATCH (or after a while without one), so `streamedEarly` says whether the upload
 * started before the blob was whole. `opens` counts reads of the bytes as they come.
 */
function growingBlob(
  data: Buffer,
  waitForPatch = true,
): GrowingBlob & { streamedEarly?: boolean; opens: number } {
  let written = 0;
  const changes: Array<() => void> = [];
  const wake = () => changes.splice(0).forEach((f) => f());
  let finish!: () => void;
  const whole = new Promise<void>((resolve) => (finish = resolve));
  const blob: GrowingBlob & { streamedEarly?: boolean; opens: number } = {
    opens: 0,
    open() {
      blob.opens++;
      return Readable.from(
        (async function* () {
          for (let at = 0; at < data.length;) {
            while (written <= at) await new Promise<void>((r) => changes.push(r));
            yield data.subarray(at, written);
            at = written;
          }
        })(),
      );
    },
    finished: whole.then(() => ({
      digest: sha256(data),
      size: data.length,
      open: () => Readable.from([data]),
    })),
  };
  void (async () => {
    while (written < data.length - PIECE) {
      written += PIECE;
      wake();
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let i = 0; waitForPatch && i < 400 && !patchSeen(); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    blob.streamedEarly = patchSeen();
    written = data.length;
    wake();
    finish();
  })();
  return blob;
}

const why = (c: { logged: Logged }) => `${c.logged.lines.join('\n')}\n${p.describe()}`;

describe('a blob uploaded while it is written', () => {
  it('goes as POST, one chunked PATCH begun before its last byte, and PUT ?digest=', async () => {
    const repo = uniqueRepo('alice', 'sup-stream');
    const c = client();
    const data = randomBytes(3 * MiB);
    const blob = growingBlob(data);
    expect(await c.pushGrowingBlob(repo, blob)).toBe('uploaded');
    expect(blob.streamedEarly, why(c)).toBe(true);
    const uploads = p.requests.filter((r) => r.kind === 'blob-upload').map((r) => r.method);
    expect(uploads, why(c)).toEqual(['POST', 'PATCH', 'PUT']);
    // Nothing checked before: the digest was not known.
    expect(p.counts['blob-head']).toBe(0);
    expect(sha256(await getBlob(repo, sha256(data)))).toBe(sha256(data));
    expect(c.stats.blobsUploaded).toBe(1);
    expect(c.stats.bytesUploaded).toBe(data.length);
  });

  it.each([
    ['at byte 0 of the PATCH', ['PATCH'], () => faults.cutBeforeBody()],
    ['half way through the PATCH', ['PATCH'], () => faults.cutRequest(1536 * 1024)],
    ['before the answer to the PATCH', ['PATCH'], () => faults.cutAnswer()],
    ['before the answer to the closing PUT', ['PUT'], () => faults.cutAnswer()],
  ])('is stored whole after a cut %s', async (_name, methods, fault) => {
    const repo = uniqueRepo('alice', 'sup-cut');
    const c = client();
    const data = randomBytes(3 * MiB);
    const armed = p.arm({ kind: 'blob-upload', methods, fault: fault() });
    expect(await c.pushGrowingBlob(repo, growingBlob(data)).catch(String), why(c)).toBe('uploaded');
    expect(armed.fired, why(c)).toBe(1);
    // The registry was asked where the session stood (or whether the blob is there).
    expect(p.counts['upload-status'] + p.counts['blob-head'], why(c)).toBeGreaterThanOrEqual(1);
    expect(sha256(await getBlob(repo, sha256(data)))).toBe(sha256(data));
    expect(c.stats.blobsUploaded).toBe(1);
  });

  it('after a cut half way, asks the session and goes on from the file, never the writer', async () => {
    const repo = uniqueRepo('alice', 'sup-resume');
    const c = client();
    const data = randomBytes(4 * MiB);
    p.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutRequest(2 * MiB) });
    const blob = growingBlob(data);
    expect(await c.pushGrowingBlob(repo, blob)).toBe('uploaded');
    // The bytes as they came were read once; the rest went from the finished blob, after
    // the registry said where the session stood (this registry forgets a session whose
    // PATCH broke off: a new one).
    expect(blob.opens, why(c)).toBe(1);
    const kinds = p.requests.map((r) => `${r.method} ${r.kind}`);
    const cut = kinds.indexOf('PATCH blob-upload');
    expect(kinds.indexOf('GET upload-status'), why(c)).toBeGreaterThan(cut);
    expect(c.logged.lines.join('\n')).toMatch(/going on from the file/);
    expect(sha256(await getBlob(repo, sha256(data)))).toBe(sha256(data));
  });

  it('rejects with the blob’s own failure when it cannot be written', async () => {
    const repo = uniqueRepo('alice', 'sup-fails');
    const c = client();
    const failing: GrowingBlob = {
      open: () =>
        Readable.from(
          (async function* () {
            yield randomBytes(PIECE);
            throw new Error('disk on fire');
          })(),
        ),
      finished: new Promise((_, reject) =>
        setTimeout(() => reject(new Error('disk on fire')), 200),
      ),
    };
    await expect(c.pushGrowingBlob(repo, failing)).rejects.toThrow('disk on fire');
  });
});

describe('a registry that refuses streamed uploads', () => {
  it('answering 416 is asked once; every blob is stored, the rest sent once written', async () => {
    const repo = uniqueRepo('alice', 'sup-416');
    const c = client();
    const armed = p.arm({
      kind: 'blob-upload',
      methods: ['PATCH'],
      count: Infinity,
      fault: faults.refuseChunked(),
    });
    const blobs = [randomBytes(3 * MiB), randomBytes(2 * MiB), randomBytes(3 * MiB)];
    for (const data of blobs)
      expect(await c.pushGrowingBlob(repo, growingBlob(data))).toBe('uploaded');
    expect(armed.fired, why(c)).toBe(1);
    for (const data of blobs) expect(sha256(await getBlob(repo, sha256(data)))).toBe(sha256(data));
    expect(
      c.logged.lines.filter((l) => /not while they are/.test(l)),
      why(c),
    ).toHaveLength(1);
  });

  it('asking for chunks of a minimum length (OCI-Chunk-Min-Length) is not streamed to', async () => {
    const repo = uniqueRepo('alice', 'sup-minchunk');
    const c = client();
    p.arm({
      kind: 'blob-upload',
      methods: ['POST'],
      fault: faults.setHeader('OCI-Chunk-Min-Length', String(5 * MiB)),
    });
    const first = randomBytes(3 * MiB);
    const second = randomBytes(3 * MiB);
    expect(await c.pushGrowingBlob(repo, growingBlob(first, false))).toBe('uploaded');
    expect(await c.pushGrowingBlob(repo, growingBlob(second, false))).toBe('uploaded');
    // One session opened to stream, then one per blob uploaded once written.
    const posts = p.requests.filter((r) => r.kind === 'blob-upload' && r.method === 'POST');
    expect(posts, why(c)).toHaveLength(3);
    expect(p.counts['blob-head'], why(c)).toBe(2);
    expect(c.logged.lines.join('\n')).toMatch(/asks for chunks of at least 5\.0 MiB/);
    for (const data of [first, second]) {
      expect(sha256(await getBlob(repo, sha256(data)))).toBe(sha256(data));
    }
  });
});

// The registry client against the real registry fixture (.ci/services): distribution 2.8
// on 127.0.0.1:5000 with Docker-Hub-style token auth from the issuer on 127.0.0.1:5001.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import {
  RegistryClient,
  type Logger,
  type RegistryClientOptions,
} from '../../src/registry/client.js';
import {
  REGISTRY,
  USERS,
  getBlob as fixtureGetBlob,
  getManifest as fixtureGetManifest,
  manifestDigest,
  requireServices,
  setTokenTtl,
  tokenStats,
  uniqueRepo,
} from '../fixtures/registry.js';
import {
  bufferBlob,
  makeImage,
  pushImage,
  readAll,
  sha256,
  OCI_MANIFEST,
  streamBlob,
} from '../fixtures/test-image.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALICE = { username: 'alice', password: USERS.alice! };
const BOB = { username: 'bob', password: USERS.bob! };
const PASSWORDS = Object.values(USERS);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything the clients logged, checked at the end for leaked passwords. */
const logged: string[] = [];
function logger(into: string[] = logged): Logger {
  return {
    info: (m) => into.push(`info: ${m}`),
    debug: (m) => into.push(`debug: ${m}`),
    warning: (m) => into.push(`warning: ${m}`),
  };
}

const clients: RegistryClient[] = [];
function client(o: Partial<RegistryClientOptions> = {}): RegistryClient {
  const c = new RegistryClient({ registry: REGISTRY, credentials: ALICE, logger: logger(), ...o });
  clients.push(c);
  return c;
}

async function caught(p: Promise<unknown>): Promise<ActionError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
  }
  throw new Error('expected a failure');
}

function expectNoPassword(text: string): void {
  for (const pw of PASSWORDS) expect(text).not.toContain(pw);
  expect(text).not.toContain('wrong-Secr3t');
}

beforeAll(async () => {
  await requireServices();
});

afterEach(async () => {
  await setTokenTtl().catch(() => undefined);
});

afterAll(() => {
  for (const c of clients) c.close();
  expectNoPassword(logged.join('\n'));
});

describe('RegistryClient against distribution with token auth', () => {
  it('pushes a small image and reads it back', async () => {
    const repo = uniqueRepo('alice', 'rc-small');
    const c = client();
    await c.checkPushAccess(repo);
    const image = makeImage();
    const { results, digest } = await pushImage(c, repo, image);
    expect(results).toEqual(['uploaded', 'uploaded']);
    expect(digest).toBe(sha256(image.manifest));
    expect(c.stats).toMatchObject({ blobsUploaded: 2, blobsSkipped: 0, blobsMounted: 0 });
    expect(c.stats.bytesUploaded).toBe(image.config.size + image.layer.size);

    // The registry agrees (read with the fixture's own code).
    expect(await manifestDigest(repo, 'v1')).toBe(digest);
    expect(
      (await fixtureGetBlob(repo, image.layer.digest)).equals(image.layer.open() as Buffer),
    ).toBe(true);

    // And our read side agrees too.
    const got = await c.getManifest(repo, 'v1');
    expect(got).toEqual({ body: image.manifest, mediaType: OCI_MANIFEST, digest });
    const byDigest = await c.getManifest(repo, digest);
    expect(byDigest.digest).toBe(digest);
    expect(await c.headManifest(repo, 'v1')).toEqual({ digest, mediaType: OCI_MANIFEST });
    expect(await c.headManifest(repo, 'missing')).toBeUndefined();
    const layer = await readAll(await c.getBlob(repo, image.layer.digest));
    expect(sha256(layer)).toBe(image.layer.digest);
    expect(await c.hasBlob(repo, image.config.digest)).toBe(true);
    expect(await c.hasBlob(repo, sha256(Buffer.from('nope')))).toBe(false);
    await c.putManifest(repo, 'latest', image.manifest, OCI_MANIFEST);
    expect((await c.listTags(repo)).sort()).toEqual(['latest', 'v1']);
    expect(await c.listTags(uniqueRepo('alice', 'rc-none'))).toEqual([]);
  });

  it('uploads nothing the second time', async () => {
    const repo = uniqueRepo('alice', 'rc-again');
    const image = makeImage(200_000);
    await pushImage(client(), repo, image);
    const again = client();
    const { results, digest } = await pushImage(again, repo, image, 'v2');
    expect(results).toEqual(['exists', 'exists']);
    expect(again.stats.blobsUploaded).toBe(0);
    expect(again.stats.blobsSkipped).toBe(2);
    expect(again.stats.bytesUploaded).toBe(0);
    expect(await manifestDigest(repo, 'v2')).toBe(digest);
  });

  it('mounts a blob from another repository of the same account', async () => {
    const a = uniqueRepo('alice', 'rc-mount-a');
    const b = uniqueRepo('alice', 'rc-mount-b');
    const image = makeImage(300_000);
    await pushImage(client(), a, image);
    const c = client();
    expect(await c.pushBlob(b, image.layer, { mountFrom: a })).toBe('mounted');
    expect(await c.pushBlob(b, image.config, { mountFrom: a })).toBe('mounted');
    expect(c.stats).toMatchObject({ blobsMounted: 2, blobsUploaded: 0 });
    await c.putManifest(b, 'v1', image.manifest, OCI_MANIFEST);
    expect((await fixtureGetManifest(b, 'v1')).digest).toBe(sha256(image.manifest));
    expect(await c.hasBlob(b, image.layer.digest)).toBe(true);
  });

  it('uploads when the mount source does not hold the blob', async () => {
    const bobRepo = uniqueRepo('bob', 'rc-empty-src');
    const target = uniqueRepo('alice', 'rc-mount-fallback');
    const blob = bufferBlob(randomBytes(5000));
    // The source does not hold the blob: the registry opens a normal upload (202).
    expect(await client().pushBlob(target, blob, { mountFrom: bobRepo })).toBe('uploaded');
  });

  it('uploads large blobs as a stream, in chunks when asked, and mid-size ones too', async () => {
    const repo = uniqueRepo('alice', 'rc-chunks');
    const lines: string[] = [];
    const c = client({ uploadChunkSize: 5 * 1024 * 1024, logger: logger(lines) });
    const big = streamBlob(randomBytes(12 * 1024 * 1024 + 123));
    expect(await c.pushBlob(repo, big)).toBe('uploaded');
    const mid = streamBlob(randomBytes(3 * 1024 * 1024));
    expect(await client().pushBlob(repo, mid)).toBe('uploaded');
    for (const b of [big, mid]) {
      expect(sha256(await readAll(await c.getBlob(repo, b.digest)))).toBe(b.digest);
    }
    // PATCH 5 + 5 + 2 MiB, then the closing PUT.
    expect(lines.filter((l) => /PATCH .*\/blobs\/uploads\/.* → 202/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /PUT .*\/blobs\/uploads\/.* → 201/.test(l))).toHaveLength(1);
    logged.push(...lines);
  });

  it('keeps pushing when tokens expire mid-push', async () => {
    const repo = uniqueRepo('alice', 'rc-ttl');
    const before = await tokenStats();
    await setTokenTtl(2);
    const c = client();
    const image = makeImage(100_000);
    expect(await c.pushBlob(repo, image.config)).toBe('uploaded');
    await sleep(1300); // the registry may already refuse the token: one re-auth then retry
    expect(await c.pushBlob(repo, image.layer)).toBe('uploaded');
    await sleep(2200); // certainly expired now
    const digest = await c.putManifest(repo, 'v1', image.manifest, OCI_MANIFEST);
    await sleep(1300);
    expect((await c.getManifest(repo, 'v1')).digest).toBe(digest);
    // At least one token was replaced because it expired (whether the client refreshed it
    // ahead of time or the registry refused it first and the client re-authenticated).
    const after = await tokenStats();
    expect(after.issued - before.issued).toBeGreaterThanOrEqual(2);
    expect(await manifestDigest(repo, 'v1')).toBe(digest);
  });

  it('reports a wrong password as a login error, without the password', async () => {
    const repo = uniqueRepo('alice', 'rc-wrongpw');
    const c = client({ credentials: { username: 'alice', password: 'wrong-Secr3t' } });
    const err = await caught(c.checkPushAccess(repo));
    expect(err.stage).toBe('login');
    expect(err.message).toMatch(/rejected the credentials for user "alice"/);
    expect(err.hint).toMatch(/Read & Write/);
    expectNoPassword(`${err.message} ${err.hint} ${err.stack}`);
    // The same for an operation without the early check.
    const err2 = await caught(c.pushBlob(repo, bufferBlob(randomBytes(10))));
    expect(err2.stage).toBe('login');
  });

  it("refuses alice's push to bob's repository, naming the repository", async () => {
    const repo = uniqueRepo('bob', 'rc-denied');
    const c = client();
    const err = await caught(c.checkPushAccess(repo));
    expect(err.stage).toBe('push');
    expect(err.message).toContain(`Access denied to repository "${repo}"`);
    expect(err.message).toMatch(/account "alice" can push only to repositories it owns/);
    // Without the early check the registry's 401 insufficient_scope says the same.
    const err2 = await caught(c.pushBlob(repo, bufferBlob(randomBytes(10))));
    expect(err2.stage).toBe('push');
    expect(err2.message).toContain(`Access denied to repository "${repo}"`);
    expectNoPassword(`${err.message} ${err2.message} ${err2.hint}`);
    // bob himself may.
    await client({ credentials: BOB }).checkPushAccess(repo);
  });

  it('lets anonymous users pull but not push', async () => {
    const repo = uniqueRepo('alice', 'rc-anon');
    const image = makeImage();
    const { digest } = await pushImage(client(), repo, image);
    const anon = client({ credentials: undefined });
    expect((await anon.getManifest(repo, digest)).body.equals(image.manifest)).toBe(true);
    const err = await caught(anon.checkPushAccess(repo));
    expect(err.stage).toBe('login');
    expect(err.message).toMatch(/needs credentials/);
  });

  it('reports registry errors in plain words', async () => {
    const repo = uniqueRepo('alice', 'rc-errors');
    const c = client();
    const missing = sha256(Buffer.from('missing'));
    const bad = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: missing, size: 7 },
        layers: [],
      }),
    );
    const err = await caught(c.putManifest(repo, 'v1', bad, OCI_MANIFEST));
    expect(err.stage).toBe('push');
    expect(err.message).toMatch(
      /manifest refers to a blob .* does not have \(MANIFEST_BLOB_UNKNOWN/,
    );
    const err2 = await caught(c.getManifest(repo, 'nope'));
    expect(err2.message).toMatch(
      /Reading the manifest nope of .* failed: .*(does not exist|NAME_UNKNOWN)/,
    );
    expect(err2.message).not.toMatch(/\n\s+at /);
    const err3 = await caught(c.hasBlob('Alice/Bad Name', missing));
    expect(err3.stage).toBe('inputs');
    expect(err3.message).toMatch(/not a valid repository name/);
  });
});

// ------------------------------------------------------------------ big blob

/** Turns the sources (the client and what it imports) into plain ESM .js for a child process. */
async function transpileClient(dir: string): Promise<void> {
  const ts = (await import('typescript')).default;
  const files = (await readdir(join(ROOT, 'src'), { recursive: true }))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/${f}`);
  for (const f of files) {
    const source = await readFile(join(ROOT, f), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    const dest = join(dir, f.replace(/\.ts$/, '.js'));
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, out.outputText);
  }
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
}

const BIG_CHILD = `
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { RegistryClient } from './src/registry/client.js';

const { mode, size, repo, registry, username, password, digest } = JSON.parse(process.env.BIG_BLOB_ARGS);
// Deterministic pseudo-random bytes made on the fly (AES-CTR over zeros): nothing on disk,
// nothing held in memory, and the same bytes every time open() is called. 64 KiB pieces,
// as a file read stream gives them.
function generate() {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(64 * 1024);
  let left = size;
  return Readable.from((function* () {
    while (left > 0) {
      const n = Math.min(left, zeros.length);
      left -= n;
      yield cipher.update(zeros.subarray(0, n));
    }
  })());
}
if (mode === 'digest') {
  // A separate run, so that the garbage of hashing does not count in the upload's peak.
  const hash = createHash('sha256');
  for await (const chunk of generate()) hash.update(chunk);
  console.log(JSON.stringify({ digest: 'sha256:' + hash.digest('hex') }));
  process.exit(0);
}
// Every 50 ms: collect garbage, then note what is really alive (JS heap + buffers) and the
// RSS. Without the collection, RSS mostly shows buffers already sent but not yet collected.
globalThis.gc();
const before = process.memoryUsage();
const rssBefore = before.rss;
const liveBefore = before.heapUsed + before.arrayBuffers;
let peakSampled = rssBefore;
let livePeak = liveBefore;
const sampler = setInterval(() => {
  globalThis.gc();
  const m = process.memoryUsage();
  peakSampled = Math.max(peakSampled, m.rss);
  livePeak = Math.max(livePeak, m.heapUsed + m.arrayBuffers);
}, 50);
const client = new RegistryClient({ registry, credentials: { username, password } });
const started = performance.now();
const result = await client.pushBlob(repo, { digest, size, open: generate });
const ms = performance.now() - started;
clearInterval(sampler);
const exists = await client.hasBlob(repo, digest);
client.close();
console.log(JSON.stringify({ result, exists, digest, ms, rssBefore, peakSampled, liveBefore, livePeak,
  maxRss: process.resourceUsage().maxRSS * 1024, stats: client.stats }));
`;

function runNode(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('RegistryClient streaming a blob larger than 100 MiB', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uploads 200 MiB with memory well under the blob size', async () => {
    dir = await mkdtemp(join(tmpdir(), 'osi-registry-big-'));
    await transpileClient(dir);
    await writeFile(join(dir, 'big.mjs'), BIG_CHILD);
    const size = 200 * 1024 * 1024;
    const repo = uniqueRepo('alice', 'rc-big');
    const args = { size, repo, registry: REGISTRY, ...ALICE };
    const hashed = await runNode('big.mjs', dir, {
      BIG_BLOB_ARGS: JSON.stringify({ ...args, mode: 'digest' }),
    });
    expect(hashed.stderr).toBe('');
    const { digest } = JSON.parse(hashed.stdout) as { digest: string };
    const run = await runNode('big.mjs', dir, {
      BIG_BLOB_ARGS: JSON.stringify({ ...args, mode: 'upload', digest }),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      result: string;
      digest: string;
      exists: boolean;
      ms: number;
      rssBefore: number;
      peakSampled: number;
      liveBefore: number;
      livePeak: number;
      maxRss: number;
      stats: { bytesUploaded: number };
    };
    const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    const throughput = mib(size) / (r.ms / 1000);
    console.log(
      `${mib(size)} MiB blob: ${Math.round(r.ms)} ms (${Math.round(throughput)} MiB/s); ` +
        `RSS before ${mib(r.rssBefore)} MiB, max RSS ${mib(r.maxRss)} MiB; ` +
        `live heap+buffers ${mib(r.liveBefore)} → peak ${mib(r.livePeak)} MiB`,
    );
    expect(r.result).toBe('uploaded');
    expect(r.digest).toBe(digest);
    expect(r.exists).toBe(true);
    expect(r.stats.bytesUploaded).toBe(size);
    // Holding the blob would add 200 MiB. The process grows by far less: what is alive
    // (heap and buffers, right after a collection; V8 frees buffers a little later, so a
    // few MiB of what was sent in the last 50 ms still count) and the RSS alike.
    expect(r.livePeak - r.liveBefore).toBeLessThan(64 * 1024 * 1024);
    expect(r.maxRss - r.rssBefore).toBeLessThan(size * 0.4);
  });
});

// ------------------------------------------------------------------ failures

type Rule = (
  req: http.IncomingMessage,
  count: number,
) =>
  | 'forward'
  | { status: number; headers?: Record<string, string>; body?: string }
  | { cutRequestAfter: number }
  | { hang: true }
  | { cutResponseAfter: number }
  | { rewriteResponseHeaders: Record<string, string> };

interface Proxy {
  url: string;
  port: number;
  hits: string[];
  /** Rules by name; each gets how many requests it has matched so far (1-based). */
  rules: { name: string; match: (req: http.IncomingMessage) => boolean; action: Rule }[];
  close(): Promise<void>;
}

/** A tiny HTTP proxy in front of the registry that misbehaves on command. */
async function startProxy(upstreamPort = 5000): Promise<Proxy> {
  const counts = new Map<string, number>();
  const proxy: Proxy = {
    url: '',
    port: 0,
    hits: [],
    rules: [],
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    proxy.hits.push(`${req.method} ${req.url}`);
    let action: ReturnType<Rule> = 'forward';
    for (const rule of proxy.rules) {
      if (!rule.match(req)) continue;
      const n = (counts.get(rule.name) ?? 0) + 1;
      counts.set(rule.name, n);
      action = rule.action(req, n);
      if (action !== 'forward') break;
    }
    if (action !== 'forward' && 'hang' in action) {
      req.resume(); // never answer; the client must give up on its own
      return;
    }
    if (action !== 'forward' && 'status' in action) {
      req.resume();
      req.on('end', () => {
        res.writeHead(action.status, action.headers ?? {});
        res.end(action.body ?? '');
      });
      return;
    }
    const up = http.request({
      host: '127.0.0.1',
      port: upstreamPort,
      method: req.method,
      path: req.url,
      headers: req.headers,
    });
    up.on('response', (ur) => {
      const headers = { ...ur.headers };
      if (action !== 'forward' && 'rewriteResponseHeaders' in action) {
        Object.assign(headers, action.rewriteResponseHeaders);
      }
      headers['ratelimit-limit'] = '100;w=21600';
      headers['ratelimit-remaining'] = '42;w=21600';
      headers['docker-ratelimit-source'] = '127.0.0.1';
      res.writeHead(ur.statusCode ?? 502, headers);
      if (action !== 'forward' && 'cutResponseAfter' in action) {
        const limit = action.cutResponseAfter;
        let sent = 0;
        ur.on('data', (chunk: Buffer) => {
          if (sent >= limit) return;
          const part = chunk.subarray(0, limit - sent);
          sent += part.length;
          // Headers and the first bytes reach the client, then the connection dies.
          res.write(part, () => {
            if (sent < limit) return;
            ur.destroy();
            res.socket?.destroy();
          });
        });
        ur.on('end', () => res.end()); // shorter than the limit: not cut
        return;
      }
      ur.pipe(res);
    });
    up.on('error', () => res.socket?.destroy());
    if (action !== 'forward' && 'cutRequestAfter' in action) {
      const limit = action.cutRequestAfter;
      let passed = 0;
      req.on('data', (chunk: Buffer) => {
        if (passed >= limit) return;
        const part = chunk.subarray(0, limit - passed);
        passed += part.length;
        up.write(part);
        if (passed >= limit) {
          // The connection dies in the middle of the blob, both ways.
          setTimeout(() => {
            up.destroy();
            req.socket.destroy();
          }, 50);
        }
      });
      return;
    }
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `127.0.0.1:${proxy.port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

const is = (method: string, re: RegExp) => (req: http.IncomingMessage) =>
  req.method === method && re.test(req.url ?? '');

describe('RegistryClient retries through a misbehaving proxy', () => {
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startProxy();
  });
  afterAll(async () => {
    await proxy.close();
  });
  afterEach(() => {
    proxy.rules = [];
  });

  it('survives 503, 429 (Retry-After, HAP429), a cut upload, a 502 and a cut response', async () => {
    const repo = uniqueRepo('alice', 'rc-flaky');
    const waits: number[] = [];
    const lines: string[] = [];
    const c = client({
      registry: proxy.url,
      logger: logger(lines),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    proxy.rules = [
      {
        name: 'head-429',
        match: is('HEAD', /\/blobs\/sha256:/),
        action: (_r, n) => (n === 2 ? { status: 429, headers: { 'retry-after': '2' } } : 'forward'),
      },
      {
        name: 'post-503-then-429',
        match: is('POST', /\/blobs\/uploads\//),
        action: (_r, n) =>
          n === 1
            ? { status: 503, body: 'Service Unavailable' }
            : n === 2
              ? {
                  status: 429,
                  headers: { 'retry-after': '1', 'content-type': 'text/plain' },
                  body: 'Too Many Requests (HAP429).\n',
                }
              : 'forward',
      },
      {
        name: 'patch-cut',
        match: is('PATCH', /\/blobs\/uploads\//),
        action: (_r, n) => (n === 1 ? { cutRequestAfter: 1024 * 1024 } : 'forward'),
      },
      {
        name: 'manifest-put-502',
        match: is('PUT', /\/manifests\//),
        action: (_r, n) =>
          n === 1 ? { status: 502, body: '<html><h1>Bad Gateway</h1></html>' } : 'forward',
      },
      {
        name: 'manifest-get-cut',
        match: is('GET', /\/manifests\//),
        action: (_r, n) => (n === 1 ? { cutResponseAfter: 40 } : 'forward'),
      },
    ];
    const image = makeImage(3 * 1024 * 1024, true);
    const { results, digest } = await pushImage(c, repo, image);
    expect(results).toEqual(['uploaded', 'uploaded']);
    expect(digest).toBe(sha256(image.manifest));
    expect(await manifestDigest(repo, 'v1')).toBe(digest);
    const got = await c.getManifest(repo, 'v1');
    expect(got.digest).toBe(digest);
    expect(got.body.equals(image.manifest)).toBe(true);
    expect(sha256(await fixtureGetBlob(repo, image.layer.digest))).toBe(image.layer.digest);

    expect(waits).toContain(1000); // Retry-After: 1
    expect(waits).toContain(2000); // Retry-After: 2
    expect(c.stats.retries).toBeGreaterThanOrEqual(5);
    expect((image.layer as ReturnType<typeof streamBlob>).opens).toBeGreaterThanOrEqual(2);
    const text = lines.join('\n');
    expect(text).toMatch(/rate limited \(HTTP 429: Too Many Requests \(HAP429\)\.\)/);
    expect(text).toMatch(/Registry rate limit: 42 of 100 requests left per 6h|21600/);
    expectNoPassword(text);
  });

  it('re-authenticates once on a 401 in the middle of a push', async () => {
    const repo = uniqueRepo('alice', 'rc-reauth');
    const c = client({ registry: proxy.url });
    const image = makeImage();
    await c.pushBlob(repo, image.config);
    await c.pushBlob(repo, image.layer);
    const before = await tokenStats();
    proxy.rules = [
      {
        name: 'put-401',
        match: is('PUT', /\/manifests\//),
        action: (_r, n) =>
          n === 1
            ? {
                status: 401,
                headers: {
                  'content-type': 'application/json',
                  'www-authenticate': `Bearer realm="http://127.0.0.1:5001/token",service="registry.test",scope="repository:${repo}:pull,push"`,
                },
                body: JSON.stringify({
                  errors: [{ code: 'UNAUTHORIZED', message: 'token expired' }],
                }),
              }
            : 'forward',
      },
    ];
    const digest = await c.putManifest(repo, 'v1', image.manifest, OCI_MANIFEST);
    expect(digest).toBe(sha256(image.manifest));
    expect((await tokenStats()).issued - before.issued).toBeGreaterThanOrEqual(1);
    expect(c.stats.retries).toBe(0); // a re-auth is not a transient retry

    // A second 401 with a fresh token is final: denied, not an endless loop.
    proxy.rules = [
      {
        name: 'put-401-always',
        match: is('PUT', /\/manifests\//),
        action: () => ({
          status: 401,
          headers: {
            'www-authenticate':
              'Bearer realm="http://127.0.0.1:5001/token",service="registry.test",error="insufficient_scope"',
          },
          body: JSON.stringify({
            errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }],
          }),
        }),
      },
    ];
    const err = await caught(c.putManifest(repo, 'v2', image.manifest, OCI_MANIFEST));
    expect(err.stage).toBe('push');
    expect(err.message).toContain(`Access denied to repository "${repo}"`);
  });

  it('gives up within the time budget and says why', async () => {
    const repo = uniqueRepo('alice', 'rc-budget');
    const waits: number[] = [];
    let clock = Date.now();
    const c = client({
      registry: proxy.url,
      totalTimeoutMs: 5000,
      // A fake clock that the injected sleep moves on: the budget runs out without waiting.
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    proxy.rules = [
      {
        name: 'always-429',
        match: is('GET', /\/manifests\//),
        action: () => ({
          status: 429,
          headers: { 'retry-after': '2', 'content-type': 'text/plain' },
          body: 'Too Many Requests (HAP429).',
        }),
      },
    ];
    const err = await caught(c.getManifest(repo, 'v1'));
    expect(err.message).toMatch(/rate limit was reached .*HAP429/);
    expect(err.message).toMatch(/gave up|budget/);
    expect(err.hint).toMatch(/rate limit/);
    expect(waits).toEqual([2000, 2000]); // a third wait would end after the 5 s budget
  });

  it('gives up on an idle request and tries again', async () => {
    const repo = uniqueRepo('alice', 'rc-idle');
    const image = makeImage();
    const { digest } = await pushImage(client(), repo, image);
    const c = client({ registry: proxy.url, requestTimeoutMs: 400, sleep: async () => {} });
    proxy.rules = [
      {
        name: 'hang-once',
        match: is('HEAD', /\/manifests\//),
        action: (_r, n) => (n === 1 ? { hang: true } : 'forward'),
      },
    ];
    const started = Date.now();
    expect(await c.headManifest(repo, 'v1')).toEqual({ digest, mediaType: OCI_MANIFEST });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(c.stats.retries).toBe(1);
  });

  it('fails a blob download cut short with a plain error', async () => {
    const repo = uniqueRepo('alice', 'rc-cut-blob');
    const blob = bufferBlob(randomBytes(200_000));
    await client().pushBlob(repo, blob);
    const c = client({ registry: proxy.url });
    proxy.rules = [
      {
        name: 'cut-blob',
        match: is('GET', /\/blobs\/sha256:/),
        action: () => ({ cutResponseAfter: 1000 }),
      },
    ];
    const stream = await c.getBlob(repo, blob.digest);
    const err = await caught(readAll(stream));
    expect(err.message).toMatch(/^Downloading blob sha256:\w+ of .* failed: /);
    expect(err.message).not.toMatch(/\n\s+at /);
  });

  it('trusts what the tag names over a wrong digest in the answer to the PUT', async () => {
    const repo = uniqueRepo('alice', 'rc-digest');
    const c = client({ registry: proxy.url });
    const image = makeImage();
    await c.pushBlob(repo, image.config);
    await c.pushBlob(repo, image.layer);
    const wrong = sha256(Buffer.from('something else'));
    proxy.rules = [
      {
        name: 'lie',
        match: is('PUT', /\/manifests\//),
        action: () => ({ rewriteResponseHeaders: { 'docker-content-digest': wrong } }),
      },
    ];
    // The tag was stored as pushed (read back with a HEAD): it counts as pushed.
    const digest = await c.putManifest(repo, 'v1', image.manifest, OCI_MANIFEST);
    expect(digest).toBe(sha256(image.manifest));
    expect(await manifestDigest(repo, 'v1')).toBe(digest);
  });

  it('does not send credentials to another host on a blob redirect', async () => {
    const repo = uniqueRepo('alice', 'rc-redirect');
    const data = randomBytes(50_000);
    const blob = bufferBlob(data);
    await client().pushBlob(repo, blob);
    const seen: (string | undefined)[] = [];
    const cdn = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-length': String(data.length) });
      res.end(data);
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    const cdnPort = (cdn.address() as AddressInfo).port;
    try {
      proxy.rules = [
        {
          name: 'redirect',
          match: is('GET', /\/blobs\/sha256:/),
          action: () => ({
            status: 307,
            headers: { location: `http://localhost:${cdnPort}/blob?sig=x` },
          }),
        },
      ];
      const c = client({ registry: proxy.url });
      const got = await readAll(await c.getBlob(repo, blob.digest));
      expect(got.equals(data)).toBe(true);
      expect(seen).toEqual([undefined]);
    } finally {
      cdn.closeAllConnections();
      await new Promise<void>((resolve) => cdn.close(() => resolve()));
    }
  });
});

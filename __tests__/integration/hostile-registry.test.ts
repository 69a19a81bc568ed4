// The registry client against a hostile registry (fixtures/hostile-registry.ts) that
// sends uploads, tag pages and downloads to another host, names a plain-http token
// realm, echoes the credentials in error bodies and headers. The credentials must reach
// only the registry and its own token service, and never appear in what is printed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, type Logger } from '../../src/registry/client.js';
import { secretForms } from '../../src/core/secrets.js';
import {
  bearerTokens,
  startHostileRegistry,
  type HostileOptions,
  type HostileRegistry,
} from '../fixtures/hostile-registry.js';
import { REGISTRY, USERS, requireServices, uniqueRepo } from '../fixtures/registry.js';
import {
  bufferBlob as blob,
  makeImage,
  pushImage as pushTestImage,
  readAll,
  sha256,
} from '../fixtures/test-image.js';
import { leakedLines, secretPieces } from './harness.js';

const ALICE = { username: 'alice', password: USERS.alice! };

const servers: HostileRegistry[] = [];
const clients: RegistryClient[] = [];

beforeAll(async () => {
  await requireServices();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function hostile(o: HostileOptions): Promise<HostileRegistry> {
  const h = await startHostileRegistry(o);
  servers.push(h);
  return h;
}

interface Logged {
  lines: string[];
  masked: string[];
  logger: Logger;
}
function logged(): Logged {
  const lines: string[] = [];
  const masked: string[] = [];
  return {
    lines,
    masked,
    logger: {
      info: (m) => lines.push(`info: ${m}`),
      debug: (m) => lines.push(`debug: ${m}`),
      warning: (m) => lines.push(`warning: ${m}`),
      setSecret: (s) => masked.push(s),
    },
  };
}

function client(registry: string, log: Logged, chunk = 0): RegistryClient {
  const c = new RegistryClient({
    registry,
    credentials: ALICE,
    logger: log.logger,
    totalTimeoutMs: 10_000,
    uploadChunkSize: chunk,
  });
  clients.push(c);
  return c;
}

const PASSWORD_PIECES = secretPieces(secretForms(ALICE.username, ALICE.password));

/** A one-layer image pushed with `c` to `repo`: its manifest. */
async function pushImage(c: RegistryClient, repo: string, tag: string): Promise<Buffer> {
  const image = makeImage(512);
  await pushTestImage(c, repo, image, tag);
  return image.manifest;
}

const withAuth = (h: HostileRegistry) => h.other.seen.filter((s) => s.authorization !== undefined);

describe('credentials stay with the registry', () => {
  it('uploads sent to another host go there without Authorization (POST and PATCH chains)', async () => {
    const h = await hostile({ uploads: true });
    const log = logged();
    const c = client(h.host, log, 256 * 1024);
    const repo = uniqueRepo('alice', 'hostile-upload');
    const small = randomBytes(1000);
    const large = randomBytes(1536 * 1024);
    expect(await c.pushBlob(repo, blob(small))).toBe('uploaded');
    expect(await c.pushBlob(repo, blob(large))).toBe('uploaded');
    const methods = h.other.seen.map((s) => s.method);
    expect(methods).toContain('PATCH');
    expect(methods).toContain('PUT');
    expect(withAuth(h)).toEqual([]);
    // The blobs really are in the registry.
    const direct = client(REGISTRY, logged());
    expect(await direct.hasBlob(repo, sha256(large))).toBe(true);
  });

  it('refuses the challenge of the host an upload was sent to, naming it', async () => {
    const h = await hostile({ uploads: true });
    h.other.mode = 'challenge';
    const log = logged();
    const c = client(h.host, log);
    const repo = uniqueRepo('alice', 'hostile-upload-401');
    const err = await c.pushBlob(repo, blob(randomBytes(2000))).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(
      `${h.other.host} asked for credentials (Bearer realm ${h.other.url}/token)`,
    );
    expect((err as Error).message).toContain(`it is not ${h.host}`);
    expect(h.other.seen.length).toBeGreaterThan(0);
    expect(withAuth(h)).toEqual([]);
    expect(h.other.seen.filter((s) => s.path.startsWith('/token'))).toEqual([]);
  });

  it('follows the next page of tags to another host without Authorization', async () => {
    const h = await hostile({ tagPages: true });
    const repo = uniqueRepo('alice', 'hostile-tags');
    await pushImage(client(REGISTRY, logged()), repo, 'v1');
    const c = client(h.host, logged());
    expect(await c.listTags(repo)).toEqual(['v1', 'from-the-other-host']);
    expect(h.other.seen.map((s) => s.path)).toEqual([`/v2/${repo}/tags/list?n=100&last=zzz`]);
    expect(withAuth(h)).toEqual([]);

    h.other.mode = 'challenge';
    const err = await client(h.host, logged())
      .listTags(repo)
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      new RegExp(`^${h.other.host} asked for credentials .* while listing the tags`),
    );
    expect(withAuth(h)).toEqual([]);
  });

  it('downloads blobs and manifests redirected to another host without Authorization', async () => {
    const h = await hostile({ blobRedirects: true, manifestRedirects: true });
    const repo = uniqueRepo('alice', 'hostile-get');
    const manifest = await pushImage(client(REGISTRY, logged()), repo, 'v1');
    const c = client(h.host, logged());
    const got = await c.getManifest(repo, 'v1');
    expect(got.body.equals(manifest)).toBe(true);
    const layer = (JSON.parse(manifest.toString('utf8')) as { layers: { digest: string }[] })
      .layers[0]!.digest;
    expect(sha256(await readAll(await c.getBlob(repo, layer)))).toBe(layer);
    expect(h.other.seen.length).toBe(2);
    expect(withAuth(h)).toEqual([]);

    h.other.mode = 'challenge';
    const err = await client(h.host, logged())
      .getManifest(repo, 'v1')
      .catch((e: Error) => e);
    expect((err as Error).message).toContain(`${h.other.host} asked for credentials`);
    expect(withAuth(h)).toEqual([]);
  });
});

describe('the token realm', () => {
  it('refuses a plain-http realm named by an https registry, naming the realm', async () => {
    const h = await hostile({ auth: 'realm', tls: true });
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the fixture's certificate is self-signed
    try {
      const c = client(h.url, logged());
      const err = await c.checkPushAccess('alice/app').catch((e: Error) => e);
      expect((err as Error).message).toContain(
        `asked for a token from ${h.other.url}/token, over plain HTTP`,
      );
      expect(h.seen.length).toBeGreaterThan(0);
      expect(h.other.seen).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  it('uses a plain-http realm when the registry itself is plain http', async () => {
    const h = await hostile({ auth: 'realm' });
    const c = client(h.host, logged());
    await c.checkPushAccess('alice/app');
    const asked = h.other.seen.filter((s) => s.path.startsWith('/token'));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.authorization).toMatch(/^Basic /);
  });
});

describe('what the registry echoes is redacted', () => {
  it('an error body repeating the password is redacted before it is cut short', async () => {
    const h = await hostile({ auth: 'basic', echo: 'manifest-put' });
    const log = logged();
    const c = client(h.host, log);
    const repo = uniqueRepo('alice', 'hostile-echo');
    const err = await pushImage(c, repo, 'v1').catch((e: Error) => e);
    const message = (err as Error).message;
    expect(message).toMatch(/^Pushing the manifest v1 .* failed: .*HTTP 400: \.{100,}\*\*\*/);
    expect(leakedLines(message, PASSWORD_PIECES)).toEqual([]);
    expect(leakedLines(log.lines.join('\n'), PASSWORD_PIECES)).toEqual([]);
  });

  it('an error body repeating the token is redacted, and every token is masked', async () => {
    const h = await hostile({ auth: 'proxy', echo: 'manifest-put' });
    const log = logged();
    const c = client(h.host, log);
    const err = await pushImage(c, uniqueRepo('alice', 'hostile-echo-token'), 'v1').catch(
      (e: Error) => e,
    );
    const message = (err as Error).message;
    expect(message).toContain('you sent: Authorization: Bearer ***');
    const seen = bearerTokens(h);
    expect(seen.length).toBeGreaterThan(0);
    for (const t of seen) expect(log.masked).toContain(t);
    expect(leakedLines(message, secretPieces(seen))).toEqual([]);
    expect(leakedLines(log.lines.join('\n'), secretPieces(seen))).toEqual([]);
  });

  it('prints a Docker-Content-Digest only when it is a well-formed digest', async () => {
    const h = await hostile({ auth: 'proxy', digestEcho: true });
    const log = logged();
    const c = client(h.host, log);
    const err = await pushImage(c, uniqueRepo('alice', 'hostile-digest'), 'v1').catch(
      (e: Error) => e,
    );
    const message = (err as Error).message;
    expect(message).toMatch(/stored blob sha256:[0-9a-f]{12} of .* under a malformed digest/);
    expect(message).not.toContain('Bearer');
    expect(leakedLines(message, secretPieces(bearerTokens(h)))).toEqual([]);
  });
});

// Proves the registry fixture (.ci/services) behaves like Docker Hub's token auth.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REGISTRY,
  REGISTRY_URL,
  TOKEN_REALM,
  TOKEN_SERVICE,
  USERS,
  dockerSession,
  getBlob,
  getManifest,
  listTags,
  manifestDigest,
  registryFetch,
  requireServices,
  runDocker,
  setTokenTtl,
  token,
  tokenStats,
  uniqueRepo,
  type DockerSession,
} from '../fixtures/registry.js';

function claims(jwt: string): { sub: string; aud: string; access: unknown[] } {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('registry fixture with Docker-Hub-style token auth', () => {
  const aliceRepo = uniqueRepo('alice', 'services');
  const bobRepo = uniqueRepo('bob', 'services');
  const content = `hello ${randomBytes(8).toString('hex')}\n`;
  let context = '';
  let alice: DockerSession | undefined;
  const images: string[] = [];

  beforeAll(async () => {
    await requireServices();
    context = await mkdtemp(join(tmpdir(), 'osi-services-test-'));
    await writeFile(join(context, 'hello.txt'), content);
    await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    alice = await dockerSession('alice');
  });

  afterAll(async () => {
    await setTokenTtl().catch(() => undefined);
    if (images.length > 0) await runDocker(['rmi', '--force', ...images]);
    await alice?.cleanup();
    if (context) await rm(context, { recursive: true, force: true });
  });

  it('answers with a Bearer challenge naming realm, service and scope', async () => {
    const root = await fetch(`${REGISTRY_URL}/v2/`);
    expect(root.status).toBe(401);
    expect(root.headers.get('www-authenticate')).toBe(
      `Bearer realm="${TOKEN_REALM}",service="${TOKEN_SERVICE}"`,
    );
    const tags = await fetch(`${REGISTRY_URL}/v2/${aliceRepo}/tags/list`);
    expect(tags.status).toBe(401);
    expect(tags.headers.get('www-authenticate')).toContain(`scope="repository:${aliceRepo}:pull"`);
  });

  it('rejects wrong credentials at the token endpoint', async () => {
    const auth = `Basic ${Buffer.from('alice:wrong-password').toString('base64')}`;
    const get = await fetch(`${TOKEN_REALM}?service=${TOKEN_SERVICE}`, {
      headers: { Authorization: auth },
    });
    expect(get.status).toBe(401);
    expect(await get.json()).toEqual({ details: 'incorrect username or password' });

    const post = await fetch(TOKEN_REALM, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'bob',
        password: USERS.alice ?? '',
        service: TOKEN_SERVICE,
      }),
    });
    expect(post.status).toBe(401);
  });

  it('grants push only in the user namespace, pull to anyone', async () => {
    const own = claims(await token(aliceRepo, ['pull', 'push'], 'alice'));
    expect(own.sub).toBe('alice');
    expect(own.aud).toBe(TOKEN_SERVICE);
    expect(own.access).toEqual([
      { type: 'repository', name: aliceRepo, actions: ['pull', 'push'] },
    ]);
    const other = claims(await token(bobRepo, ['pull', 'push'], 'alice'));
    expect(other.access).toEqual([{ type: 'repository', name: bobRepo, actions: ['pull'] }]);
    const anonymous = claims(await token(aliceRepo, ['pull', 'push'], null));
    expect(anonymous.sub).toBe('');
    expect(anonymous.access).toEqual([{ type: 'repository', name: aliceRepo, actions: ['pull'] }]);
  });

  it('lets alice push into alice/... with docker push', async () => {
    const session = alice!;
    const image = `${REGISTRY}/${aliceRepo}:1`;
    images.push(image);
    const build = await runDocker(['build', '--quiet', '--tag', image, context], {
      env: { ...session.env, DOCKER_BUILDKIT: '0' },
    });
    expect(build.code, build.stderr).toBe(0);

    const before = await tokenStats();
    const push = await session.docker(['push', image]);
    expect(push.code, push.stderr).toBe(0);
    const after = await tokenStats();
    expect(after.byUser.alice ?? 0).toBeGreaterThan(before.byUser.alice ?? 0);

    expect(await listTags(aliceRepo)).toEqual(['1']);
    const digest = await manifestDigest(aliceRepo, '1');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { manifest, mediaType } = await getManifest(aliceRepo, digest!);
    expect(mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(manifest.layers).toHaveLength(1);
    const layer = await getBlob(aliceRepo, manifest.layers![0]!.digest);
    // A gzipped tar holding hello.txt.
    expect(gunzipSync(layer).includes(Buffer.from(content))).toBe(true);
  });

  it('denies alice a push into bob/...', async () => {
    const session = alice!;
    const image = `${REGISTRY}/${bobRepo}:1`;
    images.push(image);
    expect((await runDocker(['tag', `${REGISTRY}/${aliceRepo}:1`, image])).code).toBe(0);
    const push = await session.docker(['push', image]);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/denied|unauthorized|insufficient_scope/i);
    expect(await listTags(bobRepo)).toEqual([]);

    // The registry itself refuses an upload with a pull-only token.
    const upload = await registryFetch(
      bobRepo,
      'blobs/uploads/',
      { method: 'POST' },
      ['pull', 'push'],
      'alice',
    );
    expect(upload.status).toBe(401);
    expect(upload.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('serves anonymous pulls', async () => {
    const image = `${REGISTRY}/${aliceRepo}:1`;
    const anonymous = await dockerSession();
    try {
      expect((await runDocker(['rmi', image])).code).toBe(0);
      const pull = await anonymous.docker(['pull', image]);
      expect(pull.code, pull.stderr).toBe(0);
      const digest = await manifestDigest(aliceRepo, '1');
      expect(pull.stdout).toContain(digest);
    } finally {
      await anonymous.cleanup();
    }
  });

  it('refuses an expired token at the registry', async () => {
    await setTokenTtl(2);
    try {
      const jwt = await token(aliceRepo, ['pull'], null);
      const headers = { Authorization: `Bearer ${jwt}` };
      const fresh = await fetch(`${REGISTRY_URL}/v2/${aliceRepo}/tags/list`, { headers });
      expect(fresh.status).toBe(200);
      await sleep(3100);
      const expired = await fetch(`${REGISTRY_URL}/v2/${aliceRepo}/tags/list`, { headers });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      await setTokenTtl();
    }
  });
});

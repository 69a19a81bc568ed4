/**
 * Base images from a second registry (its own storage, tokens from the same service): a
 * private base is built from with registry-auth, for FROM and COPY --from, and refused
 * without it; its credentials go to that registry only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { run } from '../../src/pipeline/run.js';
import { recordingIo } from '../fixtures/fake-io.js';
import {
  getManifest,
  listTags,
  manifestDigest,
  REGISTRY,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { runRequest } from '../fixtures/run-request.js';
import { startSecondRegistry, type SecondRegistry } from '../fixtures/second-registry.js';
import { bufferBlob, imageOf, pushImage, sha256 } from '../fixtures/test-image.js';

const ALICE_PW = USERS.alice!;
let second: SecondRegistry;
let base = '';
let baseLayer = '';
const dirs: string[] = [];

/** A one-layer linux/amd64 base image holding /base.txt, pushed as alice. */
async function pushPrivateBase(host: string, repo: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'osi-base-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'base.txt'), 'from the private base\n');
  const tar = execFileSync('tar', ['-c', '--owner=0', '--group=0', '-C', dir, 'base.txt']);
  const layer = bufferBlob(gzipSync(tar));
  const image = imageOf(layer, 'application/vnd.oci.image.layer.v1.tar+gzip', sha256(tar));
  const client = new RegistryClient({
    registry: host,
    credentials: { username: 'alice', password: ALICE_PW },
  });
  try {
    await pushImage(client, repo, image, 'v1');
  } finally {
    client.close();
  }
  return layer.digest;
}

beforeAll(async () => {
  await requireServices();
  second = await startSecondRegistry();
  const repo = uniqueRepo('alice', 'x').replace('alice/t-', 'alice/private-');
  base = `${second.host}/${repo}:v1`;
  baseLayer = await pushPrivateBase(second.host, repo);
});

afterAll(async () => {
  await second?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A workspace whose Dockerfile builds on the private base, FROM and COPY --from (or scratch). */
function workspace(from = base): string {
  const ws = mkdtempSync(join(tmpdir(), 'osi-registry-auth-'));
  dirs.push(ws);
  writeFileSync(join(ws, 'hello.txt'), 'hello\n');
  const copy = from === 'scratch' ? '' : `COPY --from=${from} /base.txt /copied.txt\n`;
  writeFileSync(join(ws, 'Dockerfile'), `FROM ${from}\n${copy}COPY hello.txt /hello.txt\n`);
  return ws;
}

describe('a private base image on a second registry', () => {
  it('is refused to anonymous pulls', async () => {
    const res = await fetch(`http://${second.host}/v2/`);
    expect(res.status).toBe(401);
    const repo = base.slice(second.host.length + 1).replace(/:v1$/, '');
    const anonymous = new RegistryClient({ registry: second.host });
    try {
      await expect(anonymous.getManifest(repo, 'v1')).rejects.toThrow(/may not read it/);
    } finally {
      anonymous.close();
    }
  });

  it('is built from with registry-auth, the push credentials going to the registry pushed to', async () => {
    const repo = uniqueRepo('bob', 'private-base');
    const io = recordingIo();
    const request = runRequest(workspace(), 'main', {
      registry: REGISTRY,
      image: repo,
      username: 'bob',
      password: USERS.bob!,
      builder: 'native',
      'registry-auth': `${second.host}=alice:${ALICE_PW}\n`,
    });
    const outcome = await run(request, io);
    expect(io.texts('error')).toEqual([]);
    expect(outcome.ok).toBe(true);
    // The image's manifest (the index beside it may hold attestations, platform unknown).
    const top = await getManifest(repo, 'latest');
    const own = top.manifest.manifests?.find((m) => m.platform?.os !== 'unknown');
    const pushed = own ? await getManifest(repo, own.digest) : top;
    const layers = pushed.manifest.layers!.map((l) => l.digest);
    expect(layers[0]).toBe(baseLayer);
    expect(layers).toHaveLength(3);
    // Every form of alice's password was masked before anything was said, and none was said.
    expect(io.secrets).toContain(ALICE_PW);
    expect(io.secrets).toContain(Buffer.from(`alice:${ALICE_PW}`).toString('base64'));
    const said = io.said.map((s) => s.text).join('\n');
    expect(said).not.toContain(ALICE_PW);
  });

  it('is refused without registry-auth, with a hint to set it for that registry', async () => {
    const io = recordingIo();
    const request = runRequest(workspace(), 'main', {
      registry: REGISTRY,
      image: uniqueRepo('bob', 'no-auth'),
      username: 'bob',
      password: USERS.bob!,
      builder: 'native',
    });
    const outcome = await run(request, io);
    expect(outcome.ok).toBe(false);
    expect(outcome.failed).toBe('build');
    const [error] = io.texts('error');
    expect(error).toMatch(/anonymous users may not read it/);
    expect(error).toContain(`a line ${second.host}=<username>:<token> in "registry-auth"`);
  });
});

describe('one push to two registries', () => {
  it('gives one digest under the same tags in both, for a two-platform image', async () => {
    const repo = uniqueRepo('alice', 'two-registries');
    const ws = mkdtempSync(join(tmpdir(), 'osi-two-registries-'));
    dirs.push(ws);
    mkdirSync(join(ws, 'ctx'));
    writeFileSync(join(ws, 'ctx', 'hello.txt'), 'hello\n');
    writeFileSync(join(ws, 'ctx', 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    const io = recordingIo();
    const request = runRequest(ws, 'main', {
      images: `${REGISTRY}/${repo}\n${second.host}/${repo}\n`,
      username: 'alice',
      password: ALICE_PW,
      builder: 'native',
      platforms: 'linux/amd64,linux/arm64',
      context: 'ctx',
      'registry-auth': `${second.host}=alice:${ALICE_PW}`,
    });
    // The platforms are built from copies of the workspace, made in the runner's temp.
    const temp = mkdtempSync(join(tmpdir(), 'osi-two-registries-temp-'));
    dirs.push(temp);
    request.context = { ...request.context, runnerTemp: temp };
    const outcome = await run(request, io);
    expect(io.texts('error')).toEqual([]);
    expect(outcome.ok).toBe(true);
    const tags = (await listTags(repo)).sort();
    expect(tags.length).toBeGreaterThan(1);
    const digest = io.outputs.digest!;
    expect(digest).toMatch(/^sha256:/);
    const other = new RegistryClient({
      registry: second.host,
      credentials: { username: 'alice', password: ALICE_PW },
    });
    try {
      expect((await other.listTags(repo)).sort()).toEqual(tags);
      for (const tag of tags) {
        expect(await manifestDigest(repo, tag), tag).toBe(digest);
        expect((await other.headManifest(repo, tag))?.digest, tag).toBe(digest);
      }
      // Each platform's manifest is there by its digest, with its blobs.
      const index = JSON.parse((await other.getManifest(repo, digest)).body.toString('utf8')) as {
        manifests: Array<{ digest: string }>;
      };
      // Two platforms, and whatever attestations the index carries: all of it copied.
      expect(index.manifests.length).toBeGreaterThanOrEqual(2);
      for (const m of index.manifests) {
        const image = JSON.parse((await other.getManifest(repo, m.digest)).body.toString('utf8'));
        expect(
          await other.hasBlob(repo, (image as { config: { digest: string } }).config.digest),
        ).toBe(true);
      }
    } finally {
      other.close();
    }
    const refs = (name: string) => tags.map((tag) => `${name}:${tag}`);
    expect(io.outputs.images!.split('\n').sort()).toEqual(
      [...refs(`${REGISTRY}/${repo}`), ...refs(`${second.host}/${repo}`)].sort(),
    );
    expect(io.outputs.image).toBe(`${REGISTRY}/${repo}`);
    expect(io.outputs['pushed-tags']!.split('\n').sort()).toEqual(
      io.outputs.images!.split('\n').sort(),
    );
  });

  it('without credentials for the second registry, fails before building', async () => {
    const repo = uniqueRepo('alice', 'two-no-auth');
    const io = recordingIo();
    const request = runRequest(workspace(), 'main', {
      images: `${REGISTRY}/${repo}\n${second.host}/${repo}`,
      username: 'alice',
      password: ALICE_PW,
      builder: 'native',
    });
    const outcome = await run(request, io);
    expect(outcome.failed).toBe('inputs');
    expect(io.texts('error').join('\n')).toMatch(
      new RegExp(`line 2: pushing to ${second.host.replace(/\./g, '\\.')} needs credentials`),
    );
    expect(await listTags(repo)).toEqual([]);
  });

  it('a registry that refuses the push fails the step before anything is pushed', async () => {
    const repo = uniqueRepo('alice', 'two-refused');
    const io = recordingIo();
    // alice may not push to bob's repository on the second registry.
    const refused = `${second.host}/${uniqueRepo('bob', 'two-refused')}`;
    const request = runRequest(workspace(), 'main', {
      images: `${REGISTRY}/${repo}\n${refused}`,
      username: 'alice',
      password: ALICE_PW,
      builder: 'native',
      'registry-auth': `${second.host}=alice:${ALICE_PW}`,
    });
    const outcome = await run(request, io);
    expect(outcome.failed).toBe('push');
    expect(io.texts('error').join('\n')).toContain(
      `Access denied to repository "${refused.slice(second.host.length + 1)}"`,
    );
    expect(await listTags(repo)).toEqual([]);
    expect(io.outputs.pushed).toBe('false');
  });

  it('a failure in the second registry after the first push says which registries hold the tags', async () => {
    // A registry that lets anyone in and has every blob, but takes no manifest.
    const broken = http.createServer((req, res) => {
      if (req.method === 'PUT' && req.url?.includes('/manifests/')) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"MANIFEST_INVALID","message":"no manifests here"}]}');
        return;
      }
      res.writeHead(200, {
        'content-length': '0',
        'docker-content-digest': 'sha256:' + '0'.repeat(64),
      });
      res.end();
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(broken.address() as AddressInfo).port}`;
    try {
      const repo = uniqueRepo('alice', 'two-partial');
      const io = recordingIo();
      const request = runRequest(workspace('scratch'), 'main', {
        images: `${REGISTRY}/${repo}\n${host}/alice/partial`,
        username: 'alice',
        password: ALICE_PW,
        builder: 'native',
        'registry-auth': `${host}=alice:any-pw`,
      });
      const outcome = await run(request, io);
      expect(outcome.failed).toBe('push');
      const tags = await listTags(repo);
      expect(tags.length).toBeGreaterThan(0);
      const [error] = io.texts('error');
      expect(error).toContain(`Pushing to ${host}/alice/partial failed`);
      expect(error).toContain(`is in ${REGISTRY}/${repo}.`);
      expect(error).toContain(`Updated: ${REGISTRY}/${repo}:`);
      expect(error).toContain(`Not updated: ${host}/alice/partial:`);
      expect(io.outputs['pushed-tags']!.split('\n').sort()).toEqual(
        tags.map((tag) => `${REGISTRY}/${repo}:${tag}`).sort(),
      );
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});

describe('the command line', () => {
  const cli = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

  function runCli(dir: string, args: string[]): { code: number; out: string } {
    const result = spawnSync(process.execPath, [cli, '--builder', 'native', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, DOCKER_HOST: 'unix:///nonexistent.sock' },
      encoding: 'utf8',
    });
    return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}` };
  }

  it('reads registry-auth from --registry-auth-file, and says to give it when missing', () => {
    const dir = workspace();
    const file = join(dir, 'auth.txt');
    writeFileSync(file, `${second.host}=alice:${ALICE_PW}\n`);
    const ok = runCli(dir, ['--registry-auth-file', file]);
    expect(ok.out).not.toContain(ALICE_PW);
    expect(ok.code, ok.out).toBe(0);
    const refused = runCli(dir, []);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(
      `a line ${second.host}=<username>:<token> in --registry-auth-file`,
    );
  });
});

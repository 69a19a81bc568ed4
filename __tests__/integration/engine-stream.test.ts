// The docker builder with the publisher, in process, against the real registry fixture
// through the fault proxy: the large layers an engine built (one of COPY, one of RUN, on
// a base image from the registry) are uploaded while docker save streams and they are
// compressed (one chunked PATCH each, never checked first), push() does not send them
// again, and the image pulled back runs with its files intact. For the legacy builder
// and for the engine's BuildKit driven by Debian's 20.10 client (DOCKER_BUILDKIT=1).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import type { DockerBuilder } from '../../src/builders/docker/builder.js';
import { makePlan, type Plan } from '../../src/request/plan.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import {
  imageManifest,
  REGISTRY,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { runRequest } from '../fixtures/run-request.js';
import { engineBuilder } from './engine-builder.js';
import { builderSetup } from './harness.js';
import { missingTools } from './optional-tools.js';
import { shellBase } from './shell-base.js';

const MiB = 1024 * 1024;
const ALICE = { username: 'alice', password: USERS.alice! };
const noBusybox = missingTools('busybox') !== undefined;

let p: FaultProxy;
const dirs: string[] = [];
const builders: DockerBuilder[] = [];
const pulled: string[] = [];
/** The images built, in the engine under the proxy's name. */
const engine = engineCleanup(() => p.host);

beforeAll(async () => {
  await requireServices();
  p = await startFaultProxy({ routeTokens: true });
});
afterEach(() => {
  for (const b of builders.splice(0)) b.dispose();
  vi.unstubAllEnvs();
  p.reset();
});
afterAll(async () => {
  await p.close();
  for (const ref of pulled) execFileSync('docker', ['rmi', '--force', ref], { stdio: 'pipe' });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A workspace whose image has a 12 MiB COPY layer and a 12 MiB RUN layer (random bytes:
 * stored, so each layer is as large), and checks both files when it runs.
 */
async function workspace(): Promise<string> {
  const ws = mkdtempSync(join(tmpdir(), 'oneimage-engine-stream-'));
  dirs.push(ws);
  writeFileSync(join(ws, 'big'), randomBytes(12 * MiB));
  writeFileSync(
    join(ws, 'Dockerfile'),
    `FROM ${await shellBase()}\n` +
      'COPY big /big\n' +
      'RUN head -c 12582912 /dev/urandom > /made && sha256sum /big /made > /sums\n' +
      'CMD ["sh", "-c", "sha256sum -c /sums && wc -c /big /made"]\n',
  );
  return ws;
}

/** Builds the workspace's image with the docker builder and pushes it to `repo` on the proxy. */
async function buildAndPush(repo: string): Promise<{ plan: Plan; digest: string }> {
  const ws = await workspace();
  engine.repos.push(repo);
  const request = runRequest(ws, 'main', {
    registry: p.host,
    image: repo,
    username: ALICE.username,
    password: ALICE.password,
    builder: 'docker',
    attestations: 'false',
  });
  const plan = makePlan(request.context, request.inputs, request.clock);
  expect(plan.push).toBe(true);
  const b = engineBuilder(ws, p.host);
  builders.push(b);
  const login = b.login(ALICE, plan);
  await b.build(plan, undefined);
  await login;
  const result = await b.push(plan);
  return { plan, digest: result.digest };
}

/** What the image prints when pulled from the registry (behind the proxy) and run. */
function pullAndRun(repo: string, digest: string): string {
  const ref = `${REGISTRY}/${repo}@${digest}`;
  execFileSync('docker', ['pull', '--quiet', ref], { stdio: 'pipe' });
  pulled.push(ref);
  return execFileSync('docker', ['run', '--rm', '--network', 'none', ref], { encoding: 'utf8' });
}

describe.skipIf(noBusybox)('the docker builder uploading while docker save streams', () => {
  it.each(['docker', 'docker-buildkit'])(
    '%s: streams the large layers of COPY and RUN, and the image pulled back runs',
    async (name) => {
      for (const [key, value] of Object.entries(builderSetup(name).env)) vi.stubEnv(key, value);
      const repo = uniqueRepo('alice', `eng-stream-${name}`);
      const { plan, digest } = await buildAndPush(repo);

      const { manifest } = await imageManifest(repo, plan.tags[0]!);
      const layers = manifest.layers ?? [];
      expect(layers.length).toBeGreaterThanOrEqual(3);
      const big = layers.filter((l) => l.size > 8 * MiB).map((l) => l.digest);
      expect(big).toHaveLength(2);
      // Each large layer went streamed, as it was compressed: a session with one PATCH,
      // closed by a PUT ?digest=, never checked first (a finished blob is), not sent
      // again by push(). (That it starts before docker save ends: the unit test.)
      const uploads = p.requests.filter(
        (r) => r.kind === 'blob-upload' && r.path.includes(`/${repo}/`),
      );
      for (const blob of big) {
        const named = `digest=${encodeURIComponent(blob)}`;
        const put = uploads.filter((r) => r.method === 'PUT' && r.path.includes(named));
        expect(put, p.describe()).toHaveLength(1);
        const session = /\/blobs\/uploads\/([^?]+)/.exec(put[0]!.path)![1]!;
        const patches = uploads.filter(
          (r) => r.method === 'PATCH' && r.path.includes(`/uploads/${session}?`),
        );
        expect(patches, p.describe()).toHaveLength(1);
        const heads = p.requests.filter((r) => r.kind === 'blob-head' && r.path.endsWith(blob));
        expect(heads, p.describe()).toHaveLength(0);
        expect(
          uploads.filter((r) => r.path.includes(named)),
          p.describe(),
        ).toHaveLength(1);
      }

      const out = pullAndRun(repo, digest);
      expect(out).toMatch(/\/big: OK/);
      expect(out).toMatch(/\/made: OK/);
      expect(out).toMatch(/12582912 \/big/);
      expect(out).toMatch(/12582912 \/made/);
    },
    300_000,
  );

  it('pushes the image whole where streamed uploads are refused (416)', async () => {
    const armed = p.arm({
      kind: 'blob-upload',
      methods: ['PATCH'],
      count: Infinity,
      fault: faults.refuseChunked(),
    });
    const repo = uniqueRepo('alice', 'eng-stream-416');
    const { digest } = await buildAndPush(repo);
    // Refused once, then asked no more; the other large layer may have started its
    // upload before the refusal came back (its PATCH is refused too).
    expect(armed.fired, p.describe()).toBeGreaterThanOrEqual(1);
    expect(armed.fired, p.describe()).toBeLessThanOrEqual(2);
    const out = pullAndRun(repo, digest);
    expect(out).toMatch(/\/big: OK/);
    expect(out).toMatch(/\/made: OK/);
  }, 300_000);
});

// The native builder with the publisher, in process, against the real registry fixture
// through the fault proxy: a large layer is uploaded while the build compresses it once a
// push is planned and the credentials are good (its upload has begun when build() returns,
// and push() does not send it again); a build that is not pushed (no login: a pull
// request) uploads nothing; a registry that refuses streamed uploads still gets the image.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NativeBuilder } from '../../src/builders/native/builder.js';
import { makePlan, type Plan } from '../../src/request/plan.js';
import { builderSettings } from '../fixtures/builder-settings.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import {
  getBlob,
  imageManifest,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { runRequest } from '../fixtures/run-request.js';

const MiB = 1024 * 1024;
const ALICE = { username: 'alice', password: USERS.alice! };

let p: FaultProxy;
let ws: string;
const builders: NativeBuilder[] = [];

beforeAll(async () => {
  await requireServices();
  p = await startFaultProxy({ routeTokens: true });
  ws = mkdtempSync(join(tmpdir(), 'oneimage-native-stream-'));
  writeFileSync(join(ws, 'Dockerfile'), 'FROM scratch\nCOPY big /big\nCOPY small /small\n');
  writeFileSync(join(ws, 'small'), 'a small file\n');
});
afterEach(() => {
  for (const b of builders.splice(0)) b.dispose();
  p.reset();
});
afterAll(async () => {
  await p.close();
  rmSync(ws, { recursive: true, force: true });
});

/** A plan for `repo` on the proxy, on a push to main (pushed) or a pull request (not). */
function planFor(repo: string, on: 'main' | 'pr'): Plan {
  const request = runRequest(ws, on, {
    registry: p.host,
    image: repo,
    username: ALICE.username,
    password: ALICE.password,
  });
  return makePlan(request.context, request.inputs, request.clock);
}

function builder(): NativeBuilder {
  const b = new NativeBuilder(builderSettings(ws, p.host));
  builders.push(b);
  return b;
}

/** Upload requests of `repo` (not of an earlier test's upload still going). */
const uploads = (repo: string) =>
  p.requests.filter((r) => r.kind === 'blob-upload' && r.path.includes(`/${repo}/`));

describe('the native builder uploading while it builds', () => {
  it('streams a large new layer (one PATCH, not checked first) and does not send it again', async () => {
    // Random bytes: stored, not compressed, so the layer is as large as the file.
    writeFileSync(join(ws, 'big'), randomBytes(20 * MiB));
    const repo = uniqueRepo('alice', 'nst-stream');
    const plan = planFor(repo, 'main');
    expect(plan.push).toBe(true);
    const b = builder();
    const login = b.login(ALICE, plan);
    await b.build(plan, undefined);
    await login;
    const result = await b.push(plan);
    const { manifest } = await imageManifest(repo, plan.tags[0]!);
    expect(manifest.layers ?? []).toHaveLength(2);
    const big = (manifest.layers ?? []).find((l) => l.size > 8 * MiB)!;
    expect((await getBlob(repo, big.digest)).length).toBe(big.size);
    expect(result.digest).toMatch(/^sha256:/);
    // The big layer went streamed: one PATCH, and never checked first (a finished blob
    // is); the small ones whole, once written (POST ?digest=, after a check).
    const patches = uploads(repo).filter((r) => r.method === 'PATCH');
    expect(patches, p.describe()).toHaveLength(1);
    const heads = p.requests.filter((r) => r.kind === 'blob-head').map((r) => r.path);
    expect(
      heads.some((h) => h.endsWith(big.digest)),
      p.describe(),
    ).toBe(false);
    expect(heads.length, p.describe()).toBeGreaterThanOrEqual(2);
  });

  it('uploads nothing again on a re-run of a commit already pushed', async () => {
    writeFileSync(join(ws, 'big'), randomBytes(20 * MiB));
    const repo = uniqueRepo('alice', 'nst-rerun');
    const plan = planFor(repo, 'main');
    for (const round of [1, 2]) {
      p.reset();
      const b = builder();
      const login = b.login(ALICE, plan);
      await b.build(plan, undefined);
      await login;
      const result = await b.push(plan);
      if (round === 1) expect(result.uploadedBytes).toBeGreaterThan(20 * MiB);
      else {
        expect(result.uploadedBytes, p.describe()).toBe(0);
        expect(uploads(repo), p.describe()).toHaveLength(0);
      }
    }
  });

  it('uploads nothing for a build that is not pushed (a pull request)', async () => {
    writeFileSync(join(ws, 'big'), randomBytes(20 * MiB));
    const repo = uniqueRepo('alice', 'nst-pr');
    const plan = planFor(repo, 'pr');
    expect(plan.push).toBe(false);
    await builder().build(plan, undefined);
    expect(uploads(repo), p.describe()).toHaveLength(0);
    expect(p.requests.filter((r) => r.path.includes(`/${repo}/`))).toHaveLength(0);
  });

  it('pushes the image whole where streamed uploads are refused (416)', async () => {
    writeFileSync(join(ws, 'big'), randomBytes(20 * MiB));
    const repo = uniqueRepo('alice', 'nst-416');
    const plan = planFor(repo, 'main');
    const armed = p.arm({
      kind: 'blob-upload',
      methods: ['PATCH'],
      count: Infinity,
      fault: faults.refuseChunked(),
    });
    const b = builder();
    const login = b.login(ALICE, plan);
    await b.build(plan, undefined);
    await login;
    await b.push(plan);
    expect(armed.fired, p.describe()).toBe(1);
    const { manifest } = await imageManifest(repo, plan.tags[0]!);
    for (const layer of manifest.layers ?? []) {
      expect((await getBlob(repo, layer.digest)).length).toBe(layer.size);
    }
  });
});

/**
 * delete-platform-tags in a merge run: untagged where the registry untags, left with a
 * warning where it will not (distribution 2.x), the index's images put back where a
 * registry dropped them, and on Docker Hub through its API (a local stand-in).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseInputs } from '../../../src/request/inputs.js';
import { platformTag } from '../../../src/image/merge-index.js';
import { ActionError } from '../../../src/core/errors.js';
import { run } from '../../../src/pipeline/run.js';
import { fakeBuilder, fakeStages } from '../../fixtures/fake-builder.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { FakeRepo } from '../../fixtures/fake-repo.js';
import { HUB_TOKEN, startHubApi, type HubApi } from '../../fixtures/hub-api.js';
import { RUN_SHA, runRequest } from '../../fixtures/run-request.js';

const WS = mkdtempSync(path.join(os.tmpdir(), 'cleanup-run-'));
let hub: HubApi;
beforeAll(async () => {
  hub = await startHubApi();
});
afterAll(async () => {
  await hub.close();
  rmSync(WS, { recursive: true, force: true });
});
beforeEach(() => hub.reset());

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };
const AMD_TAG = platformTag(RUN_SHA, amd64);
const ARM_TAG = platformTag(RUN_SHA, arm64);
const MERGE = { merge: 'linux/amd64,linux/arm64', 'delete-platform-tags': 'true' };
const ELSEWHERE = { ...MERGE, registry: 'registry.example.com' };

function matrixPushed(mode: FakeRepo['deleteMode'] = 'untag'): FakeRepo {
  const repo = new FakeRepo();
  repo.deleteMode = mode;
  for (const p of [amd64, arm64]) repo.tag(platformTag(RUN_SHA, p), repo.image(p));
  return repo;
}

async function mergeRun(repo: FakeRepo, raw: Record<string, string>) {
  const io = recordingIo();
  const stages = { ...fakeStages(fakeBuilder(), [], repo), hubApi: hub.url };
  const outcome = await run(runRequest(WS, 'main', raw), io, stages);
  return { io, outcome };
}

/** Every image the pushed index names is still in the repository. */
function indexWhole(repo: FakeRepo): boolean {
  const index = JSON.parse(repo.manifests.get('latest')!.body.toString()) as {
    manifests: Array<{ digest: string }>;
  };
  return index.manifests.every((m) => repo.manifests.has(m.digest));
}

describe('delete-platform-tags on a registry', () => {
  it('a registry that untags: both platform tags gone, after the index; the index whole', async () => {
    const repo = matrixPushed();
    const { io, outcome } = await mergeRun(repo, ELSEWHERE);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(repo.calls.filter((c) => !c.startsWith('login'))).toEqual([
      'put:sha-fedcba9',
      'put:latest',
      `delete:${AMD_TAG}`,
      `delete:${ARM_TAG}`,
    ]);
    expect(repo.manifests.has(AMD_TAG) || repo.manifests.has(ARM_TAG)).toBe(false);
    expect(indexWhole(repo)).toBe(true);
    expect(io.texts('warning')).toEqual([]);
  });

  it('distribution 2.x (a tag DELETE answered 400): tags left, one warning, the run a success', async () => {
    const repo = matrixPushed('refuse');
    const { io, outcome } = await mergeRun(repo, ELSEWHERE);
    expect(outcome.ok).toBe(true);
    expect(repo.calls.filter((c) => c.startsWith('delete:'))).toEqual([`delete:${AMD_TAG}`]);
    expect(repo.manifests.has(AMD_TAG) && repo.manifests.has(ARM_TAG)).toBe(true);
    const warnings = io.texts('warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('does not delete a tag alone (HTTP 400 DIGEST_INVALID)');
    expect(warnings[0]).toContain(`${AMD_TAG}, ${ARM_TAG} were left`);
    expect(indexWhole(repo)).toBe(true);
  });

  it('a registry that drops the image with its tag: the image is pushed back, the index whole', async () => {
    const repo = matrixPushed('drop-image');
    const { io, outcome } = await mergeRun(repo, ELSEWHERE);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(indexWhole(repo)).toBe(true);
    expect(io.texts('warning').join('\n')).toMatch(/removed the image sha256:[0-9a-f]{64}/);
  });

  it('a delete that fails (503 after retries): a warning, the run a success', async () => {
    const repo = matrixPushed('fail');
    const { io, outcome } = await mergeRun(repo, ELSEWHERE);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(io.texts('warning').join('\n')).toContain(
      'The index was pushed, but its platform tags were not deleted: The registry said 503.',
    );
    expect(indexWhole(repo)).toBe(true);
  });

  it('an image dropped with its tag that the registry refuses back: the run fails', async () => {
    const repo = matrixPushed('drop-image');
    repo.failPut = (ref) =>
      ref.startsWith('sha256:') ? new ActionError('push', 'The registry said 500.') : undefined;
    const { io, outcome } = await mergeRun(repo, ELSEWHERE);
    expect(outcome).toMatchObject({ ok: false, failed: 'push' });
    expect(io.texts('error').join('\n')).toMatch(/which the index names, with its platform tag/);
  });

  it('off by default: nothing deleted', async () => {
    const repo = matrixPushed();
    await mergeRun(repo, { merge: 'linux/amd64,linux/arm64', registry: 'registry.example.com' });
    expect(repo.calls.filter((c) => c.startsWith('delete:'))).toEqual([]);
    expect(repo.manifests.has(AMD_TAG)).toBe(true);
  });

  it('is refused without merge', () => {
    const values: Record<string, string> = { 'delete-platform-tags': 'true' };
    expect(() => parseInputs((name) => values[name] ?? '', WS)).toThrow(/without "merge"/);
  });
});

describe('delete-platform-tags on Docker Hub', () => {
  const requests = () => hub.seen.map((s) => `${s.method} ${s.url}`);

  it('deletes each platform tag through the Hub API with the session token, masked', async () => {
    const repo = matrixPushed('refuse');
    const { io, outcome } = await mergeRun(repo, MERGE);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(requests()).toEqual([
      'POST /v2/users/login',
      `DELETE /v2/repositories/alice/hello/tags/${AMD_TAG}/`,
      `DELETE /v2/repositories/alice/hello/tags/${ARM_TAG}/`,
    ]);
    expect(hub.seen[1]!.headers.authorization).toBe(`Bearer ${HUB_TOKEN}`);
    expect(io.secrets).toContain(HUB_TOKEN);
    expect(repo.calls.filter((c) => c.startsWith('delete:'))).toEqual([]);
    expect(io.texts('warning')).toEqual([]);
    expect(io.texts('info').join('\n')).toContain(
      `Deleted the platform tags ${AMD_TAG}, ${ARM_TAG}.`,
    );
  });

  it('a token that may not delete: a warning, the run a success', async () => {
    hub.deleteStatus = 403;
    const { io, outcome } = await mergeRun(matrixPushed(), MERGE);
    expect(outcome.ok).toBe(true);
    expect(io.texts('warning').join('\n')).toMatch(/Docker Hub did not delete .* \(HTTP 403\)/);
  });
});

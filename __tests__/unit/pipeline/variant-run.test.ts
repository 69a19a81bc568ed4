/** Tag variants through a whole run in process: the build, the matrix, the merge. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformTag } from '../../../src/image/merge-index.js';
import { run } from '../../../src/pipeline/run.js';
import { fakeBuilder, fakeStages } from '../../fixtures/fake-builder.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { FakeRepo } from '../../fixtures/fake-repo.js';
import { RUN_SHA, runRequest } from '../../fixtures/run-request.js';

const WS = mkdtempSync(path.join(os.tmpdir(), 'variant-run-'));
afterAll(() => rmSync(WS, { recursive: true, force: true }));

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };
const ALPINE = { 'tag-suffix': 'alpine' };

describe('a release in a tag variant', () => {
  it('pushes every tag in the variant; a newer 1.3.0-alpine holds 1-alpine and latest-alpine', async () => {
    const builder = fakeBuilder();
    const io = recordingIo();
    const stages = fakeStages(builder, ['1.3.0-alpine', '1.1.0']);
    const outcome = await run(runRequest(WS, 'release', ALPINE), io, stages);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(builder.calls.filter((c) => c.startsWith('push:'))).toEqual([
      'push:1.2.3-alpine,1.2-alpine,sha-fedcba9-alpine',
    ]);
    expect(io.texts('notice').join('\n')).toMatch(/Tag "1-alpine" left on 1\.3\.0-alpine/);
    expect(io.outputs.version).toBe('1.2.3');
  });

  it('the plain image is judged apart: an existing 1.3.0-alpine does not hold plain 1', async () => {
    const builder = fakeBuilder();
    const io = recordingIo();
    const outcome = await run(
      runRequest(WS, 'release', {}),
      io,
      fakeStages(builder, ['1.3.0-alpine']),
    );
    expect(outcome.ok).toBe(true);
    expect(builder.calls.filter((c) => c.startsWith('push:'))).toEqual([
      'push:1.2.3,1.2,1,sha-fedcba9,latest',
    ]);
  });
});

describe('a build matrix in a tag variant', () => {
  it('a matrix job pushes its platform tag in the variant, with the sha length', async () => {
    const builder = fakeBuilder();
    const io = recordingIo();
    const raw = {
      'platform-tags': 'true',
      platforms: 'linux/arm64',
      'sha-length': '12',
      ...ALPINE,
    };
    const outcome = await run(runRequest(WS, 'release', raw), io, fakeStages(builder, []));
    expect(outcome.ok).toBe(true);
    expect(builder.calls).toContain('push:sha-fedcba987654-linux-arm64-alpine');
  });

  it('the merge reads the variant platform tags and pushes the variant tags (a plain 3.0.0 holds none)', async () => {
    const repo = new FakeRepo();
    const variant = { prefix: '', suffix: '-alpine', shaLength: 7 };
    for (const p of [amd64, arm64]) repo.tag(platformTag(RUN_SHA, p, variant), repo.image(p));
    const io = recordingIo();
    const raw = { merge: 'linux/amd64,linux/arm64', ...ALPINE };
    const stages = fakeStages(fakeBuilder(), ['1.1.0-alpine', '3.0.0'], repo);
    const outcome = await run(runRequest(WS, 'release', raw), io, stages);
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    expect(repo.calls.filter((c) => c.startsWith('put:'))).toEqual([
      'put:1.2.3-alpine',
      'put:1.2-alpine',
      'put:1-alpine',
      'put:sha-fedcba9-alpine',
      'put:latest-alpine',
    ]);
  });
});

describe('a merge run and the annotations', () => {
  it('the index it pushes carries the annotations', async () => {
    const repo = new FakeRepo();
    for (const p of [amd64, arm64]) repo.tag(platformTag(RUN_SHA, p), repo.image(p));
    const io = recordingIo();
    const raw = { merge: 'linux/amd64,linux/arm64', annotations: 'org.example.team=core' };
    const outcome = await run(runRequest(WS, 'main', raw), io, fakeStages(fakeBuilder(), [], repo));
    expect(outcome.ok, io.texts('error').join()).toBe(true);
    const index = JSON.parse(repo.manifests.get('latest')!.body.toString()) as {
      annotations: Record<string, string>;
    };
    expect(index.annotations).toMatchObject({
      'org.example.team': 'core',
      'org.opencontainers.image.revision': RUN_SHA,
      'org.opencontainers.image.version': 'main',
    });
  });
});

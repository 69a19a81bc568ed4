/**
 * Build secrets: a RUN --mount=type=secret step reads the secret under BuildKit (the
 * 20.10 client with DOCKER_BUILDKIT=1, no buildx), and the secret is nowhere in the
 * pushed image (layers, config, history), the log, or left on disk. The legacy builder,
 * which has no secret mounts, refuses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import {
  getBlob,
  imageManifest,
  listTags,
  REGISTRY,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import {
  builderSetup,
  engineKind,
  errorLines,
  events,
  filesContaining,
  leakedLines,
  runAction,
  secretPieces,
  type RunResult,
} from './harness.js';
import { parseTar } from './layer-tar.js';
import { missingTools } from './optional-tools.js';
import { shellBase } from './shell-base.js';

const noBusybox = missingTools('busybox') !== undefined;
const engine = engineCleanup();

async function buildWithSecret(
  name: string,
  secret: string,
): Promise<{ result: RunResult; repo: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-engine-secrets-'));
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${await shellBase()}\n` +
      // BuildKit's cache key leaves secrets out: a step of its own for each run.
      `RUN --mount=type=secret,id=token sh -c "sha256sum < /run/secrets/token > /token.sum" # ${randomBytes(8).toString('hex')}\n`,
  );
  const repo = uniqueRepo('alice', `secrets-${name}`);
  engine.repos.push(repo);
  const setup = builderSetup(name);
  const result = await runAction({
    workspaceFrom: dir,
    event: events.push('main'),
    env: { ...setup.env, ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: 'alice',
      password: USERS.alice!,
      builder: setup.builder,
      secrets: `token=${secret}`,
    },
    noPost: true,
  });
  engine.runs.push(result);
  rmSync(dir, { recursive: true, force: true });
  return { result, repo };
}

describe.skipIf(noBusybox)('build secrets', () => {
  it('reach a RUN --mount=type=secret step under BuildKit, and nothing else', async () => {
    const secret = `s3cr3t-${randomBytes(16).toString('hex')}`;
    const started = Date.now() - 2000;
    const { result, repo } = await buildWithSecret('docker-buildkit', secret);
    expect(result.main.code, result.main.log).toBe(0);
    expect(result.main.log).toContain(`::add-mask::${secret}`);
    const needles = [secret, ...secretPieces([secret], 12)];
    expect(leakedLines(result.main.log, needles)).toEqual([]);
    expect(leakedLines(result.summary, needles)).toEqual([]);

    // The step read it: its checksum is in the image; the secret itself is not.
    const { manifest } = await imageManifest(repo, result.outputs.digest!);
    const config = await getBlob(repo, manifest.config!.digest);
    expect(config.toString('latin1')).not.toContain(secret);
    const { history } = JSON.parse(config.toString('utf8')) as {
      history: Array<{ created_by?: string }>;
    };
    expect(history.map((h) => h.created_by ?? '').join('\n')).toContain(
      'sha256sum < /run/secrets/token',
    );
    let sum: string | undefined;
    for (const layer of manifest.layers!) {
      const tar = gunzipSync(await getBlob(repo, layer.digest));
      expect(tar.toString('latin1')).not.toContain(secret);
      for (const entry of parseTar(tar)) {
        expect(entry.name.toString()).not.toMatch(/run\/secrets\/token/);
        if (entry.name.toString() === 'token.sum') sum = entry.data.toString('utf8');
      }
    }
    expect(sum?.slice(0, 64)).toBe(createHash('sha256').update(secret).digest('hex'));
    // No file the run left holds it (the secret files are removed as the build ends).
    for (const dir of [result.dirs.root, tmpdir()]) {
      expect(filesContaining(dir, [secret], started), dir).toEqual([]);
    }
  });

  it('are refused by the legacy builder, with what to do instead', async () => {
    const secret = `s3cr3t-${randomBytes(16).toString('hex')}`;
    const { result, repo } = await buildWithSecret('docker', secret);
    expect(leakedLines(result.main.log, [secret])).toEqual([]);
    if (engineKind('docker') === 'buildx') {
      // With buildx there is no legacy builder to refuse: the secret reaches the step.
      expect(result.main.code, result.main.log).toBe(0);
      return;
    }
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/secrets input needs BuildKit.*legacy builder/);
    expect(errors[0]).toMatch(/DOCKER_BUILDKIT=1.*setup-buildx-action/);
    expect(await listTags(repo)).toEqual([]);
  });
});

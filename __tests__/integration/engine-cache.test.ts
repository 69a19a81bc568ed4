/**
 * The build cache from the registry: a RUN step that ran for the first push is not run
 * again by the next build once the engine's own images and cache of it are gone (as on
 * a fresh runner), under BuildKit without buildx (the 20.10 client, DOCKER_BUILDKIT=1).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineCleanup, removeEngineImages } from '../fixtures/engine-cleanup.js';
import { REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { builderSetup, events, pruneOwnCache, runAction, type RunResult } from './harness.js';
import { missingTools } from './optional-tools.js';
import { shellBase } from './shell-base.js';

const noBusybox = missingTools('busybox') !== undefined;
const engine = engineCleanup();

describe.skipIf(noBusybox)('the registry cache under BuildKit', () => {
  it('skips a RUN step that ran for the previous push, on an engine without it', async () => {
    const marker = randomBytes(8).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'oneimage-engine-cache-'));
    writeFileSync(
      join(dir, 'Dockerfile'),
      `FROM ${await shellBase()}\nRUN sleep 8 && echo ${marker} > /slow\n`,
    );
    const repo = uniqueRepo('alice', 'cache');
    engine.repos.push(repo);
    const setup = builderSetup('docker-buildkit');
    const build = async (): Promise<{ result: RunResult; ms: number }> => {
      const started = Date.now();
      const result = await runAction({
        workspaceFrom: dir,
        event: events.push('main'),
        env: setup.env,
        inputs: {
          registry: REGISTRY,
          image: repo,
          username: 'alice',
          password: USERS.alice!,
          builder: setup.builder,
        },
      });
      engine.runs.push(result);
      return { result, ms: Date.now() - started };
    };

    const first = await build();
    expect(first.result.main.code, first.result.main.log).toBe(0);
    expect(first.result.main.log).toContain('BUILDKIT_INLINE_CACHE=1');
    expect(first.result.main.log).toContain(`--cache-from ${REGISTRY}/${repo}:latest`);
    expect(first.result.main.log).toContain('Cache: no step taken from the cache');

    // As a fresh runner: the engine has neither the image nor its cache of the steps.
    removeEngineImages(REGISTRY, [repo]);
    expect(pruneOwnCache(marker)).toBeGreaterThan(0);

    const second = await build();
    rmSync(dir, { recursive: true, force: true });
    expect(second.result.main.code, second.result.main.log).toBe(0);
    expect(second.result.main.log).toMatch(
      /Cache: 1 step taken from the cache: \[2\/2\] RUN sleep 8 && echo [0-9a-f]+ > \/slow/,
    );
    // A measurement, not an assertion (npm run bench times things).
    console.log(`registry cache: first build ${first.ms} ms, second ${second.ms} ms`);
  });
});

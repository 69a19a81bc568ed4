/**
 * builder: auto on a base image with ONBUILD triggers, end to end: the base is pushed by
 * the action itself (native, its ONBUILD recorded); a Dockerfile FROM it is built by the
 * engine when a trigger is RUN (the log names the FROM line and the trigger), natively
 * otherwise (the other triggers run, and are not kept).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';

import { getBlob, imageManifest, REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { builderSetup, events, NO_ENGINE, runAction, SEED, type RunResult } from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };
const engine = engineCleanup();

/** Runs the action on a copy of the seed (its static hello made by `make`) with a Dockerfile. */
async function publish(
  dockerfile: string,
  repo: string,
  builder: string,
  env: Record<string, string>,
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-onbuild-'));
  cpSync(SEED, dir, { recursive: true, filter: (src) => src !== join(SEED, 'hello') });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'trigger.txt'), 'copied by a trigger\n');
  writeFileSync(join(dir, '.dockerignore'), '*\n!hello\n!trigger.txt\n');
  try {
    const result = await runAction({
      workspaceFrom: dir,
      event: events.push('main'),
      env,
      inputs: {
        registry: REGISTRY,
        image: repo,
        username: alice.username,
        password: alice.password,
        'build-command': 'make',
        builder,
      },
    });
    engine.runs.push(result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pushBase(triggers: string): Promise<string> {
  const repo = uniqueRepo('alice', 'onbuild-base');
  engine.repos.push(repo); // the engine pulls it when a trigger is RUN
  const base = await publish(`FROM scratch\nCOPY hello /\n${triggers}`, repo, 'native', NO_ENGINE);
  expect(base.main.code, base.main.log).toBe(0);
  return `${REGISTRY}/${repo}:latest`;
}

it('moves to the engine for an ONBUILD RUN trigger of the base image', async () => {
  const base = await pushBase('ONBUILD COPY trigger.txt /\nONBUILD RUN ["/hello"]\n');
  const repo = uniqueRepo('alice', 'onbuild-run');
  engine.repos.push(repo);
  const result = await publish(`FROM ${base}\nCOPY hello /app\n`, repo, 'auto', {
    ...builderSetup('docker').env,
  });
  expect(result.main.code, result.main.log).toBe(0);
  expect(result.main.log).toContain(
    'Builder: docker (Dockerfile:1: RUN needs the Docker engine (the base image ' +
      `${base} has the ONBUILD trigger \`RUN ["/hello"]\`, which executes a command in a container))`,
  );
});

it('runs the other triggers natively, and clears them', async () => {
  const base = await pushBase('ONBUILD COPY trigger.txt /\nONBUILD ENV FROM_TRIGGER=yes\n');
  const repo = uniqueRepo('alice', 'onbuild-native');
  const result = await publish(`FROM ${base}\nCOPY hello /app\n`, repo, 'auto', NO_ENGINE);
  expect(result.main.code, result.main.log).toBe(0);
  expect(result.main.log).toMatch(/Builder: native/);
  const { manifest } = await imageManifest(repo, result.outputs.digest!);
  expect(manifest.layers).toHaveLength(3);
  const config = JSON.parse((await getBlob(repo, manifest.config!.digest)).toString()) as {
    config: { Env?: string[]; OnBuild?: string[] };
  };
  expect(config.config.Env).toContain('FROM_TRIGGER=yes');
  expect(config.config.OnBuild).toBeUndefined();
});

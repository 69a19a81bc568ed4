/**
 * One commit, one image, whatever started the run: the image is dated with the commit
 * object's time in the checkout, so a run by hand (workflow_dispatch: no head_commit in
 * its payload) gives the digest of the push run of the same commit.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getBlob,
  imageManifest,
  REGISTRY,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { commitAll } from '../fixtures/git-commit.js';
import { events, NO_ENGINE, runAction, SEED, type GitEvent, type RunResult } from './harness.js';

const COMMITTED = '2025-03-04T05:06:07Z';
const checkout = mkdtempSync(join(tmpdir(), 'oneimage-checkout-'));
const runs: RunResult[] = [];
let sha = '';

/** The seed as a git checkout of one commit made at a fixed committer date. */
function commitSeed(): string {
  cpSync(SEED, checkout, { recursive: true });
  return commitAll(checkout, { author: COMMITTED, committer: COMMITTED });
}

beforeAll(async () => {
  await requireServices();
  sha = commitSeed();
});
afterAll(() => {
  runs.forEach((r) => r.dispose());
  rmSync(checkout, { recursive: true, force: true });
});

function dispatch(): GitEvent {
  return {
    name: 'workflow_dispatch',
    ref: 'refs/heads/main',
    sha,
    payload: {
      ref: 'refs/heads/main',
      inputs: {},
      repository: { full_name: 'octo-org/hello', default_branch: 'main' },
    },
  };
}

async function publish(event: GitEvent): Promise<RunResult> {
  const result = await runAction({
    event,
    workspaceFrom: checkout,
    env: NO_ENGINE,
    inputs: {
      registry: REGISTRY,
      image: uniqueRepo('alice', 'when'),
      username: 'alice',
      password: USERS.alice!,
      'build-command': 'make',
      builder: 'native',
    },
  });
  runs.push(result);
  expect(result.main.code, result.main.log).toBe(0);
  return result;
}

describe('the commit time for every event', () => {
  it('two runs by hand and a push of one commit give one digest, dated by the commit', async () => {
    const first = await publish(dispatch());
    const second = await publish(dispatch());
    // The push event's head_commit says another time: the commit object wins.
    const push = await publish(events.push('main', sha));
    expect(second.outputs.digest).toBe(first.outputs.digest);
    expect(push.outputs.digest).toBe(first.outputs.digest);
    expect(first.main.log).not.toContain('dated now');

    const image = first.outputs.image!.slice(REGISTRY.length + 1);
    const manifest = await imageManifest(image, first.outputs.digest!);
    const config = JSON.parse(
      (await getBlob(image, manifest.manifest.config!.digest)).toString('utf8'),
    ) as { created: string };
    expect(new Date(config.created).toISOString()).toBe(new Date(COMMITTED).toISOString());
  });

  it('without the commit in the workspace: dated now, and a notice says so', async () => {
    const result = await runAction({
      event: dispatch(),
      env: NO_ENGINE,
      inputs: { 'build-command': 'make', builder: 'native', push: 'false' },
    });
    runs.push(result);
    expect(result.main.code, result.main.log).toBe(0);
    expect(result.main.log).toMatch(/^::notice::.*dated now/m);
  });
});

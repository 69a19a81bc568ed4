/**
 * Verify through the bundle: a commit's published image is proven to be what the commit
 * builds; an image replaced by another commit's, or with one label more, is not, and the
 * error names the difference.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY, requireServices, uniqueRepo, USERS } from '../fixtures/registry.js';
import {
  errorLines,
  events,
  NO_ENGINE,
  randomSha,
  runAction,
  SEED,
  type GitEvent,
  type RunResult,
} from './harness.js';

const runs: RunResult[] = [];
const other = mkdtempSync(join(tmpdir(), 'oneimage-other-commit-'));
beforeAll(async () => {
  await requireServices();
  cpSync(SEED, other, { recursive: true });
  writeFileSync(
    join(other, 'hello.c'),
    '#include <stdio.h>\nint main(void) { puts("hello from another commit"); return 0; }\n',
  );
});
afterAll(() => {
  runs.forEach((r) => r.dispose());
  rmSync(other, { recursive: true, force: true });
});

async function step(
  event: GitEvent,
  inputs: Record<string, string>,
  workspaceFrom?: string,
): Promise<RunResult> {
  const result = await runAction({
    event,
    workspaceFrom,
    env: NO_ENGINE,
    inputs: {
      registry: REGISTRY,
      username: 'alice',
      password: USERS.alice!,
      'build-command': 'make',
      builder: 'native',
      ...inputs,
    },
  });
  runs.push(result);
  return result;
}

describe('verify', () => {
  const sha = randomSha();
  const event = events.push('main', sha);
  const repo = uniqueRepo('alice', 'verify');

  it('proves that the published image is what the commit builds', async () => {
    const published = await step(event, { image: repo });
    expect(published.main.code, published.main.log).toBe(0);
    const verified = await step(event, { verify: `${REGISTRY}/${repo}:latest` });
    expect(verified.main.code, verified.main.log).toBe(0);
    expect(verified.outputs.verified).toBe('true');
    expect(verified.outputs.pushed).toBe('false');
    expect(verified.main.log).toContain(`Inputs from the provenance of ${REGISTRY}/${repo}:latest`);
  });

  it('fails naming /hello when the image is another commit’s', async () => {
    const replaced = uniqueRepo('alice', 'verify-replaced');
    const theirs = await step(events.push('main'), { image: replaced }, other);
    expect(theirs.main.code, theirs.main.log).toBe(0);
    const result = await step(event, { verify: `${REGISTRY}/${replaced}:latest` });
    expect(result.main.code).toBe(1);
    expect(result.outputs.verified).toBe('false');
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /linux\/amd64: layer 1: \/hello changed \(sha256 [0-9a-f]{64} in the build, [0-9a-f]{64} in the published image\)/,
    );
  });

  it('fails naming the config field of a one-label change', async () => {
    const labelled = uniqueRepo('alice', 'verify-label');
    const theirs = await step(event, { image: labelled, labels: 'team=edge' });
    expect(theirs.main.code, theirs.main.log).toBe(0);
    const result = await step(event, { verify: `${REGISTRY}/${labelled}:latest` });
    expect(result.main.code).toBe(1);
    expect(result.outputs.verified).toBe('false');
    expect(errorLines(result.main.log)[0]).toContain(
      'the config field config.Labels.team is absent in the build and "edge" in the published image',
    );
  });
});

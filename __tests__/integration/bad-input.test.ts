/**
 * Bad inputs, end to end: each stops the step with one `::error` line that names the
 * input and shows the value (an annotation on the Dockerfile line for a Dockerfile
 * error), pushes nothing and shows the password nowhere, with or without step debug
 * logging. Cases run with the default builder (auto) unless the builder matters.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTags, REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import {
  errorLines,
  events,
  runAction,
  SEED,
  type RunResult,
  secretNeedles,
  leakedLines,
} from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };

const runs: RunResult[] = [];
const scratch: string[] = [];
afterAll(() => {
  runs.forEach((r) => r.dispose());
  scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** A copy of the seed whose Dockerfile is `dockerfile`. */
function seedWithDockerfile(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-bad-input-ws-'));
  scratch.push(dir);
  for (const file of readdirSync(SEED)) copyFileSync(join(SEED, file), join(dir, file));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' };

describe.each([
  ['with step debug', DEBUG],
  ['without step debug', {}],
])('bad inputs, %s', (_mode, debugEnv: Record<string, string>) => {
  async function run(
    repo: string,
    inputs: Record<string, string>,
    options: { workspaceFrom?: string } = {},
  ): Promise<RunResult> {
    const result = await runAction({
      event: events.push('main'),
      workspaceFrom: options.workspaceFrom,
      env: debugEnv,
      inputs: {
        registry: REGISTRY,
        image: repo,
        username: alice.username,
        password: alice.password,
        'build-command': 'make',
        ...inputs,
      },
    });
    runs.push(result);
    return result;
  }

  function expectNoLeak(result: RunResult): void {
    const needles = secretNeedles(alice.username, alice.password);
    expect(leakedLines(result.main.log, needles)).toEqual([]);
    expect(leakedLines(result.post?.log ?? '', needles)).toEqual([]);
    expect(leakedLines(result.summary, needles)).toEqual([]);
  }

  /**
   * Failed with exactly one error line, which names `input` and shows every `shown`;
   * nothing was pushed to `repo`.
   */
  async function expectInputError(
    result: RunResult,
    repo: string | undefined,
    input: string,
    ...shown: string[]
  ): Promise<string> {
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors, result.main.log).toHaveLength(1);
    const line = errors[0]!;
    expect(line).toContain(`Input "${input}"`);
    for (const value of shown) expect(line).toContain(value);
    expectNoLeak(result);
    expect(result.outputs.pushed).toBe('false');
    if (repo !== undefined) expect(await listTags(repo)).toEqual([]);
    return line;
  }

  describe('image', () => {
    it('lowercases an image name with uppercase, with a notice, and publishes', async () => {
      const repo = uniqueRepo('alice', 'upper');
      const given = `alice/${repo.slice('alice/'.length).toUpperCase()}`;
      const result = await run(repo, { image: given });
      expect(result.main.code, result.main.log).toBe(0);
      expect(errorLines(result.main.log)).toEqual([]);
      const notices = result.main.log.split('\n').filter((l) => l.startsWith('::notice'));
      expect(notices, result.main.log).toHaveLength(1);
      expect(notices[0]).toMatch(/lowercased/);
      expect(notices[0]).toContain(JSON.stringify(given));
      expect(notices[0]).toContain(JSON.stringify(repo));
      expect(result.outputs.image).toBe(`${REGISTRY}/${repo}`);
      expect((await listTags(repo)).length).toBeGreaterThan(0);
      expectNoLeak(result);
    });

    it('rejects an image name with invalid characters', async () => {
      const image = 'alice/hello!world';
      const result = await run(image, {});
      await expectInputError(result, undefined, 'image', JSON.stringify(image));
      expect(result.main.log).not.toMatch(/^\[command\]/m);
    });

    it('rejects an image name longer than 255 characters', async () => {
      const image = `alice/${'a'.repeat(250)}`;
      const result = await run(image, {});
      const line = await expectInputError(result, undefined, 'image', JSON.stringify(image));
      expect(line).toMatch(/255/);
    });
  });

  describe('build-args and labels', () => {
    it.each([
      ['build-args', `REGISTRY_PASSWORD=${alice.password}`, 'REGISTRY_PASSWORD'],
      [
        'labels',
        `org.example.auth=${Buffer.from(`alice:${alice.password}`).toString('base64')}`,
        'org.example.auth',
      ],
    ])('refuses %s holding the password before anything runs', async (input, value, key) => {
      const repo = uniqueRepo('alice', 'pw-arg');
      const result = await run(repo, { [input]: value });
      const line = await expectInputError(result, repo, input, key);
      expect(line).toMatch(/holds the registry password/);
      expect(result.main.log).not.toMatch(/^\[command\]/m);
    });
  });

  describe('tags', () => {
    it('rejects a tag that breaks the tag grammar', async () => {
      const repo = uniqueRepo('alice', 'badtag');
      await expectInputError(
        await run(repo, { tags: 'ok,-dash-first' }),
        repo,
        'tags',
        '"-dash-first"',
      );
    });

    it('rejects a tag over 128 characters', async () => {
      const repo = uniqueRepo('alice', 'longtag');
      const tag = `v${'1'.repeat(128)}`;
      const line = await expectInputError(
        await run(repo, { tags: tag }),
        repo,
        'tags',
        JSON.stringify(tag),
      );
      expect(line).toMatch(/128/);
    });

    it('rejects a tag listed twice', async () => {
      const repo = uniqueRepo('alice', 'duptag');
      const line = await expectInputError(
        await run(repo, { tags: 'stable\nnightly, stable' }),
        repo,
        'tags',
        '"stable"',
      );
      expect(line).toMatch(/twice|duplicate/i);
    });
  });

  describe('build-args and labels', () => {
    it('rejects a build-arg without "="', async () => {
      const repo = uniqueRepo('alice', 'argnoeq');
      const line = await expectInputError(
        await run(repo, { 'build-args': 'GOOD=1\nNO_VALUE_HERE' }),
        repo,
        'build-args',
        '"NO_VALUE_HERE"',
      );
      expect(line).toContain('"="');
    });

    it('rejects a label without "="', async () => {
      const repo = uniqueRepo('alice', 'labelnoeq');
      const line = await expectInputError(
        await run(repo, { labels: 'org.example.good=1\norg.example.novalue' }),
        repo,
        'labels',
        '"org.example.novalue"',
      );
      expect(line).toContain('"="');
    });
  });

  describe('paths', () => {
    it.each(['auto', 'docker'])('rejects a missing Dockerfile (builder %s)', async (builder) => {
      const repo = uniqueRepo('alice', `nodockerfile-${builder}`);
      await expectInputError(
        await run(repo, { builder, dockerfile: 'nope/Dockerfile' }),
        repo,
        'dockerfile',
        'nope/Dockerfile',
      );
    });

    it.each(['auto', 'docker'])(
      'rejects a missing context directory (builder %s)',
      async (builder) => {
        const repo = uniqueRepo('alice', `nocontext-${builder}`);
        await expectInputError(
          await run(repo, { builder, context: 'no-such-dir' }),
          repo,
          'context',
          'no-such-dir',
        );
      },
    );

    it.each(['auto', 'docker'])(
      'rejects a missing context directory next to an existing Dockerfile (builder %s)',
      async (builder) => {
        const repo = uniqueRepo('alice', `nocontext-df-${builder}`);
        await expectInputError(
          await run(repo, { builder, context: 'no-such-dir', dockerfile: 'Dockerfile' }),
          repo,
          'context',
          'no-such-dir',
        );
      },
    );

    it('rejects a context outside the workspace', async () => {
      const repo = uniqueRepo('alice', 'ctxout');
      const line = await expectInputError(
        await run(repo, { context: '../x' }),
        repo,
        'context',
        '"../x"',
      );
      expect(line).toMatch(/outside the workspace/);
    });

    it('rejects a dockerfile outside the workspace', async () => {
      const repo = uniqueRepo('alice', 'dfout');
      const line = await expectInputError(
        await run(repo, { dockerfile: '../x/Dockerfile' }),
        repo,
        'dockerfile',
        '"../x/Dockerfile"',
      );
      expect(line).toMatch(/outside the workspace/);
    });
  });

  it.each(['auto', 'native'])(
    'reports a Dockerfile syntax error as an annotation on its line (builder %s)',
    async (builder) => {
      const repo = uniqueRepo('alice', `syntax-${builder}`);
      const workspace = seedWithDockerfile(
        'FROM scratch\nCOPY hello /\nFROOB --now please\nCMD ["/hello"]\n',
      );
      const result = await run(repo, { builder }, { workspaceFrom: workspace });
      expect(result.main.code, result.main.log).toBe(1);
      const errors = errorLines(result.main.log);
      expect(errors, result.main.log).toHaveLength(1);
      expect(errors[0]).toMatch(/^::error file=Dockerfile,line=3::/);
      expect(errors[0]).toMatch(/FROOB/i);
      expectNoLeak(result);
      expect(await listTags(repo)).toEqual([]);
    },
  );

  it.each([
    ['builder', 'podman'],
    ['push', 'yes'],
    ['latest', 'sometimes'],
  ])('rejects an unknown %s value', async (input, value) => {
    const repo = uniqueRepo('alice', `switch-${input}`);
    const line = await expectInputError(
      await run(repo, { [input]: value }),
      repo,
      input,
      JSON.stringify(value),
    );
    expect(messageOf(line)).toMatch(/auto/);
  });

  it('says a build-command killed by a signal was killed', async () => {
    const repo = uniqueRepo('alice', 'killed');
    const result = await run(repo, { 'build-command': 'echo starting; kill -9 $$' });
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors, result.main.log).toHaveLength(1);
    expect(errors[0]).toMatch(/build-command was killed by (a )?signal (SIGKILL|9)/);
    expectNoLeak(result);
    expect(await listTags(repo)).toEqual([]);
  });
});

/** The text of an error line after its `::error…::` prefix. */
function messageOf(line: string): string {
  return line.replace(/^::error[^:]*::/, '');
}

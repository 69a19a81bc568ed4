/**
 * The action end to end, as the runner runs it, against the real Docker engine and
 * the real token-auth registry; each case checks the registry, the outputs, the
 * summary and the log.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import {
  imageManifest,
  listTags,
  manifestDigest,
  REGISTRY,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import {
  errorLines,
  events,
  filesContaining,
  NODE24,
  runAction,
  type RunOptions,
  type RunResult,
  secretNeedles,
  leakedLines,
  NO_ENGINE,
  builderSetup,
  dockerClientMajor,
  engineKind,
  SEED,
} from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };
const aliceInputs = { username: alice.username, password: alice.password };
const engine = engineCleanup();

/** docker: the legacy builder; docker-buildkit: the engine's BuildKit (harness.ts). */
const builders = (process.env.ONEIMAGE_TEST_BUILDERS ?? 'docker,docker-buildkit,native').split(',');

describe.each(builders)('publish with builder %s', (builder) => {
  async function publish(
    repo: string,
    options: Partial<RunOptions> & Pick<RunOptions, 'event'>,
  ): Promise<RunResult> {
    const setup = builderSetup(builder);
    const result = await runAction({
      ...options,
      env: { ...setup.env, ...options.env },
      inputs: {
        registry: REGISTRY,
        image: repo,
        username: alice.username,
        password: alice.password,
        'build-command': 'make',
        builder: setup.builder,
        ...options.inputs,
      },
    });
    engine.runs.push(result);
    if (setup.builder === 'docker') engine.repos.push(repo);
    return result;
  }

  async function expectTags(repo: string, tags: string[], digest: string): Promise<void> {
    expect((await listTags(repo)).sort()).toEqual([...tags].sort());
    for (const tag of tags) expect(await manifestDigest(repo, tag), tag).toBe(digest);
  }

  it('publishes a push to the default branch, and the image runs', async () => {
    const repo = uniqueRepo('alice', `main-${builder}`);
    const event = events.push('main');
    const result = await publish(repo, { event });
    expect(result.main.code, result.main.log).toBe(0);
    const short = event.sha.slice(0, 7);
    const digest = result.outputs.digest!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    await expectTags(repo, [`sha-${short}`, 'latest'], digest);
    expect(result.outputs.pushed).toBe('true');
    expect(result.outputs.image).toBe(`${REGISTRY}/${repo}`);
    expect(result.outputs.tags!.split('\n')).toEqual([
      `${REGISTRY}/${repo}:sha-${short}`,
      `${REGISTRY}/${repo}:latest`,
    ]);
    expect(result.outputs.imageid).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.summary).toContain(digest);
    expect(result.summary).toContain(`docker pull ${REGISTRY}/${repo}@${digest}`);
    // post-if: main cleaned up after itself, so the runner skips the post step.
    expect(result.post).toBeUndefined();
    const kind = builder === 'native' ? undefined : engineKind(builder);
    if (kind === 'buildx') expect(result.main.log).toContain('Building with docker buildx build');
    if (kind === 'buildkit') {
      // DOCKER_BUILDKIT=1 as the user set it, and BuildKit's own progress output.
      expect(result.main.log).toContain('Building with docker build (BuildKit)');
      expect(result.main.log).toMatch(/^#\d+ \[internal\] load build definition/m);
    }
    if (kind === 'legacy') expect(result.main.log).toMatch(/^Step 1\/\d+ : FROM/m);

    const ref = `${REGISTRY}/${repo}@${digest}`;
    execFileSync('docker', ['pull', '--quiet', ref]);
    const out = execFileSync('docker', ['run', '--rm', '--network', 'none', ref], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('hello from docker container');
    execFileSync('docker', ['rmi', '--force', ref]);
  });

  it('keeps the password out of the log and off the disk', async () => {
    const repo = uniqueRepo('alice', `secret-${builder}`);
    const started = Date.now() - 2000;
    const result = await publish(repo, {
      event: events.push('main'),
      env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
      // Main alone must leave nothing: the post step is only a safety net.
      noPost: true,
    });
    expect(result.main.code, result.main.log).toBe(0);
    const needles = secretNeedles(alice.username, alice.password);
    expect(result.main.log).toContain(`::add-mask::${alice.password}`);
    expect(leakedLines(result.main.log, needles)).toEqual([]);
    expect(leakedLines(result.summary, needles)).toEqual([]);
    const tempDirs = JSON.parse(result.state.tempDirs ?? '[]') as string[];
    expect(tempDirs.length).toBeGreaterThan(0);
    for (const dir of tempDirs) expect(existsSync(dir), dir).toBe(false);
    for (const dir of [result.dirs.root, tmpdir(), process.env.HOME ?? '/root']) {
      expect(filesContaining(dir, needles, started), dir).toEqual([]);
    }
  });

  it('publishes a release with its version, floating minor and major, and latest', async () => {
    const repo = uniqueRepo('alice', `release-${builder}`);
    const event = events.tag('v1.2.3');
    const result = await publish(repo, { event });
    expect(result.main.code, result.main.log).toBe(0);
    const tags = ['1.2.3', '1.2', '1', `sha-${event.sha.slice(0, 7)}`, 'latest'];
    await expectTags(repo, tags, result.outputs.digest!);
    expect(result.outputs.version).toBe('1.2.3');
  });

  it('leaves floating tags on a newer release when an older line gets a fix', async () => {
    const repo = uniqueRepo('alice', `float-${builder}`);
    const newer = await publish(repo, { event: events.tag('v1.3.0') });
    expect(newer.main.code, newer.main.log).toBe(0);
    const fix = events.tag('v1.2.4');
    const result = await publish(repo, { event: fix });
    expect(result.main.code, result.main.log).toBe(0);
    const fixDigest = result.outputs.digest!;
    expect(fixDigest).not.toBe(newer.outputs.digest);
    expect(await manifestDigest(repo, '1.2.4')).toBe(fixDigest);
    expect(await manifestDigest(repo, '1.2')).toBe(fixDigest);
    expect(await manifestDigest(repo, '1')).toBe(newer.outputs.digest);
    expect(await manifestDigest(repo, 'latest')).toBe(newer.outputs.digest);
    expect(result.outputs.tags!.split('\n')).toEqual(
      ['1.2.4', '1.2', `sha-${fix.sha.slice(0, 7)}`].map((t) => `${REGISTRY}/${repo}:${t}`),
    );
    expect(result.summary).toContain('Tag `latest` was left on `1.3.0`');
  });

  it('writes an image archive that docker load accepts, without pushing', async () => {
    const repo = uniqueRepo('alice', `archive-${builder}`);
    const result = await publish(repo, {
      event: events.pullRequest(11),
      inputs: { output: 'out/image.tar' },
    });
    expect(result.main.code, result.main.log).toBe(0);
    const archive = join(result.dirs.workspace, 'out/image.tar');
    const loaded = execFileSync('docker', ['load', '--input', archive], { encoding: 'utf8' });
    expect(loaded).toContain(`${REGISTRY}/${repo}:pr-11`);
    const out = execFileSync(
      'docker',
      ['run', '--rm', '--network', 'none', `${REGISTRY}/${repo}:pr-11`],
      {
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('hello from docker container');
    // The archive is the image as it would be pushed: OCI labels in its config.
    const revision = execFileSync(
      'docker',
      [
        'image',
        'inspect',
        '--format',
        '{{index .Config.Labels "org.opencontainers.image.revision"}}',
        `${REGISTRY}/${repo}:pr-11`,
      ],
      { encoding: 'utf8' },
    );
    expect(revision.trim()).toMatch(/^[0-9a-f]{40}$/);
    execFileSync('docker', ['rmi', '--force', `${REGISTRY}/${repo}:pr-11`]);
    const entries = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).split('\n');
    expect(entries).toEqual(expect.arrayContaining(['oci-layout', 'index.json', 'manifest.json']));
    expect(await listTags(repo)).toEqual([]);
  });

  it('publishes a prerelease without floating tags or latest', async () => {
    const repo = uniqueRepo('alice', `pre-${builder}`);
    const event = events.tag('v2.0.0-rc.1');
    const result = await publish(repo, { event });
    expect(result.main.code, result.main.log).toBe(0);
    await expectTags(repo, ['2.0.0-rc.1', `sha-${event.sha.slice(0, 7)}`], result.outputs.digest!);
  });

  it('tags a push to another branch with the sanitized branch name', async () => {
    const repo = uniqueRepo('alice', `branch-${builder}`);
    const event = events.push('feature/x');
    const result = await publish(repo, { event });
    expect(result.main.code, result.main.log).toBe(0);
    await expectTags(repo, ['feature-x', `sha-${event.sha.slice(0, 7)}`], result.outputs.digest!);
  });

  it('builds a pull request and pushes nothing', async () => {
    const repo = uniqueRepo('alice', `pr-${builder}`);
    const result = await publish(repo, { event: events.pullRequest(7) });
    expect(result.main.code, result.main.log).toBe(0);
    expect(await listTags(repo)).toEqual([]);
    expect(result.outputs.pushed).toBe('false');
    expect(result.outputs.digest).toBe('');
    expect(result.outputs.imageid).toMatch(/^sha256:/);
    expect(result.outputs.tags).toBe(`${REGISTRY}/${repo}:pr-7`);
    expect(result.main.log).toMatch(/Nothing pushed: this is pull request #7/);
    expect(result.summary).toMatch(/Nothing was pushed: this is pull request #7/);
  });

  it("passes on a fork's pull request, which has no secrets", async () => {
    const repo = uniqueRepo('alice', `fork-${builder}`);
    const result = await publish(repo, {
      event: events.pullRequest(8, true),
      inputs: { username: '', password: '' },
    });
    expect(result.main.code, result.main.log).toBe(0);
    expect(errorLines(result.main.log)).toEqual([]);
    expect(await listTags(repo)).toEqual([]);
  });

  it('fails with a clear error when the registry rejects the password', async () => {
    const repo = uniqueRepo('alice', `badpw-${builder}`);
    const wrong = 'not-the-Right-pw-42';
    const result = await publish(repo, {
      event: events.push('main'),
      inputs: { password: wrong },
    });
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/rejected the credentials for user "alice"/);
    expect(errors[0]).toMatch(/access token.*Read & Write/);
    expect(leakedLines(result.main.log, secretNeedles('alice', wrong))).toEqual([]);
    expect(await listTags(repo)).toEqual([]);
    expect(result.outputs.pushed).toBe('false');
  });

  it('fails before the build when pushing without a password', async () => {
    const repo = uniqueRepo('alice', `nopw-${builder}`);
    const result = await publish(repo, {
      event: events.push('main'),
      inputs: { password: '' },
    });
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/"password" is empty/);
    expect(errors[0]).toMatch(/DOCKERHUB_TOKEN/);
    expect(result.main.log).not.toMatch(/\[command\].*make/);
    expect(await listTags(repo)).toEqual([]);
  });

  it('pushes nothing when the build-command fails', async () => {
    const repo = uniqueRepo('alice', `compilefail-${builder}`);
    const result = await publish(repo, {
      event: events.push('main'),
      inputs: { 'build-command': 'echo compiling; exit 3' },
    });
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Compile failed: The build-command exited with code 3/);
    expect(await listTags(repo)).toEqual([]);
    expect(result.summary).toMatch(/Image not published/);
  });

  it('fails with one line naming what the Dockerfile lacks', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'oneimage-badfile-'));
    cpSync(SEED, workspace, { recursive: true });
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY missing.txt /\n');
    writeFileSync(join(workspace, '.dockerignore'), '');
    const repo = uniqueRepo('alice', `badfile-${builder}`);
    const result = await publish(repo, { event: events.push('main'), workspaceFrom: workspace });
    rmSync(workspace, { recursive: true, force: true });
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors, result.main.log).toHaveLength(1);
    expect(errors[0]).toMatch(/build failed/i);
    expect(errors[0]).toContain('missing.txt');
    expect(await listTags(repo)).toEqual([]);
  });

  it("refuses to push into another user's namespace", async () => {
    const repo = uniqueRepo('bob', `theft-${builder}`);
    const result = await publish(repo, { event: events.push('main') });
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Access denied to repository "${repo}" on ${REGISTRY}`);
    expect(await listTags(repo)).toEqual([]);
  });

  it('rejects an invalid image name before doing anything', async () => {
    const result = await publish('alice/bad name!', { event: events.push('main') });
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Input "image"/);
    expect(errors[0]).toContain('alice/bad name!');
    expect(result.main.log).not.toMatch(/\[command\]/);
  });

  it.skipIf(!NODE24)('runs under the runner’s Node 24', async () => {
    const repo = uniqueRepo('alice', `node24-${builder}`);
    const event = events.push('main');
    const result = await publish(repo, { event, node: NODE24 });
    expect(result.main.code, result.main.log).toBe(0);
    await expectTags(repo, [`sha-${event.sha.slice(0, 7)}`, 'latest'], result.outputs.digest!);
  });
});

describe('the post step', () => {
  it('removes what a killed main step left behind', async () => {
    const repo = uniqueRepo('alice', 'killed');
    const result = await runAction({
      event: events.push('main'),
      inputs: {
        registry: REGISTRY,
        image: repo,
        username: alice.username,
        password: alice.password,
        builder: 'docker',
        'build-command': 'sleep 30',
      },
      killMainWhen: ({ state }) => state.includes('tempDirs'),
    });
    engine.runs.push(result);
    expect(result.main.code).toBeNull();
    const left: string[] = JSON.parse(result.state.tempDirs!) as string[];
    expect(left.length).toBeGreaterThan(0);
    expect(result.post?.code).toBe(0);
    for (const dir of left) expect(existsSync(dir), dir).toBe(false);
    expect(await listTags(repo)).toEqual([]);
  });
});

describe('builder: auto', () => {
  it('picks native for the seed, with no engine needed', async () => {
    const repo = uniqueRepo('alice', 'auto-native');
    const result = await runAction({
      event: events.push('main'),
      env: NO_ENGINE,
      inputs: { registry: REGISTRY, image: repo, ...aliceInputs, 'build-command': 'make' },
    });
    engine.runs.push(result);
    expect(result.main.code, result.main.log).toBe(0);
    expect(result.main.log).toMatch(/Builder: native \(the Dockerfile has no RUN step/);
    expect(await listTags(repo)).toContain('latest');
  });

  it('hands a Dockerfile native cannot build (ONBUILD for a later stage) to the engine, and says which line', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'oneimage-auto-'));
    cpSync(SEED, workspace, { recursive: true });
    writeFileSync(
      join(workspace, 'Dockerfile'),
      'FROM scratch AS base\nCOPY hello /\nONBUILD COPY hello /again\nFROM base\nCMD ["/hello"]\n',
    );
    const repo = uniqueRepo('alice', 'auto-docker');
    engine.repos.push(repo);
    const result = await runAction({
      event: events.push('main'),
      workspaceFrom: workspace,
      inputs: { registry: REGISTRY, image: repo, ...aliceInputs, 'build-command': 'make' },
    });
    engine.runs.push(result);
    rmSync(workspace, { recursive: true, force: true });
    expect(result.main.code, result.main.log).toBe(0);
    expect(result.main.log).toMatch(
      /Builder: docker \(Dockerfile:3: ONBUILD needs the Docker engine/,
    );
    expect(await listTags(repo)).toContain('latest');
  });
});

/** The seed's pipeline with the Docker builder, pushed to repo. */
function dockerInputs(repo: string): Record<string, string> {
  return {
    registry: REGISTRY,
    image: repo,
    ...aliceInputs,
    'build-command': 'make',
    builder: 'docker',
  };
}

describe('builder: docker with DOCKER_BUILDKIT=1', () => {
  it('leaves the setting to the user, and says what a client without buildx needs', async () => {
    const repo = uniqueRepo('alice', 'buildkit-no-buildx');
    // The `docker` first on PATH, as it is: a client of Docker 23 or later reaches BuildKit
    // only through buildx; an older one (20.10) has it built in.
    const needsBuildx = engineKind('docker') !== 'buildx' && dockerClientMajor() >= 23;
    const result = await runAction({
      event: events.push('main'),
      env: { DOCKER_BUILDKIT: '1' },
      inputs: dockerInputs(repo),
    });
    engine.runs.push(result);
    engine.repos.push(repo);
    if (!needsBuildx) {
      expect(result.main.code, result.main.log).toBe(0);
      expect(result.main.log).toMatch(/Building with docker (buildx build|build \(BuildKit\))/);
      return;
    }
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/buildx component is missing/);
    expect(errors[0]).toMatch(/setup-buildx-action.*or leave DOCKER_BUILDKIT unset/);
    expect(await listTags(repo)).toEqual([]);
  });
});

describe.each(['docker', 'docker-buildkit'])(
  'builder %s on a base image from a registry',
  (name) => {
    it('pushes the base layers as the registry has them (mounted), not compressed anew', async () => {
      // The base: pushed by the action itself (native), a layer of its own.
      const baseDir = mkdtempSync(join(tmpdir(), 'oneimage-base-'));
      writeFileSync(join(baseDir, 'Dockerfile'), 'FROM scratch\nCOPY base.txt /etc/base.txt\n');
      writeFileSync(join(baseDir, 'base.txt'), `base ${Date.now()}\n`.repeat(2000));
      const baseRepo = uniqueRepo('alice', 'base');
      const base = await runAction({
        workspaceFrom: baseDir,
        event: events.push('main'),
        env: NO_ENGINE,
        inputs: { registry: REGISTRY, image: baseRepo, ...aliceInputs, builder: 'native' },
      });
      engine.runs.push(base);
      rmSync(baseDir, { recursive: true, force: true });
      expect(base.main.code, base.main.log).toBe(0);
      const baseManifest = (await imageManifest(baseRepo, base.outputs.digest!)).manifest;

      // The seed, built by the engine on that base.
      const appDir = mkdtempSync(join(tmpdir(), 'oneimage-app-'));
      cpSync(SEED, appDir, { recursive: true, filter: (src) => src !== join(SEED, 'hello') });
      writeFileSync(
        join(appDir, 'Dockerfile'),
        `FROM ${REGISTRY}/${baseRepo}:latest\nCOPY hello /\nCMD ["/hello"]\n`,
      );
      const repo = uniqueRepo('alice', `on-base-${name}`);
      const result = await runAction({
        workspaceFrom: appDir,
        event: events.push('main'),
        env: builderSetup(name).env,
        inputs: dockerInputs(repo),
      });
      engine.runs.push(result);
      engine.repos.push(repo, baseRepo);
      rmSync(appDir, { recursive: true, force: true });
      expect(result.main.code, result.main.log).toBe(0);
      expect(result.main.log).toContain(
        `Base image ${REGISTRY}/${baseRepo}:latest: 1 layer taken as its registry has them`,
      );
      // The layer and the config, and the attestations' config and two statements.
      expect(result.main.log).toMatch(/Blobs: 5 uploaded \(\d+ bytes\), 1 mounted/);
      expect(result.main.log).toMatch(
        /: 1 layer compressed here, 1 as the base image's registry has them/,
      );
      const { manifest } = await imageManifest(repo, result.outputs.digest!);
      expect(manifest.layers).toHaveLength(2);
      expect(manifest.layers![0]!.digest).toBe(baseManifest.layers![0]!.digest);

      const ref = `${REGISTRY}/${repo}@${result.outputs.digest!}`;
      execFileSync('docker', ['pull', '--quiet', ref]);
      const out = execFileSync('docker', ['run', '--rm', '--network', 'none', ref], {
        encoding: 'utf8',
      });
      expect(out.trim()).toBe('hello from docker container');
      execFileSync('docker', ['rmi', '--force', ref]);
    });
  },
);

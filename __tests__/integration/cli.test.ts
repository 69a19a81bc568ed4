/**
 * The command line bundle (dist/cli/index.js) end to end, in fresh git repositories
 * holding the seed: an image archive without a Docker engine or a registry, then
 * loaded and run by the real engine; pushes to the token-auth registry with both
 * builders; and the command line's own rules (help, version, refused flags).
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listTags,
  manifestDigest,
  REGISTRY,
  requireServices,
  runDocker,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { processesWith, ROOT, SEED } from './harness.js';

const CLI = join(ROOT, 'dist/cli/index.js');
const PASSWORD = USERS.alice!;
const SECRETS = [PASSWORD, Buffer.from(`alice:${PASSWORD}`).toString('base64')];
/** The native builder must not need an engine: point DOCKER_HOST nowhere. */
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent.sock' };
const COMMIT_DATE = '2026-01-02T03:04:05Z';

const scratch = mkdtempSync(join(tmpdir(), 'oneimage-cli-test-'));
const loadedImages: string[] = [];
afterAll(async () => {
  if (loadedImages.length > 0) await runDocker(['rmi', '--force', ...loadedImages]);
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function freshDir(name: string): string {
  const dir = join(scratch, `${name}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const home = freshDir('home');

/** A clean environment: nothing of the test runner's GITHUB_*, INPUT_* or HOME. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_AUTHOR_DATE: COMMIT_DATE,
    GIT_COMMITTER_DATE: COMMIT_DATE,
  };
  for (const key of ['PATH', 'LANG', 'DOCKER_HOST']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: baseEnv(), encoding: 'utf8' }).trim();
}

interface Repo {
  dir: string;
  sha: string;
  short: string;
}

/** A git repository with the seed at examples/hello, one commit on main. */
function seedRepo(options: { tag?: string; origin?: string } = {}): Repo {
  const dir = freshDir('repo');
  cpSync(SEED, join(dir, 'examples/hello'), {
    recursive: true,
    filter: (src) => !src.endsWith('/hello') || src === SEED,
  });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '.']);
  git(dir, ['commit', '--quiet', '--message', 'seed']);
  if (options.tag) git(dir, ['tag', '--annotate', options.tag, '--message', options.tag]);
  if (options.origin) git(dir, ['remote', 'add', 'origin', options.origin]);
  const sha = git(dir, ['rev-parse', 'HEAD']);
  return { dir, sha, short: sha.slice(0, 7) };
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `name: value` lines after the log. */
  outputs: Record<string, string>;
  /** TMPDIR of the run; the CLI must leave it empty. */
  tmp: string;
}

/** The outputs block: the lines after the last blank line, continuation lines indented. */
function parseOutputs(stdout: string): Record<string, string> {
  const block = stdout.slice(stdout.lastIndexOf('\n\n') + 2);
  const outputs: Record<string, string> = {};
  let last: string | undefined;
  for (const line of block.split('\n')) {
    const m = /^([a-z][a-z-]*):(?: (.*))?$/.exec(line);
    if (m) {
      last = m[1]!;
      outputs[last] = m[2] ?? '';
    } else if (last !== undefined && /^ +\S/.test(line)) {
      outputs[last] += `\n${line.trim()}`;
    }
  }
  return outputs;
}

function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  const tmp = freshDir('tmp');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? scratch,
      env: { ...baseEnv(), TMPDIR: tmp, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (process.env.ONEIMAGE_TEST_SHOW_LOG) process.stdout.write(stdout + stderr);
      resolve({ code, stdout, stderr, outputs: parseOutputs(stdout), tmp });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The labels in the image config of an OCI layout archive (the --output tar). */
function archiveLabels(archive: string): Record<string, string> {
  const read = (path: string): unknown =>
    JSON.parse(execFileSync('tar', ['-xOf', archive, path], { encoding: 'utf8' }));
  const blob = (digest: string) => `blobs/sha256/${digest.replace(/^sha256:/, '')}`;
  const index = read('index.json') as { manifests: Array<{ digest: string }> };
  const manifest = read(blob(index.manifests[0]!.digest)) as { config: { digest: string } };
  const config = read(blob(manifest.config.digest)) as { config?: { Labels?: object } };
  return (config.config?.Labels ?? {}) as Record<string, string>;
}

function expectNoSecret(result: CliResult): void {
  for (const secret of SECRETS) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

/** What every successful run leaves: no temporary files, no raw workflow commands. */
function expectCleanRun(result: CliResult): void {
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(readdirSync(result.tmp)).toEqual([]);
  expect(result.stdout).not.toMatch(/^::/m);
  expectNoSecret(result);
}

const SEED_ARGS = [
  '--context',
  'examples/hello',
  '--build-command',
  'make',
  '--working-directory',
  'examples/hello',
];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
});

describe('one-step-image without an engine or a registry', () => {
  it('writes an archive that docker loads and runs, tagged from the git tag', async () => {
    const repo = seedRepo({ tag: 'v1.0.0', origin: 'https://github.com/octo-org/hello-cli.git' });
    const image = uniqueRepo('alice', 'cli-load');
    const result = await runCli([...SEED_ARGS, '--image', image, '--output', 'hello.tar'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expectCleanRun(result);
    expect(result.stdout).toContain('Builder: native');
    expect(result.stdout).toContain('==> Compile: make');
    const ref = (tag: string) => `docker.io/${image}:${tag}`;
    expect(result.outputs).toMatchObject({
      image: `docker.io/${image}`,
      version: '1.0.0',
      pushed: 'false',
      digest: '',
    });
    expect(result.outputs.tags!.split('\n')).toEqual(
      ['1.0.0', '1.0', '1', `sha-${repo.short}`, 'latest'].map(ref),
    );
    expect(result.outputs.imageid).toMatch(/^sha256:[a-f0-9]{64}$/);

    const archive = join(repo.dir, 'hello.tar');
    expect(existsSync(archive)).toBe(true);
    const load = await runDocker(['load', '--input', archive]);
    expect(load.code, load.stderr).toBe(0);
    loadedImages.push(...['1.0.0', '1.0', '1', `sha-${repo.short}`, 'latest'].map(ref));

    const inspect = await runDocker([
      'image',
      'inspect',
      '--format',
      '{{json .Config.Labels}}',
      ref('1.0.0'),
    ]);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(JSON.parse(inspect.stdout) as Record<string, string>).toMatchObject({
      'org.opencontainers.image.revision': repo.sha,
      'org.opencontainers.image.version': '1.0.0',
      'org.opencontainers.image.source': 'https://github.com/octo-org/hello-cli',
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
    });
    const runImage = await runDocker(['run', '--rm', '--network', 'none', ref('1.0.0')]);
    expect(runImage.code, runImage.stderr).toBe(0);
    expect(runImage.stdout).toContain('hello from docker container');
  });

  it('works outside a git repository: no commit tag, tagged latest', async () => {
    const dir = freshDir('plain');
    cpSync(SEED, dir, {
      recursive: true,
      filter: (src) => !src.endsWith('/hello') || src === SEED,
    });
    // The Dockerfile's own labels: no commit and no version here to replace them with.
    appendFileSync(
      join(dir, 'Dockerfile'),
      'LABEL org.opencontainers.image.revision=from-dockerfile org.opencontainers.image.version=9.9\n',
    );
    const result = await runCli(
      ['--build-command', 'make', '--image', 'alice/plain', '--output', 'out.tar'],
      { cwd: dir, env: NO_ENGINE },
    );
    expectCleanRun(result);
    expect(result.stdout).toContain('is not in a git repository');
    expect(result.outputs).toMatchObject({
      image: 'docker.io/alice/plain',
      tags: 'docker.io/alice/plain:latest',
      version: '',
      pushed: 'false',
    });
    const listing = execFileSync('tar', ['-tf', join(dir, 'out.tar')], { encoding: 'utf8' });
    expect(listing.split('\n')).toEqual(
      expect.arrayContaining(['manifest.json', 'index.json', 'oci-layout']),
    );
    const labels = archiveLabels(join(dir, 'out.tar'));
    expect(labels['org.opencontainers.image.revision']).toBe('from-dockerfile');
    expect(labels['org.opencontainers.image.version']).toBe('9.9');
    expect(labels['org.opencontainers.image.title']).toBe(basename(dir));
  });

  it('names the repository local/<directory> when origin is not on a web host', async () => {
    const repo = seedRepo({ origin: '/srv/git/hello.git' });
    const result = await runCli([...SEED_ARGS, '--output', 'local.tar'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expectCleanRun(result);
    expect(result.outputs.image).toBe(`docker.io/local/${basename(repo.dir)}`);
    expect(result.outputs.version).toBe('main');
    // No web address to point at: no source or url label rather than a made-up one.
    const labels = archiveLabels(join(repo.dir, 'local.tar'));
    expect(labels['org.opencontainers.image.revision']).toBe(repo.sha);
    expect(labels).not.toHaveProperty('org.opencontainers.image.source');
    expect(labels).not.toHaveProperty('org.opencontainers.image.url');
  });

  it('prints the job summary only with --summary', async () => {
    const repo = seedRepo();
    const plain = await runCli([...SEED_ARGS, '--image', 'alice/summary'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expectCleanRun(plain);
    expect(plain.stdout).not.toContain('| Stage | Time |');
    const withSummary = await runCli([...SEED_ARGS, '--image', 'alice/summary', '--summary'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expectCleanRun(withSummary);
    expect(withSummary.stdout).toContain('| Stage | Time |');
    expect(withSummary.outputs.tags).toBe(
      `docker.io/alice/summary:sha-${repo.short}\ndocker.io/alice/summary:latest`,
    );
  });
});

describe('one-step-image --push to the token-auth registry', () => {
  beforeAll(requireServices);

  it('pushes with the native builder, the password read from standard input', async () => {
    const repo = seedRepo({ origin: 'git@github.com:octo-org/hello-cli.git' });
    const image = uniqueRepo('alice', 'cli-push');
    const result = await runCli(
      [
        ...SEED_ARGS,
        '--registry',
        REGISTRY,
        '--image',
        image,
        '--username',
        'alice',
        '--password-stdin',
        '--push',
      ],
      { cwd: repo.dir, env: NO_ENGINE, input: `${PASSWORD}\n` },
    );
    expectCleanRun(result);
    const digest = result.outputs.digest!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs.pushed).toBe('true');
    expect(result.outputs.image).toBe(`${REGISTRY}/${image}`);
    expect((await listTags(image)).sort()).toEqual(['latest', `sha-${repo.short}`].sort());
    for (const tag of ['latest', `sha-${repo.short}`]) {
      expect(await manifestDigest(image, tag)).toBe(digest);
    }
  });

  it('pushes with the Docker builder and REGISTRY_PASSWORD; a branch that is not the default', async () => {
    const repo = seedRepo({ origin: 'https://github.com/octo-org/hello-cli.git' });
    // origin/HEAD names main as the default branch; the build runs on feature/x.
    git(repo.dir, ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    git(repo.dir, ['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);
    git(repo.dir, ['checkout', '--quiet', '-b', 'feature/x']);
    const image = uniqueRepo('alice', 'cli-docker');
    const result = await runCli(
      [
        '--context',
        'examples/hello',
        '--working-directory',
        'examples/hello',
        '--build-command',
        'env > ../../build-env.txt && make',
        '--builder',
        'docker',
        '--registry',
        REGISTRY,
        '--image',
        image,
        '--username',
        'alice',
        '--push',
      ],
      { cwd: repo.dir, env: { REGISTRY_PASSWORD: PASSWORD } },
    );
    expectCleanRun(result);
    expect(result.stdout).toContain('Builder: docker');
    expect(result.outputs.version).toBe('feature-x');
    const digest = result.outputs.digest!;
    expect((await listTags(image)).sort()).toEqual(['feature-x', `sha-${repo.short}`].sort());
    expect(await manifestDigest(image, 'feature-x')).toBe(digest);
    // The build-command never sees the password, under any name.
    const buildEnv = readFileSync(join(repo.dir, 'build-env.txt'), 'utf8');
    expect(buildEnv).not.toContain(PASSWORD);
    expect(buildEnv).not.toMatch(/^(INPUT_|REGISTRY_PASSWORD)/m);
    // Nor does it see a runner's variables: the command line pretends to be no runner.
    expect(buildEnv).not.toMatch(/^GITHUB_(REF|EVENT_PATH|OUTPUT|STATE|WORKSPACE)=/m);
    loadedImages.push(
      ...['feature-x', `sha-${repo.short}`].map((t) => `${REGISTRY}/${image}:${t}`),
    );
  });

  it('fails with one error line on a wrong password, and shows no password', async () => {
    const repo = seedRepo();
    const image = uniqueRepo('alice', 'cli-wrong');
    const wrong = 'not-the-Secr3t';
    const result = await runCli(
      [
        ...SEED_ARGS,
        '--registry',
        REGISTRY,
        '--image',
        image,
        '--username',
        'alice',
        '--password-stdin',
        '--push=true',
      ],
      { cwd: repo.dir, env: NO_ENGINE, input: wrong },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Error: Registry login failed: /m);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    expect(result.outputs.pushed).toBe('false');
    expect(readdirSync(result.tmp)).toEqual([]);
    expect(await listTags(image)).toEqual([]);
  });
});

describe('one-step-image with a registry that never answers', () => {
  it('ends with the compile error at once, not after the retry budget', async () => {
    // Accepts connections and says nothing: every registry request hangs.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const repo = seedRepo({ origin: 'git@github.com:octo-org/hello-cli.git' });
      const started = Date.now();
      const result = await runCli(
        [
          '--context',
          'examples/hello',
          '--build-command',
          'sleep 1; exit 3',
          '--registry',
          `127.0.0.1:${port}`,
          '--image',
          'alice/never',
          '--username',
          'alice',
          '--password-stdin',
          '--push',
        ],
        { cwd: repo.dir, env: NO_ENGINE, input: `${PASSWORD}\n` },
      );
      const ms = Date.now() - started;
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toMatch(/Compile failed/);
      expect(sockets.length, 'the credential check had started').toBeGreaterThan(0);
      // The default retry-timeout is 5 minutes.
      expect(ms, `took ${ms} ms`).toBeLessThan(60_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});

describe('one-step-image command line', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: one-step-image');
    for (const flag of ['--password-stdin', '--build-arg', '--platform', '--output', '--push']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`one-step-image ${pkg.version}`);
  });

  it.each([
    [['--password', PASSWORD]],
    [[`--password=${PASSWORD}`]],
    [['--username', 'alice', `--password-stdin=${PASSWORD}`]],
    [['--username', 'alice', PASSWORD]],
  ])('refuses a password on the command line: %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expectNoSecret(result);
    expect(result.stderr).toMatch(/password-stdin|takes only --flags/);
  });

  it('an unknown flag exits 2 with a message', async () => {
    const result = await runCli(['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--frobnicate'");
    expect(result.stderr).toContain('--help');
  });

  it('--push without credentials exits 2 before any work', async () => {
    const result = await runCli(['--push', '--image', 'alice/x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--push needs --username and a password');
  });

  it('--merge with --output exits 2 naming both flags', async () => {
    const result = await runCli(['--merge', 'linux/amd64', '--output', 'image.tar']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^one-step-image: --merge and --output cannot be used together/m);
  });

  it('--merge of no platform exits 2 naming --merge', async () => {
    const repo = seedRepo();
    const result = await runCli([...SEED_ARGS, '--merge', ' , ,'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^one-step-image: --merge: ", ," names no platform/m);
  });

  it.each([
    [
      ['--merge', 'linux/amd64', '--platform', 'linux/arm64'],
      /--merge: is set together with --platform: .* Remove --platform from the merge job/,
    ],
    [
      ['--merge', 'linux/amd64', '--platform-tags'],
      /Set --platform-tags in the matrix jobs and --merge only/,
    ],
    [
      ['--image', 'ghcr.io/alice/x', '--registry', 'quay.io'],
      /Drop the host \(--image alice\/x\), or set --registry ghcr.io/,
    ],
    [['--image', 'alice/x:1'], /Extra tags go in --tag;/],
    [['--images', 'bad//ref'], /--images: line 1: "bad\/\/ref" has an empty path component/],
    [['--image', 'alice/x', '--images', 'alice/y'], /--images: is set together with --image;/],
    [['--secret', 'token'], /--secret: line 1 has no "="; write each secret as id=value/],
  ])('a wrong command line is told in flags, never in inputs: %j', async (args, expected) => {
    const repo = seedRepo();
    const result = await runCli([...SEED_ARGS, ...args], { cwd: repo.dir, env: NO_ENGINE });
    expect(result.code).toBe(2);
    const said = `${result.stdout}${result.stderr}`;
    expect(said).toMatch(expected);
    expect(said).not.toMatch(/\binputs?\b|"(merge|platforms|image|registry|tags)"/);
  });

  it('a bad --push value exits 2', async () => {
    const result = await runCli(['--push=maybe']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"maybe" is not one of auto, true, false');
  });

  it.each([
    ['--builder', 'natve', /^one-step-image: --builder: "natve" is not one of/m],
    [
      '--build-arg',
      '1X=y',
      /^one-step-image: --build-arg: "1X" is not a valid build argument name/m,
    ],
    [
      '--build-command-timeout',
      '36000',
      /^one-step-image: --build-command-timeout: "36000" is too long: at most 10080 minutes/m,
    ],
    [
      '--retry-timeout',
      '36000',
      /^one-step-image: --retry-timeout: "36000" is too long: at most 10080 minutes/m,
    ],
  ])('a bad %s value exits 2 naming the flag', async (flag, value, message) => {
    const repo = seedRepo();
    const result = await runCli([...SEED_ARGS, flag, value], { cwd: repo.dir, env: NO_ENGINE });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout + result.stderr).not.toMatch(/Input "|GITHUB_WORKSPACE/);
  });

  it('a bad image name, found by the pipeline, exits 2 naming --image and prints no outputs', async () => {
    const repo = seedRepo();
    const result = await runCli([...SEED_ARGS, '--image', 'alice/Bad Name!'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Error: Input validation failed: --image: "alice\/Bad Name!"/m);
    expect(result.stdout).not.toContain('Input "image"');
    expect(result.stdout).not.toMatch(/^pushed:/m);
  });

  it('--compression reaches the compression input: a bad value exits 2 naming the flag', async () => {
    const repo = seedRepo();
    const result = await runCli([...SEED_ARGS, '--compression', 'brotli'], {
      cwd: repo.dir,
      env: NO_ENGINE,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^one-step-image: --compression: .*brotli/m);
    expect(result.stderr).not.toContain('Input "compression"');
  });

  it('--compression gzip:1 builds an archive docker loads', async () => {
    const repo = seedRepo();
    const image = uniqueRepo('alice', 'cli-gzip1');
    const result = await runCli(
      [...SEED_ARGS, '--image', image, '--compression', 'gzip:1', '--output', 'fast.tar'],
      { cwd: repo.dir, env: NO_ENGINE },
    );
    expectCleanRun(result);
    const load = await runDocker(['load', '--input', join(repo.dir, 'fast.tar')]);
    expect(load.code, load.stderr).toBe(0);
    loadedImages.push(`docker.io/${image}:latest`, `docker.io/${image}:sha-${repo.short}`);
    const run = await runDocker(['run', '--rm', '--network', 'none', `docker.io/${image}:latest`]);
    expect(run.stdout).toContain('hello from docker container');
  });
});

// The build-command runs in a process group of its own, which the terminal's Ctrl-C
// does not reach: the command line must stop it, background jobs included.
describe('one-step-image interrupted', () => {
  it('stops the build-command and what it started on SIGINT', async () => {
    const dir = freshDir('interrupted');
    cpSync(SEED, dir, { recursive: true });
    const [fg, bg] = [700_001, 700_002].map((n) => String(n + Math.floor(Math.random() * 90_000)));
    const child = spawn(
      process.execPath,
      // The numbers come through the environment: the command line's own arguments must
      // not be taken for the sleeps.
      [CLI, '--build-command', 'sleep $BG & sleep $FG', '--output', 'out.tar'],
      {
        cwd: dir,
        env: { ...baseEnv(), ...NO_ENGINE, TMPDIR: freshDir('tmp'), BG: bg!, FG: fg! },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const running = (): boolean =>
      processesWith(`sleep ${fg}`).length > 0 && processesWith(`sleep ${bg}`).length > 0;
    for (let i = 0; i < 200 && !running(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(running(), 'the build-command started').toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const left = [...processesWith(`sleep ${fg}`), ...processesWith(`sleep ${bg}`)];
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left, 'sleeps left running').toEqual([]);
  });
});

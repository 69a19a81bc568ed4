#!/usr/bin/env node
/**
 * one-step-image: the action's pipeline on your own machine.
 *
 * The flags become the INPUT_* variables the action reads, and the local git
 * repository becomes the GITHUB_* context of a push event (sha, tag or branch,
 * repository from the origin remote, default branch, commit time). Then the
 * action's main step run() and its post step cleanup() run in this process,
 * exactly as on a runner. Differences from the action:
 *
 * - push defaults to false: a local run pushes only with --push;
 * - paths are relative to the current directory (they must stay inside the
 *   repository, like the action's paths stay inside the workspace); context and
 *   working-directory default to the current directory;
 * - the password comes from standard input (--password-stdin) or the
 *   REGISTRY_PASSWORD variable, never from a flag, and is masked in the log;
 * - the log's workflow commands (::error::, ::group::, ::add-mask::, ...) become
 *   plain lines; the outputs follow the log as `name: value` lines (after the
 *   job summary, with --summary);
 * - outside a git repository there is no commit: no sha-<7 hex> tag, no
 *   version, and the image is tagged `latest` unless --tag or --latest says
 *   otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import * as runner from '../action/workflow-commands.js';
import { cleanup } from '../action/post.js';
import { run } from '../action/main.js';

const NAME = 'one-step-image';
const USAGE_EXIT = 2;

export const USAGE = `Usage: ${NAME} [flags]

Runs the one-step-image action locally: compiles, builds the image, tags it from
the git repository in the current directory, and pushes it only with --push.

Image
  --image NAME                     image name, e.g. alice/hello (default: <username>/<repo name>)
  --registry HOST                  registry host (default: docker.io)
  --tag TAG                        extra tag; repeatable, or comma separated
  --latest[=auto|true|false]       tag "latest" (default auto: default branch, final releases)
  --no-latest                      same as --latest=false

Build
  --build-command CMD              command run with bash -e before the build (e.g. make)
  --build-command-timeout MINUTES  stop the build command after this long (default: no limit)
  --working-directory DIR          where the build command runs (default: the current directory)
  --context DIR                    build context (default: the current directory)
  --dockerfile FILE                Dockerfile (default: <context>/Dockerfile)
  --build-arg NAME=VALUE           build argument; repeatable
  --label NAME=VALUE               image label; repeatable
  --target STAGE                   stage of a multi-stage Dockerfile to build
  --platform OS/ARCH               target platform; repeatable or comma separated (default: this machine)
  --builder KIND                   native (no Docker engine), docker, or auto (default: auto)
  --output FILE                    write the image to a tar archive for docker load (also an OCI layout)
  --compression KIND               layer compression: gzip, gzip:<0-9>, zstd, zstd:<1-22> (default: gzip)

Push
  --push[=auto|true|false]         push the image (default: false)
  --no-push                        same as --push=false
  --username USER                  registry user
  --retry-timeout MINUTES          time to retry registry errors before failing (default: 5)
  --password-stdin                 read the registry password from standard input
                                   (or set REGISTRY_PASSWORD; never give a password as a flag)

Other
  --summary                        also print the job summary (Markdown)
  -h, --help                       show this help
  --version                        show the version

Paths are relative to the current directory and must stay inside the repository.
After the log come the outputs, as "name: value" lines.

Example, with no Docker engine and no registry:
  ${NAME} --context examples/hello --build-command make --working-directory examples/hello \\
    --image alice/hello --output hello.tar
`;

/** A mistake on the command line: reported with a hint to --help, exit code 2. */
class UsageError extends Error {}

/** What the command line asks for. */
export interface CliRequest {
  help: boolean;
  version: boolean;
  passwordStdin: boolean;
  summary: boolean;
  /** Action input name → raw value, for the inputs given on the command line. */
  inputs: Record<string, string>;
  /** Whether --tag or --latest was given (decides the tag outside a git repository). */
  tagsChosen: boolean;
}

const SWITCH_VALUES = ['auto', 'true', 'false'];
const SWITCH_FLAGS = ['push', 'latest'];

/** Path flags: resolved against the current directory (the action resolves against the workspace). */
const PATH_FLAGS = ['working-directory', 'context', 'dockerfile', 'output'];

/**
 * `--push` / `--latest` take an optional value: `--push`, `--push=false`, `--push false`
 * and `--no-push` all work. parseArgs has no optional values, so they are rewritten to
 * the `--name=value` form first. A password given as a flag is refused here, before
 * parseArgs could echo it back in an error message.
 */
function normalizeArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (/^--password(=|$)/.test(arg) || /^--password-stdin=/.test(arg)) {
      throw new UsageError(
        'a password is never taken as a flag value (it would show in the process list and the shell history). ' +
          `Pipe it in with --password-stdin (for example: ${NAME} ... --username alice --password-stdin < token.txt), ` +
          'or set the REGISTRY_PASSWORD environment variable.',
      );
    }
    const name = /^--(?:no-)?([a-z]+)$/.exec(arg)?.[1];
    if (name !== undefined && SWITCH_FLAGS.includes(name)) {
      if (arg.startsWith('--no-')) {
        out.push(`--${name}=false`);
      } else {
        const next = args[i + 1];
        const value =
          next !== undefined && SWITCH_VALUES.includes(next.toLowerCase()) ? next : undefined;
        out.push(`--${name}=${value ?? 'true'}`);
        if (value !== undefined) i++;
      }
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** Parses the command line (without node and the script). Throws UsageError. */
export function parseCommandLine(args: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: normalizeArgs(args),
      strict: true,
      allowPositionals: false,
      options: {
        registry: { type: 'string' },
        image: { type: 'string' },
        username: { type: 'string' },
        'build-command': { type: 'string' },
        'build-command-timeout': { type: 'string' },
        'working-directory': { type: 'string' },
        context: { type: 'string' },
        dockerfile: { type: 'string' },
        'build-arg': { type: 'string', multiple: true },
        label: { type: 'string', multiple: true },
        target: { type: 'string' },
        tag: { type: 'string', multiple: true },
        latest: { type: 'string' },
        push: { type: 'string' },
        'retry-timeout': { type: 'string' },
        builder: { type: 'string' },
        compression: { type: 'string' },
        platform: { type: 'string', multiple: true },
        output: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        summary: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    // parseArgs quotes a stray argument; it may be a secret typed in the wrong place.
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('unexpected argument: this command takes only --flags.');
    }
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  for (const name of SWITCH_FLAGS) {
    const value = v[name as 'push' | 'latest'];
    if (value !== undefined && !SWITCH_VALUES.includes(value.trim().toLowerCase())) {
      throw new UsageError(`--${name}: ${JSON.stringify(value)} is not one of auto, true, false.`);
    }
  }

  const inputs: Record<string, string> = {};
  const single = [
    'registry',
    'image',
    'username',
    'build-command',
    'build-command-timeout',
    'working-directory',
    'context',
    'dockerfile',
    'target',
    'latest',
    'push',
    'retry-timeout',
    'builder',
    'compression',
    'output',
  ] as const;
  for (const name of single) {
    const value = v[name];
    if (value !== undefined) inputs[name] = value;
  }
  if (v['build-arg']) inputs['build-args'] = v['build-arg'].join('\n');
  if (v.label) inputs.labels = v.label.join('\n');
  if (v.tag) inputs.tags = v.tag.join('\n');
  if (v.platform) inputs.platforms = v.platform.join(',');
  return {
    help: v.help === true,
    version: v.version === true,
    passwordStdin: v['password-stdin'] === true,
    summary: v.summary === true,
    inputs,
    tagsChosen: v.tag !== undefined || v.latest !== undefined,
  };
}

// ---------------------------------------------------------------------------
// The git context

export interface LocalGit {
  /** Repository top level, or the current directory outside git. */
  workspace: string;
  inGit: boolean;
  /** HEAD's full commit id; '' outside git or before the first commit. */
  sha: string;
  /** refs/tags/<tag at HEAD>, else refs/heads/<branch>, else '' (detached HEAD). */
  ref: string;
  /** owner/name from the origin remote, else local/<directory name>. */
  repository: string;
  /** https://<host> of the origin remote, when it has a host. */
  serverUrl: string | undefined;
  defaultBranch: string | undefined;
  /** Committer date of HEAD, ISO 8601. */
  commitTime: string | undefined;
}

/** Runs git with an argument array (no shell); undefined when it fails or git is missing. */
function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The repository path (owner/name, or group/subgroup/name) and the web server from a
 * remote URL: https://host/owner/name.git, git@host:owner/name.git,
 * ssh://git@host:22/owner/name. A remote on the local file system has neither.
 * Credentials in the URL are never kept.
 */
export function parseRemoteUrl(url: string): { repository?: string; serverUrl?: string } {
  let host: string | undefined;
  let pathPart = '';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(url);
  const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.*)$/.exec(url);
  if (scheme && scheme[1]!.toLowerCase() !== 'file') {
    host = scheme[2]!.replace(/^.*@/, '').replace(/:\d*$/, '');
    pathPart = scheme[3] ?? '';
  } else if (!scheme && scp && scp[1]!.length > 1 && !/^[./]/.test(url)) {
    // scp-like user@host:path; a one-letter "host" is a drive letter.
    host = scp[1];
    pathPart = scp[2] ?? '';
  }
  if (!host) return {};
  const segments = pathPart
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  return {
    repository: segments.length >= 2 ? segments.join('/') : undefined,
    serverUrl: `https://${host.toLowerCase()}`,
  };
}

/** Reads the git context of the repository around `cwd`. */
export function readLocalGit(cwd: string): LocalGit {
  const top = git(['rev-parse', '--show-toplevel'], cwd);
  if (top === undefined || top === '') {
    return {
      workspace: cwd,
      inGit: false,
      sha: '',
      ref: '',
      repository: `local/${path.basename(cwd) || 'workspace'}`,
      serverUrl: undefined,
      defaultBranch: undefined,
      commitTime: undefined,
    };
  }
  const sha = git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], top) ?? '';
  const tag = sha ? git(['describe', '--exact-match', '--tags', 'HEAD'], top) : undefined;
  const branch = git(['symbolic-ref', '--quiet', '--short', 'HEAD'], top);
  const ref = tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : '';
  const remote = parseRemoteUrl(git(['config', '--get', 'remote.origin.url'], top) ?? '');
  const originHead = git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], top);
  const defaultBranch = originHead?.replace(/^origin\//, '') || branch || undefined;
  return {
    workspace: top,
    inGit: true,
    sha,
    ref,
    repository: remote.repository ?? `local/${path.basename(top) || 'workspace'}`,
    serverUrl: remote.repository ? remote.serverUrl : undefined,
    defaultBranch,
    commitTime: sha ? git(['log', '-1', '--format=%cI', 'HEAD'], top) || undefined : undefined,
  };
}

/** The push event payload GitHub would send, trimmed to what the action reads. */
function eventPayload(g: LocalGit): Record<string, unknown> {
  const repository: Record<string, unknown> = { full_name: g.repository };
  if (g.defaultBranch) repository.default_branch = g.defaultBranch;
  const payload: Record<string, unknown> = { ref: g.ref, repository };
  if (g.sha) {
    payload.after = g.sha;
    payload.head_commit = { id: g.sha, ...(g.commitTime ? { timestamp: g.commitTime } : {}) };
  }
  return payload;
}

// ---------------------------------------------------------------------------
// The log: workflow commands made readable, secrets masked

/** Undoes @actions/core's escaping of command data and properties. */
function unescape(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

class LogFilter {
  private readonly secrets = new Set<string>();

  constructor(private readonly debug: boolean) {}

  addSecret(secret: string): void {
    if (secret !== '') this.secrets.add(secret);
  }

  mask(text: string): string {
    let out = text;
    // Longest first, so that a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('***');
    }
    return out;
  }

  /** One line of the action's standard output, in the form the CLI shows. */
  private line(line: string): string {
    const eol = /\r?\n$/.exec(line)?.[0] ?? '';
    const body = line.slice(0, line.length - eol.length);
    if (body.startsWith('[command]')) return `$ ${body.slice('[command]'.length)}${eol}`;
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/s.exec(body);
    if (!m) return line;
    const [, command, props, data] = m;
    const message = unescape(data ?? '');
    const properties = new Map(
      (props ?? '')
        .split(',')
        .map((p) => p.split('='))
        .filter((kv) => kv.length === 2)
        .map(([k, val]) => [k!, unescape(val!)]),
    );
    const file = properties.get('file');
    const line_ = properties.get('line');
    const where = file ? `${file}${line_ ? `:${line_}` : ''}: ` : '';
    switch (command) {
      case 'add-mask':
        this.addSecret(message);
        return '';
      case 'error':
        return `Error: ${where}${message}${eol}`;
      case 'warning':
        return `Warning: ${where}${message}${eol}`;
      case 'notice':
        return `Notice: ${where}${message}${eol}`;
      case 'debug':
        return this.debug ? `Debug: ${message}${eol}` : '';
      case 'group':
        return `==> ${message}${eol}`;
      case 'endgroup':
        return '';
      default:
        return line;
    }
  }

  /** Translates what the action writes to standard output. */
  translate(text: string): string {
    return this.mask(
      text
        .split(/(?<=\n)/)
        .map((l) => this.line(l))
        .join(''),
    );
  }

  /**
   * Passes what the action writes to standard output through translate(), and masks
   * standard error. Returns a writer for the CLI's own lines. (The build-command's
   * output goes straight to the terminal, as on a runner; it never sees the password.)
   */
  install(): (text: string) => void {
    const hook = (stream: NodeJS.WriteStream, transform: (text: string) => string): void => {
      const real = stream.write.bind(stream) as (
        text: string,
        cb?: (err?: Error | null) => void,
      ) => boolean;
      const decoder = new StringDecoder('utf8');
      stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
        const text =
          typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk as Uint8Array));
        const callback = (typeof encoding === 'function' ? encoding : cb) as
          ((err?: Error | null) => void) | undefined;
        return real(transform(text), callback);
      }) as typeof stream.write;
    };
    hook(process.stdout, (t) => this.translate(t));
    hook(process.stderr, (t) => this.mask(t));
    return (text) => void process.stdout.write(text);
  }
}

// ---------------------------------------------------------------------------
// Files of the GitHub runner protocol

/** Parses the `name<<delimiter` / `name=value` format of GITHUB_OUTPUT and GITHUB_STATE. */
export function parseCommandFile(text: string): Array<[string, string]> {
  const values: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      values.push([heredoc[1]!, body.join('\n')]);
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      values.push([line.slice(0, at), line.slice(at + 1)]);
    }
  }
  return values;
}

/** `name: value` lines; the lines of a multi-line value are aligned under the first. */
function formatOutputs(outputs: Array<[string, string]>): string {
  return outputs
    .map(([name, value]) => {
      const [first = '', ...rest] = value.split('\n');
      const indent = ' '.repeat(name.length + 2);
      return [`${name}: ${first}`.trimEnd(), ...rest.map((l) => `${indent}${l}`)].join('\n');
    })
    .join('\n');
}

// ---------------------------------------------------------------------------

function findVersion(): string {
  let dir: string;
  try {
    dir = path.dirname(realpathSync(process.argv[1] ?? '.'));
  } catch {
    return 'unknown';
  }
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === NAME && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Password (read from standard input; end with Ctrl-D): ');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The INPUT_* environment: action.yml's defaults, the CLI's own, then the flags. */
function inputEnvironment(
  request: CliRequest,
  git: LocalGit,
  cwd: string,
  password: string,
): Record<string, string> {
  const inputs: Record<string, string> = {
    registry: 'docker.io',
    image: '',
    username: '',
    password,
    'build-command': '',
    'build-command-timeout': '',
    'working-directory': cwd,
    context: cwd,
    dockerfile: '',
    'build-args': '',
    labels: '',
    target: '',
    tags: '',
    latest: 'auto',
    push: 'false',
    'retry-timeout': '5',
    builder: 'auto',
    compression: 'gzip',
    output: '',
    platforms: '',
    ...request.inputs,
  };
  for (const name of PATH_FLAGS) {
    const value = request.inputs[name]?.trim();
    if (value) inputs[name] = path.resolve(cwd, value);
  }
  // Without a commit there is nothing to name the image after but `latest`.
  if (!git.sha && !request.tagsChosen) inputs.latest = 'true';
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
}

async function main(): Promise<number> {
  let request: CliRequest;
  try {
    request = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\nRun ${NAME} --help for the flags.\n`);
    return USAGE_EXIT;
  }
  if (request.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (request.version) {
    process.stdout.write(`${NAME} ${findVersion()}\n`);
    return 0;
  }

  const cwd = process.cwd();
  const local = readLocalGit(cwd);
  if (
    !local.sha &&
    request.inputs.latest?.trim().toLowerCase() === 'false' &&
    !request.inputs.tags
  ) {
    process.stderr.write(
      `${NAME}: there is no commit to tag the image with (${local.inGit ? 'no commit yet' : 'not a git repository'}); give --tag or drop --latest=false.\n`,
    );
    return USAGE_EXIT;
  }

  // The password: standard input or REGISTRY_PASSWORD, which no child process inherits.
  const envPassword = process.env.REGISTRY_PASSWORD ?? '';
  delete process.env.REGISTRY_PASSWORD;
  let password = envPassword;
  if (request.passwordStdin) {
    password = await readStdin();
    if (password === '') {
      process.stderr.write(`${NAME}: --password-stdin: standard input was empty.\n`);
      return USAGE_EXIT;
    }
  }
  const push = (request.inputs.push ?? 'false').trim().toLowerCase();
  if (push !== 'false') {
    const missing = [
      request.inputs.username?.trim() ? undefined : '--username',
      password ? undefined : 'a password (--password-stdin or REGISTRY_PASSWORD)',
    ].filter((m): m is string => m !== undefined);
    if (missing.length > 0) {
      process.stderr.write(`${NAME}: --push needs ${missing.join(' and ')}.\n`);
      return USAGE_EXIT;
    }
  }

  const filter = new LogFilter(process.env.RUNNER_DEBUG === '1');
  filter.addSecret(password);
  const username = request.inputs.username?.trim() ?? '';
  if (password) filter.addSecret(Buffer.from(`${username}:${password}`).toString('base64'));

  const root = mkdtempSync(path.join(os.tmpdir(), `${NAME}-`));
  const removeRoot = (): void => rmSync(root, { recursive: true, force: true });
  const files = {
    temp: path.join(root, 'runner-temp'),
    event: path.join(root, 'event.json'),
    output: path.join(root, 'output'),
    state: path.join(root, 'state'),
    summary: path.join(root, 'summary.md'),
  };
  mkdirSync(files.temp);
  writeFileSync(files.event, JSON.stringify(eventPayload(local), null, 2));
  for (const file of [files.output, files.state, files.summary]) writeFileSync(file, '');

  // Ctrl-C: the post step's job, then the temporary directory, then out.
  // The build-command and docker run in process groups of their own, which the
  // terminal's Ctrl-C does not reach: the post step stops them.
  const onSignal = (signal: NodeJS.Signals): void => {
    feedState(files.state);
    void cleanup().finally(() => {
      removeRoot();
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key.startsWith('STATE_')) delete process.env[key];
  }
  Object.assign(process.env, inputEnvironment(request, local, cwd, password), {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: local.ref,
    GITHUB_SHA: local.sha,
    GITHUB_REPOSITORY: local.repository,
    GITHUB_REPOSITORY_OWNER: local.repository.split('/')[0] ?? '',
    GITHUB_WORKSPACE: local.workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: files.temp,
  });
  if (local.serverUrl) process.env.GITHUB_SERVER_URL = local.serverUrl;

  const out = filter.install();
  try {
    if (!local.inGit) {
      runner.notice(
        `${cwd} is not in a git repository: no sha-<7 hex> tag and no version; the repository name is ${local.repository}.`,
      );
    }
    await run();
    // The post step, as the runner runs it: main's saved state comes back as STATE_*.
    feedState(files.state);
    await cleanup();
    if (request.summary) {
      const summary = readFileSync(files.summary, 'utf8');
      if (summary.trim() !== '') out(`\n${summary.trimEnd()}\n`);
    }
    const outputs = parseCommandFile(readFileSync(files.output, 'utf8'));
    if (outputs.length > 0) out(`\n${formatOutputs(outputs)}\n`);
  } catch (error) {
    runner.error(`Unexpected failure: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    removeRoot();
  }
  return Number(process.exitCode ?? 0) || 0;
}

/** Sets STATE_<name> for each value main saved with runner.saveState. */
function feedState(stateFile: string): void {
  let text = '';
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch {
    return;
  }
  for (const [name, value] of parseCommandFile(text)) process.env[`STATE_${name}`] = value;
}

process.exitCode = await main();
// As in the action: a registry check still retrying after a failed build must not keep
// the command running.
process.exit();

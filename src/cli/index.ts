#!/usr/bin/env node
/**
 * one-step-image: the action's pipeline on your own machine.
 *
 * The flags make the request (as the action's inputs do) and the local git repository
 * the context of a push of HEAD (sha, tag or branch, repository from the origin
 * remote, default branch, commit time); the pipeline's run() then reports to the
 * terminal. Differences from the action:
 *
 * - push defaults to false: a local run pushes only with --push;
 * - paths are relative to the current directory (they must stay inside the
 *   repository, like the action's paths stay inside the workspace); context and
 *   working-directory default to the current directory;
 * - the password comes from standard input (--password-stdin) or the
 *   REGISTRY_PASSWORD variable, never from a flag, and is masked in the log;
 * - the outputs follow the log as `name: value` lines (after the job summary, with
 *   --summary);
 * - outside a git repository there is no commit: no sha-<7 hex> tag, no
 *   version, and the image is tagged `latest` unless --tag or --latest says
 *   otherwise.
 */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanup } from '../action/post.js';
import { INPUT_DEFAULTS, type InputName } from '../action/defaults.js';
import { parseInputs, type Inputs } from '../action/inputs.js';
import { STATE } from '../action/state.js';
import { InputError } from '../pipeline/errors.js';
import { run } from '../pipeline/run.js';
import type { Wording } from '../pipeline/wording.js';
import { secretForms } from '../util/secrets.js';
import {
  flagOf,
  NAME,
  parseCommandLine,
  PATH_FLAGS,
  USAGE,
  UsageError,
  type CliRequest,
} from './args.js';
import { localContext, readLocalGit, type LocalGit } from './git.js';
import { formatOutputs, terminalIo, type TerminalIo } from './terminal.js';

/** Every wrong command line, a bad flag value included. */
const USAGE_EXIT = 2;

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

function shorter(a: string, b: string): string {
  return a.length <= b.length ? a : b;
}

/** The command line's words: flags, and paths from the current directory (or absolute, if shorter). */
function cliWording(cwd: string): Wording {
  return {
    input: flagOf,
    setting: flagOf,
    path: (absolute) => shorter(path.relative(cwd, absolute) || '.', absolute),
    pushOff: 'no --push was given',
  };
}

/** The inputs: action.yml's defaults, the command line's own, then the flags. Throws UsageError. */
function cliInputs(request: CliRequest, git: LocalGit, cwd: string, password: string): Inputs {
  const given: Record<InputName, string> = {
    ...INPUT_DEFAULTS,
    'working-directory': cwd,
    context: cwd,
    push: 'false',
    ...request.inputs,
    password,
  };
  for (const name of PATH_FLAGS) {
    const value = request.inputs[name]?.trim();
    if (!value) continue;
    const absolute = path.resolve(cwd, value);
    const rel = path.relative(git.workspace, absolute);
    const outside = rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
    // The archive may go anywhere; what the build reads stays inside the repository.
    if (outside && name !== 'output') {
      throw new UsageError(`${flagOf(name)}: ${JSON.stringify(value)} is outside the repository.`);
    }
    given[name] = absolute;
  }
  // Without a commit there is nothing to name the image after but `latest`.
  if (!git.sha && !request.tagsChosen) given.latest = 'true';
  try {
    return parseInputs((name) => given[name], git.workspace);
  } catch (error) {
    if (error instanceof InputError)
      throw new UsageError(`${flagOf(error.input)}: ${error.detail}`);
    throw error;
  }
}

/** The password: standard input or REGISTRY_PASSWORD, which no child process inherits. */
async function readPassword(request: CliRequest): Promise<string> {
  const fromEnv = process.env.REGISTRY_PASSWORD ?? '';
  delete process.env.REGISTRY_PASSWORD;
  if (!request.passwordStdin) return fromEnv;
  const password = await readStdin();
  if (password === '') throw new UsageError('--password-stdin: standard input was empty.');
  return password;
}

/** What a local run needs beyond the flags' syntax. Throws UsageError. */
function checkRequest(request: CliRequest, local: LocalGit, password: string): void {
  if (
    !local.sha &&
    request.inputs.latest?.trim().toLowerCase() === 'false' &&
    !request.inputs.tags
  ) {
    throw new UsageError(
      `there is no commit to tag the image with (${local.inGit ? 'no commit yet' : 'not a git repository'}); give --tag or drop --latest=false.`,
    );
  }
  if ((request.inputs.push ?? 'false').trim().toLowerCase() === 'false') return;
  const missing = [
    request.inputs.username?.trim() ? undefined : '--username',
    password ? undefined : 'a password (--password-stdin or REGISTRY_PASSWORD)',
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) throw new UsageError(`--push needs ${missing.join(' and ')}.`);
}

/**
 * The post step's work, as the runner would run it with main's saved state: the
 * build-command and docker run in process groups of their own, which the terminal's
 * Ctrl-C does not reach, so they are stopped here, then the files are removed.
 */
async function removeLeftovers(io: TerminalIo): Promise<void> {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.values(STATE)) {
    const saved = io.state.get(name);
    if (saved !== undefined) env[`STATE_${name}`] = saved;
  }
  await cleanup(env, { info: () => undefined, warning: (line) => io.warning(line) });
}

async function main(): Promise<number> {
  const cwd = process.cwd();
  let request: CliRequest;
  let inputs: Inputs;
  let local: LocalGit;
  try {
    request = parseCommandLine(process.argv.slice(2));
    if (request.help || request.version) {
      process.stdout.write(request.help ? USAGE : `${NAME} ${findVersion()}\n`);
      return 0;
    }
    local = await readLocalGit(cwd);
    const password = await readPassword(request);
    checkRequest(request, local, password);
    inputs = cliInputs(request, local, cwd, password);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\nRun ${NAME} --help for the flags.\n`);
    return USAGE_EXIT;
  }

  const io = terminalIo({
    write: (text) => void process.stdout.write(text),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    debug: process.env.RUNNER_DEBUG === '1',
    inActions: process.env.GITHUB_ACTIONS === 'true',
  });
  for (const form of secretForms(inputs.username, inputs.password)) io.setSecret(form);
  const temp = mkdtempSync(path.join(os.tmpdir(), `${NAME}-`));
  // Ctrl-C: the post step's job, then the temporary directory, then out.
  const onSignal = (signal: NodeJS.Signals): void => {
    void removeLeftovers(io).finally(() => {
      rmSync(temp, { recursive: true, force: true });
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!local.inGit) {
      io.notice(
        `${cliWording(cwd).path(cwd)} is not in a git repository: no sha-<7 hex> tag and no version; the repository name is ${local.repository}.`,
      );
    }
    const outcome = await run(
      {
        inputs,
        context: localContext(local, temp),
        clock: { now: new Date(), sourceDateEpoch: process.env.SOURCE_DATE_EPOCH },
        wording: cliWording(cwd),
      },
      io,
    );
    await removeLeftovers(io);
    if (request.summary && io.summaryText().trim() !== '')
      io.info(`\n${io.summaryText().trimEnd()}`);
    // Outputs once there is an image to speak of (not after a bad value stopped the run).
    if (outcome.outputs.image) io.info(`\n${formatOutputs(Object.entries(outcome.outputs))}`);
    // A value the pipeline finds wrong (an image name, say) is a wrong command line too.
    return outcome.ok ? 0 : outcome.failed === 'inputs' ? USAGE_EXIT : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    rmSync(temp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
// As in the action: a registry check still retrying after a failed build must not keep
// the command running.
process.exit();

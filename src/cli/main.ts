/**
 * The command line's run: the request from the flags and the local git repository,
 * the pipeline's run() reporting to the terminal, then the post step's work.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanLeftovers, type LeftoverPlaces } from '../core/leftovers.js';
import { isInside } from '../fs/workspace-paths.js';
import { INPUT_DEFAULTS, type InputName } from '../request/defaults.js';
import { parseInputs, type Inputs } from '../request/inputs.js';
import { STATE } from '../core/state.js';
import { InputError, wordHint } from '../core/errors.js';
import { run } from '../pipeline/run.js';
import type { Wording } from '../request/wording.js';
import { secretForms } from '../core/secrets.js';
import { registryAuthSecrets } from '../request/registry-auth.js';
import type { Credentials } from '../registry/types.js';
import { flagOf, NAME, PATH_FLAGS, USAGE_EXIT, UsageError, type CliRequest } from './args.js';
import { localContext, readLocalGit, type LocalGit } from './git.js';
import { formatOutputs, terminalIo, type TerminalIo } from './terminal.js';

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
    example: (name, value) => (value === 'true' ? flagOf(name) : `${flagOf(name)} ${value}`),
    path: (absolute) => shorter(path.relative(cwd, absolute) || '.', absolute),
    pushOff: 'no --push was given',
  };
}

/** The inputs: action.yml's defaults, the command line's own, then the flags. Throws UsageError. */
function cliInputs(
  request: CliRequest,
  git: LocalGit,
  cwd: string,
  secrets: { password: string; registryAuth: string },
): Inputs {
  const given: Record<InputName, string> = {
    ...INPUT_DEFAULTS,
    'working-directory': cwd,
    context: cwd,
    push: 'false',
    ...request.inputs,
    password: secrets.password,
    'registry-auth': secrets.registryAuth,
  };
  for (const name of PATH_FLAGS) {
    const value = request.inputs[name]?.trim();
    if (!value) continue;
    const absolute = path.resolve(cwd, value);
    const outside = !isInside(git.workspace, absolute);
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
    if (error instanceof InputError) {
      const words = cliWording(cwd);
      const hint = wordHint(error.hint, words);
      const detail = wordHint(error.detailWords, words);
      throw new UsageError(`${flagOf(error.input)}: ${detail}${hint ? ` ${hint}` : ''}`);
    }
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

/**
 * The registry-auth lines, from --registry-auth-file (a file, so that no credential is on
 * the command line). The path is not shown in an error: it may be a credential put there.
 */
function readRegistryAuth(request: CliRequest): string {
  if (request.registryAuthFile === undefined) return '';
  try {
    return readFileSync(request.registryAuthFile, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(`--registry-auth-file: the file cannot be read (${code}).`);
  }
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
 * The post step's work, with main's saved state: the build-command and docker run in
 * process groups of their own, which the terminal's Ctrl-C does not reach, so they are
 * stopped here, then the files are removed.
 */
async function removeLeftovers(io: TerminalIo, places: LeftoverPlaces): Promise<void> {
  await cleanLeftovers((kind) => io.state.get(STATE[kind]), places, {
    info: () => undefined,
    warning: (line) => io.warning(line),
  });
}

/** Runs the pipeline for a parsed command line; the exit code. */
export async function main(request: CliRequest): Promise<number> {
  const cwd = process.cwd();
  let inputs: Inputs;
  let local: LocalGit;
  const secrets: Credentials[] = [];
  try {
    local = await readLocalGit(cwd, process.env);
    const password = await readPassword(request);
    checkRequest(request, local, password);
    const registryAuth = readRegistryAuth(request);
    secrets.push(...registryAuthSecrets(registryAuth));
    inputs = cliInputs(request, local, cwd, { password, registryAuth });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\nRun ${NAME} --help for the flags.\n`);
    return USAGE_EXIT;
  }

  const io = terminalIo({
    write: (text) => void process.stdout.write(text),
    writeError: (text) => void process.stderr.write(text),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    debug: process.env.RUNNER_DEBUG === '1',
    inActions: process.env.GITHUB_ACTIONS === 'true',
  });
  for (const form of secretForms(inputs.username, inputs.password)) io.setSecret(form);
  for (const s of secrets)
    for (const form of secretForms(s.username, s.password)) io.setSecret(form);
  const temp = mkdtempSync(path.join(os.tmpdir(), `${NAME}-`));
  const places = { runnerTemp: temp, workspace: local.workspace };
  // Ctrl-C: the post step's job, then the temporary directory, then out (128 + signal),
  // even when the stopped build-command makes the run end first.
  let interrupted: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= removeLeftovers(io, places).finally(() => {
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
        env: process.env,
      },
      io,
    );
    if (interrupted) await interrupted;
    await removeLeftovers(io, places);
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

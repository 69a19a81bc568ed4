import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Io } from '../../core/io.js';
import { spawnGroup } from '../../core/leftovers.js';
import { childEnv, type Env } from '../../util/child-env.js';

/**
 * What every docker call is given by its run: where docker's output is shown (and its
 * process group recorded), and the step's environment, which docker inherits.
 */
export interface DockerHost {
  io: Pick<Io, 'childOutput' | 'saveState' | 'info'>;
  env: Env;
}

/** The one funnel for every docker call: an argument array, never a shell. */
export interface DockerCall {
  /** Extra environment for this call only. */
  env?: Record<string, string>;
  /** Keep docker's output out of the log. */
  silent?: boolean;
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A docker call whose output is taken whole once it ends (docker image inspect). */
export async function docker(
  host: DockerHost,
  args: string[],
  call: DockerCall = {},
): Promise<DockerResult> {
  try {
    // Loaded on first use: a run with the native builder never needs it at start-up.
    const { getExecOutput } = await import('@actions/exec');
    if (!call.silent) host.io.childOutput(`[command]docker ${args.join(' ')}\n`, 'stdout');
    // Its output goes to the run's Io, never to this process's standard output.
    const show = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (!call.silent) host.io.childOutput(chunk, stream);
    };
    const result = await getExecOutput('docker', args, {
      env: childEnv(host.env, call.env),
      silent: true,
      ignoreReturnCode: true,
      listeners: { stdout: show('stdout'), stderr: show('stderr') },
    });
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    return { code: 127, stdout: '', stderr: `${(error as Error).message}\n` };
  }
}

/**
 * docker build, its output into the log as it comes. Spawned, not run through
 * @actions/exec: it runs in a process group of its own (docker with its buildx plugin),
 * which a cancellation or the post step must be able to stop. Its output is shown,
 * never read for what to act on: a RUN step can print anything.
 */
export async function dockerBuild(
  host: DockerHost,
  args: string[],
  call: DockerCall = {},
): Promise<DockerResult> {
  // The command line holds user values (build-args): foreign text, like docker's output.
  if (!call.silent) host.io.childOutput(`[command]docker ${args.join(' ')}\n`, 'stdout');
  const child = spawnGroup(host.io, 'docker', args, {
    env: childEnv(host.env, call.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out.push(chunk);
    if (!call.silent) host.io.childOutput(chunk, 'stdout');
  });
  const result = await finished(host, child, call);
  return { ...result, stdout: Buffer.concat(out).toString('utf8') };
}

/** Waits for a docker child that was spawned with piped stderr; stderr goes to the log. */
function finished(
  host: DockerHost,
  child: ChildProcess,
  call: DockerCall,
): Promise<{ code: number; stderr: string }> {
  const err: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    err.push(chunk);
    if (!call.silent) host.io.childOutput(chunk, 'stderr');
  });
  return new Promise((resolve) => {
    child.on('error', (e) => {
      err.push(Buffer.from(`${e.message}\n`));
      resolve({ code: 127, stderr: Buffer.concat(err).toString('utf8') });
    });
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

const MEANINGFUL =
  /error|denied|unauthorized|failed|unexpected|status|EOF|timeout|toomanyrequests|refused|reset|stopped/i;

/**
 * The line of docker's output that says what went wrong: docker reports failures on
 * stderr, so its last meaningful line there, else its last line there, else stdout's.
 */
export function errorLine(result: DockerResult): string {
  const lines = (text: string): string[] =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  const err = lines(result.stderr);
  const out = lines(result.stdout);
  return (
    err.filter((l) => MEANINGFUL.test(l)).pop() ??
    err.pop() ??
    out.filter((l) => MEANINGFUL.test(l)).pop() ??
    out.pop() ??
    `docker exited with code ${result.code}`
  );
}

/**
 * A docker call whose standard output is data, not text (docker save): `consume` reads
 * it as a stream while docker writes it. Spawned, not run through @actions/exec, which
 * hands output over only in pieces to listeners. docker is stopped if `consume` fails.
 */
export async function dockerStream<T>(
  host: DockerHost,
  args: string[],
  call: DockerCall,
  consume: (stdout: Readable) => Promise<T>,
): Promise<DockerResult & { value?: T; error?: unknown }> {
  if (!call.silent) host.io.childOutput(`[command]docker ${args.join(' ')}\n`, 'stdout');
  const child = spawn('docker', args, {
    env: childEnv(host.env, call.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = finished(host, child, call);
  let value: T | undefined;
  let error: unknown;
  try {
    value = await consume(child.stdout);
  } catch (caught) {
    error = caught;
    child.kill('SIGKILL');
  }
  const { code, stderr } = await exited;
  return { code, stdout: '', stderr, value, error };
}

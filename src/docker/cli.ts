import * as exec from '@actions/exec';
import { childEnv } from '../secrets.js';

/** The one funnel for every docker call: an argument array, never a shell. */
export interface DockerCall {
  /** Text for docker's standard input (the password for `login --password-stdin`). */
  input?: string;
  /** Extra environment for this call only (DOCKER_CONFIG, credential helper variables). */
  env?: Record<string, string>;
  /** Keep docker's output out of the log. */
  silent?: boolean;
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function docker(args: string[], call: DockerCall = {}): Promise<DockerResult> {
  const result = await exec.getExecOutput('docker', args, {
    input: call.input === undefined ? undefined : Buffer.from(call.input),
    env: childEnv(call.env),
    ignoreReturnCode: true,
    silent: call.silent ?? false,
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** The line of docker's output that says what went wrong, for error messages. */
export function errorLine(result: DockerResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const error = lines.filter((l) => /error|denied|unauthorized|failed/i.test(l)).pop();
  return error ?? lines[lines.length - 1] ?? `docker exited with code ${result.code}`;
}

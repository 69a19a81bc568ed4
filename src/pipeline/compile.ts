import { log as runner } from './io.js';
import { spawn } from 'node:child_process';
import { ActionError } from './errors.js';
import { childEnv } from '../util/secrets.js';

export interface CompileRequest {
  command: string;
  workingDirectory: string;
  /** Extra variables, such as TARGETPLATFORM for one platform's build. */
  env?: Record<string, string>;
  /** Stop the command after this many milliseconds (0: no limit). */
  timeoutMs?: number;
}

/**
 * Runs the build-command the way a workflow's `run:` step does: bash, stop on the
 * first error, its output straight into the log. The only input that goes through a shell.
 */
export async function compile(request: CompileRequest): Promise<void> {
  runner.info(`$ ${request.command}`);
  const outcome = await new Promise<{ code: number | null; signal: string | null }>(
    (resolve, reject) => {
      const child = spawn(
        'bash',
        ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', request.command],
        {
          cwd: request.workingDirectory,
          env: childEnv(request.env),
          stdio: ['ignore', 'inherit', 'inherit'],
          timeout: request.timeoutMs || undefined,
          killSignal: 'SIGKILL',
        },
      );
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    },
  ).catch((error: Error) => {
    throw new ActionError('compile', `The build-command could not start: ${error.message}`);
  });
  if (outcome.code === 0) return;
  const hint =
    'Fix the build: the log above shows its output. Run it locally in the same working-directory to reproduce.';
  if (outcome.signal === 'SIGKILL' && request.timeoutMs) {
    throw new ActionError(
      'compile',
      `The build-command did not finish within ${request.timeoutMs / 1000} s and was stopped; nothing was built or pushed.`,
      'Make the build faster or raise build-command-timeout.',
    );
  }
  const how =
    outcome.signal !== null
      ? `was killed by signal ${outcome.signal}`
      : outcome.code !== null && outcome.code > 128
        ? `was killed by signal ${outcome.code - 128}`
        : `exited with code ${outcome.code}`;
  throw new ActionError('compile', `The build-command ${how}; nothing was built or pushed.`, hint);
}

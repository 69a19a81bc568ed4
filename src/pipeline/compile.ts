import type { Io } from '../core/io.js';
import { ActionError, type SettingWords } from '../core/errors.js';
import { childEnv, type Env } from '../util/child-env.js';
import { cancellation, spawnGroup, stopRecordedGroup } from '../core/leftovers.js';

export interface CompileRequest {
  command: string;
  workingDirectory: string;
  /** The step's environment, which the command inherits (without the action's own). */
  stepEnv: Env;
  /** Extra variables, such as TARGETPLATFORM for one platform's build. */
  env?: Record<string, string>;
  /** Stop the command after this many milliseconds (0: no limit). */
  timeoutMs?: number;
}

interface Outcome {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
}

/**
 * Runs the build-command the way a workflow's `run:` step does: bash, stop on the
 * first error, its output straight into the log. The only input that goes through a shell.
 * It runs in a process group of its own, so that a timeout, a cancellation or the post
 * step stops what it started in the background too.
 */
export async function compile(request: CompileRequest, io: Io): Promise<void> {
  io.info(`$ ${request.command}`);
  const outcome = await run(request, io).catch((error: Error) => {
    throw new ActionError('compile', `The build-command could not start: ${error.message}`);
  });
  if (outcome.code === 0) return;
  const signal = cancellation();
  if (signal) {
    throw new ActionError(
      'compile',
      `The build-command was stopped: the step was cancelled (${signal}); nothing was built or pushed.`,
    );
  }
  if (outcome.timedOut) {
    throw new ActionError(
      'compile',
      `The build-command did not finish within ${request.timeoutMs! / 1000} s and was stopped; nothing was built or pushed.`,
      (w) => `Make the build faster or raise ${w.setting('build-command-timeout')}.`,
    );
  }
  const hint = (w: SettingWords) =>
    `Fix the build: the log above shows its output. Run it locally in the same directory (${w.setting('working-directory')}) to reproduce.`;
  const how =
    outcome.signal !== null
      ? `was killed by signal ${outcome.signal}`
      : outcome.code !== null && outcome.code > 128
        ? `was killed by signal ${outcome.code - 128}`
        : `exited with code ${outcome.code}`;
  throw new ActionError('compile', `The build-command ${how}; nothing was built or pushed.`, hint);
}

function run(request: CompileRequest, io: Io): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawnGroup(
      io,
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', request.command],
      {
        cwd: request.workingDirectory,
        env: childEnv(request.stepEnv, request.env),
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    let timedOut = false;
    let stopped: Promise<void> = Promise.resolve();
    const timer = request.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) stopped = stopRecordedGroup(child.pid);
        }, request.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // After a timeout, the step goes on only once the whole group is gone.
      void stopped.then(() => resolve({ code, signal, timedOut }));
    });
  });
}

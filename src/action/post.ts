/** The action's post step: main's saved state, read from the runner, handed to the cleanup. */
import * as core from '@actions/core';
import { cleanLeftovers, type CleanupLog } from '../core/leftovers.js';
import { STATE } from '../core/state.js';

export type PostLog = CleanupLog;

const runnerLog: PostLog = { info: core.info, warning: core.warning };

/** Runs after a failed or cancelled main (action.yml's post-if) with main's saved state. */
export async function cleanup(
  env: NodeJS.ProcessEnv = process.env,
  log: PostLog = runnerLog,
): Promise<void> {
  await cleanLeftovers(
    (kind) => env[`STATE_${STATE[kind]}`],
    { runnerTemp: env.RUNNER_TEMP, workspace: env.GITHUB_WORKSPACE },
    log,
  );
}

/** What main saved with saveState, as the runner hands it to the post step. */
export function isPostStep(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[`STATE_${STATE.isPost}`] === 'true';
}

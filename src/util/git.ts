import { getExecOutput } from '@actions/exec';
import { childEnv, type Env } from './child-env.js';

/**
 * The one way the action and the CLI ask git: an argument array (no shell) in `cwd`; its
 * trimmed output, or undefined when git fails or is missing. The directory is declared
 * safe for this call only, so a checkout owned by another user (a container job) is
 * still read; nothing is ever asked of a terminal. `env` is the step's environment.
 */
export async function git(
  args: readonly string[],
  cwd: string,
  env: Env,
): Promise<string | undefined> {
  try {
    const result = await getExecOutput('git', ['-c', `safe.directory=${cwd}`, ...args], {
      cwd,
      silent: true,
      ignoreReturnCode: true,
      env: childEnv(env, { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }),
    });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The committer time of a commit in the repository at `cwd`, or undefined. */
export async function commitTimeOf(cwd: string, sha: string, env: Env): Promise<Date | undefined> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return undefined;
  const seconds = await git(['show', '--no-patch', '--format=%ct', sha, '--'], cwd, env);
  return seconds && /^\d+$/.test(seconds) ? new Date(Number(seconds) * 1000) : undefined;
}

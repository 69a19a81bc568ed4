import { execFileSync } from 'node:child_process';
import { childEnv } from './secrets.js';

/**
 * Runs git with an argument array (no shell) in `cwd`; its trimmed output, or undefined
 * when git fails or is missing. The directory is declared safe for this call only, so a
 * checkout owned by another user (a container job) is still read.
 */
export function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', ['-c', `safe.directory=${cwd}`, ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: childEnv({ GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }),
    }).trim();
  } catch {
    return undefined;
  }
}

/** The committer time of a commit in the repository at `cwd`, or undefined. */
export function commitTimeOf(cwd: string, sha: string): Date | undefined {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return undefined;
  const seconds = git(['show', '--no-patch', '--format=%ct', sha, '--'], cwd);
  return seconds && /^\d+$/.test(seconds) ? new Date(Number(seconds) * 1000) : undefined;
}

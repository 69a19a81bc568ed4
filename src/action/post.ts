import * as core from '@actions/core';
import { lstatSync, realpathSync, rmSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute } from 'node:path';
import { isInside } from '../fs/workspace-paths.js';
import { parseRecord, sameGroup, stopGroup } from '../util/process-group.js';
import { STATE } from './state.js';

/** Where the post step reports: the runner's log, or nowhere (the command line). */
export interface PostLog {
  info(line: string): void;
  warning(line: string): void;
}

const runnerLog: PostLog = { info: core.info, warning: core.warning };

/**
 * The post step: a safety net that removes whatever main left, even when main
 * crashed or was killed: the process groups of its children (the build-command and
 * what it started, docker build, whose end makes the engine remove its containers),
 * files it was writing and build scratch directories.
 * It runs only after a failed or cancelled main (action.yml's post-if).
 *
 * Its state is not to be trusted: a process of the same user can write it, and a group's
 * number may belong to another group by now. It acts only on what main could have made:
 * a group whose recorded process is still there with its recorded start time, a
 * directory `oneimage-*` directly in RUNNER_TEMP, a `.partial` file in the workspace.
 */
export async function cleanup(
  env: NodeJS.ProcessEnv = process.env,
  log: PostLog = runnerLog,
): Promise<void> {
  let foreign = 0;
  // First the processes, which may still be writing into what is removed next.
  await Promise.all(
    saved(env, STATE.processGroups).map(async (entry) => {
      const record = parseRecord(entry);
      if (!record) return void foreign++;
      if (!sameGroup(record)) return; // ended, and its number perhaps taken since
      const how = await stopGroup(record.pgid);
      if (how !== 'none') log.info(`Stopped process group ${record.pgid} (${how})`);
    }),
  );
  const files = saved(env, STATE.partialFiles).map((p) => [p, ownPartialFile(p, env)] as const);
  const dirs = saved(env, STATE.tempDirs).map((p) => [p, ownTempDir(p, env)] as const);
  for (const [path, ours] of [...files, ...dirs]) {
    if (ours === false) foreign++;
    if (!ours) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      log.info(`Removed ${path}`);
    } catch (error) {
      log.warning(`Could not remove ${path}: ${(error as Error).message}`);
    }
  }
  // Their text is not shown: it is not the action's.
  if (foreign > 0) log.info(`Left alone ${foreign} saved values that this step did not make.`);
}

/** What main saved with saveState, as the runner hands it to the post step. */
export function isPostStep(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[`STATE_${STATE.isPost}`] === 'true';
}

/** A scratch directory of main's builders: mkdtemp's `oneimage-<kind>-XXXXXX`. */
const TEMP_DIR = /^oneimage-[a-z]+-[A-Za-z0-9]{6}$/;

/**
 * Whether `path` is a directory main could have made: directly in RUNNER_TEMP, both
 * resolved, itself no link. Undefined when it is gone.
 */
function ownTempDir(path: string, env: NodeJS.ProcessEnv): boolean | undefined {
  const temp = env.RUNNER_TEMP;
  if (!temp || !isAbsolute(path) || !TEMP_DIR.test(basename(path))) return false;
  return checked(path, (stats) => {
    return stats.isDirectory() && realpathSync(dirname(path)) === realpathSync(temp);
  });
}

/** Whether `path` is a file main could have been writing: `*.partial` in the workspace. */
function ownPartialFile(path: string, env: NodeJS.ProcessEnv): boolean | undefined {
  const workspace = env.GITHUB_WORKSPACE;
  if (!workspace || !isAbsolute(path) || !path.endsWith('.partial')) return false;
  return checked(path, (stats) => {
    return stats.isFile() && isInside(realpathSync(workspace), realpathSync(dirname(path)));
  });
}

/** `test` on the path's own lstat; undefined when the path is gone, false when unreadable. */
function checked(path: string, test: (stats: Stats) => boolean): boolean | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return undefined;
  }
  try {
    return test(stats);
  } catch {
    return false;
  }
}

function saved(env: NodeJS.ProcessEnv, name: string): string[] {
  const value = env[`STATE_${name}`];
  if (!value) return [];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

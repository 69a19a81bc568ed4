import * as core from '@actions/core';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopGroup } from '../util/process-group.js';
import { STATE } from '../core/state.js';

/** Where the post step reports: the runner's log, or nowhere (the command line). */
export interface PostLog {
  info(line: string): void;
  warning(line: string): void;
}

const runnerLog: PostLog = { info: core.info, warning: core.warning };

/**
 * The post step: a safety net that removes whatever main left, even when main
 * crashed or was killed: the process groups of its children (the build-command and
 * what it started, docker build), the build's containers, files it was writing and
 * build scratch directories.
 * It runs only after a failed or cancelled main (action.yml's post-if).
 */
export async function cleanup(
  env: NodeJS.ProcessEnv = process.env,
  log: PostLog = runnerLog,
): Promise<void> {
  // First the processes, which may still be writing into what is removed next.
  await Promise.all(
    saved(env, STATE.processGroups).map(async (pgid) => {
      const how = await stopGroup(Number(pgid));
      if (how !== 'none') log.info(`Stopped process group ${pgid} (${how})`);
    }),
  );
  for (const id of saved(env, STATE.containers)) await removeContainer(id, log);
  for (const path of [...saved(env, STATE.partialFiles), ...saved(env, STATE.tempDirs)]) {
    if (!existsSync(path)) continue;
    try {
      rmSync(path, { recursive: true, force: true });
      log.info(`Removed ${path}`);
    } catch (error) {
      log.warning(`Could not remove ${path}: ${(error as Error).message}`);
    }
  }
}

/** What main saved with saveState, as the runner hands it to the post step. */
export function isPostStep(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[`STATE_${STATE.isPost}`] === 'true';
}

/**
 * Removes a container of the build by its ID. The engine removes it too once the
 * stopped docker build is gone, so a removal already under way is waited for.
 */
async function removeContainer(id: string, log: PostLog): Promise<void> {
  if (!/^[0-9a-f]{12,64}$/.test(id)) return;
  let why = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    const rm = spawnSync('docker', ['rm', '--force', id], { encoding: 'utf8', timeout: 30_000 });
    if (rm.status === 0) return log.info(`Removed build container ${id}`);
    if (/no such container/i.test(rm.stderr ?? '')) return;
    why = rm.error?.message ?? `docker rm exited with code ${rm.status}`;
    await sleep(500);
  }
  log.warning(`Could not remove build container ${id}: ${why}`);
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

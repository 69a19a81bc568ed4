import * as core from '@actions/core';
import { existsSync, rmSync } from 'node:fs';
import { STATE } from './state.js';

/**
 * The post step: a safety net that removes whatever main left, even when main
 * crashed or was killed (private docker config, build scratch directories).
 */
export async function cleanup(): Promise<void> {
  for (const dir of savedTempDirs()) {
    if (!existsSync(dir)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      core.info(`Removed ${dir}`);
    } catch (error) {
      core.warning(`Could not remove ${dir}: ${(error as Error).message}`);
    }
  }
}

function savedTempDirs(): string[] {
  const saved = core.getState(STATE.tempDirs);
  if (!saved) return [];
  try {
    const dirs: unknown = JSON.parse(saved);
    return Array.isArray(dirs) ? dirs.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

/** Remembers a directory for the post step; main saves the whole list each time. */
const tempDirs: string[] = [];
export function rememberTempDir(dir: string): void {
  tempDirs.push(dir);
  core.saveState(STATE.tempDirs, JSON.stringify(tempDirs));
}

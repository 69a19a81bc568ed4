import { existsSync, rmSync } from 'node:fs';
import { STATE } from './state.js';

/**
 * The post step: a safety net that removes whatever main left, even when main
 * crashed or was killed (private docker config, build scratch directories).
 * It loads nothing but node's own modules, so that it starts at once.
 */
export async function cleanup(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  for (const dir of savedTempDirs(env)) {
    if (!existsSync(dir)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      log(`Removed ${dir}`);
    } catch (error) {
      log(`::warning::Could not remove ${dir}: ${(error as Error).message}`);
    }
  }
}

/** What main saved with saveState, as the runner hands it to the post step. */
export function isPostStep(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[`STATE_${STATE.isPost}`] === 'true';
}

function savedTempDirs(env: NodeJS.ProcessEnv): string[] {
  const saved = env[`STATE_${STATE.tempDirs}`];
  if (!saved) return [];
  try {
    const dirs: unknown = JSON.parse(saved);
    return Array.isArray(dirs) ? dirs.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

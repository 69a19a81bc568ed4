/**
 * Copies of the workspace, one per platform of a native multi-platform build, so that
 * no platform's compiled files leak into another's; and paths moved into a copy.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** A copy of the workspace for one round, in tempDir; the caller removes it. */
export function copyWorkspace(workspace: string, tempDir: string): string {
  const copy = mkdtempSync(join(tempDir, 'oneimage-platform-'));
  cpSync(workspace, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

export function removeWorkspaceCopy(copy: string): void {
  rmSync(copy, { recursive: true, force: true });
}

/** A path inside the workspace, moved to the same place inside a copy of it. */
export function rebase(path: string, from: string, to: string): string {
  const rel = relative(from, path);
  return rel === '' ? to : resolve(to, rel);
}

/** A plan with its context and Dockerfile inside another copy of the workspace. */
export function rebasePlan<P extends { context: string; dockerfile: string }>(
  plan: P,
  from: string,
  to: string,
): P {
  return {
    ...plan,
    context: rebase(plan.context, from, to),
    dockerfile: rebase(plan.dockerfile, from, to),
  };
}

/**
 * Stopping a process group as a whole: the build-command with whatever it started in
 * the background, or docker with its plugins. TERM first, then KILL for what is still
 * there after a grace period. Node's own modules only: the post step imports it.
 */

/** How long a group may take to end after TERM before it gets KILL. */
export const GRACE_MS = 5000;

/** Whether any process of the group is still there. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // gone meanwhile
  }
}

/** Waits until the group is gone or `ms` have passed; true when it is gone. */
async function groupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Ends the group: TERM, then KILL after `graceMs`. Says what it took: 'none' when the
 * group was already gone, else the last signal sent.
 */
export async function stopGroup(
  pgid: number,
  graceMs: number = GRACE_MS,
): Promise<'none' | 'SIGTERM' | 'SIGKILL'> {
  if (!Number.isInteger(pgid) || pgid <= 1 || !groupAlive(pgid)) return 'none';
  signalGroup(pgid, 'SIGTERM');
  if (await groupGone(pgid, graceMs)) return 'SIGTERM';
  signalGroup(pgid, 'SIGKILL');
  await groupGone(pgid, 2000);
  return 'SIGKILL';
}

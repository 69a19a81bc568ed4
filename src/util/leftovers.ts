import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { STATE } from '../action/state.js';
import { currentIo } from '../pipeline/io.js';
import { groupAlive, groupRecord, recordText, stopGroup } from './process-group.js';

/**
 * What main would leave behind if it were killed, saved for the post step each time it
 * changes: scratch directories, the process groups of its children (docker build's
 * among them: its end makes the engine remove its containers) and files being written.
 */
export type Leftover = 'tempDirs' | 'processGroups' | 'partialFiles';

const recorded: Record<Leftover, string[]> = {
  tempDirs: [],
  processGroups: [],
  partialFiles: [],
};

export function remember(kind: Leftover, value: string): void {
  if (recorded[kind].includes(value)) return;
  recorded[kind].push(value);
  currentIo().saveState(STATE[kind], JSON.stringify(recorded[kind]));
}

export function forget(kind: Leftover, value: string): void {
  const at = recorded[kind].indexOf(value);
  if (at < 0) return;
  recorded[kind].splice(at, 1);
  currentIo().saveState(STATE[kind], JSON.stringify(recorded[kind]));
}

export function rememberTempDir(dir: string): void {
  remember('tempDirs', dir);
}

/**
 * Starts a command in a process group of its own (detached), recorded at once: what the
 * command starts (a build-command's background jobs, docker's plugins) can then be
 * stopped with it, where node's child.kill would reach the command alone. The group is
 * saved with its leader's start time, so that the post step knows it again; when the
 * command exits and leaves processes in the group, with one of those instead. The group
 * is forgotten when it is empty after the command exits.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid;
  if (pgid === undefined) return child; // it did not start: 'error' follows
  rememberGroup(pgid);
  child.on('exit', () => {
    if (groupAlive(pgid)) rememberGroup(pgid);
    else forgetGroup(pgid);
  });
  return child;
}

/** The saved entry of a group: `pgid:pid:start`, or the number alone without /proc. */
function entryOf(pgid: number): string | undefined {
  return recorded.processGroups.find((entry) => entry.split(':')[0] === String(pgid));
}

function rememberGroup(pgid: number): void {
  const record = groupRecord(pgid);
  const entry = record ? recordText(record) : String(pgid);
  const old = entryOf(pgid);
  if (old === entry) return;
  if (old === undefined) recorded.processGroups.push(entry);
  else recorded.processGroups[recorded.processGroups.indexOf(old)] = entry;
  currentIo().saveState(STATE.processGroups, JSON.stringify(recorded.processGroups));
}

function forgetGroup(pgid: number): void {
  const entry = entryOf(pgid);
  if (entry !== undefined) forget('processGroups', entry);
}

/** Stops one recorded group (TERM, then KILL after the grace period). */
export async function stopRecordedGroup(pgid: number): Promise<void> {
  const how = await stopGroup(pgid);
  if (how !== 'none') currentIo().info(`Stopped process group ${pgid} (${how})`);
  forgetGroup(pgid);
}

/** Stops every group this process started that may still be running. */
export async function stopAllGroups(): Promise<void> {
  await Promise.all(
    recorded.processGroups.map((entry) => stopRecordedGroup(Number(entry.split(':')[0]))),
  );
}

let cancelled: NodeJS.Signals | undefined;

/** The signal that cancels the step, once one came: the children stop because of it. */
export function cancellation(): NodeJS.Signals | undefined {
  return cancelled;
}

/**
 * On cancellation the runner signals main alone (SIGINT, then SIGTERM): the children,
 * each in a group of its own, are stopped first, then main ends by the same signal.
 */
export function stopGroupsOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cancelled ??= signal;
      if (recorded.processGroups.length > 0) {
        currentIo().info(`${signal}: stopping the commands this step started.`);
      }
      void stopAllGroups().finally(() => process.kill(process.pid, signal));
    });
  }
}

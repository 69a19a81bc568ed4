import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { lstatSync, realpathSync, rmSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute } from 'node:path';
import { isInside } from '../util/inside.js';
import { STATE } from './state.js';
import type { Io } from './io.js';
import {
  groupAlive,
  groupRecord,
  parseRecord,
  recordText,
  sameGroup,
  stopGroup,
} from '../util/process-group.js';

/**
 * What main would leave behind if it were killed, saved for the post step each time it
 * changes: scratch directories, the process groups of its children (docker build's
 * among them: its end makes the engine remove its containers) and files being written.
 */
export type Leftover = 'tempDirs' | 'processGroups' | 'partialFiles';

/** Where a run records its leftovers (its Io: the post step reads the saved state). */
export type LeftoverLog = Pick<Io, 'saveState' | 'info'>;

/** What each run (by the Io it records to) would leave: each saves only its own. */
const recordedBy = new WeakMap<LeftoverLog, Record<Leftover, string[]>>();

/** Every group started here and not seen empty, with the run it is recorded for. */
const groups = new Map<number, LeftoverLog>();

function recordedOf(io: LeftoverLog): Record<Leftover, string[]> {
  let recorded = recordedBy.get(io);
  if (!recorded) {
    recorded = { tempDirs: [], processGroups: [], partialFiles: [] };
    recordedBy.set(io, recorded);
  }
  return recorded;
}

export function remember(io: LeftoverLog, kind: Leftover, value: string): void {
  const recorded = recordedOf(io);
  if (recorded[kind].includes(value)) return;
  recorded[kind].push(value);
  io.saveState(STATE[kind], JSON.stringify(recorded[kind]));
}

export function forget(io: LeftoverLog, kind: Leftover, value: string): void {
  const recorded = recordedOf(io);
  const at = recorded[kind].indexOf(value);
  if (at < 0) return;
  recorded[kind].splice(at, 1);
  io.saveState(STATE[kind], JSON.stringify(recorded[kind]));
}

export function rememberTempDir(io: LeftoverLog, dir: string): void {
  remember(io, 'tempDirs', dir);
}

/**
 * Starts a command in a process group of its own (detached), recorded at once: what the
 * command starts (a build-command's background jobs, docker's plugins) can then be
 * stopped with it, where node's child.kill would reach the command alone. The group is
 * saved with its leader's start time, so that the post step knows it again; when the
 * command exits and leaves processes in the group, with one of those instead. The group
 * is forgotten when it is empty after the command exits.
 */
export function spawnGroup(
  io: LeftoverLog,
  command: string,
  args: string[],
  options: SpawnOptions,
): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid;
  if (pgid === undefined) return child; // it did not start: 'error' follows
  rememberGroup(io, pgid);
  child.on('exit', () => {
    if (groupAlive(pgid)) rememberGroup(io, pgid);
    else forgetGroup(pgid);
  });
  return child;
}

/** The saved entry of a group: `pgid:pid:start`, or the number alone without /proc. */
function entryOf(io: LeftoverLog, pgid: number): string | undefined {
  return recordedOf(io).processGroups.find((entry) => entry.split(':')[0] === String(pgid));
}

function rememberGroup(io: LeftoverLog, pgid: number): void {
  groups.set(pgid, io);
  const record = groupRecord(pgid);
  const entry = record ? recordText(record) : String(pgid);
  const old = entryOf(io, pgid);
  if (old === entry) return;
  const recorded = recordedOf(io);
  if (old === undefined) recorded.processGroups.push(entry);
  else recorded.processGroups[recorded.processGroups.indexOf(old)] = entry;
  io.saveState(STATE.processGroups, JSON.stringify(recorded.processGroups));
}

function forgetGroup(pgid: number): void {
  const io = groups.get(pgid);
  if (io === undefined) return;
  groups.delete(pgid);
  const entry = entryOf(io, pgid);
  if (entry !== undefined) forget(io, 'processGroups', entry);
}

/** Stops one recorded group (TERM, then KILL after the grace period). */
export async function stopRecordedGroup(pgid: number): Promise<void> {
  // Taken first: the group may be forgotten (its leader's exit) while it is stopped.
  const io = groups.get(pgid);
  const how = await stopGroup(pgid);
  if (how !== 'none') io?.info(`Stopped process group ${pgid} (${how})`);
  forgetGroup(pgid);
}

/** Stops every group this process started that may still be running. */
export async function stopAllGroups(): Promise<void> {
  await Promise.all([...groups.keys()].map((pgid) => stopRecordedGroup(pgid)));
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
      for (const io of new Set(groups.values())) {
        io.info(`${signal}: stopping the commands this step started.`);
      }
      void stopAllGroups().finally(() => process.kill(process.pid, signal));
    });
  }
}

/** Where the post step reports: the runner's log, or the terminal's warnings. */
export interface CleanupLog {
  info(line: string): void;
  warning(line: string): void;
}

/** Where main makes what it may leave: what saved values are checked against. */
export interface LeftoverPlaces {
  /** RUNNER_TEMP, or the CLI's temporary directory: scratch directories are made in it. */
  runnerTemp: string | undefined;
  /** The workspace: `.partial` files are written in it. */
  workspace: string | undefined;
}

/**
 * The post step's work: a safety net that removes whatever main left, even when main
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
export async function cleanLeftovers(
  saved: (kind: Leftover) => string | undefined,
  places: LeftoverPlaces,
  log: CleanupLog,
): Promise<void> {
  let foreign = 0;
  // First the processes, which may still be writing into what is removed next.
  await Promise.all(
    savedList(saved('processGroups')).map(async (entry) => {
      const record = parseRecord(entry);
      if (!record) return void foreign++;
      if (!sameGroup(record)) return; // ended, and its number perhaps taken since
      const how = await stopGroup(record.pgid);
      if (how !== 'none') log.info(`Stopped process group ${record.pgid} (${how})`);
    }),
  );
  const files = savedList(saved('partialFiles')).map(
    (p) => [p, ownPartialFile(p, places)] as const,
  );
  const dirs = savedList(saved('tempDirs')).map((p) => [p, ownTempDir(p, places)] as const);
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

/** A scratch directory of main's builders: mkdtemp's `oneimage-<kind>-XXXXXX`. */
const TEMP_DIR = /^oneimage-[a-z]+-[A-Za-z0-9]{6}$/;

/**
 * Whether `path` is a directory main could have made: directly in RUNNER_TEMP, both
 * resolved, itself no link. Undefined when it is gone.
 */
function ownTempDir(path: string, places: LeftoverPlaces): boolean | undefined {
  const temp = places.runnerTemp;
  if (!temp || !isAbsolute(path) || !TEMP_DIR.test(basename(path))) return false;
  return checked(path, (stats) => {
    return stats.isDirectory() && realpathSync(dirname(path)) === realpathSync(temp);
  });
}

/** Whether `path` is a file main could have been writing: `*.partial` in the workspace. */
function ownPartialFile(path: string, places: LeftoverPlaces): boolean | undefined {
  const workspace = places.workspace;
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

function savedList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

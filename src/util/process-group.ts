/**
 * Stopping a process group as a whole: the build-command with whatever it started in
 * the background, or docker with its plugins. TERM first, then KILL for what is still
 * there after a grace period. And knowing a group again: its number alone may have been
 * taken by another group since. Node's own modules only: the post step imports it.
 */
import { readdirSync, readFileSync } from 'node:fs';

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

/**
 * A process group as main saw it: its number, and one process of it (the leader, or
 * once the leader is gone a process still in the group) with the time that process
 * started. A group's number is taken again only once the group is gone, and no other
 * process has the same number and start time: together they name this group alone.
 */
export interface GroupRecord {
  pgid: number;
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot. */
  start: string;
}

/** The process group and start time of a process, from /proc (Linux); undefined if gone. */
function processStat(pid: number): { pgrp: number; start: string; zombie: boolean } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const start = fields[19];
  if (!Number.isInteger(pgrp) || !start || !/^\d+$/.test(start)) return undefined;
  return { pgrp, start, zombie: fields[0] === 'Z' };
}

/** A live process of the group, the leader first; undefined when none (or no /proc). */
export function groupRecord(pgid: number): GroupRecord | undefined {
  const leader = processStat(pgid);
  if (leader && leader.pgrp === pgid && !leader.zombie) {
    return { pgid, pid: pgid, start: leader.start };
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (stat && stat.pgrp === pgid && !stat.zombie) {
      return { pgid, pid: Number(entry), start: stat.start };
    }
  }
  return undefined;
}

/** How a record is saved: `pgid:pid:start`. */
export function recordText(record: GroupRecord): string {
  return `${record.pgid}:${record.pid}:${record.start}`;
}

export function parseRecord(text: string): GroupRecord | undefined {
  const m = /^([0-9]{1,10}):([0-9]{1,10}):([0-9]{1,20})$/.exec(text);
  if (!m) return undefined;
  return { pgid: Number(m[1]), pid: Number(m[2]), start: m[3]! };
}

/** Whether the recorded process is still there, started when it did, in the same group. */
export function sameGroup(record: GroupRecord): boolean {
  if (record.pgid <= 1) return false;
  const now = processStat(record.pid);
  return now !== undefined && now.pgrp === record.pgid && now.start === record.start;
}

/**
 * The post step acts only on what main could have made. Its state can be written by
 * others (a child that finds the state file, a line of foreign text that the runner took
 * as a save-state command), and a process group's number can be taken by another group
 * once the first one ended: every saved value is checked against what main makes.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, type PostLog } from '../../../src/action/post.js';
import { spawnGroup, stopAllGroups, stopRecordedGroup } from '../../../src/core/leftovers.js';
import { groupAlive } from '../../../src/util/process-group.js';
import { recordingIo, type RecordingIo } from '../../fixtures/fake-io.js';

const root = mkdtempSync(join(tmpdir(), 'oneimage-post-test-'));
const started: number[] = [];
let dirs: { temp: string; workspace: string; outside: string };
let io: RecordingIo;

beforeEach(() => {
  const at = mkdtempSync(join(root, 'case-'));
  dirs = { temp: join(at, 'runner-temp'), workspace: join(at, 'ws'), outside: join(at, 'home') };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  writeFileSync(join(dirs.outside, 'precious.txt'), 'keep me');
  io = recordingIo();
});

afterEach(() => {
  for (const pgid of started.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function post(state: Record<string, string[]>): Promise<string[]> {
  const env: NodeJS.ProcessEnv = { RUNNER_TEMP: dirs.temp, GITHUB_WORKSPACE: dirs.workspace };
  for (const [name, values] of Object.entries(state)) env[`STATE_${name}`] = JSON.stringify(values);
  const lines: string[] = [];
  const log: PostLog = { info: (l) => void lines.push(l), warning: (l) => void lines.push(l) };
  return cleanup(env, log).then(() => lines);
}

/** A process group that is none of main's: a shell with a background job. */
function unrelatedGroup(): number {
  const child = spawn('bash', ['-c', 'sleep 300 & sleep 301'], { detached: true, stdio: 'ignore' });
  started.push(child.pid!);
  return child.pid!;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

/** Field 22 of /proc/<pid>/stat: when the process started. */
function startOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

function saved(): string[] {
  return JSON.parse(io.state.processGroups ?? '[]') as string[];
}

/** What main saved for the group `pgid`. */
function entryOf(pgid: number): string | undefined {
  return saved().find((entry) => entry.split(':')[0] === String(pgid));
}

describe('post step, process groups', () => {
  it('stops a group main started, background jobs included', async () => {
    const child = spawnGroup(io, 'bash', ['-c', 'sleep 300 & sleep 301'], { stdio: 'ignore' });
    started.push(child.pid!);
    await until(() => groupAlive(child.pid!));
    const lines = await post({ processGroups: saved() });
    expect(lines).toContain(`Stopped process group ${child.pid} (SIGTERM)`);
    expect(groupAlive(child.pid!)).toBe(false);
  });

  it('stops a group whose first process ended while its background job runs on', async () => {
    const child = spawnGroup(io, 'bash', ['-c', 'sleep 300 & exit 0'], { stdio: 'ignore' });
    started.push(child.pid!);
    await new Promise((r) => child.on('exit', r));
    await until(() => entryOf(child.pid!)?.startsWith(`${child.pid}:${child.pid}:`) === false);
    // Saved again with the process left in the group, the background sleep.
    expect(entryOf(child.pid!)).toMatch(new RegExp(`^${child.pid}:(?!${child.pid}:)\\d+:\\d+$`));
    expect(groupAlive(child.pid!)).toBe(true);
    const lines = await post({ processGroups: [entryOf(child.pid!)!] });
    expect(lines).toContain(`Stopped process group ${child.pid} (SIGTERM)`);
    expect(groupAlive(child.pid!)).toBe(false);
  });

  it('leaves alone an unrelated group whose number was saved by someone else', async () => {
    const pgid = unrelatedGroup();
    await until(() => groupAlive(pgid));
    const lines = await post({ processGroups: [String(pgid), `${pgid}:${pgid}:1`] });
    expect(lines.join('\n')).not.toContain('Stopped');
    expect(groupAlive(pgid)).toBe(true);
  });

  it('leaves alone an unrelated group that took the number of a group main started', async () => {
    const ours = spawnGroup(io, 'sleep', ['300'], { stdio: 'ignore' });
    started.push(ours.pid!);
    const record = entryOf(ours.pid!)!;
    const ourStart = startOf(ours.pid!);
    await stopRecordedGroup(ours.pid!);
    // The number is taken by another group (forced with ns_last_pid in the wild): what
    // main saved for its group now names the other one.
    const pgid = unrelatedGroup();
    await until(() => groupAlive(pgid));
    expect(startOf(pgid)).not.toBe(ourStart);
    const reused = record
      .split(':')
      .map((field, i) => (i < 2 ? String(pgid) : field))
      .join(':');
    const lines = await post({ processGroups: [reused] });
    expect(lines.join('\n')).not.toContain('Stopped');
    expect(groupAlive(pgid)).toBe(true);
  });

  it("saves a group in the state of the run that started it, and no other run's", async () => {
    const other = recordingIo();
    const mine = spawnGroup(io, 'sleep', ['300'], { stdio: 'ignore' });
    const theirs = spawnGroup(other, 'sleep', ['301'], { stdio: 'ignore' });
    started.push(mine.pid!, theirs.pid!);
    expect(saved().map((entry) => entry.split(':')[0])).toEqual([String(mine.pid)]);
    expect(JSON.parse(other.state.processGroups!)).toEqual([
      expect.stringMatching(new RegExp(`^${theirs.pid}(:|$)`)),
    ]);
    // Stopped, each is forgotten in its own run's state; the stop is said there too.
    await stopAllGroups();
    expect(saved()).toEqual([]);
    expect(JSON.parse(other.state.processGroups!)).toEqual([]);
    expect(io.texts('info')).toContain(`Stopped process group ${mine.pid} (SIGTERM)`);
    expect(other.texts('info')).toContain(`Stopped process group ${theirs.pid} (SIGTERM)`);
  });
});

describe('post step, files', () => {
  function ownTempDir(): string {
    const dir = mkdtempSync(join(dirs.temp, 'oneimage-docker-'));
    writeFileSync(join(dir, 'layer.tar'), 'x');
    return dir;
  }

  it('removes a scratch directory main made and a .partial file in the workspace', async () => {
    const dir = ownTempDir();
    const partial = join(dirs.workspace, 'image.tar.partial');
    writeFileSync(partial, 'half');
    const lines = await post({ tempDirs: [dir], partialFiles: [partial] });
    expect(lines).toEqual([`Removed ${partial}`, `Removed ${dir}`]);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(partial)).toBe(false);
  });

  it('removes no directory main could not have made', async () => {
    const prefixedOutside = mkdtempSync(join(dirs.outside, 'oneimage-docker-'));
    const unprefixed = join(dirs.temp, 'one-step-image-layers');
    mkdirSync(unprefixed);
    const link = join(dirs.temp, 'oneimage-docker-AbC123');
    symlinkSync(dirs.outside, link);
    const candidates = [
      dirs.outside,
      prefixedOutside,
      unprefixed,
      dirs.temp,
      link,
      join(link, '.'),
      join(dirs.temp, '..', 'home'),
      `${dirs.temp}/../home/${prefixedOutside.split('/').pop()}`,
      'oneimage-docker-AbC123',
    ];
    const lines = await post({ tempDirs: candidates });
    expect(lines.filter((l) => l.startsWith('Removed'))).toEqual([]);
    for (const dir of [dirs.outside, prefixedOutside, unprefixed, link]) {
      expect(existsSync(dir), dir).toBe(true);
    }
    expect(readFileSync(join(dirs.outside, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('removes no file but a .partial file inside the workspace', async () => {
    const outsidePartial = join(dirs.outside, 'x.partial');
    writeFileSync(outsidePartial, 'x');
    const notPartial = join(dirs.workspace, 'main.go');
    writeFileSync(notPartial, 'package main');
    const linkedDir = join(dirs.workspace, 'out');
    symlinkSync(dirs.outside, linkedDir);
    const dirPartial = join(dirs.workspace, 'tree.partial');
    mkdirSync(dirPartial);
    writeFileSync(join(dirPartial, 'file'), 'x');
    const candidates = [
      outsidePartial,
      notPartial,
      join(linkedDir, 'x.partial'),
      join(dirs.workspace, '..', 'home', 'x.partial'),
      dirPartial,
      join(dirs.outside, 'precious.txt'),
    ];
    const lines = await post({ partialFiles: candidates });
    expect(lines.filter((l) => l.startsWith('Removed'))).toEqual([]);
    for (const file of [
      outsidePartial,
      notPartial,
      dirPartial,
      join(dirs.outside, 'precious.txt'),
    ]) {
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('acts on nothing without the runner directories to check against', async () => {
    const dir = ownTempDir();
    const lines: string[] = [];
    const log: PostLog = { info: (l) => void lines.push(l), warning: (l) => void lines.push(l) };
    await cleanup({ STATE_tempDirs: JSON.stringify([dir]) }, log);
    expect(existsSync(dir)).toBe(true);
  });
});

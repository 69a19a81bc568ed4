import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { groupAlive, stopGroup } from '../../../src/util/process-group.js';

const started: number[] = [];
afterEach(() => {
  for (const pgid of started.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** A shell in a group of its own, with a background job. */
function group(script: string): number {
  const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  started.push(child.pid!);
  return child.pid!;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('stopGroup', () => {
  it('ends the whole group with TERM', async () => {
    const pgid = group('sleep 30 & sleep 31');
    await until(() => groupAlive(pgid));
    expect(await stopGroup(pgid, 5000)).toBe('SIGTERM');
    expect(groupAlive(pgid)).toBe(false);
  });

  it('sends KILL when the group ignores TERM for the grace period', async () => {
    // An ignored signal stays ignored in the children: nothing in the group ends on TERM.
    const pgid = group('trap "" TERM; sleep 30 & sleep 31');
    await new Promise((r) => setTimeout(r, 200));
    expect(await stopGroup(pgid, 300)).toBe('SIGKILL');
    expect(groupAlive(pgid)).toBe(false);
  });

  it('leaves a group that is gone alone', async () => {
    const pgid = group('true');
    await until(() => !groupAlive(pgid));
    expect(await stopGroup(pgid, 300)).toBe('none');
  });
});

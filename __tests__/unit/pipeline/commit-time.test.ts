import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clockNotice, commitTime } from '../../../src/pipeline/commit-time.js';
import { commitAll } from '../../fixtures/git-commit.js';

const dir = mkdtempSync(join(tmpdir(), 'commit-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A repository with one commit made at a fixed committer date; its sha. */
function repoWithCommit(): string {
  writeFileSync(join(dir, 'f'), 'x');
  return commitAll(dir, { author: '2020-01-02T03:04:05Z', committer: '2021-06-07T08:09:10Z' });
}

const sha = repoWithCommit();
const now = new Date('2030-01-01T00:00:00Z');
const eventTime = new Date('2022-02-02T02:02:02Z');
/** The step's environment, which git inherits. */
const env = process.env;

describe('the time an image is dated with', () => {
  it('is the committer time of the commit in the checkout, before the event’s', async () => {
    const time = await commitTime({ workspace: dir, sha, eventTime, now, env });
    expect(time).toEqual({ date: new Date('2021-06-07T08:09:10Z'), source: 'checkout' });
    expect(clockNotice(time)).toBeUndefined();
  });

  it('is the event’s head commit time when the commit is not checked out', async () => {
    const other = 'f'.repeat(40);
    expect(await commitTime({ workspace: dir, sha: other, eventTime, now, env })).toEqual({
      date: eventTime,
      source: 'event',
    });
    const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
    try {
      expect((await commitTime({ workspace: outside, sha, eventTime, now, env })).source).toBe(
        'event',
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('is the clock, with a notice that says how to make it reproducible, as a last resort', async () => {
    const time = await commitTime({ workspace: dir, sha: '', eventTime: undefined, now, env });
    expect(time).toEqual({ date: now, source: 'clock' });
    expect(clockNotice(time)).toMatch(/SOURCE_DATE_EPOCH/);
  });

  it('never hands git anything but a full commit id', async () => {
    expect(
      (await commitTime({ workspace: dir, sha: 'HEAD', eventTime: undefined, now, env })).source,
    ).toBe('clock');
    expect(
      (await commitTime({ workspace: dir, sha: '--output=x', eventTime, now, env })).source,
    ).toBe('event');
  });
});

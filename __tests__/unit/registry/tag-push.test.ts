import { describe, expect, it } from 'vitest';
import { ActionError, PartialPushError } from '../../../src/core/errors.js';
import { putUnderTags } from '../../../src/registry/tag-push.js';

const tags = ['sha-1a2b3c4', '1.2.3', '1.2', 'latest'];
const refs = tags.map((tag) => `r/alice/hello:${tag}`);

/** A put that records when each tag started and waits to be released. */
function recorder() {
  const events: string[] = [];
  const release = new Map<string, (fail?: Error) => void>();
  const put = (tag: string) =>
    new Promise<void>((resolve, reject) => {
      events.push(`start ${tag}`);
      release.set(tag, (fail) => {
        events.push(`end ${tag}`);
        if (fail) reject(fail);
        else resolve();
      });
    });
  return { events, release, put };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('putUnderTags', () => {
  it('puts the commit tag alone first, then the others at once', async () => {
    const r = recorder();
    const done = putUnderTags(tags, refs, r.put);
    await tick();
    expect(r.events).toEqual(['start sha-1a2b3c4']);
    r.release.get('sha-1a2b3c4')!();
    await tick();
    expect(r.events).toEqual([
      'start sha-1a2b3c4',
      'end sha-1a2b3c4',
      'start 1.2.3',
      'start 1.2',
      'start latest',
    ]);
    for (const tag of ['latest', '1.2', '1.2.3']) r.release.get(tag)!();
    expect(await done).toEqual(refs);
  });

  it('changes nothing else when the first put is refused', async () => {
    const r = recorder();
    const done = putUnderTags(tags, refs, r.put);
    await tick();
    const refused = new ActionError('push', 'denied');
    r.release.get('sha-1a2b3c4')!(refused);
    await expect(done).rejects.toBe(refused);
    expect(r.events).toEqual(['start sha-1a2b3c4', 'end sha-1a2b3c4']);
  });

  it('names the tags updated and not once every other put has ended', async () => {
    const r = recorder();
    const done = putUnderTags(tags, refs, r.put);
    await tick();
    r.release.get('sha-1a2b3c4')!();
    await tick();
    r.release.get('1.2')!(new ActionError('push', 'HTTP 500 pushing 1.2'));
    r.release.get('latest')!();
    await tick();
    expect(r.events).not.toContain('end 1.2.3');
    r.release.get('1.2.3')!();
    const error = (await done.catch((e: unknown) => e)) as PartialPushError;
    expect(error).toBeInstanceOf(PartialPushError);
    expect(error.pushed).toEqual([refs[0], refs[1], refs[3]]);
    expect(error.notPushed).toEqual([refs[2]]);
  });

  it('puts nothing without tags', async () => {
    const r = recorder();
    expect(await putUnderTags([], [], r.put)).toEqual([]);
    expect(r.events).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { pushVerified, type VerifiedPush } from '../../../src/registry/manifest-check.js';

const OURS = `sha256:${'a'.repeat(64)}`;
const THEIRS = `sha256:${'b'.repeat(64)}`;

function push(o: Partial<VerifiedPush> & Pick<VerifiedPush, 'served' | 'storedByDigest'>) {
  const lines: string[] = [];
  let puts = 0;
  const done = pushVerified({
    repo: 'alice/app',
    reference: 'latest',
    digest: OURS,
    stage: 'push',
    log: { info: (m) => lines.push(m), debug: () => {}, warning: (m) => lines.push(m) },
    sleep: async () => {},
    put: async () => {
      puts++;
      return { status: 201 };
    },
    ...o,
  });
  return { done, lines, puts: () => puts };
}

describe('a manifest push, read back', () => {
  it('is done when the tag names the pushed manifest', async () => {
    const p = push({ served: async () => OURS, storedByDigest: async () => true });
    await expect(p.done).resolves.toBe(OURS);
    expect(p.puts()).toBe(1);
  });

  it('is done when another push moved the tag since, the pushed manifest being stored', async () => {
    const p = push({ served: async () => THEIRS, storedByDigest: async () => true });
    await expect(p.done).resolves.toBe(OURS);
    expect(p.lines.join('\n')).toMatch(/another push moved it since/);
  });

  it('fails when the tag names another manifest and the pushed one is not stored', async () => {
    const p = push({ served: async () => THEIRS, storedByDigest: async () => false });
    await expect(p.done).rejects.toThrow(/names sha256:b+, not the pushed manifest sha256:a+/);
  });

  it('pushes again a manifest acknowledged but not served, then gives up', async () => {
    const p = push({ served: async () => undefined, storedByDigest: async () => false });
    await expect(p.done).rejects.toThrow(/3 times, but did not store it/);
    expect(p.puts()).toBe(3);
  });

  it('never takes a digest reference as moved by someone else', async () => {
    const p = push({
      reference: OURS,
      served: async () => THEIRS,
      storedByDigest: async () => true,
    });
    await expect(p.done).rejects.toThrow(/not the pushed manifest/);
  });
});

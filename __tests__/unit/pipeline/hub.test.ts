/**
 * The Docker Hub description in a run, against a local stand-in of Docker Hub's API:
 * only after a push, never on a pull request, a notice on other registries, and a
 * warning (the push still a success) when it cannot be set.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { platformTag } from '../../../src/image/merge-index.js';
import { run } from '../../../src/pipeline/run.js';
import { DIGEST, fakeBuilder, fakeStages } from '../../fixtures/fake-builder.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { FakeRepo } from '../../fixtures/fake-repo.js';
import { HUB_TOKEN, startHubApi, type HubApi } from '../../fixtures/hub-api.js';
import { RUN_SHA, runRequest } from '../../fixtures/run-request.js';

const WS = mkdtempSync(path.join(os.tmpdir(), 'hub-run-'));
const OUTSIDE = mkdtempSync(path.join(os.tmpdir(), 'hub-outside-'));
const README = '# Hello\n\nPrints a greeting.\n';
const DESCRIBE = { readme: 'README.md', 'short-description': 'Greets.' };
let hub: HubApi;

const BLOB = `https://github.com/alice/hello/blob/${RUN_SHA}`;
const RAW = `https://github.com/alice/hello/raw/${RUN_SHA}`;

/**
 * A 40,000-byte readme in docs/: a head and 39 parts of 1,000 bytes each, every part
 * with a relative link and image (155 bytes longer once absolute) and a fenced block
 * whose link stays. Docker Hub keeps 25,000 bytes: the head and 21 parts with the link
 * line (124 bytes) would be 1,000 + 21 x 1,155 + 124 = 25,379, so parts 0 to 19 are kept.
 */
const BIG = (() => {
  const head = `# Hello\n\n${'.'.repeat(1000 - 11)}\n\n`;
  const part = (i: number, guide: string, shot: string) => {
    const start = `## Part ${String(i).padStart(2, '0')}\n\nSee [the guide](${guide}) and ![shot](${shot}).\n\n\`\`\`md\n[raw](guide.md)\n\`\`\`\n\n`;
    const written = start.length - guide.length - shot.length + 'guide.md../shot.png'.length;
    return `${start}${'x'.repeat(1000 - 2 - written)}\n\n`;
  };
  const parts = Array.from({ length: 39 }, (_, i) => i);
  const text = head + parts.map((i) => part(i, 'guide.md', '../shot.png')).join('');
  const rewritten = parts
    .slice(0, 20)
    .map((i) => part(i, `${BLOB}/docs/guide.md`, `${RAW}/shot.png`));
  const kept = (head + rewritten.join('')).trimEnd();
  const sent = `${kept}\n\n[Read the full README on GitHub.](${BLOB}/docs/BIG.md)\n`;
  return { text, sent };
})();

beforeAll(async () => {
  hub = await startHubApi();
  writeFileSync(path.join(WS, 'README.md'), README);
  writeFileSync(path.join(OUTSIDE, 'secret.md'), 'not for Docker Hub');
  mkdirSync(path.join(WS, 'docs'));
  symlinkSync(path.join(OUTSIDE, 'secret.md'), path.join(WS, 'docs', 'README.md'));
  execFileSync('mkfifo', [path.join(WS, 'FIFO.md')]);
  writeFileSync(path.join(WS, 'HUGE.md'), '');
  truncateSync(path.join(WS, 'HUGE.md'), 8 * 1024 ** 3);
});
afterAll(async () => {
  await hub.close();
  for (const dir of [WS, OUTSIDE]) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => hub.reset());

/** A run with the fake builder; `seenAtPush`: how many API requests came before the push. */
async function describedRun(on: 'main' | 'pr', raw: Record<string, string>) {
  const io = recordingIo();
  let seenAtPush = -1;
  const builder = fakeBuilder({
    push: async (plan) => {
      seenAtPush = hub.seen.length;
      return { digest: DIGEST, pushed: (plan as { refs: string[] }).refs };
    },
  });
  const stages = { ...fakeStages(builder), hubApi: hub.url };
  const outcome = await run(runRequest(WS, on, raw), io, stages);
  return { io, outcome, seenAtPush };
}

const requests = () => hub.seen.map((s) => `${s.method} ${s.url}`);

describe('the Docker Hub description in a run', () => {
  it('is set after the push, with the push credentials, its token masked', async () => {
    const { io, outcome, seenAtPush } = await describedRun('main', DESCRIBE);
    expect(outcome.ok).toBe(true);
    expect(seenAtPush).toBe(0);
    expect(requests()).toEqual(['POST /v2/users/login', 'PATCH /v2/repositories/alice/hello/']);
    expect(JSON.parse(hub.seen[0]!.body)).toEqual({ username: 'alice', password: 's3cret' });
    expect(JSON.parse(hub.seen[1]!.body)).toEqual({
      full_description: README,
      description: 'Greets.',
    });
    expect(io.secrets).toContain(HUB_TOKEN);
    expect(io.texts('warning')).toEqual([]);
  });

  it('only the short description: the overview is left alone', async () => {
    await describedRun('main', { 'short-description': 'Greets.' });
    expect(JSON.parse(hub.seen[1]!.body)).toEqual({ description: 'Greets.' });
  });

  it('is not set on a pull request, nor without the inputs', async () => {
    await describedRun('pr', DESCRIBE);
    await describedRun('main', {});
    expect(hub.seen).toEqual([]);
  });

  it('on another registry: one notice, no request', async () => {
    const { io, outcome } = await describedRun('main', { ...DESCRIBE, registry: 'ghcr.io' });
    expect(outcome.ok).toBe(true);
    expect(hub.seen).toEqual([]);
    const notices = io.texts('notice').filter((n) => n.includes('Docker Hub'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/"readme" and "short-description" ignored.*ghcr\.io/);
  });

  it('a refusal is a warning saying what to fix; the push stays a success', async () => {
    hub.patchStatus = 403;
    const { io, outcome } = await describedRun('main', DESCRIBE);
    expect(outcome.ok).toBe(true);
    expect(io.outputs.pushed).toBe('true');
    expect(io.texts('error')).toEqual([]);
    expect(io.texts('warning')).toEqual([
      expect.stringMatching(/^The image was pushed, but .*HTTP 403.*Read, Write, Delete/),
    ]);
  });

  it.each(['login', 'patch'] as const)(
    'a trickling %s answer ends at the deadline (the retry-timeout) with a warning',
    async (endpoint) => {
      hub.trickle = endpoint;
      // 0.01 minutes: 600 ms for the whole description update.
      const { io, outcome } = await describedRun('main', { ...DESCRIBE, 'retry-timeout': '0.01' });
      expect(outcome.ok).toBe(true);
      expect(io.outputs.pushed).toBe('true');
      expect(io.texts('error')).toEqual([]);
      expect(io.texts('warning')).toEqual([
        expect.stringMatching(
          /^The image was pushed, but its Docker Hub description was not set: Docker Hub's API did not finish within 600ms, the time the description update is allowed/,
        ),
      ]);
      expect(hub.trickled).toBeGreaterThan(0);
    },
    20_000,
  );

  // The password of runRequest, as a build-command could read it from /proc/$PPID/environ.
  it.each([
    ['as written', 'token: s3cret'],
    ['as user:password', 'https://alice:s3cret@example.test/'],
    ['base64', `c2VjcmV0: ${Buffer.from('s3cret').toString('base64')}`],
    ['base64 of user:password', Buffer.from('alice:s3cret').toString('base64url')],
  ])('a readme holding the password %s is not sent: a warning names readme', async (_, leak) => {
    writeFileSync(path.join(WS, 'LEAK.md'), `# Hello\n\n${leak}\n`);
    const { io, outcome } = await describedRun('main', { ...DESCRIBE, readme: 'LEAK.md' });
    expect(outcome.ok).toBe(true);
    expect(io.outputs.pushed).toBe('true');
    // Nothing sent, not even the short description, nor the login.
    expect(hub.seen).toEqual([]);
    expect(io.texts('error')).toEqual([]);
    const warnings = io.texts('warning');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^The image was pushed, but its Docker Hub description was not set: LEAK\.md \("readme"\) holds the registry password/,
      ),
    ]);
    expect(warnings[0]).not.toContain('s3cret');
    expect(warnings[0]).not.toContain(leak);
  });

  it('a readme that links outside the workspace is not sent', async () => {
    const { io, outcome } = await describedRun('main', { readme: 'docs/README.md' });
    expect(outcome.ok).toBe(true);
    expect(hub.seen).toEqual([]);
    expect(io.texts('warning')[0]).toMatch(/docs\/README\.md leads outside the workspace/);
  });

  it('a readme that is a FIFO is not read (the run would wait for a writer forever)', async () => {
    const { io, outcome } = await describedRun('main', { readme: 'FIFO.md' });
    expect(outcome.ok).toBe(true);
    expect(hub.seen).toEqual([]);
    expect(io.texts('warning')[0]).toMatch(/FIFO\.md is not a regular file/);
  });

  it('a readme far larger than any readme is not read into memory', async () => {
    const { io, outcome } = await describedRun('main', { readme: 'HUGE.md' });
    expect(outcome.ok).toBe(true);
    expect(hub.seen).toEqual([]);
    expect(io.texts('warning')[0]).toMatch(
      /HUGE\.md is 8589934592 bytes; a readme of up to 1048576 bytes is read .*Point "readme" at a shorter file/,
    );
  });

  it('a 40 kB readme is cut at a heading, its relative links made absolute at the commit', async () => {
    writeFileSync(path.join(WS, 'docs', 'BIG.md'), BIG.text);
    const { io, outcome } = await describedRun('main', { readme: 'docs/BIG.md' });
    expect(outcome.ok).toBe(true);
    expect(requests()).toEqual(['POST /v2/users/login', 'PATCH /v2/repositories/alice/hello/']);
    // Byte for byte: the body as sent, not only as parsed.
    expect(hub.seen[1]!.body).toBe(JSON.stringify({ full_description: BIG.sent }));
    expect(Buffer.byteLength(BIG.text)).toBe(40_000);
    expect(Buffer.byteLength(BIG.sent)).toBe(1000 + 20 * 1155 + 124);
    expect(io.texts('notice')).toContain(
      `docs/BIG.md is 40000 bytes, more than the 25000 Docker Hub keeps: it was cut before the heading "## Part 20" to ${Buffer.byteLength(BIG.sent)} bytes, ending with a link to the full README on GitHub.`,
    );
    expect(io.texts('warning')).toEqual([]);
  });

  it('outside a git repository the links are left as written, with a notice', async () => {
    writeFileSync(path.join(WS, 'LINKS.md'), '# Hi\n\n[guide](docs/guide.md)\n');
    const request = runRequest(WS, 'main', { readme: 'LINKS.md' });
    const local = { ...request, context: { ...request.context, serverUrl: undefined, sha: '' } };
    const io = recordingIo();
    const stages = { ...fakeStages(fakeBuilder()), hubApi: hub.url };
    expect((await run(local, io, stages)).ok).toBe(true);
    expect(JSON.parse(hub.seen[1]!.body)).toEqual({
      full_description: '# Hi\n\n[guide](docs/guide.md)\n',
    });
    expect(io.texts('notice')).toContainEqual(
      expect.stringMatching(
        /^The relative links of LINKS\.md were left as written: it is in no git repository/,
      ),
    );
    // Without a relative link there is nothing to say.
    writeFileSync(path.join(WS, 'LINKS.md'), '# Hi\n\n[web](https://example.com) [up](#hi)\n');
    const quiet = recordingIo();
    expect((await run(local, quiet, stages)).ok).toBe(true);
    expect(quiet.texts('notice').filter((n) => n.includes('relative links'))).toEqual([]);
  });

  it('is set by the merge job of a matrix, after its index is pushed', async () => {
    const repo = new FakeRepo();
    for (const p of [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ]) {
      repo.tag(platformTag(RUN_SHA, p), repo.image(p));
    }
    const io = recordingIo();
    const stages = { ...fakeStages(fakeBuilder(), [], repo), hubApi: hub.url };
    const raw = { ...DESCRIBE, merge: 'linux/amd64,linux/arm64' };
    const outcome = await run(runRequest(WS, 'main', raw), io, stages);
    expect(outcome.ok).toBe(true);
    expect(requests()).toHaveLength(2);
  });
});

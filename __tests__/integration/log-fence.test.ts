/**
 * The log of an ordinary run of the seed, as the runner reads it: no empty line the
 * action did not mean, no fence around the action's own lines, and still no command
 * from the output of the processes it starts.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import { REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { runnerCommands, runnerLines } from '../fixtures/runner-commands.js';
import { builderSetup, events, runAction, SEED, type RunResult } from './harness.js';

const engine = engineCleanup();
const scratch: string[] = [];
afterAll(() => {
  scratch.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/**
 * The lines the log shows that the action wrote (outside every fence): the runner's
 * lines without the commands it ran, the fences, and what the fences hold.
 */
function shownOwn(log: string): string[] {
  const own: string[] = [];
  let fenced: string | undefined;
  const lines = runnerLines(log);
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (fenced !== undefined) {
      if (line === `::${fenced}::`) fenced = undefined;
      continue;
    }
    const stop = /^::stop-commands::([0-9a-f]{32})$/.exec(line);
    if (stop) fenced = stop[1];
    else if (runnerCommands(line).length === 0) own.push(line);
  }
  return own;
}

/** Empty lines just before a fence closes: a line end the action wrote, not the child. */
function emptyBeforeResume(log: string): number {
  const lines = runnerLines(log);
  return lines.filter((l, i) => /^::[0-9a-f]{32}::$/.test(l) && lines[i - 1] === '').length;
}

/** The runner's lines of one group, from its ::group:: to its ::endgroup::. */
function group(log: string, title: RegExp): string[] {
  const lines = runnerLines(log);
  const start = lines.findIndex((l) => l.startsWith('::group::') && title.test(l));
  expect(start, `a group ${title}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l === '::endgroup::');
  return lines.slice(start + 1, end);
}

/** A run of the seed (or of `workspaceFrom`) that pushes to the default branch. */
async function runSeed(name: string, workspaceFrom = SEED): Promise<RunResult> {
  const setup = builderSetup(name);
  const repo = uniqueRepo('alice', `fence-${name}`);
  if (setup.builder === 'docker') engine.repos.push(repo);
  const result = await runAction({
    event: events.push('main'),
    env: setup.env,
    workspaceFrom,
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: 'alice',
      password: USERS.alice!,
      'build-command': 'make',
      builder: setup.builder,
    },
  });
  engine.runs.push(result);
  return result;
}

describe.each(['native', 'docker'])('the log of a run of the seed with builder %s', (name) => {
  it('has no empty line, and no live command but the action own', async () => {
    const result = await runSeed(name);
    const log = result.main.log;
    expect(result.main.code, log).toBe(0);
    expect(emptyBeforeResume(log), log).toBe(0);
    expect(
      shownOwn(log).filter((l) => l.trim() === ''),
      log,
    ).toEqual([]);
    const push = group(log, /^::group::Push /);
    expect(
      push.filter((l) => l.trim() === ''),
      push.join('\n'),
    ).toEqual([]);
    expect(push.filter((l) => l.startsWith('::stop-commands::'))).toEqual([]);
    // The action's own commands only: no annotation on an ordinary run.
    const kinds = new Set(runnerCommands(log).map((c) => /^::([a-z-]+)/.exec(c)?.[1]));
    expect([...kinds].sort(), log).toEqual(['add-mask', 'debug', 'endgroup', 'group']);
    if (name === 'native') {
      // No process of its own writes to the log: no fence at all.
      expect(log).not.toContain('::stop-commands::');
      expect(shownOwn(log), log).toContainEqual(expect.stringMatching(/^Built linux\/amd64/));
    } else {
      // The engine's output, and only it, inside one fence.
      expect(log.match(/^::stop-commands::/gm), log).toHaveLength(1);
    }
  });

  it('a COPY of a file whose name starts a line with NEXT LINE and a command: none runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneimage-fence-'));
    scratch.push(dir);
    cpSync(SEED, dir, { recursive: true });
    // The names as JSON escapes: a line end, then NEXT LINE and a command after it.
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY ["a\\n\\u0085::warning::forged", "b\\r\\u0085::save-state name=partialFiles::[\\"/some/dir\\"]", "/"]\n',
    );
    const result = await runSeed(name, dir);
    const log = result.main.log;
    expect(result.main.code, log).toBe(1);
    expect(log).toContain('::warning::forged');
    const foreign = runnerCommands(log)
      .filter((c) => /forged|some\/dir/.test(c))
      .filter((c) => !/^::(error|debug)( [^:]*)?::/.test(c));
    expect(foreign, log).toEqual([]);
    expect(emptyBeforeResume(log), log).toBe(0);
    expect(
      shownOwn(log).filter((l) => l.trim() === ''),
      log,
    ).toEqual([]);
  });
});

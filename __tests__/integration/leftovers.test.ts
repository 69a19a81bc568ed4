/**
 * What a stopped main step leaves running or half written: the build-command with its
 * background jobs, docker build and its container, the output archive being written.
 * A timeout, a cancellation (SIGINT or SIGTERM to main) or the post step after a killed
 * main step (SIGKILL) must end them all. The processes are found by a number that only
 * this run's command lines hold.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY, uniqueRepo } from '../fixtures/registry.js';
import {
  builderSetup,
  errorLines,
  events,
  NO_ENGINE,
  processesWith,
  runAction,
  SEED,
  type RunOptions,
  type RunResult,
} from './harness.js';

const runs: RunResult[] = [];
const tokens: string[] = [];
const engineImages: string[] = [];

afterAll(() => {
  // Whatever a failing case left running is ours alone (its command line holds our number).
  for (const token of tokens) for (const pid of processesWith(token)) kill(pid);
  // A RUN container killed that way stays behind (the legacy builder keeps failed ones).
  const ours = tokens.flatMap((t) => containersWith(t)).map((line) => line.split(' ')[0]!);
  if (ours.length > 0) execFileSync('docker', ['rm', '--force', ...ours], { stdio: 'pipe' });
  for (const r of runs) r.dispose();
  for (const id of engineImages) {
    try {
      execFileSync('docker', ['rmi', id], { stdio: 'pipe' });
    } catch {
      // in use by another of this file's builds, or gone
    }
  }
});

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** A number of seconds no other process's command line holds: a sleep we can find. */
function token(): string {
  const t = String(600_000 + Math.floor(Math.random() * 300_000));
  tokens.push(t);
  return t;
}

/** A run that builds nothing to push: the processes are what is looked at. */
async function run(options: Partial<RunOptions> & { inputs: Record<string, string> }) {
  const result = await runAction({
    event: events.push('main'),
    env: NO_ENGINE,
    ...options,
    inputs: {
      registry: REGISTRY,
      image: uniqueRepo('alice', 'leftovers'),
      push: 'false',
      builder: 'native',
      ...options.inputs,
    },
  });
  runs.push(result);
  return result;
}

describe('the build-command', () => {
  it('is stopped with its background jobs by the post step after main is killed', async () => {
    const [fg, bg] = [token(), token()];
    const result = await run({
      inputs: { 'build-command': `sleep ${bg} & sleep ${fg}` },
      killMainWhen: () =>
        processesWith(`sleep ${fg}`).length > 0 && processesWith(`sleep ${bg}`).length > 0,
    });
    expect(result.main.code, result.main.log).toBeNull();
    expect(result.post?.code, result.post?.log).toBe(0);
    expect(result.post?.log).toMatch(/Stopped process group \d+/);
    expect(processesWith(fg), 'the foreground sleep').toEqual([]);
    expect(processesWith(bg), 'the background sleep').toEqual([]);
  });

  it('leaves no background job behind when the step ends', async () => {
    const bg = token();
    const result = await run({ inputs: { 'build-command': `sleep ${bg} & make` } });
    // Piped output, as the runner reads it: the step ends only once no process holds it.
    expect(result.main.code, result.main.log).toBe(0);
    expect(result.main.log).toMatch(/Stopped process group \d+ \(SIGTERM\)/);
    expect(processesWith(`sleep ${bg}`), 'the background sleep').toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'is stopped with its background jobs when the run is cancelled (%s to main)',
    async (signal) => {
      const [fg, bg] = [token(), token()];
      const result = await run({
        inputs: { 'build-command': `sleep ${bg} & sleep ${fg}` },
        killMainWhen: () =>
          processesWith(`sleep ${fg}`).length > 0 && processesWith(`sleep ${bg}`).length > 0,
        killSignal: signal,
        // Main alone: its own handling of the signal must end them.
        noPost: true,
      });
      expect(result.main.code, result.main.log).not.toBe(0);
      expect(result.main.log).toContain(`${signal}: stopping the commands this step started.`);
      // Whether main reports before it ends by the signal is a race; if it does, it says why.
      for (const error of errorLines(result.main.log)) expect(error).toMatch(/cancelled/);
      expect(processesWith(fg), 'the foreground sleep').toEqual([]);
      expect(processesWith(bg), 'the background sleep').toEqual([]);
    },
  );

  it('ends the step at build-command-timeout, with nothing of the command left, output piped', async () => {
    const [fg, bg] = [token(), token()];
    const result = await run({
      inputs: {
        'build-command': `sleep ${bg} & sleep ${fg}; echo after`,
        'build-command-timeout': '0.05',
      },
    });
    // The harness reads main's output through a pipe, as the runner does: the step
    // ends only once no process holds it.
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/did not finish within 3 s and was stopped/);
    expect(result.main.log).not.toMatch(/^after$/m);
    expect(processesWith(fg), 'the foreground sleep').toEqual([]);
    expect(processesWith(bg), 'the background sleep').toEqual([]);
  });
});

describe('the output archive', () => {
  it('is not left half written when main is killed while writing it', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'oneimage-partial-'));
    cpSync(SEED, workspace, { recursive: true });
    writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY big.bin /\n');
    writeFileSync(join(workspace, '.dockerignore'), '');
    const bg = token();
    const partial = (root: string): string => join(root, 'out', 'image.tar.partial');
    let root = '';
    const result = await run({
      workspaceFrom: workspace,
      inputs: {
        // A background job that outlives the command, and a layer large enough to take a
        // while to write into the archive.
        'build-command': `sleep ${bg} & head -c 96M /dev/urandom > big.bin`,
        compression: 'gzip:1',
        output: 'out/image.tar',
      },
      killMainWhen: ({ state }) => {
        root ||= /"([^"]*)\/runner-temp\//.exec(state)?.[1] ?? '';
        const file = root && partial(join(root, 'workspace'));
        return Boolean(file) && existsSync(file) && statSync(file).size > 0;
      },
    });
    execFileSync('rm', ['-rf', workspace]);
    expect(result.main.code, result.main.log).toBeNull();
    expect(result.post?.code, result.post?.log).toBe(0);
    expect(result.post?.log).toContain(`Removed ${partial(result.dirs.workspace)}`);
    expect(existsSync(partial(result.dirs.workspace)), 'the .partial file').toBe(false);
    expect(existsSync(join(result.dirs.workspace, 'out', 'image.tar'))).toBe(false);
    expect(processesWith(`sleep ${bg}`), 'the background sleep').toEqual([]);
  });
});

const SLEEPER = `#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) { sleep(argc > 1 ? atoi(argv[1]) : 60); return 0; }
`;

/** Containers whose command holds `text`. */
function containersWith(text: string): string[] {
  return execFileSync('docker', ['ps', '--all', '--no-trunc', '--format', '{{.ID}} {{.Command}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((line) => line.includes(text));
}

describe.each(['docker', 'docker-buildkit'])('docker build, builder %s', (name) => {
  it('is stopped with its RUN step by the post step after main is killed', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'oneimage-run-step-'));
    const t = token();
    writeFileSync(join(workspace, 'sleeper.c'), SLEEPER);
    writeFileSync(
      join(workspace, 'Dockerfile'),
      `FROM scratch\nCOPY sleeper /\nRUN ["/sleeper", "${t}"]\n`,
    );
    const setup = builderSetup(name);
    const result = await run({
      workspaceFrom: workspace,
      env: setup.env,
      inputs: { builder: setup.builder, 'build-command': 'gcc -static -O2 -o sleeper sleeper.c' },
      killMainWhen: () => processesWith(`/sleeper ${t}`).length > 0,
    });
    execFileSync('rm', ['-rf', workspace]);
    for (const m of result.main.log.matchAll(/^ ---> ([0-9a-f]{12})$/gm)) engineImages.push(m[1]!);
    expect(result.main.code, result.main.log).toBeNull();
    // The legacy builder's RUN step runs in a container of the engine, saved for the
    // post step as it starts (BuildKit's are its own, ended with the build).
    const containers = JSON.parse(result.state.containers ?? '[]') as string[];
    expect(containers).toHaveLength(name === 'docker' ? 1 : 0);
    expect(result.post?.code, result.post?.log).toBe(0);
    expect(processesWith(`/sleeper ${t}`), 'the RUN step').toEqual([]);
    expect(containersWith(t), 'the build container').toEqual([]);
    expect(processesWith(result.dirs.workspace), 'docker build').toEqual([]);
  });
});

/**
 * What a stopped main step leaves running or half written: the build-command with its
 * background jobs, docker build and its container, the output archive being written.
 * A timeout, a cancellation (SIGINT or SIGTERM to main) or the post step after a killed
 * main step (SIGKILL) must end them all. The processes are found by a number that only
 * this run's command lines hold.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

describe('the post step', () => {
  it('acts on nothing a build-command saved as the action state', async () => {
    // What is none of the run's: a process group, a directory named like the action's
    // scratch directories, a .partial file.
    const victim = spawn('sleep', [token()], { detached: true, stdio: 'ignore' });
    const pgid = victim.pid!;
    const dir = mkdtempSync(join(tmpdir(), 'oneimage-docker-'));
    const file = join(dir, 'image.tar.partial');
    writeFileSync(file, "not the action's");
    const fg = token();
    // GITHUB_STATE is not in the command's environment, but the file can be found: the
    // runner keeps it in $RUNNER_TEMP/_runner_file_commands/, the harness beside RUNNER_TEMP.
    const forged = [
      `processGroups=["${pgid}","${pgid}:${pgid}:1"]`,
      `tempDirs=["${dir}"]`,
      `partialFiles=["${file}"]`,
    ];
    const script = [
      'echo "state file: ${GITHUB_STATE:-none}"',
      'state="$RUNNER_TEMP/../files/state"',
      'test -f "$state"',
      ...forged.map((line) => `echo '${line}' >> "$state"`),
      `sleep ${fg}`,
    ].join('\n');
    const result = await run({
      inputs: { 'build-command': script },
      killMainWhen: () => processesWith(`sleep ${fg}`).length > 0,
    });
    try {
      expect(result.main.code, result.main.log).toBeNull();
      expect(result.main.log).toContain('state file: none');
      // The forged values reached the state: only the post step's checks stand between.
      expect(result.state.tempDirs).toBe(`["${dir}"]`);
      expect(result.post?.code, result.post?.log).toBe(0);
      expect(result.post?.log).toContain('Left alone 3 saved values that this step did not make.');
      expect(result.post?.log).not.toMatch(/Stopped process group|Removed/);
      expect(processesWith(`sleep ${victim.spawnargs[1]}`), 'the unrelated group').toEqual([pgid]);
      expect(readFileSync(file, 'utf8')).toBe("not the action's");
    } finally {
      kill(pgid);
      execFileSync('rm', ['-rf', dir]);
    }
  });
});

/** sleeper SECONDS [LINE [CODE]]: prints LINE, sleeps, exits with CODE. */
const SLEEPER = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc > 2) { printf("%s\\n", argv[2]); fflush(stdout); }
  sleep(argc > 1 ? atoi(argv[1]) : 60);
  return argc > 3 ? atoi(argv[3]) : 0;
}
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
    // Nothing is saved for containers: the post step stops docker build, and the engine
    // removes the build's containers (the legacy builder's RUN step runs in one).
    expect(result.state.containers).toBeUndefined();
    expect(result.post?.code, result.post?.log).toBe(0);
    expect(processesWith(`/sleeper ${t}`), 'the RUN step').toEqual([]);
    await until(() => containersWith(t).length === 0);
    expect(containersWith(t), 'the build container').toEqual([]);
    expect(processesWith(result.dirs.workspace), 'docker build').toEqual([]);
  });
});

async function until(check: () => boolean, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 10 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
}

/** A workspace with the sleeper's source and this Dockerfile; the build-command compiles it. */
function sleeperWorkspace(dockerfile: string): string {
  const workspace = mkdtempSync(join(tmpdir(), 'oneimage-run-step-'));
  writeFileSync(join(workspace, 'sleeper.c'), SLEEPER);
  writeFileSync(join(workspace, 'Dockerfile'), dockerfile);
  return workspace;
}

const COMPILE = 'gcc -static -O2 -o sleeper sleeper.c';

describe('docker build, legacy builder', () => {
  it('leaves no container of a failed RUN step, with no post step', async () => {
    const t = token();
    const workspace = sleeperWorkspace(
      `FROM scratch\nCOPY sleeper /\nRUN ["/sleeper", "0", "${t}", "3"]\n`,
    );
    const result = await run({
      workspaceFrom: workspace,
      env: builderSetup('docker').env,
      inputs: { builder: 'docker', 'build-command': COMPILE },
      noPost: true,
    });
    execFileSync('rm', ['-rf', workspace]);
    for (const m of result.main.log.matchAll(/^ ---> ([0-9a-f]{12})$/gm)) engineImages.push(m[1]!);
    expect(result.main.code, result.main.log).toBe(1);
    expect(result.main.log).toContain('returned a non-zero code: 3');
    expect(containersWith(t), 'the container of the failed step').toEqual([]);
  });

  it('removes no container that a RUN step names in its output', async () => {
    const t = token();
    // An unrelated running container: the sleeper imported as an image of its own.
    const dir = sleeperWorkspace('');
    execFileSync('bash', ['-c', `${COMPILE} && tar -cf sleeper.tar sleeper`], { cwd: dir });
    const image = `oneimage-unrelated-${t}`;
    execFileSync('docker', ['import', join(dir, 'sleeper.tar'), image], { stdio: 'pipe' });
    const victim = execFileSync(
      'docker',
      ['run', '--detach', '--network', 'none', image, '/sleeper', '900'],
      { encoding: 'utf8' },
    ).trim();
    const running = (): string =>
      execFileSync('docker', ['inspect', '--format', '{{.State.Running}}', victim], {
        encoding: 'utf8',
      }).trim();
    try {
      expect(victim).toMatch(/^[0-9a-f]{64}$/);
      const workspace = sleeperWorkspace(
        `FROM scratch\nCOPY sleeper /\nRUN ["/sleeper", "${t}", " ---> Running in ${victim}"]\n`,
      );
      const result = await run({
        workspaceFrom: workspace,
        env: builderSetup('docker').env,
        inputs: { builder: 'docker', 'build-command': COMPILE },
        killMainWhen: () => processesWith(`/sleeper ${t}`).length > 0,
      });
      execFileSync('rm', ['-rf', workspace]);
      for (const m of result.main.log.matchAll(/^ ---> ([0-9a-f]{12})$/gm)) {
        engineImages.push(m[1]!);
      }
      expect(result.main.log).toContain(` ---> Running in ${victim}`);
      expect(result.main.code, result.main.log).toBeNull();
      expect(result.post?.code, result.post?.log).toBe(0);
      expect(result.post?.log).not.toContain(victim.slice(0, 12));
      expect(running(), 'the unrelated container').toBe('true');
      await until(() => containersWith(t).length === 0);
      expect(containersWith(t), 'the build container').toEqual([]);
    } finally {
      execFileSync('docker', ['rm', '--force', victim], { stdio: 'pipe' });
      execFileSync('docker', ['rmi', image], { stdio: 'pipe' });
      execFileSync('rm', ['-rf', dir]);
    }
  });
});

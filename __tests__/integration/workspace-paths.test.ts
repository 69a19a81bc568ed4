/**
 * Path inputs through symbolic links, end to end through the bundle: a context, a
 * Dockerfile, a working-directory or an output that leads outside the workspace (a link
 * to `/`, a link under a linked parent, a link the build-command makes, `..`, an
 * absolute path) stops the step with one error that names the input and where the path
 * leads, with both builders and with the command line; nothing of the host's files ends
 * up in an image, the log or the summary, and nothing is written outside the workspace.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTags, REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import {
  errorLines,
  events,
  leakedLines,
  NO_ENGINE,
  ROOT,
  runAction,
  SEED,
  secretNeedles,
  type RunResult,
} from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };
const builders = (process.env.ONEIMAGE_TEST_BUILDERS ?? 'docker,native').split(',');

const runs: RunResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'oneimage-paths-'));
afterAll(() => {
  runs.forEach((r) => r.dispose());
  rmSync(scratch, { recursive: true, force: true });
});

/** The first line of the runner's /etc/passwd: looked for, never printed. */
const PASSWD_LINE = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
/** Where a write outside the workspace would land; must stay empty. */
const outsideDir = join(scratch, 'outside');
mkdirSync(outsideDir);

/**
 * The seed plus: `root -> /`, `parent -> /`, `environ -> /proc/self/environ`,
 * `outdir -> <outsideDir>`, a file `afile`, a directory `sub`, and Dockerfile.leak,
 * which copies etc/passwd from its context.
 */
function fixture(): string {
  const dir = mkdtempSync(join(scratch, 'ws-'));
  for (const file of readdirSync(SEED)) copyFileSync(join(SEED, file), join(dir, file));
  writeFileSync(join(dir, 'Dockerfile.leak'), 'FROM scratch\nCOPY etc/passwd /leak\n');
  writeFileSync(join(dir, 'Dockerfile.self'), 'FROM a AS a\nCOPY hello /\n');
  writeFileSync(join(dir, 'afile'), 'x');
  mkdirSync(join(dir, 'sub'));
  symlinkSync('/', join(dir, 'root'));
  symlinkSync('/', join(dir, 'parent'));
  symlinkSync('/proc/self/environ', join(dir, 'environ'));
  symlinkSync(outsideDir, join(dir, 'outdir'));
  return dir;
}
const FIXTURE = fixture();

async function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const repo = uniqueRepo('alice', 'paths');
  const result = await runAction({
    event: events.push('main'),
    workspaceFrom: FIXTURE,
    env,
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: alice.username,
      password: alice.password,
      ...inputs,
    },
  });
  runs.push(result);
  return { result, repo };
}

/** Nothing of the host's files or of the secrets in any text the step wrote. */
function expectNothingLeaked(texts: string[]): void {
  const password = alice.password;
  for (const all of texts) {
    // The runner's own ::add-mask:: commands carry the secrets by design.
    const text = all
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(text.includes(PASSWD_LINE), 'the host /etc/passwd shows').toBe(false);
    expect(text.includes('INPUT_PASSWORD'), 'the environment shows').toBe(false);
    expect(text.toUpperCase().includes(password.toUpperCase()), 'the password shows').toBe(false);
    expect(leakedLines(text, secretNeedles(alice.username, password))).toEqual([]);
  }
  expect(readdirSync(outsideDir)).toEqual([]);
}

/** One error line that names the input and shows every `shown`; nothing pushed. */
async function expectRefused(
  { result, repo }: { result: RunResult; repo: string },
  input: string,
  ...shown: string[]
): Promise<string> {
  expect(result.main.code, result.main.log).toBe(1);
  const errors = errorLines(result.main.log);
  expect(errors, result.main.log).toHaveLength(1);
  expect(errors[0]).toContain(`Input "${input}"`);
  for (const value of shown) expect(errors[0]).toContain(value);
  expect(result.outputs.pushed).toBe('false');
  expect(await listTags(repo)).toEqual([]);
  expectNothingLeaked([result.main.log, result.post?.log ?? '', result.summary]);
  return errors[0]!;
}

describe.each(builders)('path inputs with builder %s', (builder) => {
  const env = builder === 'native' ? NO_ENGINE : {};

  it('refuses a context that is a link to /, naming it and where it leads', async () => {
    const r = await run({ builder, context: 'root', dockerfile: 'Dockerfile.leak' }, env);
    const line = await expectRefused(
      r,
      'context',
      '"root"',
      'leads to "/"',
      'outside the workspace',
    );
    expect(line).not.toMatch(/\[command\]|docker build/);
    expect(r.result.main.log).not.toMatch(/^\[command\]docker/m);
  });

  it('refuses a context that the build-command makes a link to /', async () => {
    const r = await run(
      {
        builder,
        'build-command': 'ln -s / made',
        context: 'made',
        dockerfile: 'Dockerfile.leak',
      },
      env,
    );
    await expectRefused(r, 'context', '"made"', 'leads to "/"');
  });

  it('refuses a Dockerfile that the build-command replaces with a link out', async () => {
    const r = await run(
      { builder, 'build-command': 'ln -sf /etc/hostname Dockerfile', context: '.' },
      env,
    );
    await expectRefused(r, 'dockerfile', '"Dockerfile"', 'leads to "/etc/hostname"');
  });
});

describe('path inputs', () => {
  it('refuses a context under a linked parent', async () => {
    const r = await run({ context: 'parent/etc', dockerfile: 'Dockerfile.leak' }, NO_ENGINE);
    await expectRefused(r, 'context', '"parent/etc"', 'leads to "/etc"', '"parent"');
  });

  it('refuses a Dockerfile linked to /proc/self/environ without reading it', async () => {
    const r = await run({ dockerfile: 'environ' }, NO_ENGINE);
    await expectRefused(r, 'dockerfile', '"environ"', '/environ"');
  });

  it('refuses a working-directory linked out, before the build-command runs', async () => {
    const marker = `pwned-${Math.random().toString(36).slice(2)}`;
    const r = await run({ 'working-directory': 'root/tmp', 'build-command': `touch ${marker}` });
    await expectRefused(r, 'working-directory', '"root/tmp"', 'leads to "/tmp"');
    expect(existsSync(join('/tmp', marker))).toBe(false);
  });

  it.each([
    ['../../x.tar', 'outside the workspace'],
    [join(outsideDir, 'x.tar'), 'outside the workspace'],
    ['outdir/x.tar', 'through the symbolic link "outdir"'],
    ['root/tmp/x.tar', 'through the symbolic link "root"'],
    ['.', '"." is a directory, not a file'],
    ['sub', '"sub" is a directory, not a file'],
    ['afile/x.tar', 'goes on below "afile", which is a file, not a directory'],
  ])('refuses output %j before building, writing nothing', async (output, shown) => {
    const r = await run({ output, push: 'false', 'build-command': 'make' }, NO_ENGINE);
    await expectRefused(r, 'output', shown);
    expect(r.result.main.log).not.toContain('$ make');
    const { workspace } = r.result.dirs;
    expect(existsSync(`${workspace}.partial`)).toBe(false);
    expect(existsSync(join(workspace, '..', '..', 'x.tar'))).toBe(false);
  });

  it('refuses an output the build-command turns into a link out', async () => {
    const r = await run(
      {
        output: 'image.tar',
        push: 'false',
        'build-command': `make && ln -s ${outsideDir}/x.tar image.tar`,
      },
      NO_ENGINE,
    );
    await expectRefused(r, 'output', '"image.tar"', 'through the symbolic link "image.tar"');
  });

  it('writes an output inside the workspace, with the partial file next to it', async () => {
    const r = await run(
      { output: 'out/image.tar', push: 'false', 'build-command': 'make' },
      NO_ENGINE,
    );
    expect(r.result.main.code, r.result.main.log).toBe(0);
    const { workspace } = r.result.dirs;
    expect(readdirSync(join(workspace, 'out'))).toEqual(['image.tar']);
    const listing = execFileSync('tar', ['-tf', join(workspace, 'out', 'image.tar')], {
      encoding: 'utf8',
    });
    expect(listing).toContain('index.json');
  });

  it.each([
    [
      'working-directory',
      { 'working-directory': 'nope', 'build-command': 'make' },
      'no directory at "nope"',
    ],
    [
      'working-directory',
      { 'working-directory': 'afile', 'build-command': 'make' },
      '"afile" is a file, not a directory',
    ],
    ['context', { context: 'afile' }, '"afile" is a file, not a directory'],
    ['dockerfile', { dockerfile: 'sub' }, '"sub" is a directory, not a file'],
  ])('names %s when it is missing or of the wrong kind', async (input, inputs, shown) => {
    const r = await run(inputs, NO_ENGINE);
    const line = await expectRefused(r, input, shown);
    expect(line).not.toMatch(/ENOENT|ENOTDIR|EISDIR|spawn/);
  });

  it('refuses a platform variant that does not exist', async () => {
    const r = await run({ platforms: 'linux/arm/v99' }, NO_ENGINE);
    await expectRefused(r, 'platforms', '"linux/arm/v99"', 'v5, v6, v7, v8');
  });

  it('reports FROM a AS a on its line, as BuildKit does, not as a push failure', async () => {
    const r = await run({ dockerfile: 'Dockerfile.self', 'build-command': 'make' }, NO_ENGINE);
    expect(r.result.main.code).toBe(1);
    const errors = errorLines(r.result.main.log);
    expect(errors, r.result.main.log).toHaveLength(1);
    expect(errors[0]).toContain('Dockerfile.self:1: circular dependency detected on stage: a');
    expect(errors[0]).not.toContain('library/a');
    expect(await listTags(r.repo)).toEqual([]);
  });
});

describe('ignore files', () => {
  it('refuses a .dockerignore linked to a host file, with either builder', async () => {
    for (const builder of builders) {
      const r = await run(
        { builder, 'build-command': 'make && ln -sf /proc/self/environ .dockerignore' },
        builder === 'native' ? NO_ENGINE : {},
      );
      await expectRefused(r, 'context', '".dockerignore" leads to "/proc/');
    }
  });
});

describe('the command line', () => {
  it('refuses --context that is a link to /, naming it', async () => {
    const repo = join(scratch, 'cli-repo');
    execFileSync('cp', ['-a', FIXTURE, repo]);
    const home = mkdtempSync(join(scratch, 'home-'));
    const { code, out } = await new Promise<{ code: number | null; out: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            join(ROOT, 'dist/cli/index.js'),
            '--context',
            'root',
            '--dockerfile',
            'Dockerfile.leak',
            '--output',
            'x.tar',
          ],
          {
            cwd: repo,
            env: { PATH: process.env.PATH ?? '', HOME: home, ...NO_ENGINE },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.stderr.on('data', (d: Buffer) => (text += d.toString()));
        child.on('error', reject);
        child.on('close', (c) => resolve({ code: c, out: text }));
      },
    );
    // A wrong command line, a bad path included, exits 2 and names the flag.
    expect(code, out).toBe(2);
    const errors = out.split('\n').filter((l) => l.startsWith('Error: '));
    expect(errors, out).toHaveLength(1);
    expect(errors[0]).toContain('--context: "root" leads to "/"');
    expect(existsSync(join(repo, 'x.tar'))).toBe(false);
    expectNothingLeaked([out]);
  });
});

// Equivalence of failures with the Docker engine: contexts that BuildKit refuses
// (`DOCKER_BUILDKIT=1 docker build` with the Docker 20.10 client, /usr/bin/docker, or
// EQUIVALENCE_DOCKER) must fail in the native builder too, naming the same path; and
// a control that BuildKit builds must build natively. equivalence.test.ts compares
// the images of builds that succeed.
//
// Needs the Docker engine of .ci/services.
import { spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildNative } from '../../src/builders/native/build.js';
import { hostPlatform } from '../../src/image/platform.js';
import { ActionError } from '../../src/core/errors.js';
import { tempDirs } from '../fixtures/temp-dirs.js';

const DOCKER_CLI = process.env['EQUIVALENCE_DOCKER'] ?? '/usr/bin/docker';

const tempDir = tempDirs('equivalence-failures', 'after all');

/** Runs the Docker client with BuildKit; its exit code and output. */
function docker(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const config = tempDir();
    const child = spawn(DOCKER_CLI, args, {
      env: { ...process.env, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** A context: files (a string is a file's content, `-> x` a symbolic link to x). */
function context(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, what] of Object.entries(files)) {
    const p = path.join(dir, name);
    if (what.startsWith('-> ')) symlinkSync(what.slice(3), p);
    else writeFileSync(p, what);
  }
  return dir;
}

async function engine(dir: string): Promise<{ ok: boolean; out: string }> {
  const r = await docker(['build', '-q', dir]);
  if (r.code === 0) await docker(['rmi', r.out.trim()]);
  return { ok: r.code === 0, out: r.out };
}

async function native(dir: string): Promise<unknown> {
  return buildNative({
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: hostPlatform(),
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
  }).catch((e: unknown) => e);
}

describe('a wildcard match that is a symbolic link to what the context does not send', () => {
  it.each([
    [
      'the only match, to an ignored file',
      {
        Dockerfile: 'FROM scratch\nCOPY l* /d/\n',
        '.dockerignore': 'secret\n',
        secret: 's',
        l: '-> secret',
      },
      'secret',
    ],
    [
      'beside a good match, to an ignored file',
      {
        Dockerfile: 'FROM scratch\nCOPY l* /d/\n',
        '.dockerignore': 'secret\n',
        secret: 's',
        l1: '-> secret',
        l2: 'ok',
      },
      'secret',
    ],
    [
      'the only match, dangling',
      { Dockerfile: 'FROM scratch\nCOPY l* /d/\n', l: '-> missing' },
      'missing',
    ],
  ])('%s: both fail, naming the target', async (_name, files, target) => {
    const dir = context(files);
    const [e, n] = await Promise.all([engine(dir), native(dir)]);
    expect(e.ok, e.out).toBe(false);
    expect(e.out).toContain(`"/${target}" not found`);
    expect(n).toBeInstanceOf(ActionError);
    expect((n as ActionError).message).toMatch(
      new RegExp(`Dockerfile:2: COPY: source "${target}" not found in the build context`),
    );
  });

  it('a wildcard that matches nothing builds in both', async () => {
    const dir = context({ Dockerfile: 'FROM scratch\nCOPY nomatch* /d/\nCOPY a /\n', a: 'a' });
    const [e, n] = await Promise.all([engine(dir), native(dir)]);
    expect(e.ok, e.out).toBe(true);
    expect(n).not.toBeInstanceOf(Error);
  });
});

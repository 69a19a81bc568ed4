import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialEnv, helperScript } from '../../src/docker/config.js';

const dir = mkdtempSync(join(tmpdir(), 'oneimage-helper-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the helper script as docker does: the action as argument, the server on stdin. */
function helper(registry: string, action: string, stdin: string, withCredentials = true) {
  const file = join(dir, `helper-${registry.replace(/[^a-z0-9]/g, '_')}`);
  writeFileSync(file, helperScript(registry), { mode: 0o700 });
  const env = withCredentials
    ? {
        PATH: process.env.PATH,
        ...credentialEnv(registry, { username: 'alice', password: `s3'cr"et$(id)` }),
      }
    : { PATH: process.env.PATH };
  const result = spawnSync('/bin/sh', [file, action], { input: stdin, env, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the docker credential helper', () => {
  it.each<[string, string, string, boolean]>([
    ['our registry', '127.0.0.1:5000', '127.0.0.1:5000', true],
    ['our registry as a URL', '127.0.0.1:5000', 'http://127.0.0.1:5000/v2/', true],
    ['Docker Hub by its index URL', 'docker.io', 'https://index.docker.io/v1/', true],
    ['Docker Hub by its API host', 'docker.io', 'registry-1.docker.io', true],
    ['another registry', '127.0.0.1:5000', 'ghcr.io', false],
    ['a host that only starts like ours', '127.0.0.1:5000', '127.0.0.1:50001', false],
    ['Docker Hub when pushing elsewhere', 'ghcr.io', 'https://index.docker.io/v1/', false],
  ])('get for %s', (_name, registry, server, found) => {
    const { code, out } = helper(registry, 'get', `${server}\n`);
    if (found) {
      expect(code).toBe(0);
      expect(JSON.parse(out)).toEqual({
        ServerURL: registry,
        Username: 'alice',
        Secret: `s3'cr"et$(id)`,
      });
    } else {
      expect(code).toBe(1);
      expect(out).toMatch(/credentials not found/);
      expect(out).not.toContain('s3');
    }
  });

  it('answers nothing before the credentials are handed over', () => {
    const { code, out } = helper('127.0.0.1:5000', 'get', '127.0.0.1:5000\n', false);
    expect(code).toBe(1);
    expect(out).toMatch(/credentials not found/);
  });

  it.each(['store', 'erase'])('%s keeps nothing and succeeds', (action) => {
    const request = JSON.stringify({ ServerURL: 'x', Username: 'alice', Secret: 'other' });
    expect(helper('127.0.0.1:5000', action, request)).toEqual({ code: 0, out: '', err: '' });
  });

  it('lists nothing', () => {
    expect(helper('127.0.0.1:5000', 'list', '').out.trim()).toBe('{}');
  });

  it('refuses an unknown action', () => {
    expect(helper('127.0.0.1:5000', 'frobnicate', '').code).toBe(1);
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCredentialHelper } from '../../src/docker/config.js';

async function helper(action: string, stdin: string, env: Record<string, string>) {
  let out = '';
  const code = await runCredentialHelper(action, Readable.from([stdin]), env, (t) => (out += t));
  return { code, out };
}

const env = {
  ONEIMAGE_REGISTRY: '127.0.0.1:5000',
  ONEIMAGE_USERNAME: 'alice',
  ONEIMAGE_SECRET: 's3cret',
};
const hub = { ...env, ONEIMAGE_REGISTRY: 'docker.io' };

describe('the docker credential helper', () => {
  it.each<[string, string, Record<string, string>, boolean]>([
    ['our registry', '127.0.0.1:5000', env, true],
    ['our registry as a URL', 'http://127.0.0.1:5000/v2/', env, true],
    ['Docker Hub by its index URL', 'https://index.docker.io/v1/', hub, true],
    ['Docker Hub by its API host', 'registry-1.docker.io', hub, true],
    ['another registry', 'ghcr.io', env, false],
    ['Docker Hub when pushing elsewhere', 'https://index.docker.io/v1/', env, false],
    ['no credentials yet', '127.0.0.1:5000', { ONEIMAGE_REGISTRY: '127.0.0.1:5000' }, false],
  ])('get for %s', async (_name, server, environment, found) => {
    const { code, out } = await helper('get', `${server}\n`, environment);
    if (found) {
      expect(code).toBe(0);
      expect(JSON.parse(out)).toEqual({ ServerURL: server, Username: 'alice', Secret: 's3cret' });
    } else {
      expect(code).toBe(1);
      expect(out).toMatch(/credentials not found/);
      expect(out).not.toContain('s3cret');
    }
  });

  it.each(['store', 'erase'])('%s keeps nothing and succeeds', async (action) => {
    const request = JSON.stringify({ ServerURL: 'x', Username: 'alice', Secret: 's3cret' });
    expect(await helper(action, request, env)).toEqual({ code: 0, out: '' });
  });

  it('refuses an unknown action', async () => {
    expect((await helper('frobnicate', '', env)).code).toBe(1);
  });
});

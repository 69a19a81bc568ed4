import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDockerConfig,
  credentialEnv,
  hasBuildx,
  removeDockerConfig,
} from '../../src/docker/config.js';

const made: string[] = [];
const saved = process.env.DOCKER_CONFIG;
afterEach(() => {
  made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  if (saved === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = saved;
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-config-test-'));
  made.push(dir);
  return dir;
}

describe('the private docker config', () => {
  it('holds no credentials, only the helper', () => {
    process.env.DOCKER_CONFIG = tempDir();
    const config = createDockerConfig(tempDir(), '127.0.0.1:5000');
    const file = readFileSync(join(config.dir, 'config.json'), 'utf8');
    expect(JSON.parse(file)).toEqual({ credsStore: 'oneimage' });
    const env = credentialEnv('127.0.0.1:5000', { username: 'alice', password: 'pw-123' });
    expect(Object.values(config.env).join()).not.toContain('pw-123');
    expect(Object.values(env).join()).toContain('pw-123');
  });

  it.each<[string, boolean]>([
    ['with the buildx plugin the user installed', true],
    ['without it', false],
  ])('shares the user’s CLI plugins: %s', (_name, installed) => {
    const user = tempDir();
    if (installed) {
      mkdirSync(join(user, 'cli-plugins'));
      writeFileSync(join(user, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n', { mode: 0o755 });
    }
    process.env.DOCKER_CONFIG = user;
    const config = createDockerConfig(tempDir(), 'docker.io');
    const systemWide = hasBuildx(join(tempDir(), 'none'));
    expect(hasBuildx(config.dir)).toBe(installed || systemWide);
    removeDockerConfig(config.dir);
    expect(existsSync(config.dir)).toBe(false);
    if (installed) expect(existsSync(join(user, 'cli-plugins', 'docker-buildx'))).toBe(true);
  });
});

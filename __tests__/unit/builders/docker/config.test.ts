import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasBuildx, pluginDirs, userDockerConfig } from '../../../../src/builders/docker/config.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('oneimage-config-test');

describe('the user’s docker configuration', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['DOCKER_CONFIG when set', { DOCKER_CONFIG: '/srv/docker-config' }, '/srv/docker-config'],
    ['~/.docker when DOCKER_CONFIG is empty', { DOCKER_CONFIG: '' }, join(homedir(), '.docker')],
    ['~/.docker when DOCKER_CONFIG is unset', {}, join(homedir(), '.docker')],
  ])('is %s', (_name, env, expected) => {
    expect(userDockerConfig(env)).toBe(expected);
  });

  it('is searched for CLI plugins before the system-wide directories', () => {
    expect(pluginDirs('/home/u/.docker')[0]).toBe('/home/u/.docker/cli-plugins');
    expect(pluginDirs('/home/u/.docker')).toContain('/usr/libexec/docker/cli-plugins');
  });

  it.each<[string, boolean]>([
    ['with the buildx plugin the user installed', true],
    ['without it', false],
  ])('finds buildx %s', (_name, installed) => {
    const user = tempDir();
    if (installed) {
      mkdirSync(join(user, 'cli-plugins'));
      writeFileSync(join(user, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n', { mode: 0o755 });
    }
    const systemWide = hasBuildx(join(tempDir(), 'none'));
    expect(hasBuildx(user)).toBe(installed || systemWide);
  });
});

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../../util/child-env.js';

/**
 * Docker runs with the user's own configuration: a `docker login` done earlier in the
 * workflow serves the build's base images, as with a `run: docker build` step. The
 * action's credentials never go to docker: our registry client pushes, in memory.
 */

/** The user's docker configuration directory, as docker finds it. */
export function userDockerConfig(env: Env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** Where docker looks for CLI plugins, the user's own first. */
export function pluginDirs(configDir: string): string[] {
  return [
    join(configDir, 'cli-plugins'),
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
  ];
}

/** Whether docker has the buildx plugin, without starting docker to ask. */
export function hasBuildx(configDir: string): boolean {
  return pluginDirs(configDir).some((dir) => existsSync(join(dir, 'docker-buildx')));
}

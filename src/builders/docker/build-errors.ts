import { ActionError } from '../../core/errors.js';
import { formatPlatform, hostPlatform, parsePlatform, samePlatform } from '../../image/platform.js';
import { cancellation } from '../../core/leftovers.js';
import { errorLine, type DockerResult } from './cli.js';

const ENGINE_DOWN =
  /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;

/** A client newer than 20.10 asked for BuildKit without the buildx plugin. */
const NO_BUILDX = /BuildKit is enabled but the buildx component is missing/;

/** What the kernel says when it cannot run a program of another architecture. */
const FOREIGN_EXEC = /exec format error/i;

/**
 * Why `docker build` failed, worded for the user. `platform` is the one asked for
 * (undefined: the runner's own), so that a foreign RUN step without QEMU says so.
 */
export function buildError(result: DockerResult, platform?: string): ActionError {
  const signal = cancellation();
  if (signal) {
    return new ActionError(
      'build',
      `docker build was stopped: the step was cancelled (${signal}).`,
    );
  }
  const output = `${result.stderr}\n${result.stdout}`;
  if (ENGINE_DOWN.test(output)) {
    return new ActionError(
      'build',
      `No Docker engine answers: ${errorLine(result)}`,
      'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.',
    );
  }
  if (NO_BUILDX.test(result.stderr)) {
    return new ActionError(
      'build',
      `docker build failed: ${errorLine(result)}`,
      'DOCKER_BUILDKIT=1 asks this docker client for BuildKit, which it reaches only through the buildx plugin: add docker/setup-buildx-action before this step, or leave DOCKER_BUILDKIT unset.',
    );
  }
  const host = hostPlatform();
  if (platform && !samePlatform(parsePlatform(platform), host) && FOREIGN_EXEC.test(output)) {
    return new ActionError(
      'build',
      `docker build for ${platform} failed: a RUN step's program is for ${platform}, which this ${formatPlatform(host)} runner cannot run without QEMU (exec format error).`,
      'Register QEMU with binfmt_misc before this step (docker/setup-qemu-action, or apt-get install qemu-user-static), or build each platform on a runner of its own (platform-tags).',
    );
  }
  const what = platform ? `docker build for ${platform}` : 'docker build';
  return new ActionError(
    'build',
    `${what} failed: ${errorLine(result)}`,
    'Fix the Dockerfile or the build context; the log above shows the failing step.',
  );
}

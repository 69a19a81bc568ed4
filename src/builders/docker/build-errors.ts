import { ActionError, type SettingWords } from '../../core/errors.js';
import { formatPlatform, hostPlatform, parsePlatform, samePlatform } from '../../image/platform.js';
import { cancellation } from '../../core/leftovers.js';
import { errorLine, type DockerResult } from './cli.js';

const ENGINE_DOWN =
  /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;

/** A client newer than 20.10 asked for BuildKit without the buildx plugin. */
const NO_BUILDX = /BuildKit is enabled but the buildx component is missing/;

/** What the kernel says when it cannot run a program of another architecture. */
const FOREIGN_EXEC = /exec format error/i;

/** A registry refused the engine an image (BuildKit's words, then the legacy builder's). */
const PULL_DENIED =
  /pull access denied|may require authorization|may require 'docker login'|failed to authorize|no basic auth credentials/i;

/** What the engine's pulls had: the registries pulled from without credentials, if known. */
export interface EnginePulls {
  withoutCredentials: readonly string[] | undefined;
}

/**
 * Why `docker build` failed, worded for the user. `platform` is the one asked for
 * (undefined: the runner's own), so that a foreign RUN step without QEMU says so; `pulls`
 * what the engine's pulls had, so that a refused pull says which credentials to give.
 */
export function buildError(
  result: DockerResult,
  platform?: string,
  pulls?: EnginePulls,
): ActionError {
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
  if (PULL_DENIED.test(output)) {
    return new ActionError('build', `${what} failed: ${errorLine(result)}`, (w) =>
      pullHint(pulls?.withoutCredentials, w),
    );
  }
  return new ActionError(
    'build',
    `${what} failed: ${errorLine(result)}`,
    'Fix the Dockerfile or the build context; the log above shows the failing step.',
  );
}

/** What to do when a registry refused the engine a base image. */
function pullHint(withoutCredentials: readonly string[] | undefined, w: SettingWords): string {
  const [auth, user, password] = ['registry-auth', 'username', 'password'].map((n) => w.setting(n));
  if (withoutCredentials === undefined || withoutCredentials.length === 0) {
    return `Check the image names of FROM and COPY --from, and that the credentials given for their registries in ${auth} (or ${user} and ${password}, for the registry pushed to) may read them.`;
  }
  const lines = withoutCredentials.map((host) => `${host}=<username>:<token>`).join(', ');
  return `If a base image is private, give the engine credentials for its registry: a line ${lines} in ${auth} (or ${user} and ${password} when it is the registry pushed to).`;
}

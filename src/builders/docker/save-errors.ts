import { ActionError } from '../../core/errors.js';
import { errorLine, type DockerResult } from './cli.js';
import { MissingSavedLayer } from './saved-image.js';

/** The base image's registry lookup that failed: the reference, and why. */
export interface FailedBaseLookup {
  ref: string;
  /** The registry host (docker.io for Docker Hub). */
  registry: string;
  why: string;
}

/**
 * Why reading the built image from `docker save` failed, worded for the user. A layer
 * left out of the archive while the base image's registry could not be read is the
 * containerd image store leaving out base layers it never downloaded: the action needs
 * them from that registry, so the hint names its credentials.
 */
export function saveError(
  saved: DockerResult & { error?: unknown },
  baseFailure: FailedBaseLookup | undefined,
): ActionError {
  // Found once the whole archive was read: the cause, however docker then ended.
  if (saved.error instanceof MissingSavedLayer && baseFailure) {
    const { ref, registry } = baseFailure;
    // The registry's sentence, inside ours: its own full stop dropped.
    const why = baseFailure.why.replace(/[.\s]+$/, '');
    return new ActionError(
      'build',
      `docker save left out layer ${saved.error.index + 1} of the image, a layer of the base image ${ref} that the engine did not download (its containerd image store keeps only what a build needs), and ${ref} could not be read from its registry: ${why}.`,
      (w) =>
        `Give the action credentials that may read ${ref}: a line ${registry}=<username>:<token> in ${w.setting('registry-auth')} (or ${w.setting('username')} and ${w.setting('password')} when it is the registry pushed to); or pull the base image before this step (docker pull ${ref}), so that the engine holds all of its layers.`,
    );
  }
  const why = saved.code !== 0 ? errorLine(saved) : ((saved.error as Error)?.message ?? 'no image');
  return new ActionError(
    'build',
    `Reading the built image from docker save failed: ${why}`,
    'Check that the Docker engine is still running and has free disk space (docker save writes the image out), then run the job again.',
  );
}

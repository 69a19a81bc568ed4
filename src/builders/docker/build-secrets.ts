import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '../../core/errors.js';

/** Build secrets on disk for one docker build, and the arguments that name them. */
export interface SecretFiles {
  args: string[];
  /** Removes the files; called as soon as docker build ends. Safe to call twice. */
  remove(): void;
}

/**
 * Writes each secret to a file of its own, readable by this user only (0600, in a 0700
 * directory inside `dir`, which the post step removes should this step be killed), for
 * BuildKit's `--secret id=…,src=…`: the value never goes on docker's command line, into
 * its environment, or into the image.
 */
export function writeSecretFiles(
  dir: string,
  secrets: ReadonlyArray<[string, string]>,
): SecretFiles {
  if (secrets.length === 0) return { args: [], remove: () => undefined };
  const secretDir = mkdtempSync(join(dir, 'secrets-'));
  const remove = (): void => rmSync(secretDir, { recursive: true, force: true });
  try {
    const args: string[] = [];
    for (const [i, [id, value]] of secrets.entries()) {
      const file = join(secretDir, String(i));
      writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
      // docker reads --secret as CSV: a quoted field keeps a comma in the path.
      args.push('--secret', `id=${id},"src=${file.replaceAll('"', '""')}"`);
    }
    return { args, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The legacy builder has no secret mounts: refused before it builds without them. */
export function secretsNeedBuildKit(): ActionError {
  return new ActionError(
    'build',
    'The secrets input needs BuildKit, and docker build would use the legacy builder here, which has no secret mounts (RUN --mount=type=secret).',
    'Set DOCKER_BUILDKIT=1 with a docker client that has BuildKit built in (Docker 20.10), or add docker/setup-buildx-action before this step.',
  );
}

import type { Io } from '../core/io.js';
import type { Credentials } from '../builders/builder.js';
import type { Plan } from '../request/plan.js';
import { RegistryClient } from '../registry/client.js';

/**
 * On a release, the tags the repository already has; undefined when the plan is no
 * release (nothing to check) or when the registry will not list them (best effort:
 * the floating tags then move, with a warning).
 */
export async function listExistingTags(
  plan: Plan,
  credentials: Credentials,
  retryTimeoutMs: number,
  log: Io,
): Promise<string[] | undefined> {
  if (!plan.semver || plan.semver.prerelease !== '') return undefined;
  const client = new RegistryClient({
    registry: plan.image.registry,
    credentials,
    stage: 'push',
    totalTimeoutMs: retryTimeoutMs,
    logger: log,
  });
  try {
    return await client.listTags(plan.image.path);
  } catch (error) {
    log.warning(
      `Could not list the tags of ${plan.image.name} (${(error as Error).message}); floating tags move without checking for newer releases.`,
    );
    return undefined;
  } finally {
    client.close();
  }
}

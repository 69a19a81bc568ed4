import type { Io } from '../core/io.js';
import type { Plan } from '../request/plan.js';
import type { RegistryClient } from '../registry/client.js';

/**
 * On a release, the tags the repository already has; undefined when the plan is no
 * release (nothing to check) or when the registry will not list them (best effort:
 * the floating tags then move, with a warning).
 */
export async function listExistingTags(
  plan: Plan,
  client: RegistryClient,
  io: Io,
): Promise<string[] | undefined> {
  if (!plan.semver || plan.semver.prerelease !== '') return undefined;
  try {
    return await client.listTags(plan.image.path);
  } catch (error) {
    io.warning(
      `Could not list the tags of ${plan.image.name} (${(error as Error).message}); floating tags move without checking for newer releases.`,
    );
    return undefined;
  }
}

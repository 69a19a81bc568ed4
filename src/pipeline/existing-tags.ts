import * as runner from '../action/workflow-commands.js';
import type { Credentials } from '../builders/builder.js';
import { holdFloatingTags, type HeldTag } from './floating.js';
import type { Plan } from './plan.js';
import { formatReference } from '../registry/reference.js';
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
): Promise<string[] | undefined> {
  if (!plan.semver || plan.semver.prerelease !== '') return undefined;
  const client = new RegistryClient({
    registry: plan.image.registry,
    credentials,
    stage: 'push',
    totalTimeoutMs: retryTimeoutMs,
    logger: runner,
  });
  try {
    return await client.listTags(plan.image.path);
  } catch (error) {
    runner.warning(
      `Could not list the tags of ${plan.image.name} (${(error as Error).message}); floating tags move without checking for newer releases.`,
    );
    return undefined;
  } finally {
    client.close();
  }
}

/**
 * Leaves `latest`, the major and the minor where a higher released version already put
 * them. Returns the plan to push and the tags held back.
 */
export function applyFloatingRule(
  plan: Plan,
  existing: string[] | undefined,
): { plan: Plan; held: HeldTag[] } {
  if (!plan.semver || !existing) return { plan, held: [] };
  const { tags, held } = holdFloatingTags(plan.semver, plan.tags, existing);
  for (const { tag, newer } of held) {
    runner.notice(`Tag "${tag}" left on ${newer}: it is newer than ${plan.version}.`);
  }
  return {
    plan: { ...plan, tags, refs: tags.map((tag) => formatReference(plan.image, tag)) },
    held,
  };
}

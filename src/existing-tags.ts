import * as core from '@actions/core';
import type { Credentials } from './builder.js';
import { holdFloatingTags, type HeldTag } from './floating.js';
import type { Plan } from './plan.js';
import { formatReference } from './reference.js';
import { RegistryClient } from './registry/client.js';

/**
 * On a release, lists the repository's tags and leaves `latest`, the major and the
 * minor where a higher released version already put them. Returns the plan to push
 * and the tags held back. Listing is best effort: if the registry will not list,
 * the floating tags move, with a warning.
 */
export async function applyFloatingRule(
  plan: Plan,
  credentials: Credentials,
  retryTimeoutMs: number,
): Promise<{ plan: Plan; held: HeldTag[] }> {
  if (!plan.semver || plan.semver.prerelease !== '') return { plan, held: [] };
  const client = new RegistryClient({
    registry: plan.image.registry,
    credentials,
    stage: 'push',
    totalTimeoutMs: retryTimeoutMs,
    logger: { info: core.info, debug: core.debug, warning: core.warning },
  });
  let existing: string[];
  try {
    existing = await client.listTags(plan.image.path);
  } catch (error) {
    core.warning(
      `Could not list the tags of ${plan.image.name} (${(error as Error).message}); floating tags move without checking for newer releases.`,
    );
    return { plan, held: [] };
  } finally {
    client.close();
  }
  const { tags, held } = holdFloatingTags(plan.semver, plan.tags, existing);
  for (const { tag, newer } of held) {
    core.notice(`Tag "${tag}" left on ${newer}: it is newer than ${plan.version}.`);
  }
  return {
    plan: { ...plan, tags, refs: tags.map((tag) => formatReference(plan.image, tag)) },
    held,
  };
}

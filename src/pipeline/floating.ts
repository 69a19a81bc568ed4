import type { Log } from '../core/io.js';
import type { Plan } from '../request/plan.js';
import { formatReference } from '../registry/reference.js';
import { PLAIN_VARIANT, stripAffix, type TagVariant } from '../registry/tag-variant.js';
import { compareSemver, parseSemver, type SemVer } from '../request/tags.js';

/** A floating tag left where it is, and why. */
export interface HeldTag {
  tag: string;
  /** The released version in the registry that outranks this release. */
  newer: string;
}

export interface FloatingDecision {
  /** The tags to push, in the plan's order. */
  tags: string[];
  held: HeldTag[];
}

/**
 * Floating tags never move backwards: on release 1.2.3, `latest`, `1` and `1.2`
 * are moved only if the registry holds no higher released version in their range
 * (any version for latest, 1.x.y for 1, 1.2.y for 1.2). Per variant: `1-alpine` is held
 * only by a newer `x.y.z-alpine`, plain `1` only by a newer plain `x.y.z`. Pure: the
 * caller lists the repository's tags.
 */
export function holdFloatingTags(
  release: SemVer | undefined,
  tags: string[],
  existingTags: string[],
  variant: TagVariant = PLAIN_VARIANT,
): FloatingDecision {
  if (!release || release.prerelease !== '') return { tags, held: [] };
  const released = existingTags
    .map((tag) => ({ tag, version: exactVersion(stripAffix(tag, variant)) }))
    .filter((v): v is { tag: string; version: SemVer } => v.version !== undefined)
    .filter((v) => v.version.prerelease === '');
  const held: HeldTag[] = [];
  const kept = tags.filter((tag) => {
    const core = stripAffix(tag, variant);
    const inRange = core === undefined ? undefined : floatingRange(core, release);
    if (!inRange) return true;
    const newer = released
      .filter((v) => inRange(v.version) && compareSemver(v.version, release) > 0)
      .sort((a, b) => compareSemver(b.version, a.version))[0];
    if (!newer) return true;
    held.push({ tag, newer: newer.tag });
    return false;
  });
  return { tags: kept, held };
}

/** A full x.y.z tag (with or without v); `1` and `1.2` are floating tags, not versions. */
function exactVersion(tag: string | undefined): SemVer | undefined {
  return tag !== undefined && /^v?\d+\.\d+\.\d+/.test(tag) ? parseSemver(tag) : undefined;
}

/** Which versions a floating tag of this release covers, or undefined if it is not one. */
function floatingRange(tag: string, release: SemVer): ((v: SemVer) => boolean) | undefined {
  if (tag === 'latest') return () => true;
  if (tag === `${release.major}`) return (v) => v.major === release.major;
  if (tag === `${release.major}.${release.minor}`) {
    return (v) => v.major === release.major && v.minor === release.minor;
  }
  return undefined;
}

/**
 * Leaves `latest`, the major and the minor where a higher released version already put
 * them. Returns the plan to push and the tags held back.
 */
export function applyFloatingRule(
  plan: Plan,
  existing: string[] | undefined,
  log: Log,
): { plan: Plan; held: HeldTag[] } {
  if (!plan.semver || !existing) return { plan, held: [] };
  const { tags, held } = holdFloatingTags(plan.semver, plan.tags, existing, plan.variant);
  for (const { tag, newer } of held) {
    log.notice(`Tag "${tag}" left on ${newer}: it is newer than ${plan.version}.`);
  }
  return {
    plan: { ...plan, tags, refs: tags.map((tag) => formatReference(plan.image, tag)) },
    held,
  };
}

/**
 * Tag variants: a prefix and a suffix put on every tag the action makes (`1.2.3-alpine`,
 * `latest-alpine`, `debug-1.2`), and how many hex digits of the commit the `sha-` tags
 * carry. Like docker/metadata-action's flavor with `onlatest=true`, and its
 * DOCKER_METADATA_SHORT_SHA_LENGTH.
 */

export interface TagVariant {
  /** '' or ends in '-', '_' or '.'. */
  prefix: string;
  /** '' or starts with '-', '_' or '.'. */
  suffix: string;
  /** Hex digits of the commit in `sha-` tags: 7 to 40. */
  shaLength: number;
}

export const PLAIN_VARIANT: TagVariant = { prefix: '', suffix: '', shaLength: 7 };

export const SHA_LENGTH = { min: 7, max: 40 } as const;

/** Prefix and suffix together: leaves room for the longest tag the action makes. */
export const MAX_AFFIX_LENGTH = 48;

const MAX_TAG = 128;

/** `alpine` → `alpine-`; `debug-`, `v.`, `x_` stay. */
export function normalizePrefix(raw: string): string {
  return raw === '' || /[-_.]$/.test(raw) ? raw : `${raw}-`;
}

/** `alpine` → `-alpine`; `-alpine`, `.x`, `_y` stay. */
export function normalizeSuffix(raw: string): string {
  return raw === '' || /^[-_.]/.test(raw) ? raw : `-${raw}`;
}

/** Why a prefix (normalized) cannot start a tag, or undefined. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  if (!/^\w/.test(prefix)) return 'must start with a letter, digit or "_" (it starts every tag).';
  return /^[\w.-]+$/.test(prefix) ? undefined : 'may hold only letters, digits, "_", "." and "-".';
}

/** Why a suffix (normalized) cannot end a tag, or undefined. */
export function suffixProblem(suffix: string): string | undefined {
  return /^[\w.-]*$/.test(suffix) ? undefined : 'may hold only letters, digits, "_", "." and "-".';
}

/** The variant of a tag: `1.2` → `1.2-alpine`; a long core is cut so the tag fits 128 characters. */
export function affixTag(core: string, variant: TagVariant): string {
  const room = MAX_TAG - variant.prefix.length - variant.suffix.length;
  return `${variant.prefix}${core.slice(0, room)}${variant.suffix}`;
}

/** The core of a tag of this variant (`1.2-alpine` → `1.2`), or undefined if it is not one. */
export function stripAffix(tag: string, variant: TagVariant): string | undefined {
  const { prefix, suffix } = variant;
  if (tag.length <= prefix.length + suffix.length) return prefix + suffix === '' ? tag : undefined;
  if (!tag.startsWith(prefix) || !tag.endsWith(suffix)) return undefined;
  return tag.slice(prefix.length, tag.length - suffix.length);
}

/** `sha-0123456` (without the variant's prefix and suffix), or '' when the sha is no commit. */
export function shaTagCore(sha: string, variant: TagVariant): string {
  return /^[0-9a-f]{7,}$/i.test(sha) ? `sha-${sha.slice(0, variant.shaLength).toLowerCase()}` : '';
}

/** Tags that name a commit (sha-1a2b3c4) or a platform of one, in their core. */
const COMMIT_TAG_CORE = /^sha-[0-9a-f]{7,}(-|$)/;

/**
 * Whether a tag of this variant names a commit (`sha-1a2b3c4`, `debug-sha-1a2b3c4-alpine`)
 * or a platform of one: never an earlier build, and present once this commit was pushed.
 */
export function isCommitTag(tag: string, variant: TagVariant): boolean {
  const core = stripAffix(tag, variant);
  return core !== undefined && COMMIT_TAG_CORE.test(core);
}

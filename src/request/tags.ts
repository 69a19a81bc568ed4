/**
 * Image tags computed from git, after docker/metadata-action's defaults:
 *
 * | ref / event                         | tags                                   | version       |
 * | ----------------------------------- | -------------------------------------- | ------------- |
 * | branch = default branch             | sha-<7>, latest                        | branch        |
 * | other branch                        | <branch>, sha-<7>                      | branch        |
 * | tag v1.2.3 / 1.2.3                  | 1.2.3, 1.2, 1, sha-<7>, latest         | 1.2.3         |
 * | tag v0.3.1                          | 0.3.1, 0.3, sha-<7>, latest (no bare 0)| 0.3.1         |
 * | tag v2.0.0-rc.1 (prerelease)        | 2.0.0-rc.1, sha-<7>                    | 2.0.0-rc.1    |
 * | any other tag                       | <tag>, sha-<7>                         | <tag>         |
 * | pull request N                      | pr-N                                   | pr-N          |
 *
 * A tag variant (tag-prefix, tag-suffix) is put on every tag, the extra tags and
 * latest included; sha-length sets the digits of sha-<7>. The version has no variant.
 * Branch and tag names are sanitized (sanitizeTag). Build metadata ('+b5') is
 * not part of the tags or the version. workflow_dispatch, schedule and other
 * events follow their ref like a push does.
 */
import type { GitContext } from './context.js';
import { sanitizeTag } from '../registry/reference.js';
import { affixTag, PLAIN_VARIANT, shaTagCore, type TagVariant } from '../registry/tag-variant.js';

export interface TagOptions {
  /** Extra tags from the "tags" input, already validated; appended. */
  extraTags: string[];
  /** auto: default branch pushes and final (non-prerelease) semver releases. */
  latest: 'auto' | 'true' | 'false';
  /** Prefix and suffix on every tag, and the sha tag's length; plain when absent. */
  variant?: TagVariant;
}

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated prerelease identifiers, '' when none. */
  prerelease: string;
  /** Dot-separated build metadata, '' when none. */
  build: string;
  /** The string as given, e.g. 'v1.2.3'. */
  raw: string;
}

export interface TagPlan {
  /** Tags without the image name, deduplicated, in order. */
  tags: string[];
  /** The version output: '1.2.3', a branch name, 'pr-5'. */
  version: string;
  /** Set when the ref is a semver tag. */
  semver: SemVer | undefined;
}

const NUM = '0|[1-9][0-9]*';
const PRE_ID = `(?:${NUM}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)`;
const BUILD_ID = '[0-9a-zA-Z-]+';
const SEMVER_RE = new RegExp(
  `^v?(${NUM})\\.(${NUM})\\.(${NUM})` +
    `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?` +
    `(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);

/** Parses a semantic version 2.0.0, with an optional leading 'v'. Strict otherwise. */
export function parseSemver(s: string): SemVer | undefined {
  if (s.length > 256) return undefined;
  const m = SEMVER_RE.exec(s);
  if (m === null) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3]);
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { major, minor, patch, prerelease: m[4] ?? '', build: m[5] ?? '', raw: s };
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two prerelease identifiers: numeric ones numerically and below alphanumeric ones. */
function compareIdentifier(a: string, b: string): number {
  const an = /^[0-9]+$/.test(a);
  const bn = /^[0-9]+$/.test(b);
  if (an && bn) {
    // No leading zeros in valid numeric identifiers: longer is larger.
    return a.length !== b.length ? cmp(a.length, b.length) : a < b ? -1 : a > b ? 1 : 0;
  }
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Semver precedence: -1, 0 or 1. Build metadata is ignored. */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core = cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch);
  if (core !== 0) return core;
  if (a.prerelease === b.prerelease) return 0;
  // A version without prerelease ranks above any prerelease of it.
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  const ai = a.prerelease.split('.');
  const bi = b.prerelease.split('.');
  for (let i = 0; i < Math.min(ai.length, bi.length); i++) {
    const c = compareIdentifier(ai[i] as string, bi[i] as string);
    if (c !== 0) return c;
  }
  return cmp(ai.length, bi.length);
}

/**
 * Whether a branch is the repository's default branch. When the payload does
 * not say (payload.repository.default_branch missing, e.g. a hand-made
 * context), 'main' and 'master' are taken as the default branch.
 */
function isDefaultBranch(branch: string, defaultBranch: string | undefined): boolean {
  return defaultBranch !== undefined
    ? branch === defaultBranch
    : branch === 'main' || branch === 'master';
}

/** Computes the tags and version for the context. Pure. */
export function computeTags(ctx: GitContext, opts: TagOptions): TagPlan {
  const variant = opts.variant ?? PLAIN_VARIANT;
  const sha = shaTagCore(ctx.sha, variant);
  const tags: string[] = [];
  let version = '';
  let semver: SemVer | undefined;
  let latestAuto = false;

  const prFromRef = /^refs\/pull\/([0-9]+)\//.exec(ctx.ref)?.[1];
  const prNumber =
    ctx.pullRequest?.number ?? (prFromRef !== undefined ? Number(prFromRef) : undefined);

  if (prNumber !== undefined) {
    version = `pr-${prNumber}`;
    tags.push(version);
  } else if (ctx.ref.startsWith('refs/tags/')) {
    const name = ctx.ref.slice('refs/tags/'.length);
    semver = parseSemver(name);
    if (semver !== undefined) {
      const { major, minor, patch, prerelease } = semver;
      version = `${major}.${minor}.${patch}${prerelease !== '' ? `-${prerelease}` : ''}`;
      tags.push(sanitizeTag(version));
      if (prerelease === '') {
        tags.push(`${major}.${minor}`);
        // Like metadata-action, a 0.x release gets no bare '0' tag: 0.x is unstable.
        if (major !== 0) tags.push(`${major}`);
        latestAuto = true;
      }
    } else {
      version = sanitizeTag(name);
      if (version !== '') tags.push(version);
    }
    if (sha !== '') tags.push(sha);
  } else if (ctx.ref.startsWith('refs/heads/')) {
    const branch = ctx.ref.slice('refs/heads/'.length);
    version = sanitizeTag(branch);
    if (isDefaultBranch(branch, ctx.defaultBranch)) {
      latestAuto = true;
    } else if (version !== '') {
      tags.push(version);
    }
    if (sha !== '') tags.push(sha);
  } else if (sha !== '') {
    tags.push(sha);
  }
  if (version === '') version = sha;

  const wantLatest = opts.latest === 'true' || (opts.latest === 'auto' && latestAuto);
  const computed = opts.latest === 'false' ? tags.filter((t) => t !== 'latest') : tags;
  if (wantLatest) computed.push('latest');

  const all = [...computed, ...opts.extraTags].map((tag) => affixTag(tag, variant));
  return { tags: [...new Set(all)], version, semver };
}

/**
 * The build cache from the registry, for a runner whose engine starts empty: BuildKit's
 * inline cache, written into every image it builds (BUILDKIT_INLINE_CACHE=1) and read
 * back from the image's own earlier tags (--cache-from). The engine pulls those with the
 * registry credentials of this run (engine-logins.ts).
 */
import type { Plan } from '../../request/plan.js';
import { formatReference } from '../../registry/reference.js';
import { isCommitTag } from '../../registry/tag-variant.js';

/**
 * docker build's arguments for the registry cache: the inline cache written, and read
 * from the tags this push moves (the branch's tag, latest, the release line's), which
 * name the previous build until it is pushed; `latest` too, for a first push of a branch.
 */
export function cacheArgs(plan: Plan): string[] {
  const args = ['--build-arg', 'BUILDKIT_INLINE_CACHE=1'];
  const refs = plan.tags
    .filter((tag) => !isCommitTag(tag, plan.variant))
    .map((tag) => formatReference(plan.image, tag));
  const latest = formatReference(plan.image, 'latest');
  if (!plan.platformTags && !refs.includes(latest)) refs.push(latest);
  for (const ref of refs) args.push('--cache-from', ref);
  return args;
}

/**
 * The steps BuildKit took from its cache, as its plain progress output names them
 * (`#7 [2/3] RUN make`, then `#7 CACHED`); internal steps and base images left out.
 */
export function cachedSteps(output: string): string[] {
  const names = new Map<string, string>();
  const cached: string[] = [];
  for (const line of output.split('\n')) {
    const named = /^#(\d+) (\[.+)$/.exec(line.trim());
    if (named && !names.has(named[1]!)) names.set(named[1]!, named[2]!);
    const hit = /^#(\d+) CACHED$/.exec(line.trim());
    const name = hit ? names.get(hit[1]!) : undefined;
    if (!name || /^\[(internal|[^\]]+\] FROM )/.test(name) || cached.includes(name)) continue;
    cached.push(name);
  }
  return cached;
}

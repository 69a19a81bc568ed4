/**
 * One manifest put under every tag of a push. The first tag (the commit's own) goes
 * alone, so that a refused push changes nothing and no other tag ever names an image
 * its commit tag does not; the rest go at once, as each costs a round trip or two.
 */
import { pushFailure } from '../core/errors.js';

/**
 * Puts the manifest under `tags` with `put`; returns the references updated (`refs`,
 * index for index with `tags`). A failure is thrown once the others have ended, naming
 * what was updated and what was not.
 */
export async function putUnderTags(
  tags: readonly string[],
  refs: readonly string[],
  put: (tag: string) => Promise<unknown>,
): Promise<string[]> {
  if (tags.length === 0) return [];
  await put(tags[0]!);
  const rest = await Promise.allSettled(tags.slice(1).map((tag) => put(tag)));
  const pushed = [refs[0]!];
  let failure: { reason: unknown } | undefined;
  for (const [i, outcome] of rest.entries()) {
    if (outcome.status === 'fulfilled') pushed.push(refs[i + 1]!);
    else failure ??= { reason: outcome.reason };
  }
  if (failure) throw pushFailure(failure.reason, pushed, [...refs]);
  return pushed;
}

/**
 * What Docker Hub's description API accepts, apart from the API itself: the input
 * checks read these at start-up without loading the HTTP transport.
 */
export const DOCKER_HUB_API = 'https://hub.docker.com';
/**
 * The longest a description update (login and PATCH, answers included) may take: the
 * retry-timeout when that is shorter. Docker Hub answers both in about a second.
 */
export const HUB_DEADLINE_MAX_MS = 60_000;
/** Docker Hub refuses a longer short description. */
export const SHORT_DESCRIPTION_MAX = 100;
/** Docker Hub keeps at most this much of the full description. */
export const FULL_DESCRIPTION_MAX_BYTES = 25_000;

/**
 * The largest readme read: a longer one is cut to what Docker Hub keeps, but a file the
 * build-command made may be huge, and is never read into memory whole.
 */
export const README_READ_MAX_BYTES = 1024 * 1024;

/** The reason a short description is refused, or undefined when it fits. */
export function shortDescriptionProblem(short: string): string | undefined {
  const length = [...short].length;
  if (length <= SHORT_DESCRIPTION_MAX) return undefined;
  return `is ${length} characters long; Docker Hub takes at most ${SHORT_DESCRIPTION_MAX}.`;
}

/** The reason a readme of `bytes` is refused, or undefined when it fits. */
export function fullDescriptionProblem(bytes: number): string | undefined {
  if (bytes <= FULL_DESCRIPTION_MAX_BYTES) return undefined;
  return `The description is ${bytes} bytes; Docker Hub keeps at most ${FULL_DESCRIPTION_MAX_BYTES}.`;
}

/** The time a description update is allowed: the retry-timeout (0: none), at most a minute. */
export function hubDeadlineMs(retryTimeoutMs: number): number {
  return retryTimeoutMs > 0 ? Math.min(retryTimeoutMs, HUB_DEADLINE_MAX_MS) : HUB_DEADLINE_MAX_MS;
}

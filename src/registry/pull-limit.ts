/**
 * A pull refused for a rate limit (429): which limit was hit and how to raise it. Docker
 * Hub counts anonymous pulls per address (100 per 6 hours, shared by every job on the
 * runner's address) and an account's pulls per account (200 per 6 hours for a personal
 * one, none for paid plans); other registries have limits of their own.
 */
import type { Hint } from '../core/errors.js';
import { isDockerHub } from './host.js';
import type { Credentials } from './types.js';

export interface PullLimit {
  /** Which limit, to append to the message. */
  limit: string;
  hint: Hint;
}

export function pullLimit(registry: string, credentials: Credentials | undefined): PullLimit {
  if (isDockerHub(registry)) {
    if (!credentials) {
      return {
        limit:
          "Docker Hub's limit for anonymous pulls was reached: 100 pulls per 6 hours per IP address, shared by every job on the runner's address",
        hint: (w) =>
          `Pull with a Docker Hub account: set ${w.setting('registry-auth')} to a line docker.io=<Docker ID>:<access token> (or ${w.setting('username')} and ${w.setting('password')} when pushing to Docker Hub); its pulls then count against the account (200 per 6 hours for a personal account, no limit on paid plans).`,
      };
    }
    return {
      limit: `Docker Hub's pull limit for the account "${credentials.username}" was reached (200 pulls per 6 hours for a personal account)`,
      hint: 'Wait for the 6-hour window to pass, or pull with an account on a paid Docker Hub plan (no pull limit).',
    };
  }
  if (!credentials) {
    return {
      limit: `${registry}'s rate limit for anonymous pulls was reached`,
      hint: (w) =>
        `Pull with an account: set ${w.setting('registry-auth')} to a line ${registry}=<username>:<token>, if the registry gives accounts a higher limit; or wait and run again.`,
    };
  }
  return {
    limit: `${registry}'s rate limit for the account "${credentials.username}" was reached`,
    hint: 'Wait for the rate limit window to pass and run again, or ask the registry for a higher limit.',
  };
}

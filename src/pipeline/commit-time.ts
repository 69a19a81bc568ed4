import type { Env } from '../util/child-env.js';
import { commitTimeOf } from '../util/git.js';

/** The time an image of this commit is dated with, and where it came from. */
export interface CommitTime {
  date: Date;
  source: 'checkout' | 'event' | 'clock';
}

/**
 * The commit's time, so that every run of one commit (push, pull request, by hand, on a
 * schedule) dates its image the same: the commit object in the checkout, else the event
 * payload's head commit (a push), else the clock, which makes each run's image differ.
 */
export async function commitTime(o: {
  workspace: string;
  sha: string;
  eventTime: Date | undefined;
  now: Date;
  /** The step's environment, for git. */
  env: Env;
}): Promise<CommitTime> {
  const fromCheckout = o.sha ? await commitTimeOf(o.workspace, o.sha, o.env) : undefined;
  if (fromCheckout) return { date: fromCheckout, source: 'checkout' };
  if (o.eventTime) return { date: o.eventTime, source: 'event' };
  return { date: o.now, source: 'clock' };
}

/** The notice for an image dated by the clock; undefined otherwise. */
export function clockNotice(time: CommitTime): string | undefined {
  if (time.source !== 'clock') return undefined;
  return (
    'The commit is not in the checkout and the event names no commit time, so the image is ' +
    'dated now and two runs of this commit give different digests. Check out the commit ' +
    '(actions/checkout) or set SOURCE_DATE_EPOCH for reproducible images.'
  );
}

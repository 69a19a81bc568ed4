import type { Log } from '../core/io.js';
import type { Stage } from '../core/errors.js';

export interface StageTime {
  stage: Stage;
  ms: number;
}

/** Times each stage of the pipeline, for the job summary. */
export class StageTimer {
  readonly times: StageTime[] = [];

  /** `log`: the run's, where each stage is a group. */
  constructor(private readonly log: Pick<Log, 'group'>) {}

  /** Runs one stage inside a collapsible log group. */
  async run<T>(stage: Stage, title: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await this.log.group(title, work);
    } finally {
      this.record(stage, performance.now() - start);
    }
  }

  /** A stage that ran beside others (its own duration, not the wait for it). */
  record(stage: Stage, ms: number): void {
    this.times.push({ stage, ms: Math.round(ms) });
  }
}

/** How a piece of work started earlier ended: its value or its error, and its duration. */
export type Timed<T> = { ms: number } & ({ ok: true; value: T } | { ok: false; error: unknown });

/** Starts `work` now; the promise never rejects, it says how the work ended. */
export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  try {
    const value = await work();
    return { ok: true, value, ms: performance.now() - start };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - start };
  }
}

import * as core from '@actions/core';
import type { Stage } from './errors.js';

export interface StageTime {
  stage: Stage;
  ms: number;
}

/** Times each stage of the pipeline, for the job summary. */
export class StageTimer {
  readonly times: StageTime[] = [];

  /** Runs one stage inside a collapsible log group. */
  async run<T>(stage: Stage, title: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await core.group(title, work);
    } finally {
      this.times.push({ stage, ms: Math.round(performance.now() - start) });
    }
  }
}

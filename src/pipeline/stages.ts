import type { ImageBuilder, RunShared } from '../builders/builder.js';
import type { Plan } from '../request/plan.js';
import type { RunRequest } from '../request/request.js';
import type { MergeStages } from './merge.js';
import type { Io } from '../core/io.js';

/** The parts of the pipeline that talk to an engine or a registry (tests give fakes). */
export interface Stages extends MergeStages {
  /** Chooses the builder for the plan and makes it, with the run's Io and what the run shares. */
  builder(request: RunRequest, plan: Plan, io: Io, shared: RunShared): Promise<ImageBuilder>;
  /** What the run shares (its registry clients, its Dockerfiles), made at its start. */
  shared?(retryMs: number, io: Io): Promise<RunShared>;
}

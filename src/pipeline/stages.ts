import type { Credentials, ImageBuilder } from '../builders/builder.js';
import type { Plan } from '../request/plan.js';
import type { RunRequest } from '../request/request.js';
import type { MergeStages } from './merge.js';
import type { Io } from '../core/io.js';

/** The parts of the pipeline that talk to an engine or a registry (tests give fakes). */
export interface Stages extends MergeStages {
  /** Chooses the builder for the plan and makes it; `io` is the run's. */
  builder(request: RunRequest, plan: Plan, io: Io): Promise<ImageBuilder>;
  /** The origin of Docker Hub's web API, for the repository description. */
  hubApi: string;
  /** On a release, the tags the repository already has (undefined: unknown). */
  existingTags(
    plan: Plan,
    credentials: Credentials,
    retryMs: number,
    io: Io,
  ): Promise<string[] | undefined>;
}

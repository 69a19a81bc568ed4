import type { Credentials, ImageBuilder, RunShared } from '../builders/builder.js';
import type { Plan } from '../request/plan.js';
import type { RunRequest } from '../request/request.js';
import type { RegistryClients } from '../registry/clients.js';
import type { MergeStages } from './merge.js';
import type { Io } from '../core/io.js';

/** The parts of the pipeline that talk to an engine or a registry (tests give fakes). */
export interface Stages extends MergeStages {
  /** Chooses the builder for the plan and makes it, with the run's Io and what the run shares. */
  builder(request: RunRequest, plan: Plan, io: Io, shared: RunShared): Promise<ImageBuilder>;
  /** What the run shares (its registry clients, its Dockerfiles), made at its start. */
  shared?(retryMs: number, io: Io): Promise<RunShared>;
  /** The origin of Docker Hub's web API, for the repository description. */
  hubApi: string;
  /** On a release, the tags the repository already has (undefined: unknown). */
  existingTags(
    plan: Plan,
    credentials: Credentials,
    retryMs: number,
    clients: RegistryClients,
    io: Io,
  ): Promise<string[] | undefined>;
}

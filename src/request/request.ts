/** The run's request: what to do, decided by the action from its inputs or by the CLI from its flags. */
import type { GitContext } from './context.js';
import type { Inputs } from './inputs.js';
import type { Clock } from './plan.js';
import type { Wording } from './wording.js';
import type { Env } from '../util/child-env.js';

export interface RunRequest {
  inputs: Inputs;
  context: GitContext;
  clock: Clock;
  /** How messages name inputs and paths: the action's inputs or the CLI's flags. */
  wording: Wording;
  /**
   * The step's environment, read once by the adapter: what the build-command, docker and
   * git inherit (childEnv), and where docker's own configuration is found.
   */
  env: Env;
}

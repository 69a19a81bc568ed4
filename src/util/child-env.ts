/** An environment as the adapters read it (process.env, once): passed down, never read here. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The action's own channels to the runner, which no child may write: the post step acts
 * on GITHUB_STATE, the step's outputs come from GITHUB_OUTPUT.
 */
const OWN_FILES = new Set(['GITHUB_STATE', 'GITHUB_OUTPUT']);

/**
 * The environment for a child process (the build-command, docker, git, a decompressor):
 * ours without the action's inputs, so that none of them ever sees INPUT_PASSWORD, and
 * without the action's own runner files. What a `run:` step has for the job (GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STEP_SUMMARY) stays. `base` is the step's environment.
 */
export function childEnv(base: Env, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...base, ...extra })) {
    if (value === undefined || key.startsWith('INPUT_') || OWN_FILES.has(key)) continue;
    env[key] = value;
  }
  return env;
}

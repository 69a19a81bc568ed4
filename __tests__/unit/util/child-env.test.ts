/**
 * The environment every child process gets (the build-command, docker, git): the
 * action's own channels stay with the action. GITHUB_STATE is what the post step acts
 * on, GITHUB_OUTPUT what the step reports; INPUT_* holds the password.
 */
import { describe, expect, it } from 'vitest';
import { childEnv } from '../../../src/util/child-env.js';

const SET = {
  GITHUB_STATE: '/runner/_runner_file_commands/save_state_1',
  GITHUB_OUTPUT: '/runner/_runner_file_commands/set_output_1',
  INPUT_PASSWORD: 'hunter2-Secr3t',
  GITHUB_ENV: '/runner/_runner_file_commands/set_env_1',
  RUNNER_TEMP: '/runner/temp',
};
describe('childEnv', () => {
  it('hands a child neither the state file nor the output file nor an input', () => {
    const env = childEnv(SET, { TARGETPLATFORM: 'linux/amd64' });
    expect(Object.keys(env)).not.toContain('GITHUB_STATE');
    expect(Object.keys(env)).not.toContain('GITHUB_OUTPUT');
    expect(Object.keys(env)).not.toContain('INPUT_PASSWORD');
    expect(env.TARGETPLATFORM).toBe('linux/amd64');
  });

  it('keeps what a run: step has for the job (GITHUB_ENV, RUNNER_TEMP)', () => {
    const env = childEnv(SET);
    expect(env.GITHUB_ENV).toBe(SET.GITHUB_ENV);
    expect(env.RUNNER_TEMP).toBe(SET.RUNNER_TEMP);
  });

  it('cannot be given the state file back as an extra variable', () => {
    expect(Object.keys(childEnv(SET, { GITHUB_STATE: '/elsewhere' }))).not.toContain(
      'GITHUB_STATE',
    );
  });

  it('is made of the environment it is given, never of its own process', () => {
    process.env.ONEIMAGE_CHILD_ENV_TEST = 'of this process';
    try {
      expect(childEnv(SET)).not.toHaveProperty('ONEIMAGE_CHILD_ENV_TEST');
      expect(childEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin' });
    } finally {
      delete process.env.ONEIMAGE_CHILD_ENV_TEST;
    }
  });
});

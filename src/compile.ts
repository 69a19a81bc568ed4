import * as exec from '@actions/exec';
import { ActionError } from './errors.js';
import { childEnv } from './secrets.js';

export interface CompileRequest {
  command: string;
  workingDirectory: string;
  /** Extra variables, such as TARGETPLATFORM for one platform's build. */
  env?: Record<string, string>;
}

/** Runs the build-command the way a workflow's `run:` step does: bash, stop on the first error. */
export async function compile(request: CompileRequest): Promise<void> {
  const code = await exec.exec(
    'bash',
    ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', request.command],
    {
      cwd: request.workingDirectory,
      env: childEnv(request.env),
      ignoreReturnCode: true,
    },
  );
  if (code !== 0) {
    const how = code > 128 ? `was killed by signal ${code - 128}` : `exited with code ${code}`;
    throw new ActionError(
      'compile',
      `The build-command ${how}; nothing was built or pushed.`,
      'Fix the build: the log above shows its output. Run it locally in the same working-directory to reproduce.',
    );
  }
}

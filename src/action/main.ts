/**
 * The action's side of the seam: the request from @actions/core's inputs and
 * @actions/github's context, the runner's Io, and the step's exit code.
 */
import * as core from '@actions/core';
import { clockNotice, commitTime } from '../pipeline/commit-time.js';
import { failBeforeRun, run, type RunRequest } from '../pipeline/run.js';
import { stopAllGroups } from '../core/leftovers.js';
import { actionWording } from '../request/wording.js';
import { secretForms } from '../core/secrets.js';
import { readContext } from '../request/context.js';
import { parseInputs } from '../request/inputs.js';
import { registryAuthSecrets } from '../request/registry-auth.js';
import { runnerIo } from './reporter.js';
import { STATE } from '../core/state.js';

export async function main(): Promise<void> {
  // Mask before anything else can print, even before the inputs are validated.
  const password = core.getInput('password', { trimWhitespace: false }).replace(/[\r\n]+$/, '');
  for (const form of secretForms(core.getInput('username'), password)) core.setSecret(form);
  const auth = core.getInput('registry-auth', { trimWhitespace: false });
  for (const { username, password: secret } of registryAuthSecrets(auth)) {
    for (const form of secretForms(username, secret)) core.setSecret(form);
  }
  core.saveState(STATE.isPost, 'true');
  const io = runnerIo();
  let request: RunRequest;
  let notice: string | undefined;
  try {
    ({ request, notice } = await actionRequest());
  } catch (error) {
    await failBeforeRun(error, io);
    process.exitCode = core.ExitCode.Failure;
    return;
  }
  if (notice) io.notice(notice);
  const outcome = await run(request, io);
  if (!outcome.ok) process.exitCode = core.ExitCode.Failure;
  // Nothing the step started may outlive it: a background job of the build-command
  // would hold the step's output open, and the runner would wait for it.
  await stopAllGroups();
}

/**
 * What the workflow asks for: the step's inputs and the event that started the job,
 * with the commit's time from the checkout (every event of one commit dates its image
 * alike), and the notice to give when only the clock could date it.
 */
async function actionRequest(): Promise<{ request: RunRequest; notice: string | undefined }> {
  // The one place the action reads its environment: passed down from here.
  const env = process.env;
  const event = await readContext(env, () => import('@actions/github'));
  const inputs = parseInputs(
    (name) =>
      core.getInput(name, { trimWhitespace: name !== 'password' && name !== 'registry-auth' }),
    event.workspace,
  );
  const clock = { now: new Date(), sourceDateEpoch: env.SOURCE_DATE_EPOCH };
  // A merge builds nothing and has no checkout to read: its index is dated by the event
  // (a push names its commit's time), else not at all (see plan.ts).
  const time =
    inputs.merge.length > 0
      ? event.commitTime && { date: event.commitTime, source: 'event' as const }
      : await commitTime({ ...event, eventTime: event.commitTime, now: clock.now, env });
  const context = { ...event, commitTime: time?.source === 'clock' ? undefined : time?.date };
  const dated = clock.sourceDateEpoch?.trim() || time === undefined;
  return {
    request: { inputs, context, clock, wording: actionWording(context.workspace), env },
    notice: dated ? undefined : clockNotice(time),
  };
}

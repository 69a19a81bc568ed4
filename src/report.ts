import * as core from '@actions/core';
import type { BuildResult, ImageBuilder, PushResult } from './builder.js';
import { ActionError } from './errors.js';
import type { HeldTag } from './floating.js';
import type { Plan } from './plan.js';
import { renderSummary } from './summary.js';
import type { StageTimer } from './timing.js';

/** What one run found out, stage by stage: all that the outputs and the summary report. */
export interface RunState {
  timer: StageTimer;
  plan?: Plan;
  builder?: ImageBuilder;
  build?: BuildResult;
  push?: PushResult;
  /** Floating tags left on a newer release. */
  held: HeldTag[];
  /** Tags updated before a push failed for good. */
  partial: string[];
  /** The error that stopped the step. */
  failure?: string;
}

/** Outputs always; the job summary once there is a plan to speak of. */
export async function report(state: RunState): Promise<void> {
  setOutputs(state);
  if (!state.plan || !process.env.GITHUB_STEP_SUMMARY) return;
  const markdown = renderSummary({
    plan: state.plan,
    builder: state.builder?.name ?? 'none',
    build: state.build,
    push: state.push,
    held: state.held,
    times: state.timer.times,
    failure: state.failure,
  });
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

function setOutputs({ plan, build, push, partial }: RunState): void {
  core.setOutput('image', plan?.image.name ?? '');
  core.setOutput('tags', plan ? plan.refs.join('\n') : '');
  core.setOutput('version', plan?.version ?? '');
  core.setOutput('imageid', build?.imageId ?? '');
  core.setOutput('digest', push?.digest ?? '');
  core.setOutput('pushed', push ? 'true' : 'false');
  core.setOutput('pushed-tags', (push?.pushed ?? partial).join('\n'));
  core.setOutput(
    'platform-digests',
    (push?.platforms ?? []).map((p) => `${p.platform} ${p.digest}`).join('\n'),
  );
}

/** One ::error:: line that says what failed and what to do; never a raw stack. */
export function reportFailure(error: unknown): string {
  process.exitCode = core.ExitCode.Failure;
  if (error instanceof ActionError) {
    const text = error.hint ? `${error.message} ${error.hint}` : error.message;
    const where = error.annotation
      ? { file: error.annotation.file, startLine: error.annotation.line }
      : undefined;
    core.error(`${stageTitle[error.stage]} failed: ${text}`, where);
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  core.error(`Unexpected failure: ${message}`);
  core.debug(error instanceof Error ? (error.stack ?? message) : message);
  return message;
}

const stageTitle: Record<ActionError['stage'], string> = {
  inputs: 'Input validation',
  compile: 'Compile',
  build: 'Image build',
  login: 'Registry login',
  push: 'Push',
  report: 'Report',
  cleanup: 'Cleanup',
};

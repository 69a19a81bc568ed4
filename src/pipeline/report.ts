import * as runner from '../action/workflow-commands.js';
import type { BuildResult, ImageBuilder, PushResult } from '../builders/builder.js';
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
    runner.appendSummary(markdown);
  } catch (error) {
    runner.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

function setOutputs({ plan, build, push, partial }: RunState): void {
  runner.setOutput('image', plan?.image.name ?? '');
  runner.setOutput('tags', plan ? plan.refs.join('\n') : '');
  runner.setOutput('version', plan?.version ?? '');
  runner.setOutput('imageid', build?.imageId ?? '');
  runner.setOutput('digest', push?.digest ?? '');
  runner.setOutput('pushed', push ? 'true' : 'false');
  runner.setOutput('pushed-tags', (push?.pushed ?? partial).join('\n'));
  runner.setOutput(
    'platform-digests',
    (push?.platforms ?? []).map((p) => `${p.platform} ${p.digest}`).join('\n'),
  );
}

/** One ::error:: line that says what failed and what to do; never a raw stack. */
export function reportFailure(error: unknown): string {
  process.exitCode = runner.FAILURE_EXIT_CODE;
  if (error instanceof ActionError) {
    const text = error.hint ? `${error.message} ${error.hint}` : error.message;
    const where = error.annotation
      ? { file: error.annotation.file, startLine: error.annotation.line }
      : undefined;
    runner.error(`${stageTitle[error.stage]} failed: ${text}`, where);
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  runner.error(`Unexpected failure: ${message}`);
  runner.debug(error instanceof Error ? (error.stack ?? message) : message);
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

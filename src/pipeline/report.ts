import type { BuildResult, ImageBuilder, PushResult, RunShared } from '../builders/builder.js';
import { ActionError, InputError, wordHint } from '../core/errors.js';
import type { Io } from '../core/io.js';
import type { HeldTag } from './floating.js';
import type { Plan } from '../request/plan.js';
import { formatReference, type ImageName } from '../registry/reference.js';
import { renderSummary } from './summary.js';
import type { StageTimer } from './timing.js';
import type { Wording } from '../request/wording.js';

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
  /** The images after the first (the images input), and the references pushed to them. */
  further?: { images: ImageName[]; pushed: string[]; access?: Promise<void> };
  /** With verify: whether the image is what the commit builds (undefined: not compared). */
  verified?: boolean;
  /** What the run shares (its registry clients, closed at its end; its Dockerfiles). */
  shared?: RunShared;
}

/** The step's outputs (action.yml's outputs section), by name. */
export type Outputs = Record<string, string>;

/** Outputs always; the job summary once there is a plan to speak of. */
export async function report(state: RunState, io: Io): Promise<Outputs> {
  const outputs = outputsOf(state);
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
  if (!state.plan) return outputs;
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
    await io.summary(markdown);
  } catch (error) {
    io.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
  return outputs;
}

function outputsOf({ plan, build, push, partial, verified, further }: RunState): Outputs {
  const furtherRefs = (further?.images ?? []).flatMap((image) =>
    (plan?.tags ?? []).map((tag) => formatReference(image, tag)),
  );
  return {
    image: plan?.image.name ?? '',
    tags: plan ? plan.refs.join('\n') : '',
    version: plan?.version ?? '',
    imageid: build?.imageId ?? '',
    digest: push?.digest ?? '',
    pushed: push ? 'true' : 'false',
    'pushed-tags': [...(push?.pushed ?? partial), ...(further?.pushed ?? [])].join('\n'),
    images: [...(plan?.refs ?? []), ...furtherRefs].join('\n'),
    'platform-digests': (push?.platforms ?? build?.platforms ?? [])
      .map((p) => `${p.platform} ${p.digest}`)
      .join('\n'),
    ...subjectOutputs(plan, push),
    verified: verified === undefined ? '' : String(verified),
  };
}

/**
 * What actions/attest-build-provenance takes: the image name without a tag (Docker Hub
 * as index.docker.io, the name its attestations API expects) and the digest pushed.
 */
function subjectOutputs(plan: Plan | undefined, push: PushResult | undefined): Outputs {
  const pushed = plan !== undefined && push !== undefined && push.digest !== '';
  const name =
    plan?.image.registry === 'docker.io' ? `index.docker.io/${plan.image.path}` : plan?.image.name;
  return {
    'subject-name': pushed ? (name ?? '') : '',
    'subject-digest': pushed ? push.digest : '',
  };
}

/** One error annotation that says what failed and what to do; never a raw stack. */
export function reportFailure(error: unknown, io: Io, wording?: Wording): string {
  if (error instanceof ActionError) {
    // A bad value is named the way the user set it: an input, or a flag.
    const message =
      error instanceof InputError && wording
        ? `${wording.input(error.input)}: ${wordHint(error.detailWords, wording)}`
        : error.message;
    const hint = wordHint(error.hint, wording);
    const text = hint ? `${message} ${hint}` : message;
    // An error with a place says it in its message (LocatedError): the annotation points there.
    const where = error.annotation
      ? { file: error.annotation.file, startLine: error.annotation.line, named: true }
      : undefined;
    io.error(`${stageTitle[error.stage]} failed: ${text}`, where);
    return message;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.error(`Unexpected failure: ${message}`);
  io.debug(error instanceof Error ? (error.stack ?? message) : message);
  return message;
}

const stageTitle: Record<ActionError['stage'], string> = {
  inputs: 'Input validation',
  compile: 'Compile',
  build: 'Image build',
  verify: 'Verify',
  login: 'Registry login',
  push: 'Push',
  report: 'Report',
  cleanup: 'Cleanup',
};

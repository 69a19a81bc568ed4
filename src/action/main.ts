import * as runner from './workflow-commands.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Credentials, ImageBuilder } from '../builders/builder.js';
import { compileAndBuild } from '../pipeline/build-stage.js';
import { createBuilder, decideBuilder } from '../builders/choose.js';
import { readContext, type GitContext } from './context.js';
import { ActionError, PartialPushError } from '../pipeline/errors.js';
import { applyFloatingRule, listExistingTags } from '../pipeline/existing-tags.js';
import { getInputs, type Inputs } from './inputs.js';
import { makePlan, type Plan } from '../pipeline/plan.js';
import { report, reportFailure, type RunState } from '../pipeline/report.js';
import { maskSecrets } from '../util/secrets.js';
import { STATE } from './state.js';
import { StageTimer, timed, type Timed } from '../pipeline/timing.js';

/** The pipeline: validate, compile, build, log in, push, report. */
export async function run(): Promise<void> {
  // Mask before anything else can print, even before the inputs are validated.
  maskSecrets(process.env.INPUT_USERNAME?.trim() ?? '', process.env.INPUT_PASSWORD ?? '');
  runner.saveState(STATE.isPost, 'true');
  const state: RunState = { timer: new StageTimer(), held: [], partial: [] };
  try {
    const ctx = readContext();
    const inputs = getInputs(ctx.workspace);
    maskSecrets(inputs.username, inputs.password);
    const plan = validate(inputs, ctx);
    state.plan = plan;
    const builder = createBuilder(decideBuilder(inputs.builder, plan, ctx.workspace), {
      registry: plan.image.registry,
      tempDir: ctx.runnerTemp,
      retryTimeoutMs: inputs.retryTimeoutMs,
      compression: inputs.compression,
    });
    state.builder = builder;
    const checks = plan.push ? startRegistryChecks(builder, plan, inputs) : undefined;
    state.build = await compileAndBuild(inputs, plan, builder, ctx, state.timer);
    if (inputs.output) await writeArchive(builder, plan, inputs.output);
    if (checks) await publish(builder, plan, checks, state);
    else runner.info(`Nothing pushed: ${plan.noPushReason}.`);
  } catch (error) {
    state.failure = reportFailure(error);
    if (error instanceof PartialPushError) state.partial = error.pushed;
  } finally {
    state.builder?.dispose();
  }
  await report(state);
}

/** Everything decided before any work: the plan, checked for what pushing needs. */
function validate(inputs: Inputs, ctx: GitContext): Plan {
  const plan = makePlan(ctx, inputs, {
    now: new Date(),
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
  });
  for (const notice of plan.notices) runner.notice(notice);
  if (plan.push) requireCredentials(inputs);
  runner.info(`Image: ${plan.image.name}`);
  runner.info(`Tags: ${plan.tags.join(', ')}`);
  runner.info(plan.push ? 'Will push after the build.' : `Will not push: ${plan.noPushReason}.`);
  return plan;
}

async function writeArchive(builder: ImageBuilder, plan: Plan, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await builder.exportArchive(plan, path);
  runner.info(`Image archive written to ${path}`);
}

/** What the registry is asked while the program compiles and the image builds. */
interface RegistryChecks {
  /** The credential check (the login stage), and how long it took. */
  login: Promise<Timed<void>>;
  /** On a release, the tags the repository already has (for the floating rule). */
  existingTags: Promise<string[] | undefined>;
}

/**
 * Starts the credential check and, on a release, the tag listing at once, so that
 * they cost no time of their own. Their outcome is taken only after a good build:
 * errors are reported in the pipeline's order, compile and build first.
 */
function startRegistryChecks(builder: ImageBuilder, plan: Plan, inputs: Inputs): RegistryChecks {
  const credentials: Credentials = { username: inputs.username, password: inputs.password };
  const existingTags = listExistingTags(plan, credentials, inputs.retryTimeoutMs);
  // Awaited after a good build, or never: a failed build is the error to report.
  existingTags.catch(() => undefined);
  return { login: timed(() => builder.login(credentials, plan)), existingTags };
}

/** Log in, keep floating tags on newer releases, push. */
async function publish(
  builder: ImageBuilder,
  plan: Plan,
  checks: RegistryChecks,
  state: RunState,
): Promise<void> {
  await runner.group(`Log in to ${plan.image.registry}`, async () => {
    const login = await checks.login;
    state.timer.record('login', login.ms);
    if (!login.ok) throw login.error;
    runner.info(`Credentials accepted for ${plan.image.path} (checked during the build).`);
  });
  const floating = applyFloatingRule(plan, await checks.existingTags);
  state.held = floating.held;
  state.plan = floating.plan;
  const final = floating.plan;
  state.push = await state.timer.run('push', `Push ${final.image.name}`, () => builder.push(final));
  runner.info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
}

function requireCredentials(inputs: Inputs): void {
  const missing = [
    inputs.username ? undefined : 'username',
    inputs.password ? undefined : 'password',
  ].filter((name): name is string => name !== undefined);
  if (missing.length === 0) return;
  throw new ActionError(
    'inputs',
    `Pushing to ${inputs.registry} needs credentials, but ${missing.map((m) => `"${m}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty.`,
    'Create the repository secrets DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (Settings > Secrets and variables > Actions) and pass them as username: ${{ secrets.DOCKERHUB_USERNAME }} and password: ${{ secrets.DOCKERHUB_TOKEN }}. To build without pushing, set push: false.',
  );
}

import * as core from '@actions/core';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { BuildResult, ImageBuilder, PushResult } from './builder.js';
import { createBuilder, decideBuilder } from './choose-builder.js';
import { compile } from './compile.js';
import { readContext, type GitContext } from './context.js';
import { rememberTempDir } from './temp-dirs.js';
import {
  copyWorkspace,
  rebase,
  rebasePlan,
  removeWorkspaceCopy,
  targetVariables,
} from './platforms.js';
import { ActionError, PartialPushError } from './errors.js';
import { applyFloatingRule } from './existing-tags.js';
import type { HeldTag } from './floating.js';
import { getInputs, type Inputs } from './inputs.js';
import { makePlan, type Plan } from './plan.js';
import { maskSecrets } from './secrets.js';
import { STATE } from './state.js';
import { renderSummary, type Report } from './summary.js';
import { StageTimer } from './timing.js';

/** The pipeline: validate, compile, build, log in, push, report. */
export async function run(): Promise<void> {
  // Mask before anything else can print, even before the inputs are validated.
  maskSecrets(process.env.INPUT_USERNAME?.trim() ?? '', process.env.INPUT_PASSWORD ?? '');
  core.saveState(STATE.isPost, 'true');
  const timer = new StageTimer();
  let plan: Plan | undefined;
  let builder: ImageBuilder | undefined;
  let build: BuildResult | undefined;
  let push: PushResult | undefined;
  let failure: string | undefined;
  let held: HeldTag[] = [];
  let partial: string[] = [];
  try {
    const ctx = readContext();
    const inputs = getInputs(ctx.workspace);
    maskSecrets(inputs.username, inputs.password);
    plan = makePlan(ctx, inputs, {
      now: new Date(),
      sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    });
    for (const notice of plan.notices) core.notice(notice);
    if (plan.push) requireCredentials(inputs);
    announce(plan);

    const current = plan;
    const choice = decideBuilder(inputs.builder, current, ctx.workspace);
    builder = createBuilder(choice, current.image.registry, ctx.runnerTemp, inputs.retryTimeoutMs);
    const chosen = builder;
    build = await compileAndBuild(inputs, current, chosen, ctx, timer);
    if (inputs.output) {
      mkdirSync(dirname(inputs.output), { recursive: true });
      await chosen.exportArchive(current, inputs.output);
      core.info(`Image archive written to ${inputs.output}`);
    }
    if (current.push) {
      const credentials = { username: inputs.username, password: inputs.password };
      await timer.run('login', `Log in to ${current.image.registry}`, () =>
        chosen.login(credentials, current),
      );
      const floating = await applyFloatingRule(current, credentials, inputs.retryTimeoutMs);
      held = floating.held;
      plan = floating.plan;
      const final = floating.plan;
      push = await timer.run('push', `Push ${final.image.name}`, () => chosen.push(final));
      core.info(`Pushed ${push.pushed.join(', ')} (${push.digest})`);
    } else {
      core.info(`Nothing pushed: ${current.noPushReason}.`);
    }
  } catch (error) {
    failure = reportFailure(error);
    if (error instanceof PartialPushError) partial = error.pushed;
  } finally {
    builder?.dispose();
  }
  setOutputs(plan, build, push, partial);
  if (plan) {
    await writeSummary({
      plan,
      builder: builder?.name ?? 'none',
      build,
      push,
      held,
      times: timer.times,
      failure,
    });
  }
}

/**
 * Compile, then build. With the native builder and several platforms, once per
 * platform, each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
async function compileAndBuild(
  inputs: Inputs,
  plan: Plan,
  builder: ImageBuilder,
  ctx: GitContext,
  timer: StageTimer,
): Promise<BuildResult> {
  const perPlatform = builder.name === 'native' && plan.platforms.length > 1;
  const rounds = perPlatform ? plan.platforms : [plan.platforms[0]];
  let result: BuildResult | undefined;
  for (const platform of rounds) {
    const workspace = perPlatform ? copyWorkspace(ctx.workspace, ctx.runnerTemp) : ctx.workspace;
    if (perPlatform) rememberTempDir(workspace);
    const suffix = perPlatform ? ` for ${platform}` : '';
    try {
      if (inputs.buildCommand) {
        const request = {
          command: inputs.buildCommand,
          workingDirectory: rebase(inputs.workingDirectory, ctx.workspace, workspace),
          env: targetVariables(platform),
          timeoutMs: inputs.buildCommandTimeoutMs,
        };
        await timer.run('compile', `Compile${suffix}: ${inputs.buildCommand}`, () =>
          compile(request),
        );
      }
      const roundPlan = rebasePlan(plan, ctx.workspace, workspace);
      requireContext(roundPlan, workspace);
      result = await timer.run('build', `Build with ${builder.name}${suffix}`, () =>
        builder.build(roundPlan, platform),
      );
    } finally {
      if (perPlatform) removeWorkspaceCopy(workspace);
    }
  }
  return result!;
}

/** The context may be made by the build-command, so it is checked after it ran. */
function requireContext(plan: Plan, workspace: string): void {
  if (existsSync(plan.context) && statSync(plan.context).isDirectory()) return;
  const shown = relative(workspace, plan.context) || '.';
  throw new ActionError(
    'inputs',
    `Input "context": no directory at ${JSON.stringify(shown)}.`,
    'Set "context" to the directory, relative to the workspace, that holds the files the Dockerfile copies.',
  );
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

function announce(plan: Plan): void {
  core.info(`Image: ${plan.image.name}`);
  core.info(`Tags: ${plan.tags.join(', ')}`);
  core.info(plan.push ? 'Will push after the build.' : `Will not push: ${plan.noPushReason}.`);
}

function setOutputs(
  plan: Plan | undefined,
  build: BuildResult | undefined,
  push: PushResult | undefined,
  partial: string[],
): void {
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

async function writeSummary(report: Report): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(renderSummary(report), true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

/** One ::error:: line that says what failed and what to do; never a raw stack. */
function reportFailure(error: unknown): string {
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

import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { BuildResult, ImageBuilder } from '../builders/builder.js';
import { compile } from './compile.js';
import type { GitContext } from '../action/context.js';
import { ActionError } from './errors.js';
import type { Inputs } from '../action/inputs.js';
import type { Plan } from './plan.js';
import {
  copyWorkspace,
  rebase,
  rebasePlan,
  removeWorkspaceCopy,
  targetVariables,
} from '../image/platforms.js';
import { rememberTempDir } from '../util/leftovers.js';
import type { StageTimer } from './timing.js';

/**
 * Compile, then build. With the native builder and several platforms, once per
 * platform, each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
export async function compileAndBuild(
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

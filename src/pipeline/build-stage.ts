import { existsSync, statSync } from 'node:fs';
import type { BuildResult, ImageBuilder } from '../builders/builder.js';
import { compile } from './compile.js';
import { ActionError } from './errors.js';
import { currentIo } from './io.js';
import type { Plan } from './plan.js';
import {
  copyWorkspace,
  rebase,
  rebasePlan,
  removeWorkspaceCopy,
  targetVariables,
} from '../image/platforms.js';
import { rememberTempDir } from '../util/temp-dirs.js';
import type { RunRequest } from './run.js';
import type { StageTimer } from './timing.js';
import type { Wording } from './wording.js';

/**
 * Compile, then build. With the native builder and several platforms, once per
 * platform, each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
export async function compileAndBuild(
  { inputs, context: ctx, wording }: RunRequest,
  plan: Plan,
  builder: ImageBuilder,
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
      requireContext(roundPlan, wording, (p) => rebase(p, workspace, ctx.workspace));
      result = await timer.run('build', `Build with ${builder.name}${suffix}`, () =>
        currentIo().foreign(() => builder.build(roundPlan, platform)),
      );
    } finally {
      if (perPlatform) removeWorkspaceCopy(workspace);
    }
  }
  return result!;
}

/** The context may be made by the build-command, so it is checked after it ran. */
function requireContext(plan: Plan, wording: Wording, original: (path: string) => string): void {
  if (existsSync(plan.context) && statSync(plan.context).isDirectory()) return;
  const shown = wording.path(original(plan.context));
  throw new ActionError(
    'inputs',
    `${wording.input('context')}: no directory at ${JSON.stringify(shown)}.`,
    `Set ${wording.setting('context')} to the directory that holds the files the Dockerfile copies.`,
  );
}

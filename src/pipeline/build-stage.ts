import type { BuildResult, ImageBuilder } from '../builders/builder.js';
import { compile } from './compile.js';
import { failureOf } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { checkIgnoreFiles, checkPathInput, requireDirectory } from '../request/path-inputs.js';
import type { Plan } from '../request/plan.js';
import { copyWorkspace, rebase, rebasePlan, removeWorkspaceCopy } from '../fs/workspace-copy.js';
import { targetVariables } from '../image/platform.js';
import { rememberTempDir } from '../core/leftovers.js';
import type { RunRequest } from '../request/request.js';
import type { StageTimer } from './timing.js';

/**
 * Compile, then build. With several platforms, once per platform (whichever the
 * builder), each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
export async function compileAndBuild(
  { inputs, context: ctx, env }: RunRequest,
  plan: Plan,
  builder: ImageBuilder,
  timer: StageTimer,
  io: Io,
): Promise<BuildResult> {
  const perPlatform = plan.platforms.length > 1;
  const rounds = perPlatform ? plan.platforms : [plan.platforms[0]];
  let result: BuildResult | undefined;
  for (const platform of rounds) {
    const workspace = perPlatform ? copyWorkspace(ctx.workspace, ctx.runnerTemp) : ctx.workspace;
    if (perPlatform) rememberTempDir(io, workspace);
    const suffix = perPlatform ? ` for ${platform}` : '';
    try {
      if (inputs.buildCommand) {
        const workingDirectory = rebase(inputs.workingDirectory, ctx.workspace, workspace);
        requireDirectory('working-directory', workingDirectory, workspace);
        const request = {
          command: inputs.buildCommand,
          workingDirectory,
          stepEnv: env,
          env: targetVariables(platform),
          timeoutMs: inputs.buildCommandTimeoutMs,
        };
        await timer.run('compile', `Compile${suffix}: ${inputs.buildCommand}`, () =>
          compile(request, io),
        );
      }
      // The build-command may have made or replaced any of them: checked again.
      const roundPlan = rebasePlan(plan, ctx.workspace, workspace);
      requireDirectory('context', roundPlan.context, workspace);
      checkPathInput('dockerfile', roundPlan.dockerfile, workspace);
      checkIgnoreFiles(roundPlan.context, roundPlan.dockerfile, workspace);
      if (inputs.output !== '') checkPathInput('output', inputs.output, ctx.workspace);
      result = await timer.run('build', `Build with ${builder.name}${suffix}`, () =>
        io
          .foreign(() => builder.build(roundPlan, platform))
          .catch((error: unknown) => Promise.reject(failureOf('build', error))),
      );
    } finally {
      if (perPlatform) removeWorkspaceCopy(workspace);
    }
  }
  return result!;
}

/** The attestations' account of a run, from the git context and the inputs (see params.ts). */
import path from 'node:path';
import type { GitContext } from '../request/context.js';
import type { Inputs } from '../request/inputs.js';
import type { AttestParams } from '../image/attestations/params.js';
import type { ImageName } from '../registry/reference.js';

export function attestParams(
  ctx: GitContext,
  inputs: Inputs,
  o: { image: ImageName; epoch: number; tags: readonly string[] },
): AttestParams {
  const relative = (p: string): string =>
    path.relative(ctx.workspace, p).split(path.sep).join('/') || '.';
  // The commit's tag names the subjects: the same for a push, a matrix job and its merge.
  const commitTag = /^[0-9a-f]{7,}$/.test(ctx.sha) ? `sha-${ctx.sha.slice(0, 7)}` : undefined;
  return {
    title: ctx.repository.split('/').pop() || o.image.path.split('/').pop() || 'image',
    subjectTag: commitTag ?? o.tags[0] ?? 'latest',
    repository: ctx.repository,
    serverUrl: ctx.serverUrl,
    ref: ctx.ref,
    commit: ctx.sha,
    buildCommand: inputs.buildCommand,
    workingDirectory: relative(inputs.workingDirectory),
    context: relative(inputs.context),
    dockerfile: relative(inputs.dockerfile),
    target: inputs.target,
    buildArgs: inputs.buildArgs,
    labels: inputs.labels,
    platforms: inputs.platforms,
    builderInput: inputs.builder,
    epoch: o.epoch,
  };
}

/**
 * Verify: builds the checkout's commit with the native builder, pushes nothing, and
 * compares the result with a published image, platform by platform. The inputs the
 * image's provenance records (target, build-args, platforms) are taken from it, and the log
 * says so (its build-command is shown, never run); equal digests set `verified: true`, else the step fails
 * naming the first difference.
 */
import { compileAndBuild } from './build-stage.js';
import { ActionError, showValue } from '../core/errors.js';
import type { Io } from '../core/io.js';
import { makePlan } from '../request/plan.js';
import { credentialsFor } from '../request/registry-auth.js';
import type { RunState } from './report.js';
import type { RunRequest } from '../request/request.js';
import type { Stages } from './stages.js';
import { parseReference } from '../registry/reference.js';
import { formatPlatform, samePlatform } from '../image/platform.js';
import { describeDifference, firstDifference } from '../image/verify/compare.js';
import { readPublished, type RecordedInputs } from '../image/verify/published.js';

export async function verifyCommit(
  request: RunRequest,
  stages: Stages,
  state: RunState,
  io: Io,
): Promise<void> {
  const ref = request.inputs.verify;
  const parsed = parseReference(ref);
  // The run's credentials for that registry: the push credentials, or its registry-auth line.
  const credentials = credentialsFor(request.inputs, request.inputs.registryAuth);
  const client = state.shared!.clients.get(parsed.registry, credentials(parsed.registry), 'build');
  const published = await io.group(`Read ${ref}`, () =>
    readPublished(client, parsed.path, parsed.digest ?? parsed.tag ?? 'latest'),
  );
  const verifying = withRecordedInputs(request, published.recorded, ref, io);
  const plan = makePlan(verifying.context, verifying.inputs, verifying.clock);
  state.plan = plan;
  const builder = await stages.builder(verifying, plan, io, state.shared!);
  state.builder = builder;
  state.build = await compileAndBuild(verifying, plan, builder, state.timer, io);
  const built = builder.built?.();
  if (!built) throw new Error('verify needs the native builder');
  for (const image of built.images) {
    const theirs = published.platforms.find((p) => samePlatform(p.platform, image.platform));
    const platform = formatPlatform(image.platform);
    if (!theirs) {
      state.verified = false;
      throw new ActionError(
        'verify',
        `${ref} has no ${platform} image; it has ${published.platforms.map((p) => formatPlatform(p.platform)).join(', ')}.`,
      );
    }
    const mine = {
      manifestDigest: image.manifestDigest,
      config: image.config,
      layers: image.layers.map((l) => ({ ...l, open: () => built.open(l) })),
    };
    const d = await firstDifference(mine, theirs);
    if (d) {
      state.verified = false;
      throw new ActionError(
        'verify',
        `${ref} is not what this commit builds: ${platform}: ${describeDifference(d)}.`,
        'Check that the checkout is the commit the image was built from, with the same inputs.',
      );
    }
    io.info(`${platform}: ${image.manifestDigest}, the same as ${ref}`);
  }
  state.verified = true;
}

/** The request with the inputs the provenance records, each said where it came from. */
export function withRecordedInputs(
  request: RunRequest,
  recorded: RecordedInputs | undefined,
  ref: string,
  io: Io,
): RunRequest {
  const inputs = {
    ...request.inputs,
    builder: 'native' as const,
    push: 'false' as const,
    attestations: false,
  };
  let context = request.context;
  if (!recorded) {
    io.info(`${ref} has no provenance attestation: the inputs are this step's own.`);
    return { ...request, inputs, context };
  }
  const from = `from the provenance of ${ref}`;
  if (recorded.target !== undefined) inputs.target = recorded.target;
  if (recorded.platforms !== undefined) inputs.platforms = recorded.platforms;
  if (recorded.buildArgs !== undefined) {
    const given = new Map(request.inputs.buildArgs);
    const withheld = (recorded.withheld ?? []).map((k): [string, string] => [
      k,
      given.get(k) ?? '',
    ]);
    inputs.buildArgs = [...Object.entries(recorded.buildArgs), ...withheld];
  }
  if (recorded.ref) context = { ...context, ref: recorded.ref, pullRequest: undefined };
  // A command read from a registry never runs: anyone who can push the image wrote it.
  if (recorded.buildCommand !== undefined && recorded.buildCommand !== inputs.buildCommand) {
    io.warning(
      `The provenance of ${ref} records the build-command ${showValue(recorded.buildCommand)}, not this step's ${showValue(inputs.buildCommand)}: a command read from a registry is never run, so this step's runs. If you trust the recorded one, set it as this step's build-command.`,
    );
  }
  io.info(
    `Inputs ${from}: build-command ${showValue(inputs.buildCommand)}, target ${showValue(inputs.target)}, build-args ${inputs.buildArgs.map(([k]) => k).join(', ') || 'none'}, platforms ${inputs.platforms.join(', ') || "the runner's"}, ref ${showValue(context.ref)}.`,
  );
  return { ...request, inputs, context };
}

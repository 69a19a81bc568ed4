/**
 * The pipeline: validate, compile, build, log in, push, report. A function of a
 * request (what to do, decided by the action or the command line) and an Io (where
 * to say it); it reads no environment variable and writes nothing but through the Io.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Inputs } from '../request/inputs.js';
import type { Credentials, ImageBuilder } from '../builders/builder.js';
import { maskSecrets, maskValues } from '../core/secrets.js';
import { compileAndBuild } from './build-stage.js';
import { DOCKER_HUB_API } from '../registry/hub-limits.js';
import { ActionError, PartialPushError, type Stage } from '../core/errors.js';
import { describeOnHub } from './hub.js';
import { applyFloatingRule } from './floating.js';
import type { Io } from '../core/io.js';
import { mergeAndPush } from './merge.js';
import { makePlan, type Plan } from '../request/plan.js';
import { credentialsFor } from '../request/registry-auth.js';
import { furtherImages } from '../request/images.js';
import { report, reportFailure, type Outputs, type RunState } from './report.js';
import { StageTimer, timed, type Timed } from './timing.js';
import type { Wording } from '../request/wording.js';
import type { RunRequest } from '../request/request.js';
import type { Stages } from './stages.js';
import type { RegistryClients } from '../registry/clients.js';

export type { RunRequest };

export type { Stages };

export interface RunOutcome {
  ok: boolean;
  /** The stage that failed ('inputs': a value the user set is wrong), or a bug. */
  failed?: Stage | 'unexpected';
  outputs: Outputs;
}

/** The builders and the registry client are loaded only once a run needs them. */
export const realStages: Stages = {
  async builder(request, plan, io, shared) {
    const { createBuilder, decideBuilder } = await import('../builders/choose.js');
    const { inputs, context, wording, env } = request;
    return createBuilder(decideBuilder(inputs.builder, plan, wording, shared.dockerfiles), {
      registry: plan.image.registry,
      tempDir: context.runnerTemp,
      retryTimeoutMs: inputs.retryTimeoutMs,
      compression: inputs.compression,
      credentials: credentialsFor(
        { ...inputs, registry: plan.image.registry },
        inputs.registryAuth,
      ),
      io,
      env,
      shared,
    });
  },
  async shared(retryMs, io) {
    const { RegistryClients } = await import('../registry/clients.js');
    const { DockerfileReader } = await import('../dockerfile/source.js');
    return {
      clients: new RegistryClients({ logger: io, totalTimeoutMs: retryMs }),
      dockerfiles: new DockerfileReader(),
    };
  },
  hubApi: DOCKER_HUB_API,
  async registry(plan, credentials, clients) {
    return clients.get(plan.image.registry, credentials);
  },
  async existingTags(plan, credentials, clients, io) {
    const { listExistingTags } = await import('./existing-tags.js');
    return listExistingTags(plan, clients.get(plan.image.registry, credentials), io);
  },
};

export async function run(
  request: RunRequest,
  io: Io,
  stages: Stages = realStages,
): Promise<RunOutcome> {
  const state: RunState = { timer: new StageTimer(io), held: [], partial: [] };
  let failed: RunOutcome['failed'];
  try {
    await pipeline(request, stages, state, io);
  } catch (error) {
    state.failure = reportFailure(error, io, request.wording);
    failed = error instanceof ActionError ? error.stage : 'unexpected';
    if (error instanceof PartialPushError) state.partial = error.pushed;
  } finally {
    state.builder?.dispose();
    state.shared?.clients.close();
  }
  return { ok: failed === undefined, failed, outputs: await report(state, io) };
}

/** A run that failed before its request could be made (a bad input): reported the same way. */
export async function failBeforeRun(error: unknown, io: Io): Promise<RunOutcome> {
  const state: RunState = { timer: new StageTimer(io), held: [], partial: [] };
  state.failure = reportFailure(error, io);
  const failed = error instanceof ActionError ? error.stage : 'unexpected';
  return { ok: false, failed, outputs: await report(state, io) };
}

async function pipeline(request: RunRequest, stages: Stages, state: RunState, io: Io) {
  const { inputs } = request;
  maskSecrets(io, inputs.username, inputs.password);
  for (const entry of inputs.registryAuth) maskSecrets(io, entry.username, entry.password);
  maskValues(
    io,
    inputs.secrets.map(([, value]) => value),
  );
  const shared = await (stages.shared ?? realStages.shared!)(inputs.retryTimeoutMs, io);
  state.shared = shared;
  if (inputs.verify) {
    const { verifyCommit } = await import('./verify.js');
    return verifyCommit(request, stages, state, io);
  }
  const plan = validate(request, io);
  state.plan = plan;
  const lookup = credentialsFor({ ...inputs, registry: plan.image.registry }, inputs.registryAuth);
  const further = furtherImages(
    inputs.images,
    plan.image,
    request.context.repository,
    plan.push ? lookup : undefined,
  );
  state.further = { images: further, pushed: [] };
  if (plan.push && further.length > 0) {
    const { checkFurtherAccess } = await import('./mirror.js');
    const access = checkFurtherAccess(plan.image, further, lookup, shared.clients, io);
    // Awaited before the first push, or never: a failed build is the error to report.
    access.catch(() => undefined);
    state.further.access = access;
  }
  if (plan.merge.length > 0) await merge(request, plan, stages, state, io);
  else await buildAndPush(request, plan, stages, state, io);
  if (state.push && state.plan && further.length > 0) {
    const { pushToFurtherImages } = await import('./mirror.js');
    const { images, pushed } = state.further;
    await pushToFurtherImages(state.plan, state.push, images, lookup, shared.clients, pushed, io);
  }
  // Only once the image is pushed (a pull request or push: false never describes it), and
  // by the job that publishes it: a matrix job's platform tags are not the image yet.
  if (state.push && state.plan && !plan.platformTags) {
    await describeOnHub(request, state.plan, stages.hubApi, io);
  }
}

async function buildAndPush(
  request: RunRequest,
  plan: Plan,
  stages: Stages,
  state: RunState,
  io: Io,
) {
  const { inputs } = request;
  const builder = await stages.builder(request, plan, io, state.shared!);
  state.builder = builder;
  const checks = plan.push
    ? startRegistryChecks(builder, plan, inputs, stages, state.shared!.clients, io)
    : undefined;
  state.build = await compileAndBuild(request, plan, builder, state.timer, io);
  if (inputs.output) await writeArchive(builder, plan, inputs.output, request.wording, io);
  if (checks) await publish(builder, plan, checks, state, io);
  else io.info(`Nothing pushed: ${plan.noPushReason}.`);
}

/** A merge job: nothing built, one index of the matrix's platform tags pushed. */
async function merge(request: RunRequest, plan: Plan, stages: Stages, state: RunState, io: Io) {
  const { inputs, context } = request;
  if (!plan.push) {
    io.info(`Nothing merged or pushed: ${plan.noPushReason}.`);
    return;
  }
  const credentials = { username: inputs.username, password: inputs.password };
  await mergeAndPush(plan, context.sha, credentials, stages, state, io);
}

/** Everything decided before any work: the plan, checked for what pushing needs. */
function validate({ inputs, context, clock, wording }: RunRequest, io: Io): Plan {
  const made = makePlan(context, inputs, clock);
  const plan = inputs.push === 'false' ? { ...made, noPushReason: wording.pushOff } : made;
  for (const notice of plan.notices) io.notice(notice);
  if (plan.push) requireCredentials(inputs, wording);
  io.info(`Image: ${plan.image.name}`);
  io.info(`Tags: ${plan.tags.join(', ')}`);
  const after = plan.merge.length > 0 ? 'reading the platform tags' : 'the build';
  io.info(plan.push ? `Will push after ${after}.` : `Will not push: ${plan.noPushReason}.`);
  return plan;
}

async function writeArchive(
  builder: ImageBuilder,
  plan: Plan,
  path: string,
  wording: Wording,
  io: Io,
): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await io.foreign(() => builder.exportArchive(plan, path));
  io.info(`Image archive written to ${wording.path(path)}`);
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
function startRegistryChecks(
  builder: ImageBuilder,
  plan: Plan,
  inputs: Inputs,
  stages: Stages,
  clients: RegistryClients,
  io: Io,
): RegistryChecks {
  const credentials: Credentials = { username: inputs.username, password: inputs.password };
  // Platform tags are no release's tags: the floating rule does not apply to them.
  const existingTags = plan.platformTags
    ? Promise.resolve(undefined)
    : stages.existingTags(plan, credentials, clients, io);
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
  io: Io,
): Promise<void> {
  await io.group(`Log in to ${plan.image.registry}`, async () => {
    const login = await checks.login;
    state.timer.record('login', login.ms);
    if (!login.ok) throw login.error;
    io.info(`Credentials accepted for ${plan.image.path} (checked during the build).`);
    await state.further?.access;
  });
  const existing = await checks.existingTags.catch(() => undefined);
  const floating = applyFloatingRule(plan, existing, io);
  state.held = floating.held;
  state.plan = floating.plan;
  const final = floating.plan;
  state.push = await state.timer.run('push', `Push ${final.image.name}`, () =>
    io.foreign(() => builder.push(final)),
  );
  io.info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
}

function requireCredentials(inputs: Inputs, wording: Wording): void {
  const missing = [
    inputs.username ? undefined : 'username',
    inputs.password ? undefined : 'password',
  ].filter((name): name is string => name !== undefined);
  if (missing.length === 0) return;
  throw new ActionError(
    'inputs',
    `Pushing to ${inputs.registry} needs credentials, but ${missing.map((m) => wording.setting(m)).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty.`,
    'Create the repository secrets DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (Settings > Secrets and variables > Actions) and pass them as username: ${{ secrets.DOCKERHUB_USERNAME }} and password: ${{ secrets.DOCKERHUB_TOKEN }}. To build without pushing, set push: false.',
  );
}

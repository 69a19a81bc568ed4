import { asImagesLine } from './images.js';
import type { GitContext } from './context.js';
import type { Inputs } from './inputs.js';
import { hostPlatform, parsePlatform } from '../image/platform.js';
import { platformTag } from '../image/merge-index.js';
import { formatPlatform } from '../image/platform.js';
import { formatReference, resolveImageName, type ImageName } from '../registry/reference.js';
import type { TagVariant } from '../registry/tag-variant.js';
import { checkPathInputs } from './path-inputs.js';
import { InputError } from '../core/errors.js';
import { computeTags, type SemVer } from './tags.js';
import { attestParams } from './attest-params.js';
import type { AttestParams } from '../image/attestations/params.js';

/**
 * Everything decided before any work is done, from the context and the inputs; the
 * only file system access is checking where the path inputs lead.
 */
export interface Plan {
  image: ImageName;
  tags: string[];
  /** The tag variant (prefix, suffix, sha length) every tag is in. */
  variant: TagVariant;
  /** Full references, one per tag. */
  refs: string[];
  version: string;
  semver: SemVer | undefined;
  push: boolean;
  /** Why nothing is pushed, when push is false. */
  noPushReason: string | undefined;
  context: string;
  dockerfile: string;
  target: string;
  buildArgs: Array<[string, string]>;
  /** Build secrets [id, value] for RUN --mount=type=secret: the engine's BuildKit only. */
  secrets: Array<[string, string]>;
  /** The engine reads and writes BuildKit's inline cache in the registry. */
  cache: boolean;
  labels: Array<[string, string]>;
  /** OCI annotations of every image manifest and of the index: never an empty value. */
  annotations: Array<[string, string]>;
  platforms: string[];
  /** Each platform is pushed only under its platform tag (`tags`, in the order of `platforms`). */
  platformTags: boolean;
  /** The platforms a merge job makes one index of; [] for a run that builds. */
  merge: string[];
  /** After a merge, remove the platform tags it read, where the registry allows it. */
  deletePlatformTags: boolean;
  /** Seconds since the epoch used for `created` and file times. */
  epoch: number;
  notices: string[];
  /** What the attestations of a push say; undefined when they are off. */
  attest: AttestParams | undefined;
}

export interface Clock {
  now: Date;
  /** SOURCE_DATE_EPOCH, when the environment sets it. */
  sourceDateEpoch: string | undefined;
}

export function makePlan(ctx: GitContext, inputs: Inputs, clock: Clock): Plan {
  checkPathInputs(inputs, ctx.workspace);
  const resolve = () =>
    resolveImageName({
      image: inputs.image,
      registry: inputs.registry,
      username: inputs.username,
      repository: ctx.repository,
    });
  // With images, the image built is its first line.
  const { image, notices } = inputs.images.length > 0 ? asImagesLine(0, resolve) : resolve();
  const variant = inputs.tagVariant;
  const computed = computeTags(ctx, { extraTags: inputs.tags, latest: inputs.latest, variant });
  const { version, semver } = computed;
  const platforms = inputs.platformTags ? matrixPlatforms(inputs) : inputs.platforms;
  const tags = inputs.platformTags ? platformTags(ctx, platforms, variant) : computed.tags;
  const { push, noPushReason } = pushDecision(ctx, inputs);
  const epoch = sourceDateEpoch(ctx, clock);
  const oci = ociLabels(ctx, version, epoch);
  const attest = inputs.attestations
    ? attestParams(ctx, inputs, { image, epoch, tags: computed.tags })
    : undefined;
  return {
    image,
    tags,
    variant,
    refs: tags.map((tag) => formatReference(image, tag)),
    version,
    semver,
    push,
    noPushReason,
    context: inputs.context,
    dockerfile: inputs.dockerfile,
    target: inputs.target,
    buildArgs: inputs.buildArgs,
    secrets: inputs.secrets,
    cache: inputs.cache,
    labels: mergeLabels(oci, inputs.labels),
    annotations: mergeLabels(
      undatedMerge(ctx, inputs, clock) ? undated(oci) : oci,
      inputs.annotations,
    ),
    platforms,
    platformTags: inputs.platformTags,
    merge: inputs.merge,
    deletePlatformTags: inputs.deletePlatformTags,
    epoch,
    notices,
    attest,
  };
}

/** A matrix job's platforms: the platforms input, else the runner's own. */
function matrixPlatforms(inputs: Inputs): string[] {
  return inputs.platforms.length > 0 ? inputs.platforms : [formatPlatform(hostPlatform())];
}

/** `sha-1a2b3c4-linux-arm64` per platform: where a matrix job pushes, and nowhere else. */
function platformTags(
  ctx: GitContext,
  platforms: readonly string[],
  variant: TagVariant,
): string[] {
  if (!/^[0-9a-f]{7,}$/.test(ctx.sha)) {
    throw new InputError(
      'platform-tags',
      'needs the commit being built, to name the platform tags, and this run has none.',
      'Run it on a commit (GITHUB_SHA, or a git repository with a commit).',
    );
  }
  return platforms.map((p) => platformTag(ctx.sha, parsePlatform(p), variant));
}

function pushDecision(
  ctx: GitContext,
  inputs: Inputs,
): { push: boolean; noPushReason: string | undefined } {
  if (inputs.push === 'true') return { push: true, noPushReason: undefined };
  if (inputs.push === 'false') {
    return { push: false, noPushReason: 'the push input is false' };
  }
  if (ctx.pullRequest) {
    return {
      push: false,
      noPushReason: `this is pull request #${ctx.pullRequest.number}: images are built, not pushed`,
    };
  }
  return { push: true, noPushReason: undefined };
}

/**
 * SOURCE_DATE_EPOCH when set, else the commit time from the event, else now:
 * the same commit then gives the same `created` label.
 */
export function sourceDateEpoch(ctx: GitContext, clock: Clock): number {
  const fromEnv = clock.sourceDateEpoch?.trim();
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  const time = ctx.commitTime ?? clock.now;
  return Math.floor(time.getTime() / 1000);
}

/**
 * The OCI annotations docker/metadata-action sets, from the git context and the event's
 * repository object (its description and license). They override the labels of the
 * Dockerfile and its base image (as `docker build --label` does), so one that the context
 * cannot fill (no commit outside a git repository, no web address) is left out: an empty
 * value never replaces the Dockerfile's.
 */
export function ociLabels(
  ctx: GitContext,
  version: string,
  epoch: number,
): Array<[string, string]> {
  const title = ctx.repository.split('/').pop() ?? ctx.repository;
  // Without a server, the repository has no address: no source or url rather than a guess.
  const info = ctx.repositoryInfo ?? {};
  const url = ctx.serverUrl ? `${ctx.serverUrl}/${ctx.repository}` : info.htmlUrl;
  const labels: Array<[string, string | undefined]> = [
    ['org.opencontainers.image.created', new Date(epoch * 1000).toISOString()],
    ['org.opencontainers.image.description', info.description],
    ['org.opencontainers.image.licenses', info.license],
    ['org.opencontainers.image.revision', ctx.sha],
    ['org.opencontainers.image.source', url],
    ['org.opencontainers.image.title', title],
    ['org.opencontainers.image.url', url],
    ['org.opencontainers.image.version', version],
  ];
  return labels.filter(
    (label): label is [string, string] => label[1] !== undefined && label[1] !== '',
  );
}

/**
 * A merge with neither SOURCE_DATE_EPOCH nor a commit time: its index is not dated (the
 * clock would give each run of one commit another digest).
 */
function undatedMerge(ctx: GitContext, inputs: Inputs, clock: Clock): boolean {
  return (
    inputs.merge.length > 0 && !/^\d+$/.test(clock.sourceDateEpoch?.trim() ?? '') && !ctx.commitTime
  );
}

function undated(labels: Array<[string, string]>): Array<[string, string]> {
  return labels.filter(([key]) => key !== 'org.opencontainers.image.created');
}

/** User labels override the generated ones with the same key. */
function mergeLabels(
  generated: Array<[string, string]>,
  user: Array<[string, string]>,
): Array<[string, string]> {
  const merged = new Map(generated);
  for (const [key, value] of user) merged.set(key, value);
  return [...merged];
}

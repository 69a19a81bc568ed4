/**
 * The merge job of a build matrix: builds nothing. Reads the platform tags of this commit
 * that the matrix jobs pushed (platform-tags: true), and pushes one OCI image index of
 * them under the normal tags, with the floating rule of any release. No blob is copied.
 */
import type { Credentials, PushResult } from '../builders/builder.js';
import { parsePlatform } from '../image/platform.js';
import { MEDIA_TYPES, sha256Digest } from '../image/image.js';
import { mergePlatformTags, type ManifestReader, type MergedIndex } from '../image/merge-index.js';
import { formatPlatform } from '../image/platform.js';
import { putUnderTags } from '../registry/tag-push.js';
import { applyFloatingRule } from './floating.js';
import { removePlatformTags, type TagRemover } from './platform-tag-cleanup.js';
import type { Io } from '../core/io.js';
import type { Plan } from '../request/plan.js';
import type { RunState } from './report.js';
import { timed } from './timing.js';
import type { RegistryClients } from '../registry/clients.js';

/** What the merge asks of the registry: the registry client's methods of these names. */
export interface IndexRegistry extends ManifestReader, TagRemover {
  checkPushAccess(repo: string): Promise<void>;
  putManifest(repo: string, reference: string, body: Buffer, mediaType: string): Promise<unknown>;
  close(): void;
}

/** Where the merge's registry and tag listing come from (the pipeline's Stages). */
export interface MergeStages {
  /** The origin of Docker Hub's web API (platform tags deleted, the repository's page). */
  hubApi: string;
  /** The run's client for the image's registry, with these credentials. */
  registry(plan: Plan, credentials: Credentials, clients: RegistryClients): Promise<IndexRegistry>;
  /** On a release, the tags the repository already has (undefined: unknown). */
  existingTags(
    plan: Plan,
    credentials: Credentials,
    clients: RegistryClients,
    io: Io,
  ): Promise<string[] | undefined>;
}

/** Logs in, reads and checks every platform tag, then pushes the index under every tag. */
export async function mergeAndPush(
  plan: Plan,
  sha: string,
  credentials: Credentials,
  stages: MergeStages,
  state: RunState,
  io: Io,
): Promise<void> {
  const clients = state.shared!.clients;
  const registry = await stages.registry(plan, credentials, clients);
  try {
    const existing = stages.existingTags(plan, credentials, clients, io);
    existing.catch(() => undefined);
    await io.group(`Log in to ${plan.image.registry}`, async () => {
      const login = await timed(() => registry.checkPushAccess(plan.image.path));
      state.timer.record('login', login.ms);
      if (!login.ok) throw login.error;
      io.info(`Credentials accepted for ${plan.image.path}.`);
    });
    let merged: MergedIndex | undefined;
    state.push = await state.timer.run('push', `Merge and push ${plan.image.name}`, async () => {
      merged = await readPlatformTags(registry, plan, sha, io);
      const floating = applyFloatingRule(plan, await existing.catch(() => undefined), io);
      state.held = floating.held;
      state.plan = floating.plan;
      return pushIndex(registry, floating.plan, merged);
    });
    io.info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
    if (plan.deletePlatformTags && merged) {
      await removePlatformTags(state.plan!, merged, registry, credentials, stages.hubApi, io);
    }
  } finally {
    registry.close();
  }
}

/** Every platform tag of the commit, read and checked, as one index. */
async function readPlatformTags(
  registry: IndexRegistry,
  plan: Plan,
  sha: string,
  io: Io,
): Promise<MergedIndex> {
  const platforms = plan.merge.map((p) => parsePlatform(p));
  const merged = await mergePlatformTags(
    registry,
    plan.image.path,
    sha,
    platforms,
    plan.variant,
    plan.annotations,
  );
  for (const p of merged.platforms) {
    io.info(`${formatPlatform(p.platform)}: ${p.digest} (${p.tag})`);
  }
  return merged;
}

/** The index under every tag of the plan, in order; a failure names the tags updated. */
async function pushIndex(
  registry: IndexRegistry,
  plan: Plan,
  merged: MergedIndex,
): Promise<PushResult> {
  const pushed = await putUnderTags(plan.tags, plan.refs, (tag) =>
    registry.putManifest(plan.image.path, tag, merged.index, MEDIA_TYPES.index),
  );
  return {
    digest: sha256Digest(merged.index),
    pushed,
    uploadedBytes: 0,
    size: merged.platforms.reduce((n, p) => n + p.imageSize, 0),
    platforms: merged.platforms.map((p) => ({
      platform: formatPlatform(p.platform),
      digest: p.digest,
      size: p.imageSize,
    })),
  };
}

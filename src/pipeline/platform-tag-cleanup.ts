/**
 * After a merge (delete-platform-tags: true): the platform tags the index was made of
 * are removed where the registry removes a tag alone. Docker Hub through its web API;
 * other registries through the OCI tag DELETE, which distribution 2.x refuses (it deletes
 * manifests by digest only, and those the index needs). A tag the registry will not
 * remove stays, with a warning; the pushed image is never the price.
 */
import type { Credentials } from '../builders/builder.js';
import type { MergedIndex } from '../image/merge-index.js';
import type { FetchedManifest } from '../registry/types.js';
import type { TagDeletion } from '../registry/tag-delete.js';
import { ActionError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import type { Plan } from '../request/plan.js';

const DOCKER_HUB = 'docker.io';

/** An image the pushed index names is gone and could not be put back: the run fails. */
class BrokenIndexError extends ActionError {}

/** What the cleanup asks of the registry: the registry client's methods of these names. */
export interface TagRemover {
  deleteTag(repo: string, tag: string): Promise<TagDeletion>;
  headManifest(repo: string, reference: string): Promise<{ digest: string } | undefined>;
  getManifest(repo: string, reference: string): Promise<FetchedManifest>;
  putManifest(repo: string, reference: string, body: Buffer, mediaType: string): Promise<unknown>;
}

export async function removePlatformTags(
  plan: Plan,
  merged: MergedIndex,
  registry: TagRemover,
  credentials: Credentials,
  hubApi: string,
  io: Io,
): Promise<void> {
  // A platform tag that is also one of the image's own tags now names the index: kept.
  const tags = [...new Set(merged.platforms.map((p) => p.tag))].filter(
    (tag) => !plan.tags.includes(tag),
  );
  if (tags.length === 0) return;
  await io.group(`Delete the platform tags of ${plan.image.name}`, async () => {
    try {
      if (plan.image.registry === DOCKER_HUB) await onHub(plan, tags, credentials, hubApi, io);
      else await onRegistry(plan, merged, tags, registry, io);
    } catch (error) {
      if (error instanceof BrokenIndexError) throw error;
      io.warning(
        `The index was pushed, but its platform tags were not deleted: ${(error as Error).message}`,
      );
    }
  });
}

async function onHub(plan: Plan, tags: string[], credentials: Credentials, api: string, io: Io) {
  const { deleteHubTags } = await import('../registry/hub-tags.js');
  const results = await deleteHubTags(plan.image.path, tags, {
    username: credentials.username,
    password: credentials.password,
    setSecret: (secret) => io.setSecret(secret),
    api,
  });
  const left = tags.filter((tag) => results.get(tag)?.outcome === 'refused');
  report(
    tags.filter((tag) => !left.includes(tag)),
    io,
  );
  if (left.length > 0) {
    const status = results.get(left[0]!) as { status: number };
    io.warning(
      `Docker Hub did not delete ${left.join(', ')} (HTTP ${status.status}): deleting a tag needs a personal access token with the "Read, Write, Delete" permission. The tags were left; the index is pushed.`,
    );
  }
}

async function onRegistry(
  plan: Plan,
  merged: MergedIndex,
  tags: string[],
  registry: TagRemover,
  io: Io,
) {
  const repo = plan.image.path;
  // Read before any delete: to put back an image a registry dropped along with its tag.
  const images = await Promise.all(
    merged.platforms.map((p) => registry.getManifest(repo, p.digest)),
  );
  const deleted: string[] = [];
  try {
    for (const tag of tags) {
      const result = await registry.deleteTag(repo, tag);
      if (result.outcome === 'refused') {
        return refused(plan, tags.slice(deleted.length), result, io);
      }
      deleted.push(tag);
    }
  } finally {
    report(deleted, io);
    // Also after a failed delete: whatever the registry did, the index must stay whole.
    await keepIndexWhole(plan, images, registry, io);
  }
}

function report(deleted: readonly string[], io: Io) {
  if (deleted.length > 0) io.info(`Deleted the platform tags ${deleted.join(', ')}.`);
}

function refused(
  plan: Plan,
  left: readonly string[],
  r: { status: number; code?: string },
  io: Io,
) {
  const why = `HTTP ${r.status}${r.code ? ` ${r.code}` : ''}`;
  io.warning(
    `${plan.image.registry} does not delete a tag alone (${why}), so the platform tags ${left.join(', ')} were left: a registry such as distribution 2.x deletes only manifests by digest, which would remove the images the index names. Remove them with the registry's own tools, or leave delete-platform-tags off for this registry.`,
  );
}

/**
 * Every image the index names must still be served. A registry that dropped one along
 * with its tag gets it back (its blobs are still there); if it will not take it, the
 * run fails, naming what to push again.
 */
async function keepIndexWhole(plan: Plan, images: FetchedManifest[], registry: TagRemover, io: Io) {
  const repo = plan.image.path;
  for (const image of images) {
    if ((await registry.headManifest(repo, image.digest))?.digest === image.digest) continue;
    io.warning(
      `${plan.image.registry} removed the image ${image.digest} with its platform tag, though the index names it: it is pushed again.`,
    );
    try {
      await registry.putManifest(repo, image.digest, image.body, image.mediaType);
    } catch (error) {
      throw new BrokenIndexError(
        'push',
        `${plan.image.registry} removed the image ${image.digest}, which the index names, with its platform tag, and refused it back (${(error as Error).message}).`,
        'Run the matrix jobs and the merge again, with delete-platform-tags off for this registry.',
      );
    }
  }
}

/**
 * The same image in further registries: once the first image is pushed, its manifests
 * (the index, each platform's manifest, byte for byte, so the same digests) and their
 * blobs are copied from it to every further image, then tagged with the same tags. Blobs
 * a registry has are skipped, blobs in the same registry mounted, others streamed across.
 * A failure says which images hold the tags and which do not.
 */
import { PassThrough, type Readable } from 'node:stream';
import { ActionError, PartialPushError } from '../core/errors.js';
import type { Io } from '../core/io.js';
import type { PushResult } from '../builders/builder.js';
import type { Plan } from '../request/plan.js';
import type { CredentialsFor } from '../request/registry-auth.js';
import type { RegistryClient } from '../registry/client.js';
import type { RegistryClients } from '../registry/clients.js';
import { formatReference, type ImageName } from '../registry/reference.js';

interface Descriptor {
  digest: string;
  size: number;
}

interface ManifestJson {
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

class Copier {
  constructor(
    private readonly source: ImageName,
    private readonly credentialsFor: CredentialsFor,
    /** The run's clients: the image's registry is the one the push used. */
    private readonly clients: RegistryClients,
    /** The run's Io. */
    readonly io: Io,
  ) {}

  client(registry: string): RegistryClient {
    return this.clients.get(registry, this.credentialsFor(registry));
  }

  /** Copies the manifest `reference` (and what it refers to) to `target`; its bytes. */
  async copyManifest(target: ImageName, reference: string, byDigest: boolean): Promise<Buffer> {
    const from = this.client(this.source.registry);
    const fetched = await from.getManifest(this.source.path, reference);
    const json = JSON.parse(fetched.body.toString('utf8')) as ManifestJson;
    for (const child of json.manifests ?? []) await this.copyManifest(target, child.digest, true);
    const blobs = [...(json.config ? [json.config] : []), ...(json.layers ?? [])];
    await Promise.all(blobs.map((blob) => this.copyBlob(target, blob)));
    if (byDigest) {
      const to = this.client(target.registry);
      await to.putManifest(target.path, fetched.digest, fetched.body, fetched.mediaType);
    }
    return fetched.body;
  }

  private async copyBlob(target: ImageName, blob: Descriptor): Promise<void> {
    const from = this.client(this.source.registry);
    const sameRegistry = target.registry === this.source.registry;
    await this.client(target.registry).pushBlob(
      target.path,
      {
        digest: blob.digest,
        size: blob.size,
        open: () => {
          const pass = new PassThrough();
          from.getBlob(this.source.path, blob.digest).then(
            (stream) => (stream as Readable).pipe(pass),
            (error: Error) => pass.destroy(error),
          );
          return pass;
        },
      },
      sameRegistry ? { mountFrom: this.source.path } : {},
    );
  }
}

/**
 * Checks that every further image may be pushed to (credentials and rights), while the
 * image builds: a refusal fails the step before anything is pushed anywhere.
 */
export async function checkFurtherAccess(
  source: ImageName,
  targets: readonly ImageName[],
  credentialsFor: CredentialsFor,
  clients: RegistryClients,
  io: Io,
): Promise<void> {
  const copier = new Copier(source, credentialsFor, clients, io);
  for (const target of targets) await copier.client(target.registry).checkPushAccess(target.path);
}

/**
 * Pushes what `push` put under the plan's tags to every further image, adding each
 * reference to `done` once it is there. Throws a PartialPushError naming where the tags are.
 */
export async function pushToFurtherImages(
  plan: Plan,
  push: PushResult,
  targets: readonly ImageName[],
  credentialsFor: CredentialsFor,
  clients: RegistryClients,
  done: string[],
  io: Io,
): Promise<void> {
  const copier = new Copier(plan.image, credentialsFor, clients, io);
  const tags = push.pushed.map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
  for (const target of targets) {
    try {
      await io.group(`Push ${target.name}`, () => pushTo(copier, plan, target, tags, done));
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      const all = [plan.image, ...targets].flatMap((t) =>
        tags.map((tag) => formatReference(t, tag)),
      );
      const held = [...push.pushed, ...done];
      throw new PartialPushError(
        new ActionError(
          'push',
          `Pushing to ${target.name} failed: ${error.message} The image (${push.digest}) is in ${[
            plan.image,
            ...targets,
          ]
            .filter((t) => held.some((r) => r.startsWith(`${t.name}:`)))
            .map((t) => t.name)
            .join(', ')}.`,
          error.hint,
        ),
        held,
        all.filter((ref) => !held.includes(ref)),
      );
    }
  }
}

async function pushTo(
  copier: Copier,
  plan: Plan,
  target: ImageName,
  tags: readonly string[],
  done: string[],
): Promise<void> {
  const to = copier.client(target.registry);
  await to.checkPushAccess(target.path);
  const copied = new Map<string, Buffer>();
  for (const tag of tags) {
    // A tag's manifest is copied once per digest (every tag names one image but platform tags).
    const fetched = await copier.client(plan.image.registry).headManifest(plan.image.path, tag);
    if (!fetched) throw new ActionError('push', `${formatReference(plan.image, tag)} is gone.`);
    let body = copied.get(fetched.digest);
    if (!body) {
      body = await copier.copyManifest(target, fetched.digest, false);
      copied.set(fetched.digest, body);
    }
    await to.putManifest(target.path, tag, body, fetched.mediaType);
    done.push(formatReference(target, tag));
  }
  copier.io.info(`Pushed ${tags.map((tag) => formatReference(target, tag)).join(', ')}`);
}

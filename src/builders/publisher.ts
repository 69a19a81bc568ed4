import { log as runner } from '../core/io.js';
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { Credentials, PushResult } from '../builders/builder.js';
import { pushFailure } from '../core/errors.js';
import type { Plan } from '../request/plan.js';
import type { CredentialsFor } from '../request/registry-auth.js';
import { RegistryClient } from '../registry/client.js';
import { formatPlatform, parsePlatform, samePlatform } from '../image/platform.js';
import { serializeIndex, sha256Digest } from '../image/image.js';
import { writeImageArchive } from '../image/archive.js';
import type { BuiltImage, BuiltLayer } from '../image/built-image.js';

/**
 * Publishes images held as OCI manifests with their blobs on disk (what the native
 * builder makes, and what the Docker builder imports from the engine) with our own
 * registry client: blobs the registry has are skipped, base layers mounted or streamed
 * across, then the manifest (or, for several platforms, an index) under every tag.
 */
export class ImagePublisher {
  private readonly clients = new Map<string, RegistryClient>();
  private credentials: Credentials | undefined;
  readonly images: BuiltImage[] = [];

  constructor(
    private readonly registry: string,
    private readonly retryTimeoutMs: number,
    /** The credentials for each registry (registry-auth and the push credentials). */
    private readonly credentialsFor: CredentialsFor = () => undefined,
  ) {}

  /** The image ID of what is held: the config digest, or the index digest for several. */
  imageId(): string {
    const [first] = this.images;
    if (!first) throw new Error('no image built');
    return this.images.length === 1 ? first.configDigest : sha256Digest(this.index());
  }

  /** Compressed size of everything held: configs and layers. */
  size(): number {
    return this.images.reduce(
      (sum, img) => sum + img.config.length + img.layers.reduce((n, layer) => n + layer.size, 0),
      0,
    );
  }

  async login(credentials: Credentials, plan: Plan): Promise<void> {
    this.credentials = credentials;
    this.clients.get(this.registry)?.close();
    this.clients.delete(this.registry);
    await this.client(this.registry).checkPushAccess(plan.image.path);
  }

  async push(plan: Plan): Promise<PushResult> {
    if (this.images.length === 0) throw new Error('push before build');
    const repo = plan.image.path;
    const client = this.client(this.registry);
    if (plan.platformTags) return this.pushPlatformTags(client, plan);
    for (const image of this.images) await this.pushImage(client, repo, image);
    const single = this.images.length === 1 ? this.images[0] : undefined;
    // One platform: the manifest is what the tags name. Several: each manifest by its
    // digest (pushed above), and an image index under every tag.
    const top = single ? single.manifest : this.index();
    const digest = sha256Digest(top);
    const pushed: string[] = [];
    for (const [i, tag] of plan.tags.entries()) {
      try {
        await client.putManifest(repo, tag, top, mediaTypeOf(top));
      } catch (error) {
        throw pushFailure(error, pushed, plan.refs);
      }
      pushed.push(plan.refs[i]!);
    }
    const { blobsUploaded, blobsSkipped, blobsMounted, bytesUploaded } = client.stats;
    runner.info(
      `Blobs: ${blobsUploaded} uploaded (${bytesUploaded} bytes), ${blobsMounted} mounted, ${blobsSkipped} already there`,
    );
    const platforms = single
      ? undefined
      : this.images.map((img) => ({
          platform: formatPlatform(img.platform),
          digest: img.manifestDigest,
        }));
    return { digest, pushed, uploadedBytes: bytesUploaded, size: this.size(), platforms };
  }

  /**
   * A matrix job: each platform's manifest under its own platform tag and nowhere else,
   * no index (the merge job makes it). The digest is the manifest's when there is one.
   */
  private async pushPlatformTags(client: RegistryClient, plan: Plan): Promise<PushResult> {
    const repo = plan.image.path;
    const pushed: string[] = [];
    const platforms: NonNullable<PushResult['platforms']> = [];
    for (const image of this.images) {
      const at = plan.platforms.findIndex((p) => samePlatform(parsePlatform(p), image.platform));
      if (at < 0) throw new Error(`no platform tag for ${formatPlatform(image.platform)}`);
      await this.pushImage(client, repo, image, false);
      try {
        await client.putManifest(repo, plan.tags[at]!, image.manifest, mediaTypeOf(image.manifest));
      } catch (error) {
        throw pushFailure(error, pushed, plan.refs);
      }
      pushed.push(plan.refs[at]!);
      platforms.push({ platform: formatPlatform(image.platform), digest: image.manifestDigest });
    }
    const single = this.images.length === 1 ? this.images[0] : undefined;
    return {
      digest: single?.manifestDigest ?? '',
      pushed,
      uploadedBytes: client.stats.bytesUploaded,
      size: this.size(),
      platforms,
    };
  }

  /** Layers and config of one platform's image, then (for an index) its manifest by digest. */
  private async pushImage(
    client: RegistryClient,
    repo: string,
    image: BuiltImage,
    byDigest = this.images.length > 1,
  ): Promise<void> {
    // All blobs at once; the manifest only after every one of them is there.
    await Promise.all([
      ...image.layers.map((layer) => this.pushLayer(client, repo, layer)),
      client.pushBlob(repo, {
        digest: image.configDigest,
        size: image.config.length,
        open: () => image.config,
      }),
    ]);
    if (byDigest) {
      await client.putManifest(
        repo,
        image.manifestDigest,
        image.manifest,
        mediaTypeOf(image.manifest),
      );
    }
  }

  /** The OCI image index over every platform built, in the order of the platforms input. */
  private index(): Buffer {
    return serializeIndex(
      this.images.map((img) => ({
        mediaType: mediaTypeOf(img.manifest),
        digest: img.manifestDigest,
        size: img.manifest.length,
        platform: img.platform,
      })),
    );
  }

  async exportArchive(plan: Plan, path: string): Promise<void> {
    if (this.images.length === 0) throw new Error('export before build');
    await writeImageArchive(this.images, path, plan.refs, {
      epoch: plan.epoch,
      fetchLayer: async (layer) => {
        const { client, repo } = this.baseSource(layer);
        return client.getBlob(repo, layer.digest);
      },
    });
  }

  dispose(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private async pushLayer(client: RegistryClient, repo: string, layer: BuiltLayer): Promise<void> {
    if (layer.path !== undefined) {
      const file = layer.path;
      await client.pushBlob(repo, {
        digest: layer.digest,
        size: layer.size,
        open: () => createReadStream(file),
      });
      return;
    }
    // A base layer: mounted when it lives in the same registry, else streamed across
    // from its own registry (never held in memory). pushBlob skips it if already there.
    const { client: source, registry, repo: sourceRepo } = this.baseSource(layer);
    await client.pushBlob(
      repo,
      {
        digest: layer.digest,
        size: layer.size,
        open: () => {
          const pass = new PassThrough();
          source.getBlob(sourceRepo, layer.digest).then(
            (stream) => (stream as Readable).pipe(pass),
            (error: Error) => pass.destroy(error),
          );
          return pass;
        },
      },
      registry === this.registry ? { mountFrom: sourceRepo } : {},
    );
  }

  /** Where a base layer lives: its registry, a client for it, and its repository there. */
  private baseSource(layer: BuiltLayer): {
    registry: string;
    client: RegistryClient;
    repo: string;
  } {
    if (!layer.from) throw new Error(`layer ${layer.digest} has no source`);
    const [registry, ...rest] = layer.from.registryRepo.split('/');
    return { registry: registry!, client: this.client(registry!), repo: rest.join('/') };
  }

  /** A client per registry, with that registry's own credentials (if any) and no other's. */
  client(registry: string): RegistryClient {
    let client = this.clients.get(registry);
    if (!client) {
      const pushed = registry === this.registry ? this.credentials : undefined;
      const credentials = pushed ?? this.credentialsFor(registry);
      client = new RegistryClient({
        registry,
        credentials,
        logger: runner,
        totalTimeoutMs: this.retryTimeoutMs,
      });
      this.clients.set(registry, client);
    }
    return client;
  }
}

/** The manifest's own mediaType field: what the registry must be told it is. */
function mediaTypeOf(manifest: Buffer): string {
  const { mediaType } = JSON.parse(manifest.toString('utf8')) as { mediaType?: string };
  return mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}

import type { Io } from '../core/io.js';
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { Credentials, PushResult } from '../builders/builder.js';
import { ActionError, pushFailure } from '../core/errors.js';
import { putUnderTags } from '../registry/tag-push.js';
import { isCommitTag } from '../registry/tag-variant.js';
import type { Plan } from '../request/plan.js';
import type { CredentialsFor } from '../request/registry-auth.js';
import type { RegistryClient } from '../registry/client.js';
import { RegistryClients } from '../registry/clients.js';
import { formatPlatform, parsePlatform, samePlatform } from '../image/platform.js';
import { serializeIndex, sha256Digest } from '../image/image.js';
import { writeImageArchive } from '../image/archive.js';
import type { BuiltImage, BuiltLayer } from '../image/built-image.js';
import { attestImage } from '../image/attestations/attest.js';
import type { AttestationManifest } from '../image/attestations/manifest.js';
import type { BaseRecord } from '../image/attestations/params.js';
import type { LiveLayer } from '../layers/live-layer.js';
import type { LayerCache } from '../image/base-layers-cache.js';

/**
 * Compressed bytes a layer has before its upload starts while it is written: a smaller
 * layer is done soon anyway, and then goes as a finished blob, checked first (an
 * unchanged re-run uploads nothing).
 */
export const STREAM_AFTER_BYTES = 8 * 1024 * 1024;

/** A layer being uploaded while it is written: its digest, and true once uploaded. */
interface EarlyUpload {
  digest: Promise<string>;
  /** false: not uploaded early (a small layer, no push access); pushed as a file. */
  uploaded: Promise<boolean>;
}

/** What a publisher is made with. */
export interface PublisherSettings {
  /** The registry pushed to. */
  registry: string;
  /** How long registry errors are retried (own clients only). */
  retryTimeoutMs: number;
  /** Which builder made the images (the provenance says it). */
  builder: 'native' | 'docker';
  /** The credentials for each registry (registry-auth and the push credentials). */
  credentialsFor: CredentialsFor | undefined;
  /** The run's Io: what the push says, tokens to mask, the archive being written. */
  io: Io;
  /** The run's base layers: a base layer read again is not downloaded again. */
  layerCache?: LayerCache;
  /** The run's registry clients; else the publisher's own, closed by dispose. */
  clients?: RegistryClients;
}

/**
 * Publishes images held as OCI manifests with their blobs on disk (what the native
 * builder makes, and what the Docker builder imports from the engine) with our own
 * registry client: blobs the registry has are skipped, base layers mounted or streamed
 * across, then the manifest (or, for several platforms, an index) under every tag.
 */
export class ImagePublisher {
  /** The run's registry clients (else its own, closed by dispose). */
  private readonly clients: RegistryClients;
  private readonly ownClients: boolean;
  private credentials: Credentials | undefined;
  /**
   * Set once login starts (a push is planned): the repository, and whether layers are
   * uploaded while written (access granted, and not a re-run of a commit pushed before).
   */
  private pushTarget: { repo: string; granted: Promise<boolean> } | undefined;
  private readonly early: EarlyUpload[] = [];
  readonly images: BuiltImage[] = [];
  /** The base images each image's build resolved (by manifest digest), for the attestations. */
  readonly bases = new Map<string, BaseRecord[]>();
  private readonly attestations = new Map<string, Promise<AttestationManifest>>();

  private readonly registry: string;
  private readonly builder: 'native' | 'docker';
  private readonly credentialsFor: CredentialsFor | undefined;
  private readonly io: Io;
  private readonly layerCache: LayerCache | undefined;

  constructor(s: PublisherSettings) {
    this.registry = s.registry;
    this.builder = s.builder;
    this.credentialsFor = s.credentialsFor;
    this.io = s.io;
    this.layerCache = s.layerCache;
    this.ownClients = s.clients === undefined;
    this.clients =
      s.clients ?? new RegistryClients({ logger: s.io, totalTimeoutMs: s.retryTimeoutMs });
  }

  /** The image ID of what is held: the config digest, or the index digest for several. */
  imageId(): string {
    const [first] = this.images;
    if (!first) throw new Error('no image built');
    return this.images.length === 1 ? first.configDigest : sha256Digest(this.index());
  }

  /** With several platforms, each one's manifest digest; undefined for one. */
  platformDigests(): Array<{ platform: string; digest: string }> | undefined {
    if (this.images.length < 2) return undefined;
    return this.images.map((img) => ({
      platform: formatPlatform(img.platform),
      digest: img.manifestDigest,
    }));
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
    const client = this.client(this.registry);
    const check = client.checkPushAccess(plan.image.path);
    const stream = check.then(
      async () => !(await pushedBefore(client, plan)),
      () => false,
    );
    this.pushTarget = { repo: plan.image.path, granted: stream };
    await check;
  }

  /**
   * A layer the build started writing. When the image is to be pushed (login started),
   * the credentials are good and the commit was not pushed before, a layer that grows past STREAM_AFTER_BYTES is uploaded
   * while it is written; else nothing is sent before push().
   */
  layerStarted(live: LiveLayer): void {
    const target = this.pushTarget;
    if (target === undefined) return;
    const uploaded = target.granted.then(async (granted) => {
      if (!granted || !(await live.reached(STREAM_AFTER_BYTES))) return false;
      await this.client(this.registry).pushGrowingBlob(target.repo, live.growing());
      return true;
    });
    const digest = live.result.then((blob) => blob.digest);
    // Awaited by push(), or never (a failed build).
    uploaded.catch(() => undefined);
    digest.catch(() => undefined);
    this.early.push({ digest, uploaded });
  }

  /** The layers uploaded while written, by digest: what push() does not send again. */
  private async earlyUploads(repo: string): Promise<Map<string, Promise<boolean>>> {
    const byDigest = new Map<string, Promise<boolean>>();
    if (this.pushTarget?.repo !== repo) return byDigest;
    for (const e of this.early) {
      const digest = await e.digest.catch(() => undefined);
      if (digest !== undefined) byDigest.set(digest, e.uploaded);
    }
    return byDigest;
  }

  async push(plan: Plan): Promise<PushResult> {
    if (this.images.length === 0) throw new Error('push before build');
    try {
      const client = this.client(this.registry);
      const early = await this.earlyUploads(plan.image.path);
      if (plan.platformTags) return await this.pushPlatformTags(client, plan, early);
      return await this.pushTagged(client, plan, early);
    } finally {
      // Nothing uploaded while written is still sending once the push has ended, however
      // it ended (a failure before its layer was reached, a layer streamed twice).
      await Promise.allSettled(this.early.map((e) => e.uploaded));
    }
  }

  /** The images and attestations, then the manifest or index under every tag. */
  private async pushTagged(
    client: RegistryClient,
    plan: Plan,
    early: Map<string, Promise<boolean>>,
  ): Promise<PushResult> {
    const repo = plan.image.path;
    const attested = await Promise.all(this.images.map((image) => this.attest(plan, image)));
    const atts = attested.filter((a): a is AttestationManifest => a !== undefined);
    const byDigest = this.images.length > 1 || atts.length > 0;
    // The images one after the other (platforms may share blobs), and beside them the
    // attestations, which name the images only by digest: their round trips add nothing
    // to the push's time. The tags wait for both.
    await allSettled([
      (async () => {
        for (const image of this.images) await this.pushImage(client, repo, image, early, byDigest);
      })(),
      (async () => {
        for (const [i, att] of atts.entries()) {
          await pushAttestation(client, repo, att);
          this.io.info(
            `Attestations of ${formatPlatform(this.images[i]!.platform)}: ${att.manifestDigest} (SBOM, provenance)`,
          );
        }
      })(),
    ]);
    const { blobsUploaded, blobsSkipped, blobsMounted, bytesUploaded } = client.stats;
    this.io.info(
      `Blobs: ${blobsUploaded} uploaded (${bytesUploaded} bytes), ${blobsMounted} mounted, ${blobsSkipped} already there`,
    );
    // One platform and no attestations: the manifest is what the tags name. Else each
    // manifest by its digest (pushed above), and an image index under every tag.
    const single = byDigest ? undefined : this.images[0];
    const top = single ? single.manifest : this.index(atts);
    const digest = sha256Digest(top);
    const pushed = await putUnderTags(plan.tags, plan.refs, (tag) =>
      client.putManifest(repo, tag, top, mediaTypeOf(top)),
    );
    const platforms =
      this.images.length === 1
        ? undefined
        : this.images.map((img) => ({
            platform: formatPlatform(img.platform),
            digest: img.manifestDigest,
          }));
    return {
      digest,
      pushed,
      uploadedBytes: client.stats.bytesUploaded,
      size: this.size(),
      platforms,
    };
  }

  /**
   * A matrix job: each platform's manifest under its own platform tag and nowhere else,
   * no index (the merge job makes it). The digest is the manifest's when there is one.
   */
  private async pushPlatformTags(
    client: RegistryClient,
    plan: Plan,
    early: Map<string, Promise<boolean>>,
  ): Promise<PushResult> {
    const repo = plan.image.path;
    const pushed: string[] = [];
    const platforms: NonNullable<PushResult['platforms']> = [];
    const tops: Buffer[] = [];
    for (const image of this.images) {
      const at = plan.platforms.findIndex((p) => samePlatform(parsePlatform(p), image.platform));
      if (at < 0) throw new Error(`no platform tag for ${formatPlatform(image.platform)}`);
      // A failure after a platform's tag moved says which tags did (the blobs' too).
      try {
        const att = await this.attest(plan, image);
        await allSettled([
          this.pushImage(client, repo, image, early, att !== undefined),
          att ? pushAttestation(client, repo, att) : Promise.resolve(),
        ]);
        // With attestations, the platform tag names an index of the image and its attestations.
        const top = att ? this.index([att], [image]) : image.manifest;
        tops.push(top);
        await client.putManifest(repo, plan.tags[at]!, top, mediaTypeOf(top));
      } catch (error) {
        throw pushFailure(error, pushed, plan.refs);
      }
      pushed.push(plan.refs[at]!);
      platforms.push({ platform: formatPlatform(image.platform), digest: image.manifestDigest });
    }
    return {
      digest: tops.length === 1 ? sha256Digest(tops[0]!) : '',
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
    early: Map<string, Promise<boolean>>,
    byDigest = this.images.length > 1,
  ): Promise<void> {
    // All blobs at once (a layer the image has twice, once); the manifest only after
    // every one of them is there.
    const layers = new Map(image.layers.map((layer) => [layer.digest, layer]));
    await allSettled([
      ...[...layers.values()].map(async (layer) => {
        if (!(await early.get(layer.digest))) await this.pushLayer(client, repo, layer);
      }),
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

  /**
   * The OCI image index over every platform built, in the order of the platforms input,
   * then their attestation manifests (BuildKit's order).
   */
  private index(atts: readonly AttestationManifest[] = [], images = this.images): Buffer {
    return serializeIndex(
      [
        ...images.map((img) => ({
          mediaType: mediaTypeOf(img.manifest),
          digest: img.manifestDigest,
          size: img.manifest.length,
          platform: img.platform,
        })),
        ...atts.map((a) => a.descriptor),
      ],
      manifestAnnotations(this.images[0]!.manifest),
    );
  }

  /** The attestations of one image (made once), or undefined when they are off. */
  private attest(plan: Plan, image: BuiltImage): Promise<AttestationManifest | undefined> {
    const params = plan.attest;
    if (!params) return Promise.resolve(undefined);
    let made = this.attestations.get(image.manifestDigest);
    if (!made) {
      const bases = this.bases.get(image.manifestDigest) ?? [];
      made = attestImage(params, image, this.builder, bases, (layer) =>
        this.openLayer(layer),
      ).catch((error: unknown) => {
        if (error instanceof ActionError) throw error;
        throw new ActionError(
          'push',
          `The attestations of ${formatPlatform(image.platform)} could not be made: ${(error as Error).message}. Nothing was tagged.`,
          'Run the job again; to publish the image without attestations, set attestations: false.',
        );
      });
      this.attestations.set(image.manifestDigest, made);
    }
    return made;
  }

  /** A layer's blob as pushed: from disk, or from the base image's registry (or the run's copy). */
  async openLayer(layer: BuiltLayer): Promise<NodeJS.ReadableStream> {
    if (layer.path !== undefined) return createReadStream(layer.path);
    const { client, repo } = this.baseSource(layer);
    const download = () => client.getBlob(repo, layer.digest);
    return this.layerCache ? this.layerCache.stream(layer, download, false) : download();
  }

  async exportArchive(plan: Plan, path: string): Promise<void> {
    if (this.images.length === 0) throw new Error('export before build');
    await writeImageArchive(this.images, path, plan.refs, {
      epoch: plan.epoch,
      leftovers: this.io,
      fetchLayer: (layer) => this.openLayer(layer),
    });
  }

  dispose(): void {
    if (this.ownClients) this.clients.close();
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
    // from its own registry, or the run's copy (never held in memory). pushBlob skips it
    // if already there.
    const { registry, repo: sourceRepo } = this.baseSource(layer);
    await client.pushBlob(
      repo,
      {
        digest: layer.digest,
        size: layer.size,
        open: () => {
          const pass = new PassThrough();
          this.openLayer(layer).then(
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

  /** The client for a registry, with that registry's own credentials (if any) and no other's. */
  client(registry: string): RegistryClient {
    const pushed = registry === this.registry ? this.credentials : undefined;
    return this.clients.get(registry, pushed ?? this.credentialsFor?.(registry));
  }
}

/** The annotations of a manifest: the index carries its images' (the plan's) annotations. */
function manifestAnnotations(manifest: Buffer): Record<string, string> | undefined {
  return (JSON.parse(manifest.toString('utf8')) as { annotations?: Record<string, string> })
    .annotations;
}

/**
 * Waits for every push, so that nothing is still sending when a failure is reported,
 * then throws the failure of the first (in the order given) that failed.
 */
async function allSettled(pushes: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(pushes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** An attestation manifest's blobs (config, statements), then the manifest by its digest. */
async function pushAttestation(
  client: RegistryClient,
  repo: string,
  att: AttestationManifest,
): Promise<void> {
  await allSettled(
    [att.config, ...att.statements].map((blob) =>
      client.pushBlob(repo, { digest: blob.digest, size: blob.data.length, open: () => blob.data }),
    ),
  );
  await client.putManifest(repo, att.manifestDigest, att.manifest, att.descriptor.mediaType);
}

/**
 * Whether this commit's image was pushed before (its sha-<7> tag exists): a re-run, whose
 * layers the registry most likely has. They are then uploaded once written, checked
 * first, so that an unchanged re-run sends nothing. Unknown counts as pushed before.
 */
async function pushedBefore(client: RegistryClient, plan: Plan): Promise<boolean> {
  const tag = plan.tags.find((t) => isCommitTag(t, plan.variant));
  if (tag === undefined) return false;
  try {
    return (await client.headManifest(plan.image.path, tag)) !== undefined;
  } catch {
    return true;
  }
}

/** The manifest's own mediaType field: what the registry must be told it is. */
function mediaTypeOf(manifest: Buffer): string {
  const { mediaType } = JSON.parse(manifest.toString('utf8')) as { mediaType?: string };
  return mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}

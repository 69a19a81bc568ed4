import { plural } from '../../util/plural.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  BuilderSettings,
  BuildResult,
  Credentials,
  ImageBuilder,
  PushResult,
} from '../builder.js';
import type { Plan } from '../../request/plan.js';
import { resolveBaseImage } from '../../image/base-image.js';
import { formatPlatform, hostPlatform, parsePlatform } from '../../image/platform.js';
import { buildNative } from './build.js';
import { runLayerCache, type LayerCache } from '../../image/base-layers-cache.js';
import { ImagePublisher } from '../publisher.js';
import type { BaseRecord } from '../../image/attestations/params.js';
import type { BuiltLayer } from '../../image/built-image.js';

/**
 * What the native builder is made of: the settings both builders take (see
 * BuilderSettings), nothing of its own. `tempDir` also holds the base layers cache
 * (layerCacheDir); `env` is what ADD's decompressors inherit.
 */
export type NativeBuilderSettings = BuilderSettings;

/**
 * Builds RUN-less Dockerfiles in-process and pushes with our own registry client:
 * no Docker engine, no credentials on disk, the same digest for the same commit.
 */
export class NativeBuilder implements ImageBuilder {
  readonly name = 'native';
  private readonly workDir: string;
  private readonly publisher: ImagePublisher;
  /** The run's base layers: each downloaded once for every platform and every reader. */
  private readonly layerCache: LayerCache;

  constructor(private readonly settings: NativeBuilderSettings) {
    const { tempDir, registry, onTempDir, retryTimeoutMs, credentials, io, shared } = settings;
    this.workDir = mkdtempSync(join(tempDir, 'oneimage-native-'));
    this.layerCache = runLayerCache(tempDir, this.workDir);
    onTempDir(this.workDir);
    this.publisher = new ImagePublisher({
      registry,
      retryTimeoutMs,
      builder: 'native',
      credentialsFor: credentials,
      io,
      layerCache: this.layerCache,
      clients: shared?.clients,
    });
  }

  async build(plan: Plan, platform: string | undefined): Promise<BuildResult> {
    const bases: BaseRecord[] = [];
    const image = await buildNative({
      contextDir: plan.context,
      dockerfile: plan.dockerfile,
      buildArgs: Object.fromEntries(plan.buildArgs),
      labels: Object.fromEntries(plan.labels),
      annotations: plan.annotations,
      target: plan.target || undefined,
      platform: platform ? parsePlatform(platform) : hostPlatform(),
      epoch: plan.epoch,
      compression: this.settings.compression,
      tmpDir: this.workDir,
      env: this.settings.env,
      layerCache: this.layerCache,
      dockerfiles: this.settings.shared?.dockerfiles,
      pullBase: async (ref, p) => {
        const base = await resolveBaseImage(ref, p, (registry) => this.publisher.client(registry));
        if (base.manifestDigest) bases.push({ ref, digest: base.manifestDigest, platform: p });
        return base;
      },
      onLayer: (live) => this.publisher.layerStarted(live),
      followFiles: plan.attest !== undefined,
    });
    this.publisher.images.push(image);
    this.publisher.bases.set(image.manifestDigest, bases);
    this.settings.io.info(
      `Built ${formatPlatform(image.platform)}: ${image.manifestDigest} (${plural(image.layers.length, 'layer')})`,
    );
    return {
      imageId: this.publisher.imageId(),
      size: this.publisher.size(),
      sizeKind: 'compressed',
      platforms: this.publisher.platformDigests(),
    };
  }

  login(credentials: Credentials, plan: Plan): Promise<void> {
    return this.publisher.login(credentials, plan);
  }

  push(plan: Plan): Promise<PushResult> {
    return this.publisher.push(plan);
  }

  exportArchive(plan: Plan, path: string): Promise<void> {
    return this.publisher.exportArchive(plan, path);
  }

  built() {
    return { images: this.publisher.images, open: (l: BuiltLayer) => this.publisher.openLayer(l) };
  }

  dispose(): void {
    this.publisher.dispose();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

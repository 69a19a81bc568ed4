import type { Io } from '../../core/io.js';
import type { Env } from '../../util/child-env.js';
import { plural } from '../../util/plural.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildResult, Credentials, ImageBuilder, PushResult, RunShared } from '../builder.js';
import type { Plan } from '../../request/plan.js';
import { resolveBaseImage } from '../../image/base-image.js';
import { formatPlatform, hostPlatform, parsePlatform } from '../../image/platform.js';
import type { LayerCompression } from '../../layers/compression.js';
import { buildNative } from './build.js';
import { runLayerCache, type LayerCache } from '../../image/base-layers-cache.js';
import { ImagePublisher } from '../publisher.js';
import type { CredentialsFor } from '../../request/registry-auth.js';
import type { BaseRecord } from '../../image/attestations/params.js';
import type { BuiltLayer } from '../../image/built-image.js';

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

  constructor(
    tempDir: string,
    registry: string,
    onTempDir: (dir: string) => void,
    retryTimeoutMs: number,
    private readonly compression: LayerCompression,
    credentials: CredentialsFor | undefined,
    /** The run's Io. */
    private readonly io: Io,
    /** The step's environment (ADD's decompressors inherit it). */
    private readonly env: Env,
    /** What the run shares: its registry clients and Dockerfiles (else the builder's own). */
    private readonly shared?: RunShared,
  ) {
    this.workDir = mkdtempSync(join(tempDir, 'oneimage-native-'));
    this.layerCache = runLayerCache(tempDir, this.workDir);
    onTempDir(this.workDir);
    this.publisher = new ImagePublisher(
      registry,
      retryTimeoutMs,
      'native',
      credentials,
      io,
      this.layerCache,
      shared?.clients,
    );
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
      compression: this.compression,
      tmpDir: this.workDir,
      env: this.env,
      layerCache: this.layerCache,
      dockerfiles: this.shared?.dockerfiles,
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
    this.io.info(
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

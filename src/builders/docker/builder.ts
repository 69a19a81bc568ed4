import type { Io } from '../../core/io.js';
import { plural } from '../../util/plural.js';
import { bounded } from '../../util/bounded.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  BuilderSettings,
  BuildResult,
  Credentials,
  ImageBuilder,
  PushResult,
} from '../builder.js';
import type { Plan } from '../../request/plan.js';
import { hostPlatform, parsePlatform, samePlatform, type Platform } from '../../image/platform.js';
import { ImagePublisher } from '../publisher.js';
import { normalizeRegistry, parseReference } from '../../registry/reference.js';
import { baseLayers, dockerfileBase, type BaseLayers } from './base-layers.js';
import { buildError, type EnginePulls } from './build-errors.js';
import { secretsNeedBuildKit, writeSecretFiles } from './build-secrets.js';
import { cacheArgs, cachedSteps } from './registry-cache.js';
import {
  configWithCredentials,
  engineLogins,
  enginePulls,
  type TemporaryConfig,
} from './engine-logins.js';
import { docker, dockerBuild, dockerStream, type DockerHost, type DockerResult } from './cli.js';
import { hasBuildx, userDockerConfig } from './config.js';
import type { Env } from '../../util/child-env.js';
import { importSavedImage } from './saved-image.js';
import { saveError, type FailedBaseLookup } from './save-errors.js';
import { runLayerCache } from '../../image/base-layers-cache.js';

/**
 * What the Docker builder is made of: the settings both builders take (see
 * BuilderSettings), nothing of its own. `env` is what docker inherits, and where it
 * finds its configuration; `credentials` are given to docker only for what it pulls,
 * in a configuration of its own for each build.
 */
export type DockerBuilderSettings = BuilderSettings;

/**
 * Builds with the Docker engine (buildx where present), then takes the image over from
 * `docker save` and pushes it with our own registry client, the same publisher as the
 * native builder's. docker never sees the credentials, the OCI labels go into the
 * pushed config (the legacy builder would spend a container on a LABEL step), and the
 * layers are compressed on every core instead of by the engine on one.
 */
export class DockerBuilder implements ImageBuilder {
  readonly name = 'docker';
  private readonly workDir: string;
  private readonly publisher: ImagePublisher;
  /** The engine's images, one per platform, in the order built. */
  private readonly engineImages: EngineImage[] = [];
  /**
   * What the base image lookup found, said once the build's own output is done, and why
   * its registry could not be read, if it could not.
   */
  private baseLookup: { note: string; failure?: FailedBaseLookup } | undefined;

  /** Where docker's output goes, and what it inherits (the run's Io, the step's environment). */
  private readonly host: DockerHost;

  constructor(private readonly settings: DockerBuilderSettings) {
    const { tempDir, registry, onTempDir, retryTimeoutMs, credentials, io, env, shared } = settings;
    this.workDir = mkdtempSync(join(tempDir, 'oneimage-docker-'));
    onTempDir(this.workDir);
    this.host = { io, env };
    this.publisher = new ImagePublisher({
      registry,
      retryTimeoutMs,
      builder: 'docker',
      credentialsFor: credentials,
      io,
      // The run's base layers: what the SBOM, a push to another registry or the archive
      // reads from the base image's registry is downloaded once for every platform.
      layerCache: runLayerCache(tempDir, this.workDir),
      clients: shared?.clients,
    });
  }

  async build(plan: Plan, platform: string | undefined): Promise<BuildResult> {
    const several = plan.platforms.length > 1;
    const { io, env: stepEnv } = this.settings;
    const buildx = hasBuildx(userDockerConfig(stepEnv));
    const env = buildEnv(buildx, stepEnv);
    const kind = buildx ? 'docker buildx build' : `docker build (${builderKind(env, stepEnv)})`;
    const legacy = kind.endsWith('(legacy builder)');
    if (plan.secrets.length > 0 && legacy) throw secretsNeedBuildKit();
    // Looked up while the engine builds: what the pushed image can take from its base.
    const base = plan.push ? this.lookUpBaseLayers(plan, platform) : undefined;
    const iidFile = join(this.workDir, 'iid');
    rmSync(iidFile, { force: true });
    const args = engineArgs(plan, platform, buildx);
    args.push('--iidfile', iidFile);
    // Several platforms: the engine holds one image per name, so only the runner's own
    // platform gets the tags (for `docker run` after the step); the others stay unnamed.
    if (!several || isHost(platform)) for (const ref of plan.refs) args.push('--tag', ref);
    io.info(`Building${several ? ` ${platform}` : ''} with ${kind}`);
    if (plan.cache && legacy) io.info(NO_LEGACY_CACHE);
    const cache = plan.cache && !legacy;
    if (cache) args.push(...cacheArgs(plan));
    // The engine removes the legacy builder's containers, a failed step's too, and a
    // running one when docker build ends: nothing is left for the post step to find.
    if (legacy) args.push('--force-rm');
    const { result, pulls } = await this.run(args, plan, platform, env, cache);
    if (result.code !== 0) throw buildError(result, platform, pulls);
    if (cache) reportCache(result, io);
    const engineId = readFileSync(iidFile, 'utf8').trim();
    const image: EngineImage = {
      id: engineId,
      imported: false,
      ...(platform ? { platform: parsePlatform(platform) } : {}),
    };
    this.engineImages.push(image);
    if (!plan.push && !several) {
      // Nothing to publish: the engine's image is the result (labels are added on import).
      return { imageId: engineId, size: await this.engineSize(engineId), sizeKind: 'uncompressed' };
    }
    await this.importImage(plan, image, await base);
    return {
      imageId: this.publisher.imageId(),
      size: this.publisher.size(),
      sizeKind: 'compressed',
      platforms: this.publisher.platformDigests(),
    };
  }

  /**
   * docker build with what this one call alone gets: the secrets as files, the registry
   * credentials for what it pulls (its base images, the cache) in a configuration of its
   * own; both removed at once.
   */
  private async run(
    args: string[],
    plan: Plan,
    platform: string | undefined,
    env: Record<string, string>,
    cache: boolean,
  ): Promise<{ result: DockerResult; pulls: EnginePulls }> {
    const cacheFrom = cache ? normalizeRegistry(plan.image.registry) : undefined;
    const { credentials, shared, env: stepEnv } = this.settings;
    // Registries that get credentials only if the build pulls from them.
    const others = (credentials?.registries ?? []).filter((host) => host !== cacheFrom);
    const clientFor = (registry: string) => this.publisher.client(registry);
    const pulled = await enginePulls(plan, platform, others, clientFor, shared?.dockerfiles);
    const logins = engineLogins(credentials, pulled, cacheFrom);
    const pulls = { withoutCredentials: pulled && [...pulled].filter((host) => !logins.has(host)) };
    const secrets = writeSecretFiles(this.workDir, plan.secrets);
    let config: TemporaryConfig | undefined;
    try {
      if (logins.size > 0) {
        config = configWithCredentials(this.workDir, logins, userDockerConfig(stepEnv));
      }
      const all = [...args, ...secrets.args, plan.context];
      const result = await dockerBuild(this.host, all, { env: { ...env, ...config?.env } });
      return { result, pulls };
    } finally {
      secrets.remove();
      config?.remove();
    }
  }

  /**
   * The layers of the Dockerfile's base image as its registry holds them, so that the
   * pushed image mounts or skips them instead of uploading them compressed anew. Best
   * effort and bounded: without them every layer is compressed here.
   */
  private async lookUpBaseLayers(plan: Plan, platform: string | undefined): Promise<BaseLayers> {
    let ref: string | undefined;
    try {
      ref = dockerfileBase(plan, this.settings.shared?.dockerfiles);
    } catch {
      return new Map(); // the engine's parser decides; docker build reports real errors
    }
    if (!ref) return new Map();
    const target = platform ? parsePlatform(platform) : hostPlatform();
    const lookup = baseLayers(ref, target, (registry) => this.publisher.client(registry));
    try {
      const layers = await bounded(lookup, BASE_LOOKUP_MS);
      this.baseLookup = {
        note: `Base image ${ref}: ${plural(layers.size, 'layer')} taken as its registry has them`,
      };
      return layers;
    } catch (error) {
      const why = (error as Error).message;
      this.baseLookup = {
        note: `Base image ${ref}: not read from its registry (${why}); every layer is pushed from the engine's copy`,
        failure: { ref, registry: registryOf(ref), why },
      };
      return new Map();
    }
  }

  /** The engine's image, read from `docker save` as it streams, labels set in its config. */
  private async importImage(
    plan: Plan,
    engineImage: EngineImage,
    reuse: BaseLayers = new Map(),
  ): Promise<void> {
    if (engineImage.imported) return;
    const baseLookup = this.baseLookup;
    this.baseLookup = undefined;
    if (baseLookup) this.settings.io.info(baseLookup.note);
    const engineId = engineImage.id;
    const saved = await dockerStream(this.host, ['save', engineId], { silent: true }, (archive) =>
      importSavedImage(archive, {
        tmpDir: this.workDir,
        compression: this.settings.compression,
        labels: plan.labels,
        annotations: plan.annotations,
        reuse,
        ...(engineImage.platform ? { platform: engineImage.platform } : {}),
        // The base layers' files too, from docker save: the SBOM need not download them.
        follow: plan.attest !== undefined,
        // Each layer uploaded while it is compressed, when a push is planned.
        onLayer: (live) => this.publisher.layerStarted(live),
      }),
    );
    if (saved.code !== 0 || saved.error !== undefined || !saved.value) {
      throw saveError(saved, baseLookup?.failure);
    }
    const { image, compressed, reused } = saved.value;
    this.publisher.images.push(image);
    engineImage.imported = true;
    this.settings.io.info(
      `Image ${image.manifestDigest} (config ${image.configDigest}): ${plural(compressed.length, 'layer')} compressed here, ${reused.length} as the base image's registry has them`,
    );
  }

  login(credentials: Credentials, plan: Plan): Promise<void> {
    return this.publisher.login(credentials, plan);
  }

  push(plan: Plan): Promise<PushResult> {
    return this.publisher.push(plan);
  }

  async exportArchive(plan: Plan, path: string): Promise<void> {
    if (this.engineImages.length === 0) throw new Error('export before build');
    for (const image of this.engineImages) await this.importImage(plan, image);
    await this.publisher.exportArchive(plan, path);
  }

  dispose(): void {
    this.publisher.dispose();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async engineSize(imageId: string): Promise<number | undefined> {
    const result = await docker(this.host, ['image', 'inspect', '--format', '{{.Size}}', imageId], {
      silent: true,
    });
    const size = Number(result.stdout.trim());
    return result.code === 0 && Number.isFinite(size) ? size : undefined;
  }
}

/**
 * Without buildx, the legacy builder, unless the user chose otherwise: a client such as
 * Docker 20.10's drives the engine's own BuildKit with DOCKER_BUILDKIT=1, no plugin needed.
 */
function buildEnv(buildx: boolean, env: Env): Record<string, string> {
  if (buildx || (env.DOCKER_BUILDKIT ?? '') !== '') return {};
  return { DOCKER_BUILDKIT: '0' };
}

/** What DOCKER_BUILDKIT (strconv.ParseBool, as docker reads it) picks. */
function builderKind(extra: Record<string, string>, env: Env): string {
  const setting = extra.DOCKER_BUILDKIT ?? env.DOCKER_BUILDKIT ?? '';
  return /^(1|t|true)$/i.test(setting) ? 'BuildKit' : 'legacy builder';
}

const NO_LEGACY_CACHE =
  "Cache: not read from the registry: the legacy builder has no inline cache (set DOCKER_BUILDKIT=1 with Docker 20.10's client, or add docker/setup-buildx-action).";

/** Which steps BuildKit took from the cache (its progress goes to stderr). */
function reportCache(result: DockerResult, io: Io): void {
  const steps = cachedSteps(`${result.stdout}\n${result.stderr}`);
  io.info(
    steps.length > 0
      ? `Cache: ${plural(steps.length, 'step')} taken from the cache: ${steps.join('; ')}`
      : 'Cache: no step taken from the cache',
  );
}

/** An image the engine built, and whether the publisher holds it yet. */
interface EngineImage {
  id: string;
  imported: boolean;
  /** The platform it was built for; undefined: the engine's own. */
  platform?: Platform;
}

function isHost(platform: string | undefined): boolean {
  return platform === undefined || samePlatform(parsePlatform(platform), hostPlatform());
}

/**
 * docker build's arguments for one platform: `--platform` unless the only platform is
 * the runner's own (the legacy builder of an old engine knows no --platform).
 */
function engineArgs(plan: Plan, platform: string | undefined, buildx: boolean): string[] {
  const args = buildx ? ['buildx', 'build', '--load'] : ['build'];
  if (platform && (plan.platforms.length > 1 || !isHost(platform))) {
    args.push('--platform', platform);
  }
  args.push('--file', plan.dockerfile);
  for (const [key, value] of plan.buildArgs) args.push('--build-arg', `${key}=${value}`);
  if (plan.target) args.push('--target', plan.target);
  return args;
}

/** How long the base image's layers are looked for in its registry. */
const BASE_LOOKUP_MS = 30_000;

/** The registry of an image reference (docker.io for Docker Hub's short names). */
function registryOf(ref: string): string {
  try {
    return parseReference(ref).registry;
  } catch {
    return 'docker.io';
  }
}

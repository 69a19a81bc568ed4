import { log as runner } from '../../core/io.js';
import { plural } from '../../util/plural.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildResult, Credentials, ImageBuilder, PushResult } from '../builder.js';
import { ActionError } from '../../core/errors.js';
import type { Plan } from '../../request/plan.js';
import { hostPlatform, parsePlatform, samePlatform } from '../../image/platform.js';
import { ImagePublisher } from '../publisher.js';
import type { CredentialsFor } from '../../request/registry-auth.js';
import type { LayerCompression } from '../../layers/compression.js';
import { cancellation } from '../../core/leftovers.js';
import { baseLayers, dockerfileBase, type BaseLayers } from './base-layers.js';
import { docker, dockerBuild, dockerStream, errorLine, type DockerResult } from './cli.js';
import { hasBuildx } from './config.js';
import { importSavedImage } from './saved-image.js';

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
  private imageId: string | undefined;
  /** What the base image lookup found, said once the build's own output is done. */
  private baseNote: string | undefined;

  /** onTempDir learns the scratch directory at once, so the post step can remove it. */
  constructor(
    tempDir: string,
    registry: string,
    onTempDir: (dir: string) => void,
    retryTimeoutMs: number,
    private readonly compression: LayerCompression,
    credentials?: CredentialsFor,
  ) {
    this.workDir = mkdtempSync(join(tempDir, 'oneimage-docker-'));
    onTempDir(this.workDir);
    this.publisher = new ImagePublisher(registry, retryTimeoutMs, credentials);
  }

  async build(plan: Plan, _platform: string | undefined): Promise<BuildResult> {
    // Looked up while the engine builds: what the pushed image can take from its base.
    const base = plan.push ? this.lookUpBaseLayers(plan) : undefined;
    const buildx = hasBuildx();
    const iidFile = join(this.workDir, 'iid');
    const args = buildx ? ['buildx', 'build', '--load'] : ['build'];
    const platforms = foreignPlatforms(plan);
    if (platforms.length > 0) {
      if (!buildx) {
        throw new ActionError(
          'build',
          `Building for ${platforms.join(', ')} needs docker buildx, which this runner lacks.`,
          'Use builder: native, or add docker/setup-buildx-action before this step.',
        );
      }
      args.push('--platform', platforms.join(','));
    }
    args.push('--file', plan.dockerfile, '--iidfile', iidFile);
    for (const ref of plan.refs) args.push('--tag', ref);
    for (const [key, value] of plan.buildArgs) args.push('--build-arg', `${key}=${value}`);
    if (plan.target) args.push('--target', plan.target);
    const env = buildEnv(buildx);
    // The engine removes the legacy builder's containers, a failed step's too, and a
    // running one when docker build ends: nothing is left for the post step to find.
    if (!buildx && builderKind(env) === 'legacy builder') args.push('--force-rm');
    args.push(plan.context);
    runner.info(
      `Building with ${buildx ? 'docker buildx build' : `docker build (${builderKind(env)})`}`,
    );
    const result = await dockerBuild(args, { env });
    if (result.code !== 0) throw buildError(result);
    const engineId = readFileSync(iidFile, 'utf8').trim();
    this.imageId = engineId;
    if (!plan.push) {
      // Nothing to publish: the engine's image is the result (labels are added on import).
      return { imageId: engineId, size: await this.engineSize(engineId), sizeKind: 'uncompressed' };
    }
    await this.importImage(plan, await base);
    return {
      imageId: this.publisher.imageId(),
      size: this.publisher.size(),
      sizeKind: 'compressed',
    };
  }

  /**
   * The layers of the Dockerfile's base image as its registry holds them, so that the
   * pushed image mounts or skips them instead of uploading them compressed anew. Best
   * effort and bounded: without them every layer is compressed here.
   */
  private async lookUpBaseLayers(plan: Plan): Promise<BaseLayers> {
    let ref: string | undefined;
    try {
      ref = dockerfileBase(plan);
    } catch {
      return new Map(); // the engine's parser decides; docker build reports real errors
    }
    if (!ref) return new Map();
    const platform = plan.platforms[0] ? parsePlatform(plan.platforms[0]) : hostPlatform();
    const lookup = baseLayers(ref, platform, (registry) => this.publisher.client(registry));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer in ${BASE_LOOKUP_MS / 1000} s`)),
        BASE_LOOKUP_MS,
      );
    });
    try {
      const layers = await Promise.race([lookup, timeout]);
      this.baseNote = `Base image ${ref}: ${plural(layers.size, 'layer')} taken as its registry has them`;
      return layers;
    } catch (error) {
      lookup.catch(() => undefined);
      this.baseNote = `Base image ${ref}: not read from its registry (${(error as Error).message}); every layer is pushed from the engine's copy`;
      return new Map();
    } finally {
      clearTimeout(timer);
    }
  }

  /** The engine's image, read from `docker save` as it streams, labels set in its config. */
  private async importImage(plan: Plan, reuse: BaseLayers = new Map()): Promise<void> {
    if (this.publisher.images.length > 0) return;
    if (this.baseNote) runner.info(this.baseNote);
    const engineId = this.imageId;
    if (!engineId) throw new Error('import before build');
    const saved = await dockerStream(['save', engineId], { silent: true }, (archive) =>
      importSavedImage(archive, {
        tmpDir: this.workDir,
        compression: this.compression,
        labels: plan.labels,
        reuse,
      }),
    );
    if (saved.code !== 0 || saved.error !== undefined || !saved.value) {
      const why =
        saved.code !== 0 ? errorLine(saved) : ((saved.error as Error)?.message ?? 'no image');
      throw new ActionError(
        'build',
        `Reading the built image from docker save failed: ${why}`,
        'Check that the Docker engine is still running and has free disk space (docker save writes the image out), then run the job again.',
      );
    }
    const { image, compressed, reused } = saved.value;
    this.publisher.images.push(image);
    runner.info(
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
    await this.importImage(plan);
    await this.publisher.exportArchive(plan, path);
  }

  dispose(): void {
    this.publisher.dispose();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async engineSize(imageId: string): Promise<number | undefined> {
    const result = await docker(['image', 'inspect', '--format', '{{.Size}}', imageId], {
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
function buildEnv(buildx: boolean, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (buildx || (env.DOCKER_BUILDKIT ?? '') !== '') return {};
  return { DOCKER_BUILDKIT: '0' };
}

/** What DOCKER_BUILDKIT (strconv.ParseBool, as docker reads it) picks. */
function builderKind(extra: Record<string, string>): string {
  const setting = extra.DOCKER_BUILDKIT ?? process.env.DOCKER_BUILDKIT ?? '';
  return /^(1|t|true)$/i.test(setting) ? 'BuildKit' : 'legacy builder';
}

/** The platforms to ask the engine for: none when the one platform is the runner's own. */
function foreignPlatforms(plan: Plan): string[] {
  const [only, ...more] = plan.platforms;
  if (only && more.length === 0 && samePlatform(parsePlatform(only), hostPlatform())) return [];
  return plan.platforms;
}

/** How long the base image's layers are looked for in its registry. */
const BASE_LOOKUP_MS = 30_000;

const ENGINE_DOWN =
  /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;

/** A client newer than 20.10 asked for BuildKit without the buildx plugin. */
const NO_BUILDX = /BuildKit is enabled but the buildx component is missing/;

function buildError(result: DockerResult): ActionError {
  const signal = cancellation();
  if (signal) {
    return new ActionError(
      'build',
      `docker build was stopped: the step was cancelled (${signal}).`,
    );
  }
  if (ENGINE_DOWN.test(`${result.stderr}\n${result.stdout}`)) {
    return new ActionError(
      'build',
      `No Docker engine answers: ${errorLine(result)}`,
      'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.',
    );
  }
  if (NO_BUILDX.test(result.stderr)) {
    return new ActionError(
      'build',
      `docker build failed: ${errorLine(result)}`,
      'DOCKER_BUILDKIT=1 asks this docker client for BuildKit, which it reaches only through the buildx plugin: add docker/setup-buildx-action before this step, or leave DOCKER_BUILDKIT unset.',
    );
  }
  return new ActionError(
    'build',
    `docker build failed: ${errorLine(result)}`,
    'Fix the Dockerfile or the build context; the log above shows the failing step.',
  );
}

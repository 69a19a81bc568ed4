import * as runner from '../workflow-commands.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildResult, Credentials, ImageBuilder, PushResult } from '../builder.js';
import { ActionError, pushFailure } from '../errors.js';
import type { Plan } from '../plan.js';
import { RegistryClient, type FetchedManifest } from '../registry/client.js';
import { retryPolicy, withRetries } from '../retry.js';
import { docker, errorLine, type DockerResult } from './cli.js';
import {
  createDockerConfig,
  credentialEnv,
  hasBuildx,
  removeDockerConfig,
  type DockerConfig,
} from './config.js';
import { classifyDockerFailure, pushedDigest } from './failure.js';

/** Builds with the Docker engine (buildx where present), pushes with `docker push`. */
export class DockerBuilder implements ImageBuilder {
  readonly name = 'docker';
  private readonly config: DockerConfig;
  private imageId: string | undefined;
  private credentials: Credentials | undefined;
  private client: RegistryClient | undefined;

  /** onConfigDir learns the private DOCKER_CONFIG at once, so the post step can remove it. */
  constructor(
    private readonly tempDir: string,
    private readonly registry: string,
    onConfigDir: (dir: string) => void,
    private readonly retryBudgetMs: number,
  ) {
    this.config = createDockerConfig(tempDir, registry);
    onConfigDir(this.config.dir);
  }

  async build(plan: Plan, _platform: string | undefined): Promise<BuildResult> {
    const buildx = hasBuildx(this.config.dir);
    const workDir = mkdtempSync(join(this.tempDir, 'oneimage-build-'));
    const iidFile = join(workDir, 'iid');
    try {
      const args = buildx ? ['buildx', 'build', '--load'] : ['build'];
      if (plan.platforms.length > 0) {
        if (!buildx) {
          throw new ActionError(
            'build',
            `Building for ${plan.platforms.join(', ')} needs docker buildx, which this runner lacks.`,
            'Use builder: native, or add docker/setup-buildx-action before this step.',
          );
        }
        args.push('--platform', plan.platforms.join(','));
      }
      // The legacy builder turns each --label into a step of its own (a container each):
      // give it one LABEL line at the end of a copy of the Dockerfile instead.
      const labelled = buildx ? undefined : dockerfileWithLabels(plan, workDir);
      args.push('--file', labelled ?? plan.dockerfile, '--iidfile', iidFile);
      for (const ref of plan.refs) args.push('--tag', ref);
      if (!labelled) {
        for (const [key, value] of plan.labels) args.push('--label', `${key}=${value}`);
      }
      for (const [key, value] of plan.buildArgs) args.push('--build-arg', `${key}=${value}`);
      if (plan.target) args.push('--target', plan.target);
      args.push(plan.context);
      const env = buildx ? this.config.env : { ...this.config.env, DOCKER_BUILDKIT: '0' };
      runner.info(`Building with ${buildx ? 'docker buildx build' : 'docker build'}`);
      const result = await docker(args, { env });
      if (result.code !== 0) {
        if (ENGINE_DOWN.test(outputOf(result))) {
          throw new ActionError(
            'build',
            `No Docker engine answers: ${errorLine(result)}`,
            'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.',
          );
        }
        throw new ActionError(
          'build',
          `docker build failed: ${errorLine(result)}`,
          'Fix the Dockerfile or the build context; the log above shows the failing step.',
        );
      }
      const imageId = readFileSync(iidFile, 'utf8').trim();
      this.imageId = imageId;
      // When the image is pushed, its size comes from the pushed manifest instead.
      const size = plan.push ? undefined : await this.imageSize(imageId);
      return { imageId, size, sizeKind: 'uncompressed' };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  /**
   * Checks the credentials with one token request (the registry client's, which gives
   * the same plain errors as the native builder) and hands them to docker's credential
   * helper through the environment of later docker calls. Nothing is stored.
   */
  async login(credentials: Credentials, plan: Plan): Promise<void> {
    this.credentials = credentials;
    await this.registryClient().checkPushAccess(plan.image.path);
    Object.assign(this.config.env, credentialEnv(this.registry, credentials));
  }

  /**
   * Pushes the image this run built: `docker push` of the first tag (re-tagged from the
   * image ID just before, and checked afterwards, since another build on the same engine
   * may move a shared tag such as latest), then every other tag put on the registry as
   * the very same manifest, so all tags name one digest by construction.
   */
  async push(plan: Plan): Promise<PushResult> {
    const [first, ...others] = plan.refs;
    if (!first || !this.imageId) throw new Error('push before build');
    const client = this.registryClient();
    const { digest, manifest } = await this.pushOwnImage(plan, first, client);
    const pushed = [first];
    for (const [i, ref] of others.entries()) {
      try {
        await client.putManifest(
          plan.image.path,
          plan.tags[i + 1]!,
          manifest.body,
          manifest.mediaType,
        );
      } catch (error) {
        throw pushFailure(error, pushed, plan.refs);
      }
      pushed.push(ref);
    }
    const { config, layers } = JSON.parse(manifest.body.toString('utf8')) as {
      config?: { size?: number };
      layers?: Array<{ size?: number }>;
    };
    const size = (config?.size ?? 0) + (layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0);
    return { digest, pushed, size };
  }

  /**
   * docker push of ref, retried until the pushed manifest is this run's image. The build
   * tagged ref; only when another build moved it since is it tagged again.
   */
  private async pushOwnImage(
    plan: Plan,
    ref: string,
    client: RegistryClient,
  ): Promise<{ digest: string; manifest: FetchedManifest }> {
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        const tagged = await docker(['tag', this.imageId!, ref], {
          env: this.config.env,
          silent: true,
        });
        if (tagged.code !== 0) {
          throw new ActionError('push', `docker tag ${ref} failed: ${errorLine(tagged)}`);
        }
      }
      const result = await withRetries(
        () =>
          docker(['push', ref], {
            env: this.config.env,
            idleTimeoutMs: Math.min(PUSH_IDLE_TIMEOUT_MS, this.retryBudgetMs),
          }),
        (r) => r.code !== 0 && classifyDockerFailure(outputOf(r)) === 'transient',
        (r, delay) =>
          runner.warning(`docker push ${ref} failed (${errorLine(r)}); retrying in ${delay} ms`),
        retryPolicy(this.retryBudgetMs),
      );
      if (result.code !== 0) throw pushError(plan, ref, result);
      const digest = pushedDigest(result.stdout);
      if (!digest) throw new ActionError('push', `docker push ${ref} did not report a digest.`);
      const manifest = await client.getManifest(plan.image.path, digest);
      const config = (
        JSON.parse(manifest.body.toString('utf8')) as { config?: { digest?: string } }
      ).config?.digest;
      if (config === this.imageId) return { digest, manifest };
      if (attempt >= 3) {
        throw new ActionError(
          'push',
          `Another build on the same Docker engine kept moving ${ref}; the pushed image is not the one this run built.`,
          'Give concurrent jobs on one engine different tags, or use builder: native.',
        );
      }
      runner.warning(
        `${ref} was moved by another build on this engine while pushing; pushing again`,
      );
    }
  }

  private registryClient(): RegistryClient {
    this.client ??= new RegistryClient({
      registry: this.registry,
      credentials: this.credentials,
      totalTimeoutMs: this.retryBudgetMs,
      logger: { info: runner.info, debug: runner.debug, warning: runner.warning },
    });
    return this.client;
  }

  async exportArchive(plan: Plan, path: string): Promise<void> {
    const result = await docker(['save', '--output', path, ...plan.refs], {
      env: this.config.env,
    });
    if (result.code !== 0) {
      throw new ActionError('build', `docker save to ${path} failed: ${errorLine(result)}`);
    }
  }

  dispose(): void {
    this.client?.close();
    removeDockerConfig(this.config.dir);
  }

  private async imageSize(imageId: string): Promise<number | undefined> {
    const result = await docker(['image', 'inspect', '--format', '{{.Size}}', imageId], {
      env: this.config.env,
      silent: true,
    });
    const size = Number(result.stdout.trim());
    return result.code === 0 && Number.isFinite(size) ? size : undefined;
  }
}

/** docker push has no timeout of its own: a push that says nothing this long is stopped. */
const PUSH_IDLE_TIMEOUT_MS = 120_000;

const ENGINE_DOWN =
  /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;

/**
 * A copy of the Dockerfile with the labels as one LABEL line at its end, in dir; or
 * undefined where that would not mean the same as --label: a --target stage (maybe not
 * the last), a non-default escape character, or a value with a line break.
 */
export function dockerfileWithLabels(plan: Plan, dir: string): string | undefined {
  if (plan.labels.length === 0 || plan.target) return undefined;
  if (plan.labels.some(([key, value]) => /[\r\n]/.test(key + value))) return undefined;
  const text = readFileSync(plan.dockerfile, 'utf8');
  if (/^\s*#\s*escape\s*=/im.test(text)) return undefined;
  const file = join(dir, 'Dockerfile');
  writeFileSync(file, `${text}\n${labelInstruction(plan.labels)}\n`);
  return file;
}

/** LABEL "k"="v" …, quoted so that neither $ nor quotes nor backslashes are interpreted. */
export function labelInstruction(labels: Array<[string, string]>): string {
  const quote = (text: string): string => `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
  return `LABEL ${labels.map(([key, value]) => `${quote(key)}=${quote(value)}`).join(' ')}`;
}

function outputOf(result: DockerResult): string {
  return `${result.stderr}\n${result.stdout}`;
}

function pushError(plan: Plan, ref: string, result: DockerResult): ActionError {
  const kind = classifyDockerFailure(outputOf(result));
  if (kind === 'denied' || kind === 'credentials') {
    return new ActionError(
      'push',
      `Access denied to repository "${plan.image.path}" on ${plan.image.registry}: ${errorLine(result)}.`,
      `The account can push only to repositories it owns or that an organization gave it write access to. Set "image" to a repository under your namespace, or ask an owner for write access.`,
    );
  }
  if (kind === 'transient') {
    return new ActionError(
      'push',
      `docker push ${ref} failed: ${errorLine(result)}; the registry kept failing for the whole retry-timeout.`,
      'Try again later, or raise retry-timeout.',
    );
  }
  return new ActionError('push', `docker push ${ref} failed: ${errorLine(result)}.`);
}

import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildResult, Credentials, ImageBuilder, PushResult } from '../builder.js';
import { ActionError, pushFailure } from '../errors.js';
import type { Plan } from '../plan.js';
import { retryPolicy, withRetries } from '../retry.js';
import { docker, errorLine, type DockerResult } from './cli.js';
import {
  createDockerConfig,
  credentialEnv,
  removeDockerConfig,
  type DockerConfig,
} from './config.js';
import { classifyDockerFailure, pushedDigest } from './failure.js';

/** Builds with the Docker engine (buildx where present), pushes with `docker push`. */
export class DockerBuilder implements ImageBuilder {
  readonly name = 'docker';
  private readonly config: DockerConfig;

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
    await this.requireEngine();
    const buildx =
      (await docker(['buildx', 'version'], { env: this.config.env, silent: true })).code === 0;
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
      args.push('--file', plan.dockerfile, '--iidfile', iidFile);
      for (const ref of plan.refs) args.push('--tag', ref);
      for (const [key, value] of plan.labels) args.push('--label', `${key}=${value}`);
      for (const [key, value] of plan.buildArgs) args.push('--build-arg', `${key}=${value}`);
      if (plan.target) args.push('--target', plan.target);
      args.push(plan.context);
      const env = buildx ? this.config.env : { ...this.config.env, DOCKER_BUILDKIT: '0' };
      core.info(`Building with ${buildx ? 'docker buildx build' : 'docker build'}`);
      const result = await docker(args, { env });
      if (result.code !== 0) {
        throw new ActionError(
          'build',
          `docker build failed: ${errorLine(result)}`,
          'Fix the Dockerfile or the build context; the log above shows the failing step.',
        );
      }
      const imageId = readFileSync(iidFile, 'utf8').trim();
      const size = await this.imageSize(imageId);
      return { imageId, size, sizeKind: 'uncompressed' };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  async login(credentials: Credentials): Promise<void> {
    Object.assign(this.config.env, credentialEnv(credentials));
    const server = this.registry;
    const args = ['login', '--username', credentials.username, '--password-stdin'];
    if (server !== 'docker.io') args.push(server);
    const result = await withRetries(
      () => docker(args, { input: credentials.password, env: this.config.env }),
      (r) => r.code !== 0 && classifyDockerFailure(outputOf(r)) === 'transient',
      (r, delay) => core.warning(`docker login failed (${errorLine(r)}); retrying in ${delay} ms`),
      retryPolicy(this.retryBudgetMs),
    );
    if (result.code === 0) return;
    const kind = classifyDockerFailure(outputOf(result));
    if (kind === 'credentials' || kind === 'denied') {
      throw new ActionError(
        'login',
        `The registry ${server} rejected the credentials for user "${credentials.username}": ${errorLine(result)}`,
        'Check the username and the password; for Docker Hub use an access token with Read & Write scope (Account settings > Personal access tokens).',
      );
    }
    throw new ActionError('login', `docker login to ${server} failed: ${errorLine(result)}`);
  }

  async push(plan: Plan): Promise<PushResult> {
    const pushed: string[] = [];
    const digests = new Map<string, string>();
    for (const ref of plan.refs) {
      const result = await withRetries(
        () => docker(['push', ref], { env: this.config.env }),
        (r) => r.code !== 0 && classifyDockerFailure(outputOf(r)) === 'transient',
        (r, delay) =>
          core.warning(`docker push ${ref} failed (${errorLine(r)}); retrying in ${delay} ms`),
        retryPolicy(this.retryBudgetMs),
      );
      if (result.code !== 0) throw pushFailure(pushError(plan, ref, result), pushed, plan.refs);
      const digest = pushedDigest(result.stdout);
      if (!digest) {
        throw new ActionError('push', `docker push ${ref} did not report a digest.`);
      }
      digests.set(ref, digest);
      pushed.push(ref);
    }
    const distinct = new Set(digests.values());
    if (distinct.size !== 1) {
      const list = [...digests].map(([ref, d]) => `${ref} → ${d}`).join(', ');
      throw new ActionError('push', `The pushed tags name different digests: ${list}`);
    }
    return { digest: [...distinct][0]!, pushed };
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
    removeDockerConfig(this.config.dir);
  }

  private async requireEngine(): Promise<void> {
    const info = await docker(['version', '--format', '{{.Server.Version}}'], {
      env: this.config.env,
      silent: true,
    });
    if (info.code !== 0) {
      throw new ActionError(
        'build',
        `No Docker engine answers: ${errorLine(info)}`,
        'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.',
      );
    }
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
  return new ActionError('push', `docker push ${ref} failed: ${errorLine(result)}.`);
}

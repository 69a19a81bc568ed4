import { log } from '../core/io.js';
import { existsSync } from 'node:fs';
import type { ImageBuilder, RunShared } from './builder.js';
import { rememberTempDir } from '../core/leftovers.js';
import { DockerBuilder } from './docker/builder.js';
import { ActionError } from '../core/errors.js';
import type { BuilderKind } from '../request/inputs.js';
import {
  DockerfileReader,
  parseDockerfile,
  unsupportedInNative,
  type DockerfileText,
} from '../dockerfile/dockerfile.js';
import { NativeBuilder } from './native/builder.js';
import { AutoBuilder } from './auto.js';
import type { LayerCompression } from '../layers/compression.js';
import type { Plan } from '../request/plan.js';
import type { CredentialsFor } from '../request/registry-auth.js';
import type { Wording } from '../request/wording.js';

export interface BuilderChoice {
  kind: 'docker' | 'native';
  reason: string;
  /** `builder: auto`: the engine builds if the native builder finds it cannot (auto.ts). */
  auto?: boolean;
}

/**
 * Which builder builds this Dockerfile: the one asked for, or with `auto` the native
 * builder whenever the Dockerfile is within what it supports, else the Docker engine.
 */
export function decideBuilder(
  asked: BuilderKind,
  plan: Plan,
  wording: Wording,
  dockerfiles = new DockerfileReader(),
): BuilderChoice {
  const file = wording.path(plan.dockerfile);
  let text: DockerfileText;
  try {
    text = dockerfiles.read(plan.dockerfile);
  } catch {
    if (!existsSync(plan.context)) {
      throw new ActionError(
        'inputs',
        `${wording.input('context')}: no directory at ${JSON.stringify(wording.path(plan.context))}.`,
        `Set ${wording.setting('context')} to the directory that holds the Dockerfile and the files it copies.`,
      );
    }
    throw new ActionError(
      'inputs',
      `${wording.input('dockerfile')}: no Dockerfile at ${JSON.stringify(file)}.`,
      `Set ${wording.setting('dockerfile')} or ${wording.setting('context')} to where your Dockerfile is; the Dockerfile must exist before the build-command runs.`,
    );
  }
  if (asked === 'docker') return { kind: 'docker', reason: 'builder: docker' };
  const parsed = parseDockerfile(text, file, Object.fromEntries(plan.buildArgs), {
    target: plan.target || undefined,
  });
  const unsupported = unsupportedInNative(parsed, plan.target || undefined);
  if (!unsupported) {
    return {
      ...(asked === 'auto' ? { auto: true } : {}),
      kind: 'native',
      reason:
        asked === 'native'
          ? 'builder: native'
          : 'the Dockerfile has no RUN step or other instruction that needs an engine',
    };
  }
  const where = `${unsupported.file}:${unsupported.line}`;
  if (asked === 'native') {
    throw new ActionError(
      'build',
      `${where}: ${unsupported.instruction} is not supported by the native builder: ${unsupported.reason}`,
      `Set ${wording.setting('builder')} to docker (or auto) to build this Dockerfile with the Docker engine.`,
      { file: unsupported.file, line: unsupported.line },
    );
  }
  return {
    kind: 'docker',
    reason: `${where}: ${unsupported.instruction} needs the Docker engine (${unsupported.reason})`,
  };
}

export interface BuilderSettings {
  registry: string;
  tempDir: string;
  retryTimeoutMs: number;
  compression: LayerCompression;
  /** The credentials for each registry pulled from or pushed to. */
  credentials?: CredentialsFor;
  /** What the run shares (registry clients, Dockerfiles) with the builder. */
  shared?: RunShared;
}

export function createBuilder(choice: BuilderChoice, settings: BuilderSettings): ImageBuilder {
  log.info(`Builder: ${choice.kind} (${choice.reason})`);
  const { registry, tempDir, retryTimeoutMs, compression, credentials, shared } = settings;
  const args = [
    tempDir,
    registry,
    rememberTempDir,
    retryTimeoutMs,
    compression,
    credentials,
    shared,
  ] as const;
  const engine = (): ImageBuilder => new DockerBuilder(...args);
  if (choice.kind === 'docker') return engine();
  const native = new NativeBuilder(...args);
  return choice.auto ? new AutoBuilder(native, engine) : native;
}

import { existsSync } from 'node:fs';
import type { BuilderSettings, ImageBuilder } from './builder.js';
import { rememberTempDir } from '../core/leftovers.js';
import { DockerBuilder } from './docker/builder.js';
import { ActionError } from '../core/errors.js';
import type { BuilderKind } from '../request/inputs.js';
import {
  DockerfileReader,
  LocatedError,
  parseDockerfile,
  placeText,
  unsupportedInNative,
  type DockerfileText,
} from '../dockerfile/dockerfile.js';
import { NativeBuilder } from './native/builder.js';
import { AutoBuilder } from './auto.js';
import type { Plan } from '../request/plan.js';
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
  if (asked === 'native') {
    throw new LocatedError(
      unsupported,
      `${unsupported.instruction} is not supported by the native builder: ${unsupported.reason}`,
      `Set ${wording.setting('builder')} to docker (or auto) to build this Dockerfile with the Docker engine.`,
    );
  }
  return {
    kind: 'docker',
    reason: `${placeText(unsupported)}: ${unsupported.instruction} needs the Docker engine (${unsupported.reason})`,
  };
}

/**
 * What the run gives createBuilder: the builders' settings, but for onTempDir (each
 * scratch directory is recorded in `io` as a leftover, for the post step).
 */
export type RunBuilderSettings = Omit<BuilderSettings, 'onTempDir'>;

export function createBuilder(choice: BuilderChoice, settings: RunBuilderSettings): ImageBuilder {
  const { io } = settings;
  io.info(`Builder: ${choice.kind} (${choice.reason})`);
  // Both builders are made of the same settings.
  const made: BuilderSettings = { ...settings, onTempDir: (dir) => rememberTempDir(io, dir) };
  const engine = (): ImageBuilder => new DockerBuilder(made);
  if (choice.kind === 'docker') return engine();
  const native = new NativeBuilder(made);
  return choice.auto ? new AutoBuilder(native, engine, io) : native;
}

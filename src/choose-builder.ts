import type { ImageBuilder } from './builder.js';
import { rememberTempDir } from './cleanup.js';
import { DockerBuilder } from './docker/builder.js';
import type { Inputs } from './inputs.js';

/** Picks the builder the inputs ask for; `auto` uses the Docker engine for now. */
export async function chooseBuilder(
  _inputs: Inputs,
  registry: string,
  tempDir: string,
): Promise<ImageBuilder> {
  return new DockerBuilder(tempDir, registry, rememberTempDir);
}

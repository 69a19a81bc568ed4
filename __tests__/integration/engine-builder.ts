/** The docker builder made in process, for the tests that drive it step by step. */
import { DockerBuilder } from '../../src/builders/docker/builder.js';
import { silentIo } from '../../src/core/io.js';
import { DEFAULT_LAYER_COMPRESSION } from '../../src/layers/compression.js';

/** A docker builder with `tempDir` as its runner temp, pushing to `registry`, saying nothing. */
export function engineBuilder(tempDir: string, registry: string): DockerBuilder {
  return new DockerBuilder(
    tempDir,
    registry,
    () => undefined,
    120_000,
    DEFAULT_LAYER_COMPRESSION,
    undefined,
    silentIo,
    process.env,
  );
}

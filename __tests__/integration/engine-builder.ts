/** The docker builder made in process, for the tests that drive it step by step. */
import { DockerBuilder } from '../../src/builders/docker/builder.js';
import { builderSettings } from '../fixtures/builder-settings.js';

/** A docker builder with `tempDir` as its runner temp, pushing to `registry`, saying nothing. */
export function engineBuilder(tempDir: string, registry: string): DockerBuilder {
  return new DockerBuilder(builderSettings(tempDir, registry, { retryTimeoutMs: 120_000 }));
}

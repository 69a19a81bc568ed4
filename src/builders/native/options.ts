/** What a native build is given: the options shared by the build and the start of each stage. */
import type { DockerfileReader } from '../../dockerfile/dockerfile.js';
import type { LayerCache } from '../../image/base-layers-cache.js';
import type { BaseImage } from '../../image/built-image.js';
import type { Platform } from '../../image/platform.js';
import type { LayerCompression } from '../../layers/compression.js';
import type { LiveLayer } from '../../layers/live-layer.js';

import type { Env } from '../../util/child-env.js';
export interface NativeBuildOptions {
  contextDir: string;
  /** Path of the Dockerfile. */
  dockerfile: string;
  /** The run's Dockerfiles, read and parsed once (default: read here). */
  dockerfiles?: DockerfileReader;
  buildArgs: Record<string, string>;
  /** Labels added to the image last (the action's labels), without history. */
  labels: Record<string, string>;
  /** OCI annotations of the image manifest (the action's). */
  annotations?: ReadonlyArray<[string, string]>;
  target?: string;
  platform: Platform;
  /** Every timestamp, in seconds since 1970 (SOURCE_DATE_EPOCH). */
  epoch: number;
  /** How the layers this build makes are compressed (default gzip level 6). */
  compression?: LayerCompression;
  /** Where layers and extracted ADD archives are written; the caller removes it. */
  tmpDir: string;
  /** The step's environment, which ADD's decompressors (bzip2, xz) inherit. */
  env?: Env;
  /** Resolves a FROM image for a platform; needed only when a stage uses one. */
  pullBase?: (ref: string, platform: Platform) => Promise<BaseImage>;
  /** Layers compressed at the same time (default: the CPU count, at most 4). */
  concurrency?: number;
  /** Where base layers the build reads files of are kept between builds (RUNNER_TEMP). */
  layerCacheDir?: string;
  /**
   * The run's base layers, shared by its builds (platforms) and what reads the images
   * after them, so that each is downloaded once; default: one of this build's own, over
   * layerCacheDir (else a directory under tmpDir).
   */
  layerCache?: LayerCache;
  /** Told of each layer of the image as it starts being written (to upload it meanwhile). */
  onLayer?: (live: LiveLayer) => void;
  /** Read each layer's files as it is written, for the SBOM (attestations on). */
  followFiles?: boolean;
}

/** The options a build goes by once it started: the layer cache decided. */
export type StartedBuildOptions = NativeBuildOptions & { layerCache: LayerCache };

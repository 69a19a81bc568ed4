import type { Plan } from '../request/plan.js';
import type { Credentials } from '../registry/types.js';
import type { BuiltImage, BuiltLayer } from '../image/built-image.js';
import type { DockerfileReader } from '../dockerfile/dockerfile.js';
import type { RegistryClients } from '../registry/clients.js';
import type { Io } from '../core/io.js';
import type { LayerCompression } from '../layers/compression.js';
import type { CredentialsFor } from '../request/registry-auth.js';
import type { Env } from '../util/child-env.js';

/** What the builders of one run share with the rest of it: one of each per run. */
export interface RunShared {
  /** The registry clients, one per registry and credentials. */
  clients: RegistryClients;
  /** The Dockerfiles, read and parsed once. */
  dockerfiles: DockerfileReader;
}

/**
 * What a builder is made of: both take the same settings (NativeBuilderSettings,
 * DockerBuilderSettings), each said once here.
 */
export interface BuilderSettings {
  /** The runner's temp directory: the builder's scratch directory is made in it. */
  tempDir: string;
  /** The registry pushed to (its host, as the image names it). */
  registry: string;
  /** Learns the scratch directory as soon as it is made, so the post step can remove it. */
  onTempDir: (dir: string) => void;
  /** How long a registry request is retried before it fails, in milliseconds. */
  retryTimeoutMs: number;
  /** How the layers the builder makes are compressed. */
  compression: LayerCompression;
  /** The credentials for each registry pulled from or pushed to. */
  credentials?: CredentialsFor | undefined;
  /** The run's Io: the builder's log, docker's output, the tokens to mask. */
  io: Io;
  /** The step's environment: docker and ADD's decompressors inherit it. */
  env: Env;
  /** What the run shares: its registry clients and Dockerfiles (else the builder's own). */
  shared?: RunShared | undefined;
}

/** What main asks of an image builder, whichever it is. */
export interface BuildResult {
  /** The image ID: digest of the image config. */
  imageId: string;
  /** Image size in bytes, as the builder measures it (see sizeKind). */
  size: number | undefined;
  sizeKind: 'compressed' | 'uncompressed';
  /** With several platforms: each platform's image manifest digest, as pushed. */
  platforms?: Array<{ platform: string; digest: string }>;
}

export interface PushResult {
  /** The manifest (or index) digest that every pushed tag names. */
  digest: string;
  /** Full references pushed, in order. */
  pushed: string[];
  /** Bytes of blobs uploaded, when the builder knows. */
  uploadedBytes?: number;
  /** Compressed size of what the tags name (config and layers), when the builder knows. */
  size?: number;
  /** For a multi-platform image: each platform's manifest digest. */
  platforms?: Array<{ platform: string; digest: string; size?: number }>;
}

export type { Credentials };

export interface ImageBuilder {
  readonly name: 'docker' | 'native';
  /**
   * Builds the image of one platform per call (undefined: the runner's own) and
   * collects them: several platforms make one index.
   */
  build(plan: Plan, platform: string | undefined): Promise<BuildResult>;
  /** Checks the credentials against the registry before anything is pushed. */
  login(credentials: Credentials, plan: Plan): Promise<void>;
  push(plan: Plan): Promise<PushResult>;
  /** Writes the built image as a tar archive (docker load; OCI layout where the builder can). */
  exportArchive(plan: Plan, path: string): Promise<void>;
  /** The images built, and how to read their layers (native builder: for verify). */
  built?(): {
    images: readonly BuiltImage[];
    open: (layer: BuiltLayer) => Promise<NodeJS.ReadableStream>;
  };
  /** Removes whatever the builder left on disk. Safe to call twice. */
  dispose(): void;
}

import type { Plan } from '../request/plan.js';
import type { Credentials } from '../registry/types.js';
import type { BuiltImage, BuiltLayer } from '../image/built-image.js';
import type { DockerfileReader } from '../dockerfile/dockerfile.js';
import type { RegistryClients } from '../registry/clients.js';

/** What the builders of one run share with the rest of it: one of each per run. */
export interface RunShared {
  /** The registry clients, one per registry and credentials. */
  clients: RegistryClients;
  /** The Dockerfiles, read and parsed once. */
  dockerfiles: DockerfileReader;
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

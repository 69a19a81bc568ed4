import { basename } from 'node:path';
import type { Plan } from '../../request/plan.js';
import { resolveBaseImage, type ClientFor } from '../../image/base-image.js';
import { baseImageLayers, type BuiltLayer } from '../../image/built-image.js';
import type { Platform } from '../../image/platform.js';
import { DockerfileReader, finalBaseImage, parseDockerfile } from '../../dockerfile/dockerfile.js';
import { parseImageConfig } from '../../image/config.js';

/** Layers an engine image shares with its base image, by diff_id. */
export type BaseLayers = ReadonlyMap<string, BuiltLayer>;

/** The registry image the Dockerfile's target finally starts from; undefined for scratch. */
export function dockerfileBase(
  plan: Plan,
  dockerfiles = new DockerfileReader(),
): string | undefined {
  const parsed = parseDockerfile(
    dockerfiles.read(plan.dockerfile),
    basename(plan.dockerfile),
    Object.fromEntries(plan.buildArgs),
    { target: plan.target || undefined },
  );
  return finalBaseImage(parsed, plan.target || undefined);
}

/**
 * The base image's layers as its registry holds them (digest, size, media type), keyed
 * by diff_id: an engine image built on it reuses them as they are (mounted or streamed
 * across when pushed) instead of compressing them again under new digests.
 */
export async function baseLayers(
  ref: string,
  platform: Platform,
  clientFor: ClientFor,
): Promise<BaseLayers> {
  const base = await resolveBaseImage(ref, platform, clientFor);
  const diffIds = parseImageConfig(base.config).rootfs.diff_ids;
  const layers = new Map<string, BuiltLayer>();
  // A config that lists fewer diff_ids than the manifest has layers: only those it names.
  for (const layer of baseImageLayers(base, diffIds).slice(0, diffIds.length)) {
    layers.set(layer.diffId, layer);
  }
  return layers;
}

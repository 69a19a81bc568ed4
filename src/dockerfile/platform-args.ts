/**
 * The predefined platform ARGs (BUILDPLATFORM, TARGETPLATFORM, ...) as BuildKit's
 * getPlatformArgs sets them: the build platform is the host, the target the requested
 * platform, both normalised like containerd's platforms package.
 */
import { formatPlatform, hostPlatform, normalizePlatform } from '../image/platform.js';

/** The predefined platform ARGs, with build-arg overrides (BuildKit's getPlatformArgs). */
export function platformArgs(
  buildArgs: Record<string, string>,
  platform?: string,
): Map<string, string> {
  const build = hostPlatform();
  const targetSpec =
    platform ?? (Object.hasOwn(buildArgs, 'TARGETPLATFORM') ? buildArgs.TARGETPLATFORM : undefined);
  const target = targetSpec ? normalizePlatform(targetSpec, build) : build;
  const args = new Map<string, string>([
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDARCH', build.architecture],
    ['BUILDVARIANT', build.variant ?? ''],
    ['TARGETPLATFORM', formatPlatform(target)],
    ['TARGETOS', target.os],
    ['TARGETARCH', target.architecture],
    ['TARGETVARIANT', target.variant ?? ''],
  ]);
  for (const key of args.keys()) {
    if (Object.hasOwn(buildArgs, key)) args.set(key, buildArgs[key] as string);
  }
  return args;
}

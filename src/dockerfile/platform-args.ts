/**
 * The predefined platform ARGs (BUILDPLATFORM, TARGETPLATFORM, ...) as BuildKit's
 * getPlatformArgs sets them: the build platform is the host, the target the requested
 * platform, both normalised like containerd's platforms package.
 */

interface Platform {
  os: string;
  arch: string;
  variant: string;
}

const HOST_ARCH: Record<string, Platform> = {
  x64: { os: 'linux', arch: 'amd64', variant: '' },
  arm64: { os: 'linux', arch: 'arm64', variant: '' },
  arm: { os: 'linux', arch: 'arm', variant: 'v7' },
  ia32: { os: 'linux', arch: '386', variant: '' },
  ppc64: { os: 'linux', arch: 'ppc64le', variant: '' },
  s390x: { os: 'linux', arch: 's390x', variant: '' },
  riscv64: { os: 'linux', arch: 'riscv64', variant: '' },
  loong64: { os: 'linux', arch: 'loong64', variant: '' },
};

/** The build platform: the host architecture, always linux (images are linux). */
function hostArch(): Platform {
  return HOST_ARCH[process.arch] ?? { os: 'linux', arch: 'amd64', variant: '' };
}

/** Parses and normalises `os/arch[/variant]` as containerd's platforms package does. */
function parsePlatform(spec: string, fallback: Platform): Platform {
  const parts = spec.trim().toLowerCase().split('/');
  let os = parts[0] ?? '';
  let arch = parts[1] ?? '';
  let variant = parts[2] ?? '';
  if (parts.length === 1) {
    // "arm64" alone is an architecture, "linux" alone an OS
    if (['linux', 'windows', 'darwin', 'freebsd'].includes(os)) arch = fallback.arch;
    else [os, arch] = [fallback.os, os];
  }
  switch (arch) {
    case 'i386':
      arch = '386';
      variant = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      arch = 'arm64';
      if (variant === '8' || variant === 'v8') variant = '';
      break;
    case 'armhf':
      arch = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      arch = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (/^[5-8]$/.test(variant)) variant = `v${variant}`;
      break;
  }
  return { os, arch, variant };
}

function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.arch}/${p.variant}` : `${p.os}/${p.arch}`;
}

/** The predefined platform ARGs, with build-arg overrides (BuildKit's getPlatformArgs). */
export function platformArgs(
  buildArgs: Record<string, string>,
  platform?: string,
): Map<string, string> {
  const build = hostArch();
  const targetSpec =
    platform ?? (Object.hasOwn(buildArgs, 'TARGETPLATFORM') ? buildArgs.TARGETPLATFORM : undefined);
  const target = targetSpec ? parsePlatform(targetSpec, build) : build;
  const args = new Map<string, string>([
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDARCH', build.arch],
    ['BUILDVARIANT', build.variant],
    ['TARGETPLATFORM', formatPlatform(target)],
    ['TARGETOS', target.os],
    ['TARGETARCH', target.arch],
    ['TARGETVARIANT', target.variant],
  ]);
  for (const key of args.keys()) {
    if (Object.hasOwn(buildArgs, key)) args.set(key, buildArgs[key] as string);
  }
  return args;
}

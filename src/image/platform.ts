/**
 * The OCI platform: one type, and the one way to write, read and compare it, with
 * containerd's defaults (an arm64 image without a variant is v8, an arm one v7); the
 * host's platform, the variants that exist, and a target platform's build variables.
 */

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** `linux/arm/v7`. */
export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** The variant an image of this architecture has when it names none. */
export function defaultVariant(architecture: string): string | undefined {
  if (architecture === 'arm64') return 'v8';
  if (architecture === 'arm') return 'v7';
  return undefined;
}

/** Whether two platforms name the same machine, with the default variants filled in. */
export function samePlatform(a: Platform, b: Platform): boolean {
  return (
    a.os === b.os &&
    a.architecture === b.architecture &&
    (a.variant ?? defaultVariant(a.architecture)) === (b.variant ?? defaultVariant(b.architecture))
  );
}

/** `os-arch[-variant]`, for a tag: `linux-arm-v7`. */
export function platformTagSuffix(p: Platform): string {
  return formatPlatform(p).replaceAll('/', '-');
}

/**
 * `linux/arm/v7` → Platform (lower-cased). Text without an OS and an architecture gives
 * `fallback`, or an error when there is none.
 */
export function parsePlatform(text: string, fallback?: Platform): Platform {
  const [os, architecture, variant] = text.toLowerCase().split('/');
  if (!os || !architecture) {
    if (fallback !== undefined) return fallback;
    throw new Error(`${JSON.stringify(text)} is not a platform: expected os/arch[/variant]`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

/**
 * `os/arch[/variant]` read and normalised as containerd's platforms package does (how
 * BuildKit reads a target platform): `aarch64` is arm64, `armhf` arm/v7, `x86_64`
 * amd64, an architecture alone takes `fallback`'s OS, an OS alone its architecture.
 */
export function normalizePlatform(text: string, fallback: Platform): Platform {
  const parts = text.trim().toLowerCase().split('/');
  let os = parts[0] ?? '';
  let arch = parts[1] ?? '';
  let variant = parts[2] ?? '';
  if (parts.length === 1) {
    // "arm64" alone is an architecture, "linux" alone an OS
    if (['linux', 'windows', 'darwin', 'freebsd'].includes(os)) arch = fallback.architecture;
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
  return variant ? { os, architecture: arch, variant } : { os, architecture: arch };
}

/** Node.js's names of the host architectures, as OCI platforms (images are linux). */
const HOST_PLATFORMS: Record<string, Platform> = {
  x64: { os: 'linux', architecture: 'amd64' },
  arm64: { os: 'linux', architecture: 'arm64' },
  arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
  ia32: { os: 'linux', architecture: '386' },
  ppc64: { os: 'linux', architecture: 'ppc64le' },
  s390x: { os: 'linux', architecture: 's390x' },
  riscv64: { os: 'linux', architecture: 'riscv64' },
  loong64: { os: 'linux', architecture: 'loong64' },
};

/** The platform this process runs on, as an OCI platform. */
export function hostPlatform(): Platform {
  return { ...(HOST_PLATFORMS[process.arch] ?? { os: 'linux', architecture: process.arch }) };
}

/** The variants each architecture has (as containerd and BuildKit name them). */
const VARIANTS: Record<string, readonly string[]> = {
  arm: ['v5', 'v6', 'v7', 'v8'],
  arm64: ['v8'],
  amd64: ['v1', 'v2', 'v3', 'v4'],
};

/** Why an architecture's variant does not exist, or undefined when it does (or is not checked). */
export function variantProblem(arch: string, variant: string): string | undefined {
  const known = VARIANTS[arch];
  if (known === undefined || variant === '' || known.includes(variant)) return undefined;
  return `${arch} has no variant ${variant}: its variants are ${known.join(', ')}.`;
}

/** The build variables Docker defines for a target platform (default: the runner's own). */
export function targetVariables(platform: string | undefined): Record<string, string> {
  if (platform === undefined) return targetVariables(formatPlatform(hostPlatform()));
  const { os, architecture, variant = '' } = parsePlatform(platform);
  return {
    TARGETPLATFORM: platform,
    TARGETOS: os,
    TARGETARCH: architecture,
    TARGETVARIANT: variant,
  };
}

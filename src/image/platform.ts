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
 * `linux/arm/v7` → Platform, normalised (see normalizePlatform). Text without an OS and
 * an architecture gives `fallback`, or an error when there is none.
 */
export function parsePlatform(text: string, fallback?: Platform): Platform {
  const [os, architecture] = text.trim().toLowerCase().split('/');
  if (!os || !architecture) {
    if (fallback !== undefined) return fallback;
    throw new Error(`${JSON.stringify(text)} is not a platform: expected os/arch[/variant]`);
  }
  return normalizePlatform(text, { os, architecture });
}

/** containerd's operating systems (platforms.isKnownOS): one of them alone is an OS. */
const KNOWN_OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris windows zos'.split(
    ' ',
  ),
);

/** containerd's normalizeArch: one name per architecture, the default variant left out. */
function normalizeArch(arch: string, variant: string): [string, string] {
  switch (arch) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', variant === 'v1' ? '' : variant];
    case 'aarch64':
    case 'arm64':
      if (['8', 'v8', 'v8.0'].includes(variant)) return ['arm64', ''];
      if (['9', '9.0', 'v9.0'].includes(variant)) return ['arm64', 'v9'];
      return ['arm64', variant];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      if (variant === '' || variant === '7') return ['arm', 'v7'];
      return ['arm', ['5', '6', '8'].includes(variant) ? `v${variant}` : variant];
    default:
      return [arch, variant];
  }
}

/**
 * `os/arch[/variant]` read and normalised as containerd's platforms.Parse and
 * platforms.Normalize do (how BuildKit reads every platform: the target, FROM
 * --platform, the image config's): `aarch64` is arm64, `armhf` arm/v7, `x86_64` amd64,
 * `linux/arm` is arm/v7 and `linux/arm64/v8` arm64; an architecture alone takes
 * `fallback`'s OS, an OS alone its architecture, and nothing gives `fallback`. The one
 * place where platform text becomes a Platform.
 */
export function normalizePlatform(text: string, fallback: Platform): Platform {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length === 1 && parts[0] === '') return { ...fallback };
  let [os = '', arch = '', variant = ''] = parts;
  if (parts.length === 1) {
    if (KNOWN_OS.has(os)) [arch, variant] = [fallback.architecture, fallback.variant ?? ''];
    else [os, arch] = [fallback.os, os];
  }
  if (os === 'macos') os = 'darwin';
  [arch, variant] = normalizeArch(arch, variant);
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
  const target = normalizePlatform(platform ?? '', hostPlatform());
  const { os, architecture, variant = '' } = target;
  return {
    TARGETPLATFORM: formatPlatform(target),
    TARGETOS: os,
    TARGETARCH: architecture,
    TARGETVARIANT: variant,
  };
}

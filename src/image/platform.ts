/**
 * The OCI platform: one type, and the one way to write, read and compare it, with
 * containerd's defaults (an arm64 image without a variant is v8, an arm one v7).
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

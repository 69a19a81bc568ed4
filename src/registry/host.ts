/**
 * Where a registry lives: the base URL the client talks to for a registry name
 * as the user wrote it ("docker.io", "ghcr.io", "127.0.0.1:5000", ...).
 */

/** Names that all mean Docker Hub; its API is served by registry-1.docker.io. */
const DOCKER_HUB_NAMES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

/** True when `host` (lowercase, no port) is one of Docker Hub's names. */
export function isDockerHubName(host: string): boolean {
  return DOCKER_HUB_NAMES.has(host);
}

export function isDockerHub(registry: string): boolean {
  return isDockerHubName(hostnameOf(registry));
}

/** The host name of a registry as written (scheme and port left out), lowercase. */
function hostnameOf(registry: string): string {
  return splitHostPort(stripScheme(registry).host).hostname.toLowerCase();
}

/** A registry whose own rules the error hints know (repositories, tags, rights). */
export type KnownRegistry =
  | { kind: 'ecr'; region: string }
  | { kind: 'ecr-public' }
  | { kind: 'ghcr' }
  | { kind: 'docker-hub' };

/**
 * Which of the registries with rules of their own `registry` is: Amazon ECR
 * (`<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`), ECR Public (`public.ecr.aws`),
 * GHCR (`ghcr.io`), Docker Hub; undefined for any other.
 */
export function knownRegistry(registry: string): KnownRegistry | undefined {
  const host = hostnameOf(registry);
  if (isDockerHubName(host)) return { kind: 'docker-hub' };
  if (host === 'ghcr.io') return { kind: 'ghcr' };
  if (host === 'public.ecr.aws') return { kind: 'ecr-public' };
  const ecr = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host);
  return ecr ? { kind: 'ecr', region: ecr[1]! } : undefined;
}

/** True for 127.0.0.0/8, localhost (and *.localhost), and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  let h = hostname.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) h = h.slice('::ffff:'.length);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) && octets[0] === 127;
}

/** Splits "host:port", "[v6]:port", "host" into parts; the port is undefined when absent. */
export function splitHostPort(hostPort: string): { hostname: string; port?: number } {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return { hostname: hostPort };
    const rest = hostPort.slice(end + 1);
    const port = rest.startsWith(':') ? Number(rest.slice(1)) : undefined;
    return { hostname: hostPort.slice(0, end + 1), port: validPort(port) };
  }
  const colons = hostPort.split(':').length - 1;
  if (colons === 1) {
    const i = hostPort.indexOf(':');
    return { hostname: hostPort.slice(0, i), port: validPort(Number(hostPort.slice(i + 1))) };
  }
  // No port, or a bare IPv6 address without brackets.
  return { hostname: hostPort };
}

function validPort(p: number | undefined): number | undefined {
  return p !== undefined && Number.isInteger(p) && p > 0 && p < 65536 ? p : undefined;
}

function stripScheme(registry: string): { scheme?: 'http' | 'https'; host: string } {
  let r = registry.trim();
  let scheme: 'http' | 'https' | undefined;
  const m = /^(https?):\/\//i.exec(r);
  if (m) {
    scheme = m[1]!.toLowerCase() as 'http' | 'https';
    r = r.slice(m[0].length);
  }
  // Drop any path ("docker.io/v1/", "host:5000/") and trailing slashes.
  const slash = r.indexOf('/');
  if (slash >= 0) r = r.slice(0, slash);
  return { scheme, host: r };
}

/**
 * Base URL (no trailing slash) for the registry's API.
 *
 * - Docker Hub names go to https://registry-1.docker.io.
 * - Loopback registries (127.0.0.0/8, localhost, [::1], with or without port) use plain HTTP.
 * - Everything else uses HTTPS.
 * - An explicit "http://" or "https://" prefix is honoured as written.
 */
export function registryBaseUrl(registry: string): string {
  const { scheme, host } = stripScheme(registry);
  if (host === '') throw new Error('empty registry name');
  const { hostname } = splitHostPort(host);
  if (isDockerHubName(hostname.toLowerCase())) return `https://${DOCKER_HUB_API_HOST}`;
  const bare = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : host;
  const chosen = scheme ?? (isLoopbackHost(hostname) ? 'http' : 'https');
  return `${chosen}://${bare.toLowerCase()}`;
}

/**
 * Repository path as the registry API wants it. On Docker Hub official images
 * live under "library/", so "alpine" means "library/alpine".
 */
export function apiRepository(registry: string, repo: string): string {
  const r = repo.replace(/^\/+|\/+$/g, '');
  if (isDockerHub(registry) && !r.includes('/')) return `library/${r}`;
  return r;
}

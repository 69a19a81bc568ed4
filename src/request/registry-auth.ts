/**
 * Credentials per registry: the `registry-auth` input (`host=username:password` lines)
 * with the push credentials (`username`/`password`, for the registry pushed to). Each
 * entry goes only to the registry it names (its client sends it to that host and the
 * token realm its challenge names, nothing else): for the push, and for every pull of a
 * base image from that registry.
 *
 * A password never appears in a message: an error names the line by its number and host.
 */
import { InputError, showValue } from '../core/errors.js';
import { normalizeRegistry } from '../registry/reference.js';
import type { Credentials } from '../registry/types.js';

export interface RegistryAuth extends Credentials {
  /** Normalized host ('docker.io' for every Docker Hub name). */
  host: string;
}

/** The host as a registry-auth line names it, or undefined when it is no host. */
function hostOf(raw: string): string | undefined {
  try {
    return normalizeRegistry(raw);
  } catch {
    return undefined;
  }
}

/** Each line's password (after the first ':' after the first '='), for masking before parsing. */
export function registryAuthSecrets(raw: string): Credentials[] {
  const out: Credentials[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    const rest = eq < 0 ? '' : line.slice(eq + 1);
    const colon = rest.indexOf(':');
    if (colon < 0) continue;
    out.push({ username: rest.slice(0, colon).trim(), password: rest.slice(colon + 1) });
  }
  return out;
}

/**
 * Parses `host=username:password` lines. The host is normalized (Docker Hub's names are
 * one), the password kept verbatim after its first ':' (it may hold ':' and '='), blank
 * lines skipped. A host listed twice or a malformed line is refused.
 */
export function parseRegistryAuth(raw: string): RegistryAuth[] {
  const entries: RegistryAuth[] = [];
  for (const [i, line] of raw.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const where = `line ${i + 1}`;
    const eq = line.indexOf('=');
    const host = eq < 0 ? undefined : hostOf(line.slice(0, eq));
    if (host === undefined) {
      // Text before the '=' holding ':' may be username:password (host forgotten, the
      // password holding '='): shown only without one.
      const before = eq < 0 ? '' : line.slice(0, eq).trim();
      const shown = before === '' || before.includes(':') ? '' : ` (${showValue(before, 100)})`;
      throw new InputError(
        'registry-auth',
        `${where} does not start with a registry host${shown}; give each as host=username:password.`,
      );
    }
    const rest = line.slice(eq + 1);
    const colon = rest.indexOf(':');
    const username = colon < 0 ? '' : rest.slice(0, colon).trim();
    const password = colon < 0 ? '' : rest.slice(colon + 1);
    if (username === '' || password === '') {
      const missing = colon < 0 ? 'no ":"' : username === '' ? 'no username' : 'no password';
      throw new InputError(
        'registry-auth',
        `${where} (${host}) has ${missing}; give each as host=username:password.`,
      );
    }
    if (entries.some((e) => e.host === host)) {
      throw new InputError('registry-auth', `${where}: ${host} is listed twice.`);
    }
    entries.push({ host, username, password });
  }
  return entries;
}

/** Which credentials go to which registry: one lookup for pushes and pulls alike. */
export interface CredentialsFor {
  (registry: string): Credentials | undefined;
  /** Every registry (normalized host) that has credentials, when known. */
  readonly registries?: readonly string[];
}

/**
 * The credentials for a registry: `username`/`password` for the registry pushed to,
 * else the registry-auth entry naming it, else none (anonymous).
 */
export function credentialsFor(
  push: { registry: string; username: string; password: string },
  entries: readonly RegistryAuth[],
): CredentialsFor {
  const pushHost = hostOf(push.registry);
  const pushed = pushHost !== undefined && push.username !== '' && push.password !== '';
  const lookup = (registry: string): Credentials | undefined => {
    const host = hostOf(registry);
    if (host === undefined) return undefined;
    if (host === pushHost && pushed) {
      return { username: push.username, password: push.password };
    }
    const entry = entries.find((e) => e.host === host);
    return entry ? { username: entry.username, password: entry.password } : undefined;
  };
  const hosts = entries.map((e) => e.host);
  const registries = pushed && !hosts.includes(pushHost) ? [pushHost, ...hosts] : hosts;
  return Object.assign(lookup, { registries });
}

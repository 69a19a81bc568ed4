/**
 * Where the registry's credentials may go, and keeping them out of what is printed.
 *
 * The password (as Basic authentication) and the tokens go only to the registry's own
 * origin, and the password also to the token realm that the registry's own challenge
 * names, never over plain HTTP when the registry itself uses HTTPS. A request to any
 * other host (an upload Location, a Link to the next page of tags, a redirect to object
 * storage) goes without Authorization, and a challenge from such a host is refused.
 *
 * Everything a registry sends back may echo what it received: error bodies, headers,
 * URLs. The Redactor removes the password in all its forms and every token received
 * before any of it is cut short, logged or put into an error.
 */
import { secretForms } from '../../core/secrets.js';
import { RegistryError } from '../errors.js';
import type { Credentials, Logger } from '../types.js';
import type { HttpResponse } from './http.js';

/** True when `url` is the registry itself: the only place its credentials go. */
export function isRegistryOrigin(url: URL, registryBase: URL): boolean {
  return url.origin === registryBase.origin;
}

/**
 * The error for a token realm the password must not go to, or undefined when it may:
 * plain HTTP (or anything but http/https) for a registry reached over HTTPS.
 */
export function realmRefusal(
  realm: URL,
  registryBase: URL,
  registry: string,
): RegistryError | undefined {
  const plain = realm.protocol === 'http:';
  if (realm.protocol === 'https:' || (plain && registryBase.protocol === 'http:')) return undefined;
  const shown = `${realm.origin}${realm.pathname}`;
  return new RegistryError(
    'login',
    plain
      ? `${registry} asked for a token from ${shown}, over plain HTTP while the registry itself uses HTTPS: the credentials would travel in clear, so they were not sent.`
      : `${registry} asked for a token from ${shown}, which is not an HTTP(S) address.`,
    "Fix the token realm in the registry's configuration (it must be an https:// address).",
    401,
  );
}

/** The error for a 401 from a host other than the registry: its challenge is refused. */
export function foreignChallengeRefusal(
  url: URL,
  res: HttpResponse,
  registry: string,
  what: string,
): RegistryError {
  res.stream?.resume();
  const challenge = res.headers['www-authenticate'];
  const text = Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? '');
  const scheme = /^\s*([A-Za-z]+)/.exec(text)?.[1];
  const realm = /realm\s*=\s*"?([^",\s]+)/i.exec(text)?.[1];
  const asked = scheme ? ` (${scheme}${realm ? ` realm ${realm}` : ''})` : '';
  return new RegistryError(
    'login',
    `${url.host} asked for credentials${asked} while ${what}, but it is not ${registry}: the registry's credentials go only to the registry and the token service it names, so none were sent.`,
    `${registry} sent the request to ${url.host} (upload Location, redirect or pagination link); check the registry's public address in its configuration.`,
    401,
  );
}

/** A well-formed content digest (the only algorithms registries use). */
export function isDigest(value: string): boolean {
  return /^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/.test(value);
}

/** A digest as the registry reported it, for a message: only when it is well formed. */
export function shownDigest(value: string): string {
  return isDigest(value) ? value : 'a malformed digest';
}

/**
 * Removes secrets from text: the password in every form it travels in, and each token
 * received (which `onSecret` also hands to the runner to mask).
 */
export class Redactor {
  private secrets: string[];

  constructor(
    credentials: Credentials | undefined,
    private readonly onSecret?: (secret: string) => void,
  ) {
    this.secrets = credentials ? secretForms(credentials.username, credentials.password) : [];
    this.sort();
  }

  /** A token the client received: redacted from now on and masked by the runner. */
  addToken(token: string): void {
    if (token.length < 3 || this.secrets.includes(token)) return;
    this.secrets.push(token);
    this.sort();
    this.onSecret?.(token);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }

  private sort(): void {
    // Longest first, so that "user:password" goes whole before "password".
    this.secrets = this.secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  }
}

/** A logger whose every line goes through the redactor first. */
export function redactingLogger(log: Logger, redactor: Redactor): Logger {
  return {
    info: (m) => log.info(redactor.redact(m)),
    debug: (m) => log.debug(redactor.redact(m)),
    warning: (m) => log.warning(redactor.redact(m)),
  };
}

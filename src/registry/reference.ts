/**
 * Image references, following the grammar of distribution/reference (the
 * library docker itself uses):
 *
 *   reference      := name [ ":" tag ] [ "@" digest ]
 *   name           := [ domain "/" ] path-component { "/" path-component }
 *   domain         := host [ ":" port ]
 *   host           := domain-name | "[" IPv6 "]"
 *   path-component := [a-z0-9]+ { separator [a-z0-9]+ },  separator := "." | "_" | "__" | "-"+
 *   tag            := [\w][\w.-]{0,127}
 *   digest         := sha256:<64 hex> | sha384:<96 hex> | sha512:<128 hex>
 *
 * The repository path is at most 255 characters.
 */
import { InputError, showValue, type Hint, type SettingWords } from '../core/errors.js';
import { isDockerHubName } from './host.js';

export const DOCKER_HUB = 'docker.io';

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_NAME}|${IPV6})(?::([0-9]+))?$`);

const PATH_COMPONENT_PATTERN = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT_PATTERN}$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Longest repository path (the name without its domain). */
const MAX_PATH_LENGTH = 255;
/** Longest input this module will look at; protects the regular expressions. */
const MAX_INPUT = 4096;

const PATH_RULE =
  'each "/"-separated part must be lowercase letters and digits, joined by ".", "_", "__" or "-" ' +
  `(${PATH_COMPONENT_PATTERN})`;

const show = (v: string): string => showValue(v);

/** Why a domain[:port] is invalid, or undefined when it is valid. */
function domainProblem(host: string): string | undefined {
  if (host.length > 255) return 'is too long';
  const m = DOMAIN_RE.exec(host);
  if (m === null) {
    return 'is not a host name: expected a host such as "ghcr.io", "registry.example.com:5000", "localhost:5000" or "[::1]:5000", without scheme or path';
  }
  const port = m[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return `has port ${port}, outside 1-65535`;
  }
  return undefined;
}

/**
 * Normalizes a registry host: lowercased, the Docker Hub aliases
 * (index.docker.io, registry-1.docker.io, registry.hub.docker.com, '') become 'docker.io', ports kept.
 * Throws InputError('registry') for anything that is not a host[:port].
 */
export function normalizeRegistry(host: string): string {
  const h = host.trim().toLowerCase();
  if (h === '') return DOCKER_HUB;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(h)) {
    throw new InputError(
      'registry',
      `${show(host)} is a URL; give the registry host only.`,
      'For example "ghcr.io" or "registry.example.com:5000".',
    );
  }
  if (h.includes('/')) {
    throw new InputError(
      'registry',
      `${show(host)} contains "/"; the registry is a host name only.`,
      (w) =>
        `Put the namespace in ${w.setting('image')} instead, for example ${w.example('image', 'owner/name')}.`,
    );
  }
  const problem = domainProblem(h);
  if (problem !== undefined) throw new InputError('registry', `${show(host)} ${problem}.`);
  return isDockerHubName(h) ? DOCKER_HUB : h;
}

export interface ImageName {
  /** Normalized registry host, e.g. 'docker.io', 'ghcr.io', 'localhost:5000'. */
  registry: string;
  /** Repository path, e.g. 'alice/hello'. */
  path: string;
  /** registry + '/' + path, e.g. 'docker.io/alice/hello'. */
  name: string;
}

/** Whether the first component of a name is a registry host (docker's rule, minus uppercase). */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/**
 * Resolves the image input into a registry and repository path.
 *
 * - Empty image: `<username>/<repository name>`, or the GitHub repository
 *   (owner/name) when there is no username.
 * - The image may start with a registry host ('ghcr.io/x/y', 'localhost:5000/x').
 *   With the default registry (docker.io) the image's host wins; otherwise it
 *   must agree with the registry input.
 * - On Docker Hub a name without '/' goes under `<username>/` ('library/'
 *   without a username).
 * - Uppercase is lowercased with a notice; anything else invalid is an
 *   InputError('image').
 */
export function resolveImageName(o: {
  image: string;
  registry: string;
  username: string;
  repository: string;
}): { image: ImageName; notices: string[] } {
  const notices: string[] = [];
  const registryInput = normalizeRegistry(o.registry);
  const username = o.username.trim();
  const { value, derived } = imageValue(o.image, o.repository, username);
  const hint = derived
    ? (w: SettingWords) =>
        `The image name was derived from ${username !== '' ? `${w.setting('username')} and ` : ''}the repository name; set ${w.setting('image')} to choose a valid one.`
    : undefined;
  const fail: Fail = (message, h) => {
    throw new InputError('image', message, h ?? hint);
  };

  if (value.length > MAX_INPUT) fail(`is ${value.length} characters long; that is too long.`);
  if (/[\s\p{Cc}]/u.test(value)) {
    fail(`${show(value)} contains whitespace or control characters. ${PATH_RULE}.`);
  }
  if (value.includes('@')) {
    fail(
      `${show(value)} contains a digest ("@..."); give the name only.`,
      'The image is always pushed by tag; the digest is an output.',
    );
  }

  const { registry, path: named } = splitImageHost(value, registryInput, fail);
  let path = named;
  const lastComponent = path.slice(path.lastIndexOf('/') + 1);
  if (lastComponent.includes(':')) {
    fail(
      `${show(value)} contains a tag (":${lastComponent.slice(lastComponent.indexOf(':') + 1)}"); give the name only.`,
      (w) => `Extra tags go in ${w.setting('tags')}; tags are otherwise computed from git.`,
    );
  }
  if (path.includes(':'))
    fail(`${show(value)} contains ":" inside the repository path. ${PATH_RULE}.`);

  if (registry === DOCKER_HUB && path !== '' && !path.includes('/')) {
    const namespace = username !== '' ? username : 'library';
    const namespaced = `${namespace}/${path}`;
    notices.push(
      `Image name ${show(path)} has no namespace; using ${show(namespaced)} on Docker Hub` +
        (username !== '' ? ' (the username).' : ' (no username given).'),
    );
    path = namespaced;
  }

  const lower = path.toLowerCase();
  if (lower !== path) {
    notices.push(
      `Image name ${show(path)} lowercased to ${show(lower)}: registry repository names must be lowercase.`,
    );
    path = lower;
  }
  checkPath(value, path, fail);
  return { image: { registry, path, name: `${registry}/${path}` }, notices };
}

type Fail = (message: string, hint?: Hint) => never;

/** The image input, or the name derived from the username and the GitHub repository. */
function imageValue(
  image: string,
  repository: string,
  username: string,
): { value: string; derived: boolean } {
  const given = image.trim();
  if (given !== '') return { value: given, derived: false };
  const repo = repository.trim();
  const repoName = repo.slice(repo.lastIndexOf('/') + 1);
  const value = username !== '' && repoName !== '' ? `${username}/${repoName}` : repo;
  if (value === '') {
    throw new InputError(
      'image',
      'is empty and there is no GitHub repository to name the image after.',
      (w) => `Set ${w.setting('image')}, for example ${w.example('image', 'alice/hello')}.`,
    );
  }
  return { value, derived: true };
}

/** The registry host an image name starts with, if any, checked against the registry input. */
function splitImageHost(
  value: string,
  registryInput: string,
  fail: Fail,
): { registry: string; path: string } {
  const slash = value.indexOf('/');
  if (slash === -1 || !looksLikeHost(value.slice(0, slash)))
    return { registry: registryInput, path: value };
  const hostPart = value.slice(0, slash);
  const problem = domainProblem(hostPart);
  if (problem !== undefined)
    fail(`${show(value)} starts with registry host ${show(hostPart)}, which ${problem}.`);
  const host = hostPart.toLowerCase();
  const imageRegistry = isDockerHubName(host) ? DOCKER_HUB : host;
  if (registryInput !== DOCKER_HUB && imageRegistry !== registryInput) {
    fail(
      `${show(value)} names registry "${imageRegistry}", but the registry is "${registryInput}".`,
      (w) =>
        `Drop the host (${w.example('image', value.slice(slash + 1))}), or set ${w.example('registry', imageRegistry)}.`,
    );
  }
  return { registry: imageRegistry, path: value.slice(slash + 1) };
}

/** Every path component valid, and the path not too long. */
function checkPath(value: string, path: string, fail: Fail): void {
  for (const component of path.split('/')) {
    if (component === '')
      fail(`${show(value)} has an empty path component (leading, trailing or double "/").`);
    if (!PATH_COMPONENT_RE.test(component)) {
      fail(
        `${show(value)} is not a valid image name: ${show(component)} is invalid; ${PATH_RULE}.`,
      );
    }
  }
  if (path.length > MAX_PATH_LENGTH) {
    fail(
      `${show(value)} is ${path.length} characters long; repository names are at most ${MAX_PATH_LENGTH}.`,
    );
  }
}

/** Whether a tag matches [\w][\w.-]{0,127}. */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/**
 * Makes a tag from a git value (branch or tag name): every run of characters
 * outside [A-Za-z0-9_.-] (including '/') becomes one '-', as docker/metadata-action
 * does; leading '.' and '-' are stripped (a tag must start with a word
 * character); the result is cut to 128 characters. May return ''.
 */
export function sanitizeTag(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
}

export interface ParsedReference {
  registry: string;
  path: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses a full reference with docker's normalization: 'ubuntu' is
 * docker.io/library/ubuntu, 'alice/x:1' is docker.io/alice/x tag 1. The tag is
 * undefined when absent (no implicit 'latest'). The Docker Hub aliases
 * (index.docker.io, registry-1.docker.io) become docker.io. Throws Error on
 * anything docker would reject.
 */
export function parseReference(ref: string): ParsedReference {
  const bad = (why: string): never => {
    throw new Error(`invalid reference ${show(ref)}: ${why}`);
  };
  if (ref === '') bad('empty');
  if (ref.length > MAX_INPUT) bad('too long');
  if (IDENTIFIER_RE.test(ref)) bad('a 64-character hexadecimal string is an image ID, not a name');

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const colon = digest.indexOf(':');
    const algorithm = colon === -1 ? '' : digest.slice(0, colon);
    const encoded = colon === -1 ? '' : digest.slice(colon + 1);
    if (
      !/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/.test(algorithm) ||
      !/^[0-9a-fA-F]{32,}$/.test(encoded)
    ) {
      bad(`digest ${show(digest)} is not <algorithm>:<hex>`);
    }
    const length = DIGEST_LENGTHS[algorithm];
    if (length === undefined) bad(`unsupported digest algorithm ${show(algorithm)}`);
    if (encoded.length !== length) bad(`${algorithm} digest must have ${length} hex characters`);
    if (!/^[a-f0-9]+$/.test(encoded)) bad('digest hex must be lowercase');
  }

  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG_RE.test(tag)) bad(`tag ${show(tag)} must match [\\w][\\w.-]{0,127}`);
  }

  if (rest === '') bad('no repository name');
  // Docker's domain split: the first component is a host when it has '.' or ':',
  // is 'localhost', or has uppercase (repository paths cannot).
  let registry = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (looksLikeHost(first) || first.toLowerCase() !== first) {
      registry = first;
      path = rest.slice(slash + 1);
      const problem = domainProblem(registry);
      if (problem !== undefined) bad(`registry ${show(registry)} ${problem}`);
      if (isDockerHubName(registry)) registry = DOCKER_HUB;
    }
  }
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;

  if (path.toLowerCase() !== path) bad(`repository name ${show(path)} must be lowercase`);
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT_RE.test(component)) {
      bad(`path component ${show(component)} is invalid; ${PATH_RULE}`);
    }
  }
  if (path.length > MAX_PATH_LENGTH) {
    bad(`repository name is longer than ${MAX_PATH_LENGTH} characters`);
  }

  const out: ParsedReference = { registry, path };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** 'docker.io/alice/hello:latest' */
export function formatReference(image: ImageName, tag: string): string {
  return `${image.name}:${tag}`;
}

/**
 * Action inputs: read once, validated, with paths resolved against the
 * workspace. parseInputs is pure (it takes the raw values through `get` and
 * touches no file system) so every rule is unit-tested; getInputs reads the
 * INPUT_* environment variables the runner sets.
 *
 * Every error is an InputError naming the input and showing the offending
 * value, except for the password, which never appears in a message.
 */
import path from 'node:path';
import { isInside } from '../fs/workspace-paths.js';
import { InputError, showValue } from '../core/errors.js';
import { INPUT_DEFAULTS, type InputName } from './defaults.js';
import { parseLayerCompression, type LayerCompression } from '../layers/compression.js';
import { shortDescriptionProblem } from '../registry/hub-limits.js';
import { isValidTag, normalizeRegistry, parseReference } from '../registry/reference.js';
import {
  formatPlatform,
  parsePlatform,
  platformTagSuffix,
  variantProblem,
} from '../image/platform.js';
import { holdsSecret, searchableSecretForms } from '../core/secrets.js';
import { parseRegistryAuth, type RegistryAuth } from './registry-auth.js';
import { parseImages } from './images.js';
import type { Credentials } from '../registry/types.js';
import type { TagVariant } from '../registry/tag-variant.js';
import { parseTagVariant } from './tag-variant-input.js';
import { parseSecrets } from './secret-inputs.js';

export type Switch = 'auto' | 'true' | 'false';
export type BuilderKind = 'auto' | 'docker' | 'native';

export interface Inputs {
  /** Normalized registry host ('docker.io' for Docker Hub). */
  registry: string;
  /** The image input as given (trimmed); resolved later by resolveImageName. */
  image: string;
  /** The images input: one image reference per line; the first is `image`. */
  images: string[];
  username: string;
  /** Kept verbatim except for trailing newlines. */
  password: string;
  /** Credentials for other registries (registry-auth), for pulls and pushes there. */
  registryAuth: RegistryAuth[];
  buildCommand: string;
  /** Absolute. */
  workingDirectory: string;
  /** Absolute. */
  context: string;
  /** Absolute. */
  dockerfile: string;
  buildArgs: Array<[string, string]>;
  labels: Array<[string, string]>;
  /** OCI annotations added to (or overriding) the generated ones; no empty value. */
  annotations: Array<[string, string]>;
  target: string;
  tags: string[];
  latest: Switch;
  /** tag-prefix, tag-suffix and sha-length. */
  tagVariant: TagVariant;
  push: Switch;
  builder: BuilderKind;
  platforms: string[];
  /** Push each platform only under its platform tag (one job of a build matrix). */
  platformTags: boolean;
  /** Platforms whose platform tags of this commit are merged into one index; [] builds. */
  merge: string[];
  /** After a merge, remove the platform tags it read, where the registry allows it. */
  deletePlatformTags: boolean;
  /** Absolute path of the Docker Hub description file, or '' for none. */
  readme: string;
  /** Docker Hub short description; '' leaves it as it is. */
  shortDescription: string;
  /** Absolute path of an image archive to write, or '' for none. */
  output: string;
  /** Milliseconds the build-command may run; 0 for no limit. */
  buildCommandTimeoutMs: number;
  /** Milliseconds a registry operation may spend retrying transient failures. */
  retryTimeoutMs: number;
  /** How the native builder compresses layers. */
  compression: LayerCompression;
  /** Build secrets, [id, value], for RUN --mount=type=secret (secret-inputs.ts). */
  secrets: Array<[string, string]>;
  /** The engine reads and writes BuildKit's inline cache in the registry. */
  cache: boolean;
  /** Attach an SBOM and a provenance attestation to every platform's image. */
  attestations: boolean;
  /** An image reference to compare with what this commit builds, pushing nothing; '' for none. */
  verify: string;
}

const SWITCHES: readonly Switch[] = ['auto', 'true', 'false'];
const BUILDERS: readonly BuilderKind[] = ['auto', 'docker', 'native'];
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/;
/** Dockerfile stage names (BuildKit: ^[a-z][a-z0-9-_.]*$, case-insensitive). */
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/i;

/** Shows a value in a message: quoted, escaped, cut at 200 characters. */
const show = (v: string): string => showValue(v, 200);

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const v = raw.trim().toLowerCase();
  if (v === '') return allowed[0] as T;
  const found = allowed.find((a) => a === v);
  if (found === undefined) {
    throw new InputError(name, `${show(raw.trim())} is not one of ${allowed.join(', ')}.`);
  }
  return found;
}

/** Splits a list input on newlines and commas; trims; drops empty entries. */
function splitList(raw: string): string[] {
  return raw
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseTags(raw: string): string[] {
  const tags = splitList(raw);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.length > 128) {
      throw new InputError(
        'tags',
        `${show(tag)} is ${tag.length} characters long; a tag is at most 128.`,
      );
    }
    if (!isValidTag(tag)) {
      throw new InputError(
        'tags',
        `${show(tag)} is not a valid tag: a tag is letters, digits, "_", "." and "-", and starts with a letter, digit or "_" ([\\w][\\w.-]{0,127}).`,
      );
    }
    if (seen.has(tag)) throw new InputError('tags', `${show(tag)} is listed twice.`);
    seen.add(tag);
  }
  return tags;
}

/**
 * Parses NAME=value lines. The first '=' splits; the value may contain '=' and
 * may be empty. Lines are trimmed and blank lines skipped.
 */
function parsePairs(
  name: 'build-args' | 'labels' | 'annotations',
  raw: string,
  validKey: (key: string) => string | undefined,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq === -1) {
      throw new InputError(name, `${show(trimmed)} has no "="; give each as NAME=value.`);
    }
    const key = trimmed.slice(0, eq);
    const problem = validKey(key);
    if (problem !== undefined) throw new InputError(name, `${show(key)} ${problem}`);
    pairs.push([key, trimmed.slice(eq + 1)]);
  }
  return pairs;
}

function buildArgKey(key: string): string | undefined {
  return BUILD_ARG_NAME.test(key)
    ? undefined
    : 'is not a valid build argument name: letters, digits and "_", not starting with a digit ([A-Za-z_][A-Za-z0-9_]*).';
}

function labelKey(key: string): string | undefined {
  if (key === '') return 'is not a valid label name: it is empty.';
  return /\s/.test(key) ? 'is not a valid label name: it contains whitespace.' : undefined;
}

/** `key=value` lines like labels; an empty value is refused, as none is ever written. */
function parseAnnotations(raw: string): Array<[string, string]> {
  const pairs = parsePairs('annotations', raw, (key) =>
    labelKey(key)?.replace('label name', 'annotation key'),
  );
  const empty = pairs.find(([, value]) => value.trim() === '');
  if (empty) {
    throw new InputError(
      'annotations',
      `${show(empty[0])} has an empty value; an annotation is never written empty.`,
      'Leave the line out, or give it a value.',
    );
  }
  return pairs;
}

function parsePlatforms(raw: string, name: 'platforms' | 'merge' = 'platforms'): string[] {
  const out: string[] = [];
  for (const entry of splitList(raw)) {
    const platform = entry.toLowerCase();
    if (!PLATFORM.test(platform)) {
      throw new InputError(
        name,
        `${show(entry)} is not a platform: expected os/arch or os/arch/variant, for example linux/amd64 or linux/arm/v7.`,
      );
    }
    // Normalised as BuildKit reads it: linux/aarch64 is linux/arm64, linux/arm is
    // linux/arm/v7, linux/arm64/v8 is linux/arm64.
    const p = parsePlatform(platform);
    if (!KNOWN_OS.includes(p.os) || !KNOWN_ARCH.includes(p.architecture)) {
      throw new InputError(
        name,
        `${show(entry)} is not a known platform: the OS is one of ${KNOWN_OS.join(', ')} and the architecture one of ${KNOWN_ARCH.join(', ')}.`,
      );
    }
    // On Windows the third part is the OS version, not a variant.
    const problem =
      p.os === 'windows' ? undefined : variantProblem(p.architecture, p.variant ?? '');
    if (problem) throw new InputError(name, `${show(entry)}: ${problem}`);
    const normalised = formatPlatform(p);
    if (!out.includes(normalised)) out.push(normalised);
  }
  return out;
}

function parseBoolean(name: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === 'false' || v === '') return v === 'true';
  throw new InputError(name, `${show(raw.trim())} is not true or false.`);
}

/**
 * The build matrix inputs: a merge builds nothing, so it takes none of the others (nor
 * an output); a merge of no platform is a mistake, not a build.
 */
function parseMatrix(get: (name: InputName) => string, variant: TagVariant) {
  const platformTags = parseBoolean('platform-tags', get('platform-tags'));
  const platforms = parsePlatforms(get('platforms'));
  if (platformTags) platformTagsFit('platforms', platforms, variant);
  const merge = platformTagsFit('merge', parsePlatforms(get('merge'), 'merge'), variant);
  if (merge.length === 0 && get('merge').trim() !== '') {
    throw new InputError(
      'merge',
      `${show(get('merge').trim())} names no platform: a merge job lists the platforms of its matrix, for example linux/amd64,linux/arm64.`,
      (w) => `Leave ${w.setting('merge')} unset in a job that builds.`,
    );
  }
  if (merge.length > 0 && platformTags) {
    throw new InputError(
      'merge',
      (w) =>
        `is set together with ${w.setting('platform-tags')}: a merge job builds nothing, it reads the platform tags the matrix jobs pushed.`,
      (w) =>
        `Set ${w.example('platform-tags', 'true')} in the matrix jobs and ${w.setting('merge')} only in the job that needs them.`,
    );
  }
  if (merge.length > 0 && get('platforms').trim() !== '') {
    throw new InputError(
      'merge',
      (w) =>
        `is set together with ${w.setting('platforms')}: a merge job builds nothing, so it takes its platforms from ${w.setting('merge')} alone.`,
      (w) => `Remove ${w.setting('platforms')} from the merge job.`,
    );
  }
  if (merge.length > 0 && get('output').trim() !== '') {
    throw new InputError(
      'merge',
      (w) =>
        `is set together with ${w.setting('output')}: a merge job builds nothing, so there is no image to write.`,
      (w) =>
        `Write the archive in the matrix jobs, or remove ${w.setting('output')} from the merge job.`,
    );
  }
  return { platforms, platformTags, merge };
}

/** The platforms, when each one's platform tag is a tag (at most 128 characters, uncut). */
function platformTagsFit(
  name: 'platforms' | 'merge',
  platforms: string[],
  variant: TagVariant,
): string[] {
  for (const platform of platforms) {
    const core = `sha-${'0'.repeat(variant.shaLength)}-${platformTagSuffix(parsePlatform(platform))}`;
    const tag = `${variant.prefix}${core}${variant.suffix}`;
    if (tag.length <= 128) continue;
    const shown = show(tag.replace(/sha-0+-/, 'sha-<hex>-'));
    throw new InputError(
      name,
      `${show(platform)}: its platform tag ${shown} would be ${tag.length} characters long; a tag is at most 128.`,
    );
  }
  return platforms;
}

/** Only a merge job has platform tags to delete: set elsewhere, it would do nothing. */
function parseDeletePlatformTags(get: (name: InputName) => string): boolean {
  const value = parseBoolean('delete-platform-tags', get('delete-platform-tags'));
  if (value && get('merge').trim() === '') {
    throw new InputError(
      'delete-platform-tags',
      'is true without "merge": only a merge job deletes the platform tags it made the index of.',
      'Set it in the merge job, next to merge.',
    );
  }
  return value;
}

/** The image to verify: a reference docker would accept. */
function parseVerify(value: string): string {
  if (value === '') return '';
  try {
    parseReference(value);
  } catch (error) {
    throw new InputError(
      'verify',
      `${show(value)} is not an image reference: ${(error as Error).message}`,
    );
  }
  return value;
}

/** Docker Hub shows the short description to anyone: never with the password in it. */
function parseShortDescription(raw: string, secrets: readonly string[]): string {
  const value = raw.trim();
  if (holdsSecret(value, secrets)) {
    throw new InputError(
      'short-description',
      'holds the registry password: Docker Hub would make it public.',
      'The password is for pushing only: take it out of the short description.',
    );
  }
  const problem = shortDescriptionProblem(value);
  if (problem) throw new InputError('short-description', `${show(value)} ${problem}`);
  return value;
}

function parseCompression(raw: string): LayerCompression {
  try {
    return parseLayerCompression(raw);
  } catch (error) {
    throw new InputError('compression', (error as Error).message);
  }
}

/** Minutes (a positive number) as milliseconds; empty is 0, no limit. */
/**
 * The longest timeout taken, in minutes (7 days): longer than any job may run, and well
 * within the 2^31-1 ms (24.8 days) a Node.js timer can wait; a longer timer fires at once.
 */
export const MAX_TIMEOUT_MINUTES = 10_080;

function parseMinutes(name: string, raw: string): number {
  const value = raw.trim();
  if (value === '') return 0;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
    throw new InputError(name, `${show(value)} is not a number of minutes greater than 0.`);
  }
  if (Number(value) > MAX_TIMEOUT_MINUTES) {
    throw new InputError(
      name,
      `${show(value)} is too long: at most ${MAX_TIMEOUT_MINUTES} minutes (7 days).`,
    );
  }
  return Math.round(Number(value) * 60_000);
}

/** GOOS and GOARCH values that OCI image platforms use. */
const KNOWN_OS = [
  'linux',
  'windows',
  'darwin',
  'freebsd',
  'netbsd',
  'openbsd',
  'solaris',
  'illumos',
  'aix',
  'plan9',
  'wasip1',
];
const KNOWN_ARCH = [
  'amd64',
  'arm64',
  'arm',
  '386',
  'ppc64le',
  'ppc64',
  's390x',
  'riscv64',
  'mips64le',
  'mips64',
  'mipsle',
  'mips',
  'loong64',
  'wasm',
];

/** Resolves a path input against the workspace; it must stay inside the workspace. */
function insideWorkspace(name: string, raw: string, workspace: string, resolved: string): string {
  if (!isInside(workspace, resolved)) {
    throw new InputError(
      name,
      `${show(raw)} resolves to ${show(resolved)}, outside the workspace ${show(workspace)}.`,
      'Paths are relative to the repository checkout (GITHUB_WORKSPACE) and must stay inside it.',
    );
  }
  return resolved;
}

/**
 * Parses and validates raw input values; `get` returns '' for an unset input, which
 * then takes its default from INPUT_DEFAULTS. Pure.
 */
/**
 * Build arguments and labels end up in the image (its config and history) for anyone who
 * pulls it, and on docker's command line: one that holds the registry password in any
 * form is refused, named by its key only.
 */
function noSecret(
  name: 'build-args' | 'labels' | 'annotations',
  pairs: Array<[string, string]>,
  secrets: readonly string[],
  buildSecrets: ReadonlyArray<[string, string]>,
): Array<[string, string]> {
  const leak = pairs.find(([, value]) => holdsSecret(value, secrets));
  if (leak) {
    throw new InputError(
      name,
      `the value of ${leak[0]} holds the registry password: it would be stored in the image, readable by anyone who pulls it, and shown on docker's command line.`,
      'The password is for pushing only: give the build what it needs another way.',
    );
  }
  // A build secret (long enough not to be found by chance) is mounted, never stored.
  for (const [id, secret] of buildSecrets) {
    const held = secret.length >= 3 && pairs.find(([, value]) => value.includes(secret));
    if (held) {
      throw new InputError(
        name,
        `the value of ${held[0]} holds the build secret ${show(id)}: it would be stored in the image, readable by anyone who pulls it, and shown on docker's command line.`,
        'Read the secret in the Dockerfile with RUN --mount=type=secret instead.',
      );
    }
  }
  return pairs;
}

/** `image` for one registry, or `images` for several (the first line then is the image). */
function imageInputs(image: string, images: string[]): { image: string; images: string[] } {
  if (image !== '' && images.length > 0) {
    throw new InputError(
      'images',
      (w) =>
        `is set together with ${w.setting('image')}; give one of them (the first image of ${w.setting('images')} is the one built).`,
    );
  }
  return { image: image || (images[0] ?? ''), images };
}

/** Every registry password's searchable forms: the push credentials' and registry-auth's. */
function registrySecrets(push: Credentials, entries: readonly RegistryAuth[]): string[] {
  return [push, ...entries].flatMap((c) => searchableSecretForms(c.username, c.password));
}

export function parseInputs(given: (name: InputName) => string, workspace: string): Inputs {
  const get = (name: InputName): string => {
    const value = given(name);
    return value.trim() === '' ? INPUT_DEFAULTS[name] : value;
  };
  const ws = path.resolve(workspace);
  const trimmed = (name: InputName): string => get(name).trim();
  const password = get('password').replace(/[\r\n]+$/, '');
  const registryAuth = parseRegistryAuth(get('registry-auth'));
  const secrets = registrySecrets({ username: trimmed('username'), password }, registryAuth);
  const buildSecrets = parseSecrets(get('secrets'));
  const stored = (name: Parameters<typeof noSecret>[0], pairs: Array<[string, string]>) =>
    noSecret(name, pairs, secrets, buildSecrets);

  const workingDirectoryRaw = trimmed('working-directory');
  const workingDirectory = insideWorkspace(
    'working-directory',
    workingDirectoryRaw,
    ws,
    path.resolve(ws, workingDirectoryRaw === '' ? '.' : workingDirectoryRaw),
  );
  const contextRaw = trimmed('context');
  const context = insideWorkspace(
    'context',
    contextRaw,
    ws,
    path.resolve(ws, contextRaw === '' ? '.' : contextRaw),
  );
  // Like docker/build-push-action's "file": relative to the workspace, not the context.
  const dockerfileRaw = trimmed('dockerfile');
  const dockerfile = insideWorkspace(
    'dockerfile',
    dockerfileRaw === '' ? path.join(context, 'Dockerfile') : dockerfileRaw,
    ws,
    dockerfileRaw === '' ? path.join(context, 'Dockerfile') : path.resolve(ws, dockerfileRaw),
  );

  const outputRaw = trimmed('output');
  const readmeRaw = trimmed('readme');
  const readme =
    readmeRaw === '' ? '' : insideWorkspace('readme', readmeRaw, ws, path.resolve(ws, readmeRaw));

  const tags = parseTags(get('tags'));
  const target = trimmed('target');
  if (target !== '' && !STAGE_NAME.test(target)) {
    throw new InputError(
      'target',
      `${show(target)} is not a build stage name: a letter, then letters, digits, "_", "." or "-".`,
    );
  }

  return {
    registry: normalizeRegistry(get('registry')),
    ...imageInputs(trimmed('image'), parseImages(get('images'))),
    username: trimmed('username'),
    password,
    registryAuth,
    buildCommand: trimmed('build-command'),
    workingDirectory,
    context,
    dockerfile,
    buildArgs: stored('build-args', parsePairs('build-args', get('build-args'), buildArgKey)),
    labels: stored('labels', parsePairs('labels', get('labels'), labelKey)),
    annotations: stored('annotations', parseAnnotations(get('annotations'))),
    target,
    tags,
    latest: oneOf('latest', get('latest'), SWITCHES),
    tagVariant: parseTagVariant(get, tags),
    push: oneOf('push', get('push'), SWITCHES),
    builder: oneOf('builder', get('builder'), BUILDERS),
    ...parseMatrix(get, parseTagVariant(get, tags)),
    deletePlatformTags: parseDeletePlatformTags(get),
    readme,
    shortDescription: parseShortDescription(get('short-description'), secrets),
    output: outputRaw === '' ? '' : path.resolve(ws, outputRaw),
    buildCommandTimeoutMs: parseMinutes('build-command-timeout', get('build-command-timeout')),
    retryTimeoutMs: parseMinutes('retry-timeout', get('retry-timeout')),
    compression: parseCompression(get('compression')),
    secrets: buildSecrets,
    cache: parseBoolean('cache', get('cache')),
    attestations: parseBoolean('attestations', get('attestations')),
    verify: parseVerify(trimmed('verify')),
  };
}

/**
 * The credentials the Docker engine's own pulls get (FROM, COPY --from of an image, the
 * `# syntax` frontend, the registry cache): those this run has for each registry the
 * build may pull from, given to one docker call through a DOCKER_CONFIG of its own
 * (0700, its config.json 0600, in the builder's scratch directory, which the post step
 * removes should the step be killed), removed as that call ends. Both the BuildKit
 * session (which answers the engine's credential requests from the client's config) and
 * the legacy builder (whose client sends every login of the config with the build) read
 * it. The user's ~/.docker is never written.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import {
  DockerfileReader,
  imageRefs,
  neededStages,
  parseDockerfile,
  type DockerfileText,
} from '../../dockerfile/dockerfile.js';
import { resolveBaseImage, type ClientFor } from '../../image/base-image.js';
import { parseImageConfig } from '../../image/config.js';
import { hostPlatform, parsePlatform } from '../../image/platform.js';
import { normalizeRegistry, parseReference } from '../../registry/reference.js';
import type { Credentials } from '../../registry/types.js';
import type { Plan } from '../../request/plan.js';
import type { CredentialsFor } from '../../request/registry-auth.js';
import { bounded } from '../../util/bounded.js';

/** Credentials by normalized registry host ('docker.io' for Docker Hub). */
export type EngineLogins = ReadonlyMap<string, Credentials>;

/** A base image's ONBUILD triggers, as its registry has them; undefined when not read. */
export type TriggersOf = (image: string) => string[] | undefined;

/** The images the build reads (its bases first), with this build's arguments, target, platform. */
function readImages(
  plan: Plan,
  platform: string | undefined,
  text: string | DockerfileText,
  triggers?: TriggersOf,
): { bases: string[]; all: string[] } {
  const target = plan.target || undefined;
  const buildArgs = Object.fromEntries(plan.buildArgs);
  const df = parseDockerfile(text, basename(plan.dockerfile), buildArgs, {
    target,
    platform,
    ...(triggers ? { baseImageTriggers: (image: string) => triggers(image) } : {}),
  });
  const images = imageRefs(df, neededStages(df, target));
  const all = images.map((image) => image.ref);
  if (df.directives.syntax) all.push(df.directives.syntax);
  const bases = images.filter((image) => image.what.startsWith('FROM ')).map((i) => i.ref);
  return { bases, all };
}

/**
 * The registries the Dockerfile's build pulls from: the images its needed stages start
 * FROM or `COPY --from` (those of the base images' ONBUILD triggers too, given
 * `triggers`), and its `# syntax` frontend, with the build arguments, target and
 * platform of this build. Undefined when the Dockerfile cannot tell (it does not parse
 * here, or an image is no valid reference, say an ARG left unset).
 */
export function pulledRegistries(
  plan: Plan,
  platform: string | undefined,
  text: string | DockerfileText,
  triggers?: TriggersOf,
): Set<string> | undefined {
  try {
    const { all } = readImages(plan, platform, text, triggers);
    return new Set(all.map((ref) => parseReference(ref).registry));
  } catch {
    return undefined;
  }
}

/** How long the base images' ONBUILD triggers are looked for in their registries. */
const TRIGGER_LOOKUP_MS = 15_000;

/**
 * The registries the engine build pulls from, the base images' ONBUILD triggers
 * included. Those are read from the base images' registries (bounded in time, best
 * effort) only while one of `withCredentials` (the registries that get credentials only
 * if pulled from) is not among the Dockerfile's own: only then could they change what
 * the engine gets.
 */
export async function enginePulls(
  plan: Plan,
  platform: string | undefined,
  withCredentials: readonly string[],
  clientFor: ClientFor,
  /** The run's Dockerfiles (read and parsed once per run). */
  dockerfiles = new DockerfileReader(),
): Promise<Set<string> | undefined> {
  let text: DockerfileText;
  try {
    text = dockerfiles.read(plan.dockerfile);
  } catch {
    return undefined; // docker build says what is wrong with it
  }
  const pulled = pulledRegistries(plan, platform, text);
  if (!pulled || withCredentials.every((host) => pulled.has(host))) return pulled;
  const target = platform ? parsePlatform(platform) : hostPlatform();
  const triggers = new Map<string, string[]>();
  await Promise.all(
    readImages(plan, platform, text).bases.map(async (ref) => {
      try {
        const base = await bounded(resolveBaseImage(ref, target, clientFor), TRIGGER_LOOKUP_MS);
        const onBuild = parseImageConfig(base.config).config?.OnBuild ?? [];
        if (onBuild.length > 0) triggers.set(ref, onBuild);
      } catch {
        // not read: the engine reads it, and says why it cannot
      }
    }),
  );
  if (triggers.size === 0) return pulled;
  const withTriggers = pulledRegistries(plan, platform, text, (image) => triggers.get(image));
  return new Set([...pulled, ...(withTriggers ?? [])]);
}

/**
 * The logins for one engine build: each registry it pulls from that this run has
 * credentials for (every such registry when the pulls are not known), and the registry
 * pushed to when the build reads the cache from it.
 */
export function engineLogins(
  credentialsFor: CredentialsFor | undefined,
  pulled: ReadonlySet<string> | undefined,
  cacheFrom: string | undefined,
): EngineLogins {
  const logins = new Map<string, Credentials>();
  if (!credentialsFor) return logins;
  const hosts = pulled ? [...pulled] : [...(credentialsFor.registries ?? [])];
  if (cacheFrom !== undefined) hosts.push(cacheFrom);
  for (const host of hosts) {
    const key = normalizeRegistry(host);
    const credentials = logins.has(key) ? undefined : credentialsFor(key);
    if (credentials) logins.set(key, credentials);
  }
  return logins;
}

/** The key docker's config.json gives a registry: Docker Hub's is its old index URL. */
export function authKey(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/** A DOCKER_CONFIG for one docker call, and its removal (safe to call twice). */
export interface TemporaryConfig {
  env: Record<string, string>;
  remove(): void;
}

/**
 * A docker configuration directory in `dir` (0700; config.json 0600) that is the user's
 * own (its plugins, builders, contexts and other logins, linked) plus this run's
 * credentials for each registry of `logins`. The user's ~/.docker is never written.
 */
export function configWithCredentials(
  dir: string,
  logins: EngineLogins,
  userDir: string,
): TemporaryConfig {
  const configDir = mkdtempSync(join(dir, 'docker-config-'));
  const remove = (): void => rmSync(configDir, { recursive: true, force: true });
  try {
    let config: Record<string, unknown> = {};
    if (existsSync(userDir)) {
      for (const entry of readdirSync(userDir)) {
        if (entry !== 'config.json') symlinkSync(join(userDir, entry), join(configDir, entry));
      }
      const userConfig = join(userDir, 'config.json');
      if (existsSync(userConfig))
        config = JSON.parse(readFileSync(userConfig, 'utf8')) as Record<string, unknown>;
    }
    const auths = { ...((config.auths ?? {}) as Record<string, unknown>) };
    const helpers = { ...((config.credHelpers ?? {}) as Record<string, unknown>) };
    for (const [registry, { username, password }] of logins) {
      const key = authKey(registry);
      auths[key] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
      // A credential helper named for this registry would be asked instead of auths.
      delete helpers[key];
      delete helpers[registry];
    }
    // A credential store is asked for every registry, auths ignored: left out, so that
    // the logins it holds are not used by this one build (those in auths are).
    const ours: Record<string, unknown> = { ...config, auths, credHelpers: helpers };
    delete ours.credsStore;
    writeFileSync(join(configDir, 'config.json'), JSON.stringify(ours), {
      mode: 0o600,
      flag: 'wx',
    });
    return { env: { DOCKER_CONFIG: configDir }, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

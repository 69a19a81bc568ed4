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
import { imageRefs, neededStages, parseDockerfile } from '../../dockerfile/dockerfile.js';
import { normalizeRegistry, parseReference } from '../../registry/reference.js';
import type { Credentials } from '../../registry/types.js';
import type { Plan } from '../../request/plan.js';
import type { CredentialsFor } from '../../request/registry-auth.js';
import { userDockerConfig } from './config.js';

/** Credentials by normalized registry host ('docker.io' for Docker Hub). */
export type EngineLogins = ReadonlyMap<string, Credentials>;

/**
 * The registries the Dockerfile's build pulls from: the images its needed stages start
 * FROM or `COPY --from`, and its `# syntax` frontend, with the build arguments, target
 * and platform of this build. Undefined when the Dockerfile cannot tell (it does not
 * parse here, or an image is no valid reference, say an ARG left unset).
 */
export function pulledRegistries(
  plan: Plan,
  platform: string | undefined,
  text: string = readFileSync(plan.dockerfile, 'utf8'),
): Set<string> | undefined {
  const target = plan.target || undefined;
  try {
    const df = parseDockerfile(
      text,
      basename(plan.dockerfile),
      Object.fromEntries(plan.buildArgs),
      {
        target,
        platform,
      },
    );
    const refs = imageRefs(df, neededStages(df, target)).map((image) => image.ref);
    if (df.directives.syntax) refs.push(df.directives.syntax);
    return new Set(refs.map((ref) => parseReference(ref).registry));
  } catch {
    return undefined;
  }
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
  userDir: string = userDockerConfig(),
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

/**
 * The build cache from the registry, for a runner whose engine starts empty: BuildKit's
 * inline cache, written into every image it builds (BUILDKIT_INLINE_CACHE=1) and read
 * back from the image's own earlier tags (--cache-from). The engine pulls those with the
 * registry credentials of this run, given to that one docker build only through a
 * DOCKER_CONFIG of its own, removed as the build ends.
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
import { join } from 'node:path';
import type { Credentials } from '../../registry/types.js';
import type { Plan } from '../../request/plan.js';
import { formatReference } from '../../registry/reference.js';

/** Tags that name a commit (sha-1a2b3c4) or a platform of one: never an earlier build. */
const COMMIT_TAG = /^sha-[0-9a-f]{7,}(-|$)/;

/**
 * docker build's arguments for the registry cache: the inline cache written, and read
 * from the tags this push moves (the branch's tag, latest, the release line's), which
 * name the previous build until it is pushed; `latest` too, for a first push of a branch.
 */
export function cacheArgs(plan: Plan): string[] {
  const args = ['--build-arg', 'BUILDKIT_INLINE_CACHE=1'];
  const refs = plan.tags
    .filter((tag) => !COMMIT_TAG.test(tag))
    .map((tag) => formatReference(plan.image, tag));
  const latest = formatReference(plan.image, 'latest');
  if (!plan.platformTags && !refs.includes(latest)) refs.push(latest);
  for (const ref of refs) args.push('--cache-from', ref);
  return args;
}

/** The key docker's config.json gives a registry: Docker Hub's is its old index URL. */
function authKey(registry: string): string {
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
 * credentials for `registry`. The user's ~/.docker (`userDir`, userDockerConfig) is never written.
 */
export function configWithCredentials(
  dir: string,
  registry: string,
  credentials: Credentials,
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
    const { username, password } = credentials;
    auths[authKey(registry)] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
    // A credential helper named for this registry would be asked instead of auths.
    const helpers = { ...((config.credHelpers ?? {}) as Record<string, unknown>) };
    delete helpers[authKey(registry)];
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

/**
 * The steps BuildKit took from its cache, as its plain progress output names them
 * (`#7 [2/3] RUN make`, then `#7 CACHED`); internal steps and base images left out.
 */
export function cachedSteps(output: string): string[] {
  const names = new Map<string, string>();
  const cached: string[] = [];
  for (const line of output.split('\n')) {
    const named = /^#(\d+) (\[.+)$/.exec(line.trim());
    if (named && !names.has(named[1]!)) names.set(named[1]!, named[2]!);
    const hit = /^#(\d+) CACHED$/.exec(line.trim());
    const name = hit ? names.get(hit[1]!) : undefined;
    if (!name || /^\[(internal|[^\]]+\] FROM )/.test(name) || cached.includes(name)) continue;
    cached.push(name);
  }
  return cached;
}

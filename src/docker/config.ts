import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB } from '../reference.js';

/**
 * A private DOCKER_CONFIG for one run. Docker keeps no credentials in it: its
 * credsStore is a small credential helper that answers docker from the environment
 * of the docker call, so the password never touches the disk. The directory is
 * deleted at the end of main, and again by the post step.
 */
export interface DockerConfig {
  dir: string;
  /** Environment for each docker call: the config dir and the helper on PATH. */
  env: Record<string, string>;
}

export const HELPER_NAME = 'oneimage';
/** The variable that carries the credentials, as the helper's JSON answer, to docker calls. */
export const CREDENTIALS_VARIABLE = 'ONEIMAGE_CREDENTIALS';

/** Host names under which docker may ask for the registry's credentials. */
export function registryHosts(registry: string): string[] {
  return registry === DOCKER_HUB
    ? ['docker.io', 'index.docker.io', 'registry-1.docker.io']
    : [registry.toLowerCase()];
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The docker-credential-helper protocol in POSIX sh: `get` answers with the JSON in
 * $ONEIMAGE_CREDENTIALS for our registry's hosts only (never to another registry);
 * `store` and `erase` keep nothing. The script holds host names, no secret.
 */
export function helperScript(registry: string): string {
  const hosts = registryHosts(registry).map(shellQuote).join('|');
  return `#!/bin/sh
case "$1" in
get)
  read -r server || true
  host=\${server#*://}
  host=\${host%%/*}
  case "$host" in
  ${hosts})
    if [ -n "\${${CREDENTIALS_VARIABLE}:-}" ]; then
      printf '%s\\n' "$${CREDENTIALS_VARIABLE}"
      exit 0
    fi
    ;;
  esac
  echo 'credentials not found in native keychain'
  exit 1
  ;;
store | erase)
  cat >/dev/null
  ;;
list)
  echo '{}'
  ;;
*)
  echo "unknown credential helper action: $1" >&2
  exit 1
  ;;
esac
`;
}

export function createDockerConfig(parentDir: string, registry: string): DockerConfig {
  const dir = mkdtempSync(join(parentDir, 'oneimage-docker-'));
  const binDir = join(dir, 'bin');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ credsStore: HELPER_NAME }, null, 2), {
    mode: 0o600,
  });
  mkdirSync(binDir, { mode: 0o700 });
  writeFileSync(join(binDir, `docker-credential-${HELPER_NAME}`), helperScript(registry), {
    mode: 0o700,
  });
  shareUserSetup(dir);
  return { dir, env: { DOCKER_CONFIG: dir, PATH: `${binDir}:${process.env.PATH ?? ''}` } };
}

/** The user's docker configuration directory, as docker finds it. */
function userDockerConfig(): string {
  return process.env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/**
 * Links the user's CLI plugins and buildx builders (what docker/setup-buildx-action
 * installs and selects) into the private config, so that the same buildx and builder
 * are used; the user's credentials are not taken over.
 */
function shareUserSetup(dir: string): void {
  for (const name of ['cli-plugins', 'buildx']) {
    const source = join(userDockerConfig(), name);
    if (existsSync(source)) symlinkSync(source, join(dir, name));
  }
}

/** Where docker looks for CLI plugins, the private config's (linked) own first. */
export function pluginDirs(configDir: string): string[] {
  return [
    join(configDir, 'cli-plugins'),
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
  ];
}

/** Whether docker has the buildx plugin, without starting docker to ask. */
export function hasBuildx(configDir: string): boolean {
  return pluginDirs(configDir).some((dir) => existsSync(join(dir, 'docker-buildx')));
}

/** The variable that hands the credentials to the helper, for docker calls that need them. */
export function credentialEnv(
  registry: string,
  credentials: { username: string; password: string },
): Record<string, string> {
  const answer = {
    ServerURL: registry,
    Username: credentials.username,
    Secret: credentials.password,
  };
  return { [CREDENTIALS_VARIABLE]: JSON.stringify(answer) };
}

export function removeDockerConfig(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

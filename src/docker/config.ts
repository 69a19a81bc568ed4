import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  return { dir, env: { DOCKER_CONFIG: dir, PATH: `${binDir}:${process.env.PATH ?? ''}` } };
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

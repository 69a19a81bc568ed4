import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_HUB } from '../reference.js';

/**
 * A private DOCKER_CONFIG for one run. Docker keeps no credentials in it: its
 * credsStore is a credential helper (this same bundle) that hands docker the
 * credentials from its own environment, so the password never touches the disk.
 * The directory is deleted at the end of main, and again by the post step.
 */
export interface DockerConfig {
  dir: string;
  /** Environment for each docker call: the config dir, the helper on PATH, the credentials. */
  env: Record<string, string>;
}

export const HELPER_NAME = 'oneimage';
export const HELPER_FLAG = '--docker-credential-helper';
const ENV_SERVER = 'ONEIMAGE_REGISTRY';
const ENV_USER = 'ONEIMAGE_USERNAME';
const ENV_SECRET = 'ONEIMAGE_SECRET';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function createDockerConfig(parentDir: string, registry: string): DockerConfig {
  const dir = mkdtempSync(join(parentDir, 'oneimage-docker-'));
  const binDir = join(dir, 'bin');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ credsStore: HELPER_NAME }, null, 2), {
    mode: 0o600,
  });
  // The helper script holds only the paths of node and of this bundle, no secret.
  const script = `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(process.argv[1] ?? '')} ${HELPER_FLAG} "$@"\n`;
  mkdirSync(binDir, { mode: 0o700 });
  writeFileSync(join(binDir, `docker-credential-${HELPER_NAME}`), script, { mode: 0o700 });
  const env: Record<string, string> = {
    DOCKER_CONFIG: dir,
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    [ENV_SERVER]: registry,
  };
  return { dir, env };
}

/** The variables that hand the credentials to the helper, for docker calls that need them. */
export function credentialEnv(credentials: {
  username: string;
  password: string;
}): Record<string, string> {
  return { [ENV_USER]: credentials.username, [ENV_SECRET]: credentials.password };
}

export function removeDockerConfig(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Host names docker may use for one registry. */
function sameRegistry(server: string, registry: string): boolean {
  const host = server
    .replace(/^https?:\/\//, '')
    .split('/')[0]!
    .toLowerCase();
  const hub = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];
  if (registry === DOCKER_HUB) return hub.includes(host);
  return host === registry.toLowerCase();
}

/**
 * The docker-credential-helper protocol: `get` reads a server URL on stdin and
 * answers with JSON; `store` and `erase` are accepted and dropped (nothing is kept).
 */
export async function runCredentialHelper(
  action: string | undefined,
  stdin: NodeJS.ReadableStream,
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const request = Buffer.concat(chunks).toString('utf8').trim();
  switch (action) {
    case 'get': {
      const registry = env[ENV_SERVER] ?? '';
      const username = env[ENV_USER];
      const secret = env[ENV_SECRET];
      if (!username || !secret || !sameRegistry(request, registry)) {
        out('credentials not found in native keychain\n');
        return 1;
      }
      out(JSON.stringify({ ServerURL: request, Username: username, Secret: secret }));
      return 0;
    }
    case 'store':
    case 'erase':
      return 0;
    case 'list':
      out('{}');
      return 0;
    default:
      out(`unknown credential helper action: ${action ?? ''}\n`);
      return 1;
  }
}

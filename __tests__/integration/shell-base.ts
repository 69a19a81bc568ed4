/**
 * A base image with a shell, for Dockerfiles whose RUN steps need one: Debian's static
 * busybox as /bin/busybox and as /bin/sh (its shell runs the other applets by name) in a
 * FROM scratch image, pushed to the local registry by the action's native builder.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { events, NO_ENGINE, runAction } from './harness.js';
import { busyboxPath } from './optional-tools.js';

let pushed: Promise<string> | undefined;

/** The shell base's reference (pushed once per test file). */
export function shellBase(): Promise<string> {
  pushed ??= pushShellBase();
  return pushed;
}

async function pushShellBase(): Promise<string> {
  const repo = uniqueRepo('alice', 'shell');
  const digest = await pushShellImage(REGISTRY, repo);
  return `${REGISTRY}/${repo}@${digest}`;
}

/**
 * Pushes a shell image as alice to `registry`/`repo` (its `tags`, default the action's),
 * with `files` (name: text) in / beside the shell and `lines` added to its Dockerfile;
 * returns its digest.
 */
export async function pushShellImage(
  registry: string,
  repo: string,
  files: Record<string, string> = {},
  tags = '',
  lines = '',
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-shell-base-'));
  try {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(busyboxPath(), join(dir, 'bin/busybox'));
    copyFileSync(busyboxPath(), join(dir, 'bin/sh'));
    const copies = Object.entries(files).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return `COPY ${name} /\n`;
    });
    writeFileSync(
      join(dir, 'Dockerfile'),
      `FROM scratch\nCOPY bin/ /bin/\n${copies.join('')}${lines}`,
    );
    const result = await runAction({
      workspaceFrom: dir,
      event: events.push('main'),
      env: NO_ENGINE,
      inputs: {
        registry,
        image: repo,
        username: 'alice',
        password: USERS.alice!,
        builder: 'native',
        tags,
      },
    });
    result.dispose();
    if (result.main.code !== 0)
      throw new Error(`pushing the shell image failed:\n${result.main.log}`);
    return result.outputs.digest!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

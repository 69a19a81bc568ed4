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
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-shell-base-'));
  const repo = uniqueRepo('alice', 'shell');
  try {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(busyboxPath(), join(dir, 'bin/busybox'));
    copyFileSync(busyboxPath(), join(dir, 'bin/sh'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY bin/ /bin/\n');
    const result = await runAction({
      workspaceFrom: dir,
      event: events.push('main'),
      env: NO_ENGINE,
      inputs: {
        registry: REGISTRY,
        image: repo,
        username: 'alice',
        password: USERS.alice!,
        builder: 'native',
      },
    });
    result.dispose();
    if (result.main.code !== 0)
      throw new Error(`pushing the shell base failed:\n${result.main.log}`);
    return `${REGISTRY}/${repo}@${result.outputs.digest!}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

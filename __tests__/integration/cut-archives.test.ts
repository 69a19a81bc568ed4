/**
 * Archives cut part-way, end to end (the bundle, as the runner runs it, native builder):
 * an ADD of a gzip, bzip2 or xz tar, and COPY --from an image in the registry whose gzip
 * layer is cut. Each gives one error annotation at the Dockerfile line naming the file
 * or the layer ("unexpected EOF"), a job summary, and no crash (no stack, no unhandled
 * rejection).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { RegistryClient } from '../../src/registry/client.js';
import {
  REGISTRY,
  deleteManifest,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { bufferBlob, imageOf, pushImage, sha256 } from '../fixtures/test-image.js';
import { errorLines, events, NO_ENGINE, runAction, type RunResult } from './harness.js';
import { tempDirs } from '../fixtures/temp-dirs.js';

const runs: RunResult[] = [];
/** Repositories and manifests pushed here, removed at the end. */
const pushed: Array<[string, string]> = [];
const tempDir = tempDirs('oneimage-cut', 'after all');
beforeAll(async () => {
  await requireServices();
});
afterAll(async () => {
  for (const [repo, digest] of pushed) await deleteManifest(repo, digest).catch(() => undefined);
  runs.forEach((r) => r.dispose());
});

/** A tar of one incompressible file, made by the system's tar. */
function tarOfRandomFile(): Buffer {
  const dir = tempDir();
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'big.bin'), randomBytes(300_000));
  const r = spawnSync('tar', ['-cf', '-', '-C', dir, 'src'], { maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Cut at two thirds: after the first member's header, inside its data. */
function cut(data: Buffer): Buffer {
  return data.subarray(0, Math.floor((data.length * 2) / 3));
}

/** Runs the action (a pull request: built, not pushed) on a workspace with these files. */
async function build(files: Record<string, Buffer | string>): Promise<RunResult> {
  const ws = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(ws, name), content);
  const result = await runAction({
    workspaceFrom: ws,
    event: events.pullRequest(7),
    env: NO_ENGINE,
    inputs: { registry: REGISTRY, image: 'alice/cut', builder: 'native' },
  });
  runs.push(result);
  return result;
}

function expectOneError(r: RunResult, line: number, message: RegExp): void {
  expect(r.main.code, r.main.log).toBe(1);
  const errors = errorLines(r.main.log);
  expect(errors, r.main.log).toHaveLength(1);
  expect(errors[0]).toContain(`line=${line}`);
  expect(errors[0]).toMatch(message);
  expect(r.main.log).not.toMatch(/^\s+at /m);
  expect(r.main.log).not.toMatch(/unhandled/i);
  expect(r.summary).toContain('Image not published');
}

it.each([
  ['gzip', 'app.tar.gz', ['-c']],
  ['bzip2', 'app.tar.bz2', ['-1', '-c']],
  ['xz', 'app.tar.xz', ['-c']],
])('ADD of a %s tar cut part-way', async (tool, name, args) => {
  const whole = spawnSync(tool, args, { input: tarOfRandomFile(), maxBuffer: 16 << 20 }).stdout;
  const r = await build({ Dockerfile: `FROM scratch\n\nADD ${name} /opt/\n`, [name]: cut(whole) });
  expectOneError(
    r,
    3,
    new RegExp(`Dockerfile:3: ADD: ${name.replace(/\./g, '\\.')}: unexpected EOF`),
  );
});

it('COPY --from an image whose gzip layer is cut part-way', async () => {
  const tar = tarOfRandomFile();
  const layer = bufferBlob(cut(zlib.gzipSync(tar)));
  const image = imageOf(layer, 'application/vnd.oci.image.layer.v1.tar+gzip', sha256(tar));
  const repo = uniqueRepo('alice', 'cut-layer');
  const client = new RegistryClient({
    registry: REGISTRY,
    credentials: { username: 'alice', password: USERS.alice! },
  });
  try {
    pushed.push([repo, (await pushImage(client, repo, image)).digest]);
  } finally {
    client.close();
  }
  const r = await build({
    Dockerfile: `FROM scratch\nCOPY --from=${REGISTRY}/${repo}:v1 /src/ /x/\n`,
  });
  expectOneError(
    r,
    2,
    new RegExp(
      `Dockerfile:2: COPY: layer 1 \\(${layer.digest.slice(7, 19)}\\) of .*unexpected EOF`,
    ),
  );
});

/**
 * A base image written by the Docker engine (BuildKit) with names that are not UTF-8
 * carries them in PAX records, as their bytes. Pushed to the local registry, copied
 * from (COPY --from) and built on (FROM) by the native builder, those names keep their
 * bytes, entry for entry as the engine's BuildKit builds the same Dockerfile.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { buildNative } from '../../src/builders/native/build.js';
import { resolveBaseImage } from '../../src/image/base-image.js';
import { hostPlatform } from '../../src/image/platform.js';
import { RegistryClient } from '../../src/registry/client.js';
import {
  REGISTRY,
  deleteManifest,
  dockerSession,
  getBlob,
  getManifest,
  imageManifest,
  requireServices,
  uniqueRepo,
  type DockerSession,
} from '../fixtures/registry.js';
import { tempDirs } from '../fixtures/temp-dirs.js';
import { rawPath } from './equivalence-archives.js';
import { parseTar, showBytes, type TarEntry } from './layer-tar.js';

let session: DockerSession | undefined;
let client: RegistryClient | undefined;
let repo = '';
let ref = '';
const tags: string[] = [];
const tempDir = tempDirs('pax-names-test', 'after all');

/** `docker args...` with Debian's client driving the engine's BuildKit; throws on failure. */
function docker(args: string[]): Buffer {
  const r = spawnSync('/usr/bin/docker', args, {
    env: { ...session!.env, DOCKER_BUILDKIT: '1' },
    maxBuffer: 256 << 20,
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`docker ${args[0]}: ${r.stderr?.toString()}`);
  return r.stdout;
}

beforeAll(async () => {
  await requireServices();
  session = await dockerSession('alice');
  repo = uniqueRepo('alice', 'pax-names-base');
  ref = `${REGISTRY}/${repo}:1`;
  const dir = tempDir('base');
  const b = path.join(dir, 'b');
  mkdirSync(b);
  writeFileSync(rawPath(b, 'caf', [0xe9], '.txt'), 'latin1\n');
  symlinkSync(Buffer.from('caf\xe9.txt', 'latin1'), rawPath(b, 'ln-caf', [0xe9]));
  mkdirSync(rawPath(b, 'd', [0xe9]));
  chmodSync(rawPath(b, 'd', [0xe9]), 0o750);
  writeFileSync(rawPath(b, 'd', [0xe9], '/in.txt'), 'in\n');
  symlinkSync(Buffer.from('d\xe9', 'latin1'), path.join(b, 'link'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY b/ /b/\n');
  tags.push(ref);
  docker(['build', '--no-cache', '-q', '-t', ref, dir]);
  docker(['push', '-q', ref]);
  client = new RegistryClient({ registry: REGISTRY });
}, 600_000);

afterAll(async () => {
  if (repo !== '') {
    const digest = (await getManifest(repo, '1').catch(() => undefined))?.digest;
    if (digest !== undefined) await deleteManifest(repo, digest).catch(() => undefined);
  }
  if (session !== undefined && tags.length > 0) {
    spawnSync('/usr/bin/docker', ['rmi', ...tags], { env: session.env });
  }
  client?.close();
  await session?.cleanup();
});

/** An entry as compared: type, name and link target as bytes (`\xNN`), mode. */
function show(e: TarEntry): string {
  const link = e.type === 'symlink' ? ` -> ${showBytes(e.linkname)}` : '';
  return `${e.type} ${showBytes(e.name)}${link} ${(e.mode & 0o7777).toString(8)}`;
}

/** The entries of the last layer of the engine's build of this Dockerfile. */
function engineLastLayer(dir: string): string[] {
  const tag = `${REGISTRY}/${repo}:engine-${tags.length}`;
  tags.push(tag);
  docker(['build', '--no-cache', '-q', '-t', tag, dir]);
  const saved = new Map(parseTar(docker(['save', tag])).map((e) => [e.name.toString(), e.data]));
  const manifest = JSON.parse(saved.get('manifest.json')!.toString()) as Array<{
    Layers: string[];
  }>;
  const layers = manifest[0]!.Layers;
  return parseTar(saved.get(layers[layers.length - 1]!)!).map(show);
}

/** The entries of the last layer of the native build of this Dockerfile. */
async function nativeLastLayer(dir: string): Promise<string[]> {
  const image = await buildNative({
    contextDir: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    buildArgs: {},
    labels: {},
    platform: hostPlatform(),
    epoch: 1_700_000_000,
    tmpDir: tempDir(),
    pullBase: (image, platform) => resolveBaseImage(image, platform, () => client!),
  });
  const layer = image.layers[image.layers.length - 1]!;
  return parseTar(zlib.gunzipSync(readFileSync(layer.path!))).map(show);
}

function context(dockerfile: string): string {
  const dir = tempDir('ctx');
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  return dir;
}

it('the base layer the engine wrote holds the names as bytes in PAX records', async () => {
  const { manifest } = await imageManifest(repo, '1');
  const blob = await getBlob(repo, manifest.layers![0]!.digest);
  const tar = zlib.gunzipSync(blob);
  expect(tar.includes(Buffer.from(' path=b/caf\xe9.txt\n', 'latin1'))).toBe(true);
  expect(tar.includes(Buffer.from(' linkpath=d\xe9\n', 'latin1'))).toBe(true);
});

it('COPY --from the image keeps the bytes, as BuildKit does', async () => {
  const dir = context(`FROM scratch\nCOPY --from=${ref} /b/ /out/\n`);
  const native = await nativeLastLayer(dir);
  expect(native).toEqual([
    'directory out/ 755',
    'file out/caf\\xe9.txt 644',
    'directory out/d\\xe9/ 750',
    'file out/d\\xe9/in.txt 644',
    'symlink out/link -> d\\xe9 777',
    'symlink out/ln-caf\\xe9 -> caf\\xe9.txt 777',
  ]);
  expect(native).toEqual(engineLastLayer(dir));
}, 300_000);

it('a stage FROM the image sees the names: a COPY through its link, as BuildKit does', async () => {
  const dir = context(`FROM ${ref}\nCOPY a.txt /b/link/\n`);
  const native = await nativeLastLayer(dir);
  expect(native).toEqual([
    'directory b/ 755',
    'directory b/d\\xe9/ 750',
    'file b/d\\xe9/a.txt 644',
  ]);
  expect(native).toEqual(engineLastLayer(dir));
}, 300_000);

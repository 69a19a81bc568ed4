/**
 * Each base image layer is downloaded at most once per run, counted at a proxy in front of
 * the local registry: a base image two stages start from, a stage that starts from it while
 * another copies out of it (by stage or by its reference), two platforms whose images share
 * a layer, and the built image's layers read again after the build (what verify and the
 * attestations read).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NativeBuilder } from '../../src/builders/native/builder.js';
import type { Plan } from '../../src/request/plan.js';
import { RegistryClient } from '../../src/registry/client.js';
import { builderSettings, contextPlan } from '../fixtures/builder-settings.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { bufferBlob, sha256 } from '../fixtures/test-image.js';
import {
  REGISTRY,
  USERS,
  deleteManifest,
  requireServices,
  uniqueRepo,
} from '../fixtures/registry.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

let proxy: FaultProxy | undefined;
let pusher: RegistryClient | undefined;
let repo = '';
/** The base image as read through the proxy: `<proxy>/<repo>:1`. */
let base = '';
/** The digests of its layers: one both platforms share, then each platform's own. */
let shared = '';
const own: Record<string, string> = {};
const pushed: string[] = [];
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'base-once-test-'));
  dirs.push(d);
  return d;
}

/** A gzip-compressed tar of the files given, with its diff_id. */
async function layer(files: Record<string, string>): Promise<{ gz: Buffer; diffId: string }> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise((resolve) => p.on('end', () => resolve(undefined)));
  for (const [name, text] of Object.entries(files)) {
    p.entry({ name, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 }, text);
  }
  p.finalize();
  await ended;
  const tar = Buffer.concat(chunks);
  return { gz: gzipSync(tar), diffId: sha256(tar) };
}

async function pushPlatform(
  arch: string,
  layers: Array<{ gz: Buffer; diffId: string }>,
): Promise<{ digest: string; size: number }> {
  const config = bufferBlob(
    Buffer.from(
      JSON.stringify({
        architecture: arch,
        os: 'linux',
        config: { Env: ['PATH=/usr/bin'] },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      }),
    ),
  );
  await pusher!.pushBlob(repo, config);
  for (const l of layers) await pusher!.pushBlob(repo, bufferBlob(l.gz));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: config.digest,
        size: config.size,
      },
      layers: layers.map((l) => ({
        mediaType: LAYER_GZIP,
        digest: sha256(l.gz),
        size: l.gz.length,
      })),
    }),
  );
  const digest = await pusher!.putManifest(repo, sha256(manifest), manifest, OCI_MANIFEST);
  pushed.push(digest);
  return { digest, size: manifest.length };
}

beforeAll(async () => {
  await requireServices();
  repo = uniqueRepo('alice', 'base-once');
  pusher = new RegistryClient({
    registry: REGISTRY,
    credentials: { username: 'alice', password: USERS.alice! },
  });
  const common = await layer({ 'opt/shared.txt': 'shared\n', 'etc/passwd': 'root:x:0:0::/:/x\n' });
  shared = sha256(common.gz);
  const entries = [];
  for (const arch of ['amd64', 'arm64']) {
    const mine = await layer({ [`opt/${arch}.txt`]: `${arch}\n` });
    own[arch] = sha256(mine.gz);
    const m = await pushPlatform(arch, [common, mine]);
    entries.push({ mediaType: OCI_MANIFEST, ...m, platform: { os: 'linux', architecture: arch } });
  }
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }),
  );
  pushed.push(await pusher.putManifest(repo, '1', index, OCI_INDEX));
  proxy = await startFaultProxy();
  base = `${proxy.host}/${repo}:1`;
});

afterAll(async () => {
  for (const digest of pushed) await deleteManifest(repo, digest).catch(() => undefined);
  pusher?.close();
  await proxy?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A native builder of its own runner temp (so no layer cache from another test). */
function builder(): NativeBuilder {
  return new NativeBuilder(builderSettings(tempDir(), proxy!.host));
}

function plan(dockerfile: string): Plan {
  return contextPlan(tempDir(), dockerfile, { 'a.txt': 'a\n' });
}

/** Blob GETs per layer digest of the base image since the proxy was last reset. */
function layerGets(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const digest of [shared, ...Object.values(own)]) {
    const n = proxy!.requests.filter(
      (r) => r.kind === 'blob-get' && r.method === 'GET' && r.path.endsWith(digest),
    ).length;
    if (n > 0) out[digest] = n;
  }
  return out;
}

async function build(
  dockerfile: string,
  platforms: string[],
  after?: (b: NativeBuilder) => Promise<void>,
) {
  const b = builder();
  try {
    proxy!.reset();
    const p = plan(dockerfile);
    for (const platform of platforms) await b.build(p, platform);
    await after?.(b);
    return layerGets();
  } finally {
    b.dispose();
  }
}

describe('each base layer is downloaded once per run', () => {
  it('when two stages start from the base image and one is copied from', async () => {
    const gets = await build(
      `FROM ${base} AS a\nFROM ${base} AS b\nCOPY --from=a /opt/ /copied/\n`,
      ['linux/amd64'],
    );
    expect(gets, proxy!.describe()).toEqual({ [shared]: 1, [own.amd64!]: 1 });
  });

  it('when a stage starts from the base image and COPY --from names the image', async () => {
    const gets = await build(`FROM ${base}\nCOPY --from=${base} /opt/ /copied/\n`, ['linux/amd64']);
    expect(gets, proxy!.describe()).toEqual({ [shared]: 1, [own.amd64!]: 1 });
  });

  it('when COPY --from names a stage and the image both', async () => {
    const gets = await build(
      `FROM ${base} AS a\nFROM ${base}\nCOPY --from=a /opt/ /a/\nCOPY --from=${base} /opt/ /b/\n`,
      ['linux/amd64'],
    );
    expect(gets, proxy!.describe()).toEqual({ [shared]: 1, [own.amd64!]: 1 });
  });

  it('when two platforms share a layer', async () => {
    const gets = await build(`FROM ${base}\nCOPY a.txt /\n`, ['linux/amd64', 'linux/arm64']);
    expect(gets, proxy!.describe()).toEqual({
      [shared]: 1,
      [own.amd64!]: 1,
      [own.arm64!]: 1,
    });
  });

  it('when the built image is read again (verify, attestations)', async () => {
    const gets = await build(`FROM ${base}\nCOPY a.txt /\n`, ['linux/amd64'], async (b) => {
      const built = b.built();
      for (const l of built.images[0]!.layers) {
        const stream = await built.open(l);
        const hash = createHash('sha256');
        for await (const chunk of stream) hash.update(chunk as Buffer);
        expect(`sha256:${hash.digest('hex')}`).toBe(l.digest);
      }
    });
    expect(gets, proxy!.describe()).toEqual({ [shared]: 1, [own.amd64!]: 1 });
  });

  it('and a download that fails is tried again by the next reader', async () => {
    const b = builder();
    try {
      proxy!.reset();
      // Every layer GET is cut (the first blob GET is the config): that build fails.
      proxy!.arm({ kind: 'blob-get', nth: 2, count: Infinity, fault: faults.cutResponse(10) });
      const p = plan(`FROM ${base}\nCOPY a.txt /\n`);
      await expect(b.build(p, 'linux/amd64')).rejects.toThrow();
      proxy!.reset();
      await b.build(p, 'linux/amd64');
      expect(layerGets(), proxy!.describe()).toEqual({ [shared]: 1, [own.amd64!]: 1 });
    } finally {
      b.dispose();
    }
  });
});

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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { NativeBuilder } from '../../src/builders/native/builder.js';
import type { Plan } from '../../src/request/plan.js';
import { RegistryClient } from '../../src/registry/client.js';
import { builderSettings, contextPlan } from '../fixtures/builder-settings.js';
import { faults, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { pushPlatformBase } from '../fixtures/platform-base.js';
import {
  REGISTRY,
  USERS,
  deleteManifest,
  requireServices,
  uniqueRepo,
} from '../fixtures/registry.js';

let proxy: FaultProxy | undefined;
let pusher: RegistryClient | undefined;
let repo = '';
/** The base image as read through the proxy: `<proxy>/<repo>:1`. */
let base = '';
/** The digests of its layers: one both platforms share, then each platform's own. */
let shared = '';
let own: Record<string, string> = {};
const pushed: string[] = [];
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'base-once-test-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  await requireServices();
  repo = uniqueRepo('alice', 'base-once');
  pusher = new RegistryClient({
    registry: REGISTRY,
    credentials: { username: 'alice', password: USERS.alice! },
  });
  const pushedBase = await pushPlatformBase(pusher, repo, '1');
  ({ shared, own } = pushedBase);
  pushed.push(...pushedBase.pushed);
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

/**
 * One registry client per registry per run: a release that builds on a base image of the
 * registry it pushes to (the base read, the credentials checked, the tags listed, the
 * image pushed) makes one client for that registry, and one handshake with it (its
 * challenge answered once), counted at a proxy in front of the local registry.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { realStages, run } from '../../src/pipeline/run.js';
import { RegistryClients } from '../../src/registry/clients.js';
import { DockerfileReader } from '../../src/dockerfile/source.js';
import { RegistryClient } from '../../src/registry/client.js';
import { recordingIo } from '../fixtures/fake-io.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { REGISTRY, USERS, requireServices, uniqueRepo } from '../fixtures/registry.js';
import { runRequest } from '../fixtures/run-request.js';
import { bufferBlob, imageOf, pushImage, sha256 } from '../fixtures/test-image.js';

let proxy: FaultProxy | undefined;
let baseRepo = '';
const dirs: string[] = [];

beforeAll(async () => {
  await requireServices();
  const dir = mkdtempSync(join(tmpdir(), 'osi-one-client-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'base.txt'), 'base\n');
  const tar = execFileSync('tar', ['-c', '--owner=0', '--group=0', '-C', dir, 'base.txt']);
  const image = imageOf(
    bufferBlob(gzipSync(tar)),
    'application/vnd.oci.image.layer.v1.tar+gzip',
    sha256(tar),
  );
  baseRepo = uniqueRepo('alice', 'one-client-base');
  const client = new RegistryClient({
    registry: REGISTRY,
    credentials: { username: 'alice', password: USERS.alice! },
  });
  try {
    await pushImage(client, baseRepo, image, '1');
  } finally {
    client.close();
  }
  proxy = await startFaultProxy({ routeTokens: true });
});

afterAll(async () => {
  await proxy?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('a release that builds on a base of the registry it pushes to shakes hands once', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'osi-one-client-ws-'));
  dirs.push(ws);
  writeFileSync(join(ws, 'hello.txt'), 'hello\n');
  writeFileSync(
    join(ws, 'Dockerfile'),
    `FROM ${proxy!.host}/${baseRepo}:1\nCOPY hello.txt /hello.txt\n`,
  );
  const io = recordingIo();
  const request = runRequest(ws, 'release', {
    registry: proxy!.host,
    image: uniqueRepo('alice', 'one-client'),
    username: 'alice',
    password: USERS.alice!,
    builder: 'native',
  });
  // Every client the run makes, by registry.
  const made: string[] = [];
  const stages = {
    ...realStages,
    shared: async (retryMs: number) => ({
      clients: new RegistryClients({
        totalTimeoutMs: retryMs,
        make: (o) => {
          made.push(o.registry);
          return new RegistryClient(o);
        },
      }),
      dockerfiles: new DockerfileReader(),
    }),
  };
  proxy!.reset();
  const outcome = await run(request, io, stages);
  expect(io.texts('error')).toEqual([]);
  expect(outcome.ok).toBe(true);
  const described = proxy!.describe();
  expect(made, described).toEqual([proxy!.host]);
  // One handshake: the registry's challenge learnt once, by the credential check's GET
  // /v2/; every other request (base image, tag list, push) is sent with a token.
  const refused = proxy!.requests.filter((r) => r.status === 401);
  expect(
    refused.map((r) => `${r.method} ${r.path}`),
    described,
  ).toEqual(['GET /v2/']);
});

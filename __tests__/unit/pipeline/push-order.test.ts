/**
 * The order of a push's requests, in process against the in-memory registry: the
 * attestations go up beside the image rather than after it, so that each round trip
 * of theirs does not add to the push's time; the tags still come last, once everything
 * they name is there.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { run } from '../../../src/pipeline/run.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { startMemoryRegistry, type MemoryRegistry } from '../../fixtures/memory-registry.js';
import { runRequest } from '../../fixtures/run-request.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';

const tempDir = tempDirs('push-order');
let reg: MemoryRegistry;

beforeAll(async () => {
  reg = await startMemoryRegistry({ auth: { users: { alice: 's3cret' } } });
});
afterAll(async () => reg.close());

function workspace(): string {
  const ws = tempDir();
  writeFileSync(path.join(ws, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /\n');
  writeFileSync(path.join(ws, 'hello.txt'), 'hello\n');
  return ws;
}

interface Descriptor {
  digest: string;
}

/** A manifest the registry holds, read without the client under test. */
async function manifest(reference: string): Promise<{
  manifests?: Descriptor[];
  layers?: Descriptor[];
  config?: Descriptor;
}> {
  const url = `${reg.url}/v2/alice/hello/manifests/${reference}`;
  const token = await fetch(`${reg.url}/token?scope=repository:alice/hello:pull`, {
    headers: { authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` },
  }).then(async (r) => ((await r.json()) as { token: string }).token);
  const res = await fetch(url, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

it('sends the attestations beside the image, and the tags last', async () => {
  reg.reset();
  const io = recordingIo();
  const request = runRequest(workspace(), 'main', {
    builder: 'native',
    push: 'true',
    registry: reg.host,
    image: 'alice/hello',
  });
  const outcome = await run(request, io);
  expect(io.texts('error')).toEqual([]);
  expect(outcome.ok).toBe(true);

  const index = await manifest('latest');
  const [image, attestation] = index.manifests!;
  const statements = await manifest(attestation!.digest);
  const attestationBlobs = [statements.config!, ...statements.layers!].map((d) => d.digest);
  const urls = reg.requests.map((r) => `${r.method} ${r.url}`);
  const at = (test: (url: string) => boolean) => urls.findIndex(test);
  const imagePut = at((u) => u === `PUT /v2/alice/hello/manifests/${image!.digest}`);
  const firstAttestationBlob = at((u) => attestationBlobs.some((d) => u.includes(d)));
  const attestationPut = at((u) => u === `PUT /v2/alice/hello/manifests/${attestation!.digest}`);
  const tagPuts = ['sha-fedcba9', 'latest'].map((tag) =>
    at((u) => u === `PUT /v2/alice/hello/manifests/${tag}`),
  );
  expect(imagePut, urls.join('\n')).toBeGreaterThan(0);
  expect(firstAttestationBlob, urls.join('\n')).toBeGreaterThan(0);
  // Not after the image's manifest: nothing of the attestations waits for the image.
  expect(firstAttestationBlob, urls.join('\n')).toBeLessThan(imagePut);
  // The index under the tags names both manifests: both are there before any tag.
  for (const tagPut of tagPuts) {
    expect(tagPut, urls.join('\n')).toBeGreaterThan(Math.max(imagePut, attestationPut));
  }
  // The one count of what went up covers the attestations' blobs too.
  expect(io.texts('info').join('\n')).toMatch(/Blobs: 5 uploaded \(\d+ bytes\), 0 mounted/);
});

it('sends nothing on a re-run of a pushed commit, in a tag variant too', async () => {
  reg.reset();
  const ws = workspace();
  // Past the size from which a layer is uploaded while it is written.
  writeFileSync(path.join(ws, 'noise.bin'), randomBytes(9 * 1024 * 1024));
  writeFileSync(path.join(ws, 'Dockerfile'), 'FROM scratch\nCOPY noise.bin /\n');
  const raw = {
    builder: 'native',
    push: 'true',
    registry: reg.host,
    image: 'alice/variant',
    'tag-prefix': 'debug',
  };
  const uploads = () => reg.requests.filter((r) => r.url.includes('/blobs/uploads/')).length;
  const first = await run(runRequest(ws, 'main', raw), recordingIo());
  expect(first.ok).toBe(true);
  expect(uploads()).toBeGreaterThan(0);
  reg.reset();
  const io = recordingIo();
  const again = await run(runRequest(ws, 'main', raw), io);
  expect(io.texts('error')).toEqual([]);
  expect(again.ok).toBe(true);
  // The commit's tag (debug-sha-…) says it was pushed: its blobs are checked, not sent.
  expect(reg.requests.some((r) => r.url.endsWith('/manifests/debug-sha-fedcba9'))).toBe(true);
  expect(uploads(), reg.steps().join('\n')).toBe(0);
});

// Streamed uploads (stream-upload.ts, then upload.ts after a failure) of a layer while it
// is written (layers/live-layer.ts), driven step by step in process against the registry
// held in memory with the fault proxy in front; each test reads the requests the registry
// recorded, in order.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveLayer } from '../../../src/layers/live-layer.js';
import { faults } from '../../fixtures/fault-proxy.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';
import { bench, bytes, heldBy, MiB, sha256, type Bench } from '../../fixtures/upload-bench.js';

const REPO = 'team/app';
const tempDir = tempDirs('stream-upload');

/** A layer written in two halves into a file: the second once `ready` says so. */
function writeLayer(data: Buffer, ready: () => Promise<void> = async () => {}): LiveLayer {
  const live = new LiveLayer();
  const file = path.join(tempDir(), 'layer.tar.gz');
  const half = Math.floor(data.length / 2);
  writeFileSync(file, data.subarray(0, half));
  live.begin(file);
  live.wrote(half);
  void ready().then(() => {
    appendFileSync(file, data.subarray(half));
    live.wrote(data.length - half);
    live.end({
      digest: sha256(data),
      diffId: sha256(data),
      size: data.length,
      path: file,
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    });
  });
  return live;
}

/** Resolves once the registry has taken some bytes of a streamed (chunked) PATCH. */
function streaming(b: Bench): () => Promise<void> {
  return () => b.reg.until(() => b.reg.requests.some((r) => r.chunked && r.received > 0));
}

describe('a layer uploaded while it is written', () => {
  it('goes as POST, one chunked PATCH begun before its last byte, PUT ?digest=', async () => {
    const b = await bench();
    const data = bytes(2 * MiB);
    // The second half is written only once the registry is receiving the first.
    const live = writeLayer(data, streaming(b));
    expect(await b.client.pushGrowingBlob(REPO, live.growing())).toBe('uploaded');
    expect(b.reg.steps()).toEqual([
      'GET ping 200',
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    expect(b.reg.requests[2]).toMatchObject({ chunked: true, received: 2 * MiB });
    expect(b.reg.requests[2]!.contentRange).toBeUndefined();
    expect(b.reg.hasBlob(REPO, sha256(data))).toBe(true);
  });

  it('cut before the answer to the POST: streams into another session', async () => {
    const b = await bench();
    b.proxy.arm({ kind: 'blob-upload', methods: ['POST'], fault: faults.cutAnswer() });
    const data = bytes(2 * MiB);
    await b.client.pushGrowingBlob(REPO, writeLayer(data).growing());
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(b.reg.requests[3]).toMatchObject({ chunked: true, received: 2 * MiB });
  });

  it('cut at byte 0: goes on from the file in a new session', async () => {
    const b = await bench();
    b.proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutBeforeBody() });
    const data = bytes(2 * MiB);
    await b.client.pushGrowingBlob(REPO, writeLayer(data).growing());
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'PATCH upload#1 cut',
      'GET upload#1 204',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(b.reg.requests[5]!.chunked).toBe(false);
    expect(b.reg.hasBlob(REPO, sha256(data))).toBe(true);
  });

  it('cut half way: goes on from the file where the session says it stands', async () => {
    const b = await bench();
    b.proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutRequest(MiB / 2) });
    const data = bytes(2 * MiB);
    await b.client.pushGrowingBlob(REPO, writeLayer(data).growing());
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'PATCH upload#1 cut',
      'GET upload#1 204',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    const held = heldBy(b.reg.requests[3]!.range);
    expect(held).toBeGreaterThan(0);
    expect(b.reg.requests[4]).toMatchObject({
      contentRange: `${held}-${2 * MiB - 1}`,
      received: 2 * MiB - held,
    });
    expect(b.reg.hasBlob(REPO, sha256(data))).toBe(true);
  });

  it('cut before the answer to the PATCH: asks, then closes the session', async () => {
    const b = await bench();
    b.proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutAnswer() });
    await b.client.pushGrowingBlob(REPO, writeLayer(bytes(2 * MiB)).growing());
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'GET upload#1 204',
      'PUT upload#1 201',
    ]);
  });

  it('cut before the answer to the closing PUT: finds the blob stored', async () => {
    const b = await bench();
    b.proxy.arm({ kind: 'blob-upload', methods: ['PUT'], fault: faults.cutAnswer() });
    await b.client.pushGrowingBlob(REPO, writeLayer(bytes(2 * MiB)).growing());
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 201',
      'GET upload#1 404',
      'HEAD blob 200',
    ]);
  });

  it('answered 503 with Retry-After: waits as asked before going on', async () => {
    const b = await bench();
    b.proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.status(503, 7) });
    await b.client.pushGrowingBlob(REPO, writeLayer(bytes(2 * MiB)).growing());
    expect(b.sleeps).toEqual([7000]);
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'GET upload#1 204',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
  });

  it('answered 429 with Retry-After at the closing PUT: waits as asked before going on', async () => {
    const b = await bench();
    b.proxy.arm({
      kind: 'blob-upload',
      methods: ['PUT'],
      fault: faults.tooManyRequests('json', 5),
    });
    await b.client.pushGrowingBlob(REPO, writeLayer(bytes(2 * MiB)).growing());
    expect(b.sleeps).toEqual([5000]);
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'GET upload#1 204',
      'PUT upload#1 201',
    ]);
  });
});

describe('a token that expires while a layer is streamed', () => {
  it('is renewed, and the layer goes again from its start, streamed', async () => {
    const b = await bench(
      { auth: { users: { alice: 'pw' } } },
      { credentials: { username: 'alice', password: 'pw' } },
    );
    let expired = false;
    b.reg.onRequest((r) => {
      if (expired || r.method !== 'PATCH') return;
      expired = true;
      b.reg.expireTokens();
    });
    const data = bytes(2 * MiB);
    expect(await b.client.pushGrowingBlob(REPO, writeLayer(data).growing())).toBe('uploaded');
    expect(b.reg.steps().filter((s) => !s.startsWith('GET token'))).toEqual([
      'GET ping 401',
      'POST upload 202',
      'PATCH upload#1 401',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    const patches = b.reg.requests.filter((r) => r.method === 'PATCH');
    expect(patches[1]).toMatchObject({ chunked: true, received: 2 * MiB });
    expect(b.reg.hasBlob(REPO, sha256(data))).toBe(true);
  });
});

describe('a registry that answers the streamed PATCH 201, as Amazon ECR does', () => {
  it('is streamed to: the PATCH, then the closing PUT, nothing sent twice', async () => {
    const b = await bench({ ecrPatch: { status: 201 } });
    const [one, two] = [bytes(2 * MiB), bytes(2 * MiB)];
    expect(await b.client.pushGrowingBlob(REPO, writeLayer(one, streaming(b)).growing())).toBe(
      'uploaded',
    );
    expect(await b.client.pushGrowingBlob(REPO, writeLayer(two).growing())).toBe('uploaded');
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'PATCH upload#1 201',
      'PUT upload#1 201',
      'POST upload 202',
      'PATCH upload#2 201',
      'PUT upload#2 201',
    ]);
    expect(b.reg.requests.filter((r) => r.method === 'PATCH').every((r) => r.chunked)).toBe(true);
    expect(b.reg.hasBlob(REPO, sha256(one)) && b.reg.hasBlob(REPO, sha256(two))).toBe(true);
  });
});

describe('a registry that does not take streamed uploads', () => {
  it.each([
    ['answers 416 to a chunked PATCH (at the proxy)', {}, true],
    ['wants a length (411)', { lengthRequired: true }, false],
  ])('%s: is asked once, then sent layers once written', async (_, options, atProxy) => {
    const b = await bench(options);
    if (atProxy)
      b.proxy.arm({ kind: 'blob-upload', count: Infinity, fault: faults.refuseChunked() });
    const [one, two] = [bytes(2 * MiB), bytes(2 * MiB)];
    await b.client.pushGrowingBlob(REPO, writeLayer(one).growing());
    await b.client.pushGrowingBlob(REPO, writeLayer(two).growing());
    const refused = atProxy ? [] : ['PATCH upload#1 411'];
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      ...refused,
      'HEAD blob 404',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
      // The second layer: no streamed attempt.
      'HEAD blob 404',
      'POST upload 202',
      'PATCH upload#3 202',
      'PUT upload#3 201',
    ]);
    expect(b.reg.requests.filter((r) => r.chunked && r.status === 202)).toEqual([]);
    expect(b.lines.filter((l) => /not while they are/.test(l))).toHaveLength(1);
    expect(b.reg.hasBlob(REPO, sha256(one)) && b.reg.hasBlob(REPO, sha256(two))).toBe(true);
  });

  it('asking for chunks of a minimum length is not streamed to', async () => {
    const b = await bench({ chunkMinLength: 5 * MiB });
    const data = bytes(2 * MiB);
    await b.client.pushGrowingBlob(REPO, writeLayer(data).growing());
    expect(b.reg.steps().slice(1)).toEqual([
      'POST upload 202',
      'HEAD blob 404',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(b.reg.requests.some((r) => r.chunked)).toBe(false);
  });
});

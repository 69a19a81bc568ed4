// The upload state machine (upload.ts, blobs.ts, the transport's retries) driven step by
// step in process: a registry held in memory (fixtures/memory-registry.ts) with the fault
// proxy in front. Each test reads the requests the registry itself recorded, in order.
import { describe, expect, it } from 'vitest';
import { faults } from '../../fixtures/fault-proxy.js';
import { bench, blob, bytes, heldBy, MiB } from '../../fixtures/upload-bench.js';

const REPO = 'team/app';

describe('before an upload', () => {
  it('skips a blob the repository has, after one HEAD', async () => {
    const { reg, client } = await bench();
    const data = bytes(4096);
    reg.putBlob(REPO, data);
    expect(await client.pushBlob(REPO, blob(data))).toBe('exists');
    expect(reg.steps()).toEqual(['HEAD blob 200']);
  });

  it('mounts a blob from the repository that has it, uploading nothing', async () => {
    const { reg, client } = await bench();
    const data = bytes(4096);
    reg.putBlob('team/base', data);
    expect(await client.pushBlob(REPO, blob(data), { mountFrom: 'team/base' })).toBe('mounted');
    expect(reg.steps()).toEqual(['HEAD blob 404', 'POST upload?mount 201']);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('uploads into the session a refused mount opened', async () => {
    const { reg, client } = await bench();
    const data = bytes(4096);
    expect(await client.pushBlob(REPO, blob(data), { mountFrom: 'team/base' })).toBe('uploaded');
    expect(reg.steps()).toEqual([
      'HEAD blob 404',
      'POST upload?mount 202',
      'GET ping 200',
      'PUT upload#1 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('uploads in a session of its own when reading the mount source is denied', async () => {
    const { reg, client } = await bench(
      { auth: { users: { alice: 'pw' }, denied: ['other/base'] } },
      { credentials: { username: 'alice', password: 'pw' } },
    );
    const data = bytes(4096);
    reg.putBlob('other/base', data);
    expect(await client.pushBlob(REPO, blob(data), { mountFrom: 'other/base' })).toBe('uploaded');
    expect(reg.steps().filter((s) => !s.startsWith('GET token'))).toEqual([
      'HEAD blob 401',
      'HEAD blob 404',
      // Once with the token it had, once with a fresh one: then the upload.
      'POST upload?mount 401',
      'POST upload?mount 401',
      'POST upload?digest 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });
});

describe('a mount the registry cannot make', () => {
  it.each([
    ['400 BAD_REQUEST, as Harbor for a source name it holds invalid', 400, 'BAD_REQUEST'],
    ['404 NAME_UNKNOWN, for a source repository it does not have', 404, 'NAME_UNKNOWN'],
    ['405 UNSUPPORTED, for mounts it does not make', 405, 'UNSUPPORTED'],
  ])('answered %s: uploads in a session of its own', async (_, status, code) => {
    const { reg, client } = await bench({ mountError: { status, code, message: 'no mount' } });
    const data = bytes(4096);
    expect(await client.pushBlob(REPO, blob(data), { mountFrom: 'base' })).toBe('uploaded');
    expect(reg.steps()).toEqual([
      'HEAD blob 404',
      `POST upload?mount ${status}`,
      'GET ping 200',
      'POST upload?digest 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });
});

describe('small blobs, in one request', () => {
  it('are stored by POST ?digest= where the registry takes it', async () => {
    const { reg, client } = await bench();
    const data = bytes(4096);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps()).toEqual(['HEAD blob 404', 'GET ping 200', 'POST upload?digest 201']);
    expect(reg.requests[2]!.received).toBe(4096);
  });

  it('go with the PUT where POST only opens a session, learnt once per registry', async () => {
    const { reg, client } = await bench({ monolithicPost: false });
    const [a, b] = [bytes(4096), bytes(8192)];
    await client.pushBlob(REPO, blob(a));
    await client.pushBlob(REPO, blob(b));
    expect(reg.steps()).toEqual([
      'HEAD blob 404',
      'GET ping 200',
      'POST upload?digest 202',
      'PUT upload#1 201',
      'HEAD blob 404',
      'POST upload 202',
      'PUT upload#2 201',
    ]);
    expect(reg.requests.map((r) => r.received)).toEqual([0, 0, 4096, 4096, 0, 0, 8192]);
    expect(reg.hasBlob(REPO, blob(b).digest)).toBe(true);
  });
});

describe('large blobs, as a session', () => {
  it('go as POST, one PATCH of the whole blob, PUT ?digest=', async () => {
    const { reg, client } = await bench();
    const data = bytes(3 * MiB);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps()).toEqual([
      'HEAD blob 404',
      'GET ping 200',
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    expect(reg.requests[3]).toMatchObject({ received: 3 * MiB, range: `0-${3 * MiB - 1}` });
    expect(reg.requests[4]!.received).toBe(0);
    // Google Artifact Registry answers 411 to a POST without a length (oras rust-oci-client#176).
    expect(reg.requests[2]!.contentLength).toBe('0');
  });

  it('go in 16 MiB chunks, with a warning, where a PATCH of the whole blob is answered 413', async () => {
    const { reg, client, lines } = await bench({ maxPatchBytes: 16 * MiB });
    const data = bytes(20 * MiB);
    expect(await client.pushBlob(REPO, blob(data))).toBe('uploaded');
    expect(reg.steps().filter((s) => s.startsWith('PATCH'))).toEqual([
      'PATCH upload#1 413',
      'PATCH upload#2 202',
      'PATCH upload#2 202',
    ]);
    expect(reg.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentRange)).toEqual([
      undefined,
      `0-${16 * MiB - 1}`,
      `${16 * MiB}-${20 * MiB - 1}`,
    ]);
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(/HTTP 413.*16\.0 MiB chunks/),
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('go in chunks of the size asked for, each starting where the last ended', async () => {
    const { reg, client } = await bench({}, { uploadChunkSize: MiB });
    const data = bytes(2 * MiB + 100);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PATCH upload#1 202',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    expect(reg.requests.slice(3, 6).map((r) => r.contentRange)).toEqual([
      `0-${MiB - 1}`,
      `${MiB}-${2 * MiB - 1}`,
      `${2 * MiB}-${2 * MiB + 99}`,
    ]);
  });

  it('starts a new session after a 416 for a chunk the session no longer ends at', async () => {
    const { reg, client } = await bench({}, { uploadChunkSize: MiB });
    reg.onRequest((r) => {
      // The registry loses the end of the first chunk just before the second comes.
      if (r.method === 'PATCH' && r.target === 'upload#1' && r.contentRange?.startsWith(`${MiB}-`))
        reg.truncate(1, 1000);
    });
    const data = bytes(2 * MiB);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PATCH upload#1 416',
      'POST upload 202',
      'PATCH upload#2 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });
});

describe('a registry that answers a PATCH 201, as Amazon ECR does', () => {
  it('goes on to the closing PUT after one PATCH of the whole blob', async () => {
    const { reg, client } = await bench({ ecrPatch: { status: 201 } });
    const data = bytes(3 * MiB);
    expect(await client.pushBlob(REPO, blob(data))).toBe('uploaded');
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 201',
      'PUT upload#1 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('sends each chunk once where the Range stops advancing after the first', async () => {
    const { reg, client } = await bench(
      { ecrPatch: { status: 201, staleRange: true } },
      { uploadChunkSize: MiB },
    );
    const data = bytes(3 * MiB + 100);
    expect(await client.pushBlob(REPO, blob(data))).toBe('uploaded');
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 201',
      'PATCH upload#1 201',
      'PATCH upload#1 201',
      'PATCH upload#1 201',
      'PUT upload#1 201',
    ]);
    expect(reg.requests.slice(4, 6).map((r) => r.range)).toEqual([`0-${MiB - 1}`, `0-${MiB - 1}`]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('cut half way through the PATCH, where a session says nothing of itself: uploads anew', async () => {
    const { reg, proxy, client } = await bench({ ecrPatch: { status: 201, noStatus: true } });
    proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutRequest(MiB) });
    const data = bytes(2 * MiB);
    expect(await client.pushBlob(REPO, blob(data))).toBe('uploaded');
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 cut',
      'GET upload#1 404',
      'HEAD blob 404',
      'POST upload 202',
      'PATCH upload#2 201',
      'PUT upload#2 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });
});

describe('a connection cut', () => {
  it.each([
    ['at byte 0', faults.cutBeforeBody()],
    ['half way', faults.cutRequest(2048)],
  ])('%s of a POST ?digest= sends the blob again', async (_, fault) => {
    const { reg, proxy, client, sleeps } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['POST'], fault });
    const data = bytes(4096);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps()).toEqual([
      'HEAD blob 404',
      'GET ping 200',
      'POST upload?digest cut',
      'POST upload?digest 201',
    ]);
    expect(sleeps).toHaveLength(1);
  });

  it('before the answer to a POST ?digest=: sends it again, and it is stored', async () => {
    const { reg, proxy, client, sleeps } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['POST'], fault: faults.cutAnswer() });
    const data = bytes(4096);
    expect(await client.pushBlob(REPO, blob(data))).toBe('uploaded');
    expect(reg.steps()).toEqual([
      'HEAD blob 404',
      'GET ping 200',
      'POST upload?digest 201',
      'POST upload?digest 201',
    ]);
    expect(sleeps).toHaveLength(1);
  });

  it('before the answer to a POST opening a session: opens another', async () => {
    const { reg, proxy, client } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['POST'], fault: faults.cutAnswer() });
    await client.pushBlob(REPO, blob(bytes(2 * MiB)));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
  });

  it('at byte 0 of a PATCH: the session holds nothing sure, a new one is opened', async () => {
    const { reg, proxy, client } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutBeforeBody() });
    const data = bytes(2 * MiB);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 cut',
      'GET upload#1 204',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(reg.requests[4]!.range).toBe('0-0');
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('half way through a PATCH: goes on from what the session says it holds', async () => {
    const { reg, proxy, client } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutRequest(MiB) });
    const data = bytes(2 * MiB);
    const b = blob(data);
    await client.pushBlob(REPO, b);
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 cut',
      'GET upload#1 204',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    const held = heldBy(reg.requests[4]!.range);
    expect(held).toBeGreaterThan(0);
    expect(reg.requests[5]).toMatchObject({
      contentRange: `${held}-${2 * MiB - 1}`,
      received: 2 * MiB - held,
    });
    expect(reg.hasBlob(REPO, b.digest)).toBe(true);
  });

  it('half way through a PATCH, where a stale session is cancelled: uploads anew', async () => {
    const { reg, proxy, client } = await bench({ checkState: true });
    proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutRequest(MiB) });
    const data = bytes(2 * MiB);
    await client.pushBlob(REPO, blob(data));
    // CNCF distribution: the Location before the PATCH no longer matches what it holds.
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 cut',
      'GET upload#1 404',
      'HEAD blob 404',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('before the answer to a PATCH: asks, and closes the session that holds it all', async () => {
    const { reg, proxy, client } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.cutAnswer() });
    await client.pushBlob(REPO, blob(bytes(2 * MiB)));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'GET upload#1 204',
      'PUT upload#1 201',
    ]);
    expect(reg.requests[4]!.range).toBe(`0-${2 * MiB - 1}`);
  });

  it('at byte 0 of a PUT with the body: a new session, opened without the body', async () => {
    const { reg, proxy, client } = await bench({ monolithicPost: false });
    proxy.arm({ kind: 'blob-upload', methods: ['PUT'], fault: faults.cutBeforeBody() });
    const data = bytes(64 * 1024);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload?digest 202',
      'PUT upload#1 cut',
      'GET upload#1 204',
      'POST upload 202',
      'PUT upload#2 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('half way through a PUT with the body: sends the rest, then closes', async () => {
    const { reg, proxy, client } = await bench({ monolithicPost: false });
    proxy.arm({ kind: 'blob-upload', methods: ['PUT'], fault: faults.cutRequest(32 * 1024) });
    const data = bytes(64 * 1024);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload?digest 202',
      'PUT upload#1 cut',
      'GET upload#1 204',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    const held = heldBy(reg.requests[4]!.range);
    expect(reg.requests[5]!.contentRange).toBe(`${held}-${64 * 1024 - 1}`);
    expect(reg.requests[6]!.received).toBe(0);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('before the answer to the closing PUT: finds the blob stored', async () => {
    const { reg, proxy, client } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['PUT'], fault: faults.cutAnswer() });
    expect(await client.pushBlob(REPO, blob(bytes(2 * MiB)))).toBe('uploaded');
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 201',
      'GET upload#1 404',
      'HEAD blob 200',
    ]);
  });
});

describe('sessions the registry loses', () => {
  it('starts again in a new session when the closing PUT finds it gone', async () => {
    const { reg, client } = await bench();
    reg.onRequest((r) => {
      if (r.method === 'PUT' && r.target === 'upload#1') reg.dropSession(1);
    });
    const data = bytes(2 * MiB);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 404',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });

  it('gives up, saying so, when it keeps losing them', async () => {
    const { reg, client } = await bench();
    reg.onRequest((r) => {
      const n = /^upload#(\d+)$/.exec(r.target)?.[1];
      if (r.method === 'PUT' && n !== undefined) reg.dropSession(Number(n));
    });
    const err = await client.pushBlob(REPO, blob(bytes(2 * MiB))).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/kept losing the upload session/);
    // The first session and three more, each closed in vain.
    expect(reg.steps().filter((s) => s.startsWith('PUT'))).toEqual([
      'PUT upload#1 404',
      'PUT upload#2 404',
      'PUT upload#3 404',
      'PUT upload#4 404',
    ]);
  });
});

describe('a registry that stays unavailable', () => {
  it('is given up on once the time budget is spent, each wait as it asked', async () => {
    let clock = 0;
    const { reg, proxy, client, sleeps } = await bench(
      {},
      { totalTimeoutMs: 60_000, now: () => clock },
    );
    proxy.arm({
      kind: 'blob-upload',
      methods: ['PATCH'],
      count: Infinity,
      fault: faults.status(503, 20),
    });
    const slept = (): number => sleeps.reduce((a, b) => a + b, 0);
    // The clock moves by the waits only (the client's sleeps return at once).
    reg.onRequest(() => {
      clock = slept();
    });
    const err = await client.pushBlob(REPO, blob(bytes(2 * MiB))).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/503/);
    expect(sleeps).toEqual([20_000, 20_000]);
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'GET upload#1 204',
      'POST upload 202',
      'GET upload#2 204',
      'POST upload 202',
    ]);
  });
});

describe('content the registry refuses', () => {
  it('fails, saying so, when the blob no longer matches its digest', async () => {
    const { reg, client } = await bench();
    const data = bytes(2 * MiB);
    const changed = Buffer.from(data);
    changed[100] = changed[100]! ^ 1;
    const err = await client
      .pushBlob(
        REPO,
        blob(data, () => changed),
      )
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/DIGEST_INVALID|digest/i);
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 400',
    ]);
    expect(reg.held(1)).toBeUndefined();
  });

  it('uploads again, in a new session, a blob that is unchanged on disk', async () => {
    const { reg, client } = await bench();
    const data = bytes(2 * MiB);
    const changed = Buffer.from(data);
    changed[100] = changed[100]! ^ 1;
    // Corrupted on the way the first time only.
    await client.pushBlob(
      REPO,
      blob(data, (n) => (n === 1 ? changed : data)),
    );
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PUT upload#1 400',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
  });
});

describe('waits the registry asks for', () => {
  it('waits out Retry-After of a 503 to a PATCH, then asks the session', async () => {
    const { reg, proxy, client, sleeps } = await bench();
    proxy.arm({ kind: 'blob-upload', methods: ['PATCH'], fault: faults.status(503, 7) });
    await client.pushBlob(REPO, blob(bytes(2 * MiB)));
    expect(sleeps).toEqual([7000]);
    // The proxy answered the PATCH: the registry never saw it.
    expect(reg.steps().slice(2)).toEqual([
      'POST upload 202',
      'GET upload#1 204',
      'POST upload 202',
      'PATCH upload#2 202',
      'PUT upload#2 201',
    ]);
  });

  it('waits out Retry-After of a 429 to the existence check', async () => {
    const { reg, proxy, client, sleeps } = await bench();
    proxy.arm({ kind: 'blob-head', fault: faults.tooManyRequests('json', 9) });
    await client.pushBlob(REPO, blob(bytes(4096)));
    expect(sleeps).toEqual([9000]);
    expect(proxy.requests.map((r) => `${r.method} ${r.kind} ${r.status}`)).toEqual([
      'HEAD blob-head 429',
      'HEAD blob-head 404',
      'GET v2-ping 200',
      'POST blob-upload 201',
    ]);
    expect(reg.steps()).toEqual(['HEAD blob 404', 'GET ping 200', 'POST upload?digest 201']);
  });
});

describe('a registry that limits the rate', () => {
  it('is one warning, however many requests of the push it answered 429', async () => {
    const { proxy, client, lines } = await bench();
    proxy.arm({ kind: 'blob-head', count: 3, fault: faults.tooManyRequests('json', 0) });
    // Blobs side by side, as a push sends them: each existence check is limited.
    await Promise.all([1, 2, 3].map((n) => client.pushBlob(REPO, blob(bytes(1024 * n)))));
    expect(proxy.injected).toHaveLength(3);
    const retries = lines.filter((l) => /rate limited \(HTTP 429/.test(l));
    expect(retries).toHaveLength(3);
    expect(retries.filter((l) => l.startsWith('warning: '))).toHaveLength(1);
    // Later ones too: the run has said it once.
    proxy.arm({ kind: 'blob-head', fault: faults.tooManyRequests('json', 0) });
    await client.pushBlob(REPO, blob(bytes(5000)));
    expect(lines.filter((l) => l.startsWith('warning: '))).toHaveLength(1);
  });
});

describe('credentials', () => {
  it('are never sent to a registry that did not ask for them', async () => {
    const { reg, client } = await bench({}, { credentials: { username: 'alice', password: 'pw' } });
    const config = Buffer.from('{}');
    const layer = bytes(2 * MiB);
    await client.pushBlob(REPO, blob(config));
    await client.pushBlob(REPO, blob(layer));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: blob(config).digest,
          size: 2,
        },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar',
            digest: blob(layer).digest,
            size: layer.length,
          },
        ],
      }),
    );
    await client.putManifest(REPO, 'v1', manifest, 'application/vnd.oci.image.manifest.v1+json');
    expect(await client.listTags(REPO)).toEqual(['v1']);
    expect(reg.requests.length).toBeGreaterThan(8);
    expect(reg.requests.filter((r) => r.authorization !== undefined)).toEqual([]);
  });

  it('go as Basic to the token service only, and as its token to the registry', async () => {
    const { reg, client } = await bench(
      { auth: { users: { alice: 'pw' } } },
      { credentials: { username: 'alice', password: 'pw' } },
    );
    await client.pushBlob(REPO, blob(bytes(2 * MiB)));
    const sent = reg.requests.map((r) => `${r.target} ${r.authorization?.split(' ')[0] ?? '-'}`);
    expect(sent).toEqual([
      // The first HEAD learns the challenge: no GET /v2/ is needed after it.
      'blob -',
      'token Basic',
      'blob Bearer',
      'upload Bearer',
      'upload#1 Bearer',
      'upload#1 Bearer',
    ]);
  });

  it('a token refused half way through an upload: the chunk goes again with a new one', async () => {
    const { reg, client } = await bench(
      { auth: { users: { alice: 'pw' } } },
      { credentials: { username: 'alice', password: 'pw' }, uploadChunkSize: MiB },
    );
    let expired = false;
    reg.onRequest((r) => {
      if (expired || r.method !== 'PATCH' || !r.contentRange?.startsWith(`${MiB}-`)) return;
      expired = true;
      reg.expireTokens();
    });
    const data = bytes(2 * MiB + 10);
    await client.pushBlob(REPO, blob(data));
    expect(reg.steps().slice(reg.steps().indexOf('POST upload 202'))).toEqual([
      'POST upload 202',
      'PATCH upload#1 202',
      'PATCH upload#1 401',
      'GET token 200',
      'PATCH upload#1 202',
      'PATCH upload#1 202',
      'PUT upload#1 201',
    ]);
    const patches = reg.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.contentRange)).toEqual([
      `0-${MiB - 1}`,
      `${MiB}-${2 * MiB - 1}`,
      `${MiB}-${2 * MiB - 1}`,
      `${2 * MiB}-${2 * MiB + 9}`,
    ]);
    expect(reg.hasBlob(REPO, blob(data).digest)).toBe(true);
  });
});

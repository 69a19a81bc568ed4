/**
 * The action end to end, for both builders, through a proxy in front of the registry
 * that fails on command (fixtures/fault-proxy.ts): server errors, rate limits with
 * Retry-After, connections cut in the middle of an upload, a stalled request, a failing
 * token service. Each run must end with the image pushed and every tag naming the
 * digest of the outputs, read straight from the registry (not through the proxy); a
 * fault that never ends must fail the step with one clear error line.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  classify,
  faults,
  startFaultProxy,
  type Armed,
  type FaultProxy,
} from '../fixtures/fault-proxy.js';
import {
  getBlob,
  imageManifest,
  listTags,
  manifestDigest,
  requireServices,
  runDocker,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import { builderSetup, errorLines, events, runAction, type RunResult } from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };
/** docker: the legacy builder; docker-buildkit: the engine's BuildKit (harness.ts). */
const builders = (process.env.ONEIMAGE_TEST_BUILDERS ?? 'docker,docker-buildkit,native').split(',');
const KiB = 1024;

const runs: RunResult[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  await requireServices();
});

afterAll(async () => {
  for (const r of runs) r.dispose();
  await Promise.all(proxies.map((p) => p.close()));
});

async function proxy(routeTokens = false): Promise<FaultProxy> {
  const p = await startFaultProxy({ routeTokens });
  proxies.push(p);
  return p;
}

// ------------------------------------------------------------------ the proxy itself

describe('fault proxy', () => {
  let p: FaultProxy;
  beforeAll(async () => {
    p = await proxy(true);
  });
  afterEach(() => p.reset());

  it('sorts requests into kinds', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(classify('GET', '/v2/')).toBe('v2-ping');
    expect(classify('GET', '/token?service=x&scope=repository:a/b:pull')).toBe('token');
    expect(classify('PUT', '/v2/alice/x/manifests/latest')).toBe('manifest-put');
    expect(classify('HEAD', `/v2/alice/x/manifests/${digest}`)).toBe('manifest-get');
    expect(classify('HEAD', `/v2/alice/x/blobs/${digest}`)).toBe('blob-head');
    expect(classify('GET', `/v2/alice/x/blobs/${digest}`)).toBe('blob-get');
    expect(classify('POST', '/v2/alice/x/blobs/uploads/?digest=x')).toBe('blob-upload');
    expect(classify('PATCH', '/v2/alice/x/blobs/uploads/0b9a-uuid?_state=s')).toBe('blob-upload');
    expect(classify('PUT', '/v2/alice/x/blobs/uploads/0b9a-uuid?digest=x')).toBe('blob-upload');
    expect(classify('GET', '/v2/alice/x/blobs/uploads/0b9a-uuid')).toBe('upload-status');
    expect(classify('GET', '/v2/alice/x/tags/list?n=10')).toBe('tags-list');
    expect(classify('DELETE', `/v2/alice/x/manifests/${digest}`)).toBe('other');
  });

  it('forwards, keeps the challenge, rewrites Location and the token realm', async () => {
    const ping = await fetch(`${p.url}/v2/`);
    expect(ping.status).toBe(401);
    expect(ping.headers.get('www-authenticate')).toContain(`realm="${p.url}/token"`);
    expect(ping.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    const repo = uniqueRepo('alice', 'proxy-self');
    const tokenRes = await fetch(
      `${p.url}/token?service=registry.test&scope=repository:${repo}:pull,push`,
      {
        headers: {
          Authorization: `Basic ${Buffer.from(`alice:${alice.password}`).toString('base64')}`,
        },
      },
    );
    expect(tokenRes.status).toBe(200);
    const { token } = (await tokenRes.json()) as { token: string };
    const open = await fetch(`${p.url}/v2/${repo}/blobs/uploads/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(open.status).toBe(202);
    expect(open.headers.get('location')).toMatch(new RegExp(`^${p.url}/v2/${repo}/blobs/uploads/`));
    expect(p.counts).toMatchObject({ 'v2-ping': 1, token: 1, 'blob-upload': 1, any: 3 });
    expect(p.injected).toEqual([]);
  });

  it('injects statuses on the n-th request of a kind, for a count, and logs them', async () => {
    const armed = p.arm({
      kind: 'v2-ping',
      nth: 2,
      count: 2,
      fault: faults.tooManyRequests('hap429', 7),
    });
    const statuses: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${p.url}/v2/`);
      statuses.push(res.status);
      bodies.push(await res.text());
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('7');
    }
    expect(statuses).toEqual([401, 429, 429, 401]);
    expect(bodies[1]).toBe('Too Many Requests (HAP429).\n');
    expect(armed).toMatchObject({ seen: 4, fired: 2 });
    expect(p.injected.map((f) => f.fault)).toEqual([
      '429 hap429 Retry-After: 7',
      '429 hap429 Retry-After: 7',
    ]);
    p.disarm();
    p.arm({ kind: 'any', count: Infinity, fault: faults.tooManyRequests('json') });
    const json = await fetch(`${p.url}/v2/x/y/tags/list`);
    expect(json.status).toBe(429);
    expect(((await json.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe(
      'TOOMANYREQUESTS',
    );
  });

  it('cuts a request body, a response body, and stalls', async () => {
    p.arm({ kind: 'blob-upload', fault: faults.cutRequest(10 * KiB) });
    const cut = fetch(`${p.url}/v2/alice/x/blobs/uploads/`, {
      method: 'POST',
      body: Buffer.alloc(64 * KiB),
    });
    await expect(cut).rejects.toThrow();
    // A body no longer than the cut point is not touched, and the fault stays armed.
    const small = await fetch(`${p.url}/v2/alice/x/blobs/uploads/`, {
      method: 'POST',
      body: Buffer.alloc(KiB),
    });
    expect(small.status).toBe(401);
    await small.body?.cancel();
    expect(p.injected).toHaveLength(1);

    p.arm({ kind: 'v2-ping', fault: faults.cutResponse(20) });
    const res = await fetch(`${p.url}/v2/`);
    expect(res.status).toBe(401);
    await expect(res.text()).rejects.toThrow();

    p.arm({ kind: 'tags-list', fault: faults.stall(1, 'close') });
    const started = Date.now();
    await expect(fetch(`${p.url}/v2/x/y/tags/list`)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    p.arm({ kind: 'tags-list', fault: faults.stall(0.5, 'forward') });
    const late = await fetch(`${p.url}/v2/x/y/tags/list`);
    expect(late.status).toBe(401);
    expect(p.injected.map((f) => f.fault)).toEqual([
      `cut request after ${10 * KiB} bytes`,
      'cut response after 20 bytes',
      'stall 1s then close',
      'stall 0.5s then forward',
    ]);
  });
  it('cuts before the body and before the answer, fakes a 201, rewrites a header', async () => {
    p.arm({ kind: 'blob-upload', fault: faults.cutBeforeBody() });
    await expect(
      fetch(`${p.url}/v2/alice/x/blobs/uploads/`, { method: 'POST', body: Buffer.alloc(KiB) }),
    ).rejects.toThrow();
    p.arm({ kind: 'v2-ping', fault: faults.cutAnswer() });
    await expect(fetch(`${p.url}/v2/`)).rejects.toThrow();
    expect(p.requests.at(-1)?.status).toBeUndefined();

    p.arm({ kind: 'manifest-put', fault: faults.acceptUnstored() });
    const body = Buffer.from('{"schemaVersion":2}');
    const put = await fetch(`${p.url}/v2/alice/x/manifests/v1`, { method: 'PUT', body });
    expect(put.status).toBe(201);
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    expect(put.headers.get('docker-content-digest')).toBe(digest);
    expect(put.headers.get('location')).toBe(`/v2/alice/x/manifests/${digest}`);

    p.arm({ kind: 'v2-ping', fault: faults.setHeader('Docker-Content-Digest', digest) });
    const ping = await fetch(`${p.url}/v2/`);
    expect(ping.status).toBe(401);
    expect(ping.headers.get('docker-content-digest')).toBe(digest);
    await ping.body?.cancel();

    p.arm({ kind: 'tags-list', fault: faults.tooManyRequests('json', 0) });
    const past = 'Wed, 21 Oct 2015 07:28:00 GMT';
    p.arm({ kind: 'tags-list', fault: faults.status(503, past) });
    const zero = await fetch(`${p.url}/v2/x/y/tags/list`);
    expect(zero.headers.get('retry-after')).toBe('0');
    const dated = await fetch(`${p.url}/v2/x/y/tags/list`);
    expect([zero.status, dated.status]).toEqual([429, 503]);
    expect(dated.headers.get('retry-after')).toBe(past);
    expect(p.injected.map((f) => f.fault)).toEqual([
      'cut request after 0 bytes',
      'cut after the request, before the answer',
      '201 without storing',
      `docker-content-digest: ${digest}`,
      '429 json Retry-After: 0',
      `503 Retry-After: ${past}`,
    ]);
  });

  it('trickles a body and sends one that never ends', async () => {
    /** Bytes of the body received within `ms`, and whether it ended. */
    const within = async (res: Response, ms: number) => {
      const reader = res.body!.getReader();
      let bytes = 0;
      let ended = false;
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const next = await Promise.race([
          reader.read(),
          new Promise<undefined>((r) => setTimeout(r, until - Date.now())),
        ]);
        if (next === undefined) break;
        if (next.done) {
          ended = true;
          break;
        }
        bytes += next.value.length;
      }
      await reader.cancel();
      return { bytes, ended };
    };
    p.arm({ kind: 'v2-ping', fault: faults.trickle(10) });
    const slow = await fetch(`${p.url}/v2/`);
    expect(slow.status).toBe(401);
    expect(slow.headers.get('content-length')).toBeNull();
    const trickled = await within(slow, 1500);
    expect(trickled.ended).toBe(false);
    expect(trickled.bytes).toBeGreaterThan(5);
    expect(trickled.bytes).toBeLessThan(30);

    p.arm({ kind: 'blob-upload', fault: faults.endlessBody(500) });
    const endless = await fetch(`${p.url}/v2/alice/x/blobs/uploads/`, { method: 'POST' });
    expect(endless.status).toBe(500);
    const flood = await within(endless, 1000);
    expect(flood.ended).toBe(false);
    expect(flood.bytes).toBeGreaterThan(4 * 1024 * 1024);
  });
});

// ------------------------------------------------------------------ the action

interface Published {
  result: RunResult;
  repo: string;
  /** sha-<7 hex> and latest, as the push to main tags them. */
  tags: string[];
  refs: string[];
  ms: number;
}

/** For each injected fault, the milliseconds until the next request of the same kind. */
/**
 * For each faulted request, how long until the same request came again. Blobs go up
 * concurrently, so a request to the same path within CONCURRENT_MS of the fault is
 * another blob's, not the retry (an immediate retry leaves no later one, and the
 * count of gaps falls short).
 */
function gapsAfterFaults(p: FaultProxy): number[] {
  const CONCURRENT_MS = 50;
  return p.requests.flatMap((r, i) => {
    if (!r.fault) return [];
    const next = p.requests
      .slice(i + 1)
      .find(
        (n) =>
          n.kind === r.kind &&
          n.method === r.method &&
          n.path === r.path &&
          n.at - r.at > CONCURRENT_MS,
      );
    return next ? [next.at - r.at] : [];
  });
}

interface FaultCase {
  name: string;
  routeTokens?: boolean;
  arm(p: FaultProxy, builder: string): Armed[];
  /** Further checks once the push succeeded. */
  check?(run: Published, p: FaultProxy, builder: string): void | Promise<void>;
}

const cases: FaultCase[] = [
  {
    name: '503 on the first manifest PUT',
    arm: (p) => [p.arm({ kind: 'manifest-put', fault: faults.status(503) })],
    check: (_run, p) => {
      // Two tags, and the one refused went again.
      expect(p.counts['manifest-put']).toBeGreaterThanOrEqual(3);
    },
  },
  {
    name: '502 on a blob upload',
    arm: (p) => [p.arm({ kind: 'blob-upload', fault: faults.status(502) })],
  },
  {
    name: '429 (registry JSON, Retry-After: 1) on the manifest PUT',
    arm: (p) => [p.arm({ kind: 'manifest-put', fault: faults.tooManyRequests('json', 1) })],
    // Both builders push with our registry client, which honours Retry-After.
    check: ({ result }, p) => {
      expect(result.main.log).toMatch(/rate limited.*retrying in 1s/);
      expect(gapsAfterFaults(p)[0]).toBeGreaterThanOrEqual(1000);
    },
  },
  {
    name: "429 (Docker Hub's plain-text HAP429, Retry-After: 1) on a blob HEAD and a blob upload",
    arm: (p) => [
      p.arm({ kind: 'blob-head', fault: faults.tooManyRequests('hap429', 1) }),
      p.arm({ kind: 'blob-upload', fault: faults.tooManyRequests('hap429', 1) }),
    ],
    check: ({ result }, p) => {
      expect(result.main.log).toMatch(/rate limited \(HTTP 429: Too Many Requests \(HAP429\)/);
      // Every retry that can be told apart waited the Retry-After. Upload POSTs of several
      // blobs can share one path (and attestation blobs follow the image's), so a retry
      // is not always found by its path: at least one must be.
      const gaps = gapsAfterFaults(p);
      expect(gaps.length).toBeGreaterThanOrEqual(1);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
    },
  },
  {
    name: 'a connection cut after 100 KiB of the layer upload',
    // PATCH or PUT: the request whose body the registry keeps.
    arm: (p) => [
      p.arm({
        kind: 'blob-upload',
        methods: ['PATCH', 'PUT'],
        fault: faults.cutRequest(100 * KiB),
      }),
    ],
    check: async ({ repo, result }) => {
      // Every blob the manifest names is whole in the registry (getBlob checks the digest).
      const { manifest } = await imageManifest(repo, result.outputs.digest!);
      const layers = manifest.layers ?? [];
      expect(layers.length).toBeGreaterThan(0);
      expect(layers.some((l) => l.size > 100 * KiB)).toBe(true);
      for (const blob of [manifest.config!, ...layers]) {
        expect((await getBlob(repo, blob.digest)).length).toBe(blob.size);
      }
    },
  },
  {
    name: 'a manifest PUT that stalls for 5 s, then the connection drops',
    arm: (p) => [p.arm({ kind: 'manifest-put', fault: faults.stall(5, 'close') })],
    check: ({ ms }) => {
      expect(ms).toBeGreaterThanOrEqual(5000);
    },
  },
  {
    name: 'a blob HEAD answered only after 3 s (a slow registry, not a failure)',
    arm: (p) => [p.arm({ kind: 'blob-head', fault: faults.stall(3, 'forward') })],
  },
  {
    name: 'a connection cut before the first byte of a blob upload body',
    // The session is empty and says "Range: 0-0": resuming at byte 1 corrupts the blob.
    arm: (p) => [
      p.arm({ kind: 'blob-upload', methods: ['PATCH', 'PUT'], fault: faults.cutBeforeBody() }),
    ],
    check: async ({ repo, result }, p) => {
      expect(p.counts['upload-status']).toBeGreaterThanOrEqual(1);
      expect(result.main.log).not.toMatch(/changed while/);
      const { manifest } = await imageManifest(repo, result.outputs.digest!);
      for (const blob of [manifest.config!, ...(manifest.layers ?? [])]) {
        expect((await getBlob(repo, blob.digest)).length).toBe(blob.size);
      }
    },
  },
  {
    name: 'a connection cut after a blob upload went through, before the answer',
    arm: (p) => [p.arm({ kind: 'blob-upload', methods: ['PUT'], fault: faults.cutAnswer() })],
  },
  {
    name: 'a 201 for a manifest PUT that stores nothing',
    arm: (p) => [p.arm({ kind: 'manifest-put', fault: faults.acceptUnstored() })],
    check: ({ result }, p) => {
      // Two tags, and the one not stored went again.
      expect(p.counts['manifest-put']).toBeGreaterThanOrEqual(3);
      expect(result.main.log).toMatch(/does not serve it; pushing it again/);
    },
  },
  {
    name: 'a wrong Docker-Content-Digest in the answer to a manifest PUT',
    arm: (p) => [
      p.arm({
        kind: 'manifest-put',
        fault: faults.setHeader('Docker-Content-Digest', `sha256:${'0'.repeat(64)}`),
      }),
    ],
  },
  {
    name: '429 with Retry-After: 0, three times on the manifest PUT',
    arm: (p) => [
      p.arm({ kind: 'manifest-put', count: 3, fault: faults.tooManyRequests('json', 0) }),
    ],
    check: ({ result }, p) => {
      const gaps = gapsAfterFaults(p);
      expect(gaps.length).toBeGreaterThanOrEqual(2);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(90);
      const warnings = result.main.log.split('\n').filter((l) => l.startsWith('::warning'));
      expect(warnings.length).toBeLessThanOrEqual(1);
    },
  },
  {
    name: 'the token service failing once with 503',
    routeTokens: true,
    arm: (p) => [p.arm({ kind: 'token', fault: faults.status(503) })],
    check: (_run, p) => {
      expect(p.counts.token).toBeGreaterThanOrEqual(2);
    },
  },
];

describe.each(builders)('faults with builder %s', (builder) => {
  async function publish(
    p: FaultProxy,
    name: string,
    inputs: Record<string, string> = {},
    /** Kill the main step (SIGKILL) once it has run this long. */
    killAfterMs?: number,
  ): Promise<Published> {
    for (let attempt = 1; ; attempt++) {
      const repo = uniqueRepo('alice', `fault-${builder}-${name}`);
      const event = events.push('main');
      const started = Date.now();
      const result = await runAction({
        event,
        killMainWhen:
          killAfterMs === undefined ? undefined : () => Date.now() - started > killAfterMs,
        env: {
          ...builderSetup(builder).env,
          // A binary of its own (only the build id differs): the engine's build cache never
          // hands this run an image that another suite on the same engine is removing.
          CFLAGS: `-O2 -Wl,--build-id=0x${randomBytes(16).toString('hex')}`,
        },
        inputs: {
          registry: p.host,
          image: repo,
          username: alice.username,
          password: alice.password,
          'build-command': 'make',
          builder: builderSetup(builder).builder,
          // The faults are for the action's own requests: the engine reads no cache here.
          cache: 'false',
          ...inputs,
        },
      });
      const ms = Date.now() - started;
      runs.push(result);
      const tags = [`sha-${event.sha.slice(0, 7)}`, 'latest'];
      const refs = tags.map((t) => `${p.host}/${repo}:${t}`);
      if (builder !== 'native') await runDocker(['rmi', '--force', ...refs]);
      // The engine's legacy builder now and then loses an image it has just made while
      // other suites remove theirs ("unable to find image" in a COPY step). That is no
      // fault of ours and happens before anything reaches the proxy (so no armed fault
      // was used up): build again.
      const engineRace =
        builder !== 'native' &&
        result.main.code !== 0 &&
        p.counts.any === 0 &&
        /unable to find image/.test(result.main.log);
      if (engineRace && attempt < 3) {
        console.warn(`${name}: docker build lost an image to a concurrent removal; building again`);
        continue;
      }
      return { result, repo, tags, refs, ms };
    }
  }

  /** The run's log and what went through the proxy, for failure messages. */
  function story(run: Published, p: FaultProxy): string {
    return `${run.result.main.log}\n--- through the proxy (${run.ms} ms) ---\n${p.describe()}`;
  }

  it.each(cases)('pushes through $name', async (c) => {
    const p = await proxy(c.routeTokens);
    const armed = c.arm(p, builder);
    const run = await publish(p, c.name.split(' ').slice(0, 3).join('-'));
    const { result } = run;
    const why = story(run, p);
    if (process.env.ONEIMAGE_TEST_SHOW_LOG) console.log(`${c.name}\n${p.describe()}`);
    expect(result.main.code, why).toBe(0);
    for (const a of armed) expect(a.fired, `${a.options.kind}: ${why}`).toBeGreaterThanOrEqual(1);
    expect(errorLines(result.main.log), why).toEqual([]);
    expect(result.outputs.pushed).toBe('true');
    const digest = result.outputs.digest!;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.outputs['pushed-tags']!.split('\n')).toEqual(run.refs);
    // Straight from the registry, not through the proxy.
    expect((await listTags(run.repo)).sort()).toEqual([...run.tags].sort());
    for (const tag of run.tags) expect(await manifestDigest(run.repo, tag), tag).toBe(digest);
    await c.check?.(run, p, builder);
  });

  it('gives up with a clear error when the fault never ends', async () => {
    const p = await proxy();
    const armed = p.arm({ kind: 'manifest-put', count: Infinity, fault: faults.status(503) });
    const run = await publish(p, 'forever', { 'retry-timeout': '0.2' });
    const { result } = run;
    const why = story(run, p);
    expect(result.main.code, why).toBe(1);
    expect(armed.fired, why).toBeGreaterThanOrEqual(2); // it did retry
    // 12 s of retries, not the default 5 minutes.
    expect(run.ms, why).toBeLessThan(60_000);
    const errors = errorLines(result.main.log);
    expect(errors, why).toHaveLength(1);
    const line = errors[0]!;
    expect.soft(line, 'the error line').toMatch(/\b503\b|unavailable/i);
    expect.soft(line, 'the error line').toContain(run.repo);
    expect.soft(line, 'the error line').toMatch(/try again|run the workflow again|retry-timeout/i);
    // Each retry of the manifest's push on the way says why, too. (Other requests go
    // beside it, and one of theirs may be retried for a reason of its own.)
    const retries = result.main.log
      .split('\n')
      .filter((l) => /retrying in/.test(l) && /manifest/i.test(l));
    expect(retries.length, why).toBeGreaterThanOrEqual(1);
    for (const retry of retries) expect.soft(retry, 'a retry line').toMatch(/\b503\b|unavailable/i);
    expect(result.outputs.pushed).toBe('false');
    expect(result.outputs.digest).toBe('');
    expect(result.outputs['pushed-tags']).toBe('');
    expect(await listTags(run.repo)).toEqual([]);
    expect(result.post?.code).toBe(0);
  });

  it('says which tags were updated when the fault starts after the first tag', async () => {
    const p = await proxy();
    // The image manifest and its attestation manifest go by digest first; then the tags.
    p.arm({ kind: 'manifest-put', nth: 4, count: Infinity, fault: faults.status(503) });
    const run = await publish(p, 'partial', { 'retry-timeout': '0.2' });
    const { result } = run;
    const why = story(run, p);
    expect(result.main.code, why).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors, why).toHaveLength(1);
    const line = errors[0]!;
    expect.soft(line, 'the error line').toMatch(/\b503\b|unavailable/i);
    expect.soft(line, 'the error line').toContain(`Updated: ${run.refs[0]}`);
    expect.soft(line, 'the error line').toContain(`Not updated: ${run.refs[1]}`);
    expect.soft(line, 'the error line').toMatch(/try again|run the workflow again|retry-timeout/i);
    expect(result.outputs.pushed).toBe('false');
    expect(result.outputs['pushed-tags']).toBe(run.refs[0]);
    // The registry agrees: the first tag names the image, the second was never set.
    expect(await listTags(run.repo)).toEqual([run.tags[0]]);
  });

  // Retry-After: 0 must not turn retries into a busy loop (it made 3206 PUTs in 6 s and a
  // warning line each), on either builder: both push with the action's registry client.
  it('backs off under Retry-After: 0 until retry-timeout, with one warning', async () => {
    const p = await proxy();
    p.arm({ kind: 'manifest-put', count: Infinity, fault: faults.tooManyRequests('json', 0) });
    const run = await publish(p, 'retry-after-0', { 'retry-timeout': '0.05' });
    const { result } = run;
    const why = story(run, p);
    expect(result.main.code, why).toBe(1);
    expect(p.counts['manifest-put'], why).toBeGreaterThanOrEqual(3);
    expect(p.counts['manifest-put'], why).toBeLessThanOrEqual(12);
    const warnings = result.main.log.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings, why).toHaveLength(1);
    expect(errorLines(result.main.log), why).toHaveLength(1);
    expect(result.outputs['pushed-tags']).toBe('');
  });

  // Answers that never end: retry-timeout bounds the whole operation, not each attempt.
  it.each([
    [
      'a manifest PUT answer trickled at 1 byte/s',
      false,
      (p: FaultProxy) => p.arm({ kind: 'manifest-put', count: Infinity, fault: faults.trickle(1) }),
      /time allowed/,
    ],
    [
      'a token answer that never ends',
      true,
      (p: FaultProxy) => p.arm({ kind: 'token', count: Infinity, fault: faults.endlessBody() }),
      /larger than 4\.0 MiB/,
    ],
    [
      'an upload POST error trickled at 1 byte/s',
      false,
      (p: FaultProxy) =>
        p.arm({
          kind: 'blob-upload',
          methods: ['POST'],
          count: Infinity,
          fault: faults.trickle(1, 500),
        }),
      /time allowed/,
    ],
  ])('fails within retry-timeout on %s', async (_name, routeTokens, arm, says) => {
    const p = await proxy(routeTokens);
    arm(p);
    const run = await publish(p, 'slow-answer', { 'retry-timeout': '0.05' }, 90_000);
    const { result } = run;
    const why = story(run, p);
    expect(result.main.code, why).toBe(1);
    // 3 s of budget per operation, and a margin for the build.
    expect(run.ms, why).toBeLessThan(45_000);
    const errors = errorLines(result.main.log);
    expect(errors, why).toHaveLength(1);
    expect(errors[0], why).toMatch(says);
    expect(result.outputs.pushed).toBe('false');
  });

  // A registry that takes the request and never answers: the client's idle timeout is
  // bounded by retry-timeout.
  it(
    'gives up within the retry time budget when the registry stops answering',
    { timeout: 240_000 },
    async () => {
      const p = await proxy();
      p.arm({ kind: 'manifest-put', count: Infinity, fault: faults.stall(Infinity) });
      const run = await publish(p, 'stall-forever', { 'retry-timeout': '0.2' }, 180_000);
      const { result } = run;
      const why = story(run, p);
      expect(result.main.code, `killed after ${run.ms} ms: ${why}`).toBe(1);
      // 12 s of retry budget, and a generous margin for the build and the push itself.
      expect(run.ms, why).toBeLessThan(60_000);
      const errors = errorLines(result.main.log);
      expect(errors, why).toHaveLength(1);
      expect(errors[0]).toMatch(/no data|timed? ?out|not answer|no complete answer within/i);
      expect(result.outputs.pushed).toBe('false');
    },
  );
});

// The credential check runs while the program compiles. When the compile fails first, the
// step must end with the compile's error at once, not wait for a registry that hangs.
describe.each(builders)('a failed compile while the registry hangs, builder %s', (builder) => {
  it('ends the step with the compile error, without waiting for the registry', async () => {
    const p = await proxy();
    p.arm({ kind: 'any', count: Infinity, fault: faults.stall(Infinity) });
    const started = Date.now();
    const result = await runAction({
      event: events.push('main'),
      env: builderSetup(builder).env,
      inputs: {
        registry: p.host,
        image: uniqueRepo('alice', `hang-${builder}`),
        username: alice.username,
        password: alice.password,
        'build-command': 'sleep 1; echo "no compiler here" >&2; exit 3',
        builder: builderSetup(builder).builder,
        // Five minutes of retries, which the step must not sit out.
        'retry-timeout': '5',
      },
    });
    runs.push(result);
    const ms = Date.now() - started;
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Compile failed/);
    // The registry was asked (the check started) and never answered.
    expect(p.requests.length, 'requests seen by the proxy').toBeGreaterThan(0);
    expect(ms, `the step took ${ms} ms`).toBeLessThan(60_000);
    expect(result.outputs.pushed).toBe('false');
  });
});

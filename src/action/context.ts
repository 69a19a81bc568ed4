/**
 * The git/GitHub context of the run, read from the runner's environment and the
 * event payload (the JSON file at GITHUB_EVENT_PATH).
 *
 * parseContext is pure so that tag computation can be tested from recorded
 * payloads; readContext is the thin impure wrapper main.ts calls.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface GitContext {
  /** GITHUB_EVENT_NAME, e.g. push, pull_request, workflow_dispatch. */
  eventName: string;
  /** GITHUB_SHA, the full commit id ('' when unknown). */
  sha: string;
  /** GITHUB_REF, e.g. refs/heads/main, refs/tags/v1.2.3, refs/pull/5/merge. */
  ref: string;
  /** GITHUB_REPOSITORY, owner/name. */
  repository: string;
  /**
   * GITHUB_SERVER_URL without a trailing slash (the runner always sets it); undefined
   * where there is none, such as a local run in a repository without a web remote.
   */
  serverUrl: string | undefined;
  /** payload.repository.default_branch, when the payload has it. */
  defaultBranch: string | undefined;
  /** Set for events whose payload carries a pull request, or whose ref is refs/pull/N/... */
  pullRequest: { number: number; fork: boolean } | undefined;
  /** payload.head_commit.timestamp (push events), else undefined. */
  commitTime: Date | undefined;
  /** GITHUB_WORKSPACE, default the current directory. */
  workspace: string;
  /** RUNNER_TEMP, default the OS temporary directory. */
  runnerTemp: string;
}

type Env = Record<string, string | undefined>;

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function positiveInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v)) return Number(v);
  return undefined;
}

function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * The pull request the run is about. The number comes from
 * payload.pull_request.number, else payload.number, else a refs/pull/N/... ref
 * (pull_request_target runs on the base branch ref, so the payload comes first).
 * A pull request is from a fork when its head repository differs from its base
 * repository; a missing head repository (deleted fork) counts as a fork. With
 * no payload at all the fork flag cannot be known and is false.
 */
function parsePullRequest(
  payload: Record<string, unknown>,
  ref: string,
): GitContext['pullRequest'] {
  const pr = record(payload.pull_request);
  const refMatch = /^refs\/pull\/([0-9]+)\//.exec(ref);
  const number =
    positiveInt(pr?.number) ?? positiveInt(payload.number) ?? positiveInt(refMatch?.[1]);
  if (number === undefined || (pr === undefined && refMatch === null)) return undefined;
  if (pr === undefined) return { number, fork: false };

  const head = record(pr.head);
  const base = record(pr.base);
  const headRepo = record(head?.repo);
  const baseRepo = record(base?.repo);
  let fork: boolean;
  if (head !== undefined && head.repo === null) {
    fork = true;
  } else {
    const headName = str(headRepo?.full_name);
    const baseName = str(baseRepo?.full_name);
    if (headName !== undefined && baseName !== undefined) {
      fork = headName.toLowerCase() !== baseName.toLowerCase();
    } else {
      fork = headRepo?.fork === true;
    }
  }
  return { number, fork };
}

function parseTime(v: unknown): Date | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Builds the context from environment variables and the event payload. Pure. */
export function parseContext(env: Env, payload: unknown): GitContext {
  const p = record(payload) ?? {};
  const repo = record(p.repository);
  const headCommit = record(p.head_commit);
  const ref = envValue(env, 'GITHUB_REF') ?? '';

  return {
    eventName: envValue(env, 'GITHUB_EVENT_NAME') ?? '',
    sha: envValue(env, 'GITHUB_SHA') ?? '',
    ref,
    repository: envValue(env, 'GITHUB_REPOSITORY') ?? str(repo?.full_name) ?? '',
    serverUrl: envValue(env, 'GITHUB_SERVER_URL')?.replace(/\/+$/, ''),
    defaultBranch: str(repo?.default_branch),
    pullRequest: parsePullRequest(p, ref),
    commitTime: parseTime(headCommit?.timestamp),
    workspace: envValue(env, 'GITHUB_WORKSPACE') ?? process.cwd(),
    runnerTemp: envValue(env, 'RUNNER_TEMP') ?? os.tmpdir(),
  };
}

/** Reads the event payload at GITHUB_EVENT_PATH (missing or unreadable: {}) and parses the context. */
export function readContext(env: Env = process.env): GitContext {
  let payload: unknown = {};
  const eventPath = envValue(env, 'GITHUB_EVENT_PATH');
  if (eventPath !== undefined) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8')) as unknown;
    } catch {
      payload = {};
    }
  }
  return parseContext(env, payload);
}

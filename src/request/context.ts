/**
 * The git/GitHub context of the run: @actions/github's `context` (event name, sha, ref,
 * payload, repository, server) mapped to what the pipeline reads.
 *
 * toGitContext is pure, so that tag computation is tested from recorded payloads
 * (__tests__/fixtures/events); readContext is the thin impure wrapper the action calls.
 */
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
  /** payload.repository: its web address, description and SPDX license, where it has them. */
  repositoryInfo?: RepositoryInfo;
  /** Set for events whose payload carries a pull request, or whose ref is refs/pull/N/... */
  pullRequest: { number: number; fork: boolean } | undefined;
  /** payload.head_commit.timestamp (push events), else undefined. */
  commitTime: Date | undefined;
  /** GITHUB_WORKSPACE, default the current directory. */
  workspace: string;
  /** RUNNER_TEMP, default the OS temporary directory. */
  runnerTemp: string;
}

/** What the event's repository object says of the repository (no API call). */
export interface RepositoryInfo {
  htmlUrl?: string;
  description?: string;
  /** license.spdx_id; GitHub's NOASSERTION (a license it does not recognise) is left out. */
  license?: string;
}

type Env = Record<string, string | undefined>;

function repositoryInfo(repo: Record<string, unknown> | undefined): RepositoryInfo {
  const spdx = str(record(repo?.license)?.spdx_id)?.trim();
  const info: RepositoryInfo = {
    htmlUrl: str(repo?.html_url)?.trim(),
    description: str(repo?.description)?.trim(),
    license: spdx === 'NOASSERTION' ? undefined : spdx,
  };
  return Object.fromEntries(
    Object.entries(info).filter(([, v]) => v !== undefined && v !== ''),
  ) as RepositoryInfo;
}

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

/** What toGitContext reads of @actions/github's `context`. */
export interface GithubContext {
  eventName: string | undefined;
  sha: string | undefined;
  ref: string | undefined;
  payload: unknown;
  /** `context.repo` as owner/name, when the runner or the payload names it. */
  repository: string | undefined;
  serverUrl: string | undefined;
}

/** The runner's directories: GITHUB_WORKSPACE and RUNNER_TEMP. */
export interface RunnerDirs {
  workspace: string | undefined;
  temp: string | undefined;
}

function trimmed(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Maps @actions/github's context and the runner's directories to the GitContext. Pure. */
export function toGitContext(github: GithubContext, dirs: RunnerDirs): GitContext {
  const p = record(github.payload) ?? {};
  const repo = record(p.repository);
  const headCommit = record(p.head_commit);
  const ref = trimmed(github.ref) ?? '';
  return {
    eventName: trimmed(github.eventName) ?? '',
    sha: trimmed(github.sha) ?? '',
    ref,
    repository: trimmed(github.repository) ?? str(repo?.full_name) ?? '',
    serverUrl: trimmed(github.serverUrl)?.replace(/\/+$/, ''),
    defaultBranch: str(repo?.default_branch),
    repositoryInfo: repositoryInfo(repo),
    pullRequest: parsePullRequest(p, ref),
    commitTime: parseTime(headCommit?.timestamp),
    workspace: trimmed(dirs.workspace) ?? process.cwd(),
    runnerTemp: trimmed(dirs.temp) ?? os.tmpdir(),
  };
}

/** The context from environment variables and a payload, as a runner gives them. Pure. */
export function parseContext(env: Env, payload: unknown): GitContext {
  return toGitContext(
    {
      eventName: env.GITHUB_EVENT_NAME,
      sha: env.GITHUB_SHA,
      ref: env.GITHUB_REF,
      payload,
      repository: env.GITHUB_REPOSITORY,
      serverUrl: env.GITHUB_SERVER_URL,
    },
    { workspace: env.GITHUB_WORKSPACE, temp: env.RUNNER_TEMP },
  );
}

/**
 * @actions/github's context, which reads the event; an unreadable payload counts as none.
 * The adapter loads the module (it reads the process's environment when loaded).
 */
export async function readContext(
  env: Env,
  load: () => Promise<typeof import('@actions/github')>,
): Promise<GitContext> {
  const dirs = { workspace: env.GITHUB_WORKSPACE, temp: env.RUNNER_TEMP };
  let github: GithubContext;
  try {
    const { context } = await load();
    github = { ...context, repository: repositoryOf(context) };
  } catch {
    return parseContext(env, {});
  }
  return toGitContext(github, dirs);
}

/** `context.repo` as owner/name; its getter throws where neither the runner nor the payload names one. */
function repositoryOf(context: { repo: { owner: string; repo: string } }): string | undefined {
  try {
    const { owner, repo } = context.repo;
    return owner && repo ? `${owner}/${repo}` : undefined;
  } catch {
    return undefined;
  }
}

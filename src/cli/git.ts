/** The local git repository as the pipeline's GitContext: what a push of HEAD would be. */
import path from 'node:path';
import type { GitContext } from '../request/context.js';
import { commitTimeOf, git } from '../util/git.js';
import type { Env } from '../util/child-env.js';

export interface LocalGit {
  /** Repository top level, or the current directory outside git. */
  workspace: string;
  inGit: boolean;
  /** HEAD's full commit id; '' outside git or before the first commit. */
  sha: string;
  /** refs/tags/<tag at HEAD>, else refs/heads/<branch>, else '' (detached HEAD). */
  ref: string;
  /** owner/name from the origin remote, else local/<directory name>. */
  repository: string;
  /** https://<host> of the origin remote, when it has a host. */
  serverUrl: string | undefined;
  defaultBranch: string | undefined;
  /** Committer date of HEAD. */
  commitTime: Date | undefined;
}

/**
 * The repository path (owner/name, or group/subgroup/name) and the web server from a
 * remote URL: https://host/owner/name.git, git@host:owner/name.git,
 * ssh://git@host:22/owner/name. A remote on the local file system has neither.
 * Credentials in the URL are never kept.
 */
export function parseRemoteUrl(url: string): { repository?: string; serverUrl?: string } {
  let host: string | undefined;
  let pathPart = '';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(url);
  const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.*)$/.exec(url);
  if (scheme && scheme[1]!.toLowerCase() !== 'file') {
    host = scheme[2]!.replace(/^.*@/, '').replace(/:\d*$/, '');
    pathPart = scheme[3] ?? '';
  } else if (!scheme && scp && scp[1]!.length > 1 && !/^[./]/.test(url)) {
    // scp-like user@host:path; a one-letter "host" is a drive letter.
    host = scp[1];
    pathPart = scp[2] ?? '';
  }
  if (!host) return {};
  const segments = pathPart
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..');
  return {
    repository: segments.length >= 2 ? segments.join('/') : undefined,
    serverUrl: `https://${host.toLowerCase()}`,
  };
}

/** Reads the git context of the repository around `cwd`; git inherits `env`. */
export async function readLocalGit(cwd: string, env: Env): Promise<LocalGit> {
  const top = await git(['rev-parse', '--show-toplevel'], cwd, env);
  if (top === undefined || top === '') {
    return {
      workspace: cwd,
      inGit: false,
      sha: '',
      ref: '',
      repository: `local/${path.basename(cwd) || 'workspace'}`,
      serverUrl: undefined,
      defaultBranch: undefined,
      commitTime: undefined,
    };
  }
  // Independent questions, asked at once.
  const [sha = '', branch, url, originHead] = await Promise.all([
    git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], top, env),
    git(['symbolic-ref', '--quiet', '--short', 'HEAD'], top, env),
    git(['config', '--get', 'remote.origin.url'], top, env),
    git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], top, env),
  ]);
  const tag = sha
    ? await git(['describe', '--exact-match', '--tags', 'HEAD'], top, env)
    : undefined;
  // The commit object's time, read as the action reads it: one commit, one image date.
  const commitTime = await commitTimeOf(top, sha, env);
  const ref = tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : '';
  const remote = parseRemoteUrl(url ?? '');
  const defaultBranch = originHead?.replace(/^origin\//, '') || branch || undefined;
  return {
    workspace: top,
    inGit: true,
    sha,
    ref,
    repository: remote.repository ?? `local/${path.basename(top) || 'workspace'}`,
    serverUrl: remote.repository ? remote.serverUrl : undefined,
    defaultBranch,
    commitTime,
  };
}

/** The context of a push of HEAD, as the action would see it on a runner. */
export function localContext(g: LocalGit, runnerTemp: string): GitContext {
  return {
    eventName: 'push',
    sha: g.sha,
    ref: g.ref,
    repository: g.repository,
    serverUrl: g.serverUrl,
    defaultBranch: g.defaultBranch,
    pullRequest: undefined,
    commitTime: g.commitTime,
    workspace: g.workspace,
    runnerTemp,
  };
}

/**
 * Docker Hub's repository description (the "overview" page and the one-line summary),
 * set through Docker Hub's web API with the same credentials as the push: a JWT from
 * `POST /v2/users/login`, then `PATCH /v2/repositories/<namespace>/<name>/`. This is no
 * registry protocol, so no library speaks it; two requests are written here. Both
 * together have one deadline, answers included: an API that trickles cannot hold a run.
 */
import { formatMs } from '../util/duration-format.js';
import { DOCKER_HUB_API, fullDescriptionProblem, HUB_DEADLINE_MAX_MS } from './hub-limits.js';
import {
  createAgents,
  HttpTransportError,
  sendRequest,
  type HttpResponse,
} from './transport/http.js';

export {
  DOCKER_HUB_API,
  FULL_DESCRIPTION_MAX_BYTES,
  SHORT_DESCRIPTION_MAX,
  shortDescriptionProblem,
} from './hub-limits.js';

export interface HubDescription {
  /** `namespace/name` on Docker Hub. */
  repository: string;
  /** Markdown for the repository's overview; left as it is when undefined. */
  full?: string;
  /** The one-line summary; left as it is when undefined. */
  short?: string;
}

export interface HubDescriptionOptions {
  username: string;
  password: string;
  /** Registers the session token with the log's masking before anything else. */
  setSecret: (secret: string) => void;
  /** The API's origin; Docker Hub's, except in tests. */
  api?: string;
  /** Time allowed for the whole update, login to the last byte of the answer. */
  deadlineMs?: number;
}

/** Requests to the API in progress: their connections and the time they must end by. */
export interface Session {
  o: HubDescriptionOptions;
  agents: ReturnType<typeof createAgents>;
  allowedMs: number;
  endsAt: number;
}

/** Runs `work` in a session of the API, within its deadline; its connections closed after. */
export async function inSession<T>(
  o: HubDescriptionOptions,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const allowedMs = o.deadlineMs ?? HUB_DEADLINE_MAX_MS;
  const session: Session = { o, agents: createAgents(), allowedMs, endsAt: Date.now() + allowedMs };
  try {
    return await work(session);
  } finally {
    session.agents.http.destroy();
    session.agents.https.destroy();
  }
}

/** Why the description was not set, in words that say what to do. */
export class HubDescriptionError extends Error {
  override name = 'HubDescriptionError';
}

/** Logs in to Docker Hub's API and sets the repository's description. */
export async function setHubDescription(
  description: HubDescription,
  o: HubDescriptionOptions,
): Promise<void> {
  const tooLong = fullDescriptionProblem(Buffer.byteLength(description.full ?? ''));
  if (tooLong) throw new HubDescriptionError(tooLong);
  await inSession(o, async (session) => {
    const token = await login(session);
    o.setSecret(token);
    const body: Record<string, string> = {};
    if (description.full !== undefined) body.full_description = description.full;
    if (description.short !== undefined) body.description = description.short;
    const path = repositoryPath(description.repository);
    const res = await exchange(session, 'PATCH', path, body, {
      Authorization: `Bearer ${token}`,
    });
    if (res.status >= 200 && res.status < 300) return;
    throw new HubDescriptionError(patchFailure(res.status, description.repository));
  });
}

/** Docker Hub's API session token (a JWT) for the push credentials. */
export async function login(session: Session): Promise<string> {
  const { o } = session;
  const res = await exchange(session, 'POST', '/v2/users/login', {
    username: o.username,
    password: o.password,
  });
  if (res.status === 401 || res.status === 403) {
    throw new HubDescriptionError(
      `Docker Hub's API refused the login (HTTP ${res.status}): check DOCKERHUB_USERNAME and DOCKERHUB_TOKEN; changing a description needs a personal access token with the "Read, Write, Delete" permission.`,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(res.body.toString('utf8')) as { token?: unknown }).token;
  } catch {
    token = undefined;
  }
  if (res.status !== 200 || typeof token !== 'string' || token === '') {
    throw new HubDescriptionError(
      `Docker Hub's API login answered HTTP ${res.status} without a token; try again later.`,
    );
  }
  return token;
}

function patchFailure(status: number, repository: string): string {
  if (status === 401 || status === 403) {
    return `Docker Hub did not let this token change the description of ${repository} (HTTP ${status}): it needs a personal access token with the "Read, Write, Delete" permission, from an account that administers the repository.`;
  }
  if (status === 404) return `Docker Hub has no repository ${repository} (HTTP 404).`;
  return `Docker Hub answered HTTP ${status} when setting the description of ${repository}; try again later.`;
}

function repositoryPath(repository: string): string {
  const [namespace, name, ...rest] = repository.split('/');
  if (!namespace || !name || rest.length > 0) {
    throw new HubDescriptionError(
      `"${repository}" is not a Docker Hub repository (namespace/name).`,
    );
  }
  return `/v2/repositories/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/`;
}

/**
 * One JSON request to the API, within what is left of the session's time; never follows
 * a redirect, reads at most 64 KiB back.
 */
export function exchange(
  session: Session,
  method: string,
  path: string,
  json: Record<string, string> | undefined,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const left = session.endsAt - Date.now();
  if (left <= 0) return Promise.reject(deadlineError(session));
  const body = Buffer.from(json === undefined ? '' : JSON.stringify(json));
  return sendRequest(
    {
      method,
      url: new URL(path, session.o.api ?? DOCKER_HUB_API),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body,
      contentLength: body.length,
      idleTimeoutMs: 30_000,
      timeLimitMs: left,
      maxBodyBytes: 64 * 1024,
    },
    session.agents,
  ).catch((err: unknown) => {
    if (err instanceof HttpTransportError && err.code === 'DEADLINE') throw deadlineError(session);
    throw new HubDescriptionError(
      `Docker Hub's API could not be reached (${err instanceof Error ? err.message : String(err)}).`,
    );
  });
}

function deadlineError({ allowedMs }: Session): HubDescriptionError {
  return new HubDescriptionError(
    `Docker Hub's API did not finish within ${formatMs(allowedMs)}, the time the description update is allowed.`,
  );
}

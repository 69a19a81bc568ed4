/**
 * Registry error bodies turned into plain words. Registries answer failures with
 * `{"errors":[{"code":"...","message":"...","detail":...}]}` (OCI distribution
 * spec); proxies in front of them sometimes answer with plain text or HTML.
 */
import { ActionError, wordHint, type Hint, type Stage } from '../core/errors.js';
import { isDockerHub, knownRegistry } from './host.js';
import { pullLimit } from './pull-limit.js';
import * as refusal from './refusal-hints.js';
import type { HttpResponse } from './transport/http.js';
import { describeNetworkError } from './transport/retry.js';
import type { Credentials } from './types.js';

export interface RegistryErrorEntry {
  code: string;
  message?: string;
  detail?: unknown;
}

/** What each registry error code means, for someone pushing an image. */
export const ERROR_CODE_WORDS: Readonly<Record<string, string>> = {
  UNAUTHORIZED: 'authentication is required, or the credentials were not accepted',
  DENIED: 'access to the requested resource was denied',
  NAME_UNKNOWN: 'the repository does not exist on the registry',
  NAME_INVALID: 'the repository name is not valid',
  MANIFEST_INVALID: 'the registry rejected the image manifest as invalid',
  MANIFEST_UNKNOWN: 'the manifest (tag or digest) does not exist',
  MANIFEST_UNVERIFIED: 'the registry could not verify the manifest',
  MANIFEST_BLOB_UNKNOWN:
    'the manifest refers to a blob (layer or config) the repository does not have',
  BLOB_UNKNOWN: 'the blob (layer or config) is not in the repository',
  BLOB_UPLOAD_UNKNOWN: 'the upload session is unknown or expired',
  BLOB_UPLOAD_INVALID: 'the upload session is in an invalid state',
  DIGEST_INVALID: 'the uploaded content does not match its digest',
  SIZE_INVALID: 'the uploaded content does not have the declared size',
  RANGE_INVALID: 'the uploaded chunk does not continue where the previous one ended',
  TAG_INVALID: 'the tag is not valid',
  TOOMANYREQUESTS: "the registry's rate limit was reached (too many requests)",
  UNSUPPORTED: 'the registry does not support this operation',
  PAGINATION_NUMBER_INVALID: 'the page size asked for is not valid',
};

const STATUS_WORDS: Readonly<Record<number, string>> = {
  400: 'the registry rejected the request as invalid',
  401: 'authentication is required, or the credentials were not accepted',
  403: 'access was denied',
  404: 'not found',
  405: 'the registry does not allow this operation',
  408: 'the registry timed out waiting for the request',
  409: 'the request conflicts with the current state of the repository',
  413: 'the request is too large for the registry (or a proxy in front of it)',
  416: 'the uploaded range was not accepted',
  429: "the registry's rate limit was reached (too many requests)",
  500: 'the registry had an internal error',
  502: 'the registry (or a proxy in front of it) is unavailable: bad gateway',
  503: 'the registry is temporarily unavailable',
  504: 'the registry (or a proxy in front of it) timed out',
};

/** Parses the JSON error list; returns [] for anything else. Never throws. */
export function parseRegistryErrors(body: Buffer | string | undefined): RegistryErrorEntry[] {
  if (body === undefined) return [];
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!text.trimStart().startsWith('{')) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (json as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) {
    // Some token services answer {"details": "..."} or {"error": "..."}.
    const j = json as { details?: unknown; error?: unknown; message?: unknown } | null;
    const msg = [j?.details, j?.error, j?.message].find((m) => typeof m === 'string');
    return typeof msg === 'string' ? [{ code: 'UNKNOWN', message: msg }] : [];
  }
  const out: RegistryErrorEntry[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as { code?: unknown; message?: unknown; detail?: unknown };
    out.push({
      code: typeof e.code === 'string' ? e.code.toUpperCase() : 'UNKNOWN',
      message: typeof e.message === 'string' ? e.message : undefined,
      detail: e.detail,
    });
  }
  return out;
}

/** A short, single-line excerpt of a non-JSON body (plain text or HTML), or ''. */
export function bodyExcerpt(body: Buffer | string | undefined, max = 200): string {
  if (body === undefined) return '';
  const text = (typeof body === 'string' ? body : body.toString('utf8'))
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The reason for a failed registry response in plain words, e.g.
 * "the registry rejected the image manifest as invalid (MANIFEST_INVALID: manifest invalid)".
 */
export function describeRegistryFailure(status: number, body: Buffer | string | undefined): string {
  const entries = parseRegistryErrors(body);
  if (entries.length > 0) {
    return entries
      .map((e) => {
        const words = ERROR_CODE_WORDS[e.code];
        const regMsg = e.message && e.message.trim() !== '' ? e.message.trim() : undefined;
        if (words) return regMsg ? `${words} (${e.code}: ${regMsg})` : `${words} (${e.code})`;
        if (regMsg) return e.code === 'UNKNOWN' ? regMsg : `${regMsg} (${e.code})`;
        return `${STATUS_WORDS[status] ?? 'request failed'} (${e.code})`;
      })
      .join('; ');
  }
  const base = STATUS_WORDS[status] ?? `the registry answered HTTP ${status}`;
  const excerpt = bodyExcerpt(body);
  // Plain-text answers such as "Too Many Requests (HAP429)." add useful detail.
  return excerpt !== '' ? `${base} (HTTP ${status}: ${excerpt})` : `${base} (HTTP ${status})`;
}

/** Error codes present in a body (upper case). */
export function errorCodes(body: Buffer | string | undefined): string[] {
  return parseRegistryErrors(body).map((e) => e.code);
}

/** An ActionError that also carries what the registry said, for callers that branch on it. */
export class RegistryError extends ActionError {
  constructor(
    stage: Stage,
    message: string,
    hint: Hint | undefined,
    readonly status: number | undefined,
    readonly codes: readonly string[] = [],
  ) {
    super(stage, message, hint);
    this.name = 'RegistryError';
  }
}

/** A generic hint for a status, or undefined. */
export function hintForStatus(
  status: number | undefined,
  codes: readonly string[],
): string | undefined {
  if (codes.includes('NAME_INVALID'))
    return 'Repository names are lower case letters, digits and separators (".", "_", "__", "-", "/"), like "alice/hello".';
  if (codes.includes('TAG_INVALID'))
    return 'Tags are up to 128 letters, digits, "_", "." and "-", and must not start with "." or "-".';
  if (status === 429 || codes.includes('TOOMANYREQUESTS'))
    return 'Wait for the rate limit window to pass, or log in: authenticated users get a higher limit on Docker Hub.';
  if (status === 413)
    return 'A proxy in front of the registry limits request sizes; raise its limit (for example nginx client_max_body_size).';
  if (status !== undefined && status >= 500)
    return 'The registry seems to be having trouble; try again later.';
  return undefined;
}

/** "checking blob …" → "Checking blob …", for messages that start with what was done. */
export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export type Access = 'pull' | 'push';

/** What a request was doing, for messages: "checking blob sha256:… in alice/app". */
export interface Operation {
  what: string;
  repo?: string;
  access: Access;
}

export interface FailureContext {
  /** Registry as the user wrote it, for messages. */
  registry: string;
  /** Stage reported in errors other than login failures. */
  stage: Stage;
  credentials?: Credentials;
  redactor: { redact(text: string): string };
  /** Whether the registry asked for Basic authentication (learnt from its first 401). */
  usesBasic(): boolean;
}

/**
 * The errors a registry client reports, each with the registry's own words (redacted)
 * and a hint: refused access, rejected credentials, failed requests, broken networks.
 */
export class Failures {
  constructor(private readonly c: FailureContext) {}

  redact(text: string): string {
    return this.c.redactor.redact(text);
  }

  /**
   * The registry's words, redacted as sent and again once decoded: a JSON message shows
   * a password with a quote, a backslash or a non-ASCII letter escaped, only whole again.
   */
  describe(res: HttpResponse): string {
    return this.redact(describeRegistryFailure(res.status, this.redact(res.body.toString('utf8'))));
  }

  /** An answer the caller cannot use; `gaveUp` says why retrying stopped. */
  failure(op: Operation, res: HttpResponse, gaveUp?: string): RegistryError {
    const entries = parseRegistryErrors(res.body);
    const codes = entries.map((e) => e.code);
    if (res.status === 401 || res.status === 403 || codes.includes('DENIED'))
      return this.accessFailure(op, res);
    let msg = `${cap(op.what)} failed: ${this.describe(res)}`;
    if (gaveUp) msg += ` (gave up: ${gaveUp})`;
    const limited = res.status === 429 || codes.includes('TOOMANYREQUESTS');
    const limit =
      op.access === 'pull' && limited ? pullLimit(this.c.registry, this.c.credentials) : undefined;
    if (limit) msg += `. ${limit.limit}`;
    return new RegistryError(
      this.c.stage,
      this.redact(`${msg}.`),
      limit?.hint ?? this.refusalHint(op, entries, limited) ?? hintForStatus(res.status, codes),
      res.status,
      codes,
    );
  }

  /** What to do about a push rate-limited, into a repository that is not there, or moving a tag that may not move. */
  private refusalHint(
    op: Operation,
    entries: readonly RegistryErrorEntry[],
    limited: boolean,
  ): Hint | undefined {
    if (op.access !== 'push') return undefined;
    if (limited) return refusal.pushLimitedHint;
    const codes = entries.map((e) => e.code);
    if (codes.includes('NAME_UNKNOWN') && op.repo)
      return refusal.missingRepositoryHint(this.c.registry, op.repo);
    if (codes.includes('TAG_INVALID') && refusal.saysImmutable(entries.map((e) => e.message ?? '')))
      return refusal.immutableTagHint;
    return undefined;
  }

  accessFailure(op: Operation, res: HttpResponse): RegistryError {
    const { credentials, registry } = this.c;
    const codes = errorCodes(res.body);
    const repo = op.repo;
    if (this.c.usesBasic() && res.status === 401 && credentials) return this.loginRejected(res);
    if (op.access === 'push' && repo) {
      return credentials ? this.pushDenied(repo, res) : this.credentialsNeeded(repo, res);
    }
    const who = credentials ? `the account "${credentials.username}"` : 'anonymous users';
    const target = repo ? `repository "${repo}"` : registry;
    return new RegistryError(
      this.c.stage,
      this.redact(
        `Access denied to ${target} on ${registry} while ${op.what}: it does not exist, or ${who} may not read it (${this.describe(res)}).`,
      ),
      credentials
        ? 'Check the image name and that the account has read access.'
        : (w) =>
            `If the repository is private, give credentials for ${registry}: a line ${registry}=<username>:<token> in ${w.setting('registry-auth')} (or ${w.setting('username')} and ${w.setting('password')} when it is the registry pushed to).`,
      res.status,
      codes,
    );
  }

  pushDenied(repo: string, res: HttpResponse | undefined): RegistryError {
    const { registry } = this.c;
    const user = this.c.credentials?.username ?? '';
    const ns = repo.includes('/') ? repo.slice(0, repo.indexOf('/')) : repo;
    const detail = res ? ` (${this.describe(res)})` : '';
    const hub = isDockerHub(registry);
    const policy = refusal.deniedByPolicy(registry);
    if (policy) {
      return new RegistryError(
        'push',
        this.redact(
          `Access denied to repository "${repo}" on ${registry}: ${policy.why}${detail}.`,
        ),
        policy.hint,
        res?.status,
        res ? errorCodes(res.body) : [],
      );
    }
    return new RegistryError(
      'push',
      this.redact(
        `Access denied to repository "${repo}" on ${registry}: the account "${user}" can push only to repositories it owns ("${user}/…") or that an organization gave it write access to${detail}.`,
      ),
      knownRegistry(registry)?.kind === 'ghcr'
        ? refusal.ghcrDeniedHint
        : ns.toLowerCase() === user.toLowerCase()
          ? `The account owns "${ns}/…" but the credentials lack push rights: ${hub ? 'use a Docker Hub access token with Read & Write scope' : 'use a token with write (push) scope'}.`
          : `Name the image "${user}/<name>", or ask an owner of "${ns}" for write access${hub ? '; an access token needs Read & Write scope' : ''}.`,
      res?.status,
      res ? errorCodes(res.body) : [],
    );
  }

  credentialsNeeded(repo: string, res?: HttpResponse): RegistryError {
    return new RegistryError(
      'login',
      `Pushing to "${repo}" on ${this.c.registry} needs credentials, and none were given.`,
      (w) => {
        const forms = refusal.loginHint(this.c.registry);
        return forms
          ? `Set ${w.setting('username')} and ${w.setting('password')}: ${wordHint(forms, w)}`
          : `Set ${w.setting('username')} and ${w.setting('password')} (for Docker Hub: your Docker ID and an access token with Read & Write scope).`;
      },
      res?.status ?? 401,
      res ? errorCodes(res.body) : [],
    );
  }

  loginRejected(res: HttpResponse): RegistryError {
    const { credentials, registry } = this.c;
    const codes = errorCodes(res.body);
    if (!credentials) {
      return new RegistryError(
        'login',
        `${registry} refused anonymous access (${this.describe(res)}).`,
        (w) => `Set ${w.setting('username')} and ${w.setting('password')}.`,
        res.status,
        codes,
      );
    }
    const hub = isDockerHub(registry);
    return new RegistryError(
      'login',
      this.redact(
        `The registry rejected the credentials for user "${credentials.username}" on ${registry}.`,
      ),
      hub
        ? 'Use your Docker ID (not your e-mail address) as username and a Docker Hub access token with Read & Write scope as password (Account settings → Personal access tokens).'
        : (refusal.loginHint(registry) ??
            'Check the username and the password; if the registry uses access tokens, use one with Read & Write (push) scope.'),
      res.status,
      codes,
    );
  }

  networkFailure(op: Operation, err: unknown, gaveUp?: string): ActionError {
    if (err instanceof ActionError) return err;
    const { registry } = this.c;
    const code = (err as { code?: string } | null)?.code ?? '';
    if (code.startsWith('SOURCE_') || code === 'BODY_TOO_LARGE') {
      const msg = `${cap(op.what)} failed: ${(err as Error).message}.`;
      return new RegistryError(this.c.stage, this.redact(msg), undefined, undefined);
    }
    let hint: string | undefined;
    if (code === 'ECONNREFUSED')
      hint = `Is the registry running, and is "${registry}" the right address?`;
    else if (code === 'ENOTFOUND') hint = `Check the registry host name "${registry}".`;
    else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
      hint = `The registry's TLS certificate is not trusted by this machine.`;
    else if (gaveUp || code === 'DEADLINE')
      hint = 'The network or the registry is having trouble; try again later.';
    const reason = this.redact(describeNetworkError(err));
    const more = gaveUp ? ` (gave up: ${this.redact(gaveUp)})` : '';
    return new RegistryError(
      this.c.stage,
      `${cap(op.what)} failed: could not talk to ${registry}: ${reason}${more}.`,
      hint,
      undefined,
    );
  }

  /** A streamed answer (a blob) that broke while it was read. */
  streamError(what: string, err: Error): Error {
    if (err instanceof ActionError) return err;
    return new RegistryError(
      this.c.stage,
      `${cap(what)} failed: ${this.redact(describeNetworkError(err))}.`,
      undefined,
      undefined,
    );
  }
}

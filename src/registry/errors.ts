/**
 * Registry error bodies turned into plain words. Registries answer failures with
 * `{"errors":[{"code":"...","message":"...","detail":...}]}` (OCI distribution
 * spec); proxies in front of them sometimes answer with plain text or HTML.
 */
import { ActionError, type Stage } from '../pipeline/errors.js';

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
    hint: string | undefined,
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

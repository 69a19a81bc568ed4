/** What a failed docker command means for us: retry it, or tell the user what to fix. */
export type DockerFailure = 'transient' | 'credentials' | 'denied' | 'other';

const TRANSIENT = [
  /\b429\b/,
  /too many requests/i,
  /toomanyrequests/i,
  /\b50[0234]\b/,
  /internal server error/i,
  /bad gateway/i,
  /service unavailable/i,
  /gateway time-?out/i,
  /connection reset/i,
  /connection refused/i,
  /broken pipe/i,
  /unexpected EOF/i,
  /: EOF\b/,
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /timeout exceeded/i,
  /net\/http: request canceled/i,
  /timed out: it said nothing/,
];

const CREDENTIALS = [/incorrect username or password/i, /invalid username\/password/i];

const DENIED = [
  /denied/i,
  /insufficient_scope/i,
  /authentication required/i,
  /unauthorized/i,
  /forbidden/i,
];

/** Classifies docker's output. Authentication and permission errors are never transient. */
export function classifyDockerFailure(output: string): DockerFailure {
  if (CREDENTIALS.some((re) => re.test(output))) return 'credentials';
  if (DENIED.some((re) => re.test(output))) return 'denied';
  if (TRANSIENT.some((re) => re.test(output))) return 'transient';
  return 'other';
}

/** The manifest digest docker push reports: `<tag>: digest: sha256:… size: N`. */
export function pushedDigest(output: string): string | undefined {
  return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}

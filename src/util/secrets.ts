import { currentIo } from '../pipeline/io.js';

/**
 * The registry password in every form it travels in: as written, URL-encoded, as
 * `user:password`, base64 (standard and URL-safe) of both, the last being what HTTP
 * Basic authentication sends, and inside a JSON string (a quote, a backslash escaped),
 * as a registry's error body may echo it.
 */
export function secretForms(username: string, password: string): string[] {
  if (!password) return [];
  const pair = `${username}:${password}`;
  const forms = [password, pair, encodeURIComponent(password)];
  for (const text of [pair, password]) {
    forms.push(JSON.stringify(text).slice(1, -1));
    const bytes = Buffer.from(text, 'utf8');
    forms.push(bytes.toString('base64'), bytes.toString('base64url'));
  }
  return [...new Set(forms)].filter((f) => f.length > 0);
}

const masked = new Set<string>();

/** Masks the password in every later log line; called before anything else runs. */
export function maskSecrets(username: string, password: string): void {
  for (const form of secretForms(username, password)) {
    if (masked.has(form)) continue;
    masked.add(form);
    currentIo().setSecret(form);
  }
}

/** Masks each build secret's value in every later log line. */
export function maskValues(values: readonly string[]): void {
  for (const value of values) {
    if (value === '' || masked.has(value)) continue;
    masked.add(value);
    currentIo().setSecret(value);
  }
}

/**
 * The environment for a child process: ours without the action's inputs, so that
 * neither the build-command nor docker ever sees INPUT_PASSWORD.
 */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('INPUT_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

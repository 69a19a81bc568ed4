import type { Io } from './io.js';

/**
 * The registry password in every form it travels in: as written, URL-encoded (with
 * upper- or lower-case hex), as `user:password`, base64 (standard, with or without its
 * padding, and URL-safe) of both, the last being what HTTP Basic authentication sends,
 * and inside a JSON string (a quote, a backslash escaped), as a registry's error body
 * may echo it.
 */
export function secretForms(username: string, password: string): string[] {
  if (!password) return [];
  const pair = `${username}:${password}`;
  const encoded = encodeURIComponent(password);
  const forms = [password, pair, encoded, encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())];
  for (const text of [pair, password]) {
    forms.push(JSON.stringify(text).slice(1, -1));
    const bytes = Buffer.from(text, 'utf8');
    const base64 = bytes.toString('base64');
    forms.push(base64, base64.replace(/=+$/, ''), bytes.toString('base64url'));
  }
  return [...new Set(forms)].filter((f) => f.length > 0);
}

/** The forms worth looking for in a text: a shorter one would be found by chance. */
export function searchableSecretForms(username: string, password: string): string[] {
  return secretForms(username, password).filter((f) => f.length >= 3);
}

/** Whether `text` holds one of `forms` (from searchableSecretForms). */
export function holdsSecret(text: string, forms: readonly string[]): boolean {
  return forms.some((form) => text.includes(form));
}

/** Where a secret is masked: the run's Io. */
export type Masker = Pick<Io, 'setSecret'>;

/** What each Io was already asked to mask (each run masks for its own log). */
const maskedBy = new WeakMap<Masker, Set<string>>();

/** Asks `io` to mask `value` once. */
function mask(io: Masker, value: string): void {
  let masked = maskedBy.get(io);
  if (!masked) maskedBy.set(io, (masked = new Set()));
  if (masked.has(value)) return;
  masked.add(value);
  io.setSecret(value);
}

/** Masks the password in every later log line; called before anything else runs. */
export function maskSecrets(io: Masker, username: string, password: string): void {
  for (const form of secretForms(username, password)) mask(io, form);
}

/** Masks each build secret's value in every later log line. */
export function maskValues(io: Masker, values: readonly string[]): void {
  for (const value of values) if (value !== '') mask(io, value);
}

import { currentIo } from '../pipeline/io.js';

/** The registry password and the form of it in HTTP Basic authentication (base64 of user:password). */
export function secretForms(username: string, password: string): string[] {
  if (!password) return [];
  const forms = [password, Buffer.from(`${username}:${password}`).toString('base64')];
  return forms.filter((f) => f.length > 0);
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

/**
 * The `secrets` input: build secrets as `id=value` lines, for `RUN --mount=type=secret`
 * steps. A value is never shown in a message, only its id and line number.
 */
import { InputError, showValue } from '../core/errors.js';

/** BuildKit secret ids as a Dockerfile names them (`--mount=type=secret,id=…`). */
const SECRET_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** Parses `id=value` lines (blank lines skipped, each line trimmed); ids unique. */
export function parseSecrets(raw: string): Array<[string, string]> {
  const secrets: Array<[string, string]> = [];
  for (const [i, line] of raw.split(/\r?\n/).entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const id = eq === -1 ? '' : trimmed.slice(0, eq);
    if (eq === -1 || !SECRET_ID.test(id)) {
      // Nothing of the line is shown: a line that is not id=value may be all secret.
      const shown = eq === -1 ? 'has no "="' : 'has no valid id before its "="';
      throw new InputError(
        'secrets',
        `line ${i + 1} ${shown}; write each secret as id=value, the id made of letters, digits, "_", "." and "-".`,
      );
    }
    if (secrets.some(([seen]) => seen === id)) {
      throw new InputError('secrets', `the id ${showValue(id, 40)} is given twice.`);
    }
    secrets.push([id, trimmed.slice(eq + 1)]);
  }
  return secrets;
}

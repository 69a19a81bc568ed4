import { ContextError } from '../../fs/context-error.js';
import { ActionError } from '../../core/errors.js';

/**
 * A failure at a Dockerfile line, as the build's: `file:line: what: message`. A build
 * error passes as it is (it says where already); any other is located, a registry
 * error too: reading an image the Dockerfile names through the registry client, which
 * says the stage it serves (push), is still the build failing.
 */
export function located(err: unknown, file: string, line: number, what: string): unknown {
  if (err instanceof ActionError && err.stage === 'build') return err;
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof ContextError || err instanceof ActionError ? err.hint : undefined;
  return new ActionError('build', `${file}:${line}: ${what}: ${message}`, hint, { file, line });
}

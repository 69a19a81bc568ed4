/**
 * An error the user can act on: which stage failed, what happened, and what to do.
 * The pipeline reports it as a single error annotation; anything else is a bug and is
 * reported with its message only, never with a raw stack.
 */
export type Stage =
  'inputs' | 'compile' | 'build' | 'verify' | 'login' | 'push' | 'report' | 'cleanup';

export class ActionError extends Error {
  constructor(
    readonly stage: Stage,
    message: string,
    readonly hint?: string,
    readonly annotation?: { file: string; line?: number },
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/**
 * Shows a value in a message: quoted, with newlines and control characters escaped (so
 * it cannot start a line of its own, nor a workflow command), cut after `max` characters.
 */
export function showValue(v: string, max = 300): string {
  return JSON.stringify(v.length > max ? `${v.slice(0, max)}...` : v);
}

/** A bad input value: names the input and shows the value. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    /** The message without the input's name, for a caller that names it its own way. */
    readonly detail: string,
    hint?: string,
  ) {
    super('inputs', `Input "${input}": ${detail}`, hint);
    this.name = 'InputError';
  }
}

/**
 * A push that updated some tags and then failed for good: says which tags now name
 * the new image and which still name what they named before.
 */
export class PartialPushError extends ActionError {
  constructor(
    cause: ActionError,
    readonly pushed: string[],
    readonly notPushed: string[],
  ) {
    super(
      'push',
      `${cause.message} Updated: ${pushed.join(', ')}. Not updated: ${notPushed.join(', ')}.`,
      cause.hint ?? 'Run the workflow again: pushing the same image again is safe.',
    );
    this.name = 'PartialPushError';
  }
}

/** Wraps a push failure in a PartialPushError when some tags were already updated. */
export function pushFailure(error: unknown, pushed: string[], all: string[]): unknown {
  if (pushed.length === 0 || !(error instanceof ActionError)) return error;
  return new PartialPushError(
    error,
    pushed,
    all.filter((ref) => !pushed.includes(ref)),
  );
}

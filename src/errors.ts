/**
 * An error the user can act on: which stage failed, what happened, and what to do.
 * main.ts reports it as a single ::error:: line; anything else is a bug and is
 * reported with its message only, never with a raw stack.
 */
export type Stage = 'inputs' | 'compile' | 'build' | 'login' | 'push' | 'report' | 'cleanup';

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

/** A bad input value: names the input and shows the value. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: string,
    hint?: string,
  ) {
    super('inputs', `Input "${input}": ${message}`, hint);
    this.name = 'InputError';
  }
}

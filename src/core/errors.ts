/**
 * An error the user can act on: which stage failed, what happened, and what to do.
 * The pipeline reports it as a single error annotation; anything else is a bug and is
 * reported with its message only, never with a raw stack.
 */
export type Stage =
  'inputs' | 'compile' | 'build' | 'verify' | 'login' | 'push' | 'report' | 'cleanup';

/** How a message names a setting: the action's input `"image"`, or the CLI's flag `--image`. */
export interface SettingWords {
  setting(name: string): string;
  /** A setting given a value, as the user would write it: `image: alice/hello`, or `--image alice/hello`. */
  example(name: string, value: string): string;
}

/**
 * A hint that names settings. Below the pipeline a hint never says "input" or "flag":
 * it names the setting through `w`, and the adapter's words fill it in, once, where the
 * error is reported.
 */
export type Hint = string | ((w: SettingWords) => string);

/** Settings named as action.yml names them, where no adapter's words are at hand. */
export const inputWords: SettingWords = {
  setting: (name) => `"${name}"`,
  example: (name, value) => `${name}: ${value}`,
};

/** The hint in the given words. */
export function wordHint(hint: Hint | undefined, w: SettingWords = inputWords): string | undefined {
  return typeof hint === 'function' ? hint(w) : hint;
}

export class ActionError extends Error {
  constructor(
    readonly stage: Stage,
    message: string,
    readonly hint?: Hint,
    readonly annotation?: { file: string; line?: number },
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/**
 * An error raised by one stage's work, as that stage's failure. The registry client says
 * which stage it serves ('push', or 'login' for credentials); when the build reads a
 * base image through it, a refusal or a damaged blob is still the build failing. A bad
 * input stays a bad input.
 */
export function failureOf(stage: Stage, error: unknown): unknown {
  if (!(error instanceof ActionError) || error.stage === stage || error.stage === 'inputs') {
    return error;
  }
  return new ActionError(stage, error.message, error.hint, error.annotation);
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
    hint?: Hint,
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

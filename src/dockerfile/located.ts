/**
 * A failure at a place of a Dockerfile: `file:line: what: detail`, as BuildKit's
 * frontend attaches a location to an error once, in its dispatch loop. The place is
 * attached by the parser to what it rejects, and by the native builder where it
 * dispatches an instruction (or pulls the image a FROM or COPY --from names); code
 * below them throws its errors without one (Failure, ContextError, a registry's
 * error), and an error that has a place keeps it: never `Dockerfile:3: Dockerfile:3:`.
 */
import { ActionError, type Hint } from '../core/errors.js';

/** Where in a Dockerfile, and what was being done there. */
export interface Place {
  file: string;
  /** 1-based; none for the Dockerfile as a whole (a target stage it does not have). */
  line?: number;
  /** What was being done: `COPY`, `FROM alpine`; none for what the parser rejects. */
  what?: string;
}

export class LocatedError extends ActionError {
  readonly file: string;
  readonly line: number | undefined;
  readonly what: string | undefined;

  constructor(
    place: Place,
    /** What went wrong, without the place. */
    readonly detail: string,
    hint?: Hint,
    options?: { cause?: unknown },
  ) {
    const what = place.what === undefined ? '' : `${place.what}: `;
    super('build', `${placeText(place)}: ${what}${detail}`, hint, {
      file: place.file,
      ...(place.line === undefined ? {} : { line: place.line }),
    });
    this.name = 'LocatedError';
    this.file = place.file;
    this.line = place.line;
    this.what = place.what;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A place as messages show it: `Dockerfile:3`, or `Dockerfile` without a line. */
export function placeText(place: Pick<Place, 'file' | 'line'>): string {
  return place.line === undefined ? place.file : `${place.file}:${place.line}`;
}

/**
 * The error at a place: one that has a place already passes as it is; any other is
 * located, with its message and hint (a registry's refusal read by the build, a bad
 * input met deep in an instruction: still the build failing, at that line).
 */
export function locate(err: unknown, place: Place): LocatedError {
  if (err instanceof LocatedError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new LocatedError(place, detail, hintOf(err), { cause: err });
}

/** The hint an error carries (ActionError, ContextError, the parser's Failure), if any. */
function hintOf(err: unknown): Hint | undefined {
  if (!(err instanceof Error) || !('hint' in err)) return undefined;
  const hint = (err as { hint?: unknown }).hint;
  return typeof hint === 'string' || typeof hint === 'function' ? (hint as Hint) : undefined;
}

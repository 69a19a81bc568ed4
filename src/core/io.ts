/**
 * The pipeline's port to the world: everything it tells the user or the runner goes
 * through an Io. The action gives one that writes with @actions/core; the command line
 * gives one that writes plain lines to a terminal; tests give one that records.
 *
 * Every message may hold foreign text (a path, a registry's answer, a user's value):
 * each Io neutralises it, so that no message can become a workflow command.
 *
 * The Io is passed down, never installed: two runs in one process each speak to their own.
 */

/** Where an annotation points: shown on the file's line in the pull request. */
export interface Annotation {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /**
   * The message names the place already (`Dockerfile:3: COPY: ...`, see LocatedError):
   * an Io that writes the place as text leaves it out, so that it is said once.
   */
  named?: boolean;
}

export interface Log {
  info(message: string): void;
  debug(message: string): void;
  notice(message: string, where?: Annotation): void;
  warning(message: string, where?: Annotation): void;
  error(message: string, where?: Annotation): void;
  /** Runs `work` inside a collapsible group of the log. */
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

export interface Io extends Log {
  /**
   * Runs `work`, during which child processes may write to the log (docker's build
   * log, through childOutput): nothing they write may be taken as a command.
   */
  foreign<T>(work: () => Promise<T>): Promise<T>;
  /**
   * A child process's own output, as it comes (any piece of a line), from its standard
   * output or error: shown as it is, and nothing of it taken as a command.
   */
  childOutput(chunk: string | Uint8Array, stream: 'stdout' | 'stderr'): void;
  /** Masks `secret` in every later line of the log. */
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  /** Adds markdown to the job summary. */
  summary(markdown: string): Promise<void>;
  /** A value for the post step (the directories to remove if main is killed). */
  saveState(name: string, value: string): void;
}

/** Says nothing: for a module used alone (a test of one builder, say). */
export const silentIo: Io = {
  info() {},
  debug() {},
  notice() {},
  warning() {},
  error() {},
  group: (_title, work) => work(),
  foreign: (work) => work(),
  childOutput() {},
  setSecret() {},
  setOutput() {},
  summary: async () => undefined,
  saveState() {},
};

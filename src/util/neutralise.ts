import { randomBytes } from 'node:crypto';

/**
 * Text that the action did not write itself (docker's output, a registry's message, a
 * path, a user's value) must never become a workflow command. The runner takes a line
 * as a command when, trimmed, it starts with `::`, or when it holds `##[` anywhere.
 */
const COMMAND = /^\s*::|##\[/m;

/** Whether some line of `text` would be read as a workflow command. */
export function looksLikeCommand(text: string): boolean {
  return COMMAND.test(text);
}

/** A token for `::stop-commands::<token>` that no foreign text can guess. */
export function stopToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The lines that switch command processing off, and back on after `text`. Written here
 * because @actions/core has no call for stop-commands (its issueCommand is internal).
 */
export function stopCommands(token: string): { stop: string; resume: string } {
  return { stop: `::stop-commands::${token}`, resume: `::${token}::` };
}

/**
 * The one function that makes foreign text safe for the log: unchanged when no line of
 * it looks like a command, else wrapped in stop-commands with a fresh random token, so
 * that it is shown as it is and runs nothing.
 */
export function neutralise(text: string, eol = '\n'): string {
  if (!looksLikeCommand(text)) return text;
  const { stop, resume } = stopCommands(stopToken());
  return `${stop}${eol}${text}${eol}${resume}`;
}

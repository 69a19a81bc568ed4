import { randomBytes } from 'node:crypto';

/**
 * Text that the action did not write itself (docker's output, a registry's message, a
 * path, a user's value) must never become a workflow command. This file holds the one
 * rule for what the runner takes as a command, and the fence that keeps text from it.
 *
 * The runner (ActionCommand.TryParseV2 and TryParse) reads its child's output a line at
 * a time, as .NET's StreamReader.ReadLine splits it (LF, CR alone, CR LF), and takes a
 * line as a command when, after `string.TrimStart()`, it starts with `::`, or when it
 * holds `##[` anywhere. TrimStart removes every character .NET's `char.IsWhiteSpace`
 * accepts, which is not JavaScript's `\s`: U+0085 (NEXT LINE) is white space to .NET.
 */

/**
 * What .NET's `char.IsWhiteSpace` accepts: U+0009-U+000D, U+0020, U+0085, U+00A0,
 * U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. Then, as a margin
 * (a line that starts with them is fenced although the runner of today would not run
 * it): U+001C-U+001F (white space to Java and Python), U+180E (white space to .NET
 * before Unicode 6.3), U+200B-U+200D, U+2060 and U+FEFF (zero-width, which a
 * culture-aware comparison skips).
 */
const LEADING = new Set<number>([
  ...[0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680],
  ...[0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a],
  ...[0x2028, 0x2029, 0x202f, 0x205f, 0x3000],
  // The margin.
  ...[0x1c, 0x1d, 0x1e, 0x1f, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff],
]);

/** `line` without what the runner trims from its start (and the margin). */
function trimStart(line: string): string {
  let i = 0;
  while (i < line.length && LEADING.has(line.charCodeAt(i))) i++;
  return line.slice(i);
}

/** The runner's lines of `text`: LF, CR alone and CR LF each end one. */
const LINE_END = /\r\n|\r|\n/;

/** Whether the runner would take this one line (no line end in it) as a workflow command. */
export function isCommandLine(line: string): boolean {
  return trimStart(line).startsWith('::') || line.includes('##[');
}

/** Whether some line of `text` would be read as a workflow command. */
export function looksLikeCommand(text: string): boolean {
  return text.includes('::') || text.includes('##[')
    ? text.split(LINE_END).some(isCommandLine)
    : false;
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

/**
 * The fence around child processes' output in a log the runner reads. It opens at a
 * child's first chunk and closes before the next line of the writer's own that must
 * work as a command (or when the work that runs children ends): the writer's own plain
 * lines go inside it as they are, inert there, so that a run whose children write
 * nothing opens no fence, and one whose children do shows no line of the fence's own
 * but a line end after a child's unfinished last line.
 */
export class Fence {
  private token: string | undefined;
  private atLineStart = true;

  constructor(
    private readonly write: (text: string | Uint8Array) => void,
    private readonly eol = '\n',
  ) {}

  /** Whether commands are off: child output has come since the fence last closed. */
  get open(): boolean {
    return this.token !== undefined;
  }

  /** A child's output, as it comes (any piece of a line). */
  child(chunk: string | Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.token === undefined) {
      this.token = stopToken();
      this.write(`${stopCommands(this.token).stop}${this.eol}`);
    }
    this.write(chunk);
    this.atLineStart = endsLine(chunk);
  }

  /** Ends a child's unfinished line, so that what comes next is a line of its own. */
  lineStart(): void {
    if (this.atLineStart) return;
    this.write(this.eol);
    this.atLineStart = true;
  }

  /** Turns commands back on, if the fence is open. */
  close(): void {
    if (this.token === undefined) return;
    this.lineStart();
    this.write(`${stopCommands(this.token).resume}${this.eol}`);
    this.token = undefined;
  }
}

/** Whether text ends with a line end as the runner reads it (LF, or CR alone). */
function endsLine(chunk: string | Uint8Array): boolean {
  const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk.at(-1);
  return last === 0x0a || last === 0x0d;
}

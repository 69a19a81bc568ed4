/**
 * The command line's Io: plain lines on standard output, colours only on a terminal,
 * secrets masked; outputs, state and the job summary kept for the end of the run.
 */
import type { Annotation, Io } from '../core/io.js';
import { neutralise, stopCommands, stopToken } from '../util/neutralise.js';

export interface TerminalOptions {
  write: (text: string) => void;
  color: boolean;
  debug: boolean;
  /**
   * Inside a GitHub Actions job the runner reads this output too: child processes'
   * output is then fenced off with stop-commands.
   */
  inActions: boolean;
}

export interface TerminalIo extends Io {
  readonly outputs: Map<string, string>;
  readonly state: Map<string, string>;
  readonly summaryText: () => string;
  /** Masks a secret in every later line (also what setSecret does). */
  mask(text: string): string;
}

const COLORS = { error: 31, warning: 33, notice: 36, group: 1 } as const;

export function terminalIo(options: TerminalOptions): TerminalIo {
  const secrets = new Set<string>();
  const outputs = new Map<string, string>();
  const state = new Map<string, string>();
  let summary = '';
  const mask = (text: string): string => {
    let out = text;
    // Longest first, so that a secret containing another is masked whole.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('***');
    }
    return out;
  };
  const paint = (kind: keyof typeof COLORS, text: string): string =>
    options.color ? `\x1b[${COLORS[kind]}m${text}\x1b[0m` : text;
  const line = (text: string): void => options.write(`${neutralise(mask(text))}\n`);
  const annotate =
    (kind: 'notice' | 'warning' | 'error', label: string) =>
    (message: string, where?: Annotation): void => {
      const at = where?.file
        ? `${where.file}${where.startLine ? `:${where.startLine}` : ''}: `
        : '';
      line(`${paint(kind, label)}: ${at}${message}`);
    };
  return {
    info: line,
    debug: (message) => {
      if (options.debug) line(`Debug: ${message}`);
    },
    notice: annotate('notice', 'Notice'),
    warning: annotate('warning', 'Warning'),
    error: annotate('error', 'Error'),
    group: (title, work) => {
      line(paint('group', `==> ${title}`));
      return work();
    },
    async foreign(work) {
      if (!options.inActions) return work();
      const fence = stopCommands(stopToken());
      options.write(`${fence.stop}\n`);
      try {
        return await work();
      } finally {
        options.write(`\n${fence.resume}\n`);
      }
    },
    setSecret: (secret) => {
      if (secret !== '') secrets.add(secret);
    },
    setOutput: (name, value) => void outputs.set(name, value),
    saveState: (name, value) => void state.set(name, value),
    summary: async (markdown) => {
      summary += `${markdown}\n`;
    },
    outputs,
    state,
    summaryText: () => summary,
    mask,
  };
}

/** `name: value` lines; the lines of a multi-line value are aligned under the first. */
export function formatOutputs(outputs: Iterable<[string, string]>): string {
  return [...outputs]
    .map(([name, value]) => {
      const [first = '', ...rest] = value.split('\n');
      const indent = ' '.repeat(name.length + 2);
      return [`${name}: ${first}`.trimEnd(), ...rest.map((l) => `${indent}${l}`)].join('\n');
    })
    .join('\n');
}

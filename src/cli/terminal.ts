/**
 * The command line's Io: plain lines on standard output, colours only on a terminal,
 * secrets masked; outputs, state and the job summary kept for the end of the run.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Annotation, Io } from '../core/io.js';
import { Fence, neutralise } from '../util/neutralise.js';

export interface TerminalOptions {
  write: (text: string) => void;
  /** Where child processes' standard error goes outside a job (default: `write`). */
  writeError?: (text: string) => void;
  color: boolean;
  debug: boolean;
  /**
   * Inside a GitHub Actions job the runner reads this output too: child processes'
   * output (both streams, into `write`) is then fenced off with stop-commands.
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
  const fence = options.inActions ? new Fence((t) => options.write(String(t))) : undefined;
  let foreign = 0;
  const line = (text: string): void => {
    // Inside the fence nothing is a command: the line goes in as it is.
    if (fence?.open) fence.lineStart();
    options.write(`${fence?.open ? mask(text) : neutralise(mask(text))}\n`);
  };
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const annotate =
    (kind: 'notice' | 'warning' | 'error', label: string) =>
    (message: string, where?: Annotation): void => {
      const at =
        where?.file && !where.named
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
      foreign++;
      try {
        return await work();
      } finally {
        if (--foreign === 0) fence?.close();
      }
    },
    childOutput(chunk, stream) {
      const text = typeof chunk === 'string' ? chunk : decoders[stream].write(Buffer.from(chunk));
      if (!fence)
        return (stream === 'stderr' ? (options.writeError ?? options.write) : options.write)(text);
      fence.child(text);
      if (foreign === 0) fence.close();
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

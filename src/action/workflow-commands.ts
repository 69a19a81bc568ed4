/**
 * The runner's side of the step: log lines, workflow commands (::error::, ::group::,
 * ::add-mask::) and the environment files (GITHUB_OUTPUT, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY), written the way @actions/core writes them.
 *
 * Why not @actions/core itself: its index loads an OIDC client and with it undici, which
 * makes a bundled `core.info('hi')` take about 70 ms to start against 20 ms for bare node
 * (see bench/README.md). The action starts twice per run (main and post), and the
 * commands below are the whole of what it needs.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** Where an annotation points: shown on the file's line in the pull request. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

type Write = (text: string) => void;

let write: Write = (text) => void process.stdout.write(text);

/** Sends every later line to `sink` instead of standard output (tests); returns the old one. */
export function setWriter(sink: Write): Write {
  const old = write;
  write = sink;
  return old;
}

/** A workflow command: `::name key=value,…::message`, escaped as the runner unescapes it. */
export function command(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function issue(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): void {
  write(`${command(name, properties, message)}${EOL}`);
}

function annotationProperties(
  props: AnnotationProperties = {},
): Record<string, string | number | undefined> {
  return {
    title: props.title,
    file: props.file,
    line: props.startLine,
    endLine: props.endLine,
    col: props.startColumn,
    endColumn: props.endColumn,
  };
}

export function info(message: string): void {
  write(`${message}${EOL}`);
}

export function debug(message: string): void {
  issue('debug', {}, message);
}

export function notice(message: string, props?: AnnotationProperties): void {
  issue('notice', annotationProperties(props), message);
}

export function warning(message: string, props?: AnnotationProperties): void {
  issue('warning', annotationProperties(props), message);
}

export function error(message: string, props?: AnnotationProperties): void {
  issue('error', annotationProperties(props), message);
}

/** Masks `secret` in every later line of the job's log. */
export function setSecret(secret: string): void {
  issue('add-mask', {}, secret);
}

/** Runs `work` inside a collapsible group of the log. */
export async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  issue('group', {}, title);
  try {
    return await work();
  } finally {
    issue('endgroup', {}, '');
  }
}

/**
 * `name<<delimiter` … `delimiter`, the multi-line form of an environment file entry,
 * with a delimiter that neither the name nor the value contains.
 */
export function fileCommandEntry(name: string, value: string, delimiter: string): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`The value of ${name} contains the delimiter ${delimiter}.`);
  }
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

function appendEntry(variable: string, legacy: string, name: string, value: string): void {
  const file = process.env[variable];
  if (!file) {
    // Runners older than the environment files: the deprecated command form.
    write(EOL);
    issue(legacy, { name }, value);
    return;
  }
  appendFileSync(file, fileCommandEntry(name, value, `ghadelimiter_${randomUUID()}`), 'utf8');
}

/** A step output, `steps.<id>.outputs.<name>`. */
export function setOutput(name: string, value: string): void {
  appendEntry('GITHUB_OUTPUT', 'set-output', name, value);
}

/** A value for the post step, which the runner hands to it as STATE_<name>. */
export function saveState(name: string, value: string): void {
  appendEntry('GITHUB_STATE', 'save-state', name, value);
}

/** Appends markdown to the job summary; fails where the runner offers none. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    throw new Error('GITHUB_STEP_SUMMARY is not set: this runner has no job summaries.');
  }
  appendFileSync(file, `${markdown}${EOL}`, 'utf8');
}

/** The exit code of a failed step. */
export const FAILURE_EXIT_CODE = 1;

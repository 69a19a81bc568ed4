/**
 * The Dockerfile parser (BuildKit's frontend/dockerfile/parser): lines, continuation
 * lines, comments, parser directives and heredocs → one raw node per instruction, with
 * its keyword, its `--flag` words, its arguments split the way the instruction splits
 * them, and the heredocs it reads (names and bodies).
 *
 * - parser directives (`# syntax=`, `# escape=`, `# check=`) only before anything else;
 * - `#` comments only at the start of a line, line continuations with the escape
 *   character (also across comment lines and empty lines inside a continuation);
 * - JSON ("exec") form where the instruction allows it, shell form otherwise.
 */
import {
  Failure,
  isSpace,
  trimLeftSpace,
  trimSpace,
  splitFirstWhitespace,
  type Lookup,
  lex,
} from './shell-lexer.js';
import { LocatedError, locate } from './located.js';

/** A heredoc an instruction reads (`<<EOF`, `<<-EOF`, `<<'EOF'`). */
export interface Heredoc {
  name: string;
  /** `<<-`: leading tabs are stripped from the body's lines (and the terminator's). */
  chomp: boolean;
  /** Unquoted name: variables in the body are expanded where the instruction does. */
  expand: boolean;
  /** The body, each line ending with a newline, as written (tabs not yet stripped). */
  content: string;
}

/** One instruction as written. */
export interface Node {
  /** Keyword as written. */
  cmd: string;
  keyword: string;
  flagWords: string[];
  args: string[];
  json: boolean;
  original: string;
  line: number;
  endLine: number;
  heredocs: Heredoc[];
  /** The trigger of an ONBUILD. */
  child?: Node;
}

const DIRECTIVE_RE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const ESCAPE_HINT =
  'The escape directive takes a backslash (# escape=\\) or a backtick (# escape=`).';

export class Directives {
  done = false;
  escape = '\\';
  continuation = continuationRegex('\\');
  readonly values: Record<string, string> = {};
  readonly lines: Record<string, number> = {};

  /** Looks at a line while directives are still allowed. */
  check(line: string, lineNo: number): void {
    if (this.done) return;
    if (!line.startsWith('#')) {
      this.done = true;
      return;
    }
    const m = DIRECTIVE_RE.exec(trimLeftSpace(line.slice(1)));
    const key = m?.[1]?.toLowerCase();
    if (!m || key === undefined || !VALID_DIRECTIVES.has(key)) {
      this.done = true;
      return;
    }
    if (Object.hasOwn(this.values, key)) {
      throw new Failure(`only one ${key} parser directive can be used`);
    }
    const value = m[2] as string;
    this.values[key] = value;
    this.lines[key] = lineNo;
    if (key === 'escape') {
      if (value !== '`' && value !== '\\') {
        throw new Failure(`invalid escape token '${value}' does not match \` or \\`, ESCAPE_HINT);
      }
      this.escape = value;
      this.continuation = continuationRegex(value);
    }
  }
}

/**
 * The escape character at the end of a line continues it, unless it is itself
 * escaped right before (BuildKit's regular expression has the same limit).
 */
function continuationRegex(escape: string): RegExp {
  const e = escape === '\\' ? '\\\\' : '`';
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

function trimContinuation(line: string, re: RegExp): [string, boolean] {
  const m = re.exec(line);
  if (!m) return [line, true];
  return [line.slice(0, m.index) + (m[1] ?? ''), false];
}

function trimNewline(s: string): string {
  return s.replace(/[\r\n]+$/, '');
}

function isCommentLine(raw: string): boolean {
  return trimLeftSpace(raw).startsWith('#');
}

/** Splits `--flag=value` words from the start of the arguments (BuildKit's extractBuilderFlags). */
function extractFlags(line: string): { rest: string; flags: string[] } {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= line.length; pos++) {
    let ch = pos < line.length ? line.charAt(pos) : '';
    if (phase === 'spaces') {
      if (pos === line.length) break;
      if (isSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === line.length || line.charAt(pos + 1) !== '-') {
        return { rest: line.slice(pos), flags: words };
      }
      phase = 'word';
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return { rest: line.slice(pos), flags: words };
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        pos++;
        ch = line.charAt(pos);
      }
      word += ch;
      continue;
    }
    // quote
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = line.charAt(pos);
    }
    word += ch;
  }
  return { rest: '', flags: words };
}

/** Words of ENV/LABEL/ARG: split on spaces outside quotes; quotes and escapes are kept. */
function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  const chars = Array.from(rest);
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = '';
  let blankOK = false;
  let word = '';
  for (let pos = 0; pos <= chars.length; pos++) {
    const atEnd = pos === chars.length;
    let ch = chars[pos] ?? '';
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isSpace(ch)) continue;
      phase = 'word';
    }
    if (atEnd) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escape) {
        if (pos + 1 === chars.length) continue; // an escape at the end is dropped
        // keep the escape and the escaped character, even a quote
        word += ch;
        pos++;
        ch = chars[pos] ?? '';
      }
      word += ch;
      continue;
    }
    // quote
    if (ch === quote) phase = 'word';
    if (ch === escape && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos] ?? '';
    }
    word += ch;
  }
  return words;
}

const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

/** The JSON form, or undefined when the text is not a JSON array. */
function parseJSONArgs(rest: string): string[] | undefined {
  const text = trimLeftSpace(rest);
  if (!text.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') throw new Failure(NOT_STRINGS);
    out.push(item);
  }
  return out;
}

function whitespaceList(rest: string): string[] {
  return rest === '' ? [] : rest.split(/[\t\v\f\r ]+/);
}

function maybeJSON(rest: string): { args: string[]; json: boolean } {
  if (rest === '') return { args: [], json: false };
  const json = parseJSONArgs(rest);
  return json ? { args: json, json: true } : { args: [rest], json: false };
}

function maybeJSONList(rest: string): { args: string[]; json: boolean } {
  const json = parseJSONArgs(rest);
  return json ? { args: json, json: true } : { args: whitespaceList(rest), json: false };
}

function nameValues(rest: string, keyword: string, escape: string): string[] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!(words[0] as string).includes('=')) {
    // legacy form: KEY value with spaces
    const parts = splitFirstWhitespace(rest);
    if (parts.length < 2) throw new Failure(`${keyword} must have two arguments`);
    return parts;
  }
  const out: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new Failure(
        `Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`,
      );
    }
    out.push(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

function healthArgs(rest: string): { args: string[]; json: boolean } {
  let sep = 0;
  while (sep < rest.length && !isSpace(rest.charAt(sep))) sep++;
  let next = sep;
  while (next < rest.length && isSpace(rest.charAt(next))) next++;
  if (sep === 0) return { args: [], json: false };
  const cmd = maybeJSON(rest.slice(next));
  return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
}

function newNode(line: string, escape: string, lineNo: number): Node {
  const trimmed = trimSpace(line);
  const [cmd, after] = splitFirstWhitespace(trimmed);
  const { rest: restRaw, flags } =
    after !== undefined ? extractFlags(after) : { rest: '', flags: [] };
  const rest = trimSpace(restRaw);
  const keyword = cmd.toUpperCase();
  const node: Node = {
    cmd,
    keyword,
    flagWords: flags,
    args: [],
    json: false,
    original: line,
    line: lineNo,
    endLine: lineNo,
    heredocs: [],
  };
  let parsed: { args: string[]; json: boolean } = { args: [], json: false };
  switch (keyword) {
    case 'ADD':
    case 'COPY':
    case 'VOLUME':
      parsed = maybeJSONList(rest);
      break;
    case 'CMD':
    case 'ENTRYPOINT':
    case 'RUN':
    case 'SHELL':
      parsed = maybeJSON(rest);
      break;
    case 'ARG':
      parsed = { args: parseWords(rest, escape), json: false };
      break;
    case 'ENV':
    case 'LABEL':
      parsed = { args: nameValues(rest, keyword, escape), json: false };
      break;
    case 'EXPOSE':
    case 'FROM':
      parsed = { args: whitespaceList(rest), json: false };
      break;
    case 'HEALTHCHECK':
      parsed = healthArgs(rest);
      break;
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      parsed = { args: rest === '' ? [] : [rest], json: false };
      break;
    case 'ONBUILD':
      if (rest !== '') {
        node.child = newNode(rest, escape, lineNo);
        parsed = { args: [node.child.cmd, ...node.child.args], json: node.child.json };
      }
      break;
    default:
      // unknown instructions are reported when instructions are parsed
      break;
  }
  node.args = parsed.args;
  node.json = parsed.json;
  return node;
}

const HEREDOC_RE = /^(\d*)<<(-?)([^<]*)$/;

/** The heredoc a word opens (`<<EOF`), without its body; undefined if none. */
export function parseHeredoc(word: string): Omit<Heredoc, 'content'> | undefined {
  const m = HEREDOC_RE.exec(word);
  const rest = m?.[3];
  if (!m || !rest) return undefined;
  const none: Lookup = () => undefined;
  const words = lex(rest, none, { escape: '\\', skipUnsetEnv: true }).words;
  if (words.length !== 1) return undefined;
  const raw = lex(rest, none, { escape: '\\', skipUnsetEnv: true, rawQuotes: true }).words;
  const name = words[0] as string;
  const quotes = (s: string): number => (s.match(/['"]/g) ?? []).length;
  return { name, chomp: m[2] === '-', expand: quotes(name) === quotes(raw[0] ?? '') };
}

function heredocsOf(line: string): Array<Omit<Heredoc, 'content'>> {
  let words: string[];
  try {
    words = lex(line, () => undefined, {
      escape: '\\',
      rawQuotes: true,
      rawEscapes: true,
      skipUnsetEnv: true,
    }).words;
  } catch {
    return []; // BuildKit ignores a line it cannot split here
  }
  const docs: Array<Omit<Heredoc, 'content'>> = [];
  for (const word of words) {
    const doc = parseHeredoc(word);
    if (doc) docs.push(doc);
  }
  return docs;
}

function canContainHeredoc(node: Node): boolean {
  const n = node.keyword === 'ONBUILD' && node.child ? node.child : node;
  return ['RUN', 'COPY', 'ADD'].includes(n.keyword) && !n.json;
}

/**
 * Reads the bodies of the heredocs the instruction line opens, from line index `i` on:
 * each up to a line that is only its name (after the tabs `<<-` strips). A body line is
 * kept with a newline, as BuildKit's scanner gives it.
 */
function readHeredocs(
  lines: string[],
  start: number,
  line: string,
  file: string,
  startLine: number,
): { docs: Heredoc[]; next: number } {
  let opened: Array<Omit<Heredoc, 'content'>>;
  try {
    opened = heredocsOf(line);
  } catch (err) {
    throw locate(err, { file, line: startLine });
  }
  let i = start;
  const docs: Heredoc[] = [];
  for (const doc of opened) {
    let content = '';
    let terminated = false;
    while (i < lines.length) {
      const body = trimNewline(lines[i] as string);
      i++;
      if ((doc.chomp ? body.replace(/^\t+/, '') : body) === doc.name) {
        terminated = true;
        break;
      }
      content += `${body}\n`;
    }
    if (!terminated) {
      throw new LocatedError(
        { file, line: startLine },
        'unterminated heredoc',
        `Add a line with only ${doc.name}.`,
      );
    }
    docs.push({ ...doc, content });
  }
  return { docs, next: i };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface ParsedAST {
  nodes: Node[];
  directives: Directives;
}

export function parseAST(text: string, file: string): ParsedAST {
  const dirs = new Directives();
  const lines = splitLines(text);
  const nodes: Node[] = [];
  let i = 0;
  while (i < lines.length) {
    let raw = trimNewline(lines[i] as string);
    if (i === 0) raw = raw.replace(/^\uFEFF/, '');
    const startLine = i + 1;
    i++;
    const first = trimLeftSpace(raw);
    try {
      dirs.check(first, startLine);
    } catch (err) {
      throw locate(err, { file, line: startLine });
    }
    let [line, isEnd] = trimContinuation(first.startsWith('#') ? '' : first, dirs.continuation);
    if (isEnd && line === '') continue;

    let endLine = startLine;
    while (!isEnd && i < lines.length) {
      const next = trimNewline(lines[i] as string);
      i++;
      endLine = i;
      if (isCommentLine(next)) continue;
      if (trimLeftSpace(next) === '') continue; // empty continuation line (a warning in Docker)
      const [part, end] = trimContinuation(next, dirs.continuation);
      line += part;
      isEnd = end;
    }

    let node: Node;
    try {
      node = newNode(line, dirs.escape, startLine);
    } catch (err) {
      throw locate(err, { file, line: startLine });
    }

    if (canContainHeredoc(node)) {
      const read = readHeredocs(lines, i, line, file, startLine);
      node.heredocs = read.docs;
      if (read.next > i) endLine = read.next;
      i = read.next;
    }
    node.endLine = endLine;
    nodes.push(node);
  }
  if (nodes.length === 0) {
    throw new LocatedError(
      { file, line: 1 },
      'file with no instructions',
      'The Dockerfile needs at least a FROM instruction.',
    );
  }
  return { nodes, directives: dirs };
}

/**
 * Dockerfile parser and resolver for the native builder.
 *
 * It follows the Dockerfile frontend of BuildKit (frontend/dockerfile: parser,
 * instructions, shell lexer and the ARG/ENV handling of dockerfile2llb) so that a
 * Dockerfile means the same thing here as under `docker build`:
 *
 * - parser directives (`# syntax=`, `# escape=`, `# check=`) only before anything else;
 * - `#` comments only at the start of a line, line continuations with the escape
 *   character (also across comment lines and empty lines inside a continuation);
 * - JSON ("exec") form where the instruction allows it, shell form otherwise;
 * - `--flag=value` flags checked per instruction;
 * - ARG scoping (global ARGs for FROM only, redeclared ARGs in a stage, build-arg
 *   overrides, the predefined platform ARGs) and ENV/ARG substitution in the
 *   instructions where Docker substitutes (ADD COPY ENV EXPOSE LABEL STOPSIGNAL USER
 *   VOLUME WORKDIR, FROM with the global ARGs);
 * - heredocs are recognised (so the lines of their bodies are not read as
 *   instructions) but marked, since the native builder leaves them to the engine.
 *
 * Expansion errors (`${X:?}`) in stages that the build does not need are not
 * reported, as in BuildKit, which only dispatches the stages the target needs.
 */
import { ActionError } from '../pipeline/errors.js';
import {
  Failure,
  located,
  locate,
  isSpace,
  trimLeftSpace,
  trimSpace,
  splitFirstWhitespace,
  type Lookup,
  lex,
  mapLookup,
} from './shell-lexer.js';

export { expand } from './shell-lexer.js';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface Instruction {
  /** First line of the instruction (1-based). */
  line: number;
  /** Last line: continuation lines and heredoc bodies included. */
  endLine: number;
  /** Upper-case keyword (`COPY`, `ENV`, ...). */
  keyword: string;
  /**
   * Flags as given (`--from=build` → `{ from: 'build' }`); boolean flags hold
   * `'true'`/`'false'`. `--chown` (COPY/ADD) and `--checksum` (ADD) are expanded.
   * A repeatable flag (`--exclude`, `--mount`) holds its last value.
   */
  flags: Record<string, string>;
  /**
   * Arguments, expanded where Docker expands them:
   * - ENV/LABEL: `[key1, value1, key2, value2, ...]`;
   * - ARG: `['NAME=value' | 'NAME', ...]` with the value the build uses;
   * - COPY/ADD: `[...sources, dest]`; EXPOSE: the ports after word splitting;
   * - CMD/ENTRYPOINT/RUN/SHELL: the JSON array, or one string in shell form;
   * - HEALTHCHECK: the config `Test` array (`['NONE']`, `['CMD', ...]`, `['CMD-SHELL', cmd]`);
   * - ONBUILD: `[trigger]` (the instruction text after ONBUILD, not expanded);
   * - MAINTAINER/USER/WORKDIR/STOPSIGNAL: one argument.
   */
  args: string[];
  /** The arguments were written in JSON form. */
  json: boolean;
  /** The instruction text with continuation lines joined, trimmed. */
  raw: string;
  /** `COPY --from` resolved to a build stage index; absent when --from names an image. */
  fromStage?: number;
  /** The instruction has heredocs (`<<EOF`). */
  heredoc?: boolean;
  /** An ONBUILD trigger of the stage's base image (this image): it runs before the stage's own. */
  triggerOf?: string;
  /** Variables the expansion met that were not set at that point (they became ''). */
  unsetVars?: string[];
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  /** FROM image after expansion with the global ARGs; `scratch` allowed. */
  base: string;
  /** `--platform` after expansion. */
  platform?: string;
  /** The instructions after FROM (FROM itself is described by this object). */
  instructions: Instruction[];
  /** Line of the FROM instruction. */
  line: number;
  /** Set when `base` names an earlier stage. */
  baseStage?: number;
  /**
   * False when the stage starts from an image whose environment was not supplied
   * (`ParseOptions.baseImageEnv`): a variable the image defines could then have
   * been expanded to '' here.
   */
  baseEnvKnown: boolean;
  /** Variables of `--platform` that were not set. */
  platformUnsetVars?: string[];
}

export interface ParsedDockerfile {
  file: string;
  /** Parser directives by lower-case name (`syntax`, `escape`, `check`). */
  directives: Record<string, string>;
  /** Line of each directive. */
  directiveLines: Record<string, number>;
  /** Escape character in effect (`\` or a backtick). */
  escape: string;
  /** ARGs before the first FROM, with the value FROM lines see. */
  globalArgs: Array<{ name: string; value?: string }>;
  stages: Stage[];
}

export interface ParseOptions {
  /** Stage to build (default: the last one). Expansion errors elsewhere are ignored. */
  target?: string;
  /** Target platform (`linux/arm64`), default the TARGETPLATFORM build arg, else the host. */
  platform?: string;
  /**
   * Environment (`config.Env`) of a base image, used to expand variables in a stage
   * that starts FROM that image, as Docker does. Without it such variables are
   * reported in `Instruction.unsetVars`; a builder can parse once, fetch the base
   * image configs, then parse again with this callback.
   */
  baseImageEnv?: (
    image: string,
    platform: string | undefined,
  ) => Record<string, string> | string[] | undefined;
  /** ONBUILD triggers (`config.OnBuild`) of a base image, run first in a stage FROM it. */
  baseImageTriggers?: (image: string, platform: string | undefined) => string[] | undefined;
}

export interface UnsupportedInstruction {
  file: string;
  line: number;
  /** Keyword of the instruction (`RUN`, `ADD`, ...), or `# syntax` for the directive. */
  instruction: string;
  reason: string;
}

// ---------------------------------------------------------------------------
// Platforms
// ---------------------------------------------------------------------------

interface Platform {
  os: string;
  arch: string;
  variant: string;
}

const HOST_ARCH: Record<string, Platform> = {
  x64: { os: 'linux', arch: 'amd64', variant: '' },
  arm64: { os: 'linux', arch: 'arm64', variant: '' },
  arm: { os: 'linux', arch: 'arm', variant: 'v7' },
  ia32: { os: 'linux', arch: '386', variant: '' },
  ppc64: { os: 'linux', arch: 'ppc64le', variant: '' },
  s390x: { os: 'linux', arch: 's390x', variant: '' },
  riscv64: { os: 'linux', arch: 'riscv64', variant: '' },
  loong64: { os: 'linux', arch: 'loong64', variant: '' },
};

/** The build platform: the host architecture, always linux (images are linux). */
function hostArch(): Platform {
  return HOST_ARCH[process.arch] ?? { os: 'linux', arch: 'amd64', variant: '' };
}

/** Parses and normalises `os/arch[/variant]` as containerd's platforms package does. */
function parsePlatform(spec: string, fallback: Platform): Platform {
  const parts = spec.trim().toLowerCase().split('/');
  let os = parts[0] ?? '';
  let arch = parts[1] ?? '';
  let variant = parts[2] ?? '';
  if (parts.length === 1) {
    // "arm64" alone is an architecture, "linux" alone an OS
    if (['linux', 'windows', 'darwin', 'freebsd'].includes(os)) arch = fallback.arch;
    else [os, arch] = [fallback.os, os];
  }
  switch (arch) {
    case 'i386':
      arch = '386';
      variant = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      arch = 'arm64';
      if (variant === '8' || variant === 'v8') variant = '';
      break;
    case 'armhf':
      arch = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      arch = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (/^[5-8]$/.test(variant)) variant = `v${variant}`;
      break;
  }
  return { os, arch, variant };
}

function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.arch}/${p.variant}` : `${p.os}/${p.arch}`;
}

/** The predefined platform ARGs, with build-arg overrides (BuildKit's getPlatformArgs). */
function platformArgs(buildArgs: Record<string, string>, platform?: string): Map<string, string> {
  const build = hostArch();
  const targetSpec =
    platform ?? (Object.hasOwn(buildArgs, 'TARGETPLATFORM') ? buildArgs.TARGETPLATFORM : undefined);
  const target = targetSpec ? parsePlatform(targetSpec, build) : build;
  const args = new Map<string, string>([
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDARCH', build.arch],
    ['BUILDVARIANT', build.variant],
    ['TARGETPLATFORM', formatPlatform(target)],
    ['TARGETOS', target.os],
    ['TARGETARCH', target.arch],
    ['TARGETVARIANT', target.variant],
  ]);
  for (const key of args.keys()) {
    if (Object.hasOwn(buildArgs, key)) args.set(key, buildArgs[key] as string);
  }
  return args;
}

// ---------------------------------------------------------------------------
// Durations (HEALTHCHECK flags use Go's time.ParseDuration)
// ---------------------------------------------------------------------------

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration, in nanoseconds (`'1m30s'` → 90e9). Throws on bad input. */
export function parseGoDuration(s: string): number {
  const invalid = (): Error => new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) throw invalid();
    const unit = DURATION_UNITS[m[3] as string];
    if (unit === undefined)
      throw new Error(
        `time: unknown unit ${JSON.stringify(m[3])} in duration ${JSON.stringify(s)}`,
      );
    const whole = m[1] ? Number(m[1]) : 0;
    const frac = m[2] ? Number(`0.${m[2]}`) : 0;
    total += whole * unit + Math.round(frac * unit);
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

// ---------------------------------------------------------------------------
// Parser: lines → nodes (BuildKit's parser package)
// ---------------------------------------------------------------------------

interface Heredoc {
  name: string;
  chomp: boolean;
  expand: boolean;
}

interface Node {
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

class Directives {
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

function parseHeredoc(word: string): Heredoc | undefined {
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

function heredocsOf(line: string): Heredoc[] {
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
  const docs: Heredoc[] = [];
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

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface ParsedAST {
  nodes: Node[];
  directives: Directives;
}

function parseAST(text: string, file: string): ParsedAST {
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
      throw locate(file, startLine, err);
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
      throw locate(file, startLine, err);
    }

    if (canContainHeredoc(node)) {
      let docs: Heredoc[];
      try {
        docs = heredocsOf(line);
      } catch (err) {
        throw locate(file, startLine, err);
      }
      for (const doc of docs) {
        let terminated = false;
        while (i < lines.length) {
          let candidate = trimNewline(lines[i] as string);
          i++;
          endLine = i;
          if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
          if (candidate === doc.name) {
            terminated = true;
            break;
          }
        }
        if (!terminated) {
          throw located(
            file,
            startLine,
            'unterminated heredoc',
            `Add a line with only ${doc.name}.`,
          );
        }
      }
      node.heredocs = docs;
    }
    node.endLine = endLine;
    nodes.push(node);
  }
  if (nodes.length === 0) {
    throw located(
      file,
      1,
      'file with no instructions',
      'The Dockerfile needs at least a FROM instruction.',
    );
  }
  return { nodes, directives: dirs };
}

// ---------------------------------------------------------------------------
// Instructions (BuildKit's instructions package)
// ---------------------------------------------------------------------------

type FlagKind = 'bool' | 'string' | 'strings';

const FLAG_SPECS: Record<string, Record<string, FlagKind>> = {
  FROM: { platform: 'string' },
  COPY: {
    chown: 'string',
    from: 'string',
    chmod: 'string',
    link: 'bool',
    exclude: 'strings',
    parents: 'bool',
  },
  ADD: {
    exclude: 'strings',
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    unpack: 'bool',
  },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  },
};

function parseFlags(keyword: string, words: string[]): Record<string, string> {
  const spec = FLAG_SPECS[keyword] ?? {};
  const out: Record<string, string> = {};
  const used = new Set<string>();
  const known = Object.keys(spec);
  const hint =
    known.length > 0
      ? `${keyword} accepts ${known.map((k) => `--${k}`).join(', ')}.`
      : `${keyword} takes no flags.`;
  for (const word of words) {
    if (!word.startsWith('--')) throw new Failure(`Arg should start with -- : ${word}`);
    if (word === '--') break;
    let name = word.slice(2);
    let value = '';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) throw new Failure(`Unknown flag: ${name}`, hint);
    if (used.has(name) && kind !== 'strings')
      throw new Failure(`Duplicate flag specified: ${name}`);
    used.add(name);
    if (kind === 'bool') {
      if (eq >= 0 && value === '') throw new Failure(`Missing a value on flag: ${name}`);
      const lower = value.toLowerCase();
      if (lower === '') out[name] = 'true';
      else if (lower === 'true' || lower === 'false') out[name] = lower;
      else throw new Failure(`Expecting boolean value for flag ${name}, not: ${value}`);
    } else {
      if (eq < 0) throw new Failure(`Missing a value on flag: ${name}`);
      out[name] = value;
    }
  }
  return out;
}

/** An instruction checked, before expansion. */
interface Command {
  node: Node;
  keyword: string;
  flags: Record<string, string>;
  args: string[];
  json: boolean;
  /** ARG definitions. */
  defs?: Array<{ key: string; value?: string }>;
  /** FROM: stage name. */
  stageName?: string;
  /** An ONBUILD trigger of this base image. */
  triggerOf?: string;
}

const INSTRUCTIONS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

/**
 * The word is quoted back only when it could be a misspelt instruction: a file that is
 * no Dockerfile at all must not have its first line shown (it may hold anything).
 */
function unknownInstruction(keyword: string): Failure {
  if (!/^[A-Z]{1,20}$/.test(keyword)) {
    return new Failure(
      'unknown instruction: the line does not start with an instruction name (not shown)',
      `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}; check that "dockerfile" names a Dockerfile.`,
    );
  }
  const close = INSTRUCTIONS.filter((k) => editDistance(k, keyword) <= 2).sort(
    (a, b) => editDistance(a, keyword) - editDistance(b, keyword),
  )[0];
  const hint = close
    ? `Did you mean ${close}?`
    : `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}.`;
  return new Failure(`unknown instruction: ${keyword}`, hint);
}

function exactlyOne(keyword: string, args: string[]): void {
  if (args.length !== 1) throw new Failure(`${keyword} requires exactly one argument`);
}

function atLeastOne(keyword: string, args: string[]): void {
  if (args.length === 0) throw new Failure(`${keyword} requires at least one argument`);
}

function keyValues(keyword: string, args: string[]): void {
  atLeastOne(keyword, args);
  if (args.length % 2 !== 0) throw new Failure(`Bad input to ${keyword}, too many arguments`);
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '') throw new Failure(`${keyword} names can not be blank`);
  }
}

/** Non-JSON CMD/ENTRYPOINT/RUN arguments are one string, as Docker keeps them. */
function shellForm(args: string[], json: boolean): string[] {
  if (args.length === 0) return [];
  return json ? args : [args.join(' ')];
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

function parseCommand(node: Node): Command {
  const { keyword } = node;
  const cmd: Command = { node, keyword, flags: {}, args: node.args, json: node.json };
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      cmd.flags = parseFlags(keyword, node.flagWords);
      keyValues(keyword, node.args);
      return cmd;
    case 'MAINTAINER':
    case 'WORKDIR':
    case 'USER':
      exactlyOne(keyword, node.args);
      cmd.flags = parseFlags(keyword, node.flagWords);
      return cmd;
    case 'STOPSIGNAL':
      exactlyOne(keyword, node.args);
      return cmd;
    case 'ADD':
    case 'COPY':
      if (node.args.length < 2) {
        throw new Failure(
          `${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`,
        );
      }
      cmd.flags = parseFlags(keyword, node.flagWords);
      return cmd;
    case 'FROM': {
      const args = node.args;
      if (args.length === 3 && (args[1] as string).toLowerCase() === 'as') {
        const name = (args[2] as string).toLowerCase();
        if (!STAGE_NAME.test(name)) {
          throw new Failure(
            `invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`,
          );
        }
        cmd.stageName = name;
      } else if (args.length !== 1) {
        throw new Failure('FROM requires either one or three arguments');
      }
      cmd.flags = parseFlags(keyword, node.flagWords);
      return cmd;
    }
    case 'ONBUILD': {
      atLeastOne(keyword, node.args);
      cmd.flags = parseFlags(keyword, node.flagWords);
      const trigger = trimSpace(node.args[0] as string).toUpperCase();
      if (trigger === 'ONBUILD') {
        throw new Failure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      }
      if (trigger === 'MAINTAINER' || trigger === 'FROM') {
        throw new Failure(`${trigger} isn't allowed as an ONBUILD trigger`);
      }
      cmd.args = [trimSpace(node.original).replace(/^\s*ONBUILD\s*/i, '')];
      cmd.json = false;
      return cmd;
    }
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
      cmd.flags = parseFlags(keyword, node.flagWords);
      cmd.args = shellForm(node.args, node.json);
      return cmd;
    case 'SHELL':
      cmd.flags = parseFlags(keyword, node.flagWords);
      atLeastOne(keyword, node.args);
      if (!node.json) throw new Failure('SHELL requires the arguments to be in JSON form');
      return cmd;
    case 'HEALTHCHECK':
      return parseHealthcheck(cmd);
    case 'EXPOSE':
    case 'VOLUME':
      atLeastOne(keyword, node.args);
      cmd.flags = parseFlags(keyword, node.flagWords);
      if (keyword === 'VOLUME') {
        cmd.args = node.args.map((v) => trimSpace(v));
        if (cmd.args.includes('')) throw new Failure('VOLUME specified can not be an empty string');
      }
      return cmd;
    case 'ARG':
      atLeastOne(keyword, node.args);
      cmd.defs = node.args.map((word) => {
        const eq = word.indexOf('=');
        if (eq < 0) return { key: word };
        if (eq === 0) throw new Failure('ARG names can not be blank');
        return { key: word.slice(0, eq), value: word.slice(eq + 1) };
      });
      return cmd;
    default:
      throw unknownInstruction(keyword);
  }
}

function parseHealthcheck(cmd: Command): Command {
  const args = cmd.node.args;
  atLeastOne('HEALTHCHECK', args);
  const type = (args[0] as string).toUpperCase();
  const rest = args.slice(1);
  if (type === 'NONE') {
    if (rest.length > 0) throw new Failure('HEALTHCHECK NONE takes no arguments');
    cmd.args = ['NONE'];
    cmd.json = false;
    return cmd;
  }
  cmd.flags = parseFlags('HEALTHCHECK', cmd.node.flagWords);
  if (type !== 'CMD') {
    throw new Failure(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  }
  const command = shellForm(rest, cmd.node.json);
  if (command.length === 0) throw new Failure('Missing command after HEALTHCHECK CMD');
  cmd.args = [cmd.node.json ? 'CMD' : 'CMD-SHELL', ...command];
  for (const name of ['interval', 'timeout', 'start-period', 'start-interval']) {
    const value = cmd.flags[name];
    if (value === undefined || value === '') continue;
    let ns: number;
    try {
      ns = parseGoDuration(value);
    } catch (err) {
      throw new Failure((err as Error).message);
    }
    if (ns !== 0 && ns < 1e6) {
      throw new Failure(`Interval ${JSON.stringify(name)} cannot be less than 1ms`);
    }
  }
  const retries = cmd.flags.retries;
  if (retries !== undefined && retries !== '') {
    if (!/^[+-]?\d+$/.test(retries) || Math.abs(Number(retries)) > 2 ** 31 - 1) {
      throw new Failure(`strconv.ParseInt: parsing ${JSON.stringify(retries)}: invalid syntax`);
    }
    if (Number(retries) < 0) throw new Failure(`--retries cannot be negative (${Number(retries)})`);
  }
  return cmd;
}

// ---------------------------------------------------------------------------
// Resolver: ARG/ENV scoping and expansion (BuildKit's dockerfile2llb)
// ---------------------------------------------------------------------------

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** ARGs BuildKit never puts in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

interface RawStage {
  from: Command;
  commands: Command[];
}

interface StageState {
  env: Map<string, string>;
  imageEnv: Map<string, string>;
  known: boolean;
}

function envEntries(env: Record<string, string> | string[]): Array<[string, string]> {
  if (Array.isArray(env)) {
    return env.map((kv) => {
      const eq = kv.indexOf('=');
      return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
    });
  }
  return Object.entries(env);
}

/** Index of a stage by name: the last stage with that name (BuildKit's findStateByName). */
function stageByName(
  stages: Stage[] | RawStage[],
  name: string,
  before?: number,
): number | undefined {
  const lower = name.toLowerCase();
  const end = before ?? stages.length;
  for (let i = end - 1; i >= 0; i--) {
    const s = stages[i] as Stage | RawStage;
    const stageName = 'from' in s ? s.from.stageName : s.name;
    if (stageName !== undefined && stageName === lower) return i;
  }
  return undefined;
}

function copyFromIndex(from: string, stages: RawStage[]): number | undefined | 'invalid' {
  if (/^[+-]?\d+$/.test(from)) {
    const index = Number(from);
    return index >= 0 && index < stages.length ? index : 'invalid';
  }
  return stageByName(stages, from);
}

/**
 * Parses a Dockerfile and resolves it to stages of instructions with the
 * variables expanded as Docker expands them. Throws ActionError('build') with
 * `file:line` for anything Docker rejects.
 */
export function parseDockerfile(
  text: string,
  file: string,
  buildArgs: Record<string, string>,
  options: ParseOptions = {},
): ParsedDockerfile {
  const { nodes, directives } = parseAST(text, file);

  // Instructions, grouped in stages.
  const metaArgs: Command[] = [];
  const rawStages: RawStage[] = [];
  for (const node of nodes) {
    let cmd: Command;
    try {
      cmd = parseCommand(node);
    } catch (err) {
      throw locate(file, node.line, err);
    }
    if (cmd.keyword === 'FROM') {
      rawStages.push({ from: cmd, commands: [] });
    } else if (rawStages.length === 0) {
      if (cmd.keyword !== 'ARG') {
        throw located(
          file,
          node.line,
          `no build stage in current context: ${cmd.keyword} before the first FROM`,
          'Only ARG instructions may come before the first FROM.',
        );
      }
      metaArgs.push(cmd);
    } else {
      (rawStages[rawStages.length - 1] as RawStage).commands.push(cmd);
    }
  }
  if (rawStages.length === 0) {
    throw located(
      file,
      nodes[0]?.line ?? 1,
      'dockerfile contains no stages to build: no FROM instruction',
      'Start the build stage with FROM <image> (or FROM scratch).',
    );
  }

  // Global scope: the predefined platform ARGs, then the ARGs before the first FROM.
  const meta = platformArgs(buildArgs, options.platform);
  const metaLookup = mapLookup(meta);
  const globalArgs: Array<{ name: string; value?: string }> = [];
  for (const cmd of metaArgs) {
    for (const def of cmd.defs ?? []) {
      let value = def.value;
      if (Object.hasOwn(buildArgs, def.key)) {
        value = buildArgs[def.key];
      } else if (value !== undefined) {
        try {
          value = lex(value, metaLookup, { escape: directives.escape }).result;
        } catch (err) {
          throw locate(file, cmd.node.line, err);
        }
      }
      if (value !== undefined) meta.set(def.key, value);
      globalArgs.push(value === undefined ? { name: def.key } : { name: def.key, value });
    }
  }

  // FROM lines are expanded with the global scope, for every stage.
  const stages: Stage[] = rawStages.map((raw, index) => {
    const line = raw.from.node.line;
    const baseWord = raw.from.args[0] as string;
    let base: string;
    try {
      base = lex(baseWord, metaLookup, { escape: directives.escape }).result;
    } catch (err) {
      throw locate(file, line, err);
    }
    if (base === '') {
      throw located(
        file,
        line,
        `base name (${baseWord}) should not be blank`,
        'Give the ARG used in FROM a default value or pass it as a build argument.',
      );
    }
    const stage: Stage = { index, base, instructions: [], line, baseEnvKnown: true };
    if (raw.from.stageName !== undefined) stage.name = raw.from.stageName;
    const platformWord = raw.from.flags.platform;
    if (platformWord !== undefined) {
      try {
        const res = lex(platformWord, metaLookup, { escape: directives.escape });
        stage.platform = res.result;
        if (res.unmatched.size > 0) stage.platformUnsetVars = [...res.unmatched];
      } catch (err) {
        throw locate(file, line, err);
      }
    }
    // BuildKit resolves `FROM a AS a` to the stage itself and refuses the cycle.
    if (raw.from.stageName !== undefined && base.toLowerCase() === raw.from.stageName) {
      throw located(
        file,
        line,
        `circular dependency detected on stage: ${raw.from.stageName}`,
        'Name the stage differently from the image it starts from.',
      );
    }
    const baseStage = stageByName(rawStages, base, index);
    if (baseStage !== undefined) stage.baseStage = baseStage;
    return stage;
  });

  addTriggers(rawStages, stages, options, file);

  // COPY --from references.
  const fromStages: Array<Array<number | undefined>> = rawStages.map((raw) =>
    raw.commands.map((cmd) => {
      const from = cmd.keyword === 'COPY' ? cmd.flags.from : undefined;
      if (from === undefined || from === '') return undefined;
      const index = copyFromIndex(from, rawStages);
      if (index === 'invalid') {
        throw located(file, cmd.node.line, `invalid stage index ${from}`);
      }
      return index;
    }),
  );

  const needed = reachable(stages, fromStages, targetIndex(stages, options.target, file));

  // Dispatch the stages in order.
  const states: StageState[] = [];
  rawStages.forEach((raw, index) => {
    const stage = stages[index] as Stage;
    const strict = needed.has(index);
    const state = initialState(stage, states, options);
    stage.baseEnvKnown = state.known;
    raw.commands.forEach((cmd, i) => {
      const fromStage = fromStages[index]?.[i];
      if (strict && fromStage !== undefined && fromStage >= index) {
        const other = stages[fromStage] as Stage;
        throw located(
          file,
          cmd.node.line,
          `cannot copy from stage ${JSON.stringify(other.name ?? String(fromStage))}, it needs to be defined before current stage ${JSON.stringify(stage.name ?? `stage-${index}`)}`,
        );
      }
      let ins: Instruction;
      try {
        ins = dispatch(cmd, state, buildArgs, meta, directives.escape);
      } catch (err) {
        if (strict) throw locate(file, cmd.node.line, err);
        ins = instructionOf(cmd, cmd.args, new Set());
      }
      if (fromStage !== undefined) ins.fromStage = fromStage;
      if (cmd.triggerOf !== undefined) ins.triggerOf = cmd.triggerOf;
      stage.instructions.push(ins);
    });
    states.push(state);
  });

  return {
    file,
    directives: { ...directives.values },
    directiveLines: { ...directives.lines },
    escape: directives.escape,
    globalArgs,
    stages,
  };
}

/**
 * The ONBUILD triggers of each stage's registry base image, parsed as BuildKit does
 * (one instruction each) and put before the stage's own instructions, at its FROM line.
 */
function addTriggers(rawStages: RawStage[], stages: Stage[], o: ParseOptions, file: string): void {
  if (o.baseImageTriggers === undefined) return;
  rawStages.forEach((raw, index) => {
    const stage = stages[index] as Stage;
    if (stage.baseStage !== undefined || stage.base.toLowerCase() === 'scratch') return;
    const triggers = o.baseImageTriggers!(stage.base, stage.platform) ?? [];
    const commands = triggers.map((trigger) => {
      const { nodes } = parseAST(trigger, file);
      const node = nodes[0];
      if (nodes.length !== 1 || node === undefined) {
        throw located(file, stage.line, 'onbuild trigger should be a single expression');
      }
      const at = { ...node, line: stage.line, endLine: stage.line };
      let cmd: Command;
      try {
        cmd = parseCommand(at);
      } catch (err) {
        throw locate(file, stage.line, err);
      }
      return { ...cmd, triggerOf: stage.base };
    });
    raw.commands.unshift(...commands);
  });
}

function targetIndex(stages: Stage[], target: string | undefined, file: string): number {
  if (target === undefined || target === '') return stages.length - 1;
  const index = stageByName(stages, target);
  if (index === undefined) {
    const names = stages.flatMap((s) => (s.name ? [s.name] : []));
    throw new ActionError(
      'build',
      `${file}: target stage ${JSON.stringify(target)} could not be found`,
      names.length > 0 ? `Stages: ${names.join(', ')}.` : 'The Dockerfile has no named stages.',
      { file },
    );
  }
  return index;
}

function reachable(
  stages: Stage[],
  fromStages: Array<Array<number | undefined>>,
  target: number,
): Set<number> {
  const seen = new Set<number>();
  const visit = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    const stage = stages[i];
    if (stage?.baseStage !== undefined) visit(stage.baseStage);
    for (const from of fromStages[i] ?? []) if (from !== undefined) visit(from);
  };
  visit(target);
  return seen;
}

function initialState(stage: Stage, states: StageState[], options: ParseOptions): StageState {
  if (stage.baseStage !== undefined) {
    // FROM an earlier stage: its environment, then its image ENV on top
    const parent = states[stage.baseStage] as StageState;
    const env = new Map(parent.env);
    for (const [k, v] of parent.imageEnv) env.set(k, v);
    return { env, imageEnv: new Map(parent.imageEnv), known: parent.known };
  }
  if (stage.base === 'scratch') {
    const imageEnv = new Map([['PATH', DEFAULT_PATH]]);
    return { env: new Map(imageEnv), imageEnv, known: true };
  }
  const supplied = options.baseImageEnv?.(stage.base, stage.platform);
  if (supplied === undefined) {
    return { env: new Map(), imageEnv: new Map(), known: false };
  }
  const imageEnv = new Map(envEntries(supplied));
  if (!imageEnv.has('PATH')) imageEnv.set('PATH', DEFAULT_PATH);
  return { env: new Map(imageEnv), imageEnv, known: true };
}

function instructionOf(cmd: Command, args: string[], unset: Set<string>): Instruction {
  const ins: Instruction = {
    line: cmd.node.line,
    endLine: cmd.node.endLine,
    keyword: cmd.keyword,
    flags: { ...cmd.flags },
    args,
    json: cmd.json,
    raw: trimSpace(cmd.node.original),
  };
  if (cmd.node.heredocs.length > 0) ins.heredoc = true;
  if (unset.size > 0) ins.unsetVars = [...unset];
  return ins;
}

function dispatch(
  cmd: Command,
  state: StageState,
  buildArgs: Record<string, string>,
  meta: Map<string, string>,
  escape: string,
): Instruction {
  const unset = new Set<string>();
  // Expansion sees the environment before the instruction (ENV a=1 b=$a: $a is the old a).
  const lookup = mapLookup(new Map(state.env));
  const word = (w: string): string => {
    const res = lex(w, lookup, { escape });
    for (const name of res.unmatched) unset.add(name);
    return res.result;
  };
  const words = (w: string): string[] => {
    const res = lex(w, lookup, { escape });
    for (const name of res.unmatched) unset.add(name);
    return res.words;
  };

  let args = cmd.args;
  const flags = { ...cmd.flags };
  switch (cmd.keyword) {
    case 'ARG': {
      args = [];
      for (const def of cmd.defs ?? []) {
        let value = def.value;
        if (Object.hasOwn(buildArgs, def.key)) {
          value = buildArgs[def.key];
        } else if (value !== undefined) {
          const res = lex(value, mapLookup(state.env), { escape });
          for (const name of res.unmatched) unset.add(name);
          value = res.result;
        } else if (meta.has(def.key)) {
          value = meta.get(def.key);
        }
        if (value !== undefined && !NON_ENV_ARGS.has(def.key)) state.env.set(def.key, value);
        args.push(value === undefined ? def.key : `${def.key}=${value}`);
      }
      break;
    }
    case 'ENV':
    case 'LABEL': {
      args = cmd.args.map(word);
      if (cmd.keyword === 'ENV') {
        for (let i = 0; i + 1 < args.length; i += 2) {
          state.env.set(args[i] as string, args[i + 1] as string);
          state.imageEnv.set(args[i] as string, args[i + 1] as string);
        }
      }
      break;
    }
    case 'COPY':
    case 'ADD':
      args = cmd.args.map(word);
      if (flags.chown !== undefined) flags.chown = word(flags.chown);
      if (cmd.keyword === 'ADD' && flags.checksum !== undefined)
        flags.checksum = word(flags.checksum);
      break;
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'VOLUME':
      args = cmd.args.map(word);
      break;
    case 'EXPOSE':
      args = cmd.args.flatMap(words);
      break;
    default:
      break;
  }
  const ins = instructionOf(cmd, args, unset);
  ins.flags = flags;
  return ins;
}

// ---------------------------------------------------------------------------
// What the native builder leaves to the engine
// ---------------------------------------------------------------------------

/** Indexes (ascending) of the stages needed to build `target` (default: the last stage). */
/**
 * The image the target stage (default: the last) finally starts from, following stages
 * built on stages; undefined for `scratch`.
 */
export function finalBaseImage(df: ParsedDockerfile, target?: string): string | undefined {
  let stage = df.stages[targetIndex(df.stages, target, df.file)];
  const seen = new Set<number>();
  while (stage?.baseStage !== undefined && !seen.has(stage.index)) {
    seen.add(stage.index);
    stage = df.stages[stage.baseStage];
  }
  if (!stage || stage.base.toLowerCase() === 'scratch') return undefined;
  return stage.base;
}

export function neededStages(df: ParsedDockerfile, target?: string): number[] {
  const fromStages = df.stages.map((s) => s.instructions.map((i) => i.fromStage));
  const set = reachable(df.stages, fromStages, targetIndex(df.stages, target, df.file));
  return [...set].sort((a, b) => a - b);
}

/** `# syntax=` images that are Docker's own Dockerfile frontend. */
const STOCK_FRONTEND =
  /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::[\w][\w.-]*)?(?:@sha256:[a-f0-9]{64})?$/;

function isRemoteSource(src: string): boolean {
  return (
    /^(?:https?|git|ssh):\/\//i.test(src) || /^git@/.test(src) || src.startsWith('github.com/')
  );
}

function unsupportedReason(ins: Instruction, stage: Stage): string | undefined {
  const { keyword, flags } = ins;
  if (keyword === 'RUN' && ins.triggerOf !== undefined) {
    return `the base image ${ins.triggerOf} has the ONBUILD trigger \`${ins.raw}\`, which executes a command in a container`;
  }
  if (keyword === 'RUN')
    return 'RUN executes a command in a container, which needs a container engine';
  if (ins.heredoc) return 'heredocs are not supported by the native builder';
  if (keyword === 'COPY' || keyword === 'ADD') {
    if (flags.link === 'true') {
      return `${keyword} --link builds the layer independently of the previous ones (different parent-directory and symlink handling)`;
    }
    if (flags.parents === 'true')
      return 'COPY --parents (keeping the source parent directories) is not implemented';
    if (flags.exclude !== undefined) return `${keyword} --exclude patterns are not implemented`;
  }
  if (keyword === 'ADD') {
    if (flags.checksum !== undefined)
      return 'ADD --checksum verifies a remote source, which needs the engine';
    if (flags['keep-git-dir'] === 'true')
      return 'ADD --keep-git-dir applies to git sources, which need the engine';
    if (flags.unpack !== undefined)
      return 'ADD --unpack (explicit archive extraction control) is not implemented';
    const remote = ins.args.slice(0, -1).find(isRemoteSource);
    if (remote !== undefined)
      return `ADD of a remote source (${remote}) needs the engine to fetch it`;
  }
  if (keyword === 'COPY' && ins.fromStage !== undefined) {
    if (ins.fromStage >= stage.index)
      return `COPY --from=${flags.from} names a stage defined later`;
  }
  if (!stage.baseEnvKnown && ins.unsetVars && ins.unsetVars.length > 0) {
    const vars = ins.unsetVars.map((v) => `$${v}`).join(', ');
    return `${vars} may come from the environment of base image ${stage.base}, which was not supplied`;
  }
  return undefined;
}

/**
 * The first instruction, in the stages the target needs, that the native builder
 * cannot carry out; undefined when it can build the whole target.
 */
export function unsupportedInNative(
  df: ParsedDockerfile,
  target?: string,
): UnsupportedInstruction | undefined {
  const syntax = df.directives.syntax;
  if (syntax !== undefined && !STOCK_FRONTEND.test(syntax.split(/\s/)[0] ?? '')) {
    return {
      file: df.file,
      line: df.directiveLines.syntax ?? 1,
      instruction: '# syntax',
      reason: `the Dockerfile selects the frontend ${syntax}, whose semantics only the engine knows`,
    };
  }
  for (const index of neededStages(df, target)) {
    const stage = df.stages[index] as Stage;
    if (stage.platformUnsetVars && stage.platformUnsetVars.length > 0) {
      const vars = stage.platformUnsetVars.map((v) => `$${v}`).join(', ');
      return {
        file: df.file,
        line: stage.line,
        instruction: 'FROM',
        reason: `FROM --platform uses ${vars}, which is not set`,
      };
    }
    for (const ins of stage.instructions) {
      const reason =
        unsupportedReason(ins, stage) ?? onbuildInheritedReason(ins, stage, df, target);
      if (reason !== undefined) {
        return { file: df.file, line: ins.line, instruction: ins.keyword, reason };
      }
    }
  }
  return undefined;
}

/** ONBUILD in a stage that a later needed stage starts FROM: BuildKit runs it there. */
function onbuildInheritedReason(
  ins: Instruction,
  stage: Stage,
  df: ParsedDockerfile,
  target: string | undefined,
): string | undefined {
  if (ins.keyword !== 'ONBUILD') return undefined;
  const child = neededStages(df, target).find((i) => df.stages[i]?.baseStage === stage.index);
  if (child === undefined) return undefined;
  return `stage ${df.stages[child]!.name ?? child} starts FROM this stage, where its ONBUILD triggers would run`;
}

/**
 * The shell lexer of Dockerfiles (word expansion with ENV and ARG values), after
 * BuildKit's frontend/dockerfile/shell, with the character helpers the parser shares
 * and the parser's error type.
 */
import { ActionError, showValue } from '../core/errors.js';

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** A Dockerfile error without a location yet (located.ts gives it one). */
export class Failure extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'Failure';
  }
}

// ---------------------------------------------------------------------------
// Character helpers (Go's unicode.IsSpace and friends)
// ---------------------------------------------------------------------------

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const WHITESPACE_RUN = /[\t\v\f\r ]+/;

export function isSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charAt(i))) i++;
  return s.slice(i);
}

export function trimSpace(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charAt(end - 1))) end--;
  return trimLeftSpace(s.slice(0, end));
}

/** Go's regexp.Split(s, 2) for a whitespace run. */
export function splitFirstWhitespace(s: string): [string] | [string, string] {
  const m = WHITESPACE_RUN.exec(s);
  if (!m) return [s];
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

// ---------------------------------------------------------------------------
// Shell lexer (word expansion), after BuildKit's frontend/dockerfile/shell
// ---------------------------------------------------------------------------

export type Lookup = (name: string) => string | undefined;

interface LexOptions {
  escape: string;
  /** Keep the quote characters in the result. */
  rawQuotes?: boolean;
  /** Keep the escape characters in the result. */
  rawEscapes?: boolean;
  /** Leave references to unset variables as written. */
  skipUnsetEnv?: boolean;
}

interface LexResult {
  result: string;
  words: string[];
  matched: Set<string>;
  unmatched: Set<string>;
}

class WordCollector {
  private word = '';
  private inWord = false;
  private readonly words: string[] = [];

  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.word.length > 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else {
      this.addRawChar(ch);
    }
  }

  addRawChar(ch: string): void {
    this.word += ch;
    this.inWord = true;
  }

  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  addRawString(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return this.words;
  }
}

function isSpecialParam(ch: string): boolean {
  return '@*#?-$!0'.includes(ch);
}

/** How deep `${A:-${B:-...}}` may nest: far more than any Dockerfile needs. */
const MAX_NESTING = 100;

class ShellWord {
  private readonly chars: string[];
  private pos = 0;
  private depth = 0;
  private rawEscapes: boolean;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(
    word: string,
    private readonly lookup: Lookup,
    private readonly opts: LexOptions,
  ) {
    this.chars = Array.from(word);
    this.rawEscapes = opts.rawEscapes ?? false;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private next(): string | undefined {
    const ch = this.chars[this.pos];
    if (ch !== undefined) this.pos++;
    return ch;
  }

  private getEnv(name: string): string | undefined {
    const value = this.lookup(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  processStopOn(
    stop: string | undefined,
    rawEscapes: boolean,
  ): { result: string; words: string[] } {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      const words = new WordCollector();
      for (;;) {
        const ch = this.peek();
        if (ch === undefined) break;
        if (stop !== undefined && ch === stop) {
          this.next();
          return { result, words: words.finish() };
        }
        if (ch === '$') {
          const value = this.processDollar();
          result += value;
          words.addString(value);
          continue;
        }
        if (ch === "'" || ch === '"') {
          const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          result += value;
          words.addRawString(value);
          continue;
        }
        let c = this.next() as string;
        if (c === this.opts.escape) {
          if (this.rawEscapes) {
            words.addRawChar(c);
            result += c;
          }
          const escaped = this.next();
          if (escaped === undefined) break; // an escape at the end is dropped
          c = escaped;
          words.addRawChar(c);
        } else {
          words.addChar(c);
        }
        result += c;
      }
      if (stop !== undefined) {
        throw new Failure(`unexpected end of statement while looking for matching ${stop}`);
      }
      return { result, words: words.finish() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private processSingleQuote(): string {
    // Everything up to the next ' is literal; ' cannot be escaped inside.
    const open = this.next() as string;
    let result = this.opts.rawQuotes ? open : '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined) {
        throw new Failure('unexpected end of statement while looking for matching single-quote');
      }
      if (ch === "'") {
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    // Literal up to the next ", except $ expansions; the escape character only
    // escapes ", $ and itself, and stays as written before anything else.
    const open = this.next() as string;
    let result = this.opts.rawQuotes ? open : '';
    for (;;) {
      const peek = this.peek();
      if (peek === undefined) {
        throw new Failure('unexpected end of statement while looking for matching double-quote');
      }
      if (peek === '"') {
        this.next();
        if (this.opts.rawQuotes) result += peek;
        return result;
      }
      if (peek === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next() as string;
      if (ch === this.opts.escape) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        if (after === undefined) continue; // ignore the escape at the end of the word
        if (after === '"' || after === '$' || after === this.opts.escape)
          ch = this.next() as string;
      }
      result += ch;
    }
  }

  private processName(): string {
    let name = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) break;
      if (name === '' && DIGIT.test(ch)) {
        // $1, $23: positional parameters, read all digits
        for (let d = this.peek(); d !== undefined && DIGIT.test(d); d = this.peek()) {
          name += this.next() as string;
        }
        return name;
      }
      if (name === '' && isSpecialParam(ch)) {
        this.next();
        return ch;
      }
      if (!LETTER.test(ch) && !DIGIT.test(ch) && ch !== '_') break;
      name += this.next() as string;
    }
    return name;
  }

  /** Reads a nested word (a default, a pattern): the depth is bounded, not the stack. */
  private nested(stop: string, rawEscapes: boolean): string {
    if (++this.depth > MAX_NESTING) {
      throw new Failure(`variable substitutions are nested more than ${MAX_NESTING} deep`);
    }
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } finally {
      this.depth--;
    }
  }

  private processDollar(): string {
    this.next(); // $
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `$${name}`;
      return value ?? '';
    }
    this.next(); // {
    const first = this.peek();
    if (first === undefined) throw new Failure("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') {
      throw new Failure('syntax error: bad substitution');
    }
    const name = this.processName();
    const op = this.next();
    if (op === undefined) throw new Failure("syntax error: missing '}'");
    if (op === '}') {
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value ?? '';
    }
    if (op === '/') return this.processReplacement(name);
    // ':' makes an empty value count as unset and applies to whatever follows,
    // which is read as a word before an unknown modifier is rejected (as in Go).
    let ch: string | undefined = op;
    let modifier = op;
    let nullIsUnset = false;
    if (op === ':') {
      nullIsUnset = true;
      ch = this.next();
      modifier += ch ?? '';
    } else if (!'+-?#%'.includes(op)) {
      throw new Failure(`unsupported modifier (${modifier}) in substitution`);
    }
    let word: string;
    try {
      word = this.nested('}', ch === '#' || ch === '%');
    } catch (err) {
      if (this.peek() === undefined) throw new Failure("syntax error: missing '}'");
      throw err;
    }
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}${modifier}${word}}`;
    const unset = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return unset ? word : (value ?? '');
      case '+':
        return unset ? '' : word;
      case '?':
        if (value === undefined) {
          throw new Failure(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
        }
        if (nullIsUnset && value === '') {
          throw new Failure(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
        }
        return value;
      case '#':
      case '%': {
        // # and % remove the shortest prefix / suffix, ## and %% the longest
        let pattern = word;
        let greedy = false;
        if (pattern.startsWith(ch)) {
          greedy = true;
          pattern = pattern.slice(1);
        }
        return ch === '%'
          ? trimSuffix(pattern, value ?? '', greedy)
          : trimPrefix(pattern, value ?? '', greedy);
      }
      default:
        throw new Failure(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  private processReplacement(name: string): string {
    const all = this.peek() === '/';
    if (all) this.next();
    let pattern: string;
    try {
      pattern = this.nested('/', true);
    } catch (err) {
      if (this.peek() === undefined) throw new Failure("syntax error: missing '/' in ${}");
      throw err;
    }
    let replacement: string;
    try {
      replacement = this.nested('}', true);
    } catch (err) {
      if (this.peek() === undefined) throw new Failure("syntax error: missing '}'");
      throw err;
    }
    const value = this.getEnv(name);
    if (value === undefined && this.opts.skipUnsetEnv)
      return `\${${name}/${pattern}/${replacement}}`;
    const re = patternRegex(pattern, true, false, all);
    return (value ?? '').replace(re, () => replacement);
  }
}

/** A shell pattern (`*`, `?`, `\` escapes) as a regular expression. */
function patternRegex(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  for (let i = 0; i < chars.length; i++) {
    let tok = chars[i] as string;
    if (tok === '*') {
      out += greedy ? '.*' : '.*?';
      continue;
    }
    if (tok === '?') {
      out += '.';
      continue;
    }
    if (tok === '\\') {
      const next = chars[i + 1];
      // \} and \/ are escapes of ${} itself, not part of the pattern
      if (next === '}' || next === '/') continue;
      i++;
      tok = chars[i] ?? '';
      if (tok !== '*' && tok !== '?' && tok !== '\\') {
        throw new Failure(
          `invalid pattern (${pattern}) in substitution: invalid escape '\\${tok}'`,
        );
      }
      out += '\\';
    } else if ('[]{}.+()|^$'.includes(tok)) {
      out += '\\';
    }
    out += tok;
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = patternRegex(pattern, greedy, true).exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

/** Reverses a pattern but keeps escapes in front of what they escape (`a\*c` → `c\*a`). */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last;) {
    const tok = chars[i] as string;
    const o = last - i;
    if (tok === '\\' && i !== last) {
      out[o - 1] = tok;
      out[o] = chars[i + 1] as string;
      i += 2;
    } else {
      out[o] = tok;
      i++;
    }
  }
  return out.join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  // Shortest rightmost match = shortest leftmost match of the reversed strings.
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

export function lex(word: string, lookup: Lookup, opts: LexOptions): LexResult {
  const sw = new ShellWord(word, lookup, opts);
  try {
    const { result, words } = sw.processStopOn(undefined, opts.rawEscapes ?? false);
    return { result, words, matched: sw.matched, unmatched: sw.unmatched };
  } catch (err) {
    if (err instanceof Failure) {
      throw new Failure(`failed to process ${showValue(word, 200)}: ${err.message}`, err.hint);
    }
    throw err;
  }
}

function recordLookup(env: Record<string, string>): Lookup {
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}

export function mapLookup(env: Map<string, string>): Lookup {
  return (name) => env.get(name);
}

/**
 * Docker's expansion of one word: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}` (throws), `${VAR#pattern}`,
 * `${VAR%pattern}` (and `##`, `%%`), `${VAR/pattern/replacement}` (and `//`); the escape
 * character escapes the next character, single quotes are literal, double quotes
 * group and still expand; an unset variable expands to ''. Quotes are removed.
 */
export function expand(word: string, env: Record<string, string>, escape = '\\'): string {
  try {
    return lex(word, recordLookup(env), { escape }).result;
  } catch (err) {
    if (err instanceof Failure) throw new ActionError('build', err.message, err.hint);
    throw err;
  }
}

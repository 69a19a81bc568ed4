/**
 * .dockerignore handling with the semantics of moby/patternmatcher (and its
 * ignorefile reader) as BuildKit's context sender (tonistiigi/fsutil) applies it:
 *
 * - Go filepath.Match syntax (`*`, `?`, `[...]`, `\` escapes) plus `**` for any
 *   number of directories;
 * - `!pattern` re-includes; later patterns override earlier ones;
 * - a pattern that matches a directory excludes everything under it, unless an
 *   exception re-includes it.
 *
 * The Dockerfile and .dockerignore themselves are always sent: the builder
 * handles that, not this module.
 */
import { ActionError } from '../core/errors.js';
import { isValidGlob } from './glob.js';
import { cleanPath } from './image-path.js';

export interface IgnoreMatcher {
  /** True when the path (slash-separated, relative to the context) is left out of the context. */
  ignores(relPath: string, isDir: boolean): boolean;
  /** true if some exception pattern could re-include something under this dir, so the walker must descend */
  mayIncludeUnder(relDir: string): boolean;
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.test(s.charAt(start))) start++;
  while (end > start && GO_SPACE.test(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}

/**
 * The patterns of a .dockerignore file: lines starting with `#` are comments,
 * blank lines are dropped, each pattern is trimmed and cleaned, and a leading `/`
 * is removed (the context root is the only root), `!` kept in front.
 */
export function parseDockerignore(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const patterns: string[] = [];
  lines.forEach((rawLine, index) => {
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (index === 0) line = line.replace(/^\uFEFF/, '');
    if (line.startsWith('#')) return; // only a # in the first column starts a comment
    let pattern = trimSpace(line);
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = trimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  });
  return patterns;
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

interface Pattern {
  exclusion: boolean;
  cleaned: string;
  type: MatchType;
  regexp?: RegExp;
}

function escapeRegexChar(ch: string, inClass: boolean): string {
  if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-')) return `\\${ch}`;
  return ch;
}

/** patternmatcher's Pattern.compile: picks a match type, or a regular expression. */
function compile(pattern: string, exclusion: boolean): Pattern {
  const chars = Array.from(pattern);
  let re = '^';
  let type: MatchType = 'exact';
  let inClass = false;
  let pos = 0;
  for (let iter = 0; pos < chars.length; iter++) {
    const ch = chars[pos++] as string;
    if (inClass) {
      // inside [...] (the syntax was checked): ranges, negation and escapes
      if (ch === ']') {
        inClass = false;
        re += ']';
      } else if (ch === '\\') {
        re += escapeRegexChar(chars[pos++] ?? '\\', true);
      } else if (ch === '-' || (ch === '^' && re.endsWith('['))) {
        re += ch;
      } else {
        re += escapeRegexChar(ch, true);
      }
      continue;
    }
    if (ch === '*') {
      if (chars[pos] === '*') {
        // some flavour of **; **/ is the same as **
        pos++;
        if (chars[pos] === '/') pos++;
        if (pos >= chars.length) {
          // ** at the end: everything, like .gitignore
          if (type === 'exact') type = 'prefix';
          else {
            re += '.*';
            type = 'regexp';
          }
        } else {
          // any number of directories, even none
          re += '(.*/)?';
          type = 'regexp';
        }
        if (iter === 0) type = 'suffix';
      } else {
        re += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      type = 'regexp';
    } else if ('.+()|{}$'.includes(ch)) {
      re += `\\${ch}`;
    } else if (ch === '\\') {
      if (pos < chars.length) {
        re += escapeRegexChar(chars[pos++] as string, false);
        type = 'regexp';
      } else {
        re += '\\\\';
      }
    } else if (ch === '[') {
      inClass = true;
      re += '[';
      type = 'regexp';
    } else if (ch === ']') {
      re += '\\]';
      type = 'regexp';
    } else {
      // ^ stays an anchor, as in the Go regular expression (it then never matches)
      re += ch === '^' ? '^' : escapeRegexChar(ch, false);
    }
  }
  const compiled: Pattern = { exclusion, cleaned: pattern, type };
  if (type === 'regexp') compiled.regexp = new RegExp(`${re}$`, 'u');
  return compiled;
}

function matches(p: Pattern, path: string): boolean {
  switch (p.type) {
    case 'exact':
      return path === p.cleaned;
    case 'prefix':
      return path.startsWith(p.cleaned.slice(0, -2)); // strip the trailing **
    case 'suffix': {
      const suffix = p.cleaned.slice(2); // strip the leading **
      if (path.endsWith(suffix)) return true;
      return suffix.startsWith('/') && path === suffix.slice(1); // **/foo matches foo
    }
    case 'regexp':
      return p.regexp?.test(path) ?? false;
  }
}

function withoutTrailingGlob(pattern: string): string {
  let p = pattern;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

/** A context path, slash-separated (a backslash is part of a Linux file name). */
function normalise(relPath: string): string {
  const p = cleanPath(relPath);
  return p.startsWith('/') ? cleanPath(p.slice(1)) : p;
}

/** The directory of a context path, `.` for the root (Go's path.Dir). */
function contextDirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Whether a path is ignored, and which patterns matched it (for its children). */
interface Evaluation {
  ignored: boolean;
  info: boolean[];
}

/**
 * patternmatcher's MatchesUsingParentResults: a pattern that matched the parent
 * directory matches the path too; `info` records which patterns matched.
 */
function evaluatePatterns(
  compiled: readonly Pattern[],
  path: string,
  parent: boolean[] | undefined,
): Evaluation {
  let ignored = false;
  const info: boolean[] = [];
  compiled.forEach((p, i) => {
    let match = parent?.[i] ?? false;
    if (!match) {
      // an inclusion cannot change an ignored path, an exception a kept one
      if (p.exclusion !== ignored) {
        info.push(false);
        return;
      }
      match = matches(p, path);
      if (!match && parent === undefined) {
        const dir = contextDirOf(path);
        if (dir !== '.') {
          const parts = dir.split('/');
          for (let n = 1; n <= parts.length && !match; n++) {
            match = matches(p, parts.slice(0, n).join('/'));
          }
        }
      }
    }
    info.push(match);
    if (match) ignored = !p.exclusion;
  });
  return { ignored, info };
}

/** One pattern of parseDockerignore compiled; undefined for a blank one. */
function compileLine(raw: string): Pattern | undefined {
  let p = trimSpace(raw);
  if (p === '') return undefined;
  p = cleanPath(p);
  let exclusion = false;
  if (p.startsWith('!')) {
    if (p.length === 1) {
      throw new ActionError(
        'build',
        '.dockerignore: illegal exclusion pattern: "!"',
        'An exception needs a pattern after the "!".',
      );
    }
    exclusion = true;
    p = p.slice(1);
  }
  let pattern: Pattern | undefined;
  try {
    pattern = isValidGlob(p) ? compile(p, exclusion) : undefined;
  } catch {
    pattern = undefined;
  }
  if (!pattern) {
    throw new ActionError(
      'build',
      `.dockerignore: invalid pattern ${JSON.stringify(raw)}: syntax error in pattern`,
      'Patterns use Go filepath.Match syntax: *, ?, [a-z], \\ to escape, and ** for any directories.',
    );
  }
  return pattern;
}

/**
 * A matcher for the patterns of parseDockerignore. Throws ActionError('build') for
 * a pattern Docker rejects (`!` alone, a bad `[` class, a trailing `\`).
 */
export function createMatcher(patterns: string[]): IgnoreMatcher {
  const compiled = patterns.map(compileLine).filter((p): p is Pattern => p !== undefined);
  const exceptions = compiled.filter((p) => p.exclusion);
  // BuildKit only skips an ignored directory when every exception is a plain path prefix.
  const onlyPrefixExceptions = exceptions.every(
    (p) => !/[*[\]?^\\]/.test(withoutTrailingGlob(p.cleaned)),
  );

  const evaluate = (path: string, parent: boolean[] | undefined): Evaluation =>
    evaluatePatterns(compiled, path, parent);

  const dirInfo = new Map<string, boolean[]>();
  const infoOf = (dir: string): boolean[] => {
    const cached = dirInfo.get(dir);
    if (cached) return cached;
    const parent = contextDirOf(dir);
    const info = evaluate(dir, parent === '.' ? undefined : infoOf(parent)).info;
    dirInfo.set(dir, info);
    return info;
  };

  return {
    ignores(relPath: string, _isDir: boolean): boolean {
      if (compiled.length === 0) return false;
      const path = normalise(relPath);
      if (path === '.' || path.startsWith('../') || path === '..') return false;
      const parent = contextDirOf(path);
      return evaluate(path, parent === '.' ? undefined : infoOf(parent)).ignored;
    },
    mayIncludeUnder(relDir: string): boolean {
      if (exceptions.length === 0) return false;
      if (!onlyPrefixExceptions) return true;
      const dir = normalise(relDir);
      if (dir === '.') return true;
      const dirSlash = `${dir}/`;
      return exceptions.some((p) => `${withoutTrailingGlob(p.cleaned)}/`.startsWith(dirSlash));
    },
  };
}

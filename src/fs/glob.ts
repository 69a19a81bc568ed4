/**
 * Go's filepath.Match: its syntax (what .dockerignore patterns must follow too), and
 * the wildcards of COPY and ADD sources, matched one path segment at a time.
 */
import { ContextError } from './context-error.js';

/** Whether a path has unescaped `*`, `?` or `[` (fsutil containsWildcards). */
export function containsWildcards(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** A filepath.Match pattern for one segment, as a RegExp; throws on a bad pattern. */
export function segmentPattern(pattern: string): RegExp {
  const chars = Array.from(pattern);
  const bad = (): ContextError =>
    new ContextError(`Invalid wildcard pattern ${JSON.stringify(pattern)}`);
  const lit = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  let re = '^';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '\\') {
      if (i + 1 >= chars.length) throw bad();
      re += lit(chars[i + 1]!);
      i += 2;
    } else if (c === '[') {
      i++;
      let negate = false;
      if (chars[i] === '^') {
        negate = true;
        i++;
      }
      const ranges: string[] = [];
      let n = 0;
      const esc = (): string => {
        const ch = chars[i];
        if (ch === undefined || ch === '-' || ch === ']') throw bad();
        if (ch === '\\') {
          i++;
          if (chars[i] === undefined) throw bad();
        }
        return chars[i++]!;
      };
      for (;;) {
        if (i >= chars.length) throw bad();
        if (chars[i] === ']' && n > 0) {
          i++;
          break;
        }
        const lo = esc();
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          hi = esc();
        }
        n++;
        // A reversed range matches nothing in Go; a JS class would be a syntax error.
        if (lo.codePointAt(0)! <= hi.codePointAt(0)!) ranges.push(`${lit(lo)}-${lit(hi)}`);
      }
      if (ranges.length === 0) re += negate ? '[^/]' : '(?!)';
      else re += `[${negate ? '^/' : ''}${ranges.join('')}]`;
    } else {
      re += lit(c);
      i++;
    }
  }
  return new RegExp(`${re}$`, 'u');
}

/** Removes the backslash escapes of a pattern segment that has no wildcard. */
export function unescapeSegment(s: string): string {
  return s.replace(/\\(.)/gu, '$1');
}

/** Whether a pattern has filepath.Match's syntax (Go reports ErrBadPattern otherwise). */
export function isValidGlob(pattern: string): boolean {
  try {
    segmentPattern(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * Relative links and images of a readme made absolute on GitHub, at the commit, so that
 * they still lead somewhere on Docker Hub's page: links to `<server>/<repo>/blob/<sha>/...`,
 * images to `<server>/<repo>/raw/<sha>/...`. Inline links and images, reference
 * definitions and HTML `<img src>` / `<a href>`; absolute URLs, `#anchors`, `mailto:` and
 * anything in code spans or code blocks (fenced or indented) are left alone, and so is a
 * path that leads above the repository's root. A small scanner, no markdown library: it reads only
 * what decides where a link points.
 */

/** Where the readme is on GitHub. */
export interface ReadmeLocation {
  /** The web server, without a trailing slash: https://github.com. */
  server: string;
  /** owner/name. */
  repository: string;
  /** The full commit id. */
  sha: string;
  /** The readme's path in the repository, `/`-separated: docs/README.md. */
  path: string;
}

/** The readme itself on GitHub, at the commit. */
export function readmeUrl(at: ReadmeLocation): string {
  const segments = at.path
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29'));
  return `${at.server}/${at.repository}/blob/${at.sha}/${segments.join('/')}`;
}

/** One line of the readme and whether it belongs to a code block (fences included). */
interface Line {
  text: string;
  code: boolean;
}

const FENCE = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})(.*)$/;

/** Splits into lines (each with its line ending) and marks the code blocks. */
export function markdownLines(text: string): Line[] {
  const lines: Line[] = [];
  let fence: string | undefined;
  for (const text_ of text.split(/(?<=\n)/)) {
    const m = FENCE.exec(text_.replace(/\r?\n$/, ''));
    if (fence === undefined) {
      // A backtick fence's info string holds no backtick.
      if (m && !(m[1]!.startsWith('`') && m[2]!.includes('`'))) fence = m[1];
      lines.push({ text: text_, code: fence !== undefined });
    } else {
      lines.push({ text: text_, code: true });
      const closes = m && m[1]![0] === fence[0] && m[1]!.length >= fence.length;
      if (closes && m[2]!.trim() === '') fence = undefined;
    }
  }
  markIndentedCode(lines);
  return lines;
}

const INDENTED = /^(?: {4}| {0,3}\t)/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/**
 * Marks the indented code blocks: lines indented by four or more after a blank line,
 * unless a list is open (there they continue a list item). A list ends at a line that
 * starts in the first column after a blank line.
 */
function markIndentedCode(lines: Line[]): void {
  let blankBefore = true;
  let inList = false;
  let inCode = false;
  for (const line of lines) {
    if (line.code) {
      blankBefore = inCode = false;
    } else if (line.text.trim() === '') {
      blankBefore = true;
    } else {
      if (!INDENTED.test(line.text)) {
        const ends = blankBefore && /^\S/.test(line.text);
        inList = LIST_ITEM.test(line.text) || (inList && !ends);
        inCode = false;
      } else if (inCode || (blankBefore && !inList)) {
        inCode = line.code = true;
      }
      blankBefore = false;
    }
  }
}

/** The ranges [start, end) of the code spans in a paragraph. */
function codeSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const runs = [...text.matchAll(/(?<!\\)`+/g)].map((m) => [m.index, m[0].length] as const);
  // The next run of the same length after each, found in one pass from the end.
  const next: number[] = [];
  const seen = new Map<number, number>();
  for (let j = runs.length - 1; j >= 0; j--) {
    next[j] = seen.get(runs[j]![1]) ?? -1;
    seen.set(runs[j]![1], j);
  }
  for (let i = 0; i < runs.length; i++) {
    const [start, length] = runs[i]!;
    const close = next[i]!;
    if (close === -1) continue;
    spans.push([start, runs[close]![0] + length]);
    i = close;
  }
  return spans;
}

/** A link destination in the text: where it is, and its value. */
interface Destination {
  start: number;
  end: number;
  value: string;
  angle: boolean;
}

/** cmark's limit on parentheses nested in a link destination (each scan stays short). */
const MAX_NESTING = 32;

/** The destination of an inline link whose `(` is just before `from`. */
function destinationAt(text: string, from: number): Destination | undefined {
  let start = from;
  while (text[start] === ' ' || text[start] === '\t') start++;
  if (text[start] === '<') {
    // No line ending, no unescaped '<' or '>' inside (CommonMark): the scan ends at the next.
    let close = start + 1;
    while (close < text.length && !'<>\n'.includes(text[close]!))
      close += text[close] === '\\' ? 2 : 1;
    if (text[close] !== '>') return undefined;
    return { start, end: close + 1, value: text.slice(start + 1, close), angle: true };
  }
  let end = start;
  let depth = 0;
  for (; end < text.length; end++) {
    const c = text[end]!;
    if (c === '\\') end++;
    else if (/\s/.test(c)) break;
    else if (c === '(' && ++depth > MAX_NESTING) return undefined;
    else if (c === ')' && depth-- === 0) break;
  }
  return { start, end, value: text.slice(start, end), angle: false };
}

/** How one destination is rewritten: the new one, or undefined to leave it. */
type Rewrite = (dest: string, image: boolean) => string | undefined;

/** Labels used by reference links and images: decides blob or raw for their definitions. */
interface Usage {
  images: Set<string>;
  links: Set<string>;
}

const label = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Inline links and images of one paragraph rewritten; reference uses recorded. */
function rewriteParagraph(text: string, rewrite: Rewrite, usage: Usage): string {
  const spans = codeSpans(text);
  const open: Array<{ at: number; image: boolean }> = [];
  let out = '';
  let copied = 0;
  let nextSpan = 0;
  for (let i = 0; i < text.length; i++) {
    while ((spans[nextSpan]?.[0] ?? Infinity) < i) nextSpan++;
    if (spans[nextSpan]?.[0] === i) {
      i = spans[nextSpan++]![1] - 1;
      continue;
    }
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') open.push({ at: i, image: text[i - 1] === '!' && text[i - 2] !== '\\' });
    else if (c === ']' && open.length > 0) {
      const { at, image } = open.pop()!;
      if (text[i + 1] === '(') {
        const d = destinationAt(text, i + 2);
        const next = d && rewrite(d.value, image);
        if (d && next !== undefined) {
          out += text.slice(copied, d.start) + (d.angle ? `<${next}>` : next);
          copied = d.end;
          i = d.end - 1;
        }
      } else if (text[i + 1] !== ':') {
        // `[id]: path` is a definition (rewritten afterwards), not a use.
        const ref = /^\[([^[\]]*)\]/.exec(text.slice(i + 1));
        const name = ref?.[1] ? ref[1] : text.slice(at + 1, i);
        (image ? usage.images : usage.links).add(label(name));
        if (ref) i += ref[0].length;
      }
    }
  }
  return rewriteHtml(out + text.slice(copied), rewrite, codeSpans(out + text.slice(copied)));
}

// A tag ends at `>`; a `<` before it starts another one (and keeps the scan linear).
const HTML_ATTR = /(<(img|a)\b[^<>]*?\s(src|href)\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)/gi;

/** `<img src>` and `<a href>` outside code spans. */
function rewriteHtml(text: string, rewrite: Rewrite, spans: Array<[number, number]>): string {
  return text.replace(
    HTML_ATTR,
    (all, head: string, tag: string, _a, value: string, at: number) => {
      if (spans.some(([s, e]) => at >= s && at < e)) return all;
      const quote = /^["']/.test(value) ? value[0]! : '';
      const next = rewrite(quote ? value.slice(1, -1) : value, tag.toLowerCase() === 'img');
      return next === undefined ? all : `${head}${quote}${next}${quote}`;
    },
  );
}

const DEFINITION = /^( {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*)(<[^>\n]*>|[^\s]+)/;

/**
 * The path a relative destination names in the repository, with its query and fragment,
 * or undefined when it is no relative path or leads above the root.
 */
export function repositoryPath(dest: string, dir: string[]): string | undefined {
  if (dest === '' || /^(?:#|\/\/|[a-z][a-z0-9+.-]*:)/i.test(dest)) return undefined;
  const [, pathPart = '', rest = ''] = /^([^?#]*)(.*)$/s.exec(dest)!;
  if (pathPart === '') return undefined;
  // Other spellings of "." and "/" (a browser reads %2e as ".", "\\" as "/" and drops tabs
  // and newlines; markdown reads "\\." as "."): such a path is left, as one above the root.
  if (/[\\\t\n\r]|%2e/i.test(pathPart)) return undefined;
  const segments = pathPart.startsWith('/') ? [] : [...dir];
  for (const s of pathPart.split('/')) {
    if (s === '' || s === '.') continue;
    if (s !== '..') segments.push(s);
    else if (segments.pop() === undefined) return undefined;
  }
  const slash = pathPart.endsWith('/') && segments.length > 0 ? '/' : '';
  return segments.join('/') + slash + rest;
}

/** The readme with its relative links and images made absolute GitHub URLs at the commit. */
export function absoluteLinks(text: string, at: ReadmeLocation): string {
  const dir = at.path.split('/').slice(0, -1);
  const base = `${at.server}/${at.repository}`;
  const rewrite: Rewrite = (dest, image) => {
    const target = repositoryPath(dest, dir);
    if (target === undefined) return undefined;
    const url =
      target === ''
        ? `${base}/tree/${at.sha}`
        : `${base}/${image ? 'raw' : 'blob'}/${at.sha}/${target}`;
    return url.replace(/ /g, '%20');
  };
  const usage: Usage = { images: new Set(), links: new Set() };
  const out: string[] = [];
  let paragraph = '';
  for (const line of markdownLines(text)) {
    if (!line.code && line.text.trim() !== '') {
      paragraph += line.text;
      continue;
    }
    out.push(rewriteParagraph(paragraph, rewrite, usage), line.text);
    paragraph = '';
  }
  out.push(rewriteParagraph(paragraph, rewrite, usage));
  return rewriteDefinitions(out.join(''), rewrite, usage);
}

/** Reference definitions: raw when only images use their label, else blob. */
function rewriteDefinitions(text: string, rewrite: Rewrite, usage: Usage): string {
  return markdownLines(text)
    .map(({ text: line, code }) => {
      const m = code ? null : DEFINITION.exec(line);
      if (!m) return line;
      const name = label(m[2]!);
      const image = usage.images.has(name) && !usage.links.has(name);
      const angle = m[3]!.startsWith('<');
      const next = rewrite(angle ? m[3]!.slice(1, -1) : m[3]!, image);
      if (next === undefined) return line;
      return m[1]! + (angle ? `<${next}>` : next) + line.slice(m[0].length);
    })
    .join('');
}

/**
 * A readme longer than Docker Hub keeps, cut to fit: at the last heading (an ATX `#`
 * line outside fenced code) that fits together with a final line linking to the full
 * readme; else at the last paragraph boundary that fits; else, for one huge paragraph,
 * at the last whole character that fits. Measured in UTF-8 bytes, as Docker Hub counts.
 */
import { markdownLines } from './hub-readme-links.js';

/** Where a readme was cut, for the log. */
export interface Cut {
  /** Bytes before and after. */
  before: number;
  after: number;
  at: 'heading' | 'paragraph' | 'character';
  /** The heading the kept text ends before, as written. */
  heading?: string;
}

export interface Fitted {
  text: string;
  cut?: Cut;
}

/** The last line of a cut readme: a link to the full one, or a note where there is none. */
export function finalLine(fullUrl: string | undefined): string {
  return fullUrl === undefined
    ? '*This is the beginning of the README; the rest did not fit on Docker Hub.*\n'
    : `[Read the full README on GitHub.](${fullUrl})\n`;
}

/** A place the text may be cut before. */
interface Candidate {
  at: number;
  heading?: string;
}

const HEADING = /^ {0,3}#{1,6}(?:[ \t]|\r?\n|$)/;

/** The headings and the paragraph boundaries (blank lines) outside fenced code. */
function candidates(text: string): { headings: Candidate[]; paragraphs: Candidate[] } {
  const headings: Candidate[] = [];
  const paragraphs: Candidate[] = [];
  let at = 0;
  for (const line of markdownLines(text)) {
    if (!line.code && at > 0) {
      if (HEADING.test(line.text)) headings.push({ at, heading: line.text.trim() });
      else if (line.text.trim() === '') paragraphs.push({ at });
    }
    at += line.text.length;
  }
  return { headings, paragraphs };
}

/** The text kept when cut before `at`, with the final line. */
function keep(text: string, at: number, last: string): string {
  const kept = text.slice(0, at).trimEnd();
  return kept === '' ? '' : `${kept}\n\n${last}`;
}

/** The last candidate whose cut fits (the kept size grows with the position). */
function lastFitting(text: string, list: Candidate[], last: string, max: number) {
  let lo = 0;
  let hi = list.length - 1;
  let found: { c: Candidate; kept: string } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const kept = keep(text, list[mid]!.at, last);
    if (kept !== '' && Buffer.byteLength(kept) <= max) {
      found = { c: list[mid]!, kept };
      lo = mid + 1;
    } else if (kept === '') lo = mid + 1;
    else hi = mid - 1;
  }
  return found;
}

/** The longest start of `text` of at most `max` UTF-8 bytes, never half a character. */
export function utf8Prefix(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return text;
  let end = Math.max(0, max);
  // A continuation byte (10xxxxxx) belongs to the character that started before it.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** The readme as Docker Hub can keep it: whole when it fits, else cut with a final line. */
export function fitReadme(text: string, max: number, fullUrl?: string): Fitted {
  const before = Buffer.byteLength(text);
  if (before <= max) return { text };
  const last = finalLine(fullUrl);
  const { headings, paragraphs } = candidates(text);
  const heading = lastFitting(text, headings, last, max);
  const found = heading ?? lastFitting(text, paragraphs, last, max);
  if (found) {
    const after = Buffer.byteLength(found.kept);
    const at = heading ? 'heading' : 'paragraph';
    return { text: found.kept, cut: { before, after, at, heading: found.c.heading } };
  }
  const room = max - Buffer.byteLength(`\n\n${last}`);
  const kept = `${utf8Prefix(text, room).trimEnd()}\n\n${last}`;
  return { text: kept, cut: { before, after: Buffer.byteLength(kept), at: 'character' } };
}

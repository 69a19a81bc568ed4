/**
 * File names as bytes. Linux names are byte strings: `caf\xe9.txt` (Latin-1) is a valid
 * name that is not valid UTF-8. Docker copies such names byte for byte, so the build
 * keeps them exactly through its string paths: a name read from disk is decoded as
 * UTF-8, each byte that is not part of a valid sequence becoming the lone surrogate
 * U+DC80 + (byte - 0x80) (as Python's surrogateescape does); `nameToBytes` gives the
 * original bytes back. A valid UTF-8 name reads as the same string as ever, and no
 * valid name decodes to a lone surrogate, so the mapping loses nothing.
 */

const ESCAPE_BASE = 0xdc00;

/** A name read from disk or from a tar header, as the build's string. */
export function nameFromBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\ufffd')) return text;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const len = validSequenceLength(bytes, i);
    if (len === 0) {
      out += String.fromCharCode(ESCAPE_BASE + bytes[i]!);
      i++;
    } else {
      out += bytes.subarray(i, i + len).toString('utf8');
      i += len;
    }
  }
  return out;
}

/** The bytes of a name made by nameFromBytes (UTF-8, escaped bytes restored). */
export function nameToBytes(name: string): Buffer {
  if (!hasEscapes(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLow(name.charCodeAt(i + 1))) {
      i++; // a valid pair
    } else if (isEscape(c)) {
      parts.push(Buffer.from(name.slice(start, i), 'utf8'), Buffer.from([c - ESCAPE_BASE]));
      start = i + 1;
    }
  }
  parts.push(Buffer.from(name.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * The name as text that must be valid Unicode (an SBOM's file names): each byte that is
 * not UTF-8 becomes U+FFFD, as a UTF-8 decoder reads it (a PAX record, for one).
 */
export function nameAsText(name: string): string {
  return hasEscapes(name) ? nameToBytes(name).toString('utf8') : name;
}

/** A path for the fs functions: a Buffer when the name holds escaped bytes. */
export function fsPath(name: string): string | Buffer {
  return hasEscapes(name) ? nameToBytes(name) : name;
}

/** Byte order of two names (Go's string comparison). */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(nameToBytes(a), nameToBytes(b));
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function isEscape(c: number): boolean {
  return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff;
}

/** Whether the name has a lone surrogate standing for a byte. */
function hasEscapes(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLow(name.charCodeAt(i + 1))) i++;
    else if (isEscape(c)) return true;
  }
  return false;
}

/** The length of the valid UTF-8 sequence at `i`, 0 when the byte does not start one. */
function validSequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const len =
    c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  // Overlong forms, surrogates and code points above U+10FFFF are not valid either.
  const second = b[i + 1]!;
  if (c === 0xe0 && second < 0xa0) return 0;
  if (c === 0xed && second > 0x9f) return 0;
  if (c === 0xf0 && second < 0x90) return 0;
  if (c === 0xf4 && second > 0x8f) return 0;
  return len;
}

/**
 * Tar headers as Go's archive/tar writes them (and so Docker's and BuildKit's layers):
 * USTAR, with a PAX extended header first only for what USTAR cannot hold (long or
 * non-ASCII names and link targets, uid/gid/size too large). Names are written as their
 * bytes (see raw-names.ts); the USTAR fields get their ASCII characters.
 */
import { nameToBytes } from '../util/raw-names.js';
import type { LayerEntry } from './entry.js';

export const BLOCK = 512;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** Largest value a 7-digit octal field (mode, uid, gid) holds. */
const MAX_OCTAL_7 = 0o7777777;
/** Largest value an 11-digit octal field (size, mtime) holds. */
export const MAX_OCTAL_11 = 0o77777777777;

/** The zero bytes that fill a file's contents up to a whole block. */
export function padding(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

/** The header block(s) of one entry: a PAX extended header first when USTAR can't hold it. */
export function encodeEntryHeader(entry: LayerEntry, size: number, epoch: number): Buffer {
  const typeBits =
    entry.type === 'dir'
      ? S_IFDIR
      : entry.type === 'symlink' || entry.linkType === 'symlink'
        ? S_IFLNK
        : S_IFREG;
  const typeflag = { dir: '5', symlink: '2', link: '1', file: '0' }[entry.type];
  const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const linkname = entry.type === 'symlink' || entry.type === 'link' ? (entry.linkname ?? '') : '';
  const uid = entry.uid ?? 0;
  const gid = entry.gid ?? 0;
  const mode = entry.mode & 0o7777;
  for (const [what, v] of [
    ['uid', uid],
    ['gid', gid],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new Error(`Invalid ${what} ${v} for ${entry.path}`);
  }
  if (entry.type !== 'file') size = 0;

  const pax: Record<string, string> = {};
  const split = splitUstarPath(name);
  if (split === undefined) pax['path'] = name;
  if (!fitsUstarString(linkname, 100)) pax['linkpath'] = linkname;
  if (uid > MAX_OCTAL_7) pax['uid'] = String(uid);
  if (gid > MAX_OCTAL_7) pax['gid'] = String(gid);
  if (size > MAX_OCTAL_11) pax['size'] = String(size);

  const header = ustarBlock({
    prefix: split?.prefix ?? '',
    name: split?.name ?? asciiFallback(name, 100),
    mode: typeBits | mode,
    uid: uid > MAX_OCTAL_7 ? 0 : uid,
    gid: gid > MAX_OCTAL_7 ? 0 : gid,
    size: size > MAX_OCTAL_11 ? 0 : size,
    mtime: epoch,
    typeflag,
    linkname: 'linkpath' in pax ? asciiFallback(linkname, 100) : linkname,
  });
  if (Object.keys(pax).length === 0) return header;

  const records = Buffer.concat(
    Object.keys(pax)
      .sort()
      .map((k) => paxRecord(k, pax[k]!)),
  );
  // Go's name for the extended header: <dir>/PaxHeaders.0/<base>, in ASCII, at most 100.
  const slash = name.lastIndexOf('/');
  const paxName = `${name.slice(0, slash + 1)}PaxHeaders.0/${name.slice(slash + 1)}`;
  const paxHeader = ustarBlock({
    prefix: '',
    name: asciiFallback(paxName, 100).replace(/\/+$/, ''),
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: epoch,
    typeflag: 'x',
    linkname: '',
  });
  const pad = padding(records.length);
  return Buffer.concat([paxHeader, records, Buffer.alloc(pad), header]);
}

/** One PAX record: `<length> <key>=<value>\n`, the length counting itself. */
function paxRecord(key: string, value: string): Buffer {
  // Names are written as their bytes, valid UTF-8 or not, as Go's archive/tar does.
  const body = nameToBytes(` ${key}=${value}\n`);
  const bodyLength = body.length;
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length !== String(bodyLength).length)
    length = bodyLength + String(length).length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c > 0x7f) return false;
  }
  return true;
}

function fitsUstarString(s: string, max: number): boolean {
  return isAscii(s) && s.length <= max;
}

/** A stand-in for a name that only the PAX record holds: its ASCII, truncated (Go's toASCII). */
function asciiFallback(s: string, max: number): string {
  let out = '';
  for (const ch of s) if (isAscii(ch)) out += ch;
  return out.slice(0, max);
}

/** Go's splitUSTARPath: the name in `name`, or split at a slash into `prefix` + `name`. */
function splitUstarPath(p: string): { prefix: string; name: string } | undefined {
  if (!isAscii(p)) return undefined;
  if (p.length <= 100) return { prefix: '', name: p };
  let length = p.length;
  if (length > 156) length = 156;
  else if (p[length - 1] === '/') length--;
  const i = p.lastIndexOf('/', length - 1);
  const nlen = p.length - i - 1;
  if (i <= 0 || nlen > 100 || nlen === 0 || i > 155) return undefined;
  return { prefix: p.slice(0, i), name: p.slice(i + 1) };
}

interface UstarFields {
  prefix: string;
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

function ustarBlock(f: UstarFields): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(f.name, 0, 100, 'latin1');
  octal(b, 100, 8, f.mode);
  octal(b, 108, 8, f.uid);
  octal(b, 116, 8, f.gid);
  octal(b, 124, 12, f.size);
  octal(b, 136, 12, f.mtime);
  b.fill(0x20, 148, 156); // checksum computed with the field as spaces
  b.write(f.typeflag, 156, 1, 'latin1');
  b.write(f.linkname, 157, 100, 'latin1');
  b.write('ustar\0', 257, 6, 'latin1');
  b.write('00', 263, 2, 'latin1');
  // uname (265) and gname (297) stay empty.
  octal(b, 329, 8, 0);
  octal(b, 337, 8, 0);
  b.write(f.prefix, 345, 155, 'latin1');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i]!;
  // Like Go: six octal digits, NUL, and the space already there.
  b.write(sum.toString(8).padStart(6, '0'), 148, 6, 'latin1');
  b[154] = 0;
  return b;
}

/** A zero-padded octal field ending with NUL, as Go's archive/tar formats them. */
function octal(b: Buffer, offset: number, length: number, value: number): void {
  const s = value.toString(8).padStart(length - 1, '0');
  if (s.length > length - 1) throw new Error(`Value ${value} does not fit a tar header field`);
  b.write(s, offset, length - 1, 'latin1');
  b[offset + length - 1] = 0;
}

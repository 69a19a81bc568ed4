// A tar reader for comparing layers byte for byte: names and link targets are kept as
// the bytes the archive holds (PAX records, GNU long names, USTAR name and prefix), and
// owners from PAX records and GNU base-256 fields are read too (tar-stream decodes
// names as UTF-8, losing bytes that are not, and leaves PAX owners aside).

export type TarEntryType = 'file' | 'link' | 'symlink' | 'directory' | 'other';

export interface TarEntry {
  name: Buffer;
  type: TarEntryType;
  /** The mode field: permission bits and file type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: Buffer;
  data: Buffer;
}

const BLOCK = 512;

/** A numeric field: octal, or GNU base-256 when the first byte has its high bit set. */
function numeric(b: Buffer, offset: number, length: number): number {
  if ((b[offset]! & 0x80) !== 0) {
    let v = b[offset]! & 0x7f;
    for (let i = 1; i < length; i++) v = v * 256 + b[offset + i]!;
    return v;
  }
  const s = b
    .subarray(offset, offset + length)
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function cString(b: Buffer, offset: number, length: number): Buffer {
  const field = b.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return Buffer.from(end === -1 ? field : field.subarray(0, end));
}

/** PAX records as key → raw value bytes. */
function paxRecords(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let rest = data;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = Number(rest.subarray(0, space).toString('latin1'));
    if (space <= 0 || !Number.isInteger(length) || length <= space) break;
    const record = rest.subarray(space + 1, length - 1);
    const eq = record.indexOf(0x3d);
    out.set(record.subarray(0, eq).toString('latin1'), Buffer.from(record.subarray(eq + 1)));
    rest = rest.subarray(length);
  }
  return out;
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'link',
  '2': 'symlink',
  '5': 'directory',
};

/** The entries of an uncompressed tar. */
export function parseTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let pax = new Map<string, Buffer>();
  let longName: Buffer | undefined;
  let longLink: Buffer | undefined;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((x) => x === 0)) break;
    const typeflag = String.fromCharCode(h[156]!);
    let size = numeric(h, 124, 12);
    if (pax.has('size')) size = Number(pax.get('size')!.toString('latin1'));
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L' || typeflag === 'K') {
      const value = cString(data, 0, data.length);
      if (typeflag === 'L') longName = value;
      else longLink = value;
      continue;
    }
    let name = cString(h, 0, 100);
    const ustar = h.subarray(257, 263).toString('latin1') === 'ustar\0';
    if (ustar && h[345] !== 0) name = Buffer.concat([cString(h, 345, 155), Buffer.from('/'), name]);
    const num = (key: string, offset: number) =>
      pax.has(key) ? Number(pax.get(key)!.toString('latin1')) : numeric(h, offset, 8);
    entries.push({
      name: pax.get('path') ?? longName ?? name,
      type: TYPES[typeflag] ?? 'other',
      mode: numeric(h, 100, 8),
      uid: num('uid', 108),
      gid: num('gid', 116),
      size,
      mtime: numeric(h, 136, 12),
      linkname: pax.get('linkpath') ?? longLink ?? cString(h, 157, 100),
      data: Buffer.from(data),
    });
    pax = new Map();
    longName = undefined;
    longLink = undefined;
  }
  return entries;
}

/** A name for messages and comparison: the UTF-8 text, with `\xNN` for bytes that are not. */
export function showBytes(b: Buffer): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const len = utf8Length(b, i);
    if (len === 0) {
      out += `\\x${b[i]!.toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += b.subarray(i, i + len).toString('utf8');
      i += len;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i`, 0 when the byte does not start one. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i]!;
  const len =
    c < 0x80
      ? 1
      : c >= 0xc2 && c <= 0xdf
        ? 2
        : c >= 0xe0 && c <= 0xef
          ? 3
          : c >= 0xf0 && c <= 0xf4
            ? 4
            : 0;
  if (len <= 1) return len;
  if (i + len > b.length) return 0;
  for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  // Overlong, surrogate and out-of-range forms: what TextDecoder would refuse.
  const roundTrip = Buffer.from(b.subarray(i, i + len).toString('utf8'), 'utf8');
  return roundTrip.equals(b.subarray(i, i + len)) ? len : 0;
}

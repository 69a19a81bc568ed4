/**
 * Reading a tar with its names as bytes: every reader of archives and layers takes its
 * extractor from here. A name becomes the build's string of its bytes (raw-names.ts),
 * whether the archive holds it in the USTAR or GNU header or in a PAX record, so that a
 * name that is not UTF-8 keeps its bytes, as Docker and BuildKit keep them.
 */
import * as tarStream from 'tar-stream';

import { nameFromBytes } from '../util/raw-names.js';

/** The parts of tar-stream's (3.x) extractor that rawPaxNames reaches. */
interface ExtractInternals {
  _header: { type?: string } | null;
  _pax: Record<string, string> | null;
  _paxGlobal: Record<string, string> | null;
  _decodeLongHeader: (buf: Buffer) => void;
}

/** A tar-stream extractor whose names are bytes (read them with memberName). */
export function extractTar(): tarStream.Extract {
  // Header names as Latin-1, that is as bytes, which memberName turns into the build's names.
  const extract = tarStream.extract({ filenameEncoding: 'latin1' } as object);
  rawPaxNames(extract as unknown as ExtractInternals);
  return extract;
}

/**
 * A member's name or link target as the build's string, from a header of extractTar:
 * a PAX record's (already the build's string), else the header's bytes.
 */
export function memberName(
  h: tarStream.Header,
  record: 'path' | 'linkpath',
  value: string,
): string {
  const pax = (h.pax ?? {}) as Record<string, string | undefined>;
  if (pax[record] !== undefined) return pax[record];
  return nameFromBytes(Buffer.from(value, 'latin1'));
}

/**
 * Why this reaches inside tar-stream: it decodes a PAX extended header as UTF-8 text
 * (headers.js decodePax), so a name's bytes that are not UTF-8 become U+FFFD for good,
 * and no option keeps them; yet Go's archive/tar (Docker, BuildKit) writes every name
 * that is not ASCII in such a record, as its bytes. Its extractor hands the header's
 * whole data to `_decodeLongHeader`; after it, the path and linkpath records are read
 * again here from those bytes. A tar-stream without that method fails every read
 * (tests included) rather than lose names quietly.
 */
function rawPaxNames(x: ExtractInternals): void {
  const decode = x._decodeLongHeader;
  if (typeof decode !== 'function') {
    throw new Error('tar-stream has changed: its extractor has no _decodeLongHeader');
  }
  x._decodeLongHeader = (buf: Buffer): void => {
    decode.call(x, buf);
    const type = x._header?.type;
    const records =
      type === 'pax-header' ? x._pax : type === 'pax-global-header' ? x._paxGlobal : null;
    if (records) Object.assign(records, paxNames(buf));
  };
}

/**
 * The path and linkpath records of a PAX extended header, from its bytes: records
 * `<length> <key>=<value>\n`, read as tar-stream reads them (it stops where they do not
 * parse, so a record here is one it read too).
 */
function paxNames(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = data;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = space > 0 ? parseInt(rest.subarray(0, space).toString(), 10) : 0;
    if (!length) break;
    const record = rest.subarray(space + 1, length - 1);
    const eq = record.indexOf(0x3d);
    if (eq === -1) break;
    const key = record.subarray(0, eq).toString();
    if (key === 'path' || key === 'linkpath') out[key] = nameFromBytes(record.subarray(eq + 1));
    rest = rest.subarray(length);
  }
  return out;
}

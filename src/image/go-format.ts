/**
 * Text as Go's standard library writes it, for configs and history entries that match
 * BuildKit's byte for byte: encoding/json (struct fields in the order given, maps with
 * their keys in byte order, `<`, `>`, `&`, U+2028 and U+2029 escaped), strconv.Quote
 * and time.Duration.String.
 */

/** time.Duration.String: `0s`, `1.5s`, `1m30s`, `1h0m0s`, `500ms`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    const [unit, scale] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    out = `${fraction(u, scale)}${unit}`;
  } else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    out = `${fraction(u, 1e9)}s`;
    if (h > 0) out = `${h}h${m}m${out}`;
    else if (m > 0) out = `${m}m${out}`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: number, scale: number): string {
  const whole = Math.floor(v / scale);
  const rest = v - whole * scale;
  if (rest === 0) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's `%q` of a []string: `["a" "b"]` with strconv.Quote escaping. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** strconv.Quote for the characters that occur in commands. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0xa0 || c === 0xad || (c >= 0xd800 && c <= 0xdfff)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** A JSON object whose keys are written in byte order (a Go map). */
class SortedMap {
  constructor(readonly entries: Record<string, unknown>) {}
}

/** Marks an object to be written by goJson as a Go map: keys in byte order. */
export function jsonMap(o: Record<string, unknown>): unknown {
  return new SortedMap(o);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Writes JSON like Go's encoding/json: struct key order as given, maps sorted, HTML-safe. */
export function goJson(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof SortedMap) {
    const keys = Object.keys(v.entries).sort(byteOrder);
    return `{${keys.map((k) => `${goString(k)}:${goJson(v.entries[k])}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  switch (typeof v) {
    case 'string':
      return goString(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Error('Cannot serialize a non-finite number');
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      const parts: string[] = [];
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        if (val === undefined) continue;
        parts.push(`${goString(k)}:${goJson(val)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new Error(`Cannot serialize ${typeof v}`);
  }
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

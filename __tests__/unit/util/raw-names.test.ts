import { describe, expect, it } from 'vitest';

import { compareNames, fsPath, nameFromBytes, nameToBytes } from '../../../src/util/raw-names.js';

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('names as bytes', () => {
  it('gives back the bytes of names that are not valid UTF-8', () => {
    for (const b of [
      bytes('caf', [0xe9], '.txt'),
      bytes('bad', [0xff, 0xfe], 'name.txt'),
      bytes([0xed, 0xa0, 0x80]), // an encoded surrogate
      bytes([0xc0, 0xaf]), // an overlong slash
      bytes('é', [0xe9], '😀', [0x80]),
      bytes([0xf0, 0x9f, 0x98]), // a truncated sequence
    ]) {
      const name = nameFromBytes(b);
      expect(name).not.toContain('\ufffd');
      expect(nameToBytes(name)).toEqual(b);
      expect(Buffer.from(fsPath(name))).toEqual(b);
    }
  });

  it('reads valid UTF-8 as usual, U+FFFD and astral characters included', () => {
    for (const s of ['plain.txt', 'été ünïcödé', '\ufffd', '😀💀', '']) {
      expect(nameFromBytes(Buffer.from(s))).toBe(s);
      expect(nameToBytes(s)).toEqual(Buffer.from(s));
      expect(fsPath(s)).toBe(s);
    }
  });

  it('orders names by their bytes', () => {
    const latin = nameFromBytes(bytes('caf', [0xe9]));
    expect(compareNames('café', latin)).toBeLessThan(0); // c3 a9 < e9
    expect(compareNames(latin, 'caf\u{10000}')).toBeLessThan(0); // e9 < f0
    expect(compareNames('a', 'a')).toBe(0);
  });
});

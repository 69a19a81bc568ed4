/**
 * The one rule for what the runner takes as a workflow command, held against a model of
 * the runner (its .NET trimming and line splitting), character by character.
 */
import { describe, expect, it } from 'vitest';
import { isCommandLine, looksLikeCommand, neutralise } from '../../../src/util/neutralise.js';
import {
  DOTNET_WHITE_SPACE,
  dotnetTrimStart,
  runnerCommands,
} from '../../fixtures/runner-commands.js';

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Lines a hostile value would print, each after the character under test. */
const ATTACKS = [
  (c: string) => `${c}::warning::forged`,
  (c: string) => `${c}${c}::save-state name=partialFiles::["/some/dir"]`,
  (c: string) => `linux/amd64\r${c}::warning::after a lone CR`,
  (c: string) => `linux/amd64\r\n${c} ::add-mask::x`,
  (c: string) => `linux/amd64\n${c}::error title=t::after LF`,
];

describe('the runner model', () => {
  it('trims exactly the characters .NET calls white space', () => {
    // The list .NET documents for char.IsWhiteSpace: 25 characters.
    expect(DOTNET_WHITE_SPACE.map(hex)).toEqual([
      ...['U+0009', 'U+000A', 'U+000B', 'U+000C', 'U+000D', 'U+0020', 'U+0085', 'U+00A0'],
      ...['U+1680', 'U+2000', 'U+2001', 'U+2002', 'U+2003', 'U+2004', 'U+2005', 'U+2006'],
      ...['U+2007', 'U+2008', 'U+2009', 'U+200A', 'U+2028', 'U+2029', 'U+202F', 'U+205F'],
      'U+3000',
    ]);
    expect(dotnetTrimStart('\u0085\u00a0::x')).toBe('::x');
    expect(dotnetTrimStart('\ufeff::x')).toBe('\ufeff::x');
  });

  it('splits lines as StreamReader.ReadLine does: LF, CR alone, CR LF', () => {
    expect(runnerCommands('a\r::warning::1\r\n::warning::2\n::warning::3')).toHaveLength(3);
    // U+2028 and U+0085 end no line: the line starts with "a".
    expect(runnerCommands('a\u2028::warning::x\u0085::warning::y')).toEqual([]);
  });
});

describe('isCommandLine', () => {
  it.each(DOTNET_WHITE_SPACE.map((c) => [hex(c), c]))(
    'takes %s then :: as a command, as the runner does',
    (_name, code) => {
      const c = String.fromCharCode(code);
      expect(isCommandLine(`${c}::warning::x`)).toBe(true);
      for (const attack of ATTACKS) {
        const text = attack(c);
        expect(runnerCommands(text), 'the model runs it').not.toEqual([]);
        expect(looksLikeCommand(text)).toBe(true);
        expect(runnerCommands(neutralise(text))).toEqual([]);
        expect(neutralise(text)).toContain(text);
      }
    },
  );

  it('fences every line the runner would run, whatever character of the BMP leads it', () => {
    const missed: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const attack of ATTACKS) {
        const text = attack(c);
        if (runnerCommands(neutralise(text)).length > 0) missed.push(`${hex(code)}: ${text}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('fences, as a margin, lines led by characters other parsers call white space', () => {
    for (const c of ['\u001c', '\u001f', '\u180e', '\u200b', '\u2060', '\ufeff']) {
      expect(isCommandLine(`${c}::warning::x`), hex(c.charCodeAt(0))).toBe(true);
    }
  });

  it('takes the old ##[ form anywhere on a line', () => {
    expect(isCommandLine('see ##[add-mask]x')).toBe(true);
    expect(runnerCommands(neutralise('see ##[add-mask]x'))).toEqual([]);
  });

  it('leaves ordinary text alone: :: not at the start, # without [', () => {
    for (const text of ['Image: docker.io/alice/hello :: ok', 'x::y', '## Heading', 'a\n#[x]']) {
      expect(looksLikeCommand(text), text).toBe(false);
      expect(neutralise(text)).toBe(text);
    }
  });
});

/**
 * The readme as Docker Hub's page shows it: relative links and images made absolute on
 * GitHub at the commit, and a readme longer than Docker Hub keeps cut at a heading with a
 * link to the full one, measured in UTF-8 bytes.
 */
import { describe, expect, it, vi } from 'vitest';
import { fitReadme, utf8Prefix } from '../../../src/registry/hub-readme-cut.js';
import { absoluteLinks, readmeUrl } from '../../../src/registry/hub-readme-links.js';

const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const AT = {
  server: 'https://github.com',
  repository: 'alice/hello',
  sha: SHA,
  path: 'docs/README.md',
};
const BLOB = `https://github.com/alice/hello/blob/${SHA}`;
const RAW = `https://github.com/alice/hello/raw/${SHA}`;

describe('relative links made absolute', () => {
  it.each([
    ['a link beside the readme', '[guide](guide.md)', `[guide](${BLOB}/docs/guide.md)`],
    ['./ is the same', '[g](./guide.md)', `[g](${BLOB}/docs/guide.md)`],
    ['a link up one', 'see [license](../LICENSE).', `see [license](${BLOB}/LICENSE).`],
    ['above the root: left', '[x](../../up.md)', '[x](../../up.md)'],
    ['from the root', '[c](/CONTRIBUTING.md)', `[c](${BLOB}/CONTRIBUTING.md)`],
    [
      'a fragment and query kept',
      '[s](setup.md?plain=1#install)',
      `[s](${BLOB}/docs/setup.md?plain=1#install)`,
    ],
    ['a title kept', '[s](setup.md "Setup")', `[s](${BLOB}/docs/setup.md "Setup")`],
    ['an image is raw', '![logo](img/logo.png)', `![logo](${RAW}/docs/img/logo.png)`],
    ['an image up one', '![l](../logo.svg "L")', `![l](${RAW}/logo.svg "L")`],
    ['a badge in a link', '[![b](b.svg)](../CI.md)', `[![b](${RAW}/docs/b.svg)](${BLOB}/CI.md)`],
    ['an anchor: left', '[up](#top)', '[up](#top)'],
    ['an absolute URL: left', '[x](https://example.com/a.md)', '[x](https://example.com/a.md)'],
    ['protocol-relative: left', '![x](//cdn.example.com/a.png)', '![x](//cdn.example.com/a.png)'],
    ['mailto: left', '[mail](mailto:alice@example.com)', '[mail](mailto:alice@example.com)'],
    ['a code span: left', '`[x](a.md)` and [y](b.md)', `\`[x](a.md)\` and [y](${BLOB}/docs/b.md)`],
    ['a double-backtick span: left', '``[x](a.md) ` ``', '``[x](a.md) ` ``'],
    ['code in link text', '[`run`](run.md)', `[\`run\`](${BLOB}/docs/run.md)`],
    ['an escaped bracket: no link', '\\[x](a.md)', '\\[x](a.md)'],
    ['angle brackets, a space', '[x](<my file.md>)', `[x](<${BLOB}/docs/my%20file.md>)`],
    ['parentheses in a path', '[x](a(1).md)', `[x](${BLOB}/docs/a(1).md)`],
    ['a directory', '[ex](../examples/)', `[ex](${BLOB}/examples/)`],
    ['the root itself', '[home](../)', `[home](https://github.com/alice/hello/tree/${SHA})`],
    ['html img', '<img src="logo.png" width="80">', `<img src="${RAW}/docs/logo.png" width="80">`],
    [
      'an unclosed tag does not swallow the next one',
      '<a x <img src="logo.png">',
      `<a x <img src="${RAW}/docs/logo.png">`,
    ],
    ['html img, single quotes', "<IMG alt=x src='../a.png'>", `<IMG alt=x src='${RAW}/a.png'>`],
    ['html a', '<a href="../LICENSE">L</a>', `<a href="${BLOB}/LICENSE">L</a>`],
    [
      'html img absolute: left',
      '<img src="https://x.test/a.png">',
      '<img src="https://x.test/a.png">',
    ],
    ['html in a code span: left', '`<img src="a.png">`', '`<img src="a.png">`'],
    ['an escaped bang: a link', '\\![x](a.png)', `\\![x](${BLOB}/docs/a.png)`],
    ['a lone backtick is literal', 'a ` b [x](a.md)', `a \` b [x](${BLOB}/docs/a.md)`],
    ['link text over two lines', '[two\nlines](a.md)', `[two\nlines](${BLOB}/docs/a.md)`],
    ['a code span over two lines', '`[x](a.md)\n[y](b.md)`', '`[x](a.md)\n[y](b.md)`'],
    [
      'CRLF line endings',
      '[x](a.md)\r\n![y](b.png)',
      `[x](${BLOB}/docs/a.md)\r\n![y](${RAW}/docs/b.png)`,
    ],
    [
      'indented code: left',
      'para\n\n    [x](a.md)\n\n    [y](b.md)',
      'para\n\n    [x](a.md)\n\n    [y](b.md)',
    ],
    [
      'an indented paragraph line: rewritten',
      'para\n    [x](a.md)',
      `para\n    [x](${BLOB}/docs/a.md)`,
    ],
    [
      'a list item continued',
      '1. step\n\n    see [x](a.md)',
      `1. step\n\n    see [x](${BLOB}/docs/a.md)`,
    ],
    ['code after a list', '- a\n\nb\n\n    [x](a.md)', '- a\n\nb\n\n    [x](a.md)'],
    ['a data: URL: left', '![x](data:image/png;base64,AAAA)', '![x](data:image/png;base64,AAAA)'],
  ])('%s', (_, text, expected) => {
    expect(absoluteLinks(`${text}\n`, AT)).toBe(`${expected}\n`);
  });

  it('leaves fenced code blocks alone, backticks and tildes, until the fence closes', () => {
    const text = [
      '```md',
      '[a](a.md) ![b](b.png)',
      '```',
      '[c](c.md)',
      '~~~~',
      '[d](d.md) <img src="d.png">',
      '~~~',
      '[e](e.md)',
      '~~~~',
      '[f](f.md)',
      '',
    ].join('\n');
    expect(absoluteLinks(text, AT)).toBe(
      [
        '```md',
        '[a](a.md) ![b](b.png)',
        '```',
        `[c](${BLOB}/docs/c.md)`,
        '~~~~',
        '[d](d.md) <img src="d.png">',
        '~~~',
        '[e](e.md)',
        '~~~~',
        `[f](${BLOB}/docs/f.md)`,
        '',
      ].join('\n'),
    );
  });

  it('rewrites reference definitions: raw for images, blob for links', () => {
    const text = [
      'Read [the guide][guide], see ![the logo][logo] and [Setup].',
      '',
      '[guide]: guide.md "The guide"',
      '  [LOGO]: <img/logo one.png>',
      '[setup]: ../SETUP.md#first',
      '[web]: https://example.com',
      '[up]: ../../x.md',
      '',
      '```',
      '[code]: code.md',
      '```',
      '',
    ].join('\n');
    expect(absoluteLinks(text, AT)).toBe(
      [
        'Read [the guide][guide], see ![the logo][logo] and [Setup].',
        '',
        `[guide]: ${BLOB}/docs/guide.md "The guide"`,
        `  [LOGO]: <${RAW}/docs/img/logo%20one.png>`,
        `[setup]: ${BLOB}/SETUP.md#first`,
        '[web]: https://example.com',
        '[up]: ../../x.md',
        '',
        '```',
        '[code]: code.md',
        '```',
        '',
      ].join('\n'),
    );
  });

  // A browser reads %2e as ".", "\\" as "/", drops tabs and newlines; markdown reads
  // "\\." as ".": each of these spellings of ".." would lead above the repository.
  it.each([
    ['percent-encoded dots', '[x](%2e%2e/%2E%2e/.%2e/%2e./%2e%2e/evil)'],
    ['backslashes', '[x](..\\..\\..\\..\\..\\evil)'],
    ['markdown escapes', '[x](\\.\\./\\.\\./\\.\\./\\.\\./\\.\\./evil)'],
    ['a tab in angle brackets', '[x](<.\t./.\t./.\t./.\t./.\t./evil>)'],
    ['html, percent-encoded', '<a href=".%2E/.%2E/.%2E/.%2E/.%2E/evil">e</a>'],
    ['html, backslashes', '<a href="..\\..\\..\\..\\..\\evil">e</a>'],
    ['html, a newline', '<img src=".\n./.\n./.\n./.\n./.\n./evil.png">'],
  ])('leaves a path that a reader would take above the root alone: %s', (_what, md) => {
    const out = absoluteLinks(md, AT);
    for (const [url] of out.matchAll(/https:\/\/github\.com[^\s)"'>]*/g)) {
      const read = new URL(url.replace(/\\([!-/:-@[-`{-~])/g, '$1'));
      expect(read.pathname).toMatch(/^\/alice\/hello\//);
    }
    expect(out).toBe(md);
  });

  it('a readme at the root resolves from the root; ../ there is left', () => {
    const root = { ...AT, path: 'README.md' };
    expect(absoluteLinks('[a](docs/a.md) [b](../b.md)\n', root)).toBe(
      `[a](${BLOB}/docs/a.md) [b](../b.md)\n`,
    );
  });

  it('the full readme URL has each path segment escaped', () => {
    expect(readmeUrl({ ...AT, path: 'docs/my (old) notes.md' })).toBe(
      `${BLOB}/docs/my%20%28old%29%20notes.md`,
    );
  });
});

describe('a readme cut to fit', () => {
  const URL = `${BLOB}/README.md`;
  const LAST = `[Read the full README on GitHub.](${URL})\n`;
  const NOTE = '*This is the beginning of the README; the rest did not fit on Docker Hub.*\n';
  const [A, B, C] = ['a', 'b', 'c'].map((c) => c.repeat(400));
  const bytes = (s: string) => Buffer.byteLength(s);

  it('is sent whole when it fits', () => {
    expect(fitReadme('# A\n\ntext\n', 100, URL)).toEqual({ text: '# A\n\ntext\n' });
  });

  it('is cut before the last heading that fits with the link line', () => {
    const text = `# A\n\n${A}\n\n## B\n\n${B}\n\n## C\n\n${C}\n`;
    const upToC = `# A\n\n${A}\n\n## B\n\n${B}\n\n${LAST}`;
    const fitted = fitReadme(text, bytes(upToC), URL);
    expect(fitted.text).toBe(upToC);
    expect(fitted.cut).toEqual({
      before: bytes(text),
      after: bytes(upToC),
      at: 'heading',
      heading: '## C',
    });
    // One byte less: the cut moves up to the heading before.
    expect(fitReadme(text, bytes(upToC) - 1, URL).text).toBe(`# A\n\n${A}\n\n${LAST}`);
  });

  it('never cuts at a heading inside a fenced code block', () => {
    const text = `# A\n\n${A}\n\n\`\`\`sh\n# not a heading\n${B}\n\`\`\`\n\n${C}\n`;
    const max = bytes(`# A\n\n${A}\n\n\`\`\`sh\n# not a heading\n\n${LAST}`);
    const fitted = fitReadme(text, max, URL);
    expect(fitted.cut?.at).toBe('paragraph');
    expect(fitted.text).toBe(`# A\n\n${A}\n\n${LAST}`);
  });

  it('without a heading that fits, cuts at the last paragraph that fits', () => {
    const text = `${A}\n\n${B}\n\n${C}\n`;
    const kept = `${A}\n\n${B}\n\n${LAST}`;
    expect(fitReadme(text, bytes(kept) + 50, URL)).toEqual({
      text: kept,
      cut: { before: bytes(text), after: bytes(kept), at: 'paragraph', heading: undefined },
    });
  });

  it('without a location, ends with a note instead of the link', () => {
    const text = `# A\n\n${A}\n\n## B\n\n${B}\n`;
    expect(fitReadme(text, 500).text).toBe(`# A\n\n${A}\n\n${NOTE}`);
  });

  it('measures in UTF-8 bytes and never cuts a character in two', () => {
    // "é" is 2 bytes, "😀" 4: one paragraph, no place but a character to cut at.
    const text = `${'é😀'.repeat(40)}\n`;
    const room = 2 + 4 + 2 + 1; // three characters and one byte of the next
    const fitted = fitReadme(text, room + bytes(`\n\n${NOTE}`));
    expect(fitted.text).toBe(`é😀é\n\n${NOTE}`);
    expect(fitted.cut?.at).toBe('character');
    expect(utf8Prefix('é😀', 5)).toBe('é');
    expect(utf8Prefix('é😀', 6)).toBe('é😀');
  });

  it('a heading on the first line is no place to cut (nothing would be left)', () => {
    const text = `# Only\n\n${A}${B}\n`;
    const fitted = fitReadme(text, 200, URL);
    expect(fitted.cut?.at).toBe('paragraph');
    expect(fitted.text).toBe(`# Only\n\n${LAST}`);
  });
});

describe('a crafted readme costs work in proportion to its length', () => {
  /** How many characters the link scanner examines (it tests each against /\\s/). */
  function examined(text: string): number {
    const test = vi.spyOn(RegExp.prototype, 'test');
    try {
      absoluteLinks(text, AT);
      return test.mock.calls.length;
    } finally {
      test.mockRestore();
    }
  }

  it('an unclosed link destination on every few characters is not read again from each', () => {
    // Each "](" starts a destination whose "(" nests deeper: read to the end from each.
    const small = examined('[](#'.repeat(150));
    const large = examined('[](#'.repeat(600));
    expect(large).toBeLessThan(small * 6);
  });

  it('pairs backtick runs without comparing each with all before it', () => {
    // Code spans are found by pairing runs of equal length: count the comparisons.
    const { findIndex } = Array.prototype;
    let compared = 0;
    const spy = vi.spyOn(Array.prototype, 'findIndex').mockImplementation(function (
      this: unknown[],
      predicate: (v: unknown, i: number, a: unknown[]) => unknown,
    ) {
      return findIndex.call(this, (v: unknown, i: number, a: unknown[]) => {
        compared++;
        return predicate(v, i, a);
      });
    });
    const count = (text: string): number => {
      compared = 0;
      absoluteLinks(text, AT);
      return compared;
    };
    try {
      // 2000 runs: a few comparisons each, not one with every other.
      expect(count('`x'.repeat(2000))).toBeLessThanOrEqual(2000 * 6);
    } finally {
      spy.mockRestore();
    }
  });

  it('takes no "<" into an angle-bracket destination (CommonMark)', () => {
    expect(absoluteLinks('[x](<a<b.md>)', AT)).toBe('[x](<a<b.md>)');
    expect(absoluteLinks('[x](<a b.md>)', AT)).toBe(`[x](<${BLOB}/docs/a%20b.md>)`);
  });

  it('takes no destination nested more than 32 parentheses deep (as cmark)', () => {
    const deep = `[x](${'('.repeat(33)}a${')'.repeat(33)})`;
    expect(absoluteLinks(deep, AT)).toBe(deep);
    const ok = `${'('.repeat(32)}a${')'.repeat(32)}`;
    expect(absoluteLinks(`[x](${ok})`, AT)).toBe(`[x](${BLOB}/docs/${ok})`);
  });
});

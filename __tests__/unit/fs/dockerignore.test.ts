import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/core/errors.js';
import { createMatcher, parseDockerignore } from '../../../src/fs/dockerignore.js';

function ignored(patterns: string[], path: string, isDir = false): boolean {
  return createMatcher(patterns).ignores(path, isDir);
}

describe('parseDockerignore', () => {
  it('reads patterns as moby ignorefile.ReadAll does', () => {
    const content = [
      'test1',
      '/test2',
      '/a/file/here',
      '',
      'lastfile',
      '# this is a comment',
      '! /inverted/abs/path',
      '!',
      '! ',
    ].join('\n');
    expect(parseDockerignore(content)).toEqual([
      'test1',
      'test2',
      'a/file/here',
      'lastfile',
      '!inverted/abs/path',
      '!',
      '!',
    ]);
  });

  it.each([
    ['trims spaces', '  foo  \n\tbar\t', ['foo', 'bar']],
    ['cleans paths', './a//b/../c/\ndir/\n/', ['a/c', 'dir', '/']],
    ['keeps .. that escape', '../x\n/../y', ['../x', 'y']],
    ['a # after spaces is a pattern', '  # not a comment', ['# not a comment']],
    ['CRLF and BOM', '\uFEFFnode_modules\r\n!keep\r\n', ['node_modules', '!keep']],
    ['empty', '', []],
    ['only comments', '# a\n\n#b\n', []],
  ])('%s', (_name, text, patterns) => {
    expect(parseDockerignore(text)).toEqual(patterns);
  });
});

describe('single patterns (moby/patternmatcher TestMatches)', () => {
  it.each([
    ['**', 'file', true],
    ['**', 'file/', true],
    ['**/', 'file', true],
    ['**/', 'file/', true],
    ['**', 'dir/file', true],
    ['**/', 'dir/file', true],
    ['**', 'dir/file/', true],
    ['**/**', 'dir/file', true],
    ['**/**', 'dir/file/', true],
    ['dir/**', 'dir/file', true],
    ['dir/**', 'dir/file/', true],
    ['dir/**', 'dir/dir2/file', true],
    ['dir/**', 'dir/dir2/file/', true],
    ['**/dir', 'dir', true],
    ['**/dir', 'dir/file', true],
    ['**/dir2/*', 'dir/dir2/file', true],
    ['**/dir2/*', 'dir/dir2/file/', true],
    ['**/dir2/**', 'dir/dir2/dir3/file', true],
    ['**/dir2/**', 'dir/dir2/dir3/file/', true],
    ['**file', 'file', true],
    ['**file', 'dir/file', true],
    ['**/file', 'dir/file', true],
    ['**file', 'dir/dir/file', true],
    ['**/file', 'dir/dir/file', true],
    ['**/file*', 'dir/dir/file', true],
    ['**/file*', 'dir/dir/file.txt', true],
    ['**/file*txt', 'dir/dir/file.txt', true],
    ['**/file*.txt', 'dir/dir/file.txt', true],
    ['**/file*.txt*', 'dir/dir/file.txt', true],
    ['**/**/*.txt', 'dir/dir/file.txt', true],
    ['**/**/*.txt2', 'dir/dir/file.txt', false],
    ['**/*.txt', 'file.txt', true],
    ['**/**/*.txt', 'file.txt', true],
    ['a**/*.txt', 'a/file.txt', true],
    ['a**/*.txt', 'a/dir/file.txt', true],
    ['a**/*.txt', 'a/dir/dir/file.txt', true],
    ['a/*.txt', 'a/dir/file.txt', false],
    ['a/*.txt', 'a/file.txt', true],
    ['a/*.txt**', 'a/file.txt', true],
    ['a[b-d]e', 'ae', false],
    ['a[b-d]e', 'ace', true],
    ['a[b-d]e', 'aae', false],
    ['a[^b-d]e', 'aze', true],
    ['.*', '.foo', true],
    ['.*', 'foo', false],
    ['abc.def', 'abcdef', false],
    ['abc.def', 'abc.def', true],
    ['abc.def', 'abcZdef', false],
    ['abc?def', 'abcZdef', true],
    ['abc?def', 'abcdef', false],
    ['**/foo/bar', 'foo/bar', true],
    ['**/foo/bar', 'dir/foo/bar', true],
    ['**/foo/bar', 'dir/dir2/foo/bar', true],
    ['abc/**', 'abc', false],
    ['abc/**', 'abc/def', true],
    ['abc/**', 'abc/def/ghi', true],
    ['**/.foo', '.foo', true],
    ['**/.foo', 'bar.foo', false],
    ['a(b)c/def', 'a(b)c/def', true],
    ['a(b)c/def', 'a(b)c/xyz', false],
    ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
    [
      'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl',
      'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl',
      true,
    ],
    ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
    ['a\\\\', 'a\\', true],
    ['a\\*b', 'a*b', true],
  ])('%s vs %s → %s', (pattern, path, want) => {
    expect(ignored([pattern], path)).toBe(want);
  });
});

describe('filepath.Match syntax (Go matchTests)', () => {
  it.each([
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ab/c', true],
    ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^b-d]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['a[^a][^a][^a]b', 'a☺b', false],
    ['[a-ζ]*', 'α', true],
    ['*[a-ζ]', 'A', false],
    ['a?b', 'a/b', false],
    ['a*b', 'a/b', false],
    ['[\\]a]', ']', true],
    ['[\\-]', '-', true],
    ['[x\\-]', 'x', true],
    ['[x\\-]', '-', true],
    ['[x\\-]', 'z', false],
    ['[\\-x]', 'x', true],
    ['[\\-x]', '-', true],
    ['[\\-x]', 'a', false],
    ['*x', 'xxx', true],
  ])('%s vs %s → %s', (pattern, path, want) => {
    expect(ignored([pattern], path)).toBe(want);
  });

  it.each(['[]a]', '[-]', '[x-]', '[-x]', '\\', '[a-b-c]', '[', '[^', '[^bc', 'a[', 'ok/[z'])(
    'rejects the bad pattern %j',
    (pattern) => {
      expect(() => createMatcher([pattern])).toThrow(ActionError);
      expect(() => createMatcher([pattern])).toThrow(/invalid pattern/);
    },
  );

  it('rejects a lone exception mark', () => {
    expect(() => createMatcher(['!'])).toThrow(/illegal exclusion pattern/);
    expect(() => createMatcher(parseDockerignore('foo\n! \n'))).toThrow(
      /illegal exclusion pattern/,
    );
  });
});

describe('pattern lists', () => {
  it.each([
    // moby multi-pattern cases
    [['**', '!util/docker/web'], 'util/docker/web/foo', false],
    [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
    [
      ['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'],
      'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl',
      false,
    ],
    [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
    // exceptions and order
    [['*.go'], 'fileutils.go', true],
    [['!fileutils.go', '*.go'], 'fileutils.go', true],
    [['*.go', '!fileutils.go'], 'fileutils.go', false],
    [['docs', '!docs/README.md'], 'docs/README.md', false],
    [['docs', '!docs/README.md'], 'docs/other.md', true],
    [['docs/', '!docs/README.md'], 'docs/README.md', false],
    [['docs/*', '!docs/README.md'], 'docs/README.md', false],
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGELOG.md', true],
    [['*.md', '!README.md'], 'docs/guide.md', false],
    [['**/*.md', '!README.md'], 'docs/guide.md', true],
    [['**/*.md', '!**/README.md'], 'docs/README.md', false],
    [['!README.md', '*.md'], 'README.md', true],
    [['*', '!keep'], 'keep', false],
    [['*', '!keep'], 'keep/inner/file', false],
    [['*', '!keep'], 'other/file', true],
    [['*', '!keep', 'keep/secret'], 'keep/secret', true],
    // directories cover what is under them
    [['foo'], 'foo/bar', true],
    [['foo'], 'foo', true],
    [['foo'], 'foobar', false],
    [['foo'], 'x/foo', false],
    [['**/foo'], 'x/foo/y', true],
    [['dir/'], 'dir/file', true],
    [['**/*.go'], 'a/b/c.go', true],
    [['**/*.go'], 'c.go', true],
    [['**/*.go'], 'c.go2', false],
    [['node_modules', '.git'], '.git/HEAD', true],
    [[], 'anything', false],
  ])('%j vs %s → %s', (patterns, path, want) => {
    expect(ignored(patterns, path)).toBe(want);
  });

  it.each([
    ['/abs\n', 'abs/file', true],
    ['/abs\n', 'x/abs', false],
    ['dir/\n', 'dir/sub/file', true],
    ['# comment\n*.log\n!important.log\n', 'important.log', false],
    ['# comment\n*.log\n!important.log\n', 'debug.log', true],
    ['./build/../dist\n', 'dist/app.js', true],
  ])('.dockerignore %j vs %s → %s', (text, path, want) => {
    expect(ignored(parseDockerignore(text), path)).toBe(want);
  });

  it.each([
    ['./foo/bar', true],
    ['foo/bar/', true],
    ['/foo/bar', true],
    ['.', false],
    ['', false],
    ['/', false],
  ])('normalises the path %j', (path, want) => {
    expect(ignored(['foo'], path)).toBe(want);
  });

  it('never ignores the context root', () => {
    expect(ignored(['**'], '/')).toBe(false);
    expect(ignored(['**'], '.')).toBe(false);
  });

  it('gives the same answers for a directory walk as for single paths', () => {
    const m = createMatcher(['a', '!a/b', 'a/b/c']);
    expect(
      ['a', 'a/x', 'a/b', 'a/b/y', 'a/b/c', 'a/b/c/z'].map((p) => m.ignores(p, false)),
    ).toEqual([true, true, false, false, true, true]);
  });
});

describe('mayIncludeUnder', () => {
  it.each([
    [['node_modules'], 'node_modules', false],
    [['docs', '!docs/README.md'], 'docs', true],
    [['docs', '!docs/README.md'], 'other', false],
    [['a', '!a/b/**'], 'a', true],
    [['a', '!a/b/**'], 'a/b', true],
    [['a', '!a/b/**'], 'a/c', false],
    [['a', '!a/b/*'], 'a/b', true],
    [['ab', '!abc/x'], 'ab', false],
    [['*', '!**/*.go'], 'any/dir', true],
    [['*', '!keep?'], 'other', true],
    [['*', '!keep'], 'keep', true],
    [['*', '!keep'], './keep/', true],
  ])('%j under %s → %s', (patterns, dir, want) => {
    expect(createMatcher(patterns).mayIncludeUnder(dir)).toBe(want);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError, wordHint } from '../../../src/core/errors.js';
import {
  DOCKER_HUB,
  formatReference,
  isValidTag,
  normalizeRegistry,
  parseReference,
  resolveImageName,
  sanitizeTag,
  type ParsedReference,
} from '../../../src/registry/reference.js';

const HEX64 = 'f'.repeat(64);
const D256 = `sha256:${HEX64}`;

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('normalizeRegistry', () => {
  it.each([
    ['', 'docker.io'],
    ['  ', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry.hub.docker.com', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['Docker.IO', 'docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['GHCR.io', 'ghcr.io'],
    [' quay.io\n', 'quay.io'],
    ['localhost', 'localhost'],
    ['localhost:5000', 'localhost:5000'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    ['registry.example.com:443', 'registry.example.com:443'],
    ['[::1]:5000', '[::1]:5000'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['xn--n3h.com', 'xn--n3h.com'],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    ],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeRegistry(input)).toBe(expected);
  });

  it.each([
    ['https://ghcr.io', 'URL'],
    ['http://localhost:5000', 'URL'],
    ['ghcr.io/alice', 'contains "/"'],
    ['-bad.example.com', 'not a host'],
    ['bad-.example.com', 'not a host'],
    ['under_score.io', 'not a host'],
    ['ghcr.io:', 'not a host'],
    ['ghcr.io:port', 'not a host'],
    ['localhost:0', 'outside 1-65535'],
    ['localhost:65536', 'outside 1-65535'],
    ['[fe80::1%eth0]:5000', 'not a host'],
    ['ghcr.io;id', 'not a host'],
    ['$(id).example.com', 'not a host'],
    ['ghcr.io\nquay.io', 'not a host'],
  ])('rejects %j', (input, why) => {
    const e = inputError(() => normalizeRegistry(input));
    expect(e.input).toBe('registry');
    expect(e.message).toContain('Input "registry"');
    expect(e.message).toContain(why);
    expect(e.message).toContain(JSON.stringify(input));
  });
});

describe('resolveImageName', () => {
  const base = {
    image: '',
    registry: 'docker.io',
    username: 'alice',
    repository: 'Alice/hello-world',
  };

  it.each<[string, Partial<typeof base>, string, string[]]>([
    // label, overrides, expected name, expected notice fragments
    ['explicit name', { image: 'alice/hello' }, 'docker.io/alice/hello', []],
    ['default: username/repo name', {}, 'docker.io/alice/hello-world', []],
    [
      'default without username: GITHUB_REPOSITORY, lowercased',
      { username: '' },
      'docker.io/alice/hello-world',
      ['lowercased'],
    ],
    [
      'no namespace on Docker Hub: under username',
      { image: 'hello' },
      'docker.io/alice/hello',
      ['no namespace', '"alice/hello"'],
    ],
    [
      'no namespace, no username: library/',
      { image: 'hello', username: '' },
      'docker.io/library/hello',
      ['"library/hello"'],
    ],
    [
      'uppercase lowercased',
      { image: 'Alice/Hello' },
      'docker.io/alice/hello',
      ['Image name "Alice/Hello" lowercased to "alice/hello"'],
    ],
    ['nested path', { image: 'alice/tools/hello' }, 'docker.io/alice/tools/hello', []],
    ['separators', { image: 'alice/my_app__x.y--z' }, 'docker.io/alice/my_app__x.y--z', []],
    [
      'image host wins over default registry',
      { image: 'ghcr.io/alice/hello' },
      'ghcr.io/alice/hello',
      [],
    ],
    ['host with port', { image: 'localhost:5000/hello' }, 'localhost:5000/hello', []],
    ['bare localhost host', { image: 'localhost/a/b' }, 'localhost/a/b', []],
    ['IP host', { image: '127.0.0.1:5000/a/b' }, '127.0.0.1:5000/a/b', []],
    ['IPv6 host', { image: '[::1]:5000/a' }, '[::1]:5000/a', []],
    [
      'host uppercase lowercased quietly',
      { image: 'GHCR.IO/alice/hello' },
      'ghcr.io/alice/hello',
      [],
    ],
    [
      'index.docker.io in image is Docker Hub',
      { image: 'index.docker.io/alice/x' },
      'docker.io/alice/x',
      [],
    ],
    [
      'docker.io/name goes under username',
      { image: 'docker.io/x' },
      'docker.io/alice/x',
      ['no namespace'],
    ],
    [
      'registry input used',
      { image: 'alice/hello', registry: 'ghcr.io' },
      'ghcr.io/alice/hello',
      [],
    ],
    [
      'registry input matches image host',
      { image: 'ghcr.io/alice/hello', registry: 'GHCR.io' },
      'ghcr.io/alice/hello',
      [],
    ],
    [
      'single component allowed off Docker Hub',
      { image: 'hello', registry: 'localhost:5000' },
      'localhost:5000/hello',
      [],
    ],
    ['default name on another registry', { registry: 'ghcr.io' }, 'ghcr.io/alice/hello-world', []],
    [
      'registry alias normalized',
      { image: 'a/b', registry: 'registry-1.docker.io' },
      'docker.io/a/b',
      [],
    ],
    ['surrounding whitespace trimmed', { image: '  alice/hello\n' }, 'docker.io/alice/hello', []],
    [
      '255-character path accepted',
      { image: `alice/${'a'.repeat(249)}` },
      `docker.io/alice/${'a'.repeat(249)}`,
      [],
    ],
  ])('%s', (_label, over, name, notices) => {
    const { image, notices: got } = resolveImageName({ ...base, ...over });
    expect(image.name).toBe(name);
    expect(`${image.registry}/${image.path}`).toBe(name);
    if (notices.length === 0) expect(got).toEqual([]);
    for (const fragment of notices) expect(got.join('\n')).toContain(fragment);
  });

  it('returns the parts separately', () => {
    expect(resolveImageName({ ...base, image: 'localhost:5000/a/b' }).image).toEqual({
      registry: 'localhost:5000',
      path: 'a/b',
      name: 'localhost:5000/a/b',
    });
  });

  it.each<[string, Partial<typeof base>, string]>([
    [
      'host disagrees with registry input',
      { image: 'ghcr.io/alice/x', registry: 'quay.io' },
      'names registry "ghcr.io", but the registry is "quay.io"',
    ],
    [
      'Docker Hub host disagrees with registry input',
      { image: 'docker.io/alice/x', registry: 'ghcr.io' },
      'names registry "docker.io"',
    ],
    ['tag inside image', { image: 'alice/hello:1.0' }, 'contains a tag'],
    ['tag on single name', { image: 'hello:latest' }, 'contains a tag'],
    ['tag after host', { image: 'localhost:5000/hello:dev' }, 'contains a tag'],
    ['digest inside image', { image: `alice/hello@${D256}` }, 'contains a digest'],
    ['empty component', { image: 'alice//hello' }, 'empty path component'],
    ['trailing slash', { image: 'alice/' }, 'empty path component'],
    ['leading slash', { image: '/alice/hello' }, 'empty path component'],
    ['leading separator', { image: 'alice/-hello' }, '"-hello" is invalid'],
    ['trailing separator', { image: 'alice/hello_' }, '"hello_" is invalid'],
    ['double dot', { image: 'alice/he..llo' }, 'is invalid'],
    ['triple underscore', { image: 'alice/he___llo' }, 'is invalid'],
    ['bad chars', { image: 'alice/héllo' }, 'is invalid'],
    ['space', { image: 'alice/my app' }, 'whitespace'],
    ['too long', { image: `alice/${'a'.repeat(250)}` }, 'at most 255'],
    ['bad host', { image: 'ghcr.io:abc/x' }, 'starts with registry host'],
    [
      'default name invalid (repo name ends with dot-dash)',
      { repository: 'alice/hello-', image: '' },
      'is invalid',
    ],
    ['nothing to derive from', { repository: '', username: '' }, 'is empty'],
  ])('rejects: %s', (_label, over, why) => {
    const e = inputError(() => resolveImageName({ ...base, ...over }));
    expect(e.input).toBe('image');
    expect(e.message).toContain(why);
  });

  it('a derived invalid name points at the image input', () => {
    const e = inputError(() => resolveImageName({ ...base, repository: 'alice/.github' }));
    expect(wordHint(e.hint)).toContain('set "image" to choose');
    const flags = {
      setting: (n: string) => `--${n}`,
      example: (n: string, v: string) => `--${n} ${v}`,
    };
    expect(wordHint(e.hint, flags)).toContain('set --image to choose');
    expect(wordHint(e.hint, flags)).not.toMatch(/input/);
  });

  it('an invalid registry input is a registry error', () => {
    expect(inputError(() => resolveImageName({ ...base, registry: 'https://ghcr.io' })).input).toBe(
      'registry',
    );
  });

  it.each([
    '$(id)',
    'alice/$(id)',
    'alice/`id`',
    'alice/x;rm -rf',
    'alice/x&&id',
    'alice/x|id',
    'alice/x\nid',
    'alice/x\r\n::set-output name=x::y',
    "alice/x'y",
    'alice/x"y',
    'alice/x>y',
    'alice/x\u0000y',
    '../../etc/passwd',
    'alice/${HOME}',
  ])('rejects injection-looking image %j, showing it escaped', (image) => {
    const e = inputError(() => resolveImageName({ ...base, image }));
    expect(e.input).toBe('image');
    expect(e.message).not.toMatch(/[\n\r]/);
    expect(e.message).not.toContain(String.fromCharCode(0));
  });
});

describe('isValidTag', () => {
  it.each([
    'latest',
    'v1.2.3',
    '1.2.3-rc.1',
    '_x',
    'A',
    'sha-0123456',
    'a'.repeat(128),
    'Feature-Foo_bar',
  ])('accepts %j', (tag) => expect(isValidTag(tag)).toBe(true));
  it.each([
    '',
    '-x',
    '.x',
    'a'.repeat(129),
    'a/b',
    'a:b',
    'a@b',
    'a b',
    'a+b',
    '$(id)',
    '`id`',
    'x;id',
    'x\nid',
    'x\n',
    "x'",
    'x"',
    'é',
  ])('rejects %j', (tag) => expect(isValidTag(tag)).toBe(false));
});

describe('sanitizeTag', () => {
  it.each([
    ['main', 'main'],
    ['feature/x', 'feature-x'],
    ['feature/Foo_bar', 'feature-Foo_bar'],
    ['dependabot/npm_and_yarn/x', 'dependabot-npm_and_yarn-x'],
    ['-leading', 'leading'],
    ['.-.leading', 'leading'],
    ['/leading', 'leading'],
    ['a b\tc', 'a-b-c'],
    ['x$(id)', 'x-id-'],
    ['a`b`', 'a-b-'],
    ['a;b', 'a-b'],
    ['a\nb', 'a-b'],
    ['1.2.3+b5', '1.2.3-b5'],
    ['ünï', 'n-'],
    ['', ''],
    ['---', ''],
    ['///', ''],
    ['x'.repeat(200), 'x'.repeat(128)],
  ])('%j -> %j', (raw, expected) => {
    const out = sanitizeTag(raw);
    expect(out).toBe(expected);
    if (out !== '') expect(isValidTag(out)).toBe(true);
  });
});

describe('parseReference', () => {
  // Cases from distribution/reference's reference_test.go and normalize_test.go,
  // with docker's normalization applied (familiar names on docker.io/library).
  it.each<[string, ParsedReference]>([
    ['ubuntu', { registry: 'docker.io', path: 'library/ubuntu' }],
    ['ubuntu:22.04', { registry: 'docker.io', path: 'library/ubuntu', tag: '22.04' }],
    ['alice/x:1', { registry: 'docker.io', path: 'alice/x', tag: '1' }],
    [
      'docker.io/library/redis:latest',
      { registry: 'docker.io', path: 'library/redis', tag: 'latest' },
    ],
    ['docker.io/foo', { registry: 'docker.io', path: 'library/foo' }],
    ['index.docker.io/foo', { registry: 'docker.io', path: 'library/foo' }],
    ['index.docker.io/docker/docker', { registry: 'docker.io', path: 'docker/docker' }],
    ['registry-1.docker.io/alice/x', { registry: 'docker.io', path: 'alice/x' }],
    ['docker.io/library/foo/bar', { registry: 'docker.io', path: 'library/foo/bar' }],
    ['test_com', { registry: 'docker.io', path: 'library/test_com' }],
    ['test.com:tag', { registry: 'docker.io', path: 'library/test.com', tag: 'tag' }],
    ['test.com:5000', { registry: 'docker.io', path: 'library/test.com', tag: '5000' }],
    ['test.com/repo:tag', { registry: 'test.com', path: 'repo', tag: 'tag' }],
    ['test:5000/repo', { registry: 'test:5000', path: 'repo' }],
    ['test:5000/repo:tag', { registry: 'test:5000', path: 'repo', tag: 'tag' }],
    [`test:5000/repo@${D256}`, { registry: 'test:5000', path: 'repo', digest: D256 }],
    [
      `test:5000/repo:tag@${D256}`,
      { registry: 'test:5000', path: 'repo', tag: 'tag', digest: D256 },
    ],
    [`host:5000/a/b@${D256}`, { registry: 'host:5000', path: 'a/b', digest: D256 }],
    ['lowercase:Uppercase', { registry: 'docker.io', path: 'library/lowercase', tag: 'Uppercase' }],
    [
      `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
      { registry: 'docker.io', path: `${'a/'.repeat(127)}a`, tag: 'tag-puts-this-over-max' },
    ],
    ['sub-dom1.foo.com/bar/baz/quux', { registry: 'sub-dom1.foo.com', path: 'bar/baz/quux' }],
    [
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      { registry: 'sub-dom1.foo.com', path: 'bar/baz/quux', tag: 'some-long-tag' },
    ],
    [
      'b.gcr.io/test.example.com/my-app:test.example.com',
      { registry: 'b.gcr.io', path: 'test.example.com/my-app', tag: 'test.example.com' },
    ],
    [
      'xn--n3h.com/myimage:xn--n3h.com',
      { registry: 'xn--n3h.com', path: 'myimage', tag: 'xn--n3h.com' },
    ],
    [
      `xn--7o8h.com/myimage:xn--7o8h.com@sha512:${'f'.repeat(128)}`,
      {
        registry: 'xn--7o8h.com',
        path: 'myimage',
        tag: 'xn--7o8h.com',
        digest: `sha512:${'f'.repeat(128)}`,
      },
    ],
    ['foo_bar.com:8080', { registry: 'docker.io', path: 'library/foo_bar.com', tag: '8080' }],
    ['foo/foo_bar.com:8080', { registry: 'docker.io', path: 'foo/foo_bar.com', tag: '8080' }],
    ['192.168.1.1', { registry: 'docker.io', path: 'library/192.168.1.1' }],
    ['192.168.1.1:tag', { registry: 'docker.io', path: 'library/192.168.1.1', tag: 'tag' }],
    ['192.168.1.1/repo', { registry: '192.168.1.1', path: 'repo' }],
    ['192.168.1.1:5000/repo:5050', { registry: '192.168.1.1:5000', path: 'repo', tag: '5050' }],
    ['[2001:db8::1]/repo', { registry: '[2001:db8::1]', path: 'repo' }],
    [
      '[2001:db8:1:2:3:4:5:6]/repo:tag',
      { registry: '[2001:db8:1:2:3:4:5:6]', path: 'repo', tag: 'tag' },
    ],
    [
      `[2001:db8::1]:5000/repo:tag@${D256}`,
      { registry: '[2001:db8::1]:5000', path: 'repo', tag: 'tag', digest: D256 },
    ],
    ['[::1]:5000/repo', { registry: '[::1]:5000', path: 'repo' }],
    ['localhost/foo', { registry: 'localhost', path: 'foo' }],
    ['localhost:5000/foo:bar', { registry: 'localhost:5000', path: 'foo', tag: 'bar' }],
    ['Docker/docker', { registry: 'Docker', path: 'docker' }],
    ['docker---rules/docker', { registry: 'docker.io', path: 'docker---rules/docker' }],
    ['dock__er/docker', { registry: 'docker.io', path: 'dock__er/docker' }],
    [
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      {
        registry: 'docker.io',
        path: 'library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      },
    ],
    [
      `docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a`,
      {
        registry: 'docker.io',
        path: 'library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
      },
    ],
    [
      `busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa`,
      {
        registry: 'docker.io',
        path: 'library/busybox',
        tag: 'latest',
        digest: 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
      },
    ],
  ])('%s', (ref, expected) => {
    expect(parseReference(ref)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['', 'empty'],
    [':justtag', 'no repository name'],
    [`@${D256}`, 'no repository name'],
    [`repo@sha256:${'f'.repeat(34)}`, '64 hex'],
    [`validname@invaliddigest:${HEX64}`, 'unsupported digest algorithm'],
    [`repo@sha256:${'F'.repeat(64)}`, 'lowercase'],
    ['repo@sha256:xyz', 'not <algorithm>:<hex>'],
    ['Uppercase:tag', 'must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'must be lowercase'],
    ['docker/Docker', 'must be lowercase'],
    ['docker.io/docker/Docker', 'must be lowercase'],
    [`${'a/'.repeat(128)}a:tag`, 'longer than 255'],
    ['aa/asdf$$^/aa', 'path component'],
    ['[2001:db8::1]', 'tag'],
    ['[2001:db8::1]:5000', 'path component'],
    ['[2001:db8::1]:tag', 'path component'],
    ['[fe80::1%eth0]:5000/repo', 'registry'],
    ['[fe80::1%@invalidzone]:5000/repo', 'digest'],
    ['[fc00::1]', 'tag'],
    ['[fc00::1]:5000', 'path component'],
    ['fc00::1:5000/debian', 'registry'],
    ['[2001:db8:3:4::192.0.2.33]:5000/debian', 'registry'],
    ['https://github.com/docker/docker', 'registry'],
    ['-docker', 'path component'],
    ['-docker/docker', 'path component'],
    ['-docker.io/docker/docker', 'registry'],
    ['docker-/docker', 'path component'],
    ['-docker-/docker', 'path component'],
    ['docker///docker', 'path component'],
    ['docker.io/docker///docker', 'path component'],
    ['docker/', 'path component'],
    ['____/____', 'path component'],
    ['_docker/_docker', 'path component'],
    ['dock..er/docker', 'registry'],
    ['dock_.er/docker', 'registry'],
    ['dock-.er/docker', 'registry'],
    [`${Array(10).fill('this_is_not_a_valid_namespace').join('_')}/docker`, 'longer than 255'],
    ['1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', 'image ID'],
    ['repo:-tag', 'tag'],
    [`repo:${'t'.repeat(129)}`, 'tag'],
    ['repo:a b', 'tag'],
    ['alice/x:$(id)', 'tag'],
    ['alice/x;id', 'path component'],
    ['alice/x\n', 'path component'],
  ])('rejects %j', (ref, why) => {
    expect(() => parseReference(ref)).toThrow(why);
  });
});

describe('formatReference', () => {
  it.each([
    [
      { registry: DOCKER_HUB, path: 'alice/hello', name: 'docker.io/alice/hello' },
      'latest',
      'docker.io/alice/hello:latest',
    ],
    [
      { registry: 'localhost:5000', path: 'a/b', name: 'localhost:5000/a/b' },
      'sha-0123456',
      'localhost:5000/a/b:sha-0123456',
    ],
  ])('%o + %s', (image, tag, expected) => {
    const ref = formatReference(image, tag);
    expect(ref).toBe(expected);
    expect(parseReference(ref)).toEqual({ registry: image.registry, path: image.path, tag });
  });
});

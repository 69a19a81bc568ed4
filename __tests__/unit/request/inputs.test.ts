import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseInputs, type Inputs } from '../../../src/request/inputs.js';

const WS = path.resolve('/home/runner/work/hello/hello');

/** Raw values as the runner gives them: action.yml defaults for unset inputs. */
const DEFAULTS: Record<string, string> = {
  registry: 'docker.io',
  context: '.',
  latest: 'auto',
  push: 'auto',
  builder: 'auto',
};

function parse(raw: Record<string, string> = {}): Inputs {
  const values = { ...DEFAULTS, ...raw };
  return parseInputs((name) => values[name] ?? '', WS);
}

function inputError(raw: Record<string, string>): InputError {
  try {
    parse(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseInputs defaults', () => {
  it('with action.yml defaults', () => {
    expect(parse()).toEqual({
      registry: 'docker.io',
      image: '',
      images: [],
      username: '',
      password: '',
      registryAuth: [],
      buildCommand: '',
      workingDirectory: WS,
      context: WS,
      dockerfile: path.join(WS, 'Dockerfile'),
      buildArgs: [],
      labels: [],
      annotations: [],
      target: '',
      tags: [],
      latest: 'auto',
      tagVariant: { prefix: '', suffix: '', shaLength: 7 },
      push: 'auto',
      builder: 'auto',
      platforms: [],
      platformTags: false,
      merge: [],
      deletePlatformTags: false,
      readme: '',
      shortDescription: '',
      output: '',
      buildCommandTimeoutMs: 0,
      retryTimeoutMs: 300_000,
      compression: { kind: 'gzip', level: 6 },
      secrets: [],
      cache: true,
      attestations: true,
      verify: '',
    } satisfies Inputs);
  });

  it('with every input empty (no defaults at all)', () => {
    const inputs = parseInputs(() => '', WS);
    expect(inputs).toMatchObject({
      registry: 'docker.io',
      context: WS,
      latest: 'auto',
      push: 'auto',
      builder: 'auto',
    });
  });
});

describe('parseInputs values', () => {
  it.each<[string, Record<string, string>, Partial<Inputs>]>([
    ['registry normalized', { registry: ' GHCR.io ' }, { registry: 'ghcr.io' }],
    ['Docker Hub alias', { registry: 'index.docker.io' }, { registry: 'docker.io' }],
    ['registry with port', { registry: 'localhost:5000' }, { registry: 'localhost:5000' }],
    ['image trimmed, kept raw', { image: ' Alice/Hello \n' }, { image: 'Alice/Hello' }],
    ['username trimmed', { username: ' alice\n' }, { username: 'alice' }],
    [
      'password keeps spaces, loses trailing newline',
      { password: ' p@ss word \n' },
      { password: ' p@ss word ' },
    ],
    ['password loses CRLF', { password: 'tok\r\n' }, { password: 'tok' }],
    ['build command trimmed', { 'build-command': '\n make all\n' }, { buildCommand: 'make all' }],
    [
      'output resolved against the workspace',
      { output: 'out/image.tar' },
      { output: path.join(WS, 'out/image.tar') },
    ],
    ['output absolute', { output: '/tmp/image.tar' }, { output: '/tmp/image.tar' }],
    [
      'build-command-timeout in minutes',
      { 'build-command-timeout': '1.5' },
      { buildCommandTimeoutMs: 90_000 },
    ],
    [
      'working-directory relative',
      { 'working-directory': 'src/app' },
      { workingDirectory: path.join(WS, 'src/app') },
    ],
    [
      'working-directory absolute inside',
      { 'working-directory': path.join(WS, 'x') },
      { workingDirectory: path.join(WS, 'x') },
    ],
    [
      'working-directory with .. that stays inside',
      { 'working-directory': 'a/../b' },
      { workingDirectory: path.join(WS, 'b') },
    ],
    [
      'context sets the default dockerfile',
      { context: 'docker' },
      { context: path.join(WS, 'docker'), dockerfile: path.join(WS, 'docker', 'Dockerfile') },
    ],
    [
      'dockerfile is relative to the workspace, not the context',
      { context: 'docker', dockerfile: 'build/Dockerfile.prod' },
      { context: path.join(WS, 'docker'), dockerfile: path.join(WS, 'build', 'Dockerfile.prod') },
    ],
    ['context ./', { context: './' }, { context: WS }],
    ['directory named ..x is inside', { context: '..x' }, { context: path.join(WS, '..x') }],
    ['target', { target: 'runtime' }, { target: 'runtime' }],
    ['target with separators', { target: 'Build-stage_2.x' }, { target: 'Build-stage_2.x' }],
    [
      'switches case-insensitive',
      { latest: 'TRUE', push: 'False', builder: 'Docker' },
      { latest: 'true', push: 'false', builder: 'docker' },
    ],
    ['native builder', { builder: ' native ' }, { builder: 'native' }],
    [
      'empty switches mean auto',
      { latest: '', push: '', builder: '' },
      { latest: 'auto', push: 'auto', builder: 'auto' },
    ],
  ])('%s', (_label, raw, expected) => {
    expect(parse(raw)).toMatchObject(expected);
  });
});

describe('tags input', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['stable', ['stable']],
    ['stable,edge', ['stable', 'edge']],
    ['stable, edge ,  v1', ['stable', 'edge', 'v1']],
    ['stable\nedge\r\nv1\n', ['stable', 'edge', 'v1']],
    ['a,\n,b,,\n\n', ['a', 'b']],
    [` ${'t'.repeat(128)} `, ['t'.repeat(128)]],
    ['Latest,latest', ['Latest', 'latest']],
  ])('%j', (raw, tags) => {
    expect(parse({ tags: raw }).tags).toEqual(tags);
  });

  it.each<[string, string, string]>([
    ['-dash', '"-dash"', 'not a valid tag'],
    ['.dot', '".dot"', 'not a valid tag'],
    ['a/b', '"a/b"', 'not a valid tag'],
    ['a:b', '"a:b"', 'not a valid tag'],
    ['a b', '"a b"', 'not a valid tag'],
    ['1.2.3+b5', '"1.2.3+b5"', 'not a valid tag'],
    ['$(id)', '"$(id)"', 'not a valid tag'],
    ['`id`', '"`id`"', 'not a valid tag'],
    ['x;id', '"x;id"', 'not a valid tag'],
    ["x'y", `"x'y"`, 'not a valid tag'],
    ['x"y', '"x\\"y"', 'not a valid tag'],
    ['é', '"é"', 'not a valid tag'],
    ['t'.repeat(129), 't'.repeat(129), 'at most 128'],
    ['a,b,a', '"a"', 'listed twice'],
    ['a\nb\n a ', '"a"', 'listed twice'],
  ])('rejects %j', (raw, shown, why) => {
    const e = inputError({ tags: raw });
    expect(e.input).toBe('tags');
    expect(e.message).toContain('Input "tags"');
    expect(e.message).toContain(shown);
    expect(e.message).toContain(why);
  });
});

describe('build-args and labels', () => {
  it.each<[string, Array<[string, string]>]>([
    ['', []],
    ['VERSION=1.2.3', [['VERSION', '1.2.3']]],
    [
      'A=1\nB=2',
      [
        ['A', '1'],
        ['B', '2'],
      ],
    ],
    [
      'A=1\r\n\r\nB=2\n',
      [
        ['A', '1'],
        ['B', '2'],
      ],
    ],
    ['EMPTY=', [['EMPTY', '']]],
    ['URL=https://x.example/?a=b&c=d', [['URL', 'https://x.example/?a=b&c=d']]],
    ['  _private9=x y  ', [['_private9', 'x y']]],
    [
      'A=1\nA=2',
      [
        ['A', '1'],
        ['A', '2'],
      ],
    ],
  ])('build-args %j', (raw, pairs) => {
    expect(parse({ 'build-args': raw }).buildArgs).toEqual(pairs);
  });

  it.each<[string, Array<[string, string]>]>([
    ['org.opencontainers.image.title=Hello', [['org.opencontainers.image.title', 'Hello']]],
    ['com.example/team=core=platform', [['com.example/team', 'core=platform']]],
    ['Maintainer=Alice <alice@example.com>', [['Maintainer', 'Alice <alice@example.com>']]],
    [
      'x=\ny=2',
      [
        ['x', ''],
        ['y', '2'],
      ],
    ],
  ])('labels %j', (raw, pairs) => {
    expect(parse({ labels: raw }).labels).toEqual(pairs);
  });

  it.each<[string, string, string, string]>([
    ['build-args', 'NOEQUALS', '"NOEQUALS"', 'has no "="'],
    ['build-args', 'A=1\njust text', '"just text"', 'has no "="'],
    ['build-args', '=value', '""', 'not a valid build argument name'],
    ['build-args', '1ABC=x', '"1ABC"', 'not a valid build argument name'],
    ['build-args', 'MY-ARG=x', '"MY-ARG"', 'not a valid build argument name'],
    ['build-args', 'A B=x', '"A B"', 'not a valid build argument name'],
    ['build-args', '$(id)=x', '"$(id)"', 'not a valid build argument name'],
    ['labels', 'no-equals', '"no-equals"', 'has no "="'],
    ['labels', '=v', '""', 'it is empty'],
    ['labels', 'my label=v', '"my label"', 'whitespace'],
    ['labels', 'a\tb=v', '"a\\tb"', 'whitespace'],
  ])('%s rejects %j', (input, raw, shown, why) => {
    const e = inputError({ [input]: raw });
    expect(e.input).toBe(input);
    expect(e.message).toContain(shown);
    expect(e.message).toContain(why);
  });

  const PW = 'alice-Secr3t-pw';
  it.each([
    ['build-args', `NPM_TOKEN=${PW}`, 'NPM_TOKEN'],
    ['build-args', `A=1\nAUTH=prefix-${PW}-suffix`, 'AUTH'],
    ['build-args', `B64=${Buffer.from(`alice:${PW}`).toString('base64')}`, 'B64'],
    ['labels', `org.example.pw=${encodeURIComponent(PW)}x`, 'org.example.pw'],
  ])(
    '%s refuses a value holding the registry password (%j), naming only the key',
    (input, raw, key) => {
      const e = inputError({ username: 'alice', password: PW, [input]: raw });
      expect(e.input).toBe(input);
      expect(e.message).toContain(`the value of ${key} holds the registry password`);
      expect(`${e.message} ${e.hint ?? ''}`).not.toContain(PW);
      expect(`${e.message} ${e.hint ?? ''}`).not.toContain(raw.split('=').pop()!);
    },
  );

  it('keeps values that do not hold the password', () => {
    const inputs = parse({
      username: 'alice',
      password: PW,
      'build-args': 'USER=alice\nPW=alice-Secr3t',
    });
    expect(inputs.buildArgs).toEqual([
      ['USER', 'alice'],
      ['PW', 'alice-Secr3t'],
    ]);
  });
});

describe('switches', () => {
  it.each<[string, string, string]>([
    ['latest', 'yes', 'auto, true, false'],
    ['latest', 'on', 'auto, true, false'],
    ['push', '1', 'auto, true, false'],
    ['push', 'true;id', 'auto, true, false'],
    ['builder', 'buildx', 'auto, docker, native'],
    ['builder', 'podman', 'auto, docker, native'],
  ])('%s rejects %j', (input, raw, allowed) => {
    const e = inputError({ [input]: raw });
    expect(e.input).toBe(input);
    expect(e.message).toContain(JSON.stringify(raw));
    expect(e.message).toContain(allowed);
  });
});

describe('platforms', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['linux/amd64', ['linux/amd64']],
    ['linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    ['linux/amd64, linux/arm/v7\nlinux/arm64/v8', ['linux/amd64', 'linux/arm/v7', 'linux/arm64']],
    // Normalised as BuildKit (containerd) reads them, then deduplicated.
    ['linux/arm', ['linux/arm/v7']],
    ['linux/aarch64,linux/arm64/v8,linux/arm64', ['linux/arm64']],
    ['linux/x86_64,linux/amd64/v1', ['linux/amd64']],
    ['linux/armhf,linux/arm/7', ['linux/arm/v7']],
    ['Linux/AMD64', ['linux/amd64']],
    ['linux/amd64,linux/amd64', ['linux/amd64']],
    ['windows/amd64/10.0.17763', ['windows/amd64/10.0.17763']],
  ])('%j', (raw, platforms) => {
    expect(parse({ platforms: raw }).platforms).toEqual(platforms);
  });

  it.each([
    'linux',
    'amd64',
    'linux/',
    '/amd64',
    'linux/amd64/v8/extra',
    'linux amd64',
    'linux/amd-64',
    'linux/$(id)',
    'linux/arm;id',
    'linux/foo',
    'linus/amd64',
    'linux/x86_65',
  ])('rejects %j', (raw) => {
    const e = inputError({ platforms: `linux/amd64,${raw}` });
    expect(e.input).toBe('platforms');
    expect(e.message).toContain(JSON.stringify(raw));
  });
});

describe('platform variants', () => {
  it.each([
    ['linux/arm/v5', 'linux/arm/v5'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['linux/arm/v8', 'linux/arm/v8'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v4', 'linux/amd64/v4'],
  ])('accepts %j as %j', (raw, normalised) => {
    expect(parse({ platforms: raw }).platforms).toEqual([normalised]);
  });

  it.each([
    ['linux/arm/v99', 'v5, v6, v7, v8'],
    ['linux/arm/v4', 'v5, v6, v7, v8'],
    ['linux/arm64/v7', 'v8'],
    ['linux/amd64/v5', 'v1, v2, v3, v4'],
  ])('rejects %j, naming the variants there are', (raw, known) => {
    const e = inputError({ platforms: raw });
    expect(e.input).toBe('platforms');
    expect(e.message).toContain(JSON.stringify(raw));
    expect(e.message).toContain(known);
  });
});

describe('platform-tags and merge', () => {
  it('platform-tags is a boolean', () => {
    expect(parse({ 'platform-tags': 'true' }).platformTags).toBe(true);
    expect(parse({ 'platform-tags': 'False' }).platformTags).toBe(false);
    expect(inputError({ 'platform-tags': 'yes' }).input).toBe('platform-tags');
  });

  it('merge is a list of platforms, comma or newline separated', () => {
    expect(parse({ merge: 'linux/amd64,\nlinux/arm64' }).merge).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
    const e = inputError({ merge: 'linux/amd64,linux/foo' });
    expect(e.input).toBe('merge');
    expect(e.message).toContain('"linux/foo"');
    const variant = inputError({ merge: 'linux/arm64/v9' });
    expect(variant.input).toBe('merge');
    expect(variant.message).toContain('"linux/arm64/v9"');
  });

  it('merge with platform-tags or with platforms is refused, naming both', () => {
    const both = inputError({ merge: 'linux/amd64', 'platform-tags': 'true' });
    expect(both.message).toMatch(/merge.*platform-tags|platform-tags.*merge/);
    const withPlatforms = inputError({ merge: 'linux/amd64', platforms: 'linux/arm64' });
    expect(withPlatforms.message).toMatch(/"platforms"/);
    expect(withPlatforms.input).toBe('merge');
  });

  it.each([' , ,', ',', '\n,\n'])('merge of no platform (%j) is refused, not a build', (raw) => {
    const e = inputError({ merge: raw });
    expect(e.input).toBe('merge');
    expect(e.message).toMatch(/^Input "merge": .*names no platform/);
  });

  it('a platform whose platform tag would be over 128 characters is refused with its length', () => {
    const long = `linux/riscv64/${'v'.repeat(110)}`;
    const e = inputError({ merge: `linux/amd64,${long}` });
    expect(e.input).toBe('merge');
    expect(e.message).toContain(`"${long}"`);
    expect(e.message).toMatch(
      /"sha-<hex>-linux-riscv64-v{110}" would be 136 characters long; a tag is at most 128/,
    );
    // The variant's suffix counts too: the platform tag is never cut to fit.
    const fits = `linux/riscv64/${'v'.repeat(100)}`;
    const suffixed = inputError({ merge: fits, 'tag-suffix': 'alpine-debug-1234567' });
    expect(suffixed.message).toMatch(/would be 147 characters long/);
    const matrix = inputError({ platforms: long, 'platform-tags': 'true' });
    expect(matrix.input).toBe('platforms');
    expect(matrix.message).toMatch(/136 characters long/);
    // 128 exactly is a tag; without platform tags no tag is made of the platform.
    expect(parse({ merge: `linux/riscv64/${'v'.repeat(102)}` }).merge).toHaveLength(1);
    expect(parse({ platforms: long }).platforms).toEqual([long]);
  });

  it('merge with output is refused, naming both', () => {
    const e = inputError({ merge: 'linux/amd64', output: 'image.tar' });
    expect(e.input).toBe('merge');
    expect(e.message).toMatch(/"output"/);
  });
});

describe('readme and short-description', () => {
  it('readme resolves inside the workspace', () => {
    expect(parse({ readme: 'docs/README.md' }).readme).toBe(path.join(WS, 'docs/README.md'));
    expect(inputError({ readme: '../README.md' }).message).toContain('outside the workspace');
  });

  /** A password whose forms all differ (11 bytes: its base64 has padding). */
  const PW = 'Pa$/w"rd+é';
  const b64 = (text: string, how: 'base64' | 'base64url') => Buffer.from(text).toString(how);
  it.each([
    ['as written', `Greets. ${PW}`],
    ['as user:password', `alice:${PW}`],
    ['URL-encoded', `see https://x.test/?p=${encodeURIComponent(PW)}`],
    ['URL-encoded, lower-case hex', 'Pa%24%2fw%22rd%2b%c3%a9'],
    ['JSON-escaped', `{"p":"${JSON.stringify(PW).slice(1, -1)}"}`],
    ['base64', b64(PW, 'base64')],
    ['base64 without padding', `x${b64(PW, 'base64').replace(/=+$/, '')}y`],
    ['base64url', b64(PW, 'base64url')],
    ['base64 of user:password', `Basic ${b64(`alice:${PW}`, 'base64')}`],
    ['base64url of user:password', b64(`alice:${PW}`, 'base64url')],
  ])('a short description holding the password %s is refused, never shown', (_, value) => {
    const e = inputError({ username: 'alice', password: PW, 'short-description': value });
    expect(e.input).toBe('short-description');
    expect(e.message).toMatch(/holds the registry password.*public/);
    expect(`${e.message} ${e.hint ?? ''}`).not.toContain(value);
  });

  it('a short description holding the password is refused before its length is shown', () => {
    const e = inputError({
      username: 'alice',
      password: PW,
      'short-description': `${PW} ${'x'.repeat(120)}`,
    });
    expect(e.message).toMatch(/holds the registry password/);
    expect(e.message).not.toContain(PW);
  });

  it('a short description without the password is kept', () => {
    const value = 'Pa$$ w"rd: a greeter';
    expect(parse({ username: 'alice', password: PW, 'short-description': value })).toMatchObject({
      shortDescription: value,
    });
  });

  it('a short description over 100 characters is refused with its length', () => {
    expect(parse({ 'short-description': 'x'.repeat(100) }).shortDescription).toHaveLength(100);
    const e = inputError({ 'short-description': 'y'.repeat(101) });
    expect(e.input).toBe('short-description');
    expect(e.message).toContain('101 characters');
  });
});

describe('paths outside the workspace', () => {
  it.each<[string, string]>([
    ['working-directory', '..'],
    ['working-directory', '../other'],
    ['working-directory', '/tmp'],
    ['context', '../..'],
    ['context', 'a/../../x'],
    ['context', '/etc'],
    ['dockerfile', '../Dockerfile'],
    ['dockerfile', '/etc/passwd'],
  ])('%s %j', (input, raw) => {
    const e = inputError({ [input]: raw });
    expect(e.input).toBe(input);
    expect(e.message).toContain(JSON.stringify(raw));
    expect(e.message).toContain('outside the workspace');
  });
});

describe('target', () => {
  it.each(['1stage', '-x', 'a b', 'stage;id', '$(id)'])('rejects %j', (raw) => {
    const e = inputError({ target: raw });
    expect(e.input).toBe('target');
    expect(e.message).toContain(JSON.stringify(raw));
  });
});

describe('registry input', () => {
  it.each(['https://ghcr.io', 'ghcr.io/alice', 'bad_host', 'localhost:99999'])(
    'rejects %j',
    (raw) => {
      expect(inputError({ registry: raw }).input).toBe('registry');
    },
  );
});

describe('password', () => {
  const secret = 'hunter2-$(id)-S3cr3t';
  it.each<[string, Record<string, string>]>([
    ['tags', { tags: 'bad tag' }],
    ['labels', { labels: 'nolabel' }],
    ['platforms', { platforms: 'x' }],
    ['build-command-timeout', { 'build-command-timeout': 'soon' }],
    ['build-command-timeout', { 'build-command-timeout': '0' }],
    ['compression', { compression: 'brotli' }],
    ['compression', { compression: 'gzip:99' }],
    ['registry', { registry: 'https://x' }],
    ['latest', { latest: 'maybe' }],
  ])('never appears in the %s error', (_label, raw) => {
    const e = inputError({ ...raw, password: secret });
    expect(`${e.message}\n${e.hint ?? ''}`).not.toContain(secret);
  });
});

describe('timeouts', () => {
  // A Node.js timer waits at most 2^31-1 ms (24.8 days, 35,791 minutes); a longer one
  // fires at once: the command stopped at once, every request failed at once.
  it.each(['build-command-timeout', 'retry-timeout'])(
    '%s above 10080 minutes (7 days) is refused, naming the input and the maximum',
    (name) => {
      for (const raw of ['10081', '36000', '35791.4', '1'.padEnd(400, '0')]) {
        const e = inputError({ [name]: raw });
        expect(e.input).toBe(name);
        expect(e.detail).toContain('at most 10080 minutes');
      }
    },
  );

  it('takes the maximum itself', () => {
    const inputs = parse({ 'build-command-timeout': '10080', 'retry-timeout': '10080' });
    expect(inputs.buildCommandTimeoutMs).toBe(604_800_000);
    expect(inputs.retryTimeoutMs).toBe(604_800_000);
    expect(inputs.retryTimeoutMs).toBeLessThan(2 ** 31);
  });
});

describe('attestations', () => {
  it('is on unless set to false, and is a boolean', () => {
    expect(parse({}).attestations).toBe(true);
    expect(parse({ attestations: 'false' }).attestations).toBe(false);
    expect(parse({ attestations: 'TRUE' }).attestations).toBe(true);
    expect(inputError({ attestations: 'sometimes' }).input).toBe('attestations');
  });
});

describe('verify', () => {
  it('takes an image reference, and refuses what is not one', () => {
    expect(parse({ verify: ' alice/hello:1.2.3 ' }).verify).toBe('alice/hello:1.2.3');
    expect(inputError({ verify: 'Alice/Hello' }).input).toBe('verify');
  });
});

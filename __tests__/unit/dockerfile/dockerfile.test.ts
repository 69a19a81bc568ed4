import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/core/errors.js';
import {
  expand,
  finalBaseImage,
  neededStages,
  parseDockerfile,
  parseGoDuration,
  unsupportedInNative,
  type Instruction,
  type ParseOptions,
  type ParsedDockerfile,
} from '../../../src/dockerfile/dockerfile.js';

const FILE = 'Dockerfile';

/**
 * An instruction as words: its arguments and flags as written (expanded where Docker
 * expands), whatever its type, for the tests that look at the words.
 */
interface Words {
  keyword: string;
  line: number;
  endLine: number;
  raw: string;
  args: string[];
  flags: Record<string, string>;
  json: boolean;
  heredoc?: boolean;
  fromStage?: number;
  unsetVars?: string[];
}

function given(
  flags: Record<string, string | boolean | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(flags)) {
    if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = Array.isArray(v) ? (v.at(-1) as string) : String(v);
  }
  return out;
}

function argsOf(ins: Instruction): Pick<Words, 'args' | 'flags' | 'json' | 'heredoc'> {
  const plain = { flags: {}, json: false };
  switch (ins.keyword) {
    case 'ENV':
    case 'LABEL':
      return {
        ...plain,
        args: (ins.keyword === 'ENV' ? ins.env : ins.labels).flatMap((p) => [p.key, p.value]),
      };
    case 'ARG':
      return {
        ...plain,
        args: ins.args.map((a) => (a.value === undefined ? a.name : `${a.name}=${a.value}`)),
      };
    case 'COPY':
    case 'ADD': {
      const { chown, chmod, link, exclude } = ins;
      const own =
        ins.keyword === 'COPY'
          ? { from: ins.from, parents: ins.parents }
          : { 'keep-git-dir': ins.keepGitDir, checksum: ins.checksum, unpack: ins.unpack };
      const words = {
        ...plain,
        args: [...ins.sources, ...ins.heredocs.map((h) => `<<${h.name}`), ins.dest],
      };
      const out = { ...words, flags: given({ chown, chmod, link, exclude, ...own }) };
      return ins.heredocs.length > 0 ? { ...out, heredoc: true } : out;
    }
    case 'RUN': {
      const flags = given({
        mount: ins.mounts,
        network: ins.network,
        security: ins.security,
        device: ins.devices,
      });
      const out = { flags, args: ins.command, json: !ins.prependShell };
      return ins.files.length > 0 ? { ...out, heredoc: true } : out;
    }
    case 'CMD':
    case 'ENTRYPOINT':
      return { ...plain, args: ins.command, json: !ins.prependShell };
    case 'SHELL':
      return { ...plain, args: ins.shell, json: true };
    case 'HEALTHCHECK':
      return { ...plain, args: ins.test, json: ins.test[0] === 'CMD' };
    case 'ONBUILD':
      return { ...plain, args: [ins.expression] };
    case 'EXPOSE':
      return { ...plain, args: ins.ports };
    case 'VOLUME':
      return { ...plain, args: ins.paths };
    case 'WORKDIR':
      return { ...plain, args: [ins.path] };
    case 'USER':
      return { ...plain, args: [ins.user] };
    case 'STOPSIGNAL':
      return { ...plain, args: [ins.signal] };
    case 'MAINTAINER':
      return { ...plain, args: [ins.maintainer] };
  }
}

function words(ins: Instruction): Words {
  const { keyword, line, endLine, raw, unsetVars } = ins;
  const out: Words = { keyword, line, endLine, raw, ...argsOf(ins) };
  if (unsetVars !== undefined) out.unsetVars = unsetVars;
  if (ins.keyword === 'COPY' && ins.fromStage !== undefined) out.fromStage = ins.fromStage;
  return out;
}

/** The instructions of a stage, as words. */
function stageWords(df: ParsedDockerfile, stage: number): Words[] {
  return (df.stages[stage]?.instructions ?? []).map(words);
}

function parse(
  text: string,
  buildArgs: Record<string, string> = {},
  options?: ParseOptions,
): ParsedDockerfile {
  return parseDockerfile(text, FILE, buildArgs, options);
}

function instructions(text: string, buildArgs: Record<string, string> = {}, stage = -1): Words[] {
  const df = parse(text, buildArgs);
  const s = df.stages.at(stage);
  if (!s) throw new Error(`no stage ${stage}`);
  return s.instructions.map(words);
}

function only(text: string, buildArgs: Record<string, string> = {}): Words {
  const list = instructions(text, buildArgs);
  expect(list).toHaveLength(1);
  return list[0] as Words;
}

/** Value of label `key` in the last stage. */
function label(
  text: string,
  key: string,
  buildArgs: Record<string, string> = {},
): string | undefined {
  for (const ins of instructions(text, buildArgs).reverse()) {
    if (ins.keyword !== 'LABEL') continue;
    for (let i = ins.args.length - 2; i >= 0; i -= 2) {
      if (ins.args[i] === key) return ins.args[i + 1];
    }
  }
  return undefined;
}

function parseError(
  text: string,
  buildArgs: Record<string, string> = {},
  options?: ParseOptions,
): ActionError {
  try {
    parse(text, buildArgs, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ActionError);
    return err as ActionError;
  }
  throw new Error('expected a parse error');
}

describe('expand', () => {
  it.each([
    ['$A', { A: 'x' }, 'x'],
    ['${A}', { A: 'x' }, 'x'],
    ['pre${A}post', { A: 'x' }, 'prexpost'],
    ['$A$B', { A: 'x', B: 'y' }, 'xy'],
    ['$A-suffix', { A: 'x' }, 'x-suffix'],
    ['$UNSET', {}, ''],
    ['a${UNSET}b', {}, 'ab'],
    ['${UNSET:-def}', {}, 'def'],
    ['${EMPTY:-def}', { EMPTY: '' }, 'def'],
    ['${EMPTY-def}', { EMPTY: '' }, ''],
    ['${UNSET-def}', {}, 'def'],
    ['${A:-def}', { A: 'x' }, 'x'],
    ['${A-def}', { A: 'x' }, 'x'],
    ['${A:+alt}', { A: 'x' }, 'alt'],
    ['${A+alt}', { A: 'x' }, 'alt'],
    ['${EMPTY:+alt}', { EMPTY: '' }, ''],
    ['${EMPTY+alt}', { EMPTY: '' }, 'alt'],
    ['${UNSET+alt}', {}, ''],
    ['${UNSET:+alt}', {}, ''],
    ['${A:?}', { A: 'x' }, 'x'],
    ['${EMPTY?}', { EMPTY: '' }, ''],
    ['${UNSET:-$B}', { B: 'y' }, 'y'],
    ['${UNSET:-${B:-z}}', {}, 'z'],
    ['${UNSET:-"x y"}', {}, 'x y'],
    ["'$A'", { A: 'x' }, '$A'],
    ["'a\\b'", {}, 'a\\b'],
    ['"$A b"', { A: 'x' }, 'x b'],
    ['"\'$A\'"', { A: 'x' }, "'x'"],
    ['\\$A', { A: 'x' }, '$A'],
    ['"\\$A"', { A: 'x' }, '$A'],
    ['"a\\"b"', {}, 'a"b'],
    ['"a\\b"', {}, 'a\\b'],
    ['a\\ b', {}, 'a b'],
    ['a\\', {}, 'a'],
    ['"a"\'b\'c', {}, 'abc'],
    ['$', {}, '$'],
    ['a$', {}, 'a$'],
    ['$/x', {}, '$/x'],
    ['$1', { '1': 'no' }, 'no'],
    ['$12x', {}, 'x'],
    ['$ÄB', { ÄB: 'u' }, 'u'],
    ['$A_1.b', { A_1: 'v' }, 'v.b'],
    ['${V#*/}', { V: 'a/b/c' }, 'b/c'],
    ['${V##*/}', { V: 'a/b/c' }, 'c'],
    ['${V%/*}', { V: 'a/b/c' }, 'a/b'],
    ['${V%%/*}', { V: 'a/b/c' }, 'a'],
    ['${V#x}', { V: 'abc' }, 'abc'],
    ['${V%.tar.gz}', { V: 'app.tar.gz' }, 'app'],
    ['${V/b/X}', { V: 'abab' }, 'aXab'],
    ['${V//b/X}', { V: 'abab' }, 'aXaX'],
    ['${V//?/-}', { V: 'abc' }, '---'],
    ['${UNSET#a}', {}, ''],
  ])('%s with %j → %j', (word, env, want) => {
    expect(expand(word, env as Record<string, string>, '\\')).toBe(want);
  });

  it.each([
    ['`$A', { A: 'x' }, '$A'],
    ['a\\b', {}, 'a\\b'],
    ['"a`"b"', {}, 'a"b'],
    ['c:\\dir\\$A', { A: 'x' }, 'c:\\dir\\x'],
  ])('with the backtick escape: %s → %j', (word, env, want) => {
    expect(expand(word, env as Record<string, string>, '`')).toBe(want);
  });

  it.each([
    ['${A:?}', {}, /A: is not allowed to be unset/],
    ['${A?}', {}, /A: is not allowed to be unset/],
    ['${A:?}', { A: '' }, /A: is not allowed to be empty/],
    ['${A?set it}', {}, /A: set it/],
    ['${A', {}, /missing '}'/],
    ['${A:-x', {}, /missing '}'/],
    ['${}', {}, /bad substitution/],
    ['${:x}', {}, /bad substitution/],
    ['${A!x}', {}, /unsupported modifier \(!\)/],
    ['${A:x}', {}, /unsupported modifier \(:x\)/],
    ['"abc', {}, /matching double-quote/],
    ["'abc", {}, /matching single-quote/],
    ['${V#\\x}', { V: 'a' }, /invalid escape/],
  ])('%s with %j fails with %s', (word, env, message) => {
    let error: unknown;
    try {
      expand(word, env as Record<string, string>, '\\');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toMatch(message);
    expect((error as ActionError).message).toContain(`failed to process ${JSON.stringify(word)}`);
  });
});

describe('comments and line continuations', () => {
  it('joins continuation lines across comments and empty lines', () => {
    const df = parse(
      [
        '# leading comment',
        'FROM scratch',
        '   # indented comment',
        'COPY a \\',
        '  # comment inside the continuation',
        '  b \\',
        '',
        '  /dst/',
        'LABEL x=1',
      ].join('\n'),
    );
    const [copy, lbl] = stageWords(df, 0);
    expect(copy).toMatchObject({ keyword: 'COPY', line: 4, endLine: 8, args: ['a', 'b', '/dst/'] });
    expect(copy?.raw).toBe('COPY a   b   /dst/');
    expect(lbl).toMatchObject({ keyword: 'LABEL', line: 9, endLine: 9 });
  });

  it.each([
    ['a # in the middle is not a comment', 'LABEL a=b#c', ['a', 'b#c']],
    ['a continuation with trailing spaces', 'LABEL a=b \\   \n  c=d', ['a', 'b', 'c', 'd']],
    ['a continued key=value', 'LABEL a=\\\nb', ['a', 'b']],
    ['a line of only the escape character', 'LABEL a=b \\\n\\\n c=d', ['a', 'b', 'c', 'd']],
  ])('%s', (_name, line, args) => {
    expect(only(`FROM scratch\n${line}\n`).args).toEqual(args);
  });

  it('keeps a # inside a shell-form command', () => {
    expect(only('FROM scratch\nCMD echo hi # there').args).toEqual(['echo hi # there']);
  });

  it('uses the backtick escape for continuations and leaves backslashes alone', () => {
    const df = parse(
      ['# escape=`', 'FROM scratch', 'COPY a `', '  b c:\\dir\\', 'WORKDIR c:\\app'].join('\n'),
    );
    expect(df.escape).toBe('`');
    const [copy, workdir] = stageWords(df, 0);
    expect(copy).toMatchObject({ line: 3, endLine: 4, args: ['a', 'b', 'c:\\dir\\'] });
    expect(workdir?.args).toEqual(['c:\\app']);
  });

  it('treats a backslash at the end as a continuation only with the default escape', () => {
    const df = parse('# escape=`\nFROM scratch\nLABEL a=b\\\nLABEL c=d');
    expect(stageWords(df, 0).map((i) => i.line)).toEqual([3, 4]);
  });

  it('reads CRLF line endings and a byte-order mark', () => {
    const df = parse('\uFEFF# escape=`\r\nFROM scratch\r\nLABEL a=b `\r\n  c=d\r\n');
    expect(df.directives.escape).toBe('`');
    expect(stageWords(df, 0)[0]).toMatchObject({ args: ['a', 'b', 'c', 'd'], endLine: 4 });
  });

  it('accepts keywords in any case', () => {
    const list = instructions('from scratch\ncopy a b\nLaBeL x=y');
    expect(list.map((i) => i.keyword)).toEqual(['COPY', 'LABEL']);
  });
});

describe('parser directives', () => {
  it.each([
    [
      'syntax and escape',
      '# syntax=docker/dockerfile:1\n# escape=`\nFROM scratch',
      { syntax: 'docker/dockerfile:1', escape: '`' },
    ],
    ['spaces and case', '#  ESCAPE = `  \nFROM scratch', { escape: '`' }],
    [
      'check',
      '# check=skip=JSONArgsRecommended;error=true\nFROM scratch',
      { check: 'skip=JSONArgsRecommended;error=true' },
    ],
    ['after a comment: ignored', '# hello\n# escape=`\nFROM scratch', {}],
    ['after an empty line: ignored', '\n# escape=`\nFROM scratch', {}],
    ['after an unknown directive: ignored', '# foo=bar\n# escape=`\nFROM scratch', {}],
    ['after an instruction: a comment', 'FROM scratch\n# escape=`', {}],
  ])('%s', (_name, text, directives) => {
    expect(parse(text).directives).toEqual(directives);
  });

  it('records the line of each directive', () => {
    expect(
      parse('# syntax=docker/dockerfile:1.7\n# escape=\\\nFROM scratch').directiveLines,
    ).toEqual({
      syntax: 1,
      escape: 2,
    });
  });

  it('keeps the backslash continuation when the escape directive is ignored', () => {
    const list = instructions('# hello\n# escape=`\nFROM scratch\nLABEL a=b \\\n c=d');
    expect(list[0]?.args).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    ['# escape=x\nFROM scratch', 1, /invalid escape token 'x' does not match ` or \\/],
    ['# escape=\\\n# escape=`\nFROM scratch', 2, /only one escape parser directive can be used/],
  ])('rejects %j', (text, line, message) => {
    const err = parseError(text);
    expect(err.message).toMatch(new RegExp(`^Dockerfile:${line}: `));
    expect(err.message).toMatch(message);
    expect(err.annotation).toEqual({ file: FILE, line });
    expect(err.stage).toBe('build');
  });
});

describe('JSON and shell forms', () => {
  it.each([
    ['CMD ["a", "b c"]', 'CMD', ['a', 'b c'], true],
    ['CMD echo "hi"  there', 'CMD', ['echo "hi"  there'], false],
    ['CMD [a, b]', 'CMD', ['[a, b]'], false],
    ['CMD ["a"] extra', 'CMD', ['["a"] extra'], false],
    ["CMD ['a']", 'CMD', ["['a']"], false],
    ['CMD []', 'CMD', [], true],
    ['ENTRYPOINT ["/app", "--flag"]', 'ENTRYPOINT', ['/app', '--flag'], true],
    ['ENTRYPOINT /app --flag', 'ENTRYPOINT', ['/app --flag'], false],
    ['RUN ["echo", "$HOME"]', 'RUN', ['echo', '$HOME'], true],
    ['RUN echo $HOME', 'RUN', ['echo $HOME'], false],
    ['SHELL ["/bin/bash", "-c"]', 'SHELL', ['/bin/bash', '-c'], true],
    ['COPY ["a b", "/c d/"]', 'COPY', ['a b', '/c d/'], true],
    ['COPY  a   b  /c/ ', 'COPY', ['a', 'b', '/c/'], false],
    ['VOLUME ["/data", "/logs"]', 'VOLUME', ['/data', '/logs'], true],
    ['VOLUME /data /logs', 'VOLUME', ['/data', '/logs'], false],
    [
      'HEALTHCHECK CMD curl -f http://localhost/',
      'HEALTHCHECK',
      ['CMD-SHELL', 'curl -f http://localhost/'],
      false,
    ],
    [
      'HEALTHCHECK CMD ["curl", "-f", "http://x/"]',
      'HEALTHCHECK',
      ['CMD', 'curl', '-f', 'http://x/'],
      true,
    ],
    ['HEALTHCHECK none', 'HEALTHCHECK', ['NONE'], false],
    [
      'MAINTAINER Jane Doe <jane@example.com>',
      'MAINTAINER',
      ['Jane Doe <jane@example.com>'],
      false,
    ],
    ['STOPSIGNAL SIGTERM', 'STOPSIGNAL', ['SIGTERM'], false],
    ['USER app:app', 'USER', ['app:app'], false],
  ])('%s', (line, keyword, args, json) => {
    const ins = only(`FROM scratch\n${line}`);
    expect(ins).toMatchObject({ keyword, args });
    // Only a command line keeps its form (exec or shell); COPY's and VOLUME's is just how
    // the words were split.
    if (!['COPY', 'VOLUME'].includes(keyword)) expect(ins.json).toBe(json);
  });

  it('gives HEALTHCHECK its durations in nanoseconds', () => {
    const df = parse(
      'FROM scratch\nHEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=500ms --retries=3 CMD true',
    );
    expect(df.stages[0]?.instructions[0]).toEqual({
      keyword: 'HEALTHCHECK',
      line: 2,
      endLine: 2,
      raw: 'HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=500ms --retries=3 CMD true',
      test: ['CMD-SHELL', 'true'],
      interval: 30e9,
      timeout: 3e9,
      startPeriod: 60e9,
      startInterval: 500e6,
      retries: 3,
    });
  });

  it('keeps the ONBUILD trigger as written', () => {
    const ins = only('FROM scratch\nONBUILD COPY --chown=$U . /app');
    expect(ins).toMatchObject({ keyword: 'ONBUILD', args: ['COPY --chown=$U . /app'] });
  });

  it.each([
    ['CMD ["a", 1]', /arrays must be comprised of strings only/],
    ['SHELL /bin/sh -c', /SHELL requires the arguments to be in JSON form/],
    ['SHELL []', /SHELL requires at least one argument/],
    ['HEALTHCHECK --interval=1us CMD true', /Interval "interval" cannot be less than 1ms/],
    ['HEALTHCHECK --interval=abc CMD true', /invalid duration/],
    ['HEALTHCHECK --retries=-1 CMD true', /--retries cannot be negative/],
    ['HEALTHCHECK PING x', /Unknown type "PING" in HEALTHCHECK/],
    ['HEALTHCHECK CMD', /Missing command after HEALTHCHECK CMD/],
    ['HEALTHCHECK NONE x', /HEALTHCHECK NONE takes no arguments/],
    ['VOLUME [""]', /VOLUME specified can not be an empty string/],
    ['WORKDIR', /WORKDIR requires exactly one argument/],
    ['EXPOSE', /EXPOSE requires at least one argument/],
    ['ONBUILD ONBUILD RUN x', /Chaining ONBUILD/],
    ['ONBUILD FROM x', /FROM isn't allowed as an ONBUILD trigger/],
  ])('%s is an error on its line', (line, message) => {
    const err = parseError(`FROM scratch\n\n${line}`);
    expect(err.message).toMatch(/^Dockerfile:3: /);
    expect(err.message).toMatch(message);
    expect(err.annotation).toEqual({ file: FILE, line: 3 });
  });
});

describe('ARG scoping', () => {
  it.each([
    ['a global ARG is used by FROM', 'ARG TAG=3.19\nFROM alpine:$TAG', {}, 'alpine:3.19'],
    [
      'a build arg overrides it',
      'ARG TAG=3.19\nFROM alpine:${TAG}',
      { TAG: 'edge' },
      'alpine:edge',
    ],
    ['global ARGs see earlier ones', 'ARG A=x\nARG B=${A}y\nFROM img:$B', {}, 'img:xy'],
    ['an unset global ARG is empty', 'ARG TAG\nFROM alpine${TAG:+:}$TAG', {}, 'alpine'],
    ['default with a modifier', 'ARG TAG\nFROM alpine:${TAG:-latest}', {}, 'alpine:latest'],
    [
      'a predefined platform ARG',
      'FROM img-$TARGETARCH',
      { TARGETPLATFORM: 'linux/arm64' },
      'img-arm64',
    ],
  ])('%s', (_name, text, buildArgs, base) => {
    expect(parse(text, buildArgs).stages[0]?.base).toBe(base);
  });

  it.each([
    ['a global ARG is not visible in a stage', 'ARG V=1\nFROM scratch\nLABEL v=$V', {}, ''],
    ['unless redeclared', 'ARG V=1\nFROM scratch\nARG V\nLABEL v=$V', {}, '1'],
    ['redeclared with a build arg', 'ARG V=1\nFROM scratch\nARG V\nLABEL v=$V', { V: '2' }, '2'],
    [
      'a stage default wins over the global value',
      'ARG V=1\nFROM scratch\nARG V=3\nLABEL v=$V',
      {},
      '3',
    ],
    [
      'a build arg wins over the stage default',
      'ARG V=1\nFROM scratch\nARG V=3\nLABEL v=$V',
      { V: '2' },
      '2',
    ],
    ['an unset ARG expands to empty', 'FROM scratch\nARG U\nLABEL v=x${U}y', {}, 'xy'],
    ['a build arg without ARG is ignored', 'FROM scratch\nLABEL v=x${U}y', { U: 'no' }, 'xy'],
    ['ARG defaults see the stage env', 'FROM scratch\nENV A=1\nARG B=$A-2\nLABEL v=$B', {}, '1-2'],
    ['ARG pairs see each other', 'FROM scratch\nARG A=1 B=${A}2\nLABEL v=$B', {}, '12'],
    [
      'ENV overrides an earlier ARG',
      'FROM scratch\nARG V=arg\nENV V=env\nLABEL v=$V',
      { V: 'build' },
      'env',
    ],
    ['predefined ARGs need a declaration', 'FROM scratch\nLABEL v=[$TARGETOS]', {}, '[]'],
    [
      'declared, they have the target value',
      'FROM scratch\nARG TARGETOS TARGETARCH\nLABEL v=$TARGETOS/$TARGETARCH',
      { TARGETPLATFORM: 'linux/arm64/v8' },
      'linux/arm64',
    ],
    [
      'TARGETVARIANT from the platform',
      'FROM scratch\nARG TARGETVARIANT\nLABEL v=$TARGETVARIANT',
      { TARGETPLATFORM: 'linux/arm/v7' },
      'v7',
    ],
    [
      'a build arg for one predefined ARG',
      'FROM scratch\nARG TARGETARCH\nLABEL v=$TARGETARCH',
      { TARGETARCH: 'riscv64' },
      'riscv64',
    ],
    [
      'an ARG stays in its stage',
      'FROM scratch AS a\nARG X=1\nFROM scratch\nLABEL v=[$X]',
      {},
      '[]',
    ],
  ])('%s', (_name, text, buildArgs, value) => {
    expect(label(text, 'v', buildArgs)).toBe(value);
  });

  it('reports the ARG values the build uses', () => {
    const ins = instructions('ARG G=g\nFROM scratch\nARG A=1 B=$A G U\nARG C', { C: 'c' });
    expect(ins.map((i) => i.args)).toEqual([['A=1', 'B=1', 'G=g', 'U'], ['C=c']]);
  });

  it('lists the global ARGs with their values', () => {
    expect(parse('ARG A=1\nARG B\nARG C=$A$A\nFROM scratch', { B: 'b' }).globalArgs).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'b' },
      { name: 'C', value: '11' },
    ]);
  });

  it('takes the target platform from the options', () => {
    const df = parse(
      'FROM --platform=$TARGETPLATFORM scratch\nARG TARGETARCH\nLABEL v=$TARGETARCH',
      {},
      {
        platform: 'linux/aarch64',
      },
    );
    expect(df.stages[0]?.platform).toBe('linux/arm64');
    expect(stageWords(df, 0)[1]?.args).toEqual(['v', 'arm64']);
  });

  it.each([
    ['ARG IMG\nFROM $IMG', 2, /base name \(\$IMG\) should not be blank/],
    ['ARG =x\nFROM scratch', 1, /ARG names can not be blank/],
    ['ARG A=${B:?needed}\nFROM scratch', 1, /B: needed/],
  ])('%j fails', (text, line, message) => {
    const err = parseError(text);
    expect(err.message).toMatch(new RegExp(`^Dockerfile:${line}: `));
    expect(err.message).toMatch(message);
  });
});

describe('ENV', () => {
  it.each([
    ['ENV a=1 b=$a', ['a', '1', 'b', '']],
    ['ENV a=0\nENV a=1 b=$a', ['a', '1', 'b', '0']],
    ['ENV k v w', ['k', 'v w']],
    ['ENV k "v w"', ['k', 'v w']],
    ['ENV k="v 2" k2=v\\ 3 k3=\'$x\'', ['k', 'v 2', 'k2', 'v 3', 'k3', '$x']],
    ['ENV k=', ['k', '']],
    [
      'ENV PATH=/app/bin:$PATH',
      ['PATH', `/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`],
    ],
    ['ENV x=1\nENV $x=y', ['1', 'y']],
  ])('%s', (text, args) => {
    const list = instructions(`FROM scratch\n${text}`);
    expect(list.at(-1)?.args).toEqual(args);
  });

  it('chains through instructions and stages', () => {
    const text = 'FROM scratch AS base\nENV A=1\nENV B=$A-2\nFROM base\nENV C=$B-3\nLABEL v=$C';
    expect(label(text, 'v')).toBe('1-2-3');
  });

  it('records variables that were not set', () => {
    const ins = only('FROM scratch\nENV a=$NOPE b=${ALSO:-x}');
    expect(ins.unsetVars?.sort()).toEqual(['ALSO', 'NOPE']);
  });

  it.each([
    ['ENV a', /ENV must have two arguments/],
    ['ENV =x', /ENV names can not be blank/],
    ['ENV a=1 b', /can't find = in "b"/],
    ['ENV', /ENV requires at least one argument/],
    ['ENV a=${b:?}', /b: is not allowed to be unset/],
  ])('%s fails', (line, message) => {
    const err = parseError(`FROM scratch\n${line}`);
    expect(err.message).toMatch(/^Dockerfile:2: /);
    expect(err.message).toMatch(message);
  });
});

describe('LABEL quoting', () => {
  it.each([
    ['LABEL "com.example.vendor"="ACME Inc"', ['com.example.vendor', 'ACME Inc']],
    ['LABEL version="1.0" desc=\'single $X\'', ['version', '1.0', 'desc', 'single $X']],
    ['LABEL a="x \\"q\\" y"', ['a', 'x "q" y']],
    ['LABEL multi="line1 \\\n  line2"', ['multi', 'line1   line2']],
    ['LABEL a=$X b="$X" c=\'$X\'', ['a', 'v', 'b', 'v', 'c', '$X']],
    ['LABEL legacy value with spaces', ['legacy', 'value with spaces']],
    ['LABEL $X=key', ['v', 'key']],
  ])('%s', (line, args) => {
    expect(instructions(`FROM scratch\nENV X=v\n${line}`).at(-1)?.args).toEqual(args);
  });
});

describe('stages', () => {
  const text = [
    'FROM golang:1.22 AS Build',
    'FROM scratch AS final',
    'COPY --from=build /out/app /app',
    'COPY --from=0 /etc/ssl /etc/ssl',
    'COPY --from=nginx:latest /etc/nginx /etc/nginx',
    'FROM final',
    'FROM BUILD AS again',
  ].join('\n');

  it('names, bases and COPY --from references', () => {
    const df = parse(text);
    expect(df.stages.map((s) => [s.index, s.name, s.base, s.baseStage, s.line])).toEqual([
      [0, 'build', 'golang:1.22', undefined, 1],
      [1, 'final', 'scratch', undefined, 2],
      [2, undefined, 'final', 1, 6],
      [3, 'again', 'BUILD', 0, 7],
    ]);
    expect(stageWords(df, 1).map((i) => i.fromStage)).toEqual([0, 0, undefined]);
  });

  it.each([
    [undefined, [0, 3]],
    ['final', [0, 1]],
    ['build', [0]],
    ['AGAIN', [0, 3]],
  ])('target %s needs stages %j', (target, stages) => {
    const df = parse(text);
    expect(neededStages(df, target)).toEqual(stages);
  });

  it('COPY --from adds the stage it copies from', () => {
    const df = parse('FROM scratch AS a\nFROM scratch AS b\nFROM scratch\nCOPY --from=a / /');
    expect(neededStages(df)).toEqual([0, 2]);
  });

  it.each([
    ['FROM x AS 1abc', /invalid name for build stage: "1abc"/],
    ['FROM x AS', /FROM requires either one or three arguments/],
    ['FROM', /FROM requires either one or three arguments/],
    ['FROM x y z', /FROM requires either one or three arguments/],
    ['FROM --platfrom=linux/amd64 x', /Unknown flag: platfrom/],
  ])('%s fails', (line, message) => {
    const err = parseError(line);
    expect(err.message).toMatch(/^Dockerfile:1: /);
    expect(err.message).toMatch(message);
  });

  it('rejects an unknown target', () => {
    expect(() => parse('FROM scratch AS a', {}, { target: 'nope' })).toThrow(
      /target stage "nope" could not be found/,
    );
  });

  it('rejects COPY --from a later stage in a needed stage', () => {
    const text = 'FROM scratch AS a\nCOPY --from=b / /\nFROM scratch AS b';
    expect(parse(text).stages).toHaveLength(2); // the default target (b) does not need a
    const err = parseError(text, {}, { target: 'a' });
    expect(err.message).toMatch(/^Dockerfile:2: cannot copy from stage "b"/);
  });

  it('rejects an out-of-range stage index', () => {
    expect(parseError('FROM scratch\nCOPY --from=3 / /').message).toMatch(
      /^Dockerfile:2: invalid stage index 3/,
    );
  });

  it('ignores expansion errors in stages the target does not need', () => {
    const df = parse('FROM scratch AS unused\nENV A=${NEED:?}\nFROM scratch\nLABEL ok=1');
    expect(stageWords(df, 1)[0]?.args).toEqual(['ok', '1']);
    const err = parseError(
      'FROM scratch AS unused\nENV A=${NEED:?}\nFROM scratch\nLABEL ok=1',
      {},
      { target: 'unused' },
    );
    expect(err.message).toMatch(/^Dockerfile:2: .*NEED: is not allowed to be unset/);
  });

  it('expands variables with a supplied base image environment', () => {
    const text = 'FROM golang:1.22\nWORKDIR $GOPATH/src\nENV PATH=/x:$PATH';
    const unknown = parse(text);
    expect(unknown.stages[0]?.baseEnvKnown).toBe(false);
    expect(stageWords(unknown, 0)[0]).toMatchObject({
      args: ['/src'],
      unsetVars: ['GOPATH'],
    });

    const known = parse(text, {}, { baseImageEnv: () => ['GOPATH=/go', 'PATH=/go/bin:/usr/bin'] });
    expect(known.stages[0]?.baseEnvKnown).toBe(true);
    expect(stageWords(known, 0).map((i) => i.args)).toEqual([
      ['/go/src'],
      ['PATH', '/x:/go/bin:/usr/bin'],
    ]);
  });
});

describe('COPY and ADD flags', () => {
  it.each([
    ['COPY --chown=1000:1000 --chmod=755 a /b', { chown: '1000:1000', chmod: '755' }],
    ['COPY --link a /b', { link: 'true' }],
    ['COPY --link=false a /b', {}],
    ['COPY --link a /b', { link: 'true' }],
    ['COPY --from=build --parents a /b', { from: 'build', parents: 'true' }],
    ['COPY --exclude=*.md --exclude=*.txt . /b', { exclude: '*.txt' }],
    ['COPY --chown=$U:$G a /b', { chown: 'app:' }],
    ['COPY --chown="app user" a /b', { chown: 'app user' }],
    [
      'ADD --checksum=sha256:abc --chmod=0644 https://x/y /z',
      { checksum: 'sha256:abc', chmod: '0644' },
    ],
    ['ADD --keep-git-dir git@github.com:o/r.git /src', { 'keep-git-dir': 'true' }],
    ['COPY -- --weird /b', {}],
  ])('%s', (line, flags) => {
    expect(instructions(`FROM scratch\nENV U=app\n${line}`).at(-1)?.flags).toEqual(flags);
  });

  it.each([
    ['COPY app-$V.tar "${D}/"', ['app-1.2.tar', '/srv/']],
    ['COPY ["app-$V.tar", "${D}/my app/"]', ['app-1.2.tar', '/srv/my app/']],
    ["COPY 'app-$V.tar' $D", ['app-$V.tar', '/srv']],
  ])('expands sources and destination: %s', (line, args) => {
    expect(instructions(`FROM scratch\nENV D=/srv V=1.2\n${line}`).at(-1)?.args).toEqual(args);
  });

  it('splits shell-form sources before expanding them, as Docker does', () => {
    const err = parseError('FROM scratch\nCOPY a "/my dir/"');
    expect(err.message).toMatch(
      /^Dockerfile:2: failed to process "\\"\/my": unexpected end of statement/,
    );
  });

  it('refuses a variable in --from, in any stage, as current BuildKit', () => {
    const err = parseError('FROM scratch AS s\nENV S=s\nCOPY --from=$S / /\nFROM scratch AS t');
    expect(err.message).toBe(
      'Dockerfile:3: variable expansion is not supported for --from (--from=$S)',
    );
    expect(err.hint).toMatch(/FROM \$\{SRC\} AS src/);
    const df = parse('FROM scratch AS s\nFROM scratch\nCOPY --from=S / /');
    expect(stageWords(df, 1)[0]?.fromStage).toBe(0);
  });

  it.each([
    ['COPY --foo=bar a /b', /Unknown flag: foo/],
    ['COPY --checksum=x a /b', /Unknown flag: checksum/],
    ['COPY --chown a /b', /Missing a value on flag: chown/],
    ['COPY --link=maybe a /b', /Expecting boolean value for flag link, not: maybe/],
    ['COPY --chown=a --chown=b a /b', /Duplicate flag specified: chown/],
    ['COPY a', /COPY requires at least two arguments/],
    ['ADD a', /ADD requires at least two arguments/],
    ['ENV --x=1 a=b', /Unknown flag: x/],
    ['WORKDIR --x=1 /a', /Unknown flag: x/],
    ['RUN --mnt=type=cache true', /Unknown flag: mnt/],
  ])('%s fails with file:line', (line, message) => {
    const err = parseError(`FROM scratch\n${line}`);
    expect(err.message).toMatch(/^Dockerfile:2: /);
    expect(err.message).toMatch(message);
    expect(err.annotation).toEqual({ file: FILE, line: 2 });
  });
});

describe('other instructions', () => {
  it.each([
    ['ENV P="80 443"\nEXPOSE $P 8080/udp', ['80', '443', '8080/udp']],
    ['ENV W=/srv\nWORKDIR $W/app', ['/srv/app']],
    ['ENV U=nobody\nUSER ${U}:${G:-nogroup}', ['nobody:nogroup']],
    ['ENV S=SIGINT\nSTOPSIGNAL $S', ['SIGINT']],
    ['ENV D=/data\nVOLUME ["$D", "/logs"]', ['/data', '/logs']],
    ['ENV X=1\nCMD echo $X', ['echo $X']],
    ['ENV X=1\nMAINTAINER $X', ['$X']],
  ])('%s', (text, args) => {
    expect(instructions(`FROM scratch\n${text}`).at(-1)?.args).toEqual(args);
  });

  it.each([
    ['STOPSIGNAL --x=1 SIGTERM', ['SIGTERM']],
    ['ARG --x=1 A=1', ['A=1']],
  ])('ignores flags where Docker ignores them: %s', (line, args) => {
    expect(only(`FROM scratch\n${line}`)).toMatchObject({ args, flags: {} });
  });
});

describe('errors', () => {
  it.each([
    ['unknown instruction', 'FROM scratch\nFORM x', 2, /unknown instruction: FORM/, /FROM/],
    [
      'unknown instruction in lower case',
      'FROM scratch\n\ncopyy a b',
      3,
      /unknown instruction: COPYY/,
      /COPY/,
    ],
    [
      'instruction before FROM',
      'ARG A\nCOPY a b\nFROM scratch',
      2,
      /no build stage in current context/,
      /ARG/,
    ],
    ['no FROM', 'ARG A=1\nARG B=2', 1, /no stages to build/, /FROM/],
    ['empty file', '', 1, /file with no instructions/, /FROM/],
    [
      'only comments',
      '# syntax=docker/dockerfile:1\n# nothing\n\n',
      1,
      /file with no instructions/,
      /FROM/,
    ],
    ['bad escape directive', '# escape=!\nFROM scratch', 1, /invalid escape token/, /backtick/],
    ['unterminated heredoc', 'FROM scratch\nRUN <<EOF\necho hi', 2, /unterminated heredoc/, /EOF/],
  ])('%s', (_name, text, line, message, hint) => {
    const err = parseError(text);
    expect(err.message).toMatch(new RegExp(`^Dockerfile:${line}: `));
    expect(err.message).toMatch(message);
    expect(err.hint ?? '').toMatch(hint);
    expect(err.annotation).toEqual({ file: FILE, line });
  });
});

describe('heredocs', () => {
  it('skips heredoc bodies and marks the instruction', () => {
    const df = parse(
      [
        'FROM scratch',
        'COPY <<EOF /etc/motd',
        'FROM not-an-instruction',
        'EOF',
        'RUN <<-EOT sh',
        '\techo $HOME',
        '\tEOT',
        'COPY <<"A" <<B /x/',
        'a',
        'A',
        'b',
        'B',
        'LABEL after=1',
      ].join('\n'),
    );
    const list = stageWords(df, 0);
    expect(list.map((i) => [i.keyword, i.line, i.endLine, i.heredoc ?? false])).toEqual([
      ['COPY', 2, 4, true],
      ['RUN', 5, 7, true],
      ['COPY', 8, 12, true],
      ['LABEL', 13, 13, false],
    ]);
  });

  // BuildKit: instructions/parse.go parseSourcesAndDest (bodies, ChompHeredocContent) and
  // dockerfile2llb's ExpandRaw (a `\\` lexer that keeps quotes) for unquoted names.
  it('gives COPY its heredoc sources: bodies, <<- tabs, expansion only for unquoted names', () => {
    const text = [
      'FROM scratch',
      'ENV NAME=world',
      'COPY --chown=1:2 --chmod=0600 <<EOF <<-\'RAW\' a.txt <<"Q" /dst/',
      'hello $NAME "quoted" \\$NAME',
      'EOF',
      '\tkeep $NAME',
      '\t\tRAW',
      '${NAME}',
      'Q',
    ].join('\n');
    const copy = parse(text).stages[0]?.instructions[1];
    expect(copy).toMatchObject({
      keyword: 'COPY',
      sources: ['a.txt'],
      dest: '/dst/',
      chown: '1:2',
      chmod: '0600',
      link: false,
      heredocs: [
        { name: 'EOF', data: 'hello world "quoted" $NAME\n', expand: true },
        { name: 'RAW', data: 'keep $NAME\n', expand: false },
        { name: 'Q', data: '${NAME}\n', expand: false },
      ],
    });
  });

  it('refuses a heredoc as the destination', () => {
    expect(parseError('FROM scratch\nCOPY a <<EOF\nx\nEOF').message).toMatch(
      /COPY cannot accept a heredoc as a destination/,
    );
  });

  it('declares the flags where each instruction is parsed', () => {
    const copy = parse('FROM scratch\nCOPY --link --exclude=a --exclude=b x /y').stages[0]
      ?.instructions[0];
    expect(copy).toMatchObject({ link: true, exclude: ['a', 'b'], parents: false });
    expect(parseError('FROM scratch\nCOPY --keep-git-dir x /y').message).toBe(
      'Dockerfile:2: Unknown flag: keep-git-dir',
    );
  });

  it.each([
    ['RUN ["cat", "<<EOF"]', false],
    ['RUN echo "<<EOF"', false],
    ['LABEL a=<<EOF', false],
  ])('%s is not a heredoc', (line, heredoc) => {
    expect(only(`FROM scratch\n${line}`).heredoc ?? false).toBe(heredoc);
  });
});

describe('unsupportedInNative', () => {
  it.each([
    ['RUN', 'FROM scratch\nLABEL a=b\n\nRUN echo hi', 4, 'RUN', /container/],
    [
      'RUN after a continuation',
      'FROM scratch\nLABEL a=b \\\n  c=d\nRUN \\\n  true',
      4,
      'RUN',
      /container/,
    ],
    ['ADD of a URL', 'FROM scratch\nADD https://example.com/x.tgz /x', 2, 'ADD', /remote source/],
    [
      'ADD of a git repository',
      'FROM scratch\nADD git@github.com:o/r.git /r',
      2,
      'ADD',
      /remote source/,
    ],
    ['ADD --checksum', 'FROM scratch\nADD --checksum=sha256:00 a /a', 2, 'ADD', /checksum/],
    ['a RUN heredoc', 'FROM scratch\nRUN <<EOF\necho hi\nEOF', 2, 'RUN', /container/],
    ['COPY --parents', 'FROM scratch\nCOPY --parents a/b /a', 2, 'COPY', /--parents/],
    ['COPY --exclude', 'FROM scratch\nCOPY --exclude=*.md . /a', 2, 'COPY', /--exclude/],
    [
      'ONBUILD in a stage a later one starts FROM',
      'FROM scratch AS a\nONBUILD COPY . /app\nFROM a',
      2,
      'ONBUILD',
      /stage 1 starts FROM this stage/,
    ],
    ['an unresolved --platform', 'FROM --platform=$NOPE scratch', 1, 'FROM', /\$NOPE/],
    [
      'a custom frontend',
      '# syntax=example.com/my/frontend:1\nFROM scratch',
      1,
      '# syntax',
      /frontend/,
    ],
    [
      'an ADD source made of a variable of an unknown base image (it may be a URL)',
      'FROM alpine\nADD $SRC /x',
      2,
      'ADD',
      /\$SRC.*alpine.*remote/,
    ],
  ])('%s', (_name, text, line, instruction, reason) => {
    const found = unsupportedInNative(parse(text));
    expect(found).toMatchObject({ file: FILE, line, instruction });
    expect(found?.reason).toMatch(reason);
  });

  it.each([
    [
      'COPY, ENV, LABEL and config',
      'FROM alpine:3.19\nENV A=1\nLABEL b=$A\nCOPY --chown=1:1 . /app\nWORKDIR /app\nUSER 1\nEXPOSE 80\nCMD ["/app"]',
    ],
    ['COPY --from a stage', 'FROM scratch AS a\nCOPY x /x\nFROM scratch\nCOPY --from=a /x /x'],
    ['a stock frontend', '# syntax=docker/dockerfile:1.7\nFROM scratch\nCOPY a /a'],
    [
      'a pinned stock frontend',
      `# syntax=docker.io/docker/dockerfile:1@sha256:${'a'.repeat(64)}\nFROM scratch`,
    ],
    ['--platform from a predefined ARG', 'FROM --platform=$BUILDPLATFORM scratch\nCOPY a /a'],
    ['a local ADD', 'FROM scratch\nADD app.tar.gz /'],
    ['a variable set in the stage', 'FROM alpine\nENV D=/x\nWORKDIR $D'],
    // Issue 12 item 6: the build resolves these with the base image's config env.
    ['a variable of an unknown base image', 'FROM alpine\nWORKDIR $HOME'],
    ['ENV PATH=$PATH:/extra over a registry base', 'FROM alpine\nENV PATH=$PATH:/extra'],
    ['a default for a variable not in the base', 'FROM alpine\nCOPY a ${NOT_IN_BASE:-/dflt}/'],
    ['a required variable the base may set', 'FROM alpine\nWORKDIR ${APP_HOME:?}'],
    // Issue 12 item 10: modern syntax of RUN-less Dockerfiles.
    ['a COPY heredoc', 'FROM scratch\nCOPY <<EOF /x\nhi\nEOF\nLABEL a=b'],
    ['COPY --link', 'FROM scratch\nCOPY --link a /a'],
    ['HEALTHCHECK --start-interval', 'FROM scratch\nHEALTHCHECK --start-interval=1s CMD ["/hc"]'],
    ['COPY --from an image', 'FROM scratch\nCOPY --from=alpine /etc/passwd /'],
    ['ONBUILD (recorded in the config)', 'FROM scratch\nONBUILD COPY . /app'],
  ])('accepts %s', (_name, text) => {
    expect(unsupportedInNative(parse(text))).toBeUndefined();
  });

  it('looks only at the stages the target needs', () => {
    const text =
      'FROM alpine AS tools\nRUN apk add curl\nFROM scratch AS app\nCOPY a /a\nFROM tools AS debug';
    const df = parse(text);
    expect(unsupportedInNative(df, 'app')).toBeUndefined();
    expect(unsupportedInNative(df)).toMatchObject({ line: 2, instruction: 'RUN' });
    expect(unsupportedInNative(df, 'tools')).toMatchObject({ line: 2, instruction: 'RUN' });
  });

  it('parses the ONBUILD triggers of a base image before the stage, at its FROM line', () => {
    const df = parseDockerfile(
      'FROM base\nENV B=2\n',
      FILE,
      {},
      {
        baseImageEnv: () => ['A=1'],
        baseImageTriggers: (image) => (image === 'base' ? ['ENV T=$A', 'RUN make'] : undefined),
      },
    );
    const ins = df.stages[0]!.instructions;
    expect(ins.map((i) => [i.keyword, i.line, i.triggerOf])).toEqual([
      ['ENV', 1, 'base'],
      ['RUN', 1, 'base'],
      ['ENV', 2, undefined],
    ]);
    expect(ins[0]).toMatchObject({ env: [{ key: 'T', value: '1' }] });
    expect(ins[1]).toMatchObject({ command: ['make'], prependShell: true });
    expect(unsupportedInNative(df)).toMatchObject({ line: 1, instruction: 'RUN' });
    expect(unsupportedInNative(df)?.reason).toMatch(
      /base image base has the ONBUILD trigger `RUN make`/,
    );
  });

  it.each([
    ['two instructions', 'ENV A=1\nENV B=2', /single expression/],
    ['FROM', 'FROM alpine', /is no command/],
    ['a malformed one', 'COPY onlyone', /COPY requires at least two arguments/],
  ])('refuses a base image ONBUILD trigger of %s, at the FROM line', (_name, trigger, message) => {
    const parseWith = () =>
      parseDockerfile(
        'FROM scratch\nFROM base\n',
        FILE,
        {},
        { baseImageTriggers: () => [trigger] },
      );
    expect(parseWith).toThrow(message);
    expect(parseWith).toThrow(/:2: /);
  });

  it('reports the first instruction in file order', () => {
    const df = parse(
      'FROM scratch AS a\nCOPY --parents x /x\nFROM scratch\nCOPY --from=a /x /x\nRUN true',
    );
    expect(unsupportedInNative(df)).toMatchObject({ line: 2, instruction: 'COPY' });
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['30s', 30e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['250ms', 250e6],
    ['10us', 10e3],
    ['-2s', -2e9],
  ])('%s', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each(['', '5', 's', '1x', '1..2s', '5 s'])('rejects %j', (text) => {
    expect(() => parseGoDuration(text)).toThrow();
  });
});

describe('finalBaseImage', () => {
  it.each<[string, string, string | undefined, Record<string, string>, string | undefined]>([
    ['one stage', 'FROM alpine:3.20\nCOPY a /\n', undefined, {}, 'alpine:3.20'],
    ['scratch', 'FROM scratch\nCOPY a /\n', undefined, {}, undefined],
    ['SCRATCH in capitals', 'FROM SCRATCH\n', undefined, {}, undefined],
    [
      'the last stage, built on an earlier one',
      'FROM node:20 AS deps\nRUN true\nFROM deps AS app\nCOPY . .\n',
      undefined,
      {},
      'node:20',
    ],
    [
      'the target stage, by a name in other case',
      'FROM golang:1.23 AS build\nFROM scratch AS final\n',
      'BUILD',
      {},
      'golang:1.23',
    ],
    [
      'a FROM with a global ARG, set by a build-arg',
      'ARG BASE=alpine:3.19\nFROM ${BASE}\n',
      undefined,
      { BASE: 'debian:12' },
      'debian:12',
    ],
    [
      'a stage whose COPY --from names another image: the FROM still decides',
      'FROM alpine AS a\nFROM busybox\nCOPY --from=a /x /x\n',
      undefined,
      {},
      'busybox',
    ],
  ])('%s', (_name, text, target, args, expected) => {
    expect(finalBaseImage(parse(text, args, { target }), target)).toBe(expected);
  });

  it('refuses a target the Dockerfile does not have', () => {
    expect(() => finalBaseImage(parse('FROM alpine AS a\n'), 'nope')).toThrow(/could not be found/);
  });
});

describe('errors that show nothing of a file that is no Dockerfile', () => {
  it.each([
    ['INPUT_PASSWORD=hunter2\0HOME=/root'],
    ['root:x:0:0:root:/root:/bin/bash'],
    [`${'A'.repeat(21)} x`],
    ['Wört x'],
  ])('does not quote the first word of %j', (text) => {
    const err = parseError(text);
    expect(err.message).toBe(
      'Dockerfile:1: unknown instruction: the line does not start with an instruction name (not shown)',
    );
    expect(err.hint).not.toContain(text.split(/\s/)[0]!.toUpperCase());
  });

  it('still quotes a word that can be a misspelt instruction', () => {
    expect(parseError('FROM scratch\ncopyy a b').message).toBe(
      'Dockerfile:2: unknown instruction: COPYY',
    );
  });
});

describe('limits', () => {
  it('refuses substitutions nested too deep, with the line, without running out of stack', () => {
    const word = `${'${A:-'.repeat(5000)}x${'}'.repeat(5000)}`;
    const err = parseError(`FROM scratch\nENV B=${word}`);
    expect(err.message).toMatch(
      /^Dockerfile:2: failed to process ".{200}\.\.\.": variable substitutions are nested more than 100 deep$/,
    );
    expect(expand('${A:-${B:-${C:-deep}}}', {})).toBe('deep');
  });

  it('refuses a stage named like its own base image, as BuildKit does', () => {
    const err = parseError('FROM a AS a\nCOPY x /');
    expect(err.message).toBe('Dockerfile:1: circular dependency detected on stage: a');
    expect(parseError('FROM scratch AS b\nFROM B AS b').message).toBe(
      'Dockerfile:2: circular dependency detected on stage: b',
    );
    expect(parse('FROM scratch AS a\nFROM a AS b').stages[1]?.baseStage).toBe(0);
  });
});

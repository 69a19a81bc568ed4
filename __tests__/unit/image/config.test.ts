import { describe, expect, it } from 'vitest';

import {
  DEFAULT_PATH,
  epochToCreated,
  parseImageConfig,
  scratchConfig,
  serializeConfig,
  type ImageConfig,
} from '../../../src/image/config.js';
import { goDuration, goQuote } from '../../../src/image/go-format.js';
import { serializeIndex, serializeManifest } from '../../../src/image/image.js';
import { StageImage, parsePortSpec, resolveWorkdir } from '../../../src/image/stage-image.js';
import type { Platform } from '../../../src/image/platform.js';

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const CREATED = epochToCreated(1_700_000_000);

function scratch(): StageImage {
  return new StageImage(scratchConfig(AMD64), AMD64, CREATED);
}

/** A base image config as a registry serves it, legacy fields included. */
const BASE_JSON = JSON.stringify({
  architecture: 'amd64',
  os: 'linux',
  container: 'abc',
  docker_version: '20.10',
  container_config: { Cmd: ['/bin/sh', '-c', '#(nop) x'] },
  created: '2020-01-01T00:00:00Z',
  config: {
    Hostname: '',
    Env: ['PATH=/usr/local/bin:/usr/bin', 'LANG=C.UTF-8'],
    Cmd: ['node'],
    Entrypoint: ['docker-entrypoint.sh'],
    WorkingDir: '/srv',
    Labels: { maintainer: 'someone', 'org.example': 'base' },
    ExposedPorts: { '3000/tcp': {} },
    OnBuild: null,
    Image: 'sha256:1234',
  },
  rootfs: { type: 'layers', diff_ids: ['sha256:aaa', 'sha256:bbb'] },
  history: [
    { created: '2020-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:x in /' },
    { created: '2020-01-01T00:00:00Z', created_by: 'CMD ["node"]', empty_layer: true },
  ],
});

function fromBase(): StageImage {
  return new StageImage(parseImageConfig(BASE_JSON), AMD64, CREATED);
}

function last(img: StageImage): string | undefined {
  return img.image.history[img.image.history.length - 1]?.created_by;
}

describe('the config of a scratch image', () => {
  it('has Docker defaults: PATH, WorkingDir /, platform', () => {
    const cfg = scratch().finish();
    expect(cfg.config.Env).toEqual([`PATH=${DEFAULT_PATH}`]);
    expect(cfg.config.WorkingDir).toBe('/');
    expect(cfg.architecture).toBe('amd64');
    expect(cfg.os).toBe('linux');
    expect(cfg.created).toBe('2023-11-14T22:13:20Z');
    expect(cfg.rootfs).toEqual({ type: 'layers', diff_ids: [] });
  });

  it('carries the platform variant', () => {
    const arm: Platform = { os: 'linux', architecture: 'arm', variant: 'v7' };
    const cfg = new StageImage(scratchConfig(arm), arm, CREATED).finish();
    expect(cfg.variant).toBe('v7');
  });
});

describe('instructions', () => {
  interface Case {
    name: string;
    base?: () => StageImage;
    apply: (img: StageImage) => void;
    expect: (cfg: ImageConfig, img: StageImage) => void;
    history?: string;
  }
  const cases: Case[] = [
    {
      name: 'ENV appends new variables in order',
      apply: (i) =>
        i.env([
          ['A', '1'],
          ['B', 'two words'],
        ]),
      expect: (c) => expect(c.config.Env).toEqual([`PATH=${DEFAULT_PATH}`, 'A=1', 'B=two words']),
      history: 'ENV A=1 B=two words',
    },
    {
      name: 'ENV replaces an existing variable in place',
      base: fromBase,
      apply: (i) => i.env([['PATH', '/x:/usr/local/bin:/usr/bin']]),
      expect: (c) =>
        expect(c.config.Env).toEqual(['PATH=/x:/usr/local/bin:/usr/bin', 'LANG=C.UTF-8']),
    },
    {
      name: 'LABEL merges with the base labels, later values win',
      base: fromBase,
      apply: (i) =>
        i.label([
          ['org.example', 'mine'],
          ['new', 'a b'],
        ]),
      expect: (c) =>
        expect(c.config.Labels).toEqual({
          maintainer: 'someone',
          'org.example': 'mine',
          new: 'a b',
        }),
      history: 'LABEL org.example=mine new=a b',
    },
    {
      name: 'EXPOSE defaults to tcp, lower-cases the protocol and expands ranges',
      apply: (i) => i.expose(['80', '53/UDP', '8000-8002']),
      expect: (c) =>
        expect(Object.keys(c.config.ExposedPorts ?? {}).sort()).toEqual([
          '53/udp',
          '80/tcp',
          '8000/tcp',
          '8001/tcp',
          '8002/tcp',
        ]),
      history: 'EXPOSE [80/tcp 53/udp 8000/tcp 8001/tcp 8002/tcp]',
    },
    {
      name: 'EXPOSE adds to the base ports',
      base: fromBase,
      apply: (i) => i.expose(['8080']),
      expect: (c) =>
        expect(Object.keys(c.config.ExposedPorts ?? {}).sort()).toEqual(['3000/tcp', '8080/tcp']),
    },
    {
      name: 'CMD in exec form is kept as is and sets ArgsEscaped',
      apply: (i) => i.cmd(['/hello', 'a b'], false),
      expect: (c) => {
        expect(c.config.Cmd).toEqual(['/hello', 'a b']);
        expect(c.config.ArgsEscaped).toBe(true);
      },
      history: 'CMD ["/hello" "a b"]',
    },
    {
      name: 'CMD in shell form runs /bin/sh -c',
      apply: (i) => i.cmd(['echo "hi" && exit 1'], true),
      expect: (c) => expect(c.config.Cmd).toEqual(['/bin/sh', '-c', 'echo "hi" && exit 1']),
      history: 'CMD ["/bin/sh" "-c" "echo \\"hi\\" && exit 1"]',
    },
    {
      name: 'shell form uses SHELL when set',
      apply: (i) => {
        i.shell(['/bin/bash', '-eo', 'pipefail', '-c']);
        i.entrypoint(['run it'], true);
      },
      expect: (c) => {
        expect(c.config.Entrypoint).toEqual(['/bin/bash', '-eo', 'pipefail', '-c', 'run it']);
        expect(c.config.Shell).toEqual(['/bin/bash', '-eo', 'pipefail', '-c']);
      },
      history: 'ENTRYPOINT ["/bin/bash" "-eo" "pipefail" "-c" "run it"]',
    },
    {
      name: 'ENTRYPOINT clears the CMD inherited from the base image',
      base: fromBase,
      apply: (i) => i.entrypoint(['/app'], false),
      expect: (c) => {
        expect(c.config.Entrypoint).toEqual(['/app']);
        expect(c.config.Cmd).toBeUndefined();
      },
    },
    {
      name: 'ENTRYPOINT keeps a CMD set earlier in the same stage',
      base: fromBase,
      apply: (i) => {
        i.cmd(['--serve'], false);
        i.entrypoint(['/app'], false);
      },
      expect: (c) => expect(c.config.Cmd).toEqual(['--serve']),
    },
    {
      name: 'CMD after ENTRYPOINT is kept',
      apply: (i) => {
        i.entrypoint(['/app'], false);
        i.cmd(['x'], false);
      },
      expect: (c) => {
        expect(c.config.Entrypoint).toEqual(['/app']);
        expect(c.config.Cmd).toEqual(['x']);
      },
    },
    {
      name: 'WORKDIR is relative to the previous one and cleaned',
      apply: (i) => {
        i.setWorkdir('/app');
        i.setWorkdir('src/../lib');
      },
      expect: (c) => expect(c.config.WorkingDir).toBe('/app/lib'),
    },
    {
      name: 'WORKDIR relative to the base image working directory',
      base: fromBase,
      apply: (i) => i.workdirHistory(i.setWorkdir('app'), true, 'sha256:ccc'),
      expect: (c) => {
        expect(c.config.WorkingDir).toBe('/srv/app');
        expect(c.rootfs.diff_ids).toEqual(['sha256:aaa', 'sha256:bbb', 'sha256:ccc']);
      },
      history: 'WORKDIR /srv/app',
    },
    {
      name: 'USER is recorded as written',
      apply: (i) => i.user('1000:1000'),
      expect: (c) => expect(c.config.User).toBe('1000:1000'),
      history: 'USER 1000:1000',
    },
    {
      name: 'VOLUME adds paths',
      apply: (i) => i.volume(['/data', '/logs']),
      expect: (c) => expect(c.config.Volumes).toEqual({ '/data': {}, '/logs': {} }),
      history: 'VOLUME [/data /logs]',
    },
    {
      name: 'STOPSIGNAL accepts names and numbers',
      apply: (i) => {
        i.stopSignal('9');
        i.stopSignal('SIGQUIT');
      },
      expect: (c) => expect(c.config.StopSignal).toBe('SIGQUIT'),
      history: 'STOPSIGNAL SIGQUIT',
    },
    {
      name: 'HEALTHCHECK stores durations in nanoseconds',
      apply: (i) =>
        i.healthcheck({ test: ['CMD', '/hc'], interval: 5e9, timeout: 90e9, retries: 3 }),
      expect: (c) =>
        expect(c.config.Healthcheck).toEqual({
          Test: ['CMD', '/hc'],
          Interval: 5_000_000_000,
          Timeout: 90_000_000_000,
          Retries: 3,
        }),
      history:
        'HEALTHCHECK {Test:[CMD /hc] Interval:5s Timeout:1m30s StartPeriod:0s StartInterval:0s Retries:3}',
    },
    {
      name: 'HEALTHCHECK NONE',
      apply: (i) => i.healthcheck({ test: ['NONE'] }),
      expect: (c) => expect(c.config.Healthcheck).toEqual({ Test: ['NONE'] }),
    },
    {
      name: 'ARG only adds history',
      apply: (i) =>
        i.arg([
          ['VERSION', '1.2'],
          ['EMPTY', undefined],
        ]),
      expect: (c) => expect(c.config.Env).toEqual([`PATH=${DEFAULT_PATH}`]),
      history: 'ARG VERSION=1.2 EMPTY',
    },
    {
      name: 'a layer adds its diff_id and a non-empty history entry',
      apply: (i) => i.addLayer('sha256:ddd', 'COPY hello / # buildkit'),
      expect: (c) => {
        expect(c.rootfs.diff_ids).toEqual(['sha256:ddd']);
        expect(c.history[0]).toEqual({
          created: CREATED,
          created_by: 'COPY hello / # buildkit',
          comment: 'buildkit.dockerfile.v0',
        });
      },
    },
    {
      name: 'labels of the build are set last, without history',
      base: fromBase,
      apply: (i) =>
        i.setLabels({ 'org.example': 'build', 'org.opencontainers.image.revision': 'abc' }),
      expect: (c) => {
        expect(c.config.Labels).toEqual({
          maintainer: 'someone',
          'org.example': 'build',
          'org.opencontainers.image.revision': 'abc',
        });
        expect(c.history).toHaveLength(2);
      },
    },
  ];

  it.each(cases)('$name', (c) => {
    const img = (c.base ?? scratch)();
    c.apply(img);
    c.expect(img.finish(), img);
    if (c.history !== undefined) {
      expect(last(img)).toBe(c.history);
      const h = img.image.history[img.image.history.length - 1]!;
      expect(h.comment).toBe('buildkit.dockerfile.v0');
      expect(h.created).toBe(CREATED);
      if (!c.history.endsWith('# buildkit') && !c.history.startsWith('WORKDIR')) {
        expect(h.empty_layer).toBe(true);
      }
    }
  });

  it.each([
    ['EXPOSE with an unknown protocol', (i: StageImage) => i.expose(['80/http']), /Invalid proto/],
    ['EXPOSE with a bad port', (i: StageImage) => i.expose(['99999']), /Invalid containerPort/],
    ['STOPSIGNAL with a bad name', (i: StageImage) => i.stopSignal('SIGNOPE'), /STOPSIGNAL/],
    [
      'HEALTHCHECK without a command',
      (i: StageImage) => i.healthcheck({ test: ['CMD'] }),
      /requires a command/,
    ],
    ['VOLUME with an empty path', (i: StageImage) => i.volume(['']), /empty/],
    ['SHELL without arguments', (i: StageImage) => i.shell([]), /SHELL/],
  ] as const)('refuses %s', (_name, apply, message) => {
    expect(() => apply(scratch())).toThrow(message);
  });
});

describe('base images', () => {
  it('keeps the fields of an image config and drops the legacy ones', () => {
    const cfg = parseImageConfig(BASE_JSON);
    expect(Object.keys(cfg).sort()).toEqual(['architecture', 'config', 'history', 'os', 'rootfs']);
    expect(cfg.config).toEqual({
      Env: ['PATH=/usr/local/bin:/usr/bin', 'LANG=C.UTF-8'],
      Cmd: ['node'],
      Entrypoint: ['docker-entrypoint.sh'],
      WorkingDir: '/srv',
      Labels: { maintainer: 'someone', 'org.example': 'base' },
      ExposedPorts: { '3000/tcp': {} },
    });
    expect(cfg.history).toHaveLength(2);
  });

  it('inherits the base history, diff_ids and settings, with a new created time', () => {
    const img = fromBase();
    img.addLayer('sha256:ccc', 'COPY . /srv # buildkit');
    const cfg = img.finish();
    expect(cfg.rootfs.diff_ids).toEqual(['sha256:aaa', 'sha256:bbb', 'sha256:ccc']);
    expect(cfg.history.map((h) => h.created_by)).toEqual([
      '/bin/sh -c #(nop) ADD file:x in /',
      'CMD ["node"]',
      'COPY . /srv # buildkit',
    ]);
    expect(cfg.history[0]!.created).toBe('2020-01-01T00:00:00Z');
    expect(cfg.created).toBe(CREATED);
    expect(cfg.config.Cmd).toEqual(['node']);
    expect(img.workdir).toBe('/srv');
  });

  it('adds the default PATH when the base image has none', () => {
    const cfg = parseImageConfig(
      JSON.stringify({ architecture: 'amd64', os: 'linux', config: {} }),
    );
    expect(new StageImage(cfg, AMD64, CREATED).finish().config.Env).toEqual([
      `PATH=${DEFAULT_PATH}`,
    ]);
  });

  it('refuses a config that is not JSON', () => {
    expect(() => parseImageConfig('{nope')).toThrow(/not JSON/);
  });
});

describe('serialization', () => {
  it('writes the config like BuildKit: sorted top-level keys, Go field order, sorted maps', () => {
    const img = scratch();
    img.label([
      ['z', '1'],
      ['10', 'numeric keys sort as strings'],
      ['a', '<&>'],
    ]);
    img.expose(['443', '80']);
    img.cmd(['/hello'], false);
    img.user('app');
    img.addLayer('sha256:abc', 'COPY hello / # buildkit');
    const json = serializeConfig(img.finish()).toString();
    expect(json).toBe(
      '{"architecture":"amd64",' +
        '"config":{"User":"app","ExposedPorts":{"443/tcp":{},"80/tcp":{}},' +
        `"Env":["PATH=${DEFAULT_PATH}"],"Cmd":["/hello"],"WorkingDir":"/",` +
        '"Labels":{"10":"numeric keys sort as strings","a":"\\u003c\\u0026\\u003e","z":"1"},' +
        '"ArgsEscaped":true},' +
        '"created":"2023-11-14T22:13:20Z",' +
        '"history":[' +
        '{"created":"2023-11-14T22:13:20Z","created_by":"LABEL z=1 10=numeric keys sort as strings a=\\u003c\\u0026\\u003e","comment":"buildkit.dockerfile.v0","empty_layer":true},' +
        '{"created":"2023-11-14T22:13:20Z","created_by":"EXPOSE [443/tcp 80/tcp]","comment":"buildkit.dockerfile.v0","empty_layer":true},' +
        '{"created":"2023-11-14T22:13:20Z","created_by":"CMD [\\"/hello\\"]","comment":"buildkit.dockerfile.v0","empty_layer":true},' +
        '{"created":"2023-11-14T22:13:20Z","created_by":"USER app","comment":"buildkit.dockerfile.v0","empty_layer":true},' +
        '{"created":"2023-11-14T22:13:20Z","created_by":"COPY hello / # buildkit","comment":"buildkit.dockerfile.v0"}],' +
        '"os":"linux",' +
        '"rootfs":{"type":"layers","diff_ids":["sha256:abc"]}}',
    );
    expect(JSON.parse(json).config.Labels.a).toBe('<&>');
  });

  it('gives the same bytes for the same config whatever order it was built in', () => {
    const a = scratch();
    a.label([
      ['x', '1'],
      ['y', '2'],
    ]);
    const b = scratch();
    b.label([
      ['x', '1'],
      ['y', '2'],
    ]);
    // Same labels inserted in a different order in the map.
    b.image.config.Labels = { y: '2', x: '1' };
    expect(serializeConfig(b.finish()).equals(serializeConfig(a.finish()))).toBe(true);
  });

  it('writes an OCI manifest with config and layers, no annotations', () => {
    const m = serializeManifest(
      { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c', size: 10 },
      [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l', size: 20 }],
    ).toString();
    expect(m).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' +
        '"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:c","size":10},' +
        '"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:l","size":20}]}',
    );
  });

  it('writes an OCI index with platforms', () => {
    const idx = serializeIndex([
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:a',
        size: 1,
        platform: { os: 'linux', architecture: 'arm64' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:b',
        size: 2,
        platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
      },
    ]).toString();
    expect(idx).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[' +
        '{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:a","size":1,"platform":{"architecture":"arm64","os":"linux"}},' +
        '{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:b","size":2,"platform":{"architecture":"arm","os":"linux","variant":"v7"}}]}',
    );
  });
});

describe('Go formatting helpers', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\tnew\nline', '"tab\\tnew\\nline"'],
    ['\u0001', '"\\x01"'],
    ['é✓', '"é✓"'],
  ])('goQuote(%j) = %s', (input, out) => {
    expect(goQuote(input)).toBe(out);
  });

  it.each([
    [0, '0s'],
    [5e9, '5s'],
    [1.5e9, '1.5s'],
    [90e9, '1m30s'],
    [3600e9, '1h0m0s'],
    [500e6, '500ms'],
    [1500, '1.5µs'],
  ])('goDuration(%d) = %s', (ns, out) => {
    expect(goDuration(ns)).toBe(out);
  });

  it('resolves WORKDIR paths', () => {
    expect(resolveWorkdir('/', 'app')).toBe('/app');
    expect(resolveWorkdir('/a/b', '../c/./d/')).toBe('/a/c/d');
    expect(resolveWorkdir('/a', '/x/../y')).toBe('/x/../y');
    expect(resolveWorkdir('/x/../y', 'z/')).toBe('/y/z');
    expect(resolveWorkdir('', 'rel')).toBe('/rel');
  });

  it('parses port specs', () => {
    expect(parsePortSpec('127.0.0.1:8080:80/udp')).toEqual(['80/udp']);
    expect(() => parsePortSpec('')).toThrow(/No port/);
  });
});

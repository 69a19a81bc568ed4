// Equivalence with the Docker engine: every build context under fixtures/equivalence/ is
// built by the engine's BuildKit (`DOCKER_BUILDKIT=1 docker build` with the Docker 20.10
// client, /usr/bin/docker; EQUIVALENCE_DOCKER names another) and by the native builder,
// then the two images are compared layer by layer (the layer count included), entry by
// entry (path as bytes, type, mode, owner, size, contents, symlink and hard-link target),
// and on the config fields a Dockerfile sets, the author (MAINTAINER) and the platform.
// Cases that both builders refuse (`refused`) check the native error instead. Where the engine and the native builder
// legitimately differ, KNOWN_DIFFERENCES says why and how the comparison accounts for it.
// Each case is also built natively twice more, from copies of its context at other paths
// with other file times, and must give the same manifest digest.
//
// Needs the services of .ci/services: the Docker engine and the registry on 127.0.0.1:5000.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  createReadStream,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import * as tarStream from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  makeTar,
  prepareArchiveFormats,
  prepareHardlinks,
  prepareOwners,
  prepareRawNames,
} from './equivalence-archives.js';
import { parseTar, showBytes, type TarEntry } from './layer-tar.js';
import { pushWhiteoutImage } from './equivalence-whiteouts.js';
import { resolveBaseImage } from '../../src/image/base-image.js';
import { hostPlatform } from '../../src/image/platform.js';
import type { BuiltImage } from '../../src/image/built-image.js';
import { buildNative } from '../../src/builders/native/build.js';
import { wordHint } from '../../src/core/errors.js';
import { LocatedError } from '../../src/dockerfile/located.js';
import { RegistryClient } from '../../src/registry/client.js';
import {
  REGISTRY,
  deleteManifest,
  dockerSession,
  requireServices,
  uniqueRepo,
  type DockerSession,
} from '../fixtures/registry.js';
import { tempDirs } from '../fixtures/temp-dirs.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/equivalence/', import.meta.url));
/** SOURCE_DATE_EPOCH of the native builds. */
const EPOCH = 1_700_000_000;
const PLATFORM = hostPlatform();
/** Engine builds at the same time (the client is mostly waiting on the engine). */
const ENGINE_CONCURRENCY = 4;

// ---------------------------------------------------------------------------
// What is compared

/** One entry of a layer tar. */
interface Entry {
  /** Relative, without `./` or a trailing slash. */
  path: string;
  /** file, directory, symlink, link (a hard link), other */
  type: string;
  /** The tar header's mode: permission bits and the file type bits. */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** sha256 of the contents (files). */
  sha256?: string;
  /** Symlink (or hard link) target. */
  linkname?: string;
  /** Seconds since 1970; not compared (see KNOWN_DIFFERENCES.timestamps). */
  mtime: number;
}

interface Layer {
  /** The history entry that made it (for messages and normalizations). */
  createdBy: string;
  /** The USER in effect when it was made ('' for root). */
  user: string;
  entries: Entry[];
}

/** The config fields a Dockerfile sets. */
const CONFIG_FIELDS = [
  'Env',
  'Cmd',
  'Entrypoint',
  'WorkingDir',
  'User',
  'ExposedPorts',
  'Labels',
  'Volumes',
  'StopSignal',
  'Healthcheck',
  'Shell',
  'OnBuild',
] as const;

type ConfigField = (typeof CONFIG_FIELDS)[number];
type Config = Partial<Record<ConfigField, unknown>>;

/** The image's own fields besides its config: MAINTAINER's author, and the platform. */
interface ImageFields {
  author?: string;
  architecture?: string;
  os?: string;
  variant?: string;
}

interface Listing {
  layers: Layer[];
  config: Config;
  image: ImageFields;
}

/** The image fields, left out where empty (docker image inspect shows "" for unset). */
function imageFields(
  author: unknown,
  architecture: unknown,
  os: unknown,
  variant: unknown,
): ImageFields {
  const fields: ImageFields = {};
  const set = (key: keyof ImageFields, v: unknown): void => {
    if (typeof v === 'string' && v !== '') fields[key] = v;
  };
  set('author', author);
  set('architecture', architecture);
  set('os', os);
  set('variant', variant);
  return fields;
}

type Builder = 'engine' | 'native';

// ---------------------------------------------------------------------------
// Known differences

interface KnownDifference {
  /** Why the engine's and the native builder's images differ there (one line). */
  reason: string;
  /** Makes one side comparable with the other; absent when the data is simply not compared. */
  normalize?: (listing: Listing, builder: Builder, c: Case) => void;
}

/**
 * Differences between the engine's BuildKit and the native builder that are not bugs.
 * Those in ALWAYS apply to every case; the others to the cases that list them. Anything
 * else that differs is a failure.
 */
const KNOWN_DIFFERENCES = {
  timestamps: {
    reason:
      'entry mtimes are not compared: native sets every timestamp to the epoch, the engine keeps the build time',
  },
  unsetConfigFields: {
    reason:
      'docker image inspect shows unset config fields as null, "" or {}; the native config leaves them out',
    normalize: (listing) => {
      for (const field of CONFIG_FIELDS) {
        const v = listing.config[field];
        if (
          v === null ||
          v === undefined ||
          v === '' ||
          (typeof v === 'object' && Object.keys(v).length === 0)
        ) {
          delete listing.config[field];
        }
      }
    },
  },
  sharedStageMaps: {
    reason:
      'the BuildKit of Docker 20.10 shares the label, port and volume maps of a stage with the stages FROM it, so a LABEL of one shows in its siblings; current BuildKit (v0.30 on) and native copy them; the engine loses what the case lists in fromSiblings',
    normalize: (listing, builder, c) => {
      if (builder !== 'engine') return;
      for (const [field, keys] of Object.entries(c.fromSiblings ?? {})) {
        const map = listing.config[field as keyof SiblingMaps] as Record<string, unknown>;
        for (const key of keys) delete map[key];
      }
    },
  },
  stageNameFromArg: {
    reason:
      'FROM ${ARG} naming a stage in other letter case: the BuildKit of Docker 20.10 looks the expanded name up case-sensitively and fails, later BuildKit (and native) ignore case; the engine gets the name in lower case',
  },
} satisfies Record<string, KnownDifference>;

type DifferenceId = keyof typeof KNOWN_DIFFERENCES;

/** Applied to every case, in this order. */
const ALWAYS: DifferenceId[] = ['timestamps', 'unsetConfigFields'];

// ---------------------------------------------------------------------------
// Cases

type SiblingMaps = Partial<Record<'Labels' | 'ExposedPorts' | 'Volumes', string[]>>;

interface Case {
  /** Test name; also the fixture directory unless `fixture` is given. */
  name: string;
  fixture?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Makes what git does not hold (modes, empty directories, symlinks, archives). */
  prepare?: (dir: string, builder: Builder) => void | Promise<void>;
  /** Build args that only the engine gets, when it must (see `differences`). */
  engineBuildArgs?: Record<string, string>;
  /** FROM the base image pushed to the local registry (passed as the build arg BASE). */
  registryBase?: 'tag' | 'digest' | 'onbuild';
  /** KNOWN_DIFFERENCES besides ALWAYS that apply to this case. */
  differences?: DifferenceId[];
  /** What a sibling stage's LABEL, EXPOSE or VOLUME adds to the engine's image (sharedStageMaps). */
  fromSiblings?: SiblingMaps;
  /** Both builders refuse: what the engine says, and the line and words of the native error. */
  refused?: { engine: RegExp; line: number; detail: RegExp };
}

const CASES: Case[] = [
  {
    name: 'copy-file',
    prepare: (dir) => chmodSync(path.join(dir, 'run.sh'), 0o755),
  },
  {
    name: 'copy-dir',
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'tree/emptydir'));
      chmodSync(path.join(dir, 'tree/private/secret.txt'), 0o600);
      chmodSync(path.join(dir, 'tree/private'), 0o700);
      chmodSync(path.join(dir, 'tree/sub/deeper'), 0o750);
    },
  },
  { name: 'copy-glob' },
  {
    name: 'chmod',
  },
  { name: 'chown' },
  {
    name: 'dockerignore',
    prepare: (dir) => {
      // node_modules directories are not committed (.gitignore).
      for (const d of ['node_modules/pkg', 'sub/node_modules']) {
        mkdirSync(path.join(dir, d), { recursive: true });
        writeFileSync(path.join(dir, d, 'index.txt'), 'module\n');
      }
    },
  },
  {
    name: 'args-env',
    buildArgs: { VERSION: '2.5.0', FLAVOR: 'spicy', BASE_DIR: '/opt' },
  },
  { name: 'workdir-user' },
  { name: 'config' },
  ...[
    'cmd-then-entrypoint',
    'entrypoint-then-cmd',
    'inherited-reset',
    'shell-form',
    'custom-shell',
  ].map((target): Case => ({
    name: `entrypoint-cmd (${target})`,
    fixture: 'entrypoint-cmd',
    target,
  })),
  ...['exec', 'shell', 'none'].map((target): Case => ({
    name: `healthcheck (${target})`,
    fixture: 'healthcheck',
    target,
  })),
  { name: 'multi-stage', target: 'final' },
  {
    name: 'symlinks',
    prepare: (dir) => {
      symlinkSync('real.txt', path.join(dir, 'link.txt'));
      symlinkSync('dir', path.join(dir, 'linkdir'));
      symlinkSync('../real.txt', path.join(dir, 'dir/up.txt'));
      symlinkSync('nested', path.join(dir, 'dir/nested-link'));
      symlinkSync('/etc/passwd', path.join(dir, 'dir/absolute'));
      symlinkSync('missing', path.join(dir, 'dir/dangling'));
      symlinkSync('/real.txt', path.join(dir, 'abs.txt'));
      symlinkSync('/dir', path.join(dir, 'absdir'));
    },
  },
  {
    name: 'add-archive',
    prepare: async (dir) => {
      writeFileSync(path.join(dir, 'app.tar.gz'), zlib.gzipSync(await appArchive()));
      writeFileSync(path.join(dir, 'plain.tar'), await plainArchive());
      writeFileSync(path.join(dir, 'notes.txt.gz'), zlib.gzipSync('just notes, not a tar\n'));
    },
  },
  {
    name: 'empty',
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'emptydir'));
      mkdirSync(path.join(dir, 'tree/empty-sub/empty-deeper'), { recursive: true });
    },
  },
  { name: 'registry-base', registryBase: 'tag' },
  { name: 'registry-base (by digest)', fixture: 'registry-base', registryBase: 'digest' },
  { name: 'registry-stage', registryBase: 'tag' },
  { name: 'registry-env', registryBase: 'tag' },
  {
    name: 'copy-from-image',
    prepare: (dir) => {
      const file = path.join(dir, 'Dockerfile');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('BASE_IMAGE', baseRef));
    },
  },
  { name: 'onbuild', registryBase: 'onbuild' },
  {
    name: 'whiteouts',
    prepare: (dir) => {
      const file = path.join(dir, 'Dockerfile');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('WHITEOUT_IMAGE', whiteoutRef));
    },
  },
  { name: 'parser', buildArgs: { A: 'arg' } },
  {
    name: 'copy-edge',
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'links'));
      symlinkSync('/data', path.join(dir, 'links/data-link'));
      symlinkSync('/data/s.txt', path.join(dir, 'links/file-link'));
    },
  },
  {
    name: 'names',
    prepare: (dir) => {
      const files = path.join(dir, 'files');
      const long = path.join(files, 'd'.repeat(60), 'e'.repeat(60));
      mkdirSync(long, { recursive: true });
      writeFileSync(path.join(long, `${'f'.repeat(90)}.txt`), 'long\n');
      writeFileSync(path.join(files, 'été ünïcödé.txt'), 'unicode\n');
      writeFileSync(path.join(files, 'setuid'), 'suid\n');
      chmodSync(path.join(files, 'setuid'), 0o4755);
      mkdirSync(path.join(files, 'setgid-dir'));
      chmodSync(path.join(files, 'setgid-dir'), 0o2775);
      mkdirSync(path.join(files, 'sticky'));
      chmodSync(path.join(files, 'sticky'), 0o1777);
      writeFileSync(path.join(files, 'read-only'), 'read-only\n');
      chmodSync(path.join(files, 'read-only'), 0o400);
      // Names whose order differs between a plain string sort and a walk of the tree.
      const order = path.join(files, 'order');
      for (const d of ['dir', 'dir.x', 'a']) mkdirSync(path.join(order, d), { recursive: true });
      for (const f of [
        'dir/child',
        'dir-x',
        'dir.x/y',
        'a/in',
        'a-b',
        'a.b',
        'a0',
        'a b',
        'B',
        '_',
        'é',
        'Z',
      ]) {
        writeFileSync(path.join(order, f), `${f}\n`);
      }
      // A larger file, streamed in several chunks.
      const big = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
      writeFileSync(path.join(files, 'big.bin'), big);
      writeFileSync(path.join(files, 'hard-a'), 'hard\n');
      linkSync(path.join(files, 'hard-a'), path.join(files, 'hard-b'));
    },
  },
  { name: 'ignore-edge' },
  {
    name: 'symlink-dest',
    prepare: (dir) => {
      mkdirSync(path.join(dir, 'links'));
      symlinkSync('/data', path.join(dir, 'links/data-link'));
      symlinkSync('data', path.join(dir, 'links/relative-link'));
      symlinkSync('/nowhere/deeper', path.join(dir, 'links/dangling'));
    },
  },
  {
    name: 'stage-edge',
    prepare: prepareStageEdge,
    engineBuildArgs: { FIRST: 'build' },
    differences: ['stageNameFromArg'],
  },
  {
    name: 'stage-edge (derived)',
    fixture: 'stage-edge',
    target: 'derived',
    prepare: prepareStageEdge,
    engineBuildArgs: { FIRST: 'build' },
    differences: ['stageNameFromArg'],
  },
  { name: 'from-stage-wildcard' },
  { name: 'user-names' },
  {
    name: 'crlf',
    // Written here: git could change the line endings of a committed file.
    prepare: (dir) => {
      const lines = [
        'FROM scratch',
        'ENV A=1 \\',
        '    B=2',
        '',
        'LABEL x="y" \\  ',
        '      z="w"',
        'COPY a.txt \\',
        '\t/dest/',
        'CMD ["run"]',
      ];
      writeFileSync(path.join(dir, 'Dockerfile'), `\ufeff${lines.join('\r\n')}\r\n`);
    },
  },
  {
    name: 'config-edge',
    buildArgs: { GIVEN: 'given', EMPTY_GIVEN: '', UNDECLARED: 'ignored' },
  },
  {
    name: 'pax',
    prepare: (dir) => {
      const files = path.join(dir, 'files');
      const deep = path.join(files, ...Array.from({ length: 6 }, (_, i) => `${i}`.repeat(50)));
      mkdirSync(deep, { recursive: true });
      writeFileSync(path.join(deep, 'deep.txt'), 'deep\n');
      symlinkSync(`/${'t'.repeat(150)}/target`, path.join(files, 'long-target'));
      symlinkSync('ünïcödé', path.join(files, 'unicode-target'));
    },
  },
  {
    name: 'archive-edge',
    prepare: async (dir) => {
      const tar = await makeTar([
        { name: './', type: 'directory', mode: 0o700, uid: 5, gid: 6 },
        { name: './late/file.txt', content: 'late\n' },
        { name: './late/', type: 'directory', mode: 0o750, uid: 9, gid: 9 },
        { name: '/absolute/file.txt', content: 'absolute\n' },
        { name: 'dup.txt', content: 'first\n', mode: 0o600 },
        { name: 'dup.txt', content: 'second\n', mode: 0o644 },
        { name: `${'n'.repeat(120)}/${'m'.repeat(120)}.txt`, content: 'long\n' },
        { name: 'ünïcödé.txt', content: 'unicode\n' },
        { name: 'long-link', type: 'symlink', linkname: `/${'l'.repeat(150)}` },
      ]);
      writeFileSync(path.join(dir, 'edge.tar'), tar);
      writeFileSync(path.join(dir, 'edge.tar.gz'), zlib.gzipSync(tar));
    },
  },
  { name: 'hardlinks', target: 'links', prepare: prepareHardlinks },
  {
    name: 'hardlinks (separate sources)',
    fixture: 'hardlinks',
    target: 'separate',
    prepare: prepareHardlinks,
  },
  {
    name: 'hardlinks (from a stage)',
    fixture: 'hardlinks',
    target: 'copied',
    prepare: prepareHardlinks,
  },
  { name: 'owners', prepare: prepareOwners },
  { name: 'raw-names', prepare: prepareRawNames },
  { name: 'ignore-exception' },
  { name: 'dot-paths' },
  { name: 'archive-formats', prepare: prepareArchiveFormats },
  ...['release', 'debug'].map((target): Case => ({
    name: `corpus-release (${target})`,
    fixture: 'corpus-release',
    target,
    differences: ['sharedStageMaps'],
    fromSiblings: { Labels: ['go.version'] },
  })),
  { name: 'corpus-vars', buildArgs: { COMMIT: 'abc123' } },
  { name: 'corpus-misc' },
  { name: 'corpus-owners' },
  ...['final', 'arm'].map((target): Case => ({
    name: `corpus-platform (${target})`,
    fixture: 'corpus-platform',
    target,
  })),
  {
    name: 'corpus-fs',
    prepare: (dir) => {
      const links = path.join(dir, 'links');
      mkdirSync(path.join(links, 'real-dir'), { recursive: true });
      writeFileSync(path.join(links, 'real-file'), 'real\n');
      symlinkSync('real-dir', path.join(links, 'to-dir'));
      symlinkSync('real-file', path.join(links, 'to-file'));
      symlinkSync('/links/real-dir', path.join(links, 'absolute-to-dir'));
      symlinkSync('nowhere', path.join(links, 'dangling'));
      // A link's target is cleaned as text (via/.. is links/, not links/up): the engine
      // reads links/real-file and writes into links/t, not their namesakes under up/.
      for (const d of ['up/deeper', 'up/t', 't'])
        mkdirSync(path.join(links, d), { recursive: true });
      writeFileSync(path.join(links, 'up/real-file'), 'up\n');
      symlinkSync('up/deeper', path.join(links, 'via'));
      symlinkSync('via/../t', path.join(links, 'back'));
      symlinkSync('via/../real-file', path.join(links, 'back-file'));
      chmodSync(path.join(dir, 'pkg/c/deep'), 0o700);
      chmodSync(path.join(dir, 'pkg/b/main.go'), 0o444);
    },
  },
  ...['base', 'inherit'].map((target): Case => ({
    name: `corpus-env (${target})`,
    fixture: 'corpus-env',
    target,
  })),
  { name: 'corpus-copy', prepare: prepareCorpusCopy },
  {
    name: 'corpus-copy (added)',
    fixture: 'corpus-copy',
    target: 'added',
    prepare: prepareCorpusCopy,
  },
  { name: 'corpus-sources' },
  { name: 'corpus-rootfs', prepare: prepareCorpusRootfs },
  // The engine's words: those of Docker 20.10's BuildKit, or of a later one.
  ...(
    [
      [
        'dir-onto-file',
        /cannot copy to non-directory/,
        6,
        /Cannot copy the directory dir to \/app/,
      ],
      ['workdir-through-file', /not a directory/, 10, /Cannot create \/srv\/www: \/srv is not a/],
      [
        'user-without-passwd',
        /invalid user index|unable to find user/,
        14,
        /Cannot resolve the user name "nonroot"/,
      ],
      [
        'chown-without-passwd',
        /invalid user index|unable to find user/,
        17,
        /Cannot resolve the user name "app"/,
      ],
      [
        'missing-source',
        /"\/dist":? not found/,
        20,
        /source "dist" not found in the build context/,
      ],
      ['bad-signal', /invalid signal/i, 23, /Invalid STOPSIGNAL "SIGSTOPP"/],
    ] as const
  ).map(([target, engine, line, detail]): Case => ({
    name: `errors (${target})`,
    fixture: 'errors',
    target,
    refused: { engine, line, detail },
  })),
  {
    name: 'errors-from',
    refused: {
      engine: /failed to parse stage name "\$\{SRC\}"|variable expansion is not supported/,
      line: 10,
      detail: /^variable expansion is not supported for --from/,
    },
  },
  ...['shells', 'shell-reset', 'exec-forms', 'only-entry'].map((target): Case => ({
    name: `corpus-shell (${target})`,
    fixture: 'corpus-shell',
    target,
  })),
];

/**
 * The cases run: all of them, or those whose name starts with one of the comma-separated
 * names in EQUIVALENCE_CASES (`EQUIVALENCE_CASES=hardlinks,chmod`).
 */
const SELECTED: Case[] = selectCases(process.env['EQUIVALENCE_CASES']);

function selectCases(names: string | undefined): Case[] {
  const wanted = (names ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (wanted.length === 0) return CASES;
  const picked = CASES.filter((c) => wanted.some((n) => c.name.startsWith(n)));
  if (picked.length === 0) throw new Error(`EQUIVALENCE_CASES=${names} names no case`);
  return picked;
}

/** Modes, links and names of the corpus-copy case that git does not keep. */
async function prepareCorpusCopy(dir: string): Promise<void> {
  chmodSync(path.join(dir, 'conf/dir'), 0o700);
  chmodSync(path.join(dir, 'conf/app.conf'), 0o444);
  chmodSync(path.join(dir, 'static/css'), 0o2755);
  mkdirSync(path.join(dir, 'static/empty'));
  mkdirSync(path.join(dir, 'static/tmp'));
  chmodSync(path.join(dir, 'static/tmp'), 0o1777);
  writeFileSync(path.join(dir, 'static/with space.html'), 'space\n');
  writeFileSync(path.join(dir, 'static/ünïcødé.txt'), 'unicode\n');
  symlinkSync('index.html', path.join(dir, 'static/relative-link'));
  symlinkSync('/etc/hostname', path.join(dir, 'static/absolute-link'));
  symlinkSync('missing/target', path.join(dir, 'static/dangling-link'));
  symlinkSync('css', path.join(dir, 'static/dir-link'));
  const archive = await makeTar([
    { name: 'app/', type: 'directory', mode: 0o755 },
    { name: 'app/bin/tool', mode: 0o755, content: 'tool\n' },
    { name: 'app/share/data.txt', mode: 0o600, uid: 1000, gid: 1000, content: 'data\n' },
  ]);
  writeFileSync(path.join(dir, 'archive.tar.gz'), zlib.gzipSync(archive));
  writeFileSync(path.join(dir, 'plain.gz'), zlib.gzipSync('not a tar\n'));
}

/** The root filesystem tar of the corpus-rootfs case. */
async function prepareCorpusRootfs(dir: string): Promise<void> {
  const tar = await makeTar([
    { name: './', type: 'directory', mode: 0o750, uid: 3, gid: 4 },
    { name: './bin/', type: 'directory' },
    { name: './bin/busybox', mode: 0o755, content: 'busybox\n' },
    { name: './bin/ls', type: 'link', linkname: './bin/busybox', mode: 0o755 },
    { name: './bin/sh', type: 'symlink', linkname: '/bin/busybox' },
    { name: './etc/', type: 'directory' },
    { name: './etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: './root/', type: 'directory', mode: 0o700 },
    { name: './tmp/', type: 'directory', mode: 0o1777 },
    { name: './usr/bin/', type: 'directory' },
    { name: './usr/bin/env', type: 'symlink', linkname: '../../bin/busybox' },
    { name: './var/run', type: 'symlink', linkname: '../run' },
  ]);
  writeFileSync(path.join(dir, 'rootfs.tar.gz'), zlib.gzipSync(tar));
}

async function prepareStageEdge(dir: string): Promise<void> {
  const archive = await makeTar([
    { name: 'x/from-archive.txt', mode: 0o640, uid: 3, gid: 4, content: 'x\n' },
  ]);
  writeFileSync(path.join(dir, 'archive.tar'), archive);
  mkdirSync(path.join(dir, 'links'));
  symlinkSync('../a.txt', path.join(dir, 'links/to-a'));
}

/** The gzip tar ADDed by the add-archive case: owners, modes, a symlink, a hard link. */
function appArchive(): Promise<Buffer> {
  return makeTar([
    { name: 'app/', type: 'directory', mode: 0o755 },
    { name: 'app/bin/', type: 'directory', mode: 0o750, uid: 1000, gid: 1000 },
    { name: 'app/bin/tool', mode: 0o755, uid: 1000, gid: 1000, content: '#!/bin/sh\n' },
    { name: 'app/etc/conf', mode: 0o640, uid: 0, gid: 50, content: 'key=value\n' },
    { name: 'app/link', type: 'symlink', linkname: 'bin/tool' },
    { name: 'app/hardlink', type: 'link', linkname: 'app/etc/conf', mode: 0o640, gid: 50 },
    { name: './dot/relative.txt', mode: 0o600, content: 'dot\n' },
  ]);
}

/** The plain tar ADDed by the add-archive case. */
function plainArchive(): Promise<Buffer> {
  return makeTar([
    { name: 'top.txt', mode: 0o644, content: 'top\n' },
    { name: 'nested/inner.txt', mode: 0o664, uid: 7, gid: 8, content: 'inner\n' },
  ]);
}

// ---------------------------------------------------------------------------
// Build contexts

const tempDir = tempDirs('equivalence', 'after all');

/**
 * Copies a fixture to `dest` with modes that do not depend on the checkout's umask
 * (directories 0755, files 0644, or 0755 when executable), then runs the case's prepare.
 */
async function makeContext(c: Case, builder: Builder, dest: string): Promise<string> {
  cpSync(path.join(FIXTURES, c.fixture ?? c.name), dest, { recursive: true });
  chmodSync(dest, 0o755);
  normalizeModes(dest);
  await c.prepare?.(dest, builder);
  return dest;
}

function normalizeModes(dir: string): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) {
      chmodSync(p, 0o755);
      normalizeModes(p);
    } else if (d.isFile()) {
      chmodSync(p, lstatSync(p).mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

/** Sets the times of everything under `dir` (and `dir`), symlinks themselves included. */
function touchAll(dir: string | Buffer, time: Date): void {
  // Names as bytes: some are not valid UTF-8.
  for (const d of readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) {
    const p = Buffer.concat([Buffer.from(dir), Buffer.from('/'), d.name]);
    if (d.isDirectory()) touchAll(p, time);
    else lutimesSync(p, time, time);
  }
  lutimesSync(dir, time, time);
}

// ---------------------------------------------------------------------------
// Reading layers

interface TarItem {
  header: tarStream.Header;
  data: Buffer;
}

function readTar(input: NodeJS.ReadableStream): Promise<TarItem[]> {
  return new Promise((resolve, reject) => {
    const extract = tarStream.extract();
    const items: TarItem[] = [];
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('error', reject);
      stream.on('end', () => {
        items.push({ header, data: Buffer.concat(chunks) });
        next();
      });
    });
    extract.on('finish', () => resolve(items));
    extract.on('error', reject);
    input.on('error', reject);
    input.pipe(extract);
  });
}

/** A layer blob's tar, gzip-compressed or not. */
async function readLayer(blob: NodeJS.ReadableStream): Promise<Entry[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of blob) chunks.push(Buffer.from(chunk as Buffer));
  let data = Buffer.concat(chunks);
  if (data[0] === 0x1f && data[1] === 0x8b) data = zlib.gunzipSync(data);
  return parseTar(data).map(toEntry);
}

/** Names and link targets as bytes (shown with `\xNN` where they are not UTF-8). */
function toEntry(t: TarEntry): Entry {
  const e: Entry = {
    path: showBytes(t.name)
      .replace(/^(\.\/)+/, '')
      .replace(/\/+$/, ''),
    type: t.type,
    mode: t.mode,
    uid: t.uid,
    gid: t.gid,
    size: t.size,
    mtime: t.mtime,
  };
  if (e.type === 'file') e.sha256 = createHash('sha256').update(t.data).digest('hex');
  if (t.linkname.length > 0) e.linkname = showBytes(t.linkname);
  return e;
}

interface ImageConfigJson {
  config?: Record<string, unknown>;
  author?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  history?: Array<{ created_by?: string; empty_layer?: boolean }>;
}

/** The history entries that have a layer, in order, with the USER in effect at each. */
function layerHistory(config: ImageConfigJson): Array<{ createdBy: string; user: string }> {
  const out: Array<{ createdBy: string; user: string }> = [];
  let user = '';
  for (const h of config.history ?? []) {
    const createdBy = h.created_by ?? '';
    // `USER 1000` (BuildKit, native) or `/bin/sh -c #(nop)  USER 1000` (legacy builder).
    const m = /(?:^|\s)USER (\S*)\s*$/.exec(createdBy);
    if (m) user = m[1]!;
    if (!h.empty_layer) out.push({ createdBy, user });
  }
  return out;
}

function pickConfig(raw: Record<string, unknown> | undefined): Config {
  const config: Config = {};
  for (const field of CONFIG_FIELDS) {
    if (raw !== undefined && field in raw) config[field] = raw[field];
  }
  return config;
}

// ---------------------------------------------------------------------------
// The two builders

let session: DockerSession | undefined;
let client: RegistryClient | undefined;
/** The base image of the registry-base cases, by tag and by digest. */
let baseRef = '';
let baseDigestRef = '';
/** The image with ONBUILD triggers of the onbuild case, built on the base image. */
let onbuildRef = '';
/** The base image with a layer of whiteouts (equivalence-whiteouts.ts). */
let whiteoutRef = '';
const engineTags: string[] = [];

/**
 * The Docker 20.10 client of Debian's docker.io: with DOCKER_BUILDKIT=1 it drives the
 * engine's BuildKit, the builder of GitHub's runners (a newer client without buildx
 * falls back to the legacy builder).
 */
const DOCKER_CLI = process.env['EQUIVALENCE_DOCKER'] ?? '/usr/bin/docker';

function dockerEnv(): NodeJS.ProcessEnv {
  return { ...session!.env, DOCKER_BUILDKIT: '1' };
}

/** Runs `docker args...` in the logged-in session (stdin closed); throws on failure. */
function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(DOCKER_CLI, args, {
      env: dockerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`docker ${args.join(' ')}: ${stderr.trim() || stdout}`));
    });
  });
}

function buildArgsOf(c: Case): Record<string, string> {
  const base = { tag: baseRef, digest: baseDigestRef, onbuild: onbuildRef }[
    c.registryBase ?? 'tag'
  ];
  return { ...(c.buildArgs ?? {}), ...(c.registryBase ? { BASE: base } : {}) };
}

/** `docker build` (BuildKit), then the layers of `docker save` and `docker image inspect`. */
async function engineBuild(c: Case, contextDir: string, tag: string): Promise<Listing> {
  const args = ['build', '--no-cache', '--force-rm', '-q', '-t', tag];
  args.push('-f', path.join(contextDir, 'Dockerfile'));
  const buildArgs = { ...buildArgsOf(c), ...(c.engineBuildArgs ?? {}) };
  for (const [k, v] of Object.entries(buildArgs)) args.push('--build-arg', `${k}=${v}`);
  if (c.target !== undefined) args.push('--target', c.target);
  args.push(contextDir);
  engineTags.push(tag);
  await docker(args);

  const inspect = JSON.parse(await docker(['image', 'inspect', tag])) as Array<{
    Config?: Record<string, unknown>;
    RootFS?: { Layers?: string[] };
    Author?: string;
    Architecture?: string;
    Os?: string;
    Variant?: string;
  }>;
  const config = pickConfig(inspect[0]?.Config);
  const i0 = inspect[0];
  const image = imageFields(i0?.Author, i0?.Architecture, i0?.Os, i0?.Variant);
  // `docker save` refuses an image without layers ("empty export").
  if ((inspect[0]?.RootFS?.Layers ?? []).length === 0) return { layers: [], config, image };

  const saved = path.join(path.dirname(contextDir), 'saved.tar');
  await docker(['save', '-o', saved, tag]);
  const items = await readTar(createReadStream(saved));
  const files = new Map(items.map((i) => [i.header.name, i.data] as const));
  // `docker save` writes a layer that is the same as an earlier one (the same file copied
  // again with its time) as a symlink to that one's layer.tar.
  for (const i of items) {
    if (i.header.type !== 'symlink' || i.header.linkname == null) continue;
    const target = path.posix.join(path.posix.dirname(i.header.name), i.header.linkname);
    const data = files.get(target);
    if (data !== undefined) files.set(i.header.name, data);
  }
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Array<{
    Config: string;
    Layers: string[];
  }>;
  const entry = manifest[0]!;
  const configJson = JSON.parse(files.get(entry.Config)!.toString('utf8')) as ImageConfigJson;
  const history = layerHistory(configJson);
  const layers: Layer[] = [];
  for (const [i, name] of entry.Layers.entries()) {
    layers.push({
      ...(history[i] ?? { createdBy: '?', user: '' }),
      entries: await readLayer(Readable.from([files.get(name)!])),
    });
  }
  return { layers, config, image };
}

async function nativeBuild(
  c: Case,
  contextDir: string,
  tmpDir: string,
  concurrency?: number,
): Promise<BuiltImage> {
  return buildNative({
    concurrency,
    contextDir,
    dockerfile: path.join(contextDir, 'Dockerfile'),
    buildArgs: buildArgsOf(c),
    labels: {},
    target: c.target,
    platform: PLATFORM,
    epoch: EPOCH,
    tmpDir,
    pullBase: (ref, platform) =>
      resolveBaseImage(ref, platform, (registry) => {
        if (registry !== REGISTRY) throw new Error(`unexpected registry ${registry} in ${ref}`);
        return client!;
      }),
  });
}

async function nativeListing(image: BuiltImage): Promise<Listing> {
  const configJson = JSON.parse(image.config.toString('utf8')) as ImageConfigJson;
  const history = layerHistory(configJson);
  const layers: Layer[] = [];
  for (const [i, layer] of image.layers.entries()) {
    let blob: NodeJS.ReadableStream;
    if (layer.path !== undefined) blob = createReadStream(layer.path);
    else {
      // A base image layer, left in the registry.
      const repo = layer.from!.registryRepo.slice(`${REGISTRY}/`.length);
      blob = await client!.getBlob(repo, layer.digest);
    }
    layers.push({
      ...(history[i] ?? { createdBy: '?', user: '' }),
      entries: await readLayer(blob),
    });
  }
  const { author, architecture, os, variant } = configJson;
  return {
    layers,
    config: pickConfig(configJson.config),
    image: imageFields(author, architecture, os, variant),
  };
}

/** Pushes the base image of the registry-base case (built by the engine) to the registry. */
async function pushBase(): Promise<void> {
  const repo = uniqueRepo('alice', 'equivalence-base');
  baseRef = `${REGISTRY}/${repo}:1`;
  const dir = tempDir('base');
  cpSync(path.join(FIXTURES, 'registry-base/base'), dir, { recursive: true });
  normalizeModes(dir);
  chmodSync(path.join(dir, 'rootfs/srv'), 0o750);
  mkdirSync(path.join(dir, 'rootfs/tmp'));
  chmodSync(path.join(dir, 'rootfs/tmp'), 0o1777);
  symlinkSync('/srv', path.join(dir, 'rootfs/data'));
  chmodSync(path.join(dir, 'owned/sub/b.txt'), 0o600);
  symlinkSync('a.txt', path.join(dir, 'owned/link'));
  symlinkSync('/srv/base.txt', path.join(dir, 'owned/abs'));
  linkSync(path.join(dir, 'owned/a.txt'), path.join(dir, 'owned/hard'));
  engineTags.push(baseRef);
  await docker(['build', '--no-cache', '--force-rm', '-q', '-t', baseRef, dir]);
  await docker(['push', '-q', baseRef]);
  onbuildRef = `${REGISTRY}/${repo}:onbuild`;
  engineTags.push(onbuildRef);
  const onbuildDir = path.join(FIXTURES, 'onbuild/base');
  await docker([
    'build',
    '--no-cache',
    '-q',
    '--build-arg',
    `BASE=${baseRef}`,
    '-t',
    onbuildRef,
    onbuildDir,
  ]);
  await docker(['push', '-q', onbuildRef]);
  whiteoutRef = await pushWhiteoutImage(repo, '1', 'whiteouts');
  engineTags.push(whiteoutRef);
  const digests = JSON.parse(
    await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', baseRef]),
  ) as string[];
  baseDigestRef = digests.find((d) => d.startsWith(`${REGISTRY}/${repo}@`)) ?? '';
}

// ---------------------------------------------------------------------------
// Comparison

function normalized(listing: Listing, builder: Builder, c: Case): Listing {
  const copy = structuredClone(listing);
  for (const id of [...ALWAYS, ...(c.differences ?? [])]) {
    const d: KnownDifference = KNOWN_DIFFERENCES[id];
    d.normalize?.(copy, builder, c);
  }
  return copy;
}

function formatEntry(e: Entry): string {
  let s = `${e.path} ${e.type} ${e.mode.toString(8)} ${e.uid}:${e.gid}`;
  if (e.type === 'file' || e.size !== 0) s += ` size=${e.size}`;
  if (e.sha256 !== undefined) s += ` sha256=${e.sha256.slice(0, 16)}`;
  if (e.linkname !== undefined) s += ` -> ${e.linkname}`;
  return s;
}

function layerLines(listing: Listing): string[][] {
  return listing.layers.map((l) => l.entries.map(formatEntry));
}

function describeLayers(listing: Listing): string {
  return listing.layers.map((l, i) => `  ${i}: ${l.createdBy}`).join('\n');
}

interface NativeResult {
  listing: Listing;
  manifestDigest: string;
  /** Every timestamp in the layers the native build wrote. */
  mtimes: Set<number>;
}

/** Per case: the engine's image and the native one (each may have failed). */
const results = new Map<string, { engine: Promise<Listing>; native: Promise<NativeResult> }>();

async function runNative(c: Case): Promise<NativeResult> {
  const work = tempDir('native');
  const context = await makeContext(c, 'native', path.join(work, 'context'));
  const image = await nativeBuild(c, context, path.join(work, 'out'));
  const listing = await nativeListing(image);
  const mtimes = new Set<number>();
  for (const [i, layer] of image.layers.entries()) {
    if (layer.path === undefined) continue; // a base image layer
    for (const e of listing.layers[i]!.entries) mtimes.add(e.mtime);
  }
  return { listing, manifestDigest: image.manifestDigest, mtimes };
}

async function runEngine(c: Case): Promise<Listing> {
  const work = tempDir('engine');
  const context = await makeContext(c, 'engine', path.join(work, 'context'));
  const tag = `equivalence-${(c.fixture ?? c.name).replace(/[^a-z0-9-]/g, '')}:${path
    .basename(work)
    .toLowerCase()}`;
  return engineBuild(c, context, tag);
}

/** Runs jobs with at most `limit` at a time. */
function limiter(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (job) => {
    while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await job();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Marks a promise as handled: a failure is reported by the tests that await it. */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

beforeAll(async () => {
  await requireServices();
  // One login for the whole suite (only the base image push needs it).
  session = await dockerSession('alice');
  client = new RegistryClient({ registry: REGISTRY });
  await pushBase();

  const engineSlot = limiter(ENGINE_CONCURRENCY);
  for (const c of SELECTED) {
    results.set(c.name, {
      engine: settled(engineSlot(() => runEngine(c))),
      native: settled(runNative(c)),
    });
  }
  await Promise.allSettled([...results.values()].flatMap((r) => [r.engine, r.native]));
});

afterAll(async () => {
  if (session !== undefined) {
    // Newest first: the base image goes once the images built on it are gone.
    const tags = [...engineTags].reverse();
    if (tags.length > 0) await docker(['rmi', '-f', ...tags]).catch(() => undefined);
    await session.cleanup();
  }
  if (baseDigestRef !== '') {
    const [repo, digest] = baseDigestRef.slice(`${REGISTRY}/`.length).split('@') as [
      string,
      string,
    ];
    await deleteManifest(repo, digest).catch(() => undefined);
  }
  client?.close();
});

it('lists only the known differences some case needs', () => {
  const used = new Set<string>([...ALWAYS, ...CASES.flatMap((c) => c.differences ?? [])]);
  expect(Object.keys(KNOWN_DIFFERENCES).filter((id) => !used.has(id))).toEqual([]);
});

describe.each(SELECTED.filter((c) => c.refused !== undefined))('$name', (c) => {
  it('is refused by both builders, natively at its line with what to do', async () => {
    const { engine, native } = results.get(c.name)!;
    const refused = c.refused!;
    await expect(engine).rejects.toThrow(refused.engine);
    const err: unknown = await native.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LocatedError);
    const located = err as LocatedError;
    expect({ line: located.line, detail: located.detail }).toEqual({
      line: refused.line,
      detail: expect.stringMatching(refused.detail),
    });
    expect(wordHint(located.hint)).toMatch(/\w/);
  });
});

describe.each(SELECTED.filter((c) => c.refused === undefined))('$name', (c) => {
  it('has the layers of the engine build, entry by entry', async () => {
    const r = results.get(c.name)!;
    const engine = normalized(await r.engine, 'engine', c);
    const native = normalized((await r.native).listing, 'native', c);
    expect(
      layerLines(native),
      `native layers:\n${describeLayers(native)}\nengine layers:\n${describeLayers(engine)}`,
    ).toEqual(layerLines(engine));
  });

  it('has the config of the engine build, its author and platform', async () => {
    const r = results.get(c.name)!;
    const engine = normalized(await r.engine, 'engine', c);
    const native = normalized((await r.native).listing, 'native', c);
    expect(native.config).toEqual(engine.config);
    expect(native.image).toEqual(engine.image);
  });

  it('is reproducible: the same digest from copies at other paths with other times', async () => {
    const first = await results.get(c.name)!.native;
    expect([...first.mtimes].filter((t) => t !== EPOCH)).toEqual([]);
    const digests: string[] = [];
    const times = [new Date('2001-02-03T04:05:06Z'), new Date(Date.now() + 3_600_000)];
    for (const [i, time] of times.entries()) {
      const work = tempDir(`repro${i}`);
      // Another depth and name each time: nothing of the path may reach the image.
      const dest = path.join(work, ...['deeper', 'path'].slice(0, i + 1), `ctx${i}`);
      const context = await makeContext(c, 'native', dest);
      touchAll(context, time);
      // The second one compresses one layer at a time.
      const image = await nativeBuild(c, context, path.join(work, 'out'), i === 1 ? 1 : undefined);
      digests.push(image.manifestDigest);
    }
    expect(digests).toEqual([first.manifestDigest, first.manifestDigest]);
  });
});

/**
 * Typed instructions (BuildKit's frontend/dockerfile/instructions): one type per
 * instruction, with its flags declared where it is parsed (flags.ts) and its arguments
 * given their meaning. parseInstruction checks a raw node (parser.ts) the way Docker
 * checks it; the words stay unexpanded here, resolve.ts expands them.
 */
import { parseGoDuration } from './duration.js';
import { NO_FLAGS, parseFlags, type FlagSpec, type FlagValues } from './flags.js';
import { parseHeredoc, type Heredoc, type Node } from './parser.js';
import { Failure, trimSpace } from './shell-lexer.js';
import type { HealthcheckOptions } from '../image/healthcheck.js';

export type { HealthcheckOptions };

/** Where an instruction is, and what expanding it met. */
export interface InstructionBase {
  /** First line of the instruction (1-based). */
  line: number;
  /** Last line: continuation lines and heredoc bodies included. */
  endLine: number;
  /** The instruction text with continuation lines joined, trimmed. */
  raw: string;
  /** Variables the expansion met that were not set at that point (they became ''). */
  unsetVars?: string[];
  /** An ONBUILD trigger of the stage's base image (this image): it runs before the stage's own. */
  triggerOf?: string;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface FromInstruction extends InstructionBase {
  keyword: 'FROM';
  base: string;
  /** Lower-cased `AS` name. */
  stageName?: string;
  /** `--platform`, as written. */
  platform?: string;
}

export interface ArgInstruction extends InstructionBase {
  keyword: 'ARG';
  /** The value the build uses (after build-arg overrides), when there is one. */
  args: Array<{ name: string; value?: string }>;
}

export interface EnvInstruction extends InstructionBase {
  keyword: 'ENV';
  env: KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  keyword: 'LABEL';
  labels: KeyValue[];
}

/** A file whose contents are written in the Dockerfile (`COPY <<EOF /dest`). */
export interface HeredocSource {
  /** The heredoc's name, which is also the file's name. */
  name: string;
  /** The contents (tabs stripped for `<<-`, variables expanded once resolved if `expand`). */
  data: string;
  expand: boolean;
}

/** What COPY and ADD share (BuildKit's SourcesAndDest and their common flags). */
export interface SourcesAndDest extends InstructionBase {
  /** Source paths (or URLs for ADD), heredoc sources excluded. */
  sources: string[];
  heredocs: HeredocSource[];
  dest: string;
  chown?: string;
  chmod?: string;
  /** `--link`: the layer is made on its own, independently of the stage below. */
  link: boolean;
  exclude: string[];
}

export interface CopyInstruction extends SourcesAndDest {
  keyword: 'COPY';
  /** `--from`, as written (Docker does not expand it). */
  from?: string;
  /** `--from` resolved to a build stage index; absent when it names an image. */
  fromStage?: number;
  parents: boolean;
}

export interface AddInstruction extends SourcesAndDest {
  keyword: 'ADD';
  keepGitDir: boolean;
  checksum?: string;
  /** `--unpack`, when given. */
  unpack?: boolean;
}

/** A command line: the JSON array, or one string in shell form (`prependShell`). */
export interface CommandLine {
  command: string[];
  prependShell: boolean;
}

export interface RunInstruction extends InstructionBase, CommandLine {
  keyword: 'RUN';
  mounts: string[];
  network?: string;
  security?: string;
  devices: string[];
  /** Heredocs the command reads (`RUN <<EOF`). */
  files: Heredoc[];
}

export interface CmdInstruction extends InstructionBase, CommandLine {
  keyword: 'CMD';
}

export interface EntrypointInstruction extends InstructionBase, CommandLine {
  keyword: 'ENTRYPOINT';
}

export interface ShellInstruction extends InstructionBase {
  keyword: 'SHELL';
  shell: string[];
}

export interface WorkdirInstruction extends InstructionBase {
  keyword: 'WORKDIR';
  path: string;
}

export interface UserInstruction extends InstructionBase {
  keyword: 'USER';
  user: string;
}

export interface ExposeInstruction extends InstructionBase {
  keyword: 'EXPOSE';
  ports: string[];
}

export interface VolumeInstruction extends InstructionBase {
  keyword: 'VOLUME';
  paths: string[];
}

export interface StopsignalInstruction extends InstructionBase {
  keyword: 'STOPSIGNAL';
  signal: string;
}

export interface HealthcheckInstruction extends InstructionBase, HealthcheckOptions {
  keyword: 'HEALTHCHECK';
}

export interface OnbuildInstruction extends InstructionBase {
  keyword: 'ONBUILD';
  /** The trigger as written after ONBUILD (not expanded). */
  expression: string;
}

export interface MaintainerInstruction extends InstructionBase {
  keyword: 'MAINTAINER';
  maintainer: string;
}

/** An instruction of a stage (FROM starts the stage and is described by it). */
export type Instruction =
  | ArgInstruction
  | EnvInstruction
  | LabelInstruction
  | CopyInstruction
  | AddInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | StopsignalInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | MaintainerInstruction;

export type AnyInstruction = Instruction | FromInstruction;

const INSTRUCTIONS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

/**
 * The word is quoted back only when it could be a misspelt instruction: a file that is
 * no Dockerfile at all must not have its first line shown (it may hold anything).
 */
function unknownInstruction(keyword: string): Failure {
  if (!/^[A-Z]{1,20}$/.test(keyword)) {
    return new Failure(
      'unknown instruction: the line does not start with an instruction name (not shown)',
      `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}; check that "dockerfile" names a Dockerfile.`,
    );
  }
  const close = INSTRUCTIONS.filter((k) => editDistance(k, keyword) <= 2).sort(
    (a, b) => editDistance(a, keyword) - editDistance(b, keyword),
  )[0];
  const hint = close
    ? `Did you mean ${close}?`
    : `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}.`;
  return new Failure(`unknown instruction: ${keyword}`, hint);
}

function exactlyOne(keyword: string, args: string[]): void {
  if (args.length !== 1) throw new Failure(`${keyword} requires exactly one argument`);
}

function atLeastOne(keyword: string, args: string[]): void {
  if (args.length === 0) throw new Failure(`${keyword} requires at least one argument`);
}

function keyValues(keyword: string, args: string[]): void {
  atLeastOne(keyword, args);
  if (args.length % 2 !== 0) throw new Failure(`Bad input to ${keyword}, too many arguments`);
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '') throw new Failure(`${keyword} names can not be blank`);
  }
}

/** Non-JSON CMD/ENTRYPOINT/RUN arguments are one string, as Docker keeps them. */
function commandLine(node: Node): CommandLine {
  const { args, json } = node;
  return { command: args.length === 0 ? [] : json ? args : [args.join(' ')], prependShell: !json };
}

function pairs(args: string[]): KeyValue[] {
  const out: KeyValue[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    out.push({ key: args[i] as string, value: args[i + 1] as string });
  }
  return out;
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

function parseFrom(node: Node, base: InstructionBase): FromInstruction {
  const args = node.args;
  let stageName: string | undefined;
  if (args.length === 3 && (args[1] as string).toLowerCase() === 'as') {
    stageName = (args[2] as string).toLowerCase();
    if (!STAGE_NAME.test(stageName)) {
      throw new Failure(
        `invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`,
      );
    }
  } else if (args.length !== 1) {
    throw new Failure('FROM requires either one or three arguments');
  }
  const flags = parseFlags('FROM', node.flagWords, { platform: 'string' });
  const from: FromInstruction = { ...base, keyword: 'FROM', base: args[0] as string };
  if (stageName !== undefined) from.stageName = stageName;
  if (flags.platform !== undefined) from.platform = flags.platform;
  return from;
}

/** The flags COPY and ADD share. */
const COPY_FLAGS = { chown: 'string', chmod: 'string', link: 'bool', exclude: 'strings' } as const;

/**
 * Sources, heredoc sources, destination (BuildKit's parseSourcesAndDest) and the flags
 * COPY and ADD share, with the instruction's own flags declared in `own`.
 */
function sourcesAndDest<S extends FlagSpec>(
  node: Node,
  base: InstructionBase,
  keyword: 'COPY' | 'ADD',
  own: S,
): { files: Omit<SourcesAndDest, 'keyword'>; flags: FlagValues<S> } {
  if (node.args.length < 2) {
    throw new Failure(
      `${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`,
    );
  }
  const flags = parseFlags(keyword, node.flagWords, { ...COPY_FLAGS, ...own }) as FlagValues<
    typeof COPY_FLAGS
  > &
    FlagValues<S>;
  const dest = node.args[node.args.length - 1] as string;
  if (parseHeredoc(dest) !== undefined) {
    throw new Failure(`${keyword} cannot accept a heredoc as a destination`);
  }
  const sources: string[] = [];
  const heredocs: HeredocSource[] = [];
  for (const src of node.args.slice(0, -1)) {
    const doc = node.heredocs.length > 0 ? parseHeredoc(src) : undefined;
    if (doc === undefined) {
      sources.push(src);
      continue;
    }
    const body = node.heredocs.find((h) => h.name === doc.name)?.content ?? '';
    // BuildKit's ChompHeredocContent: `<<-` strips the leading tabs of every line.
    const data = doc.chomp ? body.replace(/^\t+/gm, '') : body;
    heredocs.push({ name: doc.name, data, expand: doc.expand });
  }
  const files: Omit<SourcesAndDest, 'keyword'> = {
    ...base,
    sources,
    heredocs,
    dest,
    link: flags.link ?? false,
    exclude: flags.exclude ?? [],
  };
  if (flags.chown !== undefined) files.chown = flags.chown;
  if (flags.chmod !== undefined) files.chmod = flags.chmod;
  return { files, flags };
}

function parseCopy(node: Node, base: InstructionBase): CopyInstruction {
  const { files, flags } = sourcesAndDest(node, base, 'COPY', { from: 'string', parents: 'bool' });
  const copy: CopyInstruction = { ...files, keyword: 'COPY', parents: flags.parents ?? false };
  if (flags.from !== undefined) copy.from = flags.from;
  return copy;
}

function parseAdd(node: Node, base: InstructionBase): AddInstruction {
  const own = { 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool' } as const;
  const { files, flags } = sourcesAndDest(node, base, 'ADD', own);
  const add: AddInstruction = {
    ...files,
    keyword: 'ADD',
    keepGitDir: flags['keep-git-dir'] ?? false,
  };
  if (flags.checksum !== undefined) add.checksum = flags.checksum;
  if (flags.unpack !== undefined) add.unpack = flags.unpack;
  return add;
}

function parseRun(node: Node, base: InstructionBase): RunInstruction {
  const flags = parseFlags('RUN', node.flagWords, {
    mount: 'strings',
    network: 'string',
    security: 'string',
    device: 'strings',
  });
  const run: RunInstruction = {
    ...base,
    keyword: 'RUN',
    ...commandLine(node),
    mounts: flags.mount ?? [],
    devices: flags.device ?? [],
    files: node.heredocs,
  };
  if (flags.network !== undefined) run.network = flags.network;
  if (flags.security !== undefined) run.security = flags.security;
  return run;
}

/** parseOptInterval: a Go duration, 0 when empty, at least 1ms unless 0. */
function interval(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  let ns: number;
  try {
    ns = parseGoDuration(value);
  } catch (err) {
    throw new Failure((err as Error).message);
  }
  if (ns !== 0 && ns < 1e6) {
    throw new Failure(`Interval ${JSON.stringify(name)} cannot be less than 1ms`);
  }
  return ns === 0 ? undefined : ns;
}

function parseHealthcheck(node: Node, base: InstructionBase): HealthcheckInstruction {
  atLeastOne('HEALTHCHECK', node.args);
  const type = (node.args[0] as string).toUpperCase();
  const rest = node.args.slice(1);
  if (type === 'NONE') {
    if (rest.length > 0) throw new Failure('HEALTHCHECK NONE takes no arguments');
    return { ...base, keyword: 'HEALTHCHECK', test: ['NONE'] };
  }
  const flags = parseFlags('HEALTHCHECK', node.flagWords, {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  });
  if (type !== 'CMD') {
    throw new Failure(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  }
  const { command } = commandLine({ ...node, args: rest });
  if (command.length === 0) throw new Failure('Missing command after HEALTHCHECK CMD');
  const hc: HealthcheckInstruction = {
    ...base,
    keyword: 'HEALTHCHECK',
    test: [node.json ? 'CMD' : 'CMD-SHELL', ...command],
  };
  const durations = [
    ['interval', 'interval'],
    ['timeout', 'timeout'],
    ['startPeriod', 'start-period'],
    ['startInterval', 'start-interval'],
  ] as const;
  for (const [field, flag] of durations) {
    const ns = interval(flag, flags[flag]);
    if (ns !== undefined) hc[field] = ns;
  }
  const retries = flags.retries;
  if (retries !== undefined && retries !== '') {
    if (!/^[+-]?\d+$/.test(retries) || Math.abs(Number(retries)) > 2 ** 31 - 1) {
      throw new Failure(`strconv.ParseInt: parsing ${JSON.stringify(retries)}: invalid syntax`);
    }
    if (Number(retries) < 0) throw new Failure(`--retries cannot be negative (${Number(retries)})`);
    if (Number(retries) !== 0) hc.retries = Number(retries);
  }
  return hc;
}

function parseOnbuild(node: Node, base: InstructionBase): OnbuildInstruction {
  atLeastOne('ONBUILD', node.args);
  parseFlags('ONBUILD', node.flagWords, NO_FLAGS);
  const trigger = trimSpace(node.args[0] as string).toUpperCase();
  if (trigger === 'ONBUILD') {
    throw new Failure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  }
  if (trigger === 'MAINTAINER' || trigger === 'FROM') {
    throw new Failure(`${trigger} isn't allowed as an ONBUILD trigger`);
  }
  const expression = trimSpace(node.original).replace(/^\s*ONBUILD\s*/i, '');
  return { ...base, keyword: 'ONBUILD', expression };
}

function parseArg(node: Node, base: InstructionBase): ArgInstruction {
  atLeastOne('ARG', node.args);
  const args = node.args.map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) return { name: word };
    if (eq === 0) throw new Failure('ARG names can not be blank');
    return { name: word.slice(0, eq), value: word.slice(eq + 1) };
  });
  return { ...base, keyword: 'ARG', args };
}

/** The instructions with one argument and no flag of their own. */
function parseSingle(node: Node, base: InstructionBase): AnyInstruction | undefined {
  const { keyword } = node;
  if (!['MAINTAINER', 'WORKDIR', 'USER', 'STOPSIGNAL'].includes(keyword)) return undefined;
  exactlyOne(keyword, node.args);
  // BuildKit does not look at STOPSIGNAL's flags.
  if (keyword !== 'STOPSIGNAL') parseFlags(keyword, node.flagWords, NO_FLAGS);
  const value = node.args[0] as string;
  switch (keyword) {
    case 'MAINTAINER':
      return { ...base, keyword, maintainer: value };
    case 'WORKDIR':
      return { ...base, keyword, path: value };
    case 'USER':
      return { ...base, keyword, user: value };
    default:
      return { ...base, keyword: 'STOPSIGNAL', signal: value };
  }
}

/** A raw node as a typed instruction, checked as BuildKit's ParseInstruction checks it. */
export function parseInstruction(node: Node): AnyInstruction {
  const { keyword } = node;
  const base: InstructionBase = {
    line: node.line,
    endLine: node.endLine,
    raw: trimSpace(node.original),
  };
  const single = parseSingle(node, base);
  if (single) return single;
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      parseFlags(keyword, node.flagWords, NO_FLAGS);
      keyValues(keyword, node.args);
      return keyword === 'ENV'
        ? { ...base, keyword, env: pairs(node.args) }
        : { ...base, keyword, labels: pairs(node.args) };
    case 'ADD':
      return parseAdd(node, base);
    case 'COPY':
      return parseCopy(node, base);
    case 'FROM':
      return parseFrom(node, base);
    case 'ONBUILD':
      return parseOnbuild(node, base);
    case 'RUN':
      return parseRun(node, base);
    case 'CMD':
    case 'ENTRYPOINT':
      parseFlags(keyword, node.flagWords, NO_FLAGS);
      return { ...base, keyword, ...commandLine(node) };
    case 'SHELL':
      parseFlags(keyword, node.flagWords, NO_FLAGS);
      atLeastOne(keyword, node.args);
      if (!node.json) throw new Failure('SHELL requires the arguments to be in JSON form');
      return { ...base, keyword, shell: node.args };
    case 'HEALTHCHECK':
      return parseHealthcheck(node, base);
    case 'EXPOSE':
      atLeastOne(keyword, node.args);
      parseFlags(keyword, node.flagWords, NO_FLAGS);
      return { ...base, keyword, ports: node.args };
    case 'VOLUME': {
      atLeastOne(keyword, node.args);
      parseFlags(keyword, node.flagWords, NO_FLAGS);
      const paths = node.args.map((v) => trimSpace(v));
      if (paths.includes('')) throw new Failure('VOLUME specified can not be an empty string');
      return { ...base, keyword, paths };
    }
    case 'ARG':
      return parseArg(node, base);
    default:
      throw unknownInstruction(keyword);
  }
}

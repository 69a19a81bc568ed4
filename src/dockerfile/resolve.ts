/**
 * ARG/ENV scoping and expansion (BuildKit's dockerfile2llb): the instructions grouped in
 * stages, global ARGs for FROM only, ARGs redeclared in a stage, build-arg overrides, the
 * predefined platform ARGs, and ENV/ARG substitution in the instructions where Docker
 * substitutes (ADD COPY ENV EXPOSE LABEL STOPSIGNAL USER VOLUME WORKDIR, heredoc bodies of
 * COPY/ADD with an unquoted name, FROM with the global ARGs).
 *
 * Expansion errors (`${X:?}`) in stages that the build does not need are not reported,
 * as in BuildKit, which only dispatches the stages the target needs.
 */
import {
  parseInstruction,
  type AnyInstruction,
  type ArgInstruction,
  type FromInstruction,
  type Instruction,
} from './instructions.js';
import { parseAST } from './parser.js';
import type { DockerfileText } from './source.js';
import { platformArgs } from './platform-args.js';
import { lex, mapLookup, type Lookup } from './shell-lexer.js';
import { LocatedError, locate } from './located.js';

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name?: string;
  /** FROM image after expansion with the global ARGs; `scratch` allowed. */
  base: string;
  /** `--platform` after expansion. */
  platform?: string;
  /** The instructions after FROM (FROM itself is described by this object). */
  instructions: Instruction[];
  /** Line of the FROM instruction. */
  line: number;
  /** Set when `base` names an earlier stage. */
  baseStage?: number;
  /**
   * False when the stage starts from an image whose environment was not supplied
   * (`ParseOptions.baseImageEnv`): a variable the image defines could then have
   * been expanded to '' here.
   */
  baseEnvKnown: boolean;
  /** Variables of `--platform` that were not set. */
  platformUnsetVars?: string[];
}

export interface ParsedDockerfile {
  file: string;
  /** Parser directives by lower-case name (`syntax`, `escape`, `check`). */
  directives: Record<string, string>;
  /** Line of each directive. */
  directiveLines: Record<string, number>;
  /** Escape character in effect (`\` or a backtick). */
  escape: string;
  /** ARGs before the first FROM, with the value FROM lines see. */
  globalArgs: Array<{ name: string; value?: string }>;
  stages: Stage[];
}

export interface ParseOptions {
  /** Stage to build (default: the last one). Expansion errors elsewhere are ignored. */
  target?: string;
  /** Target platform (`linux/arm64`), default the TARGETPLATFORM build arg, else the host. */
  platform?: string;
  /**
   * Environment (`config.Env`) of a base image, used to expand variables in a stage
   * that starts FROM that image, as Docker does. Without it such variables are
   * reported in `unsetVars`; a builder can parse once, fetch the base image configs,
   * then parse again with this callback.
   */
  baseImageEnv?: (
    image: string,
    platform: string | undefined,
  ) => Record<string, string> | string[] | undefined;
  /** ONBUILD triggers (`config.OnBuild`) of a base image, run first in a stage FROM it. */
  baseImageTriggers?: (image: string, platform: string | undefined) => string[] | undefined;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** ARGs BuildKit never puts in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

interface RawStage {
  from: FromInstruction;
  commands: Instruction[];
}

interface StageState {
  env: Map<string, string>;
  imageEnv: Map<string, string>;
  known: boolean;
}

function envEntries(env: Record<string, string> | string[]): Array<[string, string]> {
  if (Array.isArray(env)) {
    return env.map((kv) => {
      const eq = kv.indexOf('=');
      return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
    });
  }
  return Object.entries(env);
}

/** Index of a stage by name: the last stage with that name (BuildKit's findStateByName). */
function stageByName(
  stages: Stage[] | RawStage[],
  name: string,
  before?: number,
): number | undefined {
  const lower = name.toLowerCase();
  const end = before ?? stages.length;
  for (let i = end - 1; i >= 0; i--) {
    const s = stages[i] as Stage | RawStage;
    const stageName = 'commands' in s ? s.from.stageName : s.name;
    if (stageName !== undefined && stageName === lower) return i;
  }
  return undefined;
}

function copyFromIndex(from: string, stages: RawStage[]): number | undefined | 'invalid' {
  if (/^[+-]?\d+$/.test(from)) {
    const index = Number(from);
    return index >= 0 && index < stages.length ? index : 'invalid';
  }
  return stageByName(stages, from);
}

/** What expansion needs, for the whole Dockerfile. */
interface Scope {
  file: string;
  escape: string;
  buildArgs: Record<string, string>;
  /** The global scope: the platform ARGs and the ARGs before the first FROM. */
  meta: Map<string, string>;
}

/**
 * Parses a Dockerfile and resolves it to stages of instructions with the
 * variables expanded as Docker expands them. Throws a LocatedError (located.ts) for anything Docker rejects.
 */
export function parseDockerfile(
  text: string | DockerfileText,
  file: string,
  buildArgs: Record<string, string>,
  options: ParseOptions = {},
): ParsedDockerfile {
  const { nodes, directives } = typeof text === 'string' ? parseAST(text, file) : text.ast(file);
  const { metaArgs, rawStages } = groupStages(
    nodes.map((node) => {
      try {
        return parseInstruction(node);
      } catch (err) {
        throw locate(err, { file, line: node.line });
      }
    }),
    file,
  );
  const scope: Scope = {
    file,
    escape: directives.escape,
    buildArgs,
    meta: platformArgs(buildArgs, options.platform),
  };
  const globalArgs = resolveGlobalArgs(metaArgs, scope);
  // FROM lines are expanded with the global scope, for every stage.
  const stages = rawStages.map((raw, index) => stageOf(raw, index, rawStages, scope));
  addTriggers(rawStages, stages, options, file);
  const fromStages = copyFromStages(rawStages, file, directives.escape);
  const needed = reachable(stages, fromStages, targetIndex(stages, options.target, file));
  dispatchStages(rawStages, stages, fromStages, needed, scope, options);
  return {
    file,
    directives: { ...directives.values },
    directiveLines: { ...directives.lines },
    escape: directives.escape,
    globalArgs,
    stages,
  };
}

/** The ARGs before the first FROM, added to the global scope with the values FROM sees. */
function resolveGlobalArgs(
  metaArgs: ArgInstruction[],
  scope: Scope,
): ParsedDockerfile['globalArgs'] {
  const { meta, buildArgs } = scope;
  const metaLookup = mapLookup(meta);
  const globalArgs: ParsedDockerfile['globalArgs'] = [];
  for (const cmd of metaArgs) {
    for (const def of cmd.args) {
      let value = def.value;
      if (Object.hasOwn(buildArgs, def.name)) {
        value = buildArgs[def.name];
      } else if (value !== undefined) {
        try {
          value = lex(value, metaLookup, { escape: scope.escape }).result;
        } catch (err) {
          throw locate(err, { file: scope.file, line: cmd.line });
        }
      }
      if (value !== undefined) meta.set(def.name, value);
      globalArgs.push(value === undefined ? { name: def.name } : { name: def.name, value });
    }
  }
  return globalArgs;
}

/** A stage from its FROM, expanded with the global scope. */
function stageOf(raw: RawStage, index: number, rawStages: RawStage[], scope: Scope): Stage {
  const { file, escape } = scope;
  const metaLookup = mapLookup(scope.meta);
  const line = raw.from.line;
  const baseWord = raw.from.base;
  let base: string;
  try {
    base = lex(baseWord, metaLookup, { escape }).result;
  } catch (err) {
    throw locate(err, { file, line });
  }
  if (base === '') {
    throw new LocatedError(
      { file, line },
      `base name (${baseWord}) should not be blank`,
      'Give the ARG used in FROM a default value or pass it as a build argument.',
    );
  }
  const stage: Stage = { index, base, instructions: [], line, baseEnvKnown: true };
  if (raw.from.stageName !== undefined) stage.name = raw.from.stageName;
  const platformWord = raw.from.platform;
  if (platformWord !== undefined) {
    try {
      const res = lex(platformWord, metaLookup, { escape });
      stage.platform = res.result;
      if (res.unmatched.size > 0) stage.platformUnsetVars = [...res.unmatched];
    } catch (err) {
      throw locate(err, { file, line });
    }
  }
  // BuildKit resolves `FROM a AS a` to the stage itself and refuses the cycle.
  if (raw.from.stageName !== undefined && base.toLowerCase() === raw.from.stageName) {
    throw new LocatedError(
      { file, line },
      `circular dependency detected on stage: ${raw.from.stageName}`,
      'Name the stage differently from the image it starts from.',
    );
  }
  const baseStage = stageByName(rawStages, base, index);
  if (baseStage !== undefined) stage.baseStage = baseStage;
  return stage;
}

/**
 * The ONBUILD triggers of each stage's registry base image, parsed as BuildKit does (one
 * instruction each, at the stage's FROM line) and put before the stage's own instructions.
 */
function addTriggers(rawStages: RawStage[], stages: Stage[], o: ParseOptions, file: string): void {
  if (o.baseImageTriggers === undefined) return;
  rawStages.forEach((raw, index) => {
    const stage = stages[index] as Stage;
    if (stage.baseStage !== undefined || stage.base.toLowerCase() === 'scratch') return;
    const triggers = o.baseImageTriggers!(stage.base, stage.platform) ?? [];
    raw.commands.unshift(...triggers.map((trigger) => parseTrigger(trigger, stage, file)));
  });
}

/** One ONBUILD trigger of a stage's base image as an instruction of the stage. */
function parseTrigger(trigger: string, stage: Stage, file: string): Instruction {
  let nodes: ReturnType<typeof parseAST>['nodes'];
  try {
    ({ nodes } = parseAST(trigger, file));
  } catch (err) {
    // The trigger's lines are not the Dockerfile's: what fails in it is at the FROM.
    if (!(err instanceof LocatedError)) throw err;
    throw new LocatedError({ file, line: stage.line }, err.detail, err.hint, { cause: err });
  }
  const node = nodes[0];
  if (nodes.length !== 1 || node === undefined) {
    throw new LocatedError(
      { file, line: stage.line },
      'onbuild trigger should be a single expression',
    );
  }
  let ins: AnyInstruction;
  try {
    ins = parseInstruction({ ...node, line: stage.line, endLine: stage.line });
  } catch (err) {
    throw locate(err, { file, line: stage.line });
  }
  // BuildKit's ParseCommand: FROM starts a stage, it is no command.
  if (ins.keyword === 'FROM') {
    throw new LocatedError(
      { file, line: stage.line },
      `the ONBUILD trigger ${JSON.stringify(trigger)} is no command`,
    );
  }
  return { ...ins, triggerOf: stage.base };
}

/**
 * The stage each COPY --from names, per stage and instruction. A variable in `--from` is
 * refused in every stage, built or not, as current BuildKit refuses it (that of Docker
 * 20.10 took `${SRC}` for an image name, and failed on it).
 */
function copyFromStages(
  rawStages: RawStage[],
  file: string,
  escape: string,
): Array<Array<number | undefined>> {
  return rawStages.map((raw) =>
    raw.commands.map((cmd) => {
      const from = cmd.keyword === 'COPY' ? cmd.from : undefined;
      if (from === undefined || from === '') return undefined;
      if (!isLiteral(from, escape)) {
        throw new LocatedError(
          { file, line: cmd.line },
          `variable expansion is not supported for --from (--from=${from})`,
          'Declare the ARG before the first FROM, start a stage FROM it (FROM ${SRC} AS src) and copy --from=src.',
        );
      }
      const index = copyFromIndex(from, rawStages);
      if (index === 'invalid') {
        throw new LocatedError({ file, line: cmd.line }, `invalid stage index ${from}`);
      }
      return index;
    }),
  );
}

/** Expands the instructions of every stage, in order; errors count in needed stages only. */
function dispatchStages(
  rawStages: RawStage[],
  stages: Stage[],
  fromStages: Array<Array<number | undefined>>,
  needed: Set<number>,
  scope: Scope,
  options: ParseOptions,
): void {
  const { file } = scope;
  const states: StageState[] = [];
  rawStages.forEach((raw, index) => {
    const stage = stages[index] as Stage;
    const strict = needed.has(index);
    const state = initialState(stage, states, options);
    stage.baseEnvKnown = state.known;
    raw.commands.forEach((cmd, i) => {
      const fromStage = fromStages[index]?.[i];
      if (strict && fromStage !== undefined && fromStage >= index) {
        const other = stages[fromStage] as Stage;
        throw new LocatedError(
          { file, line: cmd.line },
          `cannot copy from stage ${JSON.stringify(other.name ?? String(fromStage))}, it needs to be defined before current stage ${JSON.stringify(stage.name ?? `stage-${index}`)}`,
        );
      }
      let ins: Instruction;
      try {
        ins = expandInstruction(cmd, state, scope);
      } catch (err) {
        // A stage over a base image whose environment is not known yet is checked again
        // by the build, with that environment: `${X:?}` may be set there.
        if (strict && state.known) throw locate(err, { file, line: cmd.line });
        ins = cmd;
      }
      if (fromStage !== undefined && ins.keyword === 'COPY') ins.fromStage = fromStage;
      stage.instructions.push(ins);
    });
    states.push(state);
  });
}

/** Whether a word is the same expanded (BuildKit's check of `--from`): no variable, quote or escape. */
function isLiteral(word: string, escape: string): boolean {
  try {
    return lex(word, () => undefined, { escape }).result === word;
  } catch {
    return false;
  }
}

export function targetIndex(stages: Stage[], target: string | undefined, file: string): number {
  if (target === undefined || target === '') return stages.length - 1;
  const index = stageByName(stages, target);
  if (index === undefined) {
    const names = stages.flatMap((s) => (s.name ? [s.name] : []));
    throw new LocatedError(
      { file },
      `target stage ${JSON.stringify(target)} could not be found`,
      names.length > 0 ? `Stages: ${names.join(', ')}.` : 'The Dockerfile has no named stages.',
    );
  }
  return index;
}

export function reachable(
  stages: Stage[],
  fromStages: Array<Array<number | undefined>>,
  target: number,
): Set<number> {
  const seen = new Set<number>();
  const visit = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    const stage = stages[i];
    if (stage?.baseStage !== undefined) visit(stage.baseStage);
    for (const from of fromStages[i] ?? []) if (from !== undefined) visit(from);
  };
  visit(target);
  return seen;
}

function initialState(stage: Stage, states: StageState[], options: ParseOptions): StageState {
  if (stage.baseStage !== undefined) {
    // FROM an earlier stage: its environment, then its image ENV on top
    const parent = states[stage.baseStage] as StageState;
    const env = new Map(parent.env);
    for (const [k, v] of parent.imageEnv) env.set(k, v);
    return { env, imageEnv: new Map(parent.imageEnv), known: parent.known };
  }
  if (stage.base === 'scratch') {
    const imageEnv = new Map([['PATH', DEFAULT_PATH]]);
    return { env: new Map(imageEnv), imageEnv, known: true };
  }
  const supplied = options.baseImageEnv?.(stage.base, stage.platform);
  if (supplied === undefined) {
    return { env: new Map(), imageEnv: new Map(), known: false };
  }
  const imageEnv = new Map(envEntries(supplied));
  if (!imageEnv.has('PATH')) imageEnv.set('PATH', DEFAULT_PATH);
  return { env: new Map(imageEnv), imageEnv, known: true };
}

/** Instructions in stages: ARGs before the first FROM are the global ones. */
function groupStages(
  list: AnyInstruction[],
  file: string,
): { metaArgs: ArgInstruction[]; rawStages: RawStage[] } {
  const metaArgs: ArgInstruction[] = [];
  const rawStages: RawStage[] = [];
  for (const ins of list) {
    if (ins.keyword === 'FROM') {
      rawStages.push({ from: ins, commands: [] });
    } else if (rawStages.length === 0) {
      if (ins.keyword !== 'ARG') {
        throw new LocatedError(
          { file, line: ins.line },
          `no build stage in current context: ${ins.keyword} before the first FROM`,
          'Only ARG instructions may come before the first FROM.',
        );
      }
      metaArgs.push(ins);
    } else {
      (rawStages[rawStages.length - 1] as RawStage).commands.push(ins);
    }
  }
  if (rawStages.length === 0) {
    throw new LocatedError(
      { file, line: list[0]?.line ?? 1 },
      'dockerfile contains no stages to build: no FROM instruction',
      'Start the build stage with FROM <image> (or FROM scratch).',
    );
  }
  return { metaArgs, rawStages };
}

/** ARG in a stage: the build-arg, else the default expanded, else the global value. */
function resolveArgs(
  ins: ArgInstruction,
  state: StageState,
  buildArgs: Record<string, string>,
  meta: Map<string, string>,
  expand: (w: string) => string,
): ArgInstruction['args'] {
  return ins.args.map((def) => {
    let value = def.value;
    if (Object.hasOwn(buildArgs, def.name)) value = buildArgs[def.name];
    else if (value !== undefined) value = expand(value);
    else if (meta.has(def.name)) value = meta.get(def.name);
    if (value !== undefined && !NON_ENV_ARGS.has(def.name)) state.env.set(def.name, value);
    return value === undefined ? { name: def.name } : { name: def.name, value };
  });
}

/**
 * The instruction with its words expanded where Docker expands them, against the
 * environment before it (`ENV a=1 b=$a`: `$a` is the old a); ARG and ENV update it.
 */
function expandInstruction(ins: Instruction, state: StageState, scope: Scope): Instruction {
  const { buildArgs, meta, escape } = scope;
  const unset = new Set<string>();
  const lookup = mapLookup(new Map(state.env));
  const run = (w: string, l: Lookup, opts: Parameters<typeof lex>[2]): ReturnType<typeof lex> => {
    const res = lex(w, l, opts);
    for (const name of res.unmatched) unset.add(name);
    return res;
  };
  const word = (w: string): string => run(w, lookup, { escape }).result;
  const out = expandWords(
    ins,
    word,
    (w) => run(w, lookup, { escape }).words,
    (w) =>
      // BuildKit expands a heredoc body with a `\` lexer that keeps quotes (ExpandRaw).
      run(w, lookup, { escape: '\\', rawQuotes: true }).result,
  );
  if (out.keyword === 'ARG') {
    out.args = resolveArgs(
      ins as ArgInstruction,
      state,
      buildArgs,
      meta,
      (w) => run(w, mapLookup(state.env), { escape }).result,
    );
  }
  if (out.keyword === 'ENV') {
    for (const { key, value } of out.env) {
      state.env.set(key, value);
      state.imageEnv.set(key, value);
    }
  }
  if (unset.size > 0) out.unsetVars = [...unset];
  return out;
}

/** A copy of the instruction with the words Docker expands expanded. */
function expandWords(
  ins: Instruction,
  word: (w: string) => string,
  words: (w: string) => string[],
  body: (w: string) => string,
): Instruction {
  const kv = (list: Array<{ key: string; value: string }>) =>
    list.map(({ key, value }) => ({ key: word(key), value: word(value) }));
  switch (ins.keyword) {
    case 'ENV':
      return { ...ins, env: kv(ins.env) };
    case 'LABEL':
      return { ...ins, labels: kv(ins.labels) };
    case 'COPY':
    case 'ADD': {
      const out = {
        ...ins,
        sources: ins.sources.map(word),
        dest: word(ins.dest),
        heredocs: ins.heredocs.map((h) => (h.expand ? { ...h, data: body(h.data) } : { ...h })),
      };
      if (out.chown !== undefined) out.chown = word(out.chown);
      if (out.chmod !== undefined) out.chmod = word(out.chmod);
      if (out.keyword === 'ADD' && out.checksum !== undefined) out.checksum = word(out.checksum);
      return out;
    }
    case 'WORKDIR':
      return { ...ins, path: word(ins.path) };
    case 'USER':
      return { ...ins, user: word(ins.user) };
    case 'STOPSIGNAL':
      return { ...ins, signal: word(ins.signal) };
    case 'VOLUME':
      return { ...ins, paths: ins.paths.map(word) };
    case 'EXPOSE':
      return { ...ins, ports: ins.ports.flatMap(words) };
    default:
      return { ...ins };
  }
}

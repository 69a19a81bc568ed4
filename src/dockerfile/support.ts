/**
 * What the native builder can build: the first instruction, in the stages the target
 * needs, that it leaves to the engine, with the file:line and the reason. `builder: auto`
 * picks the engine only for these.
 */
import type { Instruction } from './instructions.js';
import { reachable, targetIndex, type ParsedDockerfile, type Stage } from './resolve.js';

export interface UnsupportedInstruction {
  file: string;
  line: number;
  /** Keyword of the instruction (`RUN`, `ADD`, ...), or `# syntax` for the directive. */
  instruction: string;
  reason: string;
}

/**
 * The image the target stage (default: the last) finally starts from, following stages
 * built on stages; undefined for `scratch`.
 */
export function finalBaseImage(df: ParsedDockerfile, target?: string): string | undefined {
  let stage = df.stages[targetIndex(df.stages, target, df.file)];
  const seen = new Set<number>();
  while (stage?.baseStage !== undefined && !seen.has(stage.index)) {
    seen.add(stage.index);
    stage = df.stages[stage.baseStage];
  }
  if (!stage || stage.base.toLowerCase() === 'scratch') return undefined;
  return stage.base;
}

/** Indexes (ascending) of the stages needed to build `target` (default: the last stage). */
export function neededStages(df: ParsedDockerfile, target?: string): number[] {
  const fromStages = df.stages.map((s) =>
    s.instructions.map((i) => (i.keyword === 'COPY' ? i.fromStage : undefined)),
  );
  const set = reachable(df.stages, fromStages, targetIndex(df.stages, target, df.file));
  return [...set].sort((a, b) => a - b);
}

/** `# syntax=` images that are Docker's own Dockerfile frontend. */
const STOCK_FRONTEND =
  /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::[\w][\w.-]*)?(?:@sha256:[a-f0-9]{64})?$/;

function isRemoteSource(src: string): boolean {
  return (
    /^(?:https?|git|ssh):\/\//i.test(src) || /^git@/.test(src) || src.startsWith('github.com/')
  );
}

function addReason(ins: Instruction & { keyword: 'ADD' }, stage: Stage): string | undefined {
  if (ins.checksum !== undefined)
    return 'ADD --checksum verifies a remote source, which needs the engine';
  if (ins.keepGitDir) return 'ADD --keep-git-dir applies to git sources, which need the engine';
  if (ins.unpack !== undefined)
    return 'ADD --unpack (explicit archive extraction control) is not implemented';
  const remote = ins.sources.find(isRemoteSource);
  if (remote !== undefined)
    return `ADD of a remote source (${remote}) needs the engine to fetch it`;
  // A source made of a variable the base image may set could name a URL: only the build,
  // with the base image's environment, can tell.
  const unresolved = ins.sources.some((s) => s.includes('$'));
  if (!stage.baseEnvKnown && (unresolved || (ins.unsetVars ?? []).length > 0)) {
    const vars = (ins.unsetVars ?? []).map((v) => `$${v}`).join(', ') || 'variables';
    return `ADD uses ${vars}, which may come from the environment of base image ${stage.base} and name a remote source`;
  }
  return undefined;
}

function unsupportedReason(ins: Instruction, stage: Stage): string | undefined {
  switch (ins.keyword) {
    case 'RUN':
      if (ins.triggerOf !== undefined) {
        return `the base image ${ins.triggerOf} has the ONBUILD trigger \`${ins.raw}\`, which executes a command in a container`;
      }
      return 'RUN executes a command in a container, which needs a container engine';
    case 'COPY':
      if (ins.parents)
        return 'COPY --parents (keeping the source parent directories) is not implemented';
      if (ins.exclude.length > 0) return 'COPY --exclude patterns are not implemented';
      if (ins.fromStage !== undefined && ins.fromStage >= stage.index)
        return `COPY --from=${ins.from} names a stage defined later`;
      return undefined;
    case 'ADD':
      if (ins.exclude.length > 0) return 'ADD --exclude patterns are not implemented';
      return addReason(ins, stage);
    default:
      // Variables a registry base image may set are resolved by the build itself, which
      // reads the base image's config first (ENV PATH=$PATH:/x, ${NOT_IN_BASE:-default}).
      return undefined;
  }
}

/**
 * The first instruction, in the stages the target needs, that the native builder
 * cannot carry out; undefined when it can build the whole target.
 */
export function unsupportedInNative(
  df: ParsedDockerfile,
  target?: string,
): UnsupportedInstruction | undefined {
  const syntax = df.directives.syntax;
  if (syntax !== undefined && !STOCK_FRONTEND.test(syntax.split(/\s/)[0] ?? '')) {
    return {
      file: df.file,
      line: df.directiveLines.syntax ?? 1,
      instruction: '# syntax',
      reason: `the Dockerfile selects the frontend ${syntax}, whose semantics only the engine knows`,
    };
  }
  for (const index of neededStages(df, target)) {
    const stage = df.stages[index] as Stage;
    if (stage.platformUnsetVars && stage.platformUnsetVars.length > 0) {
      const vars = stage.platformUnsetVars.map((v) => `$${v}`).join(', ');
      return {
        file: df.file,
        line: stage.line,
        instruction: 'FROM',
        reason: `FROM --platform uses ${vars}, which is not set`,
      };
    }
    for (const ins of stage.instructions) {
      const reason =
        unsupportedReason(ins, stage) ?? onbuildInheritedReason(ins, stage, df, target);
      if (reason !== undefined) {
        return { file: df.file, line: ins.line, instruction: ins.keyword, reason };
      }
    }
  }
  return undefined;
}

/** ONBUILD in a stage that a later needed stage starts FROM: BuildKit runs it there. */
function onbuildInheritedReason(
  ins: Instruction,
  stage: Stage,
  df: ParsedDockerfile,
  target: string | undefined,
): string | undefined {
  if (ins.keyword !== 'ONBUILD') return undefined;
  const child = neededStages(df, target).find((i) => df.stages[i]?.baseStage === stage.index);
  if (child === undefined) return undefined;
  return `stage ${df.stages[child]!.name ?? child} starts FROM this stage, where its ONBUILD triggers would run`;
}

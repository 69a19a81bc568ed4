/**
 * The registry images a build reads: what each needed stage starts FROM, and what a
 * `COPY --from` names that is no stage (BuildKit pulls it as an image). ONBUILD triggers
 * of a base image count once the Dockerfile was parsed with them (baseImageTriggers).
 */
import type { Instruction } from './instructions.js';
import type { ParsedDockerfile } from './resolve.js';

/** An image the build reads: as FROM of a stage, or as the source of a COPY --from. */
export interface ImageRef {
  ref: string;
  /** The stage's `--platform`, if any. */
  platform: string | undefined;
  line: number;
  /** How messages name the use: `FROM alpine`, `COPY --from=alpine`. */
  what: string;
}

/** The registry images the needed stages start from or copy from, in order. */
export function imageRefs(df: ParsedDockerfile, needed: readonly number[]): ImageRef[] {
  const out: ImageRef[] = [];
  for (const index of needed) {
    const stage = df.stages[index]!;
    if (stage.baseStage === undefined && stage.base.toLowerCase() !== 'scratch') {
      out.push({
        ref: stage.base,
        platform: stage.platform,
        line: stage.line,
        what: `FROM ${stage.base}`,
      });
    }
    for (const ins of stage.instructions) {
      const from = copiedImage(ins);
      if (from === undefined) continue;
      out.push({ ref: from, platform: undefined, line: ins.line, what: `COPY --from=${from}` });
    }
  }
  return out;
}

/** The image a COPY --from names when it is not a stage (BuildKit pulls it). */
function copiedImage(ins: Instruction): string | undefined {
  if (ins.keyword !== 'COPY' || ins.from === undefined || ins.from === '') return undefined;
  return ins.fromStage === undefined ? ins.from : undefined;
}

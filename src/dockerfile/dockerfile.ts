/**
 * The Dockerfile frontend of the native builder, modelled on BuildKit's
 * frontend/dockerfile so that a Dockerfile means the same thing here as under
 * `docker build`:
 *
 * - parser.ts: lines, continuations, directives, heredocs → raw nodes;
 * - flags.ts and instructions.ts: typed instructions, their flags declared where each
 *   is parsed;
 * - resolve.ts: stages, ARG/ENV scoping and expansion;
 * - images.ts: the registry images a build reads (FROM, COPY --from);
 * - support.ts: what the native builder can build, with file:line reasons;
 * - located.ts: the error at a place of the Dockerfile, attached once;
 * - duration.ts, platform-args.ts, shell-lexer.ts: Go durations, the platform ARGs,
 *   the shell lexer.
 *
 * This module is the frontend's public surface.
 */
export { expand } from './shell-lexer.js';
export { LocatedError, locate, placeText, type Place } from './located.js';
export { parseGoDuration } from './duration.js';
export type * from './instructions.js';
export {
  parseDockerfile,
  type ParseOptions,
  type ParsedDockerfile,
  type Stage,
} from './resolve.js';
export { imageRefs, type ImageRef } from './images.js';
export { DockerfileReader, type DockerfileReaderOptions, type DockerfileText } from './source.js';
export {
  finalBaseImage,
  neededStages,
  unsupportedInNative,
  type UnsupportedInstruction,
} from './support.js';

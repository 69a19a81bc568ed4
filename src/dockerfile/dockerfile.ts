/**
 * The Dockerfile frontend of the native builder, modelled on BuildKit's
 * frontend/dockerfile so that a Dockerfile means the same thing here as under
 * `docker build`:
 *
 * - parser.ts: lines, continuations, directives, heredocs → raw nodes;
 * - flags.ts and instructions.ts: typed instructions, their flags declared where each
 *   is parsed;
 * - resolve.ts: stages, ARG/ENV scoping and expansion;
 * - support.ts: what the native builder can build, with file:line reasons;
 * - duration.ts, platform-args.ts, shell-lexer.ts: Go durations, the platform ARGs,
 *   the shell lexer.
 *
 * This module is the frontend's public surface.
 */
export { expand } from './shell-lexer.js';
export { parseGoDuration } from './duration.js';
export type * from './instructions.js';
export {
  parseDockerfile,
  type ParseOptions,
  type ParsedDockerfile,
  type Stage,
} from './resolve.js';
export { DockerfileReader, type DockerfileReaderOptions, type DockerfileText } from './source.js';
export {
  finalBaseImage,
  neededStages,
  unsupportedInNative,
  type UnsupportedInstruction,
} from './support.js';

import { LocatedError, type UnsupportedInstruction } from '../../dockerfile/dockerfile.js';

/**
 * What the native builder finds it cannot build only once it has read the base images
 * (an ONBUILD RUN trigger, foreign layers): under `builder: auto` the Docker engine
 * builds it instead (see auto.ts); with `builder: native` it is the build's error.
 */
export class NeedsEngineError extends LocatedError {
  constructor(
    readonly unsupported: UnsupportedInstruction,
    hint = 'The native builder only carries out RUN-less Dockerfiles; use the docker builder for this one.',
  ) {
    const { file, line, instruction, reason } = unsupported;
    super({ file, line, what: instruction }, reason, hint);
    this.name = 'NeedsEngineError';
  }
}

import { relative } from 'node:path';
import { inputWords, type SettingWords } from '../core/errors.js';

/**
 * How the pipeline's messages name what the user set: the action speaks of inputs and
 * of paths in the workspace, the command line of flags and of paths from the current
 * directory.
 */
export interface Wording extends SettingWords {
  /** An input in a message: `Input "context"`, or `--context`. */
  input(name: string): string;
  /** A path in a message. */
  path(absolute: string): string;
  /** Why nothing is pushed when push is off. */
  pushOff: string;
}

/** The action's words: inputs, and paths relative to the workspace. */
export function actionWording(workspace: string): Wording {
  return {
    input: (name) => `Input "${name}"`,
    ...inputWords,
    path: (absolute) => relative(workspace, absolute) || '.',
    pushOff: 'the push input is false',
  };
}

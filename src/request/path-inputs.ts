/**
 * The path inputs (working-directory, context, dockerfile, output) must lead to
 * somewhere inside the workspace, symbolic links followed, and be of the right kind.
 * Checked when the plan is made, and again after the build-command ran (it may create
 * or replace any of them) and before anything reads or writes there.
 */
import path from 'node:path';
import { confine, type Confinement } from '../fs/workspace-paths.js';
import { InputError, showValue } from '../core/errors.js';

export type PathInputName = 'working-directory' | 'context' | 'dockerfile' | 'output';

/** What must be at the path, if anything is there yet. */
const KIND: Record<PathInputName, 'directory' | 'file'> = {
  'working-directory': 'directory',
  context: 'directory',
  dockerfile: 'file',
  output: 'file',
};

const OUTSIDE_HINT = 'Paths must stay inside the repository checkout, also through symbolic links.';

/** A path for a message: relative to the workspace when inside it, else absolute. */
function shownPath(workspace: string, p: string): string {
  const rel = path.relative(workspace, p);
  if (rel === '') return showValue('.');
  return showValue(rel.startsWith('..') || path.isAbsolute(rel) ? p : rel);
}

/**
 * Throws an InputError naming the input unless `p` (absolute) leads inside `workspace`
 * and whatever is there is of the input's kind. Nothing there yet is fine.
 */
export function checkPathInput(
  name: PathInputName,
  p: string,
  workspace: string,
  kind: 'directory' | 'file' = KIND[name],
): Confinement {
  const shown = shownPath(workspace, p);
  let where;
  try {
    where = confine(workspace, p);
  } catch (error) {
    throw new InputError(name, `${shown} cannot be followed: ${(error as Error).message}.`);
  }
  if (!where.inside) {
    const through = where.via
      ? ` through the symbolic link ${shownPath(workspace, where.via)}`
      : '';
    throw new InputError(
      name,
      `${shown} leads to ${showValue(where.real)}${through}, outside the workspace.`,
      OUTSIDE_HINT,
    );
  }
  if (where.notDirectory !== undefined) {
    const file = shownPath(workspace, where.notDirectory);
    throw new InputError(name, `${shown} goes on below ${file}, which is a file, not a directory.`);
  }
  const stats = where.stats;
  if (stats === undefined) return where;
  if (kind === 'directory' && !stats.isDirectory()) {
    throw new InputError(name, `${shown} is a file, not a directory.`);
  }
  if (kind === 'file' && stats.isDirectory()) {
    throw new InputError(
      name,
      `${shown} is a directory, not a file.`,
      name === 'output' ? 'Name the archive to write, for example image.tar.' : undefined,
    );
  }
  if (kind === 'file' && !stats.isFile()) {
    throw new InputError(name, `${shown} is not a regular file.`);
  }
  return where;
}

export interface PathInputs {
  workingDirectory: string;
  context: string;
  dockerfile: string;
  /** '' for none. */
  output: string;
}

/** Checks every path input (see checkPathInput). */
export function checkPathInputs(inputs: PathInputs, workspace: string): void {
  checkPathInput('working-directory', inputs.workingDirectory, workspace);
  checkPathInput('context', inputs.context, workspace);
  checkPathInput('dockerfile', inputs.dockerfile, workspace);
  if (inputs.output !== '') checkPathInput('output', inputs.output, workspace);
}

/**
 * The ignore files the builders read (BuildKit's `<Dockerfile>.dockerignore`, then the
 * context's `.dockerignore`) must not lead out of the workspace either: their lines can
 * end up in an error message.
 */
export function checkIgnoreFiles(context: string, dockerfile: string, workspace: string): void {
  checkPathInput('dockerfile', `${dockerfile}.dockerignore`, workspace, 'file');
  checkPathInput('context', path.join(context, '.dockerignore'), workspace, 'file');
}

/** A directory the step is about to use must exist by now. */
export function requireDirectory(name: PathInputName, p: string, workspace: string): void {
  if (checkPathInput(name, p, workspace).stats === undefined) {
    throw new InputError(
      name,
      `no directory at ${shownPath(workspace, p)}.`,
      name === 'context'
        ? 'Set "context" to the directory, relative to the workspace, that holds the files the Dockerfile copies.'
        : 'Set it to a directory of the repository checkout, relative to the workspace.',
    );
  }
}

import * as core from '@actions/core';
import { STATE } from './state.js';

/** Directories main made, saved for the post step each time one is added. */
const tempDirs: string[] = [];

export function rememberTempDir(dir: string): void {
  tempDirs.push(dir);
  core.saveState(STATE.tempDirs, JSON.stringify(tempDirs));
}

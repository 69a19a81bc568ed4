import { currentIo } from '../pipeline/io.js';
import { STATE } from '../action/state.js';

/** Directories main made, saved for the post step each time one is added. */
const tempDirs: string[] = [];

export function rememberTempDir(dir: string): void {
  tempDirs.push(dir);
  currentIo().saveState(STATE.tempDirs, JSON.stringify(tempDirs));
}

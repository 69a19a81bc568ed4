// ncc adds to its output directory and never removes: start every bundle from an empty
// dist/, so that no chunk of an earlier build lingers (and gets committed).
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });

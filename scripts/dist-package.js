// ncc writes an ES module bundle; this marks dist/ as ESM for node.
import { writeFileSync } from 'node:fs';
writeFileSync(new URL('../dist/package.json', import.meta.url), '{\n  "type": "module"\n}\n');

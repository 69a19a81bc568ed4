// ncc writes ES module bundles; this marks dist/ and dist/cli/ as ESM for node, and makes
// the command line bundle (package.json "bin") an executable script.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const esm = '{\n  "type": "module"\n}\n';
writeFileSync(new URL('../dist/package.json', import.meta.url), esm);

const cliDir = new URL('../dist/cli/', import.meta.url);
if (existsSync(cliDir)) {
  writeFileSync(new URL('package.json', cliDir), esm);
  const cli = new URL('index.js', cliDir);
  const text = readFileSync(cli, 'utf8');
  if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
}

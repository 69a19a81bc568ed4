// Prints the CHANGELOG.md section of one version (the release notes of its GitHub
// release), or fails when CHANGELOG.md has none, so that no release goes out without one.
//   node scripts/changelog.js 1.2.3
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The body of the `## [version]` section, trimmed; undefined when there is none. */
export function changelogSection(text, version) {
  const lines = text.split('\n');
  const heading = new RegExp(`^## \\[${version.replace(/[.+]/g, '\\$&')}\\]`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  return body || undefined;
}

// Compared as URLs, so that a path with a space or other escaped character still matches.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const version = (process.argv[2] ?? '').replace(/^v/, '');
  const text = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8');
  const section = version ? changelogSection(text, version) : undefined;
  if (!section) {
    console.error(`CHANGELOG.md has no section "## [${version}]": add one before releasing.`);
    process.exit(1);
  }
  console.log(section);
}

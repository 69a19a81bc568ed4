/**
 * The tests the documentation cites as evidence exist: every `*.test.ts` named in
 * README.md and docs/ is a file under __tests__ (a name with a directory, such as
 * `cli/args.test.ts`, ends that file's path), and every test title docs/registries.md
 * quotes beside a file is a test of that file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)];
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const TESTS = (readdirSync(path.join(ROOT, '__tests__'), { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.test.ts'));

/** The test files whose path ends with `name` (a whole file name, maybe with directories). */
const filesNamed = (name: string) => {
  const rel = name.replace(/^__tests__\//, '');
  return TESTS.filter((f) => f === rel || f.endsWith(`/${rel}`));
};

describe('the tests the documentation cites', () => {
  it.each(DOCS)('%s: every test file it names exists', (file) => {
    const names = [...read(file).matchAll(/`((?:[\w.-]+\/)*[\w.-]+\.test\.ts)`/g)].map(
      (m) => m[1]!,
    );
    expect(names.filter((name) => filesNamed(name).length === 0)).toEqual([]);
  });

  it('docs/registries.md: every test title it quotes is in the file named with it', () => {
    const cited = [
      ...read('docs/registries.md').matchAll(/`([\w.-]+\.test\.ts)`,\s+"([^"]+)"/g),
    ].map((m) => [m[1]!, m[2]!.replace(/\s+/g, ' ').replace(/ …$/, '')] as const);
    expect(cited.length).toBeGreaterThan(0);
    const missing = cited.filter(
      ([name, title]) => !filesNamed(name).some((f) => read(`__tests__/${f}`).includes(title)),
    );
    expect(missing).toEqual([]);
  });
});

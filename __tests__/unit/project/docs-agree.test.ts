/**
 * action.yml, README and the command line's --help agree input by input: every input
 * has a row in README's inputs table and in its flags table, and the flag that sets it
 * is in --help; every output has a row in README's outputs table. The other way round,
 * every flag in --help and README's flags table is a real one; the defaults README and
 * --help give are action.yml's; README's Node.js versions are package.json's and CI's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flagOf, USAGE } from '../../../src/cli/args.js';

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const readme = read('README.md');

/** The rows of the markdown table under `heading`: the cells of each, code spans unwrapped. */
function table(heading: string): string[][] {
  const section = readme.split(`\n${heading}\n`)[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((l) => /^\| /.test(l) && !/^\| -/.test(l))
    .slice(1)
    .map((l) =>
      l
        .replace(/\\\|/g, '/')
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('action.yml, README and --help', () => {
  const inputs = Object.keys(action.inputs);

  it('README lists every input of action.yml, and no other', () => {
    const rows = table('## Inputs').map((r) => codes(r[0]!)[0]);
    expect([...rows].sort()).toEqual([...inputs].sort());
  });

  it('README lists every output of action.yml, and no other', () => {
    const rows = table('## Outputs').map((r) => codes(r[0]!)[0]);
    expect([...rows].sort()).toEqual(Object.keys(action.outputs).sort());
  });

  it('every input has a flag in README’s table and in --help', () => {
    const flagRows = table('## Run it locally').filter((r) => codes(r[1] ?? '').length > 0);
    const byInput = new Map(flagRows.map((r) => [codes(r[1]!)[0]!, r[0]!]));
    const missing: string[] = [];
    for (const input of inputs) {
      // The password is read from standard input, never from a flag of its own name.
      const flag = input === 'password' ? '--password-stdin' : flagOf(input);
      if (!byInput.get(input)?.includes(flag)) missing.push(`README: ${input} (${flag})`);
      if (!new RegExp(`^  ${flag}\\b`, 'm').test(USAGE) && !USAGE.includes(`  --no-${input}`)) {
        missing.push(`--help: ${input} (${flag})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every flag in --help sets an input, or is one of the command line’s own', () => {
    const own = ['--password-stdin', '--summary', '--help', '--version'];
    const flags = [...USAGE.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)/gm)].map((m) => m[1]!);
    const setters = new Set(inputs.flatMap((i) => [flagOf(i), `--no-${i}`]));
    expect(flags.length).toBeGreaterThan(30);
    expect(flags.filter((f) => !setters.has(f) && !own.includes(f))).toEqual([]);
  });

  it('every flag in README’s table is in --help', () => {
    const flags = table('## Run it locally').flatMap((r) => codes(r[0]!));
    const names = flags.flatMap((f) => [...f.matchAll(/--[a-z-]+/g)].map((m) => m[0]));
    expect(names.length).toBeGreaterThan(30);
    const inHelp = (flag: string) => new RegExp(`(?:^| |\\()${flag}(?![a-z-])`, 'm').test(USAGE);
    expect(names.filter((f) => !inHelp(f))).toEqual([]);
  });

  it('README’s inputs table gives action.yml’s default of every input that has one', () => {
    const defaults = new Map(table('## Inputs').map((r) => [codes(r[0]!)[0]!, r[2]!]));
    const wrong = inputs.filter((input) => {
      const value = (action.inputs[input] as { default?: string }).default ?? '';
      return value !== '' && defaults.get(input) !== `\`${value}\``;
    });
    expect(wrong).toEqual([]);
  });

  it('README’s Node.js versions are package.json’s and the CI workflow’s', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines;
    const least = /^>=(\d+)$/.exec(engines.node)?.[1];
    expect(readme).toContain(`The command line needs Node.js ${least} or later`);
    // Every Node.js README says CI runs on is one a CI job sets up.
    const ci = read('.github/workflows/ci.yml');
    const inCi = new Set([...ci.matchAll(/node-version: (\d+)/g)].map((m) => m[1]!));
    const said = /CI runs ([\s\S]*?)\.(?:\s|$)/.exec(readme)?.[1] ?? '';
    const versions = [...said.matchAll(/Node\.js (\d+)/g)].map((m) => m[1]!);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !inCi.has(v))).toEqual([]);
  });

  it('every default --help gives is action.yml’s, but where the command line differs', () => {
    // --push defaults to false (README says so); the current directory is the context's ".".
    const differs: Record<string, string> = { push: 'false', context: 'the' };
    const byFlag = new Map(inputs.map((i) => [flagOf(i), i]));
    const said = [...USAGE.matchAll(/^ {2}(--[a-z-]+)[^\n]*\(default:? ([\w.]+)/gm)];
    expect(said.length).toBeGreaterThan(8);
    const wrong = said.flatMap(([, flag, value]) => {
      const input = byFlag.get(flag!);
      if (input === undefined) return [];
      const expected =
        differs[input] ?? (action.inputs[input] as { default?: string }).default ?? '';
      return expected === '' || value === expected ? [] : [`${flag}: ${value} (${expected})`];
    });
    expect(wrong).toEqual([]);
  });

  it('README’s flags table gives action.yml’s defaults, but for --push', () => {
    // The password's row names the variable it is read from instead.
    const rows = table('## Run it locally').filter(
      (r) => codes(r[1] ?? '').length > 0 && codes(r[1]!)[0] !== 'password',
    );
    const wrong = rows.flatMap((r) => {
      const input = codes(r[1]!)[0]!;
      const value = codes(r[2] ?? '')[0];
      const expected =
        input === 'push' ? 'false' : (action.inputs[input] as { default?: string }).default;
      return value === undefined || value.startsWith('<') || value === expected
        ? []
        : [`${input}: ${value} (${expected})`];
    });
    expect(rows.length).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });
});

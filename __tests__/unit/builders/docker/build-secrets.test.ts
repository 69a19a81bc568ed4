import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSecrets } from '../../../../src/request/secret-inputs.js';
import { parseCommandLine } from '../../../../src/cli/args.js';
import { writeSecretFiles } from '../../../../src/builders/docker/build-secrets.js';
import { InputError } from '../../../../src/core/errors.js';
import { parseInputs } from '../../../../src/request/inputs.js';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the secrets input', () => {
  it('takes id=value lines; the value may hold "=" and blank lines are skipped', () => {
    expect(parseSecrets('npm_token=abc=def\n\n  github.token_2=xyz  \n')).toEqual([
      ['npm_token', 'abc=def'],
      ['github.token_2', 'xyz'],
    ]);
    expect(parseSecrets('')).toEqual([]);
  });

  it.each([
    ['a line without "="', 'hunter2-no-equals', /line 1 has no "="/],
    ['an id that is not one', 'my token=hunter2-value', /line 1 has no valid id/],
    ['an empty id', '=hunter2-value', /line 1 has no valid id/],
  ])('refuses %s without showing the line', (_name, raw, message) => {
    let error: unknown;
    try {
      parseSecrets(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('refuses an id given twice', () => {
    expect(() => parseSecrets('a=hunter2-one\na=hunter2-two')).toThrow(/"a" is given twice/);
  });
});

describe('a build secret given again where the image would keep it', () => {
  it.each([
    ['build-args', 'TOKEN=npm-hunter2-token'],
    ['labels', 'org.example.token=npm-hunter2-token'],
    ['annotations', 'org.example.token=npm-hunter2-token'],
  ])('is refused in %s, named by its id, never shown', (input, line) => {
    const raw: Record<string, string> = { secrets: 'npm=npm-hunter2-token', [input]: line };
    let error: unknown;
    try {
      parseInputs((n) => raw[n] ?? '', '/ws');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toMatch(/build secret "npm"/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('leaves a value that only holds a short secret (found by chance)', () => {
    const raw: Record<string, string> = { secrets: 'x=ab', 'build-args': 'A=abc' };
    expect(parseInputs((n) => raw[n] ?? '', '/ws').buildArgs).toEqual([['A', 'abc']]);
  });
});

describe('--secret', () => {
  it('sets the secrets input, from a value or an environment variable', () => {
    const request = parseCommandLine(['--secret', 'a=one', '--secret', 'b=env:MY_TOKEN'], {
      MY_TOKEN: 'from-env',
    });
    expect(request.inputs.secrets).toBe('a=one\nb=from-env');
  });

  it('names a variable that is not set, and shows no value', () => {
    expect(() => parseCommandLine(['--secret', 'b=env:NOT_SET'], {})).toThrow(
      '--secret b: the environment variable NOT_SET is not set.',
    );
    expect(() => parseCommandLine(['--secret', 'b=env:KEY'], { KEY: 'x\ny' })).toThrow(
      /holds several lines/,
    );
  });
});

describe('secret files for the engine', () => {
  it('are 0600 in a 0700 directory, named to docker by path only, and removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneimage-secrets-test-'));
    made.push(dir);
    const files = writeSecretFiles(dir, [['tok', 'hunter2-value']]);
    expect(files.args).toHaveLength(2);
    expect(files.args[0]).toBe('--secret');
    expect(files.args.join(' ')).not.toContain('hunter2');
    const path = /"src=(.*)"$/.exec(files.args[1]!)![1]!;
    expect(files.args[1]).toMatch(/^id=tok,"src=/);
    expect(readFileSync(path, 'utf8')).toBe('hunter2-value');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    files.remove();
    expect(existsSync(join(path, '..'))).toBe(false);
  });

  it('are nothing at all without secrets', () => {
    expect(writeSecretFiles('/nonexistent', []).args).toEqual([]);
  });
});

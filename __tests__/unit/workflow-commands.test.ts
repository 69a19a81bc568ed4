import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendSummary,
  command,
  error,
  fileCommandEntry,
  group,
  notice,
  saveState,
  setOutput,
  setSecret,
  setWriter,
  warning,
} from '../../src/action/workflow-commands.js';
import { parseCommandFile } from '../integration/harness.js';

describe('command', () => {
  // The escapes the runner undoes: %, CR and LF in data; also : and , in properties.
  it.each([
    ['error', {}, 'plain', '::error::plain'],
    ['error', {}, 'two\nlines\r\n', '::error::two%0Alines%0D%0A'],
    ['error', {}, '100% sure', '::error::100%25 sure'],
    ['error', {}, 'a: b, c', '::error::a: b, c'],
    ['warning', { file: 'Dockerfile', line: 3 }, 'bad', '::warning file=Dockerfile,line=3::bad'],
    ['notice', { file: 'a,b:c%.txt' }, 'x', '::notice file=a%2Cb%3Ac%25.txt::x'],
    ['notice', { title: '', file: undefined, line: 0 }, 'x', '::notice line=0::x'],
    ['add-mask', {}, 'p%a\nss', '::add-mask::p%25a%0Ass'],
    ['endgroup', {}, '', '::endgroup::'],
  ])('%s %j %j', (name, props, message, expected) => {
    expect(command(name, props, message)).toBe(expected);
  });
});

describe('log lines', () => {
  let lines: string[];
  let restore: (text: string) => void;
  beforeEach(() => {
    lines = [];
    restore = setWriter((text) => lines.push(text));
  });
  afterEach(() => {
    setWriter(restore);
  });

  it('writes annotations with the file and line where they point', () => {
    error('Dockerfile syntax', { file: 'Dockerfile', startLine: 2, startColumn: 5 });
    warning('slow');
    notice('held', { title: 'Tags' });
    expect(lines).toEqual([
      '::error file=Dockerfile,line=2,col=5::Dockerfile syntax\n',
      '::warning::slow\n',
      '::notice title=Tags::held\n',
    ]);
  });

  it('masks a secret with add-mask, escaped so that a newline cannot end the command', () => {
    setSecret('pa\nss');
    expect(lines).toEqual(['::add-mask::pa%0Ass\n']);
  });

  it('closes a group even when the work in it fails', async () => {
    await expect(
      group('Build', () => {
        lines.push('inside\n');
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(lines).toEqual(['::group::Build\n', 'inside\n', '::endgroup::\n']);
  });
});

describe('environment files', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'workflow-commands-'));
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
      const file = join(dir, name);
      writeFileSync(file, '');
      process.env[name] = file;
    }
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes outputs and state the runner reads back, multi-line values included', () => {
    setOutput('tags', 'r:1\nr:latest');
    setOutput('digest', 'sha256:abc');
    setOutput('empty', '');
    saveState('tempDirs', '["/t/a"]');
    const outputs = parseCommandFile(readFileSync(join(dir, 'GITHUB_OUTPUT'), 'utf8'));
    expect(outputs).toEqual({ tags: 'r:1\nr:latest', digest: 'sha256:abc', empty: '' });
    const state = parseCommandFile(readFileSync(join(dir, 'GITHUB_STATE'), 'utf8'));
    expect(state).toEqual({ tempDirs: '["/t/a"]' });
  });

  it('uses a fresh random delimiter for every entry', () => {
    setOutput('a', '1');
    setOutput('b', '2');
    const delimiters = readFileSync(join(dir, 'GITHUB_OUTPUT'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('<<'))
      .map((line) => line.split('<<')[1]);
    expect(delimiters).toHaveLength(2);
    expect(delimiters[0]).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
    expect(delimiters[0]).not.toBe(delimiters[1]);
  });

  it('refuses a value that contains its delimiter, which would end the entry early', () => {
    expect(() => fileCommandEntry('x', 'a\nEOF\nb', 'EOF')).toThrow(/delimiter/);
    expect(fileCommandEntry('x', 'a', 'EOF')).toBe('x<<EOF\na\nEOF\n');
  });

  it('appends markdown to the job summary, and says so when there is none', () => {
    appendSummary('## One');
    appendSummary('two');
    expect(readFileSync(join(dir, 'GITHUB_STEP_SUMMARY'), 'utf8')).toBe('## One\ntwo\n');
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(() => appendSummary('x')).toThrow(/GITHUB_STEP_SUMMARY/);
  });

  it('falls back to the set-output command where the runner has no output file', () => {
    delete process.env.GITHUB_OUTPUT;
    const lines: string[] = [];
    const restore = setWriter((text) => lines.push(text));
    try {
      setOutput('digest', 'a\nb');
    } finally {
      setWriter(restore);
    }
    expect(lines.join('')).toBe('\n::set-output name=digest::a%0Ab\n');
  });
});

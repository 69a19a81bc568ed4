import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confine, isInside, realLocation } from '../../../src/fs/workspace-paths.js';
import {
  checkIgnoreFiles,
  checkPathInput,
  requireDirectory,
} from '../../../src/request/path-inputs.js';
import { InputError } from '../../../src/core/errors.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'oneimage-paths-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ws = join(root, 'ws');
const outside = join(root, 'outside');
mkdirSync(join(ws, 'sub', 'deeper'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(ws, 'sub', 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(outside, 'secret'), 'x');
symlinkSync('/', join(ws, 'to-root'));
symlinkSync('../outside', join(ws, 'up'));
symlinkSync('sub', join(ws, 'inner'));
symlinkSync(join(ws, 'sub'), join(ws, 'inner-abs'));
symlinkSync('/proc/self/environ', join(ws, 'environ'));
symlinkSync(join(outside, 'not-yet.tar'), join(ws, 'dangling.tar'));
symlinkSync('loop-b', join(ws, 'loop-a'));
symlinkSync('loop-a', join(ws, 'loop-b'));
symlinkSync('../../..', join(ws, 'sub', 'deeper', 'climb'));

describe('realLocation', () => {
  it('follows links in the middle and at the end, relative and absolute', () => {
    expect(realLocation(join(ws, 'inner', 'Dockerfile')).real).toBe(join(ws, 'sub', 'Dockerfile'));
    expect(realLocation(join(ws, 'to-root', 'etc', 'passwd')).real).toBe('/etc/passwd');
    expect(realLocation(join(ws, 'up', 'secret')).real).toBe(join(outside, 'secret'));
    expect(realLocation(join(ws, 'sub', 'deeper', 'climb', 'outside')).real).toBe(outside);
  });

  it('follows a dangling link to where a write would land', () => {
    const where = realLocation(join(ws, 'dangling.tar'));
    expect(where.real).toBe(join(outside, 'not-yet.tar'));
    expect(where.via).toBe(join(ws, 'dangling.tar'));
    expect(where.stats).toBeUndefined();
  });

  it('takes missing components as written', () => {
    expect(realLocation(join(ws, 'missing', '..', 'sub')).real).toBe(join(ws, 'sub'));
    expect(realLocation(join(ws, 'missing', 'x')).stats).toBeUndefined();
  });

  it('stops on a link loop', () => {
    expect(() => realLocation(join(ws, 'loop-a'))).toThrow(/too many levels/);
  });
});

describe('confine', () => {
  it('tells inside from outside', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/..c')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(confine(ws, join(ws, 'inner-abs')).inside).toBe(true);
    expect(confine(ws, join(ws, 'to-root')).inside).toBe(false);
    expect(confine(join(ws, 'inner'), join(ws, 'sub', 'Dockerfile')).inside).toBe(true);
  });
});

function inputError(f: () => void): InputError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('no error');
}

describe('checkPathInput', () => {
  it('accepts paths inside, links inside included, and paths not made yet', () => {
    checkPathInput('context', join(ws, 'inner'), ws);
    checkPathInput('dockerfile', join(ws, 'inner', 'Dockerfile'), ws);
    checkPathInput('output', join(ws, 'out', 'image.tar'), ws);
    checkPathInput('working-directory', ws, ws);
  });

  it('refuses a link out of the workspace, naming the input, the link and where it leads', () => {
    const e = inputError(() => checkPathInput('context', join(ws, 'to-root'), ws));
    expect(e.message).toBe(
      'Input "context": "to-root" leads to "/" through the symbolic link "to-root", outside the workspace.',
    );
    const d = inputError(() => checkPathInput('dockerfile', join(ws, 'environ'), ws));
    expect(d.message).toMatch(/^Input "dockerfile": "environ" leads to "\/proc\/\d+\/environ"/);
    const o = inputError(() => checkPathInput('output', join(ws, 'dangling.tar'), ws));
    expect(o.message).toContain(JSON.stringify(join(outside, 'not-yet.tar')));
    const w = inputError(() => checkPathInput('working-directory', join(ws, 'up'), ws));
    expect(w.message).toContain('Input "working-directory"');
  });

  it('refuses a path outside without links, shown absolute', () => {
    const e = inputError(() => checkPathInput('output', join(root, 'x.tar'), ws));
    expect(e.message).toBe(
      `Input "output": ${JSON.stringify(join(root, 'x.tar'))} leads to ${JSON.stringify(join(root, 'x.tar'))}, outside the workspace.`,
    );
  });

  it('refuses the wrong kind', () => {
    expect(inputError(() => checkPathInput('output', ws, ws)).message).toBe(
      'Input "output": "." is a directory, not a file.',
    );
    expect(inputError(() => checkPathInput('dockerfile', join(ws, 'sub'), ws)).message).toBe(
      'Input "dockerfile": "sub" is a directory, not a file.',
    );
    expect(
      inputError(() => checkPathInput('context', join(ws, 'sub', 'Dockerfile'), ws)).message,
    ).toBe('Input "context": "sub/Dockerfile" is a file, not a directory.');
    expect(
      inputError(() => checkPathInput('working-directory', join(ws, 'sub', 'Dockerfile'), ws))
        .message,
    ).toContain('is a file, not a directory');
  });

  it('names a file met in the middle of a path', () => {
    expect(
      inputError(() => checkPathInput('output', join(ws, 'sub', 'Dockerfile', 'x.tar'), ws))
        .message,
    ).toBe(
      'Input "output": "sub/Dockerfile/x.tar" goes on below "sub/Dockerfile", which is a file, not a directory.',
    );
  });

  it('names the last link followed, the one that leads out', () => {
    symlinkSync('to-root', join(ws, 'hop'));
    expect(inputError(() => checkPathInput('context', join(ws, 'hop'), ws)).message).toContain(
      'through the symbolic link "to-root"',
    );
  });

  it('names a link loop', () => {
    expect(inputError(() => checkPathInput('context', join(ws, 'loop-a'), ws)).message).toMatch(
      /^Input "context": "loop-a" cannot be followed: too many levels/,
    );
  });

  it('requires a directory that must exist by now', () => {
    expect(
      inputError(() => requireDirectory('working-directory', join(ws, 'nope'), ws)).message,
    ).toBe('Input "working-directory": no directory at "nope".');
    requireDirectory('working-directory', join(ws, 'inner'), ws);
  });
});

describe('checkIgnoreFiles', () => {
  it('refuses an ignore file linked out of the workspace, accepts one inside', () => {
    writeFileSync(join(ws, 'sub', '.dockerignore'), '*.o\n');
    checkIgnoreFiles(join(ws, 'sub'), join(ws, 'sub', 'Dockerfile'), ws);
    symlinkSync('/proc/self/environ', join(ws, 'sub', 'Dockerfile.dockerignore'));
    expect(
      inputError(() => checkIgnoreFiles(join(ws, 'sub'), join(ws, 'sub', 'Dockerfile'), ws))
        .message,
    ).toMatch(
      /^Input "dockerfile": "sub\/Dockerfile.dockerignore" leads to "\/proc\/\d+\/environ"/,
    );
    symlinkSync('/etc/passwd', join(ws, 'sub', 'deeper', '.dockerignore'));
    expect(
      inputError(() => checkIgnoreFiles(join(ws, 'sub', 'deeper'), join(ws, 'x'), ws)).message,
    ).toContain('Input "context": "sub/deeper/.dockerignore" leads to "/etc/passwd"');
  });
});

// COPY --chmod as current BuildKit reads and applies it (dockerfile2llb's dispatchCopy,
// fsutil's copy and its mode package). The BuildKit of Docker 20.10, which the
// equivalence suite runs, differs (it drops setuid, setgid and sticky bits, creates
// parents 0755 and refuses symbolic modes), so these are pinned to current BuildKit's
// source and its integration tests (testCopyChmod, testChmodNonOctal).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { applyChmod, createdDirMode, parseChmod } from '../../../src/fs/chmod.js';
import { applyCopy } from '../../../src/fs/copy.js';
import { ImageTree } from '../../../src/fs/image-tree.js';
import { ContextFs } from '../../../src/fs/sources.js';
import { parseDockerfile } from '../../../src/dockerfile/resolve.js';

describe('parseChmod', () => {
  it.each([
    ['755', 0o755],
    ['0644', 0o644],
    ['0', 0],
    ['4755', 0o4755],
    ['2775', 0o2775],
    ['1777', 0o1777],
    ['07777', 0o7777],
  ])('reads %j as octal', (spec, octal) => {
    expect(parseChmod(spec)).toEqual({ octal });
  });

  it.each(['10000', '64a', '08', '9', '0x1ff', '77777777777'])(
    'refuses %j with BuildKit error',
    (spec) => {
      expect(() => parseChmod(spec)).toThrow(
        `invalid chmod parameter: '${spec}'. it should be octal string and between 0 and 07777`,
      );
    },
  );

  it.each(['z+x', 'u+x,', 'u+q', 'u', 'rwx', '+755', 'u+x g-w'])('refuses %j', (spec) => {
    expect(() => parseChmod(spec)).toThrow(/Invalid --chmod=.*nor a symbolic one/);
  });
});

describe('applyChmod', () => {
  it('keeps setuid, setgid and sticky bits of an octal mode, as fsutil does since 2024', () => {
    for (const octal of [0o4755, 0o2775, 0o1777, 0o6750]) {
      expect(applyChmod(parseChmod(octal.toString(8)), 0o644, false)).toBe(octal);
      expect(applyChmod(parseChmod(octal.toString(8)), 0o755, true)).toBe(octal);
    }
  });

  // [mode, source mode, directory, result]: what dchapes-mode's Set.Apply gives.
  it.each<[string, number, boolean, number]>([
    // testChmodNonOctal: the file 0666 and the directory 0124 of BuildKit's test.
    ['go-w', 0o666, false, 0o644],
    ['u=rw,g=r,o=r', 0o666, false, 0o644],
    ['a+X', 0o666, false, 0o666],
    ['go-w', 0o124, true, 0o104],
    ['u+rw,g+r,o-x,o+w', 0o124, true, 0o766],
    ['a+X', 0o124, true, 0o135],
    // chmod(1) forms.
    ['u+x', 0o644, false, 0o744],
    ['+x', 0o644, false, 0o755],
    ['a=r,u+w', 0o755, false, 0o644],
    ['u=rwx,go=rx', 0o600, false, 0o755],
    ['go=', 0o755, true, 0o700],
    ['g=u', 0o640, false, 0o660],
    ['u=rwx,go=u-w', 0o600, false, 0o755],
    ['+X', 0o644, true, 0o755],
    ['+X', 0o744, false, 0o755],
    ['+X', 0o644, false, 0o644],
    ['u+s', 0o755, false, 0o4755],
    ['g+s', 0o775, true, 0o2775],
    ['+t', 0o777, true, 0o1777],
    ['u-s,g-s', 0o6755, false, 0o755],
    // BSD's setmode, not GNU chmod: `o+t` is ignored, `=` keeps the sticky bit, `=`
    // ignores X, and X looks at the mode before the change.
    ['o+t', 0o777, true, 0o777],
    ['a=r,u+w', 0o1777, true, 0o1644],
    ['a=rX', 0o755, true, 0o444],
    ['=rw,+X', 0o755, false, 0o777],
  ])('%j on %o (directory: %j) is %o', (spec, mode, isDir, expected) => {
    expect(applyChmod(parseChmod(spec), mode, isDir)).toBe(expected);
  });

  it('creates directories with an octal mode permission bits, else 0755', () => {
    expect(createdDirMode(parseChmod('777'))).toBe(0o777);
    expect(createdDirMode(parseChmod('4770'))).toBe(0o770);
    expect(createdDirMode(parseChmod('600'))).toBe(0o600);
    expect(createdDirMode(parseChmod('u+x'))).toBe(0o755);
    expect(createdDirMode(undefined)).toBe(0o755);
  });
});

describe('COPY --chmod', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'chmod-test-'));
    writeFileSync(path.join(root, 'foo'), 'foo');
    chmodSync(path.join(root, 'foo'), 0o600);
    mkdirSync(path.join(root, 'd/sub'), { recursive: true });
    writeFileSync(path.join(root, 'd/sub/f'), 'f');
    chmodSync(path.join(root, 'd/sub/f'), 0o644);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function copy(tree: ImageTree, sources: string[], dest: string, spec: string) {
    await applyCopy({
      instruction: 'COPY',
      sources,
      dest,
      workdir: '/',
      from: new ContextFs(root),
      target: tree,
      chmod: parseChmod(spec),
    });
  }
  const modes = (tree: ImageTree): Record<string, string> =>
    Object.fromEntries(tree.paths().map((p) => [p, tree.get(p)!.mode.toString(8)]));

  it('gives the parents it creates the permission bits of an octal mode (testCopyChmod)', async () => {
    const tree = new ImageTree(true);
    await copy(tree, ['foo'], '/parent/foo', '777');
    await copy(tree, ['foo'], '/parent/sub/foo', '770');
    await copy(tree, ['foo'], '/setuid/foo', '4755');
    expect(modes(tree)).toEqual({
      '/parent': '777',
      '/parent/foo': '777',
      '/parent/sub': '770',
      '/parent/sub/foo': '770',
      '/setuid': '755',
      '/setuid/foo': '4755',
    });
  });

  it('applies a symbolic mode to each copied entry, and creates parents 0755', async () => {
    const tree = new ImageTree(true);
    await copy(tree, ['d'], '/x/y/', 'go-w,+X');
    expect(modes(tree)).toEqual({
      '/x': '755',
      '/x/y': '755',
      '/x/y/sub': '755',
      '/x/y/sub/f': '644',
    });
    await copy(tree, ['foo'], '/x/', 'u+x,g=u');
    expect(tree.get('/x/foo')?.mode).toBe(0o770);
  });
});

describe('--chmod with variables', () => {
  it('expands --chmod=$MODE, as current BuildKit does', () => {
    const df = parseDockerfile(
      'FROM scratch\nARG MODE=0750\nCOPY --chmod=$MODE a /b\n',
      'Dockerfile',
      {
        MODE: 'u+x',
      },
    );
    const copyIns = df.stages[0]!.instructions.find((i) => i.keyword === 'COPY');
    expect(copyIns).toMatchObject({ chmod: 'u+x' });
  });
});

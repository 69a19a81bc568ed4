/**
 * engineCleanup(): after the tests of the block it is made in, the runs they kept are
 * disposed and the images the engine holds for their repositories are removed, those
 * of other repositories kept.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import { REGISTRY, uniqueRepo } from '../fixtures/registry.js';
import { ustarFile } from '../fixtures/tar-blocks.js';

const ours = uniqueRepo('alice', 'cleanup-ours');
const other = uniqueRepo('alice', 'cleanup-other');
let disposed = 0;

/** An image of one file, named `ref`, made by the engine without pulling anything. */
function makeImage(ref: string): void {
  const tar = Buffer.concat([ustarFile('a.txt', Buffer.from('a\n')), Buffer.alloc(1024)]);
  execFileSync('docker', ['import', '-', ref], { input: tar, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The engine's image names of `repo` on the registry. */
function engineImages(repo: string): string[] {
  return execFileSync(
    'docker',
    ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', `${REGISTRY}/${repo}`],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter((ref) => ref !== '');
}

afterAll(() => {
  for (const repo of [ours, other]) {
    const refs = engineImages(repo);
    if (refs.length > 0) execFileSync('docker', ['rmi', '--force', ...refs], { stdio: 'pipe' });
  }
});

describe('a block whose tests build with the engine', () => {
  const engine = engineCleanup();

  it('keeps a run and names a repository whose images the engine holds', () => {
    makeImage(`${REGISTRY}/${ours}:1`);
    makeImage(`${REGISTRY}/${ours}:2`);
    makeImage(`${REGISTRY}/${other}:1`);
    engine.runs.push({ dispose: () => void disposed++ });
    engine.repos.push(ours);
    expect(engineImages(ours)).toHaveLength(2);
    expect(disposed).toBe(0);
  });
});

it('after the block: the run is disposed, its repository’s images are gone, others kept', () => {
  expect(disposed).toBe(1);
  expect(engineImages(ours)).toEqual([]);
  expect(engineImages(other)).toEqual([`${REGISTRY}/${other}:1`]);
});

import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleImage, type BuiltLayer } from '../../../../src/image/built-image.js';
import { describeDifference, firstDifference } from '../../../../src/image/verify/compare.js';
import { layerFile, type LayerEntry } from '../../../fixtures/layer-file.js';

const dir = mkdtempSync(join(tmpdir(), 'oneimage-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const amd64 = { os: 'linux', architecture: 'amd64' };

async function image(entries: LayerEntry[], labels: Record<string, string> = {}) {
  const layers = [await layerFile(dir, entries)];
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/hello'], Labels: labels },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    }),
  );
  const built = assembleImage(config, layers, amd64);
  const open = (l: BuiltLayer) => async () => createReadStream(l.path!);
  return {
    manifestDigest: built.manifestDigest,
    config,
    layers: layers.map((l) => ({ digest: l.digest, mediaType: l.mediaType, open: open(l) })),
  };
}

describe('the first difference between a build and a published image', () => {
  it('is none for the same image', async () => {
    const a = await image([{ name: 'hello', data: 'one' }]);
    expect(await firstDifference(a, a)).toBeUndefined();
  });

  it('names the file that changed, with both hashes', async () => {
    const built = await image([
      { name: 'hello', data: 'one' },
      { name: 'same', data: 's' },
    ]);
    const published = await image([
      { name: 'hello', data: 'two' },
      { name: 'same', data: 's' },
    ]);
    const d = await firstDifference(built, published);
    expect(d).toEqual({
      kind: 'file',
      layer: 1,
      path: '/hello',
      change: 'changed',
      built: sha256('one'),
      published: sha256('two'),
    });
    expect(describeDifference(d!)).toBe(
      `layer 1: /hello changed (sha256 ${sha256('one')} in the build, ${sha256('two')} in the published image)`,
    );
  });

  it('names a file only one of them has', async () => {
    const built = await image([{ name: 'hello', data: 'one' }]);
    const published = await image([
      { name: 'hello', data: 'one' },
      { name: 'extra', data: 'x' },
    ]);
    expect(await firstDifference(built, published)).toMatchObject({
      path: '/extra',
      change: 'removed',
      published: sha256('x'),
    });
  });

  it('names the config field of a one-label change', async () => {
    const built = await image([{ name: 'hello', data: 'one' }], { team: 'core' });
    const published = await image([{ name: 'hello', data: 'one' }], { team: 'edge' });
    const d = await firstDifference(built, published);
    expect(d).toEqual({
      kind: 'config',
      field: 'config.Labels.team',
      built: '"core"',
      published: '"edge"',
    });
  });
});

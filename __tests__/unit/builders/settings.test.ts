/** Each builder is made of one named settings object, and honours what it says. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { createBuilder } from '../../../src/builders/choose.js';
import { DockerBuilder } from '../../../src/builders/docker/builder.js';
import { NativeBuilder } from '../../../src/builders/native/builder.js';
import { STATE } from '../../../src/core/state.js';
import type { LayerCompression } from '../../../src/layers/compression.js';
import { builderSettings, contextPlan } from '../../fixtures/builder-settings.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';

const tempDir = tempDirs('builder-settings');

/** Nothing listens there: these builders push nothing. */
const REGISTRY = '127.0.0.1:9';

/** 1 MiB of one letter: gzip makes it a few KiB, level 0 stores it. */
const CONTENT = 'a'.repeat(1024 * 1024);

/** The size of the one layer a native builder of `compression` makes of CONTENT. */
async function layerSize(compression: LayerCompression): Promise<number> {
  const builder = new NativeBuilder(builderSettings(tempDir('runner'), REGISTRY, { compression }));
  try {
    const plan = contextPlan(tempDir('context'), 'FROM scratch\nCOPY a.txt /\n', {
      'a.txt': CONTENT,
    });
    await builder.build(plan, 'linux/amd64');
    const [image] = builder.built().images;
    expect(image?.layers).toHaveLength(1);
    return image!.layers[0]!.size;
  } finally {
    builder.dispose();
  }
}

describe('the builders’ settings', () => {
  it.each([
    ['native', NativeBuilder],
    ['docker', DockerBuilder],
  ] as const)(
    '%s: the scratch dir is made in tempDir and told to onTempDir, dispose removes it',
    (kind, Builder) => {
      const made: string[] = [];
      const runnerTemp = tempDir('runner');
      const onTempDir = (dir: string) => void made.push(dir);
      const builder = new Builder(builderSettings(runnerTemp, REGISTRY, { onTempDir }));
      expect(builder.name).toBe(kind);
      expect(made).toHaveLength(1);
      expect(path.dirname(made[0]!)).toBe(runnerTemp);
      expect(path.basename(made[0]!)).toMatch(new RegExp(`^oneimage-${kind}-`));
      expect(existsSync(made[0]!)).toBe(true);
      builder.dispose();
      expect(existsSync(made[0]!)).toBe(false);
    },
  );

  it('native: the layers are compressed as the settings say', async () => {
    const stored = await layerSize({ kind: 'gzip', level: 0 });
    const packed = await layerSize({ kind: 'gzip', level: 9 });
    expect(stored).toBeGreaterThan(CONTENT.length);
    expect(packed).toBeLessThan(CONTENT.length / 100);
  });

  it.each(['native', 'docker'] as const)(
    'createBuilder(%s) makes the scratch dir in the run’s temp and records it as a leftover',
    (kind) => {
      const io = recordingIo();
      const runnerTemp = tempDir('runner');
      // Its own onTempDir (a no-op) is not the run's: createBuilder records the dir in io.
      const builder = createBuilder(
        { kind, reason: 'asked' },
        builderSettings(runnerTemp, REGISTRY, { io }),
      );
      try {
        expect(builder.name).toBe(kind);
        const dirs = JSON.parse(io.state[STATE.tempDirs] ?? '[]') as string[];
        expect(dirs).toHaveLength(1);
        expect(path.dirname(dirs[0]!)).toBe(runnerTemp);
        expect(path.basename(dirs[0]!)).toMatch(new RegExp(`^oneimage-${kind}-`));
        expect(io.texts('info')).toContain(`Builder: ${kind} (asked)`);
      } finally {
        builder.dispose();
      }
    },
  );
});

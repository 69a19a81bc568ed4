import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pluginDirs } from '../../../src/builders/docker/config.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Job {
  strategy?: { matrix?: Record<string, string[]> };
  'runs-on': string;
  steps: Step[];
}

const ci = parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, Job> };

describe('CI workflow', () => {
  it.each(['test', 'example'])('runs the %s job with buildx and with buildx removed', (name) => {
    const job = ci.jobs[name]!;
    expect(job.strategy?.matrix?.buildx).toEqual(['kept', 'removed']);
    const remove = job.steps.find((step) => step.run === 'bash .ci/remove-buildx');
    expect(remove?.if).toBe("matrix.buildx == 'removed'");
  });

  it.each(['test', 'example'])(
    'runs the %s job on the classic image store and on the containerd one',
    (name) => {
      const job = ci.jobs[name]!;
      expect(job.strategy?.matrix?.['image-store']).toEqual(['classic', 'containerd']);
      const set = job.steps.findIndex(
        (step) => step.run === 'bash .ci/image-store ${{ matrix.image-store }}',
      );
      expect(set).toBeGreaterThanOrEqual(0);
      // Before anything uses the engine.
      const first = job.steps.findIndex(
        (step) => step.uses === './' || step.run?.includes('.ci/run'),
      );
      expect(set).toBeLessThan(first);
    },
  );

  it('sets the image store with the daemon’s other settings kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'image-store-test-'));
    try {
      const file = join(dir, 'daemon.json');
      writeFileSync(file, '{"exec-opts":["x"],"features":{"buildkit":true}}');
      const store = (name: string) =>
        spawnSync('bash', ['.ci/image-store', name], {
          cwd: new URL('../../../', import.meta.url),
          env: { ...process.env, DAEMON_JSON: file },
          encoding: 'utf8',
        });
      expect(store('containerd').status).toBe(0);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        'exec-opts': ['x'],
        features: { buildkit: true, 'containerd-snapshotter': true },
      });
      expect(store('classic').status).toBe(0);
      expect(JSON.parse(readFileSync(file, 'utf8')).features['containerd-snapshotter']).toBe(false);
      const wrong = store('overlay2');
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('expected classic or containerd');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the example on both runner architectures', () => {
    expect(ci.jobs.example!.strategy?.matrix?.runner).toEqual([
      'ubuntu-latest',
      'ubuntu-24.04-arm',
    ]);
    expect(ci.jobs.example!['runs-on']).toBe('${{ matrix.runner }}');
  });

  it('pushes the example from one matrix cell only', () => {
    const step = ci.jobs.example!.steps.find((s) => s.uses === './')!;
    expect(step.with?.push).toContain("matrix.runner == 'ubuntu-latest'");
    expect(step.with?.push).toContain("matrix.buildx == 'kept'");
    expect(step.with?.push).toContain("matrix.image-store == 'containerd'");
  });

  it('removes buildx from every directory docker finds plugins in', () => {
    const script = read('.ci/remove-buildx');
    const dirs = pluginDirs('$config');
    expect(dirs.length).toBeGreaterThan(1);
    for (const dir of dirs) expect(script).toContain(dir);
  });
});

import { readFileSync } from 'node:fs';
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
  });

  it('removes buildx from every directory docker finds plugins in', () => {
    const script = read('.ci/remove-buildx');
    const dirs = pluginDirs('$config');
    expect(dirs.length).toBeGreaterThan(1);
    for (const dir of dirs) expect(script).toContain(dir);
  });
});

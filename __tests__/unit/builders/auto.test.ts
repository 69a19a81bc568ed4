/** `builder: auto`: the engine takes over when the native builder finds it cannot build. */
import { describe, expect, it } from 'vitest';

import { AutoBuilder } from '../../../src/builders/auto.js';
import { NeedsEngineError } from '../../../src/builders/native/needs-engine.js';
import { silentIo } from '../../../src/core/io.js';
import type { Plan } from '../../../src/request/plan.js';
import { fakeBuilder } from '../../fixtures/fake-builder.js';
import { recordingIo } from '../../fixtures/fake-io.js';

const plan = { platforms: [], tags: ['1'], refs: [] } as unknown as Plan;
const credentials = { username: 'u', password: 'p' };
const trigger = {
  file: 'Dockerfile',
  line: 1,
  instruction: 'RUN',
  reason: 'the base image b has the ONBUILD trigger `RUN make`',
};

describe('AutoBuilder', () => {
  it('moves to the engine, which logs in, builds and pushes, and says why', async () => {
    const io = recordingIo();
    const native = fakeBuilder({
      build: async () => {
        throw new NeedsEngineError(trigger);
      },
    });
    const engine = fakeBuilder();
    const auto = new AutoBuilder(native, () => engine, io);
    await auto.login(credentials, plan);
    await auto.build(plan, undefined);
    await auto.push(plan);
    auto.dispose();
    expect(native.calls).toEqual(['login', 'build', 'dispose']);
    expect(engine.calls).toEqual(['login', 'build', 'push:1', 'dispose']);
    expect(io.texts('info')).toContain(
      'Builder: docker (Dockerfile:1: RUN needs the Docker engine (the base image b has the ONBUILD trigger `RUN make`))',
    );
  });

  it('keeps other build errors, and does not switch for several platforms', async () => {
    const failing = (err: Error) =>
      new AutoBuilder(
        fakeBuilder({
          build: async () => {
            throw err;
          },
        }),
        () => fakeBuilder(),
        silentIo,
      );
    await expect(failing(new Error('disk full')).build(plan, undefined)).rejects.toThrow(
      'disk full',
    );
    const two = { ...plan, platforms: ['linux/amd64', 'linux/arm64'] } as Plan;
    await expect(failing(new NeedsEngineError(trigger)).build(two, 'linux/amd64')).rejects.toThrow(
      /Dockerfile:1: RUN/,
    );
  });
});

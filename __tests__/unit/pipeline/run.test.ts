/**
 * The pipeline's orchestration in process: run() with a fake builder, a fake registry
 * and a recording Io. What is pushed when, what is reported, what is cleaned up.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runnerIo } from '../../../src/action/reporter.js';
import { ActionError, PartialPushError } from '../../../src/core/errors.js';
import { failBeforeRun, run, type RunRequest } from '../../../src/pipeline/run.js';
import { RegistryError } from '../../../src/registry/errors.js';
import { DIGEST, fakeBuilder, fakeStages, IMAGE_ID } from '../../fixtures/fake-builder.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { EVENTS, runRequest } from '../../fixtures/run-request.js';
import { runnerCommands } from '../../fixtures/runner-commands.js';

const WS = mkdtempSync(path.join(os.tmpdir(), 'run-test-'));
afterAll(() => rmSync(WS, { recursive: true, force: true }));

function request(on: keyof typeof EVENTS, raw: Record<string, string> = {}): RunRequest {
  return runRequest(WS, on, raw);
}

describe('run() on a push to the default branch', () => {
  it('builds, logs in, pushes every tag, reports and cleans up', async () => {
    const io = recordingIo();
    const builder = fakeBuilder();
    const outcome = await run(request('main'), io, fakeStages(builder));
    expect(outcome.ok).toBe(true);
    // The credential check starts with the build, so that it costs no time of its own.
    expect(builder.calls).toEqual(['login', 'build', 'push:sha-fedcba9,latest', 'dispose']);
    expect(io.outputs).toMatchObject({
      image: 'docker.io/alice/hello',
      digest: DIGEST,
      imageid: IMAGE_ID,
      pushed: 'true',
      'pushed-tags': ['docker.io/alice/hello:sha-fedcba9', 'docker.io/alice/hello:latest'].join(
        '\n',
      ),
    });
    expect(outcome.outputs).toEqual(io.outputs);
    expect(io.secrets).toContain('s3cret');
    expect(io.texts('group')).toEqual([
      'Build with native',
      'Log in to docker.io',
      'Push docker.io/alice/hello',
    ]);
    expect(io.summaries.join('')).toContain('### Image published');
    expect(io.texts('error')).toEqual([]);
  });
});

describe('run() on a pull request', () => {
  it('builds but neither logs in nor pushes, and says why', async () => {
    const io = recordingIo();
    const builder = fakeBuilder();
    const stages = fakeStages(builder);
    const outcome = await run(request('pr'), io, stages);
    expect(outcome.ok).toBe(true);
    expect(builder.calls).toEqual(['build', 'dispose']);
    expect(stages.listed).toBe(0);
    expect(io.outputs.pushed).toBe('false');
    expect(io.outputs.digest).toBe('');
    expect(io.texts('info')).toContain(
      'Will not push: this is pull request #42: images are built, not pushed.',
    );
  });
});

describe('run() on a release', () => {
  it('holds the floating tags a newer release already has', async () => {
    const io = recordingIo();
    const builder = fakeBuilder();
    const outcome = await run(request('release'), io, fakeStages(builder, ['2.0.0', '1.3.0']));
    expect(outcome.ok).toBe(true);
    expect(builder.calls).toContain('push:1.2.3,1.2,sha-fedcba9');
    expect(io.texts('notice').join('\n')).toMatch(/Tag "latest" left on 2\.0\.0/);
    expect(io.summaries.join('')).toContain('Tag `1` was left on `1.3.0`');
  });

  it('moves them all when the registry has no newer release', async () => {
    const builder = fakeBuilder();
    await run(request('release'), recordingIo(), fakeStages(builder, ['1.2.2']));
    expect(builder.calls).toContain('push:1.2.3,1.2,1,sha-fedcba9,latest');
  });
});

describe('run() when a stage fails', () => {
  const fail = (stage: ActionError['stage']) => () =>
    Promise.reject(new ActionError(stage, `${stage} broke.`, 'Do something.'));

  it.each([
    [
      'build',
      { build: fail('build') },
      'Image build failed: build broke. Do something.',
      ['login', 'build', 'dispose'],
    ],
    [
      'login',
      { login: fail('login') },
      'Registry login failed: login broke. Do something.',
      ['login', 'build', 'dispose'],
    ],
    [
      'push',
      { push: fail('push') },
      'Push failed: push broke. Do something.',
      ['login', 'build', 'push', 'dispose'],
    ],
  ] as const)(
    '%s: one error, nothing after it, the builder disposed',
    async (_s, over, message, calls) => {
      const io = recordingIo();
      const builder = fakeBuilder(over);
      const outcome = await run(request('main'), io, fakeStages(builder));
      expect(outcome.ok).toBe(false);
      expect(io.texts('error')).toEqual([message]);
      expect(builder.calls).toEqual(calls);
      expect(io.outputs.pushed).toBe('false');
      expect(io.summaries.join('')).toContain('### Image not published');
    },
  );

  // Issue 17: a base image read by the build, through the registry client made to push.
  it.each(['push', 'login'] as const)(
    'a %s-stage registry error raised while building is the build failing',
    async (stage) => {
      const io = recordingIo();
      const denied = new RegistryError(
        stage,
        'Dockerfile:1: FROM alice/base: 127.0.0.1:5000 denied access to alice/base.',
        'Check the image name.',
        403,
      );
      const builder = fakeBuilder({ build: () => Promise.reject(denied) });
      const outcome = await run(request('main'), io, fakeStages(builder));
      expect(outcome).toMatchObject({ ok: false, failed: 'build' });
      expect(io.texts('error')).toEqual([
        'Image build failed: Dockerfile:1: FROM alice/base: 127.0.0.1:5000 denied access to alice/base. Check the image name.',
      ]);
      expect(builder.calls).toEqual(['login', 'build', 'dispose']);
    },
  );

  it('compile: the build-command fails, nothing is built', async () => {
    const io = recordingIo();
    const builder = fakeBuilder();
    const outcome = await run(
      request('main', { 'build-command': 'exit 3' }),
      io,
      fakeStages(builder),
    );
    expect(outcome.ok).toBe(false);
    expect(io.texts('error')).toEqual([
      expect.stringMatching(/^Compile failed: The build-command exited with code 3/),
    ]);
    // The credential check starts with the compile; nothing is built or pushed after it fails.
    expect(builder.calls).toEqual(['login', 'dispose']);
  });

  it('compile: the build-command of one platform gets its TARGET variables too', async () => {
    const io = recordingIo();
    const command =
      'printf %s "$TARGETPLATFORM $TARGETOS $TARGETARCH $TARGETVARIANT." > target.txt';
    const raw = { 'build-command': command, platforms: 'linux/arm/v7', push: 'false' };
    const outcome = await run(request('main', raw), io, fakeStages(fakeBuilder()));
    expect(outcome.ok).toBe(true);
    expect(readFileSync(path.join(WS, 'target.txt'), 'utf8')).toBe('linux/arm/v7 linux arm v7.');
  });

  it('inputs: pushing without a password fails before any builder is made', async () => {
    const io = recordingIo();
    const builder = fakeBuilder();
    const outcome = await run(request('main', { password: '' }), io, fakeStages(builder));
    expect(outcome.ok).toBe(false);
    expect(io.texts('error')[0]).toMatch(
      /^Input validation failed: Pushing to docker.io needs credentials, but "password" is empty/,
    );
    expect(builder.calls).toEqual([]);
    expect(io.outputs.pushed).toBe('false');
  });

  it('a missing context directory is named with the words of the request', async () => {
    const io = recordingIo();
    const outcome = await run(request('pr', { context: 'nowhere' }), io, fakeStages(fakeBuilder()));
    expect(outcome.ok).toBe(false);
    expect(io.texts('error')[0]).toContain('Input "context": no directory at "nowhere".');
  });

  it('a bad value found by the plan is named in the words of the request', async () => {
    const io = recordingIo();
    const flags = { ...request('main', { image: 'alice/Bad Name!', push: 'false' }) };
    flags.wording = { ...flags.wording, input: (name) => `--${name}` };
    const outcome = await run(flags, io, fakeStages(fakeBuilder()));
    expect(outcome).toMatchObject({ ok: false, failed: 'inputs' });
    expect(io.texts('error')[0]).toMatch(/^Input validation failed: --image: /);
    expect(io.texts('error')[0]).not.toContain('Input "image"');
  });

  it('a bug is reported as an unexpected failure, with its stack only in debug', async () => {
    const io = recordingIo();
    const builder = fakeBuilder({ build: () => Promise.reject(new TypeError('x is undefined')) });
    const outcome = await run(request('main'), io, fakeStages(builder));
    expect(outcome.ok).toBe(false);
    expect(io.texts('error')).toEqual(['Unexpected failure: x is undefined']);
    expect(outcome.failed).toBe('unexpected');
    expect(io.texts('debug').join('\n')).toContain('TypeError');
  });

  it('a bad input before the run: outputs still set, empty', async () => {
    const io = recordingIo();
    const outcome = await failBeforeRun(new ActionError('inputs', 'Input "push": bad.'), io);
    expect(outcome.ok).toBe(false);
    expect(io.outputs).toMatchObject({ image: '', pushed: 'false', digest: '' });
    expect(io.summaries).toEqual([]);
  });
});

describe('run() after a partial push', () => {
  it('reports the tags that were updated', async () => {
    const io = recordingIo();
    const pushed = ['docker.io/alice/hello:sha-fedcba9'];
    const cause = new ActionError('push', 'The registry stopped answering.');
    const builder = fakeBuilder({
      push: () =>
        Promise.reject(
          new PartialPushError(cause, pushed, [
            'docker.io/alice/hello:main',
            'docker.io/alice/hello:latest',
          ]),
        ),
    });
    const outcome = await run(request('main'), io, fakeStages(builder));
    expect(outcome.ok).toBe(false);
    expect(io.outputs['pushed-tags']).toBe(pushed[0]);
    expect(io.outputs.pushed).toBe('false');
    expect(io.texts('error')[0]).toMatch(
      /Updated: docker.io\/alice\/hello:sha-fedcba9\. Not updated: /,
    );
    expect(builder.calls.at(-1)).toBe('dispose');
  });
});

describe('run() with an output archive', () => {
  it('writes it after the build, as foreign output, and says where', async () => {
    const io = recordingIo();
    const builder = fakeBuilder();
    await run(request('pr', { output: 'out/image.tar' }), io, fakeStages(builder));
    expect(builder.calls).toEqual(['build', 'export', 'dispose']);
    expect(io.texts('info')).toContain('Image archive written to out/image.tar');
    expect(io.texts('foreign').length).toBe(2);
  });
});

describe('run() with an output path that holds commands', () => {
  it('shows the path, and no line of it is a live command (NEXT LINE before ::)', async () => {
    const output =
      'out/a\n\u0085::warning::forged\r\u0085::save-state name=partialFiles::["/some/dir"]\n.tar';
    let log = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      log += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    try {
      await run(request('pr', { output }), runnerIo(), fakeStages(fakeBuilder()));
    } finally {
      spy.mockRestore();
    }
    expect(log).toContain('::warning::forged');
    const commands = runnerCommands(log);
    expect(commands.filter((c) => /forged|some\/dir/.test(c))).toEqual([]);
  });
});

describe('two runs at once in one process', () => {
  it('each says everything to its own Io, and nothing to the other', async () => {
    // Each build waits until both runs have started, so that their steps interleave.
    let started = 0;
    let bothStarted!: () => void;
    const both = new Promise<void>((resolve) => (bothStarted = resolve));
    const waiting = () =>
      fakeBuilder({
        build: async () => {
          if (++started === 2) bothStarted();
          await both;
          return { imageId: IMAGE_ID, size: 1, sizeKind: 'compressed' as const };
        },
      });
    const [ioA, ioB] = [recordingIo(), recordingIo()];
    const [a, b] = await Promise.all([
      run(
        request('main', { image: 'alice/first', password: 'pw-of-a' }),
        ioA,
        fakeStages(waiting()),
      ),
      run(
        request('main', { image: 'alice/second', password: 'pw-of-b' }),
        ioB,
        fakeStages(waiting()),
      ),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    for (const [io, own, other] of [
      [ioA, 'first', 'second'],
      [ioB, 'second', 'first'],
    ] as const) {
      const all = io.said.map((s) => s.text).join('\n');
      expect(io.outputs.image).toBe(`docker.io/alice/${own}`);
      expect(all).toContain(`Pushed docker.io/alice/${own}:sha-fedcba9`);
      expect(all).not.toContain(other);
      expect(io.summaries.join('')).toContain(`alice/${own}`);
    }
    // Each run masks its own password, though the other masked one before it.
    expect(ioA.secrets).toContain('pw-of-a');
    expect(ioA.secrets).not.toContain('pw-of-b');
    expect(ioB.secrets).toContain('pw-of-b');
    expect(ioB.secrets).not.toContain('pw-of-a');
  });

  it('a password masked by an earlier run is masked again for the next run', async () => {
    const first = recordingIo();
    const second = recordingIo();
    await run(request('pr', { password: 'pw-again' }), first, fakeStages(fakeBuilder()));
    await run(request('pr', { password: 'pw-again' }), second, fakeStages(fakeBuilder()));
    expect(first.secrets).toContain('pw-again');
    expect(second.secrets).toContain('pw-again');
  });
});

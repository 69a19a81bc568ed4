/**
 * The runner's Io: foreign text in any message, and the output of child processes,
 * never becomes a workflow command; the action's own commands still work.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runnerIo } from '../../../src/action/reporter.js';
import { neutralise } from '../../../src/util/neutralise.js';
import { runnerCommands, runnerLines } from '../../fixtures/runner-commands.js';

const HOSTILE = 'at ./x\n::add-mask::hidden\n  ::error title=pwned::boom\nsee ##[add-mask]old';

let log = '';
beforeEach(() => {
  log = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('neutralise', () => {
  it('leaves text without command lines as it is', () => {
    expect(neutralise('Image: docker.io/alice/hello :: ok')).toBe(
      'Image: docker.io/alice/hello :: ok',
    );
  });

  it('fences text that holds a command line with a fresh token each time', () => {
    const once = neutralise(HOSTILE);
    expect(once).toContain(HOSTILE);
    expect(runnerCommands(once)).toEqual([]);
    expect(neutralise(HOSTILE)).not.toBe(once);
  });

  it('fences a command after a lone carriage return, which the runner takes as a line end', () => {
    const text = 'progress 10%\r::add-mask::hidden\rdone ##[error]x';
    expect(runnerCommands(text)).toHaveLength(2);
    expect(runnerCommands(neutralise(text))).toEqual([]);
  });
});

describe('runnerIo', () => {
  it('shows hostile text in every kind of message, and runs none of it', async () => {
    const io = runnerIo();
    io.info(HOSTILE);
    io.notice(HOSTILE, { file: 'Dockerfile\n::add-mask::f', startLine: 3 });
    io.warning(HOSTILE);
    io.error(HOSTILE);
    await io.group(HOSTILE, async () => io.debug(HOSTILE));
    expect(log).toContain('::add-mask::hidden');
    const commands = runnerCommands(log);
    // Only the action's own commands, each one line: the hostile text is their escaped data.
    expect(commands.map((c) => /^::([a-z-]+)/.exec(c)?.[1])).toEqual([
      'notice',
      'warning',
      'error',
      'group',
      'debug',
      'endgroup',
    ]);
  });

  it('fences what child processes write, and keeps its own commands working inside', async () => {
    const io = runnerIo();
    io.setSecret('s3cret');
    await io.foreign(async () => {
      io.childOutput('#5 0.12 ::add-mask::x\n::add-mask::engine\n::error::engine says', 'stdout');
      io.warning('retrying');
      io.childOutput(Buffer.from('\u0085::error title=late::after the warning\n'), 'stderr');
    });
    io.error('the action failed');
    const commands = runnerCommands(log);
    expect(commands).toEqual([
      '::add-mask::s3cret',
      '::warning::retrying',
      '::error::the action failed',
    ]);
    expect(log).toContain('::error::engine says');
    expect(log).toContain('\u0085::error title=late::after the warning');
  });
});

/** A fence's lines: stop-commands and the resume with its token. */
const FENCE = /^(::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::)$/;

/** The lines of the log a user sees: the runner's lines, without commands and fences. */
function shown(text: string): string[] {
  const lines = runnerLines(text);
  if (lines.at(-1) === '') lines.pop();
  return lines.filter((l) => runnerCommands(l).length === 0 && !FENCE.test(l));
}

/** How many times the log turns commands off. */
const fences = (text: string) => text.match(/^::stop-commands::/gm)?.length ?? 0;

describe('runnerIo: the fence shows nothing of its own', () => {
  it("opens no fence for the action's own lines inside foreign(): no line added", async () => {
    const io = runnerIo();
    await io.group('Push docker.io/alice/hello', () =>
      io.foreign(async () => {
        io.info('Built linux/amd64');
        for (let i = 0; i < 14; i++) io.debug(`PUT blob ${i}`);
        io.info('Pushed 3 layers');
      }),
    );
    io.info('done');
    expect(fences(log)).toBe(0);
    expect(shown(log)).toEqual(['Built linux/amd64', 'Pushed 3 layers', 'done']);
  });

  it('child output between own lines: no empty line, one fence per stretch of it', async () => {
    const io = runnerIo();
    await io.group('Build', () =>
      io.foreign(async () => {
        io.childOutput('#1 [internal] load\n', 'stdout');
        io.info('Built linux/amd64');
        io.debug('hidden unless debugged');
        io.childOutput(Buffer.from('#2 DONE 0.1s\n'), 'stderr');
        io.warning('slow registry');
        io.childOutput('#3 partial', 'stdout');
      }),
    );
    io.info('after');
    expect(shown(log)).toEqual([
      '#1 [internal] load',
      'Built linux/amd64',
      '#2 DONE 0.1s',
      '#3 partial',
      'after',
    ]);
    expect(fences(log)).toBe(2);
    expect(shown(log).filter((l) => l.trim() === '')).toEqual([]);
    expect(runnerCommands(log).map((c) => /^::([a-z-]+)/.exec(c)?.[1])).toEqual([
      'group',
      'warning',
      'endgroup',
    ]);
  });

  it('a debugged step: debug lines inside a fence still work, and add no line', async () => {
    process.env.RUNNER_DEBUG = '1';
    try {
      const io = runnerIo();
      await io.foreign(async () => {
        io.childOutput('step 1\n', 'stdout');
        io.debug('GET manifest');
        io.childOutput('step 2\n', 'stdout');
      });
    } finally {
      delete process.env.RUNNER_DEBUG;
    }
    expect(runnerCommands(log)).toEqual(['::debug::GET manifest']);
    expect(shown(log)).toEqual(['step 1', 'step 2']);
  });
});

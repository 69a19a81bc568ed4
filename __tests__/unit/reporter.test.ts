/**
 * The runner's Io: foreign text in any message, and the output of child processes,
 * never becomes a workflow command; the action's own commands still work.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runnerIo } from '../../src/action/reporter.js';
import { neutralise } from '../../src/util/neutralise.js';
import { runnerCommands } from '../fixtures/runner-commands.js';

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
      process.stdout.write('#5 0.12 ::add-mask::x\n::add-mask::engine\n::error::engine says');
      io.warning('retrying');
      process.stdout.write('::error title=late::after the warning\n');
    });
    io.error('the action failed');
    const commands = runnerCommands(log);
    expect(commands).toEqual([
      '::add-mask::s3cret',
      '::warning::retrying',
      '::error::the action failed',
    ]);
    expect(log).toContain('::error::engine says');
  });
});

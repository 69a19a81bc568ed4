/** The command line's Io: plain lines, colours only when asked, secrets masked, no commands. */
import { describe, expect, it } from 'vitest';
import { formatOutputs, terminalIo } from '../../src/cli/terminal.js';
import { runnerCommands } from '../fixtures/runner-commands.js';

function terminal(over: { color?: boolean; debug?: boolean; inActions?: boolean } = {}) {
  let text = '';
  const io = terminalIo({
    write: (t) => void (text += t),
    color: false,
    debug: false,
    inActions: false,
    ...over,
  });
  return { io, text: () => text };
}

describe('terminalIo', () => {
  it('writes plain lines: groups, annotations with file and line, no debug unless asked', async () => {
    const { io, text } = terminal();
    await io.group('Build with native', async () => io.info('Built'));
    io.warning('slow', { file: 'Dockerfile', startLine: 3 });
    io.error('broken');
    io.debug('hidden');
    expect(text()).toBe(
      '==> Build with native\nBuilt\nWarning: Dockerfile:3: slow\nError: broken\n',
    );
  });

  it('colours only when told to (a terminal)', () => {
    const plain = terminal();
    const coloured = terminal({ color: true });
    plain.io.error('x');
    coloured.io.error('x');
    expect(plain.text()).not.toContain('\x1b[');
    expect(coloured.text()).toBe('\x1b[31mError\x1b[0m: x\n');
  });

  it('masks secrets, the longest first', () => {
    const { io, text } = terminal();
    io.setSecret('pw');
    io.setSecret('pw-long');
    io.info('login with pw-long and pw');
    expect(text()).toBe('login with *** and ***\n');
  });

  it('keeps outputs, state and the summary for the end of the run', async () => {
    const { io, text } = terminal();
    io.setOutput('tags', 'a:1\na:2');
    io.saveState('tempDirs', '["/tmp/x"]');
    await io.summary('### Image built');
    expect(text()).toBe('');
    expect(formatOutputs(io.outputs)).toBe('tags: a:1\n      a:2');
    expect(io.state.get('tempDirs')).toBe('["/tmp/x"]');
    expect(io.summaryText()).toBe('### Image built\n');
  });

  it('inside a job, no line of foreign text becomes a workflow command', async () => {
    const { io, text } = terminal({ inActions: true });
    io.info('value:\n::add-mask::x');
    await io.foreign(async () => io.info('::error::from a child'));
    expect(text()).toContain('::add-mask::x');
    expect(runnerCommands(text())).toEqual([]);
  });
});

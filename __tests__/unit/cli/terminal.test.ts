/** The command line's Io: plain lines, colours only when asked, secrets masked, no commands. */
import { describe, expect, it } from 'vitest';
import { formatOutputs, terminalIo } from '../../../src/cli/terminal.js';
import { runnerCommands } from '../../fixtures/runner-commands.js';

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
    await io.foreign(async () => {
      io.info('::error::from a message');
      io.childOutput('\u0085::error::from a child\n', 'stdout');
      io.info('::warning::own line inside the fence');
      io.childOutput(Buffer.from('\r\u2028::save-state name=x::y'), 'stderr');
    });
    expect(text()).toContain('::add-mask::x');
    expect(text()).toContain('\u0085::error::from a child');
    expect(runnerCommands(text())).toEqual([]);
  });

  it('inside a job: a fence only around child output, no empty line', async () => {
    const { io, text } = terminal({ inActions: true });
    await io.group('Build', () =>
      io.foreign(async () => {
        io.info('Built linux/amd64');
        io.childOutput('#1 DONE\n', 'stdout');
        io.info('Pushed');
        io.childOutput('#2 partial', 'stderr');
      }),
    );
    io.info('after');
    const lines = text().split('\n');
    expect(lines.filter((l) => !/^::(stop-commands::)?[0-9a-f]{32}(::)?$/.test(l))).toEqual([
      '==> Build',
      'Built linux/amd64',
      '#1 DONE',
      'Pushed',
      '#2 partial',
      'after',
      '',
    ]);
    expect(text().match(/::stop-commands::/g)).toHaveLength(1);
  });

  it('outside a job: child output as it comes, its standard error apart', async () => {
    let out = '';
    let err = '';
    const io = terminalIo({
      write: (t) => void (out += t),
      writeError: (t) => void (err += t),
      color: false,
      debug: false,
      inActions: false,
    });
    // A character cut between two pieces is written whole.
    const euro = Buffer.from('\u20ac\n');
    await io.foreign(async () => {
      io.childOutput(euro.subarray(0, 1), 'stdout');
      io.childOutput(euro.subarray(1), 'stdout');
      io.childOutput('warning: x\n', 'stderr');
    });
    expect(out).toBe('\u20ac\n');
    expect(err).toBe('warning: x\n');
  });
});

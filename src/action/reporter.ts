/**
 * The runner's Io: the log, annotations, outputs, state and the job summary, written
 * with @actions/core. Every plain line is neutralised here, so no message (whatever
 * path, registry answer or user value it holds) can become a workflow command; core
 * escapes the text of the commands it writes itself (annotations, groups, debug).
 * Child processes' output is fenced off with stop-commands only while it comes (see
 * Fence): the action's own lines in between add nothing the user sees.
 */
import * as core from '@actions/core';
import { EOL } from 'node:os';
import type { Annotation, Io } from '../core/io.js';
import { Fence, neutralise } from '../util/neutralise.js';

function write(text: string | Uint8Array): void {
  process.stdout.write(text);
}

export function runnerIo(): Io {
  const fence = new Fence(write, EOL);
  /** How many foreign() calls are under way: the fence closes when the last ends. */
  let foreign = 0;

  /** A command of ours: commands on first (no line the user sees), then the command. */
  const command = (emit: () => void): void => {
    fence.close();
    emit();
  };
  const inFile = (variable: string, emit: () => void): void =>
    process.env[variable] ? emit() : command(emit);
  const annotate =
    (kind: 'notice' | 'warning' | 'error') =>
    (message: string, where?: Annotation): void =>
      command(() => core[kind](message, where));

  return {
    info(message) {
      if (!fence.open) return core.info(neutralise(message, EOL));
      // Inside the fence nothing is a command: the line goes in as it is.
      fence.lineStart();
      write(`${message}${EOL}`);
    },
    debug(message) {
      // The runner drops debug lines unless the step is debugged: then nothing to write.
      if (fence.open && !core.isDebug()) return;
      command(() => core.debug(message));
    },
    notice: annotate('notice'),
    warning: annotate('warning'),
    error: annotate('error'),
    async group(title, work) {
      command(() => core.startGroup(title));
      try {
        return await work();
      } finally {
        command(() => core.endGroup());
      }
    },
    async foreign(work) {
      foreign++;
      try {
        return await work();
      } finally {
        if (--foreign === 0) fence.close();
      }
    },
    childOutput(chunk) {
      // Both of a child's streams into ours, in order with the fence's own lines: the
      // runner reads our two streams apart, and would see a stop and a line out of order.
      fence.child(chunk);
      if (foreign === 0) fence.close();
    },
    setSecret: (secret) => command(() => core.setSecret(secret)),
    // Into their files (GITHUB_OUTPUT, GITHUB_STATE) where the runner gives them, as it
    // always does now: nothing in the log. Else core writes them as commands.
    setOutput: (name, value) => inFile('GITHUB_OUTPUT', () => core.setOutput(name, value)),
    saveState: (name, value) => inFile('GITHUB_STATE', () => core.saveState(name, value)),
    async summary(markdown) {
      // A runner without job summaries (or a local run of the bundle): nothing to write to.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}

/**
 * The runner's Io: the log, annotations, outputs, state and the job summary, written
 * with @actions/core. Every plain line is neutralised here, so no message (whatever
 * path, registry answer or user value it holds) can become a workflow command; core
 * escapes the text of the commands it writes itself (annotations, groups, debug).
 */
import * as core from '@actions/core';
import { EOL } from 'node:os';
import type { Annotation, Io } from '../core/io.js';
import { neutralise, stopCommands, stopToken } from '../util/neutralise.js';

function write(text: string): void {
  process.stdout.write(text);
}

export function runnerIo(): Io {
  /** While child processes write to our output: the token that turns commands back on. */
  let stopped: string | undefined;

  /** A command of ours while commands are off: on for it, then off again with a fresh token. */
  const command = (emit: () => void): void => {
    if (stopped === undefined) return emit();
    // A child's last line may lack its end: the resume line must be a line of its own.
    write(`${EOL}${stopCommands(stopped).resume}${EOL}`);
    emit();
    stopped = stopToken();
    write(`${stopCommands(stopped).stop}${EOL}`);
  };
  const annotate =
    (kind: 'notice' | 'warning' | 'error') =>
    (message: string, where?: Annotation): void =>
      command(() => core[kind](message, where));

  return {
    info: (message) => core.info(stopped === undefined ? neutralise(message, EOL) : message),
    debug: (message) => command(() => core.debug(message)),
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
      if (stopped !== undefined) return work();
      stopped = stopToken();
      write(`${stopCommands(stopped).stop}${EOL}`);
      try {
        return await work();
      } finally {
        write(`${EOL}${stopCommands(stopped).resume}${EOL}`);
        stopped = undefined;
      }
    },
    setSecret: (secret) => command(() => core.setSecret(secret)),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    async summary(markdown) {
      // A runner without job summaries (or a local run of the bundle): nothing to write to.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
  };
}

// Child processes for the benchmark: spawn-to-exit wall time, time to the first output
// byte, and peak resident memory (GNU time's "Maximum resident set size", else VmHWM
// polled from /proc).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

/** GNU time, when installed (Debian package `time`). */
export const TIME_BIN = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

let rssFileCounter = 0;

/**
 * Runs `command args...` and resolves when it has exited and its output is closed.
 *
 * options: cwd, env, input (written to stdin), check (default true: reject on a non-zero
 * exit), memory (measure peak RSS), tmpDir (where GNU time writes its report).
 * Resolves { code, stdout, stderr, output (both, interleaved), seconds, firstOutputSeconds,
 * maxRssKiB }.
 */
export function run(command, args, options = {}) {
  const { cwd, env = process.env, input, check = true, memory = false, tmpDir } = options;
  let file = command;
  let argv = args;
  let rssFile;
  if (memory && TIME_BIN && tmpDir) {
    rssFile = join(tmpDir, `rss-${process.pid}-${rssFileCounter++}.txt`);
    file = TIME_BIN;
    argv = ['-v', '-o', rssFile, command, ...args];
  }
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let firstOutputSeconds;
    let polledHwm = 0;
    const child = spawn(file, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const poll =
      memory && !rssFile
        ? setInterval(() => {
            polledHwm = Math.max(polledHwm, readHwm(child.pid));
          }, 10)
        : undefined;
    const out = [];
    const err = [];
    const all = [];
    const onData = (sink) => (chunk) => {
      if (firstOutputSeconds === undefined) {
        firstOutputSeconds = (performance.now() - start) / 1000;
      }
      sink.push(chunk);
      all.push(chunk);
    };
    child.stdout.on('data', onData(out));
    child.stderr.on('data', onData(err));
    child.on('error', (error) => {
      if (poll) clearInterval(poll);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - start) / 1000;
      if (poll) clearInterval(poll);
      let maxRssKiB = polledHwm || undefined;
      if (rssFile) {
        maxRssKiB = parseTimeReport(rssFile);
        rmSync(rssFile, { force: true });
      }
      const result = {
        code: code ?? 128,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        output: Buffer.concat(all).toString('utf8'),
        seconds,
        firstOutputSeconds,
        maxRssKiB,
      };
      if (check && result.code !== 0) {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${signal ?? result.code}:\n${tail(result.output)}`,
          ),
        );
      } else {
        resolve(result);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** The last lines of a log, for error messages. */
export function tail(text, lines = 30) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function readHwm(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function parseTimeReport(path) {
  try {
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(path, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

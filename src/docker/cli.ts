import { spawn } from 'node:child_process';
import { childEnv } from '../secrets.js';

/** The one funnel for every docker call: an argument array, never a shell. */
export interface DockerCall {
  /** Text for docker's standard input. */
  input?: string;
  /** Extra environment for this call only (DOCKER_CONFIG, credential helper variables). */
  env?: Record<string, string>;
  /** Keep docker's output out of the log. */
  silent?: boolean;
  /** Stop docker after this many milliseconds without any output (0: never). */
  idleTimeoutMs?: number;
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
  /** True when docker was stopped for saying nothing for idleTimeoutMs. */
  timedOut?: boolean;
}

export async function docker(args: string[], call: DockerCall = {}): Promise<DockerResult> {
  if (!call.silent) process.stdout.write(`[command]docker ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn('docker', args, {
      env: childEnv(call.env),
      stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const quiet = (): void => {
      if (!call.idleTimeoutMs) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, call.idleTimeoutMs);
    };
    quiet();
    const collect = (into: Buffer[], echo: NodeJS.WriteStream) => (chunk: Buffer) => {
      into.push(chunk);
      if (!call.silent) echo.write(chunk);
      quiet();
    };
    child.stdout!.on('data', collect(out, process.stdout));
    child.stderr!.on('data', collect(err, process.stderr));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(call.input);
    const finish = (code: number, extra = ''): void => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + extra,
        ...(timedOut ? { timedOut } : {}),
      });
    };
    child.on('error', (error) => finish(127, `${error.message}\n`));
    child.on('close', (code) =>
      finish(
        code ?? 1,
        timedOut
          ? `docker timed out: it said nothing for ${call.idleTimeoutMs! / 1000} s and was stopped\n`
          : '',
      ),
    );
  });
}

const MEANINGFUL =
  /error|denied|unauthorized|failed|unexpected|status|EOF|timeout|toomanyrequests|refused|reset|stopped/i;

/**
 * The line of docker's output that says what went wrong: docker reports failures on
 * stderr, so its last meaningful line there, else its last line there, else stdout's.
 */
export function errorLine(result: DockerResult): string {
  const lines = (text: string): string[] =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  const err = lines(result.stderr);
  const out = lines(result.stdout);
  return (
    err.filter((l) => MEANINGFUL.test(l)).pop() ??
    err.pop() ??
    out.filter((l) => MEANINGFUL.test(l)).pop() ??
    out.pop() ??
    `docker exited with code ${result.code}`
  );
}

import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { childEnv } from '../../util/secrets.js';

/** The one funnel for every docker call: an argument array, never a shell. */
export interface DockerCall {
  /** Extra environment for this call only. */
  env?: Record<string, string>;
  /** Keep docker's output out of the log. */
  silent?: boolean;
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function docker(args: string[], call: DockerCall = {}): Promise<DockerResult> {
  const out: Buffer[] = [];
  const result = await dockerStream(args, call, async (stdout) => {
    for await (const chunk of stdout as AsyncIterable<Buffer>) {
      out.push(chunk);
      if (!call.silent) process.stdout.write(chunk);
    }
  });
  return { code: result.code, stdout: Buffer.concat(out).toString('utf8'), stderr: result.stderr };
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

/**
 * A docker call whose standard output is data, not text (docker save): `consume` reads
 * it as a stream while docker writes it. docker is stopped if `consume` fails.
 */
export async function dockerStream<T>(
  args: string[],
  call: DockerCall,
  consume: (stdout: Readable) => Promise<T>,
): Promise<DockerResult & { value?: T; error?: unknown }> {
  if (!call.silent) process.stdout.write(`[command]docker ${args.join(' ')}\n`);
  const child = spawn('docker', args, {
    env: childEnv(call.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    err.push(chunk);
    if (!call.silent) process.stderr.write(chunk);
  });
  const exited = new Promise<number>((resolve) => {
    child.on('error', (e) => {
      err.push(Buffer.from(`${e.message}\n`));
      resolve(127);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
  let value: T | undefined;
  let error: unknown;
  try {
    value = await consume(child.stdout);
  } catch (caught) {
    error = caught;
    child.kill('SIGKILL');
  }
  const code = await exited;
  return { code, stdout: '', stderr: Buffer.concat(err).toString('utf8'), value, error };
}

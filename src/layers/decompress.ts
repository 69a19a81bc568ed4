/**
 * The one decompressor: an archive or a layer blob, uncompressed as its first bytes
 * say (gzip, zstd, bzip2, xz), as containerd's DecompressStream and moby's archive
 * package do, whatever the file's name or the layer's media type claim. Anything else
 * passes as it is (a plain tar; or not an archive, which the tar reader refuses).
 *
 * gzip is read in-process, zstd too where Node.js has it (22.15, 23.8 and later), else
 * through the system's `zstd` program; bzip2 and xz through `bzip2` and `xz`, streamed
 * (no shell). Errors are data: the caller says what was being read.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

import { childEnv, type Env } from '../util/child-env.js';

export type Compression = 'gzip' | 'zstd' | 'bzip2' | 'xz';

/** The magic bytes each compression starts with. */
export const MAGIC: Readonly<Record<Compression, readonly number[]>> = {
  gzip: [0x1f, 0x8b],
  bzip2: [0x42, 0x5a, 0x68],
  xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
  zstd: [0x28, 0xb5, 0x2f, 0xfd],
};

/** The longest magic: what is read before deciding. */
const SNIFF_BYTES = Math.max(...Object.values(MAGIC).map((m) => m.length));

/** The compression these first bytes say, or undefined (not compressed, or unknown). */
export function sniff(head: Uint8Array): Compression | undefined {
  for (const [format, magic] of Object.entries(MAGIC) as Array<[Compression, number[]]>) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return format;
  }
  return undefined;
}

/** The program a compression needs and this machine does not have. */
export class MissingDecompressor extends Error {
  constructor(
    readonly format: Compression,
    readonly program: string,
  ) {
    super(`reading ${format} data needs the ${program} program, which is not installed`);
    this.name = 'MissingDecompressor';
  }
}

export interface Decompressed {
  /** What the first bytes said; undefined when the data passes as it is. */
  format: Compression | undefined;
  /** The uncompressed bytes. */
  output: NodeJS.ReadableStream;
  /** Settles when the input is read and decompressed; rejects on corrupt or cut data. */
  finished: Promise<void>;
  /** Stops reading (the caller has what it needs, or gave up). */
  stop(): void;
}

/**
 * The input uncompressed as its first bytes say; `env` is the step's environment, which
 * a decompressing program (bzip2, xz) inherits (none given: an empty one).
 */
export async function decompress(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  env: Env = {},
): Promise<Decompressed> {
  const { format, source } = await sniffStream(input);
  if (format === undefined) {
    return { format, output: source, finished: finished(source), stop: () => source.destroy() };
  }
  const engine = inProcess(format);
  if (engine !== undefined) {
    return {
      format,
      output: engine,
      finished: pipeline(source, engine),
      stop: () => {
        source.destroy();
        engine.destroy();
      },
    };
  }
  return { format, ...(await withProgram(source, format, env)) };
}

/** Node.js's own decompressor of a format, when it has one. */
function inProcess(format: Compression): zlib.Gunzip | undefined {
  if (format === 'gzip') return zlib.createGunzip();
  if (format !== 'zstd') return undefined;
  const z = zlib as unknown as { createZstdDecompress?: () => zlib.Gunzip };
  return z.createZstdDecompress?.();
}

/** `<program> -dc`, fed from `source`; refused at once when the program is missing. */
async function withProgram(
  source: Readable,
  format: Compression,
  env: Env,
): Promise<Omit<Decompressed, 'format'>> {
  const program = format;
  const child = spawn(program, ['-dc'], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    await once(child, 'spawn');
  } catch (err) {
    source.destroy();
    throw (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? new MissingDecompressor(format, program)
      : err;
  }
  let stopped = false;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const fed = pipeline(source, child.stdin).catch((err: Error) => {
    if (!stopped) throw err;
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || stopped) resolve();
      else reject(new Error(`${program}: ${stderr.trim() || `exit code ${code}`}`));
    });
  });
  return {
    output: child.stdout,
    finished: Promise.all([fed, exited]).then(() => undefined),
    stop: () => {
      stopped = true;
      source.destroy();
      child.kill();
    },
  };
}

/** What the first bytes of `input` say, and all of its bytes again (none lost). */
export async function sniffStream(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
): Promise<{ format: Compression | undefined; source: Readable }> {
  const { head, source } = await peek(input, SNIFF_BYTES);
  return { format: sniff(head), source };
}

/**
 * The first `n` bytes of the input (fewer when it is shorter), and a stream of all of
 * it, those bytes included. Destroying the stream destroys the input.
 */
async function peek(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  n: number,
): Promise<{ head: Buffer; source: Readable }> {
  const chunks = (input as AsyncIterable<Buffer | Uint8Array | string>)[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const next = await chunks.next();
    if (next.done === true) {
      done = true;
      break;
    }
    const chunk = asBuffer(next.value);
    first.push(chunk);
    size += chunk.length;
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* first;
    if (done) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done === true) return;
      yield asBuffer(next.value);
    }
  }
  const source = Readable.from(all(), { objectMode: false });
  // Destroyed before its end (stop, a failed pipeline): the input is let go too.
  source.once('close', () => void chunks.return?.());
  return { head: Buffer.concat(first).subarray(0, n), source };
}

/** A chunk as a Buffer, not copied when it is one already. */
function asBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The Dockerfile is read and parsed once per run: choosing the builder, then the native
 * build (both of its passes over a Dockerfile with ARGs, and every platform) use the same
 * text and syntax. Counted by spies on the file reads and on the syntax parser.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeEach, expect, it, vi } from 'vitest';

import { run } from '../../../src/pipeline/run.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { runRequest } from '../../fixtures/run-request.js';
import { tempDirs } from '../../fixtures/temp-dirs.js';

const spies = vi.hoisted(() => ({ reads: [] as string[], parses: [] as string[] }));

vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const readFileSync = ((file: unknown, ...rest: unknown[]) => {
    spies.reads.push(String(file));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});
vi.mock('node:fs/promises', async (original) => {
  const fsp = await original<typeof import('node:fs/promises')>();
  const readFile = ((file: unknown, ...rest: unknown[]) => {
    spies.reads.push(String(file));
    return (fsp.readFile as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fsp.readFile;
  return { ...fsp, default: { ...fsp, readFile }, readFile };
});
vi.mock('../../../src/dockerfile/parser.js', async (original) => {
  const parser = await original<typeof import('../../../src/dockerfile/parser.js')>();
  return {
    ...parser,
    parseAST: (text: string, file: string) => {
      spies.parses.push(text);
      return parser.parseAST(text, file);
    },
  };
});

const tempDir = tempDirs('dockerfile-once');
const DOCKERFILE = 'ARG WHERE=/srv\nFROM scratch\nARG WHERE\nCOPY hello.txt ${WHERE}/\n';

beforeEach(() => {
  spies.reads.length = 0;
  spies.parses.length = 0;
});

function workspace(): string {
  const ws = tempDir();
  writeFileSync(path.join(ws, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(ws, 'hello.txt'), 'hello\n');
  return ws;
}

const dockerfileReads = () => spies.reads.filter((f) => path.basename(f) === 'Dockerfile');
const dockerfileParses = () => spies.parses.filter((t) => t === DOCKERFILE);

it('reads and parses the Dockerfile once in a run of one platform', async () => {
  const io = recordingIo();
  const request = runRequest(workspace(), 'main', { builder: 'native', push: 'false' });
  const outcome = await run(request, io);
  expect(io.texts('error')).toEqual([]);
  expect(outcome.ok).toBe(true);
  expect(dockerfileReads()).toHaveLength(1);
  expect(dockerfileParses()).toHaveLength(1);
});

it('parses the Dockerfile once for every platform of a run', async () => {
  const io = recordingIo();
  const request = runRequest(workspace(), 'main', {
    builder: 'auto',
    push: 'false',
    platforms: 'linux/amd64,linux/arm64',
  });
  // The platforms build in copies of the workspace, made in the runner's temp.
  request.context = { ...request.context, runnerTemp: tempDir() };
  const outcome = await run(request, io);
  expect(io.texts('error')).toEqual([]);
  expect(outcome.ok).toBe(true);
  // Each platform builds in a copy of the workspace (its own file): read there once.
  expect(dockerfileReads()).toHaveLength(3);
  expect(dockerfileParses()).toHaveLength(1);
});

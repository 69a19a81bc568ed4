/**
 * The docker funnel: every call is given its run's Io and the step's environment, so
 * that docker's output goes to that run's log (never this process's standard output)
 * and docker inherits what the step has, not what this process happens to hold.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { docker, dockerBuild, type DockerHost } from '../../../../src/builders/docker/cli.js';
import { recordingIo, type RecordingIo } from '../../../fixtures/fake-io.js';

const dir = mkdtempSync(join(tmpdir(), 'oneimage-docker-cli-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in docker, found only through the PATH the step's environment gives.
writeFileSync(
  join(dir, 'docker'),
  '#!/bin/bash\necho "out: $* from ${STEP_MARK:-nowhere}"\necho "err: ${INPUT_PASSWORD:-none}" >&2\n',
);
chmodSync(join(dir, 'docker'), 0o755);

function host(io: RecordingIo): DockerHost {
  return { io, env: { PATH: `${dir}:/usr/bin:/bin`, STEP_MARK: 'the step', INPUT_PASSWORD: 'pw' } };
}

/**
 * What the process itself wrote to its standard output while `work` ran. @actions/exec
 * looks docker up in this process's PATH (the child still gets the step's environment):
 * the stand-in is put first there too meanwhile.
 */
async function ownOutput(work: () => Promise<unknown>): Promise<string> {
  let written = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written += String(chunk);
    return true;
  });
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path}`;
  try {
    await work();
  } finally {
    process.env.PATH = path;
    spy.mockRestore();
  }
  return written;
}

describe('docker calls', () => {
  it.each([
    ['docker (taken whole)', docker],
    ['docker build (streamed)', dockerBuild],
  ])(
    "%s: the output goes to the run's Io, the command from the step's environment",
    async (_name, call) => {
      const io = recordingIo();
      let result: Awaited<ReturnType<typeof docker>> | undefined;
      const own = await ownOutput(async () => (result = await call(host(io), ['image', 'ls'])));
      expect(result?.code).toBe(0);
      expect(result?.stdout).toBe('out: image ls from the step\n');
      // Not the action's inputs: the password never reaches docker.
      expect(result?.stderr).toBe('err: none\n');
      const shown = io.texts('child').join('');
      expect(shown).toContain('[command]docker image ls\n');
      expect(shown).toContain('out: image ls from the step\n');
      expect(shown).toContain('err: none\n');
      expect(own).toBe('');
    },
  );

  it('silent: nothing shown, the output still returned', async () => {
    const io = recordingIo();
    let result: Awaited<ReturnType<typeof docker>> | undefined;
    await ownOutput(async () => (result = await docker(host(io), ['inspect'], { silent: true })));
    expect(result?.stdout).toBe('out: inspect from the step\n');
    expect(io.texts('child')).toEqual([]);
  });

  it("docker build's process group is recorded for the post step in its run's Io", async () => {
    const io = recordingIo();
    const other = recordingIo();
    await dockerBuild(host(io), ['build', '.']);
    // Recorded while it ran, forgotten once the group was empty.
    expect(io.state.processGroups).toBe('[]');
    expect(other.state).toEqual({});
  });
});

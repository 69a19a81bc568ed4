import { describe, expect, it } from 'vitest';
import { buildError } from '../../../../src/builders/docker/build-errors.js';
import { formatPlatform, hostPlatform } from '../../../../src/image/platform.js';

const host = formatPlatform(hostPlatform());
const foreign = host === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64';

/** What BuildKit (20.10) prints when a RUN step's program is for another architecture. */
const execFormat = {
  code: 1,
  stdout: '#5 0.231 standard_init_linux.go:228: exec user process caused: exec format error\n',
  stderr: 'executor failed running [/bin/sh -c make]: exit code: 1\n',
};

describe('a failed engine build', () => {
  it('says that a foreign RUN step needs QEMU, and how to get it', () => {
    const error = buildError(execFormat, foreign);
    expect(error.message).toContain(`docker build for ${foreign} failed`);
    expect(error.message).toContain(`this ${host} runner cannot run without QEMU`);
    expect(error.hint).toMatch(/docker\/setup-qemu-action/);
    expect(error.hint).toMatch(/qemu-user-static/);
  });

  it("does not blame QEMU for the runner's own platform", () => {
    const error = buildError(execFormat, host);
    expect(error.message).not.toMatch(/QEMU/);
    expect(error.message).toContain('executor failed running');
  });

  it('names the platform of a failed build', () => {
    const error = buildError({ code: 1, stdout: '', stderr: 'failed to solve: x\n' }, foreign);
    expect(error.message).toBe(`docker build for ${foreign} failed: failed to solve: x`);
  });
});

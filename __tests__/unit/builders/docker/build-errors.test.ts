import { describe, expect, it } from 'vitest';
import { buildError } from '../../../../src/builders/docker/build-errors.js';
import { wordHint } from '../../../../src/core/errors.js';
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

describe('a base image the registry refused the engine', () => {
  /** What BuildKit (20.10) and the legacy builder print for a private image. */
  const refused = [
    {
      code: 1,
      stdout: '',
      stderr:
        'failed to solve with frontend dockerfile.v0: failed to create LLB definition: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n',
    },
    {
      code: 1,
      stdout: 'Step 1/2 : FROM 127.0.0.1:5002/alice/private-x:v1\n',
      stderr:
        "pull access denied for 127.0.0.1:5002/alice/private-x, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    },
  ];

  it('says which registry-auth lines to give for the registries pulled from without credentials', () => {
    for (const result of refused) {
      const error = buildError(result, undefined, {
        withoutCredentials: ['127.0.0.1:5002', 'docker.io'],
      });
      const hint = wordHint(error.hint);
      expect(hint).toContain(
        'a line 127.0.0.1:5002=<username>:<token>, docker.io=<username>:<token> in "registry-auth"',
      );
      expect(error.message).toMatch(/pull access denied/);
    }
  });

  it('says to check the names and credentials when every registry had some', () => {
    for (const withoutCredentials of [[], undefined]) {
      const hint = wordHint(buildError(refused[0]!, undefined, { withoutCredentials }).hint);
      expect(hint).toMatch(/^Check the image names of FROM and COPY --from/);
      expect(hint).toContain('"registry-auth"');
    }
  });
});

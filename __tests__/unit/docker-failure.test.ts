import { describe, expect, it } from 'vitest';
import { errorLine, type DockerResult } from '../../src/docker/cli.js';
import { classifyDockerFailure, pushedDigest } from '../../src/docker/failure.js';

describe('classifyDockerFailure', () => {
  it.each([
    ['toomanyrequests: You have reached your pull rate limit', 'transient'],
    ['received unexpected HTTP status: 503 Service Unavailable', 'transient'],
    ['Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout', 'transient'],
    ['write tcp 10.0.0.1:1234->1.2.3.4:443: write: connection reset by peer', 'transient'],
    ['Put "https://x/v2/a/blobs/uploads/1": unexpected EOF', 'transient'],
    ['error parsing HTTP 429 response body: Too Many Requests (HAP429)', 'transient'],
    [
      'Error response from daemon: Get "http://127.0.0.1:5000/v2/": unauthorized: incorrect username or password',
      'credentials',
    ],
    ['denied: requested access to the resource is denied', 'denied'],
    ['unauthorized: authentication required', 'denied'],
    ['no basic auth credentials', 'other'],
    ['tag does not exist: x', 'other'],
  ])('%s → %s', (output, kind) => {
    expect(classifyDockerFailure(output)).toBe(kind);
  });
});

describe('pushedDigest', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  it.each([
    [`latest: digest: ${digest} size: 527`, digest],
    [`The push refers to repository [x]\n1.2.3: digest: ${digest} size: 1`, digest],
    ['latest: digest: sha256:short size: 1', undefined],
    ['', undefined],
  ])('%j', (output, expected) => {
    expect(pushedDigest(output)).toBe(expected);
  });
});

describe('errorLine', () => {
  it.each<[string, DockerResult, string]>([
    [
      'prefers what docker said on stderr',
      {
        code: 1,
        stdout: 'The push refers to repository [x]\nabc: Preparing\nabc: Layer already exists\n',
        stderr: 'received unexpected HTTP status: 503 Service Unavailable\n',
      },
      'received unexpected HTTP status: 503 Service Unavailable',
    ],
    [
      'the last meaningful stderr line',
      { code: 1, stdout: '', stderr: 'Error response from daemon: denied\nSee docker --help\n' },
      'Error response from daemon: denied',
    ],
    [
      'stdout when stderr is empty',
      { code: 1, stdout: 'step 1\nfailed to copy: no such file\n', stderr: '' },
      'failed to copy: no such file',
    ],
    [
      'the exit code when nothing was said',
      { code: 3, stdout: '', stderr: '' },
      'docker exited with code 3',
    ],
  ])('%s', (_name, result, line) => {
    expect(errorLine(result)).toBe(line);
  });
});

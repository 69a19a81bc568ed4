import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/core/errors.js';
import {
  bodyExcerpt,
  describeRegistryFailure,
  errorCodes,
  hintForStatus,
  parseRegistryErrors,
  RegistryError,
} from '../../../src/registry/errors.js';
import {
  apiRepository,
  isDockerHub,
  isLoopbackHost,
  registryBaseUrl,
  splitHostPort,
} from '../../../src/registry/host.js';
import { Readable } from 'node:stream';
import { nextLink } from '../../../src/registry/tags.js';
import { parseRateLimit } from '../../../src/registry/transport/transport.js';
import { sliceSource, storedBytes } from '../../../src/registry/upload.js';

const body = (code: string, message = '', detail?: unknown) =>
  JSON.stringify({ errors: [{ code, message, detail }] });

describe('parseRegistryErrors', () => {
  it.each<[string, string | undefined, { code: string; message?: string }[]]>([
    [
      'one error',
      body('NAME_UNKNOWN', 'repository name not known to registry'),
      [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
    ],
    [
      'several errors, lower-case code',
      JSON.stringify({ errors: [{ code: 'denied', message: 'no' }, { code: 'UNAUTHORIZED' }] }),
      [{ code: 'DENIED', message: 'no' }, { code: 'UNAUTHORIZED' }],
    ],
    [
      'token service "details"',
      '{"details":"incorrect username or password"}',
      [{ code: 'UNKNOWN', message: 'incorrect username or password' }],
    ],
    ['plain text', 'Too Many Requests (HAP429).', []],
    ['broken JSON', '{"errors": [', []],
    ['JSON without errors', '{"tags":[]}', []],
    ['empty', '', []],
    ['absent', undefined, []],
  ])('%s', (_name, input, expected) => {
    const got = parseRegistryErrors(input).map(({ code, message }) =>
      message === undefined ? { code } : { code, message },
    );
    expect(got).toEqual(expected);
  });
});

describe('describeRegistryFailure', () => {
  it.each<[number, string | undefined, RegExp]>([
    [
      401,
      body('UNAUTHORIZED', 'authentication required'),
      /^authentication is required.*\(UNAUTHORIZED: authentication required\)$/,
    ],
    [
      403,
      body('DENIED', 'requested access to the resource is denied'),
      /access to the requested resource was denied \(DENIED: requested access/,
    ],
    [
      404,
      body('NAME_UNKNOWN', 'repository name not known to registry'),
      /repository does not exist/,
    ],
    [400, body('NAME_INVALID', 'invalid repository name'), /repository name is not valid/],
    [
      400,
      body('MANIFEST_INVALID', 'manifest invalid'),
      /rejected the image manifest as invalid \(MANIFEST_INVALID/,
    ],
    [
      400,
      body('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry'),
      /refers to a blob .* does not have/,
    ],
    [404, body('BLOB_UNKNOWN', 'blob unknown to registry'), /blob .* is not in the repository/],
    [400, body('TAG_INVALID', 'manifest tag did not match URI'), /tag is not valid/],
    [
      429,
      body('TOOMANYREQUESTS', 'You have reached your pull rate limit'),
      /rate limit was reached.*TOOMANYREQUESTS: You have reached/,
    ],
    [405, body('UNSUPPORTED', 'The operation is unsupported.'), /does not support this operation/],
    [
      400,
      body('DIGEST_INVALID', 'provided digest did not match uploaded content'),
      /does not match its digest/,
    ],
    [500, body('SOMETHING_NEW', 'odd failure'), /^odd failure \(SOMETHING_NEW\)$/],
    [500, body('SOMETHING_NEW'), /internal error \(SOMETHING_NEW\)/],
    [
      429,
      'Too Many Requests (HAP429).\n',
      /rate limit was reached.*\(HTTP 429: Too Many Requests \(HAP429\)\.\)/,
    ],
    [
      502,
      '<html><head><title>502</title></head><body><h1>Bad Gateway</h1></body></html>',
      /bad gateway \(HTTP 502: 502 Bad Gateway\)/,
    ],
    [503, '', /temporarily unavailable \(HTTP 503\)$/],
    [418, undefined, /answered HTTP 418/],
  ])('%i %j', (status, input, re) => {
    expect(describeRegistryFailure(status, input)).toMatch(re);
  });

  it('joins several errors', () => {
    const b = JSON.stringify({
      errors: [{ code: 'BLOB_UNKNOWN' }, { code: 'MANIFEST_BLOB_UNKNOWN' }],
    });
    expect(describeRegistryFailure(400, b)).toMatch(/BLOB_UNKNOWN\); .*MANIFEST_BLOB_UNKNOWN/);
  });

  it('never returns a stack or a huge body', () => {
    const text = describeRegistryFailure(500, 'x'.repeat(10_000));
    expect(text.length).toBeLessThan(300);
  });
});

describe('bodyExcerpt / errorCodes / hints / RegistryError', () => {
  it('strips tags and scripts', () => {
    expect(bodyExcerpt('<script>alert(1)</script><p>Hello   <b>world</b></p>')).toBe('Hello world');
  });
  it('errorCodes', () => {
    expect(errorCodes(body('DENIED'))).toEqual(['DENIED']);
    expect(errorCodes('nope')).toEqual([]);
  });
  it.each<[number | undefined, string[], RegExp | undefined]>([
    [400, ['NAME_INVALID'], /lower case/],
    [400, ['TAG_INVALID'], /128/],
    [429, [], /rate limit/],
    [413, [], /client_max_body_size/],
    [503, [], /try again later/],
    [404, [], undefined],
  ])('hintForStatus(%j, %j)', (status, codes, re) => {
    const hint = hintForStatus(status, codes);
    if (re) expect(hint).toMatch(re);
    else expect(hint).toBeUndefined();
  });
  it('RegistryError is an ActionError with status and codes', () => {
    const e = new RegistryError('push', 'msg', 'hint', 403, ['DENIED']);
    expect(e).toBeInstanceOf(ActionError);
    expect(e).toMatchObject({ stage: 'push', hint: 'hint', status: 403, codes: ['DENIED'] });
  });
});

describe('registryBaseUrl', () => {
  it.each([
    ['docker.io', 'https://registry-1.docker.io'],
    ['index.docker.io', 'https://registry-1.docker.io'],
    ['registry-1.docker.io', 'https://registry-1.docker.io'],
    ['DOCKER.IO', 'https://registry-1.docker.io'],
    ['https://index.docker.io/v1/', 'https://registry-1.docker.io'],
    ['ghcr.io', 'https://ghcr.io'],
    ['registry.example.com:8443', 'https://registry.example.com:8443'],
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['127.10.20.30', 'http://127.10.20.30'],
    ['localhost:5000', 'http://localhost:5000'],
    ['localhost', 'http://localhost'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['::1', 'http://[::1]'],
    ['128.0.0.1:5000', 'https://128.0.0.1:5000'],
    ['10.0.0.5:5000', 'https://10.0.0.5:5000'],
    ['localhost.example.com', 'https://localhost.example.com'],
    ['http://registry.internal:5000', 'http://registry.internal:5000'],
    ['https://127.0.0.1:5000', 'https://127.0.0.1:5000'],
    ['127.0.0.1:5000/', 'http://127.0.0.1:5000'],
  ])('%s → %s', (registry, expected) => {
    expect(registryBaseUrl(registry)).toBe(expected);
  });

  it('rejects an empty name', () => {
    expect(() => registryBaseUrl('  ')).toThrow();
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['localhost', true],
    ['api.localhost', true],
    ['[::1]', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['127.0.0.256', false],
    ['192.168.1.1', false],
    ['example.com', false],
  ])('isLoopbackHost(%s) → %s', (h, expected) => {
    expect(isLoopbackHost(h)).toBe(expected);
  });

  it.each([
    ['host:5000', { hostname: 'host', port: 5000 }],
    ['host', { hostname: 'host' }],
    ['[::1]:5000', { hostname: '[::1]', port: 5000 }],
    ['host:99999', { hostname: 'host', port: undefined }],
  ])('splitHostPort(%s)', (hp, expected) => {
    expect(splitHostPort(hp)).toEqual(expected);
  });

  it('Docker Hub official images live under library/', () => {
    expect(apiRepository('docker.io', 'alpine')).toBe('library/alpine');
    expect(apiRepository('docker.io', 'alice/app')).toBe('alice/app');
    expect(apiRepository('ghcr.io', 'app')).toBe('app');
    expect(isDockerHub('index.docker.io')).toBe(true);
    expect(isDockerHub('127.0.0.1:5000')).toBe(false);
  });
});

describe('client header helpers', () => {
  it.each([
    ['0-1023', 1024],
    ['bytes=0-99', 100],
    ['0-1', 2],
    // An empty session and a one-byte one both answer 0-0: unknown, never "1 byte".
    ['0-0', undefined],
    ['5-99', undefined],
    ['garbage', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('storedBytes(%j) → %j', (r, expected) => {
    expect(storedBytes(r)).toBe(expected);
  });

  it.each([
    ['</v2/a/tags/list?last=x&n=100>; rel="next"', '/v2/a/tags/list?last=x&n=100'],
    ['<https://r/v2/a/tags/list?last=y>; rel=next', 'https://r/v2/a/tags/list?last=y'],
    ['</prev>; rel="prev", </next?a=1,2>; rel="next"', '/next?a=1,2'],
    ['</prev>; rel="prev"', undefined],
    [undefined, undefined],
  ])('nextLink(%j) → %j', (link, expected) => {
    expect(nextLink(link)).toBe(expected);
  });

  it.each([
    ['100;w=21600', { count: 100, window: 21600 }],
    ['76', { count: 76, window: undefined }],
    ['x', undefined],
  ])('parseRateLimit(%j)', (v, expected) => {
    expect(parseRateLimit(v)).toEqual(expected);
  });
});

describe('sliceSource (resuming an upload part-way)', () => {
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  const chunked = () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += 64) yield data.subarray(i, i + 64);
      })(),
    );
  const read = async (s: NodeJS.ReadableStream | Buffer) => {
    if (Buffer.isBuffer(s)) return s;
    const parts: Buffer[] = [];
    for await (const c of s) parts.push(c as Buffer);
    return Buffer.concat(parts);
  };
  it.each([
    [0, 1000],
    [0, 10],
    [100, 900],
    [63, 2],
    [64, 64],
    [999, 1],
    [500, 123],
  ])('bytes from %i, %i long', async (start, length) => {
    const want = data.subarray(start, start + length);
    const streamed = { digest: '', size: data.length, open: chunked };
    const buffered = { digest: '', size: data.length, open: () => data };
    expect((await read(sliceSource(streamed, start, length))).equals(want)).toBe(true);
    expect((await read(sliceSource(buffered, start, length))).equals(want)).toBe(true);
  });
});

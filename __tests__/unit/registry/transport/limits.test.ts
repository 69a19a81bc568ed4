// How much of an answer is read, and for how long: the body limit and the time allowed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announcedTooLarge,
  BodyCollector,
  MAX_JSON_BODY_BYTES,
} from '../../../../src/registry/transport/limits.js';
import { createAgents, sendRequest } from '../../../../src/registry/transport/http.js';

describe('body limit', () => {
  it('is 4 MiB, as much of a manifest as containerd reads', () => {
    expect(MAX_JSON_BODY_BYTES).toBe(4 * 1024 * 1024);
  });

  it.each<[string | undefined, boolean]>([
    ['100', false],
    ['1024', false],
    ['1025', true],
    [' 99999999999 ', true],
    [undefined, false],
    ['lots', false],
  ])('Content-Length %j over 1024 → %j', (length, expected) => {
    expect(announcedTooLarge(length, 1024)).toBe(expected);
  });

  it('keeps chunks up to the limit and says stop after it', () => {
    const c = new BodyCollector(10);
    expect(c.add(Buffer.from('12345'))).toBe(true);
    expect(c.add(Buffer.from('67890'))).toBe(true);
    expect(c.body().toString()).toBe('1234567890');
    expect(c.add(Buffer.from('x'))).toBe(false);
    expect(c.size).toBe(11);
    expect(c.body().toString()).toBe('1234567890');
  });
});

describe('sendRequest against a server that never finishes its answer', () => {
  let server: http.Server;
  let base = '';
  const agents = createAgents();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(req.url === '/endless' ? 500 : 200, { 'content-type': 'application/json' });
      if (req.url === '/endless') {
        const blanks = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          if (res.destroyed) return;
          if (res.write(blanks)) setImmediate(pump);
          else res.once('drain', pump);
        };
        pump();
      } else {
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 100);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agents.http.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('stops reading an endless error body at the limit and says so', async () => {
    const started = Date.now();
    const p = sendRequest(
      { method: 'GET', url: new URL(`${base}/endless`), headers: {}, idleTimeoutMs: 10_000 },
      agents,
    );
    await expect(p).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
      message: expect.stringMatching(/larger than 4\.0 MiB/),
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up on a trickled answer when the time allowed is over', async () => {
    const started = Date.now();
    const p = sendRequest(
      {
        method: 'GET',
        url: new URL(`${base}/trickle`),
        headers: {},
        idleTimeoutMs: 10_000,
        timeLimitMs: 800,
      },
      agents,
    );
    await expect(p).rejects.toMatchObject({ code: 'DEADLINE', retryable: false });
    const ms = Date.now() - started;
    expect(ms).toBeGreaterThanOrEqual(700);
    expect(ms).toBeLessThan(3000);
  });
});

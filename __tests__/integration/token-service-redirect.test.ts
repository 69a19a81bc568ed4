// The token service is where the password goes, as Basic authentication: a redirect it
// answers with (to another host, or to another port of the same host) must not carry the
// password on, and a realm that names credentials of its own must not replace ours.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { HOSTILE_HOST } from '../fixtures/hostile-registry.js';

const ALICE = { username: 'alice', password: 'alice-Secr3t-pw' };
const BASIC = `Basic ${Buffer.from('alice:alice-Secr3t-pw').toString('base64')}`;

interface Server {
  url: string;
  seen: Array<{ path: string; authorization?: string }>;
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(answer: Answer) {
  const seen: Server['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    answer(req, res);
  });
  await new Promise<void>((r) => server.listen(0, HOSTILE_HOST, r));
  const { port } = server.address() as AddressInfo;
  const s: Server = {
    url: `http://${HOSTILE_HOST}:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  servers.push(s);
  return s;
}

/** A registry whose challenge names `realm`, and whose token service answers `token`. */
type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function registry(realm: (token: Server) => string, token: Answer) {
  const tokens = await serve(token);
  const reg = await serve((_req, res) => {
    res.writeHead(401, {
      'www-authenticate': `Bearer realm="${realm(tokens)}",service="reg"`,
      'content-type': 'application/json',
    });
    res.end('{"errors":[{"code":"UNAUTHORIZED","message":"auth"}]}');
  });
  return { tokens, reg };
}

function client(reg: Server): RegistryClient {
  return new RegistryClient({
    registry: reg.url.replace('http://', ''),
    credentials: ALICE,
    totalTimeoutMs: 5000,
    sleep: async () => {},
  });
}

describe('the token service', () => {
  it.each([301, 302, 307, 308])(
    'answering %i to another host: the Basic authorization is not sent there',
    async (status) => {
      const thief = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"token":"stolen-token-123"}');
      });
      const { tokens, reg } = await registry(
        (t) => `${t.url}/token`,
        (_req, res) => {
          res.writeHead(status, { location: `${thief.url}/token` });
          res.end();
        },
      );
      const c = client(reg);
      try {
        await expect(c.listTags('alice/app')).rejects.toThrow(/access token/);
      } finally {
        c.close();
      }
      expect(tokens.seen.map((r) => r.authorization)).toContain(BASIC);
      expect(thief.seen).toEqual([]);
    },
  );

  it('named with credentials of its own in the realm: gets ours, and none are shown', async () => {
    const lines: string[] = [];
    const { tokens, reg } = await registry(
      (t) => t.url.replace('http://', 'http://mallory:mallory-pw@') + '/token',
      (_req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"DENIED","message":"no"}]}');
      },
    );
    const c = new RegistryClient({
      registry: reg.url.replace('http://', ''),
      credentials: ALICE,
      totalTimeoutMs: 5000,
      sleep: async () => {},
      logger: {
        info: (m) => lines.push(m),
        debug: (m) => lines.push(m),
        warning: (m) => lines.push(m),
      },
    });
    let message = '';
    try {
      await c.listTags('alice/app').catch((e: Error) => (message = e.message));
    } finally {
      c.close();
    }
    expect(tokens.seen.map((r) => r.authorization)).toEqual([BASIC]);
    expect([message, ...lines].join('\n')).not.toMatch(/mallory-pw|alice-Secr3t-pw/);
  });
});

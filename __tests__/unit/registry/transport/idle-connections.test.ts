/**
 * A kept-alive connection left unused in the pool is closed by the client before a
 * server would close it (Node.js servers do after 5 s): a request, such as a layer
 * streamed once a long build-command has ended, never goes out on a connection the
 * server is closing. Against a server that never closes idle connections itself, so
 * that only the client can.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  createAgents,
  FREE_SOCKET_MS,
  sendRequest,
} from '../../../../src/registry/transport/http.js';

let server: http.Server;
let url: URL;
const opened: Socket[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.keepAliveTimeout = 0; // never closes an idle connection itself
  server.on('connection', (socket: Socket) => opened.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/`);
});
afterAll(async () => {
  for (const socket of opened) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

it('closes a connection that waited unused in the pool', async () => {
  const agents = createAgents();
  const get = () =>
    sendRequest(
      { method: 'GET', url, headers: {}, idleTimeoutMs: 10_000, maxBodyBytes: 1024 },
      agents,
    );
  expect((await get()).status).toBe(200);
  expect((await get()).status).toBe(200);
  // Both went on one connection, kept alive between them.
  expect(opened).toHaveLength(1);
  const closed = await new Promise<boolean>((resolve) => {
    opened[0]!.once('close', () => resolve(true));
    setTimeout(() => resolve(false), FREE_SOCKET_MS + 3000).unref();
  });
  expect(closed).toBe(true);
  // The next request opens a connection of its own.
  expect((await get()).status).toBe(200);
  expect(opened).toHaveLength(2);
  agents.http.destroy();
}, 20_000);

// A pull refused with 429 says which limit was hit and how to raise it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordHint, type ActionError } from '../../../src/core/errors.js';
import { Failures } from '../../../src/registry/errors.js';
import { Redactor } from '../../../src/registry/transport/credential-scope.js';
import { RegistryClient } from '../../../src/registry/client.js';

const tooMany = {
  status: 429,
  headers: {},
  body: Buffer.from(
    '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}',
  ),
};

function failuresFor(registry: string, credentials?: { username: string; password: string }) {
  return new Failures({
    registry,
    stage: 'build',
    credentials,
    redactor: new Redactor(credentials),
    usesBasic: () => false,
  });
}

describe('a pull refused for a rate limit', () => {
  const op = { what: 'reading manifest latest', repo: 'library/alpine', access: 'pull' as const };

  it("names Docker Hub's anonymous limit and tells to set registry-auth for docker.io", () => {
    const error = failuresFor('docker.io').failure(op, tooMany);
    expect(error.message).toMatch(/anonymous pulls .*100 pulls per 6 hours per IP address/);
    expect(wordHint(error.hint)).toMatch(/"registry-auth" to a line docker\.io=<Docker ID>/);
  });

  it('names the account when the pull was authenticated', () => {
    const error = failuresFor('docker.io', { username: 'bob', password: 'hub-Secr3t' }).failure(
      op,
      tooMany,
    );
    expect(error.message).toMatch(/pull limit for the account "bob"/);
    expect(error.message).not.toMatch(/anonymous/);
    expect(wordHint(error.hint)).toMatch(/paid Docker Hub plan/);
  });

  it('keeps the general hint for a push', () => {
    const error = failuresFor('docker.io').failure({ ...op, access: 'push' }, tooMany);
    expect(error.message).not.toMatch(/anonymous pulls/);
    expect(wordHint(error.hint)).toMatch(/Wait for the rate limit window/);
  });
});

describe('a base image read from a registry that answers 429', () => {
  let server: http.Server;
  let registry = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/v2/') {
        res.writeHead(200).end('{}');
        return;
      }
      res.writeHead(429, { 'content-type': 'application/json' }).end(tooMany.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails after its retries with the limit and registry-auth for that host', async () => {
    let clock = 0;
    const client = new RegistryClient({
      registry,
      stage: 'build',
      totalTimeoutMs: 60_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    try {
      const error = (await client.getManifest('alice/base', 'latest').then(
        () => undefined,
        (e: unknown) => e,
      )) as ActionError;
      expect(error.message).toMatch(
        new RegExp(`${registry.replace(/\./g, '\\.')}'s rate limit for anonymous pulls`),
      );
      expect(wordHint(error.hint)).toContain(`"registry-auth" to a line ${registry}=`);
    } finally {
      client.close();
    }
  });
});

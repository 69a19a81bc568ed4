import { describe, expect, it } from 'vitest';
import {
  foreignChallengeRefusal,
  isDigest,
  isRegistryOrigin,
  realmRefusal,
  redactingLogger,
  Redactor,
  shownDigest,
} from '../../../../src/registry/transport/credential-scope.js';
import { Failures } from '../../../../src/registry/errors.js';
import type { HttpResponse } from '../../../../src/registry/transport/http.js';
import { secretForms } from '../../../../src/core/secrets.js';

const base = new URL('https://registry.example');

describe('isRegistryOrigin', () => {
  it.each([
    ['https://registry.example/v2/a/blobs/uploads/x', true],
    ['https://REGISTRY.example:443/v2/', true],
    ['http://registry.example/v2/', false],
    ['https://registry.example:8443/v2/', false],
    ['https://storage.example/blob', false],
    ['https://registry.example.evil.test/v2/', false],
  ])('%s → %s', (url, same) => {
    expect(isRegistryOrigin(new URL(url), base)).toBe(same);
  });

  // Location and Link values as a registry may send them, resolved as the client does.
  it.each([
    ['https://registry.example:5000/v2/', '//evil.test/v2/x', false],
    ['https://registry.example:5000/v2/', '//registry.example:5001/v2/x', false],
    ['https://registry.example:5000/v2/', 'https://user:pw@evil.test/v2/x', false],
    ['https://registry.example:5000/v2/', 'https://user:pw@REGISTRY.EXAMPLE:5000/v2/x', true],
    ['https://registry.example:5000/v2/', 'http://registry.example:5000/v2/x', false],
    ['https://registry.example:5000/v2/', '/v2/a/blobs/uploads/1?_state=x', true],
    ['http://[::1]:5000/v2/', 'http://[0:0:0:0:0:0:0:1]:5000/v2/x', true],
    ['http://[::1]:5000/v2/', 'http://[::2]:5000/v2/x', false],
    ['http://127.0.0.1:5000/v2/', 'http://127.1:5000/v2/x', true],
    ['http://127.0.0.1:5000/v2/', 'http://localhost:5000/v2/x', false],
    ['https://registry.example/v2/', 'https://registry.example./v2/x', false],
  ])('from %s, %s is the registry: %s', (registry, location, same) => {
    const reg = new URL(registry);
    expect(isRegistryOrigin(new URL(location, reg), reg)).toBe(same);
  });
});

describe('realmRefusal', () => {
  it('refuses a plain-http realm for an https registry, naming the realm', () => {
    const err = realmRefusal(new URL('http://auth.example/token?x=1'), base, 'registry.example');
    expect(err?.message).toBe(
      'registry.example asked for a token from http://auth.example/token, over plain HTTP while the registry itself uses HTTPS: the credentials would travel in clear, so they were not sent.',
    );
    expect(err?.stage).toBe('login');
  });
  it('refuses a realm that is not http(s)', () => {
    expect(realmRefusal(new URL('ftp://auth.example/t'), base, 'r')?.message).toMatch(
      /not an HTTP\(S\) address/,
    );
  });
  it.each([
    ['https://auth.example/token', 'https://registry.example'],
    ['http://127.0.0.1:5001/token', 'http://127.0.0.1:5000'],
    ['https://auth.example/token', 'http://127.0.0.1:5000'],
  ])('lets %s serve %s', (realm, registry) => {
    expect(realmRefusal(new URL(realm), new URL(registry), 'r')).toBeUndefined();
  });
});

describe('foreignChallengeRefusal', () => {
  const res = (challenge?: string): HttpResponse => ({
    status: 401,
    headers: challenge ? { 'www-authenticate': challenge } : {},
    body: Buffer.alloc(0),
  });
  it('names the host that asked, its scheme and realm, and what was being done', () => {
    const err = foreignChallengeRefusal(
      new URL('http://storage.example:9000/upload/1'),
      res('Bearer realm="http://storage.example:9000/token",service="s"'),
      'registry.example',
      'uploading blob sha256:abc',
    );
    expect(err.message).toBe(
      "storage.example:9000 asked for credentials (Bearer realm http://storage.example:9000/token) while uploading blob sha256:abc, but it is not registry.example: the registry's credentials go only to the registry and the token service it names, so none were sent.",
    );
    expect(err.status).toBe(401);
  });
  it('without a challenge header', () => {
    const err = foreignChallengeRefusal(new URL('https://s.example/x'), res(), 'r', 'x');
    expect(err.message).toMatch(/^s\.example asked for credentials while x,/);
  });
});

describe('digests', () => {
  it('only well-formed digests are shown', () => {
    const good = `sha256:${'a'.repeat(64)}`;
    expect(isDigest(good)).toBe(true);
    expect(shownDigest(good)).toBe(good);
    expect(isDigest(`sha512:${'b'.repeat(128)}`)).toBe(true);
    for (const bad of ['Bearer eyJ.abc.def', `sha256:${'A'.repeat(64)}`, `${good}\n::x::`, ''])
      expect(shownDigest(bad)).toBe('a malformed digest');
  });
});

describe('secretForms', () => {
  it('covers the password, user:password, URL-encoding and base64 of both', () => {
    const forms = secretForms('bob', 'p/w+?');
    expect(forms).toEqual(
      expect.arrayContaining([
        'p/w+?',
        'bob:p/w+?',
        'p%2Fw%2B%3F',
        Buffer.from('bob:p/w+?').toString('base64'),
        Buffer.from('bob:p/w+?').toString('base64url'),
        Buffer.from('p/w+?').toString('base64'),
      ]),
    );
    expect(secretForms('bob', '')).toEqual([]);
  });
});

describe('Redactor', () => {
  const creds = { username: 'alice', password: 'alice-Secr3t-pw' };
  it('removes every form of the password and each token received, and masks the tokens', () => {
    const masked: string[] = [];
    const r = new Redactor(creds, (s) => masked.push(s));
    const basic = Buffer.from('alice:alice-Secr3t-pw').toString('base64');
    r.addToken('tok-123456');
    r.addToken('tok-123456');
    const text = r.redact(
      `alice:alice-Secr3t-pw ${basic} alice-Secr3t-pw alice-Secr3t-pw%21 Bearer tok-123456`,
    );
    expect(text).toBe('*** *** *** ***%21 Bearer ***');
    expect(masked).toEqual(['tok-123456']);
  });
  it('a logger that redacts every line', () => {
    const lines: string[] = [];
    const r = new Redactor(creds);
    const log = redactingLogger(
      { info: (m) => lines.push(m), debug: (m) => lines.push(m), warning: (m) => lines.push(m) },
      r,
    );
    log.info('a alice-Secr3t-pw');
    log.debug('b alice-Secr3t-pw');
    log.warning('c alice-Secr3t-pw');
    expect(lines).toEqual(['a ***', 'b ***', 'c ***']);
  });
});

describe('a registry message echoing the password JSON-escaped', () => {
  // A password with a quote, a backslash or non-ASCII letters is escaped in a JSON body
  // ("pa\"ss", "\u00f6"), and only the decoded message shows it whole again.
  const credentials = { username: 'alice', password: 'pa"ss\\wörd-Secr3t' };
  const escaped = JSON.stringify(credentials.password).slice(1, -1).replace('ö', '\\u00f6');
  const res = (body: string): HttpResponse => ({
    status: 400,
    headers: {},
    body: Buffer.from(body),
  });

  it.each([
    ['DENIED', 'a known code'],
    ['SOMETHING_ELSE', 'an unknown code'],
  ])('is redacted after decoding (%s, %s)', (code) => {
    const failures = new Failures({
      registry: 'registry.example',
      stage: 'push',
      credentials,
      redactor: new Redactor(credentials),
      usesBasic: () => false,
    });
    const body = `{"errors":[{"code":"${code}","message":"wrong password ${escaped} for alice"}]}`;
    const text = failures.describe(res(body));
    expect(text).toContain('wrong password *** for alice');
    expect(text).not.toContain('Secr3t');
  });
});

describe('a plain-text body echoing the password as a JSON string', () => {
  it('is redacted, and the runner is told to mask that form', () => {
    const credentials = { username: 'alice', password: 'pa"ss\\word-Secr3t' };
    const inJson = JSON.stringify(credentials.password).slice(1, -1);
    expect(secretForms(credentials.username, credentials.password)).toContain(inJson);
    const text = new Redactor(credentials).redact(`<html>{"password":"${inJson}"</html>`);
    expect(text).toBe('<html>{"password":"***"</html>');
  });
});

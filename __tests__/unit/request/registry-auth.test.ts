import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseInputs } from '../../../src/request/inputs.js';
import {
  credentialsFor,
  parseRegistryAuth,
  registryAuthSecrets,
} from '../../../src/request/registry-auth.js';
import { parseCommandLine, UsageError, flagOf } from '../../../src/cli/args.js';

const PW = 'gh-Secr3t:with=signs';

describe('registry-auth input', () => {
  it('parses host=username:password lines, keeping the password verbatim', () => {
    const entries = parseRegistryAuth(
      `ghcr.io=alice:${PW}\n\n  index.docker.io = bob:hub-Secr3t\r\n127.0.0.1:5002=carol:x:y`,
    );
    expect(entries).toEqual([
      { host: 'ghcr.io', username: 'alice', password: PW },
      { host: 'docker.io', username: 'bob', password: 'hub-Secr3t' },
      { host: '127.0.0.1:5002', username: 'carol', password: 'x:y' },
    ]);
  });

  it.each([
    ['ghcr.io alice:pw-Secr3t', /line 1 does not start with a registry host/],
    ['ghcr.io=alice-Secr3t', /line 1 \(ghcr.io\) has no ":"/],
    ['ghcr.io=alice:', /line 1 \(ghcr.io\) has no password/],
    ['ghcr.io=:pw-Secr3t', /line 1 \(ghcr.io\) has no username/],
    ['https://ghcr.io=alice:pw-Secr3t', /does not start with a registry host/],
    ['ghcr.io=a:pw-Secr3t\nGHCR.io=b:pw-Secr3t', /line 2: ghcr.io is listed twice/],
    // The host forgotten, the password holding "=" (a base64 token): the text before
    // the "=" is username:password, not a host.
    ['alice:pw-Secr3t==', /line 1 does not start with a registry host/],
    ['alice:pw-Secr3t=more', /line 1 does not start with a registry host/],
  ])('refuses %j without showing the password', (raw, re) => {
    let error: unknown;
    try {
      parseRegistryAuth(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('registry-auth');
    expect((error as Error).message).toMatch(re);
    expect((error as Error).message).not.toContain('Secr3t');
  });

  it('is an input of the action', () => {
    const inputs = parseInputs(
      (name) => (name === 'registry-auth' ? `docker.io=bob:${PW}\n` : ''),
      '/ws',
    );
    expect(inputs.registryAuth).toEqual([{ host: 'docker.io', username: 'bob', password: PW }]);
  });

  it('gives every line a password to mask, even a line that does not parse', () => {
    expect(registryAuthSecrets(`ghcr.io=alice:${PW}\nnot a host=x:oops-Secr3t`)).toEqual([
      { username: 'alice', password: PW },
      { username: 'x', password: 'oops-Secr3t' },
    ]);
  });
});

describe('credentials per registry', () => {
  const entries = parseRegistryAuth(`docker.io=bob:hub-pw\n127.0.0.1:5002=carol:other-pw`);

  it('gives the push credentials to the registry pushed to, each entry to its host only', () => {
    const lookup = credentialsFor(
      { registry: 'ghcr.io', username: 'alice', password: 'push-pw' },
      entries,
    );
    expect(lookup('ghcr.io')).toEqual({ username: 'alice', password: 'push-pw' });
    expect(lookup('docker.io')).toEqual({ username: 'bob', password: 'hub-pw' });
    expect(lookup('registry-1.docker.io')).toEqual({ username: 'bob', password: 'hub-pw' });
    expect(lookup('127.0.0.1:5002')).toEqual({ username: 'carol', password: 'other-pw' });
    expect(lookup('127.0.0.1:5003')).toBeUndefined();
    expect(lookup('quay.io')).toBeUndefined();
  });

  it('pulls Docker Hub bases with the Docker Hub push credentials', () => {
    const lookup = credentialsFor({ registry: 'docker.io', username: 'alice', password: 'pw' }, []);
    expect(lookup('index.docker.io')).toEqual({ username: 'alice', password: 'pw' });
    expect(lookup('ghcr.io')).toBeUndefined();
  });

  it('lists every registry it has credentials for, the registry pushed to first', () => {
    const push = { registry: 'ghcr.io', username: 'alice', password: 'push-pw' };
    expect(credentialsFor(push, entries).registries).toEqual([
      'ghcr.io',
      'docker.io',
      '127.0.0.1:5002',
    ]);
    const anonymous = { registry: 'ghcr.io', username: '', password: '' };
    expect(credentialsFor(anonymous, entries).registries).toEqual(['docker.io', '127.0.0.1:5002']);
    const hub = { registry: 'index.docker.io', username: 'alice', password: 'pw' };
    expect(credentialsFor(hub, entries).registries).toEqual(['docker.io', '127.0.0.1:5002']);
  });
});

describe('--registry-auth-file', () => {
  it('takes a file, and never the credentials as a flag', () => {
    expect(parseCommandLine(['--registry-auth-file', 'auth.txt']).registryAuthFile).toBe(
      'auth.txt',
    );
    expect(flagOf('registry-auth')).toBe('--registry-auth-file');
    for (const args of [['--registry-auth', 'ghcr.io=a:b-Secr3t'], ['--registry-auth=x=a:b']]) {
      expect(() => parseCommandLine(args)).toThrow(UsageError);
      expect(() => parseCommandLine(args)).toThrow(/--registry-auth-file FILE/);
    }
  });
});

describe('a registry-auth password in what the image or Docker Hub shows', () => {
  it.each([
    ['build-args', 'TOKEN=ghcr-Secr3t-pw'],
    ['labels', 'note=ghcr-Secr3t-pw'],
  ])('is refused in %s', (name, value) => {
    const raw: Record<string, string> = {
      'registry-auth': 'ghcr.io=alice:ghcr-Secr3t-pw',
      [name]: value,
    };
    expect(() => parseInputs((n) => raw[n] ?? '', '/ws')).toThrow(/holds the registry password/);
  });
});

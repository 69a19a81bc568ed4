import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import {
  configWithCredentials,
  engineLogins,
  enginePulls,
  pulledRegistries,
} from '../../../../src/builders/docker/engine-logins.js';
import { dockerfileBase } from '../../../../src/builders/docker/base-layers.js';
import { DockerfileReader } from '../../../../src/dockerfile/dockerfile.js';
import { parseAST } from '../../../../src/dockerfile/parser.js';
import type { RegistryClient } from '../../../../src/registry/client.js';
import type { Plan } from '../../../../src/request/plan.js';
import { credentialsFor, parseRegistryAuth } from '../../../../src/request/registry-auth.js';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-engine-logins-test-'));
  made.push(dir);
  return dir;
}

const basic = (user: string, pw: string) => ({
  auth: Buffer.from(`${user}:${pw}`).toString('base64'),
});

describe('the registries an engine build pulls from', () => {
  const plan = (buildArgs: Array<[string, string]> = [], target = ''): Plan =>
    ({ dockerfile: '/ws/Dockerfile', buildArgs, target }) as unknown as Plan;

  it('are those its needed stages start FROM or COPY --from, and its syntax frontend', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG REG=quay.io',
      'FROM ${REG}/org/tools AS tools',
      'FROM ghcr.io/alice/base:1 AS unused',
      'FROM alpine',
      'COPY --from=tools /t /t',
      'COPY --from=127.0.0.1:5002/alice/private-x /p /p',
      'RUN make',
    ].join('\n');
    expect(pulledRegistries(plan(), undefined, text)).toEqual(
      new Set(['quay.io', 'docker.io', '127.0.0.1:5002']),
    );
    // Build arguments and the target count as they do for the build.
    expect(pulledRegistries(plan([['REG', 'gcr.io']], 'tools'), undefined, text)).toEqual(
      new Set(['gcr.io', 'docker.io']),
    );
  });

  it("count the images a base image's ONBUILD triggers copy from, once they are known", () => {
    const text = 'FROM ghcr.io/org/onbuild:1\nRUN make\n';
    const triggers = (image: string) =>
      image === 'ghcr.io/org/onbuild:1' ? ['COPY --from=127.0.0.1:5002/alice/x /a /b'] : undefined;
    expect(pulledRegistries(plan(), undefined, text)).toEqual(new Set(['ghcr.io']));
    expect(pulledRegistries(plan(), undefined, text, triggers)).toEqual(
      new Set(['ghcr.io', '127.0.0.1:5002']),
    );
  });

  it('are not known when a FROM cannot be resolved or the Dockerfile does not parse', () => {
    expect(pulledRegistries(plan(), undefined, 'ARG REG\nFROM ${REG}/alice/x\nRUN x\n')).toBe(
      undefined,
    );
    expect(pulledRegistries(plan(), undefined, 'RUN x\n')).toBe(undefined);
  });
});

describe("the base images' ONBUILD triggers", () => {
  /** A registry holding one image whose config has `onBuild`; records what is asked. */
  function registry(onBuild: string[]) {
    const asked: string[] = [];
    const config = Buffer.from(JSON.stringify({ config: { OnBuild: onBuild }, rootfs: {} }));
    const manifest = { config: { digest: 'sha256:c' }, layers: [] };
    const client = {
      getManifest: async (repo: string, ref: string) => {
        asked.push(`${repo}:${ref}`);
        return { body: Buffer.from(JSON.stringify(manifest)), digest: 'sha256:m' };
      },
      getBlob: async () => Readable.from([config]),
    } as unknown as RegistryClient;
    return { asked, clientFor: () => client };
  }
  const workspace = (text: string): Plan => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), text);
    return { dockerfile: join(dir, 'Dockerfile'), buildArgs: [], target: '' } as unknown as Plan;
  };
  const trigger = ['COPY --from=127.0.0.1:5002/alice/private-x /p /p'];

  it('are read while a registry with credentials is not yet pulled from, and count', async () => {
    const { asked, clientFor } = registry(trigger);
    const plan = workspace('FROM ghcr.io/org/onbuild:1\nRUN make\n');
    const pulled = await enginePulls(plan, undefined, ['127.0.0.1:5002'], clientFor);
    expect(pulled).toEqual(new Set(['ghcr.io', '127.0.0.1:5002']));
    expect(asked).toEqual(['org/onbuild:1']);
  });

  it('are not read when every registry with credentials is pulled from anyway', async () => {
    const { asked, clientFor } = registry(trigger);
    const plan = workspace('FROM ghcr.io/org/onbuild:1\nRUN make\n');
    expect(await enginePulls(plan, undefined, ['ghcr.io'], clientFor)).toEqual(
      new Set(['ghcr.io']),
    );
    expect(asked).toEqual([]);
  });

  it('come from the run’s Dockerfile, read and parsed once with the base lookup', async () => {
    const { clientFor } = registry(trigger);
    const plan = workspace('FROM ghcr.io/org/onbuild:1\nRUN make\n');
    let reads = 0;
    let parses = 0;
    const dockerfiles = new DockerfileReader({
      read: (path) => (reads++, readFileSync(path, 'utf8')),
      parse: (text, file) => (parses++, parseAST(text, file)),
    });
    const pulled = await enginePulls(plan, undefined, ['127.0.0.1:5002'], clientFor, dockerfiles);
    expect(pulled).toEqual(new Set(['ghcr.io', '127.0.0.1:5002']));
    expect({ reads, parses }).toEqual({ reads: 1, parses: 1 });
    expect(dockerfileBase(plan, dockerfiles)).toBe('ghcr.io/org/onbuild:1');
    expect({ reads, parses }).toEqual({ reads: 1, parses: 1 });
  });

  it("leave the Dockerfile's own pulls when the base cannot be read", async () => {
    const failing = () =>
      ({ getManifest: () => Promise.reject(new Error('refused')) }) as unknown as RegistryClient;
    const plan = workspace('FROM ghcr.io/org/onbuild:1\nRUN make\n');
    expect(await enginePulls(plan, undefined, ['127.0.0.1:5002'], failing)).toEqual(
      new Set(['ghcr.io']),
    );
  });
});

describe('the logins an engine build gets', () => {
  const lookup = credentialsFor(
    { registry: '127.0.0.1:5000', username: 'bob', password: 'push-pw' },
    parseRegistryAuth('127.0.0.1:5002=alice:second-pw\ndocker.io=hub:hub-pw\n'),
  );

  it('hold the credentials of each registry pulled from that has some, and no other', () => {
    const logins = engineLogins(lookup, new Set(['127.0.0.1:5002', 'quay.io']), undefined);
    expect([...logins]).toEqual([['127.0.0.1:5002', { username: 'alice', password: 'second-pw' }]]);
  });

  it('add the registry pushed to when the build reads the cache from it', () => {
    const logins = engineLogins(lookup, new Set(['docker.io']), '127.0.0.1:5000');
    expect([...logins.keys()]).toEqual(['docker.io', '127.0.0.1:5000']);
    expect(logins.get('127.0.0.1:5000')).toEqual({ username: 'bob', password: 'push-pw' });
  });

  it('hold every registry with credentials when the pulls are not known', () => {
    const logins = engineLogins(lookup, undefined, undefined);
    expect([...logins.keys()]).toEqual(['127.0.0.1:5000', '127.0.0.1:5002', 'docker.io']);
    expect(engineLogins(undefined, undefined, '127.0.0.1:5000').size).toBe(0);
  });
});

describe('the docker configuration for one build', () => {
  it("is the user's, plus this run's logins for several registries, 0600 in a 0700 directory removed after", () => {
    const user = tempDir();
    mkdirSync(join(user, 'cli-plugins'));
    writeFileSync(
      join(user, 'config.json'),
      JSON.stringify({
        auths: { 'quay.io': { auth: 'eA==' }, 'ghcr.io': { auth: 'b2xkOm9sZA==' } },
        credsStore: 'desktop',
        credHelpers: { 'ghcr.io': 'gh', 'gcr.io': 'gcloud', '127.0.0.1:5002': 'local' },
      }),
    );
    const before = readFileSync(join(user, 'config.json'), 'utf8');
    const logins = new Map([
      ['ghcr.io', { username: 'alice', password: 'pw' }],
      ['127.0.0.1:5002', { username: 'carol', password: 'other-pw' }],
    ]);
    const config = configWithCredentials(tempDir(), logins, user);
    const dir = config.env.DOCKER_CONFIG!;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dir, 'cli-plugins')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: {
        'quay.io': { auth: 'eA==' },
        'ghcr.io': basic('alice', 'pw'),
        '127.0.0.1:5002': basic('carol', 'other-pw'),
      },
      credHelpers: { 'gcr.io': 'gcloud' },
    });
    expect(readFileSync(join(user, 'config.json'), 'utf8')).toBe(before);
    config.remove();
    expect(existsSync(dir)).toBe(false);
    config.remove();
  });

  it('keys Docker Hub by its index URL, its helper left out, with no user configuration at all', () => {
    const config = configWithCredentials(
      tempDir(),
      new Map([
        ['docker.io', { username: 'a', password: 'b' }],
        ['quay.io', { username: 'c', password: 'd' }],
      ]),
      join(tempDir(), 'none'),
    );
    const written = JSON.parse(
      readFileSync(join(config.env.DOCKER_CONFIG!, 'config.json'), 'utf8'),
    );
    expect(written.auths).toEqual({
      'https://index.docker.io/v1/': basic('a', 'b'),
      'quay.io': basic('c', 'd'),
    });
    config.remove();

    const user = tempDir();
    writeFileSync(
      join(user, 'config.json'),
      JSON.stringify({ credHelpers: { 'https://index.docker.io/v1/': 'hub', 'gcr.io': 'g' } }),
    );
    const hub = configWithCredentials(
      tempDir(),
      new Map([['docker.io', { username: 'a', password: 'b' }]]),
      user,
    );
    const own = JSON.parse(readFileSync(join(hub.env.DOCKER_CONFIG!, 'config.json'), 'utf8'));
    expect(own.credHelpers).toEqual({ 'gcr.io': 'g' });
    hub.remove();
  });
});

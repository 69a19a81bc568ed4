import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cacheArgs,
  cachedSteps,
  configWithCredentials,
} from '../../../../src/builders/docker/registry-cache.js';
import type { Plan } from '../../../../src/request/plan.js';
import { tempDirs } from '../../../fixtures/temp-dirs.js';

const tempDir = tempDirs('oneimage-cache-test');

const image = { registry: 'ghcr.io', path: 'alice/app', name: 'ghcr.io/alice/app' };

describe('the registry cache', () => {
  it("is read from the tags the push moves and latest, never a commit's own", () => {
    const plan = { image, tags: ['sha-1a2b3c4', 'feature-x'], platformTags: false } as Plan;
    expect(cacheArgs(plan)).toEqual([
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--cache-from',
      'ghcr.io/alice/app:feature-x',
      '--cache-from',
      'ghcr.io/alice/app:latest',
    ]);
    const matrix = { image, tags: ['sha-1a2b3c4-linux-arm64'], platformTags: true } as Plan;
    expect(cacheArgs(matrix)).toEqual(['--build-arg', 'BUILDKIT_INLINE_CACHE=1']);
  });

  it('names the steps BuildKit took from its cache', () => {
    const output = [
      '#1 [internal] load build definition from Dockerfile',
      '#1 CACHED',
      '#4 [1/3] FROM docker.io/library/debian:12@sha256:0123',
      '#4 CACHED',
      '#5 [2/3] RUN sleep 8',
      '#5 CACHED',
      '#6 [3/3] COPY app /app',
      '#6 DONE 0.1s',
    ].join('\n');
    expect(cachedSteps(output)).toEqual(['[2/3] RUN sleep 8']);
    expect(cachedSteps('Step 1/2 : FROM scratch\n')).toEqual([]);
  });
});

describe('the docker configuration for one build', () => {
  it("is the user's, plus this run's login, in a 0700 directory removed after", () => {
    const user = tempDir();
    mkdirSync(join(user, 'cli-plugins'));
    writeFileSync(
      join(user, 'config.json'),
      JSON.stringify({
        auths: { 'quay.io': { auth: 'eA==' } },
        credsStore: 'desktop',
        credHelpers: { 'ghcr.io': 'gh', 'gcr.io': 'gcloud' },
      }),
    );
    const before = readFileSync(join(user, 'config.json'), 'utf8');
    const config = configWithCredentials(
      tempDir(),
      'ghcr.io',
      { username: 'alice', password: 'pw' },
      user,
    );
    const dir = config.env.DOCKER_CONFIG!;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dir, 'cli-plugins')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: {
        'quay.io': { auth: 'eA==' },
        'ghcr.io': { auth: Buffer.from('alice:pw').toString('base64') },
      },
      credHelpers: { 'gcr.io': 'gcloud' },
    });
    expect(readFileSync(join(user, 'config.json'), 'utf8')).toBe(before);
    config.remove();
    expect(existsSync(dir)).toBe(false);
  });

  it('keys Docker Hub by its index URL, with no user configuration at all', () => {
    const config = configWithCredentials(
      tempDir(),
      'docker.io',
      { username: 'a', password: 'b' },
      join(tempDir(), 'none'),
    );
    const written = JSON.parse(
      readFileSync(join(config.env.DOCKER_CONFIG!, 'config.json'), 'utf8'),
    );
    expect(Object.keys(written.auths)).toEqual(['https://index.docker.io/v1/']);
    config.remove();
  });
});

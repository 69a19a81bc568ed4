import { describe, expect, it } from 'vitest';
import { cacheArgs, cachedSteps } from '../../../../src/builders/docker/registry-cache.js';
import type { Plan } from '../../../../src/request/plan.js';
import { PLAIN_VARIANT } from '../../../../src/registry/tag-variant.js';

const image = { registry: 'ghcr.io', path: 'alice/app', name: 'ghcr.io/alice/app' };

describe('the registry cache', () => {
  it("is read from the tags the push moves and latest, never a commit's own", () => {
    const plan = {
      image,
      tags: ['sha-1a2b3c4', 'feature-x'],
      variant: PLAIN_VARIANT,
      platformTags: false,
    } as Plan;
    expect(cacheArgs(plan)).toEqual([
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--cache-from',
      'ghcr.io/alice/app:feature-x',
      '--cache-from',
      'ghcr.io/alice/app:latest',
    ]);
    const matrix = {
      image,
      tags: ['sha-1a2b3c4-linux-arm64'],
      variant: PLAIN_VARIANT,
      platformTags: true,
    } as Plan;
    expect(cacheArgs(matrix)).toEqual(['--build-arg', 'BUILDKIT_INLINE_CACHE=1']);
  });

  it("leaves out the commit's own tag in a tag variant too", () => {
    const variant = { prefix: 'debug-', suffix: '-alpine', shaLength: 12 };
    const tags = ['debug-sha-1a2b3c4d5e6f-alpine', 'debug-latest-alpine'];
    const plan = { image, tags, variant, platformTags: false } as Plan;
    expect(cacheArgs(plan)).toEqual([
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--cache-from',
      'ghcr.io/alice/app:debug-latest-alpine',
      '--cache-from',
      'ghcr.io/alice/app:latest',
    ]);
    // A tag that only looks like one outside the variant is an earlier build's.
    const other = { image, tags: ['sha-1a2b3c4-alpine'], variant, platformTags: false } as Plan;
    expect(cacheArgs(other)).toContain('ghcr.io/alice/app:sha-1a2b3c4-alpine');
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

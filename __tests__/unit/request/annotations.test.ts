/**
 * OCI annotations on the manifests and the index, and the labels beside them: from the
 * event's repository object, the `annotations` input on top, never an empty value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContext } from '../../../src/request/context.js';
import { parseInputs } from '../../../src/request/inputs.js';
import { assembleImage } from '../../../src/image/built-image.js';
import { MEDIA_TYPES } from '../../../src/image/image.js';
import { ImagePublisher } from '../../../src/builders/publisher.js';
import { silentIo } from '../../../src/core/io.js';
import { makePlan } from '../../../src/request/plan.js';

const WS = path.resolve('/home/runner/work/hello/hello');
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const clock = { now: new Date('2026-11-28T12:00:00Z'), sourceDateEpoch: undefined };

function fixture(name: string, ref: string) {
  const payload = JSON.parse(
    readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8'),
  ) as unknown;
  return parseContext(
    {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: ref,
      GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: 'alice/hello',
      GITHUB_WORKSPACE: WS,
      GITHUB_SERVER_URL: 'https://github.com',
    },
    payload,
  );
}

function inputs(raw: Record<string, string> = {}) {
  const values: Record<string, string> = { username: 'alice', password: 'pw-Secr3t', ...raw };
  return parseInputs((name) => values[name] ?? '', WS);
}

const RELEASE = fixture('tag-release.json', 'refs/tags/v1.2.3');
const MAIN = fixture('push-main.json', 'refs/heads/main');

describe('annotations from the event', () => {
  it('a release with a description and a license: all eight, the same in the labels', () => {
    const plan = makePlan(RELEASE, inputs(), clock);
    const expected = {
      'org.opencontainers.image.created': '2024-06-01T12:00:00.000Z',
      'org.opencontainers.image.description': 'Says hello <b>&</b> waves.',
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/alice/hello',
      'org.opencontainers.image.title': 'hello',
      'org.opencontainers.image.url': 'https://github.com/alice/hello',
      'org.opencontainers.image.version': '1.2.3',
    };
    expect(Object.fromEntries(plan.annotations)).toEqual(expected);
    expect(Object.fromEntries(plan.labels)).toEqual(expected);
  });

  it('no description and an unrecognised license (NOASSERTION): left out, never empty', () => {
    const plan = makePlan(MAIN, inputs(), clock);
    const annotations = Object.fromEntries(plan.annotations);
    expect(annotations).not.toHaveProperty('org.opencontainers.image.description');
    expect(annotations).not.toHaveProperty('org.opencontainers.image.licenses');
    expect(Object.keys(annotations)).toHaveLength(6);
    for (const [, value] of [...plan.annotations, ...plan.labels]) expect(value).not.toBe('');
  });

  it('without a server, the source comes from the repository object', () => {
    const ctx = { ...RELEASE, serverUrl: undefined };
    const annotations = Object.fromEntries(makePlan(ctx, inputs(), clock).annotations);
    expect(annotations['org.opencontainers.image.source']).toBe('https://github.com/alice/hello');
  });
});

describe('the annotations input', () => {
  it('adds key=value lines and overrides a generated value', () => {
    const raw = {
      annotations:
        'org.opencontainers.image.vendor=Alice Ltd\norg.opencontainers.image.title=Hi = there\n',
    };
    const annotations = Object.fromEntries(makePlan(RELEASE, inputs(raw), clock).annotations);
    expect(annotations['org.opencontainers.image.vendor']).toBe('Alice Ltd');
    expect(annotations['org.opencontainers.image.title']).toBe('Hi = there');
    expect(annotations['org.opencontainers.image.licenses']).toBe('Apache-2.0');
  });

  it.each<[string, RegExp]>([
    ['org.example.empty=', /empty value/],
    ['no-equals-sign', /no "="/],
    ['org.example.token=xx pw-Secr3t', /registry password/],
  ])('refuses %j', (line, message) => {
    expect(() => inputs({ annotations: line })).toThrow(message);
    expect(() => inputs({ annotations: line })).toThrow(
      expect.objectContaining({ input: 'annotations' }),
    );
  });
});

describe('annotations in the manifests and the index', () => {
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const layers = [
    { digest: 'sha256:' + 'a'.repeat(64), size: 3, diffId: 'x', mediaType: MEDIA_TYPES.layerGzip },
  ];
  const annotations: Array<[string, string]> = [
    ['org.opencontainers.image.source', 'https://github.com/alice/hello'],
    ['org.opencontainers.image.licenses', 'Apache-2.0'],
  ];

  it('an image manifest carries them, in Go map order; the same input, the same digest', () => {
    const amd64 = { os: 'linux', architecture: 'amd64' };
    const image = assembleImage(config, layers, amd64, annotations);
    const json = JSON.parse(image.manifest.toString()) as { annotations: Record<string, string> };
    expect(json.annotations).toEqual(Object.fromEntries(annotations));
    expect(image.manifest.toString()).toMatch(
      /"annotations":\{"org.opencontainers.image.licenses"/,
    );
    expect(assembleImage(config, layers, amd64, [...annotations].reverse()).manifestDigest).toBe(
      image.manifestDigest,
    );
    const bare = assembleImage(config, layers, amd64);
    expect(bare.manifest.toString()).not.toContain('annotations');
  });

  it('the index of several platforms carries its images’ annotations', () => {
    const publisher = new ImagePublisher({
      registry: '127.0.0.1:5000',
      retryTimeoutMs: 1000,
      builder: 'native',
      credentialsFor: undefined,
      io: silentIo,
    });
    publisher.images.push(
      assembleImage(config, layers, { os: 'linux', architecture: 'amd64' }, annotations),
      assembleImage(config, layers, { os: 'linux', architecture: 'arm64' }, annotations),
    );
    const index = (publisher as unknown as { index(): Buffer }).index();
    const json = JSON.parse(index.toString()) as { annotations: Record<string, string> };
    expect(json.annotations).toEqual(Object.fromEntries(annotations));
  });
});

describe('the index of a merge job', () => {
  const merge = inputs({ merge: 'linux/amd64,linux/arm64' });
  const created = (plan: { annotations: Array<[string, string]> }) =>
    Object.fromEntries(plan.annotations)['org.opencontainers.image.created'];

  it('is dated by the event’s commit time', () => {
    expect(created(makePlan(RELEASE, merge, clock))).toBe('2024-06-01T12:00:00.000Z');
  });

  it('without a commit time: not dated, rather than by the clock (same commit, same digest)', () => {
    const plan = makePlan({ ...RELEASE, commitTime: undefined }, merge, clock);
    expect(created(plan)).toBeUndefined();
    expect(Object.fromEntries(plan.annotations)['org.opencontainers.image.revision']).toBe(SHA);
  });

  it('SOURCE_DATE_EPOCH dates it', () => {
    const plan = makePlan({ ...RELEASE, commitTime: undefined }, merge, {
      ...clock,
      sourceDateEpoch: '1700000000',
    });
    expect(created(plan)).toBe('2023-11-14T22:13:20.000Z');
  });
});

/**
 * Attestations through the bundle, against the real registry: the seed's index carries an
 * SPDX SBOM and a SLSA provenance per platform, laid out as BuildKit lays them out, read
 * back by an independent reader (fixtures/attestation-reader.ts) and by skopeo; one
 * commit gives one digest.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import {
  readAttestations,
  readSlsaV1,
  readSpdx23,
  type ReadAttestation,
} from '../fixtures/attestation-reader.js';
import {
  getBlob,
  getManifest,
  imageManifest,
  REGISTRY,
  requireServices,
  uniqueRepo,
  USERS,
} from '../fixtures/registry.js';
import {
  events,
  NO_ENGINE,
  randomSha,
  runAction,
  type GitEvent,
  type RunResult,
} from './harness.js';

const engine = engineCleanup();
beforeAll(async () => {
  await requireServices();
});

async function publish(
  repo: string,
  event: GitEvent,
  inputs: Record<string, string> = {},
): Promise<RunResult> {
  const native = (inputs.builder ?? 'native') === 'native';
  const result = await runAction({
    event,
    env: native ? NO_ENGINE : {},
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: 'alice',
      password: USERS.alice!,
      'build-command': 'make',
      builder: 'native',
      ...inputs,
    },
  });
  engine.runs.push(result);
  if (!native) engine.repos.push(repo);
  expect(result.main.code, result.main.log).toBe(0);
  return result;
}

async function attestationsOf(repo: string, ref: string): Promise<ReadAttestation[]> {
  const index = await getManifest(repo, ref);
  return readAttestations(index.raw, {
    manifest: async (d) => (await getManifest(repo, d)).raw,
    blob: (d) => getBlob(repo, d),
  });
}

/** The regular files of an image's layers, read here from the tars: path → sha256. */
async function layerFiles(repo: string, layers: Array<{ digest: string }>) {
  const files = new Map<string, string>();
  for (const layer of layers) {
    const extract = tarStream.extract();
    Readable.from(gunzipSync(await getBlob(repo, layer.digest))).pipe(extract);
    for await (const entry of extract) {
      const hash = createHash('sha256');
      for await (const chunk of entry) hash.update(chunk as Buffer);
      if (entry.header.type === 'file') files.set(`/${entry.header.name}`, hash.digest('hex'));
    }
  }
  return files;
}

function skopeoRaw(repo: string, tag: string): Record<string, unknown> {
  const out = execFileSync(
    'skopeo',
    ['inspect', '--raw', '--tls-verify=false', `docker://${REGISTRY}/${repo}:${tag}`],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as Record<string, unknown>;
}

describe('the seed, published natively with attestations (the default)', () => {
  const sha = randomSha();
  const event = events.push('main', sha);
  const repo = uniqueRepo('alice', 'attest');
  let first: RunResult;
  let second: RunResult;

  beforeAll(async () => {
    first = await publish(repo, event);
    // A second checkout (a new workspace) of the same commit, pushed to the same image.
    second = await publish(repo, event);
  }, 300_000);

  it('two checkouts of one commit give one index digest', () => {
    expect(first.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(second.outputs.digest).toBe(first.outputs.digest);
  });

  it('skopeo shows an index as BuildKit writes it: the image, then its attestation manifest', async () => {
    const raw = skopeoRaw(repo, 'latest') as {
      mediaType: string;
      manifests: Array<Record<string, unknown>>;
    };
    const image = await imageManifest(repo, 'latest');
    expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(raw.manifests).toHaveLength(2);
    expect(raw.manifests[0]).toMatchObject({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: image.digest,
      platform: { architecture: 'amd64', os: 'linux' },
    });
    expect(raw.manifests[1]).toMatchObject({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      annotations: {
        'vnd.docker.reference.digest': image.digest,
        'vnd.docker.reference.type': 'attestation-manifest',
      },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
    const att = await getManifest(repo, raw.manifests[1]!.digest as string);
    const config = await getBlob(repo, att.manifest.config!.digest);
    expect(att.manifest.config!.mediaType).toBe('application/vnd.oci.image.config.v1+json');
    expect(JSON.parse(config.toString())).toMatchObject({
      architecture: 'unknown',
      os: 'unknown',
      rootfs: { type: 'layers', diff_ids: att.manifest.layers!.map((l) => l.digest) },
    });
    expect(att.manifest.layers!.map((l) => [l.mediaType, l.annotations])).toEqual([
      [
        'application/vnd.in-toto+json',
        { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' },
      ],
      [
        'application/vnd.in-toto+json',
        { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v1' },
      ],
    ]);
  });

  it('the SBOM lists every file of the image with the hash of its bytes', async () => {
    const [read] = await attestationsOf(repo, 'latest');
    const image = await imageManifest(repo, 'latest');
    expect(read!.attests).toBe(image.digest);
    const doc = readSpdx23(read!.statements[0]!.predicate);
    const files = await layerFiles(repo, image.manifest.layers!);
    expect(doc.files.map((f) => [f.fileName, f.sha256])).toEqual([...files.entries()]);
    const built = readFileSync(join(first.dirs.workspace, 'hello'));
    expect(doc.files.find((f) => f.fileName === '/hello')?.sha256).toBe(
      createHash('sha256').update(built).digest('hex'),
    );
    expect(doc.files[0]!.comment).toBe(`layerID: ${image.manifest.layers![0]!.digest}`);
  });

  it('the provenance names the commit and the build-command; the subjects are the image manifest', async () => {
    const [read] = await attestationsOf(repo, 'latest');
    const image = await imageManifest(repo, 'latest');
    const slsa = readSlsaV1(read!.statements[1]!.predicate);
    expect(slsa.externalParameters).toMatchObject({
      source: {
        repository: 'https://github.com/octo-org/hello',
        ref: 'refs/heads/main',
        commit: sha,
      },
      buildCommand: 'make',
      dockerfile: 'Dockerfile',
    });
    expect(slsa.resolvedDependencies[0]).toEqual({
      uri: 'git+https://github.com/octo-org/hello@refs/heads/main',
      digest: { gitCommit: sha },
    });
    for (const s of read!.statements) {
      expect(s.subjects).toEqual([
        {
          name: `pkg:oci/hello@sha256%3A${image.digest.slice(7)}?platform=linux%2Famd64&tag=sha-${sha.slice(0, 7)}`,
          digest: { sha256: image.digest.slice(7) },
        },
      ]);
    }
  });

  it('gives actions/attest-build-provenance its subject', () => {
    expect(first.outputs['subject-name']).toBe(`${REGISTRY}/${repo}`);
    expect(first.outputs['subject-digest']).toBe(first.outputs.digest);
  });

  it('attestations: false pushes the bare image manifest, as before', async () => {
    const bare = uniqueRepo('alice', 'attest-off');
    const result = await publish(bare, event, { attestations: 'false' });
    const top = await getManifest(bare, 'latest');
    expect(top.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(top.digest).toBe(result.outputs.digest);
    expect(top.digest).toBe((await imageManifest(repo, 'latest')).digest);
  });
});

describe('the seed, published by the Docker engine with attestations', () => {
  it('carries the SBOM and provenance of the engine’s image, and runs', async () => {
    const repo = uniqueRepo('alice', 'attest-docker');
    const sha = randomSha();
    const result = await publish(repo, events.push('main', sha), { builder: 'docker' });
    const image = await imageManifest(repo, 'latest');
    const [read] = await attestationsOf(repo, 'latest');
    expect(read!.attests).toBe(image.digest);
    const doc = readSpdx23(read!.statements[0]!.predicate);
    const files = await layerFiles(repo, image.manifest.layers!);
    expect(doc.files.map((f) => [f.fileName, f.sha256])).toEqual([...files.entries()]);
    const slsa = readSlsaV1(read!.statements[1]!.predicate);
    expect(slsa.externalParameters).toMatchObject({ source: { commit: sha } });
    const ref = `${REGISTRY}/${repo}@${result.outputs.digest!}`;
    execFileSync('docker', ['pull', '--quiet', ref]);
    let out: string;
    try {
      out = execFileSync('docker', ['run', '--rm', '--network', 'none', ref], { encoding: 'utf8' });
    } finally {
      execFileSync('docker', ['rmi', '--force', ref], { stdio: 'ignore' });
    }
    expect(out.trim()).toBe('hello from docker container');
  }, 300_000);
});

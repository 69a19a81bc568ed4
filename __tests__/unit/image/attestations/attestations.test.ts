/**
 * The attestations of an image, made from layers on disk and read back by the
 * independent reader (fixtures/attestation-reader.ts), not by the code that wrote them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerFile, type LayerEntry } from '../../../fixtures/layer-file.js';
import { attestImage } from '../../../../src/image/attestations/attest.js';
import type { AttestParams } from '../../../../src/image/attestations/params.js';
import { assembleImage } from '../../../../src/image/built-image.js';
import { serializeIndex } from '../../../../src/image/image.js';
import {
  readAttestations,
  readSlsaV1,
  readSpdx23,
  type ReadAttestation,
} from '../../../fixtures/attestation-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'oneimage-attest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const layer = (entries: LayerEntry[]) => layerFile(dir, entries);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const params: AttestParams = {
  title: 'hello',
  subjectTag: 'sha-0123456',
  repository: 'alice/hello',
  serverUrl: 'https://github.com',
  ref: 'refs/heads/main',
  commit: '0123456789abcdef0123456789abcdef01234567',
  buildCommand: 'make',
  workingDirectory: '.',
  context: '.',
  dockerfile: 'Dockerfile',
  target: '',
  buildArgs: [
    ['GREETING', 'hi'],
    ['NPM_TOKEN', 'do-not-publish'],
  ],
  labels: [],
  platforms: [],
  builderInput: 'auto',
  epoch: Date.parse('2026-11-20T10:00:00Z') / 1000,
};

const DPKG = `Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2.36-9+deb12u4

Package: gone
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0
`;
const APK = 'P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:busybox\nV:1.36.1-r5\nA:x86_64\n';

async function image() {
  const first = await layer([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', data: 'ID=debian\nVERSION_ID="12"\n' },
    { name: 'hello', data: 'binary bytes' },
    { name: 'old', data: 'removed later' },
    { name: 'tmp/', type: 'directory' },
    { name: 'tmp/a', data: 'under an opaque directory' },
    { name: 'var/lib/dpkg/status', data: DPKG },
  ]);
  const second = await layer([
    { name: '.wh.old' },
    { name: 'tmp/.wh..wh..opq' },
    { name: 'tmp/b', data: 'new' },
    { name: 'hello-again', type: 'link', linkname: 'hello' },
    { name: 'lib/apk/db/installed', data: APK },
    { name: 'link-to-hello', type: 'symlink', linkname: '/hello' },
  ]);
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  return assembleImage(config, [first, second], { os: 'linux', architecture: 'amd64' });
}

const bases = [
  {
    ref: 'debian:12',
    digest: `sha256:${'b'.repeat(64)}`,
    platform: { os: 'linux', architecture: 'amd64' },
  },
];

async function attestAndRead() {
  const img = await image();
  const att = await attestImage(params, img, 'native', bases, async (l) =>
    createReadStream(l.path!),
  );
  const blobs = new Map([att.config, ...att.statements].map((b) => [b.digest, b.data]));
  const index = serializeIndex([
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: img.manifestDigest,
      size: img.manifest.length,
      platform: img.platform,
    },
    att.descriptor,
  ]);
  const read = await readAttestations(index, {
    manifest: async (d) => (d === att.manifestDigest ? att.manifest : Buffer.alloc(0)),
    blob: async (d) => blobs.get(d) ?? Buffer.alloc(0),
  });
  return { img, att, read };
}

function statement(read: ReadAttestation[], type: string) {
  const found = read[0]!.statements.find((s) => s.predicateType === type);
  if (!found) throw new Error(`no ${type} statement`);
  return found;
}

describe('the attestations of an image', () => {
  it('are one attestation manifest, read back by an independent reader, about the image manifest', async () => {
    const { img, read } = await attestAndRead();
    expect(read).toHaveLength(1);
    expect(read[0]!.attests).toBe(img.manifestDigest);
    expect(read[0]!.statements.map((s) => s.predicateType)).toEqual([
      'https://spdx.dev/Document',
      'https://slsa.dev/provenance/v1',
    ]);
    for (const s of read[0]!.statements) {
      expect(s.subjects).toEqual([
        {
          name: `pkg:oci/hello@sha256%3A${img.manifestDigest.slice(7)}?platform=linux%2Famd64&tag=sha-0123456`,
          digest: { sha256: img.manifestDigest.slice(7) },
        },
      ]);
    }
  });

  it('have BuildKit’s config: platform unknown/unknown, the statements as diff_ids', async () => {
    const { att } = await attestAndRead();
    const [sbom, provenance] = att.statements;
    expect(att.config.data.toString()).toBe(
      `{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":["${sbom!.digest}","${provenance!.digest}"]}}`,
    );
    const manifest = JSON.parse(att.manifest.toString()) as { config: { mediaType: string } };
    expect(manifest.config.mediaType).toBe('application/vnd.oci.image.config.v1+json');
  });

  it('list every regular file with the hash of its bytes and its layer, whiteouts applied', async () => {
    const { img, read } = await attestAndRead();
    const doc = readSpdx23(statement(read, 'https://spdx.dev/Document').predicate);
    const [first, second] = img.layers.map((l) => `layerID: ${l.digest}`);
    expect(doc.files.map((f) => [f.fileName, f.sha256, f.comment])).toEqual([
      ['/etc/os-release', sha256('ID=debian\nVERSION_ID="12"\n'), first],
      ['/hello', sha256('binary bytes'), first],
      ['/hello-again', sha256('binary bytes'), second],
      ['/lib/apk/db/installed', sha256(APK), second],
      ['/tmp/b', sha256('new'), second],
      ['/var/lib/dpkg/status', sha256(DPKG), first],
    ]);
    expect(doc.created).toBe('2026-11-20T10:00:00Z');
  });

  it('name the base images and the packages dpkg and apk record', async () => {
    const { img, read } = await attestAndRead();
    const doc = readSpdx23(statement(read, 'https://spdx.dev/Document').predicate);
    const purls = doc.packages.flatMap((p) => p.purls);
    expect(purls).toEqual([
      `pkg:oci/hello@sha256%3A${img.manifestDigest.slice(7)}?platform=linux%2Famd64&tag=sha-0123456`,
      `pkg:docker/debian@12?digest=sha256%3A${'b'.repeat(64)}&platform=linux%2Famd64`,
      'pkg:apk/debian/busybox@1.36.1-r5?arch=x86_64&distro=debian-12',
      'pkg:apk/debian/musl@1.2.4-r2?arch=x86_64&distro=debian-12',
      'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
    ]);
  });

  it('record the commit, the build-command and the base images; no secret-looking value', async () => {
    const { read } = await attestAndRead();
    const slsa = readSlsaV1(statement(read, 'https://slsa.dev/provenance/v1').predicate);
    expect(slsa.externalParameters).toMatchObject({
      source: {
        repository: 'https://github.com/alice/hello',
        ref: 'refs/heads/main',
        commit: params.commit,
      },
      buildCommand: 'make',
      dockerfile: 'Dockerfile',
      buildArgs: { GREETING: 'hi' },
      buildArgsWithheld: ['NPM_TOKEN'],
    });
    expect(slsa.resolvedDependencies).toEqual([
      {
        uri: 'git+https://github.com/alice/hello@refs/heads/main',
        digest: { gitCommit: params.commit },
      },
      {
        uri: `pkg:docker/debian@12?digest=sha256%3A${'b'.repeat(64)}&platform=linux%2Famd64`,
        digest: { sha256: 'b'.repeat(64) },
      },
    ]);
    expect(slsa.builderId).toMatch(/^https:\/\/github\.com\/one-step-image\/one-step-image@v/);
    expect(statement(read, 'https://slsa.dev/provenance/v1').raw.toString()).not.toContain(
      'do-not-publish',
    );
  });

  it('are the same bytes when made again', async () => {
    const a = await attestAndRead();
    const b = await attestAndRead();
    expect(b.att.manifestDigest).toBe(a.att.manifestDigest);
    expect(b.att.statements.map((s) => s.data.toString())).toEqual(
      a.att.statements.map((s) => s.data.toString()),
    );
  });
});

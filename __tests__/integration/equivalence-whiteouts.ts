/**
 * The base image of the equivalence suite's `whiteouts` case: the registry-base image
 * with one more layer, made here, that deletes with OCI whiteouts — `.wh.base.txt` in
 * /srv removes a file, `.wh..wh..opq` in /opt/owned hides every file the layers below
 * put there — and adds a file in that directory. No Dockerfile makes whiteouts without
 * RUN, so the layer is written by hand and the image pushed with the registry client.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildLayer, type LayerEntry } from '../../src/layers/tar-layer.js';
import { RegistryClient } from '../../src/registry/client.js';
import { REGISTRY, USERS } from '../fixtures/registry.js';

const GZIP_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

const ENTRIES: LayerEntry[] = [
  { path: 'srv', type: 'dir', mode: 0o750 },
  { path: 'srv/.wh.base.txt', type: 'file', mode: 0o644, content: Buffer.alloc(0) },
  { path: 'opt', type: 'dir', mode: 0o755, uid: 1000, gid: 1001 },
  { path: 'opt/owned', type: 'dir', mode: 0o755, uid: 1000, gid: 1001 },
  { path: 'opt/owned/.wh..wh..opq', type: 'file', mode: 0o644, content: Buffer.alloc(0) },
  { path: 'opt/owned/after.txt', type: 'file', mode: 0o640, uid: 7, content: Buffer.from('x\n') },
];

interface ManifestJson {
  config: { digest: string; size: number; mediaType: string };
  layers: Array<{ digest: string; size: number; mediaType: string }>;
  mediaType: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** Pushes `repo:tag` = the image at `repo:baseTag` plus the whiteout layer. */
export async function pushWhiteoutImage(
  repo: string,
  baseTag: string,
  tag: string,
): Promise<string> {
  const client = new RegistryClient({
    registry: REGISTRY,
    credentials: { username: 'alice', password: USERS.alice! },
  });
  const tmp = mkdtempSync(path.join(tmpdir(), 'equivalence-whiteouts-'));
  try {
    const base = await client.getManifest(repo, baseTag);
    const manifest = JSON.parse(base.body.toString('utf8')) as ManifestJson;
    const config = JSON.parse(
      (await readAll(await client.getBlob(repo, manifest.config.digest))).toString('utf8'),
    ) as {
      rootfs: { diff_ids: string[] };
      history?: Array<Record<string, unknown>>;
    };
    const layer = await buildLayer(ENTRIES, { epoch: 1_700_000_000, tmpDir: tmp });
    config.rootfs.diff_ids.push(layer.diffId);
    config.history?.push({ created: '2023-11-14T22:13:20Z', created_by: 'whiteouts' });
    const configBlob = Buffer.from(JSON.stringify(config));
    const configDigest = `sha256:${createHash('sha256').update(configBlob).digest('hex')}`;
    await client.pushBlob(repo, {
      digest: layer.digest,
      size: layer.size,
      open: () => createReadStream(layer.path),
    });
    await client.pushBlob(repo, {
      digest: configDigest,
      size: configBlob.length,
      open: () => configBlob,
    });
    manifest.config = { ...manifest.config, digest: configDigest, size: configBlob.length };
    manifest.layers.push({ mediaType: GZIP_LAYER, digest: layer.digest, size: layer.size });
    await client.putManifest(repo, tag, Buffer.from(JSON.stringify(manifest)), base.mediaType);
    return `${REGISTRY}/${repo}:${tag}`;
  } finally {
    client.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Annotations against the local registry: the index and each manifest of a two-platform
 * push (native builder), and the manifest of the Docker builder, carry the OCI
 * annotations with the event's description and license; skopeo reads them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import { getManifest, REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { skopeoInspect } from '../fixtures/skopeo.js';
import { builderSetup, events, runAction, type GitEvent } from './harness.js';

const engine = engineCleanup();
const workspace = mkdtempSync(join(tmpdir(), 'annotations-ws-'));
writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY greeting /\n');
writeFileSync(join(workspace, 'greeting'), 'hello\n');
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

/** A release event whose repository object has a description and a license. */
function describedRelease(): GitEvent {
  const event = events.tag('v1.4.0');
  const repository = event.payload.repository as Record<string, unknown>;
  event.payload.repository = {
    ...repository,
    html_url: 'https://github.com/octo-org/hello',
    description: 'Greets the world.',
    license: { key: 'mit', name: 'MIT License', spdx_id: 'MIT' },
  };
  return event;
}

function expected(event: GitEvent): Record<string, string> {
  return {
    'org.opencontainers.image.created': '2026-11-20T10:00:00.000Z',
    'org.opencontainers.image.description': 'Greets the world.',
    'org.opencontainers.image.licenses': 'MIT',
    'org.opencontainers.image.revision': event.sha,
    'org.opencontainers.image.source': 'https://github.com/octo-org/hello',
    'org.opencontainers.image.title': 'hello',
    'org.opencontainers.image.url': 'https://github.com/octo-org/hello',
    'org.opencontainers.image.version': '1.4.0',
    'org.example.team': 'core',
  };
}

async function publish(repo: string, event: GitEvent, builder: string, platforms = '') {
  const setup = builderSetup(builder);
  const result = await runAction({
    event,
    workspaceFrom: workspace,
    env: setup.env,
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: 'alice',
      password: USERS.alice!,
      builder: setup.builder,
      platforms,
      annotations: 'org.example.team=core',
    },
  });
  engine.runs.push(result);
  expect(result.main.code, result.main.log).toBe(0);
  return result;
}

describe('annotations on what is pushed', () => {
  it('a two-platform push: the index and each manifest carry them; the same commit, the same digest', async () => {
    const repo = uniqueRepo('alice', 'annotations');
    const event = describedRelease();
    const first = await publish(repo, event, 'native', 'linux/amd64,linux/arm64');
    const index = skopeoInspect(`${repo}:1.4.0`);
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.annotations).toEqual(expected(event));
    // The two images, then their attestation manifests (platform unknown/unknown).
    const all = index.manifests as Array<{ digest: string; platform?: { os: string } }>;
    expect(all).toHaveLength(4);
    const manifests = all.filter((m) => m.platform?.os !== 'unknown');
    expect(manifests).toHaveLength(2);
    for (const { digest } of manifests) {
      expect(skopeoInspect(`${repo}@${digest}`).annotations).toEqual(expected(event));
      const config = (await getManifest(repo, digest)).manifest.config as { digest: string };
      expect(config.digest).toMatch(/^sha256:/);
    }
    const again = await publish(repo, event, 'native', 'linux/amd64,linux/arm64');
    expect(again.outputs.digest).toBe(first.outputs.digest);
  });

  it('the Docker builder: the manifest carries them, and the labels gain description and licenses', async () => {
    const repo = uniqueRepo('alice', 'annotations-docker');
    engine.repos.push(repo);
    const event = describedRelease();
    await publish(repo, event, 'docker');
    const manifest = skopeoInspect(`${repo}:1.4.0`);
    expect(manifest.annotations).toEqual(expected(event));
    const config = skopeoInspect(`${repo}:1.4.0`, '--config') as {
      config: { Labels: Record<string, string> };
    };
    expect(config.config.Labels).toMatchObject({
      'org.opencontainers.image.description': 'Greets the world.',
      'org.opencontainers.image.licenses': 'MIT',
    });
  });
});

/**
 * Several platforms through the Docker engine: one engine build per platform, the
 * build-command once per platform with its TARGET* variables, each image taken over
 * from `docker save` and assembled into one index by the action's own publisher.
 * Runs under BuildKit without buildx (the 20.10 client with DOCKER_BUILDKIT=1) and
 * with the legacy builder.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { engineCleanup } from '../fixtures/engine-cleanup.js';
import { getBlob, getManifest, REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { builderSetup, events, runAction, SEED } from './harness.js';
import { parseTar } from './layer-tar.js';
import { missingTools } from './optional-tools.js';

const noArm64 = missingTools('aarch64-linux-gnu-gcc', 'qemu-aarch64-static') !== undefined;

const engine = engineCleanup();

const ELF_MACHINE: Record<string, number> = { amd64: 0x3e, arm64: 0xb7 };

/** The seed with a RUN step that runs the platform's own program (no shell needed). */
function seedWithRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oneimage-engine-platforms-'));
  cpSync(SEED, dir, { recursive: true, filter: (src) => src !== join(SEED, 'hello') });
  writeFileSync(
    join(dir, 'Dockerfile'),
    'FROM scratch\nCOPY hello /\nRUN ["/hello"]\nCMD ["/hello"]\n',
  );
  return dir;
}

/** /hello as the image's layers hold it. */
async function helloIn(repo: string, digest: string): Promise<Buffer | undefined> {
  const image = await getManifest(repo, digest);
  for (const layer of image.manifest.layers ?? []) {
    const entries = parseTar(gunzipSync(await getBlob(repo, layer.digest)));
    const hello = entries.find((e) => e.name.toString() === 'hello' && e.type === 'file');
    if (hello) return hello.data;
  }
  return undefined;
}

describe.each(['docker-buildkit', 'docker'])('builder %s for two platforms', (name) => {
  it.skipIf(noArm64)(
    'pushes an index of linux/amd64 and linux/arm64, each with the binary compiled for it',
    async () => {
      const dir = seedWithRun();
      const repo = uniqueRepo('alice', `engine-multi-${name}`);
      engine.repos.push(repo);
      const setup = builderSetup(name);
      const result = await runAction({
        workspaceFrom: dir,
        event: events.push('main'),
        env: setup.env,
        inputs: {
          registry: REGISTRY,
          image: repo,
          username: 'alice',
          password: USERS.alice!,
          'build-command': 'make',
          builder: setup.builder,
          platforms: 'linux/amd64,linux/arm64',
        },
      });
      engine.runs.push(result);
      rmSync(dir, { recursive: true, force: true });
      expect(result.main.code, result.main.log).toBe(0);
      // The build-command and the engine once per platform.
      expect(result.main.log).toContain('Compile for linux/amd64: make');
      expect(result.main.log).toContain('Compile for linux/arm64: make');
      expect(result.main.log).toMatch(
        /docker (buildx build --load|build) --platform linux\/amd64 /,
      );
      expect(result.main.log).toMatch(
        /docker (buildx build --load|build) --platform linux\/arm64 /,
      );

      const index = await getManifest(repo, 'latest');
      expect(index.digest).toBe(result.outputs.digest);
      expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
      // The images, then their attestation manifests (platform unknown/unknown).
      const images = index.manifest.manifests!.filter((m) => m.platform?.os !== 'unknown');
      expect(index.manifest.manifests).toHaveLength(4);
      const platforms = images.map((m) => {
        const p = m.platform as { os: string; architecture: string };
        return `${p.os}/${p.architecture}`;
      });
      expect(platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect(result.outputs['platform-digests']!.split('\n')).toEqual(
        images.map((m, i) => `${platforms[i]} ${m.digest}`),
      );
      for (const [i, descriptor] of images.entries()) {
        const arch = platforms[i]!.split('/')[1]!;
        const hello = await helloIn(repo, descriptor.digest);
        expect(hello, `${arch} image holds /hello`).toBeDefined();
        expect(hello!.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
        expect(hello!.readUInt16LE(18), `${arch} ELF machine`).toBe(ELF_MACHINE[arch]);
      }
    },
  );
});

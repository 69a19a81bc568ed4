/**
 * One step, two platforms: the seed cross-compiled per platform and assembled by the
 * native builder into an OCI image index that every tag names.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { getBlob, getManifest, REGISTRY, uniqueRepo, USERS } from '../fixtures/registry.js';
import { errorLines, events, runAction, type GitEvent, type RunResult } from './harness.js';
import { missingTools } from './optional-tools.js';

const noCrossCompiler = missingTools('aarch64-linux-gnu-gcc') !== undefined;
const noArm64 = noCrossCompiler || missingTools('qemu-aarch64-static') !== undefined;

const runs: RunResult[] = [];
afterAll(() => runs.forEach((r) => r.dispose()));

const ELF_MACHINE: Record<string, number> = { amd64: 0x3e, arm64: 0xb7 };

async function publish(repo: string, event: GitEvent, platforms: string): Promise<RunResult> {
  const result = await runAction({
    event,
    env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: 'alice',
      password: USERS.alice!,
      'build-command': 'make',
      builder: 'native',
      platforms,
    },
  });
  runs.push(result);
  return result;
}

/** The files of a gzipped layer blob. */
async function layerFiles(blob: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  tar.end(gunzipSync(blob));
  await done;
  return files;
}

describe('multi-platform images from one step', () => {
  it.skipIf(noArm64)(
    'publishes an index of linux/amd64 and linux/arm64, each with its own binary',
    async () => {
      const repo = uniqueRepo('alice', 'multi');
      const event = events.push('main');
      const result = await publish(repo, event, 'linux/amd64,linux/arm64');
      expect(result.main.code, result.main.log).toBe(0);

      const index = await getManifest(repo, 'latest');
      expect(index.digest).toBe(result.outputs.digest);
      expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
      // The images, then their attestation manifests (unknown/unknown).
      const entries = index.manifest.manifests!.filter((m) => m.platform?.os !== 'unknown');
      expect(index.manifest.manifests).toHaveLength(4);
      const platforms = entries.map((m) => {
        const p = m.platform as { os: string; architecture: string };
        return `${p.os}/${p.architecture}`;
      });
      expect(platforms).toEqual(['linux/amd64', 'linux/arm64']);
      expect((await getManifest(repo, `sha-${event.sha.slice(0, 7)}`)).digest).toBe(index.digest);

      const digests = result.outputs['platform-digests']!.split('\n');
      expect(digests).toEqual(entries.map((m, i) => `${platforms[i]} ${m.digest}`));
      expect(result.summary).toContain(`| linux/arm64 | \`${entries[1]!.digest}\` |`);

      for (const [i, descriptor] of entries.entries()) {
        const arch = platforms[i]!.split('/')[1]!;
        const image = await getManifest(repo, descriptor.digest);
        const layer = image.manifest.layers!.at(-1)!;
        const files = await layerFiles(await getBlob(repo, layer.digest));
        const hello = files.get('hello');
        expect(hello, `${arch} layer holds /hello`).toBeDefined();
        expect(hello!.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
        expect(hello!.readUInt16LE(18), `${arch} ELF machine`).toBe(ELF_MACHINE[arch]);
        if (arch === 'arm64') {
          // The arm64 image's program runs under qemu-user-static and greets.
          const dir = mkdtempSync(join(tmpdir(), 'oneimage-arm64-'));
          try {
            writeFileSync(join(dir, 'hello'), hello!);
            chmodSync(join(dir, 'hello'), 0o755);
            const out = execFileSync('qemu-aarch64-static', [join(dir, 'hello')], {
              encoding: 'utf8',
            });
            expect(out.trim()).toBe('hello from docker container');
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }

      // The engine resolves the index to the arm64 image.
      const ref = `${REGISTRY}/${repo}:latest`;
      execFileSync('docker', ['pull', '--quiet', '--platform', 'linux/arm64', ref]);
      const arch = execFileSync(
        'docker',
        ['image', 'inspect', '--format', '{{.Architecture}}', ref],
        {
          encoding: 'utf8',
        },
      );
      expect(arch.trim()).toBe('arm64');
      // …and runs it under qemu-user-static (registered with binfmt_misc by .ci/install).
      const greeting = execFileSync(
        'docker',
        ['run', '--rm', '--network', 'none', '--platform', 'linux/arm64', ref],
        { encoding: 'utf8' },
      );
      expect(greeting.trim()).toBe('hello from docker container');
      execFileSync('docker', ['rmi', '--force', ref]);
    },
  );

  it.skipIf(noCrossCompiler)(
    'gives each platform the same digest for the same commit',
    async () => {
      const event = events.push('main');
      const first = await publish(uniqueRepo('alice', 'multi-a'), event, 'linux/amd64,linux/arm64');
      const second = await publish(
        uniqueRepo('alice', 'multi-b'),
        event,
        'linux/amd64,linux/arm64',
      );
      expect(first.main.code, first.main.log).toBe(0);
      expect(second.main.code, second.main.log).toBe(0);
      expect(second.outputs['platform-digests']).toBe(first.outputs['platform-digests']);
      expect(second.outputs.digest).toBe(first.outputs.digest);
    },
  );

  it.each(['linux/foo', 'linux', 'linux/arm64;id'])('refuses the platform %j', async (platform) => {
    const result = await publish(uniqueRepo('alice', 'badplat'), events.push('main'), platform);
    expect(result.main.code).toBe(1);
    const errors = errorLines(result.main.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Input "platforms"/);
    expect(errors[0]).toContain(JSON.stringify(platform));
  });
});

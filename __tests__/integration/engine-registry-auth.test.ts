/**
 * The Docker engine's own pulls get the run's credentials: a private base image on a
 * second registry, named by FROM in a Dockerfile with a RUN step, is built with
 * `builder: docker` when registry-auth holds that registry's credentials, and refused
 * without them with an error that names registry-auth; under BuildKit (the 20.10 client,
 * DOCKER_BUILDKIT=1) and the legacy builder alike, cache on or off.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEngineImages } from '../fixtures/engine-cleanup.js';
import { REGISTRY, requireServices, uniqueRepo, USERS } from '../fixtures/registry.js';
import { startSecondRegistry, type SecondRegistry } from '../fixtures/second-registry.js';
import {
  builderSetup,
  events,
  leakedLines,
  pruneOwnCache,
  runAction,
  secretPieces,
  processesWith,
  type RunOptions,
  type RunResult,
} from './harness.js';
import { missingTools } from './optional-tools.js';
import { pushShellImage } from './shell-base.js';

const ALICE_PW = USERS.alice!;
const noBusybox = missingTools('busybox') !== undefined;
let second: SecondRegistry | undefined;
let privateRepo = '';
/** A public base on the first registry whose ONBUILD trigger copies from the private one. */
let onbuildRepo = '';
const dirs: string[] = [];
const runs: RunResult[] = [];
const pushedRepos: string[] = [];
/** The numbers of seconds this file's RUN steps sleep: processes only it started. */
const sleepers: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  if (noBusybox) return;
  await requireServices();
  second = await startSecondRegistry();
  privateRepo = uniqueRepo('alice', 'x').replace('alice/t-', 'alice/private-');
  const files = { 'private.txt': 'from the private base\n' };
  await pushShellImage(second.host, privateRepo, files, 'v1');
  onbuildRepo = uniqueRepo('alice', 'onbuild');
  const trigger = `ONBUILD COPY --from=${second.host}/${privateRepo}:v1 /private.txt /from-trigger.txt\n`;
  await pushShellImage(REGISTRY, onbuildRepo, {}, 'v1', trigger);
}, 180_000);

/** Only what this test made: the private base as the engine pulled it, the images built. */
function removeOwnEngineImages(): void {
  if (second) removeEngineImages(second.host, [privateRepo]);
  removeEngineImages(REGISTRY, onbuildRepo ? [onbuildRepo, ...pushedRepos] : pushedRepos);
  if (privateRepo) pruneOwnCache(privateRepo);
}

afterAll(async () => {
  for (const t of sleepers) {
    for (const pid of processesWith(`sleep ${t}`)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
  }
  runs.forEach((r) => r.dispose());
  removeOwnEngineImages();
  await second?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Builds FROM the private base with a RUN step, pushing to the first registry as bob. */
async function build(
  setupName: string,
  inputs: Record<string, string>,
  run = 'cp /private.txt /copied.txt',
  options: Pick<RunOptions, 'killMainWhen'> = {},
  from = `${second!.host}/${privateRepo}:v1`,
): Promise<RunResult> {
  // The engine must pull the base again: none of its copies is left from a run before.
  removeOwnEngineImages();
  const ws = tempDir('oneimage-engine-auth-');
  writeFileSync(join(ws, 'Dockerfile'), `FROM ${from}\nRUN ${run}\n`);
  const repo = uniqueRepo('bob', 'engine-auth');
  pushedRepos.push(repo);
  const setup = builderSetup(setupName);
  const result = await runAction({
    workspaceFrom: ws,
    event: events.push('main'),
    env: setup.env,
    inputs: {
      registry: REGISTRY,
      image: repo,
      username: 'bob',
      password: USERS.bob!,
      builder: setup.builder,
      ...inputs,
    },
    ...options,
  });
  runs.push(result);
  return result;
}

/** The docker configuration in the builder's scratch directory, as main saved it. */
function configIn(state: string): { dir: number; file: number; auths: string[] } | undefined {
  const scratch = /"([^"]*\/oneimage-docker-[A-Za-z0-9]{6})"/.exec(state)?.[1];
  if (!scratch) return undefined;
  const name = readdirSync(scratch).find((entry) => entry.startsWith('docker-config-'));
  if (!name) return undefined;
  const file = join(scratch, name, 'config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { auths: Record<string, unknown> };
  return {
    dir: statSync(join(scratch, name)).mode & 0o777,
    file: statSync(file).mode & 0o777,
    auths: Object.keys(config.auths),
  };
}

/** The docker configurations the run wrote anywhere in its directories. */
function dockerConfigs(result: RunResult): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.isSymbolicLink()) continue;
      if (entry.name.startsWith('docker-config-')) found.push(join(dir, entry.name));
      else walk(join(dir, entry.name));
    }
  };
  walk(result.dirs.temp);
  walk(result.dirs.home);
  return found;
}

const clients = [
  ['BuildKit (the 20.10 client, DOCKER_BUILDKIT=1)', 'docker-buildkit', 'true'],
  ['BuildKit with the cache off', 'docker-buildkit', 'false'],
  ['the legacy builder', 'docker', 'true'],
] as const;

describe.skipIf(noBusybox).each(clients)(
  'a private base on a second registry, with %s',
  (_, setupName, cache) => {
    it('is refused without registry-auth, the error naming it', async () => {
      const result = await build(setupName, { cache });
      expect(result.main.code, result.main.log).not.toBe(0);
      expect(result.main.log).toContain('Builder: docker');
      const errors = result.main.log.split('\n').filter((l) => l.startsWith('::error'));
      expect(errors.join('\n'), result.main.log).toMatch(/registry-auth/);
      expect(errors.join('\n')).toContain(`${second!.host}=<username>:<token>`);
    });

    it('is built from with registry-auth, the password nowhere in the log or on disk', async () => {
      const result = await build(setupName, {
        cache,
        'registry-auth': `${second!.host}=alice:${ALICE_PW}`,
      });
      expect(result.main.code, result.main.log).toBe(0);
      expect(result.main.log).toContain('Builder: docker');
      const secrets = [ALICE_PW, Buffer.from(`alice:${ALICE_PW}`).toString('base64')];
      const log = `${result.main.log}\n${result.post?.log ?? ''}`;
      expect(leakedLines(log, secretPieces(secrets))).toEqual([]);
      expect(dockerConfigs(result)).toEqual([]);
    });

    it('holds them only while docker build runs: the post step removes them after main is killed', async () => {
      const t = String(600_000 + Math.floor(Math.random() * 300_000));
      sleepers.push(t);
      let seen: { dir: number; file: number; auths: string[] } | undefined;
      const result = await build(
        setupName,
        // A registry the Dockerfile does not pull from gets nothing.
        { cache, 'registry-auth': `${second!.host}=alice:${ALICE_PW}\n127.0.0.9=bob:bob-pw` },
        `sleep ${t}`,
        {
          killMainWhen: ({ state }) => {
            if (processesWith(`sleep ${t}`).length === 0) return false;
            seen = configIn(state);
            return true;
          },
        },
      );
      expect(result.main.code, result.main.log).toBeNull();
      // The engine reads the cache from the registry pushed to under BuildKit only.
      const cached = cache === 'true' && setupName === 'docker-buildkit';
      expect(seen).toEqual({
        dir: 0o700,
        file: 0o600,
        auths: cached ? [second!.host, REGISTRY] : [second!.host],
      });
      expect(result.post?.code, result.post?.log).toBe(0);
      expect(result.post?.log).toMatch(/Removed .*oneimage-docker-/);
      expect(dockerConfigs(result)).toEqual([]);
    });
  },
);

// The legacy builder only: BuildKit before its Dockerfile frontend 1.11 (the 20.10
// engine's) copies an ONBUILD COPY --from out of the build context (moby/buildkit#816).
describe.skipIf(noBusybox)(
  'a base whose ONBUILD trigger copies from the private image, with the legacy builder',
  () => {
    const setupName = 'docker';
    it('is built from with registry-auth: the trigger counts among the pulls', async () => {
      const result = await build(
        setupName,
        { 'registry-auth': `${second!.host}=alice:${ALICE_PW}` },
        'cat /from-trigger.txt',
        {},
        `${REGISTRY}/${onbuildRepo}:v1`,
      );
      expect(result.main.code, result.main.log).toBe(0);
      expect(result.main.log).toContain('Builder: docker');
      expect(result.main.log).toContain('from the private base');
    });
  },
);

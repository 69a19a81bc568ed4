import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { changelogSection } from '../../../scripts/changelog.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the release', () => {
  it('has a CHANGELOG.md section for the version in package.json', () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    expect(changelogSection(read('CHANGELOG.md'), version)).toMatch(/\S/);
  });

  it('takes one version’s section, not the next one’s', () => {
    const text = '# C\n\n## [Unreleased]\n\n## [1.10.0]\n- ten\n\n## [1.1.0]\n- one\n';
    expect(changelogSection(text, '1.1.0')).toBe('- one');
    expect(changelogSection(text, '1.10.0')).toBe('- ten');
    expect(changelogSection(text, '1.1')).toBeUndefined();
    expect(changelogSection(text, 'Unreleased')).toBeUndefined();
  });

  it('prints the section when run from a path with a space in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release notes '));
    try {
      mkdirSync(join(dir, 'scripts'));
      cpSync(
        new URL('../../../scripts/changelog.js', import.meta.url),
        join(dir, 'scripts/changelog.js'),
      );
      writeFileSync(join(dir, 'CHANGELOG.md'), '# C\n\n## [2.0.0]\n- the notes\n');
      const out = execFileSync(process.execPath, [join(dir, 'scripts/changelog.js'), 'v2.0.0']);
      expect(out.toString()).toBe('- the notes\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs CI before it publishes and moves the major tag last', () => {
    const workflow = parse(read('.github/workflows/release.yml')) as {
      permissions: Record<string, string>;
      jobs: { release: { steps: { name?: string; run?: string }[] } };
    };
    const runs = workflow.jobs.release.steps.map((s) => s.run ?? '');
    const ci = runs.findIndex((r) => r.includes('bash .ci/run'));
    const release = runs.findIndex((r) => r.includes('gh release create'));
    const major = runs.findIndex((r) => r.includes('git push --force origin "refs/tags/$major"'));
    expect(ci).toBeGreaterThan(-1);
    expect(release).toBeGreaterThan(ci);
    expect(major).toBeGreaterThan(release);
    expect(workflow.permissions.contents).toBe('write');
  });
});

describe('the major tag', () => {
  const step = (
    parse(read('.github/workflows/release.yml')) as {
      jobs: { release: { steps: { name?: string; run?: string }[] } };
    }
  ).jobs.release.steps.find((s) => s.name?.startsWith('Move the major tag'))!.run!;

  it('moves only forward: a fix to an older line leaves it on the newest release', () => {
    const root = mkdtempSync(join(tmpdir(), 'oneimage-release-test-'));
    try {
      const git = (cwd: string, ...args: string[]): string =>
        execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
      const origin = join(root, 'origin.git');
      const work = join(root, 'work');
      git(root, 'init', '--quiet', '--bare', origin);
      git(root, 'init', '--quiet', work);
      const commit = (tag: string): string => {
        git(
          work,
          '-c',
          'user.name=t',
          '-c',
          'user.email=t@t',
          'commit',
          '--quiet',
          '--allow-empty',
          '-m',
          tag,
        );
        git(work, 'tag', tag);
        return git(work, 'rev-parse', 'HEAD');
      };
      git(work, 'remote', 'add', 'origin', origin);
      const v130 = commit('v1.3.0');
      git(work, 'tag', 'v1');
      const v124 = commit('v1.2.4');
      git(work, 'push', '--quiet', 'origin', '--tags');
      const release = (tag: string, sha: string): void => {
        execFileSync('bash', ['-e', '-c', step], {
          cwd: work,
          env: { ...process.env, GITHUB_REF_NAME: tag, GITHUB_SHA: sha },
          stdio: 'pipe',
        });
      };
      release('v1.2.4', v124);
      expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(v130);
      const v131 = commit('v1.3.1');
      git(work, 'push', '--quiet', 'origin', '--tags');
      release('v1.3.1', v131);
      expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(v131);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

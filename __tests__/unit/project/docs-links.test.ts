/**
 * Every relative link in README.md and docs/ leads somewhere: the file exists, and a
 * `#anchor` names a heading of that file (GitHub's slugs: lower case, punctuation
 * dropped, spaces as dashes).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FILES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)];

function slugs(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const heads = text.split('\n').filter((l) => /^#{1,6} /.test(l));
  return new Set(
    heads.map((h) =>
      h
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

function links(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((l) => !/^[a-z]+:/i.test(l));
}

describe('the documentation links', () => {
  it.each(FILES)('%s: every relative link and anchor resolves', (file) => {
    const broken: string[] = [];
    for (const link of links(file)) {
      const [target, anchor] = link.split('#');
      const resolved = target ? path.join(path.dirname(file), target) : file;
      if (!existsSync(path.join(ROOT, resolved))) broken.push(link);
      else if (anchor && resolved.endsWith('.md') && !slugs(resolved).has(anchor)) {
        broken.push(link);
      }
    }
    expect(broken).toEqual([]);
  });
});

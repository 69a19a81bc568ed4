/**
 * What COPY/ADD need beyond copying files from a source: heredoc sources (files whose
 * contents are written in the Dockerfile) and `--link` layers (made on an empty
 * filesystem, then laid over the stage), with BuildKit's semantics (dockerfile2llb's
 * dispatchCopy).
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ContextError } from '../../fs/context-error.js';
import type { ImageTree } from '../../fs/image-tree.js';
import { ContextFs } from '../../fs/sources.js';
import type { HeredocSource, SourcesAndDest } from '../../dockerfile/dockerfile.js';

/**
 * The heredoc sources as files to copy from: BuildKit writes each one, mode 0644 and
 * owned by root, named after the heredoc, on an empty filesystem (llb.Mkfile) and copies
 * it from there with the instruction's --chown and --chmod.
 */
export async function heredocSources(
  heredocs: readonly HeredocSource[],
  tmpDir: string,
): Promise<{ from: ContextFs; names: string[] }> {
  const dir = await mkdtemp(path.join(tmpDir, 'heredoc-'));
  const names: string[] = [];
  for (const doc of heredocs) {
    if (doc.name === '.' || doc.name === '..' || /[/\\*?[\0]/.test(doc.name)) {
      throw new ContextError(
        `the heredoc name ${JSON.stringify(doc.name)} cannot be a file name`,
        'Name the heredoc with a plain word, for example <<EOF.',
      );
    }
    const file = path.join(dir, doc.name);
    await writeFile(file, doc.data);
    await chmod(file, 0o644);
    names.push(doc.name);
  }
  return { from: new ContextFs(dir), names };
}

/**
 * Whether the copy makes a `--link` layer on an empty filesystem. BuildKit does so for
 * `--link` without `--chmod` (with --chmod it copies onto the stage as without --link),
 * and then cannot look a --chown name up (no /etc/passwd there: "invalid user index: -1"),
 * so only numeric ids and root are accepted.
 */
export function linkedLayer(ins: Pick<SourcesAndDest, 'link' | 'chmod' | 'chown'>): boolean {
  if (!ins.link || (ins.chmod !== undefined && ins.chmod !== '')) return false;
  const names = (ins.chown ?? '').split(':').filter((p) => p !== '' && p !== 'root');
  if (names.some((p) => !/^\d+$/.test(p))) {
    throw new ContextError(
      `--link with --chown=${ins.chown}: a --link layer is made on an empty filesystem, where BuildKit cannot look names up`,
      'Use numeric ids (for example --chown=1000:1000), or drop --link.',
    );
  }
  return true;
}

/**
 * Lays a `--link` layer (`upper`, built on an empty filesystem) over the stage's tree, as
 * an overlay does: each path of the layer replaces what the stage had there, and a
 * directory keeps the stage's entries under it but takes the layer's metadata.
 */
export function overlay(lower: ImageTree, upper: ImageTree): void {
  for (const p of upper.paths()) {
    const node = upper.get(p);
    if (node !== undefined) lower.set(p, { ...node });
  }
}

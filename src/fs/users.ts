/** Users and groups: a --chown or USER value as ids, looked up in the stage's /etc/passwd and /etc/group. */
import { readFile } from 'node:fs/promises';

import { ContextError } from './context-error.js';
import type { ImageTree, Owner } from './image-tree.js';

/**
 * A --chown or USER value as uid/gid, as BuildKit resolves it: numbers, `root`, or names
 * looked up in the stage's /etc/passwd and /etc/group (given as text when the stage has
 * them). An empty user is root (`:1000` is 0:1000); a user alone takes the user's
 * primary group (its own id when numeric); an empty group after the colon is 0.
 */
export function resolveOwner(spec: string, files: { passwd?: string; group?: string } = {}): Owner {
  const [user, group] = spec.split(':', 2) as [string, string | undefined];
  let uid: number;
  let gid: number;
  if (/^[0-9]+$/.test(user)) {
    uid = Number(user);
    gid = uid;
  } else if (user === '' || (user === 'root' && files.passwd === undefined)) {
    uid = 0;
    gid = 0;
  } else {
    const entry = lookup(files.passwd, user, 'passwd', spec);
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (group !== undefined) {
    if (/^[0-9]+$/.test(group)) gid = Number(group);
    else if (group === '' || (group === 'root' && files.group === undefined)) gid = 0;
    else gid = Number(lookup(files.group, group, 'group', spec)[2]);
  }
  if (
    !Number.isSafeInteger(uid) ||
    !Number.isSafeInteger(gid) ||
    uid > 0xffffffff ||
    gid > 0xffffffff
  ) {
    throw new ContextError(`Invalid user ${JSON.stringify(spec)}: ids out of range`);
  }
  return { uid, gid };
}

/** Whether resolving a --chown or USER value needs the stage's /etc/passwd or /etc/group. */
export function ownerNeedsLookup(spec: string): boolean {
  return spec.split(':', 2).some((part) => !/^([0-9]*|root)$/.test(part));
}

function lookup(
  text: string | undefined,
  name: string,
  kind: 'passwd' | 'group',
  spec: string,
): string[] {
  if (text === undefined) {
    throw new ContextError(
      `Cannot resolve the ${kind === 'passwd' ? 'user' : 'group'} name ${JSON.stringify(name)} of ${JSON.stringify(spec)}: the stage has no /etc/${kind} the native builder can read`,
      'Use numeric ids (for example --chown=1000:1000), or add /etc/passwd and /etc/group to the stage before this instruction.',
    );
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= (kind === 'passwd' ? 4 : 3) && /^[0-9]+$/.test(f[2] ?? '')) {
      if (kind === 'passwd' && !/^[0-9]+$/.test(f[3] ?? '')) continue;
      return f;
    }
  }
  throw new ContextError(
    `Cannot resolve ${JSON.stringify(spec)}: no ${kind === 'passwd' ? 'user' : 'group'} ${JSON.stringify(name)} in the stage's /etc/${kind}`,
  );
}

/** /etc/passwd and /etc/group of a stage, when the build knows them. */
export async function userFiles(tree: ImageTree): Promise<{ passwd?: string; group?: string }> {
  const out: { passwd?: string; group?: string } = {};
  for (const name of ['passwd', 'group'] as const) {
    const { node } = tree.resolve(`/etc/${name}`, true);
    if (node?.type !== 'file') continue;
    if (node.content !== undefined) out[name] = node.content.toString('utf8');
    else if (node.source !== undefined) {
      if ((node.size ?? 0) > 16 * 1024 * 1024) continue;
      out[name] = await readFile(node.source, 'utf8');
    }
  }
  return out;
}

/** The owner for a user spec, or undefined when it names users the build cannot look up. */
export async function tryOwner(spec: string, tree: ImageTree): Promise<Owner | undefined> {
  try {
    return resolveOwner(spec, await userFiles(tree));
  } catch (err) {
    if (err instanceof ContextError) return undefined;
    throw err;
  }
}

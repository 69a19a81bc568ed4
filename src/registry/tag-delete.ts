/**
 * Removing a tag, never a manifest: the OCI distribution spec's
 * `DELETE /v2/<name>/manifests/<tag>` untags where a registry supports it. A digest is
 * never sent: deleting a manifest by digest would remove what an index or another tag
 * still names (distribution 2.x deletes only that way, and answers a tag with 400).
 */
import { isValidTag } from './reference.js';
import { repositoryScope } from './transport/auth.js';
import type { Transport } from './transport/transport.js';

/** What became of one tag: removed, already gone, or left with the registry's reason. */
export type TagDeletion =
  | { outcome: 'deleted' | 'absent' }
  | { outcome: 'refused'; status: number; code: string | undefined };

export async function deleteTag(t: Transport, repo: string, tag: string): Promise<TagDeletion> {
  if (!isValidTag(tag)) throw new Error(`not a tag: ${JSON.stringify(tag)}`);
  const res = await t.send({
    method: 'DELETE',
    url: t.url(`/v2/${repo}/manifests/${tag}`),
    scopes: [repositoryScope(repo, ['pull', 'push', 'delete'])],
    what: `deleting the tag ${tag} of ${repo}`,
    repo,
    access: 'push',
    allowDenied: true,
  });
  const body = res.body.toString('utf8');
  if (res.status >= 200 && res.status < 300) return { outcome: 'deleted' };
  if (res.status === 404 && /MANIFEST_UNKNOWN|NOT_FOUND/.test(body)) return { outcome: 'absent' };
  return { outcome: 'refused', status: res.status, code: errorCode(body) };
}

/** The first error code of a registry's JSON answer, when it is one (A-Z and _ only). */
function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { errors?: Array<{ code?: unknown }> }).errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

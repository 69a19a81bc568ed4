/**
 * Docker Hub removes tags through its web API, not the registry protocol:
 * `DELETE /v2/repositories/<namespace>/<name>/tags/<tag>/` with the session token of
 * the push credentials. Only the tag goes; a manifest an index names stays.
 */
import {
  exchange,
  HubDescriptionError,
  inSession,
  login,
  type HubDescriptionOptions,
} from './hub-description.js';
import { isValidTag } from './reference.js';
import type { TagDeletion } from './tag-delete.js';

/** Logs in once and deletes each tag; a refused login is a HubDescriptionError. */
export async function deleteHubTags(
  repository: string,
  tags: readonly string[],
  o: HubDescriptionOptions,
): Promise<Map<string, TagDeletion>> {
  const [namespace, name, ...rest] = repository.split('/');
  if (!namespace || !name || rest.length > 0) {
    throw new HubDescriptionError(
      `"${repository}" is not a Docker Hub repository (namespace/name).`,
    );
  }
  return inSession(o, async (session) => {
    const token = await login(session);
    o.setSecret(token);
    const results = new Map<string, TagDeletion>();
    for (const tag of tags) {
      if (!isValidTag(tag)) throw new Error(`not a tag: ${JSON.stringify(tag)}`);
      const path = `/v2/repositories/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/tags/${tag}/`;
      const res = await exchange(session, 'DELETE', path, undefined, {
        Authorization: `Bearer ${token}`,
      });
      results.set(
        tag,
        res.status >= 200 && res.status < 300
          ? { outcome: 'deleted' }
          : res.status === 404
            ? { outcome: 'absent' }
            : { outcome: 'refused', status: res.status, code: undefined },
      );
    }
    return results;
  });
}

/** The tag list endpoint, following Link pagination. */
import { RegistryError } from './errors.js';
import { header } from './transport/http.js';
import { readOf, type Transport } from './transport/transport.js';

/** All tags of a repository, following Link pagination; [] when it does not exist. */
export async function listTags(t: Transport, repo: string): Promise<string[]> {
  const tags: string[] = [];
  let url: URL | undefined = t.url(`/v2/${repo}/tags/list`);
  const seen = new Set<string>();
  while (url !== undefined) {
    if (seen.has(url.href) || seen.size > 1000) break;
    seen.add(url.href);
    const page = await readPage(t, repo, url);
    // NAME_UNKNOWN (no such repository) and plain 404 both mean "no tags".
    if (page === undefined) return tags;
    for (const tag of page.tags) tags.push(tag);
    url = page.next;
  }
  return tags;
}

/** One page of the list, and where the next one is; undefined for a 404. */
async function readPage(
  t: Transport,
  repo: string,
  url: URL,
): Promise<{ tags: string[]; next?: URL } | undefined> {
  const what = `listing the tags of ${repo}`;
  const res = await t.send({
    method: 'GET',
    url,
    ...readOf(repo, what),
    headers: { accept: 'application/json' },
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw t.failures.failure({ what, repo, access: 'pull' }, res);
  let page: { tags?: unknown };
  try {
    page = JSON.parse(res.body.toString('utf8')) as { tags?: unknown };
  } catch {
    throw new RegistryError(
      t.stage,
      `The registry's tag list for ${repo} is not valid JSON.`,
      undefined,
      res.status,
    );
  }
  const tags: string[] = [];
  if (Array.isArray(page.tags))
    for (const tag of page.tags) if (typeof tag === 'string') tags.push(tag);
  const next = nextLink(header(res.headers, 'link'));
  return { tags, next: next ? new URL(next, url) : undefined };
}

/** The rel="next" target of a Link header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

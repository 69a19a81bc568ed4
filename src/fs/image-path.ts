/**
 * Slash-separated paths cleaned lexically, as Go's path.Clean does; and paths inside
 * an image: absolute and clean (`..` stops at the root).
 */

/** Go's path.Clean: no `.`, `..` or empty segments, no trailing slash; `.` for nothing. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  return joined === '' ? '.' : joined;
}

/**
 * A symbolic link's target as the names to walk instead of the link, cleaned as text
 * the way BuildKit joins it to the link's directory (continuity's RootPath): `dl/../x`
 * is `x` even where dl is a link elsewhere. Leading `..` climb from the link's directory.
 */
export function linkTargetNames(target: string): string[] {
  return cleanPath(target)
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/** `/a/b` form of an image path: `..` clamped at the root. */
export function cleanImagePath(p: string): string {
  return cleanPath(`/${p}`);
}

/** The segments of an image path, cleaned (`/a/../b/` → `['b']`). */
export function segments(p: string): string[] {
  const clean = cleanImagePath(p);
  return clean === '/' ? [] : clean.slice(1).split('/');
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function joinImage(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

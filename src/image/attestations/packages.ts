/**
 * The packages an image's package managers record: dpkg's status (and the status.d
 * files of distroless images) and apk's installed database, with the distribution from
 * os-release, as package URLs (github.com/package-url/purl-spec).
 */

export interface RecordedPackage {
  name: string;
  version: string;
  /** `deb` or `apk`. */
  type: string;
  arch: string;
  /** The record it was read from. */
  source: string;
  purl: string;
}

/** The packages of every record; sorted by purl, each once. */
export function recordedPackages(records: ReadonlyMap<string, Buffer>): RecordedPackage[] {
  const os = osRelease(records.get('/etc/os-release') ?? records.get('/usr/lib/os-release'));
  const found = new Map<string, RecordedPackage>();
  for (const [path, data] of records) {
    const text = data.toString('utf8');
    const type = path.startsWith('/var/lib/dpkg/')
      ? 'deb'
      : path.startsWith('/lib/apk/')
        ? 'apk'
        : '';
    if (type === '') continue;
    const entries = type === 'deb' ? dpkgEntries(text) : apkEntries(text);
    for (const e of entries) {
      const vendor = os.id || (type === 'deb' ? 'debian' : 'alpine');
      const qualifiers: Array<[string, string]> = [['arch', e.arch]];
      if (os.id && os.versionId) qualifiers.push(['distro', `${os.id}-${os.versionId}`]);
      const purl = `pkg:${type}/${enc(vendor)}/${enc(e.name)}@${enc(e.version)}?${qualifiers
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k}=${enc(v)}`)
        .join('&')}`.replace(/\?$/, '');
      found.set(purl, { ...e, type, source: path, purl });
    }
  }
  return [...found.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

interface Entry {
  name: string;
  version: string;
  arch: string;
}

/** dpkg's control paragraphs, installed packages only. */
export function dpkgEntries(text: string): Entry[] {
  const out: Entry[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of paragraph.split('\n')) {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    const name = fields.get('package');
    const version = fields.get('version');
    const status = fields.get('status');
    if (!name || !version) continue;
    if (status !== undefined && !/\binstalled$/.test(status)) continue;
    out.push({ name, version, arch: fields.get('architecture') ?? '' });
  }
  return out;
}

/** apk's installed database: `P:` name, `V:` version, `A:` architecture per package. */
export function apkEntries(text: string): Entry[] {
  const out: Entry[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      if (line[1] === ':') fields.set(line[0]!, line.slice(2).trim());
    }
    const name = fields.get('P');
    const version = fields.get('V');
    if (name && version) out.push({ name, version, arch: fields.get('A') ?? '' });
  }
  return out;
}

function osRelease(data: Buffer | undefined): { id: string; versionId: string } {
  const values = new Map<string, string>();
  for (const line of (data?.toString('utf8') ?? '').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) values.set(m[1]!, m[2]!.replace(/^["']|["']$/g, ''));
  }
  return { id: values.get('ID') ?? '', versionId: values.get('VERSION_ID') ?? '' };
}

export const id = 678;
export const ids = [678];
export const modules = {

/***/ 4678:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createBuilder: () => (/* binding */ createBuilder),
  decideBuilder: () => (/* binding */ decideBuilder)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/leftovers.ts + 1 modules
var core_leftovers = __webpack_require__(9513);
;// CONCATENATED MODULE: ./src/util/plural.ts
/** `1 layer`, `2 layers`: a count with its noun in the right number. */
function plural(count, noun, nouns = `${noun}s`) {
    return `${count} ${count === 1 ? noun : nouns}`;
}

;// CONCATENATED MODULE: ./src/util/bounded.ts
/**
 * `work`, or a rejection once `ms` have passed without its answer ("no answer in N s").
 * The work goes on unobserved after that: its own later failure is caught here.
 */
async function bounded(work, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
    });
    try {
        return await Promise.race([work, timeout]);
    }
    catch (error) {
        work.catch(() => undefined);
        throw error;
    }
    finally {
        clearTimeout(timer);
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/registry/tag-push.ts
var tag_push = __webpack_require__(1028);
// EXTERNAL MODULE: ./src/registry/tag-variant.ts
var tag_variant = __webpack_require__(4543);
// EXTERNAL MODULE: ./src/registry/clients.ts + 11 modules
var clients = __webpack_require__(7221);
// EXTERNAL MODULE: ./src/image/image.ts
var image_image = __webpack_require__(5228);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/image/go-format.ts
var go_format = __webpack_require__(8391);
// EXTERNAL MODULE: ./src/util/raw-names.ts
var raw_names = __webpack_require__(9479);
;// CONCATENATED MODULE: ./src/layers/tar-header.ts
/**
 * Tar headers as Go's archive/tar writes them (and so Docker's and BuildKit's layers):
 * USTAR, with a PAX extended header first only for what USTAR cannot hold (long or
 * non-ASCII names and link targets, uid/gid/size too large). Names are written as their
 * bytes (see raw-names.ts); the USTAR fields get their ASCII characters.
 */

const BLOCK = 512;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** Largest value a 7-digit octal field (mode, uid, gid) holds. */
const MAX_OCTAL_7 = 0o7777777;
/** Largest value an 11-digit octal field (size, mtime) holds. */
const MAX_OCTAL_11 = 0o77777777777;
/** The zero bytes that fill a file's contents up to a whole block. */
function padding(size) {
    const rest = size % BLOCK;
    return rest === 0 ? 0 : BLOCK - rest;
}
/** The header block(s) of one entry: a PAX extended header first when USTAR can't hold it. */
function encodeEntryHeader(entry, size, epoch) {
    const typeBits = entry.type === 'dir'
        ? S_IFDIR
        : entry.type === 'symlink' || entry.linkType === 'symlink'
            ? S_IFLNK
            : S_IFREG;
    const typeflag = { dir: '5', symlink: '2', link: '1', file: '0' }[entry.type];
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const linkname = entry.type === 'symlink' || entry.type === 'link' ? (entry.linkname ?? '') : '';
    const uid = entry.uid ?? 0;
    const gid = entry.gid ?? 0;
    const mode = entry.mode & 0o7777;
    for (const [what, v] of [
        ['uid', uid],
        ['gid', gid],
    ]) {
        if (!Number.isSafeInteger(v) || v < 0)
            throw new Error(`Invalid ${what} ${v} for ${entry.path}`);
    }
    if (entry.type !== 'file')
        size = 0;
    const pax = {};
    const split = splitUstarPath(name);
    if (split === undefined)
        pax['path'] = name;
    if (!fitsUstarString(linkname, 100))
        pax['linkpath'] = linkname;
    if (uid > MAX_OCTAL_7)
        pax['uid'] = String(uid);
    if (gid > MAX_OCTAL_7)
        pax['gid'] = String(gid);
    if (size > MAX_OCTAL_11)
        pax['size'] = String(size);
    const header = ustarBlock({
        prefix: split?.prefix ?? '',
        name: split?.name ?? asciiFallback(name, 100),
        mode: typeBits | mode,
        uid: uid > MAX_OCTAL_7 ? 0 : uid,
        gid: gid > MAX_OCTAL_7 ? 0 : gid,
        size: size > MAX_OCTAL_11 ? 0 : size,
        mtime: epoch,
        typeflag,
        linkname: 'linkpath' in pax ? asciiFallback(linkname, 100) : linkname,
    });
    if (Object.keys(pax).length === 0)
        return header;
    const records = Buffer.concat(Object.keys(pax)
        .sort()
        .map((k) => paxRecord(k, pax[k])));
    // Go's name for the extended header: <dir>/PaxHeaders.0/<base>, in ASCII, at most 100.
    const slash = name.lastIndexOf('/');
    const paxName = `${name.slice(0, slash + 1)}PaxHeaders.0/${name.slice(slash + 1)}`;
    const paxHeader = ustarBlock({
        prefix: '',
        name: asciiFallback(paxName, 100).replace(/\/+$/, ''),
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: records.length,
        mtime: epoch,
        typeflag: 'x',
        linkname: '',
    });
    const pad = padding(records.length);
    return Buffer.concat([paxHeader, records, Buffer.alloc(pad), header]);
}
/** One PAX record: `<length> <key>=<value>\n`, the length counting itself. */
function paxRecord(key, value) {
    // Names are written as their bytes, valid UTF-8 or not, as Go's archive/tar does.
    const body = (0,raw_names/* nameToBytes */.CD)(` ${key}=${value}\n`);
    const bodyLength = body.length;
    let length = bodyLength + String(bodyLength).length;
    if (String(length).length !== String(bodyLength).length)
        length = bodyLength + String(length).length;
    return Buffer.concat([Buffer.from(String(length)), body]);
}
function isAscii(s) {
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0 || c > 0x7f)
            return false;
    }
    return true;
}
function fitsUstarString(s, max) {
    return isAscii(s) && s.length <= max;
}
/** A stand-in for a name that only the PAX record holds: its ASCII, truncated (Go's toASCII). */
function asciiFallback(s, max) {
    let out = '';
    for (const ch of s)
        if (isAscii(ch))
            out += ch;
    return out.slice(0, max);
}
/** Go's splitUSTARPath: the name in `name`, or split at a slash into `prefix` + `name`. */
function splitUstarPath(p) {
    if (!isAscii(p))
        return undefined;
    if (p.length <= 100)
        return { prefix: '', name: p };
    let length = p.length;
    if (length > 156)
        length = 156;
    else if (p[length - 1] === '/')
        length--;
    const i = p.lastIndexOf('/', length - 1);
    const nlen = p.length - i - 1;
    if (i <= 0 || nlen > 100 || nlen === 0 || i > 155)
        return undefined;
    return { prefix: p.slice(0, i), name: p.slice(i + 1) };
}
function ustarBlock(f) {
    const b = Buffer.alloc(BLOCK);
    b.write(f.name, 0, 100, 'latin1');
    octal(b, 100, 8, f.mode);
    octal(b, 108, 8, f.uid);
    octal(b, 116, 8, f.gid);
    octal(b, 124, 12, f.size);
    octal(b, 136, 12, f.mtime);
    b.fill(0x20, 148, 156); // checksum computed with the field as spaces
    b.write(f.typeflag, 156, 1, 'latin1');
    b.write(f.linkname, 157, 100, 'latin1');
    b.write('ustar\0', 257, 6, 'latin1');
    b.write('00', 263, 2, 'latin1');
    // uname (265) and gname (297) stay empty.
    octal(b, 329, 8, 0);
    octal(b, 337, 8, 0);
    b.write(f.prefix, 345, 155, 'latin1');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += b[i];
    // Like Go: six octal digits, NUL, and the space already there.
    b.write(sum.toString(8).padStart(6, '0'), 148, 6, 'latin1');
    b[154] = 0;
    return b;
}
/** A zero-padded octal field ending with NUL, as Go's archive/tar formats them. */
function octal(b, offset, length, value) {
    const s = value.toString(8).padStart(length - 1, '0');
    if (s.length > length - 1)
        throw new Error(`Value ${value} does not fit a tar header field`);
    b.write(s, offset, length - 1, 'latin1');
    b[offset + length - 1] = 0;
}

;// CONCATENATED MODULE: ./src/image/archive.ts
/**
 * Writes built images to one tar that is both an OCI image layout (oci-layout,
 * index.json, blobs/sha256/...) and a `docker load` archive (manifest.json with
 * Config/RepoTags/Layers pointing at the same blobs), as BuildKit's docker exporter
 * does. Blobs are streamed (layers are never held in memory) and written once even
 * when several images share them. The tar itself is deterministic too: fixed order,
 * fixed timestamps, root owner.
 */









/** `name:tag` parts of a reference; undefined tag for a digest reference. */
function splitReference(ref) {
    const at = ref.indexOf('@');
    const base = at >= 0 ? ref.slice(0, at) : ref;
    const slash = base.lastIndexOf('/');
    const colon = base.lastIndexOf(':');
    if (colon > slash) {
        return at >= 0
            ? { name: base.slice(0, colon) }
            : { name: base.slice(0, colon), tag: base.slice(colon + 1) };
    }
    return at >= 0 ? { name: base } : { name: base, tag: 'latest' };
}
/** docker.io/library/x:tag form (containerd's image name). */
function fullName(name) {
    const first = name.split('/')[0];
    const hasHost = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
    if (hasHost)
        return name;
    return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}
/** What `docker load` shows: the short form for Docker Hub names. */
function familiarName(name) {
    const full = fullName(name);
    if (full.startsWith('docker.io/library/'))
        return full.slice('docker.io/library/'.length);
    if (full.startsWith('docker.io/'))
        return full.slice('docker.io/'.length);
    return full;
}
/** The platform `docker load` would pick: the host's, else the first image. */
function hostImage(images) {
    const host = (0,image_platform/* hostPlatform */.ol)();
    return (images.find((i) => i.platform.os === host.os && i.platform.architecture === host.architecture) ?? images[0]);
}
/**
 * Writes `outPath` (replaced atomically when complete). `refs` are the names the image
 * gets (`user/app:1.2`); a multi-platform build is stored under an image index, and
 * manifest.json names the host's platform (what `docker load` can load).
 */
async function writeImageArchive(images, outPath, refs, options = {}) {
    if (images.length === 0)
        throw new Error('writeImageArchive: no image to write');
    const blobs = imageBlobs(images, options);
    const top = topDescriptor(images, blobs);
    const named = refs.map(splitReference);
    const files = [
        ['index.json', layoutIndex(top, named)],
        ['manifest.json', loadManifest(hostImage(images), named)],
        ['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}')],
    ];
    const sortedBlobs = [...blobs.values()].sort((a, b) => (a.digest < b.digest ? -1 : 1));
    const tar = archiveTar(sortedBlobs, files, options.epoch ?? 0);
    await writeReplacing(outPath, tar, options.leftovers);
}
/** The blobs of the images (configs, manifests, layers), each digest once. */
function imageBlobs(images, options) {
    const blobs = new Map();
    const addBlob = (b) => {
        if (!blobs.has(b.digest))
            blobs.set(b.digest, b);
    };
    for (const img of images) {
        addBlob({ digest: img.configDigest, size: img.config.length, open: async () => img.config });
        addBlob({
            digest: img.manifestDigest,
            size: img.manifest.length,
            open: async () => img.manifest,
        });
        for (const layer of img.layers)
            addBlob(layerBlob(layer, options));
    }
    return blobs;
}
function layerBlob(layer, options) {
    if (layer.path !== undefined) {
        const p = layer.path;
        return { digest: layer.digest, size: layer.size, open: async () => (0,external_node_fs_.createReadStream)(p) };
    }
    if (layer.from !== undefined) {
        if (options.fetchLayer === undefined) {
            throw new Error(`The image uses the base image layer ${layer.digest} of ${layer.from.registryRepo}, which was not downloaded; an archive needs it (no way to fetch it was given)`);
        }
        const fetch = options.fetchLayer;
        return { digest: layer.digest, size: layer.size, open: () => fetch(layer) };
    }
    throw new Error(`Layer ${layer.digest} has neither a file nor a source`);
}
/** What the archive's names point at: the manifest, or an index (added to the blobs) of several. */
function topDescriptor(images, blobs) {
    if (images.length === 1) {
        const img = images[0];
        return {
            mediaType: image_image/* MEDIA_TYPES */.Z2.manifest,
            digest: img.manifestDigest,
            size: img.manifest.length,
        };
    }
    const index = (0,image_image/* serializeIndex */.Jt)(images.map((img) => ({
        mediaType: image_image/* MEDIA_TYPES */.Z2.manifest,
        digest: img.manifestDigest,
        size: img.manifest.length,
        platform: img.platform,
    })));
    const digest = (0,image_image/* sha256Digest */.sI)(index);
    if (!blobs.has(digest))
        blobs.set(digest, { digest, size: index.length, open: async () => index });
    return { mediaType: image_image/* MEDIA_TYPES */.Z2.index, digest, size: index.length };
}
/** The OCI layout's index.json: the top descriptor once per name (once unnamed without). */
function layoutIndex(top, named) {
    const annotationsFor = (r) => {
        const a = {
            'io.containerd.image.name': fullName(r.name) + (r.tag ? `:${r.tag}` : ''),
        };
        if (r.tag)
            a['org.opencontainers.image.ref.name'] = r.tag;
        return a;
    };
    return Buffer.from((0,go_format/* goJson */.Pl)({
        schemaVersion: 2,
        mediaType: image_image/* MEDIA_TYPES */.Z2.index,
        manifests: (named.length > 0 ? named : [undefined]).map((r) => ({
            mediaType: top.mediaType,
            digest: top.digest,
            size: top.size,
            annotations: r === undefined ? undefined : (0,go_format/* jsonMap */.vM)(annotationsFor(r)),
        })),
    }));
}
function blobPath(digest) {
    return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}
/** `docker load`'s manifest.json: one image, its tagged names. */
function loadManifest(loadable, named) {
    return Buffer.from((0,go_format/* goJson */.Pl)([
        {
            Config: blobPath(loadable.configDigest),
            RepoTags: named
                .filter((r) => r.tag !== undefined)
                .map((r) => `${familiarName(r.name)}:${r.tag}`),
            Layers: loadable.layers.map((l) => blobPath(l.digest)),
        },
    ]));
}
/** The tar: the blob directories, the blobs in digest order, then the layout files. */
async function* archiveTar(blobs, files, epoch) {
    yield encodeEntryHeader({ path: 'blobs', type: 'dir', mode: 0o755 }, 0, epoch);
    yield encodeEntryHeader({ path: 'blobs/sha256', type: 'dir', mode: 0o755 }, 0, epoch);
    for (const b of blobs)
        yield* blobEntry(blobPath(b.digest), b, epoch);
    for (const [name, data] of files) {
        yield* blobEntry(name, { digest: '', size: data.length, open: async () => data }, epoch);
    }
    yield Buffer.alloc(1024);
}
/** Writes the file next to the target, made afresh (never through a link left at its name), then renames it. */
async function writeReplacing(outPath, data, leftovers) {
    const partial = `${outPath}.partial`;
    await (0,promises_.rm)(partial, { force: true });
    if (leftovers)
        (0,core_leftovers.remember)(leftovers, 'partialFiles', partial);
    try {
        await (0,external_node_stream_promises_.pipeline)(data, (0,external_node_fs_.createWriteStream)(partial, { flags: 'wx' }));
        await (0,promises_.rename)(partial, outPath);
    }
    finally {
        await (0,promises_.rm)(partial, { force: true });
        if (leftovers)
            (0,core_leftovers.forget)(leftovers, 'partialFiles', partial);
    }
}
async function* blobEntry(name, blob, epoch) {
    yield encodeEntryHeader({ path: name, type: 'file', mode: 0o644 }, blob.size, epoch);
    const data = await blob.open();
    let written = 0;
    if (Buffer.isBuffer(data)) {
        written = data.length;
        yield data;
    }
    else {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of data) {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            written += buf.length;
            if (written > blob.size)
                break;
            hash.update(buf);
            yield buf;
        }
        if ('destroy' in data && typeof data.destroy === 'function')
            data.destroy();
        if (written === blob.size && blob.digest !== '') {
            const got = `sha256:${hash.digest('hex')}`;
            if (got !== blob.digest)
                throw new Error(`Blob ${blob.digest} has the digest ${got}`);
        }
    }
    if (written !== blob.size) {
        throw new Error(`Blob ${blob.digest || name} has ${written} bytes, expected ${blob.size}`);
    }
    const pad = padding(blob.size);
    if (pad > 0)
        yield Buffer.alloc(pad);
}

// EXTERNAL MODULE: ./src/image/attestations/image-files.ts
var image_files = __webpack_require__(9142);
// EXTERNAL MODULE: ./src/image/attestations/manifest.ts
var manifest = __webpack_require__(2844);
// EXTERNAL MODULE: ./src/image/attestations/params.ts
var attestations_params = __webpack_require__(2463);
;// CONCATENATED MODULE: ./src/image/attestations/provenance.ts
/**
 * The SLSA provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance) of one
 * platform's image: who built it (this action), how (the build type and the inputs
 * that shape the image), and from what (the commit, and every base image by digest).
 * No run id, no time: the statement is the same for every run of one commit.
 */



function provenancePredicate(p, builder, platform, bases) {
    const withheld = p.buildArgs.filter(([k]) => (0,attestations_params/* secretLooking */.oE)(k)).map(([k]) => k);
    return {
        buildDefinition: {
            buildType: attestations_params/* BUILD_TYPE */.mK,
            externalParameters: {
                source: {
                    repository: p.serverUrl ? `${p.serverUrl}/${p.repository}` : p.repository,
                    ref: p.ref,
                    commit: p.commit,
                },
                buildCommand: p.buildCommand,
                workingDirectory: p.workingDirectory,
                context: p.context,
                dockerfile: p.dockerfile,
                target: p.target,
                buildArgs: (0,go_format/* jsonMap */.vM)(Object.fromEntries(p.buildArgs.filter(([k]) => !(0,attestations_params/* secretLooking */.oE)(k)))),
                buildArgsWithheld: withheld.length > 0 ? withheld.sort() : undefined,
                labels: (0,go_format/* jsonMap */.vM)(Object.fromEntries(p.labels)),
                platforms: p.platforms,
                builder: p.builderInput,
            },
            internalParameters: { builder, platform: (0,image_platform/* formatPlatform */.Bq)(platform) },
            resolvedDependencies: [sourceDependency(p), ...bases.map(baseDependency)],
        },
        runDetails: { builder: { id: attestations_params/* BUILDER_ID */.Oi } },
    };
}
function sourceDependency(p) {
    const repo = p.serverUrl ? `${p.serverUrl}/${p.repository}` : p.repository;
    return {
        uri: `git+${repo}${p.ref ? `@${p.ref}` : ''}`,
        digest: (0,go_format/* jsonMap */.vM)({ gitCommit: p.commit }),
    };
}
function baseDependency(b) {
    const [algorithm, hex] = b.digest.split(':');
    return { uri: (0,attestations_params/* basePurl */.nf)(b), digest: (0,go_format/* jsonMap */.vM)({ [algorithm]: hex }) };
}

;// CONCATENATED MODULE: ./src/image/attestations/packages.ts
/**
 * The packages an image's package managers record: dpkg's status (and the status.d
 * files of distroless images) and apk's installed database, with the distribution from
 * os-release, as package URLs (github.com/package-url/purl-spec).
 */
/** The packages of every record; sorted by purl, each once. */
function recordedPackages(records) {
    const os = osRelease(records.get('/etc/os-release') ?? records.get('/usr/lib/os-release'));
    const found = new Map();
    for (const [path, data] of records) {
        const text = data.toString('utf8');
        const type = path.startsWith('/var/lib/dpkg/')
            ? 'deb'
            : path.startsWith('/lib/apk/')
                ? 'apk'
                : '';
        if (type === '')
            continue;
        const entries = type === 'deb' ? dpkgEntries(text) : apkEntries(text);
        for (const e of entries) {
            const vendor = os.id || (type === 'deb' ? 'debian' : 'alpine');
            const qualifiers = [['arch', e.arch]];
            if (os.id && os.versionId)
                qualifiers.push(['distro', `${os.id}-${os.versionId}`]);
            const purl = `pkg:${type}/${enc(vendor)}/${enc(e.name)}@${enc(e.version)}?${qualifiers
                .filter(([, v]) => v !== '')
                .map(([k, v]) => `${k}=${enc(v)}`)
                .join('&')}`.replace(/\?$/, '');
            found.set(purl, { ...e, type, source: path, purl });
        }
    }
    return [...found.values()].sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
}
function enc(s) {
    return encodeURIComponent(s);
}
/** dpkg's control paragraphs, installed packages only. */
function dpkgEntries(text) {
    const out = [];
    for (const paragraph of text.split(/\n\s*\n/)) {
        const fields = new Map();
        for (const line of paragraph.split('\n')) {
            const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
            if (m)
                fields.set(m[1].toLowerCase(), m[2].trim());
        }
        const name = fields.get('package');
        const version = fields.get('version');
        const status = fields.get('status');
        if (!name || !version)
            continue;
        if (status !== undefined && !/\binstalled$/.test(status))
            continue;
        out.push({ name, version, arch: fields.get('architecture') ?? '' });
    }
    return out;
}
/** apk's installed database: `P:` name, `V:` version, `A:` architecture per package. */
function apkEntries(text) {
    const out = [];
    for (const block of text.split(/\n\s*\n/)) {
        const fields = new Map();
        for (const line of block.split('\n')) {
            if (line[1] === ':')
                fields.set(line[0], line.slice(2).trim());
        }
        const name = fields.get('P');
        const version = fields.get('V');
        if (name && version)
            out.push({ name, version, arch: fields.get('A') ?? '' });
    }
    return out;
}
function osRelease(data) {
    const values = new Map();
    for (const line of (data?.toString('utf8') ?? '').split('\n')) {
        const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
        if (m)
            values.set(m[1], m[2].replace(/^["']|["']$/g, ''));
    }
    return { id: values.get('ID') ?? '', versionId: values.get('VERSION_ID') ?? '' };
}

;// CONCATENATED MODULE: ./src/image/attestations/sbom.ts
/**
 * The SPDX 2.3 JSON document (https://spdx.github.io/spdx-spec/v2.3/) of one platform's
 * image: the image as the described package, its base images and the packages its
 * package managers record, and every regular file with its checksums and, in the file
 * comment, the layer that holds it (`layerID: sha256:...`, as BuildKit writes it).
 * Deterministic: sorted, namespace from the image digest, created at the commit time.
 */



const IMAGE_ID = 'SPDXRef-Package-image';
function sbomDocument(p, image, contents, bases) {
    const platform = (0,image_platform/* formatPlatform */.Bq)(image.platform);
    const subject = (0,attestations_params/* subjectName */.wn)(p, image.manifestDigest, image.platform);
    const recorded = recordedPackages(contents.records);
    const packages = [
        {
            ...pkg(IMAGE_ID, p.title, p.subjectTag, subject),
            primaryPackagePurpose: 'CONTAINER',
        },
        ...bases.map((b, i) => ({
            ...pkg(`SPDXRef-Package-base-${i + 1}`, b.ref, b.digest, (0,attestations_params/* basePurl */.nf)(b)),
            primaryPackagePurpose: 'CONTAINER',
        })),
        ...recorded.map((r, i) => ({
            ...pkg(`SPDXRef-Package-${r.type}-${i + 1}`, r.name, r.version, r.purl),
            comment: `recorded in ${r.source}`,
        })),
    ];
    const files = contents.files.map((f, i) => ({
        fileName: f.path,
        SPDXID: `SPDXRef-File-${i + 1}`,
        checksums: [
            { algorithm: 'SHA1', checksumValue: f.sha1 },
            { algorithm: 'SHA256', checksumValue: f.sha256 },
        ],
        comment: `layerID: ${f.layer}`,
    }));
    const relationships = [
        rel('SPDXRef-DOCUMENT', 'DESCRIBES', IMAGE_ID),
        ...bases.map((_, i) => rel(IMAGE_ID, 'DESCENDANT_OF', `SPDXRef-Package-base-${i + 1}`)),
        ...recorded.map((r, i) => rel(IMAGE_ID, 'CONTAINS', `SPDXRef-Package-${r.type}-${i + 1}`)),
        ...files.map((f) => rel(IMAGE_ID, 'CONTAINS', f.SPDXID)),
    ];
    return {
        spdxVersion: 'SPDX-2.3',
        dataLicense: 'CC0-1.0',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: `${p.title}:${p.subjectTag} ${platform}`,
        documentNamespace: `https://github.com/one-step-image/one-step-image/spdx/${p.repository || p.title}/${image.manifestDigest.replace(':', '-')}`,
        creationInfo: {
            created: new Date(p.epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            creators: [`Tool: one-step-image-${attestations_params/* ACTION_VERSION */.Yt}`],
        },
        packages,
        files,
        relationships,
    };
}
function pkg(id, name, version, purl) {
    return {
        name,
        SPDXID: id,
        versionInfo: version,
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
        ],
    };
}
function rel(from, type, to) {
    return { spdxElementId: from, relationshipType: type, relatedSpdxElement: to };
}

;// CONCATENATED MODULE: ./src/image/attestations/attest.ts





async function attestImage(params, image, builder, allBases, open) {
    const bases = uniqueBases(allBases);
    const contents = await (0,image_files/* readImageFiles */.Zw)(image.layers.map((l) => ({
        digest: l.digest,
        mediaType: l.mediaType,
        open: () => open(l),
        contents: l.contents,
    })));
    const subject = {
        name: (0,attestations_params/* subjectName */.wn)(params, image.manifestDigest, image.platform),
        digest: image.manifestDigest,
    };
    const sbom = (0,manifest/* serializeStatement */.US)(attestations_params/* SBOM_TYPE */.tY, subject, sbomDocument(params, image, contents, bases));
    const provenance = (0,manifest/* serializeStatement */.US)(attestations_params/* PROVENANCE_TYPE */.Ti, subject, provenancePredicate(params, builder, image.platform, bases));
    // BuildKit's order: the SBOM, then the provenance.
    return (0,manifest/* attestationManifest */.Qr)({ digest: image.manifestDigest }, [
        { predicateType: attestations_params/* SBOM_TYPE */.tY, data: sbom },
        { predicateType: attestations_params/* PROVENANCE_TYPE */.Ti, data: provenance },
    ]);
}
/** Each base once (a stage built twice on one image), sorted: the order of the build is not kept. */
function uniqueBases(bases) {
    const seen = new Map();
    for (const b of bases)
        seen.set(`${b.ref}@${b.digest}`, b);
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b);
}

;// CONCATENATED MODULE: ./src/builders/publisher.ts










/**
 * Compressed bytes a layer has before its upload starts while it is written: a smaller
 * layer is done soon anyway, and then goes as a finished blob, checked first (an
 * unchanged re-run uploads nothing).
 */
const STREAM_AFTER_BYTES = 8 * 1024 * 1024;
/**
 * Publishes images held as OCI manifests with their blobs on disk (what the native
 * builder makes, and what the Docker builder imports from the engine) with our own
 * registry client: blobs the registry has are skipped, base layers mounted or streamed
 * across, then the manifest (or, for several platforms, an index) under every tag.
 */
class ImagePublisher {
    /** The run's registry clients (else its own, closed by dispose). */
    clients;
    ownClients;
    credentials;
    /**
     * Set once login starts (a push is planned): the repository, and whether layers are
     * uploaded while written (access granted, and not a re-run of a commit pushed before).
     */
    pushTarget;
    early = [];
    images = [];
    /** The base images each image's build resolved (by manifest digest), for the attestations. */
    bases = new Map();
    attestations = new Map();
    registry;
    builder;
    credentialsFor;
    io;
    layerCache;
    constructor(s) {
        this.registry = s.registry;
        this.builder = s.builder;
        this.credentialsFor = s.credentialsFor;
        this.io = s.io;
        this.layerCache = s.layerCache;
        this.ownClients = s.clients === undefined;
        this.clients =
            s.clients ?? new clients.RegistryClients({ logger: s.io, totalTimeoutMs: s.retryTimeoutMs });
    }
    /** The image ID of what is held: the config digest, or the index digest for several. */
    imageId() {
        const [first] = this.images;
        if (!first)
            throw new Error('no image built');
        return this.images.length === 1 ? first.configDigest : (0,image_image/* sha256Digest */.sI)(this.index());
    }
    /** With several platforms, each one's manifest digest; undefined for one. */
    platformDigests() {
        if (this.images.length < 2)
            return undefined;
        return this.images.map((img) => ({
            platform: (0,image_platform/* formatPlatform */.Bq)(img.platform),
            digest: img.manifestDigest,
        }));
    }
    /** Compressed size of everything held: configs and layers. */
    size() {
        return this.images.reduce((sum, img) => sum + img.config.length + img.layers.reduce((n, layer) => n + layer.size, 0), 0);
    }
    async login(credentials, plan) {
        this.credentials = credentials;
        const client = this.client(this.registry);
        const check = client.checkPushAccess(plan.image.path);
        const stream = check.then(async () => !(await pushedBefore(client, plan)), () => false);
        this.pushTarget = { repo: plan.image.path, granted: stream };
        await check;
    }
    /**
     * A layer the build started writing. When the image is to be pushed (login started),
     * the credentials are good and the commit was not pushed before, a layer that grows past STREAM_AFTER_BYTES is uploaded
     * while it is written; else nothing is sent before push().
     */
    layerStarted(live) {
        const target = this.pushTarget;
        if (target === undefined)
            return;
        const uploaded = target.granted.then(async (granted) => {
            if (!granted || !(await live.reached(STREAM_AFTER_BYTES)))
                return false;
            await this.client(this.registry).pushGrowingBlob(target.repo, live.growing());
            return true;
        });
        const digest = live.result.then((blob) => blob.digest);
        // Awaited by push(), or never (a failed build).
        uploaded.catch(() => undefined);
        digest.catch(() => undefined);
        this.early.push({ digest, uploaded });
    }
    /** The layers uploaded while written, by digest: what push() does not send again. */
    async earlyUploads(repo) {
        const byDigest = new Map();
        if (this.pushTarget?.repo !== repo)
            return byDigest;
        for (const e of this.early) {
            const digest = await e.digest.catch(() => undefined);
            if (digest !== undefined)
                byDigest.set(digest, e.uploaded);
        }
        return byDigest;
    }
    async push(plan) {
        if (this.images.length === 0)
            throw new Error('push before build');
        try {
            const client = this.client(this.registry);
            const early = await this.earlyUploads(plan.image.path);
            if (plan.platformTags)
                return await this.pushPlatformTags(client, plan, early);
            return await this.pushTagged(client, plan, early);
        }
        finally {
            // Nothing uploaded while written is still sending once the push has ended, however
            // it ended (a failure before its layer was reached, a layer streamed twice).
            await Promise.allSettled(this.early.map((e) => e.uploaded));
        }
    }
    /** The images and attestations, then the manifest or index under every tag. */
    async pushTagged(client, plan, early) {
        const repo = plan.image.path;
        const attested = await Promise.all(this.images.map((image) => this.attest(plan, image)));
        const atts = attested.filter((a) => a !== undefined);
        const byDigest = this.images.length > 1 || atts.length > 0;
        // The images one after the other (platforms may share blobs), and beside them the
        // attestations, which name the images only by digest: their round trips add nothing
        // to the push's time. The tags wait for both.
        await allSettled([
            (async () => {
                for (const image of this.images)
                    await this.pushImage(client, repo, image, early, byDigest);
            })(),
            (async () => {
                for (const [i, att] of atts.entries()) {
                    await pushAttestation(client, repo, att);
                    this.io.info(`Attestations of ${(0,image_platform/* formatPlatform */.Bq)(this.images[i].platform)}: ${att.manifestDigest} (SBOM, provenance)`);
                }
            })(),
        ]);
        const { blobsUploaded, blobsSkipped, blobsMounted, bytesUploaded } = client.stats;
        this.io.info(`Blobs: ${blobsUploaded} uploaded (${bytesUploaded} bytes), ${blobsMounted} mounted, ${blobsSkipped} already there`);
        // One platform and no attestations: the manifest is what the tags name. Else each
        // manifest by its digest (pushed above), and an image index under every tag.
        const single = byDigest ? undefined : this.images[0];
        const top = single ? single.manifest : this.index(atts);
        const digest = (0,image_image/* sha256Digest */.sI)(top);
        const pushed = await (0,tag_push/* putUnderTags */.J)(plan.tags, plan.refs, (tag) => client.putManifest(repo, tag, top, mediaTypeOf(top)));
        const platforms = this.images.length === 1
            ? undefined
            : this.images.map((img) => ({
                platform: (0,image_platform/* formatPlatform */.Bq)(img.platform),
                digest: img.manifestDigest,
            }));
        return {
            digest,
            pushed,
            uploadedBytes: client.stats.bytesUploaded,
            size: this.size(),
            platforms,
        };
    }
    /**
     * A matrix job: each platform's manifest under its own platform tag and nowhere else,
     * no index (the merge job makes it). The digest is the manifest's when there is one.
     */
    async pushPlatformTags(client, plan, early) {
        const repo = plan.image.path;
        const pushed = [];
        const platforms = [];
        const tops = [];
        for (const image of this.images) {
            const at = plan.platforms.findIndex((p) => (0,image_platform/* samePlatform */.my)((0,image_platform/* parsePlatform */.Y8)(p), image.platform));
            if (at < 0)
                throw new Error(`no platform tag for ${(0,image_platform/* formatPlatform */.Bq)(image.platform)}`);
            // A failure after a platform's tag moved says which tags did (the blobs' too).
            try {
                const att = await this.attest(plan, image);
                await allSettled([
                    this.pushImage(client, repo, image, early, att !== undefined),
                    att ? pushAttestation(client, repo, att) : Promise.resolve(),
                ]);
                // With attestations, the platform tag names an index of the image and its attestations.
                const top = att ? this.index([att], [image]) : image.manifest;
                tops.push(top);
                await client.putManifest(repo, plan.tags[at], top, mediaTypeOf(top));
            }
            catch (error) {
                throw (0,errors/* pushFailure */.dS)(error, pushed, plan.refs);
            }
            pushed.push(plan.refs[at]);
            platforms.push({ platform: (0,image_platform/* formatPlatform */.Bq)(image.platform), digest: image.manifestDigest });
        }
        return {
            digest: tops.length === 1 ? (0,image_image/* sha256Digest */.sI)(tops[0]) : '',
            pushed,
            uploadedBytes: client.stats.bytesUploaded,
            size: this.size(),
            platforms,
        };
    }
    /** Layers and config of one platform's image, then (for an index) its manifest by digest. */
    async pushImage(client, repo, image, early, byDigest = this.images.length > 1) {
        // All blobs at once (a layer the image has twice, once); the manifest only after
        // every one of them is there.
        const layers = new Map(image.layers.map((layer) => [layer.digest, layer]));
        await allSettled([
            ...[...layers.values()].map(async (layer) => {
                if (!(await early.get(layer.digest)))
                    await this.pushLayer(client, repo, layer);
            }),
            client.pushBlob(repo, {
                digest: image.configDigest,
                size: image.config.length,
                open: () => image.config,
            }),
        ]);
        if (byDigest) {
            await client.putManifest(repo, image.manifestDigest, image.manifest, mediaTypeOf(image.manifest));
        }
    }
    /**
     * The OCI image index over every platform built, in the order of the platforms input,
     * then their attestation manifests (BuildKit's order).
     */
    index(atts = [], images = this.images) {
        return (0,image_image/* serializeIndex */.Jt)([
            ...images.map((img) => ({
                mediaType: mediaTypeOf(img.manifest),
                digest: img.manifestDigest,
                size: img.manifest.length,
                platform: img.platform,
            })),
            ...atts.map((a) => a.descriptor),
        ], manifestAnnotations(this.images[0].manifest));
    }
    /** The attestations of one image (made once), or undefined when they are off. */
    attest(plan, image) {
        const params = plan.attest;
        if (!params)
            return Promise.resolve(undefined);
        let made = this.attestations.get(image.manifestDigest);
        if (!made) {
            const bases = this.bases.get(image.manifestDigest) ?? [];
            made = attestImage(params, image, this.builder, bases, (layer) => this.openLayer(layer)).catch((error) => {
                if (error instanceof errors/* ActionError */.lZ)
                    throw error;
                throw new errors/* ActionError */.lZ('push', `The attestations of ${(0,image_platform/* formatPlatform */.Bq)(image.platform)} could not be made: ${error.message}. Nothing was tagged.`, 'Run the job again; to publish the image without attestations, set attestations: false.');
            });
            this.attestations.set(image.manifestDigest, made);
        }
        return made;
    }
    /** A layer's blob as pushed: from disk, or from the base image's registry (or the run's copy). */
    async openLayer(layer) {
        if (layer.path !== undefined)
            return (0,external_node_fs_.createReadStream)(layer.path);
        const { client, repo } = this.baseSource(layer);
        const download = () => client.getBlob(repo, layer.digest);
        return this.layerCache ? this.layerCache.stream(layer, download, false) : download();
    }
    async exportArchive(plan, path) {
        if (this.images.length === 0)
            throw new Error('export before build');
        await writeImageArchive(this.images, path, plan.refs, {
            epoch: plan.epoch,
            leftovers: this.io,
            fetchLayer: (layer) => this.openLayer(layer),
        });
    }
    dispose() {
        if (this.ownClients)
            this.clients.close();
    }
    async pushLayer(client, repo, layer) {
        if (layer.path !== undefined) {
            const file = layer.path;
            await client.pushBlob(repo, {
                digest: layer.digest,
                size: layer.size,
                open: () => (0,external_node_fs_.createReadStream)(file),
            });
            return;
        }
        // A base layer: mounted when it lives in the same registry, else streamed across
        // from its own registry, or the run's copy (never held in memory). pushBlob skips it
        // if already there.
        const { registry, repo: sourceRepo } = this.baseSource(layer);
        await client.pushBlob(repo, {
            digest: layer.digest,
            size: layer.size,
            open: () => {
                const pass = new external_node_stream_.PassThrough();
                this.openLayer(layer).then((stream) => stream.pipe(pass), (error) => pass.destroy(error));
                return pass;
            },
        }, registry === this.registry ? { mountFrom: sourceRepo } : {});
    }
    /** Where a base layer lives: its registry, a client for it, and its repository there. */
    baseSource(layer) {
        if (!layer.from)
            throw new Error(`layer ${layer.digest} has no source`);
        const [registry, ...rest] = layer.from.registryRepo.split('/');
        return { registry: registry, client: this.client(registry), repo: rest.join('/') };
    }
    /** The client for a registry, with that registry's own credentials (if any) and no other's. */
    client(registry) {
        const pushed = registry === this.registry ? this.credentials : undefined;
        return this.clients.get(registry, pushed ?? this.credentialsFor?.(registry));
    }
}
/** The annotations of a manifest: the index carries its images' (the plan's) annotations. */
function manifestAnnotations(manifest) {
    return JSON.parse(manifest.toString('utf8'))
        .annotations;
}
/**
 * Waits for every push, so that nothing is still sending when a failure is reported,
 * then throws the failure of the first (in the order given) that failed.
 */
async function allSettled(pushes) {
    const failed = (await Promise.allSettled(pushes)).find((r) => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}
/** An attestation manifest's blobs (config, statements), then the manifest by its digest. */
async function pushAttestation(client, repo, att) {
    await allSettled([att.config, ...att.statements].map((blob) => client.pushBlob(repo, { digest: blob.digest, size: blob.data.length, open: () => blob.data })));
    await client.putManifest(repo, att.manifestDigest, att.manifest, att.descriptor.mediaType);
}
/**
 * Whether this commit's image was pushed before (its sha-<7> tag exists): a re-run, whose
 * layers the registry most likely has. They are then uploaded once written, checked
 * first, so that an unchanged re-run sends nothing. Unknown counts as pushed before.
 */
async function pushedBefore(client, plan) {
    const tag = plan.tags.find((t) => (0,tag_variant/* isCommitTag */.OU)(t, plan.variant));
    if (tag === undefined)
        return false;
    try {
        return (await client.headManifest(plan.image.path, tag)) !== undefined;
    }
    catch {
        return true;
    }
}
/** The manifest's own mediaType field: what the registry must be told it is. */
function mediaTypeOf(manifest) {
    const { mediaType } = JSON.parse(manifest.toString('utf8'));
    return mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}

// EXTERNAL MODULE: ./src/registry/reference.ts
var registry_reference = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/util/read-limited.ts
var read_limited = __webpack_require__(7709);
// EXTERNAL MODULE: ./src/registry/media-types.ts
var media_types = __webpack_require__(9867);
;// CONCATENATED MODULE: ./src/image/base-image.ts





/**
 * Resolves a FROM image to its config and layer descriptors for one platform,
 * following an image index (manifest list). Layer data is not downloaded; only
 * streamed on demand through openLayer.
 */
async function resolveBaseImage(ref, platform, clientFor) {
    let parsed;
    try {
        parsed = (0,registry_reference/* parseReference */.F2)(ref);
    }
    catch (error) {
        // It names the reference; the builder says where the Dockerfile names it.
        throw new errors/* ActionError */.lZ('build', error.message);
    }
    const client = clientFor(parsed.registry);
    const repo = parsed.path;
    const reference = parsed.digest ?? parsed.tag ?? 'latest';
    let manifest = await client.getManifest(repo, reference);
    let json = JSON.parse(manifest.body.toString('utf8'));
    if (json.manifests) {
        const chosen = pickPlatform(json.manifests, platform);
        if (!chosen) {
            const offered = json.manifests
                .map((m) => (m.platform ? (0,image_platform/* formatPlatform */.Bq)(platformOf(m.platform)) : '?'))
                .join(', ');
            throw new errors/* ActionError */.lZ('build', `The base image ${ref} has no ${(0,image_platform/* formatPlatform */.Bq)(platform)} variant (it offers ${offered}).`, 'Pick another base image or another platform.');
        }
        manifest = await client.getManifest(repo, chosen.digest);
        json = JSON.parse(manifest.body.toString('utf8'));
    }
    if (!json.config || !json.layers) {
        throw new errors/* ActionError */.lZ('build', `The base image ${ref} has an unknown manifest format.`);
    }
    const config = await (0,read_limited/* readLimited */.t)(await client.getBlob(repo, json.config.digest));
    const layers = json.layers.map((l) => ({
        digest: l.digest,
        size: l.size,
        mediaType: l.mediaType ?? media_types/* MEDIA_TYPES */.Z.layerGzip,
    }));
    return {
        config,
        layers,
        registryRepo: `${parsed.registry}/${repo}`,
        manifestDigest: manifest.digest,
        openLayer: (index) => client.getBlob(repo, layers[index].digest),
    };
}
function platformOf(p) {
    const base = { os: p.os ?? '', architecture: p.architecture ?? '' };
    return p.variant ? { ...base, variant: p.variant } : base;
}
/** Docker's platform match: os and architecture equal; variant equal when both give one. */
function pickPlatform(manifests, want) {
    const candidates = manifests.filter((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture);
    return (candidates.find((m) => (0,image_platform/* samePlatform */.my)(platformOf(m.platform), want)) ??
        (want.variant ? undefined : candidates[0]));
}

;// CONCATENATED MODULE: ./src/image/built-image.ts

/**
 * A registry image's layers as built layers: as its registry holds them (digest, size,
 * OCI media type), with their diff_ids from its config, to be mounted or streamed across.
 */
function baseImageLayers(base, diffIds) {
    return base.layers.map((l, i) => ({
        digest: l.digest,
        size: l.size,
        diffId: diffIds[i],
        mediaType: (0,image_image/* ociLayerMediaType */.$9)(l.mediaType),
        from: { registryRepo: base.registryRepo },
    }));
}
/**
 * The image of a config and its layers: the OCI manifest over them (with the plan's
 * annotations), and the digests.
 */
function assembleImage(config, layers, platform, annotations = []) {
    const configDigest = (0,image_image/* sha256Digest */.sI)(config);
    const manifest = (0,image_image/* serializeManifest */.MZ)({ mediaType: image_image/* MEDIA_TYPES */.Z2.config, digest: configDigest, size: config.length }, layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })), Object.fromEntries(annotations));
    return {
        config,
        configDigest,
        manifest,
        manifestDigest: (0,image_image/* sha256Digest */.sI)(manifest),
        layers,
        platform,
    };
}

// EXTERNAL MODULE: ./src/dockerfile/shell-lexer.ts
var shell_lexer = __webpack_require__(3116);
// EXTERNAL MODULE: ./src/dockerfile/located.ts
var located = __webpack_require__(9280);
;// CONCATENATED MODULE: ./src/dockerfile/duration.ts
/**
 * Go's time.ParseDuration, the one parser of durations (HEALTHCHECK's flags, and the
 * image config's health check), in nanoseconds.
 */
const DURATION_UNITS = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    μs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9,
};
/** Go's time.ParseDuration, in nanoseconds (`'1m30s'` → 90e9). Throws on bad input. */
function parseGoDuration(s) {
    const invalid = () => new Error(`time: invalid duration ${JSON.stringify(s)}`);
    let rest = s;
    let sign = 1;
    if (rest.startsWith('-') || rest.startsWith('+')) {
        if (rest.startsWith('-'))
            sign = -1;
        rest = rest.slice(1);
    }
    if (rest === '0')
        return 0;
    if (rest === '')
        throw invalid();
    let total = 0;
    while (rest !== '') {
        const m = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
        if (!m || (m[1] === '' && (m[2] === undefined || m[2] === '')))
            throw invalid();
        const unit = DURATION_UNITS[m[3]];
        if (unit === undefined)
            throw new Error(`time: unknown unit ${JSON.stringify(m[3])} in duration ${JSON.stringify(s)}`);
        const whole = m[1] ? Number(m[1]) : 0;
        const frac = m[2] ? Number(`0.${m[2]}`) : 0;
        total += whole * unit + Math.round(frac * unit);
        rest = rest.slice(m[0].length);
    }
    return sign * total;
}

;// CONCATENATED MODULE: ./src/dockerfile/flags.ts
/**
 * The `--flag` words of an instruction, checked against the flags the instruction
 * declares where it is parsed (BuildKit's BFlags): an unknown flag, a duplicate, a
 * missing value or a bad boolean is an error naming the flag (the caller adds file:line).
 */

/**
 * Parses `words` (`--name=value`, `--name`) against `spec`. A repeatable flag collects
 * every value; the others may be given once.
 */
function parseFlags(keyword, words, spec) {
    const out = {};
    const known = Object.keys(spec);
    const hint = known.length > 0
        ? `${keyword} accepts ${known.map((k) => `--${k}`).join(', ')}.`
        : `${keyword} takes no flags.`;
    for (const word of words) {
        if (!word.startsWith('--'))
            throw new shell_lexer/* Failure */.HR(`Arg should start with -- : ${word}`);
        if (word === '--')
            break;
        let name = word.slice(2);
        let value = '';
        const eq = name.indexOf('=');
        if (eq >= 0) {
            value = name.slice(eq + 1);
            name = name.slice(0, eq);
        }
        const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
        if (kind === undefined)
            throw new shell_lexer/* Failure */.HR(`Unknown flag: ${name}`, hint);
        if (Object.hasOwn(out, name) && kind !== 'strings') {
            throw new shell_lexer/* Failure */.HR(`Duplicate flag specified: ${name}`);
        }
        if (kind === 'bool') {
            if (eq >= 0 && value === '')
                throw new shell_lexer/* Failure */.HR(`Missing a value on flag: ${name}`);
            const lower = value.toLowerCase();
            if (lower !== '' && lower !== 'true' && lower !== 'false') {
                throw new shell_lexer/* Failure */.HR(`Expecting boolean value for flag ${name}, not: ${value}`);
            }
            out[name] = lower !== 'false';
            continue;
        }
        if (eq < 0)
            throw new shell_lexer/* Failure */.HR(`Missing a value on flag: ${name}`);
        if (kind === 'strings')
            (out[name] ??= []).push(value);
        else
            out[name] = value;
    }
    return out;
}
/** No flags: any `--flag` is an error. */
const NO_FLAGS = {};

// EXTERNAL MODULE: ./src/dockerfile/parser.ts
var parser = __webpack_require__(8235);
;// CONCATENATED MODULE: ./src/dockerfile/instructions.ts
/**
 * Typed instructions (BuildKit's frontend/dockerfile/instructions): one type per
 * instruction, with its flags declared where it is parsed (flags.ts) and its arguments
 * given their meaning. parseInstruction checks a raw node (parser.ts) the way Docker
 * checks it; the words stay unexpanded here, resolve.ts expands them.
 */




const INSTRUCTIONS = [
    'ADD',
    'ARG',
    'CMD',
    'COPY',
    'ENTRYPOINT',
    'ENV',
    'EXPOSE',
    'FROM',
    'HEALTHCHECK',
    'LABEL',
    'MAINTAINER',
    'ONBUILD',
    'RUN',
    'SHELL',
    'STOPSIGNAL',
    'USER',
    'VOLUME',
    'WORKDIR',
];
function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}
/**
 * The word is quoted back only when it could be a misspelt instruction: a file that is
 * no Dockerfile at all must not have its first line shown (it may hold anything).
 */
function unknownInstruction(keyword) {
    if (!/^[A-Z]{1,20}$/.test(keyword)) {
        return new shell_lexer/* Failure */.HR('unknown instruction: the line does not start with an instruction name (not shown)', `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}; check that "dockerfile" names a Dockerfile.`);
    }
    const close = INSTRUCTIONS.filter((k) => editDistance(k, keyword) <= 2).sort((a, b) => editDistance(a, keyword) - editDistance(b, keyword))[0];
    const hint = close
        ? `Did you mean ${close}?`
        : `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}.`;
    return new shell_lexer/* Failure */.HR(`unknown instruction: ${keyword}`, hint);
}
function exactlyOne(keyword, args) {
    if (args.length !== 1)
        throw new shell_lexer/* Failure */.HR(`${keyword} requires exactly one argument`);
}
function atLeastOne(keyword, args) {
    if (args.length === 0)
        throw new shell_lexer/* Failure */.HR(`${keyword} requires at least one argument`);
}
function keyValues(keyword, args) {
    atLeastOne(keyword, args);
    if (args.length % 2 !== 0)
        throw new shell_lexer/* Failure */.HR(`Bad input to ${keyword}, too many arguments`);
    for (let i = 0; i < args.length; i += 2) {
        if (args[i] === '')
            throw new shell_lexer/* Failure */.HR(`${keyword} names can not be blank`);
    }
}
/** Non-JSON CMD/ENTRYPOINT/RUN arguments are one string, as Docker keeps them. */
function commandLine(node) {
    const { args, json } = node;
    return { command: args.length === 0 ? [] : json ? args : [args.join(' ')], prependShell: !json };
}
function pairs(args) {
    const out = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
        out.push({ key: args[i], value: args[i + 1] });
    }
    return out;
}
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
function parseFrom(node, base) {
    const args = node.args;
    let stageName;
    if (args.length === 3 && args[1].toLowerCase() === 'as') {
        stageName = args[2].toLowerCase();
        if (!STAGE_NAME.test(stageName)) {
            throw new shell_lexer/* Failure */.HR(`invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`);
        }
    }
    else if (args.length !== 1) {
        throw new shell_lexer/* Failure */.HR('FROM requires either one or three arguments');
    }
    const flags = parseFlags('FROM', node.flagWords, { platform: 'string' });
    const from = { ...base, keyword: 'FROM', base: args[0] };
    if (stageName !== undefined)
        from.stageName = stageName;
    if (flags.platform !== undefined)
        from.platform = flags.platform;
    return from;
}
/** The flags COPY and ADD share. */
const COPY_FLAGS = { chown: 'string', chmod: 'string', link: 'bool', exclude: 'strings' };
/**
 * Sources, heredoc sources, destination (BuildKit's parseSourcesAndDest) and the flags
 * COPY and ADD share, with the instruction's own flags declared in `own`.
 */
function sourcesAndDest(node, base, keyword, own) {
    if (node.args.length < 2) {
        throw new shell_lexer/* Failure */.HR(`${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`);
    }
    const flags = parseFlags(keyword, node.flagWords, { ...COPY_FLAGS, ...own });
    const dest = node.args[node.args.length - 1];
    if ((0,parser/* parseHeredoc */.KK)(dest) !== undefined) {
        throw new shell_lexer/* Failure */.HR(`${keyword} cannot accept a heredoc as a destination`);
    }
    const sources = [];
    const heredocs = [];
    for (const src of node.args.slice(0, -1)) {
        const doc = node.heredocs.length > 0 ? (0,parser/* parseHeredoc */.KK)(src) : undefined;
        if (doc === undefined) {
            sources.push(src);
            continue;
        }
        const body = node.heredocs.find((h) => h.name === doc.name)?.content ?? '';
        // BuildKit's ChompHeredocContent: `<<-` strips the leading tabs of every line.
        const data = doc.chomp ? body.replace(/^\t+/gm, '') : body;
        heredocs.push({ name: doc.name, data, expand: doc.expand });
    }
    const files = {
        ...base,
        sources,
        heredocs,
        dest,
        link: flags.link ?? false,
        exclude: flags.exclude ?? [],
    };
    if (flags.chown !== undefined)
        files.chown = flags.chown;
    if (flags.chmod !== undefined)
        files.chmod = flags.chmod;
    return { files, flags };
}
function parseCopy(node, base) {
    const { files, flags } = sourcesAndDest(node, base, 'COPY', { from: 'string', parents: 'bool' });
    const copy = { ...files, keyword: 'COPY', parents: flags.parents ?? false };
    if (flags.from !== undefined)
        copy.from = flags.from;
    return copy;
}
function parseAdd(node, base) {
    const own = { 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool' };
    const { files, flags } = sourcesAndDest(node, base, 'ADD', own);
    const add = {
        ...files,
        keyword: 'ADD',
        keepGitDir: flags['keep-git-dir'] ?? false,
    };
    if (flags.checksum !== undefined)
        add.checksum = flags.checksum;
    if (flags.unpack !== undefined)
        add.unpack = flags.unpack;
    return add;
}
function parseRun(node, base) {
    const flags = parseFlags('RUN', node.flagWords, {
        mount: 'strings',
        network: 'string',
        security: 'string',
        device: 'strings',
    });
    const run = {
        ...base,
        keyword: 'RUN',
        ...commandLine(node),
        mounts: flags.mount ?? [],
        devices: flags.device ?? [],
        files: node.heredocs,
    };
    if (flags.network !== undefined)
        run.network = flags.network;
    if (flags.security !== undefined)
        run.security = flags.security;
    return run;
}
/** parseOptInterval: a Go duration, 0 when empty, at least 1ms unless 0. */
function interval(name, value) {
    if (value === undefined || value === '')
        return undefined;
    let ns;
    try {
        ns = parseGoDuration(value);
    }
    catch (err) {
        throw new shell_lexer/* Failure */.HR(err.message);
    }
    if (ns !== 0 && ns < 1e6) {
        throw new shell_lexer/* Failure */.HR(`Interval ${JSON.stringify(name)} cannot be less than 1ms`);
    }
    return ns === 0 ? undefined : ns;
}
function parseHealthcheck(node, base) {
    atLeastOne('HEALTHCHECK', node.args);
    const type = node.args[0].toUpperCase();
    const rest = node.args.slice(1);
    if (type === 'NONE') {
        if (rest.length > 0)
            throw new shell_lexer/* Failure */.HR('HEALTHCHECK NONE takes no arguments');
        return { ...base, keyword: 'HEALTHCHECK', test: ['NONE'] };
    }
    const flags = parseFlags('HEALTHCHECK', node.flagWords, {
        interval: 'string',
        timeout: 'string',
        'start-period': 'string',
        'start-interval': 'string',
        retries: 'string',
    });
    if (type !== 'CMD') {
        throw new shell_lexer/* Failure */.HR(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
    }
    const { command } = commandLine({ ...node, args: rest });
    if (command.length === 0)
        throw new shell_lexer/* Failure */.HR('Missing command after HEALTHCHECK CMD');
    const hc = {
        ...base,
        keyword: 'HEALTHCHECK',
        test: [node.json ? 'CMD' : 'CMD-SHELL', ...command],
    };
    const durations = [
        ['interval', 'interval'],
        ['timeout', 'timeout'],
        ['startPeriod', 'start-period'],
        ['startInterval', 'start-interval'],
    ];
    for (const [field, flag] of durations) {
        const ns = interval(flag, flags[flag]);
        if (ns !== undefined)
            hc[field] = ns;
    }
    const retries = flags.retries;
    if (retries !== undefined && retries !== '') {
        if (!/^[+-]?\d+$/.test(retries) || Math.abs(Number(retries)) > 2 ** 31 - 1) {
            throw new shell_lexer/* Failure */.HR(`strconv.ParseInt: parsing ${JSON.stringify(retries)}: invalid syntax`);
        }
        if (Number(retries) < 0)
            throw new shell_lexer/* Failure */.HR(`--retries cannot be negative (${Number(retries)})`);
        if (Number(retries) !== 0)
            hc.retries = Number(retries);
    }
    return hc;
}
function parseOnbuild(node, base) {
    atLeastOne('ONBUILD', node.args);
    parseFlags('ONBUILD', node.flagWords, NO_FLAGS);
    const trigger = (0,shell_lexer/* trimSpace */.Pd)(node.args[0]).toUpperCase();
    if (trigger === 'ONBUILD') {
        throw new shell_lexer/* Failure */.HR("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    }
    if (trigger === 'MAINTAINER' || trigger === 'FROM') {
        throw new shell_lexer/* Failure */.HR(`${trigger} isn't allowed as an ONBUILD trigger`);
    }
    const expression = (0,shell_lexer/* trimSpace */.Pd)(node.original).replace(/^\s*ONBUILD\s*/i, '');
    return { ...base, keyword: 'ONBUILD', expression };
}
function parseArg(node, base) {
    atLeastOne('ARG', node.args);
    const args = node.args.map((word) => {
        const eq = word.indexOf('=');
        if (eq < 0)
            return { name: word };
        if (eq === 0)
            throw new shell_lexer/* Failure */.HR('ARG names can not be blank');
        return { name: word.slice(0, eq), value: word.slice(eq + 1) };
    });
    return { ...base, keyword: 'ARG', args };
}
/** The instructions with one argument and no flag of their own. */
function parseSingle(node, base) {
    const { keyword } = node;
    if (!['MAINTAINER', 'WORKDIR', 'USER', 'STOPSIGNAL'].includes(keyword))
        return undefined;
    exactlyOne(keyword, node.args);
    // BuildKit does not look at STOPSIGNAL's flags.
    if (keyword !== 'STOPSIGNAL')
        parseFlags(keyword, node.flagWords, NO_FLAGS);
    const value = node.args[0];
    switch (keyword) {
        case 'MAINTAINER':
            return { ...base, keyword, maintainer: value };
        case 'WORKDIR':
            return { ...base, keyword, path: value };
        case 'USER':
            return { ...base, keyword, user: value };
        default:
            return { ...base, keyword: 'STOPSIGNAL', signal: value };
    }
}
/** A raw node as a typed instruction, checked as BuildKit's ParseInstruction checks it. */
function parseInstruction(node) {
    const { keyword } = node;
    const base = {
        line: node.line,
        endLine: node.endLine,
        raw: (0,shell_lexer/* trimSpace */.Pd)(node.original),
    };
    const single = parseSingle(node, base);
    if (single)
        return single;
    switch (keyword) {
        case 'ENV':
        case 'LABEL':
            parseFlags(keyword, node.flagWords, NO_FLAGS);
            keyValues(keyword, node.args);
            return keyword === 'ENV'
                ? { ...base, keyword, env: pairs(node.args) }
                : { ...base, keyword, labels: pairs(node.args) };
        case 'ADD':
            return parseAdd(node, base);
        case 'COPY':
            return parseCopy(node, base);
        case 'FROM':
            return parseFrom(node, base);
        case 'ONBUILD':
            return parseOnbuild(node, base);
        case 'RUN':
            return parseRun(node, base);
        case 'CMD':
        case 'ENTRYPOINT':
            parseFlags(keyword, node.flagWords, NO_FLAGS);
            return { ...base, keyword, ...commandLine(node) };
        case 'SHELL':
            parseFlags(keyword, node.flagWords, NO_FLAGS);
            atLeastOne(keyword, node.args);
            if (!node.json)
                throw new shell_lexer/* Failure */.HR('SHELL requires the arguments to be in JSON form');
            return { ...base, keyword, shell: node.args };
        case 'HEALTHCHECK':
            return parseHealthcheck(node, base);
        case 'EXPOSE':
            atLeastOne(keyword, node.args);
            parseFlags(keyword, node.flagWords, NO_FLAGS);
            return { ...base, keyword, ports: node.args };
        case 'VOLUME': {
            atLeastOne(keyword, node.args);
            parseFlags(keyword, node.flagWords, NO_FLAGS);
            const paths = node.args.map((v) => (0,shell_lexer/* trimSpace */.Pd)(v));
            if (paths.includes(''))
                throw new shell_lexer/* Failure */.HR('VOLUME specified can not be an empty string');
            return { ...base, keyword, paths };
        }
        case 'ARG':
            return parseArg(node, base);
        default:
            throw unknownInstruction(keyword);
    }
}

;// CONCATENATED MODULE: ./src/dockerfile/platform-args.ts
/**
 * The predefined platform ARGs (BUILDPLATFORM, TARGETPLATFORM, ...) as BuildKit's
 * getPlatformArgs sets them: the build platform is the host, the target the requested
 * platform, both normalised like containerd's platforms package.
 */

/** The predefined platform ARGs, with build-arg overrides (BuildKit's getPlatformArgs). */
function platformArgs(buildArgs, platform) {
    const build = (0,image_platform/* hostPlatform */.ol)();
    const targetSpec = platform ?? (Object.hasOwn(buildArgs, 'TARGETPLATFORM') ? buildArgs.TARGETPLATFORM : undefined);
    const target = targetSpec ? (0,image_platform/* normalizePlatform */.FL)(targetSpec, build) : build;
    const args = new Map([
        ['BUILDPLATFORM', (0,image_platform/* formatPlatform */.Bq)(build)],
        ['BUILDOS', build.os],
        ['BUILDARCH', build.architecture],
        ['BUILDVARIANT', build.variant ?? ''],
        ['TARGETPLATFORM', (0,image_platform/* formatPlatform */.Bq)(target)],
        ['TARGETOS', target.os],
        ['TARGETARCH', target.architecture],
        ['TARGETVARIANT', target.variant ?? ''],
    ]);
    for (const key of args.keys()) {
        if (Object.hasOwn(buildArgs, key))
            args.set(key, buildArgs[key]);
    }
    return args;
}

;// CONCATENATED MODULE: ./src/dockerfile/resolve.ts
/**
 * ARG/ENV scoping and expansion (BuildKit's dockerfile2llb): the instructions grouped in
 * stages, global ARGs for FROM only, ARGs redeclared in a stage, build-arg overrides, the
 * predefined platform ARGs, and ENV/ARG substitution in the instructions where Docker
 * substitutes (ADD COPY ENV EXPOSE LABEL STOPSIGNAL USER VOLUME WORKDIR, heredoc bodies of
 * COPY/ADD with an unquoted name, FROM with the global ARGs).
 *
 * Expansion errors (`${X:?}`) in stages that the build does not need are not reported,
 * as in BuildKit, which only dispatches the stages the target needs.
 */





const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** ARGs BuildKit never puts in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);
function envEntries(env) {
    if (Array.isArray(env)) {
        return env.map((kv) => {
            const eq = kv.indexOf('=');
            return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
        });
    }
    return Object.entries(env);
}
/** Index of a stage by name: the last stage with that name (BuildKit's findStateByName). */
function stageByName(stages, name, before) {
    const lower = name.toLowerCase();
    const end = before ?? stages.length;
    for (let i = end - 1; i >= 0; i--) {
        const s = stages[i];
        const stageName = 'commands' in s ? s.from.stageName : s.name;
        if (stageName !== undefined && stageName === lower)
            return i;
    }
    return undefined;
}
function copyFromIndex(from, stages) {
    if (/^[+-]?\d+$/.test(from)) {
        const index = Number(from);
        return index >= 0 && index < stages.length ? index : 'invalid';
    }
    return stageByName(stages, from);
}
/**
 * Parses a Dockerfile and resolves it to stages of instructions with the
 * variables expanded as Docker expands them. Throws a LocatedError (located.ts) for anything Docker rejects.
 */
function parseDockerfile(text, file, buildArgs, options = {}) {
    const { nodes, directives } = typeof text === 'string' ? (0,parser/* parseAST */.Qn)(text, file) : text.ast(file);
    const { metaArgs, rawStages } = groupStages(nodes.map((node) => {
        try {
            return parseInstruction(node);
        }
        catch (err) {
            throw (0,located/* locate */.x5)(err, { file, line: node.line });
        }
    }), file);
    const scope = {
        file,
        escape: directives.escape,
        buildArgs,
        meta: platformArgs(buildArgs, options.platform),
    };
    const globalArgs = resolveGlobalArgs(metaArgs, scope);
    // FROM lines are expanded with the global scope, for every stage.
    const stages = rawStages.map((raw, index) => stageOf(raw, index, rawStages, scope));
    addTriggers(rawStages, stages, options, file);
    const fromStages = copyFromStages(rawStages, file, directives.escape);
    const needed = reachable(stages, fromStages, targetIndex(stages, options.target, file));
    dispatchStages(rawStages, stages, fromStages, needed, scope, options);
    return {
        file,
        directives: { ...directives.values },
        directiveLines: { ...directives.lines },
        escape: directives.escape,
        globalArgs,
        stages,
    };
}
/** The ARGs before the first FROM, added to the global scope with the values FROM sees. */
function resolveGlobalArgs(metaArgs, scope) {
    const { meta, buildArgs } = scope;
    const metaLookup = (0,shell_lexer/* mapLookup */.rE)(meta);
    const globalArgs = [];
    for (const cmd of metaArgs) {
        for (const def of cmd.args) {
            let value = def.value;
            if (Object.hasOwn(buildArgs, def.name)) {
                value = buildArgs[def.name];
            }
            else if (value !== undefined) {
                try {
                    value = (0,shell_lexer/* lex */.Ii)(value, metaLookup, { escape: scope.escape }).result;
                }
                catch (err) {
                    throw (0,located/* locate */.x5)(err, { file: scope.file, line: cmd.line });
                }
            }
            if (value !== undefined)
                meta.set(def.name, value);
            globalArgs.push(value === undefined ? { name: def.name } : { name: def.name, value });
        }
    }
    return globalArgs;
}
/** A stage from its FROM, expanded with the global scope. */
function stageOf(raw, index, rawStages, scope) {
    const { file, escape } = scope;
    const metaLookup = (0,shell_lexer/* mapLookup */.rE)(scope.meta);
    const line = raw.from.line;
    const baseWord = raw.from.base;
    let base;
    try {
        base = (0,shell_lexer/* lex */.Ii)(baseWord, metaLookup, { escape }).result;
    }
    catch (err) {
        throw (0,located/* locate */.x5)(err, { file, line });
    }
    if (base === '') {
        throw new located/* LocatedError */.BU({ file, line }, `base name (${baseWord}) should not be blank`, 'Give the ARG used in FROM a default value or pass it as a build argument.');
    }
    const stage = { index, base, instructions: [], line, baseEnvKnown: true };
    if (raw.from.stageName !== undefined)
        stage.name = raw.from.stageName;
    const platformWord = raw.from.platform;
    if (platformWord !== undefined) {
        try {
            const res = (0,shell_lexer/* lex */.Ii)(platformWord, metaLookup, { escape });
            stage.platform = res.result;
            if (res.unmatched.size > 0)
                stage.platformUnsetVars = [...res.unmatched];
        }
        catch (err) {
            throw (0,located/* locate */.x5)(err, { file, line });
        }
    }
    // BuildKit resolves `FROM a AS a` to the stage itself and refuses the cycle.
    if (raw.from.stageName !== undefined && base.toLowerCase() === raw.from.stageName) {
        throw new located/* LocatedError */.BU({ file, line }, `circular dependency detected on stage: ${raw.from.stageName}`, 'Name the stage differently from the image it starts from.');
    }
    const baseStage = stageByName(rawStages, base, index);
    if (baseStage !== undefined)
        stage.baseStage = baseStage;
    return stage;
}
/**
 * The ONBUILD triggers of each stage's registry base image, parsed as BuildKit does (one
 * instruction each, at the stage's FROM line) and put before the stage's own instructions.
 */
function addTriggers(rawStages, stages, o, file) {
    if (o.baseImageTriggers === undefined)
        return;
    rawStages.forEach((raw, index) => {
        const stage = stages[index];
        if (stage.baseStage !== undefined || stage.base.toLowerCase() === 'scratch')
            return;
        const triggers = o.baseImageTriggers(stage.base, stage.platform) ?? [];
        raw.commands.unshift(...triggers.map((trigger) => parseTrigger(trigger, stage, file)));
    });
}
/** One ONBUILD trigger of a stage's base image as an instruction of the stage. */
function parseTrigger(trigger, stage, file) {
    let nodes;
    try {
        ({ nodes } = (0,parser/* parseAST */.Qn)(trigger, file));
    }
    catch (err) {
        // The trigger's lines are not the Dockerfile's: what fails in it is at the FROM.
        if (!(err instanceof located/* LocatedError */.BU))
            throw err;
        throw new located/* LocatedError */.BU({ file, line: stage.line }, err.detail, err.hint, { cause: err });
    }
    const node = nodes[0];
    if (nodes.length !== 1 || node === undefined) {
        throw new located/* LocatedError */.BU({ file, line: stage.line }, 'onbuild trigger should be a single expression');
    }
    let ins;
    try {
        ins = parseInstruction({ ...node, line: stage.line, endLine: stage.line });
    }
    catch (err) {
        throw (0,located/* locate */.x5)(err, { file, line: stage.line });
    }
    // BuildKit's ParseCommand: FROM starts a stage, it is no command.
    if (ins.keyword === 'FROM') {
        throw new located/* LocatedError */.BU({ file, line: stage.line }, `the ONBUILD trigger ${JSON.stringify(trigger)} is no command`);
    }
    return { ...ins, triggerOf: stage.base };
}
/**
 * The stage each COPY --from names, per stage and instruction. A variable in `--from` is
 * refused in every stage, built or not, as current BuildKit refuses it (that of Docker
 * 20.10 took `${SRC}` for an image name, and failed on it).
 */
function copyFromStages(rawStages, file, escape) {
    return rawStages.map((raw) => raw.commands.map((cmd) => {
        const from = cmd.keyword === 'COPY' ? cmd.from : undefined;
        if (from === undefined || from === '')
            return undefined;
        if (!isLiteral(from, escape)) {
            throw new located/* LocatedError */.BU({ file, line: cmd.line }, `variable expansion is not supported for --from (--from=${from})`, 'Declare the ARG before the first FROM, start a stage FROM it (FROM ${SRC} AS src) and copy --from=src.');
        }
        const index = copyFromIndex(from, rawStages);
        if (index === 'invalid') {
            throw new located/* LocatedError */.BU({ file, line: cmd.line }, `invalid stage index ${from}`);
        }
        return index;
    }));
}
/** Expands the instructions of every stage, in order; errors count in needed stages only. */
function dispatchStages(rawStages, stages, fromStages, needed, scope, options) {
    const { file } = scope;
    const states = [];
    rawStages.forEach((raw, index) => {
        const stage = stages[index];
        const strict = needed.has(index);
        const state = initialState(stage, states, options);
        stage.baseEnvKnown = state.known;
        raw.commands.forEach((cmd, i) => {
            const fromStage = fromStages[index]?.[i];
            if (strict && fromStage !== undefined && fromStage >= index) {
                const other = stages[fromStage];
                throw new located/* LocatedError */.BU({ file, line: cmd.line }, `cannot copy from stage ${JSON.stringify(other.name ?? String(fromStage))}, it needs to be defined before current stage ${JSON.stringify(stage.name ?? `stage-${index}`)}`);
            }
            let ins;
            try {
                ins = expandInstruction(cmd, state, scope);
            }
            catch (err) {
                // A stage over a base image whose environment is not known yet is checked again
                // by the build, with that environment: `${X:?}` may be set there.
                if (strict && state.known)
                    throw (0,located/* locate */.x5)(err, { file, line: cmd.line });
                ins = cmd;
            }
            if (fromStage !== undefined && ins.keyword === 'COPY')
                ins.fromStage = fromStage;
            stage.instructions.push(ins);
        });
        states.push(state);
    });
}
/** Whether a word is the same expanded (BuildKit's check of `--from`): no variable, quote or escape. */
function isLiteral(word, escape) {
    try {
        return (0,shell_lexer/* lex */.Ii)(word, () => undefined, { escape }).result === word;
    }
    catch {
        return false;
    }
}
function targetIndex(stages, target, file) {
    if (target === undefined || target === '')
        return stages.length - 1;
    const index = stageByName(stages, target);
    if (index === undefined) {
        const names = stages.flatMap((s) => (s.name ? [s.name] : []));
        throw new located/* LocatedError */.BU({ file }, `target stage ${JSON.stringify(target)} could not be found`, names.length > 0 ? `Stages: ${names.join(', ')}.` : 'The Dockerfile has no named stages.');
    }
    return index;
}
function reachable(stages, fromStages, target) {
    const seen = new Set();
    const visit = (i) => {
        if (seen.has(i))
            return;
        seen.add(i);
        const stage = stages[i];
        if (stage?.baseStage !== undefined)
            visit(stage.baseStage);
        for (const from of fromStages[i] ?? [])
            if (from !== undefined)
                visit(from);
    };
    visit(target);
    return seen;
}
function initialState(stage, states, options) {
    if (stage.baseStage !== undefined) {
        // FROM an earlier stage: its environment, then its image ENV on top
        const parent = states[stage.baseStage];
        const env = new Map(parent.env);
        for (const [k, v] of parent.imageEnv)
            env.set(k, v);
        return { env, imageEnv: new Map(parent.imageEnv), known: parent.known };
    }
    if (stage.base === 'scratch') {
        const imageEnv = new Map([['PATH', DEFAULT_PATH]]);
        return { env: new Map(imageEnv), imageEnv, known: true };
    }
    const supplied = options.baseImageEnv?.(stage.base, stage.platform);
    if (supplied === undefined) {
        return { env: new Map(), imageEnv: new Map(), known: false };
    }
    const imageEnv = new Map(envEntries(supplied));
    if (!imageEnv.has('PATH'))
        imageEnv.set('PATH', DEFAULT_PATH);
    return { env: new Map(imageEnv), imageEnv, known: true };
}
/** Instructions in stages: ARGs before the first FROM are the global ones. */
function groupStages(list, file) {
    const metaArgs = [];
    const rawStages = [];
    for (const ins of list) {
        if (ins.keyword === 'FROM') {
            rawStages.push({ from: ins, commands: [] });
        }
        else if (rawStages.length === 0) {
            if (ins.keyword !== 'ARG') {
                throw new located/* LocatedError */.BU({ file, line: ins.line }, `no build stage in current context: ${ins.keyword} before the first FROM`, 'Only ARG instructions may come before the first FROM.');
            }
            metaArgs.push(ins);
        }
        else {
            rawStages[rawStages.length - 1].commands.push(ins);
        }
    }
    if (rawStages.length === 0) {
        throw new located/* LocatedError */.BU({ file, line: list[0]?.line ?? 1 }, 'dockerfile contains no stages to build: no FROM instruction', 'Start the build stage with FROM <image> (or FROM scratch).');
    }
    return { metaArgs, rawStages };
}
/** ARG in a stage: the build-arg, else the default expanded, else the global value. */
function resolveArgs(ins, state, buildArgs, meta, expand) {
    return ins.args.map((def) => {
        let value = def.value;
        if (Object.hasOwn(buildArgs, def.name))
            value = buildArgs[def.name];
        else if (value !== undefined)
            value = expand(value);
        else if (meta.has(def.name))
            value = meta.get(def.name);
        if (value !== undefined && !NON_ENV_ARGS.has(def.name))
            state.env.set(def.name, value);
        return value === undefined ? { name: def.name } : { name: def.name, value };
    });
}
/**
 * The instruction with its words expanded where Docker expands them, against the
 * environment before it (`ENV a=1 b=$a`: `$a` is the old a); ARG and ENV update it.
 */
function expandInstruction(ins, state, scope) {
    const { buildArgs, meta, escape } = scope;
    const unset = new Set();
    const lookup = (0,shell_lexer/* mapLookup */.rE)(new Map(state.env));
    const run = (w, l, opts) => {
        const res = (0,shell_lexer/* lex */.Ii)(w, l, opts);
        for (const name of res.unmatched)
            unset.add(name);
        return res;
    };
    const word = (w) => run(w, lookup, { escape }).result;
    const out = expandWords(ins, word, (w) => run(w, lookup, { escape }).words, (w) => 
    // BuildKit expands a heredoc body with a `\` lexer that keeps quotes (ExpandRaw).
    run(w, lookup, { escape: '\\', rawQuotes: true }).result);
    if (out.keyword === 'ARG') {
        out.args = resolveArgs(ins, state, buildArgs, meta, (w) => run(w, (0,shell_lexer/* mapLookup */.rE)(state.env), { escape }).result);
    }
    if (out.keyword === 'ENV') {
        for (const { key, value } of out.env) {
            state.env.set(key, value);
            state.imageEnv.set(key, value);
        }
    }
    if (unset.size > 0)
        out.unsetVars = [...unset];
    return out;
}
/** A copy of the instruction with the words Docker expands expanded. */
function expandWords(ins, word, words, body) {
    const kv = (list) => list.map(({ key, value }) => ({ key: word(key), value: word(value) }));
    switch (ins.keyword) {
        case 'ENV':
            return { ...ins, env: kv(ins.env) };
        case 'LABEL':
            return { ...ins, labels: kv(ins.labels) };
        case 'COPY':
        case 'ADD': {
            const out = {
                ...ins,
                sources: ins.sources.map(word),
                dest: word(ins.dest),
                heredocs: ins.heredocs.map((h) => (h.expand ? { ...h, data: body(h.data) } : { ...h })),
            };
            if (out.chown !== undefined)
                out.chown = word(out.chown);
            if (out.chmod !== undefined)
                out.chmod = word(out.chmod);
            if (out.keyword === 'ADD' && out.checksum !== undefined)
                out.checksum = word(out.checksum);
            return out;
        }
        case 'WORKDIR':
            return { ...ins, path: word(ins.path) };
        case 'USER':
            return { ...ins, user: word(ins.user) };
        case 'STOPSIGNAL':
            return { ...ins, signal: word(ins.signal) };
        case 'VOLUME':
            return { ...ins, paths: ins.paths.map(word) };
        case 'EXPOSE':
            return { ...ins, ports: ins.ports.flatMap(words) };
        default:
            return { ...ins };
    }
}

;// CONCATENATED MODULE: ./src/dockerfile/images.ts
/** The registry images the needed stages start from or copy from, in order. */
function imageRefs(df, needed) {
    const out = [];
    for (const index of needed) {
        const stage = df.stages[index];
        if (stage.baseStage === undefined && stage.base.toLowerCase() !== 'scratch') {
            out.push({
                ref: stage.base,
                platform: stage.platform,
                line: stage.line,
                what: `FROM ${stage.base}`,
            });
        }
        for (const ins of stage.instructions) {
            const from = copiedImage(ins);
            if (from === undefined)
                continue;
            out.push({ ref: from, platform: undefined, line: ins.line, what: `COPY --from=${from}` });
        }
    }
    return out;
}
/** The image a COPY --from names when it is not a stage (BuildKit pulls it). */
function copiedImage(ins) {
    if (ins.keyword !== 'COPY' || ins.from === undefined || ins.from === '')
        return undefined;
    return ins.fromStage === undefined ? ins.from : undefined;
}

// EXTERNAL MODULE: ./src/dockerfile/source.ts
var source = __webpack_require__(4625);
;// CONCATENATED MODULE: ./src/dockerfile/support.ts

/**
 * The image the target stage (default: the last) finally starts from, following stages
 * built on stages; undefined for `scratch`.
 */
function finalBaseImage(df, target) {
    let stage = df.stages[targetIndex(df.stages, target, df.file)];
    const seen = new Set();
    while (stage?.baseStage !== undefined && !seen.has(stage.index)) {
        seen.add(stage.index);
        stage = df.stages[stage.baseStage];
    }
    if (!stage || stage.base.toLowerCase() === 'scratch')
        return undefined;
    return stage.base;
}
/** Indexes (ascending) of the stages needed to build `target` (default: the last stage). */
function neededStages(df, target) {
    const fromStages = df.stages.map((s) => s.instructions.map((i) => (i.keyword === 'COPY' ? i.fromStage : undefined)));
    const set = reachable(df.stages, fromStages, targetIndex(df.stages, target, df.file));
    return [...set].sort((a, b) => a - b);
}
/** `# syntax=` images that are Docker's own Dockerfile frontend. */
const STOCK_FRONTEND = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::[\w][\w.-]*)?(?:@sha256:[a-f0-9]{64})?$/;
function isRemoteSource(src) {
    return (/^(?:https?|git|ssh):\/\//i.test(src) || /^git@/.test(src) || src.startsWith('github.com/'));
}
function addReason(ins, stage) {
    if (ins.checksum !== undefined)
        return 'ADD --checksum verifies a remote source, which needs the engine';
    if (ins.keepGitDir)
        return 'ADD --keep-git-dir applies to git sources, which need the engine';
    if (ins.unpack !== undefined)
        return 'ADD --unpack (explicit archive extraction control) is not implemented';
    const remote = ins.sources.find(isRemoteSource);
    if (remote !== undefined)
        return `ADD of a remote source (${remote}) needs the engine to fetch it`;
    // A source made of a variable the base image may set could name a URL: only the build,
    // with the base image's environment, can tell.
    const unresolved = ins.sources.some((s) => s.includes('$'));
    if (!stage.baseEnvKnown && (unresolved || (ins.unsetVars ?? []).length > 0)) {
        const vars = (ins.unsetVars ?? []).map((v) => `$${v}`).join(', ') || 'variables';
        return `ADD uses ${vars}, which may come from the environment of base image ${stage.base} and name a remote source`;
    }
    return undefined;
}
function unsupportedReason(ins, stage) {
    switch (ins.keyword) {
        case 'RUN':
            if (ins.triggerOf !== undefined) {
                return `the base image ${ins.triggerOf} has the ONBUILD trigger \`${ins.raw}\`, which executes a command in a container`;
            }
            return 'RUN executes a command in a container, which needs a container engine';
        case 'COPY':
            if (ins.parents)
                return 'COPY --parents (keeping the source parent directories) is not implemented';
            if (ins.exclude.length > 0)
                return 'COPY --exclude patterns are not implemented';
            if (ins.fromStage !== undefined && ins.fromStage >= stage.index)
                return `COPY --from=${ins.from} names a stage defined later`;
            return undefined;
        case 'ADD':
            if (ins.exclude.length > 0)
                return 'ADD --exclude patterns are not implemented';
            return addReason(ins, stage);
        default:
            // Variables a registry base image may set are resolved by the build itself, which
            // reads the base image's config first (ENV PATH=$PATH:/x, ${NOT_IN_BASE:-default}).
            return undefined;
    }
}
/**
 * The first instruction, in the stages the target needs, that the native builder
 * cannot carry out; undefined when it can build the whole target.
 */
function unsupportedInNative(df, target) {
    const syntax = df.directives.syntax;
    if (syntax !== undefined && !STOCK_FRONTEND.test(syntax.split(/\s/)[0] ?? '')) {
        return {
            file: df.file,
            line: df.directiveLines.syntax ?? 1,
            instruction: '# syntax',
            reason: `the Dockerfile selects the frontend ${syntax}, whose semantics only the engine knows`,
        };
    }
    for (const index of neededStages(df, target)) {
        const stage = df.stages[index];
        if (stage.platformUnsetVars && stage.platformUnsetVars.length > 0) {
            const vars = stage.platformUnsetVars.map((v) => `$${v}`).join(', ');
            return {
                file: df.file,
                line: stage.line,
                instruction: 'FROM',
                reason: `FROM --platform uses ${vars}, which is not set`,
            };
        }
        for (const ins of stage.instructions) {
            const reason = unsupportedReason(ins, stage) ?? onbuildInheritedReason(ins, stage, df, target);
            if (reason !== undefined) {
                return { file: df.file, line: ins.line, instruction: ins.keyword, reason };
            }
        }
    }
    return undefined;
}
/** ONBUILD in a stage that a later needed stage starts FROM: BuildKit runs it there. */
function onbuildInheritedReason(ins, stage, df, target) {
    if (ins.keyword !== 'ONBUILD')
        return undefined;
    const child = neededStages(df, target).find((i) => df.stages[i]?.baseStage === stage.index);
    if (child === undefined)
        return undefined;
    return `stage ${df.stages[child].name ?? child} starts FROM this stage, where its ONBUILD triggers would run`;
}

;// CONCATENATED MODULE: ./src/dockerfile/dockerfile.ts
/**
 * The Dockerfile frontend of the native builder, modelled on BuildKit's
 * frontend/dockerfile so that a Dockerfile means the same thing here as under
 * `docker build`:
 *
 * - parser.ts: lines, continuations, directives, heredocs → raw nodes;
 * - flags.ts and instructions.ts: typed instructions, their flags declared where each
 *   is parsed;
 * - resolve.ts: stages, ARG/ENV scoping and expansion;
 * - images.ts: the registry images a build reads (FROM, COPY --from);
 * - support.ts: what the native builder can build, with file:line reasons;
 * - located.ts: the error at a place of the Dockerfile, attached once;
 * - duration.ts, platform-args.ts, shell-lexer.ts: Go durations, the platform ARGs,
 *   the shell lexer.
 *
 * This module is the frontend's public surface.
 */








;// CONCATENATED MODULE: ./src/image/config.ts
/**
 * The image config: its types, the config of an image FROM scratch, a base image's
 * config as read, and the config serialized as BuildKit writes it (compact JSON, the
 * top-level keys in byte order since BuildKit re-marshals it through a map, struct
 * fields in the order of the Go types).
 */

/** Docker's default PATH for Linux images (system.DefaultPathEnv). */
const config_DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** `created` timestamps: seconds since 1970, as Go's time.Time marshals in UTC. */
function epochToCreated(epoch) {
    return new Date(epoch * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
/** The config of an image `FROM scratch` (BuildKit's emptyImage). */
function scratchConfig(platform) {
    return {
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        config: { Env: [`PATH=${config_DEFAULT_PATH}`], WorkingDir: '/' },
        rootfs: { type: 'layers', diff_ids: [] },
        history: [],
    };
}
/**
 * Reads a base image's config, keeping only the fields an image config has (the legacy
 * `container_config`, `container`, `docker_version`... are dropped, as BuildKit does).
 */
function parseImageConfig(raw) {
    let v;
    try {
        v = JSON.parse(raw.toString());
    }
    catch (err) {
        throw new Error(`The base image config is not JSON: ${err.message}`);
    }
    const o = obj(v) ?? {};
    const rootfs = obj(o['rootfs']) ?? {};
    const config = readContainerConfig(obj(o['config']) ?? {});
    const history = readHistory(o['history']);
    const img = {
        architecture: str(o['architecture']) ?? '',
        os: str(o['os']) ?? '',
        config,
        rootfs: {
            type: 'layers',
            diff_ids: (strList(rootfs['diff_ids']) ?? []).slice(),
        },
        history,
    };
    if (str(o['variant']))
        img.variant = str(o['variant']);
    if (str(o['os.version']))
        img['os.version'] = str(o['os.version']);
    const features = strList(o['os.features']);
    if (features && features.length > 0)
        img['os.features'] = features;
    if (str(o['author']))
        img.author = str(o['author']);
    return img;
}
/** The `config` object of a base image's config, its known fields only. */
function readContainerConfig(c) {
    const config = {};
    const user = str(c['User']);
    if (user)
        config.User = user;
    const ports = setMap(c['ExposedPorts']);
    if (ports)
        config.ExposedPorts = ports;
    const env = strList(c['Env']);
    if (env)
        config.Env = env;
    const entrypoint = strList(c['Entrypoint']);
    if (entrypoint)
        config.Entrypoint = entrypoint;
    const cmd = strList(c['Cmd']);
    if (cmd)
        config.Cmd = cmd;
    const volumes = setMap(c['Volumes']);
    if (volumes)
        config.Volumes = volumes;
    const wd = str(c['WorkingDir']);
    if (wd)
        config.WorkingDir = wd;
    const labels = obj(c['Labels']);
    if (labels) {
        config.Labels = {};
        for (const [k, lv] of Object.entries(labels))
            if (typeof lv === 'string')
                config.Labels[k] = lv;
    }
    const stop = str(c['StopSignal']);
    if (stop)
        config.StopSignal = stop;
    if (c['ArgsEscaped'] === true)
        config.ArgsEscaped = true;
    const hc = obj(c['Healthcheck']);
    if (hc) {
        const h = {};
        const test = strList(hc['Test']);
        if (test)
            h.Test = test;
        for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries']) {
            const n = hc[k];
            if (typeof n === 'number' && n !== 0)
                h[k] = n;
        }
        config.Healthcheck = h;
    }
    const onbuild = strList(c['OnBuild']);
    if (onbuild && onbuild.length > 0)
        config.OnBuild = onbuild;
    const shell = strList(c['Shell']);
    if (shell && shell.length > 0)
        config.Shell = shell;
    return config;
}
function readHistory(list) {
    const history = [];
    if (Array.isArray(list)) {
        for (const h of list) {
            const e = obj(h) ?? {};
            const entry = {};
            if (str(e['created']))
                entry.created = str(e['created']);
            if (str(e['created_by']))
                entry.created_by = str(e['created_by']);
            if (str(e['author']))
                entry.author = str(e['author']);
            if (str(e['comment']))
                entry.comment = str(e['comment']);
            if (e['empty_layer'] === true)
                entry.empty_layer = true;
            history.push(entry);
        }
    }
    return history;
}
function nonEmpty(list) {
    return list && list.length > 0 ? list : undefined;
}
/** The config JSON in BuildKit's layout. */
function serializeConfig(img) {
    const c = img.config;
    const hc = c.Healthcheck;
    const config = {
        User: c.User || undefined,
        ExposedPorts: c.ExposedPorts && Object.keys(c.ExposedPorts).length > 0
            ? (0,go_format/* jsonMap */.vM)(c.ExposedPorts)
            : undefined,
        Env: nonEmpty(c.Env),
        Entrypoint: nonEmpty(c.Entrypoint),
        Cmd: nonEmpty(c.Cmd),
        Volumes: c.Volumes && Object.keys(c.Volumes).length > 0 ? (0,go_format/* jsonMap */.vM)(c.Volumes) : undefined,
        WorkingDir: c.WorkingDir || undefined,
        Labels: c.Labels && Object.keys(c.Labels).length > 0 ? (0,go_format/* jsonMap */.vM)(c.Labels) : undefined,
        StopSignal: c.StopSignal || undefined,
        ArgsEscaped: c.ArgsEscaped ? true : undefined,
        Healthcheck: hc
            ? {
                Test: nonEmpty(hc.Test),
                Interval: hc.Interval || undefined,
                Timeout: hc.Timeout || undefined,
                StartPeriod: hc.StartPeriod || undefined,
                StartInterval: hc.StartInterval || undefined,
                Retries: hc.Retries || undefined,
            }
            : undefined,
        OnBuild: nonEmpty(c.OnBuild),
        Shell: nonEmpty(c.Shell),
    };
    const history = img.history.map((h) => ({
        created: h.created || undefined,
        created_by: h.created_by || undefined,
        author: h.author || undefined,
        comment: h.comment || undefined,
        empty_layer: h.empty_layer ? true : undefined,
    }));
    // Top-level keys in byte order, as BuildKit writes them.
    const top = {
        architecture: img.architecture,
        author: img.author || undefined,
        config,
        created: img.created || undefined,
        history,
        os: img.os,
        'os.features': nonEmpty(img['os.features']),
        'os.version': img['os.version'] || undefined,
        rootfs: { type: 'layers', diff_ids: img.rootfs.diff_ids },
        variant: img.variant || undefined,
    };
    return Buffer.from((0,go_format/* goJson */.Pl)(top), 'utf8');
}
function obj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? v
        : undefined;
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function strList(v) {
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v] : undefined;
}
function setMap(v) {
    const o = obj(v);
    if (!o || Object.keys(o).length === 0)
        return undefined;
    const out = {};
    for (const k of Object.keys(o))
        out[k] = {};
    return out;
}

;// CONCATENATED MODULE: ./src/builders/docker/base-layers.ts





/** The registry image the Dockerfile's target finally starts from; undefined for scratch. */
function dockerfileBase(plan, dockerfiles = new source.DockerfileReader()) {
    const parsed = parseDockerfile(dockerfiles.read(plan.dockerfile), (0,external_node_path_.basename)(plan.dockerfile), Object.fromEntries(plan.buildArgs), { target: plan.target || undefined });
    return finalBaseImage(parsed, plan.target || undefined);
}
/**
 * The base image's layers as its registry holds them (digest, size, media type), keyed
 * by diff_id: an engine image built on it reuses them as they are (mounted or streamed
 * across when pushed) instead of compressing them again under new digests.
 */
async function baseLayers(ref, platform, clientFor) {
    const base = await resolveBaseImage(ref, platform, clientFor);
    const diffIds = parseImageConfig(base.config).rootfs.diff_ids;
    const layers = new Map();
    // A config that lists fewer diff_ids than the manifest has layers: only those it names.
    for (const layer of baseImageLayers(base, diffIds).slice(0, diffIds.length)) {
        layers.set(layer.diffId, layer);
    }
    return layers;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/util/child-env.ts
var child_env = __webpack_require__(4132);
;// CONCATENATED MODULE: ./src/builders/docker/cli.ts



/** A docker call whose output is taken whole once it ends (docker image inspect). */
async function docker(host, args, call = {}) {
    try {
        // Loaded on first use: a run with the native builder never needs it at start-up.
        const { getExecOutput } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2876));
        if (!call.silent)
            host.io.childOutput(`[command]docker ${args.join(' ')}\n`, 'stdout');
        // Its output goes to the run's Io, never to this process's standard output.
        const show = (stream) => (chunk) => {
            if (!call.silent)
                host.io.childOutput(chunk, stream);
        };
        const result = await getExecOutput('docker', args, {
            env: (0,child_env/* childEnv */.g)(host.env, call.env),
            silent: true,
            ignoreReturnCode: true,
            listeners: { stdout: show('stdout'), stderr: show('stderr') },
        });
        return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    }
    catch (error) {
        return { code: 127, stdout: '', stderr: `${error.message}\n` };
    }
}
/**
 * docker build, its output into the log as it comes. Spawned, not run through
 * @actions/exec: it runs in a process group of its own (docker with its buildx plugin),
 * which a cancellation or the post step must be able to stop. Its output is shown,
 * never read for what to act on: a RUN step can print anything.
 */
async function dockerBuild(host, args, call = {}) {
    // The command line holds user values (build-args): foreign text, like docker's output.
    if (!call.silent)
        host.io.childOutput(`[command]docker ${args.join(' ')}\n`, 'stdout');
    const child = (0,core_leftovers.spawnGroup)(host.io, 'docker', args, {
        env: (0,child_env/* childEnv */.g)(host.env, call.env),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    child.stdout.on('data', (chunk) => {
        out.push(chunk);
        if (!call.silent)
            host.io.childOutput(chunk, 'stdout');
    });
    const result = await finished(host, child, call);
    return { ...result, stdout: Buffer.concat(out).toString('utf8') };
}
/** Waits for a docker child that was spawned with piped stderr; stderr goes to the log. */
function finished(host, child, call) {
    const err = [];
    child.stderr.on('data', (chunk) => {
        err.push(chunk);
        if (!call.silent)
            host.io.childOutput(chunk, 'stderr');
    });
    return new Promise((resolve) => {
        child.on('error', (e) => {
            err.push(Buffer.from(`${e.message}\n`));
            resolve({ code: 127, stderr: Buffer.concat(err).toString('utf8') });
        });
        child.on('close', (code) => resolve({ code: code ?? 1, stderr: Buffer.concat(err).toString('utf8') }));
    });
}
const MEANINGFUL = /error|denied|unauthorized|failed|unexpected|status|EOF|timeout|toomanyrequests|refused|reset|stopped/i;
/**
 * The line of docker's output that says what went wrong: docker reports failures on
 * stderr, so its last meaningful line there, else its last line there, else stdout's.
 */
function errorLine(result) {
    const lines = (text) => text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
    const err = lines(result.stderr);
    const out = lines(result.stdout);
    return (err.filter((l) => MEANINGFUL.test(l)).pop() ??
        err.pop() ??
        out.filter((l) => MEANINGFUL.test(l)).pop() ??
        out.pop() ??
        `docker exited with code ${result.code}`);
}
/**
 * A docker call whose standard output is data, not text (docker save): `consume` reads
 * it as a stream while docker writes it. Spawned, not run through @actions/exec, which
 * hands output over only in pieces to listeners. docker is stopped if `consume` fails.
 */
async function dockerStream(host, args, call, consume) {
    if (!call.silent)
        host.io.childOutput(`[command]docker ${args.join(' ')}\n`, 'stdout');
    const child = (0,external_node_child_process_.spawn)('docker', args, {
        env: (0,child_env/* childEnv */.g)(host.env, call.env),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = finished(host, child, call);
    let value;
    let error;
    try {
        value = await consume(child.stdout);
    }
    catch (caught) {
        error = caught;
        child.kill('SIGKILL');
    }
    const { code, stderr } = await exited;
    return { code, stdout: '', stderr, value, error };
}

;// CONCATENATED MODULE: ./src/builders/docker/build-errors.ts




const ENGINE_DOWN = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;
/** A client newer than 20.10 asked for BuildKit without the buildx plugin. */
const NO_BUILDX = /BuildKit is enabled but the buildx component is missing/;
/** What the kernel says when it cannot run a program of another architecture. */
const FOREIGN_EXEC = /exec format error/i;
/** A registry refused the engine an image (BuildKit's words, then the legacy builder's). */
const PULL_DENIED = /pull access denied|may require authorization|may require 'docker login'|failed to authorize|no basic auth credentials/i;
/**
 * Why `docker build` failed, worded for the user. `platform` is the one asked for
 * (undefined: the runner's own), so that a foreign RUN step without QEMU says so; `pulls`
 * what the engine's pulls had, so that a refused pull says which credentials to give.
 */
function buildError(result, platform, pulls) {
    const signal = (0,core_leftovers.cancellation)();
    if (signal) {
        return new errors/* ActionError */.lZ('build', `docker build was stopped: the step was cancelled (${signal}).`);
    }
    const output = `${result.stderr}\n${result.stdout}`;
    if (ENGINE_DOWN.test(output)) {
        return new errors/* ActionError */.lZ('build', `No Docker engine answers: ${errorLine(result)}`, 'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.');
    }
    if (NO_BUILDX.test(result.stderr)) {
        return new errors/* ActionError */.lZ('build', `docker build failed: ${errorLine(result)}`, 'DOCKER_BUILDKIT=1 asks this docker client for BuildKit, which it reaches only through the buildx plugin: add docker/setup-buildx-action before this step, or leave DOCKER_BUILDKIT unset.');
    }
    const host = (0,image_platform/* hostPlatform */.ol)();
    if (platform && !(0,image_platform/* samePlatform */.my)((0,image_platform/* parsePlatform */.Y8)(platform), host) && FOREIGN_EXEC.test(output)) {
        return new errors/* ActionError */.lZ('build', `docker build for ${platform} failed: a RUN step's program is for ${platform}, which this ${(0,image_platform/* formatPlatform */.Bq)(host)} runner cannot run without QEMU (exec format error).`, 'Register QEMU with binfmt_misc before this step (docker/setup-qemu-action, or apt-get install qemu-user-static), or build each platform on a runner of its own (platform-tags).');
    }
    const what = platform ? `docker build for ${platform}` : 'docker build';
    if (PULL_DENIED.test(output)) {
        return new errors/* ActionError */.lZ('build', `${what} failed: ${errorLine(result)}`, (w) => pullHint(pulls?.withoutCredentials, w));
    }
    return new errors/* ActionError */.lZ('build', `${what} failed: ${errorLine(result)}`, 'Fix the Dockerfile or the build context; the log above shows the failing step.');
}
/** What to do when a registry refused the engine a base image. */
function pullHint(withoutCredentials, w) {
    const [auth, user, password] = ['registry-auth', 'username', 'password'].map((n) => w.setting(n));
    if (withoutCredentials === undefined || withoutCredentials.length === 0) {
        return `Check the image names of FROM and COPY --from, and that the credentials given for their registries in ${auth} (or ${user} and ${password}, for the registry pushed to) may read them.`;
    }
    const lines = withoutCredentials.map((host) => `${host}=<username>:<token>`).join(', ');
    return `If a base image is private, give the engine credentials for its registry: a line ${lines} in ${auth} (or ${user} and ${password} when it is the registry pushed to).`;
}

;// CONCATENATED MODULE: ./src/builders/docker/build-secrets.ts



/**
 * Writes each secret to a file of its own, readable by this user only (0600, in a 0700
 * directory inside `dir`, which the post step removes should this step be killed), for
 * BuildKit's `--secret id=…,src=…`: the value never goes on docker's command line, into
 * its environment, or into the image.
 */
function writeSecretFiles(dir, secrets) {
    if (secrets.length === 0)
        return { args: [], remove: () => undefined };
    const secretDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(dir, 'secrets-'));
    const remove = () => (0,external_node_fs_.rmSync)(secretDir, { recursive: true, force: true });
    try {
        const args = [];
        for (const [i, [id, value]] of secrets.entries()) {
            const file = (0,external_node_path_.join)(secretDir, String(i));
            (0,external_node_fs_.writeFileSync)(file, value, { mode: 0o600, flag: 'wx' });
            // docker reads --secret as CSV: a quoted field keeps a comma in the path.
            args.push('--secret', `id=${id},"src=${file.replaceAll('"', '""')}"`);
        }
        return { args, remove };
    }
    catch (error) {
        remove();
        throw error;
    }
}
/** The legacy builder has no secret mounts: refused before it builds without them. */
function secretsNeedBuildKit() {
    return new errors/* ActionError */.lZ('build', 'The secrets input needs BuildKit, and docker build would use the legacy builder here, which has no secret mounts (RUN --mount=type=secret).', 'Set DOCKER_BUILDKIT=1 with a docker client that has BuildKit built in (Docker 20.10), or add docker/setup-buildx-action before this step.');
}

;// CONCATENATED MODULE: ./src/builders/docker/registry-cache.ts


/**
 * docker build's arguments for the registry cache: the inline cache written, and read
 * from the tags this push moves (the branch's tag, latest, the release line's), which
 * name the previous build until it is pushed; `latest` too, for a first push of a branch.
 */
function cacheArgs(plan) {
    const args = ['--build-arg', 'BUILDKIT_INLINE_CACHE=1'];
    const refs = plan.tags
        .filter((tag) => !(0,tag_variant/* isCommitTag */.OU)(tag, plan.variant))
        .map((tag) => (0,registry_reference/* formatReference */.FH)(plan.image, tag));
    const latest = (0,registry_reference/* formatReference */.FH)(plan.image, 'latest');
    if (!plan.platformTags && !refs.includes(latest))
        refs.push(latest);
    for (const ref of refs)
        args.push('--cache-from', ref);
    return args;
}
/**
 * The steps BuildKit took from its cache, as its plain progress output names them
 * (`#7 [2/3] RUN make`, then `#7 CACHED`); internal steps and base images left out.
 */
function cachedSteps(output) {
    const names = new Map();
    const cached = [];
    for (const line of output.split('\n')) {
        const named = /^#(\d+) (\[.+)$/.exec(line.trim());
        if (named && !names.has(named[1]))
            names.set(named[1], named[2]);
        const hit = /^#(\d+) CACHED$/.exec(line.trim());
        const name = hit ? names.get(hit[1]) : undefined;
        if (!name || /^\[(internal|[^\]]+\] FROM )/.test(name) || cached.includes(name))
            continue;
        cached.push(name);
    }
    return cached;
}

;// CONCATENATED MODULE: ./src/builders/docker/engine-logins.ts
/**
 * The credentials the Docker engine's own pulls get (FROM, COPY --from of an image, the
 * `# syntax` frontend, the registry cache): those this run has for each registry the
 * build may pull from, given to one docker call through a DOCKER_CONFIG of its own
 * (0700, its config.json 0600, in the builder's scratch directory, which the post step
 * removes should the step be killed), removed as that call ends. Both the BuildKit
 * session (which answers the engine's credential requests from the client's config) and
 * the legacy builder (whose client sends every login of the config with the build) read
 * it. The user's ~/.docker is never written.
 */








/** The images the build reads (its bases first), with this build's arguments, target, platform. */
function readImages(plan, platform, text, triggers) {
    const target = plan.target || undefined;
    const buildArgs = Object.fromEntries(plan.buildArgs);
    const df = parseDockerfile(text, (0,external_node_path_.basename)(plan.dockerfile), buildArgs, {
        target,
        platform,
        ...(triggers ? { baseImageTriggers: (image) => triggers(image) } : {}),
    });
    const images = imageRefs(df, neededStages(df, target));
    const all = images.map((image) => image.ref);
    if (df.directives.syntax)
        all.push(df.directives.syntax);
    const bases = images.filter((image) => image.what.startsWith('FROM ')).map((i) => i.ref);
    return { bases, all };
}
/**
 * The registries the Dockerfile's build pulls from: the images its needed stages start
 * FROM or `COPY --from` (those of the base images' ONBUILD triggers too, given
 * `triggers`), and its `# syntax` frontend, with the build arguments, target and
 * platform of this build. Undefined when the Dockerfile cannot tell (it does not parse
 * here, or an image is no valid reference, say an ARG left unset).
 */
function pulledRegistries(plan, platform, text, triggers) {
    try {
        const { all } = readImages(plan, platform, text, triggers);
        return new Set(all.map((ref) => (0,registry_reference/* parseReference */.F2)(ref).registry));
    }
    catch {
        return undefined;
    }
}
/** How long the base images' ONBUILD triggers are looked for in their registries. */
const TRIGGER_LOOKUP_MS = 15_000;
/**
 * The registries the engine build pulls from, the base images' ONBUILD triggers
 * included. Those are read from the base images' registries (bounded in time, best
 * effort) only while one of `withCredentials` (the registries that get credentials only
 * if pulled from) is not among the Dockerfile's own: only then could they change what
 * the engine gets.
 */
async function enginePulls(plan, platform, withCredentials, clientFor, 
/** The run's Dockerfiles (read and parsed once per run). */
dockerfiles = new source.DockerfileReader()) {
    let text;
    try {
        text = dockerfiles.read(plan.dockerfile);
    }
    catch {
        return undefined; // docker build says what is wrong with it
    }
    const pulled = pulledRegistries(plan, platform, text);
    if (!pulled || withCredentials.every((host) => pulled.has(host)))
        return pulled;
    const target = platform ? (0,image_platform/* parsePlatform */.Y8)(platform) : (0,image_platform/* hostPlatform */.ol)();
    const triggers = new Map();
    await Promise.all(readImages(plan, platform, text).bases.map(async (ref) => {
        try {
            const base = await bounded(resolveBaseImage(ref, target, clientFor), TRIGGER_LOOKUP_MS);
            const onBuild = parseImageConfig(base.config).config?.OnBuild ?? [];
            if (onBuild.length > 0)
                triggers.set(ref, onBuild);
        }
        catch {
            // not read: the engine reads it, and says why it cannot
        }
    }));
    if (triggers.size === 0)
        return pulled;
    const withTriggers = pulledRegistries(plan, platform, text, (image) => triggers.get(image));
    return new Set([...pulled, ...(withTriggers ?? [])]);
}
/**
 * The logins for one engine build: each registry it pulls from that this run has
 * credentials for (every such registry when the pulls are not known), and the registry
 * pushed to when the build reads the cache from it.
 */
function engineLogins(credentialsFor, pulled, cacheFrom) {
    const logins = new Map();
    if (!credentialsFor)
        return logins;
    const hosts = pulled ? [...pulled] : [...(credentialsFor.registries ?? [])];
    if (cacheFrom !== undefined)
        hosts.push(cacheFrom);
    for (const host of hosts) {
        const key = (0,registry_reference/* normalizeRegistry */.l5)(host);
        const credentials = logins.has(key) ? undefined : credentialsFor(key);
        if (credentials)
            logins.set(key, credentials);
    }
    return logins;
}
/** The key docker's config.json gives a registry: Docker Hub's is its old index URL. */
function authKey(registry) {
    return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}
/**
 * A docker configuration directory in `dir` (0700; config.json 0600) that is the user's
 * own (its plugins, builders, contexts and other logins, linked) plus this run's
 * credentials for each registry of `logins`. The user's ~/.docker is never written.
 */
function configWithCredentials(dir, logins, userDir) {
    const configDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(dir, 'docker-config-'));
    const remove = () => (0,external_node_fs_.rmSync)(configDir, { recursive: true, force: true });
    try {
        let config = {};
        if ((0,external_node_fs_.existsSync)(userDir)) {
            for (const entry of (0,external_node_fs_.readdirSync)(userDir)) {
                if (entry !== 'config.json')
                    (0,external_node_fs_.symlinkSync)((0,external_node_path_.join)(userDir, entry), (0,external_node_path_.join)(configDir, entry));
            }
            const userConfig = (0,external_node_path_.join)(userDir, 'config.json');
            if ((0,external_node_fs_.existsSync)(userConfig))
                config = JSON.parse((0,external_node_fs_.readFileSync)(userConfig, 'utf8'));
        }
        const auths = { ...(config.auths ?? {}) };
        const helpers = { ...(config.credHelpers ?? {}) };
        for (const [registry, { username, password }] of logins) {
            const key = authKey(registry);
            auths[key] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
            // A credential helper named for this registry would be asked instead of auths.
            delete helpers[key];
            delete helpers[registry];
        }
        // A credential store is asked for every registry, auths ignored: left out, so that
        // the logins it holds are not used by this one build (those in auths are).
        const ours = { ...config, auths, credHelpers: helpers };
        delete ours.credsStore;
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(configDir, 'config.json'), JSON.stringify(ours), {
            mode: 0o600,
            flag: 'wx',
        });
        return { env: { DOCKER_CONFIG: configDir }, remove };
    }
    catch (error) {
        remove();
        throw error;
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/builders/docker/config.ts



/**
 * Docker runs with the user's own configuration: a `docker login` done earlier in the
 * workflow serves the build's base images, as with a `run: docker build` step. The
 * action's credentials never go to docker: our registry client pushes, in memory.
 */
/** The user's docker configuration directory, as docker finds it. */
function userDockerConfig(env) {
    return env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker');
}
/** Where docker looks for CLI plugins, the user's own first. */
function pluginDirs(configDir) {
    return [
        (0,external_node_path_.join)(configDir, 'cli-plugins'),
        '/usr/local/lib/docker/cli-plugins',
        '/usr/local/libexec/docker/cli-plugins',
        '/usr/lib/docker/cli-plugins',
        '/usr/libexec/docker/cli-plugins',
    ];
}
/** Whether docker has the buildx plugin, without starting docker to ask. */
function hasBuildx(configDir) {
    return pluginDirs(configDir).some((dir) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'docker-buildx')));
}

// EXTERNAL MODULE: ./src/layers/feed-tar.ts
var feed_tar = __webpack_require__(1402);
// EXTERNAL MODULE: ./src/layers/tar-extract.ts
var tar_extract = __webpack_require__(6669);
;// CONCATENATED MODULE: ./src/builders/docker/saved-index.ts
/**
 * The image of `docker save`'s OCI layout found through index.json, for when its
 * manifest.json does not name exactly one: the containerd image store writes
 * manifest.json for the engine's own platform only, so an image built for another
 * platform is named by index.json alone (an index, then the image manifests and the
 * attestation manifests BuildKit adds).
 */


const INDEXES = [media_types/* MEDIA_TYPES */.Z.index, media_types/* MEDIA_TYPES */.Z.dockerManifestList];
const MANIFESTS = [media_types/* MEDIA_TYPES */.Z.manifest, media_types/* MEDIA_TYPES */.Z.dockerManifest];
/** How deep indexes may nest (index.json, the image's index, ...). */
const MAX_DEPTH = 4;
/**
 * The one image manifest of the layout for `platform` (any, when undefined), as the
 * paths of its config and layers; `kept` holds the archive's small files by path.
 */
function imageFromIndex(kept, platform) {
    const index = kept.get('index.json');
    if (!index)
        throw new Error('docker save: the archive has no manifest.json and no index.json');
    const found = imageDescriptors(readJson(index, 'index.json'), kept, 0, new Set()).filter((d) => platform === undefined || d.platform === undefined || matches(d, platform));
    // One image however often it is named (once per name of the image, in index.json).
    const images = [...new Map(found.map((d) => [d.digest, d])).values()];
    if (images.length !== 1) {
        throw new Error(`docker save: expected one image${platform ? ` for ${(0,image_platform/* formatPlatform */.Bq)(platform)}` : ''} in index.json, found ${images.length}`);
    }
    const path = saved_index_blobPath(images[0].digest);
    const manifest = readJson(kept.get(path), path);
    if (!manifest.config || !Array.isArray(manifest.layers)) {
        throw new Error(`docker save: the manifest ${path} has no config or layers`);
    }
    return {
        config: saved_index_blobPath(manifest.config.digest),
        layers: manifest.layers.map((layer) => saved_index_blobPath(layer.digest)),
    };
}
/**
 * The image manifests an index names, through nested indexes; attestations left out.
 * Each nested index is read once (`read`): one named again adds nothing.
 */
function imageDescriptors(index, kept, depth, read) {
    if (depth > MAX_DEPTH)
        throw new Error('docker save: index.json nests too deep');
    const manifests = index.manifests;
    if (!Array.isArray(manifests))
        return [];
    return manifests.flatMap((d) => {
        if (INDEXES.includes(d.mediaType ?? '')) {
            const path = saved_index_blobPath(d.digest);
            if (read.has(path))
                return [];
            read.add(path);
            return imageDescriptors(readJson(kept.get(path), path), kept, depth + 1, read);
        }
        const attestation = d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
            (d.platform?.os === 'unknown' && d.platform?.architecture === 'unknown');
        return MANIFESTS.includes(d.mediaType ?? '') && !attestation ? [d] : [];
    });
}
function matches(d, platform) {
    const { os, architecture, variant } = d.platform ?? {};
    if (!os || !architecture)
        return false;
    return (0,image_platform/* samePlatform */.my)((0,image_platform/* parsePlatform */.Y8)(`${os}/${architecture}${variant ? `/${variant}` : ''}`), platform);
}
/** The archive path of a blob, from its digest (anything else is refused). */
function saved_index_blobPath(digest) {
    const hex = /^sha256:([0-9a-f]{64})$/.exec(digest ?? '')?.[1];
    if (hex === undefined) {
        throw new Error(`docker save: index.json names a blob by ${JSON.stringify(digest)}`);
    }
    return `blobs/sha256/${hex}`;
}
function readJson(data, path) {
    if (!data)
        throw new Error(`docker save: ${path} is missing`);
    try {
        return JSON.parse(data.toString('utf8'));
    }
    catch {
        throw new Error(`docker save: ${path} is not JSON`);
    }
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
;// CONCATENATED MODULE: ./src/image/attestations/layer-follower.ts
/**
 * The files of a layer read while its tar is being written (by the native builder) or
 * read (from `docker save`), so that the SBOM need not decompress the layer again once
 * it is pushed. Should the reader stop (a tar it cannot read, a hard link into a lower
 * layer), the bytes go on alone and the contents are undefined or say so: the SBOM
 * then reads the layer from its blob.
 */



/** A tar from elsewhere (docker save), its bytes parsed again as they pass. */
class LayerFollower {
    copy = new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    stopped = false;
    contents;
    constructor() {
        this.contents = (0,image_files/* readLayerTar */.dA)(this.copy, '', new Map()).then((read) => read, () => undefined);
        void this.contents.then(() => {
            this.stopped = true;
            this.copy.destroy();
        });
    }
    /**
     * The next bytes of the tar, read later: the caller must not change them (a writer
     * that reuses its buffer passes a copy).
     */
    async write(chunk) {
        if (this.stopped || chunk.length === 0)
            return;
        if (!this.copy.write(chunk)) {
            await Promise.race([(0,external_node_events_.once)(this.copy, 'drain').catch(() => undefined), this.contents]);
        }
    }
    /** The tar has ended. */
    end() {
        if (!this.stopped)
            this.copy.end();
    }
    /** The tar was not written to its end: no contents (safe after end()). */
    abort() {
        if (!this.copy.writableEnded)
            this.copy.destroy();
    }
}
/** The tar types of the entries the native builder writes. */
const TAR_TYPES = { file: 'file', dir: 'directory', symlink: 'symlink', link: 'link' };
/**
 * A layer the native builder writes, told entry by entry: its files hashed as they are
 * read into the tar, which is neither copied nor parsed again.
 */
class EntryFollower {
    reader = new image_files/* LayerReader */.fP('', new Map());
    settle;
    contents = new Promise((resolve) => {
        this.settle = resolve;
    });
    entry(entry, size) {
        return this.reader.entry(`/${entry.path}`, TAR_TYPES[entry.type], entry.linkname ?? '', size);
    }
    /** The layer was written to its end. */
    end() {
        this.settle(this.reader.contents());
    }
    /** The layer was not written: no contents (the SBOM reads the blob, if there is one). */
    abort() {
        this.settle(undefined);
    }
}

;// CONCATENATED MODULE: ./src/layers/live-layer.ts
/**
 * A layer while it is being written: how far its compressed file has got, its bytes read
 * back from that file as they are written (for an upload that goes on while the layer is
 * compressed), and the finished layer. Reading from the file, not from memory, keeps the
 * memory flat whichever of compression and upload is the faster, and leaves the bytes on
 * disk for an upload that has to start again.
 */



/** Bytes read from the file at a time. */
const READ_SIZE = 256 * 1024;
class LiveLayer {
    /** The file being written: the partial file, then the blob once in place. */
    path;
    written = 0;
    done = false;
    failure;
    waiting = [];
    /** The finished layer, or why it could not be written. */
    result;
    settle;
    constructor() {
        this.result = new Promise((resolve, reject) => {
            this.settle = { resolve, reject };
        });
        // Awaited by whoever uploads the layer, or never (no push).
        this.result.catch(() => undefined);
    }
    /** The writer opened its file. */
    begin(path) {
        this.path = path;
    }
    /** The writer put `bytes` more bytes in the file. */
    wrote(bytes) {
        this.written += bytes;
        this.wake();
    }
    /** The layer is written. */
    end(blob) {
        this.path = blob.path;
        this.written = blob.size;
        this.done = true;
        this.settle.resolve(blob);
        this.wake();
    }
    fail(err) {
        this.failure = err;
        this.done = true;
        this.settle.reject(err);
        this.wake();
    }
    /** True once `bytes` bytes are written; false when the layer ends (or fails) short of them. */
    async reached(bytes) {
        while (this.written < bytes && !this.done)
            await this.change();
        return this.written >= bytes && this.failure === undefined;
    }
    /** The layer as a blob whose bytes can be read while they are written. */
    growing() {
        const finished = this.result.then((blob) => ({
            digest: blob.digest,
            size: blob.size,
            open: () => (0,external_node_fs_.createReadStream)(blob.path),
        }));
        // A failed layer is reported by the build; its upload may never look.
        finished.catch(() => undefined);
        return { open: () => new TailReader(this), finished };
    }
    /** Where the bytes stand: the file, how many are in it, whether that is all. */
    state() {
        return { path: this.path, written: this.written, done: this.done, failure: this.failure };
    }
    /** Resolves at the next write, end or failure. */
    change() {
        return new Promise((resolve) => this.waiting.push(resolve));
    }
    wake() {
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting)
            resolve();
    }
}
/** The layer's file from its first byte, read as it grows, ending with the layer. */
class TailReader extends external_node_stream_.Readable {
    layer;
    handle;
    position = 0;
    reading = false;
    constructor(layer) {
        super({ highWaterMark: READ_SIZE });
        this.layer = layer;
    }
    _read() {
        if (this.reading)
            return;
        this.reading = true;
        this.next().then((chunk) => {
            this.reading = false;
            if (!this.destroyed)
                this.push(chunk);
        }, (err) => this.destroy(err));
    }
    /** The next bytes written, waiting for them if need be; null at the end. */
    async next() {
        for (;;) {
            const { written, done, failure } = this.layer.state();
            if (failure !== undefined)
                throw failure;
            if (this.position < written)
                break;
            if (done)
                return null;
            await this.layer.change();
            if (this.destroyed)
                return null;
        }
        const handle = await this.opened();
        const wanted = Math.min(READ_SIZE, this.layer.state().written - this.position);
        const buffer = Buffer.allocUnsafe(wanted);
        const { bytesRead } = await handle.read(buffer, 0, wanted, this.position);
        if (bytesRead === 0)
            throw new Error('the layer file ended before the bytes written to it');
        this.position += bytesRead;
        return bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead);
    }
    /** The file, opened once: the partial file, or the blob if it was moved into place since. */
    async opened() {
        if (this.handle !== undefined)
            return this.handle;
        const first = this.layer.state().path;
        try {
            if (first === undefined)
                throw Object.assign(new Error('no file yet'), { code: 'ENOENT' });
            this.handle = await (0,promises_.open)(first, 'r');
        }
        catch (err) {
            if (err.code !== 'ENOENT')
                throw err;
            // Moved into place (or removed, when the layer failed) between two looks.
            const blob = await this.layer.result;
            this.handle = await (0,promises_.open)(blob.path, 'r');
        }
        if (this.destroyed) {
            await this.close();
            throw new Error('closed');
        }
        return this.handle;
    }
    async close() {
        const handle = this.handle;
        this.handle = undefined;
        await handle?.close().catch(() => undefined);
    }
    _destroy(err, callback) {
        this.close().then(() => callback(err), () => callback(err));
    }
}

// EXTERNAL MODULE: ./src/layers/compression.ts
var layers_compression = __webpack_require__(472);
// EXTERNAL MODULE: ./src/layers/decompress.ts
var decompress = __webpack_require__(2348);
;// CONCATENATED MODULE: ./src/layers/blob-file.ts
/**
 * A layer blob's file: written under a temporary name, moved into place under its
 * digest once complete, and a LiveLayer told how it went.
 */

/** Runs `write`, telling `live` (if any) how it ended: the blob, or why it failed. */
async function following(live, write) {
    if (live === undefined)
        return write();
    try {
        const blob = await write();
        live.end(blob);
        return blob;
    }
    catch (err) {
        live.fail(err);
        throw err;
    }
}
/** Writes every byte of `data`, in order. */
async function writeAll(handle, data) {
    const total = data.reduce((n, chunk) => n + chunk.length, 0);
    if (total === 0)
        return;
    const { bytesWritten } = await handle.writev(data);
    if (bytesWritten === total)
        return;
    // A short write (rare on a regular file): the rest, in order.
    const rest = Buffer.concat(data).subarray(bytesWritten);
    for (let offset = 0; offset < rest.length;) {
        const written = await handle.write(rest, offset, rest.length - offset);
        offset += written.bytesWritten;
    }
}
/** Moves a finished blob file to its name. */
async function moveIntoPlace(from, to) {
    try {
        await (0,promises_.rename)(from, to);
    }
    catch (err) {
        // Another call wrote the same blob (same digest, same bytes) and it may be open
        // for upload, which some systems refuse to replace: keep the one already there.
        const existing = await (0,promises_.stat)(to).catch(() => undefined);
        if (existing === undefined)
            throw err;
    }
}

;// CONCATENATED MODULE: ./src/layers/stored-layer.ts
/**
 * A layer that comes compressed already (`docker save` of the containerd image store
 * keeps each layer as it was built or pulled): its blob is written as it is, so that
 * its digest stays the one the engine gave it and nothing is compressed again, and it
 * is decompressed on the way for its diff_id and for whoever reads its tar (the SBOM).
 */








/** Whether a compression the first bytes say is one a layer blob may have. */
function isStoredCompression(format) {
    return format !== undefined && Object.hasOwn(layers_compression/* COMPRESSIONS */._7, format);
}
/** Writes `blob` (compressed with `format`) as a layer; `live` follows the file. */
function storeCompressedLayer(blob, format, options, live) {
    return following(live, () => writeStored(blob, format, options, live));
}
async function writeStored(blob, format, options, live) {
    await (0,promises_.mkdir)(options.tmpDir, { recursive: true });
    const partial = external_node_path_default().join(options.tmpDir, `layer-${(0,external_node_crypto_.randomUUID)()}.partial`);
    const blobHash = (0,external_node_crypto_.createHash)('sha256');
    const raw = new external_node_stream_.PassThrough();
    const tar = readTar(raw, options.observe);
    // Awaited below, or after the copy failed: never left to reject unhandled.
    tar.diffId.catch(() => undefined);
    let size = 0;
    const handle = await (0,promises_.open)(partial, 'wx');
    live?.begin(partial);
    try {
        for await (const chunk of blob) {
            blobHash.update(chunk);
            size += chunk.length;
            await writeAll(handle, [chunk]);
            live?.wrote(chunk.length);
            // Once the tar has ended, what follows only goes to the file (and the digest).
            if (!tar.ended() && !raw.write(chunk)) {
                await Promise.race([(0,external_node_events_.once)(raw, 'drain'), tar.diffId]);
            }
        }
        raw.end();
        const diffId = await tar.diffId;
        await handle.close();
        const hex = blobHash.digest('hex');
        const final = external_node_path_default().join(options.tmpDir, `sha256-${hex}${layers_compression/* COMPRESSIONS */._7[format].extension}`);
        await moveIntoPlace(partial, final);
        return {
            digest: `sha256:${hex}`,
            diffId,
            size,
            path: final,
            mediaType: layers_compression/* COMPRESSIONS */._7[format].mediaType,
        };
    }
    catch (error) {
        raw.destroy();
        await tar.diffId.catch(() => undefined);
        throw error;
    }
    finally {
        await handle.close().catch(() => undefined);
        await (0,promises_.rm)(partial, { force: true });
    }
}
/** The tar that `raw` decompresses to: its diff_id, each piece shown to `observe`. */
function readTar(raw, observe) {
    let ended = false;
    const diffId = (async () => {
        try {
            const hash = (0,external_node_crypto_.createHash)('sha256');
            const d = await (0,decompress/* decompress */.mF)(raw);
            d.finished.catch(() => undefined);
            for await (const chunk of d.output) {
                hash.update(chunk);
                if (observe)
                    await observe(chunk);
            }
            await d.finished;
            return `sha256:${hash.digest('hex')}`;
        }
        finally {
            ended = true;
        }
    })();
    return { diffId, ended: () => ended };
}

;// CONCATENATED MODULE: ./src/layers/segment-writer.ts

/**
 * Size of the pieces of the tar compressed independently. Fixed: the output depends
 * on it, so it must not depend on the machine. A power of two: each zstd frame then
 * ends where the output buffers of Node's zstd decoder do, which it needs to go on to
 * the next frame (it takes the end of a frame that leaves room in its buffer for the
 * end of the stream).
 */
const SEGMENT_SIZE = 1024 * 1024;
/** The first buffer of a layer's first segment; it grows as the layer does. */
const FIRST_BUFFER = 16 * 1024;
/**
 * Cuts the tar into segments, compresses up to `concurrency` of them at a time and
 * writes the results in order. Segment buffers are reused once written: the memory
 * held is about `concurrency` segments, whatever the size of the layer.
 */
class SegmentWriter {
    codec;
    concurrency;
    tarHash;
    write;
    segmentSize;
    free = [];
    current;
    filled = 0;
    /** The end of the last segment cut: the next one's deflate dictionary. */
    dictionary;
    inFlight = [];
    constructor(codec, concurrency, 
    /** Sees the tar, segment by segment: the diff_id. */
    tarHash, write, segmentSize = SEGMENT_SIZE) {
        this.codec = codec;
        this.concurrency = concurrency;
        this.tarHash = tarHash;
        this.write = write;
        this.segmentSize = segmentSize;
        // Small at first: a layer of a few bytes must not cost a whole segment of memory
        // (thousands of those make the garbage collector's work grow with the square).
        this.current = Buffer.allocUnsafe(Math.min(segmentSize, FIRST_BUFFER));
    }
    /** Room left in the current segment's buffer, grown up to the segment size first. */
    room() {
        if (this.filled === this.current.length && this.current.length < this.segmentSize) {
            const grown = Buffer.allocUnsafe(Math.min(this.segmentSize, this.current.length * 4));
            this.current.copy(grown, 0, 0, this.filled);
            this.current = grown;
        }
        return this.current.length - this.filled;
    }
    /**
     * Appends up to `size` bytes of a file, read into the segments directly (no copy, no
     * buffer per read), each read also shown to `seen`; returns how many there were.
     */
    async read(handle, size, seen) {
        let position = 0;
        while (position < size) {
            const n = Math.min(size - position, this.room());
            const { bytesRead } = await handle.read(this.current, this.filled, n, position);
            if (bytesRead === 0)
                break;
            seen?.update(this.current.subarray(this.filled, this.filled + bytesRead));
            this.filled += bytesRead;
            position += bytesRead;
            if (this.filled === this.segmentSize)
                await this.cut();
        }
        return position;
    }
    async push(chunk) {
        for (let offset = 0; offset < chunk.length;) {
            const n = Math.min(chunk.length - offset, this.room());
            chunk.copy(this.current, this.filled, offset, offset + n);
            this.filled += n;
            offset += n;
            if (this.filled === this.segmentSize)
                await this.cut();
        }
    }
    /** Sends the full current segment to be compressed and starts the next one. */
    async cut() {
        await this.dispatch(this.current, false);
        this.current = this.free.pop() ?? Buffer.allocUnsafe(this.segmentSize);
        this.filled = 0;
    }
    /** Compresses what is left, waits for every segment and writes the trailer. */
    async end() {
        await this.dispatch(this.current.subarray(0, this.filled), true);
        while (this.inFlight.length > 0)
            await this.writeNext();
        await this.write([this.codec.trailer()]);
    }
    async dispatch(segment, last) {
        while (this.inFlight.length >= this.concurrency)
            await this.writeNext();
        this.tarHash.update(segment);
        this.codec.update(segment);
        const job = this.codec.compress(segment, this.dictionary, last);
        // Awaited in order by writeNext; this keeps a failure from being reported as
        // unhandled while earlier segments are written.
        job.catch(() => undefined);
        this.inFlight.push({ segment, job });
        if (this.codec.chained) {
            // A copy: the segment's buffer is reused as soon as it is written.
            this.dictionary = Buffer.from(segment.subarray(segment.length - layers_compression/* DEFLATE_WINDOW */.$V));
        }
    }
    async writeNext() {
        const { segment, job } = this.inFlight.shift();
        const out = await job;
        await this.write(out);
        // Stored output refers to the segment: it is reused only once written.
        if (segment.length === this.segmentSize)
            this.free.push(segment);
    }
}

;// CONCATENATED MODULE: ./src/layers/hard-links.ts
/** `sorted` in layer order, with the later members of each hard-link group as links. */
function withHardLinks(sorted) {
    const first = new Map();
    return sorted.map((e) => {
        if ((e.type !== 'file' && e.type !== 'symlink') || e.linkId === undefined)
            return e;
        const target = first.get(e.linkId);
        if (target === undefined) {
            first.set(e.linkId, e.path);
            return e;
        }
        const link = { path: e.path, type: 'link', mode: e.mode, linkname: target };
        if (e.type === 'symlink')
            link.linkType = 'symlink';
        if (e.uid !== undefined)
            link.uid = e.uid;
        if (e.gid !== undefined)
            link.gid = e.gid;
        return link;
    });
}
let lastLinkId = 0;
/** A new inode identity for a group of hard links. */
function newLinkId() {
    return ++lastLinkId;
}

;// CONCATENATED MODULE: ./src/layers/tar-layer.ts
/**
 * Writes one image layer: a tar of the given entries, compressed (gzip or zstd), to a
 * file, reproducibly. The same entries and compression settings give the same bytes
 * whatever the order they are passed in, the files' timestamps on disk, the host, the
 * user running the build or the number of CPUs:
 *
 * - entries are sorted by path segment (a directory's subtree is contiguous, parents
 *   come before children: the order of Go's filepath.Walk that Docker's layers use);
 * - every timestamp is the given epoch; uid/gid are the given ones; no uname/gname,
 *   no atime/ctime, no device numbers;
 * - headers are USTAR like Go's archive/tar writes them (mode with the file type bits,
 *   zero-padded octal fields); a PAX header is added only for what USTAR cannot hold
 *   (long or non-ASCII names and link targets, uid/gid/size too large);
 * - the gzip header carries no timestamp and no file name, and its XFL and OS bytes
 *   are fixed to what Go's compress/gzip writes (OS 255, "unknown"), so a runner on
 *   Linux, macOS or Windows writes the same header.
 *
 * Compression runs on several cores, without making the output depend on how many:
 * the tar is cut into segments of a fixed size (SEGMENT_SIZE), compressed on libuv's
 * thread pool a few at a time and written in order. How a segment is compressed depends
 * only on its bytes (and, for gzip, on the 32 KiB before it), never on the machine:
 *
 * - gzip: a single gzip member, as pigz writes it. Each segment is raw deflate with
 *   the end of the previous segment as its dictionary, ended by a sync flush (the last
 *   one by the final block), so the pieces join into one deflate stream with the ratio
 *   of a single-threaded one; the CRC-32 and length of the whole tar close the member.
 *   A tar shorter than a segment comes out exactly as a single zlib gzip call writes it.
 * - zstd: one frame per segment (a zstd stream may hold several frames), each with its
 *   content size and checksum.
 *
 * A segment that does not compress (already compressed files, random data: a sample
 * of it saves less than 1/32 at deflate level 1) is stored as it is, in stored deflate
 * blocks or raw zstd blocks: many times faster, a few bytes per 64 KiB larger.
 *
 * File contents are read from disk straight into the segments and the archive is
 * hashed on the way: one pass gives the diffID (sha256 of the tar), the digest (sha256
 * of the blob) and the size. Memory stays flat: a few segments per layer at a time.
 */










/** diff_id of a layer with no entries: 1024 zero bytes, as Docker and BuildKit write it. */
const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';
/**
 * The empty layer exactly as BuildKit (Go's compress/gzip) compresses it, digest
 * sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1: most registries
 * already hold this blob, and a build with an empty layer (WORKDIR of an existing
 * directory, COPY of an unmatched wildcard) gets the same digest as under BuildKit.
 */
const EMPTY_LAYER_GZIP = Buffer.from('1f8b08000000000000ff621805a360148c5800080000ffff2eafb5ef00040000', 'hex');
/**
 * Orders image paths like a depth-first walk with names sorted by bytes: compares the
 * paths segment by segment, so `a` < `a/b` < `a-b` (a directory's subtree is contiguous).
 */
function compareLayerPaths(a, b) {
    const as = a.split('/');
    const bs = b.split('/');
    const n = Math.min(as.length, bs.length);
    for (let i = 0; i < n; i++) {
        const c = (0,raw_names/* compareNames */.MP)(as[i], bs[i]);
        if (c !== 0)
            return c;
    }
    return as.length - bs.length;
}
/** Checks that an entry path is in the canonical form: relative, clean, no trailing slash. */
function checkLayerPath(p) {
    if (p === '' ||
        p.startsWith('/') ||
        p.endsWith('/') ||
        p.includes('\0') ||
        p.split('/').some((s) => s === '' || s === '.' || s === '..')) {
        throw new Error(`Invalid layer entry path ${JSON.stringify(p)}: expected a clean relative path`);
    }
}
/**
 * Builds the layer: writes `<tmpDir>/sha256-<hex>.tar.gz` (`.tar.zst` for zstd) and
 * returns its digests. Independent of any other call: several layers can be
 * compressed concurrently.
 */
async function buildLayer(entries, options, live) {
    return following(live, () => writeLayer(entries, options, live));
}
async function writeLayer(entries, options, live) {
    const epoch = options.epoch;
    if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_OCTAL_11) {
        throw new Error(`Invalid layer timestamp ${epoch}: expected whole seconds since 1970`);
    }
    const sorted = sortEntries(entries);
    const compression = options.compression ?? layers_compression/* DEFAULT_LAYER_COMPRESSION */.Bq;
    if (sorted.length === 0 && compression.kind === 'gzip') {
        await (0,promises_.mkdir)(options.tmpDir, { recursive: true });
        return writeEmptyLayer(options.tmpDir);
    }
    return writeLayerBlob(options, live, async (segments) => {
        for (const chunk of tarChunks(sorted, epoch, options.observe)) {
            // Ready buffers, or a file whose header and contents are read now.
            if (Buffer.isBuffer(chunk))
                await segments.push(chunk);
            else
                await appendFile(chunk, segments, options.observe);
        }
    });
}
/**
 * Compresses a tar that is already made (a layer another tool wrote) the way buildLayer
 * compresses its own: the same segments, hashes and file naming, in one pass over
 * `tar`, never held in memory whole. `live` follows the file as it is written (for an
 * upload while it is).
 */
async function compressTar(tar, options, live) {
    return following(live, () => writeLayerBlob(options, live, async (segments) => {
        for await (const chunk of tar) {
            // A view, not a copy: push copies it into the segment anyway.
            const view = Buffer.isBuffer(chunk)
                ? chunk
                : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            await segments.push(view);
        }
    }));
}
/**
 * Writes `<tmpDir>/sha256-<hex><ext>` from the tar bytes `feed` pushes into the segments;
 * tells `live` how far the file got.
 */
async function writeLayerBlob(options, live, feed) {
    const codec = (0,layers_compression/* layerCodec */.k1)(options.compression ?? layers_compression/* DEFAULT_LAYER_COMPRESSION */.Bq);
    const concurrency = options.concurrency ?? external_node_os_default().availableParallelism() + 2;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
        throw new Error(`Invalid layer concurrency ${concurrency}: expected a whole number >= 1`);
    }
    await (0,promises_.mkdir)(options.tmpDir, { recursive: true });
    const partial = external_node_path_default().join(options.tmpDir, `layer-${(0,external_node_crypto_.randomUUID)()}.partial`);
    const diffHash = (0,external_node_crypto_.createHash)('sha256');
    const blobHash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const handle = await (0,promises_.open)(partial, 'wx');
    live?.begin(partial);
    try {
        const write = async (data) => {
            for (const chunk of data) {
                blobHash.update(chunk);
                size += chunk.length;
            }
            await writeAll(handle, data);
            live?.wrote(data.reduce((n, chunk) => n + chunk.length, 0));
        };
        const segmentSize = options.segmentSize ?? SEGMENT_SIZE;
        if (!isPowerOfTwo(segmentSize) || segmentSize < layers_compression/* DEFLATE_WINDOW */.$V * 2) {
            throw new Error(`Invalid segment size ${segmentSize}: expected a power of two of 64 KiB or more`);
        }
        const segments = new SegmentWriter(codec, concurrency, diffHash, write, segmentSize);
        await write([codec.header]);
        await feed(segments);
        await segments.end();
        await handle.close();
        const hex = blobHash.digest('hex');
        const final = external_node_path_default().join(options.tmpDir, `sha256-${hex}${codec.extension}`);
        await moveIntoPlace(partial, final);
        return {
            digest: `sha256:${hex}`,
            diffId: `sha256:${diffHash.digest('hex')}`,
            size,
            path: final,
            mediaType: codec.mediaType,
        };
    }
    finally {
        await handle.close().catch(() => undefined);
        await (0,promises_.rm)(partial, { force: true });
    }
}
function isPowerOfTwo(n) {
    return Number.isSafeInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
async function writeEmptyLayer(tmpDir) {
    const hex = (0,external_node_crypto_.createHash)('sha256').update(EMPTY_LAYER_GZIP).digest('hex');
    const final = external_node_path_default().join(tmpDir, `sha256-${hex}.tar.gz`);
    const partial = external_node_path_default().join(tmpDir, `layer-${(0,external_node_crypto_.randomUUID)()}.partial`);
    try {
        await (0,promises_.writeFile)(partial, EMPTY_LAYER_GZIP, { flag: 'wx' });
        await moveIntoPlace(partial, final);
    }
    finally {
        await (0,promises_.rm)(partial, { force: true });
    }
    return {
        digest: `sha256:${hex}`,
        diffId: EMPTY_LAYER_DIFF_ID,
        size: EMPTY_LAYER_GZIP.length,
        path: final,
        mediaType: layers_compression/* LAYER_MEDIA_TYPE */.Yi,
    };
}
function sortEntries(entries) {
    for (const e of entries) {
        checkLayerPath(e.path);
        if ((e.type === 'symlink' || e.type === 'link') && !e.linkname) {
            throw new Error(`Symlink ${e.path} has no target`);
        }
        if (e.type === 'file' && e.source === undefined && e.content === undefined && e.size) {
            throw new Error(`File ${e.path} has a size but no source or content`);
        }
    }
    const sorted = [...entries].sort((a, b) => compareLayerPaths(a.path, b.path));
    for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].path === sorted[i - 1].path) {
            throw new Error(`Layer entry ${sorted[i].path} is listed twice`);
        }
    }
    return withHardLinks(sorted);
}
/**
 * The archive as a sequence of buffers, with the files to stream in between. Each file
 * is opened and measured before its header is produced (the header holds the size).
 */
function* tarChunks(entries, epoch, observe) {
    for (const entry of entries) {
        if (entry.type === 'file' && entry.source !== undefined && entry.content === undefined) {
            yield new PendingFile(entry, epoch);
            continue;
        }
        const content = entry.type === 'file' ? (entry.content ?? Buffer.alloc(0)) : undefined;
        const seen = observe?.entry(entry, content?.length ?? 0);
        if (content !== undefined && content.length > 0)
            seen?.update(content);
        seen?.end();
        yield encodeEntryHeader(entry, content?.length ?? 0, epoch);
        if (content !== undefined && content.length > 0) {
            yield content;
            const pad = padding(content.length);
            if (pad > 0)
                yield Buffer.alloc(pad);
        }
    }
    yield Buffer.alloc(2 * BLOCK);
}
/** A file whose header and contents are produced when the stream reaches it. */
class PendingFile {
    entry;
    epoch;
    constructor(entry, epoch) {
        this.entry = entry;
        this.epoch = epoch;
    }
}
/**
 * Header, contents and padding of one file. The contents are read straight into the
 * segments, never held whole in memory.
 */
async function appendFile(pending, segments, observe) {
    const { entry, epoch } = pending;
    const source = entry.source;
    const handle = await (0,promises_.open)((0,raw_names/* fsPath */.Jk)(source), 'r');
    try {
        const st = await handle.stat();
        if (!st.isFile())
            throw new Error(`${source} is not a regular file`);
        const size = st.size;
        if (entry.size !== undefined && entry.size !== size) {
            throw new Error(`${source} changed during the build (size ${entry.size}, now ${size})`);
        }
        await segments.push(encodeEntryHeader(entry, size, epoch));
        const seen = observe?.entry(entry, size);
        const read = await segments.read(handle, size, seen);
        if (read !== size) {
            throw new Error(`${source} changed during the build (size ${size}, read ${read})`);
        }
        seen?.end();
        const pad = padding(size);
        if (pad > 0)
            await segments.push(Buffer.alloc(pad));
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/builders/docker/saved-image.ts
/**
 * An image the Docker engine built, taken over from `docker save` into the form the
 * native builder makes (an OCI manifest, the config, compressed layers on disk), so that
 * one publisher pushes both: blobs the registry has are skipped, layers are compressed
 * on every core, and the OCI labels go into the config instead of costing the legacy
 * builder a LABEL step (a container of its own).
 *
 * Both layouts of `docker save` are read: the classic one (`<id>/layer.tar`,
 * `<config>.json`, `manifest.json` last) and the OCI one of Docker 25+ (`blobs/sha256/…`,
 * with `<id>/layer.tar` as symlinks). The archive is read once, as docker writes it;
 * large entries (layers) are compressed on the way, small ones kept until
 * `manifest.json` says what they are. Each layer compressed here is announced as it
 * starts (onLayer), so that it is uploaded while it is compressed, docker save still
 * streaming. The files of every layer are read on the way for the SBOM (those of the
 * base layers when asked: `follow`), which then need not read them again.
 */

















/**
 * Entries at least this large are compressed as they arrive (layers: an image config is
 * far smaller), as are the classic layout's `layer.tar`; the rest is kept until
 * manifest.json says what it is.
 */
const STREAM_THRESHOLD = 1024 * 1024;
/**
 * A layer the image's config lists that `docker save` did not write: the containerd
 * image store leaves out a base image's layers the engine never downloaded.
 */
class MissingSavedLayer extends Error {
    index;
    path;
    constructor(
    /** Its position in the image (0 for the first). */
    index, path) {
        super(`docker save: the layer ${path} is missing`);
        this.index = index;
        this.path = path;
        this.name = 'MissingSavedLayer';
    }
}
/** The single image described by manifest.json. */
function parseSavedManifest(text) {
    const parsed = JSON.parse(text);
    const entries = Array.isArray(parsed) ? parsed : [];
    if (entries.length !== 1) {
        throw new Error(`docker save: expected one image in manifest.json, found ${entries.length}`);
    }
    const entry = entries[0];
    if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers)) {
        throw new Error('docker save: manifest.json has no Config or Layers');
    }
    const layers = entry.Layers;
    if (!layers.every((l) => typeof l === 'string')) {
        throw new Error('docker save: manifest.json lists a layer that is not a path');
    }
    return { config: entry.Config, layers };
}
/**
 * The image the archive holds: manifest.json's one entry, or else the one image for
 * `platform` that index.json names (the containerd image store writes manifest.json
 * for the engine's own platform only).
 */
function savedImage(kept, platform) {
    const text = kept.get('manifest.json')?.toString('utf8');
    if (text !== undefined && (!kept.has('index.json') || entryCount(text) === 1)) {
        return parseSavedManifest(text);
    }
    return imageFromIndex(kept, platform);
}
/** How many images manifest.json lists (0 when it is not a list). */
function entryCount(text) {
    try {
        const parsed = JSON.parse(text);
        return Array.isArray(parsed) ? parsed.length : 0;
    }
    catch {
        return 0;
    }
}
/** A path of the archive, following its symlinks (Docker 25+ links layer.tar to blobs/). */
function resolveArchivePath(path, links) {
    let current = external_node_path_.posix.normalize(path);
    for (let hops = 0; hops < 16; hops++) {
        const target = links.get(current);
        if (target === undefined)
            return current;
        current = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(current), target));
    }
    throw new Error(`docker save: too many symlinks from ${path}`);
}
/**
 * The engine's config with `labels` set in config.Labels. Everything else is kept as
 * the engine wrote it; the labels are written as Go writes a map (keys in byte order).
 */
function relabelConfig(raw, labels) {
    if (labels.length === 0)
        return raw;
    const config = JSON.parse(raw.toString('utf8'));
    const container = (config.config ?? {});
    const existing = (container.Labels ?? {});
    container.Labels = (0,go_format/* jsonMap */.vM)({ ...existing, ...Object.fromEntries(labels) });
    config.config = container;
    return Buffer.from((0,go_format/* goJson */.Pl)(config), 'utf8');
}
/** The platform a config names. */
function configPlatform(raw) {
    const { architecture, os, variant } = JSON.parse(raw.toString('utf8'));
    return {
        architecture: architecture || 'amd64',
        os: os || 'linux',
        ...(variant ? { variant } : {}),
    };
}
/** Reads `docker save` of one image from `archive` into a BuiltImage. */
async function importSavedImage(archive, options) {
    const reuse = options.reuse ?? new Map();
    // The native builder's pieces: the same tar gives the same blob.
    const layerOptions = { tmpDir: options.tmpDir, compression: options.compression };
    const files = {
        kept: new Map(),
        spooled: new Map(),
        compressed: new Map(),
        compressing: new Map(),
        contents: new Map(),
        links: new Map(),
    };
    try {
        const reading = { ...layerOptions, onLayer: options.onLayer, follow: options.follow };
        await readSaved(archive, files, reuse, reading);
        return await assemble(files, options, reuse, layerOptions);
    }
    finally {
        // Nothing is left writing into tmpDir when this returns, whatever happened.
        await Promise.allSettled(files.compressing.values());
    }
}
/** The image from what the archive held. */
async function assemble(files, options, reuse, layerOptions) {
    const saved = savedImage(files.kept, options.platform);
    const engineConfig = files.kept.get(resolveArchivePath(saved.config, files.links));
    if (!engineConfig)
        throw new Error(`docker save: the config ${saved.config} is missing`);
    const diffIds = JSON.parse(engineConfig.toString('utf8')).rootfs?.diff_ids;
    const layers = await Promise.all(saved.layers.map((layerPath, i) => savedLayer(files, layerPath, i, diffIds?.[i], reuse, layerOptions)));
    const image = assembleImage(relabelConfig(engineConfig, options.labels), layers, configPlatform(engineConfig), options.annotations);
    const taken = (layer) => layer.from !== undefined;
    return {
        image,
        compressed: layers.filter((l) => !taken(l)).map((l) => l.diffId),
        reused: layers.filter(taken).map((l) => l.diffId),
    };
}
/**
 * Compresses the layer at `path`, announced to onLayer as it starts; its files are read
 * on the way into files.contents (unless they were as it was kept aside), so that the
 * SBOM need not decompress it again.
 */
function compressLayer(tar, path, files, { onLayer, ...options }) {
    const live = onLayer ? new LiveLayer() : undefined;
    if (live)
        onLayer(live);
    return compressTar(withFilesRead(tar, path, files), options, live);
}
/** `tar`, its files read on the way into files.contents unless they are there already. */
function withFilesRead(tar, path, files) {
    if (files.contents.has(path))
        return tar;
    const read = readAlong(tar);
    files.contents.set(path, read.contents);
    return read.tar;
}
/**
 * A base layer's tar read to its end for its files alone (the registry's blob is pushed),
 * checked against its name: the files the SBOM lists are the pushed layer's.
 */
async function followBase(blob, path, files) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    async function* hashed() {
        for await (const chunk of blob) {
            hash.update(chunk);
            yield chunk;
        }
    }
    // Compressed when the containerd image store keeps it as its registry has it.
    const tar = await (0,decompress/* decompress */.mF)(hashed());
    tar.finished.catch(() => undefined);
    for await (const chunk of withFilesRead(tar.output, path, files)) {
        void chunk;
    }
    await tar.finished;
    checkBlobName(path, `sha256:${hash.digest('hex')}`);
}
/** `tar` as it is, its bytes also followed by a LayerFollower (the SBOM's contents). */
function readAlong(tar) {
    const follower = new LayerFollower();
    async function* both() {
        try {
            for await (const chunk of tar) {
                await follower.write(chunk);
                yield chunk;
            }
            follower.end();
        }
        finally {
            follower.abort();
        }
    }
    return { tar: both(), contents: follower.contents };
}
/**
 * One pass over the stream: base layers skipped, other layers compressed as they
 * arrive, or (classic layout, where a layer's diff_id shows only once it is read) kept
 * aside and, unless a base layer's, compressed while the rest arrives.
 */
async function readSaved(archive, files, reuse, { follow, ...layerOptions }) {
    const extract = (0,tar_extract/* extractTar */.n)();
    const fed = (0,feed_tar/* feedTar */.I)(archive, extract);
    fed.catch(() => undefined);
    const baseDigests = new Set([...reuse.values()].map((layer) => layer.digest));
    for await (const entry of extract) {
        const { type, size } = entry.header;
        const path = external_node_path_.posix.normalize((0,tar_extract/* memberName */.e)(entry.header, 'path', entry.header.name));
        const linkname = (0,tar_extract/* memberName */.e)(entry.header, 'linkpath', entry.header.linkname ?? '');
        const blobName = blobHex(path);
        if (blobName && (reuse.has(`sha256:${blobName}`) || baseDigests.has(`sha256:${blobName}`))) {
            // A base layer, named by its diff_id (Docker 25+), or by its digest as its registry
            // has it (the containerd image store): the registry's copy serves (its files are
            // read for the SBOM when followed).
            if (follow)
                await followBase(entry, path, files);
            else
                entry.resume();
        }
        else if (type === 'symlink' && linkname) {
            files.links.set(path, linkname);
            entry.resume();
        }
        else if (type !== 'file' && type !== 'contiguous-file') {
            entry.resume();
        }
        else if (path.endsWith('/layer.tar') || (size ?? 0) >= STREAM_THRESHOLD) {
            const { format, source } = await (0,decompress/* sniffStream */.t$)(entry);
            const tar = source;
            if (isStoredCompression(format)) {
                files.compressed.set(path, await takeCompressed(source, format, path, files, layerOptions));
                continue;
            }
            if (blobName || !baseLeft(files, reuse)) {
                files.compressed.set(path, await compressLayer(tar, path, files, layerOptions));
                continue;
            }
            // Which layer this is shows only once it is read (classic layout): kept aside
            // uncompressed, so that a base layer costs no compression at all.
            // Followed, its files are read as it is kept aside: a base layer's for the SBOM,
            // another's not again as it is compressed.
            const raw = await spool(follow ? withFilesRead(tar, path, files) : tar, layerOptions.tmpDir);
            if (reuse.has(raw.diffId))
                files.spooled.set(path, raw);
            else {
                const job = compressSpooled(raw, path, files, layerOptions);
                // Awaited once manifest.json is read; this keeps a failure from being unhandled.
                job.catch(() => undefined);
                files.compressing.set(path, job);
            }
        }
        else {
            const chunks = [];
            for await (const chunk of entry)
                chunks.push(chunk);
            files.kept.set(path, Buffer.concat(chunks));
        }
    }
    await fed;
}
/** Whether a base layer may still come (one not yet seen in the archive). */
function baseLeft(files, reuse) {
    const seen = new Set([...files.spooled.values()].map((raw) => raw.diffId));
    return [...reuse.keys()].some((diffId) => !seen.has(diffId));
}
/** Layer i of the image: the base image's (checked), or compressed here and checked. */
async function savedLayer(files, layerPath, i, expected, reuse, layerOptions) {
    const path = resolveArchivePath(layerPath, files.links);
    const base = expected === undefined ? undefined : reuse.get(expected);
    const raw = files.spooled.get(path);
    const compressing = files.compressing.get(path);
    if (base) {
        // Where the layout did not name it (classic), it was read: checked, and dropped.
        const read = raw?.diffId ?? (compressing ? (await compressing).diffId : undefined);
        if (read !== undefined && read !== base.diffId) {
            throw new Error(`docker save: layer ${i + 1} is ${read}, but the config says ${base.diffId}`);
        }
        if (raw)
            await (0,promises_.rm)(raw.file, { force: true });
        const contents = files.contents.get(path);
        return contents ? { ...base, contents } : base;
    }
    const small = files.kept.get(path);
    const blob = files.compressed.get(path) ??
        (compressing ? await compressing : undefined) ??
        (raw ? await compressSpooled(raw, path, files, layerOptions) : undefined) ??
        (small ? await smallLayer(small, path, files, layerOptions) : undefined);
    if (!blob)
        throw new MissingSavedLayer(i, layerPath);
    if (expected !== blob.diffId) {
        throw new Error(`docker save: layer ${i + 1} is ${blob.diffId}, but the config says ${expected}`);
    }
    const { digest, size, diffId, mediaType } = blob;
    const contents = files.contents.get(path);
    return { digest, size, diffId, mediaType, path: blob.path, ...(contents ? { contents } : {}) };
}
/** A layer small enough to have been kept whole: compressed here, or as it comes. */
function smallLayer(small, path, files, options) {
    const format = (0,decompress/* sniff */.ZF)(small);
    return isStoredCompression(format)
        ? takeCompressed(external_node_stream_.Readable.from([small]), format, path, files, options)
        : compressTar([small], options);
}
/**
 * A layer that comes compressed (the containerd image store keeps layers as they were
 * built or pulled): taken as it is, its digest checked against its name, when it has the
 * compression asked for at its default level (what BuildKit and the engine write); else
 * decompressed and compressed as asked. Its files are read on the way, as for the others.
 */
async function takeCompressed(blob, format, path, files, { onLayer, ...options }) {
    const asked = options.compression ?? layers_compression/* DEFAULT_LAYER_COMPRESSION */.Bq;
    if (asked.kind !== format || asked.level !== layers_compression/* COMPRESSIONS */._7[format].defaultLevel) {
        const tar = await (0,decompress/* decompress */.mF)(blob);
        tar.finished.catch(() => undefined);
        const layer = await compressLayer(tar.output, path, files, {
            onLayer,
            ...options,
        });
        await tar.finished;
        return layer;
    }
    const live = onLayer ? new LiveLayer() : undefined;
    if (live)
        onLayer(live);
    const follower = new LayerFollower();
    files.contents.set(path, follower.contents);
    try {
        const observe = (tar) => follower.write(tar);
        const layer = await storeCompressedLayer(blob, format, { tmpDir: options.tmpDir, observe }, live);
        follower.end();
        checkBlobName(path, layer.digest);
        return layer;
    }
    finally {
        follower.abort();
    }
}
/** Refuses a blob whose bytes are not what its archive path (`blobs/sha256/<hex>`) names. */
function checkBlobName(path, digest) {
    const name = blobHex(path);
    if (name !== undefined && digest !== `sha256:${name}`) {
        throw new Error(`docker save: the blob ${path} holds ${digest}`);
    }
}
/** The hex digest an archive path names (`blobs/sha256/<hex>`), if it names one. */
function blobHex(path) {
    return /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path)?.[1];
}
async function spool(tar, dir) {
    const file = (0,external_node_path_.join)(dir, `layer-${(0,external_node_crypto_.randomUUID)()}.tar`);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const hashing = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
        },
    });
    await (0,external_node_stream_promises_.pipeline)(tar, hashing, (0,external_node_fs_.createWriteStream)(file, { flags: 'wx' }));
    return { file, diffId: `sha256:${hash.digest('hex')}` };
}
async function compressSpooled(raw, path, files, options) {
    try {
        return await compressLayer((0,external_node_fs_.createReadStream)(raw.file), path, files, options);
    }
    finally {
        await (0,promises_.rm)(raw.file, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/builders/docker/save-errors.ts



/**
 * Why reading the built image from `docker save` failed, worded for the user. A layer
 * left out of the archive while the base image's registry could not be read is the
 * containerd image store leaving out base layers it never downloaded: the action needs
 * them from that registry, so the hint names its credentials.
 */
function saveError(saved, baseFailure) {
    // Found once the whole archive was read: the cause, however docker then ended.
    if (saved.error instanceof MissingSavedLayer && baseFailure) {
        const { ref, registry } = baseFailure;
        // The registry's sentence, inside ours: its own full stop dropped.
        const why = baseFailure.why.replace(/[.\s]+$/, '');
        return new errors/* ActionError */.lZ('build', `docker save left out layer ${saved.error.index + 1} of the image, a layer of the base image ${ref} that the engine did not download (its containerd image store keeps only what a build needs), and ${ref} could not be read from its registry: ${why}.`, (w) => `Give the action credentials that may read ${ref}: a line ${registry}=<username>:<token> in ${w.setting('registry-auth')} (or ${w.setting('username')} and ${w.setting('password')} when it is the registry pushed to); or pull the base image before this step (docker pull ${ref}), so that the engine holds all of its layers.`);
    }
    const why = saved.code !== 0 ? errorLine(saved) : (saved.error?.message ?? 'no image');
    return new errors/* ActionError */.lZ('build', `Reading the built image from docker save failed: ${why}`, 'Check that the Docker engine is still running and has free disk space (docker save writes the image out), then run the job again.');
}

;// CONCATENATED MODULE: ./src/image/base-layers-cache.ts
/**
 * Base image layers on disk, one file per digest, as the registry stores them
 * (compressed), so that a later build on the same runner (the cache lives in
 * RUNNER_TEMP) reads them again without a download.
 *
 * The cache is not trusted: anything that runs as the same user (the build-command, an
 * earlier step) can write there. Every read opens the entry without following a
 * symbolic link (and without waiting on a named pipe), checks that it is a regular file
 * of the layer's size, and hashes it: the build reads from that same open file, so a
 * file swapped in after the check is not read. An entry that fails is removed and the
 * layer downloaded again, through a verified stream (the registry client's getBlob fails
 * unless the bytes hash to the digest), written to a temporary name and renamed into place.
 *
 * Within a run, one LayerCache is shared by every reader of base layers, so that each is
 * downloaded at most once however many stages, platforms or checks read it.
 */





/** The cache's directory under the runner's temporary directory. */
function layerCacheDir(runnerTemp) {
    return external_node_path_default().join(runnerTemp, 'one-step-image-layers');
}
/**
 * The cache of one run: kept in the runner's temporary directory, with the layers read
 * for this run alone in `workDir` (the builder's, removed with it). Whichever builder
 * builds, the run's base layers go through the one it makes.
 */
function runLayerCache(runnerTemp, workDir) {
    return new LayerCache(layerCacheDir(runnerTemp), external_node_path_default().join(workDir, 'base-layers'));
}
const DIGEST = /^([a-z0-9]+):([a-f0-9]{32,128})$/;
/** The file of a digest in the cache (`sha256:ab…` → `sha256-ab…`). */
function cachedLayerPath(cacheDir, digest) {
    if (!DIGEST.test(digest)) {
        throw new Error(`Not a layer digest: ${JSON.stringify(digest)}`);
    }
    return external_node_path_default().join(cacheDir, digest.replace(':', '-'));
}
/**
 * The cache as one run sees it: every reader of a base layer in the run (the stages'
 * filesystems, COPY --from, every platform, the attestations, verify) goes through
 * one instance, so that each layer is downloaded at most once per run. One promise per
 * layer says where a good copy was found or downloaded in this run; all who ask meanwhile
 * wait on it. A download that fails is forgotten: the next reader tries again.
 *
 * A layer read only for the metadata of a filesystem a stage builds on is kept for the
 * run alone (in `runDir`, which the run removes), not in the cache between builds;
 * one whose files a build copies is kept in `dir`.
 */
class LayerCache {
    dir;
    runDir;
    ready = new Map();
    constructor(dir, runDir) {
        this.dir = dir;
        this.runDir = runDir;
    }
    /**
     * The layer from the cache, open for reading and verified (regular file, size, digest);
     * downloaded with `download` (a verified stream) first when the run has no good copy.
     * `keep`: kept between builds. The caller reads the handle (from offset 0) and closes it.
     */
    async open(layer, download, keep = true) {
        const kept = cachedLayerPath(this.dir, layer.digest);
        for (let tries = 0;; tries++) {
            let ready = this.ready.get(layer.digest);
            if (ready === undefined) {
                ready = this.fill(kept, layer, download, keep);
                this.ready.set(layer.digest, ready);
                ready.catch(() => this.ready.delete(layer.digest));
            }
            let file = await ready;
            if (keep && file !== kept)
                file = await this.promote(layer.digest, file, kept);
            const found = await openVerified(file, layer.digest, layer.size);
            if (found !== undefined)
                return found;
            // Changed since it was found good (or never was what the manifest says): once more.
            if (this.ready.get(layer.digest) === ready)
                this.ready.delete(layer.digest);
            if (tries > 0) {
                throw new Error(`The layer ${layer.digest} just downloaded into the cache (${external_node_path_default().dirname(file)}) is not a file of ${layer.size} bytes with that digest: the manifest gives a wrong size, or something changed the file`);
            }
        }
    }
    /** The layer's bytes (compressed, as the registry stores them) from the cache. */
    async stream(layer, download, keep = true) {
        const handle = await this.open(layer, download, keep);
        return handle.createReadStream({ start: 0 });
    }
    /** Where a good copy is: the one kept between builds, else one downloaded now. */
    async fill(kept, layer, download, keep) {
        const cached = await openVerified(kept, layer.digest, layer.size);
        if (cached !== undefined) {
            await cached.close();
            return kept;
        }
        const dir = keep || this.runDir === undefined ? this.dir : this.runDir;
        const file = cachedLayerPath(dir, layer.digest);
        await fetchInto(dir, file, download);
        return file;
    }
    /** A layer downloaded for this run alone, moved into the cache kept between builds. */
    async promote(digest, file, kept) {
        try {
            await cacheDirectory(this.dir);
            await (0,promises_.rm)(kept, { recursive: true, force: true });
            await (0,promises_.rename)(file, kept);
        }
        catch {
            return file; // another file system, or moved meanwhile: read where it is
        }
        this.ready.set(digest, Promise.resolve(kept));
        return kept;
    }
}
/**
 * The entry open, when it is a regular file (not followed if a link) of the size given
 * (when known) whose bytes hash to the digest; undefined otherwise.
 */
async function openVerified(file, digest, size) {
    let handle;
    try {
        // O_NONBLOCK: a named pipe planted under the name is opened at once, then refused.
        handle = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (err) {
        const code = err.code;
        // ELOOP: a symbolic link; EISDIR, ENXIO: other things than a file.
        if (code === 'ENOENT' || code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') {
            return undefined;
        }
        throw err;
    }
    try {
        const found = await handle.stat();
        if (found.isFile() && (size < 0 || found.size === size) && (await hashes(handle, digest))) {
            return handle;
        }
    }
    catch (err) {
        await handle.close();
        throw err;
    }
    await handle.close();
    return undefined;
}
/** Whether the open file's bytes hash to the digest (one pass, from offset 0). */
async function hashes(handle, digest) {
    const [, algorithm, hex] = DIGEST.exec(digest);
    const hash = (0,external_node_crypto_.createHash)(algorithm);
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let at = 0;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0)
            break;
        hash.update(buffer.subarray(0, bytesRead));
        at += bytesRead;
    }
    return hash.digest('hex') === hex;
}
/** Downloads the layer under a temporary name, then puts it in place of what was there. */
async function fetchInto(cacheDir, file, download) {
    await cacheDirectory(cacheDir);
    const partial = `${file}.${(0,external_node_crypto_.randomUUID)()}.partial`;
    try {
        // `wx`: created new (O_EXCL), so never through a link planted under the name.
        const out = await (0,promises_.open)(partial, 'wx');
        await (0,external_node_stream_promises_.pipeline)(await download(), out.createWriteStream());
        // A link, a pipe or a directory under the name: removed (not followed), then replaced.
        await (0,promises_.rm)(file, { recursive: true, force: true });
        await (0,promises_.rename)(partial, file);
    }
    catch (err) {
        await (0,promises_.rm)(partial, { force: true });
        throw err;
    }
}
/** The cache's directory, made when missing; something else under its name is removed first. */
async function cacheDirectory(cacheDir) {
    const found = await (0,promises_.lstat)(cacheDir).catch(() => undefined);
    if (found !== undefined && !found.isDirectory())
        await (0,promises_.rm)(cacheDir, { force: true });
    await (0,promises_.mkdir)(cacheDir, { recursive: true });
}

;// CONCATENATED MODULE: ./src/builders/docker/builder.ts

















/**
 * Builds with the Docker engine (buildx where present), then takes the image over from
 * `docker save` and pushes it with our own registry client, the same publisher as the
 * native builder's. docker never sees the credentials, the OCI labels go into the
 * pushed config (the legacy builder would spend a container on a LABEL step), and the
 * layers are compressed on every core instead of by the engine on one.
 */
class DockerBuilder {
    settings;
    name = 'docker';
    workDir;
    publisher;
    /** The engine's images, one per platform, in the order built. */
    engineImages = [];
    /**
     * What the base image lookup found, said once the build's own output is done, and why
     * its registry could not be read, if it could not.
     */
    baseLookup;
    /** Where docker's output goes, and what it inherits (the run's Io, the step's environment). */
    host;
    constructor(settings) {
        this.settings = settings;
        const { tempDir, registry, onTempDir, retryTimeoutMs, credentials, io, env, shared } = settings;
        this.workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'oneimage-docker-'));
        onTempDir(this.workDir);
        this.host = { io, env };
        this.publisher = new ImagePublisher({
            registry,
            retryTimeoutMs,
            builder: 'docker',
            credentialsFor: credentials,
            io,
            // The run's base layers: what the SBOM, a push to another registry or the archive
            // reads from the base image's registry is downloaded once for every platform.
            layerCache: runLayerCache(tempDir, this.workDir),
            clients: shared?.clients,
        });
    }
    async build(plan, platform) {
        const several = plan.platforms.length > 1;
        const { io, env: stepEnv } = this.settings;
        const buildx = hasBuildx(userDockerConfig(stepEnv));
        const env = buildEnv(buildx, stepEnv);
        const kind = buildx ? 'docker buildx build' : `docker build (${builderKind(env, stepEnv)})`;
        const legacy = kind.endsWith('(legacy builder)');
        if (plan.secrets.length > 0 && legacy)
            throw secretsNeedBuildKit();
        // Looked up while the engine builds: what the pushed image can take from its base.
        const base = plan.push ? this.lookUpBaseLayers(plan, platform) : undefined;
        const iidFile = (0,external_node_path_.join)(this.workDir, 'iid');
        (0,external_node_fs_.rmSync)(iidFile, { force: true });
        const args = engineArgs(plan, platform, buildx);
        args.push('--iidfile', iidFile);
        // Several platforms: the engine holds one image per name, so only the runner's own
        // platform gets the tags (for `docker run` after the step); the others stay unnamed.
        if (!several || isHost(platform))
            for (const ref of plan.refs)
                args.push('--tag', ref);
        io.info(`Building${several ? ` ${platform}` : ''} with ${kind}`);
        if (plan.cache && legacy)
            io.info(NO_LEGACY_CACHE);
        const cache = plan.cache && !legacy;
        if (cache)
            args.push(...cacheArgs(plan));
        // The engine removes the legacy builder's containers, a failed step's too, and a
        // running one when docker build ends: nothing is left for the post step to find.
        if (legacy)
            args.push('--force-rm');
        const { result, pulls } = await this.run(args, plan, platform, env, cache);
        if (result.code !== 0)
            throw buildError(result, platform, pulls);
        if (cache)
            reportCache(result, io);
        const engineId = (0,external_node_fs_.readFileSync)(iidFile, 'utf8').trim();
        const image = {
            id: engineId,
            imported: false,
            ...(platform ? { platform: (0,image_platform/* parsePlatform */.Y8)(platform) } : {}),
        };
        this.engineImages.push(image);
        if (!plan.push && !several) {
            // Nothing to publish: the engine's image is the result (labels are added on import).
            return { imageId: engineId, size: await this.engineSize(engineId), sizeKind: 'uncompressed' };
        }
        await this.importImage(plan, image, await base);
        return {
            imageId: this.publisher.imageId(),
            size: this.publisher.size(),
            sizeKind: 'compressed',
            platforms: this.publisher.platformDigests(),
        };
    }
    /**
     * docker build with what this one call alone gets: the secrets as files, the registry
     * credentials for what it pulls (its base images, the cache) in a configuration of its
     * own; both removed at once.
     */
    async run(args, plan, platform, env, cache) {
        const cacheFrom = cache ? (0,registry_reference/* normalizeRegistry */.l5)(plan.image.registry) : undefined;
        const { credentials, shared, env: stepEnv } = this.settings;
        // Registries that get credentials only if the build pulls from them.
        const others = (credentials?.registries ?? []).filter((host) => host !== cacheFrom);
        const clientFor = (registry) => this.publisher.client(registry);
        const pulled = await enginePulls(plan, platform, others, clientFor, shared?.dockerfiles);
        const logins = engineLogins(credentials, pulled, cacheFrom);
        const pulls = { withoutCredentials: pulled && [...pulled].filter((host) => !logins.has(host)) };
        const secrets = writeSecretFiles(this.workDir, plan.secrets);
        let config;
        try {
            if (logins.size > 0) {
                config = configWithCredentials(this.workDir, logins, userDockerConfig(stepEnv));
            }
            const all = [...args, ...secrets.args, plan.context];
            const result = await dockerBuild(this.host, all, { env: { ...env, ...config?.env } });
            return { result, pulls };
        }
        finally {
            secrets.remove();
            config?.remove();
        }
    }
    /**
     * The layers of the Dockerfile's base image as its registry holds them, so that the
     * pushed image mounts or skips them instead of uploading them compressed anew. Best
     * effort and bounded: without them every layer is compressed here.
     */
    async lookUpBaseLayers(plan, platform) {
        let ref;
        try {
            ref = dockerfileBase(plan, this.settings.shared?.dockerfiles);
        }
        catch {
            return new Map(); // the engine's parser decides; docker build reports real errors
        }
        if (!ref)
            return new Map();
        const target = platform ? (0,image_platform/* parsePlatform */.Y8)(platform) : (0,image_platform/* hostPlatform */.ol)();
        const lookup = baseLayers(ref, target, (registry) => this.publisher.client(registry));
        try {
            const layers = await bounded(lookup, BASE_LOOKUP_MS);
            this.baseLookup = {
                note: `Base image ${ref}: ${plural(layers.size, 'layer')} taken as its registry has them`,
            };
            return layers;
        }
        catch (error) {
            const why = error.message;
            this.baseLookup = {
                note: `Base image ${ref}: not read from its registry (${why}); every layer is pushed from the engine's copy`,
                failure: { ref, registry: registryOf(ref), why },
            };
            return new Map();
        }
    }
    /** The engine's image, read from `docker save` as it streams, labels set in its config. */
    async importImage(plan, engineImage, reuse = new Map()) {
        if (engineImage.imported)
            return;
        const baseLookup = this.baseLookup;
        this.baseLookup = undefined;
        if (baseLookup)
            this.settings.io.info(baseLookup.note);
        const engineId = engineImage.id;
        const saved = await dockerStream(this.host, ['save', engineId], { silent: true }, (archive) => importSavedImage(archive, {
            tmpDir: this.workDir,
            compression: this.settings.compression,
            labels: plan.labels,
            annotations: plan.annotations,
            reuse,
            ...(engineImage.platform ? { platform: engineImage.platform } : {}),
            // The base layers' files too, from docker save: the SBOM need not download them.
            follow: plan.attest !== undefined,
            // Each layer uploaded while it is compressed, when a push is planned.
            onLayer: (live) => this.publisher.layerStarted(live),
        }));
        if (saved.code !== 0 || saved.error !== undefined || !saved.value) {
            throw saveError(saved, baseLookup?.failure);
        }
        const { image, compressed, reused } = saved.value;
        this.publisher.images.push(image);
        engineImage.imported = true;
        this.settings.io.info(`Image ${image.manifestDigest} (config ${image.configDigest}): ${plural(compressed.length, 'layer')} compressed here, ${reused.length} as the base image's registry has them`);
    }
    login(credentials, plan) {
        return this.publisher.login(credentials, plan);
    }
    push(plan) {
        return this.publisher.push(plan);
    }
    async exportArchive(plan, path) {
        if (this.engineImages.length === 0)
            throw new Error('export before build');
        for (const image of this.engineImages)
            await this.importImage(plan, image);
        await this.publisher.exportArchive(plan, path);
    }
    dispose() {
        this.publisher.dispose();
        (0,external_node_fs_.rmSync)(this.workDir, { recursive: true, force: true });
    }
    async engineSize(imageId) {
        const result = await docker(this.host, ['image', 'inspect', '--format', '{{.Size}}', imageId], {
            silent: true,
        });
        const size = Number(result.stdout.trim());
        return result.code === 0 && Number.isFinite(size) ? size : undefined;
    }
}
/**
 * Without buildx, the legacy builder, unless the user chose otherwise: a client such as
 * Docker 20.10's drives the engine's own BuildKit with DOCKER_BUILDKIT=1, no plugin needed.
 */
function buildEnv(buildx, env) {
    if (buildx || (env.DOCKER_BUILDKIT ?? '') !== '')
        return {};
    return { DOCKER_BUILDKIT: '0' };
}
/** What DOCKER_BUILDKIT (strconv.ParseBool, as docker reads it) picks. */
function builderKind(extra, env) {
    const setting = extra.DOCKER_BUILDKIT ?? env.DOCKER_BUILDKIT ?? '';
    return /^(1|t|true)$/i.test(setting) ? 'BuildKit' : 'legacy builder';
}
const NO_LEGACY_CACHE = "Cache: not read from the registry: the legacy builder has no inline cache (set DOCKER_BUILDKIT=1 with Docker 20.10's client, or add docker/setup-buildx-action).";
/** Which steps BuildKit took from the cache (its progress goes to stderr). */
function reportCache(result, io) {
    const steps = cachedSteps(`${result.stdout}\n${result.stderr}`);
    io.info(steps.length > 0
        ? `Cache: ${plural(steps.length, 'step')} taken from the cache: ${steps.join('; ')}`
        : 'Cache: no step taken from the cache');
}
function isHost(platform) {
    return platform === undefined || (0,image_platform/* samePlatform */.my)((0,image_platform/* parsePlatform */.Y8)(platform), (0,image_platform/* hostPlatform */.ol)());
}
/**
 * docker build's arguments for one platform: `--platform` unless the only platform is
 * the runner's own (the legacy builder of an old engine knows no --platform).
 */
function engineArgs(plan, platform, buildx) {
    const args = buildx ? ['buildx', 'build', '--load'] : ['build'];
    if (platform && (plan.platforms.length > 1 || !isHost(platform))) {
        args.push('--platform', platform);
    }
    args.push('--file', plan.dockerfile);
    for (const [key, value] of plan.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    if (plan.target)
        args.push('--target', plan.target);
    return args;
}
/** How long the base image's layers are looked for in its registry. */
const BASE_LOOKUP_MS = 30_000;
/** The registry of an image reference (docker.io for Docker Hub's short names). */
function registryOf(ref) {
    try {
        return (0,registry_reference/* parseReference */.F2)(ref).registry;
    }
    catch {
        return 'docker.io';
    }
}

;// CONCATENATED MODULE: ./src/fs/context-error.ts
/** A COPY/ADD problem the user can fix; the caller adds the Dockerfile location. */
class ContextError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'ContextError';
    }
}

;// CONCATENATED MODULE: ./src/fs/glob.ts
/**
 * Go's filepath.Match: its syntax (what .dockerignore patterns must follow too), and
 * the wildcards of COPY and ADD sources, matched one path segment at a time.
 */

/** Whether a path has unescaped `*`, `?` or `[` (fsutil containsWildcards). */
function containsWildcards(p) {
    for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c === '\\')
            i++;
        else if (c === '*' || c === '?' || c === '[')
            return true;
    }
    return false;
}
/** A filepath.Match pattern for one segment, as a RegExp; throws on a bad pattern. */
function segmentPattern(pattern) {
    const chars = Array.from(pattern);
    const bad = () => new ContextError(`Invalid wildcard pattern ${JSON.stringify(pattern)}`);
    const lit = (ch) => `\\u{${ch.codePointAt(0).toString(16)}}`;
    let re = '^';
    let i = 0;
    while (i < chars.length) {
        const c = chars[i];
        if (c === '*') {
            re += '[^/]*';
            i++;
        }
        else if (c === '?') {
            re += '[^/]';
            i++;
        }
        else if (c === '\\') {
            if (i + 1 >= chars.length)
                throw bad();
            re += lit(chars[i + 1]);
            i += 2;
        }
        else if (c === '[') {
            i++;
            let negate = false;
            if (chars[i] === '^') {
                negate = true;
                i++;
            }
            const ranges = [];
            let n = 0;
            const esc = () => {
                const ch = chars[i];
                if (ch === undefined || ch === '-' || ch === ']')
                    throw bad();
                if (ch === '\\') {
                    i++;
                    if (chars[i] === undefined)
                        throw bad();
                }
                return chars[i++];
            };
            for (;;) {
                if (i >= chars.length)
                    throw bad();
                if (chars[i] === ']' && n > 0) {
                    i++;
                    break;
                }
                const lo = esc();
                let hi = lo;
                if (chars[i] === '-') {
                    i++;
                    hi = esc();
                }
                n++;
                // A reversed range matches nothing in Go; a JS class would be a syntax error.
                if (lo.codePointAt(0) <= hi.codePointAt(0))
                    ranges.push(`${lit(lo)}-${lit(hi)}`);
            }
            if (ranges.length === 0)
                re += negate ? '[^/]' : '(?!)';
            else
                re += `[${negate ? '^/' : ''}${ranges.join('')}]`;
        }
        else {
            re += lit(c);
            i++;
        }
    }
    return new RegExp(`${re}$`, 'u');
}
/** Removes the backslash escapes of a pattern segment that has no wildcard. */
function unescapeSegment(s) {
    return s.replace(/\\(.)/gu, '$1');
}
/** Whether a pattern has filepath.Match's syntax (Go reports ErrBadPattern otherwise). */
function isValidGlob(pattern) {
    try {
        segmentPattern(pattern);
        return true;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/fs/image-path.ts
var image_path = __webpack_require__(6936);
;// CONCATENATED MODULE: ./src/fs/dockerignore.ts
/**
 * .dockerignore handling with the semantics of moby/patternmatcher (and its
 * ignorefile reader) as BuildKit's context sender (tonistiigi/fsutil) applies it:
 *
 * - Go filepath.Match syntax (`*`, `?`, `[...]`, `\` escapes) plus `**` for any
 *   number of directories;
 * - `!pattern` re-includes; later patterns override earlier ones;
 * - a pattern that matches a directory excludes everything under it, unless an
 *   exception re-includes it.
 *
 * The Dockerfile and .dockerignore themselves are always sent: the builder
 * handles that, not this module.
 */



const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
function trimSpace(s) {
    let start = 0;
    let end = s.length;
    while (start < end && GO_SPACE.test(s.charAt(start)))
        start++;
    while (end > start && GO_SPACE.test(s.charAt(end - 1)))
        end--;
    return s.slice(start, end);
}
/**
 * The patterns of a .dockerignore file: lines starting with `#` are comments,
 * blank lines are dropped, each pattern is trimmed and cleaned, and a leading `/`
 * is removed (the context root is the only root), `!` kept in front.
 */
function parseDockerignore(text) {
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    const patterns = [];
    lines.forEach((rawLine, index) => {
        let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
        if (index === 0)
            line = line.replace(/^\uFEFF/, '');
        if (line.startsWith('#'))
            return; // only a # in the first column starts a comment
        let pattern = trimSpace(line);
        if (pattern === '')
            return;
        const invert = pattern.startsWith('!');
        if (invert)
            pattern = trimSpace(pattern.slice(1));
        if (pattern.length > 0) {
            pattern = (0,image_path/* cleanPath */.ts)(pattern);
            if (pattern.length > 1 && pattern.startsWith('/'))
                pattern = pattern.slice(1);
        }
        patterns.push(invert ? `!${pattern}` : pattern);
    });
    return patterns;
}
function escapeRegexChar(ch, inClass) {
    if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-'))
        return `\\${ch}`;
    return ch;
}
/** patternmatcher's Pattern.compile: picks a match type, or a regular expression. */
function compile(pattern, exclusion) {
    const chars = Array.from(pattern);
    let re = '^';
    let type = 'exact';
    let inClass = false;
    let pos = 0;
    for (let iter = 0; pos < chars.length; iter++) {
        const ch = chars[pos++];
        if (inClass) {
            // inside [...] (the syntax was checked): ranges, negation and escapes
            if (ch === ']') {
                inClass = false;
                re += ']';
            }
            else if (ch === '\\') {
                re += escapeRegexChar(chars[pos++] ?? '\\', true);
            }
            else if (ch === '-' || (ch === '^' && re.endsWith('['))) {
                re += ch;
            }
            else {
                re += escapeRegexChar(ch, true);
            }
            continue;
        }
        if (ch === '*') {
            if (chars[pos] === '*') {
                // some flavour of **; **/ is the same as **
                pos++;
                if (chars[pos] === '/')
                    pos++;
                if (pos >= chars.length) {
                    // ** at the end: everything, like .gitignore
                    if (type === 'exact')
                        type = 'prefix';
                    else {
                        re += '.*';
                        type = 'regexp';
                    }
                }
                else {
                    // any number of directories, even none
                    re += '(.*/)?';
                    type = 'regexp';
                }
                if (iter === 0)
                    type = 'suffix';
            }
            else {
                re += '[^/]*';
                type = 'regexp';
            }
        }
        else if (ch === '?') {
            re += '[^/]';
            type = 'regexp';
        }
        else if ('.+()|{}$'.includes(ch)) {
            re += `\\${ch}`;
        }
        else if (ch === '\\') {
            if (pos < chars.length) {
                re += escapeRegexChar(chars[pos++], false);
                type = 'regexp';
            }
            else {
                re += '\\\\';
            }
        }
        else if (ch === '[') {
            inClass = true;
            re += '[';
            type = 'regexp';
        }
        else if (ch === ']') {
            re += '\\]';
            type = 'regexp';
        }
        else {
            // ^ stays an anchor, as in the Go regular expression (it then never matches)
            re += ch === '^' ? '^' : escapeRegexChar(ch, false);
        }
    }
    const compiled = { exclusion, cleaned: pattern, type };
    if (type === 'regexp')
        compiled.regexp = new RegExp(`${re}$`, 'u');
    return compiled;
}
function dockerignore_matches(p, path) {
    switch (p.type) {
        case 'exact':
            return path === p.cleaned;
        case 'prefix':
            return path.startsWith(p.cleaned.slice(0, -2)); // strip the trailing **
        case 'suffix': {
            const suffix = p.cleaned.slice(2); // strip the leading **
            if (path.endsWith(suffix))
                return true;
            return suffix.startsWith('/') && path === suffix.slice(1); // **/foo matches foo
        }
        case 'regexp':
            return p.regexp?.test(path) ?? false;
    }
}
function withoutTrailingGlob(pattern) {
    let p = pattern;
    if (p.endsWith('/**'))
        p = p.slice(0, -3);
    if (p.endsWith('/*'))
        p = p.slice(0, -2);
    return p;
}
/** A context path, slash-separated (a backslash is part of a Linux file name). */
function normalise(relPath) {
    const p = (0,image_path/* cleanPath */.ts)(relPath);
    return p.startsWith('/') ? (0,image_path/* cleanPath */.ts)(p.slice(1)) : p;
}
/** The directory of a context path, `.` for the root (Go's path.Dir). */
function contextDirOf(path) {
    const i = path.lastIndexOf('/');
    return i < 0 ? '.' : path.slice(0, i);
}
/**
 * patternmatcher's MatchesUsingParentResults: a pattern that matched the parent
 * directory matches the path too; `info` records which patterns matched.
 */
function evaluatePatterns(compiled, path, parent) {
    let ignored = false;
    const info = [];
    compiled.forEach((p, i) => {
        let match = parent?.[i] ?? false;
        if (!match) {
            // an inclusion cannot change an ignored path, an exception a kept one
            if (p.exclusion !== ignored) {
                info.push(false);
                return;
            }
            match = dockerignore_matches(p, path);
            if (!match && parent === undefined) {
                const dir = contextDirOf(path);
                if (dir !== '.') {
                    const parts = dir.split('/');
                    for (let n = 1; n <= parts.length && !match; n++) {
                        match = dockerignore_matches(p, parts.slice(0, n).join('/'));
                    }
                }
            }
        }
        info.push(match);
        if (match)
            ignored = !p.exclusion;
    });
    return { ignored, info };
}
/** One pattern of parseDockerignore compiled; undefined for a blank one. */
function compileLine(raw) {
    let p = trimSpace(raw);
    if (p === '')
        return undefined;
    p = (0,image_path/* cleanPath */.ts)(p);
    let exclusion = false;
    if (p.startsWith('!')) {
        if (p.length === 1) {
            throw new errors/* ActionError */.lZ('build', '.dockerignore: illegal exclusion pattern: "!"', 'An exception needs a pattern after the "!".');
        }
        exclusion = true;
        p = p.slice(1);
    }
    let pattern;
    try {
        pattern = isValidGlob(p) ? compile(p, exclusion) : undefined;
    }
    catch {
        pattern = undefined;
    }
    if (!pattern) {
        throw new errors/* ActionError */.lZ('build', `.dockerignore: invalid pattern ${JSON.stringify(raw)}: syntax error in pattern`, 'Patterns use Go filepath.Match syntax: *, ?, [a-z], \\ to escape, and ** for any directories.');
    }
    return pattern;
}
/**
 * A matcher for the patterns of parseDockerignore. Throws ActionError('build') for
 * a pattern Docker rejects (`!` alone, a bad `[` class, a trailing `\`).
 */
function createMatcher(patterns) {
    const compiled = patterns.map(compileLine).filter((p) => p !== undefined);
    const exceptions = compiled.filter((p) => p.exclusion);
    // BuildKit only skips an ignored directory when every exception is a plain path prefix.
    const onlyPrefixExceptions = exceptions.every((p) => !/[*[\]?^\\]/.test(withoutTrailingGlob(p.cleaned)));
    const evaluate = (path, parent) => evaluatePatterns(compiled, path, parent);
    const dirInfo = new Map();
    const infoOf = (dir) => {
        const cached = dirInfo.get(dir);
        if (cached)
            return cached;
        const parent = contextDirOf(dir);
        const info = evaluate(dir, parent === '.' ? undefined : infoOf(parent)).info;
        dirInfo.set(dir, info);
        return info;
    };
    return {
        ignores(relPath, _isDir) {
            if (compiled.length === 0)
                return false;
            const path = normalise(relPath);
            if (path === '.' || path.startsWith('../') || path === '..')
                return false;
            const parent = contextDirOf(path);
            return evaluate(path, parent === '.' ? undefined : infoOf(parent)).ignored;
        },
        mayIncludeUnder(relDir) {
            if (exceptions.length === 0)
                return false;
            if (!onlyPrefixExceptions)
                return true;
            const dir = normalise(relDir);
            if (dir === '.')
                return true;
            const dirSlash = `${dir}/`;
            return exceptions.some((p) => `${withoutTrailingGlob(p.cleaned)}/`.startsWith(dirSlash));
        },
    };
}

;// CONCATENATED MODULE: ./src/fs/image-tree.ts



const ROOT_DIR = { type: 'dir', mode: 0o755, uid: 0, gid: 0 };
const MAX_SYMLINKS = 255;
/**
 * The filesystem of a stage as far as the build knows it: everything for a stage that
 * starts from scratch (`complete`), only what the build added for one that starts
 * from a registry image. Paths are absolute and clean (`/usr/bin`).
 */
class ImageTree {
    complete;
    nodes = new Map();
    kids = new Map();
    constructor(complete) {
        this.complete = complete;
    }
    clone() {
        const t = new ImageTree(this.complete);
        for (const [p, n] of this.nodes)
            t.nodes.set(p, { ...n });
        for (const [p, k] of this.kids)
            t.kids.set(p, new Set(k));
        return t;
    }
    get(p) {
        const c = (0,image_path/* cleanImagePath */.Km)(p);
        return c === '/' ? ROOT_DIR : this.nodes.get(c);
    }
    /** Sets a node; the parent must exist (or be unknown in an incomplete tree). */
    set(p, node) {
        const c = (0,image_path/* cleanImagePath */.Km)(p);
        if (c === '/')
            throw new Error('The root of an image cannot be replaced');
        const old = this.nodes.get(c);
        if (old?.type === 'dir' && node.type !== 'dir')
            this.removeChildren(c);
        this.nodes.set(c, node);
        const parent = (0,image_path/* parentOf */.gN)(c);
        let set = this.kids.get(parent);
        if (!set)
            this.kids.set(parent, (set = new Set()));
        set.add((0,image_path/* baseOf */.bx)(c));
    }
    /** Removes a path and everything under it (a whiteout). */
    remove(p) {
        const c = (0,image_path/* cleanImagePath */.Km)(p);
        if (c === '/')
            return this.clearChildren('/');
        this.removeChildren(c);
        this.nodes.delete(c);
        this.kids.get((0,image_path/* parentOf */.gN)(c))?.delete((0,image_path/* baseOf */.bx)(c));
    }
    /** Removes everything under a directory (an opaque whiteout). */
    clearChildren(dir) {
        this.removeChildren((0,image_path/* cleanImagePath */.Km)(dir));
    }
    removeChildren(dir) {
        for (const name of this.kids.get(dir) ?? []) {
            const child = (0,image_path/* joinImage */.OJ)(dir, name);
            this.removeChildren(child);
            this.nodes.delete(child);
        }
        this.kids.delete(dir);
    }
    /** Names in a directory, in byte order. */
    children(dir) {
        return [...(this.kids.get((0,image_path/* cleanImagePath */.Km)(dir)) ?? [])].sort(raw_names/* compareNames */.MP);
    }
    /** Every path, sorted (for tests and debugging). */
    paths() {
        return [...this.nodes.keys()].sort(raw_names/* compareNames */.MP);
    }
    /**
     * Follows symlinks in the path like BuildKit's RootPath: inside the image root (an
     * absolute target starts at the root, `..` stops at it). The last component is
     * followed only if `followLast`. Returns the real path and its node, if known.
     */
    resolve(p, followLast) {
        const queue = (0,image_path/* segments */.JF)(p);
        const done = [];
        let links = 0;
        while (queue.length > 0) {
            const seg = queue.shift();
            if (seg === '..') {
                done.pop();
                continue;
            }
            const cand = `/${[...done, seg].join('/')}`;
            const node = this.nodes.get(cand);
            if (node?.type === 'symlink' && (queue.length > 0 || followLast)) {
                if (++links > MAX_SYMLINKS)
                    throw new ContextError(`Too many levels of symlinks at ${cand}`);
                const target = node.linkname ?? '';
                if (target.startsWith('/'))
                    done.length = 0;
                queue.unshift(...(0,image_path/* linkTargetNames */.I7)(target));
                continue;
            }
            done.push(seg);
        }
        const real = `/${done.join('/')}`;
        return { path: real, node: this.get(real) };
    }
}
/**
 * MkdirAll in the tree: missing directories 0755 owned by `owner`, symlinks followed;
 * adds what it creates to `changed`. In a partial tree they are marked implicit.
 */
function mkdirAll(tree, dir, owner, changed, mode = 0o755) {
    const parts = (0,image_path/* segments */.JF)(dir);
    let cur = '/';
    for (const seg of parts) {
        const next = tree.resolve((0,image_path/* joinImage */.OJ)(cur, seg), true);
        if (next.node !== undefined) {
            if (next.node.type !== 'dir') {
                throw new ContextError(`Cannot create ${dir}: ${next.path} is not a directory`, `${next.path} is a file in the stage (copied there before, or from the base image): use a path that is not below it.`);
            }
            cur = next.path;
            continue;
        }
        const node = { type: 'dir', mode, uid: owner.uid, gid: owner.gid };
        if (!tree.complete)
            node.implicit = true;
        tree.set(next.path, node);
        changed.add(next.path);
        cur = next.path;
    }
}
/**
 * The layer entries for the paths a COPY/ADD/WORKDIR changed: those paths and all their
 * parent directories (with their current metadata, as a filesystem diff records a
 * directory whose content changed), except parents of unknown metadata.
 */
function layerEntriesFor(tree, changed) {
    const wanted = new Set();
    for (const p of changed) {
        let c = (0,image_path/* cleanImagePath */.Km)(p);
        while (c !== '/' && !wanted.has(c)) {
            wanted.add(c);
            c = (0,image_path/* parentOf */.gN)(c);
        }
    }
    const entries = [];
    for (const p of wanted) {
        const n = tree.get(p);
        if (n === undefined || n.implicit)
            continue;
        const e = { path: p.slice(1), type: n.type, mode: n.mode, uid: n.uid, gid: n.gid };
        if (n.type === 'file') {
            if (n.source !== undefined)
                e.source = n.source;
            if (n.content !== undefined)
                e.content = n.content;
            if (n.size !== undefined)
                e.size = n.size;
            if (n.linkId !== undefined)
                e.linkId = n.linkId;
        }
        if (n.type === 'symlink') {
            e.linkname = n.linkname;
            if (n.linkId !== undefined)
                e.linkId = n.linkId;
        }
        entries.push(e);
    }
    return entries;
}

;// CONCATENATED MODULE: ./src/fs/sources.ts
/**
 * Where COPY and ADD read: the build context on disk (seen through .dockerignore) or
 * another stage's tree; and how a source as written is resolved in one (wildcards,
 * symlinks, the context's bounds).
 */







/** The build context directory, seen through .dockerignore. */
class ContextFs {
    root;
    matcher;
    host;
    label = 'the build context';
    isContext = true;
    /** Ignored directories walked into for an exception: whether they keep anything. */
    keeps = new Map();
    constructor(root, matcher, 
    /** The host's path rules (Windows ones on Windows). */
    host = (external_node_path_default())) {
        this.root = root;
        this.matcher = matcher;
        this.host = host;
    }
    /**
     * Where a relative path of the context is on the host; undefined when a name in it is
     * not one name to the host (on Windows a backslash separates, so a link's `..\x` or
     * a drive would lead out): no entry of the context has it.
     */
    hostPath(rel) {
        if (rel === '')
            return this.root;
        const names = rel.split('/');
        const plain = (n) => n !== '' && n !== '.' && n !== '..' && this.host.basename(n) === n;
        return names.every(plain) ? this.host.join(this.root, ...names) : undefined;
    }
    /**
     * An ignored directory that an exception could match inside exists only when something
     * in it is kept (fsutil sends the directory with the first entry kept in it).
     */
    ignoredAndEmpty(rel) {
        if (!this.matcher?.ignores(rel, true))
            return Promise.resolve(false);
        let keeps = this.keeps.get(rel);
        if (keeps === undefined) {
            keeps = this.readdir(rel).then((names) => names.length > 0);
            this.keeps.set(rel, keeps);
        }
        return keeps.then((k) => !k);
    }
    /** Hidden by .dockerignore: the path itself, or a parent that nothing below is kept from. */
    hidden(rel, isDir) {
        if (!this.matcher || rel === '')
            return false;
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) {
            const dir = parts.slice(0, i).join('/');
            if (this.matcher.ignores(dir, true) && !this.matcher.mayIncludeUnder(dir))
                return true;
        }
        if (!this.matcher.ignores(rel, isDir))
            return false;
        return !(isDir && this.matcher.mayIncludeUnder(rel));
    }
    async lstat(rel) {
        const abs = this.hostPath(rel);
        if (abs === undefined)
            return undefined;
        let st;
        try {
            // The root itself is followed: a context given as a symbolic link is the directory
            // it names (docker build resolves the context's path so); links below are entries.
            st = await (rel === '' ? promises_.stat : promises_.lstat)((0,raw_names/* fsPath */.Jk)(abs));
        }
        catch (err) {
            const code = err.code;
            if (code === 'ENOENT' || code === 'ENOTDIR')
                return undefined;
            throw err;
        }
        const type = st.isDirectory()
            ? 'dir'
            : st.isFile()
                ? 'file'
                : st.isSymbolicLink()
                    ? 'symlink'
                    : undefined;
        if (this.hidden(rel, type === 'dir'))
            return undefined;
        if (type === 'dir' && rel !== '' && (await this.ignoredAndEmpty(rel)))
            return undefined;
        if (type === undefined) {
            throw new ContextError(`${rel} in the build context is not a regular file, directory or symlink`, 'Sockets, pipes and device files cannot be copied into an image; exclude them in .dockerignore.');
        }
        let mode = st.mode & 0o7777;
        // Docker's Windows client sends everything as 0755 (0555 when read-only): Windows
        // has no Unix modes to keep.
        if (process.platform === 'win32' && type !== 'symlink')
            mode = (mode & 0o755) | 0o111;
        const node = { type, mode, uid: 0, gid: 0 };
        if (type === 'file') {
            node.size = st.size;
            node.source = abs;
            if (st.nlink > 1)
                node.inode = `${st.dev}:${st.ino}`;
        }
        else if (type === 'symlink') {
            node.linkname = (0,raw_names/* nameFromBytes */.Dj)(await (0,promises_.readlink)((0,raw_names/* fsPath */.Jk)(abs), { encoding: 'buffer' }));
            node.mode = 0o777;
        }
        return node;
    }
    async readdir(rel) {
        const abs = this.hostPath(rel);
        if (abs === undefined)
            return [];
        // Names as bytes: those that are not valid UTF-8 are kept (see raw-names.ts).
        const dirents = await (0,promises_.readdir)((0,raw_names/* fsPath */.Jk)(abs), { withFileTypes: true, encoding: 'buffer' });
        const out = [];
        for (const d of dirents) {
            const name = (0,raw_names/* nameFromBytes */.Dj)(d.name);
            const child = rel === '' ? name : `${rel}/${name}`;
            if (this.hidden(child, d.isDirectory()))
                continue;
            if (d.isDirectory() && (await this.ignoredAndEmpty(child)))
                continue;
            out.push(name);
        }
        return out.sort(raw_names/* compareNames */.MP);
    }
}
/** Another stage's filesystem, for COPY --from. */
class StageFs {
    label;
    tree;
    isContext = false;
    constructor(label, tree) {
        this.label = label;
        this.tree = tree;
    }
    async lstat(rel) {
        const n = this.tree.get(`/${rel}`);
        if (n === undefined) {
            if (!this.tree.complete)
                throw this.unknown(rel);
            return undefined;
        }
        if (n.inBase && n.type === 'file' && n.content === undefined) {
            throw new ContextError(`/${rel} in ${this.label} is a file of its base image, whose layers the native builder does not download`, 'COPY --from can copy what the Dockerfile added to a stage, not files of a registry base image; use the docker builder for that.');
        }
        const node = { ...n };
        if (n.linkId !== undefined)
            node.inode = String(n.linkId);
        return node;
    }
    async readdir(rel) {
        if (!this.tree.complete)
            throw this.unknown(rel);
        return this.tree.children(`/${rel}`);
    }
    unknown(rel) {
        return new ContextError(`/${rel} in ${this.label} may come from its base image, whose files the native builder does not download`, 'COPY --from a stage that starts from a registry image can only copy files that the Dockerfile itself added to it; copy from a stage FROM scratch, or use the docker builder.');
    }
}
function describe(fs, rel) {
    return fs.isContext ? JSON.stringify(rel === '' ? '.' : rel) : JSON.stringify(`/${rel}`);
}
/**
 * Walks a relative path, following symlinks in every component (and in the last one
 * if `followLast`). An absolute symlink target is resolved from the root of the source:
 * the context's directory for the build context, so that nothing outside it is read. In
 * the build context a symlink's `..` that climbs above its root is an error (a source's
 * own `..` stopped there in sourceSegments); in a stage it stops at the root, as in the
 * image.
 */
async function resolveIn(fs, rel, followLast, written) {
    const queue = rel.split('/').filter((s) => s !== '' && s !== '.');
    const done = [];
    let links = 0;
    let via;
    const escape = () => new ContextError(via === undefined
        ? `source ${JSON.stringify(written)} is outside the build context`
        : `source ${JSON.stringify(written)} leads outside the build context through the symlink ${via}`, 'Sources are read from the build context only; move the file into the context (or change the context input).');
    while (queue.length > 0) {
        const seg = queue.shift();
        if (seg === '..') {
            if (done.length === 0) {
                if (fs.isContext)
                    throw escape();
                continue;
            }
            done.pop();
            continue;
        }
        const cand = [...done, seg].join('/');
        const node = await fs.lstat(cand);
        if (node === undefined) {
            return { rel: [...done, seg, ...queue].join('/'), node: undefined };
        }
        if (node.type === 'symlink' && (queue.length > 0 || followLast)) {
            if (++links > MAX_SYMLINKS) {
                throw new ContextError(`Too many levels of symlinks in source ${JSON.stringify(written)}`);
            }
            const target = node.linkname ?? '';
            via = `${cand} -> ${target}`;
            // An absolute target starts again at the root: the context's own in the context
            // (BuildKit's copy resolves links with the context as the root).
            if (target.startsWith('/'))
                done.length = 0;
            queue.unshift(...(0,image_path/* linkTargetNames */.I7)(target));
            continue;
        }
        if (node.type !== 'dir' && queue.length > 0) {
            // A file in the middle of the path: nothing below it.
            return { rel: [...done, seg, ...queue].join('/'), node: undefined };
        }
        done.push(seg);
    }
    const real = done.join('/');
    const node = real === '' ? await rootNode(fs) : await fs.lstat(real);
    return { rel: real, node };
}
async function rootNode(fs) {
    return (await fs.lstat('')) ?? { ...ROOT_DIR };
}
/**
 * Normalizes a source as written: relative to the root, where a `..` stops (BuildKit
 * joins the source to `/`: `../../libs/x` is the context's `libs/x`, as in a stage).
 */
function sourceSegments(src) {
    const out = [];
    for (const s of src.split('/')) {
        if (s === '' || s === '.')
            continue;
        if (s === '..')
            out.pop();
        else
            out.push(s);
    }
    return out;
}
/** Expands one source (wildcards, symlinks) to what it names; [] for an unmatched wildcard. */
async function resolveSource(fs, src) {
    const segs = sourceSegments(src);
    const first = segs.findIndex(containsWildcards);
    if (first < 0) {
        const rel = segs.map(unescapeSegment).join('/');
        const { rel: real, node } = await resolveIn(fs, rel, true, src);
        if (node === undefined) {
            throw new ContextError(`source ${describe(fs, rel)} not found in ${fs.label}`, fs.isContext
                ? 'Check the path (it is relative to the build context) and that .dockerignore does not exclude it.'
                : undefined);
        }
        const name = segs.length > 0 ? unescapeSegment(segs[segs.length - 1]) : '';
        return [{ written: src, rel: real, name, node }];
    }
    // A stage whose files are all known (built from scratch) is walked like the context;
    // one on a registry base refuses in readdir, whose files are unknown.
    const baseRel = segs.slice(0, first).map(unescapeSegment).join('/');
    const base = await resolveIn(fs, baseRel, true, src);
    if (base.node === undefined || base.node.type !== 'dir')
        return [];
    const patterns = segs.slice(first).map(segmentPattern);
    const matches = [];
    const walk = async (dirRel, depth) => {
        const names = await fs.readdir(dirRel);
        for (const name of names) {
            if (!patterns[depth].test(name))
                continue;
            const childRel = dirRel === '' ? name : `${dirRel}/${name}`;
            if (depth === patterns.length - 1) {
                // A match is followed if it is a symlink, like a source named directly; one to
                // what is not there (or is hidden by .dockerignore) fails, as in BuildKit.
                const { rel, node } = await resolveIn(fs, childRel, true, src);
                if (node === undefined)
                    throw danglingMatch(fs, src, childRel, rel);
                matches.push({ written: src, rel, name, node });
            }
            else {
                const n = await fs.lstat(childRel);
                if (n?.type === 'dir')
                    await walk(childRel, depth + 1);
            }
        }
    };
    await walk(base.rel, 0);
    return matches;
}
/** A wildcard's match that is a symbolic link to what the source has not (BuildKit: not found). */
function danglingMatch(fs, src, match, target) {
    return new ContextError(`source ${describe(fs, target)} not found in ${fs.label} (the wildcard ${JSON.stringify(src)} matches ${describe(fs, match)}, a symbolic link to it)`, fs.isContext
        ? 'Check that the file the link points to is in the build context and that .dockerignore does not exclude it.'
        : undefined);
}

;// CONCATENATED MODULE: ./src/image/stage-image.ts



/** The `comment` BuildKit puts on every history entry of a Dockerfile build. */
const HISTORY_COMMENT = 'buildkit.dockerfile.v0';
/**
 * One stage's image config under construction. Methods apply one instruction each and
 * record the history entry BuildKit records; they throw a plain Error with a message
 * for the user when the instruction is invalid (the caller adds file and line).
 */
class StageImage {
    created;
    image;
    /** CMD was set in this stage: a later ENTRYPOINT keeps it. */
    cmdSet = false;
    constructor(base, platform, created) {
        this.created = created;
        // A copy of everything, label, port and volume maps included: what a stage adds does
        // not show in the stage it starts from (BuildKit since v0.30; before, these maps were
        // shared, and a LABEL of one stage showed in its siblings).
        this.image = structuredClone(base);
        delete this.image.created;
        this.image.architecture = platform.architecture;
        this.image.os = platform.os;
        if (platform.variant)
            this.image.variant = platform.variant;
        else if (base.architecture !== platform.architecture || base.os !== platform.os) {
            delete this.image.variant;
        }
        // BuildKit makes sure PATH is always set (except on Windows).
        const env = (this.image.config.Env ??= []);
        if (platform.os !== 'windows' && !env.some((e) => envKey(e) === 'PATH')) {
            env.push(`PATH=${config_DEFAULT_PATH}`);
        }
    }
    get config() {
        return this.image.config;
    }
    /** The environment as a map (later entries win, as a shell would see it). */
    envMap() {
        const out = {};
        for (const e of this.image.config.Env ?? []) {
            const i = e.indexOf('=');
            out[i < 0 ? e : e.slice(0, i)] = i < 0 ? '' : e.slice(i + 1);
        }
        return out;
    }
    /** The working directory, `/` when unset. */
    get workdir() {
        return this.image.config.WorkingDir || '/';
    }
    history(createdBy, withLayer) {
        const h = {
            created: this.created,
            created_by: createdBy,
            comment: HISTORY_COMMENT,
        };
        if (!withLayer)
            h.empty_layer = true;
        this.image.history.push(h);
    }
    /** A layer produced by COPY/ADD/WORKDIR: its diff_id and history entry. */
    addLayer(diffId, createdBy) {
        this.image.rootfs.diff_ids.push(diffId);
        this.history(createdBy, true);
    }
    env(pairs) {
        const env = (this.image.config.Env ??= []);
        for (const [k, v] of pairs) {
            if (k === '')
                throw new Error('ENV names can not be blank');
            const i = env.findIndex((e) => envKey(e) === k);
            if (i >= 0)
                env[i] = `${k}=${v}`;
            else
                env.push(`${k}=${v}`);
        }
        this.history(`ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, false);
    }
    label(pairs) {
        const labels = (this.image.config.Labels ??= {});
        for (const [k, v] of pairs) {
            if (k === '')
                throw new Error('LABEL names can not be blank');
            labels[k] = v;
        }
        this.history(`LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, false);
    }
    /** Labels of the build (the action's labels input): set last, without history. */
    setLabels(labels) {
        if (Object.keys(labels).length === 0)
            return;
        this.image.config.Labels = { ...(this.image.config.Labels ?? {}), ...labels };
    }
    expose(ports) {
        const specs = ports.flatMap(parsePortSpec);
        const exposed = (this.image.config.ExposedPorts ??= {});
        for (const p of specs)
            exposed[p] = {};
        this.history(`EXPOSE [${specs.join(' ')}]`, false);
    }
    /** CMD: exec form as given; shell form (one string) wrapped in SHELL or /bin/sh -c. */
    cmd(args, shellForm) {
        const cmd = shellForm ? this.withShell(args) : [...args];
        this.image.config.Cmd = cmd;
        this.image.config.ArgsEscaped = true;
        this.cmdSet = true;
        this.history(`CMD ${(0,go_format/* goQuoteList */.Hx)(cmd)}`, false);
    }
    /** ENTRYPOINT: also clears a CMD inherited from the base image (not one set in this stage). */
    entrypoint(args, shellForm) {
        const ep = shellForm ? this.withShell(args) : [...args];
        this.image.config.Entrypoint = ep;
        if (!this.cmdSet)
            delete this.image.config.Cmd;
        this.history(`ENTRYPOINT ${(0,go_format/* goQuoteList */.Hx)(ep)}`, false);
    }
    shell(args) {
        if (args.length === 0)
            throw new Error('SHELL requires at least one argument');
        this.image.config.Shell = [...args];
        this.history(`SHELL [${args.join(' ')}]`, false);
    }
    /**
     * WORKDIR: resolves the path against the current one and sets it. Returns the new
     * directory; the caller creates it in a layer (BuildKit does unless it is `/`) and
     * then calls workdirHistory.
     */
    setWorkdir(path) {
        if (path === '')
            throw new Error('WORKDIR requires a path');
        const wd = resolveWorkdir(this.workdir, path);
        this.image.config.WorkingDir = wd;
        return wd;
    }
    /** The history entry of a WORKDIR, with the layer it made (BuildKit: all but `/`). */
    workdirHistory(wd, withLayer, diffId) {
        if (withLayer) {
            if (diffId === undefined)
                throw new Error('WORKDIR layer without diff_id');
            this.addLayer(diffId, `WORKDIR ${wd}`);
        }
        else
            this.history(`WORKDIR ${wd}`, false);
    }
    user(user) {
        if (user === '')
            throw new Error('USER requires a user name or id');
        this.image.config.User = user;
        this.history(`USER ${user}`, false);
    }
    volume(paths) {
        const volumes = (this.image.config.Volumes ??= {});
        for (const p of paths) {
            if (p === '')
                throw new Error('VOLUME specified can not be an empty string');
            volumes[p] = {};
        }
        this.history(`VOLUME [${paths.join(' ')}]`, false);
    }
    stopSignal(signal) {
        if (!isSignal(signal)) {
            throw Object.assign(new Error(`Invalid STOPSIGNAL ${JSON.stringify(signal)}`), {
                hint: 'Name a signal (SIGTERM, SIGQUIT, SIGRTMIN+3) or give its number (15).',
            });
        }
        this.image.config.StopSignal = signal;
        this.history(`STOPSIGNAL ${signal}`, false);
    }
    /** HEALTHCHECK as the Dockerfile parser checked it (durations in nanoseconds). */
    healthcheck(h) {
        const kind = h.test[0];
        if (kind === 'NONE') {
            if (h.test.length > 1)
                throw new Error('HEALTHCHECK NONE takes no other arguments');
        }
        else if (kind !== 'CMD' && kind !== 'CMD-SHELL') {
            throw new Error('HEALTHCHECK expects NONE or CMD');
        }
        else if (h.test.length < 2) {
            throw new Error('HEALTHCHECK CMD requires a command');
        }
        const hc = { Test: [...h.test] };
        if (h.interval)
            hc.Interval = h.interval;
        if (h.timeout)
            hc.Timeout = h.timeout;
        if (h.startPeriod)
            hc.StartPeriod = h.startPeriod;
        if (h.startInterval)
            hc.StartInterval = h.startInterval;
        if (h.retries)
            hc.Retries = h.retries;
        this.image.config.Healthcheck = hc;
        const shown = `{Test:[${hc.Test.join(' ')}] Interval:${(0,go_format/* goDuration */.Lm)(hc.Interval ?? 0)}` +
            ` Timeout:${(0,go_format/* goDuration */.Lm)(hc.Timeout ?? 0)} StartPeriod:${(0,go_format/* goDuration */.Lm)(hc.StartPeriod ?? 0)}` +
            ` StartInterval:${(0,go_format/* goDuration */.Lm)(hc.StartInterval ?? 0)} Retries:${hc.Retries ?? 0}}`;
        this.history(`HEALTHCHECK ${shown}`, false);
    }
    /** ARG inside a stage: only a history entry (values as resolved). */
    arg(pairs) {
        this.history(`ARG ${pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join(' ')}`, false);
    }
    maintainer(name) {
        this.image.author = name;
        this.history(`MAINTAINER ${name}`, false);
    }
    onbuild(expression) {
        (this.image.config.OnBuild ??= []).push(expression);
    }
    /** The finished config with `created` set. */
    finish() {
        const out = structuredClone(this.image);
        out.created = this.created;
        return out;
    }
    withShell(args) {
        const shell = this.image.config.Shell && this.image.config.Shell.length > 0
            ? this.image.config.Shell
            : this.image.os === 'windows'
                ? ['cmd', '/S', '/C']
                : ['/bin/sh', '-c'];
        return [...shell, args.join(' ')];
    }
}
function envKey(e) {
    const i = e.indexOf('=');
    return i < 0 ? e : e.slice(0, i);
}
/**
 * NormalizeWorkdir: a relative path is joined to the current directory and cleaned; an
 * absolute one is kept as written (`/w/../v` stays so in the config, as BuildKit keeps it).
 */
function resolveWorkdir(current, p) {
    return p.startsWith('/') ? p : (0,image_path/* cleanPath */.ts)(`${current || '/'}/${p}`);
}
/** EXPOSE's port spec: `80`, `80/udp`, `8000-8002/tcp` → `80/tcp`... (BuildKit parsePortSpec). */
function parsePortSpec(raw) {
    const parts = raw.split(':');
    const container = parts[parts.length - 1];
    const slash = container.indexOf('/');
    const port = slash < 0 ? container : container.slice(0, slash);
    const proto = slash < 0 ? 'tcp' : container.slice(slash + 1).toLowerCase() || 'tcp';
    if (port === '')
        throw new Error(`No port specified: ${raw}<empty>`);
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') {
        throw new Error(`Invalid proto: ${proto}`);
    }
    const range = /^([0-9]+)(?:-([0-9]+))?$/.exec(port);
    const start = range ? Number(range[1]) : NaN;
    const end = range ? Number(range[2] ?? range[1]) : NaN;
    if (!range || start > 65535 || end > 65535 || end < start) {
        throw new Error(`Invalid containerPort: ${port}`);
    }
    const out = [];
    for (let p = start; p <= end; p++)
        out.push(`${p}/${proto}`);
    return out;
}
const SIGNALS = new Set([
    'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT',
    'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM',
    'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH',
    'XCPU', 'XFSZ',
]); // prettier-ignore
/** signal.ParseSignal: a number, a name with or without SIG, or RTMIN/RTMAX(+/-n). */
function isSignal(s) {
    if (/^[0-9]+$/.test(s))
        return Number(s) > 0;
    const name = s.toUpperCase().replace(/^SIG/, '');
    return SIGNALS.has(name) || /^RT(MIN|MAX)([+-][0-9]+)?$/.test(name);
}

;// CONCATENATED MODULE: ./src/fs/chmod.ts
/**
 * COPY/ADD `--chmod`, as current BuildKit reads and applies it (dockerfile2llb's
 * dispatchCopy, fsutil's copy and its mode package, a port of BSD's setmode(3)):
 *
 * - an octal mode (`755`, `0640`, `4755`) up to 07777 sets the mode of every copied
 *   file and directory, setuid, setgid and sticky bits included (fsutil keeps them
 *   since 2024; the BuildKit of Docker 20.10 dropped them), and the directories the
 *   copy creates get its permission bits (fsutil since 2025; before, 0755);
 * - a symbolic mode (`u+x`, `go-w`, `a=rX,u+w`), as chmod(1) reads it, changes the
 *   mode each copied file and directory had (`X` adds execute to directories and to
 *   what some class could already execute); the directories the copy creates are 0755;
 * - symbolic links keep 0777;
 * - anything else is an error; a numeric value that is not octal up to 07777 gets
 *   BuildKit's "it should be octal string" error.
 */

const IS_UID = 0o4000;
const IS_GID = 0o2000;
const IS_TXT = 0o1000;
const RWXU = 0o700;
const RWXG = 0o070;
const RWXO = 0o007;
const READ = 0o444;
const WRITE = 0o222;
const EXEC = 0o111;
const STANDARD_BITS = IS_UID | IS_GID | RWXU | RWXG | RWXO;
/** Every bit of Go's 16-bit mode word (the mask with no umask). */
const ALL = 0xffff;
/** Flags of a copy command (`u=g`): clear, set, and which classes it writes. */
const CLEAR = 1;
const SET = 2;
const GBITS = 4;
const OBITS = 8;
const UBITS = 16;
/** Reads `--chmod=<spec>` as BuildKit does (see the file comment). */
function parseChmod(spec) {
    if (/^[0-7]+$/.test(spec)) {
        const octal = parseInt(spec, 8);
        if (octal <= 0o7777)
            return { octal };
        throw notOctal(spec);
    }
    if (/^[0-9]/.test(spec))
        throw notOctal(spec);
    const cmds = parseSymbolic(spec);
    if (cmds === undefined) {
        throw new ContextError(`Invalid --chmod=${spec}: not an octal mode (0 to 7777) nor a symbolic one`, 'Write an octal mode (--chmod=755) or a symbolic one as chmod(1) takes it (--chmod=u+x,go-w).');
    }
    return { symbolic: spec, cmds };
}
function notOctal(spec) {
    return new ContextError(`invalid chmod parameter: '${spec}'. it should be octal string and between 0 and 07777`);
}
/** The mode (0o7777 bits) a copied file or directory gets. */
function applyChmod(c, mode, isDir) {
    if ('octal' in c)
        return c.octal;
    return applySymbolic(c.cmds, mode & 0o7777, isDir);
}
/** The mode of a directory the copy creates (a missing destination or parent). */
function createdDirMode(c) {
    return c !== undefined && 'octal' in c ? c.octal & 0o777 : 0o755;
}
// ---------------------------------------------------------------------------
// setmode(3), as github.com/tonistiigi/dchapes-mode ports it (with no umask)
/** The steps of a symbolic mode, or undefined when it is not one. */
function parseSymbolic(s) {
    const cmds = [];
    let i = 0;
    let equalOpDone = false;
    for (;;) {
        let who = 0;
        for (;; i++) {
            if (i >= s.length)
                return undefined;
            const w = { a: STANDARD_BITS, u: IS_UID | RWXU, g: IS_GID | RWXG, o: RWXO }[s[i]];
            if (w === undefined)
                break;
            who |= w;
        }
        for (;;) {
            const op = s[i++];
            if (op === '=')
                equalOpDone = false;
            else if (op !== '+' && op !== '-')
                return undefined;
            who &= ~IS_TXT;
            ({ i, who, equalOpDone } = permClause(s, i, op, who, equalOpDone, cmds));
            if (i >= s.length)
                return compress(cmds);
            if (s[i] !== ',')
                continue;
            i++;
            break;
        }
    }
}
/** The permission letters after one operator, up to the next operator, `,` or the end. */
function permClause(s, start, op, whoIn, equalOpDoneIn, cmds) {
    let who = whoIn;
    let equalOpDone = equalOpDoneIn;
    let perm = 0;
    let permX = 0;
    for (let i = start;; i++) {
        const b = s[i] ?? '';
        const notOnlyOther = who === 0 || (who & ~RWXO) !== 0;
        if (b === 'r')
            perm |= READ;
        else if (b === 's')
            perm |= notOnlyOther ? IS_UID | IS_GID : 0;
        else if (b === 't') {
            if (notOnlyOther) {
                who |= IS_TXT;
                perm |= IS_TXT;
            }
        }
        else if (b === 'w')
            perm |= WRITE;
        else if (b === 'X')
            permX = op === '+' ? EXEC : permX;
        else if (b === 'x')
            perm |= EXEC;
        else if (b === 'u' || b === 'g' || b === 'o') {
            if (perm !== 0)
                addCmd(cmds, op, who, perm);
            perm = 0;
            if (op === '=')
                equalOpDone = true;
            if (permX !== 0)
                addCmd(cmds, 'X', who, permX);
            permX = 0;
            addCmd(cmds, b, who, op.charCodeAt(0));
        }
        else {
            if (perm !== 0 || (op === '=' && !equalOpDone)) {
                if (op === '=')
                    equalOpDone = true;
                addCmd(cmds, op, who, perm);
            }
            if (permX !== 0)
                addCmd(cmds, 'X', who, permX);
            return { i, who, equalOpDone };
        }
    }
}
function addCmd(cmds, op, who, oparg) {
    if (op === '=') {
        cmds.push({ cmd: '-', cmd2: 0, bits: who !== 0 ? who : STANDARD_BITS });
        op = '+';
    }
    if (op === '+' || op === '-' || op === 'X') {
        cmds.push({ cmd: op, cmd2: 0, bits: (who !== 0 ? who : ALL) & oparg });
        return;
    }
    let cmd2 = 0;
    if (who !== 0) {
        if (who & 0o400)
            cmd2 |= UBITS;
        if (who & 0o040)
            cmd2 |= GBITS;
        if (who & 0o004)
            cmd2 |= OBITS;
    }
    else
        cmd2 = UBITS | GBITS | OBITS;
    const how = String.fromCharCode(oparg);
    cmd2 |= how === '+' ? SET : how === '-' ? CLEAR : SET | CLEAR;
    cmds.push({ cmd: op, cmd2, bits: ALL });
}
/** setmode's compress: runs of `+`, `-` and `X` folded into one of each. */
function compress(cmds) {
    const out = [];
    for (let i = 0; i < cmds.length; i++) {
        if (!'+-X'.includes(cmds[i].cmd)) {
            out.push(cmds[i]);
            continue;
        }
        let set = 0;
        let clr = 0;
        let x = 0;
        for (; i < cmds.length && '+-X'.includes(cmds[i].cmd); i++) {
            const c = cmds[i];
            if (c.cmd === '-') {
                clr |= c.bits;
                set &= ~c.bits;
                x &= ~c.bits;
            }
            else if (c.cmd === '+') {
                set |= c.bits;
                clr &= ~c.bits;
                x &= ~c.bits;
            }
            else
                x |= c.bits & ~set;
        }
        i--;
        if (clr !== 0)
            out.push({ cmd: '-', cmd2: 0, bits: clr });
        if (set !== 0)
            out.push({ cmd: '+', cmd2: 0, bits: set });
        if (x !== 0)
            out.push({ cmd: 'X', cmd2: 0, bits: x });
    }
    return out;
}
function applySymbolic(cmds, old, isDir) {
    let mode = old;
    const copyClass = (c, value) => {
        if (c.cmd2 & CLEAR) {
            const clr = c.cmd2 & SET ? RWXO : value;
            if (c.cmd2 & UBITS)
                mode &= ~((clr << 6) & c.bits);
            if (c.cmd2 & GBITS)
                mode &= ~((clr << 3) & c.bits);
            if (c.cmd2 & OBITS)
                mode &= ~(clr & c.bits);
        }
        if (c.cmd2 & SET) {
            if (c.cmd2 & UBITS)
                mode |= (value << 6) & c.bits;
            if (c.cmd2 & GBITS)
                mode |= (value << 3) & c.bits;
            if (c.cmd2 & OBITS)
                mode |= value & c.bits;
        }
    };
    for (const c of cmds) {
        if (c.cmd === 'u')
            copyClass(c, (mode & RWXU) >> 6);
        else if (c.cmd === 'g')
            copyClass(c, (mode & RWXG) >> 3);
        else if (c.cmd === 'o')
            copyClass(c, mode & RWXO);
        else if (c.cmd === '+')
            mode |= c.bits;
        else if (c.cmd === '-')
            mode &= ~c.bits;
        else if (c.cmd === 'X' && ((old & EXEC) !== 0 || isDir))
            mode |= c.bits;
    }
    return mode & 0o7777;
}

;// CONCATENATED MODULE: ./src/fs/add-archive.ts
/**
 * ADD of a local archive, as BuildKit does it: a tar, plain or compressed with gzip,
 * bzip2 or xz (recognised by its content, not its name, and only when what it holds
 * starts with a valid tar header) is extracted into the destination directory, keeping
 * the owners (PAX records and GNU base-256 included), modes, symlinks and hard links
 * it records. Member names are cleaned and clamped inside the destination (`../x` and
 * `/x` land in it), as containerd's extraction does. Decompressed by the one
 * decompressor (layers/decompress.ts), which image layers are read through too.
 */













/** A valid tar header block: checksum right (ustar or old format). */
function isTarHeader(block) {
    if (block.length < 512)
        return false;
    if (block.subarray(0, 512).every((b) => b === 0))
        return false;
    const field = block
        .subarray(148, 156)
        .toString('latin1')
        .replace(/[\0 ]+$/g, '')
        .trim();
    if (!/^[0-7]+$/.test(field))
        return false;
    let sum = 0;
    for (let i = 0; i < 512; i++)
        sum += i >= 148 && i < 156 ? 0x20 : block[i];
    return sum === parseInt(field, 8);
}
async function readHead(file, n) {
    const h = await (0,promises_.open)((0,raw_names/* fsPath */.Jk)(file), 'r');
    try {
        const buf = Buffer.alloc(n);
        const { bytesRead } = await h.read(buf, 0, n, 0);
        return buf.subarray(0, bytesRead);
    }
    finally {
        await h.close();
    }
}
/** What ADD does with a local file: extract it (a tar, maybe compressed) or copy it (undefined). */
async function archiveKind(file, env = {}) {
    const head = await readHead(file, 512);
    const format = (0,decompress/* sniff */.ZF)(head);
    if (format === 'zstd') {
        throw new ContextError(`${external_node_path_default().basename(file)} is a zstd archive, which ADD would extract but the native builder cannot decompress`, 'Use a plain, gzip, bzip2 or xz tar, COPY the file instead, or use the docker builder.');
    }
    if (format === undefined)
        return isTarHeader(head) ? 'tar' : undefined;
    const first = await decompressedHead(file, 512, env);
    return first !== undefined && isTarHeader(first) ? format : undefined;
}
/** The first `n` bytes of the decompressed contents, undefined when they cannot be read. */
async function decompressedHead(file, n, env) {
    const d = await (0,decompress/* decompress */.mF)((0,external_node_fs_.createReadStream)((0,raw_names/* fsPath */.Jk)(file)), env).catch((err) => {
        if (err instanceof decompress/* MissingDecompressor */.pO)
            throw unreadable(external_node_path_default().basename(file), 'archive', err);
        return undefined;
    });
    if (d === undefined)
        return undefined;
    d.finished.catch(() => undefined);
    const chunks = [];
    let total = 0;
    try {
        for await (const chunk of d.output) {
            chunks.push(chunk);
            total += chunk.length;
            if (total >= n)
                break;
        }
        if (total < n)
            await d.finished;
    }
    catch {
        return undefined;
    }
    finally {
        d.stop();
    }
    return Buffer.concat(chunks).subarray(0, n);
}
/** Extracts the archive into the tree: files are written under tmpDir for the layer. */
async function extractArchive(x) {
    const outDir = external_node_path_default().join(x.tmpDir, `add-${(0,external_node_crypto_.randomUUID)()}`);
    await (0,promises_.mkdir)(outDir, { recursive: true });
    const extract = (0,tar_extract/* extractTar */.n)();
    const input = typeof x.file === 'string'
        ? (0,external_node_fs_.createReadStream)((0,raw_names/* fsPath */.Jk)(x.file))
        : x.file.createReadStream({ start: 0, autoClose: false });
    const what = x.layer === undefined ? 'archive' : 'layer';
    const d = await (0,decompress/* decompress */.mF)(input, x.env ?? {}).catch((err) => {
        throw unreadable(x.written, what, err);
    });
    // Its failure also ends the extraction below; this keeps it from going unhandled.
    d.finished.catch(() => undefined);
    const feed = (0,feed_tar/* feedTar */.I)(d.output, extract).then(() => d.finished);
    // Awaited below, or after the loop fails: never left to reject unhandled meanwhile.
    feed.catch(() => undefined);
    const state = { ...x, outDir, count: 0, groups: new Map(), links: new Set() };
    try {
        for await (const entry of extract)
            await extractEntry(state, entry);
        await feed;
    }
    catch (err) {
        d.stop();
        await feed.catch(() => undefined);
        throw unreadable(x.written, what, err);
    }
}
/** How zlib, tar-stream, bzip2, xz and zstd say that their input ended part-way. */
const CUT_SHORT = /unexpected end of (file|data|input)|ends unexpectedly|premature end/i;
/**
 * Why an archive or an image layer could not be read, for a message that names it
 * (`what`). One that ends part-way is said as BuildKit says it: unexpected EOF.
 */
function unreadable(what, kind, err) {
    if (err instanceof ContextError)
        return err;
    if (err instanceof decompress/* MissingDecompressor */.pO)
        return missingProgram(what, kind, err);
    const message = err instanceof Error ? err.message : String(err);
    if (CUT_SHORT.test(message) || err.code === 'Z_BUF_ERROR') {
        return new ContextError(`${what}: unexpected EOF: the ${kind} ends part-way`, kind === 'archive'
            ? 'The file is cut short or damaged: make it again (check the step that writes or downloads it).'
            : 'The layer is stored cut short or damaged in its registry: push the image again, or use another tag or digest.');
    }
    return new ContextError(`${what}: cannot read the ${kind}: ${message}`);
}
function missingProgram(what, kind, err) {
    const { format, program } = err;
    if (kind === 'archive') {
        return new ContextError(`ADD of a ${format} archive needs the ${program} program, which is not installed`, `Install ${program} on the runner, or use a gzip-compressed tar.`);
    }
    return new ContextError(`${what}: reading a ${format}-compressed layer needs the ${program} program, which is not installed`, `Install ${program} on the runner${format === 'zstd' ? ', or run on Node.js 22.15 or later' : ''}.`);
}
/** The image path of a member name: cleaned, and clamped inside the destination. */
function memberPath(destDir, name) {
    return (0,image_path/* cleanImagePath */.Km)(`${destDir}/${(0,image_path/* cleanImagePath */.Km)(name)}`);
}
/**
 * Where a member lands: its path, refused when it goes through a symbolic link this
 * archive made (`d -> /x` then `d/file`), as BuildKit refuses it; links the image
 * already had (`/lib -> usr/lib`) are followed, inside the image.
 */
function placedPath(x, name, to) {
    const base = x.destDir === '/' ? '' : x.destDir;
    const rel = (0,image_path/* segments */.JF)(to.slice(base.length));
    for (let i = 1; i < rel.length; i++) {
        const via = `${base}/${rel.slice(0, i).join('/')}`;
        const node = x.tree.get(via);
        if (node?.type === 'symlink' && x.links.has(via)) {
            throw new ContextError(`${x.written}: the archive entry ${JSON.stringify(name)} would be written through the symbolic link ${JSON.stringify(rel.slice(0, i).join('/'))} (to ${JSON.stringify(node.linkname ?? '')}) that the archive made earlier`, 'Remove the link from the archive, or put the files where it points.');
        }
    }
    const parent = x.tree.resolve((0,image_path/* parentOf */.gN)(to), true).path;
    return `${parent === '/' ? '' : parent}/${rel[rel.length - 1]}`;
}
/** The owner a header records: PAX uid/gid records first (tar-stream leaves them there). */
function headerOwner(h) {
    const pax = (h.pax ?? {});
    const id = (record, field) => record !== undefined && /^[0-9]+$/.test(record) ? Number(record) : (field ?? 0);
    return { uid: id(pax['uid'], h.uid), gid: id(pax['gid'], h.gid) };
}
async function extractEntry(x, entry) {
    const h = entry.header;
    const name = (0,tar_extract/* memberName */.e)(h, 'path', h.name);
    const linkname = (0,tar_extract/* memberName */.e)(h, 'linkpath', h.linkname ?? '');
    const clamped = memberPath(x.destDir, name);
    if (clamped === x.destDir) {
        entry.resume();
        return;
    }
    if (x.layer?.whiteout(clamped, x)) {
        entry.resume();
        return;
    }
    const to = placedPath(x, name, clamped);
    const owner = headerOwner(h);
    const mode = (h.mode ?? 0o644) & 0o7777;
    mkdirAll(x.tree, external_node_path_default().posix.dirname(to), { uid: 0, gid: 0 }, x.changed);
    if (x.layer !== undefined)
        replaceInLayer(x, to, h.type);
    const existing = x.tree.get(to);
    const refuse = (what) => {
        throw new ContextError(`${x.written}: the archive entry ${name} would replace ${what}`);
    };
    if (h.type !== 'file' && h.type !== 'contiguous-file')
        entry.resume();
    switch (h.type) {
        case 'directory':
            if (existing !== undefined && existing.type !== 'dir')
                refuse('a file with a directory');
            x.tree.set(to, { type: 'dir', mode, uid: owner.uid, gid: owner.gid });
            break;
        case 'file':
        case 'contiguous-file': {
            if (existing?.type === 'dir') {
                entry.resume();
                refuse('a directory with a file');
            }
            const out = external_node_path_default().join(x.outDir, String(++x.count));
            await (0,external_node_stream_promises_.pipeline)(entry, (0,external_node_fs_.createWriteStream)(out, { flags: 'wx' }));
            const size = h.size ?? 0;
            x.tree.set(to, { type: 'file', mode, ...owner, size, source: out });
            break;
        }
        case 'symlink':
            if (existing?.type === 'dir')
                refuse('a directory with a symlink');
            x.tree.set(to, { type: 'symlink', mode: 0o777, ...owner, linkname });
            x.links.add(to);
            break;
        case 'link':
            if (existing?.type === 'dir')
                refuse('a directory with a file');
            if (hardLink(x, to, memberPath(x.destDir, linkname), { mode, ...owner }, name)) {
                x.links.add(to);
                x.changed.add(to);
                return;
            }
            break;
        default:
            if (x.layer !== undefined)
                return; // a device or FIFO of an image: not copied
            throw new ContextError(`${x.written}: the archive entry ${name} is a ${h.type ?? 'special file'}, which the native builder cannot add`);
    }
    if (h.type !== 'symlink')
        x.links.delete(to);
    x.changed.add(to);
}
/** In a layer, an entry replaces what the layers below have there unless both are directories. */
function replaceInLayer(x, to, type) {
    const existing = x.tree.get(to);
    if (existing === undefined || (existing.type === 'dir' && type === 'directory'))
        return;
    if (!x.changed.has(to))
        x.tree.remove(to);
}
/**
 * A hard link: the same inode as the file or symbolic link it names (already in the
 * image; link(2) does not follow a symbolic link, so BuildKit's extraction makes a second
 * name of the link itself). The inode takes the link header's owner, and a file its mode,
 * as the extraction's chown and chmod of the link do (a symbolic link keeps 0777). True
 * when the new name is a symbolic link.
 */
function hardLink(x, to, target, meta, name) {
    const linked = x.tree.get(target);
    if (linked?.type !== 'file' && linked?.type !== 'symlink') {
        throw new ContextError(`${x.written}: the hard link ${name} points to ${target}, which is not a file earlier in the archive`);
    }
    if (to === target)
        return linked.type === 'symlink';
    const id = linked.linkId ?? newLinkId();
    if (!x.groups.has(id))
        x.groups.set(id, [target]);
    const group = x.groups.get(id);
    const node = { ...linked, linkId: id };
    x.tree.set(to, node);
    group.push(to);
    for (const p of group) {
        const n = x.tree.get(p);
        if (n?.type !== linked.type || (n.linkId ?? id) !== id)
            continue;
        const mode = n.type === 'symlink' ? n.mode : meta.mode;
        x.tree.set(p, { ...n, linkId: id, mode, uid: meta.uid, gid: meta.gid });
        x.changed.add(p);
    }
    return linked.type === 'symlink';
}

;// CONCATENATED MODULE: ./src/fs/copy.ts
/**
 * COPY and ADD with Docker's semantics (BuildKit's dockerfile2llb and fsutil copy),
 * applied to an in-memory image filesystem:
 *
 * - sources are relative to the build context (a leading `/` is its root) or to the
 *   root of another stage (`--from`); `*`, `?` and `[...]` match per path segment
 *   like Go's filepath.Match; a wildcard that matches nothing copies nothing;
 * - a directory source copies its contents, not the directory itself; a symlink
 *   named as a source (or matched by a wildcard) is followed, symlinks inside a copied
 *   directory are copied as symlinks;
 * - the destination is relative to WORKDIR; a trailing `/` (or `.` alone) makes it a
 *   directory, as does an existing directory; several sources (or matches) are copied
 *   each in turn onto the destination;
 * - missing parent directories are created 0755 (or with an octal --chmod's permission
 *   bits), owned by the --chown user (root by default), and every copied entry gets the
 *   --chown owner (root for files from the context, the source owner for files from a
 *   stage) and the --chmod mode (see chmod.ts; the source permission bits otherwise,
 *   setuid/setgid/sticky included);
 * - files excluded by .dockerignore do not exist for COPY; a symlink to an absolute path
 *   is resolved with the context as the root; a source's `..` stops at the context's
 *   root (`../x` is its x, as in BuildKit), a symlink that climbs above it is refused
 *   before anything is read;
 * - ADD extracts a local tar archive (see add-archive.ts) into the destination
 *   directory, keeping the owners and modes of the archive.
 */







/**
 * Applies COPY/ADD to the target tree and returns the image paths it created or changed
 * (for layerEntriesFor). Throws ContextError for what Docker refuses.
 */
async function applyCopy(req) {
    const { target, from } = req;
    if (req.sources.length === 0)
        throw new ContextError(`${req.instruction} requires a source and a destination`);
    // BuildKit cleans the destination and keeps only a trailing `/` (or `.` alone) as a
    // directory: `/d/.` names the file /d.
    const destIsDirSyntax = req.dest === '' || req.dest === '.' || req.dest.endsWith('/');
    const destAbs = (0,image_path/* cleanImagePath */.Km)(req.dest.startsWith('/') ? req.dest : `${req.workdir}/${req.dest}`);
    // Several sources (or matches) onto a destination without a trailing slash: BuildKit
    // copies each in turn there (files replace one another, directories merge, a file
    // goes into a directory an earlier source made); only the legacy builder refused.
    const resolved = [];
    for (const src of req.sources)
        resolved.push(...(await resolveSource(from, src)));
    const changed = new Set();
    const owner = (n) => req.chown ?? (from.isContext ? { uid: 0, gid: 0 } : { uid: n.uid, gid: n.gid });
    const parentOwner = req.chown ?? { uid: 0, gid: 0 };
    for (const src of resolved) {
        // The hard-link groups of this source: source inode → link id in the target. fsutil
        // copies each source (each match of a wildcard) on its own, so names of one file
        // stay hard links only within one directory source.
        const links = new Map();
        const archive = req.instruction === 'ADD' && from.isContext && src.node.type === 'file'
            ? await archiveKind(src.node.source, req.env)
            : undefined;
        // fsutil Copy: the destination (if it ends with /) or its parent is created first,
        // with an octal --chmod's permission bits (an archive's unpack: 0755).
        const dirMode = archive === undefined ? createdDirMode(req.chmod) : 0o755;
        const destParent = destIsDirSyntax ? destAbs : (0,image_path/* parentOf */.gN)(destAbs);
        mkdirAll(target, target.resolve(destParent, true).path, parentOwner, changed, dirMode);
        const dest = target.resolve(destAbs, true).path;
        const destNode = target.get(dest);
        if (archive !== undefined) {
            if (destNode !== undefined && destNode.type !== 'dir') {
                throw new ContextError(`Cannot extract ${src.written} to ${destAbs}: it is not a directory`, `${destAbs} is a file in the stage (copied there before, or from the base image): extract the archive to another path.`);
            }
            mkdirAll(target, dest, parentOwner, changed);
            if (req.tmpDir === undefined)
                throw new Error('ADD of an archive needs a temporary directory');
            await extractArchive({
                file: src.node.source,
                destDir: dest,
                tree: target,
                changed,
                tmpDir: req.tmpDir,
                written: src.written,
                env: req.env,
            });
            continue;
        }
        if (src.node.type === 'dir') {
            if (destNode === undefined)
                mkdirAll(target, dest, parentOwner, changed, dirMode);
            else if (destNode.type !== 'dir') {
                throw new ContextError(`Cannot copy the directory ${src.written} to ${destAbs}: it is not a directory`, `${destAbs} is a file in the stage (copied there before, or from the base image): copy the directory to another path.`);
            }
            await copyTree(from, src.rel, target, dest, { chmod: req.chmod, owner, changed, links });
            continue;
        }
        // A file (or, from a stage, a symlink that could not be followed further).
        let to = dest;
        if (destNode?.type === 'dir')
            to = (0,image_path/* joinImage */.OJ)(dest, src.name);
        mkdirAll(target, (0,image_path/* parentOf */.gN)(to), parentOwner, changed, dirMode);
        placeNonDir(target, to, src.node, { chmod: req.chmod, owner, changed, links });
    }
    return [...changed];
}
/** A copied file's or directory's mode: its own, or what --chmod makes of it. */
function modeOf(chmod, mode, isDir) {
    return chmod === undefined ? mode & 0o7777 : applyChmod(chmod, mode, isDir);
}
function placeNonDir(tree, to, n, how) {
    const { chmod, changed } = how;
    const owner = how.owner(n);
    const existing = tree.get(to);
    if (existing?.type === 'dir') {
        throw new ContextError(`Cannot replace the directory ${to} with a file`);
    }
    const node = {
        type: n.type,
        mode: n.type === 'symlink' ? 0o777 : modeOf(chmod, n.mode, false),
        uid: owner.uid,
        gid: owner.gid,
    };
    if (n.type === 'file') {
        node.size = n.size ?? n.content?.length ?? 0;
        if (n.source !== undefined)
            node.source = n.source;
        if (n.content !== undefined)
            node.content = n.content;
        if (n.inode !== undefined) {
            let id = how.links.get(n.inode);
            if (id === undefined)
                how.links.set(n.inode, (id = newLinkId()));
            node.linkId = id;
        }
    }
    else
        node.linkname = n.linkname;
    tree.set(to, node);
    changed.add(to);
}
/** Copies the contents of a source directory into an existing directory of the tree. */
async function copyTree(from, srcRel, tree, destDir, how) {
    const { chmod, owner, changed } = how;
    for (const name of await from.readdir(srcRel)) {
        const childRel = srcRel === '' ? name : `${srcRel}/${name}`;
        const n = await from.lstat(childRel);
        if (n === undefined)
            continue;
        const to = (0,image_path/* joinImage */.OJ)(destDir, name);
        if (n.type === 'dir') {
            const existing = tree.get(to);
            if (existing !== undefined && existing.type !== 'dir') {
                throw new ContextError(`Cannot copy the directory ${childRel} over ${to}, which is not a directory`, `${to} is a file in the stage (copied there before, or from the base image): copy the directory to another path.`);
            }
            // An existing directory takes the metadata of the copied one (fsutil copyDirectory).
            const o = owner(n);
            tree.set(to, { type: 'dir', mode: modeOf(chmod, n.mode, true), uid: o.uid, gid: o.gid });
            changed.add(to);
            await copyTree(from, childRel, tree, to, how);
        }
        else {
            placeNonDir(tree, to, n, how);
        }
    }
}

;// CONCATENATED MODULE: ./src/fs/users.ts
/** Users and groups: a --chown or USER value as ids, looked up in the stage's /etc/passwd and /etc/group. */


/**
 * A --chown or USER value as uid/gid, as BuildKit resolves it: numbers, `root`, or names
 * looked up in the stage's /etc/passwd and /etc/group (given as text when the stage has
 * them). An empty user is root (`:1000` is 0:1000); a user alone takes the user's
 * primary group (its own id when numeric); an empty group after the colon is 0.
 */
function resolveOwner(spec, files = {}) {
    const [user, group] = spec.split(':', 2);
    let uid;
    let gid;
    if (/^[0-9]+$/.test(user)) {
        uid = Number(user);
        gid = uid;
    }
    else if (user === '' || (user === 'root' && files.passwd === undefined)) {
        uid = 0;
        gid = 0;
    }
    else {
        const entry = lookup(files.passwd, user, 'passwd', spec);
        uid = Number(entry[2]);
        gid = Number(entry[3]);
    }
    if (group !== undefined) {
        if (/^[0-9]+$/.test(group))
            gid = Number(group);
        else if (group === '' || (group === 'root' && files.group === undefined))
            gid = 0;
        else
            gid = Number(lookup(files.group, group, 'group', spec)[2]);
    }
    if (!Number.isSafeInteger(uid) ||
        !Number.isSafeInteger(gid) ||
        uid > 0xffffffff ||
        gid > 0xffffffff) {
        throw new ContextError(`Invalid user ${JSON.stringify(spec)}: ids out of range`);
    }
    return { uid, gid };
}
/** Whether resolving a --chown or USER value needs the stage's /etc/passwd or /etc/group. */
function ownerNeedsLookup(spec) {
    return spec.split(':', 2).some((part) => !/^([0-9]*|root)$/.test(part));
}
function lookup(text, name, kind, spec) {
    if (text === undefined) {
        throw new ContextError(`Cannot resolve the ${kind === 'passwd' ? 'user' : 'group'} name ${JSON.stringify(name)} of ${JSON.stringify(spec)}: the stage has no /etc/${kind} the native builder can read`, 'Use numeric ids (for example --chown=1000:1000), or add /etc/passwd and /etc/group to the stage before this instruction.');
    }
    for (const line of text.split('\n')) {
        const f = line.split(':');
        if (f[0] === name && f.length >= (kind === 'passwd' ? 4 : 3) && /^[0-9]+$/.test(f[2] ?? '')) {
            if (kind === 'passwd' && !/^[0-9]+$/.test(f[3] ?? ''))
                continue;
            return f;
        }
    }
    throw new ContextError(`Cannot resolve ${JSON.stringify(spec)}: no ${kind === 'passwd' ? 'user' : 'group'} ${JSON.stringify(name)} in the stage's /etc/${kind}`);
}
/** /etc/passwd and /etc/group of a stage, when the build knows them. */
async function userFiles(tree) {
    const out = {};
    for (const name of ['passwd', 'group']) {
        const { node } = tree.resolve(`/etc/${name}`, true);
        if (node?.type !== 'file')
            continue;
        if (node.content !== undefined)
            out[name] = node.content.toString('utf8');
        else if (node.source !== undefined) {
            if ((node.size ?? 0) > 16 * 1024 * 1024)
                continue;
            out[name] = await (0,promises_.readFile)(node.source, 'utf8');
        }
    }
    return out;
}
/** The owner for a user spec, or undefined when it names users the build cannot look up. */
async function tryOwner(spec, tree) {
    try {
        return resolveOwner(spec, await userFiles(tree));
    }
    catch (err) {
        if (err instanceof ContextError)
            return undefined;
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/builders/native/copy-sources.ts
/**
 * What COPY/ADD need beyond copying files from a source: heredoc sources (files whose
 * contents are written in the Dockerfile) and `--link` layers (made on an empty
 * filesystem, then laid over the stage), with BuildKit's semantics (dockerfile2llb's
 * dispatchCopy).
 */




/**
 * The heredoc sources as files to copy from: BuildKit writes each one, mode 0644 and
 * owned by root, named after the heredoc, on an empty filesystem (llb.Mkfile) and copies
 * it from there with the instruction's --chown and --chmod.
 */
async function heredocSources(heredocs, tmpDir) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(tmpDir, 'heredoc-'));
    const names = [];
    for (const doc of heredocs) {
        if (doc.name === '.' || doc.name === '..' || /[/\\*?[\0]/.test(doc.name)) {
            throw new ContextError(`the heredoc name ${JSON.stringify(doc.name)} cannot be a file name`, 'Name the heredoc with a plain word, for example <<EOF.');
        }
        const file = external_node_path_default().join(dir, doc.name);
        await (0,promises_.writeFile)(file, doc.data);
        await (0,promises_.chmod)(file, 0o644);
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
function linkedLayer(ins) {
    if (!ins.link || (ins.chmod !== undefined && ins.chmod !== ''))
        return false;
    const names = (ins.chown ?? '').split(':').filter((p) => p !== '' && p !== 'root');
    if (names.some((p) => !/^\d+$/.test(p))) {
        throw new ContextError(`--link with --chown=${ins.chown}: a --link layer is made on an empty filesystem, where BuildKit cannot look names up`, 'Use numeric ids (for example --chown=1000:1000), or drop --link.');
    }
    return true;
}
/**
 * Lays a `--link` layer (`upper`, built on an empty filesystem) over the stage's tree, as
 * an overlay does: each path of the layer replaces what the stage had there, and a
 * directory keeps the stage's entries under it but takes the layer's metadata.
 */
function overlay(lower, upper) {
    for (const p of upper.paths()) {
        const node = upper.get(p);
        if (node !== undefined)
            lower.set(p, { ...node });
    }
}

;// CONCATENATED MODULE: ./src/builders/native/instructions.ts
/**
 * The instructions of a stage, carried out on its filesystem and image config as
 * BuildKit does: COPY, ADD and WORKDIR make a layer each, the others change the config
 * and add a history entry.
 */








async function dispatch(ins, c) {
    const { img } = c;
    const pairs = (list) => list.map((p) => [p.key, p.value]);
    switch (ins.keyword) {
        case 'ENV':
            return img.env(pairs(ins.env));
        case 'LABEL':
            return img.label(pairs(ins.labels));
        case 'ARG':
            return img.arg(ins.args.map((a) => [a.name, a.value]));
        case 'EXPOSE':
            return img.expose(ins.ports);
        case 'CMD':
            return img.cmd(ins.command, ins.prependShell);
        case 'ENTRYPOINT':
            return img.entrypoint(ins.command, ins.prependShell);
        case 'SHELL':
            return img.shell(ins.shell);
        case 'USER':
            return img.user(ins.user);
        case 'VOLUME':
            return img.volume(ins.paths);
        case 'STOPSIGNAL':
            return img.stopSignal(ins.signal);
        case 'MAINTAINER':
            return img.maintainer(ins.maintainer);
        case 'ONBUILD':
            return img.onbuild(ins.expression);
        case 'HEALTHCHECK':
            return img.healthcheck(ins);
        case 'WORKDIR':
            return workdir(ins, c);
        case 'COPY':
        case 'ADD':
            return copy(ins, c);
        default:
            throw new ContextError(`${ins.keyword} is not supported by the native builder`);
    }
}
/** WORKDIR: BuildKit makes the directory (mkdir -p, owned by USER) in a layer, unless it is `/`. */
async function workdir(ins, c) {
    const { img, state } = c;
    const wd = img.setWorkdir(ins.path);
    if ((0,image_path/* cleanImagePath */.Km)(wd) === '/') {
        img.workdirHistory(wd, false);
        return;
    }
    const tree = state.tree;
    const changed = new Set();
    const user = img.config.User;
    let owner = { uid: 0, gid: 0 };
    if (user) {
        const resolved = await tryOwner(user, tree);
        if (resolved !== undefined)
            owner = resolved;
        else if (tree.complete)
            owner = resolveOwner(user, await userFiles(tree)); // throws the reason
    }
    mkdirAll(tree, wd, owner, changed);
    if (!tree.complete && owner.uid !== 0) {
        // The base filesystem is unknown: the directory is written for the USER to own it
        // (Docker creates it so), its parents are left to the base image.
        const leaf = tree.resolve(wd, true);
        if (leaf.node?.type === 'dir' && leaf.node.implicit) {
            tree.set(leaf.path, { type: 'dir', mode: 0o755, uid: owner.uid, gid: owner.gid });
            changed.add(leaf.path);
        }
    }
    c.addLayer(ins, layerEntriesFor(tree, changed), `WORKDIR ${wd}`);
}
/** `--chown`, resolved in the stage (names need the stage's /etc/passwd and /etc/group). */
async function copyOwner(spec, c) {
    if (spec === undefined || spec === '')
        return undefined;
    const lookup = ownerNeedsLookup(spec);
    if (lookup && !c.state.tree.complete) {
        throw new ContextError(`--chown=${spec} names a user or group, which the native builder cannot look up in the base image ${c.stageBase} (its layers are not read)`, 'Use numeric ids (for example --chown=1000:1000), or the docker builder.');
    }
    return resolveOwner(spec, lookup ? await userFiles(c.state.tree) : {});
}
/** What COPY/ADD copy from: the build context, a stage, or a registry image. */
async function copySource(ins, c) {
    if (ins.keyword !== 'COPY' || ins.from === undefined || ins.from === '')
        return c.buildContext;
    if (ins.fromStage === undefined)
        return c.imageFs(ins.from);
    const source = c.stages.get(ins.fromStage);
    if (source === undefined) {
        throw new ContextError(`--from=${ins.from} does not name an earlier build stage`);
    }
    return new StageFs(source.label, source.tree);
}
/**
 * COPY/ADD: the sources, then the heredoc sources, in one layer. With `--link` (and no
 * --chmod) the layer is made on an empty filesystem (its parent directories are its own, 0755 and owned by
 * --chown or root) and then laid over the stage, as BuildKit's merge does.
 */
async function copy(ins, c) {
    const { state } = c;
    const { sources, heredocs, dest } = ins;
    const linked = linkedLayer(ins);
    const chown = await copyOwner(ins.chown, c);
    const chmod = ins.chmod !== undefined && ins.chmod !== '' ? parseChmod(ins.chmod) : undefined;
    const target = linked ? new ImageTree(true) : state.tree;
    const { tmpDir, env } = c;
    const request = { dest, workdir: c.img.workdir, target, chown, chmod, tmpDir, env };
    const changed = [];
    if (sources.length > 0) {
        const from = await copySource(ins, c);
        changed.push(...(await applyCopy({ ...request, instruction: ins.keyword, sources, from })));
    }
    if (heredocs.length > 0) {
        const docs = await heredocSources(heredocs, c.tmpDir);
        // Copied as COPY copies: ADD does not unpack a heredoc.
        const req = { ...request, instruction: 'COPY', sources: docs.names, from: docs.from };
        changed.push(...(await applyCopy(req)));
    }
    if (linked)
        overlay(state.tree, target);
    // BuildKit's history text: the flags it records, the sources and destination as expanded.
    const words = [ins.keyword];
    if (ins.chown)
        words.push(`--chown=${ins.chown}`);
    if (ins.chmod)
        words.push(`--chmod=${ins.chmod}`);
    words.push(...sources, ...heredocs.map((h) => `<<${h.name}`), dest, '# buildkit');
    c.addLayer(ins, layerEntriesFor(target, changed), words.join(' '));
}

;// CONCATENATED MODULE: ./src/builders/native/layer-jobs.ts
/**
 * The layers a native build writes: compressed in the background, a few at a time,
 * while the next instructions are carried out; their diff_ids are filled into the
 * image config once they are done.
 */




function isPending(l) {
    return 'job' in l;
}
/** Layers that may wait to be written while the next instructions are dispatched. */
const MAX_QUEUED = 64;
/** Runs jobs with at most `limit` at a time. */
function limiter(limit) {
    let active = 0;
    const waiting = [];
    return async (fn) => {
        if (active >= limit)
            await new Promise((resolve) => waiting.push(resolve));
        active++;
        try {
            return await fn();
        }
        finally {
            active--;
            waiting.shift()?.();
        }
    };
}
/** Every layer job of one build. */
class LayerJobs {
    options;
    onLayer;
    followFiles;
    run;
    jobs = [];
    count = 0;
    constructor(limit, options, 
    /** Told of each layer as it starts, to follow it while it is written (an upload). */
    onLayer, 
    /** Read each layer's files as it is written (for the SBOM). */
    followFiles = false) {
        this.options = options;
        this.onLayer = onLayer;
        this.followFiles = followFiles;
        this.run = limiter(limit);
    }
    /** The diff_id a layer has in the config until its job is done. */
    placeholder() {
        return `pending:${this.count++}`;
    }
    /** Starts writing a layer of these entries. */
    start(placeholder, entries, by) {
        const live = this.onLayer ? new LiveLayer() : undefined;
        if (live)
            this.onLayer(live);
        const follower = this.followFiles ? new EntryFollower() : undefined;
        const options = follower ? { ...this.options, observe: follower } : this.options;
        const job = this.run(() => buildLayer(entries, options, live));
        // Awaited later; this keeps a failure from being reported as unhandled meanwhile.
        job.then(() => follower?.end(), () => follower?.abort());
        this.jobs.push(job);
        return { placeholder, job, line: by.line, keyword: by.keyword, contents: follower?.contents };
    }
    /** Waits while MAX_QUEUED layers wait to be written: memory does not grow with them. */
    async throttle() {
        await this.jobs[this.jobs.length - MAX_QUEUED]?.catch(() => undefined);
    }
    /** Lets every job finish (before the caller removes the temporary directory). */
    async settle() {
        await Promise.allSettled(this.jobs);
    }
}
/**
 * The layers in order, once their jobs are done; each placeholder in `diffIds` is
 * replaced by its layer's diff_id. Placeholders are found through a map: an indexOf
 * per layer would cost n² for n COPY and ADD instructions.
 */
async function finishedLayers(stageLayers, diffIds, file) {
    const layers = [];
    const position = new Map(diffIds.map((id, i) => [id, i]));
    for (const l of stageLayers) {
        if (!isPending(l)) {
            layers.push(l);
            continue;
        }
        let blob;
        try {
            blob = await l.job;
        }
        catch (err) {
            const detail = `writing the layer failed: ${err.message}`;
            const hint = 'A file of the build context may have changed or become unreadable during the build.';
            throw new located/* LocatedError */.BU({ file, line: l.line, what: l.keyword }, detail, hint, { cause: err });
        }
        const i = position.get(l.placeholder);
        if (i !== undefined)
            diffIds[i] = blob.diffId;
        layers.push({
            digest: blob.digest,
            size: blob.size,
            diffId: blob.diffId,
            mediaType: blob.mediaType,
            path: blob.path,
            ...(l.contents ? { contents: l.contents } : {}),
        });
    }
    return layers;
}

;// CONCATENATED MODULE: ./src/fs/base-layers.ts





const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
/**
 * What the entry named `name` in directory `dir` is as a whiteout: the opaque marker of
 * dir, the removal of a path, another `.wh..wh.` name of the layer format (nothing to
 * do), or undefined for an ordinary entry.
 */
function whiteoutOf(dir, name) {
    if (!name.startsWith(WHITEOUT))
        return undefined;
    if (name === OPAQUE)
        return { kind: 'opaque', path: dir };
    if (name.startsWith(`${WHITEOUT}${WHITEOUT}`))
        return { kind: 'meta', path: dir };
    return { kind: 'remove', path: (0,image_path/* joinImage */.OJ)(dir, name.slice(WHITEOUT.length)) };
}
/** Small files of a base image worth keeping: user and group names for --chown and USER. */
const KEEP_CONTENT = new Set(['etc/passwd', 'etc/group']);
const KEEP_MAX = 4 * 1024 * 1024;
/**
 * Reads one layer of a base image (a tar, compressed or not, as stored in the
 * registry) into the tree: paths, types, modes, owners and symlink targets, with
 * whiteouts applied, so that COPY and WORKDIR see the base filesystem as Docker does.
 * File contents are not kept (except /etc/passwd and /etc/group).
 */
async function indexLayer(tree, blob, name = 'a base image layer') {
    const extract = (0,tar_extract/* extractTar */.n)();
    const { output, finished: done } = await (0,decompress/* decompress */.mF)(blob).catch((err) => {
        throw unreadable(name, 'layer', err);
    });
    // Both surface through the extraction, or are awaited below: never unhandled meanwhile.
    done.catch(() => undefined);
    const feed = (0,feed_tar/* feedTar */.I)(output, extract);
    feed.catch(() => undefined);
    let changes;
    try {
        changes = await readChanges(extract);
        await feed;
        await done;
    }
    catch (err) {
        await feed.catch(() => undefined);
        throw unreadable(name, 'layer', err);
    }
    applyChanges(tree, changes);
}
async function readChanges(extract) {
    const changes = { whiteouts: [], opaque: [], added: [] };
    for await (const entry of extract) {
        const h = entry.header;
        const rel = (0,image_path/* segments */.JF)(`/${(0,tar_extract/* memberName */.e)(h, 'path', h.name)}`);
        const name = rel[rel.length - 1];
        if (name === undefined) {
            entry.resume();
            continue;
        }
        const wh = whiteoutOf(`/${rel.slice(0, -1).join('/')}`, name);
        if (wh !== undefined) {
            if (wh.kind === 'opaque')
                changes.opaque.push(wh.path);
            if (wh.kind === 'remove')
                changes.whiteouts.push(wh.path);
            entry.resume();
            continue;
        }
        const node = {
            type: h.type === 'directory' ? 'dir' : h.type === 'symlink' ? 'symlink' : 'file',
            mode: h.type === 'symlink' ? 0o777 : (h.mode ?? 0) & 0o7777,
            ...headerOwner(h),
        };
        if (node.type === 'symlink')
            node.linkname = (0,tar_extract/* memberName */.e)(h, 'linkpath', h.linkname ?? '');
        if (node.type === 'file') {
            node.inBase = true;
            node.size = h.size ?? 0;
            const relPath = rel.join('/');
            if (KEEP_CONTENT.has(relPath) && (h.size ?? 0) <= KEEP_MAX && h.type === 'file') {
                const chunks = [];
                for await (const chunk of entry)
                    chunks.push(chunk);
                node.content = Buffer.concat(chunks);
            }
            else
                entry.resume();
        }
        else
            entry.resume();
        changes.added.push([`/${rel.join('/')}`, node]);
    }
    return changes;
}
/** Whiteouts hide what the layers below have; then the layer's own entries apply. */
function applyChanges(tree, { opaque, whiteouts, added }) {
    for (const d of opaque)
        tree.clearChildren(d);
    for (const w of whiteouts)
        tree.remove(w);
    for (const [p, node] of added) {
        const existing = tree.get(p);
        if (existing?.type === 'dir' && node.type === 'dir') {
            tree.set(p, node); // keeps the children
            continue;
        }
        if (existing !== undefined)
            tree.remove(p);
        tree.set(p, node);
    }
}
/**
 * Applies the layer stored (compressed as in the registry) in `file` (open, read from
 * its start) to the tree with its files, written under tmpDir. `name` is how messages
 * name the layer.
 */
async function applyLayer(tree, file, tmpDir, name) {
    await extractArchive({
        file,
        destDir: '/',
        tree,
        changed: new Set(),
        tmpDir,
        written: name,
        layer: { whiteout },
    });
}
/** Applies a whiteout entry at `p` while a layer is extracted; false for another entry. */
function whiteout(p, x) {
    const wh = whiteoutOf((0,image_path/* parentOf */.gN)(p), p.slice(p.lastIndexOf('/') + 1));
    if (wh === undefined)
        return false;
    if (wh.kind === 'opaque')
        opaque(x.tree, wh.path, x.changed);
    if (wh.kind === 'remove')
        x.tree.remove(wh.path);
    return true;
}
/** Empties a directory of what the layers below have, keeping what this layer put there. */
function opaque(tree, dir, mine) {
    for (const name of tree.children(dir)) {
        const p = (0,image_path/* joinImage */.OJ)(dir, name);
        if (!mine.has(p))
            tree.remove(p);
        else if (tree.get(p)?.type === 'dir')
            opaque(tree, p, mine);
    }
}

;// CONCATENATED MODULE: ./src/builders/native/from-image.ts
/**
 * What the native builder reads of registry images beyond their config: the images a
 * build needs files of, with their contents.
 *
 * A stage FROM a registry image keeps the image's layers by reference (they are mounted
 * or streamed across when the image is pushed, never recompressed). Only when the build
 * copies files out of an image — `COPY --from=<image>`, or `COPY --from=<stage>` of a
 * stage that starts from a registry image — are that image's layers downloaded (once per
 * digest and run, verified again each time they are read from the layer cache) and applied
 * in order, whiteouts included, to an image tree that COPY reads like another stage's.
 */



/**
 * The stages whose registry base image's files the build copies: each stage a COPY
 * --from names, followed down its FROM chain to the stage that starts from an image.
 */
function stagesWithBaseFiles(df, needed) {
    const out = new Set();
    for (const index of needed) {
        for (const ins of df.stages[index].instructions) {
            let i = ins.keyword === 'COPY' ? ins.fromStage : undefined;
            while (i !== undefined && df.stages[i].baseStage !== undefined)
                i = df.stages[i].baseStage;
            if (i !== undefined)
                out.add(i);
        }
    }
    return out;
}
/** The image's filesystem with its files: its layers downloaded (or cached) and applied. */
async function imageFiles(base, places) {
    const open = base.openLayer;
    if (open === undefined) {
        throw new ContextError(`The native builder was given no way to download the layers of ${base.registryRepo}`);
    }
    const tree = new ImageTree(true);
    for (const [i, layer] of base.layers.entries()) {
        const file = await places.layerCache.open(layer, () => open(i));
        try {
            await applyLayer(tree, file, places.tmpDir, layerName(base, i));
        }
        finally {
            await file.close();
        }
    }
    return tree;
}
/** How messages name a layer of a registry image. */
function layerName(base, index) {
    return `layer ${index + 1} (${base.layers[index].digest.slice(7, 19)}) of ${base.registryRepo}`;
}

;// CONCATENATED MODULE: ./src/builders/native/needs-engine.ts

/**
 * What the native builder finds it cannot build only once it has read the base images
 * (an ONBUILD RUN trigger, foreign layers): under `builder: auto` the Docker engine
 * builds it instead (see auto.ts); with `builder: native` it is the build's error.
 */
class NeedsEngineError extends located/* LocatedError */.BU {
    unsupported;
    constructor(unsupported, hint = 'The native builder only carries out RUN-less Dockerfiles; use the docker builder for this one.') {
        const { file, line, instruction, reason } = unsupported;
        super({ file, line, what: instruction }, reason, hint);
        this.unsupported = unsupported;
        this.name = 'NeedsEngineError';
    }
}

;// CONCATENATED MODULE: ./src/builders/native/stage-start.ts










function baseKey(ref, platform) {
    return `${ref}|${(0,image_platform/* formatPlatform */.Bq)(platform)}`;
}
/** The platform of a stage: its FROM --platform (normalised as BuildKit does), or the build's. */
function stagePlatform(stagePlatformStr, fallback) {
    return stagePlatformStr ? (0,image_platform/* normalizePlatform */.FL)(stagePlatformStr, fallback) : fallback;
}
/**
 * The registry image a stage starts from or copies from, added to `out` (once per
 * image and platform). Its errors have no place: the caller locates them at `r.line`.
 */
async function pullBase(r, o, file, out) {
    const platform = stagePlatform(r.platform, o.platform);
    const key = baseKey(r.ref, platform);
    if (out.has(key))
        return;
    if (o.pullBase === undefined) {
        throw new Error('the native builder was given no registry access to read the base image');
    }
    const base = await o.pullBase(r.ref, platform);
    const imageConfig = parseImageConfig(base.config);
    if (imageConfig.rootfs.diff_ids.length !== base.layers.length) {
        throw new ContextError(`the image config lists ${imageConfig.rootfs.diff_ids.length} layers but the manifest ${base.layers.length}`, 'The base image is inconsistent; pick another tag or digest.');
    }
    if (base.layers.some((l) => l.mediaType === image_image/* MEDIA_TYPES */.Z2.dockerForeignLayer)) {
        const reason = 'the image has foreign (non-distributable) layers';
        const instruction = r.what.split(' ')[0];
        throw new NeedsEngineError({ file, line: r.line, instruction, reason }, 'Use the docker builder.');
    }
    out.set(key, { base, imageConfig });
}
async function stage_start_initialState(stage, stages, bases, o, baseFiles) {
    if (stage.baseStage !== undefined) {
        const parent = stages.get(stage.baseStage);
        if (parent === undefined)
            throw new Error('the stage is not built before this one');
        const image = structuredClone(parent.image);
        return { tree: parent.tree.clone(), image, layers: [...parent.layers] };
    }
    if (stage.base.toLowerCase() === 'scratch') {
        return { tree: new ImageTree(true), image: scratchConfig(o.platform), layers: [] };
    }
    const pulled = bases.get(baseKey(stage.base, stagePlatform(stage.platform, o.platform)));
    const layers = baseImageLayers(pulled.base, pulled.imageConfig.rootfs.diff_ids);
    let tree = new ImageTree(false);
    if (pulled.base.openLayer !== undefined) {
        // With its files when a later stage copies from it, else its metadata only.
        if (baseFiles)
            pulled.files ??= imageFiles(pulled.base, o);
        else
            pulled.tree ??= readBaseTree(pulled.base, o.layerCache);
        tree = (await (baseFiles ? pulled.files : pulled.tree)).clone();
    }
    const image = structuredClone(pulled.imageConfig);
    // Its ONBUILD triggers run in this stage (see parseDockerfile); BuildKit clears them.
    delete image.config.OnBuild;
    return { tree, image, layers };
}
/** COPY --from=<image>: the image's files, read once per build. */
async function imageSource(ref, bases, o) {
    const pulled = bases.get(baseKey(ref, o.platform));
    if (pulled === undefined)
        throw new Error(`Internal error: the image ${ref} was not resolved`);
    pulled.files ??= imageFiles(pulled.base, o);
    return new StageFs(`image ${ref}`, await pulled.files);
}
/**
 * The metadata of a base image's filesystem, from its layers in order. Each layer comes
 * through the run's layer cache (for the run alone: a base only built on is not kept
 * between builds), all of them downloading while the first ones are read.
 */
async function readBaseTree(base, cache) {
    const open = base.openLayer;
    const files = base.layers.map((layer, i) => cache.open(layer, () => open(i), false));
    // Read in order, but any may fail first: its failure is met below, never left unhandled.
    for (const file of files)
        file.catch(() => undefined);
    try {
        const tree = new ImageTree(true);
        for (const [i, file] of files.entries()) {
            const stream = (await file).createReadStream({ start: 0, autoClose: false });
            await indexLayer(tree, stream, layerName(base, i));
        }
        return tree;
    }
    finally {
        await Promise.allSettled(files.map(async (f) => (await f).close()));
    }
}

;// CONCATENATED MODULE: ./src/builders/native/build.ts
/**
 * The native builder: builds a Dockerfile without RUN in-process, reproducibly.
 *
 * Each stage the target needs is carried out in order on an in-memory filesystem
 * (ImageTree) and an image config (StageImage): COPY/ADD and WORKDIR make one layer
 * each, like BuildKit; the other instructions change the config and add a history
 * entry (instructions.ts). A stage FROM a registry image keeps the base image's layers
 * by reference (they are not downloaded: `from` tells the pusher where to mount them
 * from); of its filesystem only the metadata is read, when the registry can stream
 * the layers (stage-start.ts), unless the build copies files out of it (from-image.ts).
 *
 * Same commit, same options, same output: timestamps are the epoch, layers are
 * written deterministically (tar-layer.ts), and JSON is serialized with a fixed layout.
 */



















async function buildNative(options) {
    // Before any work: zstd on a Node.js without it is refused here, not at the first layer.
    if (options.compression !== undefined)
        (0,layers_compression/* checkLayerCompression */.Y_)(options.compression);
    const o = { ...options, layerCache: options.layerCache ?? ownLayerCache(options) };
    const file = displayPath(o.dockerfile);
    const { df, needed, bases } = await parseStages(readDockerfile(o, file), file, o);
    refuseUnsupported(df, o.target);
    const build = {
        o,
        file,
        df,
        bases,
        buildContext: new ContextFs(external_node_path_default().resolve(o.contextDir), await readIgnore(o)),
        created: epochToCreated(o.epoch),
        jobs: new LayerJobs(o.concurrency ?? Math.max(1, Math.min(4, external_node_os_default().availableParallelism())), { epoch: o.epoch, tmpDir: o.tmpDir, compression: o.compression }, o.onLayer, o.followFiles),
        lineage: lineageOf(df, targetIndexOf(needed)),
        withBaseFiles: stagesWithBaseFiles(df, needed),
        stages: new Map(),
    };
    try {
        for (const index of needed)
            build.stages.set(index, await buildStage(index, build));
        return await finishImage(build.stages.get(targetIndexOf(needed)), build);
    }
    finally {
        // Layers of stages the target does not use, or of a failed build: let them finish
        // before the caller removes the temporary directory.
        await build.jobs.settle();
    }
}
/** A layer cache for this build alone: kept in layerCacheDir, or in tmpDir with the rest. */
function ownLayerCache(o) {
    const tmp = external_node_path_default().join(o.tmpDir, 'base-layers');
    return o.layerCacheDir === undefined ? new LayerCache(tmp) : new LayerCache(o.layerCacheDir, tmp);
}
function readDockerfile(o, file) {
    try {
        return (o.dockerfiles ?? new source.DockerfileReader()).read(o.dockerfile);
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('build', `Cannot read the Dockerfile ${file}: ${err.message}`, 'Check the dockerfile input (it is relative to the workspace).');
    }
}
/** The Dockerfile's stages, the ones the target needs, and their registry base images. */
async function parseStages(text, file, o) {
    const platform = (0,image_platform/* formatPlatform */.Bq)(o.platform);
    // First pass: stages and their base images.
    let df = parseDockerfile(text, file, o.buildArgs, { target: o.target, platform });
    let needed = neededStages(df, o.target);
    const bases = await pullBases(df, needed, o, file);
    if (bases.size > 0) {
        // Second pass: variables may come from the base images' environment, as in Docker,
        // and the base images' ONBUILD triggers run first in the stages FROM them.
        const config = (image, stagePlatformText) => bases.get(baseKey(image, stagePlatform(stagePlatformText, o.platform)))?.imageConfig.config;
        df = parseDockerfile(text, file, o.buildArgs, {
            target: o.target,
            platform,
            baseImageEnv: (image, stagePlatformText) => config(image, stagePlatformText)?.Env,
            baseImageTriggers: (image, stagePlatformText) => config(image, stagePlatformText)?.OnBuild,
        });
        // Triggers may copy from images of their own.
        needed = neededStages(df, o.target);
        await pullBases(df, needed, o, file, bases);
    }
    return { df, needed, bases };
}
/** The registry images the needed stages start from or copy from, added to `out`. */
async function pullBases(df, needed, o, file, out = new Map()) {
    for (const r of imageRefs(df, needed)) {
        await at({ file, line: r.line, what: r.what }, () => pullBase(r, o, file, out));
    }
    return out;
}
/**
 * One step of the build, at its place in the Dockerfile: what fails in it is located
 * there, once (BuildKit's dispatch loop does the same).
 */
async function at(place, work) {
    try {
        return await work();
    }
    catch (err) {
        throw (0,located/* locate */.x5)(err, place);
    }
}
function refuseUnsupported(df, target) {
    const unsupported = unsupportedInNative(df, target);
    if (unsupported !== undefined)
        throw new NeedsEngineError(unsupported);
}
/** The target and the stages it is FROM, one after the other. */
function lineageOf(df, target) {
    const lineage = new Set();
    for (let i = target; i !== undefined;) {
        lineage.add(i);
        i = df.stages[i].baseStage;
    }
    return lineage;
}
/** Carries out one stage's instructions on the state it starts from. */
async function buildStage(index, b) {
    const stage = b.df.stages[index];
    const baseFiles = b.withBaseFiles.has(index);
    const from = { file: b.file, line: stage.line, what: `FROM ${stage.base}` };
    const start = await at(from, () => stage_start_initialState(stage, b.stages, b.bases, b.o, baseFiles));
    const img = new StageImage(start.image, b.o.platform, b.created);
    const state = {
        tree: start.tree,
        image: img.image,
        layers: start.layers,
        label: stage.name !== undefined ? `stage ${stage.name}` : `stage ${stage.index}`,
    };
    const writesLayers = b.lineage.has(index);
    const scope = {
        img,
        state,
        stages: b.stages,
        buildContext: b.buildContext,
        tmpDir: b.o.tmpDir,
        env: b.o.env,
        stageBase: stage.base,
        imageFs: (ref) => imageSource(ref, b.bases, b.o),
        addLayer: (ins, entries, createdBy) => {
            const placeholder = b.jobs.placeholder();
            if (writesLayers)
                state.layers.push(b.jobs.start(placeholder, entries, ins));
            img.addLayer(placeholder, createdBy);
        },
    };
    for (const ins of stage.instructions) {
        await at({ file: b.file, line: ins.line, what: ins.keyword }, () => dispatch(ins, scope));
        await b.jobs.throttle();
    }
    return state;
}
/** The target stage as the image: the build's labels added, its layers written. */
async function finishImage(target, b) {
    const finished = new StageImage(target.image, b.o.platform, b.created);
    finished.setLabels(b.o.labels);
    const image = finished.finish();
    const layers = await finishedLayers(target.layers, image.rootfs.diff_ids, b.file);
    if (image.rootfs.diff_ids.length !== layers.length) {
        throw new Error(`Internal error: ${image.rootfs.diff_ids.length} diff_ids for ${layers.length} layers`);
    }
    return assembleImage(serializeConfig(image), layers, { ...b.o.platform }, b.o.annotations);
}
/**
 * The stage built: the named target, else the last stage. Every stage it needs comes
 * before it (FROM and COPY --from only refer to earlier stages), so it is the last
 * of the needed ones.
 */
function targetIndexOf(needed) {
    return needed[needed.length - 1];
}
/** The Dockerfile path as messages and annotations show it: relative to the workspace. */
function displayPath(file) {
    const rel = external_node_path_default().relative(process.cwd(), file);
    return rel !== '' && !rel.startsWith('..') && !external_node_path_default().isAbsolute(rel)
        ? rel.split((external_node_path_default()).sep).join('/')
        : file;
}
async function readIgnore(o) {
    // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile first.
    const candidates = [`${o.dockerfile}.dockerignore`, external_node_path_default().join(o.contextDir, '.dockerignore')];
    for (const candidate of candidates) {
        let text;
        try {
            text = await (0,promises_.readFile)(candidate, 'utf8');
        }
        catch {
            continue;
        }
        return createMatcher(parseDockerignore(text));
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/builders/native/builder.ts








/**
 * Builds RUN-less Dockerfiles in-process and pushes with our own registry client:
 * no Docker engine, no credentials on disk, the same digest for the same commit.
 */
class NativeBuilder {
    settings;
    name = 'native';
    workDir;
    publisher;
    /** The run's base layers: each downloaded once for every platform and every reader. */
    layerCache;
    constructor(settings) {
        this.settings = settings;
        const { tempDir, registry, onTempDir, retryTimeoutMs, credentials, io, shared } = settings;
        this.workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'oneimage-native-'));
        this.layerCache = runLayerCache(tempDir, this.workDir);
        onTempDir(this.workDir);
        this.publisher = new ImagePublisher({
            registry,
            retryTimeoutMs,
            builder: 'native',
            credentialsFor: credentials,
            io,
            layerCache: this.layerCache,
            clients: shared?.clients,
        });
    }
    async build(plan, platform) {
        const bases = [];
        const image = await buildNative({
            contextDir: plan.context,
            dockerfile: plan.dockerfile,
            buildArgs: Object.fromEntries(plan.buildArgs),
            labels: Object.fromEntries(plan.labels),
            annotations: plan.annotations,
            target: plan.target || undefined,
            platform: platform ? (0,image_platform/* parsePlatform */.Y8)(platform) : (0,image_platform/* hostPlatform */.ol)(),
            epoch: plan.epoch,
            compression: this.settings.compression,
            tmpDir: this.workDir,
            env: this.settings.env,
            layerCache: this.layerCache,
            dockerfiles: this.settings.shared?.dockerfiles,
            pullBase: async (ref, p) => {
                const base = await resolveBaseImage(ref, p, (registry) => this.publisher.client(registry));
                if (base.manifestDigest)
                    bases.push({ ref, digest: base.manifestDigest, platform: p });
                return base;
            },
            onLayer: (live) => this.publisher.layerStarted(live),
            followFiles: plan.attest !== undefined,
        });
        this.publisher.images.push(image);
        this.publisher.bases.set(image.manifestDigest, bases);
        this.settings.io.info(`Built ${(0,image_platform/* formatPlatform */.Bq)(image.platform)}: ${image.manifestDigest} (${plural(image.layers.length, 'layer')})`);
        return {
            imageId: this.publisher.imageId(),
            size: this.publisher.size(),
            sizeKind: 'compressed',
            platforms: this.publisher.platformDigests(),
        };
    }
    login(credentials, plan) {
        return this.publisher.login(credentials, plan);
    }
    push(plan) {
        return this.publisher.push(plan);
    }
    exportArchive(plan, path) {
        return this.publisher.exportArchive(plan, path);
    }
    built() {
        return { images: this.publisher.images, open: (l) => this.publisher.openLayer(l) };
    }
    dispose() {
        this.publisher.dispose();
        (0,external_node_fs_.rmSync)(this.workDir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/builders/auto.ts


/**
 * `builder: auto` once the Dockerfile looked buildable natively: the native builder,
 * unless reading the base images shows what it cannot build (NeedsEngineError, with
 * file:line and why); then the Docker engine builds the image, and pushes it.
 */
class AutoBuilder {
    native;
    engine;
    log;
    current;
    credentials;
    /** The engine's login, when the build moved to the engine after the native login. */
    engineLogin;
    constructor(native, engine, 
    /** The run's log, where the switch to the engine is said. */
    log) {
        this.native = native;
        this.engine = engine;
        this.log = log;
        this.current = native;
    }
    get name() {
        return this.current.name;
    }
    async build(plan, platform) {
        try {
            return await this.current.build(plan, platform);
        }
        catch (err) {
            // Several platforms: the images already built natively would be lost, so no switch.
            const single = plan.platforms.length <= 1;
            if (!(err instanceof NeedsEngineError) || this.current !== this.native || !single)
                throw err;
            const { instruction, reason } = err.unsupported;
            this.log.info(`Builder: docker (${(0,located/* placeText */.Z9)(err.unsupported)}: ${instruction} needs the Docker engine (${reason}))`);
            this.native.dispose();
            this.current = this.engine();
            if (this.credentials !== undefined) {
                this.engineLogin = this.current.login(this.credentials.credentials, this.credentials.plan);
                this.engineLogin.catch(() => undefined); // reported by push
            }
            return this.current.build(plan, platform);
        }
    }
    login(credentials, plan) {
        this.credentials = { credentials, plan };
        return this.current.login(credentials, plan);
    }
    async push(plan) {
        await this.engineLogin;
        return this.current.push(plan);
    }
    exportArchive(plan, path) {
        return this.current.exportArchive(plan, path);
    }
    dispose() {
        this.current.dispose();
    }
}

;// CONCATENATED MODULE: ./src/builders/choose.ts







/**
 * Which builder builds this Dockerfile: the one asked for, or with `auto` the native
 * builder whenever the Dockerfile is within what it supports, else the Docker engine.
 */
function decideBuilder(asked, plan, wording, dockerfiles = new source.DockerfileReader()) {
    const file = wording.path(plan.dockerfile);
    let text;
    try {
        text = dockerfiles.read(plan.dockerfile);
    }
    catch {
        if (!(0,external_node_fs_.existsSync)(plan.context)) {
            throw new errors/* ActionError */.lZ('inputs', `${wording.input('context')}: no directory at ${JSON.stringify(wording.path(plan.context))}.`, `Set ${wording.setting('context')} to the directory that holds the Dockerfile and the files it copies.`);
        }
        throw new errors/* ActionError */.lZ('inputs', `${wording.input('dockerfile')}: no Dockerfile at ${JSON.stringify(file)}.`, `Set ${wording.setting('dockerfile')} or ${wording.setting('context')} to where your Dockerfile is; the Dockerfile must exist before the build-command runs.`);
    }
    if (asked === 'docker')
        return { kind: 'docker', reason: 'builder: docker' };
    const parsed = parseDockerfile(text, file, Object.fromEntries(plan.buildArgs), {
        target: plan.target || undefined,
    });
    const unsupported = unsupportedInNative(parsed, plan.target || undefined);
    if (!unsupported) {
        return {
            ...(asked === 'auto' ? { auto: true } : {}),
            kind: 'native',
            reason: asked === 'native'
                ? 'builder: native'
                : 'the Dockerfile has no RUN step or other instruction that needs an engine',
        };
    }
    if (asked === 'native') {
        throw new located/* LocatedError */.BU(unsupported, `${unsupported.instruction} is not supported by the native builder: ${unsupported.reason}`, `Set ${wording.setting('builder')} to docker (or auto) to build this Dockerfile with the Docker engine.`);
    }
    return {
        kind: 'docker',
        reason: `${(0,located/* placeText */.Z9)(unsupported)}: ${unsupported.instruction} needs the Docker engine (${unsupported.reason})`,
    };
}
function createBuilder(choice, settings) {
    const { io } = settings;
    io.info(`Builder: ${choice.kind} (${choice.reason})`);
    // Both builders are made of the same settings.
    const made = { ...settings, onTempDir: (dir) => (0,core_leftovers.rememberTempDir)(io, dir) };
    const engine = () => new DockerBuilder(made);
    if (choice.kind === 'docker')
        return engine();
    const native = new NativeBuilder(made);
    return choice.auto ? new AutoBuilder(native, engine, io) : native;
}


/***/ })

};

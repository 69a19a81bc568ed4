export const id = 920;
export const ids = [920];
export const modules = {

/***/ 6936:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I7: () => (/* binding */ linkTargetNames),
/* harmony export */   JF: () => (/* binding */ segments),
/* harmony export */   Km: () => (/* binding */ cleanImagePath),
/* harmony export */   OJ: () => (/* binding */ joinImage),
/* harmony export */   bx: () => (/* binding */ baseOf),
/* harmony export */   gN: () => (/* binding */ parentOf),
/* harmony export */   ts: () => (/* binding */ cleanPath)
/* harmony export */ });
/**
 * Slash-separated paths cleaned lexically, as Go's path.Clean does; and paths inside
 * an image: absolute and clean (`..` stops at the root).
 */
/** Go's path.Clean: no `.`, `..` or empty segments, no trailing slash; `.` for nothing. */
function cleanPath(p) {
    if (p === '')
        return '.';
    const rooted = p.startsWith('/');
    const out = [];
    for (const part of p.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
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
function linkTargetNames(target) {
    return cleanPath(target)
        .split('/')
        .filter((s) => s !== '' && s !== '.');
}
/** `/a/b` form of an image path: `..` clamped at the root. */
function cleanImagePath(p) {
    return cleanPath(`/${p}`);
}
/** The segments of an image path, cleaned (`/a/../b/` → `['b']`). */
function segments(p) {
    const clean = cleanImagePath(p);
    return clean === '/' ? [] : clean.slice(1).split('/');
}
function parentOf(p) {
    const i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
}
function baseOf(p) {
    return p.slice(p.lastIndexOf('/') + 1);
}
function joinImage(dir, name) {
    return dir === '/' ? `/${name}` : `${dir}/${name}`;
}


/***/ }),

/***/ 9142:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zw: () => (/* binding */ readImageFiles),
/* harmony export */   dA: () => (/* binding */ readLayerTar),
/* harmony export */   fP: () => (/* binding */ LayerReader)
/* harmony export */ });
/* unused harmony export isRecord */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _fs_image_path_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6936);
/* harmony import */ var _layers_decompress_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9967);
/* harmony import */ var _layers_feed_tar_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1402);
/* harmony import */ var _layers_tar_extract_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6669);
/* harmony import */ var _util_raw_names_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9479);
/**
 * Every regular file of an image, read from its layers in order with the OCI whiteouts
 * applied: its path, the SHA-256 (and SHA-1, which SPDX asks for) of its bytes, and the
 * layer it comes from; and the package managers' records the image holds.
 */






/** Files whose contents name packages: dpkg, apk, and the distribution for the purls. */
function isRecord(path) {
    return (path === '/var/lib/dpkg/status' ||
        /^\/var\/lib\/dpkg\/status\.d\/[^/]+$/.test(path) ||
        path === '/lib/apk/db/installed' ||
        path === '/etc/os-release' ||
        path === '/usr/lib/os-release');
}
const RECORD_MAX = 32 * 1024 * 1024;
async function readImageFiles(layers) {
    const files = new Map();
    const records = new Map();
    for (const layer of layers) {
        const read = await layer.contents?.catch(() => undefined);
        const changes = read && !read.needsBelow
            ? ofLayer(read.changes, layer.digest)
            : await readLayer(layer, files);
        for (const dir of changes.opaque)
            dropUnder(files, records, dir);
        for (const path of changes.removed) {
            files.delete(path);
            records.delete(path);
            dropUnder(files, records, path);
        }
        for (const [path, file, record] of changes.added) {
            files.delete(path);
            records.delete(path);
            if (file === 'dir' || file === undefined)
                continue;
            if (file === 'other') {
                dropUnder(files, records, path);
                continue;
            }
            files.set(path, file);
            if (record)
                records.set(path, record);
        }
    }
    const sorted = [...files.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    return { files: sorted, records };
}
/** Removes what lies under `dir` (not dir itself). */
function dropUnder(files, records, dir) {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    for (const key of [...files.keys()]) {
        if (key.startsWith(prefix)) {
            files.delete(key);
            records.delete(key);
        }
    }
}
/** The changes read before the layer's digest was known, its files named by it. */
function ofLayer(changes, digest) {
    return {
        ...changes,
        added: changes.added.map(([path, file, record]) => [
            path,
            typeof file === 'object' ? { ...file, layer: digest } : file,
            record,
        ]),
    };
}
async function readLayer(layer, below) {
    const unreadable = (error) => new Error(`Cannot read the layer ${layer.digest}: ${error.message}`);
    const { output, finished: done } = await (0,_layers_decompress_js__WEBPACK_IMPORTED_MODULE_1__/* .decompress */ .mF)(await layer.open()).catch((error) => {
        throw unreadable(error);
    });
    done.catch(() => undefined);
    try {
        const { changes } = await readLayerTar(output, layer.digest, below);
        await done;
        return changes;
    }
    catch (error) {
        throw unreadable(error);
    }
}
/**
 * The files of a layer, from its uncompressed tar; `digest` names the layer in them
 * (empty while it is not known), `below` holds the files of the layers under it.
 */
async function readLayerTar(tar, digest, below) {
    const extract = (0,_layers_tar_extract_js__WEBPACK_IMPORTED_MODULE_3__/* .extractTar */ .n)();
    const feed = (0,_layers_feed_tar_js__WEBPACK_IMPORTED_MODULE_2__/* .feedTar */ .I)(tar, extract);
    const reader = new LayerReader(digest, below);
    try {
        for await (const entry of extract) {
            const h = entry.header;
            const file = reader.entry(`/${(0,_layers_tar_extract_js__WEBPACK_IMPORTED_MODULE_3__/* .memberName */ .e)(h, 'path', h.name)}`, h.type === 'contiguous-file' ? 'file' : (h.type ?? 'file'), (0,_layers_tar_extract_js__WEBPACK_IMPORTED_MODULE_3__/* .memberName */ .e)(h, 'linkpath', h.linkname ?? ''), h.size ?? 0);
            if (file === undefined) {
                entry.resume();
                continue;
            }
            for await (const chunk of entry)
                file.update(chunk);
            file.end();
        }
        await feed;
    }
    catch (error) {
        await feed.catch(() => undefined);
        throw error;
    }
    return reader.contents();
}
/**
 * The changes of one layer, entry by entry, as a tar lists them (read from a tar, or
 * told by the writer of one): whiteouts, hard links, and every regular file hashed.
 */
class LayerReader {
    digest;
    below;
    changes = { removed: [], opaque: [], added: [] };
    /** What this layer put at each path so far: a file, or something else a link may name. */
    mine = new Map();
    needsBelow = false;
    constructor(digest, below) {
        this.digest = digest;
        this.below = below;
    }
    /**
     * An entry at `name` (absolute, not yet cleaned) of tar type `type`; `linkpath` is a
     * hard link's target. Returns what reads a regular file's bytes, else undefined.
     */
    entry(name, type, linkpath, size) {
        // The same text whichever way the name came: escaped bytes (a USTAR name, a name the
        // builder holds) read as U+FFFD, as a PAX record's do.
        const rel = (0,_fs_image_path_js__WEBPACK_IMPORTED_MODULE_4__/* .segments */ .JF)((0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_5__/* .nameAsText */ .VI)(name));
        const base = rel[rel.length - 1];
        if (base === undefined)
            return undefined;
        const path = `/${rel.join('/')}`;
        if (base.startsWith('.wh.')) {
            const dir = `/${rel.slice(0, -1).join('/')}`;
            if (base === '.wh..wh..opq')
                this.changes.opaque.push(dir);
            else if (!base.startsWith('.wh..wh.')) {
                this.changes.removed.push(`${dir === '/' ? '' : dir}/${base.slice(4)}`);
            }
            return undefined;
        }
        if (type === 'link') {
            const target = `/${(0,_fs_image_path_js__WEBPACK_IMPORTED_MODULE_4__/* .segments */ .JF)(`/${(0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_5__/* .nameAsText */ .VI)(linkpath)}`).join('/')}`;
            const own = this.mine.get(target);
            if (own === undefined)
                this.needsBelow = true;
            if (own === 'other') {
                // A second name of a symbolic link (or another entry that is not a file).
                this.mine.set(path, own);
                this.changes.added.push([path, own, undefined]);
                return undefined;
            }
            const of = own ?? this.below.get(target);
            const file = of ? { ...of, path, layer: this.digest } : undefined;
            if (file)
                this.mine.set(path, file);
            this.changes.added.push([path, file, undefined]);
            return undefined;
        }
        if (type !== 'file') {
            if (type !== 'directory')
                this.mine.set(path, 'other');
            this.changes.added.push([path, type === 'directory' ? 'dir' : 'other', undefined]);
            return undefined;
        }
        return this.hashFile(path, size);
    }
    hashFile(path, size) {
        const sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        const sha1 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1');
        const keep = isRecord(path) && size <= RECORD_MAX ? [] : undefined;
        return {
            update(chunk) {
                sha256.update(chunk);
                sha1.update(chunk);
                // A copy: the chunk may be reused.
                keep?.push(Buffer.from(chunk));
            },
            end: () => {
                const file = {
                    path,
                    sha256: sha256.digest('hex'),
                    sha1: sha1.digest('hex'),
                    size,
                    layer: this.digest,
                };
                this.mine.set(path, file);
                this.changes.added.push([path, file, keep ? Buffer.concat(keep) : undefined]);
            },
        };
    }
    contents() {
        return { changes: this.changes, needsBelow: this.needsBelow };
    }
}


/***/ }),

/***/ 2463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oi: () => (/* binding */ BUILDER_ID),
/* harmony export */   Ti: () => (/* binding */ PROVENANCE_TYPE),
/* harmony export */   Yt: () => (/* binding */ ACTION_VERSION),
/* harmony export */   mK: () => (/* binding */ BUILD_TYPE),
/* harmony export */   nf: () => (/* binding */ basePurl),
/* harmony export */   oE: () => (/* binding */ secretLooking),
/* harmony export */   tY: () => (/* binding */ SBOM_TYPE),
/* harmony export */   wn: () => (/* binding */ subjectName)
/* harmony export */ });
/* unused harmony export dockerPurl */
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9310);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2554);
/**
 * What the attestations of a push say about it, decided once per run (the plan): the
 * source, the inputs that shape the image, and the name its subjects carry. Nothing in
 * it may change between two runs of one commit: no time but the commit's, no run id,
 * no path of the checkout (paths are relative to the workspace).
 */


/** The version of this action, which names the builder in the provenance. */
const ACTION_VERSION = '1.0.0';
/** The builder's identity: this action at its version. */
const BUILDER_ID = `https://github.com/one-step-image/one-step-image@v${ACTION_VERSION}`;
/** The build type: what the external parameters mean (README, "Attestations"). */
const BUILD_TYPE = 'https://github.com/one-step-image/one-step-image/attestations/build/v1';
const PROVENANCE_TYPE = 'https://slsa.dev/provenance/v1';
const SBOM_TYPE = 'https://spdx.dev/Document';
/**
 * The subject's name: the image as a location-independent package URL (purl type `oci`:
 * the name, the manifest digest as the version, the platform and the commit's tag).
 */
function subjectName(p, digest, platform) {
    const name = encodeURIComponent(p.title.toLowerCase());
    return `pkg:oci/${name}@${encodeURIComponent(digest)}?platform=${encodeURIComponent((0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(platform))}&tag=${encodeURIComponent(p.subjectTag)}`;
}
/** A name that looks like it holds a secret: its value stays out of the attestations. */
function secretLooking(name) {
    return /(SECRET|TOKEN|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|PRIVATE|API_?KEY|AUTH|_KEY$|^KEY$)/i.test(name);
}
/** BuildKit's subject name: the image as a package URL (`pkg:docker/alice/hello@tag?platform=`). */
function dockerPurl(image, version, qualifiers) {
    const familiar = image.registry === 'docker.io' ? image.path.replace(/^library\//, '') : image.name;
    const parts = familiar.split('/').map(encodeURIComponent);
    const query = qualifiers
        .slice()
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&');
    return `pkg:docker/${parts.join('/')}@${encodeURIComponent(version)}${query ? `?${query}` : ''}`;
}
/** A base image as a package URL, as BuildKit writes one: its tag, its digest, its platform. */
function basePurl(b) {
    try {
        const parsed = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReference */ .F2)(b.ref);
        const image = {
            registry: parsed.registry,
            path: parsed.path,
            name: `${parsed.registry}/${parsed.path}`,
        };
        return dockerPurl(image, parsed.tag ?? 'latest', [
            ['digest', b.digest],
            ['platform', (0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(b.platform)],
        ]);
    }
    catch {
        return b.ref; // what the registry client read is always parseable
    }
}


/***/ }),

/***/ 9967:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZF: () => (/* binding */ sniff),
/* harmony export */   mF: () => (/* binding */ decompress),
/* harmony export */   pO: () => (/* binding */ MissingDecompressor),
/* harmony export */   t$: () => (/* binding */ sniffStream)
/* harmony export */ });
/* unused harmony export MAGIC */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8474);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_events__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _util_child_env_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4132);
/**
 * The one decompressor: an archive or a layer blob, uncompressed as its first bytes
 * say (gzip, zstd, bzip2, xz), as containerd's DecompressStream and moby's archive
 * package do, whatever the file's name or the layer's media type claim. Anything else
 * passes as it is (a plain tar; or not an archive, which the tar reader refuses).
 *
 * gzip is read in-process, zstd too where Node.js has it (22.15, 23.8 and later), else
 * through the system's `zstd` program; bzip2 and xz through `bzip2` and `xz`, streamed
 * (no shell). Errors are data: the caller says what was being read.
 */






/** The magic bytes each compression starts with. */
const MAGIC = {
    gzip: [0x1f, 0x8b],
    bzip2: [0x42, 0x5a, 0x68],
    xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    zstd: [0x28, 0xb5, 0x2f, 0xfd],
};
/** The longest magic: what is read before deciding. */
const SNIFF_BYTES = Math.max(...Object.values(MAGIC).map((m) => m.length));
/** The compression these first bytes say, or undefined (not compressed, or unknown). */
function sniff(head) {
    for (const [format, magic] of Object.entries(MAGIC)) {
        if (head.length >= magic.length && magic.every((b, i) => head[i] === b))
            return format;
    }
    return undefined;
}
/** The program a compression needs and this machine does not have. */
class MissingDecompressor extends Error {
    format;
    program;
    constructor(format, program) {
        super(`reading ${format} data needs the ${program} program, which is not installed`);
        this.format = format;
        this.program = program;
        this.name = 'MissingDecompressor';
    }
}
/**
 * The input uncompressed as its first bytes say; `env` is the step's environment, which
 * a decompressing program (bzip2, xz) inherits (none given: an empty one).
 */
async function decompress(input, env = {}) {
    const { format, source } = await sniffStream(input);
    if (format === undefined) {
        return { format, output: source, finished: (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.finished)(source), stop: () => source.destroy() };
    }
    const engine = inProcess(format);
    if (engine !== undefined) {
        return {
            format,
            output: engine,
            finished: (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(source, engine),
            stop: () => {
                source.destroy();
                engine.destroy();
            },
        };
    }
    return { format, ...(await withProgram(source, format, env)) };
}
/** Node.js's own decompressor of a format, when it has one. */
function inProcess(format) {
    if (format === 'gzip')
        return node_zlib__WEBPACK_IMPORTED_MODULE_4___default().createGunzip();
    if (format !== 'zstd')
        return undefined;
    const z = (node_zlib__WEBPACK_IMPORTED_MODULE_4___default());
    return z.createZstdDecompress?.();
}
/** `<program> -dc`, fed from `source`; refused at once when the program is missing. */
async function withProgram(source, format, env) {
    const program = format;
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(program, ['-dc'], { env: (0,_util_child_env_js__WEBPACK_IMPORTED_MODULE_5__/* .childEnv */ .g)(env), stdio: ['pipe', 'pipe', 'pipe'] });
    try {
        await (0,node_events__WEBPACK_IMPORTED_MODULE_1__.once)(child, 'spawn');
    }
    catch (err) {
        source.destroy();
        throw err.code === 'ENOENT'
            ? new MissingDecompressor(format, program)
            : err;
    }
    let stopped = false;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d.toString()));
    const fed = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(source, child.stdin).catch((err) => {
        if (!stopped)
            throw err;
    });
    const exited = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => {
            if (code === 0 || stopped)
                resolve();
            else
                reject(new Error(`${program}: ${stderr.trim() || `exit code ${code}`}`));
        });
    });
    return {
        output: child.stdout,
        finished: Promise.all([fed, exited]).then(() => undefined),
        stop: () => {
            stopped = true;
            source.destroy();
            child.kill();
        },
    };
}
/** What the first bytes of `input` say, and all of its bytes again (none lost). */
async function sniffStream(input) {
    const { head, source } = await peek(input, SNIFF_BYTES);
    return { format: sniff(head), source };
}
/**
 * The first `n` bytes of the input (fewer when it is shorter), and a stream of all of
 * it, those bytes included. Destroying the stream destroys the input.
 */
async function peek(input, n) {
    const chunks = input[Symbol.asyncIterator]();
    const first = [];
    let size = 0;
    let done = false;
    while (size < n) {
        const next = await chunks.next();
        if (next.done === true) {
            done = true;
            break;
        }
        const chunk = asBuffer(next.value);
        first.push(chunk);
        size += chunk.length;
    }
    async function* all() {
        yield* first;
        if (done)
            return;
        for (;;) {
            const next = await chunks.next();
            if (next.done === true)
                return;
            yield asBuffer(next.value);
        }
    }
    const source = node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from(all(), { objectMode: false });
    // Destroyed before its end (stop, a failed pipeline): the input is let go too.
    source.once('close', () => void chunks.return?.());
    return { head: Buffer.concat(first).subarray(0, n), source };
}
/** A chunk as a Buffer, not copied when it is one already. */
function asBuffer(chunk) {
    if (typeof chunk === 'string')
        return Buffer.from(chunk);
    return Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}


/***/ }),

/***/ 1402:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ feedTar)
/* harmony export */ });
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8474);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_events__WEBPACK_IMPORTED_MODULE_0__);

/** Streams a tar into tar-stream's extractor, with backpressure. */
async function feedTar(source, extract) {
    try {
        for await (const chunk of source) {
            if (!extract.write(chunk))
                await (0,node_events__WEBPACK_IMPORTED_MODULE_0__.once)(extract, 'drain');
        }
        extract.end();
    }
    catch (err) {
        extract.destroy(err);
        throw err;
    }
}


/***/ }),

/***/ 6669:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ memberName),
/* harmony export */   n: () => (/* binding */ extractTar)
/* harmony export */ });
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6118);
/* harmony import */ var _util_raw_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9479);
/**
 * Reading a tar with its names as bytes: every reader of archives and layers takes its
 * extractor from here. A name becomes the build's string of its bytes (raw-names.ts),
 * whether the archive holds it in the USTAR or GNU header or in a PAX record, so that a
 * name that is not UTF-8 keeps its bytes, as Docker and BuildKit keep them.
 */


/** A tar-stream extractor whose names are bytes (read them with memberName). */
function extractTar() {
    // Header names as Latin-1, that is as bytes, which memberName turns into the build's names.
    const extract = tar_stream__WEBPACK_IMPORTED_MODULE_0__.extract({ filenameEncoding: 'latin1' });
    rawPaxNames(extract);
    return extract;
}
/**
 * A member's name or link target as the build's string, from a header of extractTar:
 * a PAX record's (already the build's string), else the header's bytes.
 */
function memberName(h, record, value) {
    const pax = (h.pax ?? {});
    if (pax[record] !== undefined)
        return pax[record];
    return (0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_1__/* .nameFromBytes */ .Dj)(Buffer.from(value, 'latin1'));
}
/**
 * Why this reaches inside tar-stream: it decodes a PAX extended header as UTF-8 text
 * (headers.js decodePax), so a name's bytes that are not UTF-8 become U+FFFD for good,
 * and no option keeps them; yet Go's archive/tar (Docker, BuildKit) writes every name
 * that is not ASCII in such a record, as its bytes. Its extractor hands the header's
 * whole data to `_decodeLongHeader`; after it, the path and linkpath records are read
 * again here from those bytes. A tar-stream without that method fails every read
 * (tests included) rather than lose names quietly.
 */
function rawPaxNames(x) {
    const decode = x._decodeLongHeader;
    if (typeof decode !== 'function') {
        throw new Error('tar-stream has changed: its extractor has no _decodeLongHeader');
    }
    x._decodeLongHeader = (buf) => {
        decode.call(x, buf);
        const type = x._header?.type;
        const records = type === 'pax-header' ? x._pax : type === 'pax-global-header' ? x._paxGlobal : null;
        if (records)
            Object.assign(records, paxNames(buf));
    };
}
/**
 * The path and linkpath records of a PAX extended header, from its bytes: records
 * `<length> <key>=<value>\n`, read as tar-stream reads them (it stops where they do not
 * parse, so a record here is one it read too).
 */
function paxNames(data) {
    const out = {};
    let rest = data;
    while (rest.length > 0) {
        const space = rest.indexOf(0x20);
        const length = space > 0 ? parseInt(rest.subarray(0, space).toString(), 10) : 0;
        if (!length)
            break;
        const record = rest.subarray(space + 1, length - 1);
        const eq = record.indexOf(0x3d);
        if (eq === -1)
            break;
        const key = record.subarray(0, eq).toString();
        if (key === 'path' || key === 'linkpath')
            out[key] = (0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_1__/* .nameFromBytes */ .Dj)(record.subarray(eq + 1));
        rest = rest.subarray(length);
    }
    return out;
}


/***/ }),

/***/ 9479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CD: () => (/* binding */ nameToBytes),
/* harmony export */   Dj: () => (/* binding */ nameFromBytes),
/* harmony export */   Jk: () => (/* binding */ fsPath),
/* harmony export */   MP: () => (/* binding */ compareNames),
/* harmony export */   VI: () => (/* binding */ nameAsText)
/* harmony export */ });
/**
 * File names as bytes. Linux names are byte strings: `caf\xe9.txt` (Latin-1) is a valid
 * name that is not valid UTF-8. Docker copies such names byte for byte, so the build
 * keeps them exactly through its string paths: a name read from disk is decoded as
 * UTF-8, each byte that is not part of a valid sequence becoming the lone surrogate
 * U+DC80 + (byte - 0x80) (as Python's surrogateescape does); `nameToBytes` gives the
 * original bytes back. A valid UTF-8 name reads as the same string as ever, and no
 * valid name decodes to a lone surrogate, so the mapping loses nothing.
 */
const ESCAPE_BASE = 0xdc00;
/** A name read from disk or from a tar header, as the build's string. */
function nameFromBytes(bytes) {
    const text = bytes.toString('utf8');
    if (!text.includes('\ufffd'))
        return text;
    let out = '';
    let i = 0;
    while (i < bytes.length) {
        const len = validSequenceLength(bytes, i);
        if (len === 0) {
            out += String.fromCharCode(ESCAPE_BASE + bytes[i]);
            i++;
        }
        else {
            out += bytes.subarray(i, i + len).toString('utf8');
            i += len;
        }
    }
    return out;
}
/** The bytes of a name made by nameFromBytes (UTF-8, escaped bytes restored). */
function nameToBytes(name) {
    if (!hasEscapes(name))
        return Buffer.from(name, 'utf8');
    const parts = [];
    let start = 0;
    for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && isLow(name.charCodeAt(i + 1))) {
            i++; // a valid pair
        }
        else if (isEscape(c)) {
            parts.push(Buffer.from(name.slice(start, i), 'utf8'), Buffer.from([c - ESCAPE_BASE]));
            start = i + 1;
        }
    }
    parts.push(Buffer.from(name.slice(start), 'utf8'));
    return Buffer.concat(parts);
}
/**
 * The name as text that must be valid Unicode (an SBOM's file names): each byte that is
 * not UTF-8 becomes U+FFFD, as a UTF-8 decoder reads it (a PAX record, for one).
 */
function nameAsText(name) {
    return hasEscapes(name) ? nameToBytes(name).toString('utf8') : name;
}
/** A path for the fs functions: a Buffer when the name holds escaped bytes. */
function fsPath(name) {
    return hasEscapes(name) ? nameToBytes(name) : name;
}
/** Byte order of two names (Go's string comparison). */
function compareNames(a, b) {
    return Buffer.compare(nameToBytes(a), nameToBytes(b));
}
function isLow(c) {
    return c >= 0xdc00 && c <= 0xdfff;
}
function isEscape(c) {
    return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff;
}
/** Whether the name has a lone surrogate standing for a byte. */
function hasEscapes(name) {
    for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && isLow(name.charCodeAt(i + 1)))
            i++;
        else if (isEscape(c))
            return true;
    }
    return false;
}
/** The length of the valid UTF-8 sequence at `i`, 0 when the byte does not start one. */
function validSequenceLength(b, i) {
    const c = b[i];
    if (c < 0x80)
        return 1;
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > b.length)
        return 0;
    for (let k = 1; k < len; k++)
        if ((b[i + k] & 0xc0) !== 0x80)
            return 0;
    // Overlong forms, surrogates and code points above U+10FFFF are not valid either.
    const second = b[i + 1];
    if (c === 0xe0 && second < 0xa0)
        return 0;
    if (c === 0xed && second > 0x9f)
        return 0;
    if (c === 0xf0 && second < 0x90)
        return 0;
    if (c === 0xf4 && second > 0x8f)
        return 0;
    return len;
}


/***/ })

};

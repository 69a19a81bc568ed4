export const id = 920;
export const ids = [920];
export const modules = {

/***/ 1327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ archiveKind),
/* harmony export */   N1: () => (/* binding */ headerOwner),
/* harmony export */   O$: () => (/* binding */ unreadable),
/* harmony export */   Qh: () => (/* binding */ extractArchive),
/* harmony export */   eg: () => (/* binding */ memberName),
/* harmony export */   rZ: () => (/* binding */ MEMBER_NAMES_AS_BYTES)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6118);
/* harmony import */ var _layers_hard_links_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(6937);
/* harmony import */ var _util_raw_names_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9479);
/* harmony import */ var _layers_feed_tar_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1402);
/* harmony import */ var _layers_decompress_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2348);
/* harmony import */ var _context_error_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(91);
/* harmony import */ var _image_path_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(6936);
/* harmony import */ var _image_tree_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5591);
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
    const h = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_10__/* .fsPath */ .Jk)(file), 'r');
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
    const format = (0,_layers_decompress_js__WEBPACK_IMPORTED_MODULE_7__/* .sniff */ .ZF)(head);
    if (format === 'zstd') {
        throw new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(file)} is a zstd archive, which ADD would extract but the native builder cannot decompress`, 'Use a plain, gzip, bzip2 or xz tar, COPY the file instead, or use the docker builder.');
    }
    if (format === undefined)
        return isTarHeader(head) ? 'tar' : undefined;
    const first = await decompressedHead(file, 512, env);
    return first !== undefined && isTarHeader(first) ? format : undefined;
}
/** The first `n` bytes of the decompressed contents, undefined when they cannot be read. */
async function decompressedHead(file, n, env) {
    const d = await (0,_layers_decompress_js__WEBPACK_IMPORTED_MODULE_7__/* .decompress */ .mF)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)((0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_10__/* .fsPath */ .Jk)(file)), env).catch((err) => {
        if (err instanceof _layers_decompress_js__WEBPACK_IMPORTED_MODULE_7__/* .MissingDecompressor */ .pO)
            throw unreadable(node_path__WEBPACK_IMPORTED_MODULE_3___default().basename(file), 'archive', err);
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
    const outDir = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(x.tmpDir, `add-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(outDir, { recursive: true });
    const extract = tar_stream__WEBPACK_IMPORTED_MODULE_5__.extract(MEMBER_NAMES_AS_BYTES);
    const input = typeof x.file === 'string'
        ? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)((0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_10__/* .fsPath */ .Jk)(x.file))
        : x.file.createReadStream({ start: 0, autoClose: false });
    const what = x.layer === undefined ? 'archive' : 'layer';
    const d = await (0,_layers_decompress_js__WEBPACK_IMPORTED_MODULE_7__/* .decompress */ .mF)(input, x.env ?? {}).catch((err) => {
        throw unreadable(x.written, what, err);
    });
    // Its failure also ends the extraction below; this keeps it from going unhandled.
    d.finished.catch(() => undefined);
    const feed = (0,_layers_feed_tar_js__WEBPACK_IMPORTED_MODULE_6__/* .feedTar */ .I)(d.output, extract).then(() => d.finished);
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
    if (err instanceof _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a)
        return err;
    if (err instanceof _layers_decompress_js__WEBPACK_IMPORTED_MODULE_7__/* .MissingDecompressor */ .pO)
        return missingProgram(what, kind, err);
    const message = err instanceof Error ? err.message : String(err);
    if (CUT_SHORT.test(message) || err.code === 'Z_BUF_ERROR') {
        return new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${what}: unexpected EOF: the ${kind} ends part-way`, kind === 'archive'
            ? 'The file is cut short or damaged: make it again (check the step that writes or downloads it).'
            : 'The layer is stored cut short or damaged in its registry: push the image again, or use another tag or digest.');
    }
    return new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${what}: cannot read the ${kind}: ${message}`);
}
function missingProgram(what, kind, err) {
    const { format, program } = err;
    if (kind === 'archive') {
        return new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`ADD of a ${format} archive needs the ${program} program, which is not installed`, `Install ${program} on the runner, or use a gzip-compressed tar.`);
    }
    return new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${what}: reading a ${format}-compressed layer needs the ${program} program, which is not installed`, `Install ${program} on the runner${format === 'zstd' ? ', or run on Node.js 22.15 or later' : ''}.`);
}
/** The image path of a member name: cleaned, and clamped inside the destination. */
function memberPath(destDir, name) {
    return (0,_image_path_js__WEBPACK_IMPORTED_MODULE_11__/* .cleanImagePath */ .Km)(`${destDir}/${(0,_image_path_js__WEBPACK_IMPORTED_MODULE_11__/* .cleanImagePath */ .Km)(name)}`);
}
/**
 * Where a member lands: its path, refused when it goes through a symbolic link this
 * archive made (`d -> /x` then `d/file`), as BuildKit refuses it; links the image
 * already had (`/lib -> usr/lib`) are followed, inside the image.
 */
function placedPath(x, name, to) {
    const base = x.destDir === '/' ? '' : x.destDir;
    const rel = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_11__/* .segments */ .JF)(to.slice(base.length));
    for (let i = 1; i < rel.length; i++) {
        const via = `${base}/${rel.slice(0, i).join('/')}`;
        const node = x.tree.get(via);
        if (node?.type === 'symlink' && x.links.has(via)) {
            throw new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${x.written}: the archive entry ${JSON.stringify(name)} would be written through the symbolic link ${JSON.stringify(rel.slice(0, i).join('/'))} (to ${JSON.stringify(node.linkname ?? '')}) that the archive made earlier`, 'Remove the link from the archive, or put the files where it points.');
        }
    }
    const parent = x.tree.resolve((0,_image_path_js__WEBPACK_IMPORTED_MODULE_11__/* .parentOf */ .gN)(to), true).path;
    return `${parent === '/' ? '' : parent}/${rel[rel.length - 1]}`;
}
/** tar-stream's option to read header names as Latin-1, that is as bytes (see memberName). */
const MEMBER_NAMES_AS_BYTES = { filenameEncoding: 'latin1' };
/**
 * A member's name or link target as the build's string: the bytes of the USTAR or GNU
 * header (read as Latin-1), kept when they are not UTF-8 (see raw-names.ts); a PAX
 * record, which tar-stream has already decoded as UTF-8, as it is.
 */
function memberName(h, record, value) {
    const pax = (h.pax ?? {});
    if (pax[record] !== undefined)
        return pax[record];
    return (0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_10__/* .nameFromBytes */ .Dj)(Buffer.from(value, 'latin1'));
}
/** The owner a header records: PAX uid/gid records first (tar-stream leaves them there). */
function headerOwner(h) {
    const pax = (h.pax ?? {});
    const id = (record, field) => record !== undefined && /^[0-9]+$/.test(record) ? Number(record) : (field ?? 0);
    return { uid: id(pax['uid'], h.uid), gid: id(pax['gid'], h.gid) };
}
async function extractEntry(x, entry) {
    const h = entry.header;
    const name = memberName(h, 'path', h.name);
    const linkname = memberName(h, 'linkpath', h.linkname ?? '');
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
    (0,_image_tree_js__WEBPACK_IMPORTED_MODULE_9__/* .mkdirAll */ .r)(x.tree, node_path__WEBPACK_IMPORTED_MODULE_3___default().posix.dirname(to), { uid: 0, gid: 0 }, x.changed);
    if (x.layer !== undefined)
        replaceInLayer(x, to, h.type);
    const existing = x.tree.get(to);
    const refuse = (what) => {
        throw new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${x.written}: the archive entry ${name} would replace ${what}`);
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
            const out = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(x.outDir, String(++x.count));
            await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(entry, (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(out, { flags: 'wx' }));
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
            throw new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${x.written}: the archive entry ${name} is a ${h.type ?? 'special file'}, which the native builder cannot add`);
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
        throw new _context_error_js__WEBPACK_IMPORTED_MODULE_8__/* .ContextError */ .a(`${x.written}: the hard link ${name} points to ${target}, which is not a file earlier in the archive`);
    }
    if (to === target)
        return linked.type === 'symlink';
    const id = linked.linkId ?? (0,_layers_hard_links_js__WEBPACK_IMPORTED_MODULE_12__/* .newLinkId */ .y)();
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


/***/ }),

/***/ 91:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ ContextError)
/* harmony export */ });
/** A COPY/ADD problem the user can fix; the caller adds the Dockerfile location. */
class ContextError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'ContextError';
    }
}


/***/ }),

/***/ 6936:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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

/***/ 5591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l6: () => (/* binding */ layerEntriesFor),
/* harmony export */   oG: () => (/* binding */ MAX_SYMLINKS),
/* harmony export */   og: () => (/* binding */ ImageTree),
/* harmony export */   p: () => (/* binding */ ROOT_DIR),
/* harmony export */   r: () => (/* binding */ mkdirAll)
/* harmony export */ });
/* harmony import */ var _util_raw_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9479);
/* harmony import */ var _context_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91);
/* harmony import */ var _image_path_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6936);



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
        const c = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanImagePath */ .Km)(p);
        return c === '/' ? ROOT_DIR : this.nodes.get(c);
    }
    /** Sets a node; the parent must exist (or be unknown in an incomplete tree). */
    set(p, node) {
        const c = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanImagePath */ .Km)(p);
        if (c === '/')
            throw new Error('The root of an image cannot be replaced');
        const old = this.nodes.get(c);
        if (old?.type === 'dir' && node.type !== 'dir')
            this.removeChildren(c);
        this.nodes.set(c, node);
        const parent = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .parentOf */ .gN)(c);
        let set = this.kids.get(parent);
        if (!set)
            this.kids.set(parent, (set = new Set()));
        set.add((0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .baseOf */ .bx)(c));
    }
    /** Removes a path and everything under it (a whiteout). */
    remove(p) {
        const c = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanImagePath */ .Km)(p);
        if (c === '/')
            return this.clearChildren('/');
        this.removeChildren(c);
        this.nodes.delete(c);
        this.kids.get((0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .parentOf */ .gN)(c))?.delete((0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .baseOf */ .bx)(c));
    }
    /** Removes everything under a directory (an opaque whiteout). */
    clearChildren(dir) {
        this.removeChildren((0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanImagePath */ .Km)(dir));
    }
    removeChildren(dir) {
        for (const name of this.kids.get(dir) ?? []) {
            const child = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .joinImage */ .OJ)(dir, name);
            this.removeChildren(child);
            this.nodes.delete(child);
        }
        this.kids.delete(dir);
    }
    /** Names in a directory, in byte order. */
    children(dir) {
        return [...(this.kids.get((0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanImagePath */ .Km)(dir)) ?? [])].sort(_util_raw_names_js__WEBPACK_IMPORTED_MODULE_2__/* .compareNames */ .MP);
    }
    /** Every path, sorted (for tests and debugging). */
    paths() {
        return [...this.nodes.keys()].sort(_util_raw_names_js__WEBPACK_IMPORTED_MODULE_2__/* .compareNames */ .MP);
    }
    /**
     * Follows symlinks in the path like BuildKit's RootPath: inside the image root (an
     * absolute target starts at the root, `..` stops at it). The last component is
     * followed only if `followLast`. Returns the real path and its node, if known.
     */
    resolve(p, followLast) {
        const queue = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .segments */ .JF)(p);
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
                    throw new _context_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ContextError */ .a(`Too many levels of symlinks at ${cand}`);
                const target = node.linkname ?? '';
                if (target.startsWith('/'))
                    done.length = 0;
                queue.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
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
    const parts = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .segments */ .JF)(dir);
    let cur = '/';
    for (const seg of parts) {
        const next = tree.resolve((0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .joinImage */ .OJ)(cur, seg), true);
        if (next.node !== undefined) {
            if (next.node.type !== 'dir') {
                throw new _context_error_js__WEBPACK_IMPORTED_MODULE_0__/* .ContextError */ .a(`Cannot create ${dir}: ${next.path} is not a directory`);
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
        let c = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .cleanImagePath */ .Km)(p);
        while (c !== '/' && !wanted.has(c)) {
            wanted.add(c);
            c = (0,_image_path_js__WEBPACK_IMPORTED_MODULE_1__/* .parentOf */ .gN)(c);
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
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6118);
/* harmony import */ var _fs_add_archive_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1327);
/* harmony import */ var _fs_image_path_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6936);
/* harmony import */ var _layers_decompress_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2348);
/* harmony import */ var _layers_feed_tar_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1402);
/* harmony import */ var _util_raw_names_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9479);
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
    const { output, finished: done } = await (0,_layers_decompress_js__WEBPACK_IMPORTED_MODULE_3__/* .decompress */ .mF)(await layer.open()).catch((error) => {
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
    const extract = tar_stream__WEBPACK_IMPORTED_MODULE_1__.extract(_fs_add_archive_js__WEBPACK_IMPORTED_MODULE_2__/* .MEMBER_NAMES_AS_BYTES */ .rZ);
    const feed = (0,_layers_feed_tar_js__WEBPACK_IMPORTED_MODULE_4__/* .feedTar */ .I)(tar, extract);
    const reader = new LayerReader(digest, below);
    try {
        for await (const entry of extract) {
            const h = entry.header;
            const file = reader.entry(`/${(0,_fs_add_archive_js__WEBPACK_IMPORTED_MODULE_2__/* .memberName */ .eg)(h, 'path', h.name)}`, h.type === 'contiguous-file' ? 'file' : (h.type ?? 'file'), (0,_fs_add_archive_js__WEBPACK_IMPORTED_MODULE_2__/* .memberName */ .eg)(h, 'linkpath', h.linkname ?? ''), h.size ?? 0);
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
        const rel = (0,_fs_image_path_js__WEBPACK_IMPORTED_MODULE_5__/* .segments */ .JF)((0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_6__/* .nameAsText */ .VI)(name));
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
            const target = `/${(0,_fs_image_path_js__WEBPACK_IMPORTED_MODULE_5__/* .segments */ .JF)(`/${(0,_util_raw_names_js__WEBPACK_IMPORTED_MODULE_6__/* .nameAsText */ .VI)(linkpath)}`).join('/')}`;
            const own = this.mine.get(target);
            if (own === undefined)
                this.needsBelow = true;
            const of = own ?? this.below.get(target);
            const file = of ? { ...of, path, layer: this.digest } : undefined;
            if (file)
                this.mine.set(path, file);
            this.changes.added.push([path, file, undefined]);
            return undefined;
        }
        if (type !== 'file') {
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

/***/ 2348:
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
/**
 * The first `n` bytes of the input (fewer when it is shorter), and a stream of all of
 * it, those bytes included. Destroying the stream destroys the input.
 */
/** What the first bytes of `input` say, and all of its bytes again (none lost). */
async function sniffStream(input) {
    const { head, source } = await peek(input, SNIFF_BYTES);
    return { format: sniff(head), source };
}
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

/***/ 6937:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ withHardLinks),
/* harmony export */   y: () => (/* binding */ newLinkId)
/* harmony export */ });
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

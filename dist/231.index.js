export const id = 231;
export const ids = [231];
export const modules = {

/***/ 9231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkFurtherAccess: () => (/* binding */ checkFurtherAccess),
/* harmony export */   pushToFurtherImages: () => (/* binding */ pushToFurtherImages)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9310);
/**
 * The same image in further registries: once the first image is pushed, its manifests
 * (the index, each platform's manifest, byte for byte, so the same digests) and their
 * blobs are copied from it to every further image, then tagged with the same tags. Blobs
 * a registry has are skipped, blobs in the same registry mounted, others streamed across.
 * A failure says which images hold the tags and which do not.
 */



class Copier {
    source;
    credentialsFor;
    clients;
    io;
    constructor(source, credentialsFor, 
    /** The run's clients: the image's registry is the one the push used. */
    clients, 
    /** The run's Io. */
    io) {
        this.source = source;
        this.credentialsFor = credentialsFor;
        this.clients = clients;
        this.io = io;
    }
    client(registry) {
        return this.clients.get(registry, this.credentialsFor(registry));
    }
    /** Copies the manifest `reference` (and what it refers to) to `target`; its bytes. */
    async copyManifest(target, reference, byDigest) {
        const from = this.client(this.source.registry);
        const fetched = await from.getManifest(this.source.path, reference);
        const json = JSON.parse(fetched.body.toString('utf8'));
        for (const child of json.manifests ?? [])
            await this.copyManifest(target, child.digest, true);
        const blobs = [...(json.config ? [json.config] : []), ...(json.layers ?? [])];
        await Promise.all(blobs.map((blob) => this.copyBlob(target, blob)));
        if (byDigest) {
            const to = this.client(target.registry);
            await to.putManifest(target.path, fetched.digest, fetched.body, fetched.mediaType);
        }
        return fetched.body;
    }
    async copyBlob(target, blob) {
        const from = this.client(this.source.registry);
        const sameRegistry = target.registry === this.source.registry;
        await this.client(target.registry).pushBlob(target.path, {
            digest: blob.digest,
            size: blob.size,
            open: () => {
                const pass = new node_stream__WEBPACK_IMPORTED_MODULE_0__.PassThrough();
                from.getBlob(this.source.path, blob.digest).then((stream) => stream.pipe(pass), (error) => pass.destroy(error));
                return pass;
            },
        }, sameRegistry ? { mountFrom: this.source.path } : {});
    }
}
/**
 * Checks that every further image may be pushed to (credentials and rights), while the
 * image builds: a refusal fails the step before anything is pushed anywhere.
 */
async function checkFurtherAccess(source, targets, credentialsFor, clients, io) {
    const copier = new Copier(source, credentialsFor, clients, io);
    for (const target of targets)
        await copier.client(target.registry).checkPushAccess(target.path);
}
/**
 * Pushes what `push` put under the plan's tags to every further image, adding each
 * reference to `done` once it is there. Throws a PartialPushError naming where the tags are.
 */
async function pushToFurtherImages(plan, push, targets, credentialsFor, clients, done, io) {
    const copier = new Copier(plan.image, credentialsFor, clients, io);
    const tags = push.pushed.map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
    for (const target of targets) {
        try {
            await io.group(`Push ${target.name}`, () => pushTo(copier, plan, target, tags, done));
        }
        catch (error) {
            if (!(error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ))
                throw error;
            const all = [plan.image, ...targets].flatMap((t) => tags.map((tag) => (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)(t, tag)));
            const held = [...push.pushed, ...done];
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PartialPushError */ .WM(new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('push', `Pushing to ${target.name} failed: ${error.message} The image (${push.digest}) is in ${[
                plan.image,
                ...targets,
            ]
                .filter((t) => held.some((r) => r.startsWith(`${t.name}:`)))
                .map((t) => t.name)
                .join(', ')}.`, error.hint), held, all.filter((ref) => !held.includes(ref)));
        }
    }
}
async function pushTo(copier, plan, target, tags, done) {
    const to = copier.client(target.registry);
    await to.checkPushAccess(target.path);
    const copied = new Map();
    for (const tag of tags) {
        // A tag's manifest is copied once per digest (every tag names one image but platform tags).
        const fetched = await copier.client(plan.image.registry).headManifest(plan.image.path, tag);
        if (!fetched)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('push', `${(0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)(plan.image, tag)} is gone.`);
        let body = copied.get(fetched.digest);
        if (!body) {
            body = await copier.copyManifest(target, fetched.digest, false);
            copied.set(fetched.digest, body);
        }
        await to.putManifest(target.path, tag, body, fetched.mediaType);
        done.push((0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)(target, tag));
    }
    copier.io.info(`Pushed ${tags.map((tag) => (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)(target, tag)).join(', ')}`);
}


/***/ })

};

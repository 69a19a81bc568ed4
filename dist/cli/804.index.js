export const id = 804;
export const ids = [804];
export const modules = {

/***/ 4804:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createBuilder: () => (/* binding */ createBuilder),
  decideBuilder: () => (/* binding */ decideBuilder)
});

// EXTERNAL MODULE: ./src/pipeline/io.ts
var io = __webpack_require__(548);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/util/leftovers.ts
var leftovers = __webpack_require__(4032);
;// CONCATENATED MODULE: ./src/util/plural.ts
/** `1 layer`, `2 layers`: a count with its noun in the right number. */
function plural(count, noun, nouns = `${noun}s`) {
    return `${count} ${count === 1 ? noun : nouns}`;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/pipeline/errors.ts
var errors = __webpack_require__(1539);
// EXTERNAL MODULE: ./src/image/base-image.ts
var base_image = __webpack_require__(3732);
// EXTERNAL MODULE: ./src/image/platform.ts
var platform = __webpack_require__(2554);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/registry/client.ts + 11 modules
var registry_client = __webpack_require__(3463);
// EXTERNAL MODULE: ./src/image/image.ts
var image_image = __webpack_require__(5228);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/layers/tar-layer.ts + 1 modules
var tar_layer = __webpack_require__(6324);
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
    const arch = {
        x64: 'amd64',
        arm64: 'arm64',
        arm: 'arm',
        ia32: '386',
        ppc64: 'ppc64le',
        s390x: 's390x',
    }[process.arch];
    return (images.find((i) => i.platform.os === 'linux' && i.platform.architecture === arch) ?? images[0]);
}
/**
 * Writes `outPath` (replaced atomically when complete). `refs` are the names the image
 * gets (`user/app:1.2`); a multi-platform build is stored under an image index, and
 * manifest.json names the host's platform (what `docker load` can load).
 */
async function writeImageArchive(images, outPath, refs, options = {}) {
    if (images.length === 0)
        throw new Error('writeImageArchive: no image to write');
    const blobs = new Map();
    const addBlob = (b) => {
        if (!blobs.has(b.digest))
            blobs.set(b.digest, b);
    };
    const inline = (data) => ({
        digest: (0,image_image/* sha256Digest */.sI)(data),
        size: data.length,
        open: async () => data,
    });
    for (const img of images) {
        addBlob({ digest: img.configDigest, size: img.config.length, open: async () => img.config });
        addBlob({
            digest: img.manifestDigest,
            size: img.manifest.length,
            open: async () => img.manifest,
        });
        for (const layer of img.layers) {
            if (layer.path !== undefined) {
                const p = layer.path;
                addBlob({ digest: layer.digest, size: layer.size, open: async () => (0,external_node_fs_.createReadStream)(p) });
            }
            else if (layer.from !== undefined) {
                if (options.fetchLayer === undefined) {
                    throw new Error(`The image uses the base image layer ${layer.digest} of ${layer.from.registryRepo}, which was not downloaded; an archive needs it (no way to fetch it was given)`);
                }
                const fetch = options.fetchLayer;
                addBlob({ digest: layer.digest, size: layer.size, open: () => fetch(layer) });
            }
            else {
                throw new Error(`Layer ${layer.digest} has neither a file nor a source`);
            }
        }
    }
    const named = refs.map(splitReference);
    const annotationsFor = (r) => {
        const a = {
            'io.containerd.image.name': fullName(r.name) + (r.tag ? `:${r.tag}` : ''),
        };
        if (r.tag)
            a['org.opencontainers.image.ref.name'] = r.tag;
        return a;
    };
    let top;
    if (images.length === 1) {
        const img = images[0];
        top = {
            mediaType: image_image/* MEDIA_TYPES */.Z2.manifest,
            digest: img.manifestDigest,
            size: img.manifest.length,
        };
    }
    else {
        const index = (0,image_image/* serializeIndex */.Jt)(images.map((img) => ({
            mediaType: image_image/* MEDIA_TYPES */.Z2.manifest,
            digest: img.manifestDigest,
            size: img.manifest.length,
            platform: img.platform,
        })));
        const b = inline(index);
        addBlob(b);
        top = { mediaType: image_image/* MEDIA_TYPES */.Z2.index, digest: b.digest, size: b.size };
    }
    const indexJson = Buffer.from((0,image_image/* goJson */.Pl)({
        schemaVersion: 2,
        mediaType: image_image/* MEDIA_TYPES */.Z2.index,
        manifests: (named.length > 0 ? named : [undefined]).map((r) => ({
            mediaType: top.mediaType,
            digest: top.digest,
            size: top.size,
            annotations: r === undefined ? undefined : (0,image_image/* jsonMap */.vM)(annotationsFor(r)),
        })),
    }));
    const loadable = hostImage(images);
    const blobPath = (digest) => `blobs/sha256/${digest.slice('sha256:'.length)}`;
    const manifestJson = Buffer.from((0,image_image/* goJson */.Pl)([
        {
            Config: blobPath(loadable.configDigest),
            RepoTags: named
                .filter((r) => r.tag !== undefined)
                .map((r) => `${familiarName(r.name)}:${r.tag}`),
            Layers: loadable.layers.map((l) => blobPath(l.digest)),
        },
    ]));
    const ociLayout = Buffer.from('{"imageLayoutVersion":"1.0.0"}');
    const epoch = options.epoch ?? 0;
    const sortedBlobs = [...blobs.values()].sort((a, b) => (a.digest < b.digest ? -1 : 1));
    async function* tar() {
        yield (0,tar_layer/* encodeEntryHeader */.WY)({ path: 'blobs', type: 'dir', mode: 0o755 }, 0, epoch);
        yield (0,tar_layer/* encodeEntryHeader */.WY)({ path: 'blobs/sha256', type: 'dir', mode: 0o755 }, 0, epoch);
        for (const b of sortedBlobs)
            yield* blobEntry(blobPath(b.digest), b, epoch);
        for (const [name, data] of [
            ['index.json', indexJson],
            ['manifest.json', manifestJson],
            ['oci-layout', ociLayout],
        ]) {
            yield* blobEntry(name, { digest: '', size: data.length, open: async () => data }, epoch);
        }
        yield Buffer.alloc(1024);
    }
    // Next to the target; made afresh, never written through a link left at its name.
    const partial = `${outPath}.partial`;
    await (0,promises_.rm)(partial, { force: true });
    (0,leftovers/* remember */.kY)('partialFiles', partial);
    try {
        await (0,external_node_stream_promises_.pipeline)(tar, (0,external_node_fs_.createWriteStream)(partial, { flags: 'wx' }));
        await (0,promises_.rename)(partial, outPath);
    }
    finally {
        await (0,promises_.rm)(partial, { force: true });
        (0,leftovers/* forget */.y6)('partialFiles', partial);
    }
}
async function* blobEntry(name, blob, epoch) {
    yield (0,tar_layer/* encodeEntryHeader */.WY)({ path: name, type: 'file', mode: 0o644 }, blob.size, epoch);
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
    const pad = blob.size % 512 === 0 ? 0 : 512 - (blob.size % 512);
    if (pad > 0)
        yield Buffer.alloc(pad);
}

;// CONCATENATED MODULE: ./src/image/publisher.ts









/**
 * Publishes images held as OCI manifests with their blobs on disk (what the native
 * builder makes, and what the Docker builder imports from the engine) with our own
 * registry client: blobs the registry has are skipped, base layers mounted or streamed
 * across, then the manifest (or, for several platforms, an index) under every tag.
 */
class ImagePublisher {
    registry;
    retryTimeoutMs;
    clients = new Map();
    credentials;
    images = [];
    constructor(registry, retryTimeoutMs) {
        this.registry = registry;
        this.retryTimeoutMs = retryTimeoutMs;
    }
    /** The image ID of what is held: the config digest, or the index digest for several. */
    imageId() {
        const [first] = this.images;
        if (!first)
            throw new Error('no image built');
        return this.images.length === 1 ? first.configDigest : (0,image_image/* sha256Digest */.sI)(this.index());
    }
    /** Compressed size of everything held: configs and layers. */
    size() {
        return this.images.reduce((sum, img) => sum + img.config.length + img.layers.reduce((n, layer) => n + layer.size, 0), 0);
    }
    async login(credentials, plan) {
        this.credentials = credentials;
        this.clients.get(this.registry)?.close();
        this.clients.delete(this.registry);
        await this.client(this.registry).checkPushAccess(plan.image.path);
    }
    async push(plan) {
        if (this.images.length === 0)
            throw new Error('push before build');
        const repo = plan.image.path;
        const client = this.client(this.registry);
        if (plan.platformTags)
            return this.pushPlatformTags(client, plan);
        for (const image of this.images)
            await this.pushImage(client, repo, image);
        const single = this.images.length === 1 ? this.images[0] : undefined;
        // One platform: the manifest is what the tags name. Several: each manifest by its
        // digest (pushed above), and an image index under every tag.
        const top = single ? single.manifest : this.index();
        const digest = (0,image_image/* sha256Digest */.sI)(top);
        const pushed = [];
        for (const [i, tag] of plan.tags.entries()) {
            try {
                await client.putManifest(repo, tag, top, mediaTypeOf(top));
            }
            catch (error) {
                throw (0,errors/* pushFailure */.dS)(error, pushed, plan.refs);
            }
            pushed.push(plan.refs[i]);
        }
        const { blobsUploaded, blobsSkipped, blobsMounted, bytesUploaded } = client.stats;
        io/* log */.Rm.info(`Blobs: ${blobsUploaded} uploaded (${bytesUploaded} bytes), ${blobsMounted} mounted, ${blobsSkipped} already there`);
        const platforms = single
            ? undefined
            : this.images.map((img) => ({
                platform: (0,base_image/* platformString */.Fd)(img.platform),
                digest: img.manifestDigest,
            }));
        return { digest, pushed, uploadedBytes: bytesUploaded, size: this.size(), platforms };
    }
    /**
     * A matrix job: each platform's manifest under its own platform tag and nowhere else,
     * no index (the merge job makes it). The digest is the manifest's when there is one.
     */
    async pushPlatformTags(client, plan) {
        const repo = plan.image.path;
        const pushed = [];
        const platforms = [];
        for (const image of this.images) {
            const at = plan.platforms.findIndex((p) => (0,platform/* samePlatform */.my)((0,base_image/* parsePlatform */.FL)(p), image.platform));
            if (at < 0)
                throw new Error(`no platform tag for ${(0,platform/* formatPlatform */.Bq)(image.platform)}`);
            await this.pushImage(client, repo, image, false);
            try {
                await client.putManifest(repo, plan.tags[at], image.manifest, mediaTypeOf(image.manifest));
            }
            catch (error) {
                throw (0,errors/* pushFailure */.dS)(error, pushed, plan.refs);
            }
            pushed.push(plan.refs[at]);
            platforms.push({ platform: (0,platform/* formatPlatform */.Bq)(image.platform), digest: image.manifestDigest });
        }
        const single = this.images.length === 1 ? this.images[0] : undefined;
        return {
            digest: single?.manifestDigest ?? '',
            pushed,
            uploadedBytes: client.stats.bytesUploaded,
            size: this.size(),
            platforms,
        };
    }
    /** Layers and config of one platform's image, then (for an index) its manifest by digest. */
    async pushImage(client, repo, image, byDigest = this.images.length > 1) {
        // All blobs at once; the manifest only after every one of them is there.
        await Promise.all([
            ...image.layers.map((layer) => this.pushLayer(client, repo, layer)),
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
    /** The OCI image index over every platform built, in the order of the platforms input. */
    index() {
        return (0,image_image/* serializeIndex */.Jt)(this.images.map((img) => ({
            mediaType: mediaTypeOf(img.manifest),
            digest: img.manifestDigest,
            size: img.manifest.length,
            platform: img.platform,
        })));
    }
    async exportArchive(plan, path) {
        if (this.images.length === 0)
            throw new Error('export before build');
        await writeImageArchive(this.images, path, plan.refs, {
            epoch: plan.epoch,
            fetchLayer: async (layer) => {
                const { client, repo } = this.baseSource(layer);
                return client.getBlob(repo, layer.digest);
            },
        });
    }
    dispose() {
        for (const client of this.clients.values())
            client.close();
        this.clients.clear();
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
        // from its own registry (never held in memory). pushBlob skips it if already there.
        const { client: source, registry, repo: sourceRepo } = this.baseSource(layer);
        await client.pushBlob(repo, {
            digest: layer.digest,
            size: layer.size,
            open: () => {
                const pass = new external_node_stream_.PassThrough();
                source.getBlob(sourceRepo, layer.digest).then((stream) => stream.pipe(pass), (error) => pass.destroy(error));
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
    /** A client per registry; the credentials go only to the registry pushed to. */
    client(registry) {
        let client = this.clients.get(registry);
        if (!client) {
            const credentials = registry === this.registry ? this.credentials : undefined;
            client = new registry_client.RegistryClient({
                registry,
                credentials,
                logger: io/* log */.Rm,
                totalTimeoutMs: this.retryTimeoutMs,
            });
            this.clients.set(registry, client);
        }
        return client;
    }
}
/** The manifest's own mediaType field: what the registry must be told it is. */
function mediaTypeOf(manifest) {
    const { mediaType } = JSON.parse(manifest.toString('utf8'));
    return mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
}

// EXTERNAL MODULE: ./src/builders/native/build.ts + 1 modules
var build = __webpack_require__(3898);
// EXTERNAL MODULE: ./src/dockerfile/dockerfile.ts + 1 modules
var dockerfile = __webpack_require__(9956);
;// CONCATENATED MODULE: ./src/builders/docker/base-layers.ts






/** The registry image the Dockerfile's target finally starts from; undefined for scratch. */
function dockerfileBase(plan) {
    const parsed = (0,dockerfile/* parseDockerfile */.Ai)((0,external_node_fs_.readFileSync)(plan.dockerfile, 'utf8'), (0,external_node_path_.basename)(plan.dockerfile), Object.fromEntries(plan.buildArgs), { target: plan.target || undefined });
    return (0,dockerfile/* finalBaseImage */.hP)(parsed, plan.target || undefined);
}
/**
 * The base image's layers as its registry holds them (digest, size, media type), keyed
 * by diff_id: an engine image built on it reuses them as they are (mounted or streamed
 * across when pushed) instead of compressing them again under new digests.
 */
async function baseLayers(ref, platform, clientFor) {
    const base = await (0,base_image/* resolveBaseImage */.tX)(ref, platform, clientFor);
    const diffIds = (0,image_image/* parseImageConfig */.FB)(base.config).rootfs.diff_ids;
    const layers = new Map();
    // A config that lists fewer diff_ids than the manifest has layers: only those it names.
    for (const layer of (0,build/* baseImageLayers */.BJ)(base, diffIds).slice(0, diffIds.length)) {
        layers.set(layer.diffId, layer);
    }
    return layers;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/util/secrets.ts
var secrets = __webpack_require__(4537);
;// CONCATENATED MODULE: ./src/builders/docker/cli.ts



/** A docker call whose output is taken whole once it ends (docker image inspect). */
async function docker(args, call = {}) {
    try {
        // Loaded on first use: a run with the native builder never needs it at start-up.
        const { getExecOutput } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 2876));
        const result = await getExecOutput('docker', args, {
            env: (0,secrets/* childEnv */.gf)(call.env),
            silent: call.silent,
            ignoreReturnCode: true,
        });
        return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    }
    catch (error) {
        return { code: 127, stdout: '', stderr: `${error.message}\n` };
    }
}
/** The legacy builder's lines that name the container of a RUN step, and its removal. */
const CONTAINER_STARTED = /^ ---> Running in ([0-9a-f]{12,64})\s*$/;
const CONTAINER_REMOVED = /^Removing intermediate container ([0-9a-f]{12,64})\s*$/;
/**
 * docker build, its output into the log as it comes. Spawned, not run through
 * @actions/exec: it runs in a process group of its own (docker with its buildx plugin),
 * which a cancellation or the post step must be able to stop. The legacy builder's
 * containers are recorded while they run, for the post step to remove.
 */
async function dockerBuild(args, call = {}) {
    if (!call.silent)
        process.stdout.write(`[command]docker ${args.join(' ')}\n`);
    const child = (0,leftovers/* spawnGroup */.j8)('docker', args, {
        env: (0,secrets/* childEnv */.gf)(call.env),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    let line = '';
    child.stdout.on('data', (chunk) => {
        out.push(chunk);
        if (!call.silent)
            process.stdout.write(chunk);
        const lines = (line + chunk.toString('utf8')).split('\n');
        line = lines.pop();
        for (const l of lines)
            noteContainer(l);
    });
    const result = await finished(child, call);
    return { ...result, stdout: Buffer.concat(out).toString('utf8') };
}
function noteContainer(line) {
    const started = CONTAINER_STARTED.exec(line);
    if (started)
        (0,leftovers/* remember */.kY)('containers', started[1]);
    const removed = CONTAINER_REMOVED.exec(line);
    if (removed)
        (0,leftovers/* forget */.y6)('containers', removed[1]);
}
/** Waits for a docker child that was spawned with piped stderr; stderr goes to the log. */
function finished(child, call) {
    const err = [];
    child.stderr.on('data', (chunk) => {
        err.push(chunk);
        if (!call.silent)
            process.stderr.write(chunk);
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
async function dockerStream(args, call, consume) {
    if (!call.silent)
        process.stdout.write(`[command]docker ${args.join(' ')}\n`);
    const child = (0,external_node_child_process_.spawn)('docker', args, {
        env: (0,secrets/* childEnv */.gf)(call.env),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = finished(child, call);
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

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/builders/docker/config.ts



/**
 * Docker runs with the user's own configuration: a `docker login` done earlier in the
 * workflow serves the build's base images, as with a `run: docker build` step. The
 * action's credentials never go to docker: our registry client pushes, in memory.
 */
/** The user's docker configuration directory, as docker finds it. */
function userDockerConfig(env = process.env) {
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
function hasBuildx(configDir = userDockerConfig()) {
    return pluginDirs(configDir).some((dir) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'docker-buildx')));
}

// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/fs/context-files.ts + 1 modules
var context_files = __webpack_require__(295);
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
 * `manifest.json` says what they are.
 */











/**
 * Entries at least this large are compressed as they arrive (layers: an image config is
 * far smaller), as are the classic layout's `layer.tar`; the rest is kept until
 * manifest.json says what it is.
 */
const STREAM_THRESHOLD = 1024 * 1024;
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
    container.Labels = (0,image_image/* jsonMap */.vM)({ ...existing, ...Object.fromEntries(labels) });
    config.config = container;
    return Buffer.from((0,image_image/* goJson */.Pl)(config), 'utf8');
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
    const kept = new Map();
    const spooled = new Map();
    const compressed = new Map();
    const links = new Map();
    // The engine's layers are not reproducible anyway: small pieces, so that compression
    // keeps pace with docker save and a small layer uses every core.
    const layerOptions = {
        tmpDir: options.tmpDir,
        compression: options.compression,
        segmentSize: tar_layer/* STREAMING_SEGMENT_SIZE */.xz,
    };
    const extract = tar_stream.extract();
    const fed = (0,context_files/* feedTar */.IZ)(archive, extract);
    fed.catch(() => undefined);
    for await (const entry of extract) {
        const { name, type, size, linkname } = entry.header;
        const path = external_node_path_.posix.normalize(name);
        const blobName = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path);
        if (blobName && reuse.has(`sha256:${blobName[1]}`)) {
            // A base layer, named by its diff_id: the registry's copy serves.
            entry.resume();
        }
        else if (type === 'symlink' && linkname) {
            links.set(path, linkname);
            entry.resume();
        }
        else if (type !== 'file' && type !== 'contiguous-file') {
            entry.resume();
        }
        else if (path.endsWith('/layer.tar') || (size ?? 0) >= STREAM_THRESHOLD) {
            if (reuse.size > 0 && !blobName) {
                // Which layer this is shows only once it is read (classic layout): kept aside
                // uncompressed, so that a base layer costs no compression at all.
                spooled.set(path, await spool(entry, options.tmpDir));
            }
            else {
                compressed.set(path, await (0,tar_layer/* compressTar */.Y3)(entry, layerOptions));
            }
        }
        else {
            const chunks = [];
            for await (const chunk of entry)
                chunks.push(chunk);
            kept.set(path, Buffer.concat(chunks));
        }
    }
    await fed;
    const manifestText = kept.get('manifest.json');
    if (!manifestText)
        throw new Error('docker save: the archive has no manifest.json');
    const saved = parseSavedManifest(manifestText.toString('utf8'));
    const engineConfig = kept.get(resolveArchivePath(saved.config, links));
    if (!engineConfig)
        throw new Error(`docker save: the config ${saved.config} is missing`);
    const diffIds = JSON.parse(engineConfig.toString('utf8')).rootfs?.diff_ids;
    const layers = await Promise.all(saved.layers.map(async (layerPath, i) => {
        const path = resolveArchivePath(layerPath, links);
        const expected = diffIds?.[i];
        const base = expected === undefined ? undefined : reuse.get(expected);
        const raw = spooled.get(path);
        if (base) {
            // Where the layout did not name it (classic), it was read: checked, and dropped.
            if (raw && raw.diffId !== base.diffId) {
                throw new Error(`docker save: layer ${i + 1} is ${raw.diffId}, but the config says ${base.diffId}`);
            }
            if (raw)
                await (0,promises_.rm)(raw.file, { force: true });
            return base;
        }
        const small = kept.get(path);
        const blob = compressed.get(path) ??
            (raw ? await compressSpooled(raw, layerOptions) : undefined) ??
            (small ? await (0,tar_layer/* compressTar */.Y3)([small], layerOptions) : undefined);
        if (!blob)
            throw new Error(`docker save: the layer ${layerPath} is missing`);
        if (diffIds?.[i] !== blob.diffId) {
            throw new Error(`docker save: layer ${i + 1} is ${blob.diffId}, but the config says ${diffIds?.[i]}`);
        }
        return {
            digest: blob.digest,
            size: blob.size,
            diffId: blob.diffId,
            mediaType: blob.mediaType,
            path: blob.path,
        };
    }));
    const image = (0,build/* assembleImage */.al)(relabelConfig(engineConfig, options.labels), layers, configPlatform(engineConfig));
    const taken = (layer) => reuse.get(layer.diffId) === layer;
    return {
        image,
        compressed: layers.filter((l) => !taken(l)).map((l) => l.diffId),
        reused: layers.filter(taken).map((l) => l.diffId),
    };
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
async function compressSpooled(raw, options) {
    try {
        return await (0,tar_layer/* compressTar */.Y3)((0,external_node_fs_.createReadStream)(raw.file), options);
    }
    finally {
        await (0,promises_.rm)(raw.file, { force: true });
    }
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
    compression;
    name = 'docker';
    workDir;
    publisher;
    imageId;
    /** What the base image lookup found, said once the build's own output is done. */
    baseNote;
    /** onTempDir learns the scratch directory at once, so the post step can remove it. */
    constructor(tempDir, registry, onTempDir, retryTimeoutMs, compression) {
        this.compression = compression;
        this.workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'oneimage-docker-'));
        onTempDir(this.workDir);
        this.publisher = new ImagePublisher(registry, retryTimeoutMs);
    }
    async build(plan, _platform) {
        // Looked up while the engine builds: what the pushed image can take from its base.
        const base = plan.push ? this.lookUpBaseLayers(plan) : undefined;
        const buildx = hasBuildx();
        const iidFile = (0,external_node_path_.join)(this.workDir, 'iid');
        const args = buildx ? ['buildx', 'build', '--load'] : ['build'];
        const platforms = foreignPlatforms(plan);
        if (platforms.length > 0) {
            if (!buildx) {
                throw new errors/* ActionError */.lZ('build', `Building for ${platforms.join(', ')} needs docker buildx, which this runner lacks.`, 'Use builder: native, or add docker/setup-buildx-action before this step.');
            }
            args.push('--platform', platforms.join(','));
        }
        args.push('--file', plan.dockerfile, '--iidfile', iidFile);
        for (const ref of plan.refs)
            args.push('--tag', ref);
        for (const [key, value] of plan.buildArgs)
            args.push('--build-arg', `${key}=${value}`);
        if (plan.target)
            args.push('--target', plan.target);
        args.push(plan.context);
        const env = buildEnv(buildx);
        io/* log */.Rm.info(`Building with ${buildx ? 'docker buildx build' : `docker build (${builderKind(env)})`}`);
        const result = await dockerBuild(args, { env });
        if (result.code !== 0)
            throw buildError(result);
        const engineId = (0,external_node_fs_.readFileSync)(iidFile, 'utf8').trim();
        this.imageId = engineId;
        if (!plan.push) {
            // Nothing to publish: the engine's image is the result (labels are added on import).
            return { imageId: engineId, size: await this.engineSize(engineId), sizeKind: 'uncompressed' };
        }
        await this.importImage(plan, await base);
        return {
            imageId: this.publisher.imageId(),
            size: this.publisher.size(),
            sizeKind: 'compressed',
        };
    }
    /**
     * The layers of the Dockerfile's base image as its registry holds them, so that the
     * pushed image mounts or skips them instead of uploading them compressed anew. Best
     * effort and bounded: without them every layer is compressed here.
     */
    async lookUpBaseLayers(plan) {
        let ref;
        try {
            ref = dockerfileBase(plan);
        }
        catch {
            return new Map(); // the engine's parser decides; docker build reports real errors
        }
        if (!ref)
            return new Map();
        const platform = plan.platforms[0] ? (0,base_image/* parsePlatform */.FL)(plan.platforms[0]) : (0,base_image/* hostPlatform */.ol)();
        const lookup = baseLayers(ref, platform, (registry) => this.publisher.client(registry));
        let timer;
        const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer in ${BASE_LOOKUP_MS / 1000} s`)), BASE_LOOKUP_MS);
        });
        try {
            const layers = await Promise.race([lookup, timeout]);
            this.baseNote = `Base image ${ref}: ${plural(layers.size, 'layer')} taken as its registry has them`;
            return layers;
        }
        catch (error) {
            lookup.catch(() => undefined);
            this.baseNote = `Base image ${ref}: not read from its registry (${error.message}); every layer is pushed from the engine's copy`;
            return new Map();
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** The engine's image, read from `docker save` as it streams, labels set in its config. */
    async importImage(plan, reuse = new Map()) {
        if (this.publisher.images.length > 0)
            return;
        if (this.baseNote)
            io/* log */.Rm.info(this.baseNote);
        const engineId = this.imageId;
        if (!engineId)
            throw new Error('import before build');
        const saved = await dockerStream(['save', engineId], { silent: true }, (archive) => importSavedImage(archive, {
            tmpDir: this.workDir,
            compression: this.compression,
            labels: plan.labels,
            reuse,
        }));
        if (saved.code !== 0 || saved.error !== undefined || !saved.value) {
            const why = saved.code !== 0 ? errorLine(saved) : (saved.error?.message ?? 'no image');
            throw new errors/* ActionError */.lZ('build', `Reading the built image from docker save failed: ${why}`, 'Check that the Docker engine is still running and has free disk space (docker save writes the image out), then run the job again.');
        }
        const { image, compressed, reused } = saved.value;
        this.publisher.images.push(image);
        io/* log */.Rm.info(`Image ${image.manifestDigest} (config ${image.configDigest}): ${plural(compressed.length, 'layer')} compressed here, ${reused.length} as the base image's registry has them`);
    }
    login(credentials, plan) {
        return this.publisher.login(credentials, plan);
    }
    push(plan) {
        return this.publisher.push(plan);
    }
    async exportArchive(plan, path) {
        await this.importImage(plan);
        await this.publisher.exportArchive(plan, path);
    }
    dispose() {
        this.publisher.dispose();
        (0,external_node_fs_.rmSync)(this.workDir, { recursive: true, force: true });
    }
    async engineSize(imageId) {
        const result = await docker(['image', 'inspect', '--format', '{{.Size}}', imageId], {
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
function buildEnv(buildx, env = process.env) {
    if (buildx || (env.DOCKER_BUILDKIT ?? '') !== '')
        return {};
    return { DOCKER_BUILDKIT: '0' };
}
/** What DOCKER_BUILDKIT (strconv.ParseBool, as docker reads it) picks. */
function builderKind(extra) {
    const setting = extra.DOCKER_BUILDKIT ?? process.env.DOCKER_BUILDKIT ?? '';
    return /^(1|t|true)$/i.test(setting) ? 'BuildKit' : 'legacy builder';
}
/** The platforms to ask the engine for: none when the one platform is the runner's own. */
function foreignPlatforms(plan) {
    const [only, ...more] = plan.platforms;
    if (only && more.length === 0 && (0,platform/* samePlatform */.my)((0,base_image/* parsePlatform */.FL)(only), (0,base_image/* hostPlatform */.ol)()))
        return [];
    return plan.platforms;
}
/** How long the base image's layers are looked for in its registry. */
const BASE_LOOKUP_MS = 30_000;
const ENGINE_DOWN = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;
/** A client newer than 20.10 asked for BuildKit without the buildx plugin. */
const NO_BUILDX = /BuildKit is enabled but the buildx component is missing/;
function buildError(result) {
    const signal = (0,leftovers/* cancellation */.WN)();
    if (signal) {
        return new errors/* ActionError */.lZ('build', `docker build was stopped: the step was cancelled (${signal}).`);
    }
    if (ENGINE_DOWN.test(`${result.stderr}\n${result.stdout}`)) {
        return new errors/* ActionError */.lZ('build', `No Docker engine answers: ${errorLine(result)}`, 'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.');
    }
    if (NO_BUILDX.test(result.stderr)) {
        return new errors/* ActionError */.lZ('build', `docker build failed: ${errorLine(result)}`, 'DOCKER_BUILDKIT=1 asks this docker client for BuildKit, which it reaches only through the buildx plugin: add docker/setup-buildx-action before this step, or leave DOCKER_BUILDKIT unset.');
    }
    return new errors/* ActionError */.lZ('build', `docker build failed: ${errorLine(result)}`, 'Fix the Dockerfile or the build context; the log above shows the failing step.');
}

;// CONCATENATED MODULE: ./src/builders/native/builder.ts







/**
 * Builds RUN-less Dockerfiles in-process and pushes with our own registry client:
 * no Docker engine, no credentials on disk, the same digest for the same commit.
 */
class NativeBuilder {
    compression;
    name = 'native';
    workDir;
    publisher;
    constructor(tempDir, registry, onTempDir, retryTimeoutMs, compression) {
        this.compression = compression;
        this.workDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'oneimage-native-'));
        onTempDir(this.workDir);
        this.publisher = new ImagePublisher(registry, retryTimeoutMs);
    }
    async build(plan, platform) {
        const image = await (0,build/* buildNative */.Ut)({
            contextDir: plan.context,
            dockerfile: plan.dockerfile,
            buildArgs: Object.fromEntries(plan.buildArgs),
            labels: Object.fromEntries(plan.labels),
            target: plan.target || undefined,
            platform: platform ? (0,base_image/* parsePlatform */.FL)(platform) : (0,base_image/* hostPlatform */.ol)(),
            epoch: plan.epoch,
            compression: this.compression,
            tmpDir: this.workDir,
            pullBase: (ref, p) => (0,base_image/* resolveBaseImage */.tX)(ref, p, (registry) => this.publisher.client(registry)),
        });
        this.publisher.images.push(image);
        io/* log */.Rm.info(`Built ${(0,base_image/* platformString */.Fd)(image.platform)}: ${image.manifestDigest} (${plural(image.layers.length, 'layer')})`);
        return {
            imageId: this.publisher.imageId(),
            size: this.publisher.size(),
            sizeKind: 'compressed',
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
    dispose() {
        this.publisher.dispose();
        (0,external_node_fs_.rmSync)(this.workDir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/builders/choose.ts







/**
 * Which builder builds this Dockerfile: the one asked for, or with `auto` the native
 * builder whenever the Dockerfile is within what it supports, else the Docker engine.
 */
function decideBuilder(asked, plan, wording) {
    const file = wording.path(plan.dockerfile);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(plan.dockerfile, 'utf8');
    }
    catch {
        if (!(0,external_node_fs_.existsSync)(plan.context)) {
            throw new errors/* ActionError */.lZ('inputs', `${wording.input('context')}: no directory at ${JSON.stringify(wording.path(plan.context))}.`, `Set ${wording.setting('context')} to the directory that holds the Dockerfile and the files it copies.`);
        }
        throw new errors/* ActionError */.lZ('inputs', `${wording.input('dockerfile')}: no Dockerfile at ${JSON.stringify(file)}.`, `Set ${wording.setting('dockerfile')} or ${wording.setting('context')} to where your Dockerfile is; the Dockerfile must exist before the build-command runs.`);
    }
    if (asked === 'docker')
        return { kind: 'docker', reason: 'builder: docker' };
    const parsed = (0,dockerfile/* parseDockerfile */.Ai)(text, file, Object.fromEntries(plan.buildArgs), {
        target: plan.target || undefined,
    });
    const unsupported = (0,dockerfile/* unsupportedInNative */.mK)(parsed, plan.target || undefined);
    if (!unsupported) {
        return {
            kind: 'native',
            reason: asked === 'native'
                ? 'builder: native'
                : 'the Dockerfile has no RUN step or other instruction that needs an engine',
        };
    }
    const where = `${unsupported.file}:${unsupported.line}`;
    if (asked === 'native') {
        throw new errors/* ActionError */.lZ('build', `${where}: ${unsupported.instruction} is not supported by the native builder: ${unsupported.reason}`, `Set ${wording.setting('builder')} to docker (or auto) to build this Dockerfile with the Docker engine.`, { file: unsupported.file, line: unsupported.line });
    }
    return {
        kind: 'docker',
        reason: `${where}: ${unsupported.instruction} needs the Docker engine (${unsupported.reason})`,
    };
}
function createBuilder(choice, settings) {
    io/* log */.Rm.info(`Builder: ${choice.kind} (${choice.reason})`);
    const { registry, tempDir, retryTimeoutMs, compression } = settings;
    return choice.kind === 'docker'
        ? new DockerBuilder(tempDir, registry, leftovers/* rememberTempDir */.$u, retryTimeoutMs, compression)
        : new NativeBuilder(tempDir, registry, leftovers/* rememberTempDir */.$u, retryTimeoutMs, compression);
}


/***/ })

};

export const id = 497;
export const ids = [497];
export const modules = {

/***/ 1497:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyCommit: () => (/* binding */ verifyCommit)
});

// UNUSED EXPORTS: withRecordedInputs

// EXTERNAL MODULE: ./src/pipeline/build-stage.ts + 2 modules
var build_stage = __webpack_require__(4614);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/request/plan.ts + 1 modules
var request_plan = __webpack_require__(8252);
// EXTERNAL MODULE: ./src/request/registry-auth.ts
var registry_auth = __webpack_require__(2085);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/image/attestations/image-files.ts
var image_files = __webpack_require__(9142);
;// CONCATENATED MODULE: ./src/image/verify/compare.ts
/**
 * The first difference between two images of one platform: the first layer that
 * differs and, in it, the first file (by path) added, removed or changed, with both
 * hashes; else the config (a field, named by its path, with both values).
 */

/** Undefined when the manifests are the same. */
async function firstDifference(built, published) {
    if (built.manifestDigest === published.manifestDigest)
        return undefined;
    // The files first: another commit's image differs in its revision label too, but what
    // it holds is the difference that matters. Equal layers: the config says the rest.
    const at = built.layers.findIndex((l, i) => l.digest !== published.layers[i]?.digest);
    if (at < 0) {
        const field = firstField(JSON.parse(built.config.toString('utf8')), JSON.parse(published.config.toString('utf8')), '');
        if (field)
            return { kind: 'config', ...field };
        if (built.layers.length !== published.layers.length) {
            return { kind: 'layers', built: built.layers.length, published: published.layers.length };
        }
        return undefined;
    }
    const mine = (await (0,image_files/* readImageFiles */.Zw)([built.layers[at]])).files;
    const theirs = at < published.layers.length ? (await (0,image_files/* readImageFiles */.Zw)([published.layers[at]])).files : [];
    const file = firstFile(mine, theirs);
    if (file)
        return { kind: 'file', layer: at + 1, ...file };
    return {
        kind: 'layer',
        layer: at + 1,
        built: built.layers[at].digest,
        published: published.layers[at]?.digest ?? 'none',
    };
}
/** The first path (sorted) whose value differs: `config.Labels.team`, `created`. */
function firstField(a, b, path) {
    const bothObjects = typeof a === 'object' &&
        a !== null &&
        typeof b === 'object' &&
        b !== null &&
        !Array.isArray(a) &&
        !Array.isArray(b);
    if (bothObjects) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        for (const key of keys) {
            const found = firstField(a[key], b[key], path ? `${path}.${key}` : key);
            if (found)
                return found;
        }
        return undefined;
    }
    const [x, y] = [JSON.stringify(a) ?? 'absent', JSON.stringify(b) ?? 'absent'];
    return x === y ? undefined : { field: path || '(the config)', built: x, published: y };
}
function firstFile(mine, theirs) {
    const a = new Map(mine.map((f) => [f.path, f.sha256]));
    const b = new Map(theirs.map((f) => [f.path, f.sha256]));
    const paths = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    for (const path of paths) {
        const [x, y] = [a.get(path), b.get(path)];
        if (x === y)
            continue;
        if (y === undefined)
            return { path, change: 'added', built: x };
        if (x === undefined)
            return { path, change: 'removed', published: y };
        return { path, change: 'changed', built: x, published: y };
    }
    return undefined;
}
/** The difference in words: what the error says. */
function describeDifference(d) {
    switch (d.kind) {
        case 'config':
            return `the config field ${d.field} is ${d.built} in the build and ${d.published} in the published image`;
        case 'layers':
            return `the build has ${d.built} layers, the published image ${d.published}`;
        case 'file':
            return d.change === 'changed'
                ? `layer ${d.layer}: ${d.path} changed (sha256 ${d.built} in the build, ${d.published} in the published image)`
                : d.change === 'added'
                    ? `layer ${d.layer}: ${d.path} is in the build (sha256 ${d.built}) but not in the published image`
                    : `layer ${d.layer}: ${d.path} is in the published image (sha256 ${d.published}) but not in the build`;
        case 'layer':
            return `layer ${d.layer} differs (${d.built} in the build, ${d.published} in the published image) in metadata only: modes, owners, times or links`;
    }
}

// EXTERNAL MODULE: ./src/util/read-limited.ts
var read_limited = __webpack_require__(7709);
// EXTERNAL MODULE: ./src/registry/transport/credential-scope.ts
var credential_scope = __webpack_require__(1321);
// EXTERNAL MODULE: ./src/image/attestations/manifest.ts
var manifest = __webpack_require__(2844);
// EXTERNAL MODULE: ./src/image/attestations/params.ts
var params = __webpack_require__(2463);
;// CONCATENATED MODULE: ./src/image/verify/published.ts
/**
 * The published image that verify compares with: each platform's image manifest and
 * config, and the inputs its provenance attestation records, read from its registry.
 */





/** The registry's JSON as an object (anything else refused in words, never quoted). */
function parse(body, what) {
    let json;
    try {
        json = JSON.parse(body.toString('utf8'));
    }
    catch {
        json = undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new errors/* ActionError */.lZ('verify', `The registry's copy of ${what} is not a JSON object.`);
    }
    return json;
}
async function readPublished(client, repo, reference) {
    const top = await client.getManifest(repo, reference);
    const json = parse(top.body, `the manifest ${reference}`);
    if (json.manifests !== undefined && !Array.isArray(json.manifests)) {
        throw new errors/* ActionError */.lZ('verify', `The registry's copy of ${reference} is not an image index.`);
    }
    json.manifests = json.manifests?.filter((m) => typeof m === 'object' && m !== null);
    const entries = json.manifests
        ? json.manifests.filter((m) => m.platform && m.platform.os !== 'unknown')
        : [{ digest: top.digest, platform: undefined }];
    const platforms = [];
    for (const entry of entries) {
        if (typeof entry.digest !== 'string' || !(0,credential_scope/* isDigest */.Bc)(entry.digest)) {
            throw new errors/* ActionError */.lZ('verify', `The registry's copy of ${reference} names an image by no digest.`);
        }
        const m = entry.digest === top.digest ? top : await client.getManifest(repo, entry.digest);
        const image = parse(m.body, `the manifest ${m.digest}`);
        const configDigest = image.config?.digest;
        if (typeof configDigest !== 'string' || !(0,credential_scope/* isDigest */.Bc)(configDigest)) {
            throw new errors/* ActionError */.lZ('verify', `The registry's copy of ${m.digest} is not an image manifest.`);
        }
        const config = await (0,read_limited/* readLimited */.t)(await client.getBlob(repo, configDigest));
        const parsed = parse(config, `the config of ${m.digest}`);
        platforms.push({
            manifestDigest: m.digest,
            config,
            platform: entry.platform ?? {
                os: parsed.os ?? '',
                architecture: parsed.architecture ?? '',
                ...(parsed.variant ? { variant: parsed.variant } : {}),
            },
            layers: (Array.isArray(image.layers) ? image.layers : []).map((l) => ({
                digest: l.digest,
                mediaType: l.mediaType,
                open: () => client.getBlob(repo, l.digest),
            })),
        });
    }
    const att = (json.manifests ?? []).find((m) => typeof m.digest === 'string' &&
        (0,credential_scope/* isDigest */.Bc)(m.digest) &&
        m.annotations?.[manifest/* REFERENCE_TYPE */.pz] === manifest/* ATTESTATION_MANIFEST */.lL &&
        m.annotations[manifest/* REFERENCE_DIGEST */.R7] === platforms[0]?.manifestDigest);
    return { platforms, recorded: att ? await readProvenance(client, repo, att.digest) : undefined };
}
async function readProvenance(client, repo, digest) {
    const manifest = parse((await client.getManifest(repo, digest)).body, 'the provenance attestation');
    const layer = (Array.isArray(manifest.layers) ? manifest.layers : []).find((l) => typeof l?.digest === 'string' &&
        (0,credential_scope/* isDigest */.Bc)(l.digest) &&
        l.annotations?.['in-toto.io/predicate-type'] === params/* PROVENANCE_TYPE */.Ti);
    if (!layer)
        return undefined;
    const statement = parse(await (0,read_limited/* readLimited */.t)(await client.getBlob(repo, layer.digest)), 'the provenance statement');
    const p = statement.predicate?.buildDefinition?.externalParameters;
    if (!p)
        return undefined;
    const source = (p.source ?? {});
    const text = (v) => (typeof v === 'string' ? v : undefined);
    const strings = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
    const args = p.buildArgs;
    return {
        buildCommand: text(p.buildCommand),
        target: text(p.target),
        buildArgs: args && typeof args === 'object' && !Array.isArray(args)
            ? Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]))
            : undefined,
        withheld: strings(p.buildArgsWithheld),
        platforms: strings(p.platforms),
        commit: text(source.commit),
        ref: text(source.ref),
    };
}

;// CONCATENATED MODULE: ./src/pipeline/verify.ts
/**
 * Verify: builds the checkout's commit with the native builder, pushes nothing, and
 * compares the result with a published image, platform by platform. The inputs the
 * image's provenance records (target, build-args, platforms) are taken from it, and the log
 * says so (its build-command is shown, never run); equal digests set `verified: true`, else the step fails
 * naming the first difference.
 */








async function verifyCommit(request, stages, state, io) {
    const ref = request.inputs.verify;
    const parsed = (0,reference/* parseReference */.F2)(ref);
    // The run's credentials for that registry: the push credentials, or its registry-auth line.
    const credentials = (0,registry_auth/* credentialsFor */.Og)(request.inputs, request.inputs.registryAuth);
    const client = state.shared.clients.get(parsed.registry, credentials(parsed.registry), 'build');
    const published = await io.group(`Read ${ref}`, () => readPublished(client, parsed.path, parsed.digest ?? parsed.tag ?? 'latest'));
    const verifying = withRecordedInputs(request, published.recorded, ref, io);
    const plan = (0,request_plan/* makePlan */.Cs)(verifying.context, verifying.inputs, verifying.clock);
    state.plan = plan;
    const builder = await stages.builder(verifying, plan, io, state.shared);
    state.builder = builder;
    state.build = await (0,build_stage/* compileAndBuild */.h)(verifying, plan, builder, state.timer, io);
    const built = builder.built?.();
    if (!built)
        throw new Error('verify needs the native builder');
    for (const image of built.images) {
        const theirs = published.platforms.find((p) => (0,image_platform/* samePlatform */.my)(p.platform, image.platform));
        const platform = (0,image_platform/* formatPlatform */.Bq)(image.platform);
        if (!theirs) {
            state.verified = false;
            throw new errors/* ActionError */.lZ('verify', `${ref} has no ${platform} image; it has ${published.platforms.map((p) => (0,image_platform/* formatPlatform */.Bq)(p.platform)).join(', ')}.`);
        }
        const mine = {
            manifestDigest: image.manifestDigest,
            config: image.config,
            layers: image.layers.map((l) => ({ ...l, open: () => built.open(l) })),
        };
        const d = await firstDifference(mine, theirs);
        if (d) {
            state.verified = false;
            throw new errors/* ActionError */.lZ('verify', `${ref} is not what this commit builds: ${platform}: ${describeDifference(d)}.`, 'Check that the checkout is the commit the image was built from, with the same inputs.');
        }
        io.info(`${platform}: ${image.manifestDigest}, the same as ${ref}`);
    }
    state.verified = true;
}
/** The request with the inputs the provenance records, each said where it came from. */
function withRecordedInputs(request, recorded, ref, io) {
    const inputs = {
        ...request.inputs,
        builder: 'native',
        push: 'false',
        attestations: false,
    };
    let context = request.context;
    if (!recorded) {
        io.info(`${ref} has no provenance attestation: the inputs are this step's own.`);
        return { ...request, inputs, context };
    }
    const from = `from the provenance of ${ref}`;
    if (recorded.target !== undefined)
        inputs.target = recorded.target;
    if (recorded.platforms !== undefined)
        inputs.platforms = recorded.platforms;
    if (recorded.buildArgs !== undefined) {
        const given = new Map(request.inputs.buildArgs);
        const withheld = (recorded.withheld ?? []).map((k) => [
            k,
            given.get(k) ?? '',
        ]);
        inputs.buildArgs = [...Object.entries(recorded.buildArgs), ...withheld];
    }
    if (recorded.ref)
        context = { ...context, ref: recorded.ref, pullRequest: undefined };
    // A command read from a registry never runs: anyone who can push the image wrote it.
    if (recorded.buildCommand !== undefined && recorded.buildCommand !== inputs.buildCommand) {
        io.warning(`The provenance of ${ref} records the build-command ${(0,errors/* showValue */.vp)(recorded.buildCommand)}, not this step's ${(0,errors/* showValue */.vp)(inputs.buildCommand)}: a command read from a registry is never run, so this step's runs. If you trust the recorded one, set it as this step's build-command.`);
    }
    io.info(`Inputs ${from}: build-command ${(0,errors/* showValue */.vp)(inputs.buildCommand)}, target ${(0,errors/* showValue */.vp)(inputs.target)}, build-args ${inputs.buildArgs.map(([k]) => k).join(', ') || 'none'}, platforms ${inputs.platforms.join(', ') || "the runner's"}, ref ${(0,errors/* showValue */.vp)(context.ref)}.`);
    return { ...request, inputs, context };
}


/***/ })

};

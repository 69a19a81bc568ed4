export const id = 687;
export const ids = [687];
export const modules = {

/***/ 7687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/core/leftovers.ts + 1 modules
var leftovers = __webpack_require__(9513);
// EXTERNAL MODULE: ./src/fs/workspace-paths.ts
var workspace_paths = __webpack_require__(4059);
// EXTERNAL MODULE: ./src/request/defaults.ts
var defaults = __webpack_require__(8595);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/layers/compression.ts
var compression = __webpack_require__(472);
// EXTERNAL MODULE: ./src/registry/hub-limits.ts
var hub_limits = __webpack_require__(2757);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/core/secrets.ts
var core_secrets = __webpack_require__(8198);
// EXTERNAL MODULE: ./src/request/registry-auth.ts
var registry_auth = __webpack_require__(2085);
// EXTERNAL MODULE: ./src/request/images.ts
var request_images = __webpack_require__(4755);
// EXTERNAL MODULE: ./src/registry/tag-variant.ts
var tag_variant = __webpack_require__(4543);
;// CONCATENATED MODULE: ./src/request/tag-variant-input.ts
/** The tag variant inputs: tag-prefix, tag-suffix and sha-length, checked together. */


/**
 * `alpine` as a suffix is `-alpine`, as a prefix `alpine-`; a value that brings its own
 * separator keeps it. The extra tags must still fit 128 characters with the variant on.
 */
function parseTagVariant(get, extraTags) {
    const prefix = (0,tag_variant/* normalizePrefix */.iG)(get('tag-prefix').trim());
    const suffix = (0,tag_variant/* normalizeSuffix */.HH)(get('tag-suffix').trim());
    const problem = (0,tag_variant/* prefixProblem */.IP)(prefix);
    if (problem)
        throw new errors/* InputError */.dz('tag-prefix', `${(0,errors/* showValue */.vp)(prefix, 200)} ${problem}`);
    const suffixBad = (0,tag_variant/* suffixProblem */.nU)(suffix);
    if (suffixBad)
        throw new errors/* InputError */.dz('tag-suffix', `${(0,errors/* showValue */.vp)(suffix, 200)} ${suffixBad}`);
    const affix = prefix.length + suffix.length;
    if (affix > tag_variant/* MAX_AFFIX_LENGTH */.$B) {
        throw new errors/* InputError */.dz(prefix.length > suffix.length ? 'tag-prefix' : 'tag-suffix', `the prefix and the suffix are ${affix} characters together; they are at most ${tag_variant/* MAX_AFFIX_LENGTH */.$B} characters, so that every tag fits.`);
    }
    const long = extraTags.find((tag) => tag.length + affix > 128);
    if (long !== undefined) {
        throw new errors/* InputError */.dz('tags', `${(0,errors/* showValue */.vp)(long, 200)} is ${long.length + affix} characters long with the tag prefix and suffix; a tag is at most 128.`);
    }
    return { prefix, suffix, shaLength: parseShaLength(get('sha-length')) };
}
function parseShaLength(raw) {
    const value = raw.trim();
    const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
    if (!(n >= tag_variant/* SHA_LENGTH */.Um.min && n <= tag_variant/* SHA_LENGTH */.Um.max)) {
        throw new errors/* InputError */.dz('sha-length', `${(0,errors/* showValue */.vp)(value, 50)} is not a number from ${tag_variant/* SHA_LENGTH */.Um.min} to ${tag_variant/* SHA_LENGTH */.Um.max}: the hex digits of the commit in the sha- tags.`);
    }
    return n;
}

;// CONCATENATED MODULE: ./src/request/secret-inputs.ts
/**
 * The `secrets` input: build secrets as `id=value` lines, for `RUN --mount=type=secret`
 * steps. A value is never shown in a message, only its id and line number.
 */

/** BuildKit secret ids as a Dockerfile names them (`--mount=type=secret,id=…`). */
const SECRET_ID = /^[A-Za-z0-9_.-]{1,128}$/;
/** Parses `id=value` lines (blank lines skipped, each line trimmed); ids unique. */
function parseSecrets(raw) {
    const secrets = [];
    for (const [i, line] of raw.split(/\r?\n/).entries()) {
        const trimmed = line.trim();
        if (trimmed === '')
            continue;
        const eq = trimmed.indexOf('=');
        const id = eq === -1 ? '' : trimmed.slice(0, eq);
        if (eq === -1 || !SECRET_ID.test(id)) {
            // Nothing of the line is shown: a line that is not id=value may be all secret.
            const shown = eq === -1 ? 'has no "="' : 'has no valid id before its "="';
            throw new errors/* InputError */.dz('secrets', `line ${i + 1} ${shown}; write each secret as id=value, the id made of letters, digits, "_", "." and "-".`);
        }
        if (secrets.some(([seen]) => seen === id)) {
            throw new errors/* InputError */.dz('secrets', `the id ${(0,errors/* showValue */.vp)(id, 40)} is given twice.`);
        }
        secrets.push([id, trimmed.slice(eq + 1)]);
    }
    return secrets;
}

;// CONCATENATED MODULE: ./src/request/inputs.ts
/**
 * Action inputs: read once, validated, with paths resolved against the
 * workspace. parseInputs is pure (it takes the raw values through `get` and
 * touches no file system) so every rule is unit-tested; getInputs reads the
 * INPUT_* environment variables the runner sets.
 *
 * Every error is an InputError naming the input and showing the offending
 * value, except for the password, which never appears in a message.
 */













const SWITCHES = ['auto', 'true', 'false'];
const BUILDERS = ['auto', 'docker', 'native'];
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/;
/** Dockerfile stage names (BuildKit: ^[a-z][a-z0-9-_.]*$, case-insensitive). */
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/i;
/** Shows a value in a message: quoted, escaped, cut at 200 characters. */
const show = (v) => (0,errors/* showValue */.vp)(v, 200);
function oneOf(name, raw, allowed) {
    const v = raw.trim().toLowerCase();
    if (v === '')
        return allowed[0];
    const found = allowed.find((a) => a === v);
    if (found === undefined) {
        throw new errors/* InputError */.dz(name, `${show(raw.trim())} is not one of ${allowed.join(', ')}.`);
    }
    return found;
}
/** Splits a list input on newlines and commas; trims; drops empty entries. */
function splitList(raw) {
    return raw
        .split(/[\r\n,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
function parseTags(raw) {
    const tags = splitList(raw);
    const seen = new Set();
    for (const tag of tags) {
        if (tag.length > 128) {
            throw new errors/* InputError */.dz('tags', `${show(tag)} is ${tag.length} characters long; a tag is at most 128.`);
        }
        if (!(0,reference/* isValidTag */.r_)(tag)) {
            throw new errors/* InputError */.dz('tags', `${show(tag)} is not a valid tag: a tag is letters, digits, "_", "." and "-", and starts with a letter, digit or "_" ([\\w][\\w.-]{0,127}).`);
        }
        if (seen.has(tag))
            throw new errors/* InputError */.dz('tags', `${show(tag)} is listed twice.`);
        seen.add(tag);
    }
    return tags;
}
/**
 * Parses NAME=value lines. The first '=' splits; the value may contain '=' and
 * may be empty. Lines are trimmed and blank lines skipped.
 */
function parsePairs(name, raw, validKey) {
    const pairs = [];
    for (const line of raw.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed === '')
            continue;
        const eq = trimmed.indexOf('=');
        if (eq === -1) {
            throw new errors/* InputError */.dz(name, `${show(trimmed)} has no "="; give each as NAME=value.`);
        }
        const key = trimmed.slice(0, eq);
        const problem = validKey(key);
        if (problem !== undefined)
            throw new errors/* InputError */.dz(name, `${show(key)} ${problem}`);
        pairs.push([key, trimmed.slice(eq + 1)]);
    }
    return pairs;
}
function buildArgKey(key) {
    return BUILD_ARG_NAME.test(key)
        ? undefined
        : 'is not a valid build argument name: letters, digits and "_", not starting with a digit ([A-Za-z_][A-Za-z0-9_]*).';
}
function labelKey(key) {
    if (key === '')
        return 'is not a valid label name: it is empty.';
    return /\s/.test(key) ? 'is not a valid label name: it contains whitespace.' : undefined;
}
/** `key=value` lines like labels; an empty value is refused, as none is ever written. */
function parseAnnotations(raw) {
    const pairs = parsePairs('annotations', raw, (key) => labelKey(key)?.replace('label name', 'annotation key'));
    const empty = pairs.find(([, value]) => value.trim() === '');
    if (empty) {
        throw new errors/* InputError */.dz('annotations', `${show(empty[0])} has an empty value; an annotation is never written empty.`, 'Leave the line out, or give it a value.');
    }
    return pairs;
}
function parsePlatforms(raw, name = 'platforms') {
    const out = [];
    for (const entry of splitList(raw)) {
        const platform = entry.toLowerCase();
        if (!PLATFORM.test(platform)) {
            throw new errors/* InputError */.dz(name, `${show(entry)} is not a platform: expected os/arch or os/arch/variant, for example linux/amd64 or linux/arm/v7.`);
        }
        // Normalised as BuildKit reads it: linux/aarch64 is linux/arm64, linux/arm is
        // linux/arm/v7, linux/arm64/v8 is linux/arm64.
        const p = (0,image_platform/* parsePlatform */.Y8)(platform);
        if (!KNOWN_OS.includes(p.os) || !KNOWN_ARCH.includes(p.architecture)) {
            throw new errors/* InputError */.dz(name, `${show(entry)} is not a known platform: the OS is one of ${KNOWN_OS.join(', ')} and the architecture one of ${KNOWN_ARCH.join(', ')}.`);
        }
        // On Windows the third part is the OS version, not a variant.
        const problem = p.os === 'windows' ? undefined : (0,image_platform/* variantProblem */.nx)(p.architecture, p.variant ?? '');
        if (problem)
            throw new errors/* InputError */.dz(name, `${show(entry)}: ${problem}`);
        const normalised = (0,image_platform/* formatPlatform */.Bq)(p);
        if (!out.includes(normalised))
            out.push(normalised);
    }
    return out;
}
function parseBoolean(name, raw) {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === 'false' || v === '')
        return v === 'true';
    throw new errors/* InputError */.dz(name, `${show(raw.trim())} is not true or false.`);
}
/**
 * The build matrix inputs: a merge builds nothing, so it takes none of the others (nor
 * an output); a merge of no platform is a mistake, not a build.
 */
function parseMatrix(get, variant) {
    const platformTags = parseBoolean('platform-tags', get('platform-tags'));
    const platforms = parsePlatforms(get('platforms'));
    if (platformTags)
        platformTagsFit('platforms', platforms, variant);
    const merge = platformTagsFit('merge', parsePlatforms(get('merge'), 'merge'), variant);
    if (merge.length === 0 && get('merge').trim() !== '') {
        throw new errors/* InputError */.dz('merge', `${show(get('merge').trim())} names no platform: a merge job lists the platforms of its matrix, for example linux/amd64,linux/arm64.`, (w) => `Leave ${w.setting('merge')} unset in a job that builds.`);
    }
    if (merge.length > 0 && platformTags) {
        throw new errors/* InputError */.dz('merge', (w) => `is set together with ${w.setting('platform-tags')}: a merge job builds nothing, it reads the platform tags the matrix jobs pushed.`, (w) => `Set ${w.example('platform-tags', 'true')} in the matrix jobs and ${w.setting('merge')} only in the job that needs them.`);
    }
    if (merge.length > 0 && get('platforms').trim() !== '') {
        throw new errors/* InputError */.dz('merge', (w) => `is set together with ${w.setting('platforms')}: a merge job builds nothing, so it takes its platforms from ${w.setting('merge')} alone.`, (w) => `Remove ${w.setting('platforms')} from the merge job.`);
    }
    if (merge.length > 0 && get('output').trim() !== '') {
        throw new errors/* InputError */.dz('merge', (w) => `is set together with ${w.setting('output')}: a merge job builds nothing, so there is no image to write.`, (w) => `Write the archive in the matrix jobs, or remove ${w.setting('output')} from the merge job.`);
    }
    return { platforms, platformTags, merge };
}
/** The platforms, when each one's platform tag is a tag (at most 128 characters, uncut). */
function platformTagsFit(name, platforms, variant) {
    for (const platform of platforms) {
        const core = `sha-${'0'.repeat(variant.shaLength)}-${(0,image_platform/* platformTagSuffix */.b6)((0,image_platform/* parsePlatform */.Y8)(platform))}`;
        const tag = `${variant.prefix}${core}${variant.suffix}`;
        if (tag.length <= 128)
            continue;
        const shown = show(tag.replace(/sha-0+-/, 'sha-<hex>-'));
        throw new errors/* InputError */.dz(name, `${show(platform)}: its platform tag ${shown} would be ${tag.length} characters long; a tag is at most 128.`);
    }
    return platforms;
}
/** Only a merge job has platform tags to delete: set elsewhere, it would do nothing. */
function parseDeletePlatformTags(get) {
    const value = parseBoolean('delete-platform-tags', get('delete-platform-tags'));
    if (value && get('merge').trim() === '') {
        throw new errors/* InputError */.dz('delete-platform-tags', 'is true without "merge": only a merge job deletes the platform tags it made the index of.', 'Set it in the merge job, next to merge.');
    }
    return value;
}
/** The image to verify: a reference docker would accept. */
function parseVerify(value) {
    if (value === '')
        return '';
    try {
        (0,reference/* parseReference */.F2)(value);
    }
    catch (error) {
        throw new errors/* InputError */.dz('verify', `${show(value)} is not an image reference: ${error.message}`);
    }
    return value;
}
/** Docker Hub shows the short description to anyone: never with the password in it. */
function parseShortDescription(raw, secrets) {
    const value = raw.trim();
    if ((0,core_secrets/* holdsSecret */.hK)(value, secrets)) {
        throw new errors/* InputError */.dz('short-description', 'holds the registry password: Docker Hub would make it public.', 'The password is for pushing only: take it out of the short description.');
    }
    const problem = (0,hub_limits/* shortDescriptionProblem */.KU)(value);
    if (problem)
        throw new errors/* InputError */.dz('short-description', `${show(value)} ${problem}`);
    return value;
}
function parseCompression(raw) {
    try {
        return (0,compression/* parseLayerCompression */.DL)(raw);
    }
    catch (error) {
        throw new errors/* InputError */.dz('compression', error.message);
    }
}
/** Minutes (a positive number) as milliseconds; empty is 0, no limit. */
/**
 * The longest timeout taken, in minutes (7 days): longer than any job may run, and well
 * within the 2^31-1 ms (24.8 days) a Node.js timer can wait; a longer timer fires at once.
 */
const MAX_TIMEOUT_MINUTES = 10_080;
function parseMinutes(name, raw) {
    const value = raw.trim();
    if (value === '')
        return 0;
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
        throw new errors/* InputError */.dz(name, `${show(value)} is not a number of minutes greater than 0.`);
    }
    if (Number(value) > MAX_TIMEOUT_MINUTES) {
        throw new errors/* InputError */.dz(name, `${show(value)} is too long: at most ${MAX_TIMEOUT_MINUTES} minutes (7 days).`);
    }
    return Math.round(Number(value) * 60_000);
}
/** GOOS and GOARCH values that OCI image platforms use. */
const KNOWN_OS = [
    'linux',
    'windows',
    'darwin',
    'freebsd',
    'netbsd',
    'openbsd',
    'solaris',
    'illumos',
    'aix',
    'plan9',
    'wasip1',
];
const KNOWN_ARCH = [
    'amd64',
    'arm64',
    'arm',
    '386',
    'ppc64le',
    'ppc64',
    's390x',
    'riscv64',
    'mips64le',
    'mips64',
    'mipsle',
    'mips',
    'loong64',
    'wasm',
];
/** Resolves a path input against the workspace; it must stay inside the workspace. */
function insideWorkspace(name, raw, workspace, resolved) {
    if (!(0,workspace_paths/* isInside */.FK)(workspace, resolved)) {
        throw new errors/* InputError */.dz(name, `${show(raw)} resolves to ${show(resolved)}, outside the workspace ${show(workspace)}.`, 'Paths are relative to the repository checkout (GITHUB_WORKSPACE) and must stay inside it.');
    }
    return resolved;
}
/**
 * Parses and validates raw input values; `get` returns '' for an unset input, which
 * then takes its default from INPUT_DEFAULTS. Pure.
 */
/**
 * Build arguments and labels end up in the image (its config and history) for anyone who
 * pulls it, and on docker's command line: one that holds the registry password in any
 * form is refused, named by its key only.
 */
function noSecret(name, pairs, secrets, buildSecrets) {
    const leak = pairs.find(([, value]) => (0,core_secrets/* holdsSecret */.hK)(value, secrets));
    if (leak) {
        throw new errors/* InputError */.dz(name, `the value of ${leak[0]} holds the registry password: it would be stored in the image, readable by anyone who pulls it, and shown on docker's command line.`, 'The password is for pushing only: give the build what it needs another way.');
    }
    // A build secret (long enough not to be found by chance) is mounted, never stored.
    for (const [id, secret] of buildSecrets) {
        const held = secret.length >= 3 && pairs.find(([, value]) => value.includes(secret));
        if (held) {
            throw new errors/* InputError */.dz(name, `the value of ${held[0]} holds the build secret ${show(id)}: it would be stored in the image, readable by anyone who pulls it, and shown on docker's command line.`, 'Read the secret in the Dockerfile with RUN --mount=type=secret instead.');
        }
    }
    return pairs;
}
/** `image` for one registry, or `images` for several (the first line then is the image). */
function imageInputs(image, images) {
    if (image !== '' && images.length > 0) {
        throw new errors/* InputError */.dz('images', (w) => `is set together with ${w.setting('image')}; give one of them (the first image of ${w.setting('images')} is the one built).`);
    }
    return { image: image || (images[0] ?? ''), images };
}
/** Every registry password's searchable forms: the push credentials' and registry-auth's. */
function registrySecrets(push, entries) {
    return [push, ...entries].flatMap((c) => (0,core_secrets/* searchableSecretForms */.GQ)(c.username, c.password));
}
function parseInputs(given, workspace) {
    const get = (name) => {
        const value = given(name);
        return value.trim() === '' ? defaults/* INPUT_DEFAULTS */.W[name] : value;
    };
    const ws = external_node_path_default().resolve(workspace);
    const trimmed = (name) => get(name).trim();
    const password = get('password').replace(/[\r\n]+$/, '');
    const registryAuth = (0,registry_auth/* parseRegistryAuth */.bf)(get('registry-auth'));
    const secrets = registrySecrets({ username: trimmed('username'), password }, registryAuth);
    const buildSecrets = parseSecrets(get('secrets'));
    const stored = (name, pairs) => noSecret(name, pairs, secrets, buildSecrets);
    const workingDirectoryRaw = trimmed('working-directory');
    const workingDirectory = insideWorkspace('working-directory', workingDirectoryRaw, ws, external_node_path_default().resolve(ws, workingDirectoryRaw === '' ? '.' : workingDirectoryRaw));
    const contextRaw = trimmed('context');
    const context = insideWorkspace('context', contextRaw, ws, external_node_path_default().resolve(ws, contextRaw === '' ? '.' : contextRaw));
    // Like docker/build-push-action's "file": relative to the workspace, not the context.
    const dockerfileRaw = trimmed('dockerfile');
    const dockerfile = insideWorkspace('dockerfile', dockerfileRaw === '' ? external_node_path_default().join(context, 'Dockerfile') : dockerfileRaw, ws, dockerfileRaw === '' ? external_node_path_default().join(context, 'Dockerfile') : external_node_path_default().resolve(ws, dockerfileRaw));
    const outputRaw = trimmed('output');
    const readmeRaw = trimmed('readme');
    const readme = readmeRaw === '' ? '' : insideWorkspace('readme', readmeRaw, ws, external_node_path_default().resolve(ws, readmeRaw));
    const tags = parseTags(get('tags'));
    const target = trimmed('target');
    if (target !== '' && !STAGE_NAME.test(target)) {
        throw new errors/* InputError */.dz('target', `${show(target)} is not a build stage name: a letter, then letters, digits, "_", "." or "-".`);
    }
    return {
        registry: (0,reference/* normalizeRegistry */.l5)(get('registry')),
        ...imageInputs(trimmed('image'), (0,request_images/* parseImages */.eb)(get('images'))),
        username: trimmed('username'),
        password,
        registryAuth,
        buildCommand: trimmed('build-command'),
        workingDirectory,
        context,
        dockerfile,
        buildArgs: stored('build-args', parsePairs('build-args', get('build-args'), buildArgKey)),
        labels: stored('labels', parsePairs('labels', get('labels'), labelKey)),
        annotations: stored('annotations', parseAnnotations(get('annotations'))),
        target,
        tags,
        latest: oneOf('latest', get('latest'), SWITCHES),
        tagVariant: parseTagVariant(get, tags),
        push: oneOf('push', get('push'), SWITCHES),
        builder: oneOf('builder', get('builder'), BUILDERS),
        ...parseMatrix(get, parseTagVariant(get, tags)),
        deletePlatformTags: parseDeletePlatformTags(get),
        readme,
        shortDescription: parseShortDescription(get('short-description'), secrets),
        output: outputRaw === '' ? '' : external_node_path_default().resolve(ws, outputRaw),
        buildCommandTimeoutMs: parseMinutes('build-command-timeout', get('build-command-timeout')),
        retryTimeoutMs: parseMinutes('retry-timeout', get('retry-timeout')),
        compression: parseCompression(get('compression')),
        secrets: buildSecrets,
        cache: parseBoolean('cache', get('cache')),
        attestations: parseBoolean('attestations', get('attestations')),
        verify: parseVerify(trimmed('verify')),
    };
}

// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
// EXTERNAL MODULE: ./src/pipeline/build-stage.ts + 2 modules
var build_stage = __webpack_require__(4614);
;// CONCATENATED MODULE: ./src/registry/hub-readme-links.ts
/**
 * Relative links and images of a readme made absolute on GitHub, at the commit, so that
 * they still lead somewhere on Docker Hub's page: links to `<server>/<repo>/blob/<sha>/...`,
 * images to `<server>/<repo>/raw/<sha>/...`. Inline links and images, reference
 * definitions and HTML `<img src>` / `<a href>`; absolute URLs, `#anchors`, `mailto:` and
 * anything in code spans or code blocks (fenced or indented) are left alone, and so is a
 * path that leads above the repository's root. A small scanner, no markdown library: it reads only
 * what decides where a link points.
 */
/** The readme itself on GitHub, at the commit. */
function readmeUrl(at) {
    const segments = at.path
        .split('/')
        .map((s) => encodeURIComponent(s).replace(/\(/g, '%28').replace(/\)/g, '%29'));
    return `${at.server}/${at.repository}/blob/${at.sha}/${segments.join('/')}`;
}
const FENCE = /^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})(.*)$/;
/** Splits into lines (each with its line ending) and marks the code blocks. */
function markdownLines(text) {
    const lines = [];
    let fence;
    for (const text_ of text.split(/(?<=\n)/)) {
        const m = FENCE.exec(text_.replace(/\r?\n$/, ''));
        if (fence === undefined) {
            // A backtick fence's info string holds no backtick.
            if (m && !(m[1].startsWith('`') && m[2].includes('`')))
                fence = m[1];
            lines.push({ text: text_, code: fence !== undefined });
        }
        else {
            lines.push({ text: text_, code: true });
            const closes = m && m[1][0] === fence[0] && m[1].length >= fence.length;
            if (closes && m[2].trim() === '')
                fence = undefined;
        }
    }
    markIndentedCode(lines);
    return lines;
}
const INDENTED = /^(?: {4}| {0,3}\t)/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
/**
 * Marks the indented code blocks: lines indented by four or more after a blank line,
 * unless a list is open (there they continue a list item). A list ends at a line that
 * starts in the first column after a blank line.
 */
function markIndentedCode(lines) {
    let blankBefore = true;
    let inList = false;
    let inCode = false;
    for (const line of lines) {
        if (line.code) {
            blankBefore = inCode = false;
        }
        else if (line.text.trim() === '') {
            blankBefore = true;
        }
        else {
            if (!INDENTED.test(line.text)) {
                const ends = blankBefore && /^\S/.test(line.text);
                inList = LIST_ITEM.test(line.text) || (inList && !ends);
                inCode = false;
            }
            else if (inCode || (blankBefore && !inList)) {
                inCode = line.code = true;
            }
            blankBefore = false;
        }
    }
}
/** The ranges [start, end) of the code spans in a paragraph. */
function codeSpans(text) {
    const spans = [];
    const runs = [...text.matchAll(/(?<!\\)`+/g)].map((m) => [m.index, m[0].length]);
    // The next run of the same length after each, found in one pass from the end.
    const next = [];
    const seen = new Map();
    for (let j = runs.length - 1; j >= 0; j--) {
        next[j] = seen.get(runs[j][1]) ?? -1;
        seen.set(runs[j][1], j);
    }
    for (let i = 0; i < runs.length; i++) {
        const [start, length] = runs[i];
        const close = next[i];
        if (close === -1)
            continue;
        spans.push([start, runs[close][0] + length]);
        i = close;
    }
    return spans;
}
/** cmark's limit on parentheses nested in a link destination (each scan stays short). */
const MAX_NESTING = 32;
/** The destination of an inline link whose `(` is just before `from`. */
function destinationAt(text, from) {
    let start = from;
    while (text[start] === ' ' || text[start] === '\t')
        start++;
    if (text[start] === '<') {
        // No line ending, no unescaped '<' or '>' inside (CommonMark): the scan ends at the next.
        let close = start + 1;
        while (close < text.length && !'<>\n'.includes(text[close]))
            close += text[close] === '\\' ? 2 : 1;
        if (text[close] !== '>')
            return undefined;
        return { start, end: close + 1, value: text.slice(start + 1, close), angle: true };
    }
    let end = start;
    let depth = 0;
    for (; end < text.length; end++) {
        const c = text[end];
        if (c === '\\')
            end++;
        else if (/\s/.test(c))
            break;
        else if (c === '(' && ++depth > MAX_NESTING)
            return undefined;
        else if (c === ')' && depth-- === 0)
            break;
    }
    return { start, end, value: text.slice(start, end), angle: false };
}
const label = (s) => s.trim().replace(/\s+/g, ' ').toLowerCase();
/** Inline links and images of one paragraph rewritten; reference uses recorded. */
function rewriteParagraph(text, rewrite, usage) {
    const spans = codeSpans(text);
    const open = [];
    let out = '';
    let copied = 0;
    let nextSpan = 0;
    for (let i = 0; i < text.length; i++) {
        while ((spans[nextSpan]?.[0] ?? Infinity) < i)
            nextSpan++;
        if (spans[nextSpan]?.[0] === i) {
            i = spans[nextSpan++][1] - 1;
            continue;
        }
        const c = text[i];
        if (c === '\\')
            i++;
        else if (c === '[')
            open.push({ at: i, image: text[i - 1] === '!' && text[i - 2] !== '\\' });
        else if (c === ']' && open.length > 0) {
            const { at, image } = open.pop();
            if (text[i + 1] === '(') {
                const d = destinationAt(text, i + 2);
                const next = d && rewrite(d.value, image);
                if (d && next !== undefined) {
                    out += text.slice(copied, d.start) + (d.angle ? `<${next}>` : next);
                    copied = d.end;
                    i = d.end - 1;
                }
            }
            else if (text[i + 1] !== ':') {
                // `[id]: path` is a definition (rewritten afterwards), not a use.
                const ref = /^\[([^[\]]*)\]/.exec(text.slice(i + 1));
                const name = ref?.[1] ? ref[1] : text.slice(at + 1, i);
                (image ? usage.images : usage.links).add(label(name));
                if (ref)
                    i += ref[0].length;
            }
        }
    }
    return rewriteHtml(out + text.slice(copied), rewrite, codeSpans(out + text.slice(copied)));
}
// A tag ends at `>`; a `<` before it starts another one (and keeps the scan linear).
const HTML_ATTR = /(<(img|a)\b[^<>]*?\s(src|href)\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)/gi;
/** `<img src>` and `<a href>` outside code spans. */
function rewriteHtml(text, rewrite, spans) {
    return text.replace(HTML_ATTR, (all, head, tag, _a, value, at) => {
        if (spans.some(([s, e]) => at >= s && at < e))
            return all;
        const quote = /^["']/.test(value) ? value[0] : '';
        const next = rewrite(quote ? value.slice(1, -1) : value, tag.toLowerCase() === 'img');
        return next === undefined ? all : `${head}${quote}${next}${quote}`;
    });
}
const DEFINITION = /^( {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*)(<[^>\n]*>|[^\s]+)/;
/**
 * The path a relative destination names in the repository, with its query and fragment,
 * or undefined when it is no relative path or leads above the root.
 */
function repositoryPath(dest, dir) {
    if (dest === '' || /^(?:#|\/\/|[a-z][a-z0-9+.-]*:)/i.test(dest))
        return undefined;
    const [, pathPart = '', rest = ''] = /^([^?#]*)(.*)$/s.exec(dest);
    if (pathPart === '')
        return undefined;
    // Other spellings of "." and "/" (a browser reads %2e as ".", "\\" as "/" and drops tabs
    // and newlines; markdown reads "\\." as "."): such a path is left, as one above the root.
    if (/[\\\t\n\r]|%2e/i.test(pathPart))
        return undefined;
    const segments = pathPart.startsWith('/') ? [] : [...dir];
    for (const s of pathPart.split('/')) {
        if (s === '' || s === '.')
            continue;
        if (s !== '..')
            segments.push(s);
        else if (segments.pop() === undefined)
            return undefined;
    }
    const slash = pathPart.endsWith('/') && segments.length > 0 ? '/' : '';
    return segments.join('/') + slash + rest;
}
/** The readme with its relative links and images made absolute GitHub URLs at the commit. */
function absoluteLinks(text, at) {
    const dir = at.path.split('/').slice(0, -1);
    const base = `${at.server}/${at.repository}`;
    const rewrite = (dest, image) => {
        const target = repositoryPath(dest, dir);
        if (target === undefined)
            return undefined;
        const url = target === ''
            ? `${base}/tree/${at.sha}`
            : `${base}/${image ? 'raw' : 'blob'}/${at.sha}/${target}`;
        return url.replace(/ /g, '%20');
    };
    const usage = { images: new Set(), links: new Set() };
    const out = [];
    let paragraph = '';
    for (const line of markdownLines(text)) {
        if (!line.code && line.text.trim() !== '') {
            paragraph += line.text;
            continue;
        }
        out.push(rewriteParagraph(paragraph, rewrite, usage), line.text);
        paragraph = '';
    }
    out.push(rewriteParagraph(paragraph, rewrite, usage));
    return rewriteDefinitions(out.join(''), rewrite, usage);
}
/** Reference definitions: raw when only images use their label, else blob. */
function rewriteDefinitions(text, rewrite, usage) {
    return markdownLines(text)
        .map(({ text: line, code }) => {
        const m = code ? null : DEFINITION.exec(line);
        if (!m)
            return line;
        const name = label(m[2]);
        const image = usage.images.has(name) && !usage.links.has(name);
        const angle = m[3].startsWith('<');
        const next = rewrite(angle ? m[3].slice(1, -1) : m[3], image);
        if (next === undefined)
            return line;
        return m[1] + (angle ? `<${next}>` : next) + line.slice(m[0].length);
    })
        .join('');
}

;// CONCATENATED MODULE: ./src/registry/hub-readme-cut.ts
/**
 * A readme longer than Docker Hub keeps, cut to fit: at the last heading (an ATX `#`
 * line outside fenced code) that fits together with a final line linking to the full
 * readme; else at the last paragraph boundary that fits; else, for one huge paragraph,
 * at the last whole character that fits. Measured in UTF-8 bytes, as Docker Hub counts.
 */

/** The last line of a cut readme: a link to the full one, or a note where there is none. */
function finalLine(fullUrl) {
    return fullUrl === undefined
        ? '*This is the beginning of the README; the rest did not fit on Docker Hub.*\n'
        : `[Read the full README on GitHub.](${fullUrl})\n`;
}
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|\r?\n|$)/;
/** The headings and the paragraph boundaries (blank lines) outside fenced code. */
function candidates(text) {
    const headings = [];
    const paragraphs = [];
    let at = 0;
    for (const line of markdownLines(text)) {
        if (!line.code && at > 0) {
            if (HEADING.test(line.text))
                headings.push({ at, heading: line.text.trim() });
            else if (line.text.trim() === '')
                paragraphs.push({ at });
        }
        at += line.text.length;
    }
    return { headings, paragraphs };
}
/** The text kept when cut before `at`, with the final line. */
function keep(text, at, last) {
    const kept = text.slice(0, at).trimEnd();
    return kept === '' ? '' : `${kept}\n\n${last}`;
}
/** The last candidate whose cut fits (the kept size grows with the position). */
function lastFitting(text, list, last, max) {
    let lo = 0;
    let hi = list.length - 1;
    let found;
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const kept = keep(text, list[mid].at, last);
        if (kept !== '' && Buffer.byteLength(kept) <= max) {
            found = { c: list[mid], kept };
            lo = mid + 1;
        }
        else if (kept === '')
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return found;
}
/** The longest start of `text` of at most `max` UTF-8 bytes, never half a character. */
function utf8Prefix(text, max) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= max)
        return text;
    let end = Math.max(0, max);
    // A continuation byte (10xxxxxx) belongs to the character that started before it.
    while (end > 0 && (bytes[end] & 0xc0) === 0x80)
        end--;
    return bytes.subarray(0, end).toString('utf8');
}
/** The readme as Docker Hub can keep it: whole when it fits, else cut with a final line. */
function fitReadme(text, max, fullUrl) {
    const before = Buffer.byteLength(text);
    if (before <= max)
        return { text };
    const last = finalLine(fullUrl);
    const { headings, paragraphs } = candidates(text);
    const heading = lastFitting(text, headings, last, max);
    const found = heading ?? lastFitting(text, paragraphs, last, max);
    if (found) {
        const after = Buffer.byteLength(found.kept);
        const at = heading ? 'heading' : 'paragraph';
        return { text: found.kept, cut: { before, after, at, heading: found.c.heading } };
    }
    const room = max - Buffer.byteLength(`\n\n${last}`);
    const kept = `${utf8Prefix(text, room).trimEnd()}\n\n${last}`;
    return { text: kept, cut: { before, after: Buffer.byteLength(kept), at: 'character' } };
}

;// CONCATENATED MODULE: ./src/pipeline/hub.ts
/**
 * After a push to Docker Hub: the repository's description from the readme input and
 * the short-description input, with the push's credentials. Opt-in, Docker Hub only,
 * and never the reason a push that succeeded fails: what goes wrong is a warning. A readme
 * that holds the password in any form is never sent; its relative links are made absolute
 * on GitHub, and one longer than Docker Hub keeps is cut to fit.
 */








const DOCKER_HUB = 'docker.io';
/** Sets the description where the request asks for one and the image went to Docker Hub. */
async function describeOnHub(request, plan, api, io) {
    const { inputs, wording } = request;
    if (!inputs.readme && !inputs.shortDescription)
        return;
    const asked = [inputs.readme && 'readme', inputs.shortDescription && 'short-description']
        .filter(Boolean)
        .map((name) => wording.setting(name))
        .join(' and ');
    if (plan.image.registry !== DOCKER_HUB) {
        io.notice(`${asked} ignored: a repository description is set only on Docker Hub, and ${plan.image.registry} is another registry.`);
        return;
    }
    try {
        const full = inputs.readme
            ? hubPage(readReadme(inputs.readme, request), request, io)
            : undefined;
        const { setHubDescription } = await __webpack_require__.e(/* import() */ 847).then(__webpack_require__.bind(__webpack_require__, 2847));
        await setHubDescription({ repository: plan.image.path, full, short: inputs.shortDescription || undefined }, {
            username: inputs.username,
            password: inputs.password,
            setSecret: (secret) => io.setSecret(secret),
            api,
            deadlineMs: (0,hub_limits/* hubDeadlineMs */.oX)(inputs.retryTimeoutMs),
        });
        io.info(`Docker Hub description of ${plan.image.path} set from ${asked}.`);
    }
    catch (error) {
        io.warning(`The image was pushed, but its Docker Hub description was not set: ${error.message}`);
    }
}
/**
 * The readme's text; the file, links resolved, must be inside the workspace, and must
 * not hold the password in any form.
 */
function readReadme(file, { context, wording, inputs }) {
    let where;
    try {
        where = (0,workspace_paths/* confine */.Do)(context.workspace, file);
    }
    catch {
        where = undefined;
    }
    if (where?.stats === undefined) {
        throw new Error(`there is no file at ${wording.path(file)}; fix ${wording.setting('readme')}.`);
    }
    if (!where.inside) {
        throw new Error(`${wording.path(file)} leads outside the workspace (a link to ${where.real}); point ${wording.setting('readme')} at a file in the repository.`);
    }
    // Made by the build-command, it may be a FIFO or a device (a read that never ends) or
    // huge: only a regular file of a size a readme can have is read.
    if (!where.stats.isFile()) {
        throw new Error(`${wording.path(file)} is not a regular file; fix ${wording.setting('readme')}.`);
    }
    if (where.stats.size > hub_limits/* README_READ_MAX_BYTES */.Zg) {
        throw new Error(`${wording.path(file)} is ${where.stats.size} bytes; a readme of up to ${hub_limits/* README_READ_MAX_BYTES */.Zg} bytes is read (and cut to the ${hub_limits/* FULL_DESCRIPTION_MAX_BYTES */.A7} Docker Hub keeps). Point ${wording.setting('readme')} at a shorter file.`);
    }
    const text = (0,external_node_fs_.readFileSync)(where.real, 'utf8');
    // The build-command may have written it, and it can read the step's environment.
    if ((0,core_secrets/* holdsSecret */.hK)(text, (0,core_secrets/* searchableSecretForms */.GQ)(inputs.username, inputs.password))) {
        throw new Error(`${wording.path(file)} (${wording.setting('readme')}) holds the registry password: Docker Hub would make it public, so nothing was sent. Find what writes the password into it (the build-command can read it from the step's environment).`);
    }
    const inRepository = external_node_path_default().relative(where.root, where.real).split((external_node_path_default()).sep).join('/');
    return { text, file, inRepository, bytes: where.stats.size };
}
/**
 * The page Docker Hub shows: relative links made absolute on GitHub at the commit, cut
 * to fit when longer than Docker Hub keeps; each change said in the log.
 */
function hubPage(readme, { context, wording }, io) {
    const shown = wording.path(readme.file);
    const { serverUrl, repository, sha } = context;
    const at = serverUrl && repository && sha
        ? { server: serverUrl, repository, sha, path: readme.inRepository }
        : undefined;
    // Said only where there is a relative link to leave.
    const probe = { server: '', repository: '', sha: '', path: readme.inRepository };
    if (!at && absoluteLinks(readme.text, probe) !== readme.text) {
        io.notice(`The relative links of ${shown} were left as written: it is in no git repository with a web remote and commit, so they have no address to point to on Docker Hub.`);
    }
    const fitted = fitReadme(at ? absoluteLinks(readme.text, at) : readme.text, hub_limits/* FULL_DESCRIPTION_MAX_BYTES */.A7, at && readmeUrl(at));
    const cut = fitted.cut;
    if (cut) {
        const where = cut.at === 'heading'
            ? `before the heading ${(0,errors/* showValue */.vp)(cut.heading ?? '', 80)}`
            : cut.at === 'paragraph'
                ? 'at the end of a paragraph'
                : 'in the middle of its first paragraph (it has no heading or blank line that fits)';
        io.notice(`${shown} is ${readme.bytes} bytes, more than the ${hub_limits/* FULL_DESCRIPTION_MAX_BYTES */.A7} Docker Hub keeps: it was cut ${where} to ${cut.after} bytes, ending with ${at ? 'a link to the full README on GitHub' : 'a line saying so'}.`);
    }
    return fitted.text;
}

// EXTERNAL MODULE: ./src/request/tags.ts
var request_tags = __webpack_require__(336);
;// CONCATENATED MODULE: ./src/pipeline/floating.ts



/**
 * Floating tags never move backwards: on release 1.2.3, `latest`, `1` and `1.2`
 * are moved only if the registry holds no higher released version in their range
 * (any version for latest, 1.x.y for 1, 1.2.y for 1.2). Per variant: `1-alpine` is held
 * only by a newer `x.y.z-alpine`, plain `1` only by a newer plain `x.y.z`. Pure: the
 * caller lists the repository's tags.
 */
function holdFloatingTags(release, tags, existingTags, variant = tag_variant/* PLAIN_VARIANT */.d0) {
    if (!release || release.prerelease !== '')
        return { tags, held: [] };
    const released = existingTags
        .map((tag) => ({ tag, version: exactVersion((0,tag_variant/* stripAffix */.DR)(tag, variant)) }))
        .filter((v) => v.version !== undefined)
        .filter((v) => v.version.prerelease === '');
    const held = [];
    const kept = tags.filter((tag) => {
        const core = (0,tag_variant/* stripAffix */.DR)(tag, variant);
        const inRange = core === undefined ? undefined : floatingRange(core, release);
        if (!inRange)
            return true;
        const newer = released
            .filter((v) => inRange(v.version) && (0,request_tags/* compareSemver */.mU)(v.version, release) > 0)
            .sort((a, b) => (0,request_tags/* compareSemver */.mU)(b.version, a.version))[0];
        if (!newer)
            return true;
        held.push({ tag, newer: newer.tag });
        return false;
    });
    return { tags: kept, held };
}
/** A full x.y.z tag (with or without v); `1` and `1.2` are floating tags, not versions. */
function exactVersion(tag) {
    return tag !== undefined && /^v?\d+\.\d+\.\d+/.test(tag) ? (0,request_tags/* parseSemver */.kf)(tag) : undefined;
}
/** Which versions a floating tag of this release covers, or undefined if it is not one. */
function floatingRange(tag, release) {
    if (tag === 'latest')
        return () => true;
    if (tag === `${release.major}`)
        return (v) => v.major === release.major;
    if (tag === `${release.major}.${release.minor}`) {
        return (v) => v.major === release.major && v.minor === release.minor;
    }
    return undefined;
}
/**
 * Leaves `latest`, the major and the minor where a higher released version already put
 * them. Returns the plan to push and the tags held back.
 */
function applyFloatingRule(plan, existing, log) {
    if (!plan.semver || !existing)
        return { plan, held: [] };
    const { tags, held } = holdFloatingTags(plan.semver, plan.tags, existing, plan.variant);
    for (const { tag, newer } of held) {
        log.notice(`Tag "${tag}" left on ${newer}: it is newer than ${plan.version}.`);
    }
    return {
        plan: { ...plan, tags, refs: tags.map((tag) => (0,reference/* formatReference */.FH)(plan.image, tag)) },
        held,
    };
}

// EXTERNAL MODULE: ./src/image/image.ts
var image_image = __webpack_require__(5228);
// EXTERNAL MODULE: ./src/image/merge-index.ts + 1 modules
var merge_index = __webpack_require__(146);
// EXTERNAL MODULE: ./src/registry/tag-push.ts
var tag_push = __webpack_require__(1028);
;// CONCATENATED MODULE: ./src/pipeline/platform-tag-cleanup.ts

const platform_tag_cleanup_DOCKER_HUB = 'docker.io';
/** An image the pushed index names is gone and could not be put back: the run fails. */
class BrokenIndexError extends errors/* ActionError */.lZ {
}
async function removePlatformTags(plan, merged, registry, credentials, hubApi, io) {
    // A platform tag that is also one of the image's own tags now names the index: kept.
    const tags = [...new Set(merged.platforms.map((p) => p.tag))].filter((tag) => !plan.tags.includes(tag));
    if (tags.length === 0)
        return;
    await io.group(`Delete the platform tags of ${plan.image.name}`, async () => {
        try {
            if (plan.image.registry === platform_tag_cleanup_DOCKER_HUB)
                await onHub(plan, tags, credentials, hubApi, io);
            else
                await onRegistry(plan, merged, tags, registry, io);
        }
        catch (error) {
            if (error instanceof BrokenIndexError)
                throw error;
            io.warning(`The index was pushed, but its platform tags were not deleted: ${error.message}`);
        }
    });
}
async function onHub(plan, tags, credentials, api, io) {
    const { deleteHubTags } = await __webpack_require__.e(/* import() */ 20).then(__webpack_require__.bind(__webpack_require__, 3020));
    const results = await deleteHubTags(plan.image.path, tags, {
        username: credentials.username,
        password: credentials.password,
        setSecret: (secret) => io.setSecret(secret),
        api,
    });
    const left = tags.filter((tag) => results.get(tag)?.outcome === 'refused');
    platform_tag_cleanup_report(tags.filter((tag) => !left.includes(tag)), io);
    if (left.length > 0) {
        const status = results.get(left[0]);
        io.warning(`Docker Hub did not delete ${left.join(', ')} (HTTP ${status.status}): deleting a tag needs a personal access token with the "Read, Write, Delete" permission. The tags were left; the index is pushed.`);
    }
}
async function onRegistry(plan, merged, tags, registry, io) {
    const repo = plan.image.path;
    // Read before any delete: to put back an image a registry dropped along with its tag.
    const images = await Promise.all(merged.platforms.map((p) => registry.getManifest(repo, p.digest)));
    const deleted = [];
    try {
        for (const tag of tags) {
            const result = await registry.deleteTag(repo, tag);
            if (result.outcome === 'refused') {
                return refused(plan, tags.slice(deleted.length), result, io);
            }
            deleted.push(tag);
        }
    }
    finally {
        platform_tag_cleanup_report(deleted, io);
        // Also after a failed delete: whatever the registry did, the index must stay whole.
        await keepIndexWhole(plan, images, registry, io);
    }
}
function platform_tag_cleanup_report(deleted, io) {
    if (deleted.length > 0)
        io.info(`Deleted the platform tags ${deleted.join(', ')}.`);
}
function refused(plan, left, r, io) {
    const why = `HTTP ${r.status}${r.code ? ` ${r.code}` : ''}`;
    io.warning(`${plan.image.registry} does not delete a tag alone (${why}), so the platform tags ${left.join(', ')} were left: a registry such as distribution 2.x deletes only manifests by digest, which would remove the images the index names. Remove them with the registry's own tools, or leave delete-platform-tags off for this registry.`);
}
/**
 * Every image the index names must still be served. A registry that dropped one along
 * with its tag gets it back (its blobs are still there); if it will not take it, the
 * run fails, naming what to push again.
 */
async function keepIndexWhole(plan, images, registry, io) {
    const repo = plan.image.path;
    for (const image of images) {
        if ((await registry.headManifest(repo, image.digest))?.digest === image.digest)
            continue;
        io.warning(`${plan.image.registry} removed the image ${image.digest} with its platform tag, though the index names it: it is pushed again.`);
        try {
            await registry.putManifest(repo, image.digest, image.body, image.mediaType);
        }
        catch (error) {
            throw new BrokenIndexError('push', `${plan.image.registry} removed the image ${image.digest}, which the index names, with its platform tag, and refused it back (${error.message}).`, 'Run the matrix jobs and the merge again, with delete-platform-tags off for this registry.');
        }
    }
}

;// CONCATENATED MODULE: ./src/pipeline/timing.ts
/** Times each stage of the pipeline, for the job summary. */
class timing_StageTimer {
    log;
    times = [];
    /** `log`: the run's, where each stage is a group. */
    constructor(log) {
        this.log = log;
    }
    /** Runs one stage inside a collapsible log group. */
    async run(stage, title, work) {
        const start = performance.now();
        try {
            return await this.log.group(title, work);
        }
        finally {
            this.record(stage, performance.now() - start);
        }
    }
    /** A stage that ran beside others (its own duration, not the wait for it). */
    record(stage, ms) {
        this.times.push({ stage, ms: Math.round(ms) });
    }
}
/** Starts `work` now; the promise never rejects, it says how the work ended. */
async function timed(work) {
    const start = performance.now();
    try {
        const value = await work();
        return { ok: true, value, ms: performance.now() - start };
    }
    catch (error) {
        return { ok: false, error, ms: performance.now() - start };
    }
}

;// CONCATENATED MODULE: ./src/pipeline/merge.ts








/** Logs in, reads and checks every platform tag, then pushes the index under every tag. */
async function mergeAndPush(plan, sha, credentials, stages, state, io) {
    const clients = state.shared.clients;
    const registry = await stages.registry(plan, credentials, clients);
    try {
        const existing = stages.existingTags(plan, credentials, clients, io);
        existing.catch(() => undefined);
        await io.group(`Log in to ${plan.image.registry}`, async () => {
            const login = await timed(() => registry.checkPushAccess(plan.image.path));
            state.timer.record('login', login.ms);
            if (!login.ok)
                throw login.error;
            io.info(`Credentials accepted for ${plan.image.path}.`);
        });
        let merged;
        state.push = await state.timer.run('push', `Merge and push ${plan.image.name}`, async () => {
            merged = await readPlatformTags(registry, plan, sha, io);
            const floating = applyFloatingRule(plan, await existing.catch(() => undefined), io);
            state.held = floating.held;
            state.plan = floating.plan;
            return pushIndex(registry, floating.plan, merged);
        });
        io.info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
        if (plan.deletePlatformTags && merged) {
            await removePlatformTags(state.plan, merged, registry, credentials, stages.hubApi, io);
        }
    }
    finally {
        registry.close();
    }
}
/** Every platform tag of the commit, read and checked, as one index. */
async function readPlatformTags(registry, plan, sha, io) {
    const platforms = plan.merge.map((p) => (0,image_platform/* parsePlatform */.Y8)(p));
    const merged = await (0,merge_index/* mergePlatformTags */.Z)(registry, plan.image.path, sha, platforms, plan.variant, plan.annotations);
    for (const p of merged.platforms) {
        io.info(`${(0,image_platform/* formatPlatform */.Bq)(p.platform)}: ${p.digest} (${p.tag})`);
    }
    return merged;
}
/** The index under every tag of the plan, in order; a failure names the tags updated. */
async function pushIndex(registry, plan, merged) {
    const pushed = await (0,tag_push/* putUnderTags */.J)(plan.tags, plan.refs, (tag) => registry.putManifest(plan.image.path, tag, merged.index, image_image/* MEDIA_TYPES */.Z2.index));
    return {
        digest: (0,image_image/* sha256Digest */.sI)(merged.index),
        pushed,
        uploadedBytes: 0,
        size: merged.platforms.reduce((n, p) => n + p.imageSize, 0),
        platforms: merged.platforms.map((p) => ({
            platform: (0,image_platform/* formatPlatform */.Bq)(p.platform),
            digest: p.digest,
            size: p.imageSize,
        })),
    };
}

// EXTERNAL MODULE: ./src/request/plan.ts + 1 modules
var request_plan = __webpack_require__(8252);
// EXTERNAL MODULE: ./src/util/bytes.ts
var util_bytes = __webpack_require__(1671);
// EXTERNAL MODULE: ./src/util/duration-format.ts
var duration_format = __webpack_require__(6524);
;// CONCATENATED MODULE: ./src/pipeline/summary.ts


/**
 * The job summary as markdown: pure, so it is tested without a runner. Every value in
 * it that the action did not write (names, tags, digests, platforms, versions, messages)
 * goes through `text` or `code` below, the one place that escapes them.
 */
function renderSummary(report) {
    const { plan, build, push } = report;
    const lines = [];
    const title = report.failure
        ? 'Image not published'
        : push
            ? 'Image published'
            : 'Image built, not pushed';
    lines.push(`### ${title}`, '');
    if (report.failure)
        lines.push(`**Failed:** ${summary_text(report.failure)}`, '');
    if (!push && !report.failure && plan.noPushReason) {
        lines.push(`Nothing was pushed: ${summary_text(plan.noPushReason)}.`, '');
    }
    for (const { tag, newer } of report.held) {
        lines.push(`Tag ${code(tag)} was left on ${code(newer)}, a newer release than ${code(plan.version)}.`);
    }
    if (report.held.length > 0)
        lines.push('');
    lines.push('| | |', '|---|---|');
    lines.push(`| Image | ${code(plan.image.name)} |`);
    lines.push(`| Tags | ${plan.tags.map(code).join(' ')} |`);
    if (push?.digest)
        lines.push(`| Digest | ${code(push.digest)} |`);
    for (const { platform, digest, size } of push?.platforms ?? []) {
        const bytes = size === undefined ? '' : ` (${(0,util_bytes/* formatBytes */.z)(size)} compressed)`;
        lines.push(`| ${summary_text(platform)} | ${code(digest)}${bytes} |`);
    }
    if (build) {
        lines.push(`| Image ID | ${code(build.imageId)} |`);
        if (push?.size !== undefined) {
            lines.push(`| Size | ${(0,util_bytes/* formatBytes */.z)(push.size)} (compressed) |`);
        }
        else if (build.size !== undefined) {
            lines.push(`| Size | ${(0,util_bytes/* formatBytes */.z)(build.size)} (${build.sizeKind}) |`);
        }
    }
    lines.push(`| Version | ${code(plan.version)} |`);
    lines.push(`| Builder | ${summary_text(report.builder)} |`);
    lines.push('');
    const pull = push?.digest ? `${plan.image.name}@${push.digest}` : undefined;
    // A fenced block shows its text raw: written only for a reference that is plainly one.
    if (pull !== undefined && PLAIN.test(pull))
        lines.push('```sh', `docker pull ${pull}`, '```', '');
    if (report.times.length > 0) {
        lines.push('| Stage | Time |', '|---|---|');
        for (const { stage, ms } of report.times)
            lines.push(`| ${summary_text(stage)} | ${(0,duration_format/* formatMs */._)(ms, 'report')} |`);
        lines.push('');
    }
    return lines.join('\n');
}
/** Text that markdown shows as it is in a code span: a registry reference, a digest. */
const PLAIN = /^[A-Za-z0-9._:/@+-]+$/;
/**
 * Keeps foreign text on its one line of the summary, in its one table cell: no HTML, no
 * cell break, no code span, no link or image, no escape of what follows (`&`, `\`);
 * every line ending (CR alone too, and the Unicode separators and NEXT LINE) becomes a
 * space, so that no heading, list or table row can start inside it.
 */
function summary_text(value) {
    return value
        .replace(/[<>|`[\]&\\]/g, (c) => `&#${c.charCodeAt(0)};`)
        .replace(/\r\n|[\r\n\v\f\u2028\u2029\u0085]/g, ' ');
}
/** A value shown as code: a code span when it is plain, else the same look in HTML. */
function code(value) {
    return PLAIN.test(value) ? `\`${value}\`` : `<code>${summary_text(value)}</code>`;
}

;// CONCATENATED MODULE: ./src/pipeline/report.ts



/** Outputs always; the job summary once there is a plan to speak of. */
async function report_report(state, io) {
    const outputs = outputsOf(state);
    for (const [name, value] of Object.entries(outputs))
        io.setOutput(name, value);
    if (!state.plan)
        return outputs;
    const markdown = renderSummary({
        plan: state.plan,
        builder: state.builder?.name ?? 'none',
        build: state.build,
        push: state.push,
        held: state.held,
        times: state.timer.times,
        failure: state.failure,
    });
    try {
        await io.summary(markdown);
    }
    catch (error) {
        io.warning(`Could not write the job summary: ${error.message}`);
    }
    return outputs;
}
function outputsOf({ plan, build, push, partial, verified, further }) {
    const furtherRefs = (further?.images ?? []).flatMap((image) => (plan?.tags ?? []).map((tag) => (0,reference/* formatReference */.FH)(image, tag)));
    return {
        image: plan?.image.name ?? '',
        tags: plan ? plan.refs.join('\n') : '',
        version: plan?.version ?? '',
        imageid: build?.imageId ?? '',
        digest: push?.digest ?? '',
        pushed: push ? 'true' : 'false',
        'pushed-tags': [...(push?.pushed ?? partial), ...(further?.pushed ?? [])].join('\n'),
        images: [...(plan?.refs ?? []), ...furtherRefs].join('\n'),
        'platform-digests': (push?.platforms ?? build?.platforms ?? [])
            .map((p) => `${p.platform} ${p.digest}`)
            .join('\n'),
        ...subjectOutputs(plan, push),
        verified: verified === undefined ? '' : String(verified),
    };
}
/**
 * What actions/attest-build-provenance takes: the image name without a tag (Docker Hub
 * as index.docker.io, the name its attestations API expects) and the digest pushed.
 */
function subjectOutputs(plan, push) {
    const pushed = plan !== undefined && push !== undefined && push.digest !== '';
    const name = plan?.image.registry === 'docker.io' ? `index.docker.io/${plan.image.path}` : plan?.image.name;
    return {
        'subject-name': pushed ? (name ?? '') : '',
        'subject-digest': pushed ? push.digest : '',
    };
}
/** One error annotation that says what failed and what to do; never a raw stack. */
function report_reportFailure(error, io, wording) {
    if (error instanceof errors/* ActionError */.lZ) {
        // A bad value is named the way the user set it: an input, or a flag.
        const message = error instanceof errors/* InputError */.dz && wording
            ? `${wording.input(error.input)}: ${(0,errors/* wordHint */.Ut)(error.detailWords, wording)}`
            : error.message;
        const hint = (0,errors/* wordHint */.Ut)(error.hint, wording);
        const text = hint ? `${message} ${hint}` : message;
        // An error with a place says it in its message (LocatedError): the annotation points there.
        const where = error.annotation
            ? { file: error.annotation.file, startLine: error.annotation.line, named: true }
            : undefined;
        io.error(`${stageTitle[error.stage]} failed: ${text}`, where);
        return message;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.error(`Unexpected failure: ${message}`);
    io.debug(error instanceof Error ? (error.stack ?? message) : message);
    return message;
}
const stageTitle = {
    inputs: 'Input validation',
    compile: 'Compile',
    build: 'Image build',
    verify: 'Verify',
    login: 'Registry login',
    push: 'Push',
    report: 'Report',
    cleanup: 'Cleanup',
};

;// CONCATENATED MODULE: ./src/pipeline/run.ts
/**
 * The pipeline: validate, compile, build, log in, push, report. A function of a
 * request (what to do, decided by the action or the command line) and an Io (where
 * to say it); it reads no environment variable and writes nothing but through the Io.
 */














/** The builders and the registry client are loaded only once a run needs them. */
const realStages = {
    async builder(request, plan, io, shared) {
        const { createBuilder, decideBuilder } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(221), __webpack_require__.e(625), __webpack_require__.e(920), __webpack_require__.e(678)]).then(__webpack_require__.bind(__webpack_require__, 4678));
        const { inputs, context, wording, env } = request;
        return createBuilder(decideBuilder(inputs.builder, plan, wording, shared.dockerfiles), {
            registry: plan.image.registry,
            tempDir: context.runnerTemp,
            retryTimeoutMs: inputs.retryTimeoutMs,
            compression: inputs.compression,
            credentials: (0,registry_auth/* credentialsFor */.Og)({ ...inputs, registry: plan.image.registry }, inputs.registryAuth),
            io,
            env,
            shared,
        });
    },
    async shared(retryMs, io) {
        const { RegistryClients } = await __webpack_require__.e(/* import() */ 221).then(__webpack_require__.bind(__webpack_require__, 7221));
        const { DockerfileReader } = await __webpack_require__.e(/* import() */ 625).then(__webpack_require__.bind(__webpack_require__, 4625));
        return {
            clients: new RegistryClients({ logger: io, totalTimeoutMs: retryMs }),
            dockerfiles: new DockerfileReader(),
        };
    },
    hubApi: hub_limits/* DOCKER_HUB_API */.sg,
    async registry(plan, credentials, clients) {
        return clients.get(plan.image.registry, credentials);
    },
    async existingTags(plan, credentials, clients, io) {
        const { listExistingTags } = await __webpack_require__.e(/* import() */ 163).then(__webpack_require__.bind(__webpack_require__, 163));
        return listExistingTags(plan, clients.get(plan.image.registry, credentials), io);
    },
};
async function run(request, io, stages = realStages) {
    const state = { timer: new timing_StageTimer(io), held: [], partial: [] };
    let failed;
    try {
        await pipeline(request, stages, state, io);
    }
    catch (error) {
        state.failure = report_reportFailure(error, io, request.wording);
        failed = error instanceof errors/* ActionError */.lZ ? error.stage : 'unexpected';
        if (error instanceof errors/* PartialPushError */.WM)
            state.partial = error.pushed;
    }
    finally {
        state.builder?.dispose();
        state.shared?.clients.close();
    }
    return { ok: failed === undefined, failed, outputs: await report_report(state, io) };
}
/** A run that failed before its request could be made (a bad input): reported the same way. */
async function failBeforeRun(error, io) {
    const state = { timer: new StageTimer(io), held: [], partial: [] };
    state.failure = reportFailure(error, io);
    const failed = error instanceof ActionError ? error.stage : 'unexpected';
    return { ok: false, failed, outputs: await report(state, io) };
}
async function pipeline(request, stages, state, io) {
    const { inputs } = request;
    (0,core_secrets/* maskSecrets */.QU)(io, inputs.username, inputs.password);
    for (const entry of inputs.registryAuth)
        (0,core_secrets/* maskSecrets */.QU)(io, entry.username, entry.password);
    (0,core_secrets/* maskValues */.Z$)(io, inputs.secrets.map(([, value]) => value));
    const shared = await (stages.shared ?? realStages.shared)(inputs.retryTimeoutMs, io);
    state.shared = shared;
    if (inputs.verify) {
        const { verifyCommit } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(920), __webpack_require__.e(497)]).then(__webpack_require__.bind(__webpack_require__, 1497));
        return verifyCommit(request, stages, state, io);
    }
    const plan = validate(request, io);
    state.plan = plan;
    const lookup = (0,registry_auth/* credentialsFor */.Og)({ ...inputs, registry: plan.image.registry }, inputs.registryAuth);
    const further = (0,request_images/* furtherImages */.Zd)(inputs.images, plan.image, request.context.repository, plan.push ? lookup : undefined);
    state.further = { images: further, pushed: [] };
    if (plan.push && further.length > 0) {
        const { checkFurtherAccess } = await __webpack_require__.e(/* import() */ 231).then(__webpack_require__.bind(__webpack_require__, 9231));
        const access = checkFurtherAccess(plan.image, further, lookup, shared.clients, io);
        // Awaited before the first push, or never: a failed build is the error to report.
        access.catch(() => undefined);
        state.further.access = access;
    }
    if (plan.merge.length > 0)
        await merge(request, plan, stages, state, io);
    else
        await buildAndPush(request, plan, stages, state, io);
    if (state.push && state.plan && further.length > 0) {
        const { pushToFurtherImages } = await __webpack_require__.e(/* import() */ 231).then(__webpack_require__.bind(__webpack_require__, 9231));
        const { images, pushed } = state.further;
        await pushToFurtherImages(state.plan, state.push, images, lookup, shared.clients, pushed, io);
    }
    // Only once the image is pushed (a pull request or push: false never describes it), and
    // by the job that publishes it: a matrix job's platform tags are not the image yet.
    if (state.push && state.plan && !plan.platformTags) {
        await describeOnHub(request, state.plan, stages.hubApi, io);
    }
}
async function buildAndPush(request, plan, stages, state, io) {
    const { inputs } = request;
    const builder = await stages.builder(request, plan, io, state.shared);
    state.builder = builder;
    const checks = plan.push
        ? startRegistryChecks(builder, plan, inputs, stages, state.shared.clients, io)
        : undefined;
    state.build = await (0,build_stage/* compileAndBuild */.h)(request, plan, builder, state.timer, io);
    if (inputs.output)
        await writeArchive(builder, plan, inputs.output, request.wording, io);
    if (checks)
        await publish(builder, plan, checks, state, io);
    else
        io.info(`Nothing pushed: ${plan.noPushReason}.`);
}
/** A merge job: nothing built, one index of the matrix's platform tags pushed. */
async function merge(request, plan, stages, state, io) {
    const { inputs, context } = request;
    if (!plan.push) {
        io.info(`Nothing merged or pushed: ${plan.noPushReason}.`);
        return;
    }
    const credentials = { username: inputs.username, password: inputs.password };
    await mergeAndPush(plan, context.sha, credentials, stages, state, io);
}
/** Everything decided before any work: the plan, checked for what pushing needs. */
function validate({ inputs, context, clock, wording }, io) {
    const made = (0,request_plan/* makePlan */.Cs)(context, inputs, clock);
    const plan = inputs.push === 'false' ? { ...made, noPushReason: wording.pushOff } : made;
    for (const notice of plan.notices)
        io.notice(notice);
    if (plan.push)
        requireCredentials(inputs, wording);
    io.info(`Image: ${plan.image.name}`);
    io.info(`Tags: ${plan.tags.join(', ')}`);
    const after = plan.merge.length > 0 ? 'reading the platform tags' : 'the build';
    io.info(plan.push ? `Will push after ${after}.` : `Will not push: ${plan.noPushReason}.`);
    return plan;
}
async function writeArchive(builder, plan, path, wording, io) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    await io.foreign(() => builder.exportArchive(plan, path));
    io.info(`Image archive written to ${wording.path(path)}`);
}
/**
 * Starts the credential check and, on a release, the tag listing at once, so that
 * they cost no time of their own. Their outcome is taken only after a good build:
 * errors are reported in the pipeline's order, compile and build first.
 */
function startRegistryChecks(builder, plan, inputs, stages, clients, io) {
    const credentials = { username: inputs.username, password: inputs.password };
    // Platform tags are no release's tags: the floating rule does not apply to them.
    const existingTags = plan.platformTags
        ? Promise.resolve(undefined)
        : stages.existingTags(plan, credentials, clients, io);
    // Awaited after a good build, or never: a failed build is the error to report.
    existingTags.catch(() => undefined);
    return { login: timed(() => builder.login(credentials, plan)), existingTags };
}
/** Log in, keep floating tags on newer releases, push. */
async function publish(builder, plan, checks, state, io) {
    await io.group(`Log in to ${plan.image.registry}`, async () => {
        const login = await checks.login;
        state.timer.record('login', login.ms);
        if (!login.ok)
            throw login.error;
        io.info(`Credentials accepted for ${plan.image.path} (checked during the build).`);
        await state.further?.access;
    });
    const existing = await checks.existingTags.catch(() => undefined);
    const floating = applyFloatingRule(plan, existing, io);
    state.held = floating.held;
    state.plan = floating.plan;
    const final = floating.plan;
    state.push = await state.timer.run('push', `Push ${final.image.name}`, () => io.foreign(() => builder.push(final)));
    io.info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
}
function requireCredentials(inputs, wording) {
    const missing = [
        inputs.username ? undefined : 'username',
        inputs.password ? undefined : 'password',
    ].filter((name) => name !== undefined);
    if (missing.length === 0)
        return;
    throw new errors/* ActionError */.lZ('inputs', `Pushing to ${inputs.registry} needs credentials, but ${missing.map((m) => wording.setting(m)).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty.`, 'Create the repository secrets DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (Settings > Secrets and variables > Actions) and pass them as username: ${{ secrets.DOCKERHUB_USERNAME }} and password: ${{ secrets.DOCKERHUB_TOKEN }}. To build without pushing, set push: false.');
}

// EXTERNAL MODULE: ./src/cli/args.ts + 1 modules
var args = __webpack_require__(6890);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(1260);
// EXTERNAL MODULE: ./src/util/child-env.ts
var child_env = __webpack_require__(4132);
;// CONCATENATED MODULE: ./src/util/git.ts


/**
 * The one way the action and the CLI ask git: an argument array (no shell) in `cwd`; its
 * trimmed output, or undefined when git fails or is missing. The directory is declared
 * safe for this call only, so a checkout owned by another user (a container job) is
 * still read; nothing is ever asked of a terminal. `env` is the step's environment.
 */
async function git(args, cwd, env) {
    try {
        const result = await (0,exec.getExecOutput)('git', ['-c', `safe.directory=${cwd}`, ...args], {
            cwd,
            silent: true,
            ignoreReturnCode: true,
            env: (0,child_env/* childEnv */.g)(env, { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }),
        });
        return result.exitCode === 0 ? result.stdout.trim() : undefined;
    }
    catch {
        return undefined;
    }
}
/** The committer time of a commit in the repository at `cwd`, or undefined. */
async function commitTimeOf(cwd, sha, env) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
        return undefined;
    const seconds = await git(['show', '--no-patch', '--format=%ct', sha, '--'], cwd, env);
    return seconds && /^\d+$/.test(seconds) ? new Date(Number(seconds) * 1000) : undefined;
}

;// CONCATENATED MODULE: ./src/cli/git.ts
/** The local git repository as the pipeline's GitContext: what a push of HEAD would be. */


/**
 * The repository path (owner/name, or group/subgroup/name) and the web server from a
 * remote URL: https://host/owner/name.git, git@host:owner/name.git,
 * ssh://git@host:22/owner/name. A remote on the local file system has neither.
 * Credentials in the URL are never kept.
 */
function parseRemoteUrl(url) {
    let host;
    let pathPart = '';
    const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(url);
    const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.*)$/.exec(url);
    if (scheme && scheme[1].toLowerCase() !== 'file') {
        host = scheme[2].replace(/^.*@/, '').replace(/:\d*$/, '');
        pathPart = scheme[3] ?? '';
    }
    else if (!scheme && scp && scp[1].length > 1 && !/^[./]/.test(url)) {
        // scp-like user@host:path; a one-letter "host" is a drive letter.
        host = scp[1];
        pathPart = scp[2] ?? '';
    }
    if (!host)
        return {};
    const segments = pathPart
        .replace(/\/+$/, '')
        .replace(/\.git$/, '')
        .split('/')
        .filter((s) => s !== '' && s !== '.' && s !== '..');
    return {
        repository: segments.length >= 2 ? segments.join('/') : undefined,
        serverUrl: `https://${host.toLowerCase()}`,
    };
}
/** Reads the git context of the repository around `cwd`; git inherits `env`. */
async function readLocalGit(cwd, env) {
    const top = await git(['rev-parse', '--show-toplevel'], cwd, env);
    if (top === undefined || top === '') {
        return {
            workspace: cwd,
            inGit: false,
            sha: '',
            ref: '',
            repository: `local/${external_node_path_default().basename(cwd) || 'workspace'}`,
            serverUrl: undefined,
            defaultBranch: undefined,
            commitTime: undefined,
        };
    }
    // Independent questions, asked at once.
    const [sha = '', branch, url, originHead] = await Promise.all([
        git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], top, env),
        git(['symbolic-ref', '--quiet', '--short', 'HEAD'], top, env),
        git(['config', '--get', 'remote.origin.url'], top, env),
        git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], top, env),
    ]);
    const tag = sha
        ? await git(['describe', '--exact-match', '--tags', 'HEAD'], top, env)
        : undefined;
    // The commit object's time, read as the action reads it: one commit, one image date.
    const commitTime = await commitTimeOf(top, sha, env);
    const ref = tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : '';
    const remote = parseRemoteUrl(url ?? '');
    const defaultBranch = originHead?.replace(/^origin\//, '') || branch || undefined;
    return {
        workspace: top,
        inGit: true,
        sha,
        ref,
        repository: remote.repository ?? `local/${external_node_path_default().basename(top) || 'workspace'}`,
        serverUrl: remote.repository ? remote.serverUrl : undefined,
        defaultBranch,
        commitTime,
    };
}
/** The context of a push of HEAD, as the action would see it on a runner. */
function localContext(g, runnerTemp) {
    return {
        eventName: 'push',
        sha: g.sha,
        ref: g.ref,
        repository: g.repository,
        serverUrl: g.serverUrl,
        defaultBranch: g.defaultBranch,
        pullRequest: undefined,
        commitTime: g.commitTime,
        workspace: g.workspace,
        runnerTemp,
    };
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/util/neutralise.ts

/**
 * Text that the action did not write itself (docker's output, a registry's message, a
 * path, a user's value) must never become a workflow command. This file holds the one
 * rule for what the runner takes as a command, and the fence that keeps text from it.
 *
 * The runner (ActionCommand.TryParseV2 and TryParse) reads its child's output a line at
 * a time, as .NET's StreamReader.ReadLine splits it (LF, CR alone, CR LF), and takes a
 * line as a command when, after `string.TrimStart()`, it starts with `::`, or when it
 * holds `##[` anywhere. TrimStart removes every character .NET's `char.IsWhiteSpace`
 * accepts, which is not JavaScript's `\s`: U+0085 (NEXT LINE) is white space to .NET.
 */
/**
 * What .NET's `char.IsWhiteSpace` accepts: U+0009-U+000D, U+0020, U+0085, U+00A0,
 * U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. Then, as a margin
 * (a line that starts with them is fenced although the runner of today would not run
 * it): U+001C-U+001F (white space to Java and Python), U+180E (white space to .NET
 * before Unicode 6.3), U+200B-U+200D, U+2060 and U+FEFF (zero-width, which a
 * culture-aware comparison skips).
 */
const LEADING = new Set([
    ...[0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680],
    ...[0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a],
    ...[0x2028, 0x2029, 0x202f, 0x205f, 0x3000],
    // The margin.
    ...[0x1c, 0x1d, 0x1e, 0x1f, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff],
]);
/** `line` without what the runner trims from its start (and the margin). */
function trimStart(line) {
    let i = 0;
    while (i < line.length && LEADING.has(line.charCodeAt(i)))
        i++;
    return line.slice(i);
}
/** The runner's lines of `text`: LF, CR alone and CR LF each end one. */
const LINE_END = /\r\n|\r|\n/;
/** Whether the runner would take this one line (no line end in it) as a workflow command. */
function isCommandLine(line) {
    return trimStart(line).startsWith('::') || line.includes('##[');
}
/** Whether some line of `text` would be read as a workflow command. */
function looksLikeCommand(text) {
    return text.includes('::') || text.includes('##[')
        ? text.split(LINE_END).some(isCommandLine)
        : false;
}
/** A token for `::stop-commands::<token>` that no foreign text can guess. */
function stopToken() {
    return (0,external_node_crypto_.randomBytes)(16).toString('hex');
}
/**
 * The lines that switch command processing off, and back on after `text`. Written here
 * because @actions/core has no call for stop-commands (its issueCommand is internal).
 */
function stopCommands(token) {
    return { stop: `::stop-commands::${token}`, resume: `::${token}::` };
}
/**
 * The one function that makes foreign text safe for the log: unchanged when no line of
 * it looks like a command, else wrapped in stop-commands with a fresh random token, so
 * that it is shown as it is and runs nothing.
 */
function neutralise(text, eol = '\n') {
    if (!looksLikeCommand(text))
        return text;
    const { stop, resume } = stopCommands(stopToken());
    return `${stop}${eol}${text}${eol}${resume}`;
}
/**
 * The fence around child processes' output in a log the runner reads. It opens at a
 * child's first chunk and closes before the next line of the writer's own that must
 * work as a command (or when the work that runs children ends): the writer's own plain
 * lines go inside it as they are, inert there, so that a run whose children write
 * nothing opens no fence, and one whose children do shows no line of the fence's own
 * but a line end after a child's unfinished last line.
 */
class Fence {
    write;
    eol;
    token;
    atLineStart = true;
    constructor(write, eol = '\n') {
        this.write = write;
        this.eol = eol;
    }
    /** Whether commands are off: child output has come since the fence last closed. */
    get open() {
        return this.token !== undefined;
    }
    /** A child's output, as it comes (any piece of a line). */
    child(chunk) {
        if (chunk.length === 0)
            return;
        if (this.token === undefined) {
            this.token = stopToken();
            this.write(`${stopCommands(this.token).stop}${this.eol}`);
        }
        this.write(chunk);
        this.atLineStart = endsLine(chunk);
    }
    /** Ends a child's unfinished line, so that what comes next is a line of its own. */
    lineStart() {
        if (this.atLineStart)
            return;
        this.write(this.eol);
        this.atLineStart = true;
    }
    /** Turns commands back on, if the fence is open. */
    close() {
        if (this.token === undefined)
            return;
        this.lineStart();
        this.write(`${stopCommands(this.token).resume}${this.eol}`);
        this.token = undefined;
    }
}
/** Whether text ends with a line end as the runner reads it (LF, or CR alone). */
function endsLine(chunk) {
    const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk.at(-1);
    return last === 0x0a || last === 0x0d;
}

;// CONCATENATED MODULE: ./src/cli/terminal.ts
/**
 * The command line's Io: plain lines on standard output, colours only on a terminal,
 * secrets masked; outputs, state and the job summary kept for the end of the run.
 */


const COLORS = { error: 31, warning: 33, notice: 36, group: 1 };
function terminalIo(options) {
    const secrets = new Set();
    const outputs = new Map();
    const state = new Map();
    let summary = '';
    const mask = (text) => {
        let out = text;
        // Longest first, so that a secret containing another is masked whole.
        for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
            out = out.split(secret).join('***');
        }
        return out;
    };
    const paint = (kind, text) => options.color ? `\x1b[${COLORS[kind]}m${text}\x1b[0m` : text;
    const fence = options.inActions ? new Fence((t) => options.write(String(t))) : undefined;
    let foreign = 0;
    const line = (text) => {
        // Inside the fence nothing is a command: the line goes in as it is.
        if (fence?.open)
            fence.lineStart();
        options.write(`${fence?.open ? mask(text) : neutralise(mask(text))}\n`);
    };
    const decoders = { stdout: new external_node_string_decoder_.StringDecoder('utf8'), stderr: new external_node_string_decoder_.StringDecoder('utf8') };
    const annotate = (kind, label) => (message, where) => {
        const at = where?.file && !where.named
            ? `${where.file}${where.startLine ? `:${where.startLine}` : ''}: `
            : '';
        line(`${paint(kind, label)}: ${at}${message}`);
    };
    return {
        info: line,
        debug: (message) => {
            if (options.debug)
                line(`Debug: ${message}`);
        },
        notice: annotate('notice', 'Notice'),
        warning: annotate('warning', 'Warning'),
        error: annotate('error', 'Error'),
        group: (title, work) => {
            line(paint('group', `==> ${title}`));
            return work();
        },
        async foreign(work) {
            foreign++;
            try {
                return await work();
            }
            finally {
                if (--foreign === 0)
                    fence?.close();
            }
        },
        childOutput(chunk, stream) {
            const text = typeof chunk === 'string' ? chunk : decoders[stream].write(Buffer.from(chunk));
            if (!fence)
                return (stream === 'stderr' ? (options.writeError ?? options.write) : options.write)(text);
            fence.child(text);
            if (foreign === 0)
                fence.close();
        },
        setSecret: (secret) => {
            if (secret !== '')
                secrets.add(secret);
        },
        setOutput: (name, value) => void outputs.set(name, value),
        saveState: (name, value) => void state.set(name, value),
        summary: async (markdown) => {
            summary += `${markdown}\n`;
        },
        outputs,
        state,
        summaryText: () => summary,
        mask,
    };
}
/** `name: value` lines; the lines of a multi-line value are aligned under the first. */
function formatOutputs(outputs) {
    return [...outputs]
        .map(([name, value]) => {
        const [first = '', ...rest] = value.split('\n');
        const indent = ' '.repeat(name.length + 2);
        return [`${name}: ${first}`.trimEnd(), ...rest.map((l) => `${indent}${l}`)].join('\n');
    })
        .join('\n');
}

;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * The command line's run: the request from the flags and the local git repository,
 * the pipeline's run() reporting to the terminal, then the post step's work.
 */















async function readStdin() {
    if (process.stdin.isTTY) {
        process.stderr.write('Password (read from standard input; end with Ctrl-D): ');
    }
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
}
function shorter(a, b) {
    return a.length <= b.length ? a : b;
}
/** The command line's words: flags, and paths from the current directory (or absolute, if shorter). */
function cliWording(cwd) {
    return {
        input: args/* flagOf */.iP,
        setting: args/* flagOf */.iP,
        example: (name, value) => (value === 'true' ? (0,args/* flagOf */.iP)(name) : `${(0,args/* flagOf */.iP)(name)} ${value}`),
        path: (absolute) => shorter(external_node_path_default().relative(cwd, absolute) || '.', absolute),
        pushOff: 'no --push was given',
    };
}
/** The inputs: action.yml's defaults, the command line's own, then the flags. Throws UsageError. */
function cliInputs(request, git, cwd, secrets) {
    const given = {
        ...defaults/* INPUT_DEFAULTS */.W,
        'working-directory': cwd,
        context: cwd,
        push: 'false',
        ...request.inputs,
        password: secrets.password,
        'registry-auth': secrets.registryAuth,
    };
    for (const name of args/* PATH_FLAGS */.OL) {
        const value = request.inputs[name]?.trim();
        if (!value)
            continue;
        const absolute = external_node_path_default().resolve(cwd, value);
        const outside = !(0,workspace_paths/* isInside */.FK)(git.workspace, absolute);
        // The archive may go anywhere; what the build reads stays inside the repository.
        if (outside && name !== 'output') {
            throw new args/* UsageError */.eb(`${(0,args/* flagOf */.iP)(name)}: ${JSON.stringify(value)} is outside the repository.`);
        }
        given[name] = absolute;
    }
    // Without a commit there is nothing to name the image after but `latest`.
    if (!git.sha && !request.tagsChosen)
        given.latest = 'true';
    try {
        return parseInputs((name) => given[name], git.workspace);
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz) {
            const words = cliWording(cwd);
            const hint = (0,errors/* wordHint */.Ut)(error.hint, words);
            const detail = (0,errors/* wordHint */.Ut)(error.detailWords, words);
            throw new args/* UsageError */.eb(`${(0,args/* flagOf */.iP)(error.input)}: ${detail}${hint ? ` ${hint}` : ''}`);
        }
        throw error;
    }
}
/** The password: standard input or REGISTRY_PASSWORD, which no child process inherits. */
async function readPassword(request) {
    const fromEnv = process.env.REGISTRY_PASSWORD ?? '';
    delete process.env.REGISTRY_PASSWORD;
    if (!request.passwordStdin)
        return fromEnv;
    const password = await readStdin();
    if (password === '')
        throw new args/* UsageError */.eb('--password-stdin: standard input was empty.');
    return password;
}
/**
 * The registry-auth lines, from --registry-auth-file (a file, so that no credential is on
 * the command line). The path is not shown in an error: it may be a credential put there.
 */
function readRegistryAuth(request) {
    if (request.registryAuthFile === undefined)
        return '';
    try {
        return (0,external_node_fs_.readFileSync)(request.registryAuthFile, 'utf8');
    }
    catch (error) {
        const code = error.code ?? 'unreadable';
        throw new args/* UsageError */.eb(`--registry-auth-file: the file cannot be read (${code}).`);
    }
}
/** What a local run needs beyond the flags' syntax. Throws UsageError. */
function checkRequest(request, local, password) {
    if (!local.sha &&
        request.inputs.latest?.trim().toLowerCase() === 'false' &&
        !request.inputs.tags) {
        throw new args/* UsageError */.eb(`there is no commit to tag the image with (${local.inGit ? 'no commit yet' : 'not a git repository'}); give --tag or drop --latest=false.`);
    }
    if ((request.inputs.push ?? 'false').trim().toLowerCase() === 'false')
        return;
    const missing = [
        request.inputs.username?.trim() ? undefined : '--username',
        password ? undefined : 'a password (--password-stdin or REGISTRY_PASSWORD)',
    ].filter((m) => m !== undefined);
    if (missing.length > 0)
        throw new args/* UsageError */.eb(`--push needs ${missing.join(' and ')}.`);
}
/**
 * The post step's work, with main's saved state: the build-command and docker run in
 * process groups of their own, which the terminal's Ctrl-C does not reach, so they are
 * stopped here, then the files are removed.
 */
async function removeLeftovers(io, places) {
    await (0,leftovers/* cleanLeftovers */.Kz)((kind) => io.state.get(state/* STATE */.c[kind]), places, {
        info: () => undefined,
        warning: (line) => io.warning(line),
    });
}
/** Runs the pipeline for a parsed command line; the exit code. */
async function main(request) {
    const cwd = process.cwd();
    let inputs;
    let local;
    const secrets = [];
    try {
        local = await readLocalGit(cwd, process.env);
        const password = await readPassword(request);
        checkRequest(request, local, password);
        const registryAuth = readRegistryAuth(request);
        secrets.push(...(0,registry_auth/* registryAuthSecrets */.hQ)(registryAuth));
        inputs = cliInputs(request, local, cwd, { password, registryAuth });
    }
    catch (error) {
        if (!(error instanceof args/* UsageError */.eb))
            throw error;
        process.stderr.write(`${args/* NAME */.o_}: ${error.message}\nRun ${args/* NAME */.o_} --help for the flags.\n`);
        return args/* USAGE_EXIT */.Hn;
    }
    const io = terminalIo({
        write: (text) => void process.stdout.write(text),
        writeError: (text) => void process.stderr.write(text),
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
        debug: process.env.RUNNER_DEBUG === '1',
        inActions: process.env.GITHUB_ACTIONS === 'true',
    });
    for (const form of (0,core_secrets/* secretForms */.eo)(inputs.username, inputs.password))
        io.setSecret(form);
    for (const s of secrets)
        for (const form of (0,core_secrets/* secretForms */.eo)(s.username, s.password))
            io.setSecret(form);
    const temp = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(external_node_os_default().tmpdir(), `${args/* NAME */.o_}-`));
    const places = { runnerTemp: temp, workspace: local.workspace };
    // Ctrl-C: the post step's job, then the temporary directory, then out (128 + signal),
    // even when the stopped build-command makes the run end first.
    let interrupted;
    const onSignal = (signal) => {
        interrupted ??= removeLeftovers(io, places).finally(() => {
            (0,external_node_fs_.rmSync)(temp, { recursive: true, force: true });
            process.exit(128 + ((external_node_os_default()).constants.signals[signal] ?? 1));
        });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
        if (!local.inGit) {
            io.notice(`${cliWording(cwd).path(cwd)} is not in a git repository: no sha-<7 hex> tag and no version; the repository name is ${local.repository}.`);
        }
        const outcome = await run({
            inputs,
            context: localContext(local, temp),
            clock: { now: new Date(), sourceDateEpoch: process.env.SOURCE_DATE_EPOCH },
            wording: cliWording(cwd),
            env: process.env,
        }, io);
        if (interrupted)
            await interrupted;
        await removeLeftovers(io, places);
        if (request.summary && io.summaryText().trim() !== '')
            io.info(`\n${io.summaryText().trimEnd()}`);
        // Outputs once there is an image to speak of (not after a bad value stopped the run).
        if (outcome.outputs.image)
            io.info(`\n${formatOutputs(Object.entries(outcome.outputs))}`);
        // A value the pipeline finds wrong (an image name, say) is a wrong command line too.
        return outcome.ok ? 0 : outcome.failed === 'inputs' ? args/* USAGE_EXIT */.Hn : 1;
    }
    finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        (0,external_node_fs_.rmSync)(temp, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ut: () => (/* binding */ wordHint),
/* harmony export */   WM: () => (/* binding */ PartialPushError),
/* harmony export */   dS: () => (/* binding */ pushFailure),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   g5: () => (/* binding */ failureOf),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   vp: () => (/* binding */ showValue)
/* harmony export */ });
/* unused harmony export inputWords */
/** Settings named as action.yml names them, where no adapter's words are at hand. */
const inputWords = {
    setting: (name) => `"${name}"`,
    example: (name, value) => `${name}: ${value}`,
};
/** The hint in the given words. */
function wordHint(hint, w = inputWords) {
    return typeof hint === 'function' ? hint(w) : hint;
}
class ActionError extends Error {
    stage;
    hint;
    annotation;
    constructor(stage, message, hint, annotation) {
        super(message);
        this.stage = stage;
        this.hint = hint;
        this.annotation = annotation;
        this.name = 'ActionError';
    }
}
/**
 * An error raised by one stage's work, as that stage's failure. The registry client says
 * which stage it serves ('push', or 'login' for credentials); when the build reads a
 * base image through it, a refusal or a damaged blob is still the build failing. A bad
 * input stays a bad input.
 */
function failureOf(stage, error) {
    if (!(error instanceof ActionError) || error.stage === stage || error.stage === 'inputs') {
        return error;
    }
    return new ActionError(stage, error.message, error.hint, error.annotation);
}
/**
 * Shows a value in a message: quoted, with newlines and control characters escaped (so
 * it cannot start a line of its own, nor a workflow command), cut after `max` characters.
 */
function showValue(v, max = 300) {
    return JSON.stringify(v.length > max ? `${v.slice(0, max)}...` : v);
}
/** A bad input value: names the input and shows the value. */
class InputError extends ActionError {
    input;
    detailWords;
    /** The message without the input's name, in the action's words. */
    detail;
    constructor(input, 
    /** The message without the input's name, for a caller that names settings its own way. */
    detailWords, hint) {
        const detail = wordHint(detailWords);
        super('inputs', `Input "${input}": ${detail}`, hint);
        this.input = input;
        this.detailWords = detailWords;
        this.detail = detail;
        this.name = 'InputError';
    }
}
/**
 * A push that updated some tags and then failed for good: says which tags now name
 * the new image and which still name what they named before.
 */
class PartialPushError extends ActionError {
    pushed;
    notPushed;
    constructor(cause, pushed, notPushed) {
        super('push', `${cause.message} Updated: ${pushed.join(', ')}. Not updated: ${notPushed.join(', ')}.`, cause.hint ?? 'Run the workflow again: pushing the same image again is safe.');
        this.pushed = pushed;
        this.notPushed = notPushed;
        this.name = 'PartialPushError';
    }
}
/** Wraps a push failure in a PartialPushError when some tags were already updated. */
function pushFailure(error, pushed, all) {
    if (pushed.length === 0 || !(error instanceof ActionError))
        return error;
    return new PartialPushError(error, pushed, all.filter((ref) => !pushed.includes(ref)));
}


/***/ }),

/***/ 9513:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  WN: () => (/* binding */ cancellation),
  Kz: () => (/* binding */ cleanLeftovers),
  y6: () => (/* binding */ forget),
  kY: () => (/* binding */ remember),
  $u: () => (/* binding */ rememberTempDir),
  j8: () => (/* binding */ spawnGroup),
  kR: () => (/* binding */ stopRecordedGroup)
});

// UNUSED EXPORTS: stopAllGroups, stopGroupsOnSignals

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/inside.ts
var inside = __webpack_require__(2282);
// EXTERNAL MODULE: ./src/core/state.ts
var state = __webpack_require__(7066);
;// CONCATENATED MODULE: ./src/util/process-group.ts
/**
 * Stopping a process group as a whole: the build-command with whatever it started in
 * the background, or docker with its plugins. TERM first, then KILL for what is still
 * there after a grace period. And knowing a group again: its number alone may have been
 * taken by another group since. Node's own modules only: the post step imports it.
 */

/** How long a group may take to end after TERM before it gets KILL. */
const GRACE_MS = 5000;
/** Whether any process of the group is still there. */
function groupAlive(pgid) {
    try {
        process.kill(-pgid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
function signalGroup(pgid, signal) {
    try {
        process.kill(-pgid, signal);
    }
    catch {
        // gone meanwhile
    }
}
/** Waits until the group is gone or `ms` have passed; true when it is gone. */
async function groupGone(pgid, ms) {
    const deadline = Date.now() + ms;
    while (groupAlive(pgid)) {
        if (Date.now() >= deadline)
            return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
}
/**
 * Ends the group: TERM, then KILL after `graceMs`. Says what it took: 'none' when the
 * group was already gone, else the last signal sent.
 */
async function stopGroup(pgid, graceMs = GRACE_MS) {
    if (!Number.isInteger(pgid) || pgid <= 1 || !groupAlive(pgid))
        return 'none';
    signalGroup(pgid, 'SIGTERM');
    if (await groupGone(pgid, graceMs))
        return 'SIGTERM';
    signalGroup(pgid, 'SIGKILL');
    await groupGone(pgid, 2000);
    return 'SIGKILL';
}
/** The process group and start time of a process, from /proc (Linux); undefined if gone. */
function processStat(pid) {
    let stat;
    try {
        stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
    }
    catch {
        return undefined;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const start = fields[19];
    if (!Number.isInteger(pgrp) || !start || !/^\d+$/.test(start))
        return undefined;
    return { pgrp, start, zombie: fields[0] === 'Z' };
}
/** A live process of the group, the leader first; undefined when none (or no /proc). */
function groupRecord(pgid) {
    const leader = processStat(pgid);
    if (leader && leader.pgrp === pgid && !leader.zombie) {
        return { pgid, pid: pgid, start: leader.start };
    }
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)('/proc');
    }
    catch {
        return undefined;
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        const stat = processStat(Number(entry));
        if (stat && stat.pgrp === pgid && !stat.zombie) {
            return { pgid, pid: Number(entry), start: stat.start };
        }
    }
    return undefined;
}
/** How a record is saved: `pgid:pid:start`. */
function recordText(record) {
    return `${record.pgid}:${record.pid}:${record.start}`;
}
function parseRecord(text) {
    const m = /^([0-9]{1,10}):([0-9]{1,10}):([0-9]{1,20})$/.exec(text);
    if (!m)
        return undefined;
    return { pgid: Number(m[1]), pid: Number(m[2]), start: m[3] };
}
/** Whether the recorded process is still there, started when it did, in the same group. */
function sameGroup(record) {
    if (record.pgid <= 1)
        return false;
    const now = processStat(record.pid);
    return now !== undefined && now.pgrp === record.pgid && now.start === record.start;
}

;// CONCATENATED MODULE: ./src/core/leftovers.ts






/** What each run (by the Io it records to) would leave: each saves only its own. */
const recordedBy = new WeakMap();
/** Every group started here and not seen empty, with the run it is recorded for. */
const groups = new Map();
function recordedOf(io) {
    let recorded = recordedBy.get(io);
    if (!recorded) {
        recorded = { tempDirs: [], processGroups: [], partialFiles: [] };
        recordedBy.set(io, recorded);
    }
    return recorded;
}
function remember(io, kind, value) {
    const recorded = recordedOf(io);
    if (recorded[kind].includes(value))
        return;
    recorded[kind].push(value);
    io.saveState(state/* STATE */.c[kind], JSON.stringify(recorded[kind]));
}
function forget(io, kind, value) {
    const recorded = recordedOf(io);
    const at = recorded[kind].indexOf(value);
    if (at < 0)
        return;
    recorded[kind].splice(at, 1);
    io.saveState(state/* STATE */.c[kind], JSON.stringify(recorded[kind]));
}
function rememberTempDir(io, dir) {
    remember(io, 'tempDirs', dir);
}
/**
 * Starts a command in a process group of its own (detached), recorded at once: what the
 * command starts (a build-command's background jobs, docker's plugins) can then be
 * stopped with it, where node's child.kill would reach the command alone. The group is
 * saved with its leader's start time, so that the post step knows it again; when the
 * command exits and leaves processes in the group, with one of those instead. The group
 * is forgotten when it is empty after the command exits.
 */
function spawnGroup(io, command, args, options) {
    const child = (0,external_node_child_process_.spawn)(command, args, { ...options, detached: true });
    const pgid = child.pid;
    if (pgid === undefined)
        return child; // it did not start: 'error' follows
    rememberGroup(io, pgid);
    child.on('exit', () => {
        if (groupAlive(pgid))
            rememberGroup(io, pgid);
        else
            forgetGroup(pgid);
    });
    return child;
}
/** The saved entry of a group: `pgid:pid:start`, or the number alone without /proc. */
function entryOf(io, pgid) {
    return recordedOf(io).processGroups.find((entry) => entry.split(':')[0] === String(pgid));
}
function rememberGroup(io, pgid) {
    groups.set(pgid, io);
    const record = groupRecord(pgid);
    const entry = record ? recordText(record) : String(pgid);
    const old = entryOf(io, pgid);
    if (old === entry)
        return;
    const recorded = recordedOf(io);
    if (old === undefined)
        recorded.processGroups.push(entry);
    else
        recorded.processGroups[recorded.processGroups.indexOf(old)] = entry;
    io.saveState(state/* STATE */.c.processGroups, JSON.stringify(recorded.processGroups));
}
function forgetGroup(pgid) {
    const io = groups.get(pgid);
    if (io === undefined)
        return;
    groups.delete(pgid);
    const entry = entryOf(io, pgid);
    if (entry !== undefined)
        forget(io, 'processGroups', entry);
}
/** Stops one recorded group (TERM, then KILL after the grace period). */
async function stopRecordedGroup(pgid) {
    // Taken first: the group may be forgotten (its leader's exit) while it is stopped.
    const io = groups.get(pgid);
    const how = await stopGroup(pgid);
    if (how !== 'none')
        io?.info(`Stopped process group ${pgid} (${how})`);
    forgetGroup(pgid);
}
/** Stops every group this process started that may still be running. */
async function stopAllGroups() {
    await Promise.all([...groups.keys()].map((pgid) => stopRecordedGroup(pgid)));
}
let cancelled;
/** The signal that cancels the step, once one came: the children stop because of it. */
function cancellation() {
    return cancelled;
}
/**
 * On cancellation the runner signals main alone (SIGINT, then SIGTERM): the children,
 * each in a group of its own, are stopped first, then main ends by the same signal.
 */
function stopGroupsOnSignals() {
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.once(signal, () => {
            cancelled ??= signal;
            for (const io of new Set(groups.values())) {
                io.info(`${signal}: stopping the commands this step started.`);
            }
            void stopAllGroups().finally(() => process.kill(process.pid, signal));
        });
    }
}
/**
 * The post step's work: a safety net that removes whatever main left, even when main
 * crashed or was killed: the process groups of its children (the build-command and
 * what it started, docker build, whose end makes the engine remove its containers),
 * files it was writing and build scratch directories.
 * It runs only after a failed or cancelled main (action.yml's post-if).
 *
 * Its state is not to be trusted: a process of the same user can write it, and a group's
 * number may belong to another group by now. It acts only on what main could have made:
 * a group whose recorded process is still there with its recorded start time, a
 * directory `oneimage-*` directly in RUNNER_TEMP, a `.partial` file in the workspace.
 */
async function cleanLeftovers(saved, places, log) {
    let foreign = 0;
    // First the processes, which may still be writing into what is removed next.
    await Promise.all(savedList(saved('processGroups')).map(async (entry) => {
        const record = parseRecord(entry);
        if (!record)
            return void foreign++;
        if (!sameGroup(record))
            return; // ended, and its number perhaps taken since
        const how = await stopGroup(record.pgid);
        if (how !== 'none')
            log.info(`Stopped process group ${record.pgid} (${how})`);
    }));
    const files = savedList(saved('partialFiles')).map((p) => [p, ownPartialFile(p, places)]);
    const dirs = savedList(saved('tempDirs')).map((p) => [p, ownTempDir(p, places)]);
    for (const [path, ours] of [...files, ...dirs]) {
        if (ours === false)
            foreign++;
        if (!ours)
            continue;
        try {
            (0,external_node_fs_.rmSync)(path, { recursive: true, force: true });
            log.info(`Removed ${path}`);
        }
        catch (error) {
            log.warning(`Could not remove ${path}: ${error.message}`);
        }
    }
    // Their text is not shown: it is not the action's.
    if (foreign > 0)
        log.info(`Left alone ${foreign} saved values that this step did not make.`);
}
/** A scratch directory of main's builders: mkdtemp's `oneimage-<kind>-XXXXXX`. */
const TEMP_DIR = /^oneimage-[a-z]+-[A-Za-z0-9]{6}$/;
/**
 * Whether `path` is a directory main could have made: directly in RUNNER_TEMP, both
 * resolved, itself no link. Undefined when it is gone.
 */
function ownTempDir(path, places) {
    const temp = places.runnerTemp;
    if (!temp || !(0,external_node_path_.isAbsolute)(path) || !TEMP_DIR.test((0,external_node_path_.basename)(path)))
        return false;
    return checked(path, (stats) => {
        return stats.isDirectory() && (0,external_node_fs_.realpathSync)((0,external_node_path_.dirname)(path)) === (0,external_node_fs_.realpathSync)(temp);
    });
}
/** Whether `path` is a file main could have been writing: `*.partial` in the workspace. */
function ownPartialFile(path, places) {
    const workspace = places.workspace;
    if (!workspace || !(0,external_node_path_.isAbsolute)(path) || !path.endsWith('.partial'))
        return false;
    return checked(path, (stats) => {
        return stats.isFile() && (0,inside/* isInside */.F)((0,external_node_fs_.realpathSync)(workspace), (0,external_node_fs_.realpathSync)((0,external_node_path_.dirname)(path)));
    });
}
/** `test` on the path's own lstat; undefined when the path is gone, false when unreadable. */
function checked(path, test) {
    let stats;
    try {
        stats = (0,external_node_fs_.lstatSync)(path);
    }
    catch {
        return undefined;
    }
    try {
        return test(stats);
    }
    catch {
        return false;
    }
}
function savedList(value) {
    if (!value)
        return [];
    try {
        const list = JSON.parse(value);
        return Array.isArray(list) ? list.filter((v) => typeof v === 'string') : [];
    }
    catch {
        return [];
    }
}


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GQ: () => (/* binding */ searchableSecretForms),
/* harmony export */   QU: () => (/* binding */ maskSecrets),
/* harmony export */   Z$: () => (/* binding */ maskValues),
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   hK: () => (/* binding */ holdsSecret)
/* harmony export */ });
/**
 * The registry password in every form it travels in: as written, URL-encoded (with
 * upper- or lower-case hex), as `user:password`, base64 (standard, with or without its
 * padding, and URL-safe) of both, the last being what HTTP Basic authentication sends,
 * and inside a JSON string (a quote, a backslash escaped), as a registry's error body
 * may echo it.
 */
function secretForms(username, password) {
    if (!password)
        return [];
    const pair = `${username}:${password}`;
    const encoded = encodeURIComponent(password);
    const forms = [password, pair, encoded, encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())];
    for (const text of [pair, password]) {
        forms.push(JSON.stringify(text).slice(1, -1));
        const bytes = Buffer.from(text, 'utf8');
        const base64 = bytes.toString('base64');
        forms.push(base64, base64.replace(/=+$/, ''), bytes.toString('base64url'));
    }
    return [...new Set(forms)].filter((f) => f.length > 0);
}
/** The forms worth looking for in a text: a shorter one would be found by chance. */
function searchableSecretForms(username, password) {
    return secretForms(username, password).filter((f) => f.length >= 3);
}
/** Whether `text` holds one of `forms` (from searchableSecretForms). */
function holdsSecret(text, forms) {
    return forms.some((form) => text.includes(form));
}
/** What each Io was already asked to mask (each run masks for its own log). */
const maskedBy = new WeakMap();
/** Asks `io` to mask `value` once. */
function mask(io, value) {
    let masked = maskedBy.get(io);
    if (!masked)
        maskedBy.set(io, (masked = new Set()));
    if (masked.has(value))
        return;
    masked.add(value);
    io.setSecret(value);
}
/** Masks the password in every later log line; called before anything else runs. */
function maskSecrets(io, username, password) {
    for (const form of secretForms(username, password))
        mask(io, form);
}
/** Masks each build secret's value in every later log line. */
function maskValues(io, values) {
    for (const value of values)
        if (value !== '')
            mask(io, value);
}


/***/ }),

/***/ 7066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ STATE)
/* harmony export */ });
/** Names of the values main saves for the post step (GITHUB_STATE → STATE_<name>). */
const STATE = {
    isPost: 'isPost',
    tempDirs: 'tempDirs',
    processGroups: 'processGroups',
    partialFiles: 'partialFiles',
};


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Do: () => (/* binding */ confine),
/* harmony export */   FK: () => (/* reexport safe */ _util_inside_js__WEBPACK_IMPORTED_MODULE_2__.F)
/* harmony export */ });
/* unused harmony export realLocation */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _util_inside_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2282);
/**
 * Where a path really leads, and whether that stays inside a root (the workspace).
 *
 * Symbolic links are followed in every component, the last one included, also when
 * they dangle: a link to a file that does not exist yet still says where a write
 * would land. Components that do not exist are taken as written. Nothing is created
 * or changed; the only file system calls are lstat and readlink.
 */



/** Linux's limit on symbolic links followed in one lookup. */
const MAX_LINKS = 40;
function lstatOrUndefined(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return undefined;
        throw error;
    }
}
/** Follows the symbolic links of an absolute (or cwd-relative) path. */
function realLocation(p) {
    const queue = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(p)
        .split((node_path__WEBPACK_IMPORTED_MODULE_1___default().sep))
        .filter((s) => s !== '');
    let done = node_path__WEBPACK_IMPORTED_MODULE_1___default().parse(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(p)).root;
    let via;
    let links = 0;
    while (queue.length > 0) {
        const segment = queue.shift();
        if (segment === '.')
            continue;
        if (segment === '..') {
            done = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(done);
            continue;
        }
        const candidate = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(done, segment);
        const stats = lstatOrUndefined(candidate);
        if (stats === undefined) {
            // Nothing there: the rest is taken as written.
            const real = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(candidate, ...queue);
            return { real, via, stats: undefined };
        }
        if (!stats.isSymbolicLink()) {
            if (queue.length > 0 && !stats.isDirectory()) {
                return {
                    real: node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(candidate, ...queue),
                    via,
                    stats: undefined,
                    notDirectory: candidate,
                };
            }
            done = candidate;
            continue;
        }
        if (++links > MAX_LINKS) {
            throw new Error(`too many levels of symbolic links at ${JSON.stringify(candidate)}`);
        }
        via = candidate;
        const target = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(candidate);
        if (node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(target))
            done = node_path__WEBPACK_IMPORTED_MODULE_1___default().parse(target).root;
        queue.unshift(...target.split(/[\\/]+/).filter((s) => s !== ''));
    }
    return { real: done, via, stats: lstatOrUndefined(done) };
}

/** Where `p` really leads and whether that is inside the real location of `root`. */
function confine(root, p) {
    const realRoot = realLocation(root).real;
    const location = realLocation(p);
    return { ...location, root: realRoot, inside: (0,_util_inside_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .F)(realRoot, location.real) };
}


/***/ }),

/***/ 2844:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qr: () => (/* binding */ attestationManifest),
/* harmony export */   R7: () => (/* binding */ REFERENCE_DIGEST),
/* harmony export */   US: () => (/* binding */ serializeStatement),
/* harmony export */   lL: () => (/* binding */ ATTESTATION_MANIFEST),
/* harmony export */   pz: () => (/* binding */ REFERENCE_TYPE)
/* harmony export */ });
/* unused harmony exports STATEMENT_TYPE, STATEMENT_MEDIA_TYPE, PREDICATE_ANNOTATION, UNKNOWN_PLATFORM */
/* harmony import */ var _go_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8391);
/* harmony import */ var _image_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5228);
/**
 * In-toto statements and the attestation manifest that carries them, in the layout
 * BuildKit writes (exporter/containerimage/writer.go, commitAttestationsManifest): an
 * OCI image manifest whose config is an image config of platform unknown/unknown with
 * the statements' digests as its diff_ids, whose layers are the statements
 * (`application/vnd.in-toto+json`, annotation `in-toto.io/predicate-type`), and whose
 * index entry has platform unknown/unknown and the annotations
 * `vnd.docker.reference.type: attestation-manifest` and `vnd.docker.reference.digest`.
 */


const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const STATEMENT_MEDIA_TYPE = 'application/vnd.in-toto+json';
const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type';
const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';
const ATTESTATION_MANIFEST = 'attestation-manifest';
/** BuildKit's platform for what is not an image to run. */
const UNKNOWN_PLATFORM = { os: 'unknown', architecture: 'unknown' };
/**
 * An in-toto statement v1 as Go's encoding/json writes in-toto-golang's Statement:
 * `_type`, `predicateType`, `subject` (name, digest by algorithm), `predicate`.
 */
function serializeStatement(predicateType, subject, predicate) {
    const [algorithm, hex] = subject.digest.split(':');
    return Buffer.from((0,_go_format_js__WEBPACK_IMPORTED_MODULE_1__/* .goJson */ .Pl)({
        _type: STATEMENT_TYPE,
        predicateType,
        subject: [{ name: subject.name, digest: (0,_go_format_js__WEBPACK_IMPORTED_MODULE_1__/* .jsonMap */ .vM)({ [algorithm]: hex }) }],
        predicate,
    }), 'utf8');
}
/** The attestation manifest over statements about the image manifest `target`. */
function attestationManifest(target, statements) {
    const blobs = statements.map((s) => ({ digest: (0,_image_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(s.data), data: s.data }));
    const configData = Buffer.from((0,_go_format_js__WEBPACK_IMPORTED_MODULE_1__/* .goJson */ .Pl)({
        architecture: UNKNOWN_PLATFORM.architecture,
        os: UNKNOWN_PLATFORM.os,
        config: {},
        rootfs: { type: 'layers', diff_ids: blobs.map((b) => b.digest) },
    }), 'utf8');
    const config = { digest: (0,_image_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(configData), data: configData };
    const manifest = (0,_image_js__WEBPACK_IMPORTED_MODULE_0__/* .serializeManifest */ .MZ)({ mediaType: _image_js__WEBPACK_IMPORTED_MODULE_0__/* .MEDIA_TYPES */ .Z2.config, digest: config.digest, size: configData.length }, statements.map((s, i) => ({
        mediaType: STATEMENT_MEDIA_TYPE,
        digest: blobs[i].digest,
        size: s.data.length,
        annotations: { [PREDICATE_ANNOTATION]: s.predicateType },
    })));
    const manifestDigest = (0,_image_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(manifest);
    return {
        manifest,
        manifestDigest,
        config,
        statements: blobs,
        descriptor: {
            mediaType: _image_js__WEBPACK_IMPORTED_MODULE_0__/* .MEDIA_TYPES */ .Z2.manifest,
            digest: manifestDigest,
            size: manifest.length,
            annotations: { [REFERENCE_DIGEST]: target.digest, [REFERENCE_TYPE]: ATTESTATION_MANIFEST },
            platform: UNKNOWN_PLATFORM,
        },
    };
}


/***/ }),

/***/ 8391:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hx: () => (/* binding */ goQuoteList),
/* harmony export */   Lm: () => (/* binding */ goDuration),
/* harmony export */   Pl: () => (/* binding */ goJson),
/* harmony export */   vM: () => (/* binding */ jsonMap)
/* harmony export */ });
/* unused harmony export goQuote */
/**
 * Text as Go's standard library writes it, for configs and history entries that match
 * BuildKit's byte for byte: encoding/json (struct fields in the order given, maps with
 * their keys in byte order, `<`, `>`, `&`, U+2028 and U+2029 escaped), strconv.Quote
 * and time.Duration.String.
 */
/** time.Duration.String: `0s`, `1.5s`, `1m30s`, `1h0m0s`, `500ms`. */
function goDuration(ns) {
    if (ns === 0)
        return '0s';
    const neg = ns < 0;
    let u = Math.abs(ns);
    let out;
    if (u < 1e9) {
        const [unit, scale] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
        out = `${fraction(u, scale)}${unit}`;
    }
    else {
        const h = Math.floor(u / 3600e9);
        u -= h * 3600e9;
        const m = Math.floor(u / 60e9);
        u -= m * 60e9;
        out = `${fraction(u, 1e9)}s`;
        if (h > 0)
            out = `${h}h${m}m${out}`;
        else if (m > 0)
            out = `${m}m${out}`;
    }
    return neg ? `-${out}` : out;
}
function fraction(v, scale) {
    const whole = Math.floor(v / scale);
    const rest = v - whole * scale;
    if (rest === 0)
        return String(whole);
    const digits = String(scale).length - 1;
    return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
/** Go's `%q` of a []string: `["a" "b"]` with strconv.Quote escaping. */
function goQuoteList(list) {
    return `[${list.map(goQuote).join(' ')}]`;
}
/** strconv.Quote for the characters that occur in commands. */
function goQuote(s) {
    let out = '"';
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if (ch === '"' || ch === '\\')
            out += `\\${ch}`;
        else if (c >= 0x20 && c < 0x7f)
            out += ch;
        else if (c === 0x07)
            out += '\\a';
        else if (c === 0x08)
            out += '\\b';
        else if (c === 0x0c)
            out += '\\f';
        else if (c === 0x0a)
            out += '\\n';
        else if (c === 0x0d)
            out += '\\r';
        else if (c === 0x09)
            out += '\\t';
        else if (c === 0x0b)
            out += '\\v';
        else if (c < 0x20 || c === 0x7f)
            out += `\\x${c.toString(16).padStart(2, '0')}`;
        else if (c < 0xa0 || c === 0xad || (c >= 0xd800 && c <= 0xdfff)) {
            out += `\\u${c.toString(16).padStart(4, '0')}`;
        }
        else
            out += ch;
    }
    return `${out}"`;
}
/** A JSON object whose keys are written in byte order (a Go map). */
class SortedMap {
    entries;
    constructor(entries) {
        this.entries = entries;
    }
}
/** Marks an object to be written by goJson as a Go map: keys in byte order. */
function jsonMap(o) {
    return new SortedMap(o);
}
function byteOrder(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/** Writes JSON like Go's encoding/json: struct key order as given, maps sorted, HTML-safe. */
function goJson(v) {
    if (v === null)
        return 'null';
    if (v instanceof SortedMap) {
        const keys = Object.keys(v.entries).sort(byteOrder);
        return `{${keys.map((k) => `${goString(k)}:${goJson(v.entries[k])}`).join(',')}}`;
    }
    if (Array.isArray(v))
        return `[${v.map(goJson).join(',')}]`;
    switch (typeof v) {
        case 'string':
            return goString(v);
        case 'number':
            if (!Number.isFinite(v))
                throw new Error('Cannot serialize a non-finite number');
            return String(v);
        case 'boolean':
            return v ? 'true' : 'false';
        case 'object': {
            const parts = [];
            for (const [k, val] of Object.entries(v)) {
                if (val === undefined)
                    continue;
                parts.push(`${goString(k)}:${goJson(val)}`);
            }
            return `{${parts.join(',')}}`;
        }
        default:
            throw new Error(`Cannot serialize ${typeof v}`);
    }
}
function goString(s) {
    return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => {
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
}


/***/ }),

/***/ 5228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $9: () => (/* binding */ ociLayerMediaType),
/* harmony export */   Jt: () => (/* binding */ serializeIndex),
/* harmony export */   MZ: () => (/* binding */ serializeManifest),
/* harmony export */   Z2: () => (/* reexport safe */ _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__.Z),
/* harmony export */   sI: () => (/* binding */ sha256Digest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9867);
/* harmony import */ var _go_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8391);
/**
 * Manifests and indexes: the OCI media types, descriptors, digests, and the manifest
 * and index JSON in the layout BuildKit writes (see go-format.ts).
 */




function sha256Digest(data) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex')}`;
}
function descriptorJson(d) {
    return {
        mediaType: d.mediaType,
        digest: d.digest,
        size: d.size,
        annotations: d.annotations && Object.keys(d.annotations).length > 0 ? (0,_go_format_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonMap */ .vM)(d.annotations) : undefined,
        platform: d.platform
            ? {
                architecture: d.platform.architecture,
                os: d.platform.os,
                variant: d.platform.variant || undefined,
            }
            : undefined,
    };
}
/** The OCI image manifest: config + layers, and annotations where there are any. */
function serializeManifest(config, layers, annotations) {
    return Buffer.from((0,_go_format_js__WEBPACK_IMPORTED_MODULE_2__/* .goJson */ .Pl)({
        schemaVersion: 2,
        mediaType: _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .Z.manifest,
        config: descriptorJson(config),
        layers: layers.map(descriptorJson),
        annotations: annotations && Object.keys(annotations).length > 0 ? (0,_go_format_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonMap */ .vM)(annotations) : undefined,
    }), 'utf8');
}
/** The OCI image index of a multi-platform image (manifests carry their platform). */
function serializeIndex(manifests, annotations) {
    return Buffer.from((0,_go_format_js__WEBPACK_IMPORTED_MODULE_2__/* .goJson */ .Pl)({
        schemaVersion: 2,
        mediaType: _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .Z.index,
        manifests: manifests.map(descriptorJson),
        annotations: annotations && Object.keys(annotations).length > 0 ? (0,_go_format_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonMap */ .vM)(annotations) : undefined,
    }), 'utf8');
}
/**
 * The OCI media type for a base image layer: Docker's gzip layers are the same bytes
 * under another name (BuildKit converts them when it writes an OCI manifest).
 */
function ociLayerMediaType(mediaType) {
    switch (mediaType) {
        case _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .Z.dockerLayerGzip:
            return _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .Z.layerGzip;
        case 'application/vnd.docker.image.rootfs.diff.tar':
            return _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .Z.layerTar;
        case 'application/vnd.docker.image.rootfs.diff.tar.zstd':
            return _registry_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MEDIA_TYPES */ .Z.layerZstd;
        default:
            return mediaType;
    }
}


/***/ }),

/***/ 146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Z: () => (/* binding */ mergePlatformTags),
  o: () => (/* binding */ platformTag)
});

// EXTERNAL MODULE: ./src/util/read-limited.ts
var read_limited = __webpack_require__(7709);
// EXTERNAL MODULE: ./src/registry/transport/credential-scope.ts
var credential_scope = __webpack_require__(1321);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/image/image.ts
var image_image = __webpack_require__(5228);
// EXTERNAL MODULE: ./src/image/attestations/manifest.ts
var manifest = __webpack_require__(2844);
;// CONCATENATED MODULE: ./src/image/attestations/merge.ts


/** The manifest types an attestation manifest is written in, OCI's first. */
const MANIFEST_TYPES = new Set([
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
]);
/** BuildKit's platform of an attestation manifest, written as such whatever the entry says. */
const UNKNOWN = { architecture: 'unknown', os: 'unknown' };
/** The entries of an index that attest one of `images`, their descriptors kept as they are. */
function attestationsOf(entries, images) {
    const kept = new Set(images.map((i) => i.digest));
    const out = [];
    for (const e of entries) {
        const a = e.annotations ?? {};
        if (a[manifest/* REFERENCE_TYPE */.pz] !== manifest/* ATTESTATION_MANIFEST */.lL)
            continue;
        if (typeof e.digest !== 'string' || !(0,credential_scope/* isDigest */.Bc)(e.digest))
            continue;
        if (!Number.isSafeInteger(e.size) || !kept.has(a[manifest/* REFERENCE_DIGEST */.R7] ?? ''))
            continue;
        out.push({
            mediaType: MANIFEST_TYPES.has(e.mediaType ?? '')
                ? e.mediaType
                : MANIFEST_TYPES.values().next().value,
            digest: e.digest,
            size: e.size,
            annotations: {
                [manifest/* REFERENCE_TYPE */.pz]: manifest/* ATTESTATION_MANIFEST */.lL,
                [manifest/* REFERENCE_DIGEST */.R7]: a[manifest/* REFERENCE_DIGEST */.R7],
            },
            platform: UNKNOWN,
        });
    }
    return out;
}

// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/registry/tag-variant.ts
var tag_variant = __webpack_require__(4543);
;// CONCATENATED MODULE: ./src/image/merge-index.ts
/**
 * The merge of a build matrix: each job pushed its platform's image under a platform
 * tag of the commit (`sha-1a2b3c4-linux-arm64`); the merge reads those tags back,
 * checks that each really holds its platform, and makes one OCI image index of them.
 * No blob is copied: the index only names manifests the repository already has.
 */







const INDEX_TYPES = new Set([
    image_image/* MEDIA_TYPES */.Z2.index,
    'application/vnd.docker.distribution.manifest.list.v2+json',
]);
/** `sha-1a2b3c4-linux-arm-v7` (in the tag variant): where a matrix job puts its platform's image. */
function platformTag(sha, platform, variant = tag_variant/* PLAIN_VARIANT */.d0) {
    return (0,tag_variant/* affixTag */.bE)(`sha-${sha.slice(0, variant.shaLength)}-${(0,image_platform/* platformTagSuffix */.b6)(platform)}`, variant);
}
/** Reads every platform tag of the commit and makes the index; fails naming what is wrong. */
async function mergePlatformTags(reader, repo, sha, platforms, variant = tag_variant/* PLAIN_VARIANT */.d0, annotations = []) {
    const tags = platforms.map((p) => platformTag(sha, p, variant));
    const found = await Promise.all(tags.map((tag) => reader.headManifest(repo, tag)));
    const missing = platforms.filter((_, i) => found[i] === undefined);
    if (missing.length > 0)
        throw missingPlatforms(repo, missing, tags, found);
    const merged = [];
    const attestations = [];
    for (const [i, wanted] of platforms.entries()) {
        const read = await readPlatformTag(reader, repo, tags[i], wanted);
        merged.push(...read.images);
        attestations.push(...read.attestations);
    }
    refuseDuplicates(merged);
    // BuildKit's order: every image, then the attestation manifests.
    const index = (0,image_image/* serializeIndex */.Jt)([
        ...merged.map((m) => ({
            mediaType: m.mediaType,
            digest: m.digest,
            size: m.manifestSize,
            platform: m.platform,
        })),
        ...attestations,
    ], Object.fromEntries(annotations));
    return { index, platforms: merged, attestations };
}
/** The image (or, where the tag holds an index, the images) behind one platform tag. */
async function readPlatformTag(reader, repo, tag, wanted) {
    const top = await reader.getManifest(repo, tag);
    const json = (parseJson(top.body, `the manifest ${tag}`) ?? {});
    if (!INDEX_TYPES.has(top.mediaType) && !json.manifests) {
        return { images: [await readImage(reader, repo, tag, wanted, top)], attestations: [] };
    }
    // The registry's text: a list of objects only is read, anything else passed over.
    const entries = (Array.isArray(json.manifests) ? json.manifests : []).filter((entry) => typeof entry === 'object' && entry !== null);
    const images = [];
    for (const entry of entries) {
        if (!entry.platform)
            continue;
        const platform = registryPlatform(entry.platform, repo, tag, 'index');
        // Attestations (unknown/unknown) describe images; they are not images to run.
        if (platform.os === 'unknown')
            continue;
        if (typeof entry.digest !== 'string' || !(0,credential_scope/* isDigest */.Bc)(entry.digest)) {
            throw new errors/* ActionError */.lZ('push', `The index of ${repo}:${tag} names ${platform.os}/${platform.architecture} by ${(0,errors/* showValue */.vp)(String(entry.digest))}, which is not a digest. Nothing was tagged.`, 'Push that platform again with platform-tags: true.');
        }
        const manifest = await reader.getManifest(repo, entry.digest);
        images.push(await readImage(reader, repo, tag, platform, manifest));
    }
    if (!images.some((m) => (0,image_platform/* samePlatform */.my)(m.platform, wanted))) {
        throw wrongPlatform(repo, tag, wanted, images.map((m) => (0,image_platform/* formatPlatform */.Bq)(m.platform)).join(', ') || 'no image');
    }
    return { images, attestations: attestationsOf(entries, images) };
}
/** One image manifest, its platform read from its config and checked. */
async function readImage(reader, repo, tag, wanted, manifest) {
    const json = (parseJson(manifest.body, `the manifest ${tag}`) ?? {});
    const configDigest = json.config?.digest;
    if (typeof configDigest !== 'string' || !(0,credential_scope/* isDigest */.Bc)(configDigest))
        throw notAnImage(repo, tag);
    const config = parseJson(await (0,read_limited/* readLimited */.t)(await reader.getBlob(repo, configDigest)), `the config of ${tag}`);
    const platform = registryPlatform(config, repo, tag, 'image config');
    if (!(0,image_platform/* samePlatform */.my)(platform, wanted))
        throw wrongPlatform(repo, tag, wanted, (0,image_platform/* formatPlatform */.Bq)(platform));
    // Sizes as the registry wrote them: only numbers are counted (a text would reach the outputs).
    const size = (v) => Number.isSafeInteger(v) && v > 0 ? v : 0;
    const layers = (Array.isArray(json.layers) ? json.layers : []).reduce((n, l) => n + size(l?.size), 0);
    return {
        platform,
        digest: manifest.digest,
        mediaType: manifest.mediaType || json.mediaType || image_image/* MEDIA_TYPES */.Z2.manifest,
        manifestSize: manifest.body.length,
        imageSize: size(json.config?.size) + layers,
        tag,
    };
}
/** OS and architecture: `linux`, `amd64`, `ppc64le`, `mips64_r6`. */
const NAME = /^[a-z0-9_]{1,32}$/;
/** A variant: `v7`, `v8`, or a short lowercase word. */
const VARIANT = /^(v[0-9]{1,4}|[a-z][a-z0-9]{0,15})$/;
/**
 * A platform as a registry wrote it (an index entry's, or an image config's), checked
 * against the grammar before any of it is used: it is shown in the log and the job
 * summary and written into an output, so nothing but a platform may pass.
 */
function registryPlatform(raw, repo, tag, where) {
    const { os, architecture, variant } = (raw ?? {});
    const ok = typeof os === 'string' &&
        NAME.test(os) &&
        typeof architecture === 'string' &&
        NAME.test(architecture) &&
        (variant === undefined ||
            variant === '' ||
            (typeof variant === 'string' && VARIANT.test(variant)));
    if (!ok) {
        const shown = [os, architecture, variant]
            .filter((v) => v !== undefined && v !== '')
            .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
            .join('/');
        throw new errors/* ActionError */.lZ('push', `The ${where} of ${repo}:${tag} names the platform ${(0,errors/* showValue */.vp)(shown, 100)}, which is not a platform (os and architecture are lowercase letters, digits and _; a variant is v and a number, or a short lowercase word). Nothing was tagged.`, 'Push that platform again with platform-tags: true, from this action or docker buildx.');
    }
    return variant ? { os, architecture, variant } : { os, architecture };
}
function refuseDuplicates(merged) {
    for (const [i, m] of merged.entries()) {
        const twice = merged.findIndex((o, j) => j > i && (0,image_platform/* samePlatform */.my)(o.platform, m.platform));
        if (twice >= 0) {
            throw new errors/* ActionError */.lZ('push', `The platform ${(0,image_platform/* formatPlatform */.Bq)(m.platform)} is in the merge twice: in ${m.tag} and in ${merged[twice].tag}.`, 'List each platform once in "merge", and let each matrix job build its own platforms.');
        }
    }
}
function parseJson(body, what) {
    try {
        return JSON.parse(body.toString('utf8'));
    }
    catch {
        throw new errors/* ActionError */.lZ('push', `The registry's copy of ${what} is not JSON.`, 'Push that platform again.');
    }
}
function missingPlatforms(repo, missing, tags, found) {
    const names = missing.map(image_platform/* formatPlatform */.Bq).join(', ');
    const looked = tags.filter((_, i) => found[i] === undefined).join(', ');
    return new errors/* ActionError */.lZ('push', `${repo} has no image for ${names} of this commit: the tag${missing.length === 1 ? '' : 's'} ${looked} ${missing.length === 1 ? 'is' : 'are'} missing. Nothing was tagged.`, 'Check that the matrix job of each platform succeeded with platform-tags: true, then run the merge again.');
}
function wrongPlatform(repo, tag, wanted, holds) {
    return new errors/* ActionError */.lZ('push', `${repo}:${tag} should hold ${(0,image_platform/* formatPlatform */.Bq)(wanted)} but holds ${holds}. Nothing was tagged.`, 'Build that platform again with platform-tags: true on a runner of that platform (or with platforms set to it).');
}
function notAnImage(repo, tag) {
    return new errors/* ActionError */.lZ('push', `${repo}:${tag} is not an image manifest.`, 'Push that platform again with platform-tags: true.');
}


/***/ }),

/***/ 2554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ normalizePlatform),
/* harmony export */   J: () => (/* binding */ targetVariables),
/* harmony export */   Y8: () => (/* binding */ parsePlatform),
/* harmony export */   b6: () => (/* binding */ platformTagSuffix),
/* harmony export */   my: () => (/* binding */ samePlatform),
/* harmony export */   nx: () => (/* binding */ variantProblem),
/* harmony export */   ol: () => (/* binding */ hostPlatform)
/* harmony export */ });
/* unused harmony export defaultVariant */
/**
 * The OCI platform: one type, and the one way to write, read and compare it, with
 * containerd's defaults (an arm64 image without a variant is v8, an arm one v7); the
 * host's platform, the variants that exist, and a target platform's build variables.
 */
/** `linux/arm/v7`. */
function formatPlatform(p) {
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
/** The variant an image of this architecture has when it names none. */
function defaultVariant(architecture) {
    if (architecture === 'arm64')
        return 'v8';
    if (architecture === 'arm')
        return 'v7';
    return undefined;
}
/** Whether two platforms name the same machine, with the default variants filled in. */
function samePlatform(a, b) {
    return (a.os === b.os &&
        a.architecture === b.architecture &&
        (a.variant ?? defaultVariant(a.architecture)) === (b.variant ?? defaultVariant(b.architecture)));
}
/** `os-arch[-variant]`, for a tag: `linux-arm-v7`. */
function platformTagSuffix(p) {
    return formatPlatform(p).replaceAll('/', '-');
}
/**
 * `linux/arm/v7` → Platform, normalised (see normalizePlatform). Text without an OS and
 * an architecture gives `fallback`, or an error when there is none.
 */
function parsePlatform(text, fallback) {
    const [os, architecture] = text.trim().toLowerCase().split('/');
    if (!os || !architecture) {
        if (fallback !== undefined)
            return fallback;
        throw new Error(`${JSON.stringify(text)} is not a platform: expected os/arch[/variant]`);
    }
    return normalizePlatform(text, { os, architecture });
}
/** containerd's operating systems (platforms.isKnownOS): one of them alone is an OS. */
const KNOWN_OS = new Set('aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris windows zos'.split(' '));
/** containerd's normalizeArch: one name per architecture, the default variant left out. */
function normalizeArch(arch, variant) {
    switch (arch) {
        case 'i386':
            return ['386', ''];
        case 'x86_64':
        case 'x86-64':
        case 'amd64':
            return ['amd64', variant === 'v1' ? '' : variant];
        case 'aarch64':
        case 'arm64':
            if (['8', 'v8', 'v8.0'].includes(variant))
                return ['arm64', ''];
            if (['9', '9.0', 'v9.0'].includes(variant))
                return ['arm64', 'v9'];
            return ['arm64', variant];
        case 'armhf':
            return ['arm', 'v7'];
        case 'armel':
            return ['arm', 'v6'];
        case 'arm':
            if (variant === '' || variant === '7')
                return ['arm', 'v7'];
            return ['arm', ['5', '6', '8'].includes(variant) ? `v${variant}` : variant];
        default:
            return [arch, variant];
    }
}
/**
 * `os/arch[/variant]` read and normalised as containerd's platforms.Parse and
 * platforms.Normalize do (how BuildKit reads every platform: the target, FROM
 * --platform, the image config's): `aarch64` is arm64, `armhf` arm/v7, `x86_64` amd64,
 * `linux/arm` is arm/v7 and `linux/arm64/v8` arm64; an architecture alone takes
 * `fallback`'s OS, an OS alone its architecture, and nothing gives `fallback`. The one
 * place where platform text becomes a Platform.
 */
function normalizePlatform(text, fallback) {
    const parts = text.trim().toLowerCase().split('/');
    if (parts.length === 1 && parts[0] === '')
        return { ...fallback };
    let [os = '', arch = '', variant = ''] = parts;
    if (parts.length === 1) {
        if (KNOWN_OS.has(os))
            [arch, variant] = [fallback.architecture, fallback.variant ?? ''];
        else
            [os, arch] = [fallback.os, os];
    }
    if (os === 'macos')
        os = 'darwin';
    [arch, variant] = normalizeArch(arch, variant);
    return variant ? { os, architecture: arch, variant } : { os, architecture: arch };
}
/** Node.js's names of the host architectures, as OCI platforms (images are linux). */
const HOST_PLATFORMS = {
    x64: { os: 'linux', architecture: 'amd64' },
    arm64: { os: 'linux', architecture: 'arm64' },
    arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
    ia32: { os: 'linux', architecture: '386' },
    ppc64: { os: 'linux', architecture: 'ppc64le' },
    s390x: { os: 'linux', architecture: 's390x' },
    riscv64: { os: 'linux', architecture: 'riscv64' },
    loong64: { os: 'linux', architecture: 'loong64' },
};
/** The platform this process runs on, as an OCI platform. */
function hostPlatform() {
    return { ...(HOST_PLATFORMS[process.arch] ?? { os: 'linux', architecture: process.arch }) };
}
/** The variants each architecture has (as containerd and BuildKit name them). */
const VARIANTS = {
    arm: ['v5', 'v6', 'v7', 'v8'],
    arm64: ['v8'],
    amd64: ['v1', 'v2', 'v3', 'v4'],
};
/** Why an architecture's variant does not exist, or undefined when it does (or is not checked). */
function variantProblem(arch, variant) {
    const known = VARIANTS[arch];
    if (known === undefined || variant === '' || known.includes(variant))
        return undefined;
    return `${arch} has no variant ${variant}: its variants are ${known.join(', ')}.`;
}
/** The build variables Docker defines for a target platform (default: the runner's own). */
function targetVariables(platform) {
    const target = normalizePlatform(platform ?? '', hostPlatform());
    const { os, architecture, variant = '' } = target;
    return {
        TARGETPLATFORM: formatPlatform(target),
        TARGETOS: os,
        TARGETARCH: architecture,
        TARGETVARIANT: variant,
    };
}


/***/ }),

/***/ 472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $V: () => (/* binding */ DEFLATE_WINDOW),
/* harmony export */   Bq: () => (/* binding */ DEFAULT_LAYER_COMPRESSION),
/* harmony export */   DL: () => (/* binding */ parseLayerCompression),
/* harmony export */   Y_: () => (/* binding */ checkLayerCompression),
/* harmony export */   Yi: () => (/* binding */ LAYER_MEDIA_TYPE),
/* harmony export */   _7: () => (/* binding */ COMPRESSIONS),
/* harmony export */   k1: () => (/* binding */ layerCodec)
/* harmony export */ });
/* unused harmony exports LAYER_MEDIA_TYPE_ZSTD, gzipHeader, zstdAvailable, deflateStored, zstdRawFrame */
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9867);
/**
 * How a layer is compressed, one segment of its tar at a time (see tar-layer.ts for
 * why): gzip as a single member whose segments are chained deflate streams, zstd as one
 * frame per segment; an incompressible segment stored as it is. What a segment becomes
 * depends on its bytes and the settings only.
 */



/**
 * gzip level 6, the default of Docker, BuildKit (Go's compress/gzip) and zlib: layers
 * any engine reads, of the usual size. Compression uses every core, so the level costs
 * less time than it did single-threaded; zstd is the faster and smaller choice where
 * the engines that pull the image read it.
 */
const DEFAULT_LAYER_COMPRESSION = { kind: 'gzip', level: 6 };
const LAYER_MEDIA_TYPE = _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.layerGzip;
const LAYER_MEDIA_TYPE_ZSTD = _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.layerZstd;
/**
 * What each compression is: the level `gzip` and `zstd` stand for without one (zlib's
 * and zstd's own defaults, BuildKit's too), and its blobs' media type and file extension.
 */
const COMPRESSIONS = {
    gzip: { defaultLevel: 6, mediaType: LAYER_MEDIA_TYPE, extension: '.tar.gz' },
    zstd: { defaultLevel: 3, mediaType: LAYER_MEDIA_TYPE_ZSTD, extension: '.tar.zst' },
};
/**
 * Size of the buffers compressed data is written to. Fixed: zlib cuts its stored
 * blocks to the space left in them, so the output depends on it. Large enough that a
 * segment of text takes one pass on the thread pool, small enough that the buffers
 * are freed promptly (large short-lived buffers make the process grow before V8
 * collects them).
 */
const OUTPUT_CHUNK = 256 * 1024;
/** deflate's window: how much of the previous segment a segment may refer to. */
const DEFLATE_WINDOW = 32 * 1024;
/** Runs one input through a fresh compressor, all of it in one write, and collects the output. */
function compressWith(engine, input) {
    return new Promise((resolve, reject) => {
        const out = [];
        engine.on('data', (chunk) => out.push(chunk));
        engine.on('error', reject);
        engine.on('end', () => resolve(out));
        engine.end(input);
    });
}
/**
 * The gzip header: no flags (so no name, comment or extra field), no mtime, and the
 * XFL and OS bytes Go's compress/gzip writes: XFL 2 for level 9, 4 for level 1, else 0;
 * OS 255 ("unknown") whatever system zlib was built for.
 */
function gzipHeader(level) {
    const xfl = level === 9 ? 2 : level === 1 ? 4 : 0;
    return Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, xfl, 0xff]);
}
function gzipCodec(level) {
    let crc = 0;
    let length = 0;
    return {
        mediaType: COMPRESSIONS.gzip.mediaType,
        extension: COMPRESSIONS.gzip.extension,
        header: gzipHeader(level),
        chained: true,
        async compress(segment, dictionary, last) {
            if (level === 0 || (await incompressible(segment)))
                return deflateStored(segment, last);
            const engine = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createDeflateRaw({
                level,
                chunkSize: OUTPUT_CHUNK,
                finishFlush: last ? (node_zlib__WEBPACK_IMPORTED_MODULE_0___default().constants).Z_FINISH : (node_zlib__WEBPACK_IMPORTED_MODULE_0___default().constants).Z_SYNC_FLUSH,
                ...(dictionary !== undefined ? { dictionary } : {}),
            });
            return compressWith(engine, segment);
        },
        update(segment) {
            crc = crc32(segment, crc);
            length += segment.length;
        },
        trailer() {
            const out = Buffer.alloc(8);
            out.writeUInt32LE(crc >>> 0, 0);
            out.writeUInt32LE(length % 2 ** 32, 4);
            return out;
        },
    };
}
/** zlib's zstd compressor, where this Node.js has it (22.15, 23.8 and later). */
function zstdApi() {
    return (node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createZstdCompress);
}
/** Whether this Node.js can write zstd layers. */
function zstdAvailable() {
    return zstdApi() !== undefined;
}
function zstdParam(name) {
    const value = (node_zlib__WEBPACK_IMPORTED_MODULE_0___default().constants)[name];
    if (value === undefined)
        throw new Error(`zlib has no ${name}`);
    return value;
}
function zstdCodec(level) {
    const create = zstdApi();
    const LEVEL = zstdParam('ZSTD_c_compressionLevel');
    const CONTENT_SIZE = zstdParam('ZSTD_c_contentSizeFlag');
    const CHECKSUM = zstdParam('ZSTD_c_checksumFlag');
    return {
        mediaType: COMPRESSIONS.zstd.mediaType,
        extension: COMPRESSIONS.zstd.extension,
        header: Buffer.alloc(0),
        chained: false,
        async compress(segment) {
            // Frames are independent: an empty last segment needs none.
            if (segment.length === 0)
                return [];
            if (await incompressible(segment))
                return zstdRawFrame(segment);
            // The segment in one write, its size given up front: the frame header holds the
            // content size and zstd picks its parameters from it, the same on every run.
            const engine = create({
                chunkSize: OUTPUT_CHUNK,
                pledgedSrcSize: segment.length,
                params: { [LEVEL]: level, [CONTENT_SIZE]: 1, [CHECKSUM]: 1 },
            });
            return compressWith(engine, segment);
        },
        update() { },
        trailer() {
            return Buffer.alloc(0);
        },
    };
}
/** Largest stored deflate block (its length is a 16-bit field). */
const MAX_STORED_BLOCK = 65535;
/**
 * A segment as stored deflate blocks, written here rather than by zlib: no copy of the
 * data (the blocks' bodies are views of the segment), nothing for the thread pool.
 * Each block: a header byte (BFINAL on the last block of the tar, type 00, padding to
 * the byte: a segment always starts on a byte boundary), LEN and its complement NLEN.
 */
function deflateStored(segment, last) {
    const blocks = Math.max(1, Math.ceil(segment.length / MAX_STORED_BLOCK));
    const headers = Buffer.alloc(blocks * 5);
    const out = [];
    for (let i = 0; i < blocks; i++) {
        const start = i * MAX_STORED_BLOCK;
        const length = Math.min(MAX_STORED_BLOCK, segment.length - start);
        const header = headers.subarray(i * 5, i * 5 + 5);
        header[0] = last && i === blocks - 1 ? 1 : 0;
        header.writeUInt16LE(length, 1);
        header.writeUInt16LE(~length & 0xffff, 3);
        out.push(header, segment.subarray(start, start + length));
    }
    return out;
}
/** Largest zstd block (128 KiB). */
const MAX_ZSTD_BLOCK = 128 * 1024;
/**
 * A segment as a zstd frame of raw blocks, written here (as deflateStored). Frame
 * header: magic, a descriptor saying single segment (the window is the content),
 * content size present, no checksum, no dictionary; then the content size on 1, 2
 * (minus 256) or 4 bytes. Each block: a 3-byte header (last-block bit, type 0 = raw,
 * size) and the bytes.
 */
function zstdRawFrame(segment) {
    const size = segment.length;
    const fcsFlag = size < 256 ? 0 : size < 65536 + 256 ? 1 : 2;
    const fcsBytes = [1, 2, 4][fcsFlag];
    const frameHeader = Buffer.alloc(5 + fcsBytes);
    frameHeader.writeUInt32LE(0xfd2fb528, 0);
    frameHeader[4] = (fcsFlag << 6) | 0x20;
    if (fcsFlag === 0)
        frameHeader[5] = size;
    else if (fcsFlag === 1)
        frameHeader.writeUInt16LE(size - 256, 5);
    else
        frameHeader.writeUInt32LE(size, 5);
    const out = [frameHeader];
    const blocks = Math.max(1, Math.ceil(size / MAX_ZSTD_BLOCK));
    const headers = Buffer.alloc(blocks * 3);
    for (let i = 0; i < blocks; i++) {
        const start = i * MAX_ZSTD_BLOCK;
        const length = Math.min(MAX_ZSTD_BLOCK, size - start);
        const header = headers.subarray(i * 3, i * 3 + 3);
        header.writeUIntLE((length << 3) | (i === blocks - 1 ? 1 : 0), 0, 3);
        out.push(header, segment.subarray(start, start + length));
    }
    return out;
}
const SAMPLE_SLICES = 4;
const SAMPLE_SLICE = 8 * 1024;
/**
 * Whether a segment looks incompressible: a sample of it (four 8 KiB slices spread
 * evenly, or all of it when small) saves less than 1/32 at deflate level 1. Depends on
 * the bytes only; costs a few percent of compressing the segment.
 */
async function incompressible(segment) {
    let sample = segment;
    if (segment.length > SAMPLE_SLICES * SAMPLE_SLICE) {
        const step = Math.floor((segment.length - SAMPLE_SLICE) / (SAMPLE_SLICES - 1));
        const slices = [];
        for (let i = 0; i < SAMPLE_SLICES; i++) {
            slices.push(segment.subarray(i * step, i * step + SAMPLE_SLICE));
        }
        sample = Buffer.concat(slices);
    }
    if (sample.length === 0)
        return false;
    // A fixed output buffer size too: zlib's block cuts, hence the size, depend on it.
    const out = await compressWith(node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createDeflateRaw({ level: 1, chunkSize: 64 * 1024 }), sample);
    const size = out.reduce((n, chunk) => n + chunk.length, 0);
    return size * 32 > sample.length * 31;
}
/** The codec of a compression setting (checked first). */
function layerCodec(compression) {
    checkLayerCompression(compression);
    return compression.kind === 'gzip' ? gzipCodec(compression.level) : zstdCodec(compression.level);
}
/** Refuses a compression setting this build cannot write. */
function checkLayerCompression(c) {
    const kind = c.kind;
    const [min, max] = kind === 'gzip' ? [0, 9] : kind === 'zstd' ? [1, 22] : [NaN, NaN];
    if (Number.isNaN(min)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('build', `Unknown layer compression ${JSON.stringify(kind)}`, 'Use gzip or zstd.');
    }
    if (!Number.isInteger(c.level) || c.level < min || c.level > max) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('build', `Invalid ${kind} level ${c.level}: expected ${min} to ${max}`);
    }
    if (kind === 'zstd' && !zstdAvailable()) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('build', `zstd layer compression needs Node.js 22.15 or later; this is Node.js ${process.version}`, 'Use gzip compression, or run on a newer Node.js (the action itself runs on node24).');
    }
}
/**
 * Reads a compression setting as written by hand: `gzip`, `gzip:<0-9>`, `zstd`,
 * `zstd:<1-22>` (case and surrounding spaces ignored); empty gives the default.
 * Throws an Error saying what is accepted.
 */
function parseLayerCompression(text) {
    const s = text.trim().toLowerCase();
    if (s === '')
        return { ...DEFAULT_LAYER_COMPRESSION };
    const m = /^(gzip|zstd)(?::([0-9]{1,2}))?$/.exec(s);
    const kind = m?.[1];
    if (m === null || kind === undefined) {
        throw new Error(`Unknown compression ${JSON.stringify(text)}: expected gzip, gzip:<0-9>, zstd or zstd:<1-22>`);
    }
    const level = m[2] !== undefined ? Number(m[2]) : COMPRESSIONS[kind].defaultLevel;
    const [min, max] = kind === 'gzip' ? [0, 9] : [1, 22];
    if (level < min || level > max) {
        throw new Error(`Invalid ${kind} level in ${JSON.stringify(text)}: expected ${min} to ${max}`);
    }
    return { kind, level };
}
/** CRC-32 of gzip; zlib's (fast) where this Node.js has it (20.15, 22.2 and later). */
function crc32(data, value) {
    if (typeof (node_zlib__WEBPACK_IMPORTED_MODULE_0___default().crc32) === 'function')
        return node_zlib__WEBPACK_IMPORTED_MODULE_0___default().crc32(data, value);
    let crc = ~value;
    for (let i = 0; i < data.length; i++)
        crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    return ~crc >>> 0;
}
const CRC_TABLE = (() => {
    const table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c;
    }
    return table;
})();


/***/ }),

/***/ 4614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  h: () => (/* binding */ compileAndBuild)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/util/child-env.ts
var child_env = __webpack_require__(4132);
// EXTERNAL MODULE: ./src/core/leftovers.ts + 1 modules
var leftovers = __webpack_require__(9513);
;// CONCATENATED MODULE: ./src/pipeline/compile.ts



/**
 * Runs the build-command the way a workflow's `run:` step does: bash, stop on the
 * first error, its output straight into the log. The only input that goes through a shell.
 * It runs in a process group of its own, so that a timeout, a cancellation or the post
 * step stops what it started in the background too.
 */
async function compile(request, io) {
    io.info(`$ ${request.command}`);
    const outcome = await run(request, io).catch((error) => {
        throw new errors/* ActionError */.lZ('compile', `The build-command could not start: ${error.message}`);
    });
    if (outcome.code === 0)
        return;
    const signal = (0,leftovers/* cancellation */.WN)();
    if (signal) {
        throw new errors/* ActionError */.lZ('compile', `The build-command was stopped: the step was cancelled (${signal}); nothing was built or pushed.`);
    }
    if (outcome.timedOut) {
        throw new errors/* ActionError */.lZ('compile', `The build-command did not finish within ${request.timeoutMs / 1000} s and was stopped; nothing was built or pushed.`, (w) => `Make the build faster or raise ${w.setting('build-command-timeout')}.`);
    }
    const hint = (w) => `Fix the build: the log above shows its output. Run it locally in the same directory (${w.setting('working-directory')}) to reproduce.`;
    const how = outcome.signal !== null
        ? `was killed by signal ${outcome.signal}`
        : outcome.code !== null && outcome.code > 128
            ? `was killed by signal ${outcome.code - 128}`
            : `exited with code ${outcome.code}`;
    throw new errors/* ActionError */.lZ('compile', `The build-command ${how}; nothing was built or pushed.`, hint);
}
function run(request, io) {
    return new Promise((resolve, reject) => {
        const child = (0,leftovers/* spawnGroup */.j8)(io, 'bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', request.command], {
            cwd: request.workingDirectory,
            env: (0,child_env/* childEnv */.g)(request.stepEnv, request.env),
            stdio: ['ignore', 'inherit', 'inherit'],
        });
        let timedOut = false;
        let stopped = Promise.resolve();
        const timer = request.timeoutMs
            ? setTimeout(() => {
                timedOut = true;
                if (child.pid !== undefined)
                    stopped = (0,leftovers/* stopRecordedGroup */.kR)(child.pid);
            }, request.timeoutMs)
            : undefined;
        child.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            // After a timeout, the step goes on only once the whole group is gone.
            void stopped.then(() => resolve({ code, signal, timedOut }));
        });
    });
}

// EXTERNAL MODULE: ./src/request/path-inputs.ts
var path_inputs = __webpack_require__(6141);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/fs/workspace-copy.ts
/**
 * Copies of the workspace, one per platform of a native multi-platform build, so that
 * no platform's compiled files leak into another's; and paths moved into a copy.
 */


/** A copy of the workspace for one round, in tempDir; the caller removes it. */
function copyWorkspace(workspace, tempDir) {
    const copy = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(tempDir, 'oneimage-platform-'));
    (0,external_node_fs_.cpSync)(workspace, copy, { recursive: true, verbatimSymlinks: true });
    return copy;
}
function removeWorkspaceCopy(copy) {
    (0,external_node_fs_.rmSync)(copy, { recursive: true, force: true });
}
/** A path inside the workspace, moved to the same place inside a copy of it. */
function rebase(path, from, to) {
    const rel = (0,external_node_path_.relative)(from, path);
    return rel === '' ? to : (0,external_node_path_.resolve)(to, rel);
}
/** A plan with its context and Dockerfile inside another copy of the workspace. */
function rebasePlan(plan, from, to) {
    return {
        ...plan,
        context: rebase(plan.context, from, to),
        dockerfile: rebase(plan.dockerfile, from, to),
    };
}

// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
;// CONCATENATED MODULE: ./src/pipeline/build-stage.ts






/**
 * Compile, then build. With several platforms, once per platform (whichever the
 * builder), each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
async function compileAndBuild({ inputs, context: ctx, env }, plan, builder, timer, io) {
    const perPlatform = plan.platforms.length > 1;
    const rounds = perPlatform ? plan.platforms : [plan.platforms[0]];
    let result;
    for (const platform of rounds) {
        const workspace = perPlatform ? copyWorkspace(ctx.workspace, ctx.runnerTemp) : ctx.workspace;
        if (perPlatform)
            (0,leftovers/* rememberTempDir */.$u)(io, workspace);
        const suffix = perPlatform ? ` for ${platform}` : '';
        try {
            if (inputs.buildCommand) {
                const workingDirectory = rebase(inputs.workingDirectory, ctx.workspace, workspace);
                (0,path_inputs/* requireDirectory */.T)('working-directory', workingDirectory, workspace);
                const request = {
                    command: inputs.buildCommand,
                    workingDirectory,
                    stepEnv: env,
                    env: (0,image_platform/* targetVariables */.J)(platform),
                    timeoutMs: inputs.buildCommandTimeoutMs,
                };
                await timer.run('compile', `Compile${suffix}: ${inputs.buildCommand}`, () => compile(request, io));
            }
            // The build-command may have made or replaced any of them: checked again.
            const roundPlan = rebasePlan(plan, ctx.workspace, workspace);
            (0,path_inputs/* requireDirectory */.T)('context', roundPlan.context, workspace);
            (0,path_inputs/* checkPathInput */.mW)('dockerfile', roundPlan.dockerfile, workspace);
            (0,path_inputs/* checkIgnoreFiles */.gB)(roundPlan.context, roundPlan.dockerfile, workspace);
            if (inputs.output !== '')
                (0,path_inputs/* checkPathInput */.mW)('output', inputs.output, ctx.workspace);
            result = await timer.run('build', `Build with ${builder.name}${suffix}`, () => io
                .foreign(() => builder.build(roundPlan, platform))
                .catch((error) => Promise.reject((0,errors/* failureOf */.g5)('build', error))));
        }
        finally {
            if (perPlatform)
                removeWorkspaceCopy(workspace);
        }
    }
    return result;
}


/***/ }),

/***/ 7959:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  oo: () => (/* binding */ Failures),
  gl: () => (/* binding */ RegistryError),
  Np: () => (/* binding */ cap),
  fv: () => (/* binding */ errorCodes),
  jF: () => (/* binding */ hintForStatus)
});

// UNUSED EXPORTS: ERROR_CODE_WORDS, bodyExcerpt, describeRegistryFailure, parseRegistryErrors

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/registry/host.ts
var host = __webpack_require__(637);
;// CONCATENATED MODULE: ./src/registry/pull-limit.ts

function pullLimit(registry, credentials) {
    if ((0,host/* isDockerHub */.gr)(registry)) {
        if (!credentials) {
            return {
                limit: "Docker Hub's limit for anonymous pulls was reached: 100 pulls per 6 hours per IP address, shared by every job on the runner's address",
                hint: (w) => `Pull with a Docker Hub account: set ${w.setting('registry-auth')} to a line docker.io=<Docker ID>:<access token> (or ${w.setting('username')} and ${w.setting('password')} when pushing to Docker Hub); its pulls then count against the account (200 per 6 hours for a personal account, no limit on paid plans).`,
            };
        }
        return {
            limit: `Docker Hub's pull limit for the account "${credentials.username}" was reached (200 pulls per 6 hours for a personal account)`,
            hint: 'Wait for the 6-hour window to pass, or pull with an account on a paid Docker Hub plan (no pull limit).',
        };
    }
    if (!credentials) {
        return {
            limit: `${registry}'s rate limit for anonymous pulls was reached`,
            hint: (w) => `Pull with an account: set ${w.setting('registry-auth')} to a line ${registry}=<username>:<token>, if the registry gives accounts a higher limit; or wait and run again.`,
        };
    }
    return {
        limit: `${registry}'s rate limit for the account "${credentials.username}" was reached`,
        hint: 'Wait for the rate limit window to pass and run again, or ask the registry for a higher limit.',
    };
}

;// CONCATENATED MODULE: ./src/registry/refusal-hints.ts

/** The push actions of Amazon ECR's documented policies (image-push-iam, public-repository-policies). */
const ECR_PUSH_ACTIONS = {
    ecr: 'ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchGetImage on the repository, and ecr:GetAuthorizationToken',
    'ecr-public': 'ecr-public:BatchCheckLayerAvailability, ecr-public:InitiateLayerUpload, ecr-public:UploadLayerPart, ecr-public:CompleteLayerUpload and ecr-public:PutImage on the repository, and ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken',
};
/** For a push answered NAME_UNKNOWN: make the repository first. */
function missingRepositoryHint(registry, repo) {
    const known = (0,host/* knownRegistry */.n2)(registry);
    if (known?.kind === 'ecr') {
        return `Amazon ECR does not create repositories on push: create it first (aws ecr create-repository --repository-name ${repo} --region ${known.region}), or name one that exists.`;
    }
    if (known?.kind === 'ecr-public') {
        const name = repo.slice(repo.indexOf('/') + 1);
        return `Amazon ECR Public does not create repositories on push: create it first (aws ecr-public create-repository --repository-name ${name} --region us-east-1); the image is named public.ecr.aws/<registry alias>/${name}.`;
    }
    return `Create the repository "${repo}" on ${registry} first, or the project or namespace it is in (Harbor, for one, pushes only into a project that exists), and check the image name.`;
}
/** Whether the registry's words say a tag, once pushed, may not be moved. */
function saysImmutable(messages) {
    return messages.some((m) => /immutable|cannot be overwritten/i.test(m));
}
/** For a push the registry kept answering 429 until the time to retry ran out. */
const pushLimitedHint = (w) => `Wait for the rate limit window to pass and run again, or raise ${w.setting('retry-timeout')} so the push waits it out.`;
/** For a tag refused because the repository's tags never move. */
const immutableTagHint = (w) => `The repository keeps its tags immutable, and this push moves a tag that is there already ("latest" on every push, the major and minor tags on a release). Let the repository's tags move (on Amazon ECR: image tag mutability MUTABLE, or IMMUTABLE_WITH_EXCLUSION for these tags), or set ${w.example('latest', 'false')} and push only tags that are new each time.`;
/**
 * For a denied push on a registry whose rights do not follow namespaces: what the
 * message says in place of "can push only to repositories it owns", and the hint;
 * undefined where the namespace rule holds (Docker Hub, GHCR, most others).
 */
function deniedByPolicy(registry) {
    const kind = (0,host/* knownRegistry */.n2)(registry)?.kind;
    if (kind === 'ecr' || kind === 'ecr-public') {
        return {
            why: 'the IAM identity behind the token may not push to it',
            hint: `Allow the IAM role or user the workflow logs in as ${ECR_PUSH_ACTIONS[kind]}; the username is AWS and the password the output of aws ${kind} get-login-password, valid 12 hours.`,
        };
    }
    return undefined;
}
/** For a push GHCR denied: where GitHub gives the rights. */
const ghcrDeniedHint = `With GITHUB_TOKEN as the password, the job needs "permissions: packages: write", and a package that exists already must give this repository write access (the package's settings, Manage Actions access); a personal access token needs the write:packages scope.`;
/** For credentials a registry rejected, where it wants them in a form of its own. */
function loginHint(registry) {
    const known = (0,host/* knownRegistry */.n2)(registry);
    if (known?.kind === 'ecr' || known?.kind === 'ecr-public') {
        const region = known.kind === 'ecr' ? known.region : 'us-east-1';
        return `Amazon ECR takes the username AWS and, as password, the output of aws ${known.kind} get-login-password --region ${region} run in the same workflow (after aws-actions/configure-aws-credentials): it is valid 12 hours.`;
    }
    if (known?.kind === 'ghcr') {
        return 'GHCR takes ${{ github.actor }} as username and ${{ secrets.GITHUB_TOKEN }} (with "permissions: packages: write") or a personal access token with the write:packages scope as password.';
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/registry/transport/retry.ts
var retry = __webpack_require__(7779);
;// CONCATENATED MODULE: ./src/registry/errors.ts
/**
 * Registry error bodies turned into plain words. Registries answer failures with
 * `{"errors":[{"code":"...","message":"...","detail":...}]}` (OCI distribution
 * spec); proxies in front of them sometimes answer with plain text or HTML.
 */





/** What each registry error code means, for someone pushing an image. */
const ERROR_CODE_WORDS = {
    UNAUTHORIZED: 'authentication is required, or the credentials were not accepted',
    DENIED: 'access to the requested resource was denied',
    NAME_UNKNOWN: 'the repository does not exist on the registry',
    NAME_INVALID: 'the repository name is not valid',
    MANIFEST_INVALID: 'the registry rejected the image manifest as invalid',
    MANIFEST_UNKNOWN: 'the manifest (tag or digest) does not exist',
    MANIFEST_UNVERIFIED: 'the registry could not verify the manifest',
    MANIFEST_BLOB_UNKNOWN: 'the manifest refers to a blob (layer or config) the repository does not have',
    BLOB_UNKNOWN: 'the blob (layer or config) is not in the repository',
    BLOB_UPLOAD_UNKNOWN: 'the upload session is unknown or expired',
    BLOB_UPLOAD_INVALID: 'the upload session is in an invalid state',
    DIGEST_INVALID: 'the uploaded content does not match its digest',
    SIZE_INVALID: 'the uploaded content does not have the declared size',
    RANGE_INVALID: 'the uploaded chunk does not continue where the previous one ended',
    TAG_INVALID: 'the tag is not valid',
    TOOMANYREQUESTS: "the registry's rate limit was reached (too many requests)",
    UNSUPPORTED: 'the registry does not support this operation',
    PAGINATION_NUMBER_INVALID: 'the page size asked for is not valid',
};
const STATUS_WORDS = {
    400: 'the registry rejected the request as invalid',
    401: 'authentication is required, or the credentials were not accepted',
    403: 'access was denied',
    404: 'not found',
    405: 'the registry does not allow this operation',
    408: 'the registry timed out waiting for the request',
    409: 'the request conflicts with the current state of the repository',
    413: 'the request is too large for the registry (or a proxy in front of it)',
    416: 'the uploaded range was not accepted',
    429: "the registry's rate limit was reached (too many requests)",
    500: 'the registry had an internal error',
    502: 'the registry (or a proxy in front of it) is unavailable: bad gateway',
    503: 'the registry is temporarily unavailable',
    504: 'the registry (or a proxy in front of it) timed out',
};
/** Parses the JSON error list; returns [] for anything else. Never throws. */
function parseRegistryErrors(body) {
    if (body === undefined)
        return [];
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (!text.trimStart().startsWith('{'))
        return [];
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return [];
    }
    const list = json?.errors;
    if (!Array.isArray(list)) {
        // Some token services answer {"details": "..."} or {"error": "..."}.
        const j = json;
        const msg = [j?.details, j?.error, j?.message].find((m) => typeof m === 'string');
        return typeof msg === 'string' ? [{ code: 'UNKNOWN', message: msg }] : [];
    }
    const out = [];
    for (const item of list) {
        if (typeof item !== 'object' || item === null)
            continue;
        const e = item;
        out.push({
            code: typeof e.code === 'string' ? e.code.toUpperCase() : 'UNKNOWN',
            message: typeof e.message === 'string' ? e.message : undefined,
            detail: e.detail,
        });
    }
    return out;
}
/** A short, single-line excerpt of a non-JSON body (plain text or HTML), or ''. */
function bodyExcerpt(body, max = 200) {
    if (body === undefined)
        return '';
    const text = (typeof body === 'string' ? body : body.toString('utf8'))
        .replace(/<script[\s\S]*?<\/script>/gi, ' ')
        .replace(/<style[\s\S]*?<\/style>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return text.length > max ? `${text.slice(0, max)}…` : text;
}
/**
 * The reason for a failed registry response in plain words, e.g.
 * "the registry rejected the image manifest as invalid (MANIFEST_INVALID: manifest invalid)".
 */
function describeRegistryFailure(status, body) {
    const entries = parseRegistryErrors(body);
    if (entries.length > 0) {
        return entries
            .map((e) => {
            const words = ERROR_CODE_WORDS[e.code];
            const regMsg = e.message && e.message.trim() !== '' ? e.message.trim() : undefined;
            if (words)
                return regMsg ? `${words} (${e.code}: ${regMsg})` : `${words} (${e.code})`;
            if (regMsg)
                return e.code === 'UNKNOWN' ? regMsg : `${regMsg} (${e.code})`;
            return `${STATUS_WORDS[status] ?? 'request failed'} (${e.code})`;
        })
            .join('; ');
    }
    const base = STATUS_WORDS[status] ?? `the registry answered HTTP ${status}`;
    const excerpt = bodyExcerpt(body);
    // Plain-text answers such as "Too Many Requests (HAP429)." add useful detail.
    return excerpt !== '' ? `${base} (HTTP ${status}: ${excerpt})` : `${base} (HTTP ${status})`;
}
/** Error codes present in a body (upper case). */
function errorCodes(body) {
    return parseRegistryErrors(body).map((e) => e.code);
}
/** An ActionError that also carries what the registry said, for callers that branch on it. */
class RegistryError extends errors/* ActionError */.lZ {
    status;
    codes;
    constructor(stage, message, hint, status, codes = []) {
        super(stage, message, hint);
        this.status = status;
        this.codes = codes;
        this.name = 'RegistryError';
    }
}
/** A generic hint for a status, or undefined. */
function hintForStatus(status, codes) {
    if (codes.includes('NAME_INVALID'))
        return 'Repository names are lower case letters, digits and separators (".", "_", "__", "-", "/"), like "alice/hello".';
    if (codes.includes('TAG_INVALID'))
        return 'Tags are up to 128 letters, digits, "_", "." and "-", and must not start with "." or "-".';
    if (status === 429 || codes.includes('TOOMANYREQUESTS'))
        return 'Wait for the rate limit window to pass, or log in: authenticated users get a higher limit on Docker Hub.';
    if (status === 413)
        return 'A proxy in front of the registry limits request sizes; raise its limit (for example nginx client_max_body_size).';
    if (status !== undefined && status >= 500)
        return 'The registry seems to be having trouble; try again later.';
    return undefined;
}
/** "checking blob …" → "Checking blob …", for messages that start with what was done. */
function cap(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}
/**
 * The errors a registry client reports, each with the registry's own words (redacted)
 * and a hint: refused access, rejected credentials, failed requests, broken networks.
 */
class Failures {
    c;
    constructor(c) {
        this.c = c;
    }
    redact(text) {
        return this.c.redactor.redact(text);
    }
    /**
     * The registry's words, redacted as sent and again once decoded: a JSON message shows
     * a password with a quote, a backslash or a non-ASCII letter escaped, only whole again.
     */
    describe(res) {
        return this.redact(describeRegistryFailure(res.status, this.redact(res.body.toString('utf8'))));
    }
    /** An answer the caller cannot use; `gaveUp` says why retrying stopped. */
    failure(op, res, gaveUp) {
        const entries = parseRegistryErrors(res.body);
        const codes = entries.map((e) => e.code);
        if (res.status === 401 || res.status === 403 || codes.includes('DENIED'))
            return this.accessFailure(op, res);
        let msg = `${cap(op.what)} failed: ${this.describe(res)}`;
        if (gaveUp)
            msg += ` (gave up: ${gaveUp})`;
        const limited = res.status === 429 || codes.includes('TOOMANYREQUESTS');
        const limit = op.access === 'pull' && limited ? pullLimit(this.c.registry, this.c.credentials) : undefined;
        if (limit)
            msg += `. ${limit.limit}`;
        return new RegistryError(this.c.stage, this.redact(`${msg}.`), limit?.hint ?? this.refusalHint(op, entries, limited) ?? hintForStatus(res.status, codes), res.status, codes);
    }
    /** What to do about a push rate-limited, into a repository that is not there, or moving a tag that may not move. */
    refusalHint(op, entries, limited) {
        if (op.access !== 'push')
            return undefined;
        if (limited)
            return pushLimitedHint;
        const codes = entries.map((e) => e.code);
        if (codes.includes('NAME_UNKNOWN') && op.repo)
            return missingRepositoryHint(this.c.registry, op.repo);
        if (codes.includes('TAG_INVALID') && saysImmutable(entries.map((e) => e.message ?? '')))
            return immutableTagHint;
        return undefined;
    }
    accessFailure(op, res) {
        const { credentials, registry } = this.c;
        const codes = errorCodes(res.body);
        const repo = op.repo;
        if (this.c.usesBasic() && res.status === 401 && credentials)
            return this.loginRejected(res);
        if (op.access === 'push' && repo) {
            return credentials ? this.pushDenied(repo, res) : this.credentialsNeeded(repo, res);
        }
        const who = credentials ? `the account "${credentials.username}"` : 'anonymous users';
        const target = repo ? `repository "${repo}"` : registry;
        return new RegistryError(this.c.stage, this.redact(`Access denied to ${target} on ${registry} while ${op.what}: it does not exist, or ${who} may not read it (${this.describe(res)}).`), credentials
            ? 'Check the image name and that the account has read access.'
            : (w) => `If the repository is private, give credentials for ${registry}: a line ${registry}=<username>:<token> in ${w.setting('registry-auth')} (or ${w.setting('username')} and ${w.setting('password')} when it is the registry pushed to).`, res.status, codes);
    }
    pushDenied(repo, res) {
        const { registry } = this.c;
        const user = this.c.credentials?.username ?? '';
        const ns = repo.includes('/') ? repo.slice(0, repo.indexOf('/')) : repo;
        const detail = res ? ` (${this.describe(res)})` : '';
        const hub = (0,host/* isDockerHub */.gr)(registry);
        const policy = deniedByPolicy(registry);
        if (policy) {
            return new RegistryError('push', this.redact(`Access denied to repository "${repo}" on ${registry}: ${policy.why}${detail}.`), policy.hint, res?.status, res ? errorCodes(res.body) : []);
        }
        return new RegistryError('push', this.redact(`Access denied to repository "${repo}" on ${registry}: the account "${user}" can push only to repositories it owns ("${user}/…") or that an organization gave it write access to${detail}.`), (0,host/* knownRegistry */.n2)(registry)?.kind === 'ghcr'
            ? ghcrDeniedHint
            : ns.toLowerCase() === user.toLowerCase()
                ? `The account owns "${ns}/…" but the credentials lack push rights: ${hub ? 'use a Docker Hub access token with Read & Write scope' : 'use a token with write (push) scope'}.`
                : `Name the image "${user}/<name>", or ask an owner of "${ns}" for write access${hub ? '; an access token needs Read & Write scope' : ''}.`, res?.status, res ? errorCodes(res.body) : []);
    }
    credentialsNeeded(repo, res) {
        return new RegistryError('login', `Pushing to "${repo}" on ${this.c.registry} needs credentials, and none were given.`, (w) => {
            const forms = loginHint(this.c.registry);
            return forms
                ? `Set ${w.setting('username')} and ${w.setting('password')}: ${(0,errors/* wordHint */.Ut)(forms, w)}`
                : `Set ${w.setting('username')} and ${w.setting('password')} (for Docker Hub: your Docker ID and an access token with Read & Write scope).`;
        }, res?.status ?? 401, res ? errorCodes(res.body) : []);
    }
    loginRejected(res) {
        const { credentials, registry } = this.c;
        const codes = errorCodes(res.body);
        if (!credentials) {
            return new RegistryError('login', `${registry} refused anonymous access (${this.describe(res)}).`, (w) => `Set ${w.setting('username')} and ${w.setting('password')}.`, res.status, codes);
        }
        const hub = (0,host/* isDockerHub */.gr)(registry);
        return new RegistryError('login', this.redact(`The registry rejected the credentials for user "${credentials.username}" on ${registry}.`), hub
            ? 'Use your Docker ID (not your e-mail address) as username and a Docker Hub access token with Read & Write scope as password (Account settings → Personal access tokens).'
            : (loginHint(registry) ??
                'Check the username and the password; if the registry uses access tokens, use one with Read & Write (push) scope.'), res.status, codes);
    }
    networkFailure(op, err, gaveUp) {
        if (err instanceof errors/* ActionError */.lZ)
            return err;
        const { registry } = this.c;
        const code = err?.code ?? '';
        if (code.startsWith('SOURCE_') || code === 'BODY_TOO_LARGE') {
            const msg = `${cap(op.what)} failed: ${err.message}.`;
            return new RegistryError(this.c.stage, this.redact(msg), undefined, undefined);
        }
        let hint;
        if (code === 'ECONNREFUSED')
            hint = `Is the registry running, and is "${registry}" the right address?`;
        else if (code === 'ENOTFOUND')
            hint = `Check the registry host name "${registry}".`;
        else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
            hint = `The registry's TLS certificate is not trusted by this machine.`;
        else if (gaveUp || code === 'DEADLINE')
            hint = 'The network or the registry is having trouble; try again later.';
        const reason = this.redact((0,retry/* describeNetworkError */.gl)(err));
        const more = gaveUp ? ` (gave up: ${this.redact(gaveUp)})` : '';
        return new RegistryError(this.c.stage, `${cap(op.what)} failed: could not talk to ${registry}: ${reason}${more}.`, hint, undefined);
    }
    /** A streamed answer (a blob) that broke while it was read. */
    streamError(what, err) {
        if (err instanceof errors/* ActionError */.lZ)
            return err;
        return new RegistryError(this.c.stage, `${cap(what)} failed: ${this.redact((0,retry/* describeNetworkError */.gl)(err))}.`, undefined, undefined);
    }
}


/***/ }),

/***/ 637:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VL: () => (/* binding */ isDockerHubName),
/* harmony export */   gr: () => (/* binding */ isDockerHub),
/* harmony export */   mO: () => (/* binding */ registryBaseUrl),
/* harmony export */   n2: () => (/* binding */ knownRegistry),
/* harmony export */   pl: () => (/* binding */ apiRepository)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB_API_HOST, isLoopbackHost, splitHostPort */
/**
 * Where a registry lives: the base URL the client talks to for a registry name
 * as the user wrote it ("docker.io", "ghcr.io", "127.0.0.1:5000", ...).
 */
/** Names that all mean Docker Hub; its API is served by registry-1.docker.io. */
const DOCKER_HUB_NAMES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
]);
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** True when `host` (lowercase, no port) is one of Docker Hub's names. */
function isDockerHubName(host) {
    return DOCKER_HUB_NAMES.has(host);
}
function isDockerHub(registry) {
    return isDockerHubName(hostnameOf(registry));
}
/** The host name of a registry as written (scheme and port left out), lowercase. */
function hostnameOf(registry) {
    return splitHostPort(stripScheme(registry).host).hostname.toLowerCase();
}
/**
 * Which of the registries with rules of their own `registry` is: Amazon ECR
 * (`<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`), ECR Public (`public.ecr.aws`),
 * GHCR (`ghcr.io`), Docker Hub; undefined for any other.
 */
function knownRegistry(registry) {
    const host = hostnameOf(registry);
    if (isDockerHubName(host))
        return { kind: 'docker-hub' };
    if (host === 'ghcr.io')
        return { kind: 'ghcr' };
    if (host === 'public.ecr.aws')
        return { kind: 'ecr-public' };
    const ecr = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host);
    return ecr ? { kind: 'ecr', region: ecr[1] } : undefined;
}
/** True for 127.0.0.0/8, localhost (and *.localhost), and ::1. */
function isLoopbackHost(hostname) {
    let h = hostname.toLowerCase();
    if (h.startsWith('[') && h.endsWith(']'))
        h = h.slice(1, -1);
    if (h === 'localhost' || h.endsWith('.localhost'))
        return true;
    if (h === '::1' || h === '0:0:0:0:0:0:0:1')
        return true;
    if (h.startsWith('::ffff:'))
        h = h.slice('::ffff:'.length);
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
    if (!m)
        return false;
    const octets = m.slice(1).map(Number);
    return octets.every((o) => o <= 255) && octets[0] === 127;
}
/** Splits "host:port", "[v6]:port", "host" into parts; the port is undefined when absent. */
function splitHostPort(hostPort) {
    if (hostPort.startsWith('[')) {
        const end = hostPort.indexOf(']');
        if (end < 0)
            return { hostname: hostPort };
        const rest = hostPort.slice(end + 1);
        const port = rest.startsWith(':') ? Number(rest.slice(1)) : undefined;
        return { hostname: hostPort.slice(0, end + 1), port: validPort(port) };
    }
    const colons = hostPort.split(':').length - 1;
    if (colons === 1) {
        const i = hostPort.indexOf(':');
        return { hostname: hostPort.slice(0, i), port: validPort(Number(hostPort.slice(i + 1))) };
    }
    // No port, or a bare IPv6 address without brackets.
    return { hostname: hostPort };
}
function validPort(p) {
    return p !== undefined && Number.isInteger(p) && p > 0 && p < 65536 ? p : undefined;
}
function stripScheme(registry) {
    let r = registry.trim();
    let scheme;
    const m = /^(https?):\/\//i.exec(r);
    if (m) {
        scheme = m[1].toLowerCase();
        r = r.slice(m[0].length);
    }
    // Drop any path ("docker.io/v1/", "host:5000/") and trailing slashes.
    const slash = r.indexOf('/');
    if (slash >= 0)
        r = r.slice(0, slash);
    return { scheme, host: r };
}
/**
 * Base URL (no trailing slash) for the registry's API.
 *
 * - Docker Hub names go to https://registry-1.docker.io.
 * - Loopback registries (127.0.0.0/8, localhost, [::1], with or without port) use plain HTTP.
 * - Everything else uses HTTPS.
 * - An explicit "http://" or "https://" prefix is honoured as written.
 */
function registryBaseUrl(registry) {
    const { scheme, host } = stripScheme(registry);
    if (host === '')
        throw new Error('empty registry name');
    const { hostname } = splitHostPort(host);
    if (isDockerHubName(hostname.toLowerCase()))
        return `https://${DOCKER_HUB_API_HOST}`;
    const bare = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : host;
    const chosen = scheme ?? (isLoopbackHost(hostname) ? 'http' : 'https');
    return `${chosen}://${bare.toLowerCase()}`;
}
/**
 * Repository path as the registry API wants it. On Docker Hub official images
 * live under "library/", so "alpine" means "library/alpine".
 */
function apiRepository(registry, repo) {
    const r = repo.replace(/^\/+|\/+$/g, '');
    if (isDockerHub(registry) && !r.includes('/'))
        return `library/${r}`;
    return r;
}


/***/ }),

/***/ 2757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A7: () => (/* binding */ FULL_DESCRIPTION_MAX_BYTES),
/* harmony export */   HH: () => (/* binding */ fullDescriptionProblem),
/* harmony export */   KU: () => (/* binding */ shortDescriptionProblem),
/* harmony export */   TB: () => (/* binding */ HUB_DEADLINE_MAX_MS),
/* harmony export */   Zg: () => (/* binding */ README_READ_MAX_BYTES),
/* harmony export */   oX: () => (/* binding */ hubDeadlineMs),
/* harmony export */   sg: () => (/* binding */ DOCKER_HUB_API)
/* harmony export */ });
/* unused harmony export SHORT_DESCRIPTION_MAX */
/**
 * What Docker Hub's description API accepts, apart from the API itself: the input
 * checks read these at start-up without loading the HTTP transport.
 */
const DOCKER_HUB_API = 'https://hub.docker.com';
/**
 * The longest a description update (login and PATCH, answers included) may take: the
 * retry-timeout when that is shorter. Docker Hub answers both in about a second.
 */
const HUB_DEADLINE_MAX_MS = 60_000;
/** Docker Hub refuses a longer short description. */
const SHORT_DESCRIPTION_MAX = 100;
/** Docker Hub keeps at most this much of the full description. */
const FULL_DESCRIPTION_MAX_BYTES = 25_000;
/**
 * The largest readme read: a longer one is cut to what Docker Hub keeps, but a file the
 * build-command made may be huge, and is never read into memory whole.
 */
const README_READ_MAX_BYTES = 1024 * 1024;
/** The reason a short description is refused, or undefined when it fits. */
function shortDescriptionProblem(short) {
    const length = [...short].length;
    if (length <= SHORT_DESCRIPTION_MAX)
        return undefined;
    return `is ${length} characters long; Docker Hub takes at most ${SHORT_DESCRIPTION_MAX}.`;
}
/** The reason a readme of `bytes` is refused, or undefined when it fits. */
function fullDescriptionProblem(bytes) {
    if (bytes <= FULL_DESCRIPTION_MAX_BYTES)
        return undefined;
    return `The description is ${bytes} bytes; Docker Hub keeps at most ${FULL_DESCRIPTION_MAX_BYTES}.`;
}
/** The time a description update is allowed: the retry-timeout (0: none), at most a minute. */
function hubDeadlineMs(retryTimeoutMs) {
    return retryTimeoutMs > 0 ? Math.min(retryTimeoutMs, HUB_DEADLINE_MAX_MS) : HUB_DEADLINE_MAX_MS;
}


/***/ }),

/***/ 9867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ MEDIA_TYPES),
/* harmony export */   d: () => (/* binding */ MANIFEST_ACCEPT)
/* harmony export */ });
/** The media types of images, manifests and indexes: one table for every layer. */
const MEDIA_TYPES = {
    config: 'application/vnd.oci.image.config.v1+json',
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    layerTar: 'application/vnd.oci.image.layer.v1.tar',
    layerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
};
/** What a manifest read accepts: OCI and Docker manifests and indexes. */
const MANIFEST_ACCEPT = [
    MEDIA_TYPES.manifest,
    MEDIA_TYPES.index,
    MEDIA_TYPES.dockerManifest,
    MEDIA_TYPES.dockerManifestList,
];


/***/ }),

/***/ 9310:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Do: () => (/* binding */ resolveImageName),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   iP: () => (/* binding */ sanitizeTag),
/* harmony export */   l5: () => (/* binding */ normalizeRegistry),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* unused harmony export DOCKER_HUB */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _host_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(637);
/**
 * Image references, following the grammar of distribution/reference (the
 * library docker itself uses):
 *
 *   reference      := name [ ":" tag ] [ "@" digest ]
 *   name           := [ domain "/" ] path-component { "/" path-component }
 *   domain         := host [ ":" port ]
 *   host           := domain-name | "[" IPv6 "]"
 *   path-component := [a-z0-9]+ { separator [a-z0-9]+ },  separator := "." | "_" | "__" | "-"+
 *   tag            := [\w][\w.-]{0,127}
 *   digest         := sha256:<64 hex> | sha384:<96 hex> | sha512:<128 hex>
 *
 * The repository path is at most 255 characters.
 */


const DOCKER_HUB = 'docker.io';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_NAME}|${IPV6})(?::([0-9]+))?$`);
const PATH_COMPONENT_PATTERN = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT_PATTERN}$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const DIGEST_LENGTHS = { sha256: 64, sha384: 96, sha512: 128 };
/** Longest repository path (the name without its domain). */
const MAX_PATH_LENGTH = 255;
/** Longest input this module will look at; protects the regular expressions. */
const MAX_INPUT = 4096;
const PATH_RULE = 'each "/"-separated part must be lowercase letters and digits, joined by ".", "_", "__" or "-" ' +
    `(${PATH_COMPONENT_PATTERN})`;
const show = (v) => (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(v);
/** Why a domain[:port] is invalid, or undefined when it is valid. */
function domainProblem(host) {
    if (host.length > 255)
        return 'is too long';
    const m = DOMAIN_RE.exec(host);
    if (m === null) {
        return 'is not a host name: expected a host such as "ghcr.io", "registry.example.com:5000", "localhost:5000" or "[::1]:5000", without scheme or path';
    }
    const port = m[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
        return `has port ${port}, outside 1-65535`;
    }
    return undefined;
}
/**
 * Normalizes a registry host: lowercased, the Docker Hub aliases
 * (index.docker.io, registry-1.docker.io, registry.hub.docker.com, '') become 'docker.io', ports kept.
 * Throws InputError('registry') for anything that is not a host[:port].
 */
function normalizeRegistry(host) {
    const h = host.trim().toLowerCase();
    if (h === '')
        return DOCKER_HUB;
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(h)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry', `${show(host)} is a URL; give the registry host only.`, 'For example "ghcr.io" or "registry.example.com:5000".');
    }
    if (h.includes('/')) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry', `${show(host)} contains "/"; the registry is a host name only.`, (w) => `Put the namespace in ${w.setting('image')} instead, for example ${w.example('image', 'owner/name')}.`);
    }
    const problem = domainProblem(h);
    if (problem !== undefined)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry', `${show(host)} ${problem}.`);
    return (0,_host_js__WEBPACK_IMPORTED_MODULE_1__/* .isDockerHubName */ .VL)(h) ? DOCKER_HUB : h;
}
/** Whether the first component of a name is a registry host (docker's rule, minus uppercase). */
function looksLikeHost(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost';
}
/**
 * Resolves the image input into a registry and repository path.
 *
 * - Empty image: `<username>/<repository name>`, or the GitHub repository
 *   (owner/name) when there is no username.
 * - The image may start with a registry host ('ghcr.io/x/y', 'localhost:5000/x').
 *   With the default registry (docker.io) the image's host wins; otherwise it
 *   must agree with the registry input.
 * - On Docker Hub a name without '/' goes under `<username>/` ('library/'
 *   without a username).
 * - Uppercase is lowercased with a notice; anything else invalid is an
 *   InputError('image').
 */
function resolveImageName(o) {
    const notices = [];
    const registryInput = normalizeRegistry(o.registry);
    const username = o.username.trim();
    const { value, derived } = imageValue(o.image, o.repository, username);
    const hint = derived
        ? (w) => `The image name was derived from ${username !== '' ? `${w.setting('username')} and ` : ''}the repository name; set ${w.setting('image')} to choose a valid one.`
        : undefined;
    const fail = (message, h) => {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('image', message, h ?? hint);
    };
    if (value.length > MAX_INPUT)
        fail(`is ${value.length} characters long; that is too long.`);
    if (/[\s\p{Cc}]/u.test(value)) {
        fail(`${show(value)} contains whitespace or control characters. ${PATH_RULE}.`);
    }
    if (value.includes('@')) {
        fail(`${show(value)} contains a digest ("@..."); give the name only.`, 'The image is always pushed by tag; the digest is an output.');
    }
    const { registry, path: named } = splitImageHost(value, registryInput, fail);
    let path = named;
    const lastComponent = path.slice(path.lastIndexOf('/') + 1);
    if (lastComponent.includes(':')) {
        fail(`${show(value)} contains a tag (":${lastComponent.slice(lastComponent.indexOf(':') + 1)}"); give the name only.`, (w) => `Extra tags go in ${w.setting('tags')}; tags are otherwise computed from git.`);
    }
    if (path.includes(':'))
        fail(`${show(value)} contains ":" inside the repository path. ${PATH_RULE}.`);
    if (registry === DOCKER_HUB && path !== '' && !path.includes('/')) {
        const namespace = username !== '' ? username : 'library';
        const namespaced = `${namespace}/${path}`;
        notices.push(`Image name ${show(path)} has no namespace; using ${show(namespaced)} on Docker Hub` +
            (username !== '' ? ' (the username).' : ' (no username given).'));
        path = namespaced;
    }
    const lower = path.toLowerCase();
    if (lower !== path) {
        notices.push(`Image name ${show(path)} lowercased to ${show(lower)}: registry repository names must be lowercase.`);
        path = lower;
    }
    checkPath(value, path, fail);
    return { image: { registry, path, name: `${registry}/${path}` }, notices };
}
/** The image input, or the name derived from the username and the GitHub repository. */
function imageValue(image, repository, username) {
    const given = image.trim();
    if (given !== '')
        return { value: given, derived: false };
    const repo = repository.trim();
    const repoName = repo.slice(repo.lastIndexOf('/') + 1);
    const value = username !== '' && repoName !== '' ? `${username}/${repoName}` : repo;
    if (value === '') {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('image', 'is empty and there is no GitHub repository to name the image after.', (w) => `Set ${w.setting('image')}, for example ${w.example('image', 'alice/hello')}.`);
    }
    return { value, derived: true };
}
/** The registry host an image name starts with, if any, checked against the registry input. */
function splitImageHost(value, registryInput, fail) {
    const slash = value.indexOf('/');
    if (slash === -1 || !looksLikeHost(value.slice(0, slash)))
        return { registry: registryInput, path: value };
    const hostPart = value.slice(0, slash);
    const problem = domainProblem(hostPart);
    if (problem !== undefined)
        fail(`${show(value)} starts with registry host ${show(hostPart)}, which ${problem}.`);
    const host = hostPart.toLowerCase();
    const imageRegistry = (0,_host_js__WEBPACK_IMPORTED_MODULE_1__/* .isDockerHubName */ .VL)(host) ? DOCKER_HUB : host;
    if (registryInput !== DOCKER_HUB && imageRegistry !== registryInput) {
        fail(`${show(value)} names registry "${imageRegistry}", but the registry is "${registryInput}".`, (w) => `Drop the host (${w.example('image', value.slice(slash + 1))}), or set ${w.example('registry', imageRegistry)}.`);
    }
    return { registry: imageRegistry, path: value.slice(slash + 1) };
}
/** Every path component valid, and the path not too long. */
function checkPath(value, path, fail) {
    for (const component of path.split('/')) {
        if (component === '')
            fail(`${show(value)} has an empty path component (leading, trailing or double "/").`);
        if (!PATH_COMPONENT_RE.test(component)) {
            fail(`${show(value)} is not a valid image name: ${show(component)} is invalid; ${PATH_RULE}.`);
        }
    }
    if (path.length > MAX_PATH_LENGTH) {
        fail(`${show(value)} is ${path.length} characters long; repository names are at most ${MAX_PATH_LENGTH}.`);
    }
}
/** Whether a tag matches [\w][\w.-]{0,127}. */
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
/**
 * Makes a tag from a git value (branch or tag name): every run of characters
 * outside [A-Za-z0-9_.-] (including '/') becomes one '-', as docker/metadata-action
 * does; leading '.' and '-' are stripped (a tag must start with a word
 * character); the result is cut to 128 characters. May return ''.
 */
function sanitizeTag(raw) {
    return raw
        .replace(/[^A-Za-z0-9_.-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128);
}
/**
 * Parses a full reference with docker's normalization: 'ubuntu' is
 * docker.io/library/ubuntu, 'alice/x:1' is docker.io/alice/x tag 1. The tag is
 * undefined when absent (no implicit 'latest'). The Docker Hub aliases
 * (index.docker.io, registry-1.docker.io) become docker.io. Throws Error on
 * anything docker would reject.
 */
function parseReference(ref) {
    const bad = (why) => {
        throw new Error(`invalid reference ${show(ref)}: ${why}`);
    };
    if (ref === '')
        bad('empty');
    if (ref.length > MAX_INPUT)
        bad('too long');
    if (IDENTIFIER_RE.test(ref))
        bad('a 64-character hexadecimal string is an image ID, not a name');
    let rest = ref;
    let digest;
    const at = rest.indexOf('@');
    if (at !== -1) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        const colon = digest.indexOf(':');
        const algorithm = colon === -1 ? '' : digest.slice(0, colon);
        const encoded = colon === -1 ? '' : digest.slice(colon + 1);
        if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/.test(algorithm) ||
            !/^[0-9a-fA-F]{32,}$/.test(encoded)) {
            bad(`digest ${show(digest)} is not <algorithm>:<hex>`);
        }
        const length = DIGEST_LENGTHS[algorithm];
        if (length === undefined)
            bad(`unsupported digest algorithm ${show(algorithm)}`);
        if (encoded.length !== length)
            bad(`${algorithm} digest must have ${length} hex characters`);
        if (!/^[a-f0-9]+$/.test(encoded))
            bad('digest hex must be lowercase');
    }
    let tag;
    const lastColon = rest.lastIndexOf(':');
    if (lastColon > rest.lastIndexOf('/')) {
        tag = rest.slice(lastColon + 1);
        rest = rest.slice(0, lastColon);
        if (!TAG_RE.test(tag))
            bad(`tag ${show(tag)} must match [\\w][\\w.-]{0,127}`);
    }
    if (rest === '')
        bad('no repository name');
    // Docker's domain split: the first component is a host when it has '.' or ':',
    // is 'localhost', or has uppercase (repository paths cannot).
    let registry = DOCKER_HUB;
    let path = rest;
    const slash = rest.indexOf('/');
    if (slash !== -1) {
        const first = rest.slice(0, slash);
        if (looksLikeHost(first) || first.toLowerCase() !== first) {
            registry = first;
            path = rest.slice(slash + 1);
            const problem = domainProblem(registry);
            if (problem !== undefined)
                bad(`registry ${show(registry)} ${problem}`);
            if ((0,_host_js__WEBPACK_IMPORTED_MODULE_1__/* .isDockerHubName */ .VL)(registry))
                registry = DOCKER_HUB;
        }
    }
    if (registry === DOCKER_HUB && !path.includes('/'))
        path = `library/${path}`;
    if (path.toLowerCase() !== path)
        bad(`repository name ${show(path)} must be lowercase`);
    for (const component of path.split('/')) {
        if (!PATH_COMPONENT_RE.test(component)) {
            bad(`path component ${show(component)} is invalid; ${PATH_RULE}`);
        }
    }
    if (path.length > MAX_PATH_LENGTH) {
        bad(`repository name is longer than ${MAX_PATH_LENGTH} characters`);
    }
    const out = { registry, path };
    if (tag !== undefined)
        out.tag = tag;
    if (digest !== undefined)
        out.digest = digest;
    return out;
}
/** 'docker.io/alice/hello:latest' */
function formatReference(image, tag) {
    return `${image.name}:${tag}`;
}


/***/ }),

/***/ 1028:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ putUnderTags)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * One manifest put under every tag of a push. The first tag (the commit's own) goes
 * alone, so that a refused push changes nothing and no other tag ever names an image
 * its commit tag does not; the rest go at once, as each costs a round trip or two.
 */

/**
 * Puts the manifest under `tags` with `put`; returns the references updated (`refs`,
 * index for index with `tags`). A failure is thrown once the others have ended, naming
 * what was updated and what was not.
 */
async function putUnderTags(tags, refs, put) {
    if (tags.length === 0)
        return [];
    await put(tags[0]);
    const rest = await Promise.allSettled(tags.slice(1).map((tag) => put(tag)));
    const pushed = [refs[0]];
    let failure;
    for (const [i, outcome] of rest.entries()) {
        if (outcome.status === 'fulfilled')
            pushed.push(refs[i + 1]);
        else
            failure ??= { reason: outcome.reason };
    }
    if (failure)
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .pushFailure */ .dS)(failure.reason, pushed, [...refs]);
    return pushed;
}


/***/ }),

/***/ 4543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $B: () => (/* binding */ MAX_AFFIX_LENGTH),
/* harmony export */   DR: () => (/* binding */ stripAffix),
/* harmony export */   HH: () => (/* binding */ normalizeSuffix),
/* harmony export */   IP: () => (/* binding */ prefixProblem),
/* harmony export */   OU: () => (/* binding */ isCommitTag),
/* harmony export */   Um: () => (/* binding */ SHA_LENGTH),
/* harmony export */   bE: () => (/* binding */ affixTag),
/* harmony export */   d0: () => (/* binding */ PLAIN_VARIANT),
/* harmony export */   iG: () => (/* binding */ normalizePrefix),
/* harmony export */   kP: () => (/* binding */ shaTagCore),
/* harmony export */   nU: () => (/* binding */ suffixProblem)
/* harmony export */ });
/**
 * Tag variants: a prefix and a suffix put on every tag the action makes (`1.2.3-alpine`,
 * `latest-alpine`, `debug-1.2`), and how many hex digits of the commit the `sha-` tags
 * carry. Like docker/metadata-action's flavor with `onlatest=true`, and its
 * DOCKER_METADATA_SHORT_SHA_LENGTH.
 */
const PLAIN_VARIANT = { prefix: '', suffix: '', shaLength: 7 };
const SHA_LENGTH = { min: 7, max: 40 };
/** Prefix and suffix together: leaves room for the longest tag the action makes. */
const MAX_AFFIX_LENGTH = 48;
const MAX_TAG = 128;
/** `alpine` → `alpine-`; `debug-`, `v.`, `x_` stay. */
function normalizePrefix(raw) {
    return raw === '' || /[-_.]$/.test(raw) ? raw : `${raw}-`;
}
/** `alpine` → `-alpine`; `-alpine`, `.x`, `_y` stay. */
function normalizeSuffix(raw) {
    return raw === '' || /^[-_.]/.test(raw) ? raw : `-${raw}`;
}
/** Why a prefix (normalized) cannot start a tag, or undefined. */
function prefixProblem(prefix) {
    if (prefix === '')
        return undefined;
    if (!/^\w/.test(prefix))
        return 'must start with a letter, digit or "_" (it starts every tag).';
    return /^[\w.-]+$/.test(prefix) ? undefined : 'may hold only letters, digits, "_", "." and "-".';
}
/** Why a suffix (normalized) cannot end a tag, or undefined. */
function suffixProblem(suffix) {
    return /^[\w.-]*$/.test(suffix) ? undefined : 'may hold only letters, digits, "_", "." and "-".';
}
/** The variant of a tag: `1.2` → `1.2-alpine`; a long core is cut so the tag fits 128 characters. */
function affixTag(core, variant) {
    const room = MAX_TAG - variant.prefix.length - variant.suffix.length;
    return `${variant.prefix}${core.slice(0, room)}${variant.suffix}`;
}
/** The core of a tag of this variant (`1.2-alpine` → `1.2`), or undefined if it is not one. */
function stripAffix(tag, variant) {
    const { prefix, suffix } = variant;
    if (tag.length <= prefix.length + suffix.length)
        return prefix + suffix === '' ? tag : undefined;
    if (!tag.startsWith(prefix) || !tag.endsWith(suffix))
        return undefined;
    return tag.slice(prefix.length, tag.length - suffix.length);
}
/** `sha-0123456` (without the variant's prefix and suffix), or '' when the sha is no commit. */
function shaTagCore(sha, variant) {
    return /^[0-9a-f]{7,}$/i.test(sha) ? `sha-${sha.slice(0, variant.shaLength).toLowerCase()}` : '';
}
/** Tags that name a commit (sha-1a2b3c4) or a platform of one, in their core. */
const COMMIT_TAG_CORE = /^sha-[0-9a-f]{7,}(-|$)/;
/**
 * Whether a tag of this variant names a commit (`sha-1a2b3c4`, `debug-sha-1a2b3c4-alpine`)
 * or a platform of one: never an earlier build, and present once this commit was pushed.
 */
function isCommitTag(tag, variant) {
    const core = stripAffix(tag, variant);
    return core !== undefined && COMMIT_TAG_CORE.test(core);
}


/***/ }),

/***/ 1321:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   S: () => (/* binding */ redactingLogger),
/* harmony export */   pO: () => (/* binding */ Redactor),
/* harmony export */   sX: () => (/* binding */ foreignChallengeRefusal),
/* harmony export */   uL: () => (/* binding */ shownDigest),
/* harmony export */   wR: () => (/* binding */ isRegistryOrigin),
/* harmony export */   y2: () => (/* binding */ realmRefusal)
/* harmony export */ });
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8198);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7959);
/**
 * Where the registry's credentials may go, and keeping them out of what is printed.
 *
 * The password (as Basic authentication) and the tokens go only to the registry's own
 * origin, and the password also to the token realm that the registry's own challenge
 * names, never over plain HTTP when the registry itself uses HTTPS. A request to any
 * other host (an upload Location, a Link to the next page of tags, a redirect to object
 * storage) goes without Authorization, and a challenge from such a host is refused.
 *
 * Everything a registry sends back may echo what it received: error bodies, headers,
 * URLs. The Redactor removes the password in all its forms and every token received
 * before any of it is cut short, logged or put into an error.
 */


/** True when `url` is the registry itself: the only place its credentials go. */
function isRegistryOrigin(url, registryBase) {
    return url.origin === registryBase.origin;
}
/**
 * The error for a token realm the password must not go to, or undefined when it may:
 * plain HTTP (or anything but http/https) for a registry reached over HTTPS.
 */
function realmRefusal(realm, registryBase, registry) {
    const plain = realm.protocol === 'http:';
    if (realm.protocol === 'https:' || (plain && registryBase.protocol === 'http:'))
        return undefined;
    const shown = `${realm.origin}${realm.pathname}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('login', plain
        ? `${registry} asked for a token from ${shown}, over plain HTTP while the registry itself uses HTTPS: the credentials would travel in clear, so they were not sent.`
        : `${registry} asked for a token from ${shown}, which is not an HTTP(S) address.`, "Fix the token realm in the registry's configuration (it must be an https:// address).", 401);
}
/** The error for a 401 from a host other than the registry: its challenge is refused. */
function foreignChallengeRefusal(url, res, registry, what) {
    res.stream?.resume();
    const challenge = res.headers['www-authenticate'];
    const text = Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? '');
    const scheme = /^\s*([A-Za-z]+)/.exec(text)?.[1];
    const realm = /realm\s*=\s*"?([^",\s]+)/i.exec(text)?.[1];
    const asked = scheme ? ` (${scheme}${realm ? ` realm ${realm}` : ''})` : '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl('login', `${url.host} asked for credentials${asked} while ${what}, but it is not ${registry}: the registry's credentials go only to the registry and the token service it names, so none were sent.`, `${registry} sent the request to ${url.host} (upload Location, redirect or pagination link); check the registry's public address in its configuration.`, 401);
}
/** A well-formed content digest (the only algorithms registries use). */
function isDigest(value) {
    return /^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/.test(value);
}
/** A digest as the registry reported it, for a message: only when it is well formed. */
function shownDigest(value) {
    return isDigest(value) ? value : 'a malformed digest';
}
/**
 * Removes secrets from text: the password in every form it travels in, and each token
 * received (which `onSecret` also hands to the runner to mask).
 */
class Redactor {
    onSecret;
    secrets;
    constructor(credentials, onSecret) {
        this.onSecret = onSecret;
        this.secrets = credentials ? (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .secretForms */ .eo)(credentials.username, credentials.password) : [];
        this.sort();
    }
    /** A token the client received: redacted from now on and masked by the runner. */
    addToken(token) {
        if (token.length < 3 || this.secrets.includes(token))
            return;
        this.secrets.push(token);
        this.sort();
        this.onSecret?.(token);
    }
    redact(text) {
        let out = text;
        for (const s of this.secrets)
            out = out.split(s).join('***');
        return out;
    }
    sort() {
        // Longest first, so that "user:password" goes whole before "password".
        this.secrets = this.secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
    }
}
/** A logger whose every line goes through the redactor first. */
function redactingLogger(log, redactor) {
    return {
        info: (m) => log.info(redactor.redact(m)),
        debug: (m) => log.debug(redactor.redact(m)),
        warning: (m) => log.warning(redactor.redact(m)),
    };
}


/***/ }),

/***/ 7779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $d: () => (/* binding */ isRetryableError),
/* harmony export */   M$: () => (/* binding */ planRetry),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   fH: () => (/* binding */ retryFloor),
/* harmony export */   gl: () => (/* binding */ describeNetworkError)
/* harmony export */ });
/* unused harmony exports BACKOFF_BASE_MS, BACKOFF_CAP_MS, RETRY_FLOOR_MS, parseRetryAfter, backoffDelay */
/* harmony import */ var _util_duration_format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6524);
/**
 * Pure retry decisions for registry requests: which failures are worth another
 * try, how long to wait (exponential backoff with full jitter, or the server's
 * Retry-After, never less than a floor that doubles with each retry), and when the
 * time budget says to give up. No I/O here.
 */

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** The shortest wait before the first retry; it doubles with each retry, up to the cap. */
const RETRY_FLOOR_MS = 100;
/** HTTP statuses that are transient: the same request may succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
function isRetryableStatus(status) {
    return RETRYABLE_STATUSES.has(status);
}
/** Network error codes that mean "the connection broke", not "this will never work". */
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EAI_AGAIN',
    'ENETRESET',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    // Our own codes (see http.ts).
    'IDLE_TIMEOUT',
    'TRUNCATED_BODY',
]);
const RETRYABLE_MESSAGES = [
    /socket hang up/i,
    /other side closed/i,
    /\baborted\b/i,
    /premature close/i,
    /timed? ?out/i,
    /terminated/i,
];
/** True when a thrown network error is worth retrying. */
function isRetryableError(err) {
    if (typeof err !== 'object' || err === null)
        return false;
    const e = err;
    if (e.retryable === true)
        return true;
    if (e.retryable === false)
        return false;
    if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code))
        return true;
    if (typeof e.message === 'string' &&
        RETRYABLE_MESSAGES.some((re) => re.test(e.message)))
        return true;
    return e.cause !== undefined && e.cause !== err ? isRetryableError(e.cause) : false;
}
/**
 * Parses a Retry-After header value into milliseconds from `now`.
 * Accepts delta-seconds ("120") and HTTP-dates ("Wed, 21 Oct 2015 07:28:00 GMT").
 * Returns undefined when absent or unparseable; a date in the past gives 0.
 */
function parseRetryAfter(value, now) {
    if (value === undefined || value === null)
        return undefined;
    const v = value.trim();
    if (v === '')
        return undefined;
    if (/^\d+$/.test(v)) {
        const seconds = Number(v);
        return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
    }
    // Only accept something that looks like an HTTP-date, not any string Date.parse likes.
    if (!/^[A-Za-z]{3},? /.test(v) && !/\bGMT\b/i.test(v))
        return undefined;
    const at = Date.parse(v);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now);
}
/**
 * Full-jitter exponential backoff: a uniformly random delay in
 * [0, min(cap, base * 2^attempt)]. `attempt` counts from 0 for the first retry.
 */
function backoffDelay(attempt, random = Math.random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS) {
    const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
    const r = Math.min(Math.max(random(), 0), 1);
    return Math.floor(r * exp);
}
/**
 * The least wait before retry number `attempt` (from 0), whatever the server says: a
 * `Retry-After: 0` or a date in the past must not turn retries into a busy loop.
 */
function retryFloor(attempt) {
    return Math.min(BACKOFF_CAP_MS, RETRY_FLOOR_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
}
/** Decides whether to try again and after how long. */
function planRetry(input) {
    const { attempt, elapsedMs, budgetMs } = input;
    let reason;
    if (input.status !== undefined) {
        if (!isRetryableStatus(input.status))
            return { retry: false, reason: `HTTP ${input.status} is not transient` };
        reason = `HTTP ${input.status}`;
    }
    else if (input.error !== undefined) {
        if (!isRetryableError(input.error))
            return { retry: false, reason: 'not a transient error' };
        reason = describeNetworkError(input.error);
    }
    else {
        return { retry: false, reason: 'nothing failed' };
    }
    const fromServer = parseRetryAfter(input.retryAfter, input.now ?? Date.now());
    const jitter = backoffDelay(attempt, input.random);
    // The server's Retry-After wins over our own backoff, above the floor.
    const delayMs = Math.max(retryFloor(attempt), fromServer !== undefined ? fromServer : jitter);
    const remaining = budgetMs - elapsedMs;
    if (delayMs >= remaining) {
        return {
            retry: false,
            reason: `${reason}; waiting ${(0,_util_duration_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMs */ ._)(delayMs)} more would exceed the retry time budget of ${(0,_util_duration_format_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMs */ ._)(budgetMs)}`,
        };
    }
    return { retry: true, delayMs, reason };
}
/** Short plain description of a network error, e.g. "connection reset (ECONNRESET)". */
function describeNetworkError(err) {
    if (typeof err !== 'object' || err === null)
        return String(err);
    const e = err;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const words = {
        ECONNRESET: 'connection reset by the server',
        EPIPE: 'connection closed while sending',
        ETIMEDOUT: 'connection timed out',
        ECONNABORTED: 'connection aborted',
        ECONNREFUSED: 'connection refused',
        ENOTFOUND: 'host name not found',
        EAI_AGAIN: 'temporary DNS failure',
        IDLE_TIMEOUT: 'no data received or sent in time',
        TRUNCATED_BODY: 'response body cut short',
    };
    if (code && words[code])
        return `${words[code]} (${code})`;
    if (typeof e.message === 'string' && e.message !== '')
        return e.message;
    if (e.cause !== undefined)
        return describeNetworkError(e.cause);
    return code ?? 'network error';
}


/***/ }),

/***/ 4755:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zd: () => (/* binding */ furtherImages),
/* harmony export */   eb: () => (/* binding */ parseImages),
/* harmony export */   jJ: () => (/* binding */ asImagesLine)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9310);
/**
 * Several registries in one step: the `images` input, one image reference per line. The
 * first line is the image the step builds and pushes (as `image` would be); every other
 * line is a further image that receives the same manifests under the same tags.
 */


/** The `images` lines, trimmed, blank lines dropped. */
function parseImages(raw) {
    return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}
/**
 * `resolve` for line `index` (0-based) of the images input: a bad reference is named as
 * that line of images, not as the image it stands for.
 */
function asImagesLine(index, resolve) {
    try {
        return resolve();
    }
    catch (error) {
        if (!(error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz))
            throw error;
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('images', `line ${index + 1}: ${error.detail}`, error.hint);
    }
}
/**
 * The images after the first, resolved as `image` is (registry host first, Docker Hub
 * by default), each checked to have credentials for its registry. A line that names
 * the first image again, or names one twice, is refused.
 */
function furtherImages(lines, first, repository, 
/** Undefined when nothing is pushed: no credentials needed. */
credentialsFor) {
    const out = [];
    for (const [i, line] of lines.entries()) {
        if (i === 0)
            continue;
        const { image } = asImagesLine(i, () => (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveImageName */ .Do)({ image: line, registry: 'docker.io', username: '', repository }));
        if (image.name === first.name || out.some((o) => o.name === image.name)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('images', `line ${i + 1}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(image.name, 200)} is listed twice.`);
        }
        if (credentialsFor && !credentialsFor(image.registry)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('images', `line ${i + 1}: pushing to ${image.registry} needs credentials, and none were given for it.`, (w) => `Add a line ${image.registry}=<username>:<token> to ${w.setting('registry-auth')} (${w.setting('username')} and ${w.setting('password')} are for ${first.registry}).`);
        }
        out.push(image);
    }
    return out;
}


/***/ }),

/***/ 6141:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ requireDirectory),
/* harmony export */   gB: () => (/* binding */ checkIgnoreFiles),
/* harmony export */   mW: () => (/* binding */ checkPathInput),
/* harmony export */   nt: () => (/* binding */ checkPathInputs)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _fs_workspace_paths_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4059);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/**
 * The path inputs (working-directory, context, dockerfile, output) must lead to
 * somewhere inside the workspace, symbolic links followed, and be of the right kind.
 * Checked when the plan is made, and again after the build-command ran (it may create
 * or replace any of them) and before anything reads or writes there.
 */



/** What must be at the path, if anything is there yet. */
const KIND = {
    'working-directory': 'directory',
    context: 'directory',
    dockerfile: 'file',
    output: 'file',
};
const OUTSIDE_HINT = 'Paths must stay inside the repository checkout, also through symbolic links.';
/** A path for a message: relative to the workspace when inside it, else absolute. */
function shownPath(workspace, p) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, p);
    if (rel === '')
        return (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)('.');
    return (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(rel) ? p : rel);
}
/**
 * Throws an InputError naming the input unless `p` (absolute) leads inside `workspace`
 * and whatever is there is of the input's kind. Nothing there yet is fine.
 */
function checkPathInput(name, p, workspace, kind = KIND[name]) {
    const shown = shownPath(workspace, p);
    let where;
    try {
        where = (0,_fs_workspace_paths_js__WEBPACK_IMPORTED_MODULE_1__/* .confine */ .Do)(workspace, p);
    }
    catch (error) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `${shown} cannot be followed: ${error.message}.`);
    }
    if (!where.inside) {
        const through = where.via
            ? ` through the symbolic link ${shownPath(workspace, where.via)}`
            : '';
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `${shown} leads to ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .showValue */ .vp)(where.real)}${through}, outside the workspace.`, OUTSIDE_HINT);
    }
    if (where.notDirectory !== undefined) {
        const file = shownPath(workspace, where.notDirectory);
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `${shown} goes on below ${file}, which is a file, not a directory.`);
    }
    const stats = where.stats;
    if (stats === undefined)
        return where;
    if (kind === 'directory' && !stats.isDirectory()) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `${shown} is a file, not a directory.`);
    }
    if (kind === 'file' && stats.isDirectory()) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `${shown} is a directory, not a file.`, name === 'output' ? 'Name the archive to write, for example image.tar.' : undefined);
    }
    if (kind === 'file' && !stats.isFile()) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `${shown} is not a regular file.`);
    }
    return where;
}
/** Checks every path input (see checkPathInput). */
function checkPathInputs(inputs, workspace) {
    checkPathInput('working-directory', inputs.workingDirectory, workspace);
    checkPathInput('context', inputs.context, workspace);
    checkPathInput('dockerfile', inputs.dockerfile, workspace);
    if (inputs.output !== '')
        checkPathInput('output', inputs.output, workspace);
}
/**
 * The ignore files the builders read (BuildKit's `<Dockerfile>.dockerignore`, then the
 * context's `.dockerignore`) must not lead out of the workspace either: their lines can
 * end up in an error message.
 */
function checkIgnoreFiles(context, dockerfile, workspace) {
    checkPathInput('dockerfile', `${dockerfile}.dockerignore`, workspace, 'file');
    checkPathInput('context', node_path__WEBPACK_IMPORTED_MODULE_0___default().join(context, '.dockerignore'), workspace, 'file');
}
/** A directory the step is about to use must exist by now. */
function requireDirectory(name, p, workspace) {
    if (checkPathInput(name, p, workspace).stats === undefined) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, `no directory at ${shownPath(workspace, p)}.`, name === 'context'
            ? 'Set "context" to the directory, relative to the workspace, that holds the files the Dockerfile copies.'
            : 'Set it to a directory of the repository checkout, relative to the workspace.');
    }
}


/***/ }),

/***/ 8252:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Cs: () => (/* binding */ makePlan)
});

// UNUSED EXPORTS: ociLabels, sourceDateEpoch

// EXTERNAL MODULE: ./src/request/images.ts
var request_images = __webpack_require__(4755);
// EXTERNAL MODULE: ./src/image/platform.ts
var platform = __webpack_require__(2554);
// EXTERNAL MODULE: ./src/image/merge-index.ts + 1 modules
var merge_index = __webpack_require__(146);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/request/path-inputs.ts
var path_inputs = __webpack_require__(6141);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/request/tags.ts
var request_tags = __webpack_require__(336);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/request/attest-params.ts
/** The attestations' account of a run, from the git context and the inputs (see params.ts). */

function attestParams(ctx, inputs, o) {
    const relative = (p) => external_node_path_default().relative(ctx.workspace, p).split((external_node_path_default()).sep).join('/') || '.';
    // The commit's tag names the subjects: the same for a push, a matrix job and its merge.
    const commitTag = /^[0-9a-f]{7,}$/.test(ctx.sha) ? `sha-${ctx.sha.slice(0, 7)}` : undefined;
    return {
        title: ctx.repository.split('/').pop() || o.image.path.split('/').pop() || 'image',
        subjectTag: commitTag ?? o.tags[0] ?? 'latest',
        repository: ctx.repository,
        serverUrl: ctx.serverUrl,
        ref: ctx.ref,
        commit: ctx.sha,
        buildCommand: inputs.buildCommand,
        workingDirectory: relative(inputs.workingDirectory),
        context: relative(inputs.context),
        dockerfile: relative(inputs.dockerfile),
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        labels: inputs.labels,
        platforms: inputs.platforms,
        builderInput: inputs.builder,
        epoch: o.epoch,
    };
}

;// CONCATENATED MODULE: ./src/request/plan.ts









function makePlan(ctx, inputs, clock) {
    (0,path_inputs/* checkPathInputs */.nt)(inputs, ctx.workspace);
    const resolve = () => (0,reference/* resolveImageName */.Do)({
        image: inputs.image,
        registry: inputs.registry,
        username: inputs.username,
        repository: ctx.repository,
    });
    // With images, the image built is its first line.
    const { image, notices } = inputs.images.length > 0 ? (0,request_images/* asImagesLine */.jJ)(0, resolve) : resolve();
    const variant = inputs.tagVariant;
    const computed = (0,request_tags/* computeTags */.$o)(ctx, { extraTags: inputs.tags, latest: inputs.latest, variant });
    const { version, semver } = computed;
    const platforms = inputs.platformTags ? matrixPlatforms(inputs) : inputs.platforms;
    const tags = inputs.platformTags ? platformTags(ctx, platforms, variant) : computed.tags;
    const { push, noPushReason } = pushDecision(ctx, inputs);
    const epoch = sourceDateEpoch(ctx, clock);
    const oci = ociLabels(ctx, version, epoch);
    const attest = inputs.attestations
        ? attestParams(ctx, inputs, { image, epoch, tags: computed.tags })
        : undefined;
    return {
        image,
        tags,
        variant,
        refs: tags.map((tag) => (0,reference/* formatReference */.FH)(image, tag)),
        version,
        semver,
        push,
        noPushReason,
        context: inputs.context,
        dockerfile: inputs.dockerfile,
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        secrets: inputs.secrets,
        cache: inputs.cache,
        labels: mergeLabels(oci, inputs.labels),
        annotations: mergeLabels(undatedMerge(ctx, inputs, clock) ? undated(oci) : oci, inputs.annotations),
        platforms,
        platformTags: inputs.platformTags,
        merge: inputs.merge,
        deletePlatformTags: inputs.deletePlatformTags,
        epoch,
        notices,
        attest,
    };
}
/** A matrix job's platforms: the platforms input, else the runner's own. */
function matrixPlatforms(inputs) {
    return inputs.platforms.length > 0 ? inputs.platforms : [(0,platform/* formatPlatform */.Bq)((0,platform/* hostPlatform */.ol)())];
}
/** `sha-1a2b3c4-linux-arm64` per platform: where a matrix job pushes, and nowhere else. */
function platformTags(ctx, platforms, variant) {
    if (!/^[0-9a-f]{7,}$/.test(ctx.sha)) {
        throw new errors/* InputError */.dz('platform-tags', 'needs the commit being built, to name the platform tags, and this run has none.', 'Run it on a commit (GITHUB_SHA, or a git repository with a commit).');
    }
    return platforms.map((p) => (0,merge_index/* platformTag */.o)(ctx.sha, (0,platform/* parsePlatform */.Y8)(p), variant));
}
function pushDecision(ctx, inputs) {
    if (inputs.push === 'true')
        return { push: true, noPushReason: undefined };
    if (inputs.push === 'false') {
        return { push: false, noPushReason: 'the push input is false' };
    }
    if (ctx.pullRequest) {
        return {
            push: false,
            noPushReason: `this is pull request #${ctx.pullRequest.number}: images are built, not pushed`,
        };
    }
    return { push: true, noPushReason: undefined };
}
/**
 * SOURCE_DATE_EPOCH when set, else the commit time from the event, else now:
 * the same commit then gives the same `created` label.
 */
function sourceDateEpoch(ctx, clock) {
    const fromEnv = clock.sourceDateEpoch?.trim();
    if (fromEnv && /^\d+$/.test(fromEnv))
        return Number(fromEnv);
    const time = ctx.commitTime ?? clock.now;
    return Math.floor(time.getTime() / 1000);
}
/**
 * The OCI annotations docker/metadata-action sets, from the git context and the event's
 * repository object (its description and license). They override the labels of the
 * Dockerfile and its base image (as `docker build --label` does), so one that the context
 * cannot fill (no commit outside a git repository, no web address) is left out: an empty
 * value never replaces the Dockerfile's.
 */
function ociLabels(ctx, version, epoch) {
    const title = ctx.repository.split('/').pop() ?? ctx.repository;
    // Without a server, the repository has no address: no source or url rather than a guess.
    const info = ctx.repositoryInfo ?? {};
    const url = ctx.serverUrl ? `${ctx.serverUrl}/${ctx.repository}` : info.htmlUrl;
    const labels = [
        ['org.opencontainers.image.created', new Date(epoch * 1000).toISOString()],
        ['org.opencontainers.image.description', info.description],
        ['org.opencontainers.image.licenses', info.license],
        ['org.opencontainers.image.revision', ctx.sha],
        ['org.opencontainers.image.source', url],
        ['org.opencontainers.image.title', title],
        ['org.opencontainers.image.url', url],
        ['org.opencontainers.image.version', version],
    ];
    return labels.filter((label) => label[1] !== undefined && label[1] !== '');
}
/**
 * A merge with neither SOURCE_DATE_EPOCH nor a commit time: its index is not dated (the
 * clock would give each run of one commit another digest).
 */
function undatedMerge(ctx, inputs, clock) {
    return (inputs.merge.length > 0 && !/^\d+$/.test(clock.sourceDateEpoch?.trim() ?? '') && !ctx.commitTime);
}
function undated(labels) {
    return labels.filter(([key]) => key !== 'org.opencontainers.image.created');
}
/** User labels override the generated ones with the same key. */
function mergeLabels(generated, user) {
    const merged = new Map(generated);
    for (const [key, value] of user)
        merged.set(key, value);
    return [...merged];
}


/***/ }),

/***/ 2085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Og: () => (/* binding */ credentialsFor),
/* harmony export */   bf: () => (/* binding */ parseRegistryAuth),
/* harmony export */   hQ: () => (/* binding */ registryAuthSecrets)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9310);
/**
 * Credentials per registry: the `registry-auth` input (`host=username:password` lines)
 * with the push credentials (`username`/`password`, for the registry pushed to). Each
 * entry goes only to the registry it names (its client sends it to that host and the
 * token realm its challenge names, nothing else): for the push, and for every pull of a
 * base image from that registry.
 *
 * A password never appears in a message: an error names the line by its number and host.
 */


/** The host as a registry-auth line names it, or undefined when it is no host. */
function hostOf(raw) {
    try {
        return (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .normalizeRegistry */ .l5)(raw);
    }
    catch {
        return undefined;
    }
}
/** Each line's password (after the first ':' after the first '='), for masking before parsing. */
function registryAuthSecrets(raw) {
    const out = [];
    for (const line of raw.split(/\r?\n/)) {
        const eq = line.indexOf('=');
        const rest = eq < 0 ? '' : line.slice(eq + 1);
        const colon = rest.indexOf(':');
        if (colon < 0)
            continue;
        out.push({ username: rest.slice(0, colon).trim(), password: rest.slice(colon + 1) });
    }
    return out;
}
/**
 * Parses `host=username:password` lines. The host is normalized (Docker Hub's names are
 * one), the password kept verbatim after its first ':' (it may hold ':' and '='), blank
 * lines skipped. A host listed twice or a malformed line is refused.
 */
function parseRegistryAuth(raw) {
    const entries = [];
    for (const [i, line] of raw.split(/\r?\n/).entries()) {
        if (line.trim() === '')
            continue;
        const where = `line ${i + 1}`;
        const eq = line.indexOf('=');
        const host = eq < 0 ? undefined : hostOf(line.slice(0, eq));
        if (host === undefined) {
            // Text before the '=' holding ':' may be username:password (host forgotten, the
            // password holding '='): shown only without one.
            const before = eq < 0 ? '' : line.slice(0, eq).trim();
            const shown = before === '' || before.includes(':') ? '' : ` (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(before, 100)})`;
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry-auth', `${where} does not start with a registry host${shown}; give each as host=username:password.`);
        }
        const rest = line.slice(eq + 1);
        const colon = rest.indexOf(':');
        const username = colon < 0 ? '' : rest.slice(0, colon).trim();
        const password = colon < 0 ? '' : rest.slice(colon + 1);
        if (username === '' || password === '') {
            const missing = colon < 0 ? 'no ":"' : username === '' ? 'no username' : 'no password';
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry-auth', `${where} (${host}) has ${missing}; give each as host=username:password.`);
        }
        if (entries.some((e) => e.host === host)) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry-auth', `${where}: ${host} is listed twice.`);
        }
        entries.push({ host, username, password });
    }
    return entries;
}
/**
 * The credentials for a registry: `username`/`password` for the registry pushed to,
 * else the registry-auth entry naming it, else none (anonymous).
 */
function credentialsFor(push, entries) {
    const pushHost = hostOf(push.registry);
    const pushed = pushHost !== undefined && push.username !== '' && push.password !== '';
    const lookup = (registry) => {
        const host = hostOf(registry);
        if (host === undefined)
            return undefined;
        if (host === pushHost && pushed) {
            return { username: push.username, password: push.password };
        }
        const entry = entries.find((e) => e.host === host);
        return entry ? { username: entry.username, password: entry.password } : undefined;
    };
    const hosts = entries.map((e) => e.host);
    const registries = pushed && !hosts.includes(pushHost) ? [pushHost, ...hosts] : hosts;
    return Object.assign(lookup, { registries });
}


/***/ }),

/***/ 336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ computeTags),
/* harmony export */   kf: () => (/* binding */ parseSemver),
/* harmony export */   mU: () => (/* binding */ compareSemver)
/* harmony export */ });
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9310);
/* harmony import */ var _registry_tag_variant_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4543);


const NUM = '0|[1-9][0-9]*';
const PRE_ID = `(?:${NUM}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)`;
const BUILD_ID = '[0-9a-zA-Z-]+';
const SEMVER_RE = new RegExp(`^v?(${NUM})\\.(${NUM})\\.(${NUM})` +
    `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?` +
    `(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`);
/** Parses a semantic version 2.0.0, with an optional leading 'v'. Strict otherwise. */
function parseSemver(s) {
    if (s.length > 256)
        return undefined;
    const m = SEMVER_RE.exec(s);
    if (m === null)
        return undefined;
    const major = Number(m[1]);
    const minor = Number(m[2]);
    const patch = Number(m[3]);
    if (![major, minor, patch].every(Number.isSafeInteger))
        return undefined;
    return { major, minor, patch, prerelease: m[4] ?? '', build: m[5] ?? '', raw: s };
}
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Compares two prerelease identifiers: numeric ones numerically and below alphanumeric ones. */
function compareIdentifier(a, b) {
    const an = /^[0-9]+$/.test(a);
    const bn = /^[0-9]+$/.test(b);
    if (an && bn) {
        // No leading zeros in valid numeric identifiers: longer is larger.
        return a.length !== b.length ? cmp(a.length, b.length) : a < b ? -1 : a > b ? 1 : 0;
    }
    if (an)
        return -1;
    if (bn)
        return 1;
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Semver precedence: -1, 0 or 1. Build metadata is ignored. */
function compareSemver(a, b) {
    const core = cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch);
    if (core !== 0)
        return core;
    if (a.prerelease === b.prerelease)
        return 0;
    // A version without prerelease ranks above any prerelease of it.
    if (a.prerelease === '')
        return 1;
    if (b.prerelease === '')
        return -1;
    const ai = a.prerelease.split('.');
    const bi = b.prerelease.split('.');
    for (let i = 0; i < Math.min(ai.length, bi.length); i++) {
        const c = compareIdentifier(ai[i], bi[i]);
        if (c !== 0)
            return c;
    }
    return cmp(ai.length, bi.length);
}
/**
 * Whether a branch is the repository's default branch. When the payload does
 * not say (payload.repository.default_branch missing, e.g. a hand-made
 * context), 'main' and 'master' are taken as the default branch.
 */
function isDefaultBranch(branch, defaultBranch) {
    return defaultBranch !== undefined
        ? branch === defaultBranch
        : branch === 'main' || branch === 'master';
}
/** Computes the tags and version for the context. Pure. */
function computeTags(ctx, opts) {
    const variant = opts.variant ?? _registry_tag_variant_js__WEBPACK_IMPORTED_MODULE_1__/* .PLAIN_VARIANT */ .d0;
    const sha = (0,_registry_tag_variant_js__WEBPACK_IMPORTED_MODULE_1__/* .shaTagCore */ .kP)(ctx.sha, variant);
    const tags = [];
    let version = '';
    let semver;
    let latestAuto = false;
    const prFromRef = /^refs\/pull\/([0-9]+)\//.exec(ctx.ref)?.[1];
    const prNumber = ctx.pullRequest?.number ?? (prFromRef !== undefined ? Number(prFromRef) : undefined);
    if (prNumber !== undefined) {
        version = `pr-${prNumber}`;
        tags.push(version);
    }
    else if (ctx.ref.startsWith('refs/tags/')) {
        const name = ctx.ref.slice('refs/tags/'.length);
        semver = parseSemver(name);
        if (semver !== undefined) {
            const { major, minor, patch, prerelease } = semver;
            version = `${major}.${minor}.${patch}${prerelease !== '' ? `-${prerelease}` : ''}`;
            tags.push((0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitizeTag */ .iP)(version));
            if (prerelease === '') {
                tags.push(`${major}.${minor}`);
                // Like metadata-action, a 0.x release gets no bare '0' tag: 0.x is unstable.
                if (major !== 0)
                    tags.push(`${major}`);
                latestAuto = true;
            }
        }
        else {
            version = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitizeTag */ .iP)(name);
            if (version !== '')
                tags.push(version);
        }
        if (sha !== '')
            tags.push(sha);
    }
    else if (ctx.ref.startsWith('refs/heads/')) {
        const branch = ctx.ref.slice('refs/heads/'.length);
        version = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .sanitizeTag */ .iP)(branch);
        if (isDefaultBranch(branch, ctx.defaultBranch)) {
            latestAuto = true;
        }
        else if (version !== '') {
            tags.push(version);
        }
        if (sha !== '')
            tags.push(sha);
    }
    else if (sha !== '') {
        tags.push(sha);
    }
    if (version === '')
        version = sha;
    const wantLatest = opts.latest === 'true' || (opts.latest === 'auto' && latestAuto);
    const computed = opts.latest === 'false' ? tags.filter((t) => t !== 'latest') : tags;
    if (wantLatest)
        computed.push('latest');
    const all = [...computed, ...opts.extraTags].map((tag) => (0,_registry_tag_variant_js__WEBPACK_IMPORTED_MODULE_1__/* .affixTag */ .bE)(tag, variant));
    return { tags: [...new Set(all)], version, semver };
}


/***/ }),

/***/ 1671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/** A byte count for people: `512 B`, `2.0 KiB`, `154.8 MiB` (binary units, one decimal). */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}


/***/ }),

/***/ 4132:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ childEnv)
/* harmony export */ });
/**
 * The action's own channels to the runner, which no child may write: the post step acts
 * on GITHUB_STATE, the step's outputs come from GITHUB_OUTPUT.
 */
const OWN_FILES = new Set(['GITHUB_STATE', 'GITHUB_OUTPUT']);
/**
 * The environment for a child process (the build-command, docker, git, a decompressor):
 * ours without the action's inputs, so that none of them ever sees INPUT_PASSWORD, and
 * without the action's own runner files. What a `run:` step has for the job (GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STEP_SUMMARY) stays. `base` is the step's environment.
 */
function childEnv(base, extra = {}) {
    const env = {};
    for (const [key, value] of Object.entries({ ...base, ...extra })) {
        if (value === undefined || key.startsWith('INPUT_') || OWN_FILES.has(key))
            continue;
        env[key] = value;
    }
    return env;
}


/***/ }),

/***/ 6524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ formatMs)
/* harmony export */ });
/**
 * A duration for people. `compact` (log lines): `320ms`, `1.5s`, `120s`; `report`
 * (the run summary's table): `320 ms`, `1.50 s`.
 */
function formatMs(ms, style = 'compact') {
    if (style === 'report')
        return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const s = ms / 1000;
    return s < 100 ? `${Math.round(s * 10) / 10}s` : `${Math.round(s)}s`;
}


/***/ }),

/***/ 2282:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ isInside)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

/** Whether `p` is `root` or below it (both absolute and already resolved). */
function isInside(root, p) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(root, p);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${(node_path__WEBPACK_IMPORTED_MODULE_0___default().sep)}`) && !node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(rel));
}


/***/ }),

/***/ 7709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ readLimited)
/* harmony export */ });
/* unused harmony export MAX_CONFIG_BYTES */
/** An image config is JSON of a few KiB; a blob served as one is read up to this much. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** A small blob's stream, whole; fails once it passes `max` bytes instead of growing. */
async function readLimited(stream, max = MAX_CONFIG_BYTES) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        const bytes = Buffer.from(chunk);
        size += bytes.length;
        if (size > max)
            throw new Error(`an image config over ${max} bytes`);
        chunks.push(bytes);
    }
    return Buffer.concat(chunks);
}


/***/ })

};

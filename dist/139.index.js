export const id = 139;
export const ids = [139];
export const modules = {

/***/ 139:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// NAMESPACE OBJECT: ./src/action/workflow-commands.ts
var workflow_commands_namespaceObject = {};
__webpack_require__.r(workflow_commands_namespaceObject);
__webpack_require__.d(workflow_commands_namespaceObject, {
  FAILURE_EXIT_CODE: () => (FAILURE_EXIT_CODE),
  appendSummary: () => (appendSummary),
  command: () => (command),
  debug: () => (debug),
  error: () => (workflow_commands_error),
  escapeData: () => (escapeData),
  escapeProperty: () => (escapeProperty),
  fileCommandEntry: () => (fileCommandEntry),
  group: () => (group),
  info: () => (info),
  notice: () => (workflow_commands_notice),
  saveState: () => (saveState),
  setOutput: () => (setOutput),
  setSecret: () => (setSecret),
  setWriter: () => (setWriter),
  warning: () => (warning)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/action/workflow-commands.ts
/**
 * The runner's side of the step: log lines, workflow commands (::error::, ::group::,
 * ::add-mask::) and the environment files (GITHUB_OUTPUT, GITHUB_STATE,
 * GITHUB_STEP_SUMMARY), written the way @actions/core writes them.
 *
 * Why not @actions/core itself: its index loads an OIDC client and with it undici, which
 * makes a bundled `core.info('hi')` take about 70 ms to start against 20 ms for bare node
 * (see bench/README.md). The action starts twice per run (main and post), and the
 * commands below are the whole of what it needs.
 */



let write = (text) => void process.stdout.write(text);
/** Sends every later line to `sink` instead of standard output (tests); returns the old one. */
function setWriter(sink) {
    const old = write;
    write = sink;
    return old;
}
/** A workflow command: `::name key=value,…::message`, escaped as the runner unescapes it. */
function command(name, properties, message) {
    const props = Object.entries(properties)
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
        .join(',');
    return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function issue(name, properties, message) {
    write(`${command(name, properties, message)}${external_node_os_.EOL}`);
}
function annotationProperties(props = {}) {
    return {
        title: props.title,
        file: props.file,
        line: props.startLine,
        endLine: props.endLine,
        col: props.startColumn,
        endColumn: props.endColumn,
    };
}
function info(message) {
    write(`${message}${external_node_os_.EOL}`);
}
function debug(message) {
    issue('debug', {}, message);
}
function workflow_commands_notice(message, props) {
    issue('notice', annotationProperties(props), message);
}
function warning(message, props) {
    issue('warning', annotationProperties(props), message);
}
function workflow_commands_error(message, props) {
    issue('error', annotationProperties(props), message);
}
/** Masks `secret` in every later line of the job's log. */
function setSecret(secret) {
    issue('add-mask', {}, secret);
}
/** Runs `work` inside a collapsible group of the log. */
async function group(title, work) {
    issue('group', {}, title);
    try {
        return await work();
    }
    finally {
        issue('endgroup', {}, '');
    }
}
/**
 * `name<<delimiter` … `delimiter`, the multi-line form of an environment file entry,
 * with a delimiter that neither the name nor the value contains.
 */
function fileCommandEntry(name, value, delimiter) {
    if (name.includes(delimiter) || value.includes(delimiter)) {
        throw new Error(`The value of ${name} contains the delimiter ${delimiter}.`);
    }
    return `${name}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`;
}
function appendEntry(variable, legacy, name, value) {
    const file = process.env[variable];
    if (!file) {
        // Runners older than the environment files: the deprecated command form.
        write(external_node_os_.EOL);
        issue(legacy, { name }, value);
        return;
    }
    (0,external_node_fs_.appendFileSync)(file, fileCommandEntry(name, value, `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`), 'utf8');
}
/** A step output, `steps.<id>.outputs.<name>`. */
function setOutput(name, value) {
    appendEntry('GITHUB_OUTPUT', 'set-output', name, value);
}
/** A value for the post step, which the runner hands to it as STATE_<name>. */
function saveState(name, value) {
    appendEntry('GITHUB_STATE', 'save-state', name, value);
}
/** Appends markdown to the job summary; fails where the runner offers none. */
function appendSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file) {
        throw new Error('GITHUB_STEP_SUMMARY is not set: this runner has no job summaries.');
    }
    (0,external_node_fs_.appendFileSync)(file, `${markdown}${external_node_os_.EOL}`, 'utf8');
}
/** The exit code of a failed step. */
const FAILURE_EXIT_CODE = 1;

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(421);
;// CONCATENATED MODULE: ./src/pipeline/errors.ts
class errors_ActionError extends Error {
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
/** A bad input value: names the input and shows the value. */
class InputError extends errors_ActionError {
    input;
    constructor(input, message, hint) {
        super('inputs', `Input "${input}": ${message}`, hint);
        this.input = input;
        this.name = 'InputError';
    }
}
/**
 * A push that updated some tags and then failed for good: says which tags now name
 * the new image and which still name what they named before.
 */
class PartialPushError extends errors_ActionError {
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
    if (pushed.length === 0 || !(error instanceof errors_ActionError))
        return error;
    return new PartialPushError(error, pushed, all.filter((ref) => !pushed.includes(ref)));
}

;// CONCATENATED MODULE: ./src/util/secrets.ts

/** The registry password and the form of it in HTTP Basic authentication (base64 of user:password). */
function secretForms(username, password) {
    if (!password)
        return [];
    const forms = [password, Buffer.from(`${username}:${password}`).toString('base64')];
    return forms.filter((f) => f.length > 0);
}
const masked = new Set();
/** Masks the password in every later log line; called before anything else runs. */
function maskSecrets(username, password) {
    for (const form of secretForms(username, password)) {
        if (masked.has(form))
            continue;
        masked.add(form);
        setSecret(form);
    }
}
/**
 * The environment for a child process: ours without the action's inputs, so that
 * neither the build-command nor docker ever sees INPUT_PASSWORD.
 */
function childEnv(extra = {}) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (value === undefined || key.startsWith('INPUT_'))
            continue;
        env[key] = value;
    }
    return { ...env, ...extra };
}

;// CONCATENATED MODULE: ./src/pipeline/compile.ts




/**
 * Runs the build-command the way a workflow's `run:` step does: bash, stop on the
 * first error, its output straight into the log. The only input that goes through a shell.
 */
async function compile(request) {
    info(`$ ${request.command}`);
    const outcome = await new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', request.command], {
            cwd: request.workingDirectory,
            env: childEnv(request.env),
            stdio: ['ignore', 'inherit', 'inherit'],
            timeout: request.timeoutMs || undefined,
            killSignal: 'SIGKILL',
        });
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal }));
    }).catch((error) => {
        throw new errors_ActionError('compile', `The build-command could not start: ${error.message}`);
    });
    if (outcome.code === 0)
        return;
    const hint = 'Fix the build: the log above shows its output. Run it locally in the same working-directory to reproduce.';
    if (outcome.signal === 'SIGKILL' && request.timeoutMs) {
        throw new errors_ActionError('compile', `The build-command did not finish within ${request.timeoutMs / 1000} s and was stopped; nothing was built or pushed.`, 'Make the build faster or raise build-command-timeout.');
    }
    const how = outcome.signal !== null
        ? `was killed by signal ${outcome.signal}`
        : outcome.code !== null && outcome.code > 128
            ? `was killed by signal ${outcome.code - 128}`
            : `exited with code ${outcome.code}`;
    throw new errors_ActionError('compile', `The build-command ${how}; nothing was built or pushed.`, hint);
}

;// CONCATENATED MODULE: ./src/registry/reference.ts
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
/** Host names that all mean Docker Hub. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
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
/** Shows a value in a message: quoted, with newlines and control characters escaped. */
function show(v) {
    return JSON.stringify(v.length > 300 ? `${v.slice(0, 300)}...` : v);
}
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
 * (index.docker.io, registry-1.docker.io, '') become 'docker.io', ports kept.
 * Throws InputError('registry') for anything that is not a host[:port].
 */
function normalizeRegistry(host) {
    const h = host.trim().toLowerCase();
    if (h === '')
        return DOCKER_HUB;
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(h)) {
        throw new InputError('registry', `${show(host)} is a URL; give the registry host only.`, 'For example "ghcr.io" or "registry.example.com:5000".');
    }
    if (h.includes('/')) {
        throw new InputError('registry', `${show(host)} contains "/"; the registry is a host name only.`, 'Put the namespace in the "image" input instead, for example image: owner/name.');
    }
    const problem = domainProblem(h);
    if (problem !== undefined)
        throw new InputError('registry', `${show(host)} ${problem}.`);
    return DOCKER_HUB_ALIASES.has(h) ? DOCKER_HUB : h;
}
/** The host that serves the registry API: Docker Hub's is registry-1.docker.io. */
function registryApiHost(registry) {
    return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
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
    const given = o.image.trim();
    let value;
    let derived = false;
    if (given !== '') {
        value = given;
    }
    else {
        const repository = o.repository.trim();
        const repoName = repository.slice(repository.lastIndexOf('/') + 1);
        if (username !== '' && repoName !== '')
            value = `${username}/${repoName}`;
        else
            value = repository;
        derived = true;
        if (value === '') {
            throw new InputError('image', 'is empty and there is no GitHub repository to name the image after.', 'Set the "image" input, for example image: alice/hello.');
        }
    }
    const hint = derived
        ? `The image name was derived from ${username !== '' ? 'the username and ' : ''}the repository name; set the "image" input to choose a valid one.`
        : undefined;
    const fail = (message, h) => {
        throw new InputError('image', message, h ?? hint);
    };
    if (value.length > MAX_INPUT)
        fail(`is ${value.length} characters long; that is too long.`);
    if (/[\s\p{Cc}]/u.test(value)) {
        fail(`${show(value)} contains whitespace or control characters. ${PATH_RULE}.`);
    }
    if (value.includes('@')) {
        fail(`${show(value)} contains a digest ("@..."); give the name only.`, 'The image is always pushed by tag; the digest is an output.');
    }
    let registry = registryInput;
    let path = value;
    const slash = value.indexOf('/');
    if (slash !== -1 && looksLikeHost(value.slice(0, slash))) {
        const hostPart = value.slice(0, slash);
        const problem = domainProblem(hostPart);
        if (problem !== undefined)
            fail(`${show(value)} starts with registry host ${show(hostPart)}, which ${problem}.`);
        const host = hostPart.toLowerCase();
        const imageRegistry = DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
        if (registryInput !== DOCKER_HUB && imageRegistry !== registryInput) {
            fail(`${show(value)} names registry "${imageRegistry}" but input "registry" is "${registryInput}".`, `Drop the host from "image" (image: ${value.slice(slash + 1)}), or set registry: ${imageRegistry}.`);
        }
        registry = imageRegistry;
        path = value.slice(slash + 1);
    }
    const lastComponent = path.slice(path.lastIndexOf('/') + 1);
    if (lastComponent.includes(':')) {
        fail(`${show(value)} contains a tag (":${lastComponent.slice(lastComponent.indexOf(':') + 1)}"); give the name only.`, 'Extra tags go in the "tags" input; tags are otherwise computed from git.');
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
    return { image: { registry, path, name: `${registry}/${path}` }, notices };
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
            if (DOCKER_HUB_ALIASES.has(registry))
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

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(474);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(118);
;// CONCATENATED MODULE: ./src/fs/context-files.ts
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
 * - the destination is relative to WORKDIR; a trailing `/` (or `.`) makes it a
 *   directory, as does an existing directory; several sources need a trailing `/`;
 * - missing parent directories are created 0755, owned by the --chown user (root by
 *   default), and every copied entry gets the --chown owner (root for files from the
 *   context, the source owner for files from a stage) and the --chmod mode (the
 *   source permission bits otherwise, setuid/setgid/sticky included);
 * - files excluded by .dockerignore do not exist for COPY; a source that leads out of
 *   the context (`../x`, a symlink to an absolute path or above the context root) is
 *   refused before anything is read;
 * - ADD extracts a local tar archive (plain or gzip, recognised by its content) into
 *   the destination directory, keeping the owners and modes of the archive.
 */








/** A COPY/ADD problem the user can fix; the caller adds the Dockerfile location. */
class ContextError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'ContextError';
    }
}
const ROOT_DIR = { type: 'dir', mode: 0o755, uid: 0, gid: 0 };
const MAX_SYMLINKS = 255;
/** Splits an image path into clean segments, resolving `.` and `..` lexically (clamped at /). */
function segments(p) {
    const out = [];
    for (const s of p.split('/')) {
        if (s === '' || s === '.')
            continue;
        if (s === '..')
            out.pop();
        else
            out.push(s);
    }
    return out;
}
/** `/a/b` form of an image path. */
function cleanImagePath(p) {
    return `/${segments(p).join('/')}`;
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
        const c = cleanImagePath(p);
        return c === '/' ? ROOT_DIR : this.nodes.get(c);
    }
    /** Sets a node; the parent must exist (or be unknown in an incomplete tree). */
    set(p, node) {
        const c = cleanImagePath(p);
        if (c === '/')
            throw new Error('The root of an image cannot be replaced');
        const old = this.nodes.get(c);
        if (old?.type === 'dir' && node.type !== 'dir')
            this.removeChildren(c);
        this.nodes.set(c, node);
        const parent = parentOf(c);
        let set = this.kids.get(parent);
        if (!set)
            this.kids.set(parent, (set = new Set()));
        set.add(baseOf(c));
    }
    /** Removes a path and everything under it (a whiteout). */
    remove(p) {
        const c = cleanImagePath(p);
        if (c === '/')
            return this.clearChildren('/');
        this.removeChildren(c);
        this.nodes.delete(c);
        this.kids.get(parentOf(c))?.delete(baseOf(c));
    }
    /** Removes everything under a directory (an opaque whiteout). */
    clearChildren(dir) {
        this.removeChildren(cleanImagePath(dir));
    }
    removeChildren(dir) {
        for (const name of this.kids.get(dir) ?? []) {
            const child = joinImage(dir, name);
            this.removeChildren(child);
            this.nodes.delete(child);
        }
        this.kids.delete(dir);
    }
    /** Names in a directory, in byte order. */
    children(dir) {
        return [...(this.kids.get(cleanImagePath(dir)) ?? [])].sort(byteOrder);
    }
    /** Every path, sorted (for tests and debugging). */
    paths() {
        return [...this.nodes.keys()].sort(byteOrder);
    }
    /**
     * Follows symlinks in the path like BuildKit's RootPath: inside the image root (an
     * absolute target starts at the root, `..` stops at it). The last component is
     * followed only if `followLast`. Returns the real path and its node, if known.
     */
    resolve(p, followLast) {
        const queue = segments(p);
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
                queue.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
                continue;
            }
            done.push(seg);
        }
        const real = `/${done.join('/')}`;
        return { path: real, node: this.get(real) };
    }
}
function byteOrder(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/**
 * The layer entries for the paths a COPY/ADD/WORKDIR changed: those paths and all their
 * parent directories (with their current metadata, as a filesystem diff records a
 * directory whose content changed), except parents of unknown metadata.
 */
function layerEntriesFor(tree, changed) {
    const wanted = new Set();
    for (const p of changed) {
        let c = cleanImagePath(p);
        while (c !== '/' && !wanted.has(c)) {
            wanted.add(c);
            c = parentOf(c);
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
        }
        if (n.type === 'symlink')
            e.linkname = n.linkname;
        entries.push(e);
    }
    return entries;
}
/** The build context directory, seen through .dockerignore. */
class ContextFs {
    root;
    matcher;
    label = 'the build context';
    isContext = true;
    constructor(root, matcher) {
        this.root = root;
        this.matcher = matcher;
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
        const abs = rel === '' ? this.root : external_node_path_default().join(this.root, ...rel.split('/'));
        let st;
        try {
            st = await (0,promises_.lstat)(abs);
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
        }
        else if (type === 'symlink') {
            node.linkname = await (0,promises_.readlink)(abs);
            node.mode = 0o777;
        }
        return node;
    }
    async readdir(rel) {
        const abs = rel === '' ? this.root : external_node_path_default().join(this.root, ...rel.split('/'));
        const dirents = await (0,promises_.readdir)(abs, { withFileTypes: true });
        const out = [];
        for (const d of dirents) {
            const child = rel === '' ? d.name : `${rel}/${d.name}`;
            if (!this.hidden(child, d.isDirectory()))
                out.push(d.name);
        }
        return out.sort(byteOrder);
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
        return { ...n };
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
// ---------------------------------------------------------------------------
// Wildcards (Go's filepath.Match, one path segment at a time)
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
function describe(fs, rel) {
    return fs.isContext ? JSON.stringify(rel === '' ? '.' : rel) : JSON.stringify(`/${rel}`);
}
/**
 * Walks a relative path, following symlinks in every component (and in the last one
 * if `followLast`). In the build context a path that leaves it is an error; in a stage
 * it stops at the root, as in the image.
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
            if (target.startsWith('/')) {
                if (fs.isContext)
                    throw escape();
                done.length = 0;
            }
            queue.unshift(...target.split('/').filter((s) => s !== '' && s !== '.'));
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
/** Normalizes a source as written: relative to the root, `..` kept for resolveIn to judge. */
function sourceSegments(src, fs) {
    const out = [];
    for (const s of src.split('/')) {
        if (s === '' || s === '.')
            continue;
        if (s === '..') {
            if (out.length === 0 || out[out.length - 1] === '..') {
                if (fs.isContext) {
                    throw new ContextError(`source ${JSON.stringify(src)} is outside the build context`, 'Sources are read from the build context only; move the file into the context (or change the context input).');
                }
                continue;
            }
            out.pop();
        }
        else
            out.push(s);
    }
    return out;
}
/** Expands one source (wildcards, symlinks) to what it names; [] for an unmatched wildcard. */
async function resolveSource(fs, src) {
    const segs = sourceSegments(src, fs);
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
                // A match is followed if it is a symlink, like a source named directly.
                const { rel, node } = await resolveIn(fs, childRel, true, src);
                if (node !== undefined)
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
// ---------------------------------------------------------------------------
// Users
/**
 * A --chown or USER value as uid/gid: numbers, or names looked up in the stage's
 * /etc/passwd and /etc/group (given as text when the stage has them). A user alone
 * takes the user's primary group (its own id when numeric), as BuildKit does.
 */
function resolveOwner(spec, files = {}) {
    const [user, group] = spec.split(':', 2);
    if (user === '')
        throw new ContextError(`Invalid user ${JSON.stringify(spec)}`);
    let uid;
    let gid;
    if (/^[0-9]+$/.test(user)) {
        uid = Number(user);
        gid = uid;
    }
    else {
        const entry = lookup(files.passwd, user, 'passwd', spec);
        uid = Number(entry[2]);
        gid = Number(entry[3]);
    }
    if (group !== undefined && group !== '') {
        gid = /^[0-9]+$/.test(group)
            ? Number(group)
            : Number(lookup(files.group, group, 'group', spec)[2]);
    }
    if (!Number.isSafeInteger(uid) ||
        !Number.isSafeInteger(gid) ||
        uid > 0xffffffff ||
        gid > 0xffffffff) {
        throw new ContextError(`Invalid user ${JSON.stringify(spec)}: ids out of range`);
    }
    return { uid, gid };
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
/** --chmod: octal only (the symbolic form of recent BuildKit is not supported). */
function parseChmod(spec) {
    if (!/^[0-7]{1,4}$/.test(spec)) {
        throw new ContextError(`Invalid --chmod=${spec}: expected an octal mode between 0 and 7777`, /^[ugoa]*[+=-]/.test(spec)
            ? 'The native builder supports octal modes only (for example --chmod=755).'
            : undefined);
    }
    return parseInt(spec, 8);
}
/**
 * Applies COPY/ADD to the target tree and returns the image paths it created or changed
 * (for layerEntriesFor). Throws ContextError for what Docker refuses.
 */
async function applyCopy(req) {
    const { target, from } = req;
    if (req.sources.length === 0)
        throw new ContextError(`${req.instruction} requires a source and a destination`);
    const destIsDirSyntax = req.dest === '' || req.dest === '.' || req.dest.endsWith('/') || req.dest.endsWith('/.');
    const destAbs = cleanImagePath(req.dest.startsWith('/') ? req.dest : `${req.workdir}/${req.dest}`);
    const resolved = [];
    for (const src of req.sources)
        resolved.push(...(await resolveSource(from, src)));
    const wildcard = req.sources.some((s) => containsWildcards(s));
    if ((req.sources.length > 1 || (wildcard && resolved.length > 1)) && !destIsDirSyntax) {
        throw new ContextError(`When using ${req.instruction} with more than one source file, the destination must be a directory and end with a /`, `Write the destination as ${JSON.stringify(`${req.dest}/`)}.`);
    }
    const changed = new Set();
    const owner = (n) => req.chown ?? (from.isContext ? { uid: 0, gid: 0 } : { uid: n.uid, gid: n.gid });
    const parentOwner = req.chown ?? { uid: 0, gid: 0 };
    // fsutil Copy: the destination (if it ends with /) or its parent is created first.
    if (resolved.length === 0)
        return [];
    let dest = target.resolve(destAbs, true).path;
    if (destIsDirSyntax)
        mkdirAll(target, dest, parentOwner, changed);
    else
        mkdirAll(target, target.resolve(parentOf(destAbs), true).path, parentOwner, changed);
    for (const src of resolved) {
        dest = target.resolve(destAbs, true).path;
        const destNode = target.get(dest);
        const archive = req.instruction === 'ADD' && from.isContext && src.node.type === 'file'
            ? await archiveKind(src.node.source)
            : undefined;
        if (archive !== undefined) {
            if (destNode !== undefined && destNode.type !== 'dir') {
                throw new ContextError(`Cannot extract ${src.written} to ${destAbs}: it is not a directory`);
            }
            mkdirAll(target, dest, parentOwner, changed);
            if (req.tmpDir === undefined)
                throw new Error('ADD of an archive needs a temporary directory');
            await extractArchive(src.node.source, archive, dest, target, changed, req.tmpDir, src.written);
            continue;
        }
        if (src.node.type === 'dir') {
            if (destNode === undefined)
                mkdirAll(target, dest, parentOwner, changed);
            else if (destNode.type !== 'dir') {
                throw new ContextError(`Cannot copy the directory ${src.written} to ${destAbs}: it is not a directory`);
            }
            await copyTree(from, src.rel, target, dest, req.chmod, owner, changed);
            continue;
        }
        // A file (or, from a stage, a symlink that could not be followed further).
        let to = dest;
        if (destNode?.type === 'dir')
            to = joinImage(dest, src.name);
        mkdirAll(target, parentOf(to), parentOwner, changed);
        placeNonDir(target, to, src.node, req.chmod, owner(src.node), changed);
    }
    return [...changed];
}
/**
 * MkdirAll in the tree: missing directories 0755 owned by `owner`, symlinks followed;
 * adds what it creates to `changed`. In a partial tree they are marked implicit.
 */
function mkdirAll(tree, dir, owner, changed) {
    const parts = segments(dir);
    let cur = '/';
    for (const seg of parts) {
        const next = tree.resolve(joinImage(cur, seg), true);
        if (next.node !== undefined) {
            if (next.node.type !== 'dir') {
                throw new ContextError(`Cannot create ${dir}: ${next.path} is not a directory`);
            }
            cur = next.path;
            continue;
        }
        const node = { type: 'dir', mode: 0o755, uid: owner.uid, gid: owner.gid };
        if (!tree.complete)
            node.implicit = true;
        tree.set(next.path, node);
        changed.add(next.path);
        cur = next.path;
    }
}
function placeNonDir(tree, to, n, chmod, owner, changed) {
    const existing = tree.get(to);
    if (existing?.type === 'dir') {
        throw new ContextError(`Cannot replace the directory ${to} with a file`);
    }
    const node = {
        type: n.type,
        mode: n.type === 'symlink' ? 0o777 : (chmod ?? n.mode) & 0o7777,
        uid: owner.uid,
        gid: owner.gid,
    };
    if (n.type === 'file') {
        node.size = n.size ?? n.content?.length ?? 0;
        if (n.source !== undefined)
            node.source = n.source;
        if (n.content !== undefined)
            node.content = n.content;
    }
    else
        node.linkname = n.linkname;
    tree.set(to, node);
    changed.add(to);
}
/** Copies the contents of a source directory into an existing directory of the tree. */
async function copyTree(from, srcRel, tree, destDir, chmod, owner, changed) {
    for (const name of await from.readdir(srcRel)) {
        const childRel = srcRel === '' ? name : `${srcRel}/${name}`;
        const n = await from.lstat(childRel);
        if (n === undefined)
            continue;
        const to = joinImage(destDir, name);
        if (n.type === 'dir') {
            const existing = tree.get(to);
            if (existing !== undefined && existing.type !== 'dir') {
                throw new ContextError(`Cannot copy the directory ${childRel} over ${to}, which is not a directory`);
            }
            // An existing directory takes the metadata of the copied one (fsutil copyDirectory).
            const o = owner(n);
            tree.set(to, { type: 'dir', mode: (chmod ?? n.mode) & 0o7777, uid: o.uid, gid: o.gid });
            changed.add(to);
            await copyTree(from, childRel, tree, to, chmod, owner, changed);
        }
        else {
            placeNonDir(tree, to, n, chmod, owner(n), changed);
        }
    }
}
const MAGIC = {
    gzip: [0x1f, 0x8b],
    bzip2: [0x42, 0x5a, 0x68],
    xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    zstd: [0x28, 0xb5, 0x2f, 0xfd],
};
function startsWith(buf, magic) {
    return magic.every((b, i) => buf[i] === b);
}
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
    const h = await (0,promises_.open)(file, 'r');
    try {
        const buf = Buffer.alloc(n);
        const { bytesRead } = await h.read(buf, 0, n, 0);
        return buf.subarray(0, bytesRead);
    }
    finally {
        await h.close();
    }
}
/** What ADD does with a local file: extract it (tar, gzip tar) or copy it (undefined). */
async function archiveKind(file) {
    const head = await readHead(file, 512);
    if (startsWith(head, MAGIC.gzip)) {
        const first = await gunzipHead(file, 512);
        return first !== undefined && isTarHeader(first) ? 'gzip' : undefined;
    }
    for (const kind of ['bzip2', 'xz', 'zstd']) {
        if (startsWith(head, MAGIC[kind])) {
            throw new ContextError(`${external_node_path_default().basename(file)} is a ${kind} archive, which ADD would extract but the native builder cannot decompress`, 'Use a plain or gzip-compressed tar, COPY the file instead, or use the docker builder.');
        }
    }
    return isTarHeader(head) ? 'tar' : undefined;
}
async function gunzipHead(file, n) {
    const chunks = [];
    let total = 0;
    const gunzip = external_node_zlib_default().createGunzip();
    const input = (0,external_node_fs_.createReadStream)(file);
    try {
        input.pipe(gunzip);
        for await (const chunk of gunzip) {
            chunks.push(chunk);
            total += chunk.length;
            if (total >= n)
                break;
        }
    }
    catch {
        return undefined;
    }
    finally {
        input.destroy();
        gunzip.destroy();
    }
    return Buffer.concat(chunks).subarray(0, n);
}
/**
 * Extracts a tar into the tree under `destDir`: files are written to a directory of
 * their own under tmpDir (the layer streams them from there). Entry names are cleaned;
 * one that would land outside destDir is refused, as Docker refuses it.
 */
async function extractArchive(file, kind, destDir, tree, changed, tmpDir, written) {
    const outDir = external_node_path_default().join(tmpDir, `add-${(0,external_node_crypto_.randomUUID)()}`);
    await (0,promises_.mkdir)(outDir, { recursive: true });
    const extract = tar_stream.extract();
    const input = (0,external_node_fs_.createReadStream)(file);
    let decompressed = input;
    let gunzipped = Promise.resolve();
    if (kind === 'gzip') {
        const gunzip = external_node_zlib_default().createGunzip();
        gunzipped = (0,external_node_stream_promises_.pipeline)(input, gunzip);
        // Its failure also ends the extraction below; this keeps it from going unhandled.
        gunzipped.catch(() => undefined);
        decompressed = gunzip;
    }
    const feed = feedTar(decompressed, extract).then(() => gunzipped);
    const extracted = new Map();
    let count = 0;
    try {
        for await (const entry of extract) {
            const h = entry.header;
            const name = h.name;
            const rel = segments(name.startsWith('/') ? name : `/${name}`);
            if (name.split('/').includes('..') && !isWithin(name)) {
                entry.resume();
                throw new ContextError(`${written}: the archive entry ${JSON.stringify(name)} points outside the destination`);
            }
            if (rel.length === 0) {
                entry.resume();
                continue;
            }
            const to = `${destDir === '/' ? '' : destDir}/${rel.join('/')}`;
            const owner = { uid: h.uid ?? 0, gid: h.gid ?? 0 };
            const mode = (h.mode ?? 0o644) & 0o7777;
            mkdirAll(tree, parentOf(to), { uid: 0, gid: 0 }, changed);
            const existing = tree.get(to);
            switch (h.type) {
                case 'directory': {
                    entry.resume();
                    if (existing !== undefined && existing.type !== 'dir') {
                        throw new ContextError(`${written}: the archive entry ${name} would replace a file with a directory`);
                    }
                    tree.set(to, { type: 'dir', mode, uid: owner.uid, gid: owner.gid });
                    changed.add(to);
                    break;
                }
                case 'file':
                case 'contiguous-file': {
                    if (existing?.type === 'dir') {
                        entry.resume();
                        throw new ContextError(`${written}: the archive entry ${name} would replace a directory with a file`);
                    }
                    const out = external_node_path_default().join(outDir, String(++count));
                    await (0,external_node_stream_promises_.pipeline)(entry, (0,external_node_fs_.createWriteStream)(out, { flags: 'wx' }));
                    const node = {
                        type: 'file',
                        mode,
                        uid: owner.uid,
                        gid: owner.gid,
                        size: h.size ?? 0,
                        source: out,
                    };
                    tree.set(to, node);
                    extracted.set(to, node);
                    changed.add(to);
                    break;
                }
                case 'symlink': {
                    entry.resume();
                    if (existing?.type === 'dir') {
                        throw new ContextError(`${written}: the archive entry ${name} would replace a directory with a symlink`);
                    }
                    tree.set(to, {
                        type: 'symlink',
                        mode: 0o777,
                        uid: owner.uid,
                        gid: owner.gid,
                        linkname: h.linkname ?? '',
                    });
                    changed.add(to);
                    break;
                }
                case 'link': {
                    // A hard link becomes a copy of the file it links to (same contents and metadata).
                    entry.resume();
                    const linkRel = segments(`/${h.linkname ?? ''}`);
                    const linked = extracted.get(`${destDir === '/' ? '' : destDir}/${linkRel.join('/')}`);
                    if (linked === undefined) {
                        throw new ContextError(`${written}: the hard link ${name} points to ${h.linkname}, which is not earlier in the archive`);
                    }
                    if (existing?.type === 'dir') {
                        throw new ContextError(`${written}: the archive entry ${name} would replace a directory with a file`);
                    }
                    tree.set(to, { ...linked });
                    changed.add(to);
                    break;
                }
                default:
                    entry.resume();
                    throw new ContextError(`${written}: the archive entry ${name} is a ${h.type ?? 'special file'}, which the native builder cannot add`);
            }
        }
        await feed;
    }
    catch (err) {
        input.destroy();
        await feed.catch(() => undefined);
        if (err instanceof ContextError)
            throw err;
        throw new ContextError(`${written}: cannot read the archive: ${err.message}`);
    }
}
/** An archive entry name with `..` that still stays inside the extraction root. */
function isWithin(name) {
    let depth = 0;
    for (const s of name.split('/')) {
        if (s === '' || s === '.')
            continue;
        depth += s === '..' ? -1 : 1;
        if (depth < 0)
            return false;
    }
    return true;
}
// ---------------------------------------------------------------------------
// Base image layers
/** Small files of a base image worth keeping: user and group names for --chown and USER. */
const KEEP_CONTENT = new Set(['etc/passwd', 'etc/group']);
const KEEP_MAX = 4 * 1024 * 1024;
/**
 * Reads one layer of a base image (a tar, gzip-compressed or not, as stored in the
 * registry) into the tree: paths, types, modes, owners and symlink targets, with
 * whiteouts applied, so that COPY and WORKDIR see the base filesystem as Docker does.
 * File contents are not kept (except /etc/passwd and /etc/group).
 */
async function indexLayer(tree, blob, mediaType) {
    const extract = tar_stream.extract();
    let decompressed = blob;
    let done = Promise.resolve();
    if (/gzip/.test(mediaType)) {
        const gunzip = external_node_zlib_default().createGunzip();
        done = (0,external_node_stream_promises_.pipeline)(blob, gunzip);
        decompressed = gunzip;
    }
    else if (/zstd/.test(mediaType)) {
        const z = (external_node_zlib_default());
        if (z.createZstdDecompress === undefined) {
            throw new ContextError('The base image has zstd-compressed layers, which this Node.js cannot read');
        }
        const unzstd = z.createZstdDecompress();
        done = (0,external_node_stream_promises_.pipeline)(blob, unzstd);
        decompressed = unzstd;
    }
    done.catch(() => undefined); // also surfaces through the extraction
    const feed = feedTar(decompressed, extract);
    const whiteouts = [];
    const opaque = [];
    const added = [];
    try {
        for await (const entry of extract) {
            const h = entry.header;
            const rel = segments(`/${h.name}`);
            const name = rel[rel.length - 1];
            if (name === undefined) {
                entry.resume();
                continue;
            }
            const dir = `/${rel.slice(0, -1).join('/')}`;
            if (name === '.wh..wh..opq') {
                opaque.push(dir);
                entry.resume();
                continue;
            }
            if (name.startsWith('.wh.')) {
                if (!name.startsWith('.wh..wh.'))
                    whiteouts.push(joinImage(dir, name.slice(4)));
                entry.resume();
                continue;
            }
            const node = {
                type: h.type === 'directory' ? 'dir' : h.type === 'symlink' ? 'symlink' : 'file',
                mode: h.type === 'symlink' ? 0o777 : (h.mode ?? 0) & 0o7777,
                uid: h.uid ?? 0,
                gid: h.gid ?? 0,
            };
            if (node.type === 'symlink')
                node.linkname = h.linkname ?? '';
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
            added.push([`/${rel.join('/')}`, node]);
        }
        await feed;
        await done;
    }
    catch (err) {
        await feed.catch(() => undefined);
        if (err instanceof ContextError)
            throw err;
        throw new ContextError(`Cannot read a base image layer: ${err.message}`);
    }
    // Whiteouts hide what the layers below have; then the layer's own entries apply.
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
/** Streams a tar into tar-stream's extractor, with backpressure. */
async function feedTar(source, extract) {
    try {
        for await (const chunk of source) {
            if (!extract.write(chunk))
                await (0,external_node_events_.once)(extract, 'drain');
        }
        extract.end();
    }
    catch (err) {
        extract.destroy(err);
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/dockerfile/dockerfile.ts
/**
 * Dockerfile parser and resolver for the native builder.
 *
 * It follows the Dockerfile frontend of BuildKit (frontend/dockerfile: parser,
 * instructions, shell lexer and the ARG/ENV handling of dockerfile2llb) so that a
 * Dockerfile means the same thing here as under `docker build`:
 *
 * - parser directives (`# syntax=`, `# escape=`, `# check=`) only before anything else;
 * - `#` comments only at the start of a line, line continuations with the escape
 *   character (also across comment lines and empty lines inside a continuation);
 * - JSON ("exec") form where the instruction allows it, shell form otherwise;
 * - `--flag=value` flags checked per instruction;
 * - ARG scoping (global ARGs for FROM only, redeclared ARGs in a stage, build-arg
 *   overrides, the predefined platform ARGs) and ENV/ARG substitution in the
 *   instructions where Docker substitutes (ADD COPY ENV EXPOSE LABEL STOPSIGNAL USER
 *   VOLUME WORKDIR, FROM with the global ARGs);
 * - heredocs are recognised (so the lines of their bodies are not read as
 *   instructions) but marked, since the native builder leaves them to the engine.
 *
 * Expansion errors (`${X:?}`) in stages that the build does not need are not
 * reported, as in BuildKit, which only dispatches the stages the target needs.
 */

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------
/** A Dockerfile error without a location yet. */
class Failure extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'Failure';
    }
}
function located(file, line, message, hint) {
    return new errors_ActionError('build', `${file}:${line}: ${message}`, hint, { file, line });
}
function locate(file, line, err) {
    if (err instanceof Failure)
        return located(file, line, err.message, err.hint);
    return err;
}
// ---------------------------------------------------------------------------
// Character helpers (Go's unicode.IsSpace and friends)
// ---------------------------------------------------------------------------
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const WHITESPACE_RUN = /[\t\v\f\r ]+/;
function isSpace(ch) {
    return GO_SPACE.test(ch);
}
function trimLeftSpace(s) {
    let i = 0;
    while (i < s.length && isSpace(s.charAt(i)))
        i++;
    return s.slice(i);
}
function trimSpace(s) {
    let end = s.length;
    while (end > 0 && isSpace(s.charAt(end - 1)))
        end--;
    return trimLeftSpace(s.slice(0, end));
}
/** Go's regexp.Split(s, 2) for a whitespace run. */
function splitFirstWhitespace(s) {
    const m = WHITESPACE_RUN.exec(s);
    if (!m)
        return [s];
    return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}
class WordCollector {
    word = '';
    inWord = false;
    words = [];
    addChar(ch) {
        if (isSpace(ch)) {
            if (this.inWord && this.word.length > 0) {
                this.words.push(this.word);
                this.word = '';
                this.inWord = false;
            }
        }
        else {
            this.addRawChar(ch);
        }
    }
    addRawChar(ch) {
        this.word += ch;
        this.inWord = true;
    }
    addString(s) {
        for (const ch of s)
            this.addChar(ch);
    }
    addRawString(s) {
        this.word += s;
        this.inWord = true;
    }
    finish() {
        if (this.word.length > 0) {
            this.words.push(this.word);
            this.word = '';
            this.inWord = false;
        }
        return this.words;
    }
}
function isSpecialParam(ch) {
    return '@*#?-$!0'.includes(ch);
}
class ShellWord {
    lookup;
    opts;
    chars;
    pos = 0;
    rawEscapes;
    matched = new Set();
    unmatched = new Set();
    constructor(word, lookup, opts) {
        this.lookup = lookup;
        this.opts = opts;
        this.chars = Array.from(word);
        this.rawEscapes = opts.rawEscapes ?? false;
    }
    peek() {
        return this.chars[this.pos];
    }
    next() {
        const ch = this.chars[this.pos];
        if (ch !== undefined)
            this.pos++;
        return ch;
    }
    getEnv(name) {
        const value = this.lookup(name);
        if (value === undefined)
            this.unmatched.add(name);
        else
            this.matched.add(name);
        return value;
    }
    processStopOn(stop, rawEscapes) {
        const saved = this.rawEscapes;
        this.rawEscapes = rawEscapes;
        try {
            let result = '';
            const words = new WordCollector();
            for (;;) {
                const ch = this.peek();
                if (ch === undefined)
                    break;
                if (stop !== undefined && ch === stop) {
                    this.next();
                    return { result, words: words.finish() };
                }
                if (ch === '$') {
                    const value = this.processDollar();
                    result += value;
                    words.addString(value);
                    continue;
                }
                if (ch === "'" || ch === '"') {
                    const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
                    result += value;
                    words.addRawString(value);
                    continue;
                }
                let c = this.next();
                if (c === this.opts.escape) {
                    if (this.rawEscapes) {
                        words.addRawChar(c);
                        result += c;
                    }
                    const escaped = this.next();
                    if (escaped === undefined)
                        break; // an escape at the end is dropped
                    c = escaped;
                    words.addRawChar(c);
                }
                else {
                    words.addChar(c);
                }
                result += c;
            }
            if (stop !== undefined) {
                throw new Failure(`unexpected end of statement while looking for matching ${stop}`);
            }
            return { result, words: words.finish() };
        }
        finally {
            this.rawEscapes = saved;
        }
    }
    processSingleQuote() {
        // Everything up to the next ' is literal; ' cannot be escaped inside.
        const open = this.next();
        let result = this.opts.rawQuotes ? open : '';
        for (;;) {
            const ch = this.next();
            if (ch === undefined) {
                throw new Failure('unexpected end of statement while looking for matching single-quote');
            }
            if (ch === "'") {
                if (this.opts.rawQuotes)
                    result += ch;
                return result;
            }
            result += ch;
        }
    }
    processDoubleQuote() {
        // Literal up to the next ", except $ expansions; the escape character only
        // escapes ", $ and itself, and stays as written before anything else.
        const open = this.next();
        let result = this.opts.rawQuotes ? open : '';
        for (;;) {
            const peek = this.peek();
            if (peek === undefined) {
                throw new Failure('unexpected end of statement while looking for matching double-quote');
            }
            if (peek === '"') {
                this.next();
                if (this.opts.rawQuotes)
                    result += peek;
                return result;
            }
            if (peek === '$') {
                result += this.processDollar();
                continue;
            }
            let ch = this.next();
            if (ch === this.opts.escape) {
                if (this.rawEscapes)
                    result += ch;
                const after = this.peek();
                if (after === undefined)
                    continue; // ignore the escape at the end of the word
                if (after === '"' || after === '$' || after === this.opts.escape)
                    ch = this.next();
            }
            result += ch;
        }
    }
    processName() {
        let name = '';
        for (;;) {
            const ch = this.peek();
            if (ch === undefined)
                break;
            if (name === '' && DIGIT.test(ch)) {
                // $1, $23: positional parameters, read all digits
                for (let d = this.peek(); d !== undefined && DIGIT.test(d); d = this.peek()) {
                    name += this.next();
                }
                return name;
            }
            if (name === '' && isSpecialParam(ch)) {
                this.next();
                return ch;
            }
            if (!LETTER.test(ch) && !DIGIT.test(ch) && ch !== '_')
                break;
            name += this.next();
        }
        return name;
    }
    processDollar() {
        this.next(); // $
        if (this.peek() !== '{') {
            const name = this.processName();
            if (name === '')
                return '$';
            const value = this.getEnv(name);
            if (value === undefined && this.opts.skipUnsetEnv)
                return `$${name}`;
            return value ?? '';
        }
        this.next(); // {
        const first = this.peek();
        if (first === undefined)
            throw new Failure("syntax error: missing '}'");
        if (first === '{' || first === '}' || first === ':') {
            throw new Failure('syntax error: bad substitution');
        }
        const name = this.processName();
        const op = this.next();
        if (op === undefined)
            throw new Failure("syntax error: missing '}'");
        if (op === '}') {
            const value = this.getEnv(name);
            if (value === undefined && this.opts.skipUnsetEnv)
                return `\${${name}}`;
            return value ?? '';
        }
        if (op === '/')
            return this.processReplacement(name);
        // ':' makes an empty value count as unset and applies to whatever follows,
        // which is read as a word before an unknown modifier is rejected (as in Go).
        let ch = op;
        let modifier = op;
        let nullIsUnset = false;
        if (op === ':') {
            nullIsUnset = true;
            ch = this.next();
            modifier += ch ?? '';
        }
        else if (!'+-?#%'.includes(op)) {
            throw new Failure(`unsupported modifier (${modifier}) in substitution`);
        }
        let word;
        try {
            word = this.processStopOn('}', ch === '#' || ch === '%').result;
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '}'");
            throw err;
        }
        const value = this.getEnv(name);
        if (value === undefined && this.opts.skipUnsetEnv)
            return `\${${name}${modifier}${word}}`;
        const unset = value === undefined || (nullIsUnset && value === '');
        switch (ch) {
            case '-':
                return unset ? word : (value ?? '');
            case '+':
                return unset ? '' : word;
            case '?':
                if (value === undefined) {
                    throw new Failure(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
                }
                if (nullIsUnset && value === '') {
                    throw new Failure(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
                }
                return value;
            case '#':
            case '%': {
                // # and % remove the shortest prefix / suffix, ## and %% the longest
                let pattern = word;
                let greedy = false;
                if (pattern.startsWith(ch)) {
                    greedy = true;
                    pattern = pattern.slice(1);
                }
                return ch === '%'
                    ? trimSuffix(pattern, value ?? '', greedy)
                    : trimPrefix(pattern, value ?? '', greedy);
            }
            default:
                throw new Failure(`unsupported modifier (${modifier}) in substitution`);
        }
    }
    processReplacement(name) {
        const all = this.peek() === '/';
        if (all)
            this.next();
        let pattern;
        try {
            pattern = this.processStopOn('/', true).result;
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '/' in ${}");
            throw err;
        }
        let replacement;
        try {
            replacement = this.processStopOn('}', true).result;
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '}'");
            throw err;
        }
        const value = this.getEnv(name);
        if (value === undefined && this.opts.skipUnsetEnv)
            return `\${${name}/${pattern}/${replacement}}`;
        const re = patternRegex(pattern, true, false, all);
        return (value ?? '').replace(re, () => replacement);
    }
}
/** A shell pattern (`*`, `?`, `\` escapes) as a regular expression. */
function patternRegex(pattern, greedy, anchored, global = false) {
    const chars = Array.from(pattern);
    let out = anchored ? '^' : '';
    for (let i = 0; i < chars.length; i++) {
        let tok = chars[i];
        if (tok === '*') {
            out += greedy ? '.*' : '.*?';
            continue;
        }
        if (tok === '?') {
            out += '.';
            continue;
        }
        if (tok === '\\') {
            const next = chars[i + 1];
            // \} and \/ are escapes of ${} itself, not part of the pattern
            if (next === '}' || next === '/')
                continue;
            i++;
            tok = chars[i] ?? '';
            if (tok !== '*' && tok !== '?' && tok !== '\\') {
                throw new Failure(`invalid pattern (${pattern}) in substitution: invalid escape '\\${tok}'`);
            }
            out += '\\';
        }
        else if ('[]{}.+()|^$'.includes(tok)) {
            out += '\\';
        }
        out += tok;
    }
    return new RegExp(out, global ? 'gu' : 'u');
}
function trimPrefix(pattern, value, greedy) {
    const m = patternRegex(pattern, greedy, true).exec(value);
    return m ? value.slice(m.index + m[0].length) : value;
}
/** Reverses a pattern but keeps escapes in front of what they escape (`a\*c` → `c\*a`). */
function reversePattern(pattern) {
    const chars = Array.from(pattern);
    const out = new Array(chars.length);
    const last = chars.length - 1;
    for (let i = 0; i <= last;) {
        const tok = chars[i];
        const o = last - i;
        if (tok === '\\' && i !== last) {
            out[o - 1] = tok;
            out[o] = chars[i + 1];
            i += 2;
        }
        else {
            out[o] = tok;
            i++;
        }
    }
    return out.join('');
}
function reverseString(s) {
    return Array.from(s).reverse().join('');
}
function trimSuffix(pattern, value, greedy) {
    // Shortest rightmost match = shortest leftmost match of the reversed strings.
    return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}
function lex(word, lookup, opts) {
    const sw = new ShellWord(word, lookup, opts);
    try {
        const { result, words } = sw.processStopOn(undefined, opts.rawEscapes ?? false);
        return { result, words, matched: sw.matched, unmatched: sw.unmatched };
    }
    catch (err) {
        if (err instanceof Failure) {
            throw new Failure(`failed to process ${JSON.stringify(word)}: ${err.message}`, err.hint);
        }
        throw err;
    }
}
function recordLookup(env) {
    return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}
function mapLookup(env) {
    return (name) => env.get(name);
}
/**
 * Docker's expansion of one word: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}` (throws), `${VAR#pattern}`,
 * `${VAR%pattern}` (and `##`, `%%`), `${VAR/pattern/replacement}` (and `//`); the escape
 * character escapes the next character, single quotes are literal, double quotes
 * group and still expand; an unset variable expands to ''. Quotes are removed.
 */
function expand(word, env, escape = '\\') {
    try {
        return lex(word, recordLookup(env), { escape }).result;
    }
    catch (err) {
        if (err instanceof Failure)
            throw new ActionError('build', err.message, err.hint);
        throw err;
    }
}
const HOST_ARCH = {
    x64: { os: 'linux', arch: 'amd64', variant: '' },
    arm64: { os: 'linux', arch: 'arm64', variant: '' },
    arm: { os: 'linux', arch: 'arm', variant: 'v7' },
    ia32: { os: 'linux', arch: '386', variant: '' },
    ppc64: { os: 'linux', arch: 'ppc64le', variant: '' },
    s390x: { os: 'linux', arch: 's390x', variant: '' },
    riscv64: { os: 'linux', arch: 'riscv64', variant: '' },
    loong64: { os: 'linux', arch: 'loong64', variant: '' },
};
/** The build platform: the host architecture, always linux (images are linux). */
function hostArch() {
    return HOST_ARCH[process.arch] ?? { os: 'linux', arch: 'amd64', variant: '' };
}
/** Parses and normalises `os/arch[/variant]` as containerd's platforms package does. */
function parsePlatform(spec, fallback) {
    const parts = spec.trim().toLowerCase().split('/');
    let os = parts[0] ?? '';
    let arch = parts[1] ?? '';
    let variant = parts[2] ?? '';
    if (parts.length === 1) {
        // "arm64" alone is an architecture, "linux" alone an OS
        if (['linux', 'windows', 'darwin', 'freebsd'].includes(os))
            arch = fallback.arch;
        else
            [os, arch] = [fallback.os, os];
    }
    switch (arch) {
        case 'i386':
            arch = '386';
            variant = '';
            break;
        case 'x86_64':
        case 'x86-64':
        case 'amd64':
            arch = 'amd64';
            if (variant === 'v1')
                variant = '';
            break;
        case 'aarch64':
        case 'arm64':
            arch = 'arm64';
            if (variant === '8' || variant === 'v8')
                variant = '';
            break;
        case 'armhf':
            arch = 'arm';
            variant = 'v7';
            break;
        case 'armel':
            arch = 'arm';
            variant = 'v6';
            break;
        case 'arm':
            if (variant === '' || variant === '7')
                variant = 'v7';
            else if (/^[5-8]$/.test(variant))
                variant = `v${variant}`;
            break;
    }
    return { os, arch, variant };
}
function formatPlatform(p) {
    return p.variant ? `${p.os}/${p.arch}/${p.variant}` : `${p.os}/${p.arch}`;
}
/** The predefined platform ARGs, with build-arg overrides (BuildKit's getPlatformArgs). */
function platformArgs(buildArgs, platform) {
    const build = hostArch();
    const targetSpec = platform ?? (Object.hasOwn(buildArgs, 'TARGETPLATFORM') ? buildArgs.TARGETPLATFORM : undefined);
    const target = targetSpec ? parsePlatform(targetSpec, build) : build;
    const args = new Map([
        ['BUILDPLATFORM', formatPlatform(build)],
        ['BUILDOS', build.os],
        ['BUILDARCH', build.arch],
        ['BUILDVARIANT', build.variant],
        ['TARGETPLATFORM', formatPlatform(target)],
        ['TARGETOS', target.os],
        ['TARGETARCH', target.arch],
        ['TARGETVARIANT', target.variant],
    ]);
    for (const key of args.keys()) {
        if (Object.hasOwn(buildArgs, key))
            args.set(key, buildArgs[key]);
    }
    return args;
}
// ---------------------------------------------------------------------------
// Durations (HEALTHCHECK flags use Go's time.ParseDuration)
// ---------------------------------------------------------------------------
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
const DIRECTIVE_RE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const ESCAPE_HINT = 'The escape directive takes a backslash (# escape=\\) or a backtick (# escape=`).';
class Directives {
    done = false;
    escape = '\\';
    continuation = continuationRegex('\\');
    values = {};
    lines = {};
    /** Looks at a line while directives are still allowed. */
    check(line, lineNo) {
        if (this.done)
            return;
        if (!line.startsWith('#')) {
            this.done = true;
            return;
        }
        const m = DIRECTIVE_RE.exec(trimLeftSpace(line.slice(1)));
        const key = m?.[1]?.toLowerCase();
        if (!m || key === undefined || !VALID_DIRECTIVES.has(key)) {
            this.done = true;
            return;
        }
        if (Object.hasOwn(this.values, key)) {
            throw new Failure(`only one ${key} parser directive can be used`);
        }
        const value = m[2];
        this.values[key] = value;
        this.lines[key] = lineNo;
        if (key === 'escape') {
            if (value !== '`' && value !== '\\') {
                throw new Failure(`invalid escape token '${value}' does not match \` or \\`, ESCAPE_HINT);
            }
            this.escape = value;
            this.continuation = continuationRegex(value);
        }
    }
}
/**
 * The escape character at the end of a line continues it, unless it is itself
 * escaped right before (BuildKit's regular expression has the same limit).
 */
function continuationRegex(escape) {
    const e = escape === '\\' ? '\\\\' : '`';
    return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}
function trimContinuation(line, re) {
    const m = re.exec(line);
    if (!m)
        return [line, true];
    return [line.slice(0, m.index) + (m[1] ?? ''), false];
}
function trimNewline(s) {
    return s.replace(/[\r\n]+$/, '');
}
function isCommentLine(raw) {
    return trimLeftSpace(raw).startsWith('#');
}
/** Splits `--flag=value` words from the start of the arguments (BuildKit's extractBuilderFlags). */
function extractFlags(line) {
    const words = [];
    let phase = 'spaces';
    let word = '';
    let quote = '';
    let blankOK = false;
    for (let pos = 0; pos <= line.length; pos++) {
        let ch = pos < line.length ? line.charAt(pos) : '';
        if (phase === 'spaces') {
            if (pos === line.length)
                break;
            if (isSpace(ch))
                continue;
            if (ch !== '-' || pos + 1 === line.length || line.charAt(pos + 1) !== '-') {
                return { rest: line.slice(pos), flags: words };
            }
            phase = 'word';
        }
        if (pos === line.length) {
            if (word !== '--' && (blankOK || word.length > 0))
                words.push(word);
            break;
        }
        if (phase === 'word') {
            if (isSpace(ch)) {
                phase = 'spaces';
                if (word === '--')
                    return { rest: line.slice(pos), flags: words };
                if (blankOK || word.length > 0)
                    words.push(word);
                word = '';
                blankOK = false;
                continue;
            }
            if (ch === "'" || ch === '"') {
                quote = ch;
                blankOK = true;
                phase = 'quote';
                continue;
            }
            if (ch === '\\') {
                if (pos + 1 === line.length)
                    continue;
                pos++;
                ch = line.charAt(pos);
            }
            word += ch;
            continue;
        }
        // quote
        if (ch === quote) {
            phase = 'word';
            continue;
        }
        if (ch === '\\') {
            if (pos + 1 === line.length) {
                phase = 'word';
                continue;
            }
            pos++;
            ch = line.charAt(pos);
        }
        word += ch;
    }
    return { rest: '', flags: words };
}
/** Words of ENV/LABEL/ARG: split on spaces outside quotes; quotes and escapes are kept. */
function parseWords(rest, escape) {
    const words = [];
    const chars = Array.from(rest);
    let phase = 'spaces';
    let quote = '';
    let blankOK = false;
    let word = '';
    for (let pos = 0; pos <= chars.length; pos++) {
        const atEnd = pos === chars.length;
        let ch = chars[pos] ?? '';
        if (phase === 'spaces') {
            if (atEnd)
                break;
            if (isSpace(ch))
                continue;
            phase = 'word';
        }
        if (atEnd) {
            if (blankOK || word.length > 0)
                words.push(word);
            break;
        }
        if (phase === 'word') {
            if (isSpace(ch)) {
                phase = 'spaces';
                if (blankOK || word.length > 0)
                    words.push(word);
                word = '';
                blankOK = false;
                continue;
            }
            if (ch === "'" || ch === '"') {
                quote = ch;
                blankOK = true;
                phase = 'quote';
            }
            if (ch === escape) {
                if (pos + 1 === chars.length)
                    continue; // an escape at the end is dropped
                // keep the escape and the escaped character, even a quote
                word += ch;
                pos++;
                ch = chars[pos] ?? '';
            }
            word += ch;
            continue;
        }
        // quote
        if (ch === quote)
            phase = 'word';
        if (ch === escape && quote !== "'") {
            if (pos + 1 === chars.length) {
                phase = 'word';
                continue;
            }
            pos++;
            word += ch;
            ch = chars[pos] ?? '';
        }
        word += ch;
    }
    return words;
}
const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';
/** The JSON form, or undefined when the text is not a JSON array. */
function parseJSONArgs(rest) {
    const text = trimLeftSpace(rest);
    if (!text.startsWith('['))
        return undefined;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(value))
        return undefined;
    const out = [];
    for (const item of value) {
        if (typeof item !== 'string')
            throw new Failure(NOT_STRINGS);
        out.push(item);
    }
    return out;
}
function whitespaceList(rest) {
    return rest === '' ? [] : rest.split(/[\t\v\f\r ]+/);
}
function maybeJSON(rest) {
    if (rest === '')
        return { args: [], json: false };
    const json = parseJSONArgs(rest);
    return json ? { args: json, json: true } : { args: [rest], json: false };
}
function maybeJSONList(rest) {
    const json = parseJSONArgs(rest);
    return json ? { args: json, json: true } : { args: whitespaceList(rest), json: false };
}
function nameValues(rest, keyword, escape) {
    const words = parseWords(rest, escape);
    if (words.length === 0)
        return [];
    if (!words[0].includes('=')) {
        // legacy form: KEY value with spaces
        const parts = splitFirstWhitespace(rest);
        if (parts.length < 2)
            throw new Failure(`${keyword} must have two arguments`);
        return parts;
    }
    const out = [];
    for (const word of words) {
        const eq = word.indexOf('=');
        if (eq < 0) {
            throw new Failure(`Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`);
        }
        out.push(word.slice(0, eq), word.slice(eq + 1));
    }
    return out;
}
function healthArgs(rest) {
    let sep = 0;
    while (sep < rest.length && !isSpace(rest.charAt(sep)))
        sep++;
    let next = sep;
    while (next < rest.length && isSpace(rest.charAt(next)))
        next++;
    if (sep === 0)
        return { args: [], json: false };
    const cmd = maybeJSON(rest.slice(next));
    return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
}
function newNode(line, escape, lineNo) {
    const trimmed = trimSpace(line);
    const [cmd, after] = splitFirstWhitespace(trimmed);
    const { rest: restRaw, flags } = after !== undefined ? extractFlags(after) : { rest: '', flags: [] };
    const rest = trimSpace(restRaw);
    const keyword = cmd.toUpperCase();
    const node = {
        cmd,
        keyword,
        flagWords: flags,
        args: [],
        json: false,
        original: line,
        line: lineNo,
        endLine: lineNo,
        heredocs: [],
    };
    let parsed = { args: [], json: false };
    switch (keyword) {
        case 'ADD':
        case 'COPY':
        case 'VOLUME':
            parsed = maybeJSONList(rest);
            break;
        case 'CMD':
        case 'ENTRYPOINT':
        case 'RUN':
        case 'SHELL':
            parsed = maybeJSON(rest);
            break;
        case 'ARG':
            parsed = { args: parseWords(rest, escape), json: false };
            break;
        case 'ENV':
        case 'LABEL':
            parsed = { args: nameValues(rest, keyword, escape), json: false };
            break;
        case 'EXPOSE':
        case 'FROM':
            parsed = { args: whitespaceList(rest), json: false };
            break;
        case 'HEALTHCHECK':
            parsed = healthArgs(rest);
            break;
        case 'MAINTAINER':
        case 'STOPSIGNAL':
        case 'USER':
        case 'WORKDIR':
            parsed = { args: rest === '' ? [] : [rest], json: false };
            break;
        case 'ONBUILD':
            if (rest !== '') {
                node.child = newNode(rest, escape, lineNo);
                parsed = { args: [node.child.cmd, ...node.child.args], json: node.child.json };
            }
            break;
        default:
            // unknown instructions are reported when instructions are parsed
            break;
    }
    node.args = parsed.args;
    node.json = parsed.json;
    return node;
}
const HEREDOC_RE = /^(\d*)<<(-?)([^<]*)$/;
function parseHeredoc(word) {
    const m = HEREDOC_RE.exec(word);
    const rest = m?.[3];
    if (!m || !rest)
        return undefined;
    const none = () => undefined;
    const words = lex(rest, none, { escape: '\\', skipUnsetEnv: true }).words;
    if (words.length !== 1)
        return undefined;
    const raw = lex(rest, none, { escape: '\\', skipUnsetEnv: true, rawQuotes: true }).words;
    const name = words[0];
    const quotes = (s) => (s.match(/['"]/g) ?? []).length;
    return { name, chomp: m[2] === '-', expand: quotes(name) === quotes(raw[0] ?? '') };
}
function heredocsOf(line) {
    let words;
    try {
        words = lex(line, () => undefined, {
            escape: '\\',
            rawQuotes: true,
            rawEscapes: true,
            skipUnsetEnv: true,
        }).words;
    }
    catch {
        return []; // BuildKit ignores a line it cannot split here
    }
    const docs = [];
    for (const word of words) {
        const doc = parseHeredoc(word);
        if (doc)
            docs.push(doc);
    }
    return docs;
}
function canContainHeredoc(node) {
    const n = node.keyword === 'ONBUILD' && node.child ? node.child : node;
    return ['RUN', 'COPY', 'ADD'].includes(n.keyword) && !n.json;
}
function splitLines(text) {
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
function parseAST(text, file) {
    const dirs = new Directives();
    const lines = splitLines(text);
    const nodes = [];
    let i = 0;
    while (i < lines.length) {
        let raw = trimNewline(lines[i]);
        if (i === 0)
            raw = raw.replace(/^\uFEFF/, '');
        const startLine = i + 1;
        i++;
        const first = trimLeftSpace(raw);
        try {
            dirs.check(first, startLine);
        }
        catch (err) {
            throw locate(file, startLine, err);
        }
        let [line, isEnd] = trimContinuation(first.startsWith('#') ? '' : first, dirs.continuation);
        if (isEnd && line === '')
            continue;
        let endLine = startLine;
        while (!isEnd && i < lines.length) {
            const next = trimNewline(lines[i]);
            i++;
            endLine = i;
            if (isCommentLine(next))
                continue;
            if (trimLeftSpace(next) === '')
                continue; // empty continuation line (a warning in Docker)
            const [part, end] = trimContinuation(next, dirs.continuation);
            line += part;
            isEnd = end;
        }
        let node;
        try {
            node = newNode(line, dirs.escape, startLine);
        }
        catch (err) {
            throw locate(file, startLine, err);
        }
        if (canContainHeredoc(node)) {
            let docs;
            try {
                docs = heredocsOf(line);
            }
            catch (err) {
                throw locate(file, startLine, err);
            }
            for (const doc of docs) {
                let terminated = false;
                while (i < lines.length) {
                    let candidate = trimNewline(lines[i]);
                    i++;
                    endLine = i;
                    if (doc.chomp)
                        candidate = candidate.replace(/^\t+/, '');
                    if (candidate === doc.name) {
                        terminated = true;
                        break;
                    }
                }
                if (!terminated) {
                    throw located(file, startLine, 'unterminated heredoc', `Add a line with only ${doc.name}.`);
                }
            }
            node.heredocs = docs;
        }
        node.endLine = endLine;
        nodes.push(node);
    }
    if (nodes.length === 0) {
        throw located(file, 1, 'file with no instructions', 'The Dockerfile needs at least a FROM instruction.');
    }
    return { nodes, directives: dirs };
}
const FLAG_SPECS = {
    FROM: { platform: 'string' },
    COPY: {
        chown: 'string',
        from: 'string',
        chmod: 'string',
        link: 'bool',
        exclude: 'strings',
        parents: 'bool',
    },
    ADD: {
        exclude: 'strings',
        chown: 'string',
        chmod: 'string',
        link: 'bool',
        'keep-git-dir': 'bool',
        checksum: 'string',
        unpack: 'bool',
    },
    RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
    HEALTHCHECK: {
        interval: 'string',
        timeout: 'string',
        'start-period': 'string',
        'start-interval': 'string',
        retries: 'string',
    },
};
function parseFlags(keyword, words) {
    const spec = FLAG_SPECS[keyword] ?? {};
    const out = {};
    const used = new Set();
    const known = Object.keys(spec);
    const hint = known.length > 0
        ? `${keyword} accepts ${known.map((k) => `--${k}`).join(', ')}.`
        : `${keyword} takes no flags.`;
    for (const word of words) {
        if (!word.startsWith('--'))
            throw new Failure(`Arg should start with -- : ${word}`);
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
            throw new Failure(`Unknown flag: ${name}`, hint);
        if (used.has(name) && kind !== 'strings')
            throw new Failure(`Duplicate flag specified: ${name}`);
        used.add(name);
        if (kind === 'bool') {
            if (eq >= 0 && value === '')
                throw new Failure(`Missing a value on flag: ${name}`);
            const lower = value.toLowerCase();
            if (lower === '')
                out[name] = 'true';
            else if (lower === 'true' || lower === 'false')
                out[name] = lower;
            else
                throw new Failure(`Expecting boolean value for flag ${name}, not: ${value}`);
        }
        else {
            if (eq < 0)
                throw new Failure(`Missing a value on flag: ${name}`);
            out[name] = value;
        }
    }
    return out;
}
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
function unknownInstruction(keyword) {
    const close = INSTRUCTIONS.filter((k) => editDistance(k, keyword) <= 2).sort((a, b) => editDistance(a, keyword) - editDistance(b, keyword))[0];
    const hint = close
        ? `Did you mean ${close}?`
        : `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}.`;
    return new Failure(`unknown instruction: ${keyword}`, hint);
}
function exactlyOne(keyword, args) {
    if (args.length !== 1)
        throw new Failure(`${keyword} requires exactly one argument`);
}
function atLeastOne(keyword, args) {
    if (args.length === 0)
        throw new Failure(`${keyword} requires at least one argument`);
}
function keyValues(keyword, args) {
    atLeastOne(keyword, args);
    if (args.length % 2 !== 0)
        throw new Failure(`Bad input to ${keyword}, too many arguments`);
    for (let i = 0; i < args.length; i += 2) {
        if (args[i] === '')
            throw new Failure(`${keyword} names can not be blank`);
    }
}
/** Non-JSON CMD/ENTRYPOINT/RUN arguments are one string, as Docker keeps them. */
function shellForm(args, json) {
    if (args.length === 0)
        return [];
    return json ? args : [args.join(' ')];
}
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
function parseCommand(node) {
    const { keyword } = node;
    const cmd = { node, keyword, flags: {}, args: node.args, json: node.json };
    switch (keyword) {
        case 'ENV':
        case 'LABEL':
            cmd.flags = parseFlags(keyword, node.flagWords);
            keyValues(keyword, node.args);
            return cmd;
        case 'MAINTAINER':
        case 'WORKDIR':
        case 'USER':
            exactlyOne(keyword, node.args);
            cmd.flags = parseFlags(keyword, node.flagWords);
            return cmd;
        case 'STOPSIGNAL':
            exactlyOne(keyword, node.args);
            return cmd;
        case 'ADD':
        case 'COPY':
            if (node.args.length < 2) {
                throw new Failure(`${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`);
            }
            cmd.flags = parseFlags(keyword, node.flagWords);
            return cmd;
        case 'FROM': {
            const args = node.args;
            if (args.length === 3 && args[1].toLowerCase() === 'as') {
                const name = args[2].toLowerCase();
                if (!STAGE_NAME.test(name)) {
                    throw new Failure(`invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`);
                }
                cmd.stageName = name;
            }
            else if (args.length !== 1) {
                throw new Failure('FROM requires either one or three arguments');
            }
            cmd.flags = parseFlags(keyword, node.flagWords);
            return cmd;
        }
        case 'ONBUILD': {
            atLeastOne(keyword, node.args);
            cmd.flags = parseFlags(keyword, node.flagWords);
            const trigger = trimSpace(node.args[0]).toUpperCase();
            if (trigger === 'ONBUILD') {
                throw new Failure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            }
            if (trigger === 'MAINTAINER' || trigger === 'FROM') {
                throw new Failure(`${trigger} isn't allowed as an ONBUILD trigger`);
            }
            cmd.args = [trimSpace(node.original).replace(/^\s*ONBUILD\s*/i, '')];
            cmd.json = false;
            return cmd;
        }
        case 'RUN':
        case 'CMD':
        case 'ENTRYPOINT':
            cmd.flags = parseFlags(keyword, node.flagWords);
            cmd.args = shellForm(node.args, node.json);
            return cmd;
        case 'SHELL':
            cmd.flags = parseFlags(keyword, node.flagWords);
            atLeastOne(keyword, node.args);
            if (!node.json)
                throw new Failure('SHELL requires the arguments to be in JSON form');
            return cmd;
        case 'HEALTHCHECK':
            return parseHealthcheck(cmd);
        case 'EXPOSE':
        case 'VOLUME':
            atLeastOne(keyword, node.args);
            cmd.flags = parseFlags(keyword, node.flagWords);
            if (keyword === 'VOLUME') {
                cmd.args = node.args.map((v) => trimSpace(v));
                if (cmd.args.includes(''))
                    throw new Failure('VOLUME specified can not be an empty string');
            }
            return cmd;
        case 'ARG':
            atLeastOne(keyword, node.args);
            cmd.defs = node.args.map((word) => {
                const eq = word.indexOf('=');
                if (eq < 0)
                    return { key: word };
                if (eq === 0)
                    throw new Failure('ARG names can not be blank');
                return { key: word.slice(0, eq), value: word.slice(eq + 1) };
            });
            return cmd;
        default:
            throw unknownInstruction(keyword);
    }
}
function parseHealthcheck(cmd) {
    const args = cmd.node.args;
    atLeastOne('HEALTHCHECK', args);
    const type = args[0].toUpperCase();
    const rest = args.slice(1);
    if (type === 'NONE') {
        if (rest.length > 0)
            throw new Failure('HEALTHCHECK NONE takes no arguments');
        cmd.args = ['NONE'];
        cmd.json = false;
        return cmd;
    }
    cmd.flags = parseFlags('HEALTHCHECK', cmd.node.flagWords);
    if (type !== 'CMD') {
        throw new Failure(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
    }
    const command = shellForm(rest, cmd.node.json);
    if (command.length === 0)
        throw new Failure('Missing command after HEALTHCHECK CMD');
    cmd.args = [cmd.node.json ? 'CMD' : 'CMD-SHELL', ...command];
    for (const name of ['interval', 'timeout', 'start-period', 'start-interval']) {
        const value = cmd.flags[name];
        if (value === undefined || value === '')
            continue;
        let ns;
        try {
            ns = parseGoDuration(value);
        }
        catch (err) {
            throw new Failure(err.message);
        }
        if (ns !== 0 && ns < 1e6) {
            throw new Failure(`Interval ${JSON.stringify(name)} cannot be less than 1ms`);
        }
    }
    const retries = cmd.flags.retries;
    if (retries !== undefined && retries !== '') {
        if (!/^[+-]?\d+$/.test(retries) || Math.abs(Number(retries)) > 2 ** 31 - 1) {
            throw new Failure(`strconv.ParseInt: parsing ${JSON.stringify(retries)}: invalid syntax`);
        }
        if (Number(retries) < 0)
            throw new Failure(`--retries cannot be negative (${Number(retries)})`);
    }
    return cmd;
}
// ---------------------------------------------------------------------------
// Resolver: ARG/ENV scoping and expansion (BuildKit's dockerfile2llb)
// ---------------------------------------------------------------------------
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
        const stageName = 'from' in s ? s.from.stageName : s.name;
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
 * variables expanded as Docker expands them. Throws ActionError('build') with
 * `file:line` for anything Docker rejects.
 */
function parseDockerfile(text, file, buildArgs, options = {}) {
    const { nodes, directives } = parseAST(text, file);
    // Instructions, grouped in stages.
    const metaArgs = [];
    const rawStages = [];
    for (const node of nodes) {
        let cmd;
        try {
            cmd = parseCommand(node);
        }
        catch (err) {
            throw locate(file, node.line, err);
        }
        if (cmd.keyword === 'FROM') {
            rawStages.push({ from: cmd, commands: [] });
        }
        else if (rawStages.length === 0) {
            if (cmd.keyword !== 'ARG') {
                throw located(file, node.line, `no build stage in current context: ${cmd.keyword} before the first FROM`, 'Only ARG instructions may come before the first FROM.');
            }
            metaArgs.push(cmd);
        }
        else {
            rawStages[rawStages.length - 1].commands.push(cmd);
        }
    }
    if (rawStages.length === 0) {
        throw located(file, nodes[0]?.line ?? 1, 'dockerfile contains no stages to build: no FROM instruction', 'Start the build stage with FROM <image> (or FROM scratch).');
    }
    // Global scope: the predefined platform ARGs, then the ARGs before the first FROM.
    const meta = platformArgs(buildArgs, options.platform);
    const metaLookup = mapLookup(meta);
    const globalArgs = [];
    for (const cmd of metaArgs) {
        for (const def of cmd.defs ?? []) {
            let value = def.value;
            if (Object.hasOwn(buildArgs, def.key)) {
                value = buildArgs[def.key];
            }
            else if (value !== undefined) {
                try {
                    value = lex(value, metaLookup, { escape: directives.escape }).result;
                }
                catch (err) {
                    throw locate(file, cmd.node.line, err);
                }
            }
            if (value !== undefined)
                meta.set(def.key, value);
            globalArgs.push(value === undefined ? { name: def.key } : { name: def.key, value });
        }
    }
    // FROM lines are expanded with the global scope, for every stage.
    const stages = rawStages.map((raw, index) => {
        const line = raw.from.node.line;
        const baseWord = raw.from.args[0];
        let base;
        try {
            base = lex(baseWord, metaLookup, { escape: directives.escape }).result;
        }
        catch (err) {
            throw locate(file, line, err);
        }
        if (base === '') {
            throw located(file, line, `base name (${baseWord}) should not be blank`, 'Give the ARG used in FROM a default value or pass it as a build argument.');
        }
        const stage = { index, base, instructions: [], line, baseEnvKnown: true };
        if (raw.from.stageName !== undefined)
            stage.name = raw.from.stageName;
        const platformWord = raw.from.flags.platform;
        if (platformWord !== undefined) {
            try {
                const res = lex(platformWord, metaLookup, { escape: directives.escape });
                stage.platform = res.result;
                if (res.unmatched.size > 0)
                    stage.platformUnsetVars = [...res.unmatched];
            }
            catch (err) {
                throw locate(file, line, err);
            }
        }
        const baseStage = stageByName(rawStages, base, index);
        if (baseStage !== undefined)
            stage.baseStage = baseStage;
        return stage;
    });
    // COPY --from references.
    const fromStages = rawStages.map((raw) => raw.commands.map((cmd) => {
        const from = cmd.keyword === 'COPY' ? cmd.flags.from : undefined;
        if (from === undefined || from === '')
            return undefined;
        const index = copyFromIndex(from, rawStages);
        if (index === 'invalid') {
            throw located(file, cmd.node.line, `invalid stage index ${from}`);
        }
        return index;
    }));
    const needed = reachable(stages, fromStages, targetIndex(stages, options.target, file));
    // Dispatch the stages in order.
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
                throw located(file, cmd.node.line, `cannot copy from stage ${JSON.stringify(other.name ?? String(fromStage))}, it needs to be defined before current stage ${JSON.stringify(stage.name ?? `stage-${index}`)}`);
            }
            let ins;
            try {
                ins = dispatch(cmd, state, buildArgs, meta, directives.escape);
            }
            catch (err) {
                if (strict)
                    throw locate(file, cmd.node.line, err);
                ins = instructionOf(cmd, cmd.args, new Set());
            }
            if (fromStage !== undefined)
                ins.fromStage = fromStage;
            stage.instructions.push(ins);
        });
        states.push(state);
    });
    return {
        file,
        directives: { ...directives.values },
        directiveLines: { ...directives.lines },
        escape: directives.escape,
        globalArgs,
        stages,
    };
}
function targetIndex(stages, target, file) {
    if (target === undefined || target === '')
        return stages.length - 1;
    const index = stageByName(stages, target);
    if (index === undefined) {
        const names = stages.flatMap((s) => (s.name ? [s.name] : []));
        throw new errors_ActionError('build', `${file}: target stage ${JSON.stringify(target)} could not be found`, names.length > 0 ? `Stages: ${names.join(', ')}.` : 'The Dockerfile has no named stages.', { file });
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
function instructionOf(cmd, args, unset) {
    const ins = {
        line: cmd.node.line,
        endLine: cmd.node.endLine,
        keyword: cmd.keyword,
        flags: { ...cmd.flags },
        args,
        json: cmd.json,
        raw: trimSpace(cmd.node.original),
    };
    if (cmd.node.heredocs.length > 0)
        ins.heredoc = true;
    if (unset.size > 0)
        ins.unsetVars = [...unset];
    return ins;
}
function dispatch(cmd, state, buildArgs, meta, escape) {
    const unset = new Set();
    // Expansion sees the environment before the instruction (ENV a=1 b=$a: $a is the old a).
    const lookup = mapLookup(new Map(state.env));
    const word = (w) => {
        const res = lex(w, lookup, { escape });
        for (const name of res.unmatched)
            unset.add(name);
        return res.result;
    };
    const words = (w) => {
        const res = lex(w, lookup, { escape });
        for (const name of res.unmatched)
            unset.add(name);
        return res.words;
    };
    let args = cmd.args;
    const flags = { ...cmd.flags };
    switch (cmd.keyword) {
        case 'ARG': {
            args = [];
            for (const def of cmd.defs ?? []) {
                let value = def.value;
                if (Object.hasOwn(buildArgs, def.key)) {
                    value = buildArgs[def.key];
                }
                else if (value !== undefined) {
                    const res = lex(value, mapLookup(state.env), { escape });
                    for (const name of res.unmatched)
                        unset.add(name);
                    value = res.result;
                }
                else if (meta.has(def.key)) {
                    value = meta.get(def.key);
                }
                if (value !== undefined && !NON_ENV_ARGS.has(def.key))
                    state.env.set(def.key, value);
                args.push(value === undefined ? def.key : `${def.key}=${value}`);
            }
            break;
        }
        case 'ENV':
        case 'LABEL': {
            args = cmd.args.map(word);
            if (cmd.keyword === 'ENV') {
                for (let i = 0; i + 1 < args.length; i += 2) {
                    state.env.set(args[i], args[i + 1]);
                    state.imageEnv.set(args[i], args[i + 1]);
                }
            }
            break;
        }
        case 'COPY':
        case 'ADD':
            args = cmd.args.map(word);
            if (flags.chown !== undefined)
                flags.chown = word(flags.chown);
            if (cmd.keyword === 'ADD' && flags.checksum !== undefined)
                flags.checksum = word(flags.checksum);
            break;
        case 'WORKDIR':
        case 'USER':
        case 'STOPSIGNAL':
        case 'VOLUME':
            args = cmd.args.map(word);
            break;
        case 'EXPOSE':
            args = cmd.args.flatMap(words);
            break;
        default:
            break;
    }
    const ins = instructionOf(cmd, args, unset);
    ins.flags = flags;
    return ins;
}
// ---------------------------------------------------------------------------
// What the native builder leaves to the engine
// ---------------------------------------------------------------------------
/** Indexes (ascending) of the stages needed to build `target` (default: the last stage). */
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
function neededStages(df, target) {
    const fromStages = df.stages.map((s) => s.instructions.map((i) => i.fromStage));
    const set = reachable(df.stages, fromStages, targetIndex(df.stages, target, df.file));
    return [...set].sort((a, b) => a - b);
}
/** `# syntax=` images that are Docker's own Dockerfile frontend. */
const STOCK_FRONTEND = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::[\w][\w.-]*)?(?:@sha256:[a-f0-9]{64})?$/;
function isRemoteSource(src) {
    return (/^(?:https?|git|ssh):\/\//i.test(src) || /^git@/.test(src) || src.startsWith('github.com/'));
}
function unsupportedReason(ins, stage) {
    const { keyword, flags } = ins;
    if (keyword === 'RUN')
        return 'RUN executes a command in a container, which needs a container engine';
    if (keyword === 'ONBUILD')
        return 'ONBUILD triggers are left to the Docker engine';
    if (ins.heredoc)
        return 'heredocs are not supported by the native builder';
    if (keyword === 'COPY' || keyword === 'ADD') {
        if (flags.link === 'true') {
            return `${keyword} --link builds the layer independently of the previous ones (different parent-directory and symlink handling)`;
        }
        if (flags.parents === 'true')
            return 'COPY --parents (keeping the source parent directories) is not implemented';
        if (flags.exclude !== undefined)
            return `${keyword} --exclude patterns are not implemented`;
    }
    if (keyword === 'ADD') {
        if (flags.checksum !== undefined)
            return 'ADD --checksum verifies a remote source, which needs the engine';
        if (flags['keep-git-dir'] === 'true')
            return 'ADD --keep-git-dir applies to git sources, which need the engine';
        if (flags.unpack !== undefined)
            return 'ADD --unpack (explicit archive extraction control) is not implemented';
        const remote = ins.args.slice(0, -1).find(isRemoteSource);
        if (remote !== undefined)
            return `ADD of a remote source (${remote}) needs the engine to fetch it`;
    }
    if (keyword === 'COPY' && flags.from !== undefined && flags.from !== '') {
        if (ins.fromStage === undefined) {
            return `COPY --from=${flags.from} copies from an image, not from a build stage`;
        }
        if (ins.fromStage >= stage.index)
            return `COPY --from=${flags.from} names a stage defined later`;
    }
    if (!stage.baseEnvKnown && ins.unsetVars && ins.unsetVars.length > 0) {
        const vars = ins.unsetVars.map((v) => `$${v}`).join(', ');
        return `${vars} may come from the environment of base image ${stage.base}, which was not supplied`;
    }
    return undefined;
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
            const reason = unsupportedReason(ins, stage);
            if (reason !== undefined) {
                return { file: df.file, line: ins.line, instruction: ins.keyword, reason };
            }
        }
    }
    return undefined;
}

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

const dockerignore_GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
function dockerignore_trimSpace(s) {
    let start = 0;
    let end = s.length;
    while (start < end && dockerignore_GO_SPACE.test(s.charAt(start)))
        start++;
    while (end > start && dockerignore_GO_SPACE.test(s.charAt(end - 1)))
        end--;
    return s.slice(start, end);
}
/** Go's path.Clean. */
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
        let pattern = dockerignore_trimSpace(line);
        if (pattern === '')
            return;
        const invert = pattern.startsWith('!');
        if (invert)
            pattern = dockerignore_trimSpace(pattern.slice(1));
        if (pattern.length > 0) {
            pattern = cleanPath(pattern);
            if (pattern.length > 1 && pattern.startsWith('/'))
                pattern = pattern.slice(1);
        }
        patterns.push(invert ? `!${pattern}` : pattern);
    });
    return patterns;
}
/** Checks the syntax as Go's filepath.Match does (it reports ErrBadPattern). */
function validGlob(pattern) {
    const chars = Array.from(pattern);
    let i = 0;
    // one class item character, possibly escaped
    const item = () => {
        const ch = chars[i];
        if (ch === undefined || ch === '-' || ch === ']')
            return false;
        i++;
        if (ch === '\\') {
            if (chars[i] === undefined)
                return false;
            i++;
        }
        return chars[i] !== undefined;
    };
    while (i < chars.length) {
        const ch = chars[i];
        if (ch === '\\') {
            if (i + 1 >= chars.length)
                return false;
            i += 2;
            continue;
        }
        if (ch !== '[') {
            i++;
            continue;
        }
        i++;
        if (chars[i] === '^')
            i++;
        let ranges = 0;
        for (;;) {
            if (chars[i] === ']' && ranges > 0) {
                i++;
                break;
            }
            if (!item())
                return false;
            if (chars[i] === '-') {
                i++;
                if (!item())
                    return false;
            }
            ranges++;
        }
    }
    return true;
}
function escapeRegexChar(ch, inClass) {
    if ('\\^$.*+?()[]{}|/'.includes(ch) || (inClass && ch === '-'))
        return `\\${ch}`;
    return ch;
}
/** patternmatcher's Pattern.compile: picks a match type, or a regular expression. */
function dockerignore_compile(pattern, exclusion) {
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
function matches(p, path) {
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
    const p = cleanPath(relPath);
    return p.startsWith('/') ? cleanPath(p.slice(1)) : p;
}
function dockerignore_parentOf(path) {
    const i = path.lastIndexOf('/');
    return i < 0 ? '.' : path.slice(0, i);
}
/**
 * A matcher for the patterns of parseDockerignore. Throws ActionError('build') for
 * a pattern Docker rejects (`!` alone, a bad `[` class, a trailing `\`).
 */
function createMatcher(patterns) {
    const compiled = [];
    for (const raw of patterns) {
        let p = dockerignore_trimSpace(raw);
        if (p === '')
            continue;
        p = cleanPath(p);
        let exclusion = false;
        if (p.startsWith('!')) {
            if (p.length === 1) {
                throw new errors_ActionError('build', '.dockerignore: illegal exclusion pattern: "!"', 'An exception needs a pattern after the "!".');
            }
            exclusion = true;
            p = p.slice(1);
        }
        let pattern;
        try {
            pattern = validGlob(p) ? dockerignore_compile(p, exclusion) : undefined;
        }
        catch {
            pattern = undefined;
        }
        if (!pattern) {
            throw new errors_ActionError('build', `.dockerignore: invalid pattern ${JSON.stringify(raw)}: syntax error in pattern`, 'Patterns use Go filepath.Match syntax: *, ?, [a-z], \\ to escape, and ** for any directories.');
        }
        compiled.push(pattern);
    }
    const exceptions = compiled.filter((p) => p.exclusion);
    // BuildKit only skips an ignored directory when every exception is a plain path prefix.
    const onlyPrefixExceptions = exceptions.every((p) => !/[*[\]?^\\]/.test(withoutTrailingGlob(p.cleaned)));
    /**
     * patternmatcher's MatchesUsingParentResults: a pattern that matched the parent
     * directory matches the path too; `info` records which patterns matched.
     */
    const evaluate = (path, parent) => {
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
                match = matches(p, path);
                if (!match && parent === undefined) {
                    const dir = dockerignore_parentOf(path);
                    if (dir !== '.') {
                        const parts = dir.split('/');
                        for (let n = 1; n <= parts.length && !match; n++) {
                            match = matches(p, parts.slice(0, n).join('/'));
                        }
                    }
                }
            }
            info.push(match);
            if (match)
                ignored = !p.exclusion;
        });
        return { ignored, info };
    };
    const dirInfo = new Map();
    const infoOf = (dir) => {
        const cached = dirInfo.get(dir);
        if (cached)
            return cached;
        const parent = dockerignore_parentOf(dir);
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
            const parent = dockerignore_parentOf(path);
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

;// CONCATENATED MODULE: ./src/image/image.ts
/**
 * The image config, manifest and index of a native build: pure functions and a small
 * state object that applies Dockerfile instructions to a config with BuildKit's
 * semantics (dockerfile2llb), and serializes everything deterministically.
 *
 * Serialization follows what BuildKit writes: compact JSON, the top-level keys of the
 * config in byte order (BuildKit re-marshals it through a map), struct fields in the
 * order of the Go types, maps (labels, ports, volumes) with their keys in byte order,
 * and `<`, `>`, `&`, U+2028 and U+2029 escaped like Go's encoding/json.
 */


const MEDIA_TYPES = {
    config: 'application/vnd.oci.image.config.v1+json',
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    layerTar: 'application/vnd.oci.image.layer.v1.tar',
    layerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
};
/** Docker's default PATH for Linux images (system.DefaultPathEnv). */
const image_DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** The `comment` BuildKit puts on every history entry of a Dockerfile build. */
const HISTORY_COMMENT = 'buildkit.dockerfile.v0';
function sha256Digest(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
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
        config: { Env: [`PATH=${image_DEFAULT_PATH}`], WorkingDir: '/' },
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
    const c = obj(o['config']) ?? {};
    const rootfs = obj(o['rootfs']) ?? {};
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
    const history = [];
    if (Array.isArray(o['history'])) {
        for (const h of o['history']) {
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
            env.push(`PATH=${image_DEFAULT_PATH}`);
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
        this.history(`CMD ${goQuoteList(cmd)}`, false);
    }
    /** ENTRYPOINT: also clears a CMD inherited from the base image (not one set in this stage). */
    entrypoint(args, shellForm) {
        const ep = shellForm ? this.withShell(args) : [...args];
        this.image.config.Entrypoint = ep;
        if (!this.cmdSet)
            delete this.image.config.Cmd;
        this.history(`ENTRYPOINT ${goQuoteList(ep)}`, false);
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
        if (!isSignal(signal))
            throw new Error(`Invalid STOPSIGNAL ${JSON.stringify(signal)}`);
        this.image.config.StopSignal = signal;
        this.history(`STOPSIGNAL ${signal}`, false);
    }
    healthcheck(h) {
        const kind = h.test[0];
        if (kind === 'NONE') {
            if (h.test.length > 1 ||
                [h.interval, h.timeout, h.startPeriod, h.startInterval, h.retries].some((x) => x !== undefined && x !== '')) {
                throw new Error('HEALTHCHECK NONE takes no other arguments');
            }
        }
        else if (kind !== 'CMD' && kind !== 'CMD-SHELL') {
            throw new Error('HEALTHCHECK expects NONE or CMD');
        }
        else if (h.test.length < 2) {
            throw new Error('HEALTHCHECK CMD requires a command');
        }
        const hc = { Test: [...h.test] };
        const durations = [
            ['Interval', 'interval', h.interval],
            ['Timeout', 'timeout', h.timeout],
            ['StartPeriod', 'start-period', h.startPeriod],
            ['StartInterval', 'start-interval', h.startInterval],
        ];
        for (const [key, flag, value] of durations) {
            if (value === undefined || value === '')
                continue;
            const ns = image_parseGoDuration(value);
            if (ns === undefined)
                throw new Error(`Invalid --${flag}=${value}: expected a duration`);
            if (ns !== 0 && ns < 1_000_000) {
                throw new Error(`--${flag} cannot be less than 1ms`);
            }
            if (ns < 0)
                throw new Error(`--${flag} cannot be negative`);
            if (ns !== 0)
                hc[key] = ns;
        }
        if (h.retries !== undefined && h.retries !== '') {
            if (!/^[+-]?[0-9]+$/.test(h.retries))
                throw new Error(`Invalid --retries=${h.retries}`);
            const n = Number(h.retries);
            if (n < 0)
                throw new Error(`--retries cannot be negative (${n})`);
            if (n !== 0)
                hc.Retries = n;
        }
        this.image.config.Healthcheck = hc;
        const shown = `{Test:[${hc.Test.join(' ')}] Interval:${goDuration(hc.Interval ?? 0)}` +
            ` Timeout:${goDuration(hc.Timeout ?? 0)} StartPeriod:${goDuration(hc.StartPeriod ?? 0)}` +
            ` StartInterval:${goDuration(hc.StartInterval ?? 0)} Retries:${hc.Retries ?? 0}}`;
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
/** NormalizeWorkdir: a relative path is resolved against the current directory; cleaned. */
function resolveWorkdir(current, p) {
    const joined = p.startsWith('/') ? p : `${current || '/'}/${p}`;
    return image_cleanPath(joined);
}
/** path.Clean for absolute paths: no `.`/`..`/empty segments, no trailing slash. */
function image_cleanPath(p) {
    const out = [];
    for (const seg of p.split('/')) {
        if (seg === '' || seg === '.')
            continue;
        if (seg === '..')
            out.pop();
        else
            out.push(seg);
    }
    return `/${out.join('/')}`;
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
/** time.ParseDuration, in nanoseconds; undefined if the text is not a duration. */
function image_parseGoDuration(text) {
    try {
        return parseGoDuration(text);
    }
    catch {
        return undefined;
    }
}
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
// ---------------------------------------------------------------------------
// Serialization
/** A JSON object whose keys are written in byte order (a Go map). */
class SortedMap {
    entries;
    constructor(entries) {
        this.entries = entries;
    }
}
function sortedMap(o) {
    return o === undefined ? undefined : new SortedMap(o);
}
/** Marks an object to be written by goJson as a Go map: keys in byte order. */
function jsonMap(o) {
    return new SortedMap(o);
}
function image_byteOrder(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/** Writes JSON like Go's encoding/json: struct key order as given, maps sorted, HTML-safe. */
function goJson(v) {
    if (v === null)
        return 'null';
    if (v instanceof SortedMap) {
        const keys = Object.keys(v.entries).sort(image_byteOrder);
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
            ? sortedMap(c.ExposedPorts)
            : undefined,
        Env: nonEmpty(c.Env),
        Entrypoint: nonEmpty(c.Entrypoint),
        Cmd: nonEmpty(c.Cmd),
        Volumes: c.Volumes && Object.keys(c.Volumes).length > 0 ? sortedMap(c.Volumes) : undefined,
        WorkingDir: c.WorkingDir || undefined,
        Labels: c.Labels && Object.keys(c.Labels).length > 0 ? sortedMap(c.Labels) : undefined,
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
    return Buffer.from(goJson(top), 'utf8');
}
function descriptorJson(d) {
    return {
        mediaType: d.mediaType,
        digest: d.digest,
        size: d.size,
        annotations: d.annotations && Object.keys(d.annotations).length > 0 ? sortedMap(d.annotations) : undefined,
        platform: d.platform
            ? {
                architecture: d.platform.architecture,
                os: d.platform.os,
                variant: d.platform.variant || undefined,
            }
            : undefined,
    };
}
/** The OCI image manifest: config + layers, no annotations. */
function serializeManifest(config, layers) {
    return Buffer.from(goJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.manifest,
        config: descriptorJson(config),
        layers: layers.map(descriptorJson),
    }), 'utf8');
}
/** The OCI image index of a multi-platform image (manifests carry their platform). */
function serializeIndex(manifests, annotations) {
    return Buffer.from(goJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.index,
        manifests: manifests.map(descriptorJson),
        annotations: annotations && Object.keys(annotations).length > 0 ? sortedMap(annotations) : undefined,
    }), 'utf8');
}
/**
 * The OCI media type for a base image layer: Docker's gzip layers are the same bytes
 * under another name (BuildKit converts them when it writes an OCI manifest).
 */
function ociLayerMediaType(mediaType) {
    switch (mediaType) {
        case MEDIA_TYPES.dockerLayerGzip:
            return MEDIA_TYPES.layerGzip;
        case 'application/vnd.docker.image.rootfs.diff.tar':
            return MEDIA_TYPES.layerTar;
        case 'application/vnd.docker.image.rootfs.diff.tar.zstd':
            return MEDIA_TYPES.layerZstd;
        default:
            return mediaType;
    }
}
// ---------------------------------------------------------------------------
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






/**
 * gzip level 6, the default of Docker, BuildKit (Go's compress/gzip) and zlib: layers
 * any engine reads, of the usual size. Compression uses every core, so the level costs
 * less time than it did single-threaded; zstd is the faster and smaller choice where
 * the engines that pull the image read it.
 */
const DEFAULT_LAYER_COMPRESSION = { kind: 'gzip', level: 6 };
/** The levels `gzip` and `zstd` stand for without one: zlib's and zstd's own defaults. */
const DEFAULT_GZIP_LEVEL = 6;
const DEFAULT_ZSTD_LEVEL = 3;
/** Pieces for layers whose bytes need not be reproducible (see LayerOptions.segmentSize). */
const STREAMING_SEGMENT_SIZE = 256 * 1024;
const LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';
const LAYER_MEDIA_TYPE_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';
/**
 * Size of the pieces of the tar compressed independently. Fixed: the output depends
 * on it, so it must not depend on the machine. A power of two: each zstd frame then
 * ends where the output buffers of Node's zstd decoder do, which it needs to go on to
 * the next frame (it takes the end of a frame that leaves room in its buffer for the
 * end of the stream).
 */
const SEGMENT_SIZE = 1024 * 1024;
/** diff_id of a layer with no entries: 1024 zero bytes, as Docker and BuildKit write it. */
const EMPTY_LAYER_DIFF_ID = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';
/**
 * The empty layer exactly as BuildKit (Go's compress/gzip) compresses it, digest
 * sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1: most registries
 * already hold this blob, and a build with an empty layer (WORKDIR of an existing
 * directory, COPY of an unmatched wildcard) gets the same digest as under BuildKit.
 */
const EMPTY_LAYER_GZIP = Buffer.from('1f8b08000000000000ff621805a360148c5800080000ffff2eafb5ef00040000', 'hex');
const BLOCK = 512;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** Largest value a 7-digit octal field (mode, uid, gid) holds. */
const MAX_OCTAL_7 = 0o7777777;
/** Largest value an 11-digit octal field (size, mtime) holds. */
const MAX_OCTAL_11 = 0o77777777777;
/**
 * Orders image paths like a depth-first walk with names sorted by bytes: compares the
 * paths segment by segment, so `a` < `a/b` < `a-b` (a directory's subtree is contiguous).
 */
function compareLayerPaths(a, b) {
    const as = a.split('/');
    const bs = b.split('/');
    const n = Math.min(as.length, bs.length);
    for (let i = 0; i < n; i++) {
        const c = Buffer.compare(Buffer.from(as[i], 'utf8'), Buffer.from(bs[i], 'utf8'));
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
async function buildLayer(entries, options) {
    const epoch = options.epoch;
    if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_OCTAL_11) {
        throw new Error(`Invalid layer timestamp ${epoch}: expected whole seconds since 1970`);
    }
    const sorted = sortEntries(entries);
    const compression = options.compression ?? DEFAULT_LAYER_COMPRESSION;
    if (sorted.length === 0 && compression.kind === 'gzip') {
        await (0,promises_.mkdir)(options.tmpDir, { recursive: true });
        return writeEmptyLayer(options.tmpDir);
    }
    return writeLayerBlob(options, async (segments) => {
        for (const chunk of tarChunks(sorted, epoch)) {
            // Ready buffers, or a file whose header and contents are read now.
            if (Buffer.isBuffer(chunk))
                await segments.push(chunk);
            else
                await appendFile(chunk, segments);
        }
    });
}
/**
 * Compresses a tar that is already made (a layer another tool wrote) the way buildLayer
 * compresses its own: the same segments, hashes and file naming, in one pass over
 * `tar`, never held in memory whole.
 */
async function compressTar(tar, options) {
    return writeLayerBlob(options, async (segments) => {
        for await (const chunk of tar) {
            // A view, not a copy: push copies it into the segment anyway.
            const view = Buffer.isBuffer(chunk)
                ? chunk
                : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            await segments.push(view);
        }
    });
}
/** Writes `<tmpDir>/sha256-<hex><ext>` from the tar bytes `feed` pushes into the segments. */
async function writeLayerBlob(options, feed) {
    const compression = options.compression ?? DEFAULT_LAYER_COMPRESSION;
    checkLayerCompression(compression);
    const concurrency = options.concurrency ?? external_node_os_default().availableParallelism() + 2;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
        throw new Error(`Invalid layer concurrency ${concurrency}: expected a whole number >= 1`);
    }
    await (0,promises_.mkdir)(options.tmpDir, { recursive: true });
    const codec = compression.kind === 'gzip' ? gzipCodec(compression.level) : zstdCodec(compression.level);
    const partial = external_node_path_default().join(options.tmpDir, `layer-${(0,external_node_crypto_.randomUUID)()}.partial`);
    const diffHash = (0,external_node_crypto_.createHash)('sha256');
    const blobHash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const handle = await (0,promises_.open)(partial, 'wx');
    try {
        const write = async (data) => {
            for (const chunk of data) {
                blobHash.update(chunk);
                size += chunk.length;
            }
            await writeAll(handle, data);
        };
        const segmentSize = options.segmentSize ?? SEGMENT_SIZE;
        if (!isPowerOfTwo(segmentSize) || segmentSize < DEFLATE_WINDOW * 2) {
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
        mediaType: LAYER_MEDIA_TYPE,
    };
}
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
function sortEntries(entries) {
    for (const e of entries) {
        checkLayerPath(e.path);
        if (e.type === 'symlink' && (e.linkname === undefined || e.linkname === '')) {
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
    return sorted;
}
/**
 * The archive as a sequence of buffers, with the files to stream in between. Each file
 * is opened and measured before its header is produced (the header holds the size).
 */
function* tarChunks(entries, epoch) {
    for (const entry of entries) {
        if (entry.type === 'file' && entry.source !== undefined && entry.content === undefined) {
            yield new PendingFile(entry, epoch);
            continue;
        }
        const content = entry.type === 'file' ? (entry.content ?? Buffer.alloc(0)) : undefined;
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
async function appendFile(pending, segments) {
    const { entry, epoch } = pending;
    const source = entry.source;
    const handle = await (0,promises_.open)(source, 'r');
    try {
        const st = await handle.stat();
        if (!st.isFile())
            throw new Error(`${source} is not a regular file`);
        const size = st.size;
        if (entry.size !== undefined && entry.size !== size) {
            throw new Error(`${source} changed during the build (size ${entry.size}, now ${size})`);
        }
        await segments.push(encodeEntryHeader(entry, size, epoch));
        const read = await segments.read(handle, size);
        if (read !== size) {
            throw new Error(`${source} changed during the build (size ${size}, read ${read})`);
        }
        const pad = padding(size);
        if (pad > 0)
            await segments.push(Buffer.alloc(pad));
    }
    finally {
        await handle.close();
    }
}
function padding(size) {
    const rest = size % BLOCK;
    return rest === 0 ? 0 : BLOCK - rest;
}
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
        mediaType: LAYER_MEDIA_TYPE,
        extension: '.tar.gz',
        header: gzipHeader(level),
        chained: true,
        async compress(segment, dictionary, last) {
            if (level === 0 || (await incompressible(segment)))
                return deflateStored(segment, last);
            const engine = external_node_zlib_default().createDeflateRaw({
                level,
                chunkSize: OUTPUT_CHUNK,
                finishFlush: last ? (external_node_zlib_default()).constants.Z_FINISH : (external_node_zlib_default()).constants.Z_SYNC_FLUSH,
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
    return (external_node_zlib_default()).createZstdCompress;
}
/** Whether this Node.js can write zstd layers. */
function zstdAvailable() {
    return zstdApi() !== undefined;
}
function zstdParam(name) {
    const value = (external_node_zlib_default()).constants[name];
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
        mediaType: LAYER_MEDIA_TYPE_ZSTD,
        extension: '.tar.zst',
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
    const out = await compressWith(external_node_zlib_default().createDeflateRaw({ level: 1, chunkSize: 64 * 1024 }), sample);
    const size = out.reduce((n, chunk) => n + chunk.length, 0);
    return size * 32 > sample.length * 31;
}
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
        this.current = Buffer.allocUnsafe(segmentSize);
    }
    /**
     * Appends up to `size` bytes of a file, read into the segments directly (no copy, no
     * buffer per read); returns how many there were.
     */
    async read(handle, size) {
        let position = 0;
        while (position < size) {
            const n = Math.min(size - position, this.segmentSize - this.filled);
            const { bytesRead } = await handle.read(this.current, this.filled, n, position);
            if (bytesRead === 0)
                break;
            this.filled += bytesRead;
            position += bytesRead;
            if (this.filled === this.segmentSize)
                await this.cut();
        }
        return position;
    }
    async push(chunk) {
        for (let offset = 0; offset < chunk.length;) {
            const n = Math.min(chunk.length - offset, this.segmentSize - this.filled);
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
            this.dictionary = Buffer.from(segment.subarray(segment.length - DEFLATE_WINDOW));
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
/** Refuses a compression setting this build cannot write. */
function checkLayerCompression(c) {
    const kind = c.kind;
    const [min, max] = kind === 'gzip' ? [0, 9] : kind === 'zstd' ? [1, 22] : [NaN, NaN];
    if (Number.isNaN(min)) {
        throw new errors_ActionError('build', `Unknown layer compression ${JSON.stringify(kind)}`, 'Use gzip or zstd.');
    }
    if (!Number.isInteger(c.level) || c.level < min || c.level > max) {
        throw new errors_ActionError('build', `Invalid ${kind} level ${c.level}: expected ${min} to ${max}`);
    }
    if (kind === 'zstd' && !zstdAvailable()) {
        throw new errors_ActionError('build', `zstd layer compression needs Node.js 22.15 or later; this is Node.js ${process.version}`, 'Use gzip compression, or run on a newer Node.js (the action itself runs on node24).');
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
    const level = m[2] !== undefined ? Number(m[2]) : kind === 'gzip' ? DEFAULT_GZIP_LEVEL : DEFAULT_ZSTD_LEVEL;
    const [min, max] = kind === 'gzip' ? [0, 9] : [1, 22];
    if (level < min || level > max) {
        throw new Error(`Invalid ${kind} level in ${JSON.stringify(text)}: expected ${min} to ${max}`);
    }
    return { kind, level };
}
/** CRC-32 of gzip; zlib's (fast) where this Node.js has it (20.15, 22.2 and later). */
function crc32(data, value) {
    if (typeof (external_node_zlib_default()).crc32 === 'function')
        return external_node_zlib_default().crc32(data, value);
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
/** The header block(s) of one entry: a PAX extended header first when USTAR can't hold it. */
function encodeEntryHeader(entry, size, epoch) {
    const typeBits = entry.type === 'dir' ? S_IFDIR : entry.type === 'symlink' ? S_IFLNK : S_IFREG;
    const typeflag = entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0';
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const linkname = entry.type === 'symlink' ? (entry.linkname ?? '') : '';
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
    const records = Buffer.from(Object.keys(pax)
        .sort()
        .map((k) => paxRecord(k, pax[k]))
        .join(''), 'utf8');
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const paxHeader = ustarBlock({
        prefix: '',
        name: asciiFallback(`PaxHeaders.0/${base}`, 100),
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
    const body = ` ${key}=${value}\n`;
    const bodyLength = Buffer.byteLength(body, 'utf8');
    let length = bodyLength + String(bodyLength).length;
    if (String(length).length !== String(bodyLength).length)
        length = bodyLength + String(length).length;
    return `${length}${body}`;
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
/** A stand-in for a name that only the PAX record holds: ASCII, truncated. */
function asciiFallback(s, max) {
    let out = '';
    for (const ch of s)
        out += isAscii(ch) ? ch : '_';
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

;// CONCATENATED MODULE: ./src/builders/native/build.ts
/**
 * The native builder: builds a Dockerfile without RUN in-process, reproducibly.
 *
 * Each stage the target needs is carried out in order on an in-memory filesystem
 * (ImageTree) and an image config (StageImage): COPY/ADD and WORKDIR make one layer
 * each, like BuildKit; the other instructions change the config and add a history
 * entry. A stage FROM a registry image keeps the base image's layers by reference
 * (they are not downloaded: `from` tells the pusher where to mount them from); its
 * filesystem is unknown, so only what the Dockerfile adds is known about it.
 *
 * Same commit, same options, same output: timestamps are the epoch, layers are
 * written deterministically (tar-layer.ts), and JSON is serialized with a fixed layout.
 */









function isPending(l) {
    return 'job' in l;
}
function platformString(p) {
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
function build_parsePlatform(s, fallback) {
    const [os_, architecture, variant] = s.toLowerCase().split('/');
    if (!os_ || !architecture)
        return fallback;
    return variant ? { os: os_, architecture, variant } : { os: os_, architecture };
}
/** The Dockerfile path as messages and annotations show it: relative to the workspace. */
function displayPath(file) {
    const rel = external_node_path_default().relative(process.cwd(), file);
    return rel !== '' && !rel.startsWith('..') && !external_node_path_default().isAbsolute(rel)
        ? rel.split((external_node_path_default()).sep).join('/')
        : file;
}
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
/**
 * A registry image's layers as built layers: as its registry holds them (digest, size,
 * OCI media type), with their diff_ids from its config, to be mounted or streamed across.
 */
function baseImageLayers(base, diffIds) {
    return base.layers.map((l, i) => ({
        digest: l.digest,
        size: l.size,
        diffId: diffIds[i],
        mediaType: ociLayerMediaType(l.mediaType),
        from: { registryRepo: base.registryRepo },
    }));
}
/** The image of a config and its layers: the OCI manifest over them, and the digests. */
function assembleImage(config, layers, platform) {
    const configDigest = sha256Digest(config);
    const manifest = serializeManifest({ mediaType: MEDIA_TYPES.config, digest: configDigest, size: config.length }, layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })));
    return {
        config,
        configDigest,
        manifest,
        manifestDigest: sha256Digest(manifest),
        layers,
        platform,
    };
}
async function buildNative(o) {
    // Before any work: zstd on a Node.js without it is refused here, not at the first layer.
    if (o.compression !== undefined)
        checkLayerCompression(o.compression);
    const file = displayPath(o.dockerfile);
    const platformStr = platformString(o.platform);
    let text;
    try {
        text = await (0,promises_.readFile)(o.dockerfile, 'utf8');
    }
    catch (err) {
        throw new errors_ActionError('build', `Cannot read the Dockerfile ${file}: ${err.message}`, 'Check the dockerfile input (it is relative to the workspace).');
    }
    // First pass: stages and their base images.
    let df = parseDockerfile(text, file, o.buildArgs, { target: o.target, platform: platformStr });
    const needed = neededStages(df, o.target);
    const bases = await pullBases(df, needed, o, file);
    if (bases.size > 0) {
        // Second pass: variables may come from the base images' environment, as in Docker.
        df = parseDockerfile(text, file, o.buildArgs, {
            target: o.target,
            platform: platformStr,
            baseImageEnv: (image, platform) => bases.get(baseKey(image, stagePlatform(platform, o.platform)))?.imageConfig.config.Env,
        });
    }
    const unsupported = unsupportedInNative(df, o.target);
    if (unsupported !== undefined) {
        throw new errors_ActionError('build', `${unsupported.file}:${unsupported.line}: ${unsupported.instruction}: ${unsupported.reason}`, 'The native builder only carries out RUN-less Dockerfiles; use the docker builder for this one.', { file: unsupported.file, line: unsupported.line });
    }
    const matcher = await readIgnore(o);
    const context = new ContextFs(external_node_path_default().resolve(o.contextDir), matcher);
    const created = epochToCreated(o.epoch);
    const run = limiter(o.concurrency ?? Math.max(1, Math.min(4, external_node_os_default().availableParallelism())));
    let pendingCount = 0;
    // Only the target and the stages it is FROM make layers; the others are copied from.
    const lineage = new Set();
    for (let i = targetIndexOf(needed); i !== undefined;) {
        lineage.add(i);
        i = df.stages[i].baseStage;
    }
    const states = new Map();
    const allJobs = [];
    try {
        for (const index of needed) {
            const stage = df.stages[index];
            const start = await build_initialState(stage, states, bases, o, file);
            const img = new StageImage(start.image, o.platform, created);
            const state = {
                tree: start.tree,
                image: img.image,
                layers: start.layers,
                label: stage.name !== undefined ? `stage ${stage.name}` : `stage ${stage.index}`,
            };
            const addLayer = (ins, entries, createdBy) => {
                const placeholder = `pending:${pendingCount++}`;
                if (!lineage.has(index)) {
                    img.addLayer(placeholder, createdBy);
                    return;
                }
                const job = run(() => buildLayer(entries, { epoch: o.epoch, tmpDir: o.tmpDir, compression: o.compression }));
                // Awaited below; this keeps a failure from being reported as unhandled meanwhile.
                job.catch(() => undefined);
                allJobs.push(job);
                state.layers.push({ placeholder, job, line: ins.line, keyword: ins.keyword });
                img.addLayer(placeholder, createdBy);
            };
            for (const ins of stage.instructions) {
                try {
                    await build_dispatch(ins, { img, state, states, context, o, addLayer, stageBase: stage.base });
                }
                catch (err) {
                    throw build_located(file, ins, err);
                }
            }
            states.set(index, state);
        }
        const target = states.get(targetIndexOf(needed));
        const finished = new StageImage(target.image, o.platform, created);
        finished.setLabels(o.labels);
        const image = finished.finish();
        const layers = [];
        for (const l of target.layers) {
            if (!isPending(l)) {
                layers.push(l);
                continue;
            }
            let blob;
            try {
                blob = await l.job;
            }
            catch (err) {
                throw new errors_ActionError('build', `${file}:${l.line}: ${l.keyword}: writing the layer failed: ${err.message}`, 'A file of the build context may have changed or become unreadable during the build.', { file, line: l.line });
            }
            const i = image.rootfs.diff_ids.indexOf(l.placeholder);
            if (i >= 0)
                image.rootfs.diff_ids[i] = blob.diffId;
            layers.push({
                digest: blob.digest,
                size: blob.size,
                diffId: blob.diffId,
                mediaType: blob.mediaType,
                path: blob.path,
            });
        }
        if (image.rootfs.diff_ids.length !== layers.length) {
            throw new Error(`Internal error: ${image.rootfs.diff_ids.length} diff_ids for ${layers.length} layers`);
        }
        return assembleImage(serializeConfig(image), layers, { ...o.platform });
    }
    finally {
        // Layers of stages the target does not use, or of a failed build: let them finish
        // before the caller removes the temporary directory.
        await Promise.allSettled(allJobs);
    }
}
/**
 * The stage built: the named target, else the last stage. Every stage it needs comes
 * before it (FROM and COPY --from only refer to earlier stages), so it is the last
 * of the needed ones.
 */
function targetIndexOf(needed) {
    return needed[needed.length - 1];
}
function build_located(file, ins, err) {
    if (err instanceof errors_ActionError)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof ContextError ? err.hint : undefined;
    return new errors_ActionError('build', `${file}:${ins.line}: ${ins.keyword}: ${message}`, hint, {
        file,
        line: ins.line,
    });
}
function baseKey(ref, platform) {
    return `${ref}|${platformString(platform)}`;
}
function stagePlatform(stagePlatformStr, fallback) {
    return stagePlatformStr ? build_parsePlatform(stagePlatformStr, fallback) : fallback;
}
async function pullBases(df, needed, o, file) {
    const out = new Map();
    for (const index of needed) {
        const stage = df.stages[index];
        if (stage.baseStage !== undefined || stage.base.toLowerCase() === 'scratch')
            continue;
        const platform = stagePlatform(stage.platform, o.platform);
        const key = baseKey(stage.base, platform);
        if (out.has(key))
            continue;
        const where = { file, line: stage.line };
        if (o.pullBase === undefined) {
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: the native builder was given no registry access to read the base image`, undefined, where);
        }
        const base = await o.pullBase(stage.base, platform);
        let imageConfig;
        try {
            imageConfig = parseImageConfig(base.config);
        }
        catch (err) {
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: ${err.message}`, undefined, where);
        }
        if (imageConfig.rootfs.diff_ids.length !== base.layers.length) {
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: the image config lists ${imageConfig.rootfs.diff_ids.length} layers but the manifest ${base.layers.length}`, 'The base image is inconsistent; pick another tag or digest.', where);
        }
        if (base.layers.some((l) => l.mediaType === MEDIA_TYPES.dockerForeignLayer)) {
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: the image has foreign (non-distributable) layers`, 'Use the docker builder for this base image.', where);
        }
        if (imageConfig.config.OnBuild && imageConfig.config.OnBuild.length > 0) {
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: the base image has ONBUILD triggers, which Docker would run here`, 'Use the docker builder for this base image.', where);
        }
        out.set(key, { base, imageConfig });
    }
    return out;
}
async function build_initialState(stage, states, bases, o, file) {
    if (stage.baseStage !== undefined) {
        const parent = states.get(stage.baseStage);
        if (parent === undefined) {
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: the stage is not built before this one`, undefined, { file, line: stage.line });
        }
        return {
            tree: parent.tree.clone(),
            image: structuredClone(parent.image),
            layers: [...parent.layers],
        };
    }
    if (stage.base.toLowerCase() === 'scratch') {
        return { tree: new ImageTree(true), image: scratchConfig(o.platform), layers: [] };
    }
    const pulled = bases.get(baseKey(stage.base, stagePlatform(stage.platform, o.platform)));
    const layers = baseImageLayers(pulled.base, pulled.imageConfig.rootfs.diff_ids);
    let tree = new ImageTree(false);
    if (pulled.base.openLayer !== undefined) {
        pulled.tree ??= readBaseTree(pulled.base);
        try {
            tree = (await pulled.tree).clone();
        }
        catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            throw new errors_ActionError('build', `${file}:${stage.line}: FROM ${stage.base}: ${message}`, err instanceof ContextError ? err.hint : undefined, { file, line: stage.line });
        }
    }
    return { tree, image: structuredClone(pulled.imageConfig), layers };
}
/** The metadata of a base image's filesystem, from its layers in order. */
async function readBaseTree(base) {
    const tree = new ImageTree(true);
    for (let i = 0; i < base.layers.length; i++) {
        const blob = await base.openLayer(i);
        await indexLayer(tree, blob, base.layers[i].mediaType);
    }
    return tree;
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
function pairs(args) {
    const out = [];
    for (let i = 0; i + 1 < args.length; i += 2)
        out.push([args[i], args[i + 1]]);
    return out;
}
async function build_dispatch(ins, c) {
    const { img } = c;
    const a = ins.args;
    switch (ins.keyword) {
        case 'ENV':
            img.env(pairs(a));
            return;
        case 'LABEL':
            img.label(pairs(a));
            return;
        case 'ARG':
            img.arg(a.map((s) => {
                const i = s.indexOf('=');
                return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
            }));
            return;
        case 'EXPOSE':
            img.expose(a);
            return;
        case 'CMD':
            img.cmd(a, !ins.json);
            return;
        case 'ENTRYPOINT':
            img.entrypoint(a, !ins.json);
            return;
        case 'SHELL':
            img.shell(a);
            return;
        case 'USER':
            img.user(a[0] ?? '');
            return;
        case 'VOLUME':
            img.volume(a);
            return;
        case 'STOPSIGNAL':
            img.stopSignal(a[0] ?? '');
            return;
        case 'MAINTAINER':
            img.maintainer(a[0] ?? '');
            return;
        case 'ONBUILD':
            img.onbuild(a[0] ?? '');
            return;
        case 'HEALTHCHECK':
            img.healthcheck({
                test: a,
                interval: ins.flags['interval'],
                timeout: ins.flags['timeout'],
                startPeriod: ins.flags['start-period'],
                startInterval: ins.flags['start-interval'],
                retries: ins.flags['retries'],
            });
            return;
        case 'WORKDIR':
            await workdir(ins, c);
            return;
        case 'COPY':
        case 'ADD':
            await copy(ins, c);
            return;
        default:
            throw new ContextError(`${ins.keyword} is not supported by the native builder`);
    }
}
/** WORKDIR: BuildKit makes the directory (mkdir -p, owned by USER) in a layer, unless it is `/`. */
async function workdir(ins, c) {
    const { img, state } = c;
    const wd = img.setWorkdir(ins.args[0] ?? '');
    if (wd === '/') {
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
/** /etc/passwd and /etc/group of the stage, when the build knows them. */
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
async function copy(ins, c) {
    const { state, o } = c;
    const flags = ins.flags;
    if (ins.args.length < 2)
        throw new ContextError(`${ins.keyword} requires at least two arguments`);
    const sources = ins.args.slice(0, -1);
    const dest = ins.args[ins.args.length - 1];
    let from = c.context;
    if (flags['from'] !== undefined && flags['from'] !== '') {
        const source = ins.fromStage !== undefined ? c.states.get(ins.fromStage) : undefined;
        if (source === undefined) {
            throw new ContextError(`--from=${flags['from']} does not name an earlier build stage`, 'The native builder copies from build stages only; use the docker builder to copy from an image.');
        }
        from = new StageFs(source.label, source.tree);
    }
    const chownSpec = flags['chown'];
    let chown;
    if (chownSpec !== undefined && chownSpec !== '') {
        const numeric = /^[0-9]+(:[0-9]+)?$/.test(chownSpec);
        if (!numeric && !state.tree.complete) {
            throw new ContextError(`--chown=${chownSpec} names a user or group, which the native builder cannot look up in the base image ${c.stageBase} (its layers are not read)`, 'Use numeric ids (for example --chown=1000:1000), or the docker builder.');
        }
        chown = resolveOwner(chownSpec, numeric ? {} : await userFiles(state.tree));
    }
    const chmodSpec = flags['chmod'];
    const chmod = chmodSpec !== undefined && chmodSpec !== '' ? parseChmod(chmodSpec) : undefined;
    const changed = await applyCopy({
        instruction: ins.keyword === 'ADD' ? 'ADD' : 'COPY',
        sources,
        dest,
        workdir: c.img.workdir,
        from,
        target: state.tree,
        chown,
        chmod,
        tmpDir: o.tmpDir,
    });
    // BuildKit's history text: the flags it records, the sources and destination as expanded.
    let createdBy = ins.keyword;
    if (chownSpec)
        createdBy += ` --chown=${chownSpec}`;
    if (chmodSpec)
        createdBy += ` --chmod=${chmodSpec}`;
    createdBy += ` ${sources.join(' ')} ${dest} # buildkit`;
    c.addLayer(ins, layerEntriesFor(state.tree, changed), createdBy);
}

;// CONCATENATED MODULE: ./src/image/base-image.ts




/**
 * Resolves a FROM image to its config and layer descriptors for one platform,
 * following an image index (manifest list). Layer data is not downloaded; only
 * streamed on demand through openLayer.
 */
async function resolveBaseImage(ref, platform, clientFor) {
    let parsed;
    try {
        parsed = parseReference(ref);
    }
    catch (error) {
        throw new errors_ActionError('build', `FROM ${ref}: ${error.message}`);
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
                .map((m) => (m.platform ? platformString(platformOf(m.platform)) : '?'))
                .join(', ');
            throw new errors_ActionError('build', `The base image ${ref} has no ${platformString(platform)} variant (it offers ${offered}).`, 'Pick another base image or another platform.');
        }
        manifest = await client.getManifest(repo, chosen.digest);
        json = JSON.parse(manifest.body.toString('utf8'));
    }
    if (!json.config || !json.layers) {
        throw new errors_ActionError('build', `The base image ${ref} has an unknown manifest format.`);
    }
    const config = await readAll(await client.getBlob(repo, json.config.digest));
    const layers = json.layers.map((l) => ({
        digest: l.digest,
        size: l.size,
        mediaType: l.mediaType ?? 'application/vnd.oci.image.layer.v1.tar+gzip',
    }));
    return {
        config,
        layers,
        registryRepo: `${parsed.registry}/${repo}`,
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
    const wantVariant = want.variant ?? defaultVariant(want.architecture);
    return (candidates.find((m) => (m.platform?.variant ?? defaultVariant(want.architecture)) === wantVariant) ?? (want.variant ? undefined : candidates[0]));
}
function defaultVariant(architecture) {
    if (architecture === 'arm64')
        return 'v8';
    if (architecture === 'arm')
        return 'v7';
    return undefined;
}
async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
}
/** The platform this process runs on, as an OCI platform. */
function hostPlatform() {
    const arch = {
        x64: { os: 'linux', architecture: 'amd64' },
        arm64: { os: 'linux', architecture: 'arm64' },
        arm: { os: 'linux', architecture: 'arm', variant: 'v7' },
        ppc64: { os: 'linux', architecture: 'ppc64le' },
        s390x: { os: 'linux', architecture: 's390x' },
        riscv64: { os: 'linux', architecture: 'riscv64' },
        ia32: { os: 'linux', architecture: '386' },
    };
    return arch[process.arch] ?? { os: 'linux', architecture: process.arch };
}
/** `linux/arm/v7` → Platform. The input was validated by inputs.ts. */
function base_image_parsePlatform(text) {
    const [os, architecture, variant] = text.split('/');
    const base = { os: os, architecture: architecture };
    return variant ? { ...base, variant } : base;
}

;// CONCATENATED MODULE: ./src/image/platforms.ts



/** The build variables Docker defines for a target platform (default: the runner's own). */
function targetVariables(platform) {
    if (platform === undefined)
        return targetVariables(platformString(hostPlatform()));
    const [os = '', arch = '', variant = ''] = platform.split('/');
    return {
        TARGETPLATFORM: platform,
        TARGETOS: os,
        TARGETARCH: arch,
        TARGETVARIANT: variant,
    };
}
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
/** The plan with its context and Dockerfile inside another copy of the workspace. */
function rebasePlan(plan, from, to) {
    return {
        ...plan,
        context: rebase(plan.context, from, to),
        dockerfile: rebase(plan.dockerfile, from, to),
    };
}

// EXTERNAL MODULE: ./src/action/state.ts
var action_state = __webpack_require__(175);
;// CONCATENATED MODULE: ./src/util/temp-dirs.ts


/** Directories main made, saved for the post step each time one is added. */
const tempDirs = [];
function rememberTempDir(dir) {
    tempDirs.push(dir);
    saveState(action_state/* STATE */.c.tempDirs, JSON.stringify(tempDirs));
}

;// CONCATENATED MODULE: ./src/pipeline/build-stage.ts






/**
 * Compile, then build. With the native builder and several platforms, once per
 * platform, each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
async function compileAndBuild(inputs, plan, builder, ctx, timer) {
    const perPlatform = builder.name === 'native' && plan.platforms.length > 1;
    const rounds = perPlatform ? plan.platforms : [plan.platforms[0]];
    let result;
    for (const platform of rounds) {
        const workspace = perPlatform ? copyWorkspace(ctx.workspace, ctx.runnerTemp) : ctx.workspace;
        if (perPlatform)
            rememberTempDir(workspace);
        const suffix = perPlatform ? ` for ${platform}` : '';
        try {
            if (inputs.buildCommand) {
                const request = {
                    command: inputs.buildCommand,
                    workingDirectory: rebase(inputs.workingDirectory, ctx.workspace, workspace),
                    env: targetVariables(platform),
                    timeoutMs: inputs.buildCommandTimeoutMs,
                };
                await timer.run('compile', `Compile${suffix}: ${inputs.buildCommand}`, () => compile(request));
            }
            const roundPlan = rebasePlan(plan, ctx.workspace, workspace);
            requireContext(roundPlan, workspace);
            result = await timer.run('build', `Build with ${builder.name}${suffix}`, () => builder.build(roundPlan, platform));
        }
        finally {
            if (perPlatform)
                removeWorkspaceCopy(workspace);
        }
    }
    return result;
}
/** The context may be made by the build-command, so it is checked after it ran. */
function requireContext(plan, workspace) {
    if ((0,external_node_fs_.existsSync)(plan.context) && (0,external_node_fs_.statSync)(plan.context).isDirectory())
        return;
    const shown = (0,external_node_path_.relative)(workspace, plan.context) || '.';
    throw new errors_ActionError('inputs', `Input "context": no directory at ${JSON.stringify(shown)}.`, 'Set "context" to the directory, relative to the workspace, that holds the files the Dockerfile copies.');
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(75);
;// CONCATENATED MODULE: ./src/util/bytes.ts
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

;// CONCATENATED MODULE: ./src/registry/transport/auth.ts
/**
 * Registry authentication pieces with no I/O: WWW-Authenticate challenge
 * parsing, scope strings, token responses, and a per-scope-set token cache.
 * The HTTP exchange with the token service lives in the client.
 */
/**
 * Parses a WWW-Authenticate header (RFC 7235), which may hold several
 * challenges separated by commas, with quoted parameter values that contain
 * commas themselves (`scope="repository:a/b:pull,push"`).
 */
function parseChallenges(header) {
    if (header === undefined)
        return [];
    const text = Array.isArray(header) ? header.join(', ') : header;
    const out = [];
    let i = 0;
    const n = text.length;
    const skipWs = () => {
        while (i < n && (text[i] === ' ' || text[i] === '\t'))
            i++;
    };
    const readToken = () => {
        const start = i;
        while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i]))
            i++;
        return text.slice(start, i);
    };
    const readBare = () => {
        const start = i;
        while (i < n && text[i] !== ',' && text[i] !== ' ' && text[i] !== '\t')
            i++;
        return text.slice(start, i);
    };
    const readQuoted = () => {
        // Assumes text[i] === '"'.
        i++;
        let v = '';
        while (i < n && text[i] !== '"') {
            if (text[i] === '\\' && i + 1 < n)
                i++;
            v += text[i];
            i++;
        }
        i++; // closing quote
        return v;
    };
    let current;
    while (i < n) {
        skipWs();
        if (text[i] === ',') {
            i++;
            continue;
        }
        const start = i;
        const tok = readToken();
        if (tok === '') {
            i++; // skip a stray character
            continue;
        }
        skipWs();
        if (text[i] === '=' && current !== undefined) {
            // Could be a parameter, or a token68 ending in '=' (rare). Treat as parameter
            // unless what follows is end/comma/'=' (token68 padding).
            const save = i;
            i++;
            skipWs();
            if (i >= n || text[i] === ',' || text[i] === '=') {
                // token68 like "abc==": keep it as the challenge's token68.
                i = save;
                while (i < n && text[i] === '=')
                    i++;
                current.params.token68 = text.slice(start, i);
                continue;
            }
            const value = text[i] === '"' ? readQuoted() : readBare();
            current.params[tok.toLowerCase()] = value;
            continue;
        }
        // A new challenge starts with a scheme token.
        current = { scheme: tok.toLowerCase(), params: {} };
        out.push(current);
    }
    return out;
}
/** The first challenge of a given scheme, if any. */
function findChallenge(challenges, scheme) {
    return challenges.find((c) => c.scheme === scheme.toLowerCase());
}
/** Parses "repository:alice/app:pull,push" into its parts; undefined if malformed. */
function parseScope(scope) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first)
        return undefined;
    const type = scope.slice(0, first);
    const name = scope.slice(first + 1, last);
    const actions = scope
        .slice(last + 1)
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
    if (name === '' || actions.length === 0)
        return undefined;
    return { type, name, actions };
}
function formatScope(s) {
    return `${s.type}:${s.name}:${s.actions.join(',')}`;
}
function repositoryScope(repo, actions) {
    return `repository:${repo}:${actions.join(',')}`;
}
/** Splits a challenge's scope parameter (space separated) into scopes. */
function splitScopeParam(scope) {
    return scope === undefined ? [] : scope.split(/\s+/).filter((s) => s !== '');
}
/**
 * Merges scopes on the same resource ("repository:a:pull" + "repository:a:push"
 * → "repository:a:pull,push"), sorted, so the same need gives the same key.
 */
function normalizeScopes(scopes) {
    const byResource = new Map();
    const unparsed = new Set();
    for (const s of scopes) {
        const p = parseScope(s);
        if (!p) {
            unparsed.add(s);
            continue;
        }
        const key = `${p.type}:${p.name}`;
        const entry = byResource.get(key) ?? { type: p.type, name: p.name, actions: new Set() };
        for (const a of p.actions)
            entry.actions.add(a);
        byResource.set(key, entry);
    }
    const out = [...byResource.values()].map((e) => formatScope({ type: e.type, name: e.name, actions: [...e.actions].sort() }));
    return [...out, ...unparsed].sort();
}
/** True when every action of every `wanted` scope is granted by some scope in `have`. */
function scopesCover(have, wanted) {
    const granted = have.map(parseScope).filter((s) => s !== undefined);
    return wanted.every((w) => {
        const ws = parseScope(w);
        if (!ws)
            return have.includes(w);
        return ws.actions.every((a) => granted.some((g) => g.type === ws.type &&
            g.name === ws.name &&
            (g.actions.includes(a) || g.actions.includes('*'))));
    });
}
/** URL of the token request: realm plus service and one scope parameter per scope. */
function tokenUrl(challenge, scopes, account) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new Error('the Bearer challenge has no realm');
    const url = new URL(realm);
    if (challenge.params.service)
        url.searchParams.set('service', challenge.params.service);
    for (const s of scopes)
        url.searchParams.append('scope', s);
    if (account)
        url.searchParams.set('account', account);
    return url;
}
/** Default token lifetime when the service does not say (Docker token spec). */
const DEFAULT_TOKEN_LIFETIME_S = 60;
/** Reads a token service answer; accepts both `token` and OAuth2 `access_token`. */
function parseTokenResponse(body) {
    let json;
    try {
        json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
    }
    catch {
        throw new Error('the token service did not answer with JSON');
    }
    const j = (json ?? {});
    const token = typeof j.token === 'string' && j.token !== ''
        ? j.token
        : typeof j.access_token === 'string' && j.access_token !== ''
            ? j.access_token
            : undefined;
    if (token === undefined)
        throw new Error('the token service answer holds no token');
    const exp = typeof j.expires_in === 'number' ? j.expires_in : Number(j.expires_in);
    return {
        token,
        expiresInS: Number.isFinite(exp) && exp > 0 ? exp : DEFAULT_TOKEN_LIFETIME_S,
    };
}
/**
 * When a token received at `receivedAt` should be treated as expired: a little
 * before its real end so that a request does not start with a dying token
 * (20% of the lifetime, at most 10 seconds).
 */
function tokenRefreshAt(receivedAt, expiresInS) {
    const lifetime = expiresInS * 1000;
    return receivedAt + lifetime - Math.min(10_000, lifetime * 0.2);
}
/**
 * The actions a JWT grants on a resource, from its `access` claim (Docker
 * token format). Undefined when the token is opaque or has no such claim;
 * the signature is not checked (that is the registry's job).
 */
function jwtGrantedActions(token, type, name) {
    const parts = token.split('.');
    if (parts.length !== 3)
        return undefined;
    let payload;
    try {
        payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
    const access = payload?.access;
    if (!Array.isArray(access))
        return undefined;
    const actions = new Set();
    for (const a of access) {
        const e = a;
        if (e?.type === type && e.name === name && Array.isArray(e.actions)) {
            for (const x of e.actions)
                if (typeof x === 'string')
                    actions.add(x);
        }
    }
    return [...actions];
}
function basicAuthorization(username, password) {
    return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
/**
 * Bearer tokens cached per scope set. A lookup is served by any live token
 * whose scopes cover the wanted ones (a pull,push token also serves a pull).
 * Concurrent lookups of the same scope set share one fetch.
 */
class TokenCache {
    now;
    entries = new Map();
    inflight = new Map();
    constructor(now = Date.now) {
        this.now = now;
    }
    static key(scopes) {
        return normalizeScopes(scopes).join(' ');
    }
    /** A live token covering `scopes`, if cached. */
    get(scopes) {
        const t = this.now();
        const key = TokenCache.key(scopes);
        const exact = this.entries.get(key);
        if (exact && exact.refreshAt > t)
            return exact.token;
        const wanted = normalizeScopes(scopes);
        for (const [k, e] of this.entries) {
            if (e.refreshAt <= t) {
                this.entries.delete(k);
                continue;
            }
            if (scopesCover(e.scopes, wanted))
                return e.token;
        }
        return undefined;
    }
    set(scopes, token, refreshAt) {
        this.entries.set(TokenCache.key(scopes), { scopes: normalizeScopes(scopes), token, refreshAt });
    }
    /** Forgets `token` (the one a registry just refused), wherever it is cached. */
    invalidate(token) {
        for (const [k, e] of this.entries)
            if (e.token === token)
                this.entries.delete(k);
    }
    clear() {
        this.entries.clear();
    }
    /** Cached token, or one fetched once for all concurrent callers of the same scope set. */
    async getOrFetch(scopes, fetch) {
        const hit = this.get(scopes);
        if (hit !== undefined)
            return hit;
        const key = TokenCache.key(scopes);
        const running = this.inflight.get(key);
        if (running)
            return running;
        const p = (async () => {
            try {
                const { token, refreshAt } = await fetch();
                this.set(scopes, token, refreshAt);
                return token;
            }
            finally {
                this.inflight.delete(key);
            }
        })();
        this.inflight.set(key, p);
        return p;
    }
}

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
class RegistryError extends errors_ActionError {
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

;// CONCATENATED MODULE: ./src/registry/host.ts
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
function isDockerHub(registry) {
    return DOCKER_HUB_NAMES.has(splitHostPort(stripScheme(registry).host).hostname.toLowerCase());
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
    if (DOCKER_HUB_NAMES.has(hostname.toLowerCase()))
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

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
;// CONCATENATED MODULE: ./src/registry/transport/http.ts
/**
 * One HTTP exchange over node:http/https, with what the registry client needs
 * and fetch does not give simply: a streamed request body with an exact
 * Content-Length, an idle timeout that any progress (bytes sent or received)
 * pushes back, detection of truncated bodies, and no automatic redirects.
 * No retries here: see retry.ts and client.ts.
 */



class HttpTransportError extends Error {
    code;
    retryable;
    constructor(message, code, retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.name = 'HttpTransportError';
    }
}
function createAgents() {
    return {
        http: new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 16 }),
        https: new (external_node_https_default()).Agent({ keepAlive: true, maxSockets: 16 }),
    };
}
const DEFAULT_MAX_BODY = 32 * 1024 * 1024;
/** Sends one request; rejects on network failure, resolves with any HTTP status. */
function sendRequest(req, agents) {
    return new Promise((resolve, reject) => {
        const isHttps = req.url.protocol === 'https:';
        const mod = isHttps ? (external_node_https_default()) : (external_node_http_default());
        const headers = { ...req.headers };
        let bodyBuf;
        let openStream;
        if (Buffer.isBuffer(req.body)) {
            bodyBuf = req.body;
        }
        else if (typeof req.body === 'function') {
            openStream = req.body;
        }
        if (bodyBuf !== undefined)
            headers['content-length'] = String(bodyBuf.length);
        else if (openStream !== undefined) {
            if (req.contentLength === undefined) {
                reject(new HttpTransportError('a streamed body needs a length', 'NO_LENGTH', false));
                return;
            }
            headers['content-length'] = String(req.contentLength);
        }
        else if (['POST', 'PUT', 'PATCH'].includes(req.method)) {
            headers['content-length'] = '0';
        }
        let settled = false;
        let gotResponse = false;
        let sourceDone = false;
        let source;
        let response;
        const fail = (err) => {
            clearTimeout(timer);
            destroySource();
            if (!settled) {
                settled = true;
                reject(err);
            }
        };
        const destroySource = () => {
            const s = source;
            if (s && typeof s.destroy === 'function')
                s.destroy();
            source = undefined;
        };
        const r = mod.request(req.url, {
            method: req.method,
            headers,
            agent: isHttps ? agents.https : agents.http,
        });
        const timer = setTimeout(() => {
            const err = new HttpTransportError(`no data sent or received for ${Math.round(req.idleTimeoutMs / 1000)}s`, 'IDLE_TIMEOUT', true);
            r.destroy(err);
            response?.destroy(err);
            fail(err);
        }, req.idleTimeoutMs);
        timer.unref?.();
        const touch = () => {
            timer.refresh();
        };
        r.on('error', (err) => {
            // A server may answer (e.g. 401 or 413) and close before taking the whole
            // body; the answer is what counts then, not the broken pipe.
            if (gotResponse)
                return;
            fail(err);
        });
        r.on('response', (res) => {
            gotResponse = true;
            response = res;
            touch();
            // The server answered before taking the whole body (an early 401, 413, or a
            // registry that ignores a POST body): stop sending, and do not let this
            // half-written connection be reused once the answer has been read.
            const unfinished = openStream !== undefined && !sourceDone;
            if (unfinished) {
                destroySource();
                res.once('end', () => r.destroy());
            }
            const status = res.statusCode ?? 0;
            if (req.stream && status >= 200 && status < 300) {
                settled = true;
                // Truncation shows up as an 'error' on the stream (node checks
                // Content-Length); callers verify size and digest on top. The pass-through
                // keeps the idle timer fed without switching the response to flowing mode.
                const out = new external_node_stream_.Transform({
                    transform(chunk, _enc, cb) {
                        touch();
                        cb(null, chunk);
                    },
                });
                (0,external_node_stream_.pipeline)(res, out, () => clearTimeout(timer));
                resolve({ status, headers: res.headers, body: Buffer.alloc(0), stream: out });
                return;
            }
            const max = req.maxBodyBytes ?? DEFAULT_MAX_BODY;
            const chunks = [];
            let size = 0;
            let overflow = false;
            res.on('data', (chunk) => {
                touch();
                size += chunk.length;
                if (size > max) {
                    overflow = true;
                    return;
                }
                chunks.push(chunk);
            });
            res.on('error', (err) => fail(asTruncation(err)));
            res.on('aborted', () => fail(truncated(size, Number(res.headers['content-length']))));
            res.on('end', () => {
                clearTimeout(timer);
                if (settled)
                    return;
                const expected = Number(res.headers['content-length']);
                const bodiless = req.method === 'HEAD' || status === 204 || status === 304;
                if (!bodiless && Number.isFinite(expected) && size < expected) {
                    fail(truncated(size, expected));
                    return;
                }
                if (overflow && status >= 200 && status < 300) {
                    fail(new HttpTransportError(`the response is larger than ${max} bytes`, 'BODY_TOO_LARGE', false));
                    return;
                }
                settled = true;
                resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
            });
        });
        if (bodyBuf !== undefined) {
            r.end(bodyBuf);
            return;
        }
        if (openStream === undefined) {
            r.end();
            return;
        }
        let opened;
        try {
            opened = openStream();
        }
        catch (err) {
            r.destroy();
            fail(sourceError(err));
            return;
        }
        if (Buffer.isBuffer(opened)) {
            if (opened.length !== req.contentLength) {
                r.destroy();
                fail(lengthMismatch(opened.length, req.contentLength));
                return;
            }
            sourceDone = true;
            r.end(opened);
            return;
        }
        source = opened;
        const expected = req.contentLength;
        let sent = 0;
        const readable = opened;
        readable.on('data', (chunk) => {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            sent += buf.length;
            touch();
            if (sent > expected) {
                r.destroy();
                fail(lengthMismatch(sent, expected));
                return;
            }
            if (!r.write(buf)) {
                readable.pause();
                r.once('drain', () => readable.resume());
            }
        });
        readable.on('end', () => {
            sourceDone = true;
            if (sent !== expected) {
                r.destroy();
                fail(lengthMismatch(sent, expected));
                return;
            }
            r.end();
        });
        readable.on('error', (err) => {
            if (sourceDone || gotResponse)
                return;
            r.destroy();
            fail(sourceError(err));
        });
    });
}
function truncated(received, expected) {
    const of = Number.isFinite(expected) ? ` of ${expected}` : '';
    return new HttpTransportError(`the connection closed after ${received}${of} bytes of the response`, 'TRUNCATED_BODY', true);
}
function asTruncation(err) {
    const code = err.code;
    if (code === 'ECONNRESET' || /aborted/i.test(err.message)) {
        return new HttpTransportError('the connection closed in the middle of the response', 'TRUNCATED_BODY', true);
    }
    return err;
}
function lengthMismatch(got, expected) {
    return new HttpTransportError(`the blob source produced ${got > expected ? 'more than ' : ''}${got} bytes where ${expected} were expected`, 'SOURCE_LENGTH', false);
}
function sourceError(err) {
    const msg = err instanceof Error ? err.message : String(err);
    return new HttpTransportError(`reading the blob failed: ${msg}`, 'SOURCE_ERROR', false);
}

;// CONCATENATED MODULE: ./src/registry/transport/retry.ts
/**
 * Pure retry decisions for registry requests: which failures are worth another
 * try, how long to wait (exponential backoff with full jitter, or the server's
 * Retry-After), and when the time budget says to give up. No I/O here.
 */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
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
    // The server's Retry-After wins over our own backoff.
    const delayMs = fromServer !== undefined ? fromServer : jitter;
    const remaining = budgetMs - elapsedMs;
    if (delayMs >= remaining) {
        return {
            retry: false,
            reason: `${reason}; waiting ${formatMs(delayMs)} more would exceed the retry time budget of ${formatMs(budgetMs)}`,
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
function formatMs(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const s = ms / 1000;
    return s < 100 ? `${Math.round(s * 10) / 10}s` : `${Math.round(s)}s`;
}

;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * A registry client that pushes and reads images over the OCI distribution API
 * (Docker Registry HTTP API v2) without any Docker engine: token and Basic
 * authentication, blob existence checks, cross-repository mounts, streamed and
 * restartable uploads, manifests and tags, with retries on transient failures.
 *
 * The password only ever goes into an Authorization header: it is never logged,
 * never put in an error message, never written anywhere.
 */









const client_MEDIA_TYPES = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
};
const DEFAULT_ACCEPT = [
    client_MEDIA_TYPES.ociManifest,
    client_MEDIA_TYPES.ociIndex,
    client_MEDIA_TYPES.dockerManifest,
    client_MEDIA_TYPES.dockerManifestList,
];
/** Blobs up to this size are sent in one request (POST ?digest=, or POST then PUT). */
const MONOLITHIC_MAX_BYTES = 1024 * 1024;
const FALLBACK_CHUNK = 16 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Immediate restarts of an upload whose session the registry lost (404/416). */
const MAX_SESSION_RESTARTS = 3;
const silentLogger = { info() { }, debug() { }, warning() { } };
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
class RegistryClient {
    stats = {
        blobsUploaded: 0,
        blobsSkipped: 0,
        blobsMounted: 0,
        bytesUploaded: 0,
        requests: 0,
        retries: 0,
    };
    base;
    registry;
    credentials;
    log;
    totalTimeoutMs;
    requestTimeoutMs;
    userAgent;
    sleep;
    stage;
    chunkSize;
    agents;
    now;
    tokens;
    /** How the registry wants us to authenticate; learnt from its first 401. */
    scheme = 'unknown';
    bearer;
    /** Whether POST ?digest= with a body completes an upload here (unknown until tried). */
    monolithicPost;
    lastRateLimit = '';
    secrets;
    constructor(o) {
        this.registry = o.registry
            .trim()
            .replace(/^https?:\/\//i, '')
            .replace(/\/+$/, '');
        try {
            this.base = new URL(registryBaseUrl(o.registry));
        }
        catch {
            throw new errors_ActionError('inputs', `The registry "${o.registry}" is not a valid host name.`);
        }
        this.credentials = o.credentials?.username ? o.credentials : undefined;
        this.log = o.logger ?? silentLogger;
        this.totalTimeoutMs = o.totalTimeoutMs ?? 300_000;
        // A request that hangs must not outlast the whole retry budget either.
        this.requestTimeoutMs = Math.min(o.requestTimeoutMs ?? 120_000, this.totalTimeoutMs);
        this.userAgent = o.userAgent ?? 'one-step-image';
        this.sleep = o.sleep ?? defaultSleep;
        this.now = o.now ?? Date.now;
        this.tokens = new TokenCache(this.now);
        this.stage = o.stage ?? 'push';
        this.chunkSize = o.uploadChunkSize ?? 0;
        this.agents = createAgents();
        const pw = this.credentials?.password;
        this.secrets = pw
            ? [
                pw,
                basicAuthorization(this.credentials.username, pw).slice('Basic '.length),
                encodeURIComponent(pw),
            ].filter((s) => s.length >= 3)
            : [];
    }
    /** Frees kept-alive connections. */
    close() {
        this.agents.http.destroy();
        this.agents.https.destroy();
    }
    // ---------------------------------------------------------------- public API
    /**
     * Fails fast, before any upload, when the credentials are wrong or the account
     * may not push to `repo`: gets a push token (token registries) or checks the
     * credentials on /v2/ (Basic registries).
     */
    async checkPushAccess(name) {
        const repo = this.repoPath(name);
        await this.discoverScheme();
        const scopes = [repositoryScope(repo, ['pull', 'push'])];
        if (this.scheme === 'none')
            return;
        if (!this.credentials) {
            if (this.scheme === 'basic')
                throw this.credentialsNeeded(repo);
            // Anonymous token registries may still allow pushes; look at what the token grants.
        }
        if (this.scheme === 'basic') {
            const res = await this.exchange({
                method: 'GET',
                url: this.url('/v2/'),
                scopes: [],
                what: 'checking the credentials',
                access: 'push',
                repo,
                allowDenied: true,
            });
            if (res.status === 401 || res.status === 403)
                throw this.loginRejected(res);
            if (res.status >= 400)
                throw this.failure(this.opFor('GET', 'checking the credentials', repo), res);
            return;
        }
        const auth = await this.authorization(scopes);
        if (auth.token === undefined)
            return;
        const granted = jwtGrantedActions(auth.token, 'repository', repo);
        if (granted !== undefined && !granted.includes('push') && !granted.includes('*')) {
            throw this.credentials ? this.pushDenied(repo, undefined) : this.credentialsNeeded(repo);
        }
        this.log.debug(granted === undefined
            ? `Got a push token for ${repo} (opaque token: access checked on first upload)`
            : `Push access to ${repo} confirmed (${granted.join(',')})`);
    }
    async hasBlob(repo, digest) {
        return this.blobExists(this.repoPath(repo), digest, 'pull');
    }
    async pushBlob(name, blob, o = {}) {
        const repo = this.repoPath(name);
        checkDigest(blob.digest);
        if (await this.blobExists(repo, blob.digest, 'push')) {
            this.stats.blobsSkipped++;
            this.log.debug(`Blob ${client_short(blob.digest)} already in ${repo}`);
            return 'exists';
        }
        let location;
        const from = o.mountFrom ? this.repoPath(o.mountFrom) : undefined;
        if (from && from !== repo) {
            const mount = await this.tryMount(repo, blob, from);
            if (mount === 'mounted')
                return 'mounted';
            location = mount;
        }
        await this.upload(repo, blob, location);
        this.stats.blobsUploaded++;
        this.stats.bytesUploaded += blob.size;
        return 'uploaded';
    }
    async putManifest(name, reference, body, mediaType) {
        const repo = this.repoPath(name);
        const digest = sha256(body);
        const what = `pushing the manifest ${reference} to ${repo}`;
        const res = await this.exchange({
            method: 'PUT',
            url: this.url(`/v2/${repo}/manifests/${reference}`),
            scopes: [repositoryScope(repo, ['pull', 'push'])],
            what,
            repo,
            access: 'push',
            headers: { 'content-type': mediaType },
            body,
        });
        if (res.status < 200 || res.status >= 300)
            throw this.failure(this.opFor('PUT', what, repo, 'push'), res);
        const reported = header(res.headers, 'docker-content-digest');
        if (reported !== undefined && reported !== '' && reported !== digest) {
            throw new RegistryError(this.stage, `The registry stored the manifest ${reference} of ${repo} under digest ${reported}, but its content hashes to ${digest}.`, 'The registry (or a proxy in front of it) changed the manifest; push again, and report it if it persists.', res.status);
        }
        this.log.debug(`Manifest ${reference} pushed to ${repo} (${digest})`);
        return digest;
    }
    async getManifest(name, reference, accept = DEFAULT_ACCEPT) {
        const repo = this.repoPath(name);
        const what = `reading the manifest ${reference} of ${repo}`;
        const res = await this.exchange({
            method: 'GET',
            url: this.url(`/v2/${repo}/manifests/${reference}`),
            scopes: [repositoryScope(repo, ['pull'])],
            what,
            repo,
            access: 'pull',
            headers: { accept: accept.join(', ') },
            maxBodyBytes: MAX_MANIFEST_BYTES,
            followRedirects: true,
        });
        if (res.status !== 200)
            throw this.failure(this.opFor('GET', what, repo), res);
        const body = res.body;
        const computed = sha256(body);
        let digest = computed;
        if (reference.includes(':')) {
            const actual = digestOf(reference, body);
            if (actual !== reference) {
                throw new RegistryError(this.stage, `The manifest the registry returned for ${repo}@${reference} hashes to ${actual}: its content does not match the digest asked for.`, 'The registry (or a proxy in front of it) served wrong content; try again, and report it if it persists.', res.status);
            }
            digest = reference;
        }
        const mediaType = contentType(res.headers) ?? mediaTypeInBody(body) ?? '';
        return { body, mediaType, digest };
    }
    async headManifest(name, reference) {
        const repo = this.repoPath(name);
        const what = `checking the manifest ${reference} of ${repo}`;
        const res = await this.exchange({
            method: 'HEAD',
            url: this.url(`/v2/${repo}/manifests/${reference}`),
            scopes: [repositoryScope(repo, ['pull'])],
            what,
            repo,
            access: 'pull',
            headers: { accept: DEFAULT_ACCEPT.join(', ') },
            followRedirects: true,
        });
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw this.failure(this.opFor('HEAD', what, repo), res);
        const digest = header(res.headers, 'docker-content-digest');
        const mediaType = contentType(res.headers);
        if (digest && mediaType)
            return { digest, mediaType };
        // Some registries leave these out of HEAD answers: read the manifest instead.
        const m = await this.getManifest(repo, reference);
        return { digest: m.digest, mediaType: m.mediaType };
    }
    /**
     * The blob's content as a stream, verified against its digest: the stream
     * fails if the bytes do not hash to `digest`. Follows redirects (Docker Hub
     * serves blobs from a CDN), without our credentials when the host changes.
     */
    async getBlob(name, digest) {
        const repo = this.repoPath(name);
        checkDigest(digest);
        const what = `downloading blob ${client_short(digest)} of ${repo}`;
        const res = await this.exchange({
            method: 'GET',
            url: this.url(`/v2/${repo}/blobs/${digest}`),
            scopes: [repositoryScope(repo, ['pull'])],
            what,
            repo,
            access: 'pull',
            stream: true,
            followRedirects: true,
        });
        if (res.status !== 200 || !res.stream)
            throw this.failure(this.opFor('GET', what, repo), res);
        const [algorithm, expectedHex] = digest.split(':');
        const hash = (0,external_node_crypto_.createHash)(algorithm);
        const expectedSize = Number(header(res.headers, 'content-length'));
        let size = 0;
        const stage = this.stage;
        const verify = new external_node_stream_.Transform({
            transform(chunk, _enc, cb) {
                hash.update(chunk);
                size += chunk.length;
                cb(null, chunk);
            },
            flush(cb) {
                const hex = hash.digest('hex');
                if (Number.isFinite(expectedSize) && size !== expectedSize) {
                    cb(new RegistryError(stage, `Blob ${client_short(digest)} of ${repo} was cut short: got ${size} of ${expectedSize} bytes.`, undefined, 200));
                }
                else if (hex !== expectedHex) {
                    cb(new RegistryError(stage, `Blob ${client_short(digest)} of ${repo} does not match its digest (got ${algorithm}:${hex}).`, undefined, 200));
                }
                else
                    cb();
            },
        });
        res.stream.on('error', (err) => verify.destroy(this.streamError(what, err)));
        res.stream.pipe(verify);
        return verify;
    }
    /** All tags of a repository, following Link pagination; [] when it does not exist. */
    async listTags(name) {
        const repo = this.repoPath(name);
        const what = `listing the tags of ${repo}`;
        const tags = [];
        let url = this.url(`/v2/${repo}/tags/list`);
        const seen = new Set();
        while (url !== undefined) {
            if (seen.has(url.href) || seen.size > 1000)
                break;
            seen.add(url.href);
            const res = await this.exchange({
                method: 'GET',
                url,
                scopes: [repositoryScope(repo, ['pull'])],
                what,
                repo,
                access: 'pull',
                headers: { accept: 'application/json' },
                followRedirects: true,
            });
            if (res.status === 404) {
                // NAME_UNKNOWN (no such repository) and plain 404 both mean "no tags".
                return tags;
            }
            if (res.status !== 200)
                throw this.failure(this.opFor('GET', what, repo), res);
            let page;
            try {
                page = JSON.parse(res.body.toString('utf8'));
            }
            catch {
                throw new RegistryError(this.stage, `The registry's tag list for ${repo} is not valid JSON.`, undefined, res.status);
            }
            if (Array.isArray(page.tags))
                for (const t of page.tags)
                    if (typeof t === 'string')
                        tags.push(t);
            const next = nextLink(header(res.headers, 'link'));
            url = next ? new URL(next, url) : undefined;
        }
        return tags;
    }
    // ---------------------------------------------------------------- blobs
    async blobExists(repo, digest, access) {
        checkDigest(digest);
        const what = `checking blob ${client_short(digest)} in ${repo}`;
        const res = await this.exchange({
            method: 'HEAD',
            url: this.url(`/v2/${repo}/blobs/${digest}`),
            // A push token also serves the later upload; ask for it right away.
            scopes: [repositoryScope(repo, access === 'push' ? ['pull', 'push'] : ['pull'])],
            what,
            repo,
            access,
        });
        if (res.status === 200 || (res.status >= 300 && res.status < 400))
            return true;
        if (res.status === 404)
            return false;
        throw this.failure(this.opFor('HEAD', what, repo, access), res);
    }
    /** Cross-repository mount: 'mounted', or the upload location to go on with. */
    async tryMount(repo, blob, from) {
        const url = this.url(`/v2/${repo}/blobs/uploads/`);
        url.searchParams.set('mount', blob.digest);
        url.searchParams.set('from', from);
        const what = `mounting blob ${client_short(blob.digest)} from ${from} into ${repo}`;
        const res = await this.exchange({
            method: 'POST',
            url,
            scopes: [repositoryScope(repo, ['pull', 'push']), repositoryScope(from, ['pull'])],
            what,
            repo,
            access: 'push',
            allowDenied: true,
        });
        if (res.status === 201) {
            this.stats.blobsMounted++;
            this.log.debug(`Blob ${client_short(blob.digest)} mounted from ${from} into ${repo}`);
            return 'mounted';
        }
        if (res.status === 202) {
            this.log.debug(`Blob ${client_short(blob.digest)} could not be mounted from ${from}: uploading`);
            return this.location(res, url);
        }
        if (res.status === 401 || res.status === 403) {
            // Often: no read access to the source. The upload below will tell whether
            // pushing to the target itself is allowed.
            this.log.debug(`Mounting from ${from} refused (HTTP ${res.status}): uploading instead`);
            return undefined;
        }
        throw this.failure(this.opFor('POST', what, repo, 'push'), res);
    }
    /**
     * Uploads a blob the repository lacks. Small blobs go in one request; larger
     * ones as a streamed PATCH (or chunks) then a closing PUT. After a broken
     * connection or a transient error, asks the registry how far the upload got
     * and goes on from there, or starts a fresh session.
     */
    async upload(repo, blob, initial) {
        const scopes = [repositoryScope(repo, ['pull', 'push'])];
        const what = `uploading blob ${client_short(blob.digest)} (${formatBytes(blob.size)}) to ${repo}`;
        const op = this.opFor('PATCH', what, repo, 'push');
        // The retry budget counts from the first failure since the last progress,
        // so a long but healthy upload does not eat the time allowed for retries.
        let failingSince;
        let attempt = 0;
        let restarts = 0;
        let location = initial;
        let offset = 0;
        await this.discoverScheme();
        for (;;) {
            try {
                if (location === undefined) {
                    offset = 0;
                    const small = blob.size <= MONOLITHIC_MAX_BYTES;
                    if (small && this.monolithicPost !== false) {
                        const url = this.url(`/v2/${repo}/blobs/uploads/`);
                        url.searchParams.set('digest', blob.digest);
                        const res = await this.exchange({
                            method: 'POST',
                            url,
                            scopes,
                            what,
                            repo,
                            access: 'push',
                            headers: { 'content-type': 'application/octet-stream' },
                            body: () => blob.open(),
                            contentLength: blob.size,
                            retry: false,
                        });
                        if (res.status === 201) {
                            this.monolithicPost = true;
                            this.checkStoredDigest(res, blob, repo);
                            return;
                        }
                        if (res.status !== 202)
                            throw this.uploadFailure(op, res);
                        // The registry opened a session and ignored the body: send it with the PUT.
                        this.monolithicPost = false;
                        location = this.location(res, url);
                    }
                    else {
                        const url = this.url(`/v2/${repo}/blobs/uploads/`);
                        const res = await this.exchange({
                            method: 'POST',
                            url,
                            scopes,
                            what,
                            repo,
                            access: 'push',
                        });
                        if (res.status !== 202)
                            throw this.failure(op, res);
                        location = this.location(res, url);
                    }
                }
                if (blob.size <= MONOLITHIC_MAX_BYTES && offset === 0) {
                    await this.finishUpload(location, blob, repo, scopes, what, true);
                    return;
                }
                while (offset < blob.size) {
                    const length = this.chunkSize > 0 ? Math.min(this.chunkSize, blob.size - offset) : blob.size - offset;
                    const headers = { 'content-type': 'application/octet-stream' };
                    if (this.chunkSize > 0 || offset > 0)
                        headers['content-range'] = `${offset}-${offset + length - 1}`;
                    const from = offset;
                    const res = await this.exchange({
                        method: 'PATCH',
                        url: location,
                        scopes,
                        what,
                        repo,
                        access: 'push',
                        headers,
                        body: () => sliceSource(blob, from, length),
                        contentLength: length,
                        retry: false,
                    });
                    if (res.status !== 202) {
                        if (res.status === 413 && this.chunkSize === 0 && length > FALLBACK_CHUNK) {
                            this.chunkSize = FALLBACK_CHUNK;
                            this.log.warning(`${this.registry} refused a ${formatBytes(length)} request (HTTP 413); uploading in ${formatBytes(FALLBACK_CHUNK)} chunks`);
                            throw new RestartUpload();
                        }
                        throw this.uploadFailure(op, res);
                    }
                    location = this.location(res, location);
                    const confirmed = rangeEnd(header(res.headers, 'range'));
                    offset = confirmed !== undefined && confirmed + 1 >= from ? confirmed + 1 : from + length;
                    if (offset !== from + length) {
                        this.log.debug(`Registry confirmed ${offset} bytes where ${from + length} were sent`);
                    }
                    attempt = 0;
                    failingSince = undefined;
                }
                await this.finishUpload(location, blob, repo, scopes, what, false);
                return;
            }
            catch (err) {
                if (err instanceof RestartUpload || err instanceof SessionLost) {
                    if (++restarts > MAX_SESSION_RESTARTS) {
                        throw new RegistryError(this.stage, this.redact(`${cap(what)} failed: the registry kept losing the upload session.`), hintForStatus(500, []), undefined);
                    }
                    this.log.debug(`${cap(what)}: starting a new upload session`);
                    location = undefined;
                    continue;
                }
                if (err instanceof errors_ActionError)
                    throw err;
                const status = err instanceof TransientStatus ? err.response.status : undefined;
                failingSince ??= this.now();
                const decision = planRetry({
                    attempt,
                    elapsedMs: this.now() - failingSince,
                    budgetMs: this.totalTimeoutMs,
                    status,
                    error: status === undefined ? err : undefined,
                    retryAfter: err instanceof TransientStatus
                        ? header(err.response.headers, 'retry-after')
                        : undefined,
                });
                if (!decision.retry) {
                    if (err instanceof TransientStatus)
                        throw this.failure(op, err.response, decision.reason);
                    if (isNetworkError(err))
                        throw this.networkFailure(op, err, isRetryableError(err) ? decision.reason : undefined);
                    throw err;
                }
                attempt++;
                this.stats.retries++;
                this.logRetry(what, err instanceof TransientStatus ? err.response : undefined, this.redact(decision.reason), decision.delayMs, attempt);
                await this.sleep(decision.delayMs);
                if (location !== undefined) {
                    const status = await this.uploadStatus(location, scopes, what, repo);
                    if (status === undefined) {
                        // The session is gone; perhaps because the closing PUT did succeed.
                        if (await this.blobExists(repo, blob.digest, 'push'))
                            return;
                        location = undefined;
                    }
                    else {
                        location = status.location;
                        offset = Math.min(status.offset, blob.size);
                        if (offset > 0)
                            this.log.debug(`${cap(what)}: resuming at byte ${offset}`);
                    }
                }
            }
        }
    }
    /** The closing PUT ?digest= (with the whole body for small blobs). */
    async finishUpload(location, blob, repo, scopes, what, withBody) {
        const url = new URL(location);
        url.searchParams.set('digest', blob.digest);
        const res = await this.exchange({
            method: 'PUT',
            url,
            scopes,
            what,
            repo,
            access: 'push',
            headers: withBody ? { 'content-type': 'application/octet-stream' } : {},
            body: withBody ? () => blob.open() : undefined,
            contentLength: withBody ? blob.size : undefined,
            retry: false,
        });
        if (res.status !== 201 && res.status !== 204 && res.status !== 200)
            throw this.uploadFailure(this.opFor('PUT', what, repo, 'push'), res);
        this.checkStoredDigest(res, blob, repo);
    }
    /** Where an interrupted upload stands, or undefined when the session is gone. */
    async uploadStatus(location, scopes, what, repo) {
        try {
            const res = await this.exchange({
                method: 'GET',
                url: location,
                scopes,
                what,
                repo,
                access: 'push',
                allowDenied: true,
            });
            if (res.status !== 204 && res.status !== 202)
                return undefined;
            const end = rangeEnd(header(res.headers, 'range'));
            return { location: this.location(res, location), offset: end === undefined ? 0 : end + 1 };
        }
        catch (err) {
            if (err instanceof errors_ActionError && err.stage === 'login')
                throw err;
            return undefined;
        }
    }
    checkStoredDigest(res, blob, repo) {
        const stored = header(res.headers, 'docker-content-digest');
        if (stored && stored !== blob.digest) {
            throw new RegistryError(this.stage, `The registry stored blob ${client_short(blob.digest)} of ${repo} under digest ${stored}.`, 'The blob changed while it was uploaded, or a proxy altered it.', res.status);
        }
        this.log.debug(`Blob ${client_short(blob.digest)} (${formatBytes(blob.size)}) uploaded to ${repo}`);
    }
    /** Upload-step answers: transient ones are retried by the caller, lost sessions restarted. */
    uploadFailure(op, res) {
        const codes = errorCodes(res.body);
        if (isTransient(res.status))
            return new TransientStatus(res);
        if (res.status === 416 ||
            codes.includes('BLOB_UPLOAD_UNKNOWN') ||
            codes.includes('BLOB_UPLOAD_INVALID') ||
            codes.includes('RANGE_INVALID'))
            return new SessionLost();
        if (res.status === 404 && codes.length === 0)
            return new SessionLost();
        if (codes.includes('DIGEST_INVALID') || codes.includes('SIZE_INVALID')) {
            return new RegistryError(this.stage, this.redact(`${cap(op.what)} failed: ${describeRegistryFailure(res.status, res.body)}.`), 'The blob changed while it was being uploaded; build again.', res.status, codes);
        }
        return this.failure(op, res);
    }
    // ---------------------------------------------------------------- requests
    /**
     * Sends a request with authentication, one re-authentication on 401,
     * redirects (GET/HEAD) and retries of transient failures within the budget.
     * Returns any other answer for the caller to judge.
     */
    async exchange(x) {
        const started = this.now();
        let attempt = 0;
        let reauthenticated = false;
        let scopes = x.scopes;
        let url = x.url;
        let anonymous = x.anonymous ?? false;
        let redirects = 0;
        for (;;) {
            const auth = anonymous ? {} : await this.authorization(scopes);
            const headers = {
                'user-agent': this.userAgent,
                ...(x.headers ?? {}),
            };
            const authorization = auth.header ?? (anonymous ? x.authorization : undefined);
            if (authorization)
                headers.authorization = authorization;
            let res;
            this.stats.requests++;
            try {
                res = await sendRequest({
                    method: x.method,
                    url,
                    headers,
                    body: x.body,
                    contentLength: x.contentLength,
                    idleTimeoutMs: this.requestTimeoutMs,
                    stream: x.stream,
                    maxBodyBytes: x.maxBodyBytes,
                }, this.agents);
            }
            catch (err) {
                this.log.debug(`${x.method} ${displayUrl(url)} failed: ${this.redact(describeNetworkError(err))}`);
                if (x.retry === false)
                    throw err;
                const d = planRetry({
                    attempt,
                    elapsedMs: this.now() - started,
                    budgetMs: this.totalTimeoutMs,
                    error: err,
                });
                if (!d.retry)
                    throw this.networkFailure(x, err, isRetryableError(err) ? d.reason : undefined);
                attempt++;
                this.stats.retries++;
                this.logRetry(x.what, undefined, this.redact(d.reason), d.delayMs, attempt);
                await this.sleep(d.delayMs);
                continue;
            }
            this.log.debug(`${x.method} ${displayUrl(url)} → ${res.status}`);
            this.noteRateLimit(res);
            if (res.status === 401 && !anonymous) {
                const challenges = parseChallenges(res.headers['www-authenticate']);
                const learnt = this.learn(challenges);
                const wanted = splitScopeParam(findChallenge(challenges, 'bearer')?.params.scope);
                if (auth.token)
                    this.tokens.invalidate(auth.token);
                const canAuth = this.scheme === 'bearer' || (this.scheme === 'basic' && !!this.credentials);
                // First contact (no credentials sent yet) or one fresh try with a new token.
                if (canAuth && ((auth.header === undefined && learnt) || !reauthenticated)) {
                    if (auth.header !== undefined)
                        reauthenticated = true;
                    scopes = normalizeScopes([...scopes, ...wanted.filter((s) => !scopes.includes(s))]);
                    drain(res);
                    continue;
                }
                if (x.allowDenied)
                    return res;
                throw this.accessFailure(x, res);
            }
            if (res.status === 401 || res.status === 403) {
                if (x.allowDenied)
                    return res;
                throw this.accessFailure(x, res);
            }
            if (x.followRedirects &&
                (x.method === 'GET' || x.method === 'HEAD') &&
                [301, 302, 303, 307, 308].includes(res.status)) {
                const loc = header(res.headers, 'location');
                if (loc && redirects < MAX_REDIRECTS) {
                    redirects++;
                    drain(res);
                    const next = new URL(loc, url);
                    // Never send our credentials to another host (Docker Hub → CDN/S3).
                    if (next.origin !== this.base.origin)
                        anonymous = true;
                    url = next;
                    continue;
                }
            }
            if (isTransient(res.status) && x.retry !== false) {
                const d = planRetry({
                    attempt,
                    elapsedMs: this.now() - started,
                    budgetMs: this.totalTimeoutMs,
                    status: res.status,
                    retryAfter: header(res.headers, 'retry-after'),
                });
                if (!d.retry) {
                    if (res.stream)
                        res.stream.destroy();
                    throw this.failure(x, res, d.reason);
                }
                attempt++;
                this.stats.retries++;
                drain(res);
                this.logRetry(x.what, res, d.reason, d.delayMs, attempt);
                await this.sleep(d.delayMs);
                continue;
            }
            return res;
        }
    }
    /** Learns the auth scheme from a 401; true when something new was learnt. */
    learn(challenges) {
        const bearer = findChallenge(challenges, 'bearer');
        if (bearer?.params.realm) {
            const changed = this.scheme !== 'bearer' || this.bearer?.params.realm !== bearer.params.realm;
            this.scheme = 'bearer';
            this.bearer = bearer;
            return changed;
        }
        if (findChallenge(challenges, 'basic')) {
            const changed = this.scheme !== 'basic';
            this.scheme = 'basic';
            return changed;
        }
        return false;
    }
    /** Finds out once how the registry authenticates (GET /v2/). */
    async discoverScheme() {
        if (this.scheme !== 'unknown')
            return;
        const res = await this.exchange({
            method: 'GET',
            url: this.url('/v2/'),
            scopes: [],
            what: `contacting ${this.registry}`,
            access: 'pull',
            anonymous: true,
            allowDenied: true,
        });
        if (res.status === 401) {
            this.learn(parseChallenges(res.headers['www-authenticate']));
        }
        else if (res.status >= 200 && res.status < 300) {
            this.scheme = 'none';
        }
        else if (res.status === 404) {
            throw new RegistryError(this.stage, `${this.registry} does not offer the registry API (GET /v2/ answered 404).`, 'Check the registry host name.', 404);
        }
    }
    async authorization(scopes) {
        if (this.scheme === 'basic') {
            return this.credentials
                ? { header: basicAuthorization(this.credentials.username, this.credentials.password) }
                : {};
        }
        if (this.scheme !== 'bearer' || !this.bearer)
            return {};
        const token = await this.tokens.getOrFetch(scopes, () => this.fetchToken(scopes));
        return { header: `Bearer ${token}`, token };
    }
    async fetchToken(scopes) {
        const challenge = this.bearer;
        let url;
        try {
            url = tokenUrl(challenge, normalizeScopes(scopes), this.credentials?.username);
        }
        catch {
            throw new RegistryError('login', `${this.registry} asked for a token from an invalid address "${challenge.params.realm ?? ''}".`, undefined, 401);
        }
        const what = `getting an access token from ${url.host}`;
        const res = await this.exchange({
            method: 'GET',
            url,
            scopes: [],
            what,
            access: 'pull',
            anonymous: true,
            authorization: this.credentials
                ? basicAuthorization(this.credentials.username, this.credentials.password)
                : undefined,
            allowDenied: true,
        });
        if (res.status === 401 || res.status === 403)
            throw this.loginRejected(res);
        if (res.status !== 200) {
            throw new RegistryError('login', this.redact(`Getting an access token from ${url.host} failed: ${describeRegistryFailure(res.status, res.body)}.`), hintForStatus(res.status, errorCodes(res.body)), res.status, errorCodes(res.body));
        }
        let parsed;
        try {
            parsed = parseTokenResponse(res.body);
        }
        catch (err) {
            throw new RegistryError('login', `The token service ${url.host} gave an unusable answer: ${err.message}.`, undefined, res.status);
        }
        const refreshAt = tokenRefreshAt(this.now(), parsed.expiresInS);
        this.log.debug(`Token for ${scopes.length ? scopes.join(' ') : 'the registry'} from ${url.host} (valid ${parsed.expiresInS}s)`);
        return { token: parsed.token, refreshAt };
    }
    // ---------------------------------------------------------------- errors
    opFor(method, what, repo, access = 'pull') {
        return { method, url: this.base, scopes: [], what, repo, access };
    }
    failure(x, res, gaveUp) {
        const codes = errorCodes(res.body);
        if (res.status === 401 || res.status === 403 || codes.includes('DENIED'))
            return this.accessFailure(x, res);
        let msg = `${cap(x.what)} failed: ${describeRegistryFailure(res.status, res.body)}`;
        if (gaveUp)
            msg += ` (gave up: ${gaveUp})`;
        return new RegistryError(this.stage, this.redact(`${msg}.`), hintForStatus(res.status, codes), res.status, codes);
    }
    accessFailure(x, res) {
        const codes = errorCodes(res.body);
        const repo = x.repo;
        if (this.scheme === 'basic' && res.status === 401 && this.credentials)
            return this.loginRejected(res);
        if (x.access === 'push' && repo) {
            return this.credentials ? this.pushDenied(repo, res) : this.credentialsNeeded(repo, res);
        }
        const who = this.credentials ? `the account "${this.credentials.username}"` : 'anonymous users';
        const target = repo ? `repository "${repo}"` : this.registry;
        return new RegistryError(this.stage, this.redact(`Access denied to ${target} on ${this.registry} while ${x.what}: it does not exist, or ${who} may not read it (${describeRegistryFailure(res.status, res.body)}).`), this.credentials
            ? 'Check the image name and that the account has read access.'
            : 'Set the username and password inputs if the repository is private.', res.status, codes);
    }
    pushDenied(repo, res) {
        const user = this.credentials?.username ?? '';
        const ns = repo.includes('/') ? repo.slice(0, repo.indexOf('/')) : repo;
        const detail = res ? ` (${describeRegistryFailure(res.status, res.body)})` : '';
        const hub = isDockerHub(this.registry);
        return new RegistryError('push', this.redact(`Access denied to repository "${repo}" on ${this.registry}: the account "${user}" can push only to repositories it owns ("${user}/…") or that an organization gave it write access to${detail}.`), ns.toLowerCase() === user.toLowerCase()
            ? `The account owns "${ns}/…" but the credentials lack push rights: ${hub ? 'use a Docker Hub access token with Read & Write scope' : 'use a token with write (push) scope'}.`
            : `Name the image "${user}/<name>", or ask an owner of "${ns}" for write access${hub ? '; an access token needs Read & Write scope' : ''}.`, res?.status, res ? errorCodes(res.body) : []);
    }
    credentialsNeeded(repo, res) {
        return new RegistryError('login', `Pushing to "${repo}" on ${this.registry} needs credentials, and none were given.`, 'Set the username and password inputs (for Docker Hub: your Docker ID and an access token with Read & Write scope).', res?.status ?? 401, res ? errorCodes(res.body) : []);
    }
    loginRejected(res) {
        const codes = errorCodes(res.body);
        if (!this.credentials) {
            return new RegistryError('login', `${this.registry} refused anonymous access (${describeRegistryFailure(res.status, res.body)}).`, 'Set the username and password inputs.', res.status, codes);
        }
        const hub = isDockerHub(this.registry);
        return new RegistryError('login', this.redact(`The registry rejected the credentials for user "${this.credentials.username}" on ${this.registry}.`), hub
            ? 'Use your Docker ID (not your e-mail address) as username and a Docker Hub access token with Read & Write scope as password (Account settings → Personal access tokens).'
            : 'Check the username and the password; if the registry uses access tokens, use one with Read & Write (push) scope.', res.status, codes);
    }
    networkFailure(x, err, gaveUp) {
        if (err instanceof errors_ActionError)
            return err;
        const code = err?.code ?? '';
        if (code.startsWith('SOURCE_') || code === 'BODY_TOO_LARGE') {
            const msg = `${cap(x.what)} failed: ${err.message}.`;
            return new RegistryError(this.stage, this.redact(msg), undefined, undefined);
        }
        let hint;
        if (code === 'ECONNREFUSED')
            hint = `Is the registry running, and is "${this.registry}" the right address?`;
        else if (code === 'ENOTFOUND')
            hint = `Check the registry host name "${this.registry}".`;
        else if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
            hint = `The registry's TLS certificate is not trusted by this machine.`;
        else if (gaveUp)
            hint = 'The network or the registry is having trouble; try again later.';
        const reason = this.redact(describeNetworkError(err));
        const more = gaveUp ? ` (gave up: ${this.redact(gaveUp)})` : '';
        return new RegistryError(this.stage, `${cap(x.what)} failed: could not talk to ${this.registry}: ${reason}${more}.`, hint, undefined);
    }
    streamError(what, err) {
        if (err instanceof errors_ActionError)
            return err;
        return new RegistryError(this.stage, `${cap(what)} failed: ${this.redact(describeNetworkError(err))}.`, undefined, undefined);
    }
    redact(text) {
        let out = text;
        for (const s of this.secrets)
            out = out.split(s).join('***');
        return out;
    }
    // ---------------------------------------------------------------- small helpers
    /** Repository path for the API ("alpine" on Docker Hub is "library/alpine"). */
    repoPath(name) {
        const repo = apiRepository(this.registry, name);
        if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repo)) {
            throw new RegistryError('inputs', `"${name}" is not a valid repository name.`, hintForStatus(400, ['NAME_INVALID']), undefined, ['NAME_INVALID']);
        }
        return repo;
    }
    url(path) {
        return new URL(path, this.base);
    }
    location(res, requestUrl) {
        const loc = header(res.headers, 'location');
        if (!loc) {
            throw new RegistryError(this.stage, `${this.registry} opened an upload without saying where to send it (no Location header).`, undefined, res.status);
        }
        return new URL(loc, requestUrl);
    }
    /** One line per retry; a 429 is a warning, with the registry's plain-text reason. */
    logRetry(what, res, reason, delayMs, attempt) {
        const rateLimited = res?.status === 429;
        const words = rateLimited ? `rate limited (HTTP 429${plainBody(res)})` : reason;
        const line = `${cap(what)}: ${words}; retrying in ${formatMs(delayMs)} (attempt ${attempt + 1})`;
        if (rateLimited)
            this.log.warning(line);
        else
            this.log.info(line);
    }
    noteRateLimit(res) {
        const limit = header(res.headers, 'ratelimit-limit');
        const remaining = header(res.headers, 'ratelimit-remaining');
        if (limit === undefined && remaining === undefined)
            return;
        const source = header(res.headers, 'docker-ratelimit-source');
        const lim = parseRateLimit(limit);
        const rem = parseRateLimit(remaining);
        const window = lim?.window ?? rem?.window;
        const text = rem !== undefined && lim !== undefined
            ? `${rem.count} of ${lim.count} requests left${window ? ` per ${formatMs(window * 1000)}` : ''}`
            : `limit ${limit ?? '?'}, remaining ${remaining ?? '?'}`;
        const line = `Registry rate limit: ${text}${source ? ` (counted for ${source})` : ''}`;
        if (line === this.lastRateLimit)
            return;
        this.lastRateLimit = line;
        if (res.status === 429)
            this.log.warning(`${line}; the registry answered 429 Too Many Requests`);
        else if (rem !== undefined && lim !== undefined && rem.count <= Math.max(1, lim.count / 10))
            this.log.info(line);
        else
            this.log.debug(line);
    }
}
// -------------------------------------------------------------------- internals
class RestartUpload extends Error {
}
class SessionLost extends Error {
}
class TransientStatus extends Error {
    response;
    constructor(response) {
        super(`HTTP ${response.status}`);
        this.response = response;
    }
}
function isTransient(status) {
    return [408, 429, 500, 502, 503, 504].includes(status);
}
function isNetworkError(err) {
    return typeof err?.code === 'string';
}
function drain(res) {
    res.stream?.resume();
}
function header(h, name) {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
}
function contentType(h) {
    const v = header(h, 'content-type');
    if (!v)
        return undefined;
    const t = v.split(';')[0].trim();
    return t === '' ? undefined : t;
}
function mediaTypeInBody(body) {
    try {
        const m = JSON.parse(body.toString('utf8')).mediaType;
        return typeof m === 'string' ? m : undefined;
    }
    catch {
        return undefined;
    }
}
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
function digestOf(reference, body) {
    const algorithm = reference.slice(0, reference.indexOf(':'));
    if (algorithm !== 'sha256' && algorithm !== 'sha512')
        return sha256(body);
    return `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(body).digest('hex')}`;
}
function checkDigest(digest) {
    if (!/^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/.test(digest)) {
        throw new errors_ActionError('push', `"${digest}" is not a valid blob digest.`);
    }
}
function client_short(digest) {
    const i = digest.indexOf(':');
    return i < 0 ? digest : digest.slice(0, i + 13);
}
function cap(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}
function displayUrl(u) {
    return `${u.origin}${u.pathname}`;
}
function plainBody(res) {
    if (res.body.length === 0 || res.body.length > 300)
        return '';
    const t = res.body.toString('utf8').replace(/\s+/g, ' ').trim();
    return t === '' || t.startsWith('{') ? '' : `: ${t}`;
}
/** "0-1023" → 1023; undefined when absent or malformed. */
function rangeEnd(range) {
    if (!range)
        return undefined;
    const m = /^(?:bytes=)?(\d+)-(\d+)$/.exec(range.trim());
    return m ? Number(m[2]) : undefined;
}
/** The rel="next" target of a Link header, if any. */
function nextLink(link) {
    if (!link)
        return undefined;
    for (const part of link.split(/,(?=\s*<)/)) {
        const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
        if (m && /\brel\s*=\s*"?next"?/i.test(m[2]))
            return m[1];
    }
    return undefined;
}
/** "100;w=21600" → { count: 100, window: 21600 }. */
function parseRateLimit(v) {
    if (v === undefined)
        return undefined;
    const m = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(v);
    if (!m)
        return undefined;
    return { count: Number(m[1]), window: m[2] ? Number(m[2]) : undefined };
}
/** Bytes [start, start+length) of a blob, as a stream; opens the source anew. */
function sliceSource(blob, start, length) {
    const src = blob.open();
    if (Buffer.isBuffer(src))
        return src.subarray(start, start + length);
    if (start === 0 && length === blob.size)
        return src;
    let pos = 0;
    const end = start + length;
    const slicer = new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            const from = pos;
            pos += chunk.length;
            if (pos <= start || from >= end) {
                if (from >= end) {
                    // Everything wanted has passed: stop reading the source.
                    src.destroy?.();
                    this.push(null);
                }
                cb();
                return;
            }
            cb(null, chunk.subarray(Math.max(0, start - from), Math.min(chunk.length, end - from)));
            if (pos >= end) {
                src.destroy?.();
                this.push(null);
            }
        },
    });
    src.on('error', (err) => slicer.destroy(err));
    src.pipe(slicer);
    return slicer;
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
        digest: sha256Digest(data),
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
            mediaType: MEDIA_TYPES.manifest,
            digest: img.manifestDigest,
            size: img.manifest.length,
        };
    }
    else {
        const index = serializeIndex(images.map((img) => ({
            mediaType: MEDIA_TYPES.manifest,
            digest: img.manifestDigest,
            size: img.manifest.length,
            platform: img.platform,
        })));
        const b = inline(index);
        addBlob(b);
        top = { mediaType: MEDIA_TYPES.index, digest: b.digest, size: b.size };
    }
    const indexJson = Buffer.from(goJson({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.index,
        manifests: (named.length > 0 ? named : [undefined]).map((r) => ({
            mediaType: top.mediaType,
            digest: top.digest,
            size: top.size,
            annotations: r === undefined ? undefined : jsonMap(annotationsFor(r)),
        })),
    }));
    const loadable = hostImage(images);
    const blobPath = (digest) => `blobs/sha256/${digest.slice('sha256:'.length)}`;
    const manifestJson = Buffer.from(goJson([
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
        yield encodeEntryHeader({ path: 'blobs', type: 'dir', mode: 0o755 }, 0, epoch);
        yield encodeEntryHeader({ path: 'blobs/sha256', type: 'dir', mode: 0o755 }, 0, epoch);
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
    const partial = `${outPath}.partial`;
    try {
        await (0,external_node_stream_promises_.pipeline)(tar, (0,external_node_fs_.createWriteStream)(partial));
        await (0,promises_.rename)(partial, outPath);
    }
    finally {
        await (0,promises_.rm)(partial, { force: true });
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
        return this.images.length === 1 ? first.configDigest : sha256Digest(this.index());
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
        for (const image of this.images)
            await this.pushImage(client, repo, image);
        const single = this.images.length === 1 ? this.images[0] : undefined;
        // One platform: the manifest is what the tags name. Several: each manifest by its
        // digest (pushed above), and an image index under every tag.
        const top = single ? single.manifest : this.index();
        const digest = sha256Digest(top);
        const pushed = [];
        for (const [i, tag] of plan.tags.entries()) {
            try {
                await client.putManifest(repo, tag, top, mediaTypeOf(top));
            }
            catch (error) {
                throw pushFailure(error, pushed, plan.refs);
            }
            pushed.push(plan.refs[i]);
        }
        const { blobsUploaded, blobsSkipped, blobsMounted, bytesUploaded } = client.stats;
        info(`Blobs: ${blobsUploaded} uploaded (${bytesUploaded} bytes), ${blobsMounted} mounted, ${blobsSkipped} already there`);
        const platforms = single
            ? undefined
            : this.images.map((img) => ({
                platform: platformString(img.platform),
                digest: img.manifestDigest,
            }));
        return { digest, pushed, uploadedBytes: bytesUploaded, size: this.size(), platforms };
    }
    /** Layers and config of one platform's image, then (for an index) its manifest by digest. */
    async pushImage(client, repo, image) {
        // All blobs at once; the manifest only after every one of them is there.
        await Promise.all([
            ...image.layers.map((layer) => this.pushLayer(client, repo, layer)),
            client.pushBlob(repo, {
                digest: image.configDigest,
                size: image.config.length,
                open: () => image.config,
            }),
        ]);
        if (this.images.length > 1) {
            await client.putManifest(repo, image.manifestDigest, image.manifest, mediaTypeOf(image.manifest));
        }
    }
    /** The OCI image index over every platform built, in the order of the platforms input. */
    index() {
        return serializeIndex(this.images.map((img) => ({
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
            client = new RegistryClient({
                registry,
                credentials,
                logger: workflow_commands_namespaceObject,
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

;// CONCATENATED MODULE: ./src/builders/docker/base-layers.ts






/** The registry image the Dockerfile's target finally starts from; undefined for scratch. */
function dockerfileBase(plan) {
    const parsed = parseDockerfile((0,external_node_fs_.readFileSync)(plan.dockerfile, 'utf8'), (0,external_node_path_.basename)(plan.dockerfile), Object.fromEntries(plan.buildArgs), { target: plan.target || undefined });
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

;// CONCATENATED MODULE: ./src/builders/docker/cli.ts


async function docker(args, call = {}) {
    const out = [];
    const result = await dockerStream(args, call, async (stdout) => {
        for await (const chunk of stdout) {
            out.push(chunk);
            if (!call.silent)
                process.stdout.write(chunk);
        }
    });
    return { code: result.code, stdout: Buffer.concat(out).toString('utf8'), stderr: result.stderr };
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
 * it as a stream while docker writes it. docker is stopped if `consume` fails.
 */
async function dockerStream(args, call, consume) {
    if (!call.silent)
        process.stdout.write(`[command]docker ${args.join(' ')}\n`);
    const child = (0,external_node_child_process_.spawn)('docker', args, {
        env: childEnv(call.env),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const err = [];
    child.stderr.on('data', (chunk) => {
        err.push(chunk);
        if (!call.silent)
            process.stderr.write(chunk);
    });
    const exited = new Promise((resolve) => {
        child.on('error', (e) => {
            err.push(Buffer.from(`${e.message}\n`));
            resolve(127);
        });
        child.on('close', (code) => resolve(code ?? 1));
    });
    let value;
    let error;
    try {
        value = await consume(child.stdout);
    }
    catch (caught) {
        error = caught;
        child.kill('SIGKILL');
    }
    const code = await exited;
    return { code, stdout: '', stderr: Buffer.concat(err).toString('utf8'), value, error };
}

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
    container.Labels = jsonMap({ ...existing, ...Object.fromEntries(labels) });
    config.config = container;
    return Buffer.from(goJson(config), 'utf8');
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
        segmentSize: STREAMING_SEGMENT_SIZE,
    };
    const extract = tar_stream.extract();
    const fed = feedTar(archive, extract);
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
                compressed.set(path, await compressTar(entry, layerOptions));
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
            (small ? await compressTar([small], layerOptions) : undefined);
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
    const image = assembleImage(relabelConfig(engineConfig, options.labels), layers, configPlatform(engineConfig));
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
        return await compressTar((0,external_node_fs_.createReadStream)(raw.file), options);
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
        if (plan.platforms.length > 0) {
            if (!buildx) {
                throw new errors_ActionError('build', `Building for ${plan.platforms.join(', ')} needs docker buildx, which this runner lacks.`, 'Use builder: native, or add docker/setup-buildx-action before this step.');
            }
            args.push('--platform', plan.platforms.join(','));
        }
        args.push('--file', plan.dockerfile, '--iidfile', iidFile);
        for (const ref of plan.refs)
            args.push('--tag', ref);
        for (const [key, value] of plan.buildArgs)
            args.push('--build-arg', `${key}=${value}`);
        if (plan.target)
            args.push('--target', plan.target);
        args.push(plan.context);
        const env = buildx ? {} : { DOCKER_BUILDKIT: '0' };
        info(`Building with ${buildx ? 'docker buildx build' : 'docker build'}`);
        const result = await docker(args, { env });
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
        const platform = plan.platforms[0] ? base_image_parsePlatform(plan.platforms[0]) : hostPlatform();
        const lookup = baseLayers(ref, platform, (registry) => this.publisher.client(registry));
        let timer;
        const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer in ${BASE_LOOKUP_MS / 1000} s`)), BASE_LOOKUP_MS);
        });
        try {
            const layers = await Promise.race([lookup, timeout]);
            this.baseNote = `Base image ${ref}: ${layers.size} layers taken as its registry has them`;
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
            info(this.baseNote);
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
            throw new errors_ActionError('build', `Reading the built image from docker save failed: ${why}`, 'Check that the Docker engine is still running and has free disk space (docker save writes the image out), then run the job again.');
        }
        const { image, compressed, reused } = saved.value;
        this.publisher.images.push(image);
        info(`Image ${image.manifestDigest} (config ${image.configDigest}): ${compressed.length} layers compressed here, ${reused.length} as the base image's registry has them`);
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
/** How long the base image's layers are looked for in its registry. */
const BASE_LOOKUP_MS = 30_000;
const ENGINE_DOWN = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;
function buildError(result) {
    if (ENGINE_DOWN.test(`${result.stderr}\n${result.stdout}`)) {
        return new errors_ActionError('build', `No Docker engine answers: ${errorLine(result)}`, 'Run on a runner with Docker (ubuntu-latest has it), or use builder: native.');
    }
    return new errors_ActionError('build', `docker build failed: ${errorLine(result)}`, 'Fix the Dockerfile or the build context; the log above shows the failing step.');
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
        const image = await buildNative({
            contextDir: plan.context,
            dockerfile: plan.dockerfile,
            buildArgs: Object.fromEntries(plan.buildArgs),
            labels: Object.fromEntries(plan.labels),
            target: plan.target || undefined,
            platform: platform ? base_image_parsePlatform(platform) : hostPlatform(),
            epoch: plan.epoch,
            compression: this.compression,
            tmpDir: this.workDir,
            pullBase: (ref, p) => resolveBaseImage(ref, p, (registry) => this.publisher.client(registry)),
        });
        this.publisher.images.push(image);
        info(`Built ${platformString(image.platform)}: ${image.manifestDigest} (${image.layers.length} layers)`);
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
function decideBuilder(asked, plan, workspace) {
    const file = (0,external_node_path_.relative)(workspace, plan.dockerfile) || plan.dockerfile;
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(plan.dockerfile, 'utf8');
    }
    catch {
        if (!(0,external_node_fs_.existsSync)(plan.context)) {
            throw new errors_ActionError('inputs', `Input "context": no directory at ${JSON.stringify((0,external_node_path_.relative)(workspace, plan.context) || '.')}.`, 'Set "context" to the directory, relative to the workspace, that holds the Dockerfile and the files it copies.');
        }
        throw new errors_ActionError('inputs', `Input "dockerfile": no Dockerfile at ${JSON.stringify(file)}.`, 'Set "dockerfile" (relative to the workspace) or "context" to where your Dockerfile is; the Dockerfile must exist before the build-command runs.');
    }
    if (asked === 'docker')
        return { kind: 'docker', reason: 'builder: docker' };
    const parsed = parseDockerfile(text, file, Object.fromEntries(plan.buildArgs), {
        target: plan.target || undefined,
    });
    const unsupported = unsupportedInNative(parsed, plan.target || undefined);
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
        throw new errors_ActionError('build', `${where}: ${unsupported.instruction} is not supported by the native builder: ${unsupported.reason}`, 'Use builder: docker (or auto) to build this Dockerfile with the Docker engine.', { file: unsupported.file, line: unsupported.line });
    }
    return {
        kind: 'docker',
        reason: `${where}: ${unsupported.instruction} needs the Docker engine (${unsupported.reason})`,
    };
}
function createBuilder(choice, settings) {
    info(`Builder: ${choice.kind} (${choice.reason})`);
    const { registry, tempDir, retryTimeoutMs, compression } = settings;
    return choice.kind === 'docker'
        ? new DockerBuilder(tempDir, registry, rememberTempDir, retryTimeoutMs, compression)
        : new NativeBuilder(tempDir, registry, rememberTempDir, retryTimeoutMs, compression);
}

;// CONCATENATED MODULE: ./src/action/context.ts
/**
 * The git/GitHub context of the run, read from the runner's environment and the
 * event payload (the JSON file at GITHUB_EVENT_PATH).
 *
 * parseContext is pure so that tag computation can be tested from recorded
 * payloads; readContext is the thin impure wrapper main.ts calls.
 */


function record(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? v
        : undefined;
}
function context_str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function positiveInt(v) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0)
        return v;
    if (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v))
        return Number(v);
    return undefined;
}
function envValue(env, name) {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
}
/**
 * The pull request the run is about. The number comes from
 * payload.pull_request.number, else payload.number, else a refs/pull/N/... ref
 * (pull_request_target runs on the base branch ref, so the payload comes first).
 * A pull request is from a fork when its head repository differs from its base
 * repository; a missing head repository (deleted fork) counts as a fork. With
 * no payload at all the fork flag cannot be known and is false.
 */
function parsePullRequest(payload, ref) {
    const pr = record(payload.pull_request);
    const refMatch = /^refs\/pull\/([0-9]+)\//.exec(ref);
    const number = positiveInt(pr?.number) ?? positiveInt(payload.number) ?? positiveInt(refMatch?.[1]);
    if (number === undefined || (pr === undefined && refMatch === null))
        return undefined;
    if (pr === undefined)
        return { number, fork: false };
    const head = record(pr.head);
    const base = record(pr.base);
    const headRepo = record(head?.repo);
    const baseRepo = record(base?.repo);
    let fork;
    if (head !== undefined && head.repo === null) {
        fork = true;
    }
    else {
        const headName = context_str(headRepo?.full_name);
        const baseName = context_str(baseRepo?.full_name);
        if (headName !== undefined && baseName !== undefined) {
            fork = headName.toLowerCase() !== baseName.toLowerCase();
        }
        else {
            fork = headRepo?.fork === true;
        }
    }
    return { number, fork };
}
function parseTime(v) {
    const s = context_str(v);
    if (s === undefined)
        return undefined;
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
}
/** Builds the context from environment variables and the event payload. Pure. */
function parseContext(env, payload) {
    const p = record(payload) ?? {};
    const repo = record(p.repository);
    const headCommit = record(p.head_commit);
    const ref = envValue(env, 'GITHUB_REF') ?? '';
    return {
        eventName: envValue(env, 'GITHUB_EVENT_NAME') ?? '',
        sha: envValue(env, 'GITHUB_SHA') ?? '',
        ref,
        repository: envValue(env, 'GITHUB_REPOSITORY') ?? context_str(repo?.full_name) ?? '',
        serverUrl: envValue(env, 'GITHUB_SERVER_URL')?.replace(/\/+$/, ''),
        defaultBranch: context_str(repo?.default_branch),
        pullRequest: parsePullRequest(p, ref),
        commitTime: parseTime(headCommit?.timestamp),
        workspace: envValue(env, 'GITHUB_WORKSPACE') ?? process.cwd(),
        runnerTemp: envValue(env, 'RUNNER_TEMP') ?? external_node_os_default().tmpdir(),
    };
}
/** Reads the event payload at GITHUB_EVENT_PATH (missing or unreadable: {}) and parses the context. */
function readContext(env = process.env) {
    let payload = {};
    const eventPath = envValue(env, 'GITHUB_EVENT_PATH');
    if (eventPath !== undefined) {
        try {
            payload = JSON.parse((0,external_node_fs_.readFileSync)(eventPath, 'utf8'));
        }
        catch {
            payload = {};
        }
    }
    return parseContext(env, payload);
}

;// CONCATENATED MODULE: ./src/pipeline/tags.ts

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
    const sha = /^[0-9a-f]{7,}$/i.test(ctx.sha) ? `sha-${ctx.sha.slice(0, 7).toLowerCase()}` : '';
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
            tags.push(sanitizeTag(version));
            if (prerelease === '') {
                tags.push(`${major}.${minor}`);
                // Like metadata-action, a 0.x release gets no bare '0' tag: 0.x is unstable.
                if (major !== 0)
                    tags.push(`${major}`);
                latestAuto = true;
            }
        }
        else {
            version = sanitizeTag(name);
            if (version !== '')
                tags.push(version);
        }
        if (sha !== '')
            tags.push(sha);
    }
    else if (ctx.ref.startsWith('refs/heads/')) {
        const branch = ctx.ref.slice('refs/heads/'.length);
        version = sanitizeTag(branch);
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
    return { tags: [...new Set([...computed, ...opts.extraTags])], version, semver };
}

;// CONCATENATED MODULE: ./src/pipeline/floating.ts

/**
 * Floating tags never move backwards: on release 1.2.3, `latest`, `1` and `1.2`
 * are moved only if the registry holds no higher released version in their range
 * (any version for latest, 1.x.y for 1, 1.2.y for 1.2). Pure: the caller lists the
 * repository's tags.
 */
function holdFloatingTags(release, tags, existingTags) {
    if (!release || release.prerelease !== '')
        return { tags, held: [] };
    const released = existingTags
        .map((tag) => ({ tag, version: exactVersion(tag) }))
        .filter((v) => v.version !== undefined)
        .filter((v) => v.version.prerelease === '');
    const held = [];
    const kept = tags.filter((tag) => {
        const inRange = floatingRange(tag, release);
        if (!inRange)
            return true;
        const newer = released
            .filter((v) => inRange(v.version) && compareSemver(v.version, release) > 0)
            .sort((a, b) => compareSemver(b.version, a.version))[0];
        if (!newer)
            return true;
        held.push({ tag, newer: newer.tag });
        return false;
    });
    return { tags: kept, held };
}
/** A full x.y.z tag (with or without v); `1` and `1.2` are floating tags, not versions. */
function exactVersion(tag) {
    return /^v?\d+\.\d+\.\d+/.test(tag) ? parseSemver(tag) : undefined;
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

;// CONCATENATED MODULE: ./src/pipeline/existing-tags.ts




/**
 * On a release, the tags the repository already has; undefined when the plan is no
 * release (nothing to check) or when the registry will not list them (best effort:
 * the floating tags then move, with a warning).
 */
async function listExistingTags(plan, credentials, retryTimeoutMs) {
    if (!plan.semver || plan.semver.prerelease !== '')
        return undefined;
    const client = new RegistryClient({
        registry: plan.image.registry,
        credentials,
        stage: 'push',
        totalTimeoutMs: retryTimeoutMs,
        logger: workflow_commands_namespaceObject,
    });
    try {
        return await client.listTags(plan.image.path);
    }
    catch (error) {
        warning(`Could not list the tags of ${plan.image.name} (${error.message}); floating tags move without checking for newer releases.`);
        return undefined;
    }
    finally {
        client.close();
    }
}
/**
 * Leaves `latest`, the major and the minor where a higher released version already put
 * them. Returns the plan to push and the tags held back.
 */
function applyFloatingRule(plan, existing) {
    if (!plan.semver || !existing)
        return { plan, held: [] };
    const { tags, held } = holdFloatingTags(plan.semver, plan.tags, existing);
    for (const { tag, newer } of held) {
        workflow_commands_notice(`Tag "${tag}" left on ${newer}: it is newer than ${plan.version}.`);
    }
    return {
        plan: { ...plan, tags, refs: tags.map((tag) => formatReference(plan.image, tag)) },
        held,
    };
}

;// CONCATENATED MODULE: ./src/action/inputs.ts
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
const inputs_STAGE_NAME = /^[a-z][a-z0-9_.-]*$/i;
/** Shows a value in a message: quoted, with newlines and control characters escaped. */
function inputs_show(v) {
    return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}...` : v);
}
function oneOf(name, raw, allowed) {
    const v = raw.trim().toLowerCase();
    if (v === '')
        return allowed[0];
    const found = allowed.find((a) => a === v);
    if (found === undefined) {
        throw new InputError(name, `${inputs_show(raw.trim())} is not one of ${allowed.join(', ')}.`);
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
            throw new InputError('tags', `${inputs_show(tag)} is ${tag.length} characters long; a tag is at most 128.`);
        }
        if (!isValidTag(tag)) {
            throw new InputError('tags', `${inputs_show(tag)} is not a valid tag: a tag is letters, digits, "_", "." and "-", and starts with a letter, digit or "_" ([\\w][\\w.-]{0,127}).`);
        }
        if (seen.has(tag))
            throw new InputError('tags', `${inputs_show(tag)} is listed twice.`);
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
            throw new InputError(name, `line ${inputs_show(trimmed)} has no "="; write one NAME=value per line.`);
        }
        const key = trimmed.slice(0, eq);
        const problem = validKey(key);
        if (problem !== undefined)
            throw new InputError(name, `${inputs_show(key)} ${problem}`);
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
function parsePlatforms(raw) {
    const out = [];
    for (const entry of splitList(raw)) {
        const platform = entry.toLowerCase();
        if (!PLATFORM.test(platform)) {
            throw new InputError('platforms', `${inputs_show(entry)} is not a platform: expected os/arch or os/arch/variant, for example linux/amd64 or linux/arm/v7.`);
        }
        const [os = '', arch = ''] = platform.split('/');
        if (!KNOWN_OS.includes(os) || !KNOWN_ARCH.includes(arch)) {
            throw new InputError('platforms', `${inputs_show(entry)} is not a known platform: the OS is one of ${KNOWN_OS.join(', ')} and the architecture one of ${KNOWN_ARCH.join(', ')}.`);
        }
        if (!out.includes(platform))
            out.push(platform);
    }
    return out;
}
function parseCompression(raw) {
    try {
        return parseLayerCompression(raw);
    }
    catch (error) {
        throw new InputError('compression', error.message);
    }
}
/** Five minutes of retrying, like docker's own push retries, then a clear error. */
const DEFAULT_RETRY_MS = 5 * 60_000;
/** Minutes (a positive number) as milliseconds; empty is 0, no limit. */
function parseMinutes(name, raw) {
    const value = raw.trim();
    if (value === '')
        return 0;
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
        throw new InputError(name, `${inputs_show(value)} is not a number of minutes greater than 0.`);
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
    const rel = external_node_path_default().relative(workspace, resolved);
    if (rel === '..' || rel.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(rel)) {
        throw new InputError(name, `${inputs_show(raw)} resolves to ${inputs_show(resolved)}, outside the workspace ${inputs_show(workspace)}.`, 'Paths are relative to the repository checkout (GITHUB_WORKSPACE) and must stay inside it.');
    }
    return resolved;
}
/** Parses and validates raw input values; `get` returns '' for an unset input. Pure. */
function parseInputs(get, workspace) {
    const ws = external_node_path_default().resolve(workspace);
    const trimmed = (name) => get(name).trim();
    const workingDirectoryRaw = trimmed('working-directory');
    const workingDirectory = insideWorkspace('working-directory', workingDirectoryRaw, ws, external_node_path_default().resolve(ws, workingDirectoryRaw === '' ? '.' : workingDirectoryRaw));
    const contextRaw = trimmed('context');
    const context = insideWorkspace('context', contextRaw, ws, external_node_path_default().resolve(ws, contextRaw === '' ? '.' : contextRaw));
    // Like docker/build-push-action's "file": relative to the workspace, not the context.
    const dockerfileRaw = trimmed('dockerfile');
    const dockerfile = insideWorkspace('dockerfile', dockerfileRaw === '' ? external_node_path_default().join(context, 'Dockerfile') : dockerfileRaw, ws, dockerfileRaw === '' ? external_node_path_default().join(context, 'Dockerfile') : external_node_path_default().resolve(ws, dockerfileRaw));
    const outputRaw = trimmed('output');
    const target = trimmed('target');
    if (target !== '' && !inputs_STAGE_NAME.test(target)) {
        throw new InputError('target', `${inputs_show(target)} is not a build stage name: a letter, then letters, digits, "_", "." or "-".`);
    }
    return {
        registry: normalizeRegistry(get('registry')),
        image: trimmed('image'),
        username: trimmed('username'),
        password: get('password').replace(/[\r\n]+$/, ''),
        buildCommand: trimmed('build-command'),
        workingDirectory,
        context,
        dockerfile,
        buildArgs: parsePairs('build-args', get('build-args'), buildArgKey),
        labels: parsePairs('labels', get('labels'), labelKey),
        target,
        tags: parseTags(get('tags')),
        latest: oneOf('latest', get('latest'), SWITCHES),
        push: oneOf('push', get('push'), SWITCHES),
        builder: oneOf('builder', get('builder'), BUILDERS),
        platforms: parsePlatforms(get('platforms')),
        output: outputRaw === '' ? '' : external_node_path_default().resolve(ws, outputRaw),
        buildCommandTimeoutMs: parseMinutes('build-command-timeout', get('build-command-timeout')),
        retryTimeoutMs: parseMinutes('retry-timeout', get('retry-timeout')) || DEFAULT_RETRY_MS,
        compression: parseCompression(get('compression')),
    };
}
/** Reads the inputs from INPUT_* environment variables, as @actions/core's getInput does. */
function getInputs(workspace) {
    return parseInputs((name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '', workspace);
}

;// CONCATENATED MODULE: ./src/pipeline/plan.ts


function makePlan(ctx, inputs, clock) {
    const { image, notices } = resolveImageName({
        image: inputs.image,
        registry: inputs.registry,
        username: inputs.username,
        repository: ctx.repository,
    });
    const { tags, version, semver } = computeTags(ctx, {
        extraTags: inputs.tags,
        latest: inputs.latest,
    });
    const { push, noPushReason } = pushDecision(ctx, inputs);
    const epoch = sourceDateEpoch(ctx, clock);
    return {
        image,
        tags,
        refs: tags.map((tag) => formatReference(image, tag)),
        version,
        semver,
        push,
        noPushReason,
        context: inputs.context,
        dockerfile: inputs.dockerfile,
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        labels: mergeLabels(ociLabels(ctx, version, epoch), inputs.labels),
        platforms: inputs.platforms,
        epoch,
        notices,
    };
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
/** The OCI annotations docker/metadata-action sets, from the git context. */
function ociLabels(ctx, version, epoch) {
    const title = ctx.repository.split('/').pop() ?? ctx.repository;
    // Without a server, the repository has no address: no source or url rather than a guess.
    const url = ctx.serverUrl ? `${ctx.serverUrl}/${ctx.repository}` : undefined;
    const labels = [
        ['org.opencontainers.image.created', new Date(epoch * 1000).toISOString()],
        ['org.opencontainers.image.revision', ctx.sha],
        ['org.opencontainers.image.source', url],
        ['org.opencontainers.image.title', title],
        ['org.opencontainers.image.url', url],
        ['org.opencontainers.image.version', version],
    ];
    return labels.filter((label) => label[1] !== undefined);
}
/** User labels override the generated ones with the same key. */
function mergeLabels(generated, user) {
    const merged = new Map(generated);
    for (const [key, value] of user)
        merged.set(key, value);
    return [...merged];
}

;// CONCATENATED MODULE: ./src/pipeline/summary.ts

/** The job summary as markdown: pure, so it is tested without a runner. */
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
        lines.push(`**Failed:** ${escapeText(report.failure)}`, '');
    if (!push && !report.failure && plan.noPushReason) {
        lines.push(`Nothing was pushed: ${escapeText(plan.noPushReason)}.`, '');
    }
    for (const { tag, newer } of report.held) {
        lines.push(`Tag \`${tag}\` was left on \`${newer}\`, a newer release than \`${plan.version}\`.`);
    }
    if (report.held.length > 0)
        lines.push('');
    lines.push('| | |', '|---|---|');
    lines.push(`| Image | \`${plan.image.name}\` |`);
    lines.push(`| Tags | ${plan.tags.map((t) => `\`${t}\``).join(' ')} |`);
    if (push)
        lines.push(`| Digest | \`${push.digest}\` |`);
    for (const { platform, digest } of push?.platforms ?? []) {
        lines.push(`| ${platform} | \`${digest}\` |`);
    }
    if (build) {
        lines.push(`| Image ID | \`${build.imageId}\` |`);
        if (push?.size !== undefined) {
            lines.push(`| Size | ${formatBytes(push.size)} (compressed) |`);
        }
        else if (build.size !== undefined) {
            lines.push(`| Size | ${formatBytes(build.size)} (${build.sizeKind}) |`);
        }
    }
    lines.push(`| Version | \`${plan.version}\` |`);
    lines.push(`| Builder | ${report.builder} |`);
    lines.push('');
    if (push) {
        lines.push('```sh', `docker pull ${plan.image.name}@${push.digest}`, '```', '');
    }
    if (report.times.length > 0) {
        lines.push('| Stage | Time |', '|---|---|');
        for (const { stage, ms } of report.times)
            lines.push(`| ${stage} | ${summary_formatMs(ms)} |`);
        lines.push('');
    }
    return lines.join('\n');
}
function summary_formatMs(ms) {
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}
/** Keeps user-controlled text from breaking the markdown table or injecting HTML. */
function escapeText(text) {
    return text.replace(/[<>|`]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, ' ');
}

;// CONCATENATED MODULE: ./src/pipeline/report.ts



/** Outputs always; the job summary once there is a plan to speak of. */
async function report(state) {
    setOutputs(state);
    if (!state.plan || !process.env.GITHUB_STEP_SUMMARY)
        return;
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
        appendSummary(markdown);
    }
    catch (error) {
        warning(`Could not write the job summary: ${error.message}`);
    }
}
function setOutputs({ plan, build, push, partial }) {
    setOutput('image', plan?.image.name ?? '');
    setOutput('tags', plan ? plan.refs.join('\n') : '');
    setOutput('version', plan?.version ?? '');
    setOutput('imageid', build?.imageId ?? '');
    setOutput('digest', push?.digest ?? '');
    setOutput('pushed', push ? 'true' : 'false');
    setOutput('pushed-tags', (push?.pushed ?? partial).join('\n'));
    setOutput('platform-digests', (push?.platforms ?? []).map((p) => `${p.platform} ${p.digest}`).join('\n'));
}
/** One ::error:: line that says what failed and what to do; never a raw stack. */
function reportFailure(error) {
    process.exitCode = FAILURE_EXIT_CODE;
    if (error instanceof errors_ActionError) {
        const text = error.hint ? `${error.message} ${error.hint}` : error.message;
        const where = error.annotation
            ? { file: error.annotation.file, startLine: error.annotation.line }
            : undefined;
        workflow_commands_error(`${stageTitle[error.stage]} failed: ${text}`, where);
        return error.message;
    }
    const message = error instanceof Error ? error.message : String(error);
    workflow_commands_error(`Unexpected failure: ${message}`);
    debug(error instanceof Error ? (error.stack ?? message) : message);
    return message;
}
const stageTitle = {
    inputs: 'Input validation',
    compile: 'Compile',
    build: 'Image build',
    login: 'Registry login',
    push: 'Push',
    report: 'Report',
    cleanup: 'Cleanup',
};

;// CONCATENATED MODULE: ./src/pipeline/timing.ts

/** Times each stage of the pipeline, for the job summary. */
class StageTimer {
    times = [];
    /** Runs one stage inside a collapsible log group. */
    async run(stage, title, work) {
        const start = performance.now();
        try {
            return await group(title, work);
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

;// CONCATENATED MODULE: ./src/action/main.ts














/** The pipeline: validate, compile, build, log in, push, report. */
async function run() {
    // Mask before anything else can print, even before the inputs are validated.
    maskSecrets(process.env.INPUT_USERNAME?.trim() ?? '', process.env.INPUT_PASSWORD ?? '');
    saveState(action_state/* STATE */.c.isPost, 'true');
    const state = { timer: new StageTimer(), held: [], partial: [] };
    try {
        const ctx = readContext();
        const inputs = getInputs(ctx.workspace);
        maskSecrets(inputs.username, inputs.password);
        const plan = validate(inputs, ctx);
        state.plan = plan;
        const builder = createBuilder(decideBuilder(inputs.builder, plan, ctx.workspace), {
            registry: plan.image.registry,
            tempDir: ctx.runnerTemp,
            retryTimeoutMs: inputs.retryTimeoutMs,
            compression: inputs.compression,
        });
        state.builder = builder;
        const checks = plan.push ? startRegistryChecks(builder, plan, inputs) : undefined;
        state.build = await compileAndBuild(inputs, plan, builder, ctx, state.timer);
        if (inputs.output)
            await writeArchive(builder, plan, inputs.output);
        if (checks)
            await publish(builder, plan, checks, state);
        else
            info(`Nothing pushed: ${plan.noPushReason}.`);
    }
    catch (error) {
        state.failure = reportFailure(error);
        if (error instanceof PartialPushError)
            state.partial = error.pushed;
    }
    finally {
        state.builder?.dispose();
    }
    await report(state);
}
/** Everything decided before any work: the plan, checked for what pushing needs. */
function validate(inputs, ctx) {
    const plan = makePlan(ctx, inputs, {
        now: new Date(),
        sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    });
    for (const notice of plan.notices)
        workflow_commands_notice(notice);
    if (plan.push)
        requireCredentials(inputs);
    info(`Image: ${plan.image.name}`);
    info(`Tags: ${plan.tags.join(', ')}`);
    info(plan.push ? 'Will push after the build.' : `Will not push: ${plan.noPushReason}.`);
    return plan;
}
async function writeArchive(builder, plan, path) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    await builder.exportArchive(plan, path);
    info(`Image archive written to ${path}`);
}
/**
 * Starts the credential check and, on a release, the tag listing at once, so that
 * they cost no time of their own. Their outcome is taken only after a good build:
 * errors are reported in the pipeline's order, compile and build first.
 */
function startRegistryChecks(builder, plan, inputs) {
    const credentials = { username: inputs.username, password: inputs.password };
    const existingTags = listExistingTags(plan, credentials, inputs.retryTimeoutMs);
    // Awaited after a good build, or never: a failed build is the error to report.
    existingTags.catch(() => undefined);
    return { login: timed(() => builder.login(credentials, plan)), existingTags };
}
/** Log in, keep floating tags on newer releases, push. */
async function publish(builder, plan, checks, state) {
    await group(`Log in to ${plan.image.registry}`, async () => {
        const login = await checks.login;
        state.timer.record('login', login.ms);
        if (!login.ok)
            throw login.error;
        info(`Credentials accepted for ${plan.image.path} (checked during the build).`);
    });
    const floating = applyFloatingRule(plan, await checks.existingTags);
    state.held = floating.held;
    state.plan = floating.plan;
    const final = floating.plan;
    state.push = await state.timer.run('push', `Push ${final.image.name}`, () => builder.push(final));
    info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
}
function requireCredentials(inputs) {
    const missing = [
        inputs.username ? undefined : 'username',
        inputs.password ? undefined : 'password',
    ].filter((name) => name !== undefined);
    if (missing.length === 0)
        return;
    throw new errors_ActionError('inputs', `Pushing to ${inputs.registry} needs credentials, but ${missing.map((m) => `"${m}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty.`, 'Create the repository secrets DOCKERHUB_USERNAME and DOCKERHUB_TOKEN (Settings > Secrets and variables > Actions) and pass them as username: ${{ secrets.DOCKERHUB_USERNAME }} and password: ${{ secrets.DOCKERHUB_TOKEN }}. To build without pushing, set push: false.');
}


/***/ })

};

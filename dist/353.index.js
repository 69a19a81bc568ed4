export const id = 353;
export const ids = [353,32];
export const modules = {

/***/ 6353:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(3360);
// EXTERNAL MODULE: ./src/pipeline/io.ts
var pipeline_io = __webpack_require__(548);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/util/git.ts

/**
 * Runs git with an argument array (no shell) in `cwd`; its trimmed output, or undefined
 * when git fails or is missing. The directory is declared safe for this call only, so a
 * checkout owned by another user (a container job) is still read.
 */
function git(args, cwd) {
    try {
        return (0,external_node_child_process_.execFileSync)('git', ['-c', `safe.directory=${cwd}`, ...args], {
            cwd,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
        }).trim();
    }
    catch {
        return undefined;
    }
}
/** The committer time of a commit in the repository at `cwd`, or undefined. */
function commitTimeOf(cwd, sha) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha))
        return undefined;
    const seconds = git(['show', '--no-patch', '--format=%ct', sha, '--'], cwd);
    return seconds && /^\d+$/.test(seconds) ? new Date(Number(seconds) * 1000) : undefined;
}

;// CONCATENATED MODULE: ./src/pipeline/commit-time.ts

/**
 * The commit's time, so that every run of one commit (push, pull request, by hand, on a
 * schedule) dates its image the same: the commit object in the checkout, else the event
 * payload's head commit (a push), else the clock, which makes each run's image differ.
 */
function commitTime(o) {
    const fromCheckout = o.sha ? commitTimeOf(o.workspace, o.sha) : undefined;
    if (fromCheckout)
        return { date: fromCheckout, source: 'checkout' };
    if (o.eventTime)
        return { date: o.eventTime, source: 'event' };
    return { date: o.now, source: 'clock' };
}
/** The notice for an image dated by the clock; undefined otherwise. */
function clockNotice(time) {
    if (time.source !== 'clock')
        return undefined;
    return ('The commit is not in the checkout and the event names no commit time, so the image is ' +
        'dated now and two runs of this commit give different digests. Check out the commit ' +
        '(actions/checkout) or set SOURCE_DATE_EPOCH for reproducible images.');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/util/secrets.ts
var secrets = __webpack_require__(4537);
// EXTERNAL MODULE: ./src/pipeline/errors.ts
var errors = __webpack_require__(1539);
// EXTERNAL MODULE: ./src/util/leftovers.ts
var leftovers = __webpack_require__(4032);
;// CONCATENATED MODULE: ./src/pipeline/compile.ts




/**
 * Runs the build-command the way a workflow's `run:` step does: bash, stop on the
 * first error, its output straight into the log. The only input that goes through a shell.
 * It runs in a process group of its own, so that a timeout, a cancellation or the post
 * step stops what it started in the background too.
 */
async function compile(request) {
    pipeline_io/* log */.Rm.info(`$ ${request.command}`);
    const outcome = await run(request).catch((error) => {
        throw new errors/* ActionError */.lZ('compile', `The build-command could not start: ${error.message}`);
    });
    if (outcome.code === 0)
        return;
    const signal = (0,leftovers.cancellation)();
    if (signal) {
        throw new errors/* ActionError */.lZ('compile', `The build-command was stopped: the step was cancelled (${signal}); nothing was built or pushed.`);
    }
    if (outcome.timedOut) {
        throw new errors/* ActionError */.lZ('compile', `The build-command did not finish within ${request.timeoutMs / 1000} s and was stopped; nothing was built or pushed.`, 'Make the build faster or raise build-command-timeout.');
    }
    const hint = 'Fix the build: the log above shows its output. Run it locally in the same working-directory to reproduce.';
    const how = outcome.signal !== null
        ? `was killed by signal ${outcome.signal}`
        : outcome.code !== null && outcome.code > 128
            ? `was killed by signal ${outcome.code - 128}`
            : `exited with code ${outcome.code}`;
    throw new errors/* ActionError */.lZ('compile', `The build-command ${how}; nothing was built or pushed.`, hint);
}
function run(request) {
    return new Promise((resolve, reject) => {
        const child = (0,leftovers.spawnGroup)('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', request.command], {
            cwd: request.workingDirectory,
            env: (0,secrets/* childEnv */.gf)(request.env),
            stdio: ['ignore', 'inherit', 'inherit'],
        });
        let timedOut = false;
        let stopped = Promise.resolve();
        const timer = request.timeoutMs
            ? setTimeout(() => {
                timedOut = true;
                if (child.pid !== undefined)
                    stopped = (0,leftovers.stopRecordedGroup)(child.pid);
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

;// CONCATENATED MODULE: ./src/fs/workspace-paths.ts
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
        return (0,external_node_fs_.lstatSync)(p);
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
    const queue = external_node_path_default().resolve(p)
        .split((external_node_path_default()).sep)
        .filter((s) => s !== '');
    let done = external_node_path_default().parse(external_node_path_default().resolve(p)).root;
    let via;
    let links = 0;
    while (queue.length > 0) {
        const segment = queue.shift();
        if (segment === '.')
            continue;
        if (segment === '..') {
            done = external_node_path_default().dirname(done);
            continue;
        }
        const candidate = external_node_path_default().join(done, segment);
        const stats = lstatOrUndefined(candidate);
        if (stats === undefined) {
            // Nothing there: the rest is taken as written.
            const real = external_node_path_default().resolve(candidate, ...queue);
            return { real, via, stats: undefined };
        }
        if (!stats.isSymbolicLink()) {
            if (queue.length > 0 && !stats.isDirectory()) {
                return {
                    real: external_node_path_default().resolve(candidate, ...queue),
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
        const target = (0,external_node_fs_.readlinkSync)(candidate);
        if (external_node_path_default().isAbsolute(target))
            done = external_node_path_default().parse(target).root;
        queue.unshift(...target.split(/[\\/]+/).filter((s) => s !== ''));
    }
    return { real: done, via, stats: lstatOrUndefined(done) };
}
/** Whether `p` is `root` or below it (both absolute and already resolved). */
function isInside(root, p) {
    const rel = external_node_path_default().relative(root, p);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${(external_node_path_default()).sep}`) && !external_node_path_default().isAbsolute(rel));
}
/** Where `p` really leads and whether that is inside the real location of `root`. */
function confine(root, p) {
    const realRoot = realLocation(root).real;
    const location = realLocation(p);
    return { ...location, root: realRoot, inside: isInside(realRoot, location.real) };
}

;// CONCATENATED MODULE: ./src/pipeline/path-inputs.ts
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
    const rel = external_node_path_default().relative(workspace, p);
    if (rel === '')
        return (0,errors/* showValue */.vp)('.');
    return (0,errors/* showValue */.vp)(rel.startsWith('..') || external_node_path_default().isAbsolute(rel) ? p : rel);
}
/**
 * Throws an InputError naming the input unless `p` (absolute) leads inside `workspace`
 * and whatever is there is of the input's kind. Nothing there yet is fine.
 */
function checkPathInput(name, p, workspace, kind = KIND[name]) {
    const shown = shownPath(workspace, p);
    let where;
    try {
        where = confine(workspace, p);
    }
    catch (error) {
        throw new errors/* InputError */.dz(name, `${shown} cannot be followed: ${error.message}.`);
    }
    if (!where.inside) {
        const through = where.via
            ? ` through the symbolic link ${shownPath(workspace, where.via)}`
            : '';
        throw new errors/* InputError */.dz(name, `${shown} leads to ${(0,errors/* showValue */.vp)(where.real)}${through}, outside the workspace.`, OUTSIDE_HINT);
    }
    if (where.notDirectory !== undefined) {
        const file = shownPath(workspace, where.notDirectory);
        throw new errors/* InputError */.dz(name, `${shown} goes on below ${file}, which is a file, not a directory.`);
    }
    const stats = where.stats;
    if (stats === undefined)
        return;
    if (kind === 'directory' && !stats.isDirectory()) {
        throw new errors/* InputError */.dz(name, `${shown} is a file, not a directory.`);
    }
    if (kind === 'file' && stats.isDirectory()) {
        throw new errors/* InputError */.dz(name, `${shown} is a directory, not a file.`, name === 'output' ? 'Name the archive to write, for example image.tar.' : undefined);
    }
    if (kind === 'file' && !stats.isFile()) {
        throw new errors/* InputError */.dz(name, `${shown} is not a regular file.`);
    }
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
    checkPathInput('context', external_node_path_default().join(context, '.dockerignore'), workspace, 'file');
}
/** A directory the step is about to use must exist by now. */
function requireDirectory(name, p, workspace) {
    checkPathInput(name, p, workspace);
    if (confine(workspace, p).stats === undefined) {
        throw new errors/* InputError */.dz(name, `no directory at ${shownPath(workspace, p)}.`, name === 'context'
            ? 'Set "context" to the directory, relative to the workspace, that holds the files the Dockerfile copies.'
            : 'Set it to a directory of the repository checkout, relative to the workspace.');
    }
}

// EXTERNAL MODULE: ./src/image/base-image.ts
var base_image = __webpack_require__(3732);
;// CONCATENATED MODULE: ./src/image/platforms.ts



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
    if (platform === undefined)
        return targetVariables((0,base_image/* platformString */.Fd)((0,base_image/* hostPlatform */.ol)()));
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

;// CONCATENATED MODULE: ./src/pipeline/build-stage.ts





/**
 * Compile, then build. With the native builder and several platforms, once per
 * platform, each in a fresh copy of the workspace with TARGETPLATFORM, TARGETOS,
 * TARGETARCH and TARGETVARIANT set, so that no platform's files leak into another's.
 */
async function compileAndBuild({ inputs, context: ctx }, plan, builder, timer) {
    const perPlatform = builder.name === 'native' && plan.platforms.length > 1;
    const rounds = perPlatform ? plan.platforms : [plan.platforms[0]];
    let result;
    for (const platform of rounds) {
        const workspace = perPlatform ? copyWorkspace(ctx.workspace, ctx.runnerTemp) : ctx.workspace;
        if (perPlatform)
            (0,leftovers.rememberTempDir)(workspace);
        const suffix = perPlatform ? ` for ${platform}` : '';
        try {
            if (inputs.buildCommand) {
                const workingDirectory = rebase(inputs.workingDirectory, ctx.workspace, workspace);
                requireDirectory('working-directory', workingDirectory, workspace);
                const request = {
                    command: inputs.buildCommand,
                    workingDirectory,
                    env: targetVariables(platform),
                    timeoutMs: inputs.buildCommandTimeoutMs,
                };
                await timer.run('compile', `Compile${suffix}: ${inputs.buildCommand}`, () => compile(request));
            }
            // The build-command may have made or replaced any of them: checked again.
            const roundPlan = rebasePlan(plan, ctx.workspace, workspace);
            requireDirectory('context', roundPlan.context, workspace);
            checkPathInput('dockerfile', roundPlan.dockerfile, workspace);
            checkIgnoreFiles(roundPlan.context, roundPlan.dockerfile, workspace);
            if (inputs.output !== '')
                checkPathInput('output', inputs.output, ctx.workspace);
            result = await timer.run('build', `Build with ${builder.name}${suffix}`, () => (0,pipeline_io/* currentIo */.SN)().foreign(() => builder.build(roundPlan, platform)));
        }
        finally {
            if (perPlatform)
                removeWorkspaceCopy(workspace);
        }
    }
    return result;
}

// EXTERNAL MODULE: ./src/registry/hub-limits.ts
var hub_limits = __webpack_require__(2757);
;// CONCATENATED MODULE: ./src/pipeline/hub.ts
/**
 * After a push to Docker Hub: the repository's description from the readme input and
 * the short-description input, with the push's credentials. Opt-in, Docker Hub only,
 * and never the reason a push that succeeded fails: what goes wrong is a warning.
 */



const DOCKER_HUB = 'docker.io';
/** Sets the description where the request asks for one and the image went to Docker Hub. */
async function describeOnHub(request, plan, api) {
    const { inputs, wording } = request;
    if (!inputs.readme && !inputs.shortDescription)
        return;
    const io = (0,pipeline_io/* currentIo */.SN)();
    const asked = [inputs.readme && 'readme', inputs.shortDescription && 'short-description']
        .filter(Boolean)
        .map((name) => wording.setting(name))
        .join(' and ');
    if (plan.image.registry !== DOCKER_HUB) {
        io.notice(`${asked} ignored: a repository description is set only on Docker Hub, and ${plan.image.registry} is another registry.`);
        return;
    }
    try {
        const full = inputs.readme ? readReadme(inputs.readme, request) : undefined;
        const { setHubDescription } = await __webpack_require__.e(/* import() */ 847).then(__webpack_require__.bind(__webpack_require__, 2847));
        await setHubDescription({ repository: plan.image.path, full, short: inputs.shortDescription || undefined }, {
            username: inputs.username,
            password: inputs.password,
            setSecret: (secret) => io.setSecret(secret),
            api,
        });
        io.info(`Docker Hub description of ${plan.image.path} set from ${asked}.`);
    }
    catch (error) {
        io.warning(`The image was pushed, but its Docker Hub description was not set: ${error.message}`);
    }
}
/** The readme's text; the file, links resolved, must be inside the workspace. */
function readReadme(file, { context, wording }) {
    let real;
    try {
        real = (0,external_node_fs_.realpathSync)(file);
    }
    catch {
        throw new Error(`there is no file at ${wording.path(file)}; fix ${wording.setting('readme')}.`);
    }
    const rel = external_node_path_default().relative((0,external_node_fs_.realpathSync)(context.workspace), real);
    if (rel === '..' || rel.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(rel)) {
        throw new Error(`${wording.path(file)} leads outside the workspace (a link to ${real}); point ${wording.setting('readme')} at a file in the repository.`);
    }
    return (0,external_node_fs_.readFileSync)(real, 'utf8');
}

// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(9310);
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
            tags.push((0,reference/* sanitizeTag */.iP)(version));
            if (prerelease === '') {
                tags.push(`${major}.${minor}`);
                // Like metadata-action, a 0.x release gets no bare '0' tag: 0.x is unstable.
                if (major !== 0)
                    tags.push(`${major}`);
                latestAuto = true;
            }
        }
        else {
            version = (0,reference/* sanitizeTag */.iP)(name);
            if (version !== '')
                tags.push(version);
        }
        if (sha !== '')
            tags.push(sha);
    }
    else if (ctx.ref.startsWith('refs/heads/')) {
        const branch = ctx.ref.slice('refs/heads/'.length);
        version = (0,reference/* sanitizeTag */.iP)(branch);
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
/**
 * Leaves `latest`, the major and the minor where a higher released version already put
 * them. Returns the plan to push and the tags held back.
 */
function applyFloatingRule(plan, existing) {
    if (!plan.semver || !existing)
        return { plan, held: [] };
    const { tags, held } = holdFloatingTags(plan.semver, plan.tags, existing);
    for (const { tag, newer } of held) {
        pipeline_io/* log */.Rm.notice(`Tag "${tag}" left on ${newer}: it is newer than ${plan.version}.`);
    }
    return {
        plan: { ...plan, tags, refs: tags.map((tag) => (0,reference/* formatReference */.FH)(plan.image, tag)) },
        held,
    };
}

// EXTERNAL MODULE: ./src/image/image.ts
var image_image = __webpack_require__(5228);
// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
;// CONCATENATED MODULE: ./src/image/merge-index.ts
/**
 * The merge of a build matrix: each job pushed its platform's image under a platform
 * tag of the commit (`sha-1a2b3c4-linux-arm64`); the merge reads those tags back,
 * checks that each really holds its platform, and makes one OCI image index of them.
 * No blob is copied: the index only names manifests the repository already has.
 */



const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const INDEX_TYPES = new Set([
    image_image/* MEDIA_TYPES */.Z2.index,
    'application/vnd.docker.distribution.manifest.list.v2+json',
]);
/** `sha-1a2b3c4-linux-arm-v7`: where a matrix job puts its platform's image. */
function platformTag(sha, platform) {
    return `sha-${sha.slice(0, 7)}-${(0,image_platform/* platformTagSuffix */.b6)(platform)}`;
}
/** Reads every platform tag of the commit and makes the index; fails naming what is wrong. */
async function mergePlatformTags(reader, repo, sha, platforms) {
    const tags = platforms.map((p) => platformTag(sha, p));
    const found = await Promise.all(tags.map((tag) => reader.headManifest(repo, tag)));
    const missing = platforms.filter((_, i) => found[i] === undefined);
    if (missing.length > 0)
        throw missingPlatforms(repo, missing, tags, found);
    const merged = [];
    for (const [i, wanted] of platforms.entries()) {
        merged.push(...(await readPlatformTag(reader, repo, tags[i], wanted)));
    }
    refuseDuplicates(merged);
    const index = (0,image_image/* serializeIndex */.Jt)(merged.map((m) => ({
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.manifestSize,
        platform: m.platform,
    })));
    return { index, platforms: merged };
}
/** The image (or, where the tag holds an index, the images) behind one platform tag. */
async function readPlatformTag(reader, repo, tag, wanted) {
    const top = await reader.getManifest(repo, tag);
    const json = parseJson(top.body, `the manifest ${tag}`);
    if (!INDEX_TYPES.has(top.mediaType) && !json.manifests) {
        return [await readImage(reader, repo, tag, wanted, top)];
    }
    const images = [];
    for (const entry of json.manifests ?? []) {
        // Attestations (unknown/unknown) describe images; they are not images to run.
        if (!entry.digest || !entry.platform || entry.platform.os === 'unknown')
            continue;
        const manifest = await reader.getManifest(repo, entry.digest);
        images.push(await readImage(reader, repo, tag, entry.platform, manifest));
    }
    if (!images.some((m) => (0,image_platform/* samePlatform */.my)(m.platform, wanted))) {
        throw wrongPlatform(repo, tag, wanted, images.map((m) => (0,image_platform/* formatPlatform */.Bq)(m.platform)).join(', ') || 'no image');
    }
    return images;
}
/** One image manifest, its platform read from its config and checked. */
async function readImage(reader, repo, tag, wanted, manifest) {
    const json = parseJson(manifest.body, `the manifest ${tag}`);
    const configDigest = json.config?.digest;
    if (!configDigest)
        throw notAnImage(repo, tag);
    const config = parseJson(await readLimited(await reader.getBlob(repo, configDigest)), `the config of ${tag}`);
    const platform = {
        os: String(config.os ?? ''),
        architecture: String(config.architecture ?? ''),
        ...(config.variant ? { variant: String(config.variant) } : {}),
    };
    if (!(0,image_platform/* samePlatform */.my)(platform, wanted))
        throw wrongPlatform(repo, tag, wanted, (0,image_platform/* formatPlatform */.Bq)(platform));
    const layers = (json.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0);
    return {
        platform,
        digest: manifest.digest,
        mediaType: manifest.mediaType || json.mediaType || image_image/* MEDIA_TYPES */.Z2.manifest,
        manifestSize: manifest.body.length,
        imageSize: (json.config?.size ?? 0) + layers,
        tag,
    };
}
function refuseDuplicates(merged) {
    for (const [i, m] of merged.entries()) {
        const twice = merged.findIndex((o, j) => j > i && (0,image_platform/* samePlatform */.my)(o.platform, m.platform));
        if (twice >= 0) {
            throw new errors/* ActionError */.lZ('push', `The platform ${(0,image_platform/* formatPlatform */.Bq)(m.platform)} is in the merge twice: in ${m.tag} and in ${merged[twice].tag}.`, 'List each platform once in "merge", and let each matrix job build its own platforms.');
        }
    }
}
async function readLimited(stream) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        size += chunk.length;
        if (size > MAX_CONFIG_BYTES)
            throw new Error(`an image config over ${MAX_CONFIG_BYTES} bytes`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
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

;// CONCATENATED MODULE: ./src/pipeline/timing.ts

/** Times each stage of the pipeline, for the job summary. */
class StageTimer {
    times = [];
    /** Runs one stage inside a collapsible log group. */
    async run(stage, title, work) {
        const start = performance.now();
        try {
            return await pipeline_io/* log */.Rm.group(title, work);
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
async function mergeAndPush(plan, sha, credentials, stages, state) {
    const io = (0,pipeline_io/* currentIo */.SN)();
    const registry = await stages.registry(plan, credentials, credentials.retryMs);
    try {
        const existing = stages.existingTags(plan, credentials, credentials.retryMs);
        existing.catch(() => undefined);
        await io.group(`Log in to ${plan.image.registry}`, async () => {
            const login = await timed(() => registry.checkPushAccess(plan.image.path));
            state.timer.record('login', login.ms);
            if (!login.ok)
                throw login.error;
            io.info(`Credentials accepted for ${plan.image.path}.`);
        });
        state.push = await state.timer.run('push', `Merge and push ${plan.image.name}`, async () => {
            const merged = await readPlatformTags(registry, plan, sha);
            const floating = applyFloatingRule(plan, await existing.catch(() => undefined));
            state.held = floating.held;
            state.plan = floating.plan;
            return pushIndex(registry, floating.plan, merged);
        });
        io.info(`Pushed ${state.push.pushed.join(', ')} (${state.push.digest})`);
    }
    finally {
        registry.close();
    }
}
/** Every platform tag of the commit, read and checked, as one index. */
async function readPlatformTags(registry, plan, sha) {
    const io = (0,pipeline_io/* currentIo */.SN)();
    const platforms = plan.merge.map(base_image/* parsePlatform */.FL);
    const merged = await mergePlatformTags(registry, plan.image.path, sha, platforms);
    for (const p of merged.platforms) {
        io.info(`${(0,image_platform/* formatPlatform */.Bq)(p.platform)}: ${p.digest} (${p.tag})`);
    }
    return merged;
}
/** The index under every tag of the plan, in order; a failure names the tags updated. */
async function pushIndex(registry, plan, merged) {
    const pushed = [];
    for (const [i, tag] of plan.tags.entries()) {
        try {
            await registry.putManifest(plan.image.path, tag, merged.index, image_image/* MEDIA_TYPES */.Z2.index);
        }
        catch (error) {
            throw (0,errors/* pushFailure */.dS)(error, pushed, plan.refs);
        }
        pushed.push(plan.refs[i]);
    }
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

;// CONCATENATED MODULE: ./src/pipeline/plan.ts







function makePlan(ctx, inputs, clock) {
    checkPathInputs(inputs, ctx.workspace);
    const { image, notices } = (0,reference/* resolveImageName */.Do)({
        image: inputs.image,
        registry: inputs.registry,
        username: inputs.username,
        repository: ctx.repository,
    });
    const computed = computeTags(ctx, { extraTags: inputs.tags, latest: inputs.latest });
    const { version, semver } = computed;
    const platforms = inputs.platformTags ? matrixPlatforms(inputs) : inputs.platforms;
    const tags = inputs.platformTags ? platformTags(ctx, platforms) : computed.tags;
    const { push, noPushReason } = pushDecision(ctx, inputs);
    const epoch = sourceDateEpoch(ctx, clock);
    return {
        image,
        tags,
        refs: tags.map((tag) => (0,reference/* formatReference */.FH)(image, tag)),
        version,
        semver,
        push,
        noPushReason,
        context: inputs.context,
        dockerfile: inputs.dockerfile,
        target: inputs.target,
        buildArgs: inputs.buildArgs,
        labels: mergeLabels(ociLabels(ctx, version, epoch), inputs.labels),
        platforms,
        platformTags: inputs.platformTags,
        merge: inputs.merge,
        epoch,
        notices,
    };
}
/** A matrix job's platforms: the platforms input, else the runner's own. */
function matrixPlatforms(inputs) {
    return inputs.platforms.length > 0 ? inputs.platforms : [(0,image_platform/* formatPlatform */.Bq)((0,base_image/* hostPlatform */.ol)())];
}
/** `sha-1a2b3c4-linux-arm64` per platform: where a matrix job pushes, and nowhere else. */
function platformTags(ctx, platforms) {
    if (!/^[0-9a-f]{7,}$/.test(ctx.sha)) {
        throw new errors/* InputError */.dz('platform-tags', 'needs the commit being built, to name the platform tags, and this run has none.', 'Run it on a commit (GITHUB_SHA, or a git repository with a commit).');
    }
    return platforms.map((p) => platformTag(ctx.sha, (0,base_image/* parsePlatform */.FL)(p)));
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

// EXTERNAL MODULE: ./src/util/bytes.ts
var util_bytes = __webpack_require__(1671);
// EXTERNAL MODULE: ./src/util/duration-format.ts
var duration_format = __webpack_require__(6524);
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
    if (push?.digest)
        lines.push(`| Digest | \`${push.digest}\` |`);
    for (const { platform, digest, size } of push?.platforms ?? []) {
        const bytes = size === undefined ? '' : ` (${(0,util_bytes/* formatBytes */.z)(size)} compressed)`;
        lines.push(`| ${platform} | \`${digest}\`${bytes} |`);
    }
    if (build) {
        lines.push(`| Image ID | \`${build.imageId}\` |`);
        if (push?.size !== undefined) {
            lines.push(`| Size | ${(0,util_bytes/* formatBytes */.z)(push.size)} (compressed) |`);
        }
        else if (build.size !== undefined) {
            lines.push(`| Size | ${(0,util_bytes/* formatBytes */.z)(build.size)} (${build.sizeKind}) |`);
        }
    }
    lines.push(`| Version | \`${plan.version}\` |`);
    lines.push(`| Builder | ${report.builder} |`);
    lines.push('');
    if (push?.digest) {
        lines.push('```sh', `docker pull ${plan.image.name}@${push.digest}`, '```', '');
    }
    if (report.times.length > 0) {
        lines.push('| Stage | Time |', '|---|---|');
        for (const { stage, ms } of report.times)
            lines.push(`| ${stage} | ${(0,duration_format/* formatMs */._)(ms, 'report')} |`);
        lines.push('');
    }
    return lines.join('\n');
}
/** Keeps user-controlled text from breaking the markdown table or injecting HTML. */
function escapeText(text) {
    return text.replace(/[<>|`]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, ' ');
}

;// CONCATENATED MODULE: ./src/pipeline/report.ts



/** Outputs always; the job summary once there is a plan to speak of. */
async function report(state) {
    const io = (0,pipeline_io/* currentIo */.SN)();
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
function outputsOf({ plan, build, push, partial }) {
    return {
        image: plan?.image.name ?? '',
        tags: plan ? plan.refs.join('\n') : '',
        version: plan?.version ?? '',
        imageid: build?.imageId ?? '',
        digest: push?.digest ?? '',
        pushed: push ? 'true' : 'false',
        'pushed-tags': (push?.pushed ?? partial).join('\n'),
        'platform-digests': (push?.platforms ?? []).map((p) => `${p.platform} ${p.digest}`).join('\n'),
    };
}
/** One error annotation that says what failed and what to do; never a raw stack. */
function reportFailure(error, wording) {
    const io = (0,pipeline_io/* currentIo */.SN)();
    if (error instanceof errors/* ActionError */.lZ) {
        // A bad value is named the way the user set it: an input, or a flag.
        const message = error instanceof errors/* InputError */.dz && wording
            ? `${wording.input(error.input)}: ${error.detail}`
            : error.message;
        const text = error.hint ? `${message} ${error.hint}` : message;
        const where = error.annotation
            ? { file: error.annotation.file, startLine: error.annotation.line }
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
    async builder(request, plan) {
        const { createBuilder, decideBuilder } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(804)]).then(__webpack_require__.bind(__webpack_require__, 4804));
        const { inputs, context, wording } = request;
        return createBuilder(decideBuilder(inputs.builder, plan, wording), {
            registry: plan.image.registry,
            tempDir: context.runnerTemp,
            retryTimeoutMs: inputs.retryTimeoutMs,
            compression: inputs.compression,
        });
    },
    hubApi: hub_limits/* DOCKER_HUB_API */.sg,
    async registry(plan, credentials, retryMs) {
        const { RegistryClient } = await __webpack_require__.e(/* import() */ 463).then(__webpack_require__.bind(__webpack_require__, 3463));
        return new RegistryClient({
            registry: plan.image.registry,
            credentials,
            stage: 'push',
            totalTimeoutMs: retryMs,
            logger: pipeline_io/* log */.Rm,
        });
    },
    async existingTags(plan, credentials, retryMs) {
        const { listExistingTags } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(163)]).then(__webpack_require__.bind(__webpack_require__, 163));
        return listExistingTags(plan, credentials, retryMs);
    },
};
async function run_run(request, io, stages = realStages) {
    const restore = (0,pipeline_io/* useIo */.uM)(io);
    const state = { timer: new StageTimer(), held: [], partial: [] };
    let failed;
    try {
        await pipeline(request, stages, state);
    }
    catch (error) {
        state.failure = reportFailure(error, request.wording);
        failed = error instanceof errors/* ActionError */.lZ ? error.stage : 'unexpected';
        if (error instanceof errors/* PartialPushError */.WM)
            state.partial = error.pushed;
    }
    finally {
        state.builder?.dispose();
    }
    try {
        return { ok: failed === undefined, failed, outputs: await report(state) };
    }
    finally {
        restore();
    }
}
/** A run that failed before its request could be made (a bad input): reported the same way. */
async function failBeforeRun(error, io) {
    const restore = (0,pipeline_io/* useIo */.uM)(io);
    try {
        const state = { timer: new StageTimer(), held: [], partial: [] };
        state.failure = reportFailure(error);
        const failed = error instanceof errors/* ActionError */.lZ ? error.stage : 'unexpected';
        return { ok: false, failed, outputs: await report(state) };
    }
    finally {
        restore();
    }
}
async function pipeline(request, stages, state) {
    const { inputs } = request;
    (0,secrets/* maskSecrets */.QU)(inputs.username, inputs.password);
    const plan = validate(request);
    state.plan = plan;
    if (plan.merge.length > 0)
        await merge(request, plan, stages, state);
    else
        await buildAndPush(request, plan, stages, state);
    // Only once the image is pushed (a pull request or push: false never describes it), and
    // by the job that publishes it: a matrix job's platform tags are not the image yet.
    if (state.push && state.plan && !plan.platformTags) {
        await describeOnHub(request, state.plan, stages.hubApi);
    }
}
async function buildAndPush(request, plan, stages, state) {
    const { inputs } = request;
    const io = (0,pipeline_io/* currentIo */.SN)();
    const builder = await stages.builder(request, plan);
    state.builder = builder;
    const checks = plan.push ? startRegistryChecks(builder, plan, inputs, stages) : undefined;
    state.build = await compileAndBuild(request, plan, builder, state.timer);
    if (inputs.output)
        await writeArchive(builder, plan, inputs.output, request.wording);
    if (checks)
        await publish(builder, plan, checks, state);
    else
        io.info(`Nothing pushed: ${plan.noPushReason}.`);
}
/** A merge job: nothing built, one index of the matrix's platform tags pushed. */
async function merge(request, plan, stages, state) {
    const { inputs, context } = request;
    if (!plan.push) {
        (0,pipeline_io/* currentIo */.SN)().info(`Nothing merged or pushed: ${plan.noPushReason}.`);
        return;
    }
    const credentials = {
        username: inputs.username,
        password: inputs.password,
        retryMs: inputs.retryTimeoutMs,
    };
    await mergeAndPush(plan, context.sha, credentials, stages, state);
}
/** Everything decided before any work: the plan, checked for what pushing needs. */
function validate({ inputs, context, clock, wording }) {
    const made = makePlan(context, inputs, clock);
    const plan = inputs.push === 'false' ? { ...made, noPushReason: wording.pushOff } : made;
    const io = (0,pipeline_io/* currentIo */.SN)();
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
async function writeArchive(builder, plan, path, wording) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    await (0,pipeline_io/* currentIo */.SN)().foreign(() => builder.exportArchive(plan, path));
    (0,pipeline_io/* currentIo */.SN)().info(`Image archive written to ${wording.path(path)}`);
}
/**
 * Starts the credential check and, on a release, the tag listing at once, so that
 * they cost no time of their own. Their outcome is taken only after a good build:
 * errors are reported in the pipeline's order, compile and build first.
 */
function startRegistryChecks(builder, plan, inputs, stages) {
    const credentials = { username: inputs.username, password: inputs.password };
    // Platform tags are no release's tags: the floating rule does not apply to them.
    const existingTags = plan.platformTags
        ? Promise.resolve(undefined)
        : stages.existingTags(plan, credentials, inputs.retryTimeoutMs);
    // Awaited after a good build, or never: a failed build is the error to report.
    existingTags.catch(() => undefined);
    return { login: timed(() => builder.login(credentials, plan)), existingTags };
}
/** Log in, keep floating tags on newer releases, push. */
async function publish(builder, plan, checks, state) {
    const io = (0,pipeline_io/* currentIo */.SN)();
    await io.group(`Log in to ${plan.image.registry}`, async () => {
        const login = await checks.login;
        state.timer.record('login', login.ms);
        if (!login.ok)
            throw login.error;
        io.info(`Credentials accepted for ${plan.image.path} (checked during the build).`);
    });
    const floating = applyFloatingRule(plan, await checks.existingTags.catch(() => undefined));
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

;// CONCATENATED MODULE: ./src/pipeline/wording.ts

/** The action's words: inputs, and paths relative to the workspace. */
function actionWording(workspace) {
    return {
        input: (name) => `Input "${name}"`,
        setting: (name) => `"${name}"`,
        path: (absolute) => (0,external_node_path_.relative)(workspace, absolute) || '.',
        pushOff: 'the push input is false',
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/action/context.ts
/**
 * The git/GitHub context of the run: @actions/github's `context` (event name, sha, ref,
 * payload, repository, server) mapped to what the pipeline reads.
 *
 * toGitContext is pure, so that tag computation is tested from recorded payloads
 * (__tests__/fixtures/events); readContext is the thin impure wrapper the action calls.
 */

function record(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v)
        ? v
        : undefined;
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function positiveInt(v) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0)
        return v;
    if (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v))
        return Number(v);
    return undefined;
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
        const headName = str(headRepo?.full_name);
        const baseName = str(baseRepo?.full_name);
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
    const s = str(v);
    if (s === undefined)
        return undefined;
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
}
function trimmed(v) {
    return v === undefined || v.trim() === '' ? undefined : v.trim();
}
/** Maps @actions/github's context and the runner's directories to the GitContext. Pure. */
function toGitContext(github, dirs) {
    const p = record(github.payload) ?? {};
    const repo = record(p.repository);
    const headCommit = record(p.head_commit);
    const ref = trimmed(github.ref) ?? '';
    return {
        eventName: trimmed(github.eventName) ?? '',
        sha: trimmed(github.sha) ?? '',
        ref,
        repository: trimmed(github.repository) ?? str(repo?.full_name) ?? '',
        serverUrl: trimmed(github.serverUrl)?.replace(/\/+$/, ''),
        defaultBranch: str(repo?.default_branch),
        pullRequest: parsePullRequest(p, ref),
        commitTime: parseTime(headCommit?.timestamp),
        workspace: trimmed(dirs.workspace) ?? process.cwd(),
        runnerTemp: trimmed(dirs.temp) ?? external_node_os_default().tmpdir(),
    };
}
/** The context from environment variables and a payload, as a runner gives them. Pure. */
function parseContext(env, payload) {
    return toGitContext({
        eventName: env.GITHUB_EVENT_NAME,
        sha: env.GITHUB_SHA,
        ref: env.GITHUB_REF,
        payload,
        repository: env.GITHUB_REPOSITORY,
        serverUrl: env.GITHUB_SERVER_URL,
    }, { workspace: env.GITHUB_WORKSPACE, temp: env.RUNNER_TEMP });
}
/** @actions/github's context, which reads the event; an unreadable payload counts as none. */
async function readContext(env = process.env) {
    const dirs = { workspace: env.GITHUB_WORKSPACE, temp: env.RUNNER_TEMP };
    let github;
    try {
        const { context } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        github = { ...context, repository: repositoryOf(context) };
    }
    catch {
        return parseContext(env, {});
    }
    return toGitContext(github, dirs);
}
/** `context.repo` as owner/name; its getter throws where neither the runner nor the payload names one. */
function repositoryOf(context) {
    try {
        const { owner, repo } = context.repo;
        return owner && repo ? `${owner}/${repo}` : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/action/defaults.ts
/**
 * The inputs' defaults, the one copy in the code of action.yml's `default:` values
 * (a unit test holds the two together). The command line starts from these too.
 */
const INPUT_DEFAULTS = {
    registry: 'docker.io',
    image: '',
    username: '',
    password: '',
    'build-command': '',
    'build-command-timeout': '',
    'working-directory': '',
    context: '.',
    dockerfile: '',
    'build-args': '',
    labels: '',
    target: '',
    tags: '',
    latest: 'auto',
    push: 'auto',
    'retry-timeout': '5',
    compression: 'gzip',
    builder: 'auto',
    output: '',
    platforms: '',
    'platform-tags': 'false',
    merge: '',
    readme: '',
    'short-description': '',
};
/** Whether `name` is one of the action's inputs. */
function isInputName(name) {
    return Object.hasOwn(INPUT_DEFAULTS, name);
}

// EXTERNAL MODULE: ./src/layers/tar-layer.ts + 1 modules
var tar_layer = __webpack_require__(6324);
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
const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/i;
/** Shows a value in a message: quoted, with newlines and control characters escaped. */
function show(v) {
    return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}...` : v);
}
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
            throw new errors/* InputError */.dz(name, `line ${show(trimmed)} has no "="; write one NAME=value per line.`);
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
function parsePlatforms(raw, name = 'platforms') {
    const out = [];
    for (const entry of splitList(raw)) {
        const platform = entry.toLowerCase();
        if (!PLATFORM.test(platform)) {
            throw new errors/* InputError */.dz(name, `${show(entry)} is not a platform: expected os/arch or os/arch/variant, for example linux/amd64 or linux/arm/v7.`);
        }
        const [os = '', arch = ''] = platform.split('/');
        if (!KNOWN_OS.includes(os) || !KNOWN_ARCH.includes(arch)) {
            throw new errors/* InputError */.dz(name, `${show(entry)} is not a known platform: the OS is one of ${KNOWN_OS.join(', ')} and the architecture one of ${KNOWN_ARCH.join(', ')}.`);
        }
        // On Windows the third part is the OS version, not a variant.
        const problem = os === 'windows' ? undefined : variantProblem(arch, platform.split('/')[2] ?? '');
        if (problem)
            throw new errors/* InputError */.dz('platforms', `${show(entry)}: ${problem}`);
        if (!out.includes(platform))
            out.push(platform);
    }
    return out;
}
function parseBoolean(name, raw) {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === 'false' || v === '')
        return v === 'true';
    throw new errors/* InputError */.dz(name, `${show(raw.trim())} is not true or false.`);
}
/** The build matrix inputs: a merge builds nothing, so it takes neither of the others. */
function parseMatrix(get) {
    const platformTags = parseBoolean('platform-tags', get('platform-tags'));
    const merge = parsePlatforms(get('merge'), 'merge');
    if (merge.length > 0 && platformTags) {
        throw new errors/* InputError */.dz('merge', 'is set together with "platform-tags": a merge job builds nothing, it reads the platform tags the matrix jobs pushed.', 'Set platform-tags: true in the matrix jobs and merge only in the job that needs them.');
    }
    if (merge.length > 0 && get('platforms').trim() !== '') {
        throw new errors/* InputError */.dz('merge', 'is set together with "platforms": a merge job builds nothing, so it takes its platforms from "merge" alone.', 'Remove "platforms" from the merge job.');
    }
    return { platformTags, merge };
}
function parseShortDescription(raw) {
    const value = raw.trim();
    const problem = (0,hub_limits/* shortDescriptionProblem */.KU)(value);
    if (problem)
        throw new errors/* InputError */.dz('short-description', `${show(value)} ${problem}`);
    return value;
}
function parseCompression(raw) {
    try {
        return (0,tar_layer/* parseLayerCompression */.DL)(raw);
    }
    catch (error) {
        throw new errors/* InputError */.dz('compression', error.message);
    }
}
/** Minutes (a positive number) as milliseconds; empty is 0, no limit. */
function parseMinutes(name, raw) {
    const value = raw.trim();
    if (value === '')
        return 0;
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
        throw new errors/* InputError */.dz(name, `${show(value)} is not a number of minutes greater than 0.`);
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
        throw new errors/* InputError */.dz(name, `${show(raw)} resolves to ${show(resolved)}, outside the workspace ${show(workspace)}.`, 'Paths are relative to the repository checkout (GITHUB_WORKSPACE) and must stay inside it.');
    }
    return resolved;
}
/**
 * Parses and validates raw input values; `get` returns '' for an unset input, which
 * then takes its default from INPUT_DEFAULTS. Pure.
 */
function parseInputs(given, workspace) {
    const get = (name) => {
        const value = given(name);
        return value.trim() === '' ? INPUT_DEFAULTS[name] : value;
    };
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
    const readmeRaw = trimmed('readme');
    const readme = readmeRaw === '' ? '' : insideWorkspace('readme', readmeRaw, ws, external_node_path_default().resolve(ws, readmeRaw));
    const target = trimmed('target');
    if (target !== '' && !STAGE_NAME.test(target)) {
        throw new errors/* InputError */.dz('target', `${show(target)} is not a build stage name: a letter, then letters, digits, "_", "." or "-".`);
    }
    return {
        registry: (0,reference/* normalizeRegistry */.l5)(get('registry')),
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
        ...parseMatrix(get),
        readme,
        shortDescription: parseShortDescription(get('short-description')),
        output: outputRaw === '' ? '' : external_node_path_default().resolve(ws, outputRaw),
        buildCommandTimeoutMs: parseMinutes('build-command-timeout', get('build-command-timeout')),
        retryTimeoutMs: parseMinutes('retry-timeout', get('retry-timeout')),
        compression: parseCompression(get('compression')),
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/util/neutralise.ts

/**
 * Text that the action did not write itself (docker's output, a registry's message, a
 * path, a user's value) must never become a workflow command. The runner takes a line
 * as a command when, trimmed, it starts with `::`, or when it holds `##[` anywhere.
 */
const COMMAND = /^\s*::|##\[/m;
/** Whether some line of `text` would be read as a workflow command. */
function looksLikeCommand(text) {
    return COMMAND.test(text);
}
/** A token for `::stop-commands::<token>` that no foreign text can guess. */
function stopToken() {
    return (0,external_node_crypto_.randomBytes)(16).toString('hex');
}
/** The lines that switch command processing off, and back on after `text`. */
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

;// CONCATENATED MODULE: ./src/action/reporter.ts
/**
 * The runner's Io: the log, annotations, outputs, state and the job summary, written
 * with @actions/core. Every plain line is neutralised here, so no message (whatever
 * path, registry answer or user value it holds) can become a workflow command; core
 * escapes the text of the commands it writes itself (annotations, groups, debug).
 */



function write(text) {
    process.stdout.write(text);
}
function runnerIo() {
    /** While child processes write to our output: the token that turns commands back on. */
    let stopped;
    /** A command of ours while commands are off: on for it, then off again with a fresh token. */
    const command = (emit) => {
        if (stopped === undefined)
            return emit();
        // A child's last line may lack its end: the resume line must be a line of its own.
        write(`${external_node_os_.EOL}${stopCommands(stopped).resume}${external_node_os_.EOL}`);
        emit();
        stopped = stopToken();
        write(`${stopCommands(stopped).stop}${external_node_os_.EOL}`);
    };
    const annotate = (kind) => (message, where) => command(() => core[kind](message, where));
    return {
        info: (message) => core.info(stopped === undefined ? neutralise(message, external_node_os_.EOL) : message),
        debug: (message) => command(() => core.debug(message)),
        notice: annotate('notice'),
        warning: annotate('warning'),
        error: annotate('error'),
        async group(title, work) {
            command(() => core.startGroup(title));
            try {
                return await work();
            }
            finally {
                command(() => core.endGroup());
            }
        },
        async foreign(work) {
            if (stopped !== undefined)
                return work();
            stopped = stopToken();
            write(`${stopCommands(stopped).stop}${external_node_os_.EOL}`);
            try {
                return await work();
            }
            finally {
                write(`${external_node_os_.EOL}${stopCommands(stopped).resume}${external_node_os_.EOL}`);
                stopped = undefined;
            }
        },
        setSecret: (secret) => command(() => core.setSecret(secret)),
        setOutput: (name, value) => core.setOutput(name, value),
        saveState: (name, value) => core.saveState(name, value),
        async summary(markdown) {
            // A runner without job summaries (or a local run of the bundle): nothing to write to.
            if (!process.env.GITHUB_STEP_SUMMARY)
                return;
            await core.summary.addRaw(markdown, true).write();
        },
    };
}

// EXTERNAL MODULE: ./src/action/state.ts
var state = __webpack_require__(3175);
;// CONCATENATED MODULE: ./src/action/main.ts
/**
 * The action's side of the seam: the request from @actions/core's inputs and
 * @actions/github's context, the runner's Io, and the step's exit code.
 */











async function main() {
    // Mask before anything else can print, even before the inputs are validated.
    const password = core.getInput('password', { trimWhitespace: false }).replace(/[\r\n]+$/, '');
    for (const form of (0,secrets/* secretForms */.eo)(core.getInput('username'), password))
        core.setSecret(form);
    core.saveState(state/* STATE */.c.isPost, 'true');
    const io = runnerIo();
    let request;
    let notice;
    try {
        ({ request, notice } = await actionRequest());
    }
    catch (error) {
        await failBeforeRun(error, io);
        process.exitCode = core.ExitCode.Failure;
        return;
    }
    if (notice)
        io.notice(notice);
    const outcome = await run_run(request, io);
    if (!outcome.ok)
        process.exitCode = core.ExitCode.Failure;
    // Nothing the step started may outlive it: a background job of the build-command
    // would hold the step's output open, and the runner would wait for it.
    const restore = (0,pipeline_io/* useIo */.uM)(io);
    try {
        await (0,leftovers.stopAllGroups)();
    }
    finally {
        restore();
    }
}
/**
 * What the workflow asks for: the step's inputs and the event that started the job,
 * with the commit's time from the checkout (every event of one commit dates its image
 * alike), and the notice to give when only the clock could date it.
 */
async function actionRequest() {
    const event = await readContext();
    const inputs = parseInputs((name) => core.getInput(name, { trimWhitespace: name !== 'password' }), event.workspace);
    const clock = { now: new Date(), sourceDateEpoch: process.env.SOURCE_DATE_EPOCH };
    // A merge builds nothing: no image to date, no checkout to read.
    const time = inputs.merge.length > 0
        ? undefined
        : commitTime({ ...event, eventTime: event.commitTime, now: clock.now });
    const context = { ...event, commitTime: time?.source === 'clock' ? undefined : time?.date };
    const dated = clock.sourceDateEpoch?.trim() || time === undefined;
    return {
        request: { inputs, context, clock, wording: actionWording(context.workspace) },
        notice: dated ? undefined : clockNotice(time),
    };
}


/***/ }),

/***/ 3898:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  al: () => (/* binding */ assembleImage),
  BJ: () => (/* binding */ baseImageLayers),
  Ut: () => (/* binding */ buildNative),
  Fd: () => (/* binding */ platformString)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/pipeline/errors.ts
var errors = __webpack_require__(1539);
// EXTERNAL MODULE: ./src/fs/context-files.ts + 1 modules
var context_files = __webpack_require__(295);
// EXTERNAL MODULE: ./src/dockerfile/dockerfile.ts + 1 modules
var dockerfile = __webpack_require__(9956);
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
        let pattern = trimSpace(line);
        if (pattern === '')
            return;
        const invert = pattern.startsWith('!');
        if (invert)
            pattern = trimSpace(pattern.slice(1));
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
function parentOf(path) {
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
        let p = trimSpace(raw);
        if (p === '')
            continue;
        p = cleanPath(p);
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
            pattern = validGlob(p) ? compile(p, exclusion) : undefined;
        }
        catch {
            pattern = undefined;
        }
        if (!pattern) {
            throw new errors/* ActionError */.lZ('build', `.dockerignore: invalid pattern ${JSON.stringify(raw)}: syntax error in pattern`, 'Patterns use Go filepath.Match syntax: *, ?, [a-z], \\ to escape, and ** for any directories.');
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
                    const dir = parentOf(path);
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
        const parent = parentOf(dir);
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
            const parent = parentOf(path);
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

// EXTERNAL MODULE: ./src/image/image.ts
var image_image = __webpack_require__(5228);
// EXTERNAL MODULE: ./src/layers/tar-layer.ts + 1 modules
var tar_layer = __webpack_require__(6324);
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
function parsePlatform(s, fallback) {
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
/** Layers that may wait to be written while the next instructions are dispatched. */
const MAX_QUEUED = 64;
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
        mediaType: (0,image_image/* ociLayerMediaType */.$9)(l.mediaType),
        from: { registryRepo: base.registryRepo },
    }));
}
/** The image of a config and its layers: the OCI manifest over them, and the digests. */
function assembleImage(config, layers, platform) {
    const configDigest = (0,image_image/* sha256Digest */.sI)(config);
    const manifest = (0,image_image/* serializeManifest */.MZ)({ mediaType: image_image/* MEDIA_TYPES */.Z2.config, digest: configDigest, size: config.length }, layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })));
    return {
        config,
        configDigest,
        manifest,
        manifestDigest: (0,image_image/* sha256Digest */.sI)(manifest),
        layers,
        platform,
    };
}
async function buildNative(o) {
    // Before any work: zstd on a Node.js without it is refused here, not at the first layer.
    if (o.compression !== undefined)
        (0,tar_layer/* checkLayerCompression */.Y_)(o.compression);
    const file = displayPath(o.dockerfile);
    const platformStr = platformString(o.platform);
    let text;
    try {
        text = await (0,promises_.readFile)(o.dockerfile, 'utf8');
    }
    catch (err) {
        throw new errors/* ActionError */.lZ('build', `Cannot read the Dockerfile ${file}: ${err.message}`, 'Check the dockerfile input (it is relative to the workspace).');
    }
    // First pass: stages and their base images.
    let df = (0,dockerfile/* parseDockerfile */.Ai)(text, file, o.buildArgs, { target: o.target, platform: platformStr });
    const needed = (0,dockerfile/* neededStages */.xB)(df, o.target);
    const bases = await pullBases(df, needed, o, file);
    if (bases.size > 0) {
        // Second pass: variables may come from the base images' environment, as in Docker.
        df = (0,dockerfile/* parseDockerfile */.Ai)(text, file, o.buildArgs, {
            target: o.target,
            platform: platformStr,
            baseImageEnv: (image, platform) => bases.get(baseKey(image, stagePlatform(platform, o.platform)))?.imageConfig.config.Env,
        });
    }
    const unsupported = (0,dockerfile/* unsupportedInNative */.mK)(df, o.target);
    if (unsupported !== undefined) {
        throw new errors/* ActionError */.lZ('build', `${unsupported.file}:${unsupported.line}: ${unsupported.instruction}: ${unsupported.reason}`, 'The native builder only carries out RUN-less Dockerfiles; use the docker builder for this one.', { file: unsupported.file, line: unsupported.line });
    }
    const matcher = await readIgnore(o);
    const context = new context_files/* ContextFs */.Ps(external_node_path_default().resolve(o.contextDir), matcher);
    const created = (0,image_image/* epochToCreated */.Bk)(o.epoch);
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
            const start = await initialState(stage, states, bases, o, file);
            const img = new image_image/* StageImage */.wy(start.image, o.platform, created);
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
                const job = run(() => (0,tar_layer/* buildLayer */.oj)(entries, { epoch: o.epoch, tmpDir: o.tmpDir, compression: o.compression }));
                // Awaited below; this keeps a failure from being reported as unhandled meanwhile.
                job.catch(() => undefined);
                allJobs.push(job);
                state.layers.push({ placeholder, job, line: ins.line, keyword: ins.keyword });
                img.addLayer(placeholder, createdBy);
            };
            for (const ins of stage.instructions) {
                try {
                    await dispatch(ins, { img, state, states, context, o, addLayer, stageBase: stage.base });
                }
                catch (err) {
                    throw located(file, ins, err);
                }
                // At most MAX_QUEUED layers wait to be written: memory does not grow with them.
                await allJobs[allJobs.length - MAX_QUEUED]?.catch(() => undefined);
            }
            states.set(index, state);
        }
        const target = states.get(targetIndexOf(needed));
        const finished = new image_image/* StageImage */.wy(target.image, o.platform, created);
        finished.setLabels(o.labels);
        const image = finished.finish();
        const layers = await finishedLayers(target.layers, image.rootfs.diff_ids, file);
        if (image.rootfs.diff_ids.length !== layers.length) {
            throw new Error(`Internal error: ${image.rootfs.diff_ids.length} diff_ids for ${layers.length} layers`);
        }
        return assembleImage((0,image_image/* serializeConfig */.Lg)(image), layers, { ...o.platform });
    }
    finally {
        // Layers of stages the target does not use, or of a failed build: let them finish
        // before the caller removes the temporary directory.
        await Promise.allSettled(allJobs);
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
            throw new errors/* ActionError */.lZ('build', `${file}:${l.line}: ${l.keyword}: writing the layer failed: ${err.message}`, 'A file of the build context may have changed or become unreadable during the build.', { file, line: l.line });
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
        });
    }
    return layers;
}
/**
 * The stage built: the named target, else the last stage. Every stage it needs comes
 * before it (FROM and COPY --from only refer to earlier stages), so it is the last
 * of the needed ones.
 */
function targetIndexOf(needed) {
    return needed[needed.length - 1];
}
function located(file, ins, err) {
    if (err instanceof errors/* ActionError */.lZ)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof context_files/* ContextError */.af ? err.hint : undefined;
    return new errors/* ActionError */.lZ('build', `${file}:${ins.line}: ${ins.keyword}: ${message}`, hint, {
        file,
        line: ins.line,
    });
}
function baseKey(ref, platform) {
    return `${ref}|${platformString(platform)}`;
}
function stagePlatform(stagePlatformStr, fallback) {
    return stagePlatformStr ? parsePlatform(stagePlatformStr, fallback) : fallback;
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
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: the native builder was given no registry access to read the base image`, undefined, where);
        }
        const base = await o.pullBase(stage.base, platform);
        let imageConfig;
        try {
            imageConfig = (0,image_image/* parseImageConfig */.FB)(base.config);
        }
        catch (err) {
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: ${err.message}`, undefined, where);
        }
        if (imageConfig.rootfs.diff_ids.length !== base.layers.length) {
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: the image config lists ${imageConfig.rootfs.diff_ids.length} layers but the manifest ${base.layers.length}`, 'The base image is inconsistent; pick another tag or digest.', where);
        }
        if (base.layers.some((l) => l.mediaType === image_image/* MEDIA_TYPES */.Z2.dockerForeignLayer)) {
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: the image has foreign (non-distributable) layers`, 'Use the docker builder for this base image.', where);
        }
        if (imageConfig.config.OnBuild && imageConfig.config.OnBuild.length > 0) {
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: the base image has ONBUILD triggers, which Docker would run here`, 'Use the docker builder for this base image.', where);
        }
        out.set(key, { base, imageConfig });
    }
    return out;
}
async function initialState(stage, states, bases, o, file) {
    if (stage.baseStage !== undefined) {
        const parent = states.get(stage.baseStage);
        if (parent === undefined) {
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: the stage is not built before this one`, undefined, { file, line: stage.line });
        }
        return {
            tree: parent.tree.clone(),
            image: structuredClone(parent.image),
            layers: [...parent.layers],
        };
    }
    if (stage.base.toLowerCase() === 'scratch') {
        return { tree: new context_files/* ImageTree */.og(true), image: (0,image_image/* scratchConfig */.zc)(o.platform), layers: [] };
    }
    const pulled = bases.get(baseKey(stage.base, stagePlatform(stage.platform, o.platform)));
    const layers = baseImageLayers(pulled.base, pulled.imageConfig.rootfs.diff_ids);
    let tree = new context_files/* ImageTree */.og(false);
    if (pulled.base.openLayer !== undefined) {
        pulled.tree ??= readBaseTree(pulled.base);
        try {
            tree = (await pulled.tree).clone();
        }
        catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            throw new errors/* ActionError */.lZ('build', `${file}:${stage.line}: FROM ${stage.base}: ${message}`, err instanceof context_files/* ContextError */.af ? err.hint : undefined, { file, line: stage.line });
        }
    }
    return { tree, image: structuredClone(pulled.imageConfig), layers };
}
/** The metadata of a base image's filesystem, from its layers in order. */
async function readBaseTree(base) {
    const tree = new context_files/* ImageTree */.og(true);
    for (let i = 0; i < base.layers.length; i++) {
        const blob = await base.openLayer(i);
        await (0,context_files/* indexLayer */.Uf)(tree, blob, base.layers[i].mediaType);
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
async function dispatch(ins, c) {
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
            throw new context_files/* ContextError */.af(`${ins.keyword} is not supported by the native builder`);
    }
}
/** WORKDIR: BuildKit makes the directory (mkdir -p, owned by USER) in a layer, unless it is `/`. */
async function workdir(ins, c) {
    const { img, state } = c;
    const wd = img.setWorkdir(ins.args[0] ?? '');
    if ((0,context_files/* cleanImagePath */.Km)(wd) === '/') {
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
            owner = (0,context_files/* resolveOwner */.AK)(user, await userFiles(tree)); // throws the reason
    }
    (0,context_files/* mkdirAll */.r)(tree, wd, owner, changed);
    if (!tree.complete && owner.uid !== 0) {
        // The base filesystem is unknown: the directory is written for the USER to own it
        // (Docker creates it so), its parents are left to the base image.
        const leaf = tree.resolve(wd, true);
        if (leaf.node?.type === 'dir' && leaf.node.implicit) {
            tree.set(leaf.path, { type: 'dir', mode: 0o755, uid: owner.uid, gid: owner.gid });
            changed.add(leaf.path);
        }
    }
    c.addLayer(ins, (0,context_files/* layerEntriesFor */.l6)(tree, changed), `WORKDIR ${wd}`);
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
        return (0,context_files/* resolveOwner */.AK)(spec, await userFiles(tree));
    }
    catch (err) {
        if (err instanceof context_files/* ContextError */.af)
            return undefined;
        throw err;
    }
}
async function copy(ins, c) {
    const { state, o } = c;
    const flags = ins.flags;
    if (ins.args.length < 2)
        throw new context_files/* ContextError */.af(`${ins.keyword} requires at least two arguments`);
    const sources = ins.args.slice(0, -1);
    const dest = ins.args[ins.args.length - 1];
    let from = c.context;
    if (flags['from'] !== undefined && flags['from'] !== '') {
        const source = ins.fromStage !== undefined ? c.states.get(ins.fromStage) : undefined;
        if (source === undefined) {
            throw new context_files/* ContextError */.af(`--from=${flags['from']} does not name an earlier build stage`, 'The native builder copies from build stages only; use the docker builder to copy from an image.');
        }
        from = new context_files/* StageFs */.Cj(source.label, source.tree);
    }
    const chownSpec = flags['chown'];
    let chown;
    if (chownSpec !== undefined && chownSpec !== '') {
        const lookup = (0,context_files/* ownerNeedsLookup */.Nf)(chownSpec);
        if (lookup && !state.tree.complete) {
            throw new context_files/* ContextError */.af(`--chown=${chownSpec} names a user or group, which the native builder cannot look up in the base image ${c.stageBase} (its layers are not read)`, 'Use numeric ids (for example --chown=1000:1000), or the docker builder.');
        }
        chown = (0,context_files/* resolveOwner */.AK)(chownSpec, lookup ? await userFiles(state.tree) : {});
    }
    const chmodSpec = flags['chmod'];
    const chmod = chmodSpec !== undefined && chmodSpec !== '' ? (0,context_files/* parseChmod */.VS)(chmodSpec) : undefined;
    const changed = await (0,context_files/* applyCopy */.GH)({
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
    c.addLayer(ins, (0,context_files/* layerEntriesFor */.l6)(state.tree, changed), createdBy);
}


/***/ }),

/***/ 9956:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hP: () => (/* binding */ finalBaseImage),
  xB: () => (/* binding */ neededStages),
  Ai: () => (/* binding */ parseDockerfile),
  Qu: () => (/* binding */ parseGoDuration),
  mK: () => (/* binding */ unsupportedInNative)
});

// UNUSED EXPORTS: expand

// EXTERNAL MODULE: ./src/pipeline/errors.ts
var errors = __webpack_require__(1539);
;// CONCATENATED MODULE: ./src/dockerfile/shell-lexer.ts
/**
 * The shell lexer of Dockerfiles (word expansion with ENV and ARG values), after
 * BuildKit's frontend/dockerfile/shell, with the character helpers the parser shares
 * and the parser's error type.
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
    return new errors/* ActionError */.lZ('build', `${file}:${line}: ${message}`, hint, { file, line });
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
/** How deep `${A:-${B:-...}}` may nest: far more than any Dockerfile needs. */
const MAX_NESTING = 100;
class ShellWord {
    lookup;
    opts;
    chars;
    pos = 0;
    depth = 0;
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
    /** Reads a nested word (a default, a pattern): the depth is bounded, not the stack. */
    nested(stop, rawEscapes) {
        if (++this.depth > MAX_NESTING) {
            throw new Failure(`variable substitutions are nested more than ${MAX_NESTING} deep`);
        }
        try {
            return this.processStopOn(stop, rawEscapes).result;
        }
        finally {
            this.depth--;
        }
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
            word = this.nested('}', ch === '#' || ch === '%');
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
            pattern = this.nested('/', true);
        }
        catch (err) {
            if (this.peek() === undefined)
                throw new Failure("syntax error: missing '/' in ${}");
            throw err;
        }
        let replacement;
        try {
            replacement = this.nested('}', true);
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
            throw new Failure(`failed to process ${(0,errors/* showValue */.vp)(word, 200)}: ${err.message}`, err.hint);
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
/**
 * The word is quoted back only when it could be a misspelt instruction: a file that is
 * no Dockerfile at all must not have its first line shown (it may hold anything).
 */
function unknownInstruction(keyword) {
    if (!/^[A-Z]{1,20}$/.test(keyword)) {
        return new Failure('unknown instruction: the line does not start with an instruction name (not shown)', `Dockerfile instructions are ${INSTRUCTIONS.join(', ')}; check that "dockerfile" names a Dockerfile.`);
    }
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
        // BuildKit resolves `FROM a AS a` to the stage itself and refuses the cycle.
        if (raw.from.stageName !== undefined && base.toLowerCase() === raw.from.stageName) {
            throw located(file, line, `circular dependency detected on stage: ${raw.from.stageName}`, 'Name the stage differently from the image it starts from.');
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
        throw new errors/* ActionError */.lZ('build', `${file}: target stage ${JSON.stringify(target)} could not be found`, names.length > 0 ? `Stages: ${names.join(', ')}.` : 'The Dockerfile has no named stages.', { file });
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


/***/ }),

/***/ 295:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  af: () => (/* binding */ ContextError),
  Ps: () => (/* binding */ ContextFs),
  og: () => (/* binding */ ImageTree),
  Cj: () => (/* binding */ StageFs),
  GH: () => (/* binding */ applyCopy),
  Km: () => (/* binding */ cleanImagePath),
  IZ: () => (/* binding */ feedTar),
  Uf: () => (/* binding */ indexLayer),
  l6: () => (/* binding */ layerEntriesFor),
  r: () => (/* binding */ mkdirAll),
  Nf: () => (/* binding */ ownerNeedsLookup),
  gN: () => (/* binding */ parentOf),
  VS: () => (/* binding */ parseChmod),
  AK: () => (/* binding */ resolveOwner),
  JF: () => (/* binding */ segments)
});

// UNUSED EXPORTS: containsWildcards, segmentPattern

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/layers/hard-links.ts
var hard_links = __webpack_require__(6937);
// EXTERNAL MODULE: ./src/util/raw-names.ts
var raw_names = __webpack_require__(9479);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/fs/add-archive.ts
/**
 * ADD of a local archive, as BuildKit does it: a tar, plain or compressed with gzip,
 * bzip2 or xz (recognised by its content, not its name, and only when what it holds
 * starts with a valid tar header) is extracted into the destination directory, keeping
 * the owners (PAX records and GNU base-256 included), modes, symlinks and hard links
 * it records. Member names are cleaned and clamped inside the destination (`../x` and
 * `/x` land in it), as containerd's extraction does. bzip2 and xz are read through the
 * system's `bzip2` and `xz` programs, streamed (no shell).
 */











const MAGIC = {
    gzip: [0x1f, 0x8b],
    bzip2: [0x42, 0x5a, 0x68],
    xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    zstd: [0x28, 0xb5, 0x2f, 0xfd],
};
const TOOLS = { bzip2: 'bzip2', xz: 'xz' };
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
async function archiveKind(file) {
    const head = await readHead(file, 512);
    if (startsWith(head, MAGIC.zstd)) {
        throw new ContextError(`${external_node_path_default().basename(file)} is a zstd archive, which ADD would extract but the native builder cannot decompress`, 'Use a plain, gzip, bzip2 or xz tar, COPY the file instead, or use the docker builder.');
    }
    for (const kind of ['gzip', 'bzip2', 'xz']) {
        if (!startsWith(head, MAGIC[kind]))
            continue;
        const first = await decompressedHead(file, kind, 512);
        return first !== undefined && isTarHeader(first) ? kind : undefined;
    }
    return isTarHeader(head) ? 'tar' : undefined;
}
/** The contents of `file`, decompressed as `kind` says. */
function decompress(file, kind) {
    const input = (0,external_node_fs_.createReadStream)((0,raw_names/* fsPath */.Jk)(file));
    if (kind === 'tar') {
        const finished = new Promise((resolve, reject) => {
            input.on('end', resolve);
            input.on('error', reject);
        });
        return { output: input, finished, stop: () => input.destroy() };
    }
    if (kind === 'gzip') {
        const gunzip = external_node_zlib_default().createGunzip();
        const finished = (0,external_node_stream_promises_.pipeline)(input, gunzip);
        return {
            output: gunzip,
            finished,
            stop: () => {
                input.destroy();
                gunzip.destroy();
            },
        };
    }
    return decompressWithTool(input, TOOLS[kind]);
}
/** `bzip2 -dc` or `xz -dc`, fed from `input`. */
function decompressWithTool(input, tool) {
    const child = (0,external_node_child_process_.spawn)(tool, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stopped = false;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d.toString()));
    const fed = (0,external_node_stream_promises_.pipeline)(input, child.stdin).catch((err) => {
        if (!stopped)
            throw err;
    });
    const exited = new Promise((resolve, reject) => {
        child.on('error', (err) => reject(err.code === 'ENOENT'
            ? new ContextError(`ADD of a ${tool} archive needs the ${tool} program, which is not installed`, `Install ${tool} on the runner, or use a gzip-compressed tar.`)
            : err));
        child.on('close', (code) => {
            if (code === 0 || stopped)
                resolve();
            else
                reject(new Error(`${tool}: ${stderr.trim() || `exit code ${code}`}`));
        });
    });
    const finished = Promise.all([fed, exited]).then(() => undefined);
    return {
        output: child.stdout,
        finished,
        stop: () => {
            stopped = true;
            input.destroy();
            child.kill();
        },
    };
}
/** The first `n` bytes of the decompressed contents, undefined when they cannot be read. */
async function decompressedHead(file, kind, n) {
    const d = decompress(file, kind);
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
    catch (err) {
        if (err instanceof ContextError)
            throw err;
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
    const extract = tar_stream.extract(MEMBER_NAMES_AS_BYTES);
    const d = decompress(x.file, x.kind);
    // Its failure also ends the extraction below; this keeps it from going unhandled.
    d.finished.catch(() => undefined);
    const feed = feedTar(d.output, extract).then(() => d.finished);
    const state = { ...x, outDir, count: 0, groups: new Map(), links: new Set() };
    try {
        for await (const entry of extract)
            await extractEntry(state, entry);
        await feed;
    }
    catch (err) {
        d.stop();
        await feed.catch(() => undefined);
        if (err instanceof ContextError)
            throw err;
        throw new ContextError(`${x.written}: cannot read the archive: ${err.message}`);
    }
}
/** The image path of a member name: cleaned, and clamped inside the destination. */
function memberPath(destDir, name) {
    return cleanImagePath(`${destDir}/${cleanImagePath(name)}`);
}
/**
 * Where a member lands: its path, refused when it goes through a symbolic link this
 * archive made (`d -> /x` then `d/file`), as BuildKit refuses it; links the image
 * already had (`/lib -> usr/lib`) are followed, inside the image.
 */
function placedPath(x, name, to) {
    const base = x.destDir === '/' ? '' : x.destDir;
    const rel = segments(to.slice(base.length));
    for (let i = 1; i < rel.length; i++) {
        const via = `${base}/${rel.slice(0, i).join('/')}`;
        const node = x.tree.get(via);
        if (node?.type === 'symlink' && x.links.has(via)) {
            throw new ContextError(`${x.written}: the archive entry ${JSON.stringify(name)} would be written through the symbolic link ${JSON.stringify(rel.slice(0, i).join('/'))} (to ${JSON.stringify(node.linkname ?? '')}) that the archive made earlier`, 'Remove the link from the archive, or put the files where it points.');
        }
    }
    const parent = x.tree.resolve(parentOf(to), true).path;
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
    return (0,raw_names/* nameFromBytes */.Dj)(Buffer.from(value, 'latin1'));
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
    const to = placedPath(x, name, clamped);
    const owner = headerOwner(h);
    const mode = (h.mode ?? 0o644) & 0o7777;
    mkdirAll(x.tree, external_node_path_default().posix.dirname(to), { uid: 0, gid: 0 }, x.changed);
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
            hardLink(x, to, memberPath(x.destDir, linkname), { mode, ...owner }, name);
            break;
        default:
            throw new ContextError(`${x.written}: the archive entry ${name} is a ${h.type ?? 'special file'}, which the native builder cannot add`);
    }
    if (h.type !== 'symlink')
        x.links.delete(to);
    x.changed.add(to);
}
/**
 * A hard link: the same inode as the file it names (already in the image), which takes
 * the link header's mode and owner, as the extraction's chmod and chown of the link do.
 */
function hardLink(x, to, target, meta, name) {
    const linked = x.tree.get(target);
    if (linked?.type !== 'file') {
        throw new ContextError(`${x.written}: the hard link ${name} points to ${target}, which is not a file earlier in the archive`);
    }
    if (to === target)
        return;
    const id = linked.linkId ?? (0,hard_links/* newLinkId */.y)();
    if (!x.groups.has(id))
        x.groups.set(id, [target]);
    const group = x.groups.get(id);
    const node = { ...linked, linkId: id };
    x.tree.set(to, node);
    group.push(to);
    for (const p of group) {
        const n = x.tree.get(p);
        if (n?.type !== 'file' || (n.linkId ?? id) !== id)
            continue;
        x.tree.set(p, { ...n, linkId: id, mode: meta.mode, uid: meta.uid, gid: meta.gid });
        x.changed.add(p);
    }
}

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
 * - the destination is relative to WORKDIR; a trailing `/` (or `.` alone) makes it a
 *   directory, as does an existing directory; several sources need a trailing `/`;
 * - missing parent directories are created 0755, owned by the --chown user (root by
 *   default), and every copied entry gets the --chown owner (root for files from the
 *   context, the source owner for files from a stage) and the --chmod mode (the
 *   source permission bits otherwise, setuid/setgid/sticky included);
 * - files excluded by .dockerignore do not exist for COPY; a source that leads out of
 *   the context (`../x`, a symlink to an absolute path or above the context root) is
 *   refused before anything is read;
 * - ADD extracts a local tar archive (see add-archive.ts) into the destination
 *   directory, keeping the owners and modes of the archive.
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
    return (0,raw_names/* compareNames */.MP)(a, b);
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
            if (n.linkId !== undefined)
                e.linkId = n.linkId;
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
    /** Ignored directories walked into for an exception: whether they keep anything. */
    keeps = new Map();
    constructor(root, matcher) {
        this.root = root;
        this.matcher = matcher;
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
        const abs = rel === '' ? this.root : external_node_path_default().join(this.root, ...rel.split('/'));
        let st;
        try {
            st = await (0,promises_.lstat)((0,raw_names/* fsPath */.Jk)(abs));
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
        const abs = rel === '' ? this.root : external_node_path_default().join(this.root, ...rel.split('/'));
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
    // BuildKit cleans the destination and keeps only a trailing `/` (or `.` alone) as a
    // directory: `/d/.` names the file /d.
    const destIsDirSyntax = req.dest === '' || req.dest === '.' || req.dest.endsWith('/');
    const destAbs = cleanImagePath(req.dest.startsWith('/') ? req.dest : `${req.workdir}/${req.dest}`);
    const resolved = [];
    for (const src of req.sources)
        resolved.push(...(await resolveSource(from, src)));
    const wildcard = req.sources.some((s) => containsWildcards(s));
    if ((req.sources.length > 1 || (wildcard && resolved.length > 1)) && !destIsDirSyntax) {
        throw new ContextError(`When using ${req.instruction} with more than one source file, the destination must be a directory and end with a /`, `Write the destination as ${JSON.stringify(`${req.dest}/`)}.`);
    }
    const changed = new Set();
    /** The hard-link groups of this copy: source inode → link id in the target. */
    const links = new Map();
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
            await extractArchive({
                file: src.node.source,
                kind: archive,
                destDir: dest,
                tree: target,
                changed,
                tmpDir: req.tmpDir,
                written: src.written,
            });
            continue;
        }
        if (src.node.type === 'dir') {
            if (destNode === undefined)
                mkdirAll(target, dest, parentOwner, changed);
            else if (destNode.type !== 'dir') {
                throw new ContextError(`Cannot copy the directory ${src.written} to ${destAbs}: it is not a directory`);
            }
            await copyTree(from, src.rel, target, dest, { chmod: req.chmod, owner, changed, links });
            continue;
        }
        // A file (or, from a stage, a symlink that could not be followed further).
        let to = dest;
        if (destNode?.type === 'dir')
            to = joinImage(dest, src.name);
        mkdirAll(target, parentOf(to), parentOwner, changed);
        placeNonDir(target, to, src.node, { chmod: req.chmod, owner, changed, links });
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
function placeNonDir(tree, to, n, how) {
    const { chmod, changed } = how;
    const owner = how.owner(n);
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
        if (n.inode !== undefined) {
            let id = how.links.get(n.inode);
            if (id === undefined)
                how.links.set(n.inode, (id = (0,hard_links/* newLinkId */.y)()));
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
            await copyTree(from, childRel, tree, to, how);
        }
        else {
            placeNonDir(tree, to, n, how);
        }
    }
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
    const extract = tar_stream.extract(MEMBER_NAMES_AS_BYTES);
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
            const rel = segments(`/${memberName(h, 'path', h.name)}`);
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
                ...headerOwner(h),
            };
            if (node.type === 'symlink')
                node.linkname = memberName(h, 'linkpath', h.linkname ?? '');
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


/***/ }),

/***/ 3732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   Fd: () => (/* reexport safe */ _builders_native_build_js__WEBPACK_IMPORTED_MODULE_2__.Fd),
/* harmony export */   ol: () => (/* binding */ hostPlatform),
/* harmony export */   tX: () => (/* binding */ resolveBaseImage)
/* harmony export */ });
/* unused harmony export pickPlatform */
/* harmony import */ var _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1539);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9310);
/* harmony import */ var _builders_native_build_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3898);




/**
 * Resolves a FROM image to its config and layer descriptors for one platform,
 * following an image index (manifest list). Layer data is not downloaded; only
 * streamed on demand through openLayer.
 */
async function resolveBaseImage(ref, platform, clientFor) {
    let parsed;
    try {
        parsed = (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(ref);
    }
    catch (error) {
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('build', `FROM ${ref}: ${error.message}`);
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
                .map((m) => (m.platform ? (0,_builders_native_build_js__WEBPACK_IMPORTED_MODULE_2__/* .platformString */ .Fd)(platformOf(m.platform)) : '?'))
                .join(', ');
            throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('build', `The base image ${ref} has no ${(0,_builders_native_build_js__WEBPACK_IMPORTED_MODULE_2__/* .platformString */ .Fd)(platform)} variant (it offers ${offered}).`, 'Pick another base image or another platform.');
        }
        manifest = await client.getManifest(repo, chosen.digest);
        json = JSON.parse(manifest.body.toString('utf8'));
    }
    if (!json.config || !json.layers) {
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('build', `The base image ${ref} has an unknown manifest format.`);
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
function parsePlatform(text) {
    const [os, architecture, variant] = text.split('/');
    const base = { os: os, architecture: architecture };
    return variant ? { ...base, variant } : base;
}


/***/ }),

/***/ 5228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $9: () => (/* binding */ ociLayerMediaType),
/* harmony export */   Bk: () => (/* binding */ epochToCreated),
/* harmony export */   FB: () => (/* binding */ parseImageConfig),
/* harmony export */   Jt: () => (/* binding */ serializeIndex),
/* harmony export */   Lg: () => (/* binding */ serializeConfig),
/* harmony export */   MZ: () => (/* binding */ serializeManifest),
/* harmony export */   Pl: () => (/* binding */ goJson),
/* harmony export */   Z2: () => (/* reexport safe */ _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__.Z),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   vM: () => (/* binding */ jsonMap),
/* harmony export */   wy: () => (/* binding */ StageImage),
/* harmony export */   zc: () => (/* binding */ scratchConfig)
/* harmony export */ });
/* unused harmony exports DEFAULT_PATH, HISTORY_COMMENT, resolveWorkdir, cleanPath, parsePortSpec, parseGoDuration, goDuration, goQuoteList, goQuote */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _dockerfile_dockerfile_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9956);
/* harmony import */ var _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9867);
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




/** Docker's default PATH for Linux images (system.DefaultPathEnv). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** The `comment` BuildKit puts on every history entry of a Dockerfile build. */
const HISTORY_COMMENT = 'buildkit.dockerfile.v0';
function sha256Digest(data) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex')}`;
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
        config: { Env: [`PATH=${DEFAULT_PATH}`], WorkingDir: '/' },
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
            env.push(`PATH=${DEFAULT_PATH}`);
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
            const ns = parseGoDuration(value);
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
/**
 * NormalizeWorkdir: a relative path is joined to the current directory and cleaned; an
 * absolute one is kept as written (`/w/../v` stays so in the config, as BuildKit keeps it).
 */
function resolveWorkdir(current, p) {
    return p.startsWith('/') ? p : cleanPath(`${current || '/'}/${p}`);
}
/** path.Clean for absolute paths: no `.`/`..`/empty segments, no trailing slash. */
function cleanPath(p) {
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
function parseGoDuration(text) {
    try {
        return (0,_dockerfile_dockerfile_js__WEBPACK_IMPORTED_MODULE_1__/* .parseGoDuration */ .Qu)(text);
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
        mediaType: _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.manifest,
        config: descriptorJson(config),
        layers: layers.map(descriptorJson),
    }), 'utf8');
}
/** The OCI image index of a multi-platform image (manifests carry their platform). */
function serializeIndex(manifests, annotations) {
    return Buffer.from(goJson({
        schemaVersion: 2,
        mediaType: _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.index,
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
        case _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.dockerLayerGzip:
            return _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.layerGzip;
        case 'application/vnd.docker.image.rootfs.diff.tar':
            return _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.layerTar;
        case 'application/vnd.docker.image.rootfs.diff.tar.zstd':
            return _registry_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPES */ .Z.layerZstd;
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


/***/ }),

/***/ 2554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   b6: () => (/* binding */ platformTagSuffix),
/* harmony export */   my: () => (/* binding */ samePlatform)
/* harmony export */ });
/* unused harmony export defaultVariant */
/**
 * The OCI platform: one type, and the one way to write, read and compare it, with
 * containerd's defaults (an arm64 image without a variant is v8, an arm one v7).
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
        if (e.type !== 'file' || e.linkId === undefined)
            return e;
        const target = first.get(e.linkId);
        if (target === undefined) {
            first.set(e.linkId, e.path);
            return e;
        }
        const link = { path: e.path, type: 'link', mode: e.mode, linkname: target };
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

/***/ 6324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  xz: () => (/* binding */ STREAMING_SEGMENT_SIZE),
  oj: () => (/* binding */ buildLayer),
  Y_: () => (/* binding */ checkLayerCompression),
  Y3: () => (/* binding */ compressTar),
  WY: () => (/* reexport */ encodeEntryHeader),
  DL: () => (/* binding */ parseLayerCompression)
});

// UNUSED EXPORTS: DEFAULT_GZIP_LEVEL, DEFAULT_LAYER_COMPRESSION, DEFAULT_ZSTD_LEVEL, EMPTY_LAYER_DIFF_ID, EMPTY_LAYER_GZIP, LAYER_MEDIA_TYPE, LAYER_MEDIA_TYPE_ZSTD, SEGMENT_SIZE, checkLayerPath, compareLayerPaths, deflateStored, gzipHeader, zstdAvailable, zstdRawFrame

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./src/pipeline/errors.ts
var errors = __webpack_require__(1539);
// EXTERNAL MODULE: ./src/util/raw-names.ts
var raw_names = __webpack_require__(9479);
// EXTERNAL MODULE: ./src/layers/hard-links.ts
var hard_links = __webpack_require__(6937);
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
    const typeBits = entry.type === 'dir' ? S_IFDIR : entry.type === 'symlink' ? S_IFLNK : S_IFREG;
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
/** The first buffer of a layer's first segment; it grows as the layer does. */
const FIRST_BUFFER = 16 * 1024;
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
    return (0,hard_links/* withHardLinks */.f)(sorted);
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
     * buffer per read); returns how many there were.
     */
    async read(handle, size) {
        let position = 0;
        while (position < size) {
            const n = Math.min(size - position, this.room());
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
        throw new errors/* ActionError */.lZ('build', `Unknown layer compression ${JSON.stringify(kind)}`, 'Use gzip or zstd.');
    }
    if (!Number.isInteger(c.level) || c.level < min || c.level > max) {
        throw new errors/* ActionError */.lZ('build', `Invalid ${kind} level ${c.level}: expected ${min} to ${max}`);
    }
    if (kind === 'zstd' && !zstdAvailable()) {
        throw new errors/* ActionError */.lZ('build', `zstd layer compression needs Node.js 22.15 or later; this is Node.js ${process.version}`, 'Use gzip compression, or run on a newer Node.js (the action itself runs on node24).');
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


/***/ }),

/***/ 1539:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WM: () => (/* binding */ PartialPushError),
/* harmony export */   dS: () => (/* binding */ pushFailure),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   vp: () => (/* binding */ showValue)
/* harmony export */ });
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
 * Shows a value in a message: quoted, with newlines and control characters escaped (so
 * it cannot start a line of its own, nor a workflow command), cut after `max` characters.
 */
function showValue(v, max = 300) {
    return JSON.stringify(v.length > max ? `${v.slice(0, max)}...` : v);
}
/** A bad input value: names the input and shows the value. */
class InputError extends ActionError {
    input;
    detail;
    constructor(input, 
    /** The message without the input's name, for a caller that names it its own way. */
    detail, hint) {
        super('inputs', `Input "${input}": ${detail}`, hint);
        this.input = input;
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

/***/ 548:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rm: () => (/* binding */ log),
/* harmony export */   SN: () => (/* binding */ currentIo),
/* harmony export */   uM: () => (/* binding */ useIo)
/* harmony export */ });
/* unused harmony export silentIo */
/**
 * The pipeline's port to the world: everything it tells the user or the runner goes
 * through an Io. The action gives one that writes with @actions/core; the command line
 * gives one that writes plain lines to a terminal; tests give one that records.
 *
 * Every message may hold foreign text (a path, a registry's answer, a user's value):
 * each Io neutralises it, so that no message can become a workflow command.
 */
/** Says nothing: the port before a run installs its own (unit tests of single modules). */
const silentIo = {
    info() { },
    debug() { },
    notice() { },
    warning() { },
    error() { },
    group: (_title, work) => work(),
    foreign: (work) => work(),
    setSecret() { },
    setOutput() { },
    summary: async () => undefined,
    saveState() { },
};
let current = silentIo;
/** Makes `io` the port of the modules below the pipeline until the returned function is called. */
function useIo(io) {
    const previous = current;
    current = io;
    return () => {
        current = previous;
    };
}
/** The current run's port, for the modules deep in the pipeline (builders, publisher). */
function currentIo() {
    return current;
}
/** The log of the current run; also the registry client's logger (which masks tokens). */
const log = {
    info: (message) => current.info(message),
    debug: (message) => current.debug(message),
    notice: (message, where) => current.notice(message, where),
    warning: (message, where) => current.warning(message, where),
    error: (message, where) => current.error(message, where),
    group: (title, work) => current.group(title, work),
    setSecret: (secret) => current.setSecret(secret),
};


/***/ }),

/***/ 3018:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VL: () => (/* binding */ isDockerHubName),
/* harmony export */   gr: () => (/* binding */ isDockerHub),
/* harmony export */   mO: () => (/* binding */ registryBaseUrl),
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
    return isDockerHubName(splitHostPort(stripScheme(registry).host).hostname.toLowerCase());
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
/* harmony export */   KU: () => (/* binding */ shortDescriptionProblem),
/* harmony export */   sg: () => (/* binding */ DOCKER_HUB_API)
/* harmony export */ });
/* unused harmony export SHORT_DESCRIPTION_MAX */
/**
 * What Docker Hub's description API accepts, apart from the API itself: the input
 * checks read these at start-up without loading the HTTP transport.
 */
const DOCKER_HUB_API = 'https://hub.docker.com';
/** Docker Hub refuses a longer short description. */
const SHORT_DESCRIPTION_MAX = 100;
/** Docker Hub keeps at most this much of the full description. */
const FULL_DESCRIPTION_MAX_BYTES = 25_000;
/** The reason a short description is refused, or undefined when it fits. */
function shortDescriptionProblem(short) {
    const length = [...short].length;
    if (length <= SHORT_DESCRIPTION_MAX)
        return undefined;
    return `is ${length} characters long; Docker Hub takes at most ${SHORT_DESCRIPTION_MAX}.`;
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
/* harmony import */ var _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1539);
/* harmony import */ var _host_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3018);
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
const show = (v) => (0,_pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .showValue */ .vp)(v);
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
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry', `${show(host)} is a URL; give the registry host only.`, 'For example "ghcr.io" or "registry.example.com:5000".');
    }
    if (h.includes('/')) {
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry', `${show(host)} contains "/"; the registry is a host name only.`, 'Put the namespace in the "image" input instead, for example image: owner/name.');
    }
    const problem = domainProblem(h);
    if (problem !== undefined)
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('registry', `${show(host)} ${problem}.`);
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
        ? `The image name was derived from ${username !== '' ? 'the username and ' : ''}the repository name; set the "image" input to choose a valid one.`
        : undefined;
    const fail = (message, h) => {
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('image', message, h ?? hint);
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
        throw new _pipeline_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('image', 'is empty and there is no GitHub repository to name the image after.', 'Set the "image" input, for example image: alice/hello.');
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
        fail(`${show(value)} names registry "${imageRegistry}" but input "registry" is "${registryInput}".`, `Drop the host from "image" (image: ${value.slice(slash + 1)}), or set registry: ${imageRegistry}.`);
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

/***/ 4032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cancellation: () => (/* binding */ cancellation),
/* harmony export */   forget: () => (/* binding */ forget),
/* harmony export */   remember: () => (/* binding */ remember),
/* harmony export */   rememberTempDir: () => (/* binding */ rememberTempDir),
/* harmony export */   spawnGroup: () => (/* binding */ spawnGroup),
/* harmony export */   stopAllGroups: () => (/* binding */ stopAllGroups),
/* harmony export */   stopGroupsOnSignals: () => (/* binding */ stopGroupsOnSignals),
/* harmony export */   stopRecordedGroup: () => (/* binding */ stopRecordedGroup)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _action_state_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3175);
/* harmony import */ var _pipeline_io_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(548);
/* harmony import */ var _process_group_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(743);




const recorded = {
    tempDirs: [],
    processGroups: [],
    partialFiles: [],
    containers: [],
};
function remember(kind, value) {
    if (recorded[kind].includes(value))
        return;
    recorded[kind].push(value);
    (0,_pipeline_io_js__WEBPACK_IMPORTED_MODULE_2__/* .currentIo */ .SN)().saveState(_action_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c[kind], JSON.stringify(recorded[kind]));
}
function forget(kind, value) {
    const at = recorded[kind].indexOf(value);
    if (at < 0)
        return;
    recorded[kind].splice(at, 1);
    (0,_pipeline_io_js__WEBPACK_IMPORTED_MODULE_2__/* .currentIo */ .SN)().saveState(_action_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE */ .c[kind], JSON.stringify(recorded[kind]));
}
function rememberTempDir(dir) {
    remember('tempDirs', dir);
}
/**
 * Starts a command in a process group of its own (detached), recorded at once: what the
 * command starts (a build-command's background jobs, docker's plugins) can then be
 * stopped with it, where node's child.kill would reach the command alone. The group is
 * forgotten when it is empty after the command exits.
 */
function spawnGroup(command, args, options) {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { ...options, detached: true });
    const pgid = child.pid;
    if (pgid === undefined)
        return child; // it did not start: 'error' follows
    remember('processGroups', String(pgid));
    child.on('exit', () => {
        if (!(0,_process_group_js__WEBPACK_IMPORTED_MODULE_3__/* .groupAlive */ .xq)(pgid))
            forget('processGroups', String(pgid));
    });
    return child;
}
/** Stops one recorded group (TERM, then KILL after the grace period). */
async function stopRecordedGroup(pgid) {
    const how = await (0,_process_group_js__WEBPACK_IMPORTED_MODULE_3__/* .stopGroup */ .gv)(pgid);
    if (how !== 'none')
        (0,_pipeline_io_js__WEBPACK_IMPORTED_MODULE_2__/* .currentIo */ .SN)().info(`Stopped process group ${pgid} (${how})`);
    forget('processGroups', String(pgid));
}
/** Stops every group this process started that may still be running. */
async function stopAllGroups() {
    await Promise.all(recorded.processGroups.map((pgid) => stopRecordedGroup(Number(pgid))));
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
            if (recorded.processGroups.length > 0) {
                (0,_pipeline_io_js__WEBPACK_IMPORTED_MODULE_2__/* .currentIo */ .SN)().info(`${signal}: stopping the commands this step started.`);
            }
            void stopAllGroups().finally(() => process.kill(process.pid, signal));
        });
    }
}


/***/ }),

/***/ 9479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CD: () => (/* binding */ nameToBytes),
/* harmony export */   Dj: () => (/* binding */ nameFromBytes),
/* harmony export */   Jk: () => (/* binding */ fsPath),
/* harmony export */   MP: () => (/* binding */ compareNames)
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


/***/ }),

/***/ 4537:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QU: () => (/* binding */ maskSecrets),
/* harmony export */   eo: () => (/* binding */ secretForms),
/* harmony export */   gf: () => (/* binding */ childEnv)
/* harmony export */ });
/* harmony import */ var _pipeline_io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(548);

/**
 * The registry password in every form it travels in: as written, URL-encoded, as
 * `user:password`, and base64 (standard and URL-safe) of both, the last being what
 * HTTP Basic authentication sends.
 */
function secretForms(username, password) {
    if (!password)
        return [];
    const pair = `${username}:${password}`;
    const forms = [password, pair, encodeURIComponent(password)];
    for (const text of [pair, password]) {
        const bytes = Buffer.from(text, 'utf8');
        forms.push(bytes.toString('base64'), bytes.toString('base64url'));
    }
    return [...new Set(forms)].filter((f) => f.length > 0);
}
const masked = new Set();
/** Masks the password in every later log line; called before anything else runs. */
function maskSecrets(username, password) {
    for (const form of secretForms(username, password)) {
        if (masked.has(form))
            continue;
        masked.add(form);
        (0,_pipeline_io_js__WEBPACK_IMPORTED_MODULE_0__/* .currentIo */ .SN)().setSecret(form);
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


/***/ })

};

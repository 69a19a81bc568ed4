export const id = 32;
export const ids = [32];
export const modules = {

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


/***/ })

};

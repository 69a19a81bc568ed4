export const id = 163;
export const ids = [163];
export const modules = {

/***/ 163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listExistingTags: () => (/* binding */ listExistingTags)
/* harmony export */ });
/* harmony import */ var _core_io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7719);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1072);


/**
 * On a release, the tags the repository already has; undefined when the plan is no
 * release (nothing to check) or when the registry will not list them (best effort:
 * the floating tags then move, with a warning).
 */
async function listExistingTags(plan, credentials, retryTimeoutMs) {
    if (!plan.semver || plan.semver.prerelease !== '')
        return undefined;
    const client = new _registry_client_js__WEBPACK_IMPORTED_MODULE_1__.RegistryClient({
        registry: plan.image.registry,
        credentials,
        stage: 'push',
        totalTimeoutMs: retryTimeoutMs,
        logger: _core_io_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm,
    });
    try {
        return await client.listTags(plan.image.path);
    }
    catch (error) {
        _core_io_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.warning(`Could not list the tags of ${plan.image.name} (${error.message}); floating tags move without checking for newer releases.`);
        return undefined;
    }
    finally {
        client.close();
    }
}


/***/ })

};

export const id = 163;
export const ids = [163];
export const modules = {

/***/ 163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listExistingTags: () => (/* binding */ listExistingTags)
/* harmony export */ });
/**
 * On a release, the tags the repository already has; undefined when the plan is no
 * release (nothing to check) or when the registry will not list them (best effort:
 * the floating tags then move, with a warning).
 */
async function listExistingTags(plan, client, io) {
    if (!plan.semver || plan.semver.prerelease !== '')
        return undefined;
    try {
        return await client.listTags(plan.image.path);
    }
    catch (error) {
        io.warning(`Could not list the tags of ${plan.image.name} (${error.message}); floating tags move without checking for newer releases.`);
        return undefined;
    }
}


/***/ })

};

import * as core from '@actions/core';
import { cleanup } from './cleanup.js';
import { HELPER_FLAG, runCredentialHelper } from './docker/config.js';
import { run } from './main.js';
import { STATE } from './state.js';

// The same bundle is the main step, the post step, and docker's credential helper.
if (process.argv[2] === HELPER_FLAG) {
  process.exitCode = await runCredentialHelper(process.argv[3], process.stdin, process.env, (t) =>
    process.stdout.write(t),
  );
} else if (core.getState(STATE.isPost) === 'true') {
  await cleanup();
} else {
  await run();
}

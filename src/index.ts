import * as core from '@actions/core';
import { cleanup } from './cleanup.js';
import { run } from './main.js';
import { STATE } from './state.js';

// The same bundle is the main step and the post step.
if (core.getState(STATE.isPost) === 'true') {
  await cleanup();
} else {
  await run();
}

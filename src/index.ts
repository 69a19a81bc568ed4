import { cleanup, isPostStep } from './cleanup.js';

// The same bundle is the main step and the post step. The post step loads only the
// small cleanup module; the pipeline is loaded when main runs.
if (isPostStep()) {
  await cleanup();
} else {
  const { run } = await import('./main.js');
  await run();
}

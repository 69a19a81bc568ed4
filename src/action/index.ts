import module from 'node:module';
import { cleanup, isPostStep } from './post.js';

// Node 22.1+ keeps compiled code of the chunks loaded below in its on-disk cache
// (the temp dir), so that the post step and later runs on the same runner start sooner.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// The same bundle is the main step and the post step. The post step loads only the
// cleanup module (and @actions/core); the pipeline is loaded when main runs.
if (isPostStep()) {
  await cleanup();
} else {
  const [{ main }, { stopGroupsOnSignals }] = await Promise.all([
    import('./main.js'),
    import('../core/leftovers.js'),
  ]);
  // Cancellation signals main alone: the children's process groups are stopped first.
  stopGroupsOnSignals();
  await main();
  // The step ends with the pipeline: a registry check still retrying after a failed
  // build is of no use any more and must not hold the job.
  process.exit();
}

// Case 4: start-up. The bundle is spawned with an invalid input, so it stops with its
// ::error:: line right after loading; timed to its first output byte and to its exit,
// next to a bare `node` that prints one byte. Plus the size of the bundle.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ACTION_NODE, baseEnv, bundlePath, pushEvent } from '../lib/action.js';
import { run } from '../lib/process.js';

export async function startupCase(ctx, { runs }) {
  const dir = mkdtempSync(join(ctx.scratch, 'startup-'));
  const samples = { bundle: [], bundleExit: [], bare: [], size: bundleSize() };
  try {
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    const event = pushEvent('0'.repeat(40));
    const eventPath = join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(event.payload));
    const files = {};
    for (const name of ['output', 'state', 'summary']) {
      files[name] = join(dir, name);
      writeFileSync(files[name], '');
    }
    const env = {
      ...baseEnv(),
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: event.ref,
      GITHUB_SHA: event.sha,
      GITHUB_REPOSITORY: 'octo-org/hello',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: dir,
      INPUT_PUSH: 'sometimes',
    };
    // One unmeasured run of each, so that both start from a warm page cache.
    const bundleRun = () => run(ACTION_NODE, [bundlePath()], { cwd: workspace, env, check: false });
    const bareRun = () =>
      run(ACTION_NODE, ['-e', 'process.stdout.write("x")'], { cwd: workspace, env });
    const first = await bundleRun();
    if (first.code === 0 || !first.stdout.includes('::error::')) {
      throw new Error(`start-up run: expected an ::error:: line and a failure:\n${first.output}`);
    }
    await bareRun();
    for (let i = 0; i < runs; i++) {
      const bundle = await bundleRun();
      samples.bundle.push(bundle.firstOutputSeconds);
      samples.bundleExit.push(bundle.seconds);
      samples.bare.push((await bareRun()).firstOutputSeconds);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return samples;
}

/** The entry and the chunks it loads: every .js file beside it in dist/. */
function bundleSize() {
  const dir = dirname(bundlePath());
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

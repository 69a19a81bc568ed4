/**
 * one-step-image: the action's pipeline on your own machine.
 *
 * The flags make the request (as the action's inputs do) and the local git repository
 * the context of a push of HEAD (sha, tag or branch, repository from the origin
 * remote, default branch, commit time); the pipeline's run() then reports to the
 * terminal. Differences from the action:
 *
 * - push defaults to false: a local run pushes only with --push;
 * - paths are relative to the current directory (they must stay inside the
 *   repository, like the action's paths stay inside the workspace); context and
 *   working-directory default to the current directory;
 * - the password comes from standard input (--password-stdin) or the
 *   REGISTRY_PASSWORD variable, never from a flag, and is masked in the log;
 * - the outputs follow the log as `name: value` lines (after the job summary, with
 *   --summary);
 * - outside a git repository there is no commit: no sha-<7 hex> tag, no
 *   version, and the image is tagged `latest` unless --tag or --latest says
 *   otherwise.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { NAME, parseCommandLine, USAGE, USAGE_EXIT, UsageError, type CliRequest } from './args.js';

function findVersion(): string {
  let dir: string;
  try {
    dir = path.dirname(realpathSync(process.argv[1] ?? '.'));
  } catch {
    return 'unknown';
  }
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === NAME && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** The flags, then --help or --version at once; the pipeline is loaded only to run. */
async function entry(): Promise<number> {
  let request: CliRequest;
  try {
    request = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\nRun ${NAME} --help for the flags.\n`);
    return USAGE_EXIT;
  }
  if (request.help || request.version) {
    process.stdout.write(request.help ? USAGE : `${NAME} ${findVersion()}\n`);
    return 0;
  }
  const { main } = await import('./main.js');
  return main(request);
}

process.exitCode = await entry();
// As in the action: a registry check still retrying after a failed build must not keep
// the command running.
process.exit();

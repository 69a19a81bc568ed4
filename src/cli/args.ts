/** The command line: flags, help text, and the inputs they set. */
import { parseArgs } from 'node:util';
import { isInputName, type InputName } from '../request/defaults.js';

export const NAME = 'one-step-image';

export const USAGE = `Usage: ${NAME} [flags]

Runs the one-step-image pipeline locally: compiles, builds the image, tags it from
the git repository in the current directory, and pushes it only with --push.

Image
  --image NAME                     image name, e.g. alice/hello (default: <username>/<repo name>)
  --registry HOST                  registry host (default: docker.io)
  --images REF                     push to several registries: an image per flag (repeatable),
                                   the first built and pushed as --image, the others get the same
                                   manifests under the same tags (credentials: --registry-auth-file)
  --tag TAG                        extra tag; repeatable, or comma separated
  --latest[=auto|true|false]       tag "latest" (default auto: default branch, final releases)
  --no-latest                      same as --latest=false
  --tag-prefix TEXT                put before every tag (debug: debug-1.2.3, debug-latest)
  --tag-suffix TEXT                put after every tag (alpine: 1.2.3-alpine, latest-alpine)
  --sha-length N                   hex digits of the commit in sha-<7> tags, 7 to 40 (default: 7)

Build
  --build-command CMD              command run with bash -e -o pipefail before the build (e.g. make)
  --build-command-timeout MINUTES  stop the build command after this long (default: no limit;
                                   at most 10080, 7 days)
  --working-directory DIR          where the build command runs (default: the current directory)
  --context DIR                    build context (default: the current directory)
  --dockerfile FILE                Dockerfile (default: <context>/Dockerfile)
  --build-arg NAME=VALUE           build argument; repeatable
  --cache true|false               engine builds: read and write BuildKit's inline cache in the
                                   registry (default: true)
  --secret ID=env:NAME             build secret for RUN --mount=type=secret, from the variable
                                   NAME (ID=VALUE also works, but shows in the process list)
  --label NAME=VALUE               image label; repeatable
  --annotation KEY=VALUE           OCI annotation of the manifests and the index; repeatable
  --target STAGE                   stage of a multi-stage Dockerfile to build
  --platform OS/ARCH               target platform; repeatable or comma separated (default: this machine)
  --builder KIND                   native (no Docker engine), docker, or auto (default: auto)
  --output FILE                    write the image to a tar archive for docker load (also an OCI layout)
  --compression KIND               layer compression: gzip, gzip:<0-9>, zstd, zstd:<1-22> (default: gzip)

Build matrix
  --platform-tags                  push each platform only under its tag sha-<7>-<os>-<arch>
  --merge PLATFORMS                build nothing: push one index of this commit's platform tags
  --delete-platform-tags           with --merge: then delete those platform tags where the registry allows it

Attestations
  --no-attestations                push the bare image: no SBOM and provenance attestations
                                   (--attestations=false; on by default)
  --verify REF                     build this commit natively, push nothing, and compare with
                                   the image REF, platform by platform

Docker Hub
  --readme FILE                    after a push, set the repository description from this file
  --short-description TEXT         after a push, set the short description (100 characters max)

Push
  --push[=auto|true|false]         push the image (default: false)
  --no-push                        same as --push=false
  --username USER                  registry user
  --retry-timeout MINUTES          time to retry registry errors before failing (default: 5;
                                   at most 10080, 7 days)
  --password-stdin                 read the registry password from standard input
                                   (or set REGISTRY_PASSWORD; never give a password as a flag)
  --registry-auth-file FILE        credentials for other registries, one host=username:password
                                   line each (base image pulls, the engine's too; docker.io=...
                                   for Docker Hub)

Other
  --summary                        also print the job summary (Markdown)
  -h, --help                       show this help
  --version                        show the version

Paths are relative to the current directory and must stay inside the repository.
After the log come the outputs, as "name: value" lines.

Example, with no Docker engine and no registry:
  ${NAME} --context examples/hello --build-command make --working-directory examples/hello \\
    --image alice/hello --output hello.tar
`;

/** A mistake on the command line: reported with a hint to --help, exit code 2. */
export class UsageError extends Error {}

/** The exit code of every wrong command line, a bad flag value included. */
export const USAGE_EXIT = 2;

/** What the command line asks for. */
export interface CliRequest {
  help: boolean;
  version: boolean;
  passwordStdin: boolean;
  /** The file holding the registry-auth lines (never the credentials on the command line). */
  registryAuthFile?: string;
  summary: boolean;
  /** Action input name → raw value, for the inputs given on the command line. */
  inputs: Partial<Record<InputName, string>>;
  /** Whether --tag or --latest was given (decides the tag outside a git repository). */
  tagsChosen: boolean;
}

const SWITCH_VALUES = ['auto', 'true', 'false'];
const SWITCH_FLAGS = ['push', 'latest'];
/** Flags that are on or off: `--name`, `--name=false`, `--name false`, `--no-name`. */
const BOOLEAN_SWITCHES = ['attestations'];

/** Path flags: resolved against the current directory (the action resolves against the workspace). */
export const PATH_FLAGS = [
  'working-directory',
  'context',
  'dockerfile',
  'output',
  'readme',
] as const;

/** The flag that sets an input, where its name differs (a list input's flag is repeatable). */
const FLAG_OF: Partial<Record<InputName, string>> = {
  'build-args': 'build-arg',
  secrets: 'secret',
  labels: 'label',
  annotations: 'annotation',
  tags: 'tag',
  platforms: 'platform',
  'registry-auth': 'registry-auth-file',
};

/** The flag, with its dashes, that sets the action input `name`. */
export function flagOf(name: string): string {
  return `--${(isInputName(name) ? FLAG_OF[name] : undefined) ?? name}`;
}

/**
 * `--push` / `--latest` take an optional value: `--push`, `--push=false`, `--push false`
 * and `--no-push` all work. parseArgs has no optional values, so they are rewritten to
 * the `--name=value` form first. A password given as a flag is refused here, before
 * parseArgs could echo it back in an error message.
 */
function normalizeArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (/^--password(=|$)/.test(arg) || /^--password-stdin=/.test(arg)) {
      throw new UsageError(
        'a password is never taken as a flag value (it would show in the process list and the shell history). ' +
          `Pipe it in with --password-stdin (for example: ${NAME} ... --username alice --password-stdin < token.txt), ` +
          'or set the REGISTRY_PASSWORD environment variable.',
      );
    }
    if (/^--registry-auth(=|$)/.test(arg)) {
      throw new UsageError(
        'registry credentials are never taken as a flag value (they would show in the process list and the shell history). ' +
          'Write the host=username:password lines to a file and give --registry-auth-file FILE.',
      );
    }
    const name = /^--(?:no-)?([a-z]+)$/.exec(arg)?.[1];
    const boolean = name !== undefined && BOOLEAN_SWITCHES.includes(name);
    if (name !== undefined && (SWITCH_FLAGS.includes(name) || boolean)) {
      if (arg.startsWith('--no-')) {
        out.push(`--${name}=false`);
      } else {
        const next = args[i + 1];
        const allowed = boolean ? ['true', 'false'] : SWITCH_VALUES;
        const value = next !== undefined && allowed.includes(next.toLowerCase()) ? next : undefined;
        out.push(`--${name}=${value ?? 'true'}`);
        if (value !== undefined) i++;
      }
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** The flags parseArgs knows; the values of the action's inputs are checked later. */
const OPTIONS = {
  registry: { type: 'string' },
  image: { type: 'string' },
  images: { type: 'string', multiple: true },
  username: { type: 'string' },
  'build-command': { type: 'string' },
  'build-command-timeout': { type: 'string' },
  'working-directory': { type: 'string' },
  context: { type: 'string' },
  dockerfile: { type: 'string' },
  'build-arg': { type: 'string', multiple: true },
  cache: { type: 'string' },
  secret: { type: 'string', multiple: true },
  label: { type: 'string', multiple: true },
  annotation: { type: 'string', multiple: true },
  target: { type: 'string' },
  tag: { type: 'string', multiple: true },
  latest: { type: 'string' },
  'tag-prefix': { type: 'string' },
  'tag-suffix': { type: 'string' },
  'sha-length': { type: 'string' },
  push: { type: 'string' },
  'retry-timeout': { type: 'string' },
  builder: { type: 'string' },
  compression: { type: 'string' },
  platform: { type: 'string', multiple: true },
  output: { type: 'string' },
  'platform-tags': { type: 'boolean' },
  'delete-platform-tags': { type: 'boolean' },
  merge: { type: 'string', multiple: true },
  readme: { type: 'string' },
  'short-description': { type: 'string' },
  attestations: { type: 'string' },
  verify: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'registry-auth-file': { type: 'string' },
  summary: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Flags that map one to one onto an action input of the same name. */
const SINGLE_FLAGS = [
  'registry',
  'image',
  'username',
  'build-command',
  'build-command-timeout',
  'working-directory',
  'context',
  'dockerfile',
  'target',
  'latest',
  'tag-prefix',
  'tag-suffix',
  'sha-length',
  'push',
  'retry-timeout',
  'builder',
  'compression',
  'cache',
  'output',
  'readme',
  'short-description',
  'attestations',
  'verify',
] as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** parseArgs, with its errors as UsageErrors that never quote a stray argument. */
function parseFlags(args: readonly string[]): Values {
  try {
    return parseArgs({
      args: normalizeArgs(args),
      strict: true,
      allowPositionals: false,
      options: OPTIONS,
    }).values;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    // parseArgs quotes a stray argument; it may be a secret typed in the wrong place.
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError('unexpected argument: this command takes only --flags.');
    }
    throw new UsageError((error as Error).message);
  }
}

/**
 * One --secret as a line of the secrets input: `id=env:NAME` takes the value from the
 * environment variable NAME. Never shows a value.
 */
function secretLine(flag: string, env: NodeJS.ProcessEnv): string {
  const from = /^([^=]*)=env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(flag);
  if (!from) return flag;
  const value = env[from[2]!];
  if (value === undefined) {
    throw new UsageError(`--secret ${from[1]}: the environment variable ${from[2]} is not set.`);
  }
  if (/[\r\n]/.test(value)) {
    throw new UsageError(
      `--secret ${from[1]}: the environment variable ${from[2]} holds several lines; a build secret is one line.`,
    );
  }
  return `${from[1]}=${value}`;
}

/** The action inputs the flags set. */
function inputsOf(v: Values, env: NodeJS.ProcessEnv): Partial<Record<InputName, string>> {
  const inputs: Partial<Record<InputName, string>> = {};
  for (const name of SINGLE_FLAGS) {
    const value = v[name];
    if (value !== undefined) inputs[name] = value;
  }
  if (v['build-arg']) inputs['build-args'] = v['build-arg'].join('\n');
  if (v.secret) inputs.secrets = v.secret.map((s) => secretLine(s, env)).join('\n');
  if (v.label) inputs.labels = v.label.join('\n');
  if (v.annotation) inputs.annotations = v.annotation.join('\n');
  if (v.tag) inputs.tags = v.tag.join('\n');
  if (v.images) inputs.images = v.images.join('\n');
  if (v.platform) inputs.platforms = v.platform.join(',');
  if (v.merge) inputs.merge = v.merge.join(',');
  if (v['platform-tags']) inputs['platform-tags'] = 'true';
  if (v['delete-platform-tags']) inputs['delete-platform-tags'] = 'true';
  return inputs;
}

/** Parses the command line (without node and the script). Throws UsageError. */
export function parseCommandLine(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CliRequest {
  const v = parseFlags(args);
  for (const name of SWITCH_FLAGS) {
    const value = v[name as 'push' | 'latest'];
    if (value !== undefined && !SWITCH_VALUES.includes(value.trim().toLowerCase())) {
      throw new UsageError(`--${name}: ${JSON.stringify(value)} is not one of auto, true, false.`);
    }
  }
  if (v.merge !== undefined && v.output !== undefined) {
    throw new UsageError(
      '--merge and --output cannot be used together: a merge builds nothing, so there is no image to write.',
    );
  }
  return {
    help: v.help === true,
    version: v.version === true,
    passwordStdin: v['password-stdin'] === true,
    ...(v['registry-auth-file'] !== undefined ? { registryAuthFile: v['registry-auth-file'] } : {}),
    summary: v.summary === true,
    inputs: inputsOf(v, env),
    tagsChosen: v.tag !== undefined || v.latest !== undefined,
  };
}

/**
 * After a push to Docker Hub: the repository's description from the readme input and
 * the short-description input, with the push's credentials. Opt-in, Docker Hub only,
 * and never the reason a push that succeeded fails: what goes wrong is a warning.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { fullDescriptionProblem } from '../registry/hub-limits.js';
import path from 'node:path';
import { currentIo } from './io.js';
import type { Plan } from './plan.js';
import type { RunRequest } from './run.js';

const DOCKER_HUB = 'docker.io';

/** Sets the description where the request asks for one and the image went to Docker Hub. */
export async function describeOnHub(request: RunRequest, plan: Plan, api: string): Promise<void> {
  const { inputs, wording } = request;
  if (!inputs.readme && !inputs.shortDescription) return;
  const io = currentIo();
  const asked = [inputs.readme && 'readme', inputs.shortDescription && 'short-description']
    .filter(Boolean)
    .map((name) => wording.setting(name as string))
    .join(' and ');
  if (plan.image.registry !== DOCKER_HUB) {
    io.notice(
      `${asked} ignored: a repository description is set only on Docker Hub, and ${plan.image.registry} is another registry.`,
    );
    return;
  }
  try {
    const full = inputs.readme ? readReadme(inputs.readme, request) : undefined;
    const { setHubDescription } = await import('../registry/hub-description.js');
    await setHubDescription(
      { repository: plan.image.path, full, short: inputs.shortDescription || undefined },
      {
        username: inputs.username,
        password: inputs.password,
        setSecret: (secret) => io.setSecret(secret),
        api,
      },
    );
    io.info(`Docker Hub description of ${plan.image.path} set from ${asked}.`);
  } catch (error) {
    io.warning(
      `The image was pushed, but its Docker Hub description was not set: ${(error as Error).message}`,
    );
  }
}

/** The readme's text; the file, links resolved, must be inside the workspace. */
function readReadme(file: string, { context, wording }: RunRequest): string {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    throw new Error(`there is no file at ${wording.path(file)}; fix ${wording.setting('readme')}.`);
  }
  const rel = path.relative(realpathSync(context.workspace), real);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new Error(
      `${wording.path(file)} leads outside the workspace (a link to ${real}); point ${wording.setting('readme')} at a file in the repository.`,
    );
  }
  // Made by the build-command, it may be a FIFO or a device (a read that never ends) or
  // huge: only a regular file Docker Hub would keep whole is read.
  const stats = statSync(real);
  if (!stats.isFile()) {
    throw new Error(
      `${wording.path(file)} is not a regular file; fix ${wording.setting('readme')}.`,
    );
  }
  const tooLong = fullDescriptionProblem(stats.size);
  if (tooLong) throw new Error(tooLong);
  return readFileSync(real, 'utf8');
}

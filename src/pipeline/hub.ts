/**
 * After a push to Docker Hub: the repository's description from the readme input and
 * the short-description input, with the push's credentials. Opt-in, Docker Hub only,
 * and never the reason a push that succeeded fails: what goes wrong is a warning. A readme
 * that holds the password in any form is never sent; its relative links are made absolute
 * on GitHub, and one longer than Docker Hub keeps is cut to fit.
 */
import { readFileSync } from 'node:fs';
import { confine, type Confinement } from '../fs/workspace-paths.js';
import path from 'node:path';
import {
  FULL_DESCRIPTION_MAX_BYTES,
  hubDeadlineMs,
  README_READ_MAX_BYTES,
} from '../registry/hub-limits.js';
import { fitReadme } from '../registry/hub-readme-cut.js';
import { absoluteLinks, readmeUrl, type ReadmeLocation } from '../registry/hub-readme-links.js';
import { holdsSecret, searchableSecretForms } from '../core/secrets.js';
import { showValue } from '../core/errors.js';
import type { Io } from '../core/io.js';
import type { Plan } from '../request/plan.js';
import type { RunRequest } from '../request/request.js';

const DOCKER_HUB = 'docker.io';

/** Sets the description where the request asks for one and the image went to Docker Hub. */
export async function describeOnHub(
  request: RunRequest,
  plan: Plan,
  api: string,
  io: Io,
): Promise<void> {
  const { inputs, wording } = request;
  if (!inputs.readme && !inputs.shortDescription) return;
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
    const full = inputs.readme
      ? hubPage(readReadme(inputs.readme, request), request, io)
      : undefined;
    const { setHubDescription } = await import('../registry/hub-description.js');
    await setHubDescription(
      { repository: plan.image.path, full, short: inputs.shortDescription || undefined },
      {
        username: inputs.username,
        password: inputs.password,
        setSecret: (secret) => io.setSecret(secret),
        api,
        deadlineMs: hubDeadlineMs(inputs.retryTimeoutMs),
      },
    );
    io.info(`Docker Hub description of ${plan.image.path} set from ${asked}.`);
  } catch (error) {
    io.warning(
      `The image was pushed, but its Docker Hub description was not set: ${(error as Error).message}`,
    );
  }
}

/**
 * The readme's text; the file, links resolved, must be inside the workspace, and must
 * not hold the password in any form.
 */
function readReadme(file: string, { context, wording, inputs }: RunRequest): Readme {
  let where: Confinement | undefined;
  try {
    where = confine(context.workspace, file);
  } catch {
    where = undefined;
  }
  if (where?.stats === undefined) {
    throw new Error(`there is no file at ${wording.path(file)}; fix ${wording.setting('readme')}.`);
  }
  if (!where.inside) {
    throw new Error(
      `${wording.path(file)} leads outside the workspace (a link to ${where.real}); point ${wording.setting('readme')} at a file in the repository.`,
    );
  }
  // Made by the build-command, it may be a FIFO or a device (a read that never ends) or
  // huge: only a regular file of a size a readme can have is read.
  if (!where.stats.isFile()) {
    throw new Error(
      `${wording.path(file)} is not a regular file; fix ${wording.setting('readme')}.`,
    );
  }
  if (where.stats.size > README_READ_MAX_BYTES) {
    throw new Error(
      `${wording.path(file)} is ${where.stats.size} bytes; a readme of up to ${README_READ_MAX_BYTES} bytes is read (and cut to the ${FULL_DESCRIPTION_MAX_BYTES} Docker Hub keeps). Point ${wording.setting('readme')} at a shorter file.`,
    );
  }
  const text = readFileSync(where.real, 'utf8');
  // The build-command may have written it, and it can read the step's environment.
  if (holdsSecret(text, searchableSecretForms(inputs.username, inputs.password))) {
    throw new Error(
      `${wording.path(file)} (${wording.setting('readme')}) holds the registry password: Docker Hub would make it public, so nothing was sent. Find what writes the password into it (the build-command can read it from the step's environment).`,
    );
  }
  const inRepository = path.relative(where.root, where.real).split(path.sep).join('/');
  return { text, file, inRepository, bytes: where.stats.size };
}

/** A readme as read: its text, its name as given, its path in the repository. */
interface Readme {
  text: string;
  file: string;
  inRepository: string;
  bytes: number;
}

/**
 * The page Docker Hub shows: relative links made absolute on GitHub at the commit, cut
 * to fit when longer than Docker Hub keeps; each change said in the log.
 */
function hubPage(readme: Readme, { context, wording }: RunRequest, io: Io): string {
  const shown = wording.path(readme.file);
  const { serverUrl, repository, sha } = context;
  const at: ReadmeLocation | undefined =
    serverUrl && repository && sha
      ? { server: serverUrl, repository, sha, path: readme.inRepository }
      : undefined;
  // Said only where there is a relative link to leave.
  const probe = { server: '', repository: '', sha: '', path: readme.inRepository };
  if (!at && absoluteLinks(readme.text, probe) !== readme.text) {
    io.notice(
      `The relative links of ${shown} were left as written: it is in no git repository with a web remote and commit, so they have no address to point to on Docker Hub.`,
    );
  }
  const fitted = fitReadme(
    at ? absoluteLinks(readme.text, at) : readme.text,
    FULL_DESCRIPTION_MAX_BYTES,
    at && readmeUrl(at),
  );
  const cut = fitted.cut;
  if (cut) {
    const where =
      cut.at === 'heading'
        ? `before the heading ${showValue(cut.heading ?? '', 80)}`
        : cut.at === 'paragraph'
          ? 'at the end of a paragraph'
          : 'in the middle of its first paragraph (it has no heading or blank line that fits)';
    io.notice(
      `${shown} is ${readme.bytes} bytes, more than the ${FULL_DESCRIPTION_MAX_BYTES} Docker Hub keeps: it was cut ${where} to ${cut.after} bytes, ending with ${at ? 'a link to the full README on GitHub' : 'a line saying so'}.`,
    );
  }
  return fitted.text;
}

/**
 * Several registries in one step: the `images` input, one image reference per line. The
 * first line is the image the step builds and pushes (as `image` would be); every other
 * line is a further image that receives the same manifests under the same tags.
 */
import { InputError, showValue } from '../core/errors.js';
import { resolveImageName, type ImageName } from '../registry/reference.js';
import type { CredentialsFor } from './registry-auth.js';

/** The `images` lines, trimmed, blank lines dropped. */
export function parseImages(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * `resolve` for line `index` (0-based) of the images input: a bad reference is named as
 * that line of images, not as the image it stands for.
 */
export function asImagesLine<T>(index: number, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError('images', `line ${index + 1}: ${error.detail}`, error.hint);
  }
}

/**
 * The images after the first, resolved as `image` is (registry host first, Docker Hub
 * by default), each checked to have credentials for its registry. A line that names
 * the first image again, or names one twice, is refused.
 */
export function furtherImages(
  lines: readonly string[],
  first: ImageName,
  repository: string,
  /** Undefined when nothing is pushed: no credentials needed. */
  credentialsFor: CredentialsFor | undefined,
): ImageName[] {
  const out: ImageName[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0) continue;
    const { image } = asImagesLine(i, () =>
      resolveImageName({ image: line, registry: 'docker.io', username: '', repository }),
    );
    if (image.name === first.name || out.some((o) => o.name === image.name)) {
      throw new InputError(
        'images',
        `line ${i + 1}: ${showValue(image.name, 200)} is listed twice.`,
      );
    }
    if (credentialsFor && !credentialsFor(image.registry)) {
      throw new InputError(
        'images',
        `line ${i + 1}: pushing to ${image.registry} needs credentials, and none were given for it.`,
        (w) =>
          `Add a line ${image.registry}=<username>:<token> to ${w.setting('registry-auth')} (${w.setting('username')} and ${w.setting('password')} are for ${first.registry}).`,
      );
    }
    out.push(image);
  }
  return out;
}

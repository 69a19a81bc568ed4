/** The tag variant inputs: tag-prefix, tag-suffix and sha-length, checked together. */
import { InputError, showValue } from '../core/errors.js';
import {
  MAX_AFFIX_LENGTH,
  normalizePrefix,
  normalizeSuffix,
  prefixProblem,
  SHA_LENGTH,
  suffixProblem,
  type TagVariant,
} from '../registry/tag-variant.js';
import type { InputName } from '../request/defaults.js';

/**
 * `alpine` as a suffix is `-alpine`, as a prefix `alpine-`; a value that brings its own
 * separator keeps it. The extra tags must still fit 128 characters with the variant on.
 */
export function parseTagVariant(
  get: (name: InputName) => string,
  extraTags: readonly string[],
): TagVariant {
  const prefix = normalizePrefix(get('tag-prefix').trim());
  const suffix = normalizeSuffix(get('tag-suffix').trim());
  const problem = prefixProblem(prefix);
  if (problem) throw new InputError('tag-prefix', `${showValue(prefix, 200)} ${problem}`);
  const suffixBad = suffixProblem(suffix);
  if (suffixBad) throw new InputError('tag-suffix', `${showValue(suffix, 200)} ${suffixBad}`);
  const affix = prefix.length + suffix.length;
  if (affix > MAX_AFFIX_LENGTH) {
    throw new InputError(
      prefix.length > suffix.length ? 'tag-prefix' : 'tag-suffix',
      `the prefix and the suffix are ${affix} characters together; they are at most ${MAX_AFFIX_LENGTH} characters, so that every tag fits.`,
    );
  }
  const long = extraTags.find((tag) => tag.length + affix > 128);
  if (long !== undefined) {
    throw new InputError(
      'tags',
      `${showValue(long, 200)} is ${long.length + affix} characters long with the tag prefix and suffix; a tag is at most 128.`,
    );
  }
  return { prefix, suffix, shaLength: parseShaLength(get('sha-length')) };
}

function parseShaLength(raw: string): number {
  const value = raw.trim();
  const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!(n >= SHA_LENGTH.min && n <= SHA_LENGTH.max)) {
    throw new InputError(
      'sha-length',
      `${showValue(value, 50)} is not a number from ${SHA_LENGTH.min} to ${SHA_LENGTH.max}: the hex digits of the commit in the sha- tags.`,
    );
  }
  return n;
}

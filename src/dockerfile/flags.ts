/**
 * The `--flag` words of an instruction, checked against the flags the instruction
 * declares where it is parsed (BuildKit's BFlags): an unknown flag, a duplicate, a
 * missing value or a bad boolean is an error naming the flag (the caller adds file:line).
 */
import { Failure } from './shell-lexer.js';

/** `bool`: `--link`, `--link=false`; `string`: `--from=x`; `strings`: repeatable. */
export type FlagKind = 'bool' | 'string' | 'strings';

export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** The values of the flags given: booleans as booleans, repeatable flags as lists. */
export type FlagValues<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends 'bool' ? boolean : S[K] extends 'strings' ? string[] : string;
};

/**
 * Parses `words` (`--name=value`, `--name`) against `spec`. A repeatable flag collects
 * every value; the others may be given once.
 */
export function parseFlags<S extends FlagSpec>(
  keyword: string,
  words: readonly string[],
  spec: S,
): FlagValues<S> {
  const out: Record<string, boolean | string | string[]> = {};
  const known = Object.keys(spec);
  const hint =
    known.length > 0
      ? `${keyword} accepts ${known.map((k) => `--${k}`).join(', ')}.`
      : `${keyword} takes no flags.`;
  for (const word of words) {
    if (!word.startsWith('--')) throw new Failure(`Arg should start with -- : ${word}`);
    if (word === '--') break;
    let name = word.slice(2);
    let value = '';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) throw new Failure(`Unknown flag: ${name}`, hint);
    if (Object.hasOwn(out, name) && kind !== 'strings') {
      throw new Failure(`Duplicate flag specified: ${name}`);
    }
    if (kind === 'bool') {
      if (eq >= 0 && value === '') throw new Failure(`Missing a value on flag: ${name}`);
      const lower = value.toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') {
        throw new Failure(`Expecting boolean value for flag ${name}, not: ${value}`);
      }
      out[name] = lower !== 'false';
      continue;
    }
    if (eq < 0) throw new Failure(`Missing a value on flag: ${name}`);
    if (kind === 'strings') ((out[name] ??= []) as string[]).push(value);
    else out[name] = value;
  }
  return out as FlagValues<S>;
}

/** No flags: any `--flag` is an error. */
export const NO_FLAGS: FlagSpec = {};

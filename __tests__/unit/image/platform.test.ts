// Platforms are read as BuildKit reads them: containerd's platforms.Parse, then
// platforms.Normalize (dockerui's target platforms, the image config's platform).
import { describe, expect, it } from 'vitest';

import { platformArgs } from '../../../src/dockerfile/platform-args.js';
import {
  formatPlatform,
  normalizePlatform,
  parsePlatform,
  targetVariables,
  type Platform,
} from '../../../src/image/platform.js';
import { stagePlatform } from '../../../src/builders/native/stage-start.js';

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const ARM: Platform = { os: 'linux', architecture: 'arm', variant: 'v7' };

// What containerd's Parse + Normalize give (containerd/platforms: Parse, normalizeArch).
const TABLE: Array<[string, string]> = [
  ['linux/amd64', 'linux/amd64'],
  ['linux/amd64/v1', 'linux/amd64'],
  ['linux/amd64/v3', 'linux/amd64/v3'],
  ['linux/x86_64', 'linux/amd64'],
  ['linux/x86-64', 'linux/amd64'],
  ['linux/i386', 'linux/386'],
  ['linux/arm', 'linux/arm/v7'],
  ['linux/arm/7', 'linux/arm/v7'],
  ['linux/arm/v7', 'linux/arm/v7'],
  ['linux/arm/6', 'linux/arm/v6'],
  ['linux/arm/v5', 'linux/arm/v5'],
  ['linux/arm/8', 'linux/arm/v8'],
  ['linux/armhf', 'linux/arm/v7'],
  ['linux/armel', 'linux/arm/v6'],
  ['linux/arm64', 'linux/arm64'],
  ['linux/arm64/v8', 'linux/arm64'],
  ['linux/arm64/8', 'linux/arm64'],
  ['linux/arm64/v8.0', 'linux/arm64'],
  ['linux/arm64/9', 'linux/arm64/v9'],
  ['linux/aarch64', 'linux/arm64'],
  ['linux/aarch64/v8', 'linux/arm64'],
  ['Linux/ARM64', 'linux/arm64'],
  ['macos/arm64', 'darwin/arm64'],
  ['linux/riscv64', 'linux/riscv64'],
  ['windows/amd64/10.0.17763', 'windows/amd64/10.0.17763'],
  // One part: an OS takes the fallback's architecture, anything else is an architecture.
  ['arm64', 'linux/arm64'],
  ['aarch64', 'linux/arm64'],
  ['arm', 'linux/arm/v7'],
  [' linux/arm64 ', 'linux/arm64'],
];

describe('normalizePlatform: containerd Parse + Normalize', () => {
  it.each(TABLE)('%j is %j', (text, expected) => {
    expect(formatPlatform(normalizePlatform(text, AMD64))).toBe(expected);
  });

  it('takes the fallback for an OS alone with its variant, and for nothing', () => {
    expect(normalizePlatform('linux', ARM)).toEqual(ARM);
    expect(normalizePlatform('linux', AMD64)).toEqual(AMD64);
    expect(normalizePlatform('', ARM)).toEqual(ARM);
  });
});

describe('every reader of a platform normalises it the same way', () => {
  it.each(TABLE.filter(([text]) => text.trim().includes('/')))(
    'parsePlatform %j is %j',
    (text, expected) => {
      expect(formatPlatform(parsePlatform(text))).toBe(expected);
    },
  );

  it.each(TABLE)('FROM --platform=%j is %j', (text, expected) => {
    expect(formatPlatform(stagePlatform(text, AMD64))).toBe(expected);
  });

  it.each(TABLE)('the platform ARGs of %j say %j', (text, expected) => {
    const args = platformArgs({}, text);
    expect(args.get('TARGETPLATFORM')).toBe(expected);
    const [os, arch, variant = ''] = expected.split('/');
    expect([args.get('TARGETOS'), args.get('TARGETARCH'), args.get('TARGETVARIANT')]).toEqual([
      os,
      arch,
      variant,
    ]);
  });

  it.each(TABLE.filter(([text]) => text.trim().includes('/')))(
    'the build-command variables of %j say %j',
    (text, expected) => {
      const vars = targetVariables(text);
      expect(vars['TARGETPLATFORM']).toBe(expected);
      expect(vars['TARGETARCH']).toBe(expected.split('/')[1]);
      expect(vars['TARGETVARIANT']).toBe(expected.split('/')[2] ?? '');
    },
  );

  it('keeps the stage platform of FROM without --platform', () => {
    expect(stagePlatform(undefined, ARM)).toEqual(ARM);
  });
});

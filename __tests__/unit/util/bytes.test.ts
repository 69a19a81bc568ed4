import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/util/bytes.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [2048, '2.0 KiB'],
    [338505, '330.6 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [150 * 1024 * 1024, '150.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
    [5 * 1024 ** 5, '5120.0 TiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

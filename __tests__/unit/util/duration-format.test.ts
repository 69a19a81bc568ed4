import { describe, expect, it } from 'vitest';
import { formatMs } from '../../../src/util/duration-format.js';

describe('formatMs', () => {
  it.each([
    [0, '0ms'],
    [320.4, '320ms'],
    [1000, '1s'],
    [1540, '1.5s'],
    [99_940, '99.9s'],
    [300_000, '300s'],
  ])('compact %d -> %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it.each([
    [320, '320 ms'],
    [1500, '1.50 s'],
    [61_234, '61.23 s'],
  ])('report %d -> %s', (ms, text) => {
    expect(formatMs(ms, 'report')).toBe(text);
  });
});

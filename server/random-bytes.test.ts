import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from './random-bytes.ts';

describe('pooledRandomBytes', () => {
  it('gives distinct buffers of the size asked, across pool refills', () => {
    const seen = new Set<string>();
    // 12 bytes × 1,000 is about three refills of the 4 KiB pool.
    for (let i = 0; i < 1000; i += 1) {
      const bytes = pooledRandomBytes(12);
      expect(bytes).toHaveLength(12);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(1000);
    expect(pooledRandomBytes(256)).toHaveLength(256);
  });

  it('hands out copies: changing one leaves the next draw alone', () => {
    const first = pooledRandomBytes(16);
    first.fill(0);
    expect(pooledRandomBytes(16).equals(Buffer.alloc(16))).toBe(false);
  });

  it('refuses sizes outside 1 to 256', () => {
    for (const size of [0, -1, 257, 1.5]) expect(() => pooledRandomBytes(size)).toThrow(RangeError);
  });
});

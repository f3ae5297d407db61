import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

describe('clientAddress', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.7', 0)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('behind one trusted proxy is the entry that proxy appended, not what the client wrote before it', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.2', 1)).toBe('198.51.100.2');
    expect(clientAddress('127.0.0.1', 'forged, 1.2.3.4, 198.51.100.2', 1)).toBe('198.51.100.2');
    expect(clientAddress('127.0.0.1', ['forged', '198.51.100.2'], 1)).toBe('198.51.100.2');
  });

  it('behind two trusted proxies is the second entry from the end', () => {
    expect(clientAddress('10.0.0.1', 'forged, 198.51.100.2, 10.0.0.9', 2)).toBe('198.51.100.2');
  });

  it('falls back to the TCP peer when the header is missing or shorter than the trusted chain', () => {
    expect(clientAddress('10.0.0.5', undefined, 1)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', ' , ', 1)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', '198.51.100.2', 2)).toBe('10.0.0.5');
  });
});

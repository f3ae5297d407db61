/**
 * The address of the client behind `trustedProxies` reverse proxies (TRUST_PROXY).
 * Each proxy appends the address it received the request from to
 * `X-Forwarded-For`, so with N trusted proxies in front the client is the Nth
 * entry from the end; anything before it was written by the client and is not
 * believed. With no trusted proxy (the default), or a header shorter than the
 * chain, it is the TCP peer's address.
 *
 * @example clientAddress('10.0.0.5', '203.0.113.7, 198.51.100.2', 1) // '198.51.100.2'
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const fallback = peer ?? 'unknown';
  if (trustedProxies === 0 || forwardedFor === undefined) return fallback;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0);
  return hops.length >= trustedProxies ? (hops[hops.length - trustedProxies] as string) : fallback;
}

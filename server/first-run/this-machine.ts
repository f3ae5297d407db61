import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { clientAddress } from '../http/client-address.ts';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether an address is the machine's own (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopback(address: string): boolean {
  const plain = /^::ffff:/i.test(address) && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(plain)) return LOOPBACK.check(plain, 'ipv4');
  return isIPv6(plain) && LOOPBACK.check(plain, 'ipv6');
}

/**
 * Whether a request comes from a browser on the server's own machine. With
 * TRUST_PROXY proxies in front, the client address they report decides.
 * Without, a loopback peer counts only if the request carries no forwarding
 * header: a reverse proxy on the same machine that TRUST_PROXY was not told
 * about would otherwise make every visitor "local".
 */
export function isFromThisMachine(request: IncomingMessage, trustedProxies: number): boolean {
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (trustedProxies === 0 && forwarded) return false;
  return isLoopback(clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], trustedProxies));
}

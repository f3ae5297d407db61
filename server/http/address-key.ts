import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key per-address limits count a client under: an IPv4 address as it is
 * (also when it arrives IPv4-mapped, `::ffff:198.51.100.7`), an IPv6 address
 * as its /64 network. One IPv6 subscriber usually holds a whole /64 (2^64
 * addresses), so counting single IPv6 addresses would let one client come
 * back under a new one for every request. Anything else (`unknown`) as given.
 *
 * @example addressKey('2001:db8:1:2:a:b:c:d') // '2001:db8:1:2::/64'
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  // An embedded IPv4 tail (`::1.2.3.4`) fills two groups; only the first four groups matter here.
  const rightGroups = right.flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const groups = [...left, ...Array(8 - left.length - rightGroups.length).fill('0'), ...rightGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

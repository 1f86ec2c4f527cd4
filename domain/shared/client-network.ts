// Parsing an address is deterministic (no I/O, clock or randomness), so the domain uses Node's parser.
import { isIP } from 'node:net';

/**
 * A client as the abuse limits count it (failed logons, codes sent): an IPv4 address as is; an IPv6
 * address by its /64, since one subscriber is routinely given a whole /64 and could otherwise take a new
 * address for every attempt. Anything else (an unparsable header) is counted as the text it is.
 */
export const clientNetwork = (ip: string): string => {
  const mapped = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  if (isIP(mapped) !== 6) return mapped.toLowerCase();
  const [address = ''] = mapped.toLowerCase().split('%'); // without a zone id (fe80::1%eth0)
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
};

// Parsing an address is deterministic (no I/O, clock or randomness), so the domain uses Node's parser.
import { isIP } from 'node:net';

/**
 * The risk signal behind MFA "OnlyRiskyLogon". A password logon is risky when it comes from a network
 * the user has not completed a logon from recently, or follows failed attempts since the last success
 * (someone may be guessing). Networks are coarse on purpose (IPv4 /24, IPv6 /48), so a laptop moving
 * between addresses of one office or ISP pool is not asked every time.
 */
export const KNOWN_NETWORKS = 5;

/** The network an address belongs to, as it is remembered; undefined for what is not an IP address. */
export const networkOf = (ip: string): string | undefined => {
  const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  if (isIP(address) === 4) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(address) !== 6) return undefined;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 3).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/48`;
};

export type RiskInput = { readonly knownNetworks: readonly string[]; readonly failedAttempts: number; readonly ip: string };

export const assessLogonRisk = (input: RiskInput): { readonly risky: boolean; readonly reason?: 'new network' | 'failed attempts' } => {
  if (input.failedAttempts > 0) return { risky: true, reason: 'failed attempts' };
  const network = networkOf(input.ip);
  if (!network || !input.knownNetworks.includes(network)) return { risky: true, reason: 'new network' };
  return { risky: false };
};

/** The known networks after a completed logon from `network` (see `networkOf`): most recent first, at most `KNOWN_NETWORKS`. */
export const rememberNetwork = (known: readonly string[], network: string): readonly string[] =>
  [network, ...known.filter((n) => n !== network)].slice(0, KNOWN_NETWORKS);

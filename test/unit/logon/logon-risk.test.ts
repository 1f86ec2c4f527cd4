import { describe, expect, it } from 'vitest';
import { assessLogonRisk, KNOWN_NETWORKS, networkOf, rememberNetwork } from '../../../domain/logon/logon-risk';

describe('logon risk', () => {
  it.each([
    ['198.51.100.77', '198.51.100.0/24'],
    ['::ffff:198.51.100.77', '198.51.100.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['not-an-ip', undefined],
    ['999.1.1.1', undefined],
  ])('puts %s in the network %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it('is risky from an unknown network, after failed attempts, or for what is not an address', () => {
    const knownNetworks = ['198.51.100.0/24'];
    expect(assessLogonRisk({ knownNetworks, failedAttempts: 0, ip: '198.51.100.5' })).toEqual({ risky: false });
    expect(assessLogonRisk({ knownNetworks, failedAttempts: 0, ip: '203.0.113.5' })).toEqual({ risky: true, reason: 'new network' });
    expect(assessLogonRisk({ knownNetworks, failedAttempts: 1, ip: '198.51.100.5' })).toEqual({ risky: true, reason: 'failed attempts' });
    expect(assessLogonRisk({ knownNetworks, failedAttempts: 0, ip: 'garbage' }).risky).toBe(true);
  });

  it('remembers the most recent networks first, without repeats, at most five', () => {
    let known: readonly string[] = [];
    for (const n of ['a', 'b', 'c', 'a', 'd', 'e', 'f']) known = rememberNetwork(known, n);
    expect(known).toEqual(['f', 'e', 'd', 'a', 'c']);
    expect(known).toHaveLength(KNOWN_NETWORKS);
  });
});

import { describe, expect, it } from 'vitest';
import { loadServerlessConfig } from '../../../scripts/serverless-config';
import {
  clientScope,
  checkRequestLimits,
  parseLimit,
  REQUEST_LIMIT_NAMES,
  REQUEST_LIMITS,
  requestLimitKey,
  requestLimitsFrom,
} from '../../../domain/shared/request-limits';

describe('parseLimit', () => {
  it.each([
    ['30', { requests: 30, perSeconds: 60 }],
    [' 30/10 ', { requests: 30, perSeconds: 10 }],
    ['1/86400', { requests: 1, perSeconds: 86_400 }],
    ['off', undefined],
    ['OFF', undefined],
  ])('reads %j', (value, expected) => {
    expect(parseLimit('portal.ip', value)).toEqual(expected);
  });

  it.each(['0', '-1', '1.5', 'ten', '10/0', '10/', '/60', '10 / 60'])('refuses %j, naming the variable', (value) => {
    expect(() => parseLimit('portal.ip', value)).toThrow(/RATE_LIMIT_PORTAL_IP/);
  });
});

describe('requestLimitsFrom', () => {
  it('prefers the overrides, then RATE_LIMITS=off, then the variable, then the default', () => {
    const env: Record<string, string | undefined> = {};
    const limits = requestLimitsFrom(() => env, { 'scim.ip': { requests: 7, perSeconds: 5 }, 'sms.instance': 'off' });
    expect(limits.limit('portal.ip')).toEqual({ requests: 1_200, perSeconds: 60 });
    env.RATE_LIMIT_PORTAL_IP = '40/30';
    expect(limits.limit('portal.ip')).toEqual({ requests: 40, perSeconds: 30 });
    env.RATE_LIMITS = 'off';
    expect(limits.limit('portal.ip')).toBeUndefined();
    expect(limits.limit('scim.ip')).toEqual({ requests: 7, perSeconds: 5 });
    delete env.RATE_LIMITS;
    expect(limits.limit('sms.instance')).toBeUndefined();
    env.SCIM_RATE_LIMIT = '3';
    // The SCIM token limit keeps its historical variable and its one-second window.
    expect(limits.limit('scim.credential')).toEqual({ requests: 3, perSeconds: 1 });
  });

  it('fails the check on a malformed variable', () => {
    expect(() => checkRequestLimits(requestLimitsFrom(() => ({})))).not.toThrow();
    expect(() => checkRequestLimits(requestLimitsFrom(() => ({ RATE_LIMIT_SMS_INSTANCE: 'lots' })))).toThrow(/RATE_LIMIT_SMS_INSTANCE=lots/);
  });

  it('passes every variable to the deployed functions, where empty keeps the default', () => {
    const environment = (loadServerlessConfig() as unknown as { provider: { environment: Record<string, unknown> } }).provider.environment;
    for (const name of [...REQUEST_LIMIT_NAMES.map((n) => REQUEST_LIMITS[n].env), 'RATE_LIMITS']) {
      expect(environment[name], name).toBe(`\${env:${name}, ''}`);
    }
    expect(requestLimitsFrom(() => ({ RATE_LIMIT_PORTAL_IP: '' })).limit('portal.ip')).toEqual({ requests: 1_200, perSeconds: 60 });
  });

  it('gives every limit its own variable and a positive default', () => {
    const vars = REQUEST_LIMIT_NAMES.map((n) => REQUEST_LIMITS[n].env);
    expect(new Set(vars).size).toBe(vars.length);
    for (const name of REQUEST_LIMIT_NAMES) {
      expect(REQUEST_LIMITS[name].requests, name).toBeGreaterThan(0);
      expect(REQUEST_LIMITS[name].perSeconds, name).toBeGreaterThan(0);
    }
  });
});

describe('keys', () => {
  it('count an IPv6 client by its /64 and an IPv4 client by its address', () => {
    expect(clientScope('2001:db8:1:2::1')).toBe(clientScope('2001:0db8:0001:0002:ffff::9'));
    expect(clientScope('2001:db8:1:3::1')).not.toBe(clientScope('2001:db8:1:2::1'));
    expect(clientScope('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientScope('198.51.100.8')).not.toBe(clientScope('198.51.100.7'));
  });

  it('carry the limit and the tenant, so tenants never share a counter', () => {
    expect(requestLimitKey('scim.directory', 'd-a')).not.toBe(requestLimitKey('scim.directory', 'd-b'));
    expect(requestLimitKey('scim.directory', 'd-a')).not.toBe(requestLimitKey('portal.directory', 'd-a'));
  });
});

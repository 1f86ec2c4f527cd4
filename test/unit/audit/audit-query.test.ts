import { describe, expect, it } from 'vitest';
import { actionFilter, resolveAuditQuery } from '../../../domain/audit/audit-query';
import { checkRetention, expiresAtSeconds } from '../../../domain/audit/audit-retention';

const now = new Date('2031-05-10T12:00:00.000Z');

describe('an audit query', () => {
  it('defaults to the last 24 hours', () => {
    expect(resolveAuditQuery({}, now)).toEqual({ ok: true, value: { from: '2031-05-09T12:00:00.000Z', to: '2031-05-10T12:00:00.000Z' } });
  });

  it('keeps the filters given and drops the ones not', () => {
    const q = resolveAuditQuery({ from: '2031-05-10T11:00:00Z', actor: 'u-1', result: 'Failure', resource: undefined }, now);
    expect(q).toEqual({ ok: true, value: { from: '2031-05-10T11:00:00.000Z', to: '2031-05-10T12:00:00.000Z', actor: 'u-1', result: 'Failure' } });
  });

  it.each([
    ['a time that is not one', { from: 'yesterday' }],
    ['from after to', { from: '2031-05-10T12:00:01Z', to: '2031-05-10T12:00:00Z' }],
    ['a range over ten years', { from: '2020-01-01T00:00:00Z' }],
    ['an action that is not service:Operation', { action: 'Create User' }],
  ])('refuses %s', (_what, input) => {
    const q = resolveAuditQuery(input, now);
    expect(q.ok).toBe(false);
    if (!q.ok) expect(q.error.code).toBe('InvalidParameter.AuditQuery');
  });

  it.each([
    ['cloudsso:CreateUser', { exact: 'cloudsso:CreateUser' }],
    ['cloudsso:Create*', { prefix: 'cloudsso:Create' }],
    ['cloudsso:', { prefix: 'cloudsso:' }],
    ['portal', { prefix: 'portal:' }],
  ])('reads the action filter %s', (filter, meaning) => {
    expect(actionFilter(filter)).toEqual(meaning);
  });
});

describe('retention', () => {
  it('is 7 to 3650 whole days', () => {
    expect(checkRetention(180)).toEqual({ ok: true, value: 180 });
    for (const bad of [6, 3651, 30.5]) expect(checkRetention(bad).ok).toBe(false);
  });

  it('expires an event that many days after it happened', () => {
    expect(expiresAtSeconds(new Date('2031-01-01T00:00:00Z'), 180)).toBe(Date.parse('2031-06-30T00:00:00Z') / 1000);
  });
});

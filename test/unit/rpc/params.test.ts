import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseParams, pop, unflatten } from '../../../functions/http/rpc/rpc-params';

describe('POP parameters', () => {
  it('folds numbered lists and lists of structures', () => {
    expect(unflatten({ 'UserIds.1': 'u-1', 'UserIds.2': 'u-2', 'Tags.1.Key': 'k', 'Tags.1.Value': 'v', Name: 'n' })).toEqual({
      ok: true,
      value: { UserIds: ['u-1', 'u-2'], Tags: [{ Key: 'k', Value: 'v' }], Name: 'n' },
    });
  });

  it.each([
    ['a gap in a list', { 'UserIds.1': 'a', 'UserIds.3': 'b' }, 'InvalidParameter.UserIds'],
    ['a list numbered from 0', { 'UserIds.0': 'a' }, 'InvalidParameter.UserIds'],
    ['a value that is also a list', { UserIds: 'a', 'UserIds.1': 'b' }, 'InvalidParameter.UserIds.1'],
  ])('refuses %s', (_what, flat, code) => {
    const out = unflatten(flat);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe(code);
  });

  const schema = z.object({ UserName: pop.string(64), MaxResults: pop.int(1, 100).optional(), Enabled: pop.bool().optional() });

  it('names a missing parameter MissingParameter.<Name> and a bad one InvalidParameter.<Name>', () => {
    expect(parseParams(schema, {})).toMatchObject({ ok: false, error: { code: 'MissingParameter.UserName' } });
    expect(parseParams(schema, { UserName: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'InvalidParameter.UserName' } });
    expect(parseParams(schema, { UserName: 'a', MaxResults: '101' })).toMatchObject({ ok: false, error: { code: 'InvalidParameter.MaxResults' } });
    expect(parseParams(schema, { UserName: 'a', MaxResults: '1.5' })).toMatchObject({ ok: false, error: { code: 'InvalidParameter.MaxResults' } });
    expect(parseParams(schema, { UserName: 'a', Enabled: 'yes' })).toMatchObject({ ok: false, error: { code: 'InvalidParameter.Enabled' } });
  });

  it('names no parameter when a rule over several fails', () => {
    const oneOf = z.object({ A: pop.string().optional(), B: pop.string().optional() }).refine((p) => p.A !== undefined || p.B !== undefined, 'Give A or B.');
    expect(parseParams(oneOf, {})).toEqual({ ok: false, error: { code: 'MissingParameter', message: 'Give A or B.' } });
    expect(parseParams(oneOf, { B: 'b' })).toMatchObject({ ok: true });
  });

  it('converts numbers and booleans, and ignores parameters it does not know', () => {
    expect(parseParams(schema, { UserName: 'a', MaxResults: '20', Enabled: 'false', Other: 'x' })).toEqual({
      ok: true,
      value: { UserName: 'a', MaxResults: 20, Enabled: false },
    });
  });
});
